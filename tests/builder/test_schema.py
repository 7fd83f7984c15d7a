"""`latarnia schema`: the JSON Schema editors use, shipped in the package, true to the format."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator, ValidationError
from latarnia_builder import format as fmt
from latarnia_builder.cli import main

from tests.builder.courses import BAD, FULL, MINIMAL

SHIPPED = Path(fmt.__file__).parent.parent / "schema" / "latarnia.schema.json"
GOOD_FILES = sorted(p for course in (FULL, MINIMAL, BAD / "_base") for p in course.rglob("*.yaml"))
SCHEMA = json.loads(SHIPPED.read_text(encoding="utf-8"))


def as_json(value: Any) -> Any:
    """A value loaded by PyYAML as the YAML language server sees it (dates are strings)."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def errors(value: Any, pointer: str = "") -> list[str]:
    """Every message of jsonschema (draft 7) for ``value``, against the schema or the part of
    it at the JSON pointer ``pointer`` (its references resolved in the whole schema)."""
    schema = {**SCHEMA, "$ref": f"#{pointer}"} if pointer else SCHEMA
    return [
        leaf.message
        for error in Draft7Validator(schema).iter_errors(value)
        for leaf in _leaves(error)
    ]


def _leaves(error: ValidationError) -> list[ValidationError]:
    """The errors under "not valid under any of the given schemas": what each option lacks."""
    if not error.context:
        return [error]
    return [leaf for sub in error.context for leaf in _leaves(sub)]


def test_the_schema_is_a_valid_draft_7_schema() -> None:
    Draft7Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_latarnia_schema_prints_the_shipped_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert printed == SHIPPED.read_text(encoding="utf-8"), (
        "builder/schema/latarnia.schema.json is stale: run "
        "'latarnia schema > builder/schema/latarnia.schema.json'"
    )
    assert json.loads(printed) == fmt.json_schema()


@pytest.mark.parametrize("path", GOOD_FILES, ids=lambda p: str(p.relative_to(BAD.parent)))
def test_the_schema_accepts_every_good_course_file(path: Path) -> None:
    value = as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert errors(value) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("unknown-key", "('questoins' was unexpected)"),
        ("missing-key", "'feedback' is a required property"),
        ("bad-choice-value", "'finish' is not one of"),
        ("bad-id", "does not match"),
    ],
)
def test_the_schema_flags_what_the_checks_flag(name: str, expected: str) -> None:
    path = BAD / name / "pl" / "lessons" / "lekcja.yaml"
    value = as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    found = errors(value)
    assert any(expected in e for e in found), found


def test_the_schema_requires_the_keys_of_each_question_type() -> None:
    question = (
        "/definitions/lesson/properties/units/items/properties/blocks/items/properties/quiz"
        "/properties/questions/items"
    )
    truefalse = {"id": "q", "type": "truefalse", "ask": "?"}
    assert "'answer' is a required property" in errors(truefalse, question)
    single = {"id": "q", "ask": "?"}
    assert errors(single, question) == ["'choices' is a required property"]


def test_dates_are_strings_quoted_or_not_and_true_false_is_no_text() -> None:
    """Editors read `date: 2025-01-01` as a string, as they do `date: "2025-01-01"`: the
    schema takes both, as the checks do; `answer: "false"` is text, refused by both."""
    source = "/definitions/lesson/properties/sources/items"
    assert errors({"title": "Kodeks", "date": "2025-01-01"}, source) == []
    assert errors({"title": "Kodeks", "date": "2025-01"}, source) == []
    assert errors({"title": "Kodeks", "date": "01.01.2025"}, source) != []
    question = (
        "/definitions/lesson/properties/units/items/properties/blocks/items/properties/quiz"
        "/properties/questions/items"
    )
    quoted = {
        "id": "q",
        "type": "truefalse",
        "ask": "?",
        "answer": "false",
        "feedback_true": "a",
        "feedback_false": "b",
    }
    assert errors(quoted, question) == ["'false' is not of type 'boolean'"]

"""`latarnia schema`: the JSON Schema editors use, shipped in the package, true to the format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from latarnia_builder import format as fmt
from latarnia_builder.cli import main

from tests.builder.courses import BAD, FULL, MINIMAL
from tests.builder.schema_check import as_json, errors

SHIPPED = Path(fmt.__file__).parent / "schema" / "latarnia.schema.json"
GOOD_FILES = sorted(p for course in (FULL, MINIMAL, BAD / "_base") for p in course.rglob("*.yaml"))


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
    schema = json.loads(SHIPPED.read_text(encoding="utf-8"))
    value = as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert errors(value, schema, schema) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("unknown-key", "unknown key questoins"),
        ("missing-key", "missing feedback"),
        ("bad-choice-value", "'finish' not in"),
        ("bad-id", "does not match"),
    ],
)
def test_the_schema_flags_what_the_checks_flag(name: str, expected: str) -> None:
    schema = json.loads(SHIPPED.read_text(encoding="utf-8"))
    path = BAD / name / "pl" / "lessons" / "lekcja.yaml"
    value = as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert any(expected in e for e in errors(value, schema, schema))


def test_the_schema_requires_the_keys_of_each_question_type() -> None:
    schema = json.loads(SHIPPED.read_text(encoding="utf-8"))
    question = schema["definitions"]["lesson"]["properties"]["units"]["items"]["properties"]
    question = question["blocks"]["items"]["properties"]["quiz"]["properties"]["questions"]["items"]
    truefalse = {"id": "q", "type": "truefalse", "ask": "?"}
    assert ": missing answer" in errors(truefalse, question, schema)
    single = {"id": "q", "ask": "?"}
    assert errors(single, question, schema) == [": missing choices"]

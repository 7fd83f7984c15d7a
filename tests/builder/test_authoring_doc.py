"""docs/authoring.md keeps in step with the format: every key, in Polish and in English,
and every example in it passes the checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from latarnia_builder import format as fmt

DOC = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"


def halves() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    polish, english = text.split("\n## English version\n")
    return {"pl": polish.split("\n## Wersja polska\n")[1], "en": english}


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_every_key_of_the_format_is_documented(lang: str) -> None:
    documented = set(re.findall(r"`([a-z_]+)`", halves()[lang]))
    for example in re.findall(r"```yaml\n(.*?)```", halves()[lang], re.DOTALL):
        documented |= set(re.findall(r"^[ -]*([a-z_]+):", example, re.MULTILINE))
    missing = sorted(fmt.all_keys() - documented)
    assert missing == [], f"docs/authoring.md ({lang}) does not document: {', '.join(missing)}"


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_every_key_is_explained_in_prose_not_only_shown(lang: str) -> None:
    prose = re.sub(r"```.*?```", "", halves()[lang], flags=re.DOTALL)
    explained = set(re.findall(r"`([a-z_]+)(?:`|: )", prose))
    missing = sorted(fmt.all_keys() - explained)
    assert missing == [], (
        f"docs/authoring.md ({lang}) shows but never explains: {', '.join(missing)}"
    )


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_the_examples_are_valid_yaml(lang: str) -> None:
    for example in re.findall(r"```yaml\n(.*?)```", halves()[lang], re.DOTALL):
        yaml.safe_load(example.replace("…", "x"))


def test_the_schema_header_in_the_doc_names_the_shipped_schema() -> None:
    assert "# yaml-language-server: $schema=../../../builder/schema/latarnia.schema.json" in (
        DOC.read_text(encoding="utf-8")
    )

"""docs/authoring.md keeps in step with the format: every key, in Polish and in English,
and every example in it passes the checks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from latarnia_builder import format as fmt
from latarnia_builder.cli import main

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
    found = re.findall(r"```yaml\n(.*?)```", halves()[lang], re.DOTALL)
    assert len(found) >= 10  # settings, course text, lesson, blocks, question types
    for example in found:
        loaded = yaml.safe_load(example)
        assert loaded is not None or example.lstrip().startswith("# yaml-language-server:")


def test_the_schema_header_in_the_doc_names_the_shipped_schema() -> None:
    assert "# yaml-language-server: $schema=../../../builder/schema/latarnia.schema.json" in (
        DOC.read_text(encoding="utf-8")
    )


# -- every example passes `latarnia check` -------------------------------------------------------


def examples(lang: str) -> list[Any]:
    """The YAML examples of one half of the doc, loaded ('…' stands for what is shown
    elsewhere); the editor-settings line alone is not an example."""
    loaded = [
        yaml.safe_load(example)
        for example in re.findall(r"```yaml\n(.*?)```", halves()[lang], re.DOTALL)
    ]
    return [example for example in loaded if example is not None]


def course_of_examples(lang: str, folder: Path) -> Path:
    """A course made of the doc's examples: its course.yaml, course text and lesson; the
    lesson holds every block and question example. The doc shows one lesson of a track;
    the others are that lesson again, under their ids, each counting as the assignment type
    that needs lessons, plus as many as the types' 'drop' asks for."""
    found = examples(lang)
    settings = next(e for e in found if isinstance(e, dict) and "org" in e)
    text = next(e for e in found if isinstance(e, dict) and "tracks" in e)
    lesson = next(e for e in found if isinstance(e, dict) and "units" in e)
    blocks = [b for e in found if isinstance(e, list) for b in e if _is_block(b)]
    questions = [q for e in found if isinstance(e, list) for q in e if "prompt" in q]
    quiz = next(b for b in blocks if "quiz" in b)
    quiz["quiz"]["questions"] += questions
    for unit in lesson["units"]:
        unit["blocks"] = [quiz if "quiz" in b else b for b in unit["blocks"]]
    lesson["units"][0]["blocks"] += [b for b in blocks if "text" in b or "help" in b]
    scenario = next(b for b in blocks if "scenario" in b)
    lesson["units"].append({"id": "historia", "title": "Historia", "blocks": [scenario]})

    needed = {
        name: spec.get("drop", 0) + 1
        for name, spec in settings["grading"]["assignments"].items()
        if spec["weight"] > 0 or name == "pretest"
    }
    lesson_ids = [i for track in text["tracks"] for i in track["lessons"]]
    extra: list[str] = []
    while sum(needed.values()) > len(lesson_ids) + len(extra):
        extra.append(f"dodatkowa-{len(extra) + 1}")
    if extra:
        text["tracks"].append({"id": "dodatkowe", "title": "Dodatkowe", "lessons": extra})
    kinds = [name for name, count in needed.items() for _ in range(count)]
    contacts = {c["id"] for c in text["help"]["contacts"]}
    for block in blocks:  # a help block may name contacts the course text does not show
        for contact_id in block.get("help", []) if block.get("help") != "all" else []:
            if contact_id not in contacts:
                contacts.add(contact_id)
                text["help"]["contacts"].append(
                    {"id": contact_id, "name": contact_id, "phone": "112", "checked": "2025-10"}
                )

    for lang_code in settings["languages"]:
        lessons = folder / lang_code / "lessons"
        lessons.mkdir(parents=True)
        _write(folder / lang_code / "course.yaml", text)
        for index, lesson_id in enumerate([*lesson_ids, *extra]):
            copy = json.loads(json.dumps(lesson, default=str))
            copy["assignment"] = kinds[index] if index < len(kinds) else lesson["assignment"]
            for unit in copy["units"]:
                for block in unit["blocks"]:
                    for question in block.get("quiz", {}).get("questions", []):
                        question["id"] = f"{lesson_id}-{question['id']}"
            _write(lessons / f"{lesson_id}.yaml", copy)
    _write(folder / "course.yaml", settings)
    for path in set(
        re.findall(r"media/[\w./-]+\w", json.dumps([settings, text, lesson], default=str))
    ):
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        if path.endswith(".svg"):
            (folder / path).write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
        else:
            (folder / path).write_bytes(b"\x89PNG\r\n\x1a\n")
    return folder


BLOCK_KINDS = ("text", "help", "quiz", "scenario")


def _is_block(item: Any) -> bool:
    return isinstance(item, dict) and len(item) == 1 and next(iter(item)) in BLOCK_KINDS


def _write(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_every_example_passes_latarnia_check(
    lang: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course_of_examples(lang, in_tmp / "course")
    code = main(["check", "course"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.splitlines()[-1].startswith("No problems found in course (pl, en; ")


# -- the trainer's loop: every option a trainer uses, the way to learners, grading, glossary ----

TRAINER_OPTIONS = [
    "check course --lang en",
    "check course --strict",
    "preview course",
    "--lang en",
    "new lesson",
    "--after",
    "--before",
    "--title-pl",
    "--title-en",
    "[TODO]",
    "latarnia report",
    "administrators.md#6-build-and-import-the-course",
    "drop: 5",
    "subsection",
    "sequential",
    "component",
]


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_the_trainers_commands_way_to_learners_grading_and_glossary_are_documented(
    lang: str,
) -> None:
    missing = [text for text in TRAINER_OPTIONS if text not in halves()[lang]]
    assert missing == [], f"docs/authoring.md ({lang}) lacks: {missing}"

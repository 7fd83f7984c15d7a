"""Stable ids wherever a learner's answer is stored, and choices shuffled by default.

A trainer may reorder ordering items, matching pairs and scenario choices of a course learners
already use once they carry ids: the OLX keeps the ids, so stored answers keep their meaning.
Without ids, the defaults are the ones Latarnia 0.1 wrote (a, b, c…), so nothing already
stored changes meaning on upgrade.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from latarnia_builder.build import BuildSession
from lxml import etree

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "tests" / "fixtures" / "bad" / "_base"

QUIZ = """\
      - quiz:
          id: quiz
{shuffle}          questions:
            - id: kolejnosc
              type: ordering
              prompt: Ułóż kroki.
              items:
{items}
            - id: pary
              type: matching
              prompt: Dopasuj.
              pairs:
{pairs}
"""
SCENARIO = """\
      - scenario:
          id: historia
          steps:
            - id: s1
              text: Co robisz?
              choices:
{choices}
          endings:
            - id: dobrze
              text: Dobrze.
            - id: zle
              text: Zadzwoń do KCIK.
"""


def course_with(tmp_path: Path, blocks: str) -> Path:
    course = tmp_path / "course"
    shutil.copytree(BASE, course)
    lesson = course / "pl" / "lessons" / "lekcja.yaml"
    text = lesson.read_text()
    head = text[: text.index("  - id: sprawdz")]
    tail = text[text.index("sources:") :]
    lesson.write_text(f"{head}  - id: sprawdz\n    title: Sprawdź się\n    blocks:\n{blocks}{tail}")
    return course


def build(course: Path, out: Path) -> etree._Element:
    result = BuildSession(course, out).build(archive=False)
    assert result.ok, "\n".join(map(str, result.problems))
    return etree.parse(str(result.olx_dirs["pl"] / "sequential" / "lekcja.xml")).getroot()


def problems(course: Path, out: Path) -> list[str]:
    return [str(p) for p in BuildSession(course, out).build(archive=False).problems]


def test_without_ids_the_defaults_are_those_0_1_wrote(tmp_path: Path) -> None:
    items = "                - Pierwszy\n                - Drugi\n                - Trzeci"
    pairs = "                - {text: A, match: 1}\n                - {text: B, match: 2}"
    choices = (
        "                - {text: Pytam, next: dobrze, safe: true, feedback: Dobrze.}\n"
        "                - {text: Jadę, next: zle, safe: false, feedback: Ryzyko.}"
    )
    blocks = QUIZ.format(shuffle="", items=items, pairs=pairs) + SCENARIO.format(choices=choices)
    olx = build(course_with(tmp_path, blocks), tmp_path / "out")
    assert [i.get("id") for i in olx.iter("item")] == ["a", "b", "c"]
    assert [p.get("id") for p in olx.iter("pair")] == ["a", "b"]
    scenario = next(olx.iter("latarnia_scenario"))
    assert [c.get("id") for c in scenario.iter("choice")] == ["a", "b"]


def test_reordered_with_ids_the_stored_ids_stay(tmp_path: Path) -> None:
    items = (
        "                - {id: c, text: Trzeci}\n"
        "                - {id: a, text: Pierwszy}\n"
        "                - {id: b, text: Drugi}"
    )
    pairs = (
        "                - {id: b, text: B, match: 2}\n                - {id: a, text: A, match: 1}"
    )
    choices = (
        "                - {id: b, text: Jadę, next: zle, safe: false, feedback: Ryzyko.}\n"
        "                - {id: a, text: Pytam, next: dobrze, safe: true, feedback: Dobrze.}"
    )
    blocks = QUIZ.format(shuffle="", items=items, pairs=pairs) + SCENARIO.format(choices=choices)
    olx = build(course_with(tmp_path, blocks), tmp_path / "out")
    assert [(i.get("id"), i.findtext("text")) for i in olx.iter("item")] == [
        ("c", "Trzeci"),
        ("a", "Pierwszy"),
        ("b", "Drugi"),
    ]
    assert [(p.get("id"), p.findtext("text")) for p in olx.iter("pair")] == [("b", "B"), ("a", "A")]
    scenario = next(olx.iter("latarnia_scenario"))
    assert [(c.get("id"), c.get("safe")) for c in scenario.iter("choice")] == [
        ("b", "false"),
        ("a", "true"),
    ]


def test_a_repeated_id_is_refused_where_it_is_written(tmp_path: Path) -> None:
    items = "                - {id: a, text: Pierwszy}\n                - {id: a, text: Drugi}"
    pairs = (
        "                - {id: x, text: A, match: 1}\n                - {id: x, text: B, match: 2}"
    )
    choices = (
        "                - {id: a, text: Pytam, next: dobrze, safe: true, feedback: Dobrze.}\n"
        "                - {id: a, text: Jadę, next: zle, safe: false, feedback: Ryzyko.}"
    )
    blocks = QUIZ.format(shuffle="", items=items, pairs=pairs) + SCENARIO.format(choices=choices)
    found = problems(course_with(tmp_path, blocks), tmp_path / "out")
    assert len([p for p in found if "duplicate" in p and "'a'" in p]) == 2, found
    assert len([p for p in found if "duplicate" in p and "'x'" in p]) == 1, found


def test_choices_are_shuffled_unless_the_quiz_says_otherwise(tmp_path: Path) -> None:
    items = "                - Pierwszy\n                - Drugi"
    pairs = "                - {text: A, match: 1}\n                - {text: B, match: 2}"
    default = build(
        course_with(tmp_path / "1", QUIZ.format(shuffle="", items=items, pairs=pairs)),
        tmp_path / "out1",
    )
    assert next(default.iter("latarnia_quiz")).get("shuffle") == "true"
    ordered = build(
        course_with(
            tmp_path / "2",
            QUIZ.format(shuffle="          shuffle: false\n", items=items, pairs=pairs),
        ),
        tmp_path / "out2",
    )
    assert next(ordered.iter("latarnia_quiz")).get("shuffle") == "false"

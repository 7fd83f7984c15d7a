"""The job seekers' track (praca-*): its structure in every language, so it cannot silently shrink.

Reads the YAML sources directly (yaml.safe_load); it does not need the builder.
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.course.sources import (
    COURSE,
    LANGS,
    blocks,
    choice_ids,
    lesson,
    questions,
    quizzes,
    scenarios,
    texts,
)

TRACK_ID = "szukajacy-pracy"
PRETEST = "praca-test-wstepny"
FINAL = "praca-test-koncowy"
CONTENT = (
    "praca-handel-i-praca-przymusowa",
    "praca-twoje-prawa",
    "praca-sprawdz-oferte",
    "praca-wyjazd-za-granice",
    "praca-gdy-cos-idzie-zle",
)
LESSONS = (PRETEST, *CONTENT, FINAL)
SCENARIO_LESSON = "praca-gdy-cos-idzie-zle"
QUESTION_TYPES = {"single", "multiple", "truefalse", "ordering", "matching"}
# The date of the sources the law is stated from (domain-facts.md: "stan prawny: listopad 2025 r.")
LEGAL_STATUS = {"pl": "Stan prawny: listopad 2025", "en": "Legal status: November 2025"}
# Facts the course must never state (see shared/reference/domain-facts.md).
FORBIDDEN = (re.compile(r"19\s*d"), re.compile(r"240\s*§\s*1"))
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
# A source date: a real date, or only the year or month the source gives ("2017", "2025-10").
PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def is_source_date(value: Any) -> bool:
    return isinstance(value, datetime.date) or (
        isinstance(value, str) and PARTIAL_DATE.match(value) is not None
    )


def all_strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from all_strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from all_strings(value)


def check_question(q: dict[str, Any]) -> None:
    qtype = q.get("type", "single")
    assert qtype in QUESTION_TYPES, q["id"]
    assert ID.match(q["id"]) and len(q["id"]) <= 40, q["id"]
    assert q.get("ask"), q["id"]
    if qtype in ("single", "multiple"):
        choices = q["choices"]
        assert len(choices) >= 3, q["id"]
        for choice in choices:
            assert choice.get("text"), q["id"]
            assert choice.get("feedback"), f"{q['id']}: a choice without feedback"
        correct = sum(1 for c in choices if c.get("correct"))
        if qtype == "single":
            assert correct == 1, q["id"]
        else:
            assert 2 <= correct < len(choices), q["id"]
    elif qtype == "truefalse":
        assert isinstance(q["answer"], bool), q["id"]
        assert q.get("feedback_true") and q.get("feedback_false"), q["id"]
    elif qtype == "ordering":
        assert len(q["items"]) >= 3, q["id"]
        assert all(isinstance(i, str) for i in q["items"]), f"{q['id']}: an item is a mapping"
    else:
        assert len(q["pairs"]) >= 3, q["id"]
        for pair in q["pairs"]:
            assert isinstance(pair["left"], str) and isinstance(pair["right"], str), q["id"]
            assert pair["left"] and pair["right"], q["id"]


def signature(data: dict[str, Any]) -> Any:
    """Everything that must be identical in every language: ids, structure, correct answers."""
    units = []
    for unit in data["units"]:
        kinds = []
        for block in unit["blocks"]:
            kind, value = next(iter(block.items()))
            if kind == "quiz":
                kinds.append(("quiz", value["id"], value.get("attempts"), quiz_signature(value)))
            elif kind == "scenario":
                kinds.append(("scenario", value["id"], scenario_signature(value)))
            elif kind == "text":
                kinds.append(("text", value.get("id") if isinstance(value, dict) else None))
            else:
                kinds.append((kind, value))
        units.append((unit["id"], kinds))
    return data.get("assignment"), len(data.get("objectives", [])), units, len(data["sources"])


def quiz_signature(quiz: dict[str, Any]) -> list[Any]:
    out = []
    for q in quiz["questions"]:
        qtype = q.get("type", "single")
        answer: Any = None
        if qtype in ("single", "multiple"):
            ids = choice_ids(q["choices"])
            answer = [(i, bool(c.get("correct"))) for i, c in zip(ids, q["choices"], strict=True)]
        elif qtype == "truefalse":
            answer = q["answer"]
        elif qtype == "ordering":
            answer = len(q["items"])
        else:
            answer = len(q["pairs"])
        out.append((q["id"], qtype, q.get("mirrors"), answer))
    return out


def scenario_signature(scenario: dict[str, Any]) -> Any:
    steps = [
        (
            s["id"],
            [
                (i, c["goto"], c["safe"])
                for i, c in zip(choice_ids(s["choices"]), s["choices"], strict=True)
            ],
        )
        for s in scenario["steps"]
    ]
    return (
        scenario.get("first_step"),
        scenario.get("scored"),
        steps,
        [e["id"] for e in scenario["endings"]],
    )


@pytest.mark.parametrize("lang", LANGS)
def test_the_track_lists_seven_lessons_and_each_exists(lang: str) -> None:
    course = yaml.safe_load((COURSE / lang / "course.yaml").read_text(encoding="utf-8"))
    track = next(t for t in course["tracks"] if t["id"] == TRACK_ID)
    assert tuple(track["lessons"]) == LESSONS
    for lesson_id in LESSONS:
        assert (COURSE / lang / "lessons" / f"{lesson_id}.yaml").is_file(), lesson_id


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson_id", CONTENT)
def test_content_lesson_structure(lang: str, lesson_id: str) -> None:
    data = lesson(lang, lesson_id)
    assert data["title"]
    assert data["assignment"] == "quiz"
    assert 2 <= len(data["objectives"]) <= 4
    text_units = [u for u in data["units"] if any("text" in b for b in u["blocks"])]
    assert len(text_units) >= 2
    quiz = next(q for q in quizzes(data) if q["id"] == "quiz")
    assert quiz["attempts"] == 2
    assert len(quiz["questions"]) >= 5
    for q in quiz["questions"]:
        check_question(q)
        assert q.get("explanation"), q["id"]
    assert any(kind == "help" for kind, _ in blocks(data)), "no help block"
    assert data["sources"]
    for source in data["sources"]:
        assert source["title"]
        assert is_source_date(source["date"]), source


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson_id", LESSONS)
def test_every_lesson_states_its_legal_status_date(lang: str, lesson_id: str) -> None:
    data = lesson(lang, lesson_id)
    assert any(LEGAL_STATUS[lang] in s for s in all_strings(data))
    assert data["sources"] and all(is_source_date(s["date"]) for s in data["sources"])


@pytest.mark.parametrize("lang", LANGS)
def test_the_track_never_states_forbidden_facts(lang: str) -> None:
    for lesson_id in LESSONS:
        for text in all_strings(lesson(lang, lesson_id)):
            for pattern in FORBIDDEN:
                assert not pattern.search(text), f"{lesson_id}: {pattern.pattern}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_track_uses_every_question_type_tables_callouts_and_help(lang: str) -> None:
    types = {q.get("type", "single") for lid in LESSONS for q in questions(lesson(lang, lid))}
    assert types == QUESTION_TYPES
    body = "\n".join(t for lid in LESSONS for t in texts(lesson(lang, lid)))
    assert re.search(r"^\s*\|.*\|\s*$", body, re.M), "no table"
    assert re.search(r"^\s*!!! (warning|tip|note)", body, re.M), "no callout"
    assert ("help", "all") in list(blocks(lesson(lang, SCENARIO_LESSON)))


@pytest.mark.parametrize("lang", LANGS)
def test_the_track_has_an_accessible_svg_image(lang: str) -> None:
    images = [m for lid in LESSONS for t in texts(lesson(lang, lid)) for m in IMAGE.findall(t)]
    svgs = [(alt, src) for alt, src in images if src.endswith(".svg")]
    assert svgs, "no SVG image"
    for alt, src in images:
        assert len(alt.strip()) >= 10, f"{src}: alt text missing or too short"
        name = Path(src).name
        assert src == f"media/{name}" and name.startswith("praca-"), src
        path = COURSE / "media" / lang / name
        if not path.is_file():
            path = COURSE / "media" / name
        assert path.is_file(), src
        if name.endswith(".svg"):
            root = ET.parse(path).getroot()
            assert root.tag == "{http://www.w3.org/2000/svg}svg", src
            assert root.get("role") == "img", src
            assert root.find("{http://www.w3.org/2000/svg}title") is not None, src
            assert root.get("viewBox"), src
            raw = path.read_text(encoding="utf-8")
            assert "<script" not in raw and "@import" not in raw and 'href="http' not in raw, src


@pytest.mark.parametrize("lang", LANGS)
def test_pretest(lang: str) -> None:
    data = lesson(lang, PRETEST)
    assert data["assignment"] == "pretest"
    qs = questions(data)
    assert 5 <= len(qs) <= 6
    for q in qs:
        check_question(q)
        assert q["id"].startswith("pre-")
        assert "mirrors" not in q


@pytest.mark.parametrize("lang", LANGS)
def test_final_test_mirrors_the_pretest(lang: str) -> None:
    data = lesson(lang, FINAL)
    assert data["assignment"] == "final"
    pre_ids = {q["id"] for q in questions(lesson(lang, PRETEST))}
    qs = questions(data)
    assert 8 <= len(qs) <= 10
    mirrored = []
    for q in qs:
        check_question(q)
        if q.get("mirrors"):
            assert q["mirrors"] in pre_ids, q["id"]
            mirrored.append(q["mirrors"])
    assert sorted(mirrored) == sorted(pre_ids), "each pre-test question has exactly one mirror"


@pytest.mark.parametrize("lang", LANGS)
def test_question_ids_are_unique_in_the_track(lang: str) -> None:
    ids = [q["id"] for lid in LESSONS for q in questions(lesson(lang, lid))]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("lang", LANGS)
def test_the_scenario_is_a_complete_decision_tree(lang: str) -> None:
    found = scenarios(lesson(lang, SCENARIO_LESSON))
    assert len(found) == 1
    scenario = found[0]
    assert scenario.get("note")
    steps = {s["id"]: s for s in scenario["steps"]}
    endings = {e["id"]: e for e in scenario["endings"]}
    assert len(steps) == len(scenario["steps"]) >= 4
    assert len(endings) == len(scenario["endings"]) >= 3
    assert not steps.keys() & endings.keys()
    for step in steps.values():
        assert step["text"] and len(step["choices"]) >= 2, step["id"]
        for choice in step["choices"]:
            assert choice["goto"] in steps or choice["goto"] in endings, choice["goto"]
            assert isinstance(choice["safe"], bool), step["id"]
            assert choice.get("text") and choice.get("feedback"), step["id"]
    assert any(c["safe"] for s in steps.values() for c in s["choices"])
    assert any(not c["safe"] for s in steps.values() for c in s["choices"])
    for ending in endings.values():
        assert ending["title"] and ending["summary"], ending["id"]
        assert "+48 22 628 01 20" in ending["summary"] and "112" in ending["summary"], ending["id"]

    start = scenario.get("first_step", scenario["steps"][0]["id"])
    reached, todo = {start}, [start]
    while todo:
        node = todo.pop()
        for choice in steps[node]["choices"] if node in steps else []:
            if choice["goto"] not in reached:
                reached.add(choice["goto"])
                todo.append(choice["goto"])
    assert reached == steps.keys() | endings.keys(), "unreachable steps or endings"

    # No loops (a depth-first search finds no cycle): every path ends, every step reaches an ending.
    state: dict[str, int] = {}

    def visit(node: str) -> None:
        if node in endings:
            return
        assert state.get(node) != 1, f"loop through {node}"
        if state.get(node) == 2:
            return
        state[node] = 1
        for choice in steps[node]["choices"]:
            visit(choice["goto"])
        state[node] = 2

    visit(start)
    assert set(state) == steps.keys()


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_languages_have_the_same_ids_and_answers(lesson_id: str) -> None:
    first, *others = LANGS
    expected = signature(lesson(first, lesson_id))
    for lang in others:
        assert signature(lesson(lang, lesson_id)) == expected, lang

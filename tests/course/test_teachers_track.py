"""Structure of the teachers' track (pedagodzy) in every language, so it cannot silently shrink.

The checks read the YAML sources directly with PyYAML; they do not need the builder.
"""

from __future__ import annotations

import re
from collections import deque
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

TRACK = "pedagodzy"
PRETEST = "ped-test-wstepny"
FINAL = "ped-test-koncowy"
SCENARIO_LESSON = "ped-sygnaly-i-rozmowa"
HELP_LESSON = "ped-reagowanie"
CONTENT = (
    "ped-czym-jest-handel-ludzmi",
    "ped-werbowanie-mlodych",
    "ped-sygnaly-i-rozmowa",
    "ped-reagowanie",
    "ped-profilaktyka-w-klasie",
)
LESSONS = (PRETEST, *CONTENT, FINAL)
# Lessons that state law must say the date of the legal status.
LEGAL = (
    "ped-czym-jest-handel-ludzmi",
    "ped-werbowanie-mlodych",
    "ped-sygnaly-i-rozmowa",
    "ped-reagowanie",
)
# The date of the sources the law is stated from (domain-facts.md: "stan prawny: listopad 2025 r.")
LEGAL_DATE = {"pl": "Stan prawny: listopad 2025", "en": "Legal status: November 2025"}
TYPES = {"single", "multiple", "truefalse", "ordering", "matching"}
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")


def qtype(q: dict[str, Any]) -> str:
    return q.get("type", "single")


def check_question(q: dict[str, Any]) -> None:
    """One question is complete: a known type, an answer, and feedback on every choice."""
    kind = qtype(q)
    assert kind in TYPES, q["id"]
    assert q["id"].startswith("ped-"), q["id"]
    assert str(q["ask"]).strip(), q["id"]
    if kind in ("single", "multiple"):
        choices = q["choices"]
        assert len(choices) >= 3, q["id"]
        for c in choices:
            assert isinstance(c["text"], str), f"{q['id']}: a choice text parsed as a mapping"
            assert str(c.get("feedback", "")).strip(), f"{q['id']}: a choice without feedback"
        correct = sum(1 for c in choices if c.get("correct"))
        assert correct == 1 if kind == "single" else correct >= 2, q["id"]
    elif kind == "truefalse":
        assert isinstance(q["answer"], bool), q["id"]
        assert str(q["feedback_true"]).strip() and str(q["feedback_false"]).strip(), q["id"]
    elif kind == "ordering":
        assert len(q["items"]) >= 3, q["id"]
        assert all(isinstance(i, str) for i in q["items"]), f"{q['id']}: an item is a mapping"
    else:
        pairs = q["pairs"]
        assert len(pairs) >= 3, q["id"]
        assert len({p["left"] for p in pairs}) == len(pairs), q["id"]
        assert len({p["right"] for p in pairs}) == len(pairs), q["id"]


def signature(data: dict[str, Any]) -> Any:
    """Everything that must be the same in every language: ids, types and correct answers."""
    sig: list[Any] = [data.get("assignment")]
    for unit in data["units"]:
        sig.append(("unit", unit["id"]))
        for kind, value in (next(iter(b.items())) for b in unit["blocks"]):
            if kind == "text":
                sig.append(("text", value.get("id") if isinstance(value, dict) else None))
            elif kind == "help":
                sig.append(("help", value if isinstance(value, str) else tuple(value)))
            elif kind == "quiz":
                sig.append(("quiz", value["id"], value.get("attempts"), value.get("weight")))
                for q in value["questions"]:
                    sig.append(
                        (
                            q["id"],
                            qtype(q),
                            q.get("mirrors"),
                            q.get("answer"),
                            tuple(choice_ids(q.get("choices", []))),
                            tuple(bool(c.get("correct")) for c in q.get("choices", [])),
                            len(q.get("items", [])),
                            len(q.get("pairs", [])),
                        )
                    )
            elif kind == "scenario":
                sig.append(("scenario", value["id"], value.get("first_step"), value.get("scored")))
                for step in value["steps"]:
                    sig.append((step["id"], tuple((c["goto"], c["safe"]) for c in step["choices"])))
                sig.append(tuple(e["id"] for e in value["endings"]))
    return sig


@pytest.mark.parametrize("lang", LANGS)
def test_track_lists_the_seven_lessons_and_all_exist(lang: str) -> None:
    with (COURSE / lang / "course.yaml").open(encoding="utf-8") as f:
        course = yaml.safe_load(f)
    track = next(t for t in course["tracks"] if t["id"] == TRACK)
    assert tuple(track["lessons"]) == LESSONS
    for lesson_id in LESSONS:
        assert (COURSE / lang / "lessons" / f"{lesson_id}.yaml").is_file(), lesson_id


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson_id", CONTENT)
def test_content_lesson_structure(lang: str, lesson_id: str) -> None:
    data = lesson(lang, lesson_id)
    assert data["assignment"] == "quiz"
    assert data["title"].strip()
    assert 2 <= len(data["objectives"]) <= 4
    assert all(isinstance(o, str) for o in data["objectives"]), "an objective parsed as a mapping"
    text_units = [u for u in data["units"] if any("text" in b for b in u["blocks"])]
    assert len(text_units) >= 2
    assert sum(len(t) for t in texts(data)) > 800, "the lesson text is too short"
    for body in texts(data):
        assert not re.search(r"^#{1,2} ", body, re.M), "use ### and below inside text"
    quiz = next(q for q in quizzes(data) if q["id"] == "quiz")
    assert quiz["attempts"] == 2
    assert len(quiz["questions"]) >= 5
    for q in quiz["questions"]:
        check_question(q)
        assert str(q.get("explanation", "")).strip(), q["id"]
    assert data["sources"]
    for source in data["sources"]:
        assert source["title"].strip() and source["date"], source


@pytest.mark.parametrize("lang", LANGS)
def test_question_ids_are_unique_and_the_track_uses_every_type(lang: str) -> None:
    ids = [q["id"] for lesson_id in LESSONS for q in questions(lesson(lang, lesson_id))]
    assert len(ids) == len(set(ids))
    used = {qtype(q) for lesson_id in CONTENT for q in questions(lesson(lang, lesson_id))}
    assert used == TYPES
    multiple = [
        q
        for lesson_id in CONTENT
        for q in questions(lesson(lang, lesson_id))
        if qtype(q) == "multiple"
    ]
    assert multiple and all(sum(bool(c.get("correct")) for c in q["choices"]) > 1 for q in multiple)


@pytest.mark.parametrize("lang", LANGS)
def test_track_has_callouts_tables_and_legal_dates(lang: str) -> None:
    all_text = "\n".join(t for lesson_id in CONTENT for t in texts(lesson(lang, lesson_id)))
    assert re.search(r'^\s*!!! (warning|tip) "', all_text, re.M)
    assert re.search(r"^\s*\|---", all_text, re.M)
    for lesson_id in LEGAL:
        data = lesson(lang, lesson_id)
        assert LEGAL_DATE[lang] in "\n".join(texts(data)), lesson_id


@pytest.mark.parametrize("lang", LANGS)
def test_track_has_an_svg_with_alt_text(lang: str) -> None:
    images = [
        m.groups()
        for lesson_id in LESSONS
        for t in texts(lesson(lang, lesson_id))
        for m in IMAGE.finditer(t)
    ]
    svgs = [(alt, src) for alt, src in images if src.endswith(".svg")]
    assert svgs
    for alt, src in images:
        assert len(alt.strip()) >= 20, src
        name = Path(src).name
        assert name.startswith("ped-"), src
        localised = COURSE / "media" / lang / name
        file = localised if localised.is_file() else COURSE / src
        assert file.is_file(), src
        if src.endswith(".svg"):
            svg = file.read_text(encoding="utf-8")
            assert "<title" in svg and 'role="img"' in svg, src
            assert "<script" not in svg and "@import" not in svg and "href=" not in svg, src


@pytest.mark.parametrize("lang", LANGS)
def test_help_block_in_the_responding_lesson(lang: str) -> None:
    assert ("help", "all") in blocks(lesson(lang, HELP_LESSON))


@pytest.mark.parametrize("lang", LANGS)
def test_pretest(lang: str) -> None:
    data = lesson(lang, PRETEST)
    assert data["assignment"] == "pretest"
    assert len(quizzes(data)) == 1
    qs = questions(data)
    assert 5 <= len(qs) <= 6
    for q in qs:
        assert q["id"].startswith("ped-pre-")
        check_question(q)


@pytest.mark.parametrize("lang", LANGS)
def test_final_test_mirrors_the_pretest(lang: str) -> None:
    data = lesson(lang, FINAL)
    assert data["assignment"] == "final"
    qs = questions(data)
    assert 8 <= len(qs) <= 10
    pre_ids = {q["id"] for q in questions(lesson(lang, PRETEST))}
    mirrored = []
    for q in qs:
        check_question(q)
        if q.get("mirrors"):
            assert q["mirrors"] in pre_ids, q["id"]
            mirrored.append(q["mirrors"])
    assert sorted(mirrored) == sorted(pre_ids), "each pre-test question has exactly one mirror"


@pytest.mark.parametrize("lang", LANGS)
def test_scenario_graph(lang: str) -> None:
    (scenario,) = scenarios(lesson(lang, SCENARIO_LESSON))
    assert str(scenario["note"]).strip()
    steps = {s["id"]: s for s in scenario["steps"]}
    endings = {e["id"]: e for e in scenario["endings"]}
    assert len(steps) == len(scenario["steps"]) >= 4
    assert len(endings) == len(scenario["endings"]) >= 3
    assert not steps.keys() & endings.keys()
    for e in endings.values():
        assert e["title"].strip() and str(e["summary"]).strip()
    edges: dict[str, set[str]] = {}
    for s in steps.values():
        assert len(s["choices"]) >= 2, s["id"]
        for c in s["choices"]:
            assert c["goto"] in steps or c["goto"] in endings, c["goto"]
            assert isinstance(c["safe"], bool)
            assert str(c["feedback"]).strip()
        assert any(c["safe"] for c in s["choices"]), s["id"]
        edges[s["id"]] = {c["goto"] for c in s["choices"]}

    start = scenario.get("first_step", scenario["steps"][0]["id"])
    seen, todo = {start}, deque([start])
    while todo:
        node = todo.popleft()
        for nxt in edges.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    assert seen == steps.keys() | endings.keys(), "unreachable steps or endings"

    # Every step can reach an ending (no dead loops).
    can_end = set(endings)
    changed = True
    while changed:
        changed = False
        for sid, targets in edges.items():
            if sid not in can_end and targets & can_end:
                can_end.add(sid)
                changed = True
    assert steps.keys() <= can_end


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_languages_have_the_same_ids_and_answers(lesson_id: str) -> None:
    first, *others = LANGS
    for lang in others:
        assert signature(lesson(lang, lesson_id)) == signature(lesson(first, lesson_id))
        assert len(lesson(lang, lesson_id)["sources"]) == len(lesson(first, lesson_id)["sources"])

"""Structure of both tracks in every language, so that neither can silently shrink.

The teachers' track (pedagodzy) and the job seekers' track (szukajacy-pracy) are checked by the
same tests, over one table (``TRACKS``); where the tracks differ (which lessons state the law,
which lesson holds the help block), the table says so. The checks read the YAML sources directly
with PyYAML; they do not need the builder.
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Track:
    id: str
    media_prefix: str  # of its images' file names
    question_prefix: str  # of its question ids ("" for any)
    pretest: str
    content: tuple[str, ...]  # the lessons between the pre-test and the final test
    final: str
    pretest_prefix: str  # of the pre-test's question ids
    scenario_lesson: str
    help_lesson: str  # the lesson with the block of every help contact
    legal: tuple[str, ...]  # lessons that state the law: they say the date of the legal status
    help_in_every_lesson: bool  # each content lesson has a help block
    endings_give_help_numbers: bool  # each ending of the scenario gives HELP_NUMBERS

    @property
    def lessons(self) -> tuple[str, ...]:
        return (self.pretest, *self.content, self.final)

    def __str__(self) -> str:
        return self.id


TEACHERS = Track(
    id="pedagodzy",
    media_prefix="ped-",
    question_prefix="ped-",
    pretest="ped-test-wstepny",
    content=(
        "ped-czym-jest-handel-ludzmi",
        "ped-werbowanie-mlodych",
        "ped-sygnaly-i-rozmowa",
        "ped-reagowanie",
        "ped-profilaktyka-w-klasie",
    ),
    final="ped-test-koncowy",
    pretest_prefix="ped-pre-",
    scenario_lesson="ped-sygnaly-i-rozmowa",
    help_lesson="ped-reagowanie",
    legal=(
        "ped-czym-jest-handel-ludzmi",
        "ped-werbowanie-mlodych",
        "ped-sygnaly-i-rozmowa",
        "ped-reagowanie",
    ),
    help_in_every_lesson=False,
    endings_give_help_numbers=False,
)
JOB_SEEKERS = Track(
    id="szukajacy-pracy",
    media_prefix="praca-",
    question_prefix="",
    pretest="praca-test-wstepny",
    content=(
        "praca-handel-i-praca-przymusowa",
        "praca-twoje-prawa",
        "praca-sprawdz-oferte",
        "praca-wyjazd-za-granice",
        "praca-gdy-cos-idzie-zle",
    ),
    final="praca-test-koncowy",
    pretest_prefix="pre-",
    scenario_lesson="praca-gdy-cos-idzie-zle",
    help_lesson="praca-gdy-cos-idzie-zle",
    legal=(
        "praca-test-wstepny",
        "praca-handel-i-praca-przymusowa",
        "praca-twoje-prawa",
        "praca-sprawdz-oferte",
        "praca-wyjazd-za-granice",
        "praca-gdy-cos-idzie-zle",
        "praca-test-koncowy",
    ),
    help_in_every_lesson=True,
    endings_give_help_numbers=True,
)
TRACKS = (TEACHERS, JOB_SEEKERS)

# (track, lesson) pairs, named "track/lesson" in the test ids
CONTENT_LESSONS = [pytest.param(t, lid, id=f"{t}/{lid}") for t in TRACKS for lid in t.content]
ALL_LESSONS = [pytest.param(t, lid, id=f"{t}/{lid}") for t in TRACKS for lid in t.lessons]
LEGAL_LESSONS = [pytest.param(t, lid, id=f"{t}/{lid}") for t in TRACKS for lid in t.legal]

# The date of the sources the law is stated from (domain-facts.md: "stan prawny: listopad 2025 r.")
LEGAL_DATE = {"pl": "Stan prawny: listopad 2025", "en": "Legal status: November 2025"}
# Facts the course must never state (see shared/reference/domain-facts.md).
FORBIDDEN = (re.compile(r"19\s*d"), re.compile(r"240\s*§\s*1"))
# The help numbers every ending of a scenario gives: the national helpline and the emergency one.
HELP_NUMBERS = ("+48 22 628 01 20", "112")
TYPES = {"single", "multiple", "truefalse", "ordering", "matching"}
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
# A source date: a real date, or only the year or month the source gives ("2017", "2025-10").
PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SVG = "{http://www.w3.org/2000/svg}"


def qtype(q: dict[str, Any]) -> str:
    return q.get("type", "single")


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


def check_question(q: dict[str, Any], track: Track) -> None:
    """One question is complete: a known type, an answer, and feedback on every choice."""
    kind = qtype(q)
    assert kind in TYPES, q["id"]
    assert ID.match(q["id"]) and len(q["id"]) <= 40, q["id"]
    assert q["id"].startswith(track.question_prefix), q["id"]
    assert q.get("prompt") and str(q["prompt"]).strip(), q["id"]
    if kind in ("single", "multiple"):
        choices = q["choices"]
        assert len(choices) >= 3, q["id"]
        for c in choices:
            assert isinstance(c["text"], str), f"{q['id']}: a choice text parsed as a mapping"
            assert c["text"], q["id"]
            assert c.get("feedback"), f"{q['id']}: a choice without feedback"
            assert str(c["feedback"]).strip(), f"{q['id']}: a choice without feedback"
        correct = sum(1 for c in choices if c.get("correct"))
        if kind == "single":
            assert correct == 1, q["id"]
        else:
            assert 2 <= correct < len(choices), q["id"]
    elif kind == "truefalse":
        assert isinstance(q["answer"], bool), q["id"]
        assert q.get("feedback_true") and q.get("feedback_false"), q["id"]
        assert str(q["feedback_true"]).strip() and str(q["feedback_false"]).strip(), q["id"]
    elif kind == "ordering":
        assert len(q["items"]) >= 3, q["id"]
        assert all(isinstance(i, str) for i in q["items"]), f"{q['id']}: an item is a mapping"
    else:
        pairs = q["pairs"]
        assert len(pairs) >= 3, q["id"]
        for pair in pairs:
            assert isinstance(pair["text"], str) and isinstance(pair["match"], str), q["id"]
            assert pair["text"] and pair["match"], q["id"]
        assert len({p["text"] for p in pairs}) == len(pairs), q["id"]
        assert len({p["match"] for p in pairs}) == len(pairs), q["id"]


def signature(data: dict[str, Any]) -> Any:
    """Everything that must be the same in every language: ids, structure, correct answers."""
    sig: list[Any] = [data.get("assignment"), len(data.get("objectives", []))]
    for unit in data["units"]:
        sig.append(("unit", unit["id"]))
        for kind, value in (next(iter(b.items())) for b in unit["blocks"]):
            if kind == "text":
                sig.append(("text", value.get("id") if isinstance(value, dict) else None))
            elif kind == "help":
                sig.append(("help", value if isinstance(value, str) else tuple(value)))
            elif kind == "quiz":
                sig.append(("quiz", value["id"], value.get("max_attempts"), value.get("weight")))
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
                    choices = zip(choice_ids(step["choices"]), step["choices"], strict=True)
                    sig.append((step["id"], tuple((i, c["next"], c["safe"]) for i, c in choices)))
                sig.append(tuple(e["id"] for e in value["endings"]))
            else:
                sig.append((kind, value))
    sig.append(len(data["sources"]))
    return sig


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("track", TRACKS, ids=str)
def test_track_lists_the_seven_lessons_and_all_exist(track: Track, lang: str) -> None:
    course = yaml.safe_load((COURSE / lang / "course.yaml").read_text(encoding="utf-8"))
    listed = next(t for t in course["tracks"] if t["id"] == track.id)
    assert tuple(listed["lessons"]) == track.lessons
    for lesson_id in track.lessons:
        assert (COURSE / lang / "lessons" / f"{lesson_id}.yaml").is_file(), lesson_id


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("track", "lesson_id"), CONTENT_LESSONS)
def test_content_lesson_structure(track: Track, lesson_id: str, lang: str) -> None:
    data = lesson(lang, lesson_id)
    assert data["assignment"] == "quiz"
    assert data["title"] and data["title"].strip()
    assert 2 <= len(data["objectives"]) <= 4
    assert all(isinstance(o, str) for o in data["objectives"]), "an objective parsed as a mapping"
    text_units = [u for u in data["units"] if any("text" in b for b in u["blocks"])]
    assert len(text_units) >= 2
    assert sum(len(t) for t in texts(data)) > 800, "the lesson text is too short"
    for body in texts(data):
        assert not re.search(r"^#{1,2} ", body, re.M), "use ### and below inside text"
    quiz = next(q for q in quizzes(data) if q["id"] == "quiz")
    assert quiz["max_attempts"] == 2
    assert len(quiz["questions"]) >= 5
    for q in quiz["questions"]:
        check_question(q, track)
        assert q.get("explanation") and str(q["explanation"]).strip(), q["id"]
    if track.help_in_every_lesson:
        assert any(kind == "help" for kind, _ in blocks(data)), "no help block"
    assert data["sources"]
    for source in data["sources"]:
        assert source["title"] and source["title"].strip() and source["date"], source
        assert is_source_date(source["date"]), source


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("track", "lesson_id"), LEGAL_LESSONS)
def test_lesson_states_the_date_of_its_legal_status(
    track: Track, lesson_id: str, lang: str
) -> None:
    data = lesson(lang, lesson_id)
    assert LEGAL_DATE[lang] in "\n".join(texts(data)), lesson_id
    assert any(LEGAL_DATE[lang] in s for s in all_strings(data))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("track", "lesson_id"), ALL_LESSONS)
def test_every_source_has_a_date(track: Track, lesson_id: str, lang: str) -> None:
    data = lesson(lang, lesson_id)
    assert data["sources"] and all(is_source_date(s["date"]) for s in data["sources"])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("track", TRACKS, ids=str)
def test_the_track_never_states_forbidden_facts(track: Track, lang: str) -> None:
    for lesson_id in track.lessons:
        for text in all_strings(lesson(lang, lesson_id)):
            for pattern in FORBIDDEN:
                assert not pattern.search(text), f"{lesson_id}: {pattern.pattern}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("track", TRACKS, ids=str)
def test_question_ids_are_unique_and_the_track_uses_every_type(track: Track, lang: str) -> None:
    ids = [q["id"] for lesson_id in track.lessons for q in questions(lesson(lang, lesson_id))]
    assert len(ids) == len(set(ids))
    content = [q for lesson_id in track.content for q in questions(lesson(lang, lesson_id))]
    assert {qtype(q) for q in content} == TYPES
    assert {qtype(q) for lid in track.lessons for q in questions(lesson(lang, lid))} == TYPES
    multiple = [q for q in content if qtype(q) == "multiple"]
    assert multiple and all(sum(bool(c.get("correct")) for c in q["choices"]) > 1 for q in multiple)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("track", TRACKS, ids=str)
def test_track_has_callouts_tables_legal_dates_and_help(track: Track, lang: str) -> None:
    content_text = "\n".join(t for lid in track.content for t in texts(lesson(lang, lid)))
    assert re.search(r'^\s*!!! (warning|tip) "', content_text, re.M), "no callout"
    assert re.search(r"^\s*\|---", content_text, re.M), "no table"
    all_text = "\n".join(t for lid in track.lessons for t in texts(lesson(lang, lid)))
    assert re.search(r"^\s*\|.*\|\s*$", all_text, re.M), "no table"
    assert re.search(r"^\s*!!! (warning|tip|note)", all_text, re.M), "no callout"
    assert ("help", "all") in blocks(lesson(lang, track.help_lesson))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("track", TRACKS, ids=str)
def test_track_has_an_accessible_svg_with_alt_text(track: Track, lang: str) -> None:
    images = [
        m.groups()
        for lesson_id in track.lessons
        for t in texts(lesson(lang, lesson_id))
        for m in IMAGE.finditer(t)
    ]
    svgs = [(alt, src) for alt, src in images if src.endswith(".svg")]
    assert svgs, "no SVG image"
    for alt, src in images:
        assert len(alt.strip()) >= 20, f"{src}: alt text missing or too short"
        name = Path(src).name
        assert src == f"media/{name}" and name.startswith(track.media_prefix), src
        localised = COURSE / "media" / lang / name
        file = localised if localised.is_file() else COURSE / src
        assert file.is_file(), src
        if src.endswith(".svg"):
            svg = file.read_text(encoding="utf-8")
            assert "<title" in svg and 'role="img"' in svg, src
            assert "<script" not in svg and "@import" not in svg and "href=" not in svg, src
            root = ET.parse(file).getroot()
            assert root.tag == f"{SVG}svg", src
            assert root.get("role") == "img", src
            assert root.find(f"{SVG}title") is not None, src
            assert root.get("viewBox"), src


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("track", TRACKS, ids=str)
def test_pretest(track: Track, lang: str) -> None:
    data = lesson(lang, track.pretest)
    assert data["assignment"] == "pretest"
    assert len(quizzes(data)) == 1
    qs = questions(data)
    assert 5 <= len(qs) <= 6
    for q in qs:
        assert q["id"].startswith(track.pretest_prefix)
        check_question(q, track)
        assert "mirrors" not in q


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("track", TRACKS, ids=str)
def test_final_test_mirrors_the_pretest(track: Track, lang: str) -> None:
    data = lesson(lang, track.final)
    assert data["assignment"] == "final"
    qs = questions(data)
    assert 8 <= len(qs) <= 10
    pre_ids = {q["id"] for q in questions(lesson(lang, track.pretest))}
    mirrored = []
    for q in qs:
        check_question(q, track)
        if q.get("mirrors"):
            assert q["mirrors"] in pre_ids, q["id"]
            mirrored.append(q["mirrors"])
    assert sorted(mirrored) == sorted(pre_ids), "each pre-test question has exactly one mirror"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("track", TRACKS, ids=str)
def test_the_scenario_is_a_complete_decision_tree(track: Track, lang: str) -> None:
    found = scenarios(lesson(lang, track.scenario_lesson))
    assert len(found) == 1
    (scenario,) = found
    assert scenario.get("intro") and str(scenario["intro"]).strip()
    steps = {s["id"]: s for s in scenario["steps"]}
    endings = {e["id"]: e for e in scenario["endings"]}
    assert len(steps) == len(scenario["steps"]) >= 4
    assert len(endings) == len(scenario["endings"]) >= 3
    assert not steps.keys() & endings.keys()
    for e in endings.values():
        assert e["title"] and e["text"], e["id"]
        assert e["title"].strip() and str(e["text"]).strip(), e["id"]
        if track.endings_give_help_numbers:
            assert all(number in e["text"] for number in HELP_NUMBERS), e["id"]
    edges: dict[str, set[str]] = {}
    for s in steps.values():
        assert s["text"] and len(s["choices"]) >= 2, s["id"]
        for c in s["choices"]:
            assert c["next"] in steps or c["next"] in endings, c["next"]
            assert isinstance(c["safe"], bool), s["id"]
            assert c.get("text") and c.get("feedback"), s["id"]
            assert str(c["feedback"]).strip(), s["id"]
        assert any(c["safe"] for c in s["choices"]), s["id"]
        edges[s["id"]] = {c["next"] for c in s["choices"]}
    assert any(not c["safe"] for s in steps.values() for c in s["choices"])

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

    # No loops at all (a depth-first search finds no cycle): every path ends.
    state: dict[str, int] = {}

    def visit(node: str) -> None:
        if node in endings:
            return
        assert state.get(node) != 1, f"loop through {node}"
        if state.get(node) == 2:
            return
        state[node] = 1
        for target in edges[node]:
            visit(target)
        state[node] = 2

    visit(start)
    assert set(state) == steps.keys()


@pytest.mark.parametrize(("track", "lesson_id"), ALL_LESSONS)
def test_languages_have_the_same_ids_and_answers(track: Track, lesson_id: str) -> None:
    first, *others = LANGS
    expected = signature(lesson(first, lesson_id))
    for lang in others:
        assert signature(lesson(lang, lesson_id)) == expected, lang
        assert len(lesson(lang, lesson_id)["sources"]) == len(lesson(first, lesson_id)["sources"])

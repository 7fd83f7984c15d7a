"""Nodes → the course model, and every Problem found on the way.

Three layers of checks, all reporting ``file:line:column``:

1. each file on its own: its structure (``builder.format``), then what spans several keys —
   duplicate ids, one correct answer, scenario steps that are reachable and lead to an ending,
   images with alt text, callouts;
2. the files of one language together: tracks and lesson files, assignment types, question
   ids unique in the course, ``mirrors``, help contacts, images present in media/;
3. every language against the primary one: the same ids, answers and scenario graph.

``CourseReader`` keeps the result of layer 1 per file and re-reads only files that changed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from latarnia_builder import boundary
from latarnia_builder import format as fmt
from latarnia_builder.boundary import Refusal
from latarnia_builder.format import INVALID, Checker, Record
from latarnia_builder.i18n import N_, _
from latarnia_builder.markdown_checks import check_markdown
from latarnia_builder.media import COURSE_IMAGE, IMAGE, LINK, media_file, media_problems
from latarnia_builder.model import (
    AssignmentType,
    Block,
    Choice,
    Contact,
    Course,
    CourseText,
    Ending,
    Grading,
    Help,
    HelpBlock,
    Image,
    Item,
    Lesson,
    Pair,
    Question,
    Quiz,
    Scenario,
    ScenarioChoice,
    Settings,
    Source,
    Step,
    TextBlock,
    Track,
    Unit,
)
from latarnia_builder.problems import Problem, Where, did_you_mean, one_of
from latarnia_builder.render import Renderer, is_media_path
from latarnia_builder.source import Node, no_gc, read, refused_file

_ID = re.compile(fmt.ID_PATTERN)

Progress = Callable[[int, int], None]
# (lang, settings, course text, lesson files, progress(done)) -> each file's lesson and problems
ReadAhead = Callable[
    [str, Settings, "CourseText | None", list[Path], Callable[[int], None] | None],
    dict[Path, tuple["Lesson | None", list[Problem]]],
]


# == layer 1: one file =========================================================================


def read_settings(path: Path) -> tuple[Settings | None, list[Problem]]:
    """course/course.yaml → Settings (None when unusable) and its problems."""
    node, problems = read(path)
    if node is None:
        return None, problems
    checker = Checker()
    rec = fmt.SETTINGS.check(node, checker)
    problems += checker.problems
    if rec is INVALID:
        return None, problems
    languages: list[str] = []
    language_wheres: list[Where] = []
    for index, lang in enumerate(rec["languages"] or []):
        if lang is INVALID:
            continue
        if lang in languages:
            problems.append(
                Problem(
                    rec.item_at("languages", index),
                    _("'{lang}' is listed twice").format(lang=lang),
                )
            )
        else:
            languages.append(lang)
            language_wheres.append(rec.item_at("languages", index))
    grading = _grading(rec["grading"], problems)
    start, end = rec["start"], rec["end"]
    if start is not None and end is not None and _as_datetime(end) <= _as_datetime(start):
        problems.append(Problem(rec.at("end"), _("the course ends before it starts")))
    image = rec["image"] or ""
    if image and not is_media_path(image):
        problems.append(
            Problem(
                rec.at("image"),
                _("'{path}' is not in media/").format(path=image),
                _("write it as media/<file>"),
            )
        )
    if not rec.ok or grading is None or not languages or start is None:
        return None, problems
    settings = Settings(
        org=rec["org"],
        number=rec["number"],
        run=rec["run"],
        languages=tuple(languages),
        start=start,
        end=end,
        image=image,
        grading=grading,
        where=rec.where,
        image_where=rec.at("image"),
        language_wheres=tuple(language_wheres),
    )
    return settings, problems


def _grading(rec: Any, problems: list[Problem]) -> Grading | None:
    if not isinstance(rec, Record) or not isinstance(rec["assignments"], Record):
        return None
    assignments = []
    table: Record = rec["assignments"]
    for name, value in table.items():
        if isinstance(value, Record) and value.ok:
            assignments.append(
                AssignmentType(
                    name, float(value["weight"]), value["short"], value["drop"], value.where
                )
            )
    total = sum(a.weight for a in assignments)
    if assignments and len(assignments) == len(table) and abs(total - 1) > 1e-6:
        problems.append(
            Problem(
                rec.at("assignments"),
                _("the weights of the assignment types add up to {total}, not 1").format(
                    total=f"{round(total, 6):g}"
                ),
                _("change the weights so that together they make 1"),
            )
        )
    if not rec.ok:
        return None
    return Grading(rec["pass"], tuple(assignments), rec.where)


def read_course_text(
    path: Path, lang: str, renderer: Renderer | None = None
) -> tuple[CourseText | None, list[Problem]]:
    """course/<lang>/course.yaml → CourseText (None when unusable) and its problems."""
    node, problems = read(path)
    if node is None:
        return None, problems
    checker = Checker()
    rec = fmt.COURSE_TEXT.check(node, checker)
    problems += checker.problems
    if rec is INVALID:
        return None, problems
    texts = _LessonBuilder("", checker, renderer or Renderer())
    images = texts.markdown(rec["description"] or "", rec.node("description"))
    help_ = _help(rec["help"], checker, texts, images)
    tracks = _tracks(rec, checker)
    names = rec["assignments"]
    assignment_names = tuple(names.items()) if isinstance(names, Record) else ()
    problems += checker.problems
    if not rec.ok or help_ is None:
        return None, problems
    text = CourseText(
        lang=lang,
        title=rec["title"],
        description=rec["description"],
        assignment_names=tuple((k, v) for k, v in assignment_names if v is not INVALID),
        help=help_,
        tracks=tracks,
        where=rec.where,
        tracks_where=rec.at("tracks"),
        images=tuple(images),
        assignments_where=rec.at("assignments"),
        assignment_wheres=tuple((k, names.key_at(k)) for k, _ in assignment_names)
        if isinstance(names, Record)
        else (),
    )
    return text, problems


def _help(rec: Any, checker: Checker, texts: _LessonBuilder, images: list[Image]) -> Help | None:
    if not isinstance(rec, Record):
        return None
    contacts: list[Contact] = []
    seen: dict[str, Where] = {}
    for item in rec["contacts"] or []:
        if not isinstance(item, Record):
            continue
        if not item.ok:  # reported already; its id still counts as known
            if isinstance(item["id"], str):
                seen.setdefault(item["id"], item.at("id"))
            continue
        if item["note"]:
            images += texts.markdown(item["note"], item.node("note"))
        if _unique(item["id"], item.at("id"), seen, checker, N_("contact")):
            contacts.append(
                Contact(
                    id=item["id"],
                    name=item["name"],
                    phone=item["phone"],
                    checked=item["checked"],
                    hours=item["hours"] or "",
                    url=item["url"] or "",
                    note=item["note"] or "",
                    where=item.where,
                )
            )
    ids = [c.id for c in contacts]
    on_every_page = rec["on_every_page"]
    if on_every_page is None:
        chosen = tuple(ids)
    else:
        chosen = tuple(i for i in on_every_page if i is not INVALID)
        for index, contact_id in enumerate(on_every_page):
            if contact_id is not INVALID and contact_id not in seen:
                checker.problem(
                    rec.item_at("on_every_page", index),
                    _("no contact with id '{id}'").format(id=contact_id),
                    did_you_mean(contact_id, ids)
                    or _("the contacts are {ids}").format(ids=one_of(ids)),
                )
    if not rec.ok:
        return None
    return Help(rec["title"], tuple(contacts), chosen, rec.where)


def _tracks(rec: Record, checker: Checker) -> tuple[Track, ...]:
    tracks: list[Track] = []
    seen: dict[str, Where] = {}
    placed: dict[str, tuple[str, Where]] = {}  # lesson id -> (track id, where)
    for item in rec["tracks"] or []:
        if not isinstance(item, Record) or item["id"] is None:
            continue
        if not _unique(item["id"], item.at("id"), seen, checker, N_("track")):
            continue
        lessons: list[str] = []
        wheres: list[Where] = []
        for index, lesson_id in enumerate(item["lessons"] or []):
            if lesson_id is INVALID:
                continue
            where = item.item_at("lessons", index)
            if lesson_id in placed:
                other, first = placed[lesson_id]
                if other == item["id"]:
                    message = _("lesson '{id}' is already in this track (line {line})")
                else:
                    message = _("lesson '{id}' is already in track '{track}' (line {line})")
                checker.problem(
                    where,
                    message.format(id=lesson_id, track=other, line=first.line),
                    _("a lesson belongs to one track; copy it under a new id for the other track"),
                )
                continue
            placed[lesson_id] = (item["id"], where)
            lessons.append(lesson_id)
            wheres.append(where)
        tracks.append(
            Track(item["id"], item["title"] or "", tuple(lessons), item.where, tuple(wheres))
        )
    return tuple(tracks)


def read_lesson(
    path: Path, renderer: Renderer | None = None
) -> tuple[Lesson | None, list[Problem]]:
    """course/<lang>/lessons/<id>.yaml → Lesson (None when unusable) and its problems.

    ``renderer`` parses the Markdown for the checks; the build that shares it renders each
    text only once."""
    node, problems = read(path)
    lesson_id = path.stem
    if not _ID.match(lesson_id):
        problems.append(
            Problem(
                Where(path),
                _("the file name '{id}' is not a valid lesson id").format(id=lesson_id),
                _("rename the file: lowercase letters a-z, digits and '-', at most 40 characters"),
            )
        )
    if node is None:
        return None, problems
    checker = Checker()
    rec = fmt.LESSON.check(node, checker)
    if rec is INVALID:
        return None, problems + checker.problems
    lesson = _LessonBuilder(lesson_id, checker, renderer or Renderer()).lesson(rec)
    problems += checker.problems
    # A lesson whose structure is sound takes part in the checks across files even when it
    # has other problems, so that one run reports them all.
    return (lesson if rec.ok else None), problems


class _LessonBuilder:
    """Builds one lesson from its checked record, reporting what spans several keys."""

    def __init__(self, lesson_id: str, checker: Checker, renderer: Renderer) -> None:
        self.lesson_id = lesson_id
        self.checker = checker
        self.renderer = renderer
        self.problem = checker.problem
        # Units, quizzes and scenarios share the url_name space "<lesson>--<id>".
        self.lesson_ids: dict[str, Where] = {}
        self.question_ids: dict[str, Where] = {}

    def lesson(self, rec: Record) -> Lesson:
        units = tuple(self.unit(u) for u in rec["units"] or [] if isinstance(u, Record))
        sources = tuple(
            Source(
                s["title"],
                s["date"],
                s["url"] or "",
                s.where,
                s["valid_until"] or "",
                s.at("valid_until"),
            )
            for s in rec["sources"] or []
            if isinstance(s, Record) and s.ok
        )
        objectives = tuple(o for o in rec["objectives"] or [] if o is not INVALID)
        objective_images: list[Image] = []
        for objective, node in zip(
            objectives, getattr(rec.node("objectives"), "items", ()), strict=False
        ):
            objective_images += self.markdown(objective, node)
        return Lesson(
            id=self.lesson_id,
            title=rec["title"] or "",
            units=units,
            sources=sources,
            objectives=objectives,
            assignment=rec["assignment"] or "",
            where=rec.where,
            assignment_where=rec.at("assignment"),
            objective_images=tuple(objective_images),
        )

    def unit(self, rec: Record) -> Unit:
        unit_id = rec["id"] or ""
        self.lesson_unique(unit_id, rec.at("id"), N_("unit"))
        blocks: list[Block] = []
        block_ids: dict[str, Where] = {}
        counts = {"text": 0, "help": 0}
        for item in rec["blocks"] or []:
            if item is INVALID:
                continue
            kind, value, node = item
            block: Block | None = None
            if kind == "text":
                counts["text"] += 1
                valid_until, valid_until_where = "", node.where
                if isinstance(value, str):
                    block_id, body, body_node = f"text{counts['text']}", value, node
                elif isinstance(value, Record) and value.ok:
                    block_id, body, body_node = value["id"], value["body"], value.node("body")
                    valid_until, valid_until_where = (
                        value["valid_until"] or "",
                        value.at("valid_until"),
                    )
                else:
                    continue
                images = self.markdown(body, body_node)
                block = TextBlock(
                    block_id, body, tuple(images), node.where, valid_until, valid_until_where
                )
                _unique(block_id, node.where, block_ids, self.checker, N_("block"))
            elif kind == "help":
                counts["help"] += 1
                ids = () if value == "all" else tuple(i for i in value if i is not INVALID)
                wheres = () if value == "all" else tuple(i.where for i in node.items)
                block = HelpBlock(f"help{counts['help']}", ids, node.where, wheres)
            elif kind == "quiz" and isinstance(value, Record):
                block = self.quiz(value)
            elif kind == "scenario" and isinstance(value, Record):
                block = self.scenario(value)
            if block is not None:
                blocks.append(block)
        return Unit(unit_id, rec["title"] or "", tuple(blocks), rec.where)

    def lesson_unique(self, value: str, where: Where, what: str) -> None:
        if not value:
            return
        first = self.lesson_ids.get(value)
        if first is not None:
            self.problem(
                where,
                _("duplicate id '{id}' (also on line {line})").format(id=value, line=first.line),
                _("units, quizzes and scenarios of a lesson need different ids"),
            )
        else:
            self.lesson_ids[value] = where

    # -- quiz -------------------------------------------------------------------------------

    def quiz(self, rec: Record) -> Quiz:
        self.lesson_unique(rec["id"] or "", rec.at("id"), N_("quiz"))
        questions = tuple(
            q
            for q in (self.question(r) for r in rec["questions"] or [] if isinstance(r, Record))
            if q
        )
        return Quiz(
            id=rec["id"] or "",
            title=rec["title"] or "",
            questions=questions,
            attempts=rec["attempts"] or 0,
            shuffle=rec["shuffle"] is not False,  # on unless the author says false
            show_answer=rec["show_answer"] or "finished",
            reset=bool(rec["reset"]),
            weight=float(rec["weight"] if rec["weight"] is not None else 1),
            where=rec.where,
        )

    def question(self, rec: Record) -> Question | None:
        kind = rec["type"] or "single"
        question_id = rec["id"] or ""
        _unique(question_id, rec.at("id"), self.question_ids, self.checker, N_("question"))
        misplaced = [
            k for k, kinds in fmt.TYPE_KEYS.items() if k in rec.nodes and kind not in kinds
        ]
        meant = {fmt.TYPE_KEYS[k][0] for k in misplaced}
        if misplaced and "type" not in rec.nodes and len(meant) == 1:
            # The keys of another type and no 'type': the author forgot to say which.
            other = meant.pop()
            self.problem(
                rec.key_at(misplaced[0]),
                _(
                    "{keys} belong to {type} questions, "
                    "but this question has no 'type' (so it is single)"
                ).format(keys=", ".join(repr(k) for k in misplaced), type=other),
                _("add 'type: {type}'").format(type=other),
            )
            kind = other
        else:
            for key in misplaced:
                kinds = fmt.TYPE_KEYS[key]
                self.problem(
                    rec.key_at(key),
                    _("'{key}' is not used by a {type} question").format(key=key, type=kind),
                    _("'{key}' belongs to {types} questions").format(key=key, types=one_of(kinds)),
                )
        needed = [k for k, kinds in fmt.TYPE_KEYS.items() if kind in kinds]
        for key in needed:
            if key not in rec.nodes:
                self.problem(
                    rec.where,
                    _("missing key '{key}' in a {type} question").format(key=key, type=kind),
                    _("add '{key}: …'").format(key=key),
                )
        images: list[Image] = []
        for key in ("ask", "hint", "explanation", "feedback_true", "feedback_false"):
            if rec[key]:
                images += self.markdown(rec[key], rec.node(key))
        choices: tuple[Choice, ...] = ()
        items: tuple[Item, ...] = ()
        pairs: tuple[Pair, ...] = ()
        if kind in ("single", "multiple") and rec["choices"]:
            choices = self.choices(rec, kind, images)
        elif kind == "truefalse" and isinstance(rec["answer"], bool):
            answer = rec["answer"]
            choices = (
                Choice("true", "", answer, rec["feedback_true"] or "", rec.at("feedback_true")),
                Choice(
                    "false", "", not answer, rec["feedback_false"] or "", rec.at("feedback_false")
                ),
            )
        elif kind == "ordering" and rec["items"]:
            items = self.items(rec, images)
        elif kind == "matching" and rec["pairs"]:
            found = [p for p in rec["pairs"] if isinstance(p, Record) and p.ok]
            ids: dict[str, Where] = {}
            for index, p in enumerate(found):
                pair_id = p["id"] or _position_id(index)
                _unique(pair_id, p.at("id"), ids, self.checker, N_("pair"))
                pairs += (Pair(pair_id, p["left"], p["right"], p.where),)
                images += self.markdown(p["left"], p.node("left"))
                images += self.markdown(p["right"], p.node("right"))
        return Question(
            id=question_id,
            type=kind,
            ask=rec["ask"] or "",
            choices=choices,
            items=items,
            pairs=pairs,
            hint=rec["hint"] or "",
            explanation=rec["explanation"] or "",
            weight=float(rec["weight"] if rec["weight"] is not None else 1),
            mirrors=rec["mirrors"] or "",
            images=tuple(images),
            where=rec.where,
            mirrors_where=rec.at("mirrors"),
        )

    def items(self, rec: Record, images: list[Image]) -> tuple[Item, ...]:
        """An ordering question's items: text (id by position) or a mapping with its own id."""
        items: list[Item] = []
        ids: dict[str, Where] = {}
        # (a valid list: its node is a Sequence, which the type of Record.node does not say)
        nodes = rec.node("items").items  # type: ignore[union-attr]
        for index, (value, node) in enumerate(zip(rec["items"], nodes, strict=False)):
            if value is INVALID or (isinstance(value, Record) and not value.ok):
                continue
            if isinstance(value, Record):
                item_id, text, text_node = value["id"], value["text"], value.node("text")
                _unique(item_id, value.at("id"), ids, self.checker, N_("item"))
            else:
                item_id, text, text_node = _item_position_id(index), value, node
                _unique(item_id, node.where, ids, self.checker, N_("item"))
            images += self.markdown(text, text_node)
            items.append(Item(item_id, text, node.where))
        return tuple(items)

    def choices(self, rec: Record, kind: str, images: list[Image]) -> tuple[Choice, ...]:
        choices: list[Choice] = []
        ids: dict[str, Where] = {}
        for index, item in enumerate(rec["choices"]):
            if not isinstance(item, Record) or not item.ok:
                continue
            choice_id = item["id"] or _position_id(index)
            _unique(choice_id, item.at("id"), ids, self.checker, N_("choice"))
            images += self.markdown(item["text"], item.node("text"))
            images += self.markdown(item["feedback"], item.node("feedback"))
            choices.append(
                Choice(choice_id, item["text"], item["correct"], item["feedback"], item.where)
            )
        if len(choices) != len(rec["choices"]):
            return tuple(
                choices
            )  # a broken choice was reported; counting correct ones would mislead
        correct = sum(c.correct for c in choices)
        where = rec.at("choices")
        if correct == 0:
            self.problem(
                where,
                _("question '{id}' has no correct answer").format(id=rec["id"]),
                _("mark the right choice with 'correct: true'"),
            )
        elif kind == "single" and correct > 1:
            self.problem(
                where,
                _("question '{id}' is single choice but has {count} correct answers").format(
                    id=rec["id"], count=correct
                ),
                _("keep one 'correct: true', or add 'type: multiple' for several correct answers"),
            )
        return tuple(choices)

    # -- scenario ---------------------------------------------------------------------------

    def scenario(self, rec: Record) -> Scenario:
        scenario_id = rec["id"] or ""
        self.lesson_unique(scenario_id, rec.at("id"), N_("scenario"))
        images: list[Image] = []
        if rec["note"]:
            images += self.markdown(rec["note"], rec.node("note"))
        ids: dict[str, Where] = {}
        steps: list[Step] = []
        for step_rec in rec["steps"] or []:
            if not isinstance(step_rec, Record) or not step_rec.ok:
                continue
            _unique(step_rec["id"], step_rec.at("id"), ids, self.checker, N_("step or ending"))
            images += self.markdown(step_rec["text"], step_rec.node("text"))
            choices = []
            choice_ids: dict[str, Where] = {}
            for index, c in enumerate(step_rec["choices"]):
                images += self.markdown(c["text"], c.node("text"))
                images += self.markdown(c["feedback"], c.node("feedback"))
                choice_id = c["id"] or _position_id(index)
                _unique(choice_id, c.at("id"), choice_ids, self.checker, N_("choice"))
                choices.append(
                    ScenarioChoice(
                        choice_id,
                        c["text"],
                        c["goto"],
                        c["safe"],
                        c["feedback"],
                        c.at("goto"),
                    )
                )
            steps.append(Step(step_rec["id"], step_rec["text"], tuple(choices), step_rec.where))
        endings: list[Ending] = []
        for end_rec in rec["endings"] or []:
            if not isinstance(end_rec, Record) or not end_rec.ok:
                continue
            _unique(end_rec["id"], end_rec.at("id"), ids, self.checker, N_("step or ending"))
            images += self.markdown(end_rec["summary"], end_rec.node("summary"))
            endings.append(
                Ending(end_rec["id"], end_rec["title"] or "", end_rec["summary"], end_rec.where)
            )
        first_step = rec["first_step"] or (steps[0].id if steps else "")
        scenario = Scenario(
            id=scenario_id,
            title=rec["title"] or "",
            note=rec["note"] or "",
            first_step=first_step,
            steps=tuple(steps),
            endings=tuple(endings),
            scored=bool(rec["scored"]),
            weight=float(rec["weight"] if rec["weight"] is not None else 1),
            images=tuple(images),
            where=rec.where,
        )
        if rec.ok:
            self.scenario_graph(scenario, rec.at("first_step"))
        return scenario

    def scenario_graph(self, scenario: Scenario, start_where: Where) -> None:
        """Every goto leads somewhere; every step and ending can be reached; every step can
        still reach an ending (no loop without a way out)."""
        steps = {s.id: s for s in scenario.steps}
        endings = {e.id for e in scenario.endings}
        targets = [*steps, *endings]
        broken = scenario.first_step not in steps
        if broken:
            self.problem(
                start_where,
                _("the scenario starts at '{id}', which is not a step").format(
                    id=scenario.first_step
                ),
                did_you_mean(scenario.first_step, steps)
                or _("the steps are {ids}").format(ids=one_of(steps)),
            )
        for step in scenario.steps:
            for choice in step.choices:
                if choice.goto not in steps and choice.goto not in endings:
                    broken = True
                    self.problem(
                        choice.where,
                        _("'{id}' is neither a step nor an ending of this scenario").format(
                            id=choice.goto
                        ),
                        did_you_mean(choice.goto, targets)
                        or _("use one of {ids}").format(ids=one_of(targets)),
                    )
        if broken:
            return
        reached = _reachable(
            [scenario.first_step],
            lambda s: [c.goto for c in steps[s].choices] if s in steps else [],
        )
        for step in scenario.steps:
            if step.id not in reached:
                self.problem(
                    step.where,
                    _("step '{id}' cannot be reached from the start").format(id=step.id),
                    _("point a choice's 'goto' at it, or remove it"),
                )
        for ending in scenario.endings:
            if ending.id not in reached:
                self.problem(
                    ending.where,
                    _("ending '{id}' cannot be reached").format(id=ending.id),
                    _("point a choice's 'goto' at it, or remove it"),
                )
        leads_to: dict[str, list[str]] = {}
        for step in scenario.steps:
            for choice in step.choices:
                leads_to.setdefault(choice.goto, []).append(step.id)
        can_end = _reachable(list(endings), lambda s: leads_to.get(s, []))
        for step in scenario.steps:
            if step.id in reached and step.id not in can_end:
                self.problem(
                    step.where,
                    _("from step '{id}' there is no way to an ending: the choices loop").format(
                        id=step.id
                    ),
                    _("let one of the choices on this path lead to an ending"),
                )

    # -- Markdown ---------------------------------------------------------------------------

    def markdown(self, text: str, node: Node | None) -> list[Image]:
        """The media a Markdown text uses; problems with its images, links and callouts."""
        return check_markdown(text, node, self.renderer, self.problem)


def _reachable(start: Iterable[str], neighbours: Callable[[str], list[str]]) -> set[str]:
    seen = set(start)
    queue = deque(seen)
    while queue:
        for nxt in neighbours(queue.popleft()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _unique(value: Any, where: Where, seen: dict[str, Where], checker: Checker, what: str) -> bool:
    if not isinstance(value, str) or not value:
        return False
    first = seen.get(value)
    if first is not None:
        checker.problem(
            where,
            _("duplicate {what} id '{id}' (also on line {line})").format(
                what=_(what), id=value, line=first.line
            ),
            _("give each one its own id"),
        )
        return False
    seen[value] = where
    return True


def _item_position_id(index: int) -> str:
    """The default id of an ordering item (what Latarnia 0.1 wrote, so stored answers keep)."""
    return chr(ord("a") + index) if index < 26 else f"i{index + 1}"


def _position_id(index: int) -> str:
    return chr(ord("a") + index) if index < 26 else f"c{index + 1}"


def _as_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime(value.year, value.month, value.day)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


# == layers 2 and 3: the course ================================================================


@dataclass
class _Cached:
    stamp: tuple[int, int]
    value: Any
    problems: list[Problem]


class CourseReader:
    """Reads a course folder into one Course per language, with every problem found.

    Files whose modification time and size are unchanged since the previous ``read`` are
    not parsed again; the checks across files always run (they take milliseconds)."""

    def __init__(
        self,
        course_dir: Path,
        renderer: Renderer | None = None,
        read_ahead: ReadAhead | None = None,
    ) -> None:
        self.course_dir = course_dir
        self.renderer = renderer or Renderer()  # its parse of the Markdown serves the checks
        self.read_ahead = read_ahead  # reads many lessons at once (BuildSession: in workers)
        self._cache: dict[Path, _Cached] = {}

    def read(
        self, langs: list[str] | None = None, progress: Progress | None = None
    ) -> tuple[dict[str, Course], list[Problem]]:
        """Check the course; ``langs`` limits the languages (the primary is always checked
        when another is asked for, to compare with). Returns courses only when clean."""
        with no_gc():
            return self._read(langs, progress)

    def _read(
        self, langs: list[str] | None, progress: Progress | None
    ) -> tuple[dict[str, Course], list[Problem]]:
        problems: list[Problem] = []
        settings_path = self.course_dir / "course.yaml"
        settings, found = self._file(settings_path, read_settings)
        problems += found
        if settings is None:
            # Without usable settings the checks across files cannot run, but every file
            # of every language folder can still be checked on its own.
            for lang_dir in sorted(p for p in self.course_dir.iterdir() if p.is_dir()):
                if (lang_dir / "course.yaml").is_file():
                    lang = lang_dir.name
                    course_file = lang_dir / "course.yaml"
                    problems += self._file(course_file, self._course_text_reader(lang))[1]
                    for path in self._lesson_files(lang).values():
                        problems += self._file(path, self._read_lesson)[1]
            return {}, _dedupe(problems)
        primary = settings.languages[0]
        wanted = list(settings.languages)
        if langs:
            unknown = [lang for lang in langs if lang not in settings.languages]
            for lang in unknown:
                problems.append(
                    Problem(
                        settings.where,
                        _("the course has no language '{lang}'").format(lang=lang),
                        _("its languages are {langs}").format(langs=one_of(settings.languages)),
                    )
                )
            if unknown:
                return {}, problems
            wanted = [lang for lang in settings.languages if lang == primary or lang in langs]

        texts: dict[str, CourseText] = {}
        lessons: dict[str, dict[str, Lesson]] = {}
        files: dict[str, dict[str, Path]] = {}
        all_files = {lang: self._lesson_files(lang) for lang in wanted}
        total = sum(len(f) for f in all_files.values())
        done = 0
        for lang in wanted:
            lang_dir = self.course_dir / lang
            if not lang_dir.is_dir():
                problems.append(
                    Problem(
                        settings.language_wheres[settings.languages.index(lang)],
                        _("the course's language '{lang}' has no folder {lang}/").format(lang=lang),
                        _(
                            "create {lang}/course.yaml and {lang}/lessons/, "
                            "or remove '{lang}' from languages"
                        ).format(lang=lang),
                    )
                )
                continue
            text, found = self._file(
                lang_dir / "course.yaml",
                partial(read_course_text, lang=lang, renderer=self.renderer),
            )
            problems += found
            lessons[lang] = {}
            files[lang] = all_files[lang]
            ahead = self._read_ahead(lang, settings, text, files[lang], (progress, done, total))
            for lesson_id, path in all_files[lang].items():
                lesson, found = self._file(path, self._read_lesson)
                problems += found
                if lesson is not None:
                    lessons[lang][lesson_id] = lesson
                done += 1
                if progress is not None and path not in ahead:
                    progress(done, total)
            if text is not None:
                texts[lang] = text
                problems += check_language(
                    settings, text, lessons[lang], files[lang], self.course_dir
                )
        if primary in texts:
            # A file with problems of its own is not compared: one mistake, one message.
            broken = frozenset(problem.where.file for problem in problems)
            for lang in wanted[1:]:
                if lang in texts:
                    problems += compare_languages(
                        texts[primary], lessons[primary], texts[lang], lessons[lang], broken
                    )
        problems = _dedupe(problems)
        if problems:
            return {}, problems
        courses = {}
        for lang in wanted:
            if langs and lang not in langs:
                continue
            text = texts[lang]
            ordered = {i: lessons[lang][i] for t in text.tracks for i in t.lessons}
            courses[lang] = Course(
                settings, text, ordered, self._media(settings, text, ordered, lang)
            )
        return courses, problems

    def settings(self) -> Settings | None:
        """The shared settings (course.yaml), None when they have problems."""
        return self._file(self.course_dir / "course.yaml", read_settings)[0]

    def _file(
        self, path: Path, reader: Callable[[Path], tuple[Any, list[Problem]]]
    ) -> tuple[Any, list[Problem]]:
        stamp = file_stamp(path)
        cached = self._cache.get(path)
        if cached is not None and cached.stamp == stamp and stamp != (-1, -1):
            return cached.value, cached.problems
        if boundary.is_inside(path, self.course_dir):
            value, problems = reader(path)
        else:  # not even opened: its content must not reach a message
            value, problems = None, [Problem(Where(path), *refused_file(Refusal.OUTSIDE))]
        self._cache[path] = _Cached(stamp, value, problems)
        return value, problems

    def _read_ahead(
        self,
        lang: str,
        settings: Settings,
        text: CourseText | None,
        paths: dict[str, Path],
        counting: tuple[Progress | None, int, int],
    ) -> set[Path]:
        """Read the lessons that are not cached all at once through ``read_ahead``."""
        if self.read_ahead is None:
            return set()
        progress, done, total = counting
        report = None if progress is None else (lambda n: progress(done + n, total))
        stamps = {path: file_stamp(path) for path in paths.values()}  # before reading
        stale = [
            path
            for path, stamp in stamps.items()
            if ((cached := self._cache.get(path)) is None or cached.stamp != stamp)
            and boundary.is_inside(path, self.course_dir)
        ]
        read = self.read_ahead(lang, settings, text, stale, report) if stale else {}
        for path, (value, problems) in read.items():
            self._cache[path] = _Cached(stamps[path], value, problems)
        return set(read)

    def _course_text_reader(
        self, lang: str
    ) -> Callable[[Path], tuple[CourseText | None, list[Problem]]]:
        return lambda path: read_course_text(path, lang, self.renderer)

    def _read_lesson(self, path: Path) -> tuple[Lesson | None, list[Problem]]:
        return read_lesson(path, self.renderer)

    def _lesson_files(self, lang: str) -> dict[str, Path]:
        folder = self.course_dir / lang / "lessons"
        try:
            paths = sorted(folder.iterdir())
        except OSError:
            return {}
        return {
            p.stem: p for p in paths if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
        }

    def _media(
        self, settings: Settings, text: CourseText, lessons: dict[str, Lesson], lang: str
    ) -> dict[str, Path]:
        used = {i.path for lesson in lessons.values() for i in lesson.images()}
        used |= {i.path for i in text.images}
        if settings.image:
            used.add(settings.image)
        return {
            path: found
            for path in sorted(used)
            if (found := media_file(self.course_dir, path, lang))
        }


def file_stamp(path: Path) -> tuple[int, int]:
    """What tells that a file changed: its modification time and size."""
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)
    return (stat.st_mtime_ns, stat.st_size)


def check_language(
    settings: Settings,
    text: CourseText,
    lessons: dict[str, Lesson],
    files: dict[str, Path],
    course_dir: Path,
) -> list[Problem]:
    """Checks across the files of one language (``lessons``: those that could be read)."""
    complete = len(lessons) == len(files)  # else counting lessons would blame the wrong thing
    problems: list[Problem] = []
    add = problems.append
    lang_dir = f"{text.lang}/"
    listed = {i for track in text.tracks for i in track.lessons}
    unlisted = [i for i in files if i not in listed]  # a misspelt id names one of these
    meant: set[str] = set()  # unlisted lessons a misspelling was taken for: one message, not two
    for track in text.tracks:
        for lesson_id, where in zip(track.lessons, track.lesson_wheres, strict=False):
            if lesson_id not in files:
                close = difflib.get_close_matches(lesson_id, unlisted, n=1, cutoff=0.6)
                meant.update(close)
                add(
                    Problem(
                        where,
                        _("lesson '{id}' has no file {path}").format(
                            id=lesson_id, path=f"{lang_dir}lessons/{lesson_id}.yaml"
                        ),
                        did_you_mean(lesson_id, close)
                        or _("create it with: {command}").format(
                            command=f"latarnia new lesson {lesson_id} --track {track.id}"
                        ),
                    )
                )
    for lesson_id, path in files.items():
        if lesson_id not in listed and lesson_id not in meant:
            add(
                Problem(
                    Where(path),
                    _("lesson '{id}' is in no track").format(id=lesson_id),
                    _("add '{id}' to the lessons of a track in {path}").format(
                        id=lesson_id, path=f"{lang_dir}course.yaml"
                    ),
                )
            )

    # assignment types: names for learners, lessons that count
    grading = settings.grading
    types = [a.id for a in grading.assignments]
    names = dict(text.assignment_names)
    for type_id in types:
        if type_id not in names:
            add(
                Problem(
                    text.assignments_where,
                    _("no name for the assignment type '{id}'").format(id=type_id),
                    _("add '{id}: …' under 'assignments' (the name learners see)").format(
                        id=type_id
                    ),
                )
            )
    name_wheres = dict(text.assignment_wheres)
    for name in names:
        if name not in types:
            add(
                Problem(
                    name_wheres.get(name, text.assignments_where),
                    _(
                        "'assignments' names '{id}', which course.yaml's grading does not define"
                    ).format(id=name),
                    did_you_mean(name, types)
                    or _("the assignment types are {ids}").format(ids=one_of(types)),
                )
            )
    counted: dict[str, int] = dict.fromkeys(types, 0)
    complete = complete and all(
        not x.assignment or x.assignment in counted for x in lessons.values()
    )
    for lesson in lessons.values():
        if not lesson.assignment:
            continue
        if lesson.assignment not in counted:
            add(
                Problem(
                    lesson.assignment_where,
                    _("unknown assignment type '{id}'").format(id=lesson.assignment),
                    did_you_mean(lesson.assignment, types)
                    or _("use {choices}").format(choices=one_of(types)),
                )
            )
        else:
            counted[lesson.assignment] += 1
    if text.lang == settings.languages[0] and complete:
        for a in grading.assignments:
            if a.weight > 0 and counted[a.id] == 0:
                add(
                    Problem(
                        a.where,
                        _(
                            "assignment type '{id}' has weight {weight} but no lesson counts as it"
                        ).format(id=a.id, weight=f"{a.weight:g}"),
                        _("add 'assignment: {id}' to a lesson, or set its weight to 0").format(
                            id=a.id
                        ),
                    )
                )
            elif a.drop and a.drop >= counted[a.id] and counted[a.id]:
                add(
                    Problem(
                        a.where,
                        _("assignment type '{id}' drops {drop} of its {count} lessons").format(
                            id=a.id, drop=a.drop, count=counted[a.id]
                        ),
                        _("drop fewer than there are lessons of this type"),
                    )
                )

    # ids that must be unique in the course, and references to them
    questions: dict[str, tuple[Question, Lesson]] = {}
    for lesson in lessons.values():
        for question in lesson.questions():
            if question.id in questions and questions[question.id][1] is not lesson:
                first = questions[question.id][0].where
                add(
                    Problem(
                        question.where,
                        _("question id '{id}' is already used in {where}").format(
                            id=question.id, where=first
                        ),
                        _("question ids must be unique in the whole course"),
                    )
                )
            elif question.id not in questions:
                questions[question.id] = (question, lesson)
    contacts = [c.id for c in text.help.contacts]
    for lesson in lessons.values():
        for question in lesson.questions():
            if question.mirrors:
                if question.mirrors == question.id:
                    add(Problem(question.mirrors_where, _("a question cannot mirror itself")))
                elif question.mirrors not in questions:
                    add(
                        Problem(
                            question.mirrors_where,
                            _("'mirrors' names question '{id}', which does not exist").format(
                                id=question.mirrors
                            ),
                            did_you_mean(question.mirrors, questions)
                            or _("use the id of the pre-test question this one mirrors"),
                        )
                    )
        for unit in lesson.units:
            for block in unit.blocks:
                if isinstance(block, HelpBlock):
                    for contact_id, where in zip(
                        block.contacts, block.contact_wheres, strict=False
                    ):
                        if contact_id not in contacts:
                            add(
                                Problem(
                                    where,
                                    _("no contact with id '{id}' in {path}").format(
                                        id=contact_id, path=f"{lang_dir}course.yaml"
                                    ),
                                    did_you_mean(contact_id, contacts)
                                    or _("use {choices}").format(choices=one_of(contacts)),
                                )
                            )
    for image in [*text.images, *(i for lesson in lessons.values() for i in lesson.images())]:
        use = LINK if image.link else IMAGE
        problems += media_problems(course_dir, image.path, text.lang, image.where, use)
    if settings.image:
        problems += media_problems(
            course_dir, settings.image, text.lang, settings.image_where, COURSE_IMAGE
        )
    return problems


# -- languages ------------------------------------------------------------------------------


def compare_languages(
    primary: CourseText,
    primary_lessons: dict[str, Lesson],
    other: CourseText,
    other_lessons: dict[str, Lesson],
    broken: frozenset[Path] = frozenset(),
) -> list[Problem]:
    """Problems where ``other`` differs from the primary language in ids, answers or graphs.

    Files in ``broken`` (they have problems of their own) are not compared, and each problem
    says what edit or command makes the two languages agree."""
    differ = _Differ(primary.lang, other.lang)
    if primary.where.file not in broken and other.where.file not in broken:
        _compare_course_texts(differ, primary, other, primary_lessons, other_lessons)
    for lesson_id, lesson in other_lessons.items():
        mine = primary_lessons.get(lesson_id)
        if mine is not None and not {mine.where.file, lesson.where.file} & broken:
            differ.lesson(mine, lesson)
    return differ.problems


def _compare_course_texts(
    differ: _Differ,
    primary: CourseText,
    other: CourseText,
    primary_lessons: dict[str, Lesson],
    other_lessons: dict[str, Lesson],
) -> None:
    differ.same(
        other.tracks_where,
        _("tracks"),
        [t.id for t in primary.tracks],
        [t.id for t in other.tracks],
        primary.tracks_where,
    )
    other_tracks = {t.id: t for t in other.tracks}
    for track in primary.tracks:
        theirs = other_tracks.get(track.id)
        if theirs is not None and track.lessons != theirs.lessons:
            differ.track_lessons(track, theirs, primary_lessons, other_lessons)
    differ.same(
        other.help.where,
        _("the help contacts"),
        [c.id for c in primary.help.contacts],
        [c.id for c in other.help.contacts],
        primary.help.where,
    )
    their_contacts = {c.id: c for c in other.help.contacts}
    for contact in primary.help.contacts:
        their_contact = their_contacts.get(contact.id)
        # numbers and the dates they were checked are facts, not text
        if their_contact is not None:
            for name in ("phone", "checked"):
                what = _("contact '{id}' {setting}").format(id=contact.id, setting=name)
                differ.value(
                    their_contact.where,
                    what,
                    getattr(contact, name),
                    getattr(their_contact, name),
                    contact.where,
                    key=name,
                )
    differ.same(
        other.help.where,
        "on_every_page",
        primary.help.on_every_page,
        other.help.on_every_page,
        primary.help.where,
    )


class _Differ:
    """Compares one language with the primary one; each difference comes with its fix."""

    def __init__(self, primary: str, lang: str) -> None:
        self.primary = primary
        self.lang = lang
        self.problems: list[Problem] = []

    def same(
        self,
        where: Where,
        what: str,
        expected: Iterable[Any],
        found: Iterable[Any],
        there: Where,
        fixes: list[str] | None = None,
    ) -> bool:
        """Report when two lists of ids differ; True when they are the same.

        ``fixes``: the edits or commands that make them agree (default: add, remove or
        reorder the ids as in the primary language)."""
        expected, found = list(expected), list(found)
        if expected == found:
            return True
        missing = [x for x in expected if x not in found]
        extra = [x for x in found if x not in expected]
        parts = []
        if missing:
            parts.append(_("missing {ids}").format(ids=", ".join(map(str, missing))))
        if extra:
            parts.append(
                _("not in {lang}: {ids}").format(lang=self.primary, ids=", ".join(map(str, extra)))
            )
        if not parts:
            parts.append(
                _("in another order ({lang}: {ids})").format(
                    lang=self.primary, ids=", ".join(map(str, expected))
                )
            )
        message = _("{what} differ from {lang}: {details}").format(
            what=what, lang=self.primary, details="; ".join(parts)
        )
        if fixes is None:
            fixes = []
            if missing:
                fixes.append(_("add {ids} as in {where}").format(ids=_listed(missing), where=there))
            if extra:
                fixes.append(
                    _("remove {ids} here, or add {ids} to {lang} as well").format(
                        ids=_listed(extra), lang=self.primary
                    )
                )
            if not missing and not extra:
                fixes.append(_("put them in the order of {where}").format(where=there))
        self.problems.append(Problem(where, message, "; ".join(fixes)))
        return False

    def value(
        self,
        where: Where,
        what: str,
        expected: Any,
        found: Any,
        there: Where,
        key: str = "",
        fix: str = "",
    ) -> None:
        """Report when a single setting differs; ``key`` is its YAML key (the fix sets it)."""
        if expected == found:
            return
        message = _("{what} differs from {lang}: {lang} has {expected}; this has {found}")
        message = message.format(
            what=what, lang=self.primary, expected=_show(expected), found=_show(found)
        )
        if not fix and key and expected in ("", None, ()):
            fix = _("remove '{key}', as in {where}").format(key=key, where=there)
        elif not fix and key:
            fix = _("write '{key}: {value}', as in {where}").format(
                key=key, value=_yaml(expected), where=there
            )
        elif not fix:
            fix = _("make it as in {where}").format(where=there)
        self.problems.append(Problem(where, message, fix))

    def report(self, where: Where, message: str, fix: str) -> None:
        self.problems.append(Problem(where, message, fix))

    def track_lessons(
        self,
        track: Track,
        theirs: Track,
        primary_lessons: dict[str, Lesson],
        other_lessons: dict[str, Lesson],
    ) -> None:
        """A track's lessons differ: say which lesson to create, list or remove, and where."""
        fixes = []
        for index, lesson_id in enumerate(track.lessons):
            if lesson_id in theirs.lessons:
                continue
            if index > 0:
                place = f"--after {track.lessons[index - 1]}"
                listed = _("add '{id}' to the lessons of track '{track}' after '{after}'")
                listed = listed.format(id=lesson_id, track=track.id, after=track.lessons[index - 1])
            else:
                place = f"--before {track.lessons[1]}" if len(track.lessons) > 1 else ""
                listed = _("add '{id}' first to the lessons of track '{track}'")
                listed = listed.format(id=lesson_id, track=track.id)
            if lesson_id in other_lessons:  # the file is there, only the track lacks it
                fixes.append(listed)
            else:
                command = f"latarnia new lesson {lesson_id} --lang {self.lang} --track {track.id}"
                fixes.append(
                    _("create it with: {command}").format(command=f"{command} {place}".strip())
                )
        for lesson_id in theirs.lessons:
            if lesson_id in track.lessons:
                continue
            if lesson_id in primary_lessons:
                add = _("list it in the track in {lang}/course.yaml").format(lang=self.primary)
            else:
                add = _("create it in {lang} with: {command}").format(
                    lang=self.primary,
                    command=f"latarnia new lesson {lesson_id} --lang {self.primary} "
                    f"--track {track.id}",
                )
            fixes.append(_("remove '{id}' from this track, or {add}").format(id=lesson_id, add=add))
        if not fixes:
            fixes.append(
                _("list them in the order of {lang}: {ids}").format(
                    lang=self.primary, ids=", ".join(track.lessons)
                )
            )
        what = _("the lessons of track '{id}'").format(id=track.id)
        self.same(theirs.where, what, track.lessons, theirs.lessons, track.where, fixes)

    def lesson(self, mine: Lesson, theirs: Lesson) -> None:
        self.value(
            theirs.assignment_where,
            _("assignment"),
            mine.assignment,
            theirs.assignment,
            mine.where,
            key="assignment",
        )
        self.same(
            theirs.where,
            _("units"),
            [u.id for u in mine.units],
            [u.id for u in theirs.units],
            mine.where,
        )
        their_units = {u.id: u for u in theirs.units}
        for unit in mine.units:
            their_unit = their_units.get(unit.id)
            if their_unit is None:
                continue
            mine_blocks = [_block_key(b) for b in unit.blocks]
            their_blocks = {_block_key(b): b for b in their_unit.blocks}
            what = _("the blocks of unit '{id}'").format(id=unit.id)
            self.same(their_unit.where, what, mine_blocks, their_blocks, unit.where)
            for key, block in zip(mine_blocks, unit.blocks, strict=True):
                their_block = their_blocks.get(key)
                if isinstance(block, Quiz) and isinstance(their_block, Quiz):
                    self.quiz(block, their_block)
                elif isinstance(block, Scenario) and isinstance(their_block, Scenario):
                    self.scenario(block, their_block)
                elif isinstance(block, HelpBlock) and isinstance(their_block, HelpBlock):
                    what = _("the contacts")
                    self.same(
                        their_block.where, what, block.contacts, their_block.contacts, block.where
                    )

    def quiz(self, mine: Quiz, theirs: Quiz) -> None:
        for name in ("attempts", "shuffle", "show_answer", "reset", "weight"):
            what = _("quiz '{id}' {setting}").format(id=mine.id, setting=name)
            self.value(
                theirs.where, what, getattr(mine, name), getattr(theirs, name), mine.where, name
            )
        what = _("the questions of quiz '{id}'").format(id=mine.id)
        their_questions = {q.id: q for q in theirs.questions}
        self.same(theirs.where, what, [q.id for q in mine.questions], their_questions, mine.where)
        for q in mine.questions:
            t = their_questions.get(q.id)
            if t is None:
                continue
            for name in ("type", "weight", "mirrors"):
                what = _("question '{id}' {setting}").format(id=q.id, setting=name)
                self.value(t.where, what, getattr(q, name), getattr(t, name), q.where, name)
            choices = [c.id for c in q.choices]
            what = _("the choices of question '{id}'").format(id=q.id)
            if self.same(t.where, what, choices, [c.id for c in t.choices], q.where):
                correct = [c.id for c in q.choices if c.correct]
                what = _("the correct answer of question '{id}'").format(id=q.id)
                fix = _("mark {ids} correct (correct: true) and no other, as in {where}").format(
                    ids=_listed(correct), where=q.where
                )
                found = [c.id for c in t.choices if c.correct]
                self.value(t.where, what, correct, found, q.where, fix=fix)
            what = _("the number of items of question '{id}'").format(id=q.id)
            fix = _("give it the same items as {where}").format(where=q.where)
            self.value(t.where, what, len(q.items), len(t.items), q.where, fix=fix)
            what = _("the number of pairs of question '{id}'").format(id=q.id)
            fix = _("give it the same pairs as {where}").format(where=q.where)
            self.value(t.where, what, len(q.pairs), len(t.pairs), q.where, fix=fix)

    def scenario(self, mine: Scenario, theirs: Scenario) -> None:
        where = theirs.where
        for name in ("first_step", "scored", "weight"):
            what = _("scenario '{id}' {setting}").format(id=mine.id, setting=name)
            self.value(where, what, getattr(mine, name), getattr(theirs, name), mine.where, name)
        what = _("the endings of scenario '{id}'").format(id=mine.id)
        self.same(
            where, what, [e.id for e in mine.endings], [e.id for e in theirs.endings], mine.where
        )
        what = _("the steps of scenario '{id}'").format(id=mine.id)
        their_steps = {s.id: s for s in theirs.steps}
        self.same(where, what, [s.id for s in mine.steps], their_steps, mine.where)
        for step in mine.steps:
            their_step = their_steps.get(step.id)
            expected = _paths(step)
            if their_step is not None and _paths(their_step) != expected:
                found = _paths(their_step)
                message = _(
                    "the choices of step '{id}' lead elsewhere than in {lang}: "
                    "{lang} has {expected}; this has {found}"
                ).format(
                    id=step.id, lang=self.primary, expected=_show(expected), found=_show(found)
                )
                fix = _("give its choices the 'goto' and 'safe' of {where}").format(
                    where=step.where
                )
                self.report(their_step.where, message, fix)


def _listed(ids: Iterable[Any]) -> str:
    return ", ".join(f"'{i}'" for i in ids)


def _yaml(value: Any) -> str:
    """``value`` as a trainer writes it in YAML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    text = str(value)
    if isinstance(value, str) and not re.fullmatch(fmt.ID_PATTERN, text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def _paths(step: Step) -> list[str]:
    """A step's choices as the graph sees them: where each leads, and whether it is safe."""
    return [f"{c.goto} ({'safe' if c.safe else 'risky'})" for c in step.choices]


def _block_key(block: Block) -> str:
    kind = type(block).__name__.replace("Block", "").lower()
    return f"{kind} '{block.id}'"


def _show(value: Any) -> str:
    if isinstance(value, list | tuple):
        if not value:
            return _("none")
        return ", ".join(_show(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value == "":
        return _("none")

    if isinstance(value, float):
        return f"{value:g}"
    return f"'{value}'" if isinstance(value, str) else str(value)

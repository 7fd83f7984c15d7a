"""Checked records → the course model: the assembling stage of one file.

``read_settings``, ``read_course_text`` and ``read_lesson`` take one source file through the
stages of a file: YAML text → nodes that remember their positions (``builder.source``) →
checked records (``builder.format``) → the frozen dataclasses of ``builder.model``, with every
Problem found on the way. What spans several keys of the file is checked here too, by the
functions of ``builder.checks.lesson`` (ids that must differ, the keys of each question type,
correct answers, the scenario graph) and ``builder.checks.markdown`` (images, links and
callouts of each text). Ids the author left out are given here, by ``builder.naming``'s rules.

The module is called *assemble* rather than *model* (the dataclasses themselves) or *build*
(``build.py`` runs the whole pipeline): it puts the model together from checked parts. It is
about 600 lines because it has one short function or method per kind of record in the format.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from latarnia_builder import format as fmt
from latarnia_builder.checks.lesson import (
    correct_answers,
    duplicate_id,
    duplicate_in_lesson,
    scenario_graph,
    type_keys,
)
from latarnia_builder.checks.markdown import check_markdown
from latarnia_builder.format import INVALID, Checker, Record
from latarnia_builder.i18n import N_, _
from latarnia_builder.model import (
    AssignmentType,
    Block,
    Choice,
    Contact,
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
from latarnia_builder.naming import help_block_id, item_position_id, position_id, text_block_id
from latarnia_builder.problems import Problem, Where, did_you_mean, one_of
from latarnia_builder.render import Renderer, is_media_path
from latarnia_builder.source import Node, read

_ID = re.compile(fmt.ID_PATTERN)

# Markdown keys of a question, besides those of its choices, items and pairs.
_QUESTION_TEXTS = ("prompt", "hint", "explanation", "feedback_true", "feedback_false")


def _read_checked(path: Path, spec: fmt.Obj) -> tuple[Record | None, Checker, list[Problem]]:
    """A source file read and checked against ``spec``: its record (None when unusable), the
    checker (the later checks of the file report to it too) and the problems of reading it."""
    node, problems = read(path)
    checker = Checker()
    if node is None:
        return None, checker, problems
    rec = spec.check(node, checker)
    return (None if rec is INVALID else rec), checker, problems


# == course/course.yaml: the shared settings =====================================================


def read_settings(path: Path) -> tuple[Settings | None, list[Problem]]:
    """course/course.yaml → Settings (None when unusable) and its problems."""
    rec, checker, problems = _read_checked(path, fmt.SETTINGS)
    problems += checker.problems
    if rec is None:
        return None, problems
    languages, language_wheres = _languages(rec, problems)
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


def _languages(rec: Record, problems: list[Problem]) -> tuple[list[str], list[Where]]:
    """The course's languages, each once, and where each is written."""
    languages: list[str] = []
    wheres: list[Where] = []
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
            wheres.append(rec.item_at("languages", index))
    return languages, wheres


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
    return Grading(rec["pass_mark"], tuple(assignments), rec.where)


def _as_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime(value.year, value.month, value.day)


# == course/<lang>/course.yaml: one language's course text =======================================


def read_course_text(
    path: Path, lang: str, renderer: Renderer | None = None
) -> tuple[CourseText | None, list[Problem]]:
    """course/<lang>/course.yaml → CourseText (None when unusable) and its problems."""
    rec, checker, problems = _read_checked(path, fmt.COURSE_TEXT)
    if rec is None:
        return None, problems + checker.problems
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


def _unique(value: Any, where: Where, seen: dict[str, Where], checker: Checker, what: str) -> bool:
    """True when ``value`` is an id not in ``seen`` (now remembered there); a duplicate is
    reported to ``checker``."""
    problem = duplicate_id(value, where, seen, what)
    if problem is not None:
        checker.problems.append(problem)
        return False
    return isinstance(value, str) and bool(value)


# == course/<lang>/lessons/<id>.yaml: one lesson ===================================================


def read_lesson(
    path: Path, renderer: Renderer | None = None
) -> tuple[Lesson | None, list[Problem]]:
    """course/<lang>/lessons/<id>.yaml → Lesson (None when unusable) and its problems.

    ``renderer`` parses the Markdown for the checks; the build that shares it renders each
    text only once."""
    rec, checker, problems = _read_checked(path, fmt.LESSON)
    lesson_id = path.stem
    if not _ID.match(lesson_id):
        problems.append(
            Problem(
                Where(path),
                _("the file name '{id}' is not a valid lesson id").format(id=lesson_id),
                _("rename the file: lowercase letters a-z, digits and '-', at most 40 characters"),
            )
        )
    if rec is None:
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

    def report(self, problems: list[Problem] | Problem | None) -> None:
        if isinstance(problems, Problem):
            self.checker.problems.append(problems)
        elif problems:
            self.checker.problems.extend(problems)

    def unique(self, value: Any, where: Where, seen: dict[str, Where], what: str) -> bool:
        return _unique(value, where, seen, self.checker, what)

    def markdown(self, text: str, node: Node | None) -> list[Image]:
        """The media a Markdown text uses; problems with its images, links and callouts."""
        return check_markdown(text, node, self.renderer, self.problem)

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

    # -- units and their blocks ---------------------------------------------------------------

    def unit(self, rec: Record) -> Unit:
        unit_id = rec["id"] or ""
        self.report(duplicate_in_lesson(unit_id, rec.at("id"), self.lesson_ids))
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
                block = self.text_block(value, node, counts["text"])
                if block is not None:
                    self.unique(block.id, node.where, block_ids, N_("block"))
            elif kind == "help":
                counts["help"] += 1
                ids = () if value == "all" else tuple(i for i in value if i is not INVALID)
                wheres = () if value == "all" else tuple(i.where for i in node.items)
                block = HelpBlock(help_block_id(counts["help"]), ids, node.where, wheres)
            elif kind == "quiz" and isinstance(value, Record):
                block = self.quiz(value)
            elif kind == "scenario" and isinstance(value, Record):
                block = self.scenario(value)
            if block is not None:
                blocks.append(block)
        return Unit(unit_id, rec["title"] or "", tuple(blocks), rec.where)

    def text_block(self, value: Any, node: Node, count: int) -> TextBlock | None:
        """A text block: Markdown alone (its id by position), or id, body and valid_until."""
        valid_until, valid_until_where = "", node.where
        body_node: Node | None
        if isinstance(value, str):
            block_id, body, body_node = text_block_id(count), value, node
        elif isinstance(value, Record) and value.ok:
            block_id, body, body_node = value["id"], value["body"], value.node("body")
            valid_until, valid_until_where = value["valid_until"] or "", value.at("valid_until")
        else:
            return None
        images = self.markdown(body, body_node)
        return TextBlock(block_id, body, tuple(images), node.where, valid_until, valid_until_where)

    # -- quiz -----------------------------------------------------------------------------------

    def quiz(self, rec: Record) -> Quiz:
        self.report(duplicate_in_lesson(rec["id"] or "", rec.at("id"), self.lesson_ids))
        questions = tuple(
            q
            for q in (self.question(r) for r in rec["questions"] or [] if isinstance(r, Record))
            if q
        )
        return Quiz(
            id=rec["id"] or "",
            title=rec["title"] or "",
            questions=questions,
            max_attempts=rec["max_attempts"] or 0,
            shuffle=rec["shuffle"] is not False,  # on unless the author says false
            show_answer=rec["show_answer"] or "finished",
            allow_reset=bool(rec["allow_reset"]),
            weight=float(rec["weight"] if rec["weight"] is not None else 1),
            where=rec.where,
        )

    def question(self, rec: Record) -> Question | None:
        question_id = rec["id"] or ""
        self.unique(question_id, rec.at("id"), self.question_ids, N_("question"))
        kind, problems = type_keys(rec, rec["type"] or "single")
        self.report(problems)
        images: list[Image] = []
        for key in _QUESTION_TEXTS:
            if rec[key]:
                images += self.markdown(rec[key], rec.node(key))
        choices: tuple[Choice, ...] = ()
        items: tuple[Item, ...] = ()
        pairs: tuple[Pair, ...] = ()
        if kind in ("single", "multiple") and rec["choices"]:
            choices = self.choices(rec, kind, images)
        elif kind == "truefalse" and isinstance(rec["answer"], bool):
            choices = self.true_false(rec)
        elif kind == "ordering" and rec["items"]:
            items = self.items(rec, images)
        elif kind == "matching" and rec["pairs"]:
            pairs = self.pairs(rec, images)
        return Question(
            id=question_id,
            type=kind,
            prompt=rec["prompt"] or "",
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

    def choices(self, rec: Record, kind: str, images: list[Image]) -> tuple[Choice, ...]:
        """A single or multiple choice question's choices (ids by position when absent)."""
        choices: list[Choice] = []
        ids: dict[str, Where] = {}
        for index, item in enumerate(rec["choices"]):
            if not isinstance(item, Record) or not item.ok:
                continue
            choice_id = item["id"] or position_id(index)
            self.unique(choice_id, item.at("id"), ids, N_("choice"))
            images += self.markdown(item["text"], item.node("text"))
            images += self.markdown(item["feedback"], item.node("feedback"))
            choices.append(
                Choice(choice_id, item["text"], item["correct"], item["feedback"], item.where)
            )
        # A broken choice was reported; counting the correct ones would mislead.
        if len(choices) == len(rec["choices"]):
            self.report(correct_answers(rec["id"], kind, choices, rec.at("choices")))
        return tuple(choices)

    def true_false(self, rec: Record) -> tuple[Choice, ...]:
        """A truefalse question's two choices, with the ids 'true' and 'false'."""
        answer = rec["answer"]
        return (
            Choice("true", "", answer, rec["feedback_true"] or "", rec.at("feedback_true")),
            Choice("false", "", not answer, rec["feedback_false"] or "", rec.at("feedback_false")),
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
                self.unique(item_id, value.at("id"), ids, N_("item"))
            else:
                item_id, text, text_node = item_position_id(index), value, node
                self.unique(item_id, node.where, ids, N_("item"))
            images += self.markdown(text, text_node)
            items.append(Item(item_id, text, node.where))
        return tuple(items)

    def pairs(self, rec: Record, images: list[Image]) -> tuple[Pair, ...]:
        """A matching question's pairs (ids by position when absent)."""
        pairs: list[Pair] = []
        ids: dict[str, Where] = {}
        for index, p in enumerate(p for p in rec["pairs"] if isinstance(p, Record) and p.ok):
            pair_id = p["id"] or position_id(index)
            self.unique(pair_id, p.at("id"), ids, N_("pair"))
            pairs.append(Pair(pair_id, p["text"], p["match"], p.where))
            images += self.markdown(p["text"], p.node("text"))
            images += self.markdown(p["match"], p.node("match"))
        return tuple(pairs)

    # -- scenario -------------------------------------------------------------------------------

    def scenario(self, rec: Record) -> Scenario:
        scenario_id = rec["id"] or ""
        self.report(duplicate_in_lesson(scenario_id, rec.at("id"), self.lesson_ids))
        images: list[Image] = []
        if rec["intro"]:
            images += self.markdown(rec["intro"], rec.node("intro"))
        ids: dict[str, Where] = {}  # steps and endings share one space of ids
        steps = [
            self.step(s, ids, images) for s in rec["steps"] or [] if isinstance(s, Record) and s.ok
        ]
        endings = [
            self.ending(e, ids, images)
            for e in rec["endings"] or []
            if isinstance(e, Record) and e.ok
        ]
        scenario = Scenario(
            id=scenario_id,
            title=rec["title"] or "",
            intro=rec["intro"] or "",
            first_step=rec["first_step"] or (steps[0].id if steps else ""),
            steps=tuple(steps),
            endings=tuple(endings),
            scored=bool(rec["scored"]),
            weight=float(rec["weight"] if rec["weight"] is not None else 1),
            images=tuple(images),
            where=rec.where,
        )
        if rec.ok:
            self.report(scenario_graph(scenario, rec.at("first_step")))
        return scenario

    def step(self, rec: Record, ids: dict[str, Where], images: list[Image]) -> Step:
        self.unique(rec["id"], rec.at("id"), ids, N_("step or ending"))
        images += self.markdown(rec["text"], rec.node("text"))
        choices = []
        choice_ids: dict[str, Where] = {}
        for index, c in enumerate(rec["choices"]):
            images += self.markdown(c["text"], c.node("text"))
            images += self.markdown(c["feedback"], c.node("feedback"))
            choice_id = c["id"] or position_id(index)
            self.unique(choice_id, c.at("id"), choice_ids, N_("choice"))
            choices.append(
                ScenarioChoice(
                    choice_id, c["text"], c["next"], c["safe"], c["feedback"], c.at("next")
                )
            )
        return Step(rec["id"], rec["text"], tuple(choices), rec.where)

    def ending(self, rec: Record, ids: dict[str, Where], images: list[Image]) -> Ending:
        self.unique(rec["id"], rec.at("id"), ids, N_("step or ending"))
        images += self.markdown(rec["text"], rec.node("text"))
        return Ending(rec["id"], rec["title"] or "", rec["text"], rec.where)

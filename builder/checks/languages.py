"""Every language against the primary one: the same ids, answers, settings and scenario graph.

Texts differ between languages; what learners' state and grades depend on must not: the ids
of tracks, lessons, units, blocks, questions, choices and steps, the correct answers, quiz
settings, where each scenario choice leads. Each difference is reported where the other
language has it, with the edit or command that makes the two agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from latarnia_builder.format import ID_PATTERN
from latarnia_builder.i18n import _
from latarnia_builder.model import (
    Block,
    CourseText,
    HelpBlock,
    Lesson,
    Quiz,
    Scenario,
    Step,
    Track,
)
from latarnia_builder.problems import Problem, Where


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
    if isinstance(value, str) and not re.fullmatch(ID_PATTERN, text):
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

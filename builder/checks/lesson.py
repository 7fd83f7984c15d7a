"""The checks of one file that span several keys: ids that must differ, the keys of a question
type, the correct answers, the scenario graph.

The structural checks (a key's type, unknown and missing keys) are the format's
(``builder.format``); these run while the model is assembled (``builder.assemble``), each
returning the Problems it found. The checks of one language's files together are
``checks.course``'s; those of a language against the primary one, ``checks.languages``'.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from latarnia_builder.format import TYPE_KEYS, Record
from latarnia_builder.i18n import _
from latarnia_builder.model import Choice, Scenario
from latarnia_builder.problems import Problem, Where, did_you_mean, one_of

# -- ids ------------------------------------------------------------------------------------------


def _seen_before(value: str, where: Where, seen: dict[str, Where]) -> Where | None:
    """Where ``value`` stood first; None when it is new (then remembered) or missing ('')."""
    if not value:
        return None
    first = seen.get(value)
    if first is None:
        seen[value] = where
    return first


def duplicate_id(value: Any, where: Where, seen: dict[str, Where], what: str) -> Problem | None:
    """A problem when ``value`` is in ``seen`` already (the ids of one list must differ);
    otherwise a new id is remembered in ``seen``. A missing id (None, '') is neither.

    ``what`` names the kind of thing (marked with N_, translated here)."""
    if not isinstance(value, str) or (first := _seen_before(value, where, seen)) is None:
        return None
    return Problem(
        where,
        _("duplicate {what} id '{id}' (also on line {line})").format(
            what=_(what), id=value, line=first.line
        ),
        _("give each one its own id"),
    )


def duplicate_in_lesson(value: str, where: Where, seen: dict[str, Where]) -> Problem | None:
    """Units, quizzes and scenarios share a lesson's url_name space ``<lesson>--<id>``."""
    if (first := _seen_before(value, where, seen)) is None:
        return None
    return Problem(
        where,
        _("duplicate id '{id}' (also on line {line})").format(id=value, line=first.line),
        _("units, quizzes and scenarios of a lesson need different ids"),
    )


# -- questions ------------------------------------------------------------------------------------


def type_keys(rec: Record, kind: str) -> tuple[str, list[Problem]]:
    """The keys only some question types use: the type the question is taken for (the one
    its keys belong to, when it names none) and the problems with its keys."""
    problems: list[Problem] = []
    misplaced = [k for k, kinds in TYPE_KEYS.items() if k in rec.nodes and kind not in kinds]
    meant = {TYPE_KEYS[k][0] for k in misplaced}
    if misplaced and "type" not in rec.nodes and len(meant) == 1:
        # The keys of another type and no 'type': the author forgot to say which.
        other = meant.pop()
        problems.append(
            Problem(
                rec.key_at(misplaced[0]),
                _(
                    "{keys} belong to {type} questions, "
                    "but this question has no 'type' (so it is single)"
                ).format(keys=", ".join(repr(k) for k in misplaced), type=other),
                _("add 'type: {type}'").format(type=other),
            )
        )
        kind = other
    else:
        for key in misplaced:
            kinds = TYPE_KEYS[key]
            problems.append(
                Problem(
                    rec.key_at(key),
                    _("'{key}' is not used by a {type} question").format(key=key, type=kind),
                    _("'{key}' belongs to {types} questions").format(key=key, types=one_of(kinds)),
                )
            )
    for key in (k for k, kinds in TYPE_KEYS.items() if kind in kinds):
        if key not in rec.nodes:
            problems.append(
                Problem(
                    rec.where,
                    _("missing key '{key}' in a {type} question").format(key=key, type=kind),
                    _("add '{key}: …'").format(key=key),
                )
            )
    return kind, problems


def correct_answers(
    question_id: str, kind: str, choices: Iterable[Choice], where: Where
) -> list[Problem]:
    """A choice question has a correct answer; a single-choice question has only one."""
    correct = sum(c.correct for c in choices)
    if correct == 0:
        return [
            Problem(
                where,
                _("question '{id}' has no correct answer").format(id=question_id),
                _("mark the right choice with 'correct: true'"),
            )
        ]
    if kind == "single" and correct > 1:
        return [
            Problem(
                where,
                _("question '{id}' is single choice but has {count} correct answers").format(
                    id=question_id, count=correct
                ),
                _("keep one 'correct: true', or add 'type: multiple' for several correct answers"),
            )
        ]
    return []


# -- scenarios ------------------------------------------------------------------------------------


def scenario_graph(scenario: Scenario, start_where: Where) -> list[Problem]:
    """Every choice leads somewhere; every step and ending can be reached; every step can
    still reach an ending (no loop without a way out)."""
    problems = scenario_targets(scenario, start_where)
    if problems:
        return problems
    steps = {s.id: s for s in scenario.steps}
    reached = _reachable(
        [scenario.first_step],
        lambda s: [c.next for c in steps[s].choices] if s in steps else [],
    )
    for step in scenario.steps:
        if step.id not in reached:
            problems.append(
                Problem(
                    step.where,
                    _("step '{id}' cannot be reached from the start").format(id=step.id),
                    _("point a choice's 'next' at it, or remove it"),
                )
            )
    for ending in scenario.endings:
        if ending.id not in reached:
            problems.append(
                Problem(
                    ending.where,
                    _("ending '{id}' cannot be reached").format(id=ending.id),
                    _("point a choice's 'next' at it, or remove it"),
                )
            )
    return problems + _loops(scenario, reached)


def scenario_targets(scenario: Scenario, start_where: Where) -> list[Problem]:
    """The first step is a step, and every choice leads to a step or an ending."""
    problems: list[Problem] = []
    steps = [s.id for s in scenario.steps]
    endings = [e.id for e in scenario.endings]
    targets = [*steps, *endings]
    if scenario.first_step not in steps:
        problems.append(
            Problem(
                start_where,
                _("the scenario starts at '{id}', which is not a step").format(
                    id=scenario.first_step
                ),
                did_you_mean(scenario.first_step, steps)
                or _("the steps are {ids}").format(ids=one_of(steps)),
            )
        )
    for step in scenario.steps:
        for choice in step.choices:
            if choice.next not in targets:
                problems.append(
                    Problem(
                        choice.where,
                        _("'{id}' is neither a step nor an ending of this scenario").format(
                            id=choice.next
                        ),
                        did_you_mean(choice.next, targets)
                        or _("use one of {ids}").format(ids=one_of(targets)),
                    )
                )
    return problems


def _loops(scenario: Scenario, reached: set[str]) -> list[Problem]:
    """Reachable steps from which no path leads to an ending."""
    leads_to: dict[str, list[str]] = {}
    for step in scenario.steps:
        for choice in step.choices:
            leads_to.setdefault(choice.next, []).append(step.id)
    can_end = _reachable([e.id for e in scenario.endings], lambda s: leads_to.get(s, []))
    return [
        Problem(
            step.where,
            _("from step '{id}' there is no way to an ending: the choices loop").format(id=step.id),
            _("let one of the choices on this path lead to an ending"),
        )
        for step in scenario.steps
        if step.id in reached and step.id not in can_end
    ]


def _reachable(start: Iterable[str], neighbours: Callable[[str], list[str]]) -> set[str]:
    seen = set(start)
    queue = deque(seen)
    while queue:
        for nxt in neighbours(queue.popleft()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen

"""Item quality: warnings on quizzes that cannot measure what learners know.

The pre-test/final-test pairs are how the course shows whether it worked (``latarnia report``),
so a quiz a learner can pass by position or by length, or a final question that does not mirror
its pre-test question, weakens the only evidence there is. These checks follow the item-writing
rules of testing handbooks (Haladyna, Downing & Rodriguez, "A review of multiple-choice
item-writing guidelines", 2002): the key's position balanced, options of similar length, no
"all/none of the above", a negation emphasised when a question asks for the exception.

Each check reads the course model of one language and returns warnings as ``Problem``s;
``latarnia check`` prints them after the errors and ``--strict`` fails on them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable

from latarnia_builder.i18n import _
from latarnia_builder.model import Course, Lesson, Question, Quiz, TextBlock
from latarnia_builder.problems import Problem, Where

CHOICE_TYPES = ("single", "multiple")
MIN_QUESTIONS = 3  # patterns need at least this many questions to mean anything
SAME_POSITION_SHARE = 0.5  # the key in one position in more than half of the questions
LONGEST_SHARE = 0.5  # the key the longest option in more than half of the questions
CLEARLY_LONGER = 1.5  # the key at least this many times as long as the longest other option
STALE_MONTHS = 12  # a help contact checked longer before the course start than this
PRETEST, FINAL = "pretest", "final"

_MARKUP = re.compile(r"[*_`#>\[\]()!]|\s+")
_ALL_NONE = re.compile(
    r"\b(all|none|both|neither) of (the )?(above|these|them)\b|"
    r"\b(wszystkie|żadn[aey]|obie|oba) (z )?(powyższych|powyższe|odpowiedzi|wymienionych)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"”»’'])\s+")
_QUOTED = re.compile(r"[\"„“«][^\"„“”«»]*[\"”»]")
_NEGATION = re.compile(r"(?<![\w*])(not|except|nie|oprócz|wyjątkiem)(?![\w*])")


def plain_length(text: str) -> int:
    """Characters a learner reads (Markdown marks and runs of spaces left out)."""
    return len(_MARKUP.sub(" ", text).strip())


def check_items(course: Course) -> list[Problem]:
    """Every item-quality warning of one language of the course."""
    warnings: list[Problem] = []
    for lesson in course.lessons.values():
        for quiz in lesson.quizzes():
            warnings += key_position(quiz)
            warnings += length_cue(quiz)
            for question in quiz.questions:
                warnings += options_repeated(question)
                warnings += all_or_none(question)
                warnings += negation(question)
    warnings += track_length_cue(course)
    warnings += mirrors(course)
    warnings += stale_contacts(course)
    warnings += expiring(course)
    return warnings


# -- the key's position and length -------------------------------------------------------------


def _keys(question: Question) -> list[int]:
    return [i for i, choice in enumerate(question.choices) if choice.correct]


def key_position(quiz: Quiz) -> list[Problem]:
    """A quiz that does not shuffle and puts the key in the same place in most questions."""
    if quiz.shuffle:
        return []
    singles = [q for q in quiz.questions if q.type == "single" and len(q.choices) >= 3]
    warnings = []
    if len(singles) >= MIN_QUESTIONS:
        position, count = Counter(_keys(q)[0] for q in singles if _keys(q)).most_common(1)[0]
        if count > SAME_POSITION_SHARE * len(singles):
            warnings.append(
                Problem(
                    quiz.where,
                    _(
                        "in {count} of {total} single-choice questions of quiz '{id}' the right "
                        "answer is option {position}: answering by position would pass"
                    ).format(count=count, total=len(singles), id=quiz.id, position=position + 1),
                    _("move the right answers to other positions, or set 'shuffle: true'"),
                )
            )
    multiples = [q for q in quiz.questions if q.type == "multiple" and len(q.choices) >= 3]
    first = [q for q in multiples if _keys(q) == list(range(len(_keys(q))))]
    if len(multiples) >= MIN_QUESTIONS and len(first) > SAME_POSITION_SHARE * len(multiples):
        warnings.append(
            Problem(
                quiz.where,
                _(
                    "in {count} of {total} multiple-choice questions of quiz '{id}' the right "
                    "options come first"
                ).format(count=len(first), total=len(multiples), id=quiz.id),
                _("mix right and wrong options, or set 'shuffle: true'"),
            )
        )
    return warnings


def _key_is_longest(question: Question) -> bool | None:
    """Whether the single key is strictly the longest option (None: not a single choice)."""
    keys = _keys(question)
    if question.type != "single" or len(keys) != 1 or len(question.choices) < 3:
        return None
    lengths = [plain_length(choice.text) for choice in question.choices]
    key = lengths[keys[0]]
    return all(key > length for i, length in enumerate(lengths) if i != keys[0])


def length_cue(quiz: Quiz) -> list[Problem]:
    """The key clearly the longest option of a question; or the longest in most questions."""
    warnings = []
    longest = 0
    singles = 0
    for question in quiz.questions:
        verdict = _key_is_longest(question)
        if verdict is None:
            continue
        singles += 1
        longest += verdict
        key = question.choices[_keys(question)[0]]
        others = [plain_length(c.text) for c in question.choices if c is not key]
        if plain_length(key.text) >= CLEARLY_LONGER * max(others):
            warnings.append(
                Problem(
                    key.where,
                    _(
                        "the right answer of question '{id}' is much longer than the other "
                        "options: length gives it away"
                    ).format(id=question.id),
                    _("shorten it, or give the other options the same detail"),
                )
            )
    if singles >= MIN_QUESTIONS and longest > LONGEST_SHARE * singles:
        warnings.append(
            Problem(
                quiz.where,
                _(
                    "in {count} of {total} single-choice questions of quiz '{id}' the right "
                    "answer is the longest option: choosing the longest would pass"
                ).format(count=longest, total=singles, id=quiz.id),
                _("make the right answers shorter or the wrong ones as detailed"),
            )
        )
    return warnings


def track_length_cue(course: Course) -> list[Problem]:
    """The same length pattern across a whole track's quizzes."""
    warnings = []
    for track in course.text.tracks:
        verdicts = [
            verdict
            for lesson_id in track.lessons
            if lesson_id in course.lessons
            for question in course.lessons[lesson_id].questions()
            if (verdict := _key_is_longest(question)) is not None
        ]
        if len(verdicts) >= 2 * MIN_QUESTIONS and sum(verdicts) > LONGEST_SHARE * len(verdicts):
            warnings.append(
                Problem(
                    track.where,
                    _(
                        "in {count} of {total} single-choice questions of track '{id}' the right "
                        "answer is the longest option"
                    ).format(count=sum(verdicts), total=len(verdicts), id=track.id),
                    _("across the track, let the longest option be wrong as often as right"),
                )
            )
    return warnings


# -- options -----------------------------------------------------------------------------------


def _options(question: Question) -> list[tuple[str, Where]]:
    """(text, where) of each option a learner chooses among."""
    if question.type in ("single", "multiple"):
        return [(c.text, c.where) for c in question.choices]
    if question.type == "matching":
        return [(p.right, p.where) for p in question.pairs]
    return []


def options_repeated(question: Question) -> list[Problem]:
    seen: dict[str, int] = {}
    warnings = []
    for text, where in _options(question):
        key = _MARKUP.sub(" ", text).strip().casefold()
        if key in seen:
            warnings.append(
                Problem(
                    where,
                    _("question '{id}' offers the same option twice").format(id=question.id),
                    _("make each option different"),
                )
            )
        seen[key] = 1
    return warnings


def all_or_none(question: Question) -> list[Problem]:
    return [
        Problem(
            where,
            _("'all/none of the above' in question '{id}'").format(id=question.id),
            _("write a real option instead (with 'all of the above', knowing two is enough)"),
        )
        for text, where in _options(question)
        if _ALL_NONE.search(text)
    ]


def negation(question: Question) -> list[Problem]:
    """A question asking for the exception ('which is not …') without the 'not' emphasised."""
    if question.type == "truefalse":
        return []  # a statement to judge, not a question asking for the exception
    parts = _SENTENCE_END.split(question.ask.strip())
    sentences = [s for s in parts if s.rstrip("\"”»’' ").endswith("?")]
    if not sentences:
        return []
    found = _NEGATION.search(_QUOTED.sub("", sentences[-1]))  # words quoted are not the question's
    if not found or found.group(1).isupper():
        return []
    return [
        Problem(
            question.where,
            _("question '{id}' asks for the exception: '{word}' is easy to miss").format(
                id=question.id, word=found.group(1)
            ),
            _("emphasise it: **{word}**").format(word=found.group(1)),
        )
    ]


# -- mirrors -----------------------------------------------------------------------------------


def _size(question: Question) -> int:
    return len(question.choices) or len(question.items) or len(question.pairs)


def _tests(course: Course, kind: str, lessons: Iterable[str]) -> list[Lesson]:
    return [
        course.lessons[lesson_id]
        for lesson_id in lessons
        if lesson_id in course.lessons and course.lessons[lesson_id].assignment == kind
    ]


def mirrors(course: Course) -> list[Problem]:
    """Per track: every pre-test question mirrored by exactly one final-test question of the same
    type and size; no final-test question mirroring something that is not a pre-test question."""
    warnings = []
    for track in course.text.tracks:
        pre = {
            q.id: q for lesson in _tests(course, PRETEST, track.lessons) for q in lesson.questions()
        }
        finals = [q for lesson in _tests(course, FINAL, track.lessons) for q in lesson.questions()]
        if not pre and not finals:
            continue
        mirrored_by: dict[str, list[Question]] = {qid: [] for qid in pre}
        for question in finals:
            if not question.mirrors:
                continue
            target = pre.get(question.mirrors)
            if target is None:
                warnings.append(
                    Problem(
                        question.mirrors_where,
                        _(
                            "final-test question '{id}' mirrors '{target}', which is not a "
                            "question of this track's pre-test"
                        ).format(id=question.id, target=question.mirrors),
                        _("name a pre-test question of the same track"),
                    )
                )
                continue
            mirrored_by[target.id].append(question)
            if question.type != target.type or _size(question) != _size(target):
                warnings.append(
                    Problem(
                        question.mirrors_where,
                        _(
                            "question '{id}' ({type}, {size} options) mirrors '{target}' "
                            "({target_type}, {target_size} options): a mirror asks the same "
                            "way, with as many options"
                        ).format(
                            id=question.id,
                            type=question.type,
                            size=_size(question),
                            target=target.id,
                            target_type=target.type,
                            target_size=_size(target),
                        ),
                        _("use the same question type and number of options as the pre-test"),
                    )
                )
        for qid, questions in mirrored_by.items():
            if len(questions) != 1:
                warnings.append(
                    Problem(
                        pre[qid].where,
                        _(
                            "pre-test question '{id}' is mirrored by {count} final-test "
                            "questions: it needs exactly one"
                        ).format(id=qid, count=len(questions)),
                        _("add 'mirrors: {id}' to one final-test question").format(id=qid)
                        if not questions
                        else _("keep 'mirrors: {id}' on one of them").format(id=qid),
                    )
                )
    return warnings


# -- freshness ---------------------------------------------------------------------------------


def _date(text: str) -> dt.date | None:
    """The earliest day a date as precise as the source could mean (2025-10 → 1 October)."""
    parts = [int(part) for part in text.split("-") if part.isdigit()]
    try:
        return dt.date(*[*parts, 1, 1][:3])
    except (ValueError, TypeError):
        return None


def stale_contacts(course: Course) -> list[Problem]:
    start = course.settings.start
    start_day = start.date() if isinstance(start, dt.datetime) else start
    limit = start_day - dt.timedelta(days=round(STALE_MONTHS * 365.25 / 12))
    warnings = []
    for contact in course.text.help.contacts:
        checked = _date(contact.checked)
        if checked is not None and checked < limit:
            warnings.append(
                Problem(
                    contact.where,
                    _(
                        "help contact '{id}' was checked on {checked}, more than a year before "
                        "the course starts ({start})"
                    ).format(id=contact.id, checked=contact.checked, start=start_day.isoformat()),
                    _("check the number again and update 'checked'"),
                )
            )
    return warnings


def _last_day(text: str) -> dt.date | None:
    """The last day a date as precise as the source could mean (2026 → 31 December 2026)."""
    parts = [int(part) for part in text.split("-") if part.isdigit()]
    try:
        if len(parts) == 1:
            return dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(*parts[:3])
    except (ValueError, TypeError):
        return None


def expiring(course: Course) -> list[Problem]:
    """Sources and texts marked ``valid_until`` a day before the course ends."""
    end = course.settings.end or course.settings.start
    end_day = end.date() if isinstance(end, dt.datetime) else end
    marked = []
    for lesson in course.lessons.values():
        marked += [(s.valid_until, s.valid_until_where) for s in lesson.sources if s.valid_until]
        marked += [
            (block.valid_until, block.valid_until_where)
            for unit in lesson.units
            for block in unit.blocks
            if isinstance(block, TextBlock) and block.valid_until
        ]
    warnings = []
    for valid_until, where in marked:
        last = _last_day(valid_until)
        if last is not None and last < end_day:
            warnings.append(
                Problem(
                    where,
                    _("this holds until {until}, but the course runs until {end}").format(
                        until=valid_until, end=end_day.isoformat()
                    ),
                    _(
                        "update the figures and 'valid_until' before then, or end the course "
                        "earlier"
                    ),
                )
            )
    return warnings

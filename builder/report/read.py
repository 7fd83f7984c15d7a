"""Open edX's two data downloads → the answers of every learner, checked cell by cell.

* the Problem Grade Report: ``Student ID, Email, Username, Enrollment Status, Grade``, then per
  scored block ``"<type> <n>: <subsection> - <block> (Earned)"`` and ``"(Possible)"``;
* the Problem Responses report: ``username, title, location``, the keys of our quiz's
  ``generate_report_data`` (Open edX sorts them, since the block yields a plain dict), then
  ``block_key, state``.

Both are written by openedx-platform (``lms/djangoapps/instructor_task/tasks_helper/grades.py``)
as UTF-8 with commas. Anything else (a report of another kind or another course, a file saved
again by a spreadsheet with semicolons, UTF-16 or decimal commas) is refused with a
``CsvError`` naming the file, the row and the column, because figures computed from a
misread file would look right and be wrong. A UTF-8 byte order mark (Excel's "CSV UTF-8") is
accepted: it changes nothing else.

Nothing here keeps an email, and usernames never leave this module's ``Cohort`` except, hashed,
through ``privacy.pseudonym``. Memory is bounded by learners × questions, not by file size:
rows are read one at a time into numeric arrays.
"""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
from latarnia_builder.i18n import _
from latarnia_builder.problems import display_path
from latarnia_builder.report import fast
from latarnia_builder.report.course import CourseMap, Test
from latarnia_builder.report.errors import ReportError

GRADE_FIXED = ("Student ID", "Email", "Username", "Enrollment Status", "Grade")
RESPONSE_FIRST = ("username", "title", "location")
RESPONSE_LAST = ("block_key", "state")
# The keys of latarnia_xblocks.quiz.QuizBlock.generate_report_data (docs/xblocks.md, Reports).
RESPONSE_KEYS = (
    "Question ID",
    "Question",
    "Answer",
    "Answer ID",
    "Correct",
    "Score",
    "Max score",
    "Mirrors",
    "Kind",
    "Attempts",
)
NOT_ATTEMPTED, NOT_AVAILABLE = "Not Attempted", "Not Available"
CORRECT = "correct"
UNANSWERED = -1  # answer code of a question a learner did not answer

Progress = Callable[[int, int], None]  # (bytes read, file size)


class CsvError(ReportError):
    """A CSV that is not what the report expects: ``file:row:column: message — hint``."""

    def __init__(self, path: Path, message: str, row: int = 0, column: str = "", hint: str = ""):
        self.path, self.row, self.column, self.hint = path, row, column, hint
        where = display_path(path)
        if row:
            where += ":" + _("row {row}").format(row=row)
        if column:
            where += ":" + _("column {column}").format(column=column)
        text = f"{where}: {message}"
        super().__init__(f"{text} — {hint}" if hint else text)


def column_name(index: int, header: list[str]) -> str:
    """'Score' (L): the header and the spreadsheet letter of a 0-based column."""
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    name = header[index] if index < len(header) else ""
    return f"'{name}' ({letters})" if name else letters


# -- what the reports hold -----------------------------------------------------------------------


class TestAnswers:
    """Every answer to one test: learners (rows, by ``Cohort`` learner index) × questions.

    Numpy arrays grown by doubling, so that memory is about 13 bytes per learner and question
    whatever the size of the CSV."""

    learners: np.ndarray  # Cohort learner index, per row
    scores: np.ndarray
    correct: np.ndarray
    answers: np.ndarray

    def __init__(self, test: Test) -> None:
        self.test = test
        self.size = 0
        self.row_of: dict[int, int] = {}
        self.codes: list[dict[str, int]] = [{} for _q in test.questions]  # Answer ID -> code
        self._allocate(1024)

    def _allocate(self, capacity: int) -> None:
        width = len(self.test.questions)
        old = getattr(self, "learners", None)
        learners = np.zeros(capacity, dtype=np.int64)
        scores = np.full((capacity, width), np.nan)  # fraction of the question's points
        correct = np.zeros((capacity, width), dtype=bool)  # full credit ("correct")
        answers = np.full((capacity, width), UNANSWERED, dtype=np.int32)  # answer code
        if old is not None:
            learners[: self.size] = self.learners[: self.size]
            scores[: self.size] = self.scores[: self.size]
            correct[: self.size] = self.correct[: self.size]
            answers[: self.size] = self.answers[: self.size]
        self.learners, self.scores, self.correct, self.answers = learners, scores, correct, answers

    def row(self, learner: int) -> int:
        found = self.row_of.get(learner)
        if found is None:
            if self.size == len(self.learners):
                self._allocate(2 * self.size)
            found = self.row_of[learner] = self.size
            self.learners[found] = learner
            self.size += 1
        return found

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(learner indexes, scores, correct, answer codes) as arrays, one row per learner."""
        n = self.size
        return self.learners[:n], self.scores[:n], self.correct[:n], self.answers[:n]


@dataclass
class Cohort:
    """The learners of every run read, and what they did."""

    learners: dict[tuple[str, str], int] = field(default_factory=dict)  # (run, username) -> index
    enrolled: dict[str, int] = field(default_factory=dict)  # run -> rows of its grade report
    # url_name -> learner indexes the grade report says attempted it
    attempted: dict[str, set[int]] = field(default_factory=dict)
    answers: dict[str, TestAnswers] = field(default_factory=dict)  # url_name -> answers
    grade_runs: set[str] = field(default_factory=set)
    response_runs: set[str] = field(default_factory=set)
    ignored_rows: int = 0  # rows of blocks that are not a pre-test or final test

    def learner(self, run: str, username: str) -> int:
        key = (run, username)
        found = self.learners.get(key)
        if found is None:
            found = self.learners[key] = len(self.learners)
        return found


# -- opening a CSV --------------------------------------------------------------------------------


def _open(path: Path) -> io.TextIOWrapper:
    """The file as UTF-8 text, after checking the first bytes for another encoding."""
    with open(path, "rb") as raw:
        head = raw.read(4096)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        raise CsvError(
            path,
            _("the file is in UTF-16, not in UTF-8 as Open edX writes it"),
            hint=_(
                "download the report again from the LMS; if you saved it in a spreadsheet, "
                "save it as 'CSV UTF-8 (comma delimited)'"
            ),
        )
    if not head.strip():
        raise CsvError(path, _("the file is empty"))
    return open(path, encoding="utf-8-sig", newline="")


def _undecodable(path: Path) -> CsvError:
    """The first row and column holding bytes that are not UTF-8."""
    with open(path, "rb") as raw:
        data = raw.read()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        start = data.rfind(b"\n", 0, error.start) + 1
        column = len(data[start : error.start].decode("utf-8", "replace")) + 1
        return CsvError(
            path,
            _("line {line}, character {column}: this is not UTF-8 text (byte {byte})").format(
                line=line, column=column, byte=f"0x{data[error.start]:02X}"
            ),
            hint=_(
                "the file was saved in another encoding (Windows-1250?); download it again "
                "or save it as 'CSV UTF-8'"
            ),
        )
    return CsvError(path, _("the file is not UTF-8 text"))


def _rows(path: Path, progress: Progress | None) -> Iterator[tuple[int, list[str]]]:
    """(row number as a spreadsheet shows it, cells) for every record; the header is row 1."""
    size = os.path.getsize(path)
    with _open(path) as text:
        # a file opened for reading has a BufferedReader (typed as BinaryIO, without .raw)
        raw = text.buffer.raw  # type: ignore[attr-defined]
        reader = csv.reader(text, strict=True)
        number = 0
        try:
            for number, row in enumerate(reader, 1):
                if progress is not None and not number & 0xFFFF:
                    progress(raw.tell(), size)
                yield number, row
        except UnicodeDecodeError:
            raise _undecodable(path) from None
        except csv.Error as error:
            raise CsvError(
                path,
                _("not a well-formed CSV file: {error}").format(error=error),
                row=number + 1,
                hint=_("was it edited by hand? Download it again from the LMS"),
            ) from None
        if progress is not None:
            progress(size, size)


def _header(path: Path, rows: Iterator[tuple[int, list[str]]]) -> list[str]:
    for _number, header in rows:
        if header:
            break
    else:
        raise CsvError(path, _("the file is empty"))
    if len(header) == 1:
        line = header[0]
        for delimiter, name in ((";", _("semicolons")), ("\t", _("tabs"))):
            if delimiter in line:
                raise CsvError(
                    path,
                    _("the columns are separated by {delimiter}, not by commas").format(
                        delimiter=name
                    ),
                    row=1,
                    hint=_(
                        "a spreadsheet saved it again; download the original from the LMS "
                        "(Instructor → Data Download)"
                    ),
                )
    return header


def kind_of(header: list[str]) -> str:
    """'grades', 'responses' or '' from a header row."""
    if tuple(header[: len(GRADE_FIXED)]) == GRADE_FIXED:
        return "grades"
    if tuple(header[:3]) == RESPONSE_FIRST and tuple(header[-2:]) == RESPONSE_LAST:
        return "responses"
    return ""


def _wrong_report(path: Path, header: list[str], expected: str) -> CsvError:
    found = kind_of(header)
    names = {
        "grades": _("the Problem Grade Report"),
        "responses": _("the Problem Responses report"),
    }
    if found:
        message = _("this is {found}, given as {expected}").format(
            found=names[found], expected=names[expected]
        )
        hint = _("swap the files: --grades takes the grade report, --responses the responses")
    else:
        first = ", ".join(header[:5])
        message = _("this is not {expected}: its first columns are {first}").format(
            expected=names[expected], first=first
        )
        hint = (
            _("expected: {columns}").format(columns=", ".join(GRADE_FIXED))
            if expected == "grades"
            else _("expected: {columns}, …, {last}").format(
                columns=", ".join(RESPONSE_FIRST), last=", ".join(RESPONSE_LAST)
            )
        )
    return CsvError(path, message, row=1, column=column_name(0, header), hint=hint)


def _number(path: Path, text: str, row: int, index: int, header: list[str]) -> float:
    try:
        return float(text)
    except ValueError:
        hint = ""
        if "," in text:
            hint = _("a decimal comma: the file was saved by a spreadsheet; download it again")
        raise CsvError(
            path,
            _("'{value}' is not a number").format(value=text),
            row=row,
            column=column_name(index, header),
            hint=hint,
        ) from None


# -- the Problem Grade Report ---------------------------------------------------------------------


# (long: one pass over up to millions of rows; the loop keeps its state in locals, for speed)
def read_grades(
    path: Path, course: CourseMap, cohort: Cohort, progress: Progress | None = None
) -> str:
    """Read one Problem Grade Report into ``cohort``; return the run it belongs to."""
    rows = _rows(path, progress)
    header = _header(path, rows)
    if kind_of(header) != "grades":
        raise _wrong_report(path, header, "grades")
    scored = header[len(GRADE_FIXED) :]
    # Which run: the language whose pre-test and final-test columns are all there.
    tests = course.tests
    run = lang = ""
    for candidate_run, candidate_lang in course.runs.items():
        columns = course.grade_columns.get(candidate_lang, {})
        wanted = {c for c, url_name in columns.items() if url_name in tests}
        if wanted and all(f"{c} (Earned)" in scored for c in wanted):
            run, lang = candidate_run, candidate_lang
            break
    if not run:
        first = next((c for c in scored if c.endswith("(Earned)")), "")
        index = header.index(first) if first else len(GRADE_FIXED)
        expected = next(
            (
                c
                for c, url_name in course.grade_columns[next(iter(course.runs.values()))].items()
                if url_name in tests
            ),
            "",
        )
        raise CsvError(
            path,
            _(
                "this grade report is of another course: it has no column of the pre-tests "
                "and final tests of {course}"
            ).format(course=f"{course.org}+{course.number}"),
            row=1,
            column=column_name(index, header),
            hint=_("expected a column such as '{column} (Earned)'").format(column=expected),
        )
    if run in cohort.grade_runs:
        raise CsvError(
            path,
            _("a second grade report of the run {run}").format(run=run),
            hint=_("give each run's grade report once"),
        )
    cohort.grade_runs.add(run)
    wanted_columns = [
        (header.index(f"{c} (Earned)"), url_name)
        for c, url_name in course.grade_columns[lang].items()
        if url_name in tests
    ]
    for _index, url_name in wanted_columns:
        cohort.attempted.setdefault(url_name, set())
    width = len(header)
    username_at = GRADE_FIXED.index("Username")
    enrolled = 0
    for number, row in rows:
        if not row:
            continue
        if len(row) != width:
            raise _width(path, number, row, header)
        enrolled += 1
        learner = cohort.learner(run, row[username_at])
        for index, url_name in wanted_columns:
            earned = row[index]
            if earned in (NOT_ATTEMPTED, NOT_AVAILABLE):
                continue
            _number(path, earned, number, index, header)
            cohort.attempted[url_name].add(learner)
    cohort.enrolled[run] = enrolled
    return run


def _width(path: Path, number: int, row: list[str], header: list[str]) -> CsvError:
    return CsvError(
        path,
        _("this row has {found} cells, the header {expected}").format(
            found=len(row), expected=len(header)
        ),
        row=number,
        hint=_("was the file edited in a spreadsheet? Download it again from the LMS"),
    )


# -- the Problem Responses report -----------------------------------------------------------------


def read_responses(
    path: Path, course: CourseMap, cohort: Cohort, progress: Progress | None = None
) -> set[str]:
    """Read one Problem Responses report into ``cohort``; return the runs it holds.

    Well-formed files are read column-wise by Arrow's CSV reader, batch by batch (memory stays
    bounded by learners × questions); anything it cannot take, and every malformed file, is read
    again row by row, which names the row and column of the problem.
    """
    header = _header(path, _rows(path, None))
    if kind_of(header) == "responses" and all(key in header for key in RESPONSE_KEYS):
        ignored = cohort.ignored_rows
        runs = fast.read_responses(path, header, course, cohort, progress)
        if runs is not None:
            return runs
        cohort.ignored_rows = ignored
    return _read_responses_by_row(path, course, cohort, progress)


# A quiz block's answers in the report: its course run, its answers, question id -> index.
_Block = tuple[str, TestAnswers, dict[str, int]]


# (long: one pass over up to millions of rows; the loop keeps its state in locals, for speed)
def _read_responses_by_row(
    path: Path, course: CourseMap, cohort: Cohort, progress: Progress | None
) -> set[str]:
    rows = _rows(path, progress)
    header = _header(path, rows)
    if kind_of(header) != "responses":
        raise _wrong_report(path, header, "responses")
    missing = [key for key in RESPONSE_KEYS if key not in header]
    if missing:
        raise CsvError(
            path,
            _("the columns of our quiz are missing: {columns}").format(columns=", ".join(missing)),
            row=1,
            hint=_(
                "the report holds no answer to a Latarnia quiz: choose the course (or the "
                "pre-test and final test) as the problem location when you generate it"
            ),
        )
    at = {name: header.index(name) for name in (*RESPONSE_FIRST, *RESPONSE_KEYS, *RESPONSE_LAST)}
    u_at, key_at, qid_at = at["username"], at["block_key"], at["Question ID"]
    score_at, max_at, correct_at, answer_at = (
        at["Score"],
        at["Max score"],
        at["Correct"],
        at["Answer ID"],
    )
    width = len(header)
    runs: set[str] = set()
    # block_key -> (run, answers, question id -> index) or None for blocks the report ignores
    blocks: dict[str, _Block | None] = {}
    for number, row in rows:
        if len(row) != width:
            if not row:
                continue
            raise _width(path, number, row, header)
        key = row[key_at]
        block: _Block | Literal[False] | None = blocks.get(key, False)  # False: not seen yet
        if block is False:
            block = blocks[key] = _block(path, key, number, key_at, header, course, cohort)
            if block is not None:
                cohort.response_runs.add(block[0])
                runs.add(block[0])
        if block is None:
            cohort.ignored_rows += 1
            continue
        question_id = row[qid_at]
        if not question_id:  # the learner opened the quiz without answering
            continue
        run, answers, index_of = block
        q = index_of.get(question_id)
        if q is None:
            raise CsvError(
                path,
                _("question '{id}' is not in the quiz '{quiz}' of the course given").format(
                    id=question_id, quiz=answers.test.url_name
                ),
                row=number,
                column=column_name(qid_at, header),
                hint=_("was the course changed since? Give the sources it had then"),
            )
        score = _number(path, row[score_at], number, score_at, header)
        most = _number(path, row[max_at], number, max_at, header)
        line = answers.row(cohort.learner(run, row[u_at]))
        answers.scores[line, q] = score / most if most > 0 else 0.0
        answers.correct[line, q] = row[correct_at] == CORRECT
        codes = answers.codes[q]
        answer = row[answer_at]
        code = codes.get(answer)
        if code is None:
            code = codes[answer] = len(codes)
        answers.answers[line, q] = code
    return runs


def _block(
    path: Path,
    key: str,
    number: int,
    key_at: int,
    header: list[str],
    course: CourseMap,
    cohort: Cohort,
) -> _Block | None:
    """The run, answers and question indexes of a block_key; None for blocks not analysed."""
    prefix = f"block-v1:{course.org}+{course.number}+"
    if not key.startswith("block-v1:"):
        raise CsvError(
            path,
            _("'{value}' is not an Open edX block key").format(value=key[:80]),
            row=number,
            column=column_name(key_at, header),
            hint=_("was the file edited? Download it again from the LMS"),
        )
    if not key.startswith(prefix):
        course_part = key.split("+type@", 1)[0].removeprefix("block-v1:")
        raise CsvError(
            path,
            _("this row is of another course ({found}), not of {expected}").format(
                found=course_part, expected=f"{course.org}+{course.number}"
            ),
            row=number,
            column=column_name(key_at, header),
            hint=_("give the reports of the course named by COURSE_DIR"),
        )
    run, _sep, rest = key[len(prefix) :].partition("+type@")
    if run not in course.runs:
        raise CsvError(
            path,
            _("this row is of the run {run}, which the course does not have ({runs})").format(
                run=run, runs=", ".join(course.runs)
            ),
            row=number,
            column=column_name(key_at, header),
        )
    block_type, _sep, url_name = rest.partition("+block@")
    answers = cohort.answers.get(url_name) if block_type == "latarnia_quiz" else None
    if answers is None:
        return None
    return run, answers, {q.id: i for i, q in enumerate(answers.test.questions)}


def read_all(
    course: CourseMap,
    grades: list[Path],
    responses: list[Path],
    progress: Callable[[str], Progress | None] | None = None,
) -> Cohort:
    """Read every report; ``progress(name)`` gives the progress callback of one file."""
    cohort = Cohort()
    for url_name, test in course.tests.items():
        cohort.answers[url_name] = TestAnswers(test)
    for path in grades:
        read_grades(path, course, cohort, progress(path.name) if progress else None)
    for path in responses:
        read_responses(path, course, cohort, progress(path.name) if progress else None)
    missing = cohort.response_runs - cohort.grade_runs
    if missing:
        raise CsvError(
            responses[0],
            _("answers of the run {runs} but no grade report of it").format(
                runs=", ".join(sorted(missing))
            ),
            hint=_("add that run's Problem Grade Report to --grades"),
        )
    if not cohort.response_runs:
        raise CsvError(
            responses[0],
            _("no answer to a pre-test or final test of this course"),
            hint=_(
                "generate the Problem Responses report for the whole course (or the tests) "
                "after learners took them"
            ),
        )
    return cohort


def terminal_progress(name: str) -> Progress | None:
    """A progress bar on stderr for files over 5 MB when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None
    shown = {"percent": -1}

    def show(done: int, total: int) -> None:
        if total < 5_000_000:
            return
        percent = done * 100 // total
        if percent == shown["percent"]:
            return
        shown["percent"] = percent
        bar = "#" * (percent // 4) + "." * (25 - percent // 4)
        line = _("Reading {name}").format(name=name)
        end = "\n" if done >= total else ""
        print(f"\r{line} [{bar}] {percent:3d}%", end=end, file=sys.stderr, flush=True)

    return show

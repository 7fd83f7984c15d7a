"""Open edX's two instructor data downloads, made from a built course and an Open edX-like LMS.

``tests/report/cohort.py`` writes the CSVs of a synthetic course from a model. This module makes
them the way the platform does, from what really happened in our blocks: a built course's OLX
(``latarnia build``), its quizzes imported into ``tests.openedx.platform.OpenEdx``, learners'
answers sent through the quiz's ``submit`` handler, the grades the blocks published and the
state they stored. Each step is re-implemented from openedx-platform
(``lms/djangoapps/instructor_task/tasks_helper/grades.py``, read at commit 05ba5d5):

* **Problem Grade Report** (``ProblemGradeReport``): ``Student ID, Email, Username``,
  ``Enrollment Status`` ("enrolled"), ``Grade`` (``course_grade.percent``), then per scored block
  of a graded subsection ``"{assignment type} {n}: {subsection} - {block} (Earned)"`` and
  ``(Possible)``: the types in order of first use in the course, ``n`` counting that type's
  graded subsections from 1 (``_ProblemGradeReportContext.graded_scorable_blocks_header``).
  A cell is the problem score, weighted as ``lms/djangoapps/grades/scores.py: weighted_score``
  weights it (``raw_earned * weight / raw_possible``, ``weight`` points), or "Not Attempted"
  with the possible points when the learner never submitted.
* **Problem Responses** (``ProblemResponses._build_student_data``): for every block under the
  course in course order, the StudentModule rows ordered by learner (``list_problem_responses``:
  ``username`` and ``state``, the stored JSON), each row extended with every dict the block's
  ``generate_report_data(user_state_iterator)`` yields for that learner; the header is
  ``username, title, location``, the yielded keys (sorted, since our block yields plain dicts),
  ``block_key, state``; ``location`` joins the display names from the course down to the block
  with " > ".

Both are written as ``ReportStore.store_rows`` writes them: ``csv.writer`` with its defaults,
every cell through ``str()``, UTF-8, no byte order mark.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from tests.openedx.platform import OpenEdx, call
from tests.xblocks.conftest import OpenEdxLikeService

SCORED_TAGS = ("latarnia_quiz", "latarnia_scenario")


# -- the built course ----------------------------------------------------------------------------


@dataclass
class Block:
    """A scorable block of the built course, where Open edX's reports place it."""

    tag: str
    url_name: str
    display_name: str
    element: etree._Element
    path: list[str]  # display names: course, chapter, subsection, unit, the block
    chapter: str  # url_name
    subsection: str  # display name
    assignment: str  # the subsection's format ("" when not graded)
    graded: bool
    weight: float | None

    @property
    def has_score(self) -> bool:
        # latarnia_quiz is always scored; latarnia_scenario only when its author says so
        return self.tag == "latarnia_quiz" or self.element.get("scored") == "true"

    @property
    def max_score(self) -> float:
        """A quiz's raw points: the sum of its question weights (QuizBlock.max_score)."""
        return sum(float(q.get("weight", "1")) for q in self.element.findall("question")) or 1.0

    @property
    def kind(self) -> str:
        return self.element.get("kind", "quiz") if self.tag == "latarnia_quiz" else ""


@dataclass
class Run:
    """One language run of the built course (``OUT/<lang>/course/``)."""

    olx_dir: Path
    org: str
    number: str
    run: str
    lang: str
    title: str
    blocks: list[Block]
    grader: list[dict[str, Any]]  # policies/<run>/grading_policy.json: GRADER

    @property
    def course_key(self) -> str:
        return f"course-v1:{self.org}+{self.number}+{self.run}"

    def block_key(self, block: Block) -> str:
        return (
            f"block-v1:{self.org}+{self.number}+{self.run}+type@{block.tag}+block@{block.url_name}"
        )

    def tests(self, kind: str) -> list[Block]:
        return [b for b in self.blocks if b.tag == "latarnia_quiz" and b.kind == kind]

    def grade_columns(self) -> list[tuple[str, Block]]:
        """(column name without " (Earned)", block) per scored block of a graded subsection."""
        columns = []
        by_type: OrderedDict[str, list[tuple[tuple[str, str], list[Block]]]] = OrderedDict()
        for block in self.blocks:
            if not (block.graded and block.has_score):
                continue
            subsections = by_type.setdefault(block.assignment, [])
            key = (block.chapter, block.path[2])
            if not subsections or subsections[-1][0] != key:
                subsections.append((key, []))
            subsections[-1][1].append(block)
        for assignment, subsections in by_type.items():
            for n, ((_chapter, subsection), blocks) in enumerate(subsections, 1):
                for block in blocks:
                    columns.append(
                        (f"{assignment} {n}: {subsection} - {block.display_name}", block)
                    )
        return columns


def _parse(path: Path) -> etree._Element:
    return etree.parse(str(path)).getroot()


def read_run(olx_dir: Path) -> Run:
    """The run ``latarnia build`` wrote to ``olx_dir``: its scorable blocks in course order."""
    pointer = _parse(olx_dir / "course.xml")
    run = pointer.get("url_name", "")
    root = _parse(olx_dir / "course" / f"{run}.xml")
    title = root.get("display_name", "")
    blocks: list[Block] = []
    for chapter_ref in root.findall("chapter"):
        chapter_id = chapter_ref.get("url_name", "")
        chapter = _parse(olx_dir / "chapter" / f"{chapter_id}.xml")
        for sequential_ref in chapter.findall("sequential"):
            sequential = _parse(olx_dir / "sequential" / f"{sequential_ref.get('url_name')}.xml")
            graded = sequential.get("graded") == "true"
            for vertical in sequential.findall("vertical"):
                for element in vertical:
                    if not isinstance(element.tag, str) or element.tag not in SCORED_TAGS:
                        continue
                    name = element.get("display_name", "") or element.tag
                    weight = element.get("weight")
                    blocks.append(
                        Block(
                            element.tag,
                            element.get("url_name", ""),
                            name,
                            element,
                            [
                                title,
                                chapter.get("display_name", ""),
                                sequential.get("display_name", ""),
                                vertical.get("display_name", ""),
                                name,
                            ],
                            chapter_id,
                            sequential.get("display_name", ""),
                            sequential.get("format", "") if graded else "",
                            graded,
                            None if weight is None else float(weight),
                        )
                    )
    policy = json.loads((olx_dir / "policies" / run / "grading_policy.json").read_text())
    return Run(
        olx_dir,
        pointer.get("org", ""),
        pointer.get("course", ""),
        run,
        root.get("language", ""),
        title,
        blocks,
        policy["GRADER"],
    )


# -- the LMS -------------------------------------------------------------------------------------


class Lms(OpenEdx):
    """One run in the Open edX-like LMS; blocks translate into the run's language, as Open edX's
    i18n service does for a learner (and for the instructor whose task writes the report)."""

    def __init__(self, run: Run):
        self.lang = run.lang
        super().__init__(run.course_key)
        self.run = run
        self.usage: dict[str, str] = {}  # url_name -> usage id

    def runtime(self, user_id, staff=False, kvs=None):
        runtime = super().runtime(user_id, staff, kvs)
        # xblock.runtime.Runtime keeps its services in _services; OpenEdx's own I18nService
        # is English only
        runtime._services["i18n"] = OpenEdxLikeService(self.lang)
        return runtime

    def add(self, block: Block) -> str:
        """Studio's import of one block of the built course."""
        self.usage[block.url_name] = self.import_xml(block.element)
        return self.usage[block.url_name]

    def learner_block(self, block: Block, username: str):
        return self.block(self.usage[block.url_name], username)

    def submit(self, block: Block, username: str, attempt: int, answers: dict) -> dict:
        """A learner's submit, as the browser posts it; the handler must accept it."""
        status, data = call(self.learner_block(block, username), "submit", {
            "attempt": attempt, "answers": answers,
        })  # fmt: skip
        assert status == 200, (block.url_name, username, data)
        return data

    def grade(self, block: Block, username: str) -> dict | None:
        """The grade the gradebook keeps (raw ``value``/``max_value``), or None."""
        return self.grades.get((username, self.usage[block.url_name]))


# -- the reports ---------------------------------------------------------------------------------


@dataclass
class User:
    id: int
    username: str
    email: str
    enrolled: bool = True


@dataclass
class UserState:
    """lms/djangoapps/courseware/user_state_client.py: XBlockUserState, as iterated."""

    username: str
    state: dict
    block_key: str = ""


def weighted_score(raw_earned: float, raw_possible: float, weight: float | None):
    """lms/djangoapps/grades/scores.py: weighted_score."""
    if weight is None or raw_possible == 0:
        return raw_earned, raw_possible
    return float(raw_earned) * weight / raw_possible, float(weight)


def _course_percent(run: Run, scores: dict[str, tuple[float, float]]) -> float:
    """The course grade's percent: xmodule/graders.py AssignmentFormatGrader per type (each
    subsection's earned/possible, padded to ``min_count`` with zeros, the lowest ``drop_count``
    dropped, averaged), weighted; to two decimals. The report reads nothing from it."""
    by_subsection: dict[tuple[str, str, str], list[float]] = {}
    for _name, block in run.grade_columns():
        earned, possible = scores.get(block.url_name, (0.0, 0.0))
        got = by_subsection.setdefault((block.assignment, block.chapter, block.path[2]), [0.0, 0.0])
        got[0] += earned
        got[1] += possible
    total = 0.0
    for grader in run.grader:
        values = [
            earned / possible if possible else 0.0
            for (kind, _c, _s), (earned, possible) in by_subsection.items()
            if kind == grader["type"]
        ]
        values += [0.0] * max(0, grader["min_count"] - len(values))
        values = sorted(values)[grader["drop_count"] :]
        if values:
            total += grader["weight"] * sum(values) / len(values)
    return math.floor(total * 100 + 0.5) / 100


def problem_grade_report(run: Run, lms: Lms, users: list[User]) -> list[list[Any]]:
    """The rows (header first) of the run's Problem Grade Report."""
    columns = run.grade_columns()
    header = ["Student ID", "Email", "Username", "Enrollment Status", "Grade"]
    for name, _block in columns:
        header += [f"{name} (Earned)", f"{name} (Possible)"]
    rows: list[list[Any]] = [header]
    for user in users:
        cells: list[Any] = []
        scores: dict[str, tuple[float, float]] = {}
        for _name, block in columns:
            possible_raw = block.max_score
            grade = lms.grade(block, user.username) if block.url_name in lms.usage else None
            if grade is None:
                _zero, possible = weighted_score(0.0, possible_raw, block.weight)
                cells += ["Not Attempted", possible]
                scores[block.url_name] = (0.0, possible)
                continue
            earned, possible = weighted_score(grade["value"], grade["max_value"], block.weight)
            cells += [earned, possible]
            scores[block.url_name] = (earned, possible)
        status = "enrolled" if user.enrolled else "unenrolled"
        rows.append(
            [user.id, user.email, user.username, status, _course_percent(run, scores), *cells]
        )
    return rows


def problem_responses_report(run: Run, lms: Lms, users: list[User]) -> list[list[Any]]:
    """The rows (header first) of the run's Problem Responses report for the whole course."""
    student_data: list[dict[str, Any]] = []
    keys: OrderedDict[str, int] = OrderedDict()
    by_id = sorted(users, key=lambda u: u.id)
    for block in run.blocks:
        if block.url_name not in lms.usage:
            continue  # no learner has state in it: no StudentModule row
        usage = lms.usage[block.url_name]
        states = [
            UserState(u.username, state, run.block_key(block))
            for u in by_id
            if (state := lms.state(u.username, usage))  # a StudentModule row
        ]
        generated: dict[str, list[dict]] = {}
        instance = lms.block(usage, None, staff=True)
        for username, state in instance.generate_report_data(iter(states), None):
            generated.setdefault(username, []).append(state)
        for user_state in states:  # list_problem_responses: ordered by learner
            response = {
                "username": user_state.username,
                "state": json.dumps(user_state.state),  # StudentModule.state as stored
                "title": block.display_name,
                "location": " > ".join(block.path),
                "block_key": run.block_key(block),
            }
            for state in generated.get(user_state.username, []) or [None]:
                if state is None:
                    student_data.append(response)
                    continue
                row = {**response, **state}
                ordered = state.keys() if isinstance(state, OrderedDict) else sorted(state)
                for key in ordered:
                    keys[key] = 1
                student_data.append(row)
    header = ["username", "title", "location", *keys, "block_key", "state"]
    rows: list[list[Any]] = [header]
    for data in student_data:
        rows.append([data.get(key, "") for key in header])
    return rows


def csv_bytes(rows: list[list[Any]]) -> bytes:
    """lms/djangoapps/instructor_task/models.py: DjangoStorageReportStore.store_rows."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerows([str(item) for item in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def report_name(run: Run, name: str, timestamp: str) -> str:
    """``{org}_{course}_{run}_{name}_{timestamp}.csv`` (upload_csv_to_report_store)."""
    return f"{run.org}_{run.number}_{run.run}_{name}_{timestamp}.csv"

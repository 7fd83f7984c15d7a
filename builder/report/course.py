"""The course as the report needs it: per track, its pre-test and final test, their questions,
the key, the mirrors, and the names Open edX's reports give them.

Read from the OLX (``OUT/<lang>/course/``, what Studio imports, so that the report sees the
course exactly as the LMS does); course sources are built into a temporary folder first with the
builder's own ``BuildSession``. The same ids in every language give the same url_names
(docs/architecture.md), so one ``Test`` stands for the same quiz in every language's run.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from latarnia_builder.i18n import _
from latarnia_builder.problems import display_path
from latarnia_builder.report.errors import ReportError
from latarnia_xblocks import olx as blocks
from latarnia_xblocks.sanitise import plain_text
from latarnia_xblocks.vocabulary import FINAL, PRETEST, QUIZ_TAG
from lxml import etree

KINDS = (PRETEST, FINAL)


class CourseError(ReportError):
    """The course cannot be read (not a course, or one without pre-test and final test)."""


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    text: str  # plain text, in the report's language
    correct: bool


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    type: str  # single | multiple | truefalse | ordering | matching
    prompt: str  # plain text
    weight: float
    mirrors: str  # final-test question: the pre-test question it mirrors
    choices: tuple[Choice, ...] = ()

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True, slots=True)
class Test:
    """A pre-test or final test: one ``latarnia_quiz`` block."""

    url_name: str
    kind: str  # pretest | final
    track: str  # the track (chapter) id
    title: str
    questions: tuple[Question, ...]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True, slots=True)
class Track:
    id: str
    title: str
    pretest: Test | None
    final: Test | None


@dataclass(frozen=True)
class CourseMap:
    """One course in one or more languages (each language its own run)."""

    org: str
    number: str
    runs: dict[str, str]  # run -> language
    title: str
    tracks: tuple[Track, ...]
    # language -> Problem Grade Report column ("<type> <n>: <subsection> - <block>") -> url_name,
    # for every scored block of that language's run
    grade_columns: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def tests(self) -> dict[str, Test]:
        """Every pre-test and final test by url_name."""
        found: dict[str, Test] = {}
        for track in self.tracks:
            for test in (track.pretest, track.final):
                if test is not None:
                    found[test.url_name] = test
        return found


def read_course(path: Path, lang: str) -> CourseMap:
    """The course at ``path``: sources (course.yaml), a built output folder (``<lang>/course/``)
    or one OLX folder (course.xml). Texts are taken from ``lang``'s run when there is one."""
    path = Path(path)
    if (path / "course.yaml").is_file():
        return _from_sources(path, lang)
    if (path / "course.xml").is_file():
        return _from_olx([path], lang)
    built = sorted(p.parent for p in path.glob("*/course/course.xml"))
    if built:
        return _from_olx(built, lang)
    raise CourseError(
        _(
            "{path} holds neither course sources (course.yaml) nor a built course (course.xml)"
        ).format(path=display_path(path))
    )


def _from_sources(course_dir: Path, lang: str) -> CourseMap:
    from latarnia_builder.build import BuildSession
    from latarnia_builder.problems import report

    with tempfile.TemporaryDirectory(prefix="latarnia-report-") as out:
        result = BuildSession(course_dir, Path(out)).build(archive=False)
        if not result.ok:
            raise CourseError(
                _("the course has problems; fix them first ('latarnia check'):\n{problems}").format(
                    problems=report(result.problems)
                )
            )
        return _from_olx(list(result.olx_dirs.values()), lang)


def _parse(path: Path) -> etree._Element:
    try:
        return etree.parse(str(path)).getroot()
    except (OSError, etree.XMLSyntaxError) as error:
        raise CourseError(
            _("cannot read {path}: {error}").format(path=display_path(path), error=error)
        ) from None


@dataclass
class _Run:
    lang: str
    run: str
    org: str
    number: str
    title: str
    tracks: list[Track]
    grade_columns: dict[str, str]


def _read_run(olx_dir: Path) -> _Run:
    pointer = _parse(olx_dir / "course.xml")
    run = pointer.get("url_name", "")
    root = _parse(olx_dir / "course" / f"{run}.xml")
    lang = root.get("language") or run.rsplit("-", 1)[-1]
    tracks: list[Track] = []
    by_type: dict[str, list[tuple[str, str]]] = {}  # Open edX groups the columns by type
    subsection_counts: dict[str, int] = {}
    for chapter_ref in root.findall("chapter"):
        chapter_id = chapter_ref.get("url_name", "")
        chapter = _parse(olx_dir / "chapter" / f"{chapter_id}.xml")
        tests: dict[str, Test] = {}
        for sequential_ref in chapter.findall("sequential"):
            sequential = _parse(olx_dir / "sequential" / f"{sequential_ref.get('url_name')}.xml")
            assignment = sequential.get("format", "")
            graded = sequential.get("graded") == "true" and assignment
            index = 0
            if graded:
                index = subsection_counts[assignment] = subsection_counts.get(assignment, 0) + 1
            for block in sequential.iter("latarnia_quiz", "latarnia_scenario"):
                url_name = block.get("url_name", "")
                name = block.get("display_name", "")
                scored = block.tag == QUIZ_TAG or block.get("scored") == "true"
                if graded and scored:  # Open edX: "{assignment type} {n}: {subsection} - {block}"
                    column = f"{assignment} {index}: {sequential.get('display_name', '')} - {name}"
                    by_type.setdefault(assignment, []).append((column, url_name))
                if block.tag == "latarnia_quiz" and block.get("kind") in KINDS:
                    tests[block.get("kind")] = _test(block, chapter_id)
        tracks.append(
            Track(
                chapter_id,
                chapter.get("display_name", chapter_id),
                tests.get("pretest"),
                tests.get("final"),
            )
        )
    return _Run(
        lang,
        run,
        pointer.get("org", ""),
        pointer.get("course", ""),
        root.get("display_name", ""),
        tracks,
        {column: url_name for columns in by_type.values() for column, url_name in columns},
    )


def _test(block: etree._Element, track: str) -> Test:
    try:
        settings, questions = blocks.quiz_from_xml(block)
    except blocks.OlxError as error:
        raise CourseError(str(error)) from None
    return Test(
        block.get("url_name", ""),
        settings.get("kind", block.get("kind", "")),
        track,
        block.get("display_name", ""),
        tuple(
            Question(
                q["id"],
                q["type"],
                plain_text(q["prompt"]),
                float(q["weight"]),
                q["mirrors"],
                tuple(
                    Choice(c["id"], plain_text(c["text"]), bool(c["correct"])) for c in q["choices"]
                ),
            )
            for q in questions
        ),
    )


def _choice_text(question_type: str, choice: dict) -> str:
    text = plain_text(choice["text"])
    if not text and question_type == "truefalse":  # the block labels these two itself
        return {"true": _("True"), "false": _("False")}.get(choice["id"], choice["id"])
    return text


def _from_olx(olx_dirs: list[Path], lang: str) -> CourseMap:
    runs = [_read_run(d) for d in olx_dirs]
    first = runs[0]
    for other in runs[1:]:
        if (other.org, other.number) != (first.org, first.number):
            raise CourseError(
                _("the folders hold two different courses: {one} and {other}").format(
                    one=f"{first.org}+{first.number}", other=f"{other.org}+{other.number}"
                )
            )
    shown = next((r for r in runs if r.lang == lang), first)
    if not any(t.pretest and t.final for t in shown.tracks):
        raise CourseError(
            _(
                "the course has no track with both a pre-test and a final test "
                "(lessons with 'assignment: pretest' and 'assignment: final')"
            )
        )
    return CourseMap(
        org=first.org,
        number=first.number,
        runs={r.run: r.lang for r in runs},
        title=shown.title,
        tracks=tuple(shown.tracks),
        grade_columns={r.lang: r.grade_columns for r in runs},
    )


def course_key(org: str, number: str, run: str) -> str:
    return f"course-v1:{org}+{number}+{run}"


def block_key(org: str, number: str, run: str, url_name: str) -> str:
    """The usage key Open edX writes in the Problem Responses report's block_key column."""
    return f"block-v1:{org}+{number}+{run}+type@latarnia_quiz+block@{url_name}"

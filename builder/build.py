"""Check, then build: the stages wired together, for the CLI and for the preview.

    session = BuildSession(course_dir, out_dir, langs=None)
    result = session.build(archive=True)   # again after an edit: only changed files are redone
    result.ok, result.problems, result.olx_dirs, result.archives

Output: ``OUT/<lang>/course/`` (the OLX folder holding course.xml) and
``OUT/latarnia-<org>-<number>-<run>-<lang>.tar.gz`` (one top folder, ``course/``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from latarnia_builder import olx, parallel
from latarnia_builder.archive import (
    Outputs,
    intact,
    pack_targz,
    recover,
    signature,
    update_tree,
)
from latarnia_builder.checks.course import check_course, check_url_names
from latarnia_builder.checks.items import check_items
from latarnia_builder.model import Course, CourseText, Lesson, Settings
from latarnia_builder.problems import Problem
from latarnia_builder.read import CourseReader
from latarnia_builder.render import Renderer
from latarnia_builder.source import no_gc

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class BuildResult:
    """What a build did: ``ok`` is False when problems were found (nothing was written)."""

    ok: bool
    problems: list[Problem]
    warnings: list[Problem] = field(default_factory=list)  # keys under an old name …
    olx_dirs: dict[str, Path] = field(default_factory=dict)  # lang -> folder holding course.xml
    archives: dict[str, Path] = field(default_factory=dict)  # lang -> .tar.gz
    seconds: float = 0.0
    courses: dict[str, Course] = field(default_factory=dict)  # what was built (for advice)


class BuildSession:
    """Builds one course folder again and again, redoing only what changed.

    Parsed files, rendered text and each lesson's OLX are kept between builds; the checks
    across files run every time. The first build replaces every language's OLX folder and
    archive all or nothing (a build that fails or is killed half-way leaves the previous
    output of every language); later builds of the session write only the files that
    changed, each atomically (see ``archive.update_tree``)."""

    def __init__(
        self,
        course_dir: Path,
        out_dir: Path | None = None,
        langs: list[str] | None = None,
        progress: Progress | None = None,
        jobs: int | None = 1,
    ) -> None:
        self.course_dir = Path(course_dir)
        self.out_dir = Path(out_dir) if out_dir is not None else self.course_dir.parent / "out"
        self.langs = list(langs) if langs else None
        self.progress = progress
        # Processes for reading many lessons at once (None: one per core); 1: this one only.
        self.jobs = parallel.workers_for(jobs)
        self.renderer = Renderer()
        self._written: dict[Path, dict[str, object]] = {}  # OLX folder -> what was written
        self._lessons: dict[tuple[str, str], _Built] = {}
        self._ahead = _ReadAhead(self.jobs, self.renderer, self._lessons) if self.jobs > 1 else None
        self.reader = CourseReader(self.course_dir, self.renderer, self._ahead)

    def check(self) -> tuple[dict[str, Course], list[Problem]]:
        """Every problem of the sources; the courses (by language) only when there are none."""
        return self._check(olx_ahead=False)

    def _check(self, olx_ahead: bool) -> tuple[dict[str, Course], list[Problem]]:
        if self._ahead is not None:
            self._ahead.olx = olx_ahead
        reading = None
        if self.progress is not None:
            progress = self.progress

            def reading(done: int, total: int) -> None:
                progress("Checking", done, total)

        # Worker processes start when first needed, and stop when the reading is done.
        with self._ahead.workers if self._ahead is not None else nullcontext():
            courses, problems = self.reader.read(self.langs, reading)
        for course in courses.values():
            problems += check_url_names(course)
        if problems:
            return {}, problems
        return courses, problems

    def build(self, archive: bool = True) -> BuildResult:
        """Check, then write each language's OLX folder (and .tar.gz when ``archive``).

        All or nothing across languages: every language is rendered, then written beside the
        previous output, and only then moved into place (``archive.Outputs``)."""
        # The cycle collector would only walk the ~10^6 acyclic objects of the models and
        # OLX again and again (0.1-0.15 s of a cold build of 1,000 lessons).
        with no_gc():
            return self._build(archive)

    def _build(self, archive: bool) -> BuildResult:
        started = time.perf_counter()
        recover(self.out_dir)
        courses, problems = self._check(olx_ahead=True)
        warnings = self.warnings
        if problems:
            return BuildResult(False, problems, warnings, seconds=time.perf_counter() - started)
        rendered = {lang: self.files(course) for lang, course in courses.items()}
        result = BuildResult(True, [], warnings, courses=courses)
        outputs = Outputs(self.out_dir)
        in_place: list[tuple[Path, dict[str, bytes | Path], dict[str, object]]] = []
        try:
            for lang, files in rendered.items():
                olx_dir = self.out_dir / lang / "course"
                packed = self.out_dir / self.archive_name(courses[lang]) if archive else None
                written = self._written.get(olx_dir)
                if written is not None and intact(olx_dir, written):
                    in_place.append((olx_dir, files, written))
                    if packed is not None:
                        outputs.stage_file(packed, pack_targz(packed, "course", files, self.jobs))
                else:
                    # Each file into the folder and the archive at once; other threads
                    # compress the archive meanwhile (``jobs`` of them).
                    outputs.stage_folder(olx_dir, files, packed, self.jobs)
                if packed is not None:
                    result.archives[lang] = packed
                result.olx_dirs[lang] = olx_dir
            outputs.commit()
            # A session's later builds (the preview's) update in place, file by file.
            for olx_dir, files, written in in_place:
                update_tree(olx_dir, files, written)
        except BaseException:
            outputs.discard()
            for lang in rendered:  # unknown state: next time, write it all
                self._written.pop(self.out_dir / lang / "course", None)
            raise
        for lang, files in rendered.items():
            olx_dir = self.out_dir / lang / "course"
            self._written[olx_dir] = {name: signature(c) for name, c in files.items()}
        result.seconds = time.perf_counter() - started
        return result

    @property
    def warnings(self) -> list[Problem]:
        """The warnings of the sources found by the last check (keys under an old name …)."""
        return self.reader.warnings

    @staticmethod
    def archive_name(course: Course) -> str:
        settings = course.settings
        return f"latarnia-{settings.org}-{settings.number}-{settings.run}-{course.lang}.tar.gz"

    def files(self, course: Course) -> dict[str, bytes | Path]:
        """Every file of one language's OLX folder."""
        files: dict[str, bytes | Path] = {}
        files.update(olx.course_files(course, self.renderer))
        total = len(course.lessons)
        for done, lesson in enumerate(course.lessons.values(), 1):
            files.update(self._lesson_files(lesson, course))
            if self.progress is not None:
                self.progress(f"Building {course.lang}", done, total)
        for name, content in olx.static_files(course).items():
            files[f"static/{name}"] = content
        return files

    def _lesson_files(self, lesson: Lesson, course: Course) -> dict[str, bytes]:
        key = (course.lang, lesson.id)
        cached = self._lessons.get(key)
        # Unchanged files give the very same objects, so identity says "nothing changed".
        if (
            cached is not None
            and cached[0] is lesson
            and cached[1] is course.text
            and cached[2] is course.settings
        ):
            return cached[3]
        files = olx.lesson_files(lesson, course, self.renderer)
        self._lessons[key] = (lesson, course.text, course.settings, files)
        return files


def advice(courses: dict[str, Course]) -> list[Problem]:
    """What ``latarnia check`` warns of in courses without problems, beyond the sources' own
    warnings: the item-writing rules, help numbers not checked for a year … The first
    language given is taken as the primary one (the reader puts it first)."""
    primary = next(iter(courses), None)
    return [
        warning
        for lang, course in courses.items()
        for warning in [*check_items(course), *check_course(course, primary=lang == primary)]
    ]


# A lesson's OLX, and what it was built from (identity tells it is unchanged).
_Built = tuple[Lesson, CourseText, Settings, dict[str, bytes]]


class _ReadAhead:
    """The reader's ``read_ahead`` in a session with ``jobs`` > 1: a large course's lessons
    are read in worker processes, which also write the OLX of each clean lesson when
    building (kept in ``built``, the session's, as if built by ``_lesson_files``).

    An object of its own rather than a method: the reader holding the session would make a
    reference cycle, and the session's ~10^6 objects would then wait for the cycle
    collector (0.15 s at the CLI's exit)."""

    def __init__(self, jobs: int, renderer: Renderer, built: dict[tuple[str, str], _Built]):
        self.jobs = jobs
        self.workers = parallel.Workers(jobs, renderer)
        self.built = built
        self.olx = False  # building: the workers write the OLX too

    def __call__(
        self,
        lang: str,
        settings: Settings,
        text: CourseText | None,
        paths: list[Path],
        progress: Callable[[int], None] | None,
    ) -> dict[Path, tuple[Lesson | None, list[Problem]]]:
        if not parallel.worth_it(paths, self.jobs):
            return {}
        context = settings if self.olx and text is not None else None
        found = self.workers.read(paths, context, text, progress)
        read: dict[Path, tuple[Lesson | None, list[Problem]]] = {}
        for path, (lesson, problems, files) in found.items():
            read[path] = (lesson, problems)
            if lesson is not None and files is not None and text is not None:
                self.built[(text.lang, lesson.id)] = (lesson, text, settings, files)
        return read

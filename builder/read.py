"""A course folder → one ``Course`` per language, and every Problem found: the reading stage.

The reader finds the course's files (``course.yaml``, ``<lang>/course.yaml``,
``<lang>/lessons/*.yaml``, the media the texts use), reads each file through the stages of
one file (``source`` → ``format`` → ``assemble``) and keeps the result: a file whose
modification time and size are unchanged since the previous ``read`` is not parsed again. The
checks across files (``checks.course``) and across languages (``checks.languages``) always
run: they take milliseconds.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from latarnia_builder import boundary
from latarnia_builder.assemble import read_course_text, read_lesson, read_settings
from latarnia_builder.boundary import Refusal
from latarnia_builder.checks.course import check_language
from latarnia_builder.checks.languages import compare_languages
from latarnia_builder.i18n import _
from latarnia_builder.media import media_file
from latarnia_builder.model import Course, CourseText, Lesson, Settings
from latarnia_builder.problems import Problem, Where, one_of
from latarnia_builder.render import Renderer
from latarnia_builder.source import no_gc, refused_file

Progress = Callable[[int, int], None]  # (lessons read, lessons in all)
Reader = Callable[[Path], tuple[Any, list[Problem]]]  # one file → its value and problems
# Many lesson files read at once (BuildSession: in worker processes, builder/parallel.py):
# (lang, settings, its course text, the files, progress(files done)) → each file's
# lesson and problems, as ``read_lesson`` gives them; a file left out is read here.
ReadAhead = Callable[
    [str, Settings, CourseText | None, list[Path], Callable[[int], None]],
    dict[Path, tuple[Lesson | None, list[Problem]]],
]


@dataclass
class _Cached:
    stamp: tuple[int, int]
    value: Any
    problems: list[Problem]


def file_stamp(path: Path) -> tuple[int, int]:
    """What tells that a file changed: its modification time and size."""
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)
    return (stat.st_mtime_ns, stat.st_size)


def lesson_files(course_dir: Path, lang: str) -> dict[str, Path]:
    """A language's lesson files by lesson id (the file name without .yaml), sorted."""
    folder = course_dir / lang / "lessons"
    try:
        paths = sorted(folder.iterdir())
    except OSError:
        return {}
    return {
        p.stem: p for p in paths if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
    }


def _dedupe(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


@dataclass
class _Language:
    """What was read of one language: its course text (None when unusable) and lessons."""

    text: CourseText | None
    lessons: dict[str, Lesson]


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
        self.read_ahead = read_ahead
        self._cache: dict[Path, _Cached] = {}
        self._inside = boundary.Inside(self.course_dir)
        self.warnings: list[Problem] = []  # of the last read: keys under an old name …

    def read(
        self, langs: list[str] | None = None, progress: Progress | None = None
    ) -> tuple[dict[str, Course], list[Problem]]:
        """Check the course; ``langs`` limits the languages (the primary is always checked
        when another is asked for, to compare with). Returns courses only when clean.

        The problems returned are errors; the warnings found on the way (which do not stop a
        build) are in ``warnings`` until the next read."""
        self._inside = boundary.Inside(self.course_dir)  # links may have changed since
        with no_gc():
            courses, problems = self._read(langs, progress)
        self.warnings = [p for p in problems if p.warning]
        errors = [p for p in problems if not p.warning]
        return (courses if not errors else {}), errors

    def settings(self) -> Settings | None:
        """The shared settings (course.yaml), None when they have problems."""
        self._inside = boundary.Inside(self.course_dir)
        return self._file(self.course_dir / "course.yaml", read_settings)[0]

    # -- the steps of a read ------------------------------------------------------------------

    def _read(
        self, langs: list[str] | None, progress: Progress | None
    ) -> tuple[dict[str, Course], list[Problem]]:
        settings, problems = self._file(self.course_dir / "course.yaml", read_settings)
        problems = list(problems)
        if settings is None:
            # Without usable settings the checks across files cannot run, but every file
            # of every language folder can still be checked on its own.
            return {}, _dedupe(problems + self._each_file_alone())
        wanted, unknown = self._wanted(settings, langs)
        if unknown:
            return {}, problems + unknown
        read = self._languages(settings, wanted, problems, progress)
        problems += self._compare(settings, wanted, read, problems)
        problems = _dedupe(problems)
        if any(not p.warning for p in problems):
            return {}, problems
        return self._courses(settings, wanted, langs, read), problems

    def _each_file_alone(self) -> list[Problem]:
        """The problems of every language folder's files, each file checked on its own."""
        problems: list[Problem] = []
        for lang_dir in sorted(p for p in self.course_dir.iterdir() if p.is_dir()):
            if (lang_dir / "course.yaml").is_file():
                lang = lang_dir.name
                problems += self._file(lang_dir / "course.yaml", self._course_text_reader(lang))[1]
                for path in lesson_files(self.course_dir, lang).values():
                    problems += self._file(path, self._read_lesson)[1]
        return problems

    def _wanted(
        self, settings: Settings, langs: list[str] | None
    ) -> tuple[list[str], list[Problem]]:
        """The languages to read, primary first; problems for asked languages it lacks."""
        if not langs:
            return list(settings.languages), []
        unknown = [
            Problem(
                settings.where,
                _("the course has no language '{lang}'").format(lang=lang),
                _("its languages are {langs}").format(langs=one_of(settings.languages)),
            )
            for lang in langs
            if lang not in settings.languages
        ]
        primary = settings.languages[0]
        return [lang for lang in settings.languages if lang == primary or lang in langs], unknown

    def _languages(
        self,
        settings: Settings,
        wanted: list[str],
        problems: list[Problem],
        progress: Progress | None,
    ) -> dict[str, _Language]:
        """Read each wanted language's files and check them together; problems go to
        ``problems``, in the order read (the order the report ranks files in)."""
        files = {lang: lesson_files(self.course_dir, lang) for lang in wanted}
        counter = _Counter(sum(len(f) for f in files.values()), progress)
        read: dict[str, _Language] = {}
        for lang in wanted:
            if not (self.course_dir / lang).is_dir():
                problems.append(_no_folder(settings, lang))
                continue
            text, found = self._file(
                self.course_dir / lang / "course.yaml", self._course_text_reader(lang)
            )
            problems += found
            lessons: dict[str, Lesson] = {}
            ahead = self._read_ahead(lang, settings, text, files[lang], counter)
            for lesson_id, path in files[lang].items():
                lesson, found = self._file(path, self._read_lesson)
                problems += found
                if lesson is not None:
                    lessons[lesson_id] = lesson
                counter.one_more(shown=path not in ahead)
            read[lang] = _Language(text, lessons)
            if text is not None:
                problems += check_language(settings, text, lessons, files[lang], self.course_dir)
        return read

    def _compare(
        self,
        settings: Settings,
        wanted: list[str],
        read: dict[str, _Language],
        problems: list[Problem],
    ) -> list[Problem]:
        """Every other language against the primary one."""
        primary = read.get(settings.languages[0])
        if primary is None or primary.text is None:
            return []
        # A file with problems of its own is not compared: one mistake, one message.
        broken = frozenset(problem.where.file for problem in problems if not problem.warning)
        found: list[Problem] = []
        for lang in wanted[1:]:
            other = read.get(lang)
            if other is not None and other.text is not None:
                found += compare_languages(
                    primary.text, primary.lessons, other.text, other.lessons, broken
                )
        return found

    def _courses(
        self,
        settings: Settings,
        wanted: list[str],
        langs: list[str] | None,
        read: dict[str, _Language],
    ) -> dict[str, Course]:
        """The courses of a clean read: each language's lessons in track order."""
        courses = {}
        for lang in wanted:
            if langs and lang not in langs:
                continue
            text = read[lang].text
            assert text is not None  # a clean read has every text
            ordered = {i: read[lang].lessons[i] for t in text.tracks for i in t.lessons}
            courses[lang] = Course(
                settings, text, ordered, self._media(settings, text, ordered, lang)
            )
        return courses

    # -- files ----------------------------------------------------------------------------------

    def _file(self, path: Path, reader: Reader) -> tuple[Any, list[Problem]]:
        stamp = file_stamp(path)
        cached = self._cache.get(path)
        if cached is not None and cached.stamp == stamp and stamp != (-1, -1):
            return cached.value, cached.problems
        if self._inside(path):
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
        counter: _Counter,
    ) -> set[Path]:
        """Put the lessons not cached into the cache all at once, through ``read_ahead``."""
        if self.read_ahead is None:
            return set()
        stamps = {path: file_stamp(path) for path in paths.values()}  # before reading
        stale = [
            path
            for path, stamp in stamps.items()
            if ((cached := self._cache.get(path)) is None or cached.stamp != stamp)
            and self._inside(path)
        ]
        read = self.read_ahead(lang, settings, text, stale, counter.ahead) if stale else {}
        for path, (value, problems) in read.items():
            self._cache[path] = _Cached(stamps[path], value, problems)
        return set(read)

    def _course_text_reader(
        self, lang: str
    ) -> Callable[[Path], tuple[CourseText | None, list[Problem]]]:
        return lambda path: read_course_text(path, lang, self.renderer)

    def _read_lesson(self, path: Path) -> tuple[Lesson | None, list[Problem]]:
        return read_lesson(path, self.renderer)

    def _media(
        self, settings: Settings, text: CourseText, lessons: dict[str, Lesson], lang: str
    ) -> dict[str, Path]:
        """The media files the language uses: media path as written → the file to ship."""
        used = {i.path for lesson in lessons.values() for i in lesson.images()}
        used |= {i.path for i in text.images}
        if settings.image:
            used.add(settings.image)
        # The real path (links resolved) of each file, as checked: the build copies exactly
        # that file, and refuses it if a link appears on its way meanwhile (boundary).
        return {
            path: Path(os.path.realpath(found))
            for path in sorted(used)
            if (found := media_file(self.course_dir, path, lang))
        }


class _Counter:
    """Counts the lessons read, for a progress line."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total = total
        self.done = 0
        self.progress = progress

    def one_more(self, shown: bool = True) -> None:
        self.done += 1
        if shown and self.progress is not None:
            self.progress(self.done, self.total)

    def ahead(self, read: int) -> None:
        """``read`` lessons read ahead, counted later by ``one_more(shown=False)``."""
        if self.progress is not None:
            self.progress(self.done + read, self.total)


def _no_folder(settings: Settings, lang: str) -> Problem:
    return Problem(
        settings.language_wheres[settings.languages.index(lang)],
        _("the course's language '{lang}' has no folder {lang}/").format(lang=lang),
        _(
            "create {lang}/course.yaml and {lang}/lessons/, or remove '{lang}' from languages"
        ).format(lang=lang),
    )

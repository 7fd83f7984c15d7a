"""Reading many lessons at once in worker processes, for large courses.

A cold build of a large course spends most of its time on each lesson alone: parsing its
YAML, checking it, rendering its Markdown and writing its OLX. Those steps need nothing but
the lesson file and the language's course text, so ``read_lessons`` hands the files to a
pool of worker processes. Each worker reads and checks its lessons exactly as the single
process does (``assemble.read_lesson``) and, when asked, also builds each clean lesson's OLX
(``olx.lesson_files``) ahead of the checks across files: if those find a problem, that OLX
is simply not used. The main process keeps the order of the files, so problems come out
in the same order, with the same file:line, as without workers; and the archives are
byte-identical (``tests/builder/test_parallel.py``).

Small courses stay in one process (``worth_it``): starting workers and sending the
lessons' models back costs more than it saves below about a megabyte of YAML, and the
preview's rebuilds (one changed file) never come here.

Results travel as bytes pickled with a table of plain reducers for the model's frozen
dataclasses (``_PICKLE_TABLE``), and are unpickled with the cycle collector paused: the
default route for slotted frozen dataclasses (``__setstate__`` calling ``fields()`` for
each object) and the collector, triggered by ~10^5 new objects, tripled the cost.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import io
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Any

from latarnia_builder import model
from latarnia_builder.i18n import _
from latarnia_builder.model import Course, CourseText, Lesson, Settings
from latarnia_builder.problems import Problem

if TYPE_CHECKING:  # the CLI imports WorkerFailed: the stages are imported when needed
    from latarnia_builder.render import Renderer

# Below this much YAML to read, one process is faster (see docs/performance.md).
MIN_BYTES = 1_000_000
MIN_LESSONS = 2
CHUNKS_PER_WORKER = 8  # small enough chunks to balance the workers, large enough to batch


class WorkerFailed(Exception):
    """A worker process stopped without an answer (killed, out of memory, a crash)."""


# What a worker gives back for one lesson file: the lesson (None when unusable), its
# problems, and its OLX files (None when not asked for, or the lesson has problems).
Read = tuple[Lesson | None, list[Problem], dict[str, bytes] | None]


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def workers_for(jobs: int | None) -> int:
    """The number of processes ``--jobs`` asks for: None means one per core."""
    return available_cores() if jobs is None else max(1, jobs)


def worth_it(paths: Iterable[Path], jobs: int) -> bool:
    """Whether reading ``paths`` with ``jobs`` processes is worth starting workers."""
    if jobs <= 1:
        return False
    count = size = 0
    for path in paths:
        count += 1
        with contextlib.suppress(OSError):  # gone: the reader reports it
            size += path.stat().st_size
    return count >= MIN_LESSONS and size >= MIN_BYTES


class Workers:
    """A pool of worker processes reading lessons, started when first needed::

    with Workers(jobs) as workers:
        found = workers.read(paths, settings, text)   # once per language
    """

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=exc_info[0] is None, cancel_futures=True)
            self._pool = None

    def read(
        self,
        paths: list[Path],
        settings: Settings | None,
        text: CourseText | None,
        progress: Callable[[int], None] | None = None,
    ) -> dict[Path, Read]:
        """Read (and check) every lesson of ``paths``, in the order given.

        With ``settings`` and ``text`` (the language's course text), a lesson without
        problems comes with its OLX files. ``progress(done)`` is called as lessons come in.
        Raises ``WorkerFailed`` when a worker dies; an exception raised in a worker (a bug)
        is raised here as it would be in one process."""
        from latarnia_builder.source import no_gc

        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs, mp_context=_context(), initializer=_start_worker
            )
        size = max(1, -(-len(paths) // (self.jobs * CHUNKS_PER_WORKER)))
        context = (settings, text) if settings is not None and text is not None else None
        results: dict[Path, Read] = {}
        try:
            pending = {
                self._pool.submit(_read_chunk, paths[i : i + size], context): i
                for i in range(0, len(paths), size)
            }
            while pending:
                done, _running = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    start = pending.pop(future)
                    with no_gc():
                        answers = pickle.loads(future.result())
                    results.update(zip(paths[start : start + size], answers, strict=True))
                    if progress is not None:
                        progress(len(results))
        except BrokenProcessPool as error:
            raise WorkerFailed(
                _(
                    "a worker process stopped before it had read its lessons (killed, or out "
                    "of memory?); run again, or with --jobs 1 to use no worker processes"
                )
            ) from error
        return {path: results[path] for path in paths}


def _context() -> Any:
    """Fork where there is one: the workers start at once, with the modules imported."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


# -- in the worker ------------------------------------------------------------------------------

_renderer: Renderer | None = None


def _start_worker() -> None:
    from latarnia_builder.render import Renderer

    global _renderer
    # Ctrl-C reaches the whole process group: the main process handles it and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _renderer = Renderer()


def _read_chunk(paths: list[Path], context: tuple[Settings, CourseText] | None) -> bytes:
    from latarnia_builder import assemble, olx
    from latarnia_builder.source import no_gc

    assert _renderer is not None
    # Only the language's text and settings shape a lesson's OLX (olx.lesson_files).
    course = Course(*context, {}, {}) if context is not None else None
    answers: list[Read] = []
    with no_gc():
        for path in paths:
            lesson, problems = assemble.read_lesson(path, _renderer)
            files = None
            if course is not None and lesson is not None and not problems:
                try:
                    files = olx.lesson_files(lesson, course, _renderer)
                except Exception:
                    files = None
            answers.append((lesson, problems, files))
        return _dumps(answers)


# -- pickling -------------------------------------------------------------------------------------


def _reducer(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    names = tuple(field.name for field in dataclasses.fields(cls))

    def reduce(value: Any) -> tuple[type, tuple[Any, ...]]:
        return cls, tuple([getattr(value, name) for name in names])

    return reduce


# Every frozen dataclass of the model (and Problem) is rebuilt by calling it with its fields
# in order; none has a __post_init__ or a field outside __init__.
_PICKLE_TABLE: dict[Any, Any] = {
    **copyreg.dispatch_table,
    Problem: _reducer(Problem),
    **{
        cls: _reducer(cls)
        for cls in vars(model).values()
        if isinstance(cls, type)
        and dataclasses.is_dataclass(cls)
        and cls.__module__ == model.__name__
    },
}


def _dumps(value: Any) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _PICKLE_TABLE
    pickler.dump(value)
    return buffer.getvalue()

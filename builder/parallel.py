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
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
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
# Chunks small enough to balance the processes, large enough to batch. A worker claims a
# chunk or two ahead of the one it reads (the executor's call queue), which this process
# then waits for at the end: with ~8 lessons a chunk that is ~0.03 s, with ~20 it was ~0.1 s.
CHUNKS_PER_PROCESS = 64


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
    """This process and ``jobs - 1`` worker processes reading lessons together::

        with Workers(jobs, renderer) as workers:
            found = workers.read(paths, settings, text)   # once per language

    The lessons are cut into chunks, queued for the workers in order; meanwhile this
    process takes chunks from the end of the queue, as long as no worker has started them.
    Its own chunks need no pickling, and with 2 cores one worker beside it keeps both busy
    with less memory than two workers and an idle main process. The workers start when
    first needed."""

    def __init__(self, jobs: int, renderer: Renderer) -> None:
        self.jobs = jobs
        self.renderer = renderer  # this process's
        self._pool: ProcessPoolExecutor | None = None
        self._contexts = 0  # contexts sent to the workers (each worker keeps the last one)

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
                max_workers=max(1, self.jobs - 1), mp_context=_context(), initializer=_start_worker
            )
        size = max(1, -(-len(paths) // (self.jobs * CHUNKS_PER_PROCESS)))
        chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
        context = (settings, text) if settings is not None and text is not None else None
        results: dict[Path, Read] = {}

        def add(chunk: list[Path], answers: list[Read]) -> None:
            results.update(zip(chunk, answers, strict=True))
            if progress is not None:
                progress(len(results))

        def collect(futures: Iterable[Future[bytes]]) -> None:
            for future in futures:
                with no_gc():
                    add(pending.pop(future), pickle.loads(future.result()))

        try:
            # The language's settings and text go with every chunk, pickled once here and
            # unpickled once in each worker (for 128 chunks that was 0.2 s of both).
            self._contexts += 1
            packed = (self._contexts, _dumps(context)) if context is not None else None
            queued = [self._pool.submit(_read_chunk, chunk, packed) for chunk in chunks]
            pending = dict(zip(queued, chunks, strict=True))
            while queued and queued[-1].cancel():  # not started by a worker: do it here
                chunk = pending.pop(queued.pop())
                add(chunk, read_chunk(chunk, context, self.renderer))
                # The workers' answers so far, between this process's own chunks: unpickled
                # at the end, they would all wait for this process (~0.1 s a 1,000 lessons).
                collect([future for future in queued if future.done() and future in pending])
            while pending:
                done, _running = wait(pending, return_when=FIRST_COMPLETED)
                collect(done)
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


def read_chunk(
    paths: list[Path], context: tuple[Settings, CourseText] | None, renderer: Renderer
) -> list[Read]:
    """Read lessons as the reader does, and with ``context`` write each clean one's OLX."""
    from latarnia_builder import assemble, olx

    # Only the language's text and settings shape a lesson's OLX (olx.lesson_files).
    course = Course(*context, {}, {}) if context is not None else None
    answers: list[Read] = []
    for path in paths:
        lesson, problems = assemble.read_lesson(path, renderer)
        files = None
        if course is not None and lesson is not None and not problems:
            try:
                files = olx.lesson_files(lesson, course, renderer)
            except Exception:  # the build writes it again after the checks, and reports
                files = None
        answers.append((lesson, problems, files))
    return answers


# -- in a worker ----------------------------------------------------------------------------------

_renderer: Renderer | None = None


def _start_worker() -> None:
    from latarnia_builder.render import Renderer

    global _renderer
    # Ctrl-C reaches the whole process group: the main process handles it and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker holds both ends of its task queue, so it would wait for a task forever
    # if the main process were killed: it leaves when it finds itself orphaned.
    threading.Thread(target=_leave_when_orphaned, args=(os.getppid(),), daemon=True).start()
    _renderer = Renderer()


def _leave_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


_last_context: tuple[int, tuple[Settings, CourseText]] | None = None


def _read_chunk(paths: list[Path], packed: tuple[int, bytes] | None) -> bytes:
    """``read_chunk`` in a worker; ``packed``: the context's number and pickle, or None."""
    from latarnia_builder.source import no_gc

    global _last_context
    assert _renderer is not None
    with no_gc():
        context = None
        if packed is not None:
            if _last_context is None or _last_context[0] != packed[0]:
                _last_context = (packed[0], pickle.loads(packed[1]))
            context = _last_context[1]
        return _dumps(read_chunk(paths, context, _renderer))


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

"""Reading lessons in worker processes (builder/parallel.py) gives what one process gives.

The same archives byte for byte, the same problems in the same order with the same
file:line, and a clear error, not a hang, when a worker dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from latarnia_builder import assemble, cli, parallel
from latarnia_builder.build import BuildSession
from latarnia_builder.problems import report

from bench.build_bench import write_course
from tests.builder.courses import BAD, FULL, bad_course, copy_course

COURSE = Path(__file__).resolve().parents[2] / "course"


@pytest.fixture
def always_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers even for the small courses of the tests."""
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "MIN_LESSONS", 1)


def archives(course: Path, out: Path, jobs: int) -> dict[str, bytes]:
    session = BuildSession(course, out, jobs=jobs)
    result = session.build(archive=True)
    assert result.ok, report(result.problems)
    return {lang: path.read_bytes() for lang, path in result.archives.items()}


def test_a_large_course_gives_the_same_archive_with_workers(tmp_path: Path) -> None:
    size, _qti = write_course(tmp_path / "course", 150)
    assert size >= parallel.MIN_BYTES  # large enough for workers without any patching
    one = archives(tmp_path / "course", tmp_path / "one", jobs=1)
    many = archives(tmp_path / "course", tmp_path / "many", jobs=3)
    assert one == many


@pytest.mark.parametrize("course", [COURSE, FULL], ids=["course", "full-course"])
@pytest.mark.usefixtures("always_parallel")
def test_every_language_gives_the_same_archive_with_workers(course: Path, tmp_path: Path) -> None:
    # Callouts, tables, images, scenarios, help blocks, two languages.
    one = archives(course, tmp_path / "one", jobs=1)
    many = archives(course, tmp_path / "many", jobs=2)
    assert set(one) == {"pl", "en"}
    assert one == many


def test_workers_read_only_large_courses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("no workers for a small course")

    monkeypatch.setattr(parallel.Workers, "read", refuse)
    assert archives(FULL, tmp_path / "out", jobs=2)


# One session after another: the previous pool's manager thread, joined, may not have left
# the OS's thread list yet when the next pool forks (harmless: it holds no lock).
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
@pytest.mark.usefixtures("always_parallel", "in_tmp")
def test_problems_keep_their_order_and_place_with_workers(in_tmp: Path) -> None:
    reports = {}
    for name in sorted(p.name for p in BAD.iterdir() if p.is_dir() and p.name != "_base"):
        course = bad_course(name, in_tmp / name)
        for jobs in (1, 2):
            problems = BuildSession(course, jobs=jobs).check()[1]
            reports[name, jobs] = report(problems)
        assert reports[name, 1], name
        assert reports[name, 2] == reports[name, 1], name


@pytest.mark.usefixtures("always_parallel")
def test_a_rebuild_after_a_parallel_build_reads_only_the_changed_lesson(tmp_path: Path) -> None:
    course = copy_course(FULL, tmp_path / "course")
    session = BuildSession(course, tmp_path / "out", jobs=2)
    assert session.build().ok
    lesson = course / "pl" / "lessons" / "oferta.yaml"
    lesson.write_text(lesson.read_text().replace("title:", "title: Nowa", 1))
    assert session.build().ok
    fresh = archives(course, tmp_path / "fresh", jobs=1)
    assert {lang: path.read_bytes() for lang, path in session.build().archives.items()} == fresh


MAIN = os.getpid()
READ_LESSON = assemble.read_lesson


def _die_in_a_worker(*args: Any, **kwargs: Any) -> Any:
    if os.getpid() != MAIN:
        os.kill(os.getpid(), signal.SIGKILL)
    return READ_LESSON(*args, **kwargs)


@pytest.mark.usefixtures("always_parallel", "in_tmp")
def test_a_worker_that_dies_gives_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if parallel._context().get_start_method() != "fork":
        pytest.skip("the workers must inherit the patched reader")
    monkeypatch.setattr(assemble, "read_lesson", _die_in_a_worker)
    copy_course(FULL, in_tmp / "course")
    assert cli.main(["build", "course", "--jobs", "2"]) == cli.PROBLEMS
    error = capsys.readouterr().err
    assert error.startswith("latarnia: error: a worker process stopped")
    assert "--jobs 1" in error
    assert "Traceback" not in error
    assert not (in_tmp / "out").exists()


@pytest.mark.parametrize("value", ["0", "-1", "many"])
def test_jobs_must_be_a_positive_number(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["check", "--jobs", value])
    assert exit_.value.code == cli.USAGE
    assert "--jobs" in capsys.readouterr().err


ORPHAN = """
import os, signal, sys
from pathlib import Path
from latarnia_builder import parallel
from latarnia_builder.render import Renderer

parallel.MIN_BYTES = 0
workers = parallel.Workers(3, Renderer())
workers.read([Path("missing-%d.yaml" % n) for n in range(20)], None, None)
print(*workers._pool._processes, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_workers_leave_when_the_main_process_is_killed(tmp_path: Path) -> None:
    if parallel._context().get_start_method() != "fork":
        pytest.skip("spawned workers read EOF when the main process dies")
    output = tmp_path / "output"
    with output.open("w") as out:  # not a pipe: orphaned workers would hold it open
        done = subprocess.run([sys.executable, "-c", ORPHAN], cwd=tmp_path, stdout=out, check=False)
    assert done.returncode == -signal.SIGKILL
    workers = [int(pid) for pid in output.read_text().split()]
    assert len(workers) == 2

    def alive(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 10
    while any(map(alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(alive, workers))


@pytest.mark.usefixtures("always_parallel")
def test_old_key_warnings_are_the_same_with_workers(tmp_path: Path) -> None:
    """A course written with old key names warns about each one, in order, whether its lessons
    were read by worker processes or by this one (and builds the same archives)."""
    course = copy_course(
        Path(__file__).resolve().parents[1] / "fixtures" / "old-keys-course", tmp_path / "c"
    )
    results = {}
    for jobs in (1, 2):
        result = BuildSession(course, tmp_path / f"out{jobs}", jobs=jobs).build()
        assert result.ok, report(result.problems)
        results[jobs] = (
            [str(w) for w in result.warnings],
            {lang: path.read_bytes() for lang, path in result.archives.items()},
        )
    assert results[1][0], "the fixture uses old key names"
    assert results[1] == results[2]

"""A build is all or nothing across languages: a failure or a kill leaves the previous output
of every language, and a build removes the hidden leftovers of builds no longer running."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from latarnia_builder.build import BuildSession
from latarnia_builder.model import Course

from tests.builder.courses import FULL, copy_course
from tests.builder.test_build import digest


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """The full course (pl, en) built once, then edited in both languages."""
    course = copy_course(FULL, tmp_path / "course")
    out = tmp_path / "out"
    assert BuildSession(course, out).build().ok
    before = digest(out)
    for lang, old, new in (
        ("pl", "Większość ofert", "Wiele ofert"),
        ("en", "Most offers are honest.", "Many offers are honest."),
    ):
        lesson = course / lang / "lessons" / "oferta.yaml"
        lesson.write_text(lesson.read_text().replace(old, new))
    return course, out, before


def test_a_language_that_fails_leaves_every_language_as_it_was(
    built: tuple[Path, Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    course, out, before = built
    original = BuildSession.files

    def files(self: BuildSession, course_model: Course) -> dict[str, bytes | Path]:
        if course_model.lang == "en":
            raise RuntimeError("fault injected between the languages")
        return original(self, course_model)

    monkeypatch.setattr(BuildSession, "files", files)
    with pytest.raises(RuntimeError):
        BuildSession(course, out).build()
    assert digest(out) == before


def test_a_failure_while_writing_the_second_language_leaves_both(
    built: tuple[Path, Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    course, out, before = built
    original = Path.write_bytes

    def write_bytes(self: Path, data: bytes) -> int:
        if "/en/" in str(self) and self.name == "oferta.xml":
            raise OSError(28, "No space left on device")
        return original(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    with pytest.raises(OSError):
        BuildSession(course, out).build()
    monkeypatch.undo()
    assert digest(out) == before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


KILLER = """
import os, signal, sys
from pathlib import Path
from latarnia_builder.build import BuildSession
from latarnia_builder.model import Course

moved = []
original = os.replace

def replace(source, target):
    if not str(source).endswith(".json.part-%d" % os.getpid()):
        moved.append(target)
        if len(moved) == int(sys.argv[3]):
            os.kill(os.getpid(), signal.SIGKILL)  # kill -9 in the middle of the moves
    return original(source, target)

os.replace = replace
BuildSession(Path(sys.argv[1]), Path(sys.argv[2])).build()
"""


@pytest.mark.parametrize("moves", [1, 3, 5])
def test_a_build_killed_while_moving_its_output_is_undone_by_the_next(
    moves: int, built: tuple[Path, Path, dict[str, str]]
) -> None:
    course, out, before = built
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, str(course), str(out), str(moves)],
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert list(out.glob(".latarnia-commit-*.json"))  # it died half-way
    lesson = course / "pl" / "lessons" / "oferta.yaml"
    lesson.write_text(lesson.read_text() + "unknown_key: 1\n")
    assert not BuildSession(course, out).build().ok  # writes nothing, but recovers
    assert digest(out) == before


def test_a_build_removes_the_leftovers_of_killed_builds(
    built: tuple[Path, Path, dict[str, str]],
) -> None:
    course, out, _before = built
    process = subprocess.Popen(["true"])
    process.wait()
    dead = process.pid
    leftovers = [
        out / "pl" / f".course.new-{dead}",
        out / "pl" / f".course.old-{dead}",
        out / f".latarnia-KWP-Szczecin-HL900-2026-pl.tar.gz.part-{dead}",
        out / "pl" / "course" / "sequential" / f".oferta.xml.part-{dead}",
    ]
    for path in leftovers[:2]:
        (path / "course.xml").parent.mkdir(parents=True)
        (path / "course.xml").write_text("<course/>")
    for path in leftovers[2:]:
        path.write_bytes(b"partial")
    running = out / f".latarnia-KWP-Szczecin-HL900-2026-en.tar.gz.part-{os.getppid()}"
    running.write_bytes(b"another build, still running")
    journal = out / f".latarnia-commit-{dead}.json"
    journal.write_text(json.dumps([]))
    assert BuildSession(course, out).build().ok
    assert [p for p in leftovers if p.exists()] == []
    assert not journal.exists()
    assert running.exists()

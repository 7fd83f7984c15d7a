"""The course folder is a boundary: the builder reads nothing outside it, no special file, and
no file or YAML document beyond its limits — each refused with file:line and a message that
never shows what the refused file holds."""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from latarnia_builder import boundary
from latarnia_builder.build import BuildSession
from latarnia_builder.cli import main
from latarnia_builder.source import parse

from tests.builder.courses import BAD, copy_course

SECRET = "top-secret-line: do not print me"
LESSON = Path("pl") / "lessons" / "lekcja.yaml"


@pytest.fixture
def course(in_tmp: Path) -> Path:
    return copy_course(BAD / "_base", in_tmp / "course")


@pytest.fixture
def outside(in_tmp: Path) -> Path:
    """A folder beside the course, holding what the builder must never read."""
    folder = in_tmp / "outside"
    folder.mkdir()
    (folder / "secret.yaml").write_text(SECRET + "\n")
    (folder / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + SECRET.encode())
    return folder


def show_image(course: Path, path: str) -> None:
    """Make the lesson show ``path`` (on line 8 of the lesson file)."""
    lesson = course / LESSON
    lesson.write_text(
        lesson.read_text().replace(
            "      - text: Tekst lekcji.", f"      - text: |\n          ![Obraz]({path})"
        )
    )


def check(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", "course"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out


# -- links leaving the course -------------------------------------------------------------


@pytest.mark.parametrize("kind", ["absolute", "relative"])
def test_a_media_link_leaving_the_course_is_refused_and_not_shipped(
    kind: str, course: Path, outside: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (course / "media").mkdir()
    target = outside / "secret.png" if kind == "absolute" else Path("../../outside/secret.png")
    (course / "media" / "passwd.png").symlink_to(target)
    show_image(course, "media/passwd.png")
    code, out = check(capsys)
    assert code == 1
    assert out.splitlines()[0] == (
        "course/pl/lessons/lekcja.yaml:8:11: image 'media/passwd.png' leads outside the "
        "course folder (course/media/passwd.png is a link) — copy the file into media/ "
        "instead of linking to it"
    )
    assert SECRET not in out
    result = BuildSession(course, tmp_path / "out").build()
    assert not result.ok and not (tmp_path / "out").exists()


def test_a_linked_media_folder_leaving_the_course_is_refused(
    course: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (course / "media").mkdir()
    (course / "media" / "linked").symlink_to(outside, target_is_directory=True)
    show_image(course, "media/linked/secret.png")
    code, out = check(capsys)
    assert code == 1
    assert (
        "course/pl/lessons/lekcja.yaml:8:11: image 'media/linked/secret.png' leads outside" in out
    )


def test_a_course_image_leaving_the_course_is_refused(
    course: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (course / "media").mkdir()
    (course / "media" / "cover.png").symlink_to(outside / "secret.png")
    settings = course / "course.yaml"
    settings.write_text(settings.read_text() + "image: media/cover.png\n")
    code, out = check(capsys)
    assert code == 1
    assert "course/course.yaml:12:8: course image 'media/cover.png' leads outside the course" in out


def test_a_link_that_stays_inside_the_course_is_fine(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (course / "media").mkdir()
    (course / "media" / "real.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (course / "media" / "alias.svg").symlink_to("real.svg")
    show_image(course, "media/alias.svg")
    assert check(capsys) == (0, "No problems found in course (pl; 1 lesson).\n")


@pytest.mark.parametrize("swap", ["file", "folder"])
def test_a_media_file_swapped_for_a_link_after_the_check_is_not_shipped(
    swap: str,
    course: Path,
    outside: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The race a shared course folder allows: the image is checked, then replaced by a link
    (or its folder by a linked folder) before the build copies it. The build copies the file
    it checked or nothing, and says which file changed."""
    media = course / "media"
    media.mkdir()
    (media / "img").mkdir()
    (media / "img" / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\nan image of the course")
    show_image(course, "media/img/secret.png")
    rendered = BuildSession.files  # after the checks, before anything is written

    def render_then_swap(session: BuildSession, course):  # type: ignore[no-untyped-def]
        result = rendered(session, course)
        if swap == "file":
            (media / "img" / "secret.png").unlink()
            (media / "img" / "secret.png").symlink_to(outside / "secret.png")
        else:
            (media / "img").rename(media / "img-old")
            (media / "img").symlink_to(outside, target_is_directory=True)
        return result

    monkeypatch.setattr(BuildSession, "files", render_then_swap)
    code = main(["build", "course", "--out", "out"])
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.err
    assert "secret.png: this file changed while the course was built" in captured.err
    shipped = [p.read_bytes() for p in Path("out").rglob("*") if p.is_file()]
    assert not any(SECRET.encode() in data for data in shipped)


@pytest.mark.parametrize("name", ["lessons/lekcja.yaml", "course.yaml"])
def test_a_source_file_linked_outside_is_refused_without_its_content(
    name: str, course: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = course / "pl" / name
    path.unlink()
    path.symlink_to(outside / "secret.yaml")
    code, out = check(capsys)
    assert code == 1
    assert f"course/pl/{name}:1:1: this file is a link to a file outside the course folder" in out
    assert "top-secret" not in out


def _lessons_folder_linked_outside(course: Path, outside: Path) -> None:
    (outside / "lekcja.yaml").write_text(SECRET + "\n")
    lessons = course / "pl" / "lessons"
    lessons.rename(course.parent / "lessons-before")
    lessons.symlink_to(outside, target_is_directory=True)


def test_a_lessons_folder_linked_outside_is_refused_without_its_content(
    course: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _lessons_folder_linked_outside(course, outside)
    code, out = check(capsys)
    assert code == 1
    assert "course/pl/lessons/lekcja.yaml:1:1: this file is a link to a file outside" in out
    assert "top-secret" not in out


def test_a_folder_replaced_by_a_link_between_two_builds_is_refused(
    course: Path, outside: Path
) -> None:
    """The preview's session builds again and again: what lay inside the course at the first
    build may be a link leaving it at the next (the folders' real paths are not kept)."""
    session = BuildSession(course, course.parent / "out")
    assert session.build(archive=False).ok
    _lessons_folder_linked_outside(course, outside)
    result = session.build(archive=False)
    assert not result.ok
    assert any("outside the course folder" in p.message for p in result.problems)
    assert not any("top-secret" in p.message for p in result.problems)


# -- special files and limits -------------------------------------------------------------


def test_a_lesson_linked_to_a_device_is_refused_at_once(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (course / "pl" / "lessons" / "zero.yaml").symlink_to("/dev/zero")
    started = time.perf_counter()
    code, out = check(capsys)
    assert time.perf_counter() - started < 5
    assert code == 1
    assert "course/pl/lessons/zero.yaml:1:1: this file is a link to a file outside" in out


def test_a_fifo_named_yaml_does_not_hang_the_check(course: Path) -> None:
    os.mkfifo(course / "pl" / "lessons" / "rura.yaml")
    done = subprocess.run(
        [sys.executable, "-m", "latarnia_builder.cli", "check", "course"],
        cwd=course.parent,
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "LATARNIA_LANG": "en"},
    )
    assert done.returncode == 1, done.stderr
    assert (
        "course/pl/lessons/rura.yaml:1:1: this is not a regular file (a pipe, device or socket)"
        in done.stdout
    )


def test_a_socket_named_yaml_is_refused(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(course / "pl" / "lessons" / "gniazdo.yaml"))
        code, out = check(capsys)
    assert code == 1
    assert "course/pl/lessons/gniazdo.yaml:1:1: this is not a regular file" in out


def test_a_fifo_in_media_is_refused_where_the_image_is_shown(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (course / "media").mkdir()
    os.mkfifo(course / "media" / "rura.png")
    show_image(course, "media/rura.png")
    code, out = check(capsys)
    assert code == 1
    assert "course/pl/lessons/lekcja.yaml:8:11: image 'media/rura.png' is not a regular file" in out


def test_a_yaml_file_over_the_size_limit_is_refused(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = course / "pl" / "lessons" / "duza.yaml"
    big.write_text("title: x\n" + "# komentarz\n" * (boundary.MAX_YAML_BYTES // 12 + 1))
    code, out = check(capsys)
    assert code == 1
    assert "course/pl/lessons/duza.yaml:1:1: the file is larger than 2 MB" in out


def test_an_image_over_the_size_limit_is_refused(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (course / "media").mkdir()
    (course / "media" / "duze.png").write_bytes(b"\x89PNG" + b"\0" * boundary.MAX_IMAGE_BYTES)
    show_image(course, "media/duze.png")
    code, out = check(capsys)
    assert code == 1
    assert "course/pl/lessons/lekcja.yaml:8:11: image 'media/duze.png' is larger than 5 MB" in out


def billion_laughs() -> str:
    """Nine anchors, each a list of ten aliases to the one before: 10⁹ values."""
    names = "abcdefghi"
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for before, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [{', '.join(['*' + before] * 10)}]")
    return "\n".join([*lines, "units: *i", ""])


def test_a_billion_laughs_is_refused_at_once_in_little_memory() -> None:
    tracemalloc.start()
    started = time.perf_counter()
    node, problems = parse(Path("lol.yaml"), billion_laughs())
    took = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert node is None
    assert [p.message for p in problems] == [
        "the file repeats anchors (&, *) too many times: more than 200 000 values in all"
    ]
    assert took < 0.5
    assert peak < 20_000_000


def test_too_many_values_written_out_are_refused() -> None:
    text = "items:\n" + "  - a\n" * (boundary.MAX_YAML_NODES + 1)
    node, problems = parse(Path("many.yaml"), text)
    assert node is None
    assert [p.message for p in problems] == [
        "the file has too many values: more than 200 000 in all"
    ]

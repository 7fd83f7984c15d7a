"""The `latarnia` command as a trainer meets it: help, exit statuses, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from latarnia_builder.cli import main

from tests.builder.courses import BAD, MINIMAL, bad_course, copy_course


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as stop:  # argparse's own usage errors
        code = int(stop.code or 0)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


def test_the_installed_command_explains_itself() -> None:
    latarnia = Path(sys.executable).parent / "latarnia"
    result = subprocess.run([latarnia, "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    for command in ("check", "build", "new", "schema", "preview"):
        assert command in result.stdout


def test_the_installed_command_prints_everything_and_its_exit_status(in_tmp: Path) -> None:
    """The console script leaves with os._exit (no teardown): what it printed into a pipe
    must still arrive, and the status be main's."""
    latarnia = Path(sys.executable).parent / "latarnia"
    copy_course(MINIMAL, in_tmp / "course")

    # (stdout into a pipe is buffered, unless PYTHONUNBUFFERED says otherwise)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}

    def command(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [latarnia, *argv], cwd=in_tmp, capture_output=True, text=True, check=False, env=env
        )

    built = command("build", "course", "-o", "out")
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("pl: out/pl/course  out/latarnia-")
    assert built.stdout.rstrip().splitlines()[-1].startswith("Built in ")
    (in_tmp / "course" / "course.yaml").write_text("org: [\n")
    broken = command("check", "course")
    assert broken.returncode == 1
    assert "course/course.yaml:" in broken.stdout
    usage = command("build", "--jobs", "many")
    assert usage.returncode == 2
    assert "give a whole number of processes" in usage.stderr


@pytest.mark.parametrize("command", ["check", "build", "new", "schema", "preview"])
def test_each_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([command, "--help"], capsys)
    assert code == 0
    assert f"usage: latarnia {command}" in out


def test_build_help_names_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["build", "--help"], capsys)
    assert "COURSE_DIR" in out and "-o OUT_DIR" in out and "--lang L" in out


def test_new_lesson_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["new", "lesson", "--help"], capsys)
    assert code == 0 and "--track T" in out and "--title" in out


def test_check_exits_0_on_a_clean_course(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy_course(MINIMAL, in_tmp / "course")
    assert run(["check", "course"], capsys) == (
        0,
        "No problems found in course (pl; 1 lesson).\n",
        "",
    )


def test_check_without_a_folder_finds_course_here(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_course(MINIMAL, in_tmp / "course")
    assert run(["check"], capsys)[0] == 0


def test_check_exits_1_and_build_writes_nothing_on_problems(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad_course("no-correct-answer", in_tmp / "course")
    code, out, _ = run(["check", "course"], capsys)
    assert code == 1 and out.endswith("2 problems found.\n")
    code, out, _ = run(["build", "course", "-o", "out"], capsys)
    assert code == 1 and out.endswith("Nothing was written.\n")
    assert not (in_tmp / "out").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "usage: latarnia"),
        (["bogus"], "invalid choice: 'bogus'"),
        (["check", "nowhere"], "no such folder: nowhere"),
        (["check", "file.txt"], "file.txt is a file; give the course folder"),
        (["check", "empty"], "empty is not a course folder: it has no course.yaml"),
        (["check", "--lnag", "pl"], "unrecognized arguments: --lnag"),
        (["new"], "say what to create"),
        (["new", "lesson", "Zła Nazwa", "--course", "course"], "is not a valid lesson id"),
        (["build", "course", "-o", "file.txt"], "file.txt is a file; give a folder"),
        (["preview", "course", "--port", "http"], "invalid int value: 'http'"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (in_tmp / "file.txt").write_text("x")
    (in_tmp / "empty").mkdir()
    copy_course(MINIMAL, in_tmp / "course")
    code, out, err = run(argv, capsys)
    assert code == 2
    assert message in out + err


def test_a_language_the_course_does_not_have(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_course(MINIMAL, in_tmp / "course")
    code, out, _ = run(["check", "course", "--lang", "de"], capsys)
    assert code == 1
    assert "the course has no language 'de' — its languages are 'pl'" in out


# -- garbage in, a clear sentence out -------------------------------------------------------------


def test_settings_file_that_is_binary(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course = copy_course(BAD / "_base", in_tmp / "course")
    (course / "course.yaml").write_bytes(bytes(range(256)))
    code, out, _ = run(["check", "course"], capsys)
    assert (code, out.splitlines()[0]) == (
        1,
        "course/course.yaml:1:1: this is not a text file (it contains binary data)",
    )


def test_settings_file_that_is_a_folder(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course = copy_course(BAD / "_base", in_tmp / "course")
    (course / "course.yaml").unlink()
    (course / "course.yaml").mkdir()
    code, out, _ = run(["check", "course"], capsys)
    assert (code, out.splitlines()[0]) == (
        1,
        "course/course.yaml:1:1: this is a folder, expected a YAML file",
    )


def test_an_unreadable_lesson(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_course(BAD / "_base", in_tmp / "course")
    original = os.open

    def open_file(path: str | Path, flags: int, *args: int) -> int:
        if Path(path).name == "lekcja.yaml":  # (root may read any file: chmod would not do)
            raise PermissionError(13, "Permission denied", str(path))
        return original(path, flags, *args)

    monkeypatch.setattr(os, "open", open_file)
    code, out, _ = run(["check", "course"], capsys)
    assert code == 1
    assert "course/pl/lessons/lekcja.yaml:1:1: cannot read this file (permission denied)" in out


def test_a_settings_file_that_is_a_list(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course = copy_course(BAD / "_base", in_tmp / "course")
    (course / "course.yaml").write_text("- org\n- number\n")
    code, out, _ = run(["check", "course"], capsys)
    assert (code, out.splitlines()[0]) == (
        1,
        "course/course.yaml:1:1: expected course settings (keys and values), found a list",
    )


def test_an_output_folder_that_cannot_be_written(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_course(MINIMAL, in_tmp / "course")

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    code, _, err = run(["build", "course", "-o", "out"], capsys)
    assert code == 1
    assert err.startswith("latarnia: error: out") and "Permission denied" in err


def test_preview_is_wired_to_builder_preview(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import latarnia_builder.preview

    calls = []
    monkeypatch.setattr(
        latarnia_builder.preview,
        "serve",
        lambda course_dir, **kw: calls.append((course_dir, kw)) or 0,
    )
    copy_course(MINIMAL, in_tmp / "course")
    assert run(["preview", "course", "--port", "8123", "--no-watch"], capsys)[0] == 0
    assert calls == [
        (Path("course"), {"host": "127.0.0.1", "port": 8123, "lang": None, "watch": False})
    ]


def test_long_builds_show_progress_on_a_terminal(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from latarnia_builder import cli

    course = copy_course(BAD / "_base", in_tmp / "course")
    lesson = (course / "pl" / "lessons" / "lekcja.yaml").read_text()
    ids = [f"lekcja-{n:03d}" for n in range(120)]
    for lesson_id in ids:
        text = lesson.replace("id: pytanie", f"id: pytanie-{lesson_id}")
        (course / "pl" / "lessons" / f"{lesson_id}.yaml").write_text(text)
    (course / "pl" / "lessons" / "lekcja.yaml").unlink()
    settings = (course / "pl" / "course.yaml").read_text()
    (course / "pl" / "course.yaml").write_text(
        settings.replace("lessons: [lekcja]", f"lessons: [{', '.join(ids)}]")
    )
    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True)
    code, out, err = run(["build", "course", "-o", "out"], capsys)
    assert code == 0, out
    assert "\rChecking: 120/120 lessons\n" in err
    assert "\rBuilding pl: 120/120 lessons\n" in err
    code, out, err = run(["check", "course"], capsys)
    assert "Checking: 120/120 lessons" in err

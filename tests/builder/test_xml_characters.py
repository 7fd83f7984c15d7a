"""Characters no XML file may hold (so no OLX): reported by `check` where they are written,
never an "internal error" of `build`."""

from __future__ import annotations

from pathlib import Path

import pytest
from latarnia_builder.cli import main

from tests.builder.courses import BAD, copy_course

MESSAGE = "cannot be part of a course: XML does not allow it"


@pytest.mark.parametrize(
    ("written", "column", "code"),
    [
        (r"\0", 29, "0000"),
        (r"\x01", 29, "0001"),
        (r"\v", 29, "000B"),
        (r"\uFFFE", 29, "FFFE"),
        ("&#1;", 29, "0001"),
        ("&#x0B;", 29, "000B"),
    ],
)
def test_check_reports_the_character_and_build_writes_nothing(
    written: str, column: int, code: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = copy_course(BAD / "_base", in_tmp / "course")
    lesson = course / "pl" / "lessons" / "lekcja.yaml"
    lesson.write_text(
        lesson.read_text().replace(
            "      - text: Tekst lekcji.", f'      - text: "Tekst lekcji {written} dalej."'
        )
    )
    assert main(["check", "course"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        f"course/pl/lessons/lekcja.yaml:7:{column}: the character U+{code} {MESSAGE} — "
        f"remove '{written}' from the text"
    )
    assert main(["build", "course", "-o", "out"]) == 1
    captured = capsys.readouterr()
    assert "internal error" not in captured.err and "Traceback" not in captured.err
    assert "Nothing was written." in captured.out
    assert not (in_tmp / "out").exists()


def test_a_key_with_such_a_character_is_reported(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = copy_course(BAD / "_base", in_tmp / "course")
    lesson = course / "pl" / "lessons" / "lekcja.yaml"
    lesson.write_text(lesson.read_text() + '"klucz\\x02": 1\n')
    assert main(["check", "course"]) == 1
    assert f"course/pl/lessons/lekcja.yaml:25:7: the character U+0002 {MESSAGE}" in (
        capsys.readouterr().out
    )


@pytest.mark.parametrize(
    ("character", "message"),
    [
        ("\x0b", f"the character U+000B {MESSAGE} — remove it from the text"),  # pasted from Word
        ("\x07", f"the character U+0007 {MESSAGE} — remove it from the text"),
        ("\x86", "the character U+0086 cannot be written in a YAML file"),  # XML allows it
    ],
)
@pytest.mark.parametrize("start", ["", "\ufeff"], ids=["utf-8", "with a byte order mark"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_a_raw_control_character_is_reported_where_it_is_after_polish_letters(
    character: str,
    message: str,
    start: str,
    newline: str,
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """libyaml refuses the file and gives a byte offset: the column counts characters."""
    course = copy_course(BAD / "_base", in_tmp / "course")
    lesson = course / "pl" / "lessons" / "lekcja.yaml"
    text = lesson.read_text().replace("title: ", "title: Żółć ", 1)
    text = text.replace(
        "      - text: Tekst lekcji.", f"      - text: Żółta łódź{character} płynie."
    )
    lesson.write_bytes((start + text).replace("\n", newline).encode("utf-8"))
    assert main(["check", "course"]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"course/pl/lessons/lekcja.yaml:7:25: {message}")

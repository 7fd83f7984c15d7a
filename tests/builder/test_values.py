"""Values as trainers write them: a quoted ISO date is the same date; a quoted true/false
is text, and the hint says to remove the quotes."""

from __future__ import annotations

from pathlib import Path

import pytest
from latarnia_builder.build import BuildSession
from latarnia_builder.cli import main
from lxml import etree

from tests.builder.courses import BAD, copy_course


def replace(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` of the file with ``new``."""
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_quoted_iso_dates_are_dates(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course = copy_course(BAD / "_base", in_tmp / "course")
    replace(course / "course.yaml", "start: 2026-10-01", 'start: "2026-10-01"')
    replace(course / "course.yaml", "end: 2027-12-31", "end: '2027-12-31T12:00:00Z'")
    replace(course / "pl" / "course.yaml", "checked: 2025-10-31", 'checked: "2025-10-31"')
    replace(course / "pl" / "lessons" / "lekcja.yaml", "date: 2025-01-01", 'date: "2025-01-01"')
    assert main(["check", "course"]) == 0, capsys.readouterr().out
    result = BuildSession(course, in_tmp / "out").build()
    assert result.ok
    olx_course = etree.parse(str(result.olx_dirs["pl"] / "course" / "1-pl.xml")).getroot()
    assert (olx_course.get("start"), olx_course.get("end")) == (
        "2026-10-01T00:00:00Z",
        "2027-12-31T12:00:00Z",
    )
    sources = (result.olx_dirs["pl"] / "sequential" / "lekcja.xml").read_text()
    assert "2025-01-01" in sources


def test_a_quoted_date_that_does_not_exist_is_still_refused(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = copy_course(BAD / "_base", in_tmp / "course")
    replace(course / "course.yaml", "start: 2026-10-01", 'start: "2026-02-30"')
    assert main(["check", "course"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        "course/course.yaml:6:8: expected a date like 2025-10-31, found '2026-02-30' — "
        "the date does not exist; write year-month-day with two-digit month and day"
    )


def test_a_quoted_true_or_false_is_refused_with_remove_the_quotes(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = copy_course(BAD / "_base", in_tmp / "course")
    replace(
        course / "pl" / "lessons" / "lekcja.yaml",
        "                  correct: true",
        '                  correct: "true"',
    )
    assert main(["check", "course"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        "course/pl/lessons/lekcja.yaml:18:28: expected true or false, found 'true' — "
        "remove the quotes: true without them is true or false"
    )

"""Every check of `latarnia check`, one bad course each: the exact file:line:column, message
and hint a trainer sees.

Each folder under tests/fixtures/bad/ holds the files that differ from the clean course in
bad/_base/ and, in expected.txt, what `latarnia check` must print for them. After changing
a message on purpose, LATARNIA_REGENERATE=1 rewrites the expected.txt files (read the diff).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from latarnia_builder.cli import main

from tests.builder.courses import BAD, bad_course, copy_course

CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir() and not p.name.startswith("_"))


def run_check(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", "course"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out


def test_the_base_course_is_clean(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy_course(BAD / "_base", in_tmp / "course")
    code, out = run_check(in_tmp, capsys)
    assert (code, out) == (0, "No problems found in course (pl; 1 lesson).\n")


@pytest.mark.parametrize("name", CASES)
def test_bad_course_reports_each_problem_where_it_is(
    name: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad_course(name, in_tmp / "course")
    code, out = run_check(in_tmp, capsys)
    expected_file = BAD / name / "expected.txt"
    if os.environ.get("LATARNIA_REGENERATE"):
        expected_file.write_text(out)
    assert out == expected_file.read_text()
    assert code == 1


def test_every_fixture_is_used_by_a_check(in_tmp: Path) -> None:
    """A fixture without expected.txt would silently test nothing."""
    missing = [name for name in CASES if not (BAD / name / "expected.txt").is_file()]
    assert missing == []

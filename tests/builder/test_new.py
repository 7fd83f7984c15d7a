"""`latarnia new lesson`: a lesson that passes the checks, added to its track, comments kept."""

from __future__ import annotations

from pathlib import Path

import latarnia_builder
import pytest
from latarnia_builder.build import BuildSession
from latarnia_builder.cli import main

from tests.builder.courses import BAD, FULL, copy_course


def test_a_new_lesson_in_every_language_passes_the_checks(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = copy_course(FULL, in_tmp / "course")
    assert (
        main(["new", "lesson", "praca-umowa", "--course", "course", "--title", "Umowa: co w niej?"])
        == 0
    )
    assert capsys.readouterr().out.splitlines() == [
        "created course/pl/lessons/praca-umowa.yaml",
        "created course/en/lessons/praca-umowa.yaml",
        "added 'praca-umowa' to course/pl/course.yaml",
        "added 'praca-umowa' to course/en/course.yaml",
    ]
    assert (
        "lessons: [test-wstepny, oferta, test-koncowy, praca-umowa]"
        in (course / "pl" / "course.yaml").read_text()
    )
    path = course / "pl" / "lessons" / "praca-umowa.yaml"
    lesson = path.read_text()
    header, schema = lesson.splitlines()[0].split("=")
    assert header == "# yaml-language-server: $schema"
    assert (path.parent / schema).resolve() == Path(
        latarnia_builder.__file__
    ).parent / "schema" / "latarnia.schema.json"
    assert 'title: "Umowa: co w niej?"' in lesson
    courses, problems = BuildSession(course).check()
    assert problems == []
    assert list(courses["en"].lessons)[-1] == "praca-umowa"


def test_appending_to_a_block_list_keeps_comments(in_tmp: Path) -> None:
    course = copy_course(BAD / "_base", in_tmp / "course")
    with (course / "pl" / "course.yaml").open("a") as text:
        text.write(
            "  - id: druga  # druga ścieżka\n    title: Druga\n"
            "    lessons:\n      - lekcja-b  # ważne\n"
        )
    (course / "pl" / "lessons" / "lekcja-b.yaml").write_text(
        (course / "pl" / "lessons" / "lekcja.yaml").read_text().replace("pytanie", "pytanie-b")
    )
    assert main(["new", "lesson", "nowa", "--course", "course", "--track", "druga"]) == 0
    assert (
        (course / "pl" / "course.yaml")
        .read_text()
        .endswith(
            "  - id: druga  # druga ścieżka\n    title: Druga\n    lessons:\n"
            "      - lekcja-b  # ważne\n      - nowa\n"
        )
    )
    assert BuildSession(course).check()[1] == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--track", "drga"], "has no track 'drga' — did you mean 'druga'?"),
        ([], "say which track with --track: 'sciezka' or 'druga'"),
        (["--lang", "de", "--track", "druga"], "the course has no language 'de'"),
    ],
)
def test_new_lesson_says_what_is_wrong_with_the_command(
    argv: list[str], message: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = copy_course(BAD / "_base", in_tmp / "course")
    with (course / "pl" / "course.yaml").open("a") as text:
        text.write("  - id: druga\n    title: Druga\n    lessons: []\n")
    assert main(["new", "lesson", "nowa", "--course", "course", *argv]) == 2
    assert message in capsys.readouterr().err


def test_an_existing_lesson_is_not_overwritten(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = copy_course(BAD / "_base", in_tmp / "course")
    before = (course / "pl" / "lessons" / "lekcja.yaml").read_text()
    assert main(["new", "lesson", "lekcja", "--course", "course"]) == 2
    assert "already exists and is in its track" in capsys.readouterr().err
    assert (course / "pl" / "lessons" / "lekcja.yaml").read_text() == before

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
        "lessons: [test-wstepny, oferta, praca-umowa, test-koncowy]"  # before the final test
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
    assert list(courses["en"].lessons)[-2] == "praca-umowa"
    english = (course / "en" / "lessons" / "praca-umowa.yaml").read_text()
    assert "Umowa" not in english  # --title is the primary language's title
    assert 'title: "[TODO] Praca umowa"' in english


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


@pytest.mark.parametrize(
    ("place", "lessons"),
    [
        ([], "[test-wstepny, oferta, nowa, test-koncowy]"),
        (["--after", "test-wstepny"], "[test-wstepny, nowa, oferta, test-koncowy]"),
        (["--before", "test-wstepny"], "[nowa, test-wstepny, oferta, test-koncowy]"),
        (["--after", "test-koncowy"], "[test-wstepny, oferta, test-koncowy, nowa]"),
    ],
)
def test_a_new_lesson_goes_where_it_is_asked_in_every_language(
    place: list[str], lessons: str, in_tmp: Path
) -> None:
    course = copy_course(FULL, in_tmp / "course")
    assert main(["new", "lesson", "nowa", "--course", "course", *place]) == 0
    for lang in ("pl", "en"):
        assert f"lessons: {lessons}" in (course / lang / "course.yaml").read_text()
    assert BuildSession(course).check()[1] == []


def test_a_block_list_gets_the_new_lesson_before_the_final_test(in_tmp: Path) -> None:
    course = copy_course(FULL, in_tmp / "course")
    path = course / "pl" / "course.yaml"
    path.write_text(
        path.read_text().replace(
            "lessons: [test-wstepny, oferta, test-koncowy]",
            "lessons:\n      - test-wstepny\n      - oferta  # ważne\n      - test-koncowy",
        )
    )
    assert main(["new", "lesson", "nowa", "--course", "course", "--lang", "pl"]) == 0
    assert path.read_text().endswith(
        "    lessons:\n      - test-wstepny\n      - oferta  # ważne\n      - nowa\n"
        "      - test-koncowy\n"
    )


def test_an_unknown_place_is_a_usage_error(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_course(FULL, in_tmp / "course")
    assert main(["new", "lesson", "nowa", "--course", "course", "--after", "ofera"]) == 2
    assert "has no lesson 'ofera' — did you mean 'oferta'?" in capsys.readouterr().err


def test_each_language_gets_its_own_title(in_tmp: Path) -> None:
    course = copy_course(FULL, in_tmp / "course")
    argv = ["new", "lesson", "nowa", "--course", "course"]
    assert main([*argv, "--title-pl", "Umowa o pracę", "--title-en", "Employment contract"]) == 0
    assert "title: Umowa o pracę\n" in (course / "pl" / "lessons" / "nowa.yaml").read_text()
    english = (course / "en" / "lessons" / "nowa.yaml").read_text()
    assert "title: Employment contract\n" in english and "Umowa" not in english


def test_titles_are_asked_for_in_a_terminal(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    course = copy_course(FULL, in_tmp / "course")
    answers = iter(["Umowa o pracę", ""])
    prompts = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or next(answers))
    assert main(["new", "lesson", "nowa", "--course", "course"]) == 0
    assert [p.split("'")[1] for p in prompts] == ["pl", "en"]
    assert "title: Umowa o pracę\n" in (course / "pl" / "lessons" / "nowa.yaml").read_text()
    assert 'title: "[TODO] Nowa"' in (course / "en" / "lessons" / "nowa.yaml").read_text()


def test_check_warns_until_the_template_text_is_replaced(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = copy_course(FULL, in_tmp / "course")
    assert main(["new", "lesson", "nowa", "--course", "course", "--title-pl", "Nowa"]) == 0
    capsys.readouterr()
    assert main(["check", "course"]) == 0
    out = capsys.readouterr().out
    assert "course/pl/lessons/nowa.yaml:11:15: warning: text from the lesson template" in out
    assert main(["check", "course", "--strict"]) == 1
    for lang in ("pl", "en"):
        path = course / lang / "lessons" / "nowa.yaml"
        path.write_text(path.read_text().replace("[TODO] ", "").replace("[TODO]", "Nowa"))
    capsys.readouterr()
    assert main(["check", "course"]) == 0
    assert "template" not in capsys.readouterr().out  # the fixture's other warnings remain

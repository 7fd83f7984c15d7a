"""Item-quality warnings (latarnia_builder.checks.items): one small quiz per rule, built from the
model, and the same quiz fixed. Each rule must warn where a trainer would look (the quiz, the
question or the option) and stay silent on the fixed quiz.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from latarnia_builder.checks import items as item_checks
from latarnia_builder.model import (
    AssignmentType,
    Choice,
    Contact,
    Course,
    CourseText,
    Grading,
    Help,
    Lesson,
    Question,
    Quiz,
    Settings,
    Source,
    TextBlock,
    Track,
    Unit,
)
from latarnia_builder.problems import Where

REPO = Path(__file__).resolve().parents[2]
HERE = Path("course/pl/lessons/lekcja.yaml")


def at(line: int) -> Where:
    return Where(HERE, line, 1)


def single(qid: str, texts: list[str], key: int, line: int = 10, ask: str = "Co robisz?"):
    choices = tuple(
        Choice(f"c{i}", text, i == key, "", at(line + 1 + i)) for i, text in enumerate(texts)
    )
    return Question(qid, "single", ask, choices=choices, where=at(line))


def multiple(qid: str, texts: list[str], keys: set[int], line: int = 10):
    choices = tuple(
        Choice(f"c{i}", text, i in keys, "", at(line + 1 + i)) for i, text in enumerate(texts)
    )
    return Question(qid, "multiple", "Zaznacz wszystkie.", choices=choices, where=at(line))


SAME = ["Dzwonię na policję", "Pytam o umowę", "Czekam na kontakt", "Szukam w sieci"]


def course_of(*lessons: Lesson, contacts: tuple[Contact, ...] = ()) -> Course:
    settings = Settings(
        "T", "T1", "1", ("pl",), dt.date(2026, 12, 1), None, "",
        Grading(0.6, (AssignmentType("quiz", 1.0, "Q"),)),
    )  # fmt: skip
    text = CourseText(
        "pl", "Kurs", "Opis", (), Help("Pomoc", contacts, ()),
        (Track("t", "Ścieżka", tuple(lesson.id for lesson in lessons), at(1)),),
    )  # fmt: skip
    return Course(settings, text, {lesson.id: lesson for lesson in lessons}, {})


def lesson_of(lesson_id: str, *questions: Question, assignment: str = "quiz", shuffle=False):
    quiz = Quiz("quiz", "Quiz", tuple(questions), shuffle=shuffle, where=at(5))
    return Lesson(lesson_id, lesson_id, (Unit("u", "U", (quiz,)),), (), assignment=assignment)


def messages(course: Course) -> list[str]:
    return [str(problem) for problem in item_checks.check_items(course)]


def test_the_key_in_one_position_warns_unless_the_quiz_shuffles() -> None:
    questions = [single(f"q{i}", SAME, key=0, line=10 * i) for i in range(1, 5)]
    found = messages(course_of(lesson_of("a", *questions)))
    assert any(m.startswith(f"{HERE}:5:1: in 4 of 4 single-choice questions") and "option 1" in m
               for m in found), found  # fmt: skip
    assert not any(
        "option 1" in m for m in messages(course_of(lesson_of("a", *questions, shuffle=True)))
    )
    varied = [single(f"q{i}", SAME, key=i % 4, line=10 * i) for i in range(1, 5)]
    assert not any(
        "answering by position" in m for m in messages(course_of(lesson_of("a", *varied)))
    )


def test_right_options_first_in_multiple_choice_questions_warn() -> None:
    first = [multiple(f"q{i}", SAME, {0, 1}, line=10 * i) for i in range(1, 4)]
    assert any("right options come first" in m for m in messages(course_of(lesson_of("a", *first))))
    mixed = [multiple(f"q{i}", SAME, {i % 4, (i + 2) % 4}, line=10 * i) for i in range(1, 4)]
    assert not any("come first" in m for m in messages(course_of(lesson_of("a", *mixed))))


def test_a_key_much_longer_than_the_others_warns_at_the_key() -> None:
    long_key = single(
        "q1", ["Nie", "Tak", "Zadzwonię do KCIK i opiszę całą sytuację ze szczegółami"], 2
    )
    found = messages(course_of(lesson_of("a", long_key)))
    assert [m for m in found if m.startswith(f"{HERE}:13:1: the right answer of question 'q1'")]
    even = single("q1", ["Nie reaguję", "Pytam o umowę", "Dzwonię do KCIK"], 2)
    assert not any("much longer" in m for m in messages(course_of(lesson_of("a", even))))


def test_the_longest_option_right_in_most_questions_warns_for_the_quiz_and_track() -> None:
    options = ["Krótko", "Nieco dłużej", "Najdłuższa odpowiedź"]
    questions = [single(f"q{i}", options, 2, line=10 * i) for i in range(1, 7)]
    found = messages(course_of(lesson_of("a", *questions)))
    assert any("quiz 'quiz' the right answer is the longest option" in m for m in found)
    assert any(
        m.startswith(f"{HERE}:1:1: in 6 of 6 single-choice questions of track 't'") for m in found
    )
    mixed = [single(f"q{i}", options, i % 3, line=10 * i) for i in range(1, 7)]
    assert not any("longest option" in m for m in messages(course_of(lesson_of("a", *mixed))))


def test_repeated_options_and_all_or_none_of_the_above_warn_at_the_option() -> None:
    repeated = single("q1", ["Tak", "Nie", "tak"], 0, line=20)
    found = messages(course_of(lesson_of("a", repeated)))
    assert any(
        m.startswith(f"{HERE}:23:1: question 'q1' offers the same option twice") for m in found
    )
    for text in ("Wszystkie powyższe", "None of the above", "żadna z powyższych"):
        question = single("q2", ["Tak", "Nie", text], 0, line=30)
        assert any(m.startswith(f"{HERE}:33:1: 'all/none of the above'") for m in
                   messages(course_of(lesson_of("a", question)))), text  # fmt: skip


@pytest.mark.parametrize(
    ("ask", "warns"),
    [
        ("Który z tych sygnałów nie świadczy o werbunku?", True),
        ("Which of these is not a warning sign?", True),
        ("Który z tych sygnałów **nie** świadczy o werbunku?", False),
        ("Which of these is NOT a warning sign?", False),
        ("Ktoś mówi: „To nie u nas.” Co odpowiesz?", False),  # the negation is quoted speech
        ("Kasia nie ma umowy. Co powinna zrobić?", False),  # not in the question itself
    ],
)
def test_a_negative_question_must_emphasise_its_negation(ask: str, warns: bool) -> None:
    question = single("q1", SAME, 1, ask=ask)
    found = [m for m in messages(course_of(lesson_of("a", question))) if "exception" in m]
    assert bool(found) == warns, found


def test_mirrors_must_pair_each_pretest_question_with_one_final_question_of_its_shape() -> None:
    pre = lesson_of("pre", single("p1", SAME, 1), single("p2", SAME, 2), assignment="pretest")
    good = lesson_of(
        "fin",
        replace(single("f1", SAME, 3), mirrors="p1", mirrors_where=at(40)),
        replace(single("f2", SAME, 0), mirrors="p2", mirrors_where=at(41)),
        assignment="final",
    )
    assert not any("mirror" in m for m in messages(course_of(pre, good)))

    truefalse = Question("f1", "truefalse", "Prawda?", choices=(
        Choice("true", "", True, ""), Choice("false", "", False, "")), mirrors="p1",
        mirrors_where=at(40))  # fmt: skip
    bad = lesson_of(
        "fin",
        truefalse,
        replace(single("f2", SAME, 0), mirrors="q-of-a-quiz", mirrors_where=at(41)),
        assignment="final",
    )
    found = messages(course_of(pre, bad))
    assert any(m.startswith(f"{HERE}:40:1: question 'f1' (truefalse, 2 options) mirrors 'p1'")
               for m in found), found  # fmt: skip
    assert any(m.startswith(f"{HERE}:41:1: final-test question 'f2' mirrors 'q-of-a-quiz'")
               for m in found), found  # fmt: skip
    assert any("'p2' is mirrored by 0 final-test questions" in m for m in found), found


def test_a_help_contact_checked_over_a_year_before_the_start_warns() -> None:
    old = Contact("kcik", "KCIK", "+48 22 628 01 20", "2025-10", where=at(7))
    fresh = Contact("112", "112", "112", "2026-11-29", where=at(9))
    found = messages(course_of(lesson_of("a", single("q", SAME, 1)), contacts=(old, fresh)))
    assert [m for m in found if m.startswith(f"{HERE}:7:1: help contact 'kcik'")]
    assert not [m for m in found if "'112'" in m]


QUESTION = """\
            - id: pytanie{n}
              ask: Co robisz, gdy pracodawca zabiera paszport?
              choices:
                - text: Proszę o jego zwrot
                  correct: true
                  feedback: Dobrze.
                - text: Czekam, aż sam go odda
                  feedback: Paszport należy do ciebie.
                - text: Zostawiam mu go na przechowanie
                  feedback: Paszport należy do ciebie.
"""


def test_figures_valid_until_before_the_course_ends_warn() -> None:
    settings_end = dt.date(2027, 12, 31)
    source = Source("Rozporządzenie", "2025-09-11", "", at(30), "2026-12-31", at(31))
    later = Source("Ustawa", "2025-01-01", "", at(32), "2027-12", at(33))
    block = TextBlock("placa", "Płaca minimalna w 2026 r.", (), at(40), "2026", at(41))
    unit = Unit("u", "U", (block,))
    lesson = Lesson("a", "A", (unit,), (source, later))
    course = course_of(lesson)
    course = replace(course, settings=replace(course.settings, end=settings_end))
    found = [m for m in messages(course) if "holds until" in m]
    assert [m.split(": warning")[0].split(": this")[0] for m in found] == [
        f"{HERE}:31:1",
        f"{HERE}:41:1",
    ], found
    assert "but the course runs until 2027-12-31" in found[0]


def test_check_strict_fails_on_warnings_and_plain_check_passes(tmp_path: Path) -> None:
    """The real command on a copy of the clean test course whose quiz puts every key first."""
    course = tmp_path / "course"
    shutil.copytree(REPO / "tests/fixtures/bad/_base", course)
    lesson = course / "pl/lessons/lekcja.yaml"
    head, rest = lesson.read_text().split("          questions:\n")
    tail = rest[rest.index("sources:") :]
    questions = "".join(QUESTION.format(n=n) for n in range(4))
    head = head.replace("          id: quiz\n", "          id: quiz\n          shuffle: false\n")
    lesson.write_text(f"{head}          questions:\n{questions}{tail}")
    env = {**os.environ, "LATARNIA_LANG": "en"}
    cli = [sys.executable, "-m", "latarnia_builder.cli", "check"]
    plain = subprocess.run([*cli, "course"], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert "lekcja.yaml:12:11: warning: in 4 of 4 single-choice questions of quiz 'quiz'" in (
        plain.stdout
    ), plain.stdout
    assert plain.stdout.endswith("1 warning.\nNo problems found in course (pl; 1 lesson).\n")
    strict = subprocess.run(
        [*cli, "--strict", "course"], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert (strict.returncode, strict.stdout) == (1, plain.stdout)

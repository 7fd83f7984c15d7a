"""Course warnings: a track that cannot reach full marks under the grading's `drop`, and a
text that uses another language's media folder."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from latarnia_builder.build import BuildSession
from latarnia_builder.checks.course import grading_across_tracks, track_grades
from latarnia_builder.cli import main
from latarnia_builder.model import Course, Track

from tests.builder.courses import FULL, copy_course


@pytest.fixture(scope="module")
def course() -> Course:
    courses, problems = BuildSession(FULL).check()
    assert problems == []
    return courses["pl"]


def with_tracks(course: Course, tracks: dict[str, list[str]], drop: dict[str, int]) -> Course:
    """``course`` with these tracks (new ids are copies of the lesson 'oferta') and drops."""
    lessons = dict(course.lessons)
    for lesson_id in {i for ids in tracks.values() for i in ids} - set(lessons):
        lessons[lesson_id] = dataclasses.replace(lessons["oferta"], id=lesson_id)
    text = dataclasses.replace(
        course.text,
        tracks=tuple(Track(t, t.title(), tuple(ids)) for t, ids in tracks.items()),
    )
    grading = course.settings.grading
    assignments = tuple(dataclasses.replace(a, drop=drop.get(a.id, 0)) for a in grading.assignments)
    settings = dataclasses.replace(
        course.settings, grading=dataclasses.replace(grading, assignments=assignments)
    )
    return dataclasses.replace(course, settings=settings, text=text, lessons=lessons)


def test_equal_tracks_with_the_right_drop_reach_full_marks(course: Course) -> None:
    two = with_tracks(
        course,
        {"a": ["test-wstepny", "oferta", "test-koncowy"], "b": ["test-wstepny", "oferta-b"]},
        {"quiz": 1},
    )
    assert track_grades(two) == {"a": pytest.approx(1.0), "b": pytest.approx(0.3)}
    assert (
        grading_across_tracks(
            with_tracks(course, {"a": ["oferta"], "b": ["oferta-b"]}, {"quiz": 1})
        )
        == []
    )


def test_a_graded_lesson_added_to_one_track_is_reported_with_each_tracks_grade(
    course: Course,
) -> None:
    # each track had one quiz lesson and drop 1; a second quiz lesson joins track 'a'
    changed = with_tracks(course, {"a": ["oferta", "oferta-c"], "b": ["oferta-b"]}, {"quiz": 1})
    [warning] = grading_across_tracks(changed)
    assert warning.message == (
        "'quiz' counts 3 lessons (a: 2, b: 1) and drops 1: 'b' cannot reach full marks "
        "(best grade in 'a': 0.30 of 0.30; best grade in 'b': 0.15 of 0.30)"
    )
    assert warning.hint.startswith("set 'drop: 2' for 'quiz'")
    assert (
        grading_across_tracks(
            with_tracks(course, {"a": ["oferta", "oferta-c"], "b": ["oferta-b"]}, {"quiz": 2})
        )
        == []
    )


def test_another_languages_media_folder_is_a_warning(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = copy_course(FULL, in_tmp / "course")
    (course / "media" / "pl").mkdir()
    shutil.copy(course / "media" / "oferta.svg", course / "media" / "pl" / "oferta.svg")
    lesson = course / "en" / "lessons" / "oferta.yaml"
    lesson.write_text(lesson.read_text().replace("(media/oferta.svg)", "(media/pl/oferta.svg)"))
    assert main(["check", "course"]) == 0
    out = capsys.readouterr().out
    assert (
        "course/en/lessons/oferta.yaml:17:11: warning: 'media/pl/oferta.svg' is the media folder "
        "of 'pl': this 'en' text would show that language's file — write 'media/oferta.svg' and "
        "put this language's version in media/en/oferta.svg"
    ) in out
    assert main(["check", "course", "--strict"]) == 1

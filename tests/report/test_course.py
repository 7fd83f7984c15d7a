"""The course map: from the sources (built with the builder's own BuildSession) or the OLX."""

from __future__ import annotations

from pathlib import Path

import pytest
from latarnia_builder.report.course import CourseError, read_course

COURSE = Path(__file__).parents[2] / "course"


def test_the_project_course_from_its_sources():
    course = read_course(COURSE, "pl")
    assert set(course.runs.values()) == {"pl", "en"}
    for track in course.tracks:
        assert track.pretest.kind == "pretest" and track.final.kind == "final"
        pre_ids = {q.id for q in track.pretest.questions}
        assert all(q.mirrors in pre_ids for q in track.final.questions if q.mirrors)
        assert any(c.correct for q in track.final.questions for c in q.choices)
    columns = course.grade_columns["pl"]
    assert (
        columns["Test wstępny 1: Test wstępny - Test wstępny"] == course.tracks[0].pretest.url_name
    )
    assert (
        columns["Test wstępny 2: Test wstępny - Test wstępny"] == course.tracks[1].pretest.url_name
    )


def test_the_built_course_gives_the_same_map(made):
    built = read_course(made.cohort.course, "en")
    one_run = read_course(made.cohort.course / "pl" / "course", "en")
    ids = [[q.id for q in t.final.questions] for t in built.tracks]
    assert ids == [[q.id for q in t.final.questions] for t in one_run.tracks]
    assert [t.id for t in one_run.tracks] == [t.id for t in built.tracks]
    assert built.tracks[0].title == "Teachers" and one_run.tracks[0].title == "Nauczyciele"


def test_a_folder_without_a_course_is_refused(tmp_path):
    with pytest.raises(CourseError, match="neither course sources"):
        read_course(tmp_path, "en")

"""The XBlock internals the blocks use, pinned. These tests fail if a release of XBlock (the
release matrix runs them on each Open edX release's version) changes one, instead of the blocks
silently misreading or mis-scoring:

- ``xblock_internals.read_only`` reads author content through ``block._field_data`` and the
  per-request ``_field_data_cache`` to avoid XBlock's deep copy of List fields;
- ``mixins.scoring.ScoringMixin`` extends ``ScorableXBlockMixin._publish_grade``, the step that
  XBlock's own ``rescore`` publishes through, to store the score the block shows.
"""

from __future__ import annotations

from latarnia_xblocks.xblock_internals import read_only

from devtools import examples
from tests.openedx.platform import OpenEdx, blocks_of
from tests.xblocks.conftest import Course, call
from tests.xblocks.test_quiz import answers_for


def test_read_only_reads_what_the_field_holds_in_the_test_runtime() -> None:
    course = Course()
    block = course.learner(course.add(examples.scenario_xml()))
    for name in ("steps", "endings", "intro", "first_step"):
        assert read_only(block, name) == getattr(block, name), name
    assert hasattr(block, "_field_data") and hasattr(block, "_field_data_cache")


def test_read_only_sees_a_value_set_in_this_request() -> None:
    course = Course()
    block = course.learner(course.add(examples.scenario_xml()))
    block.steps = [{"id": "nowy", "text": "", "choices": []}]
    assert read_only(block, "steps") == [{"id": "nowy", "text": "", "choices": []}]


def test_read_only_falls_back_to_the_default_of_an_unset_field() -> None:
    course = Course()
    _title, settings, questions = examples.QUIZZES[0]
    block = course.learner(course.add(examples.quiz_xml(settings, questions)))
    assert read_only(block, "questions") == block.questions
    assert read_only(block, "display_name") == block.display_name


def test_read_only_in_the_open_edx_like_runtime(built_course) -> None:
    lms = OpenEdx()
    lms.import_course(built_course["pl"])
    for tag, name in (("latarnia_quiz", "questions"), ("latarnia_scenario", "steps")):
        block = lms.block(blocks_of(lms, tag)[0], "ala")
        assert read_only(block, name) == getattr(block, name) != []


def test_xblocks_rescore_publishes_through_publish_grade_which_stores_the_score() -> None:
    course = Course()
    _title, settings, questions = examples.QUIZZES[0]
    usage = course.add(examples.quiz_xml(settings, questions))
    block = course.learner(usage)
    assert call(block, "submit", {"attempt": 0, "answers": answers_for(block)}).status == 200
    block = course.learner(usage)
    block.raw_earned = 0.0  # a stored score a rescore must replace
    block.runtime.events.clear()
    block.rescore(only_if_higher=False)  # XBlock's own, not the block's
    assert block.raw_earned == block.max_score() > 0
    assert block.runtime.events[0][0] == "grade"

"""The built course in an Open edX-like LMS: course structure, access, mobile, masquerade.

Each test names the openedx-platform code it re-implements (see tests/openedx/platform.py).
"""

from __future__ import annotations

import datetime as dt

import pytest
from latarnia_xblocks.lesson_page import LessonPageBlock
from latarnia_xblocks.quiz import QuizBlock
from latarnia_xblocks.scenario import ScenarioBlock

from tests.openedx.platform import (
    PLATFORM_FIELD_NAMES,
    PLATFORM_MIXINS,
    MasqueradingKeyValueStore,
    OpenEdx,
    blocks_of,
    call,
    can_load_on_start_date,
    check_start_date,
    filter_displayed_blocks,
    has_mobile_support,
    merged_start_dates,
    platform_field,
)
from tests.xblocks.test_quiz import answers_for

BLOCKS = (LessonPageBlock, QuizBlock, ScenarioBlock)
OURS = ("latarnia_lesson", "latarnia_quiz", "latarnia_scenario")

# Fields a block may declare although the platform has one of the same name: the block keeps
# the platform's type, scope and meaning, as Open edX's own blocks do.
SAME_MEANING = {
    "display_name": "every block's title (xmodule/x_module.py: XModuleFields)",
    "max_attempts": "submissions allowed; a course-wide 'Maximum Attempts' flows down to a quiz "
    "that sets none, as it does to capa problems (inheritance.py); None means no limit",
}


@pytest.mark.parametrize("block_class", BLOCKS, ids=lambda c: c.__name__)
def test_no_block_field_shadows_a_platform_field(block_class) -> None:
    """A field named like one of InheritanceMixin's, LmsBlockMixin's or XModuleMixin's replaces it
    in the mixed class, and the LMS still reads it as its own (e.g. ``start`` as a date)."""
    for name, ours in block_class.fields.items():
        if name not in PLATFORM_FIELD_NAMES or name in ("name", "parent", "tags"):
            continue
        assert name in SAME_MEANING, f"{block_class.__name__}.{name} shadows Open edX's {name}"
        theirs = platform_field(name)
        assert type(ours).__mro__[0] in type(theirs).__mro__ or isinstance(ours, type(theirs))
        assert ours.scope == theirs.scope


def test_every_block_of_the_course_has_a_start_date_the_lms_can_merge(lms: OpenEdx) -> None:
    """StartDateTransformer.collect over every block; then a learner opening each unit
    (access._can_load_descriptor_on_start_date) after the course start."""
    merged = merged_start_dates(lms)
    assert merged and all(isinstance(value, dt.datetime) for value in merged.values())
    course_start = merged[lms.root]
    after_start = course_start + dt.timedelta(days=1)
    before_start = course_start - dt.timedelta(days=1)
    for usage_id, start in merged.items():
        assert check_start_date(start, after_start), usage_id
        assert not check_start_date(start, before_start), usage_id
    for block in lms.walk(user="ala"):
        assert can_load_on_start_date(block, after_start), block.scope_ids.usage_id


def test_every_block_renders_for_a_learner_with_the_platform_mixed_in(lms: OpenEdx) -> None:
    for tag in OURS:
        usage_ids = blocks_of(lms, tag)
        assert usage_ids, tag
        for usage_id in usage_ids:
            block = lms.block(usage_id, "ala")
            for mixin in PLATFORM_MIXINS:
                assert isinstance(block, mixin)
            html = block.runtime.render(block, "student_view").body_html()
            assert f"latarnia-{tag.split('_')[1]}" in html, usage_id


def test_every_block_is_offered_on_the_mobile_apps(lms: OpenEdx) -> None:
    """has_support(student_view, "multi_device"), as the LMS asks it of every block
    (course_api/blocks/transformers/student_view.py)."""
    for tag in OURS:
        block = lms.block(blocks_of(lms, tag)[0], "ala")
        assert has_mobile_support(block), tag


def test_staff_viewing_as_a_learner_see_the_learner_s_blocks_and_change_nothing(
    lms: OpenEdx,
) -> None:
    """masquerade.filter_displayed_blocks and MasqueradingKeyValueStore: staff see the blocks
    as the learner left them; what staff do there stays in the staff member's session."""
    quiz_id = blocks_of(lms, "latarnia_quiz")[0]
    learner = lms.block(quiz_id, "ala")
    status, _ = call(learner, "submit", {"attempt": 0, "answers": answers_for(learner, False)})
    assert status == 200
    stored = lms.state("ala", quiz_id)
    session: dict = {}
    for tag in OURS:
        for usage_id in blocks_of(lms, tag)[:3]:
            block = lms.block(usage_id, "ala", staff=True, kvs=MasqueradingKeyValueStore(
                lms.store, session))  # fmt: skip
            html = block.runtime.render(block, "student_view").body_html()
            assert filter_displayed_blocks(block, html) == html, usage_id
    staff_view = lms.block(quiz_id, "ala", staff=True, kvs=MasqueradingKeyValueStore(
        lms.store, session))  # fmt: skip
    assert "latarnia-result" in staff_view.runtime.render(staff_view, "student_view").body_html()
    call(staff_view, "submit", {"attempt": 1, "answers": answers_for(staff_view, True)})
    assert lms.state("ala", quiz_id) == stored

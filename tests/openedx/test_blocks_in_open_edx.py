"""What Open edX adds around a block: results visibility, static URLs, Studio's editor and menu,
the LMS's own handlers.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from latarnia_xblocks.lesson_page import LessonPageBlock
from latarnia_xblocks.quiz import QuizBlock
from latarnia_xblocks.scenario import ScenarioBlock
from lxml import html as lxml_html

from tests.openedx.platform import (
    PLATFORM_MIXINS,
    LmsBlockMixin,
    OpenEdx,
    blocks_of,
    call,
    component_display_name,
)
from tests.xblocks.test_quiz import answers_for

BLOCKS = (LessonPageBlock, QuizBlock, ScenarioBlock)
SECRETS = ("feedback", "explanation", "correct", "score")


def quiz_in_subsection(lms: OpenEdx, **subsection) -> str:
    """The first quiz, its subsection's settings changed in Studio (the quiz inherits them)."""
    usage_id = blocks_of(lms, "latarnia_quiz")[0]
    block = lms.block(usage_id, None)
    sequential = block.get_parent().get_parent()
    for name, value in subsection.items():
        setattr(sequential, name, value)
    sequential.save()
    return usage_id


def submit(lms: OpenEdx, usage_id: str, right: bool, staff: bool = False) -> dict:
    block = lms.block(usage_id, "ala", staff=staff)
    body = {"attempt": block.attempts, "answers": answers_for(block, right)}
    status, data = call(block, "submit", body)
    assert status == 200, data
    block.save()
    return data


def page_text(lms: OpenEdx, usage_id: str, staff: bool = False) -> str:
    block = lms.block(usage_id, "ala", staff=staff)
    html = block.runtime.render(block, "student_view").body_html()
    return lxml_html.fromstring(html).text_content()


@pytest.mark.parametrize("hidden", ["never", "never_but_include_grade"])
def test_results_hidden_by_the_subsection_are_hidden_from_the_learner(lms, hidden) -> None:
    usage_id = quiz_in_subsection(lms, show_correctness=hidden)
    data = submit(lms, usage_id, right=False)
    assert data["score"] is None
    assert all(result == {"status": "submitted"} for result in data["results"].values())
    shown = page_text(lms, usage_id)
    assert "Answer submitted" in shown
    for word in ("Incorrect", "Correct", "Your score", "Right answer"):
        assert word not in shown, word
    # the grade itself still reaches the gradebook (the LMS hides it on the progress page)
    assert ("ala", usage_id) in lms.grades


def test_results_hidden_until_the_due_date_are_shown_after_it(lms) -> None:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=7)
    usage_id = quiz_in_subsection(lms, show_correctness="past_due", due=later)
    data = submit(lms, usage_id, right=False)
    assert data["score"] is None and "Incorrect" not in page_text(lms, usage_id)
    assert "Incorrect" in page_text(lms, usage_id, staff=True)  # course staff see results

    quiz_in_subsection(lms, due=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
    assert "Incorrect" in page_text(lms, usage_id)
    state = lms.block(usage_id, "ala")
    _status, data = call(state, "student_view_user_state")
    assert any(result.get("status") == "incorrect" for result in data["results"].values())


def test_results_are_shown_when_the_subsection_says_always(lms) -> None:
    usage_id = quiz_in_subsection(lms, show_correctness="always")
    data = submit(lms, usage_id, right=True)
    assert data["score"] is not None and "Your score" in page_text(lms, usage_id)


def test_static_links_in_handler_html_and_mobile_data_point_to_the_course_assets(lms) -> None:
    course_assets = f"/asset-v1:{lms.course_key}+type@asset+block@"
    lesson = next(
        usage_id
        for usage_id in blocks_of(lms, "latarnia_lesson")
        if "/static/" in lms.block(usage_id, None).content
    )
    data = json.dumps(lms.block(lesson, "ala").student_view_data())
    assert course_assets in data and '"/static/' not in data

    usage_id = blocks_of(lms, "latarnia_quiz")[0]
    author = lms.block(usage_id, None)
    questions = author.questions
    questions[0]["explanation"] = '<p><img src="/static/schemat.svg" alt="Schemat"></p>'
    author.questions = questions
    author.save()
    data = submit(lms, usage_id, right=True)
    assert f'src="{course_assets}schemat.svg"' in data["html"]
    assert "/static/schemat.svg" not in json.dumps(data)


@pytest.mark.parametrize("block_class", BLOCKS, ids=lambda c: c.__name__)
def test_studio_hides_its_own_buttons_for_our_editor(lms, block_class) -> None:
    """cms/static/js/views/modals/edit_xblock.js: an editor with ``.editor-with-buttons`` keeps
    its own Save and Cancel, which notify the runtime; Studio then shows no second pair."""
    tag = {LessonPageBlock: "latarnia_lesson", QuizBlock: "latarnia_quiz"}.get(
        block_class, "latarnia_scenario"
    )
    block = lms.block(blocks_of(lms, tag)[0], None, staff=True)
    html = block.runtime.render(block, "studio_view").body_html()
    editor = lxml_html.fromstring(html).find_class("editor-with-buttons")
    assert len(editor) == 1
    assert editor[0].xpath(".//button[@type='submit']") and editor[0].xpath(
        ".//button[@data-action='cancel']"
    )


@pytest.mark.parametrize("block_class", BLOCKS, ids=lambda c: c.__name__)
def test_studio_s_advanced_menu_names_each_block(block_class) -> None:
    name = component_display_name(block_class)
    assert name.startswith("Latarnia ") and name != block_class.__name__


@pytest.mark.parametrize("block_class", BLOCKS, ids=lambda c: c.__name__)
def test_no_block_replaces_a_method_or_handler_the_platform_mixes_in(block_class) -> None:
    """e.g. LmsBlockMixin.publish_completion, the handler the LMS's JavaScript calls."""
    allowed = {"has_score", "icon_class", "show_in_read_only_mode", "display_name", "max_attempts"}
    for mixin in PLATFORM_MIXINS:
        for name in vars(mixin):
            if name.startswith("_") or name in allowed or name in mixin.fields:
                continue
            assert not hasattr(block_class, name), f"{block_class.__name__}.{name}"
    assert not hasattr(block_class, "publish_completion") or (
        block_class.publish_completion is LmsBlockMixin.publish_completion
    )

"""The Studio settings form in the workbench: labelled, validated on the server, accessible."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.xblocks.browser import assert_accessible, handler_response

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("scenario", "block_type"),
    [
        ("latarnia_quiz.0", "latarnia_quiz"),
        ("latarnia_scenario.1", "latarnia_scenario"),
        ("latarnia_lesson.0", "latarnia_lesson"),
    ],
)
def test_studio_form_refuses_a_bad_value_with_a_reason(
    page: Page, workbench_url, scenario, block_type
):
    page.goto(f"{workbench_url}/scenario/{scenario}/studio_view/?student=author")
    form = page.locator(f'[data-block-type="{block_type}"] .latarnia-studio')
    expect(form).to_contain_text("YAML")
    assert_accessible(page, block_type)
    if block_type == "latarnia_lesson":
        return
    weight = form.get_by_label("Weight")
    weight.fill("-3")
    with handler_response(page, "studio_submit") as response:
        form.get_by_role("button", name="Save").click()
    assert response.value.status == 400
    expect(form.locator("[data-error]")).to_have_text("Weight: enter a number 0 or greater.")
    assert_accessible(page, block_type)

"""latarnia_lesson in headless Chromium: readable, operable by keyboard, reflows at 320 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.xblocks.browser import assert_accessible, open_block, overflow

pytestmark = pytest.mark.browser

LESSON = "latarnia_lesson"


def test_lesson_content_and_help_contacts(page: Page, workbench_url):
    block = open_block(page, workbench_url, "latarnia_lesson.0", LESSON)
    expect(block.get_by_role("note").first).to_contain_text(
        "Nikt nie ma prawa zabrać ci paszportu."
    )
    expect(block.get_by_role("link", name="+48 22 628 01 20")).to_have_attribute(
        "href", "tel:+48226280120"
    )
    expect(block).to_contain_text("Checked on 31 October 2025")
    expect(block.get_by_role("table")).to_be_visible()
    assert_accessible(page, LESSON)


def test_keyboard_reaches_the_links_and_opens_the_details(page: Page, workbench_url):
    block = open_block(page, workbench_url, "latarnia_lesson.0", LESSON)
    block.get_by_role("link", name="kraz.praca.gov.pl").focus()
    page.keyboard.press("Tab")
    summary = block.locator("summary")
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    expect(block.get_by_text("Z materiałów Policji.")).to_be_visible()
    page.keyboard.press("Tab")
    expect(block.get_by_role("link", name="+48 22 628 01 20")).to_be_focused()
    assert_accessible(page, LESSON)


@pytest.mark.parametrize("width", [360, 320])
def test_no_horizontal_scrolling_on_a_phone(page: Page, workbench_url, width):
    page.set_viewport_size({"width": width, "height": 740})
    open_block(page, workbench_url, "latarnia_lesson.0", LESSON)
    assert overflow(page, LESSON) == []

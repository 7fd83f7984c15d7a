"""latarnia_scenario in headless Chromium: one step at a time, mouse and keyboard, every ending."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.xblocks.browser import assert_accessible, handler_response, open_block, overflow

pytestmark = pytest.mark.browser

SCENARIO, SCORED = "latarnia_scenario", "latarnia_scenario.0"


def choose_with_the_mouse(page: Page, block: Locator, text: str) -> None:
    block.get_by_text(text).click()
    with handler_response(page, "choose") as response:
        block.get_by_role("button", name="Choose").click()
    assert response.value.status == 200
    expect(block.locator("[data-consequence]")).to_be_focused()


def test_safe_path_to_the_good_ending_with_the_mouse(page: Page, workbench_url):
    block = open_block(page, workbench_url, SCORED, SCENARIO)
    expect(block).to_contain_text("Ta scenka opisuje próbę werbunku")
    expect(block).not_to_contain_text("Osoba odpisuje")  # no consequence before the choice
    assert_accessible(page, SCENARIO)
    choose_with_the_mouse(page, block, "Proszę o nazwę firmy")
    expect(block.locator("[data-consequence]")).to_contain_text("Osoba odpisuje")
    expect(block.locator("[data-consequence]")).to_contain_text("A safe choice.")
    expect(block.locator("[data-live]")).to_contain_text("Osoba odpisuje")
    expect(block).to_contain_text("Step 2")
    assert_accessible(page, SCENARIO)
    choose_with_the_mouse(page, block, "Sprawdzam agencję w KRAZ")
    ending = block.locator("[data-ending]")
    expect(ending).to_contain_text("Bezpieczna decyzja")
    expect(ending).to_contain_text("Safe choices: 2 of 2.")
    assert_accessible(page, SCENARIO)  # the good ending

    page.reload()
    block = page.locator(f'[data-block-type="{SCENARIO}"]')
    expect(block.locator("[data-ending]")).to_contain_text("Bezpieczna decyzja")  # path stored

    with handler_response(page, "restart") as response:
        block.get_by_role("button", name="Start again").click()
    assert response.value.status == 200
    expect(block).to_contain_text("Step 1")
    expect(block.locator("input").first).to_be_focused()


def test_keyboard_only_to_the_risky_ending(page: Page, workbench_url):
    block = open_block(page, workbench_url, SCORED, SCENARIO)
    block.locator("input").first.focus()
    page.keyboard.press("ArrowDown")  # the second choice: send a photo of the passport
    expect(block.get_by_label("Zgadzam się i wysyłam zdjęcie paszportu.")).to_be_checked()
    with handler_response(page, "choose") as response:
        page.keyboard.press("Enter")  # submits the step's form
    assert response.value.status == 200
    expect(block.locator("[data-consequence]")).to_be_focused()
    expect(block.locator("[data-consequence]")).to_contain_text("A risky choice.")
    ending = block.locator("[data-ending]")
    expect(ending).to_contain_text("Ryzykowna sytuacja")
    expect(ending).to_contain_text("Safe choices: 0 of 1.")
    assert_accessible(page, SCENARIO)  # the risky ending
    page.keyboard.press("Tab")
    expect(block.get_by_role("button", name="Start again")).to_be_focused()
    with handler_response(page, "restart"):
        page.keyboard.press("Enter")
    expect(block.locator("input").first).to_be_focused()


def test_choosing_nothing_is_pointed_out(page: Page, workbench_url):
    block = open_block(page, workbench_url, SCORED, SCENARIO)
    block.get_by_role("button", name="Choose").click()
    expect(block.locator("[data-error]")).to_have_text("Choose one of the answers first.")
    expect(block.locator("input").first).to_be_focused()
    assert_accessible(page, SCENARIO)


@pytest.mark.parametrize("width", [360, 320])
def test_no_horizontal_scrolling_on_a_phone(page: Page, workbench_url, width):
    page.set_viewport_size({"width": width, "height": 740})
    block = open_block(page, workbench_url, SCORED, SCENARIO)
    assert overflow(page, SCENARIO) == []
    choose_with_the_mouse(page, block, "Zgadzam się i wysyłam")
    assert overflow(page, SCENARIO) == []
    assert_accessible(page, SCENARIO)

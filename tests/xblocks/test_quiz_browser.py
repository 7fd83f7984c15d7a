"""latarnia_quiz in headless Chromium, as a learner uses it: mouse, keyboard only, axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.xblocks.browser import assert_accessible, handler_response, open_block, overflow

pytestmark = pytest.mark.browser

QUIZ = "latarnia_quiz"
ALL_TYPES, ONE_ATTEMPT, RESETTABLE = "latarnia_quiz.0", "latarnia_quiz.1", "latarnia_quiz.2"
RIGHT_ORDER = ["Sprawdzam agencję w rejestrze KRAZ", "Czytam umowę", "Podpisuję umowę"]
RIGHT_MATCHES = {
    "KRAZ": "Rejestr agencji zatrudnienia",
    "EURES": "Europejskie publiczne służby zatrudnienia",
    "PIP": "Państwowa Inspekcja Pracy",
}


def question(block: Locator, number: int) -> Locator:
    return block.locator(f'fieldset[data-number="{number}"]')


def order_of(block: Locator) -> list[str]:
    return [
        t.strip() for t in question(block, 4).locator(".latarnia-ordering__text").all_inner_texts()
    ]


def answer_all_types_with_the_mouse(block: Locator, right: bool) -> None:
    paszport = "Zostawiam paszport u siebie" if right else "Oddaję paszport, bo tak"
    question(block, 1).get_by_text(paszport).click()
    multiple = question(block, 2)
    wanted = {
        "Płaca trzy razy wyższa niż zwykle.": True,
        "Opłata za rezerwację z góry.": right,
        "Słowo „wakacje” w ogłoszeniu.": not right,
    }
    for text, checked in wanted.items():
        if multiple.get_by_label(text).is_checked() != checked:
            multiple.get_by_text(text).click()  # the mouse clicks the label
    question(block, 3).get_by_text("False" if right else "True", exact=True).click()
    wanted = RIGHT_ORDER if right else list(reversed(RIGHT_ORDER))
    for position, text in enumerate(wanted):
        while order_of(block).index(text) > position:
            item = question(block, 4).locator("li", has_text=text)
            item.get_by_role("button", name="Up").click()
    for left, match in RIGHT_MATCHES.items():
        select = question(block, 5).get_by_label(left, exact=True)
        select.select_option(label=match if right else "Państwowa Inspekcja Pracy")


def submit(page: Page, block: Locator) -> None:
    with handler_response(page, "submit") as response:
        block.get_by_role("button", name="Submit answers").click()
    assert response.value.status == 200
    expect(block.locator("[data-summary]")).to_be_focused()


def test_answer_submit_see_feedback_reload_and_see_the_stored_state(page: Page, workbench_url):
    block = open_block(page, workbench_url, ALL_TYPES, QUIZ, student="learner-mouse")
    assert_accessible(page, QUIZ)  # before answering
    answer_all_types_with_the_mouse(block, right=False)
    submit(page, block)
    summary = block.locator("[data-summary]")
    expect(summary).to_contain_text("Your score:")
    expect(summary).to_contain_text("You have 1 attempt left")
    expect(block.locator("[data-live]")).to_contain_text("Your score:")
    expect(question(block, 1)).to_contain_text("Zabieranie dokumentów to sygnał ostrzegawczy")
    expect(question(block, 1).locator(".latarnia-result")).to_contain_text("Incorrect")
    expect(question(block, 2).locator(".latarnia-result")).to_contain_text("Incorrect")
    assert_accessible(page, QUIZ)  # after a wrong answer

    page.reload()
    block = page.locator(f'[data-block-type="{QUIZ}"]')
    expect(block.locator("[data-summary]")).to_contain_text("You have 1 attempt left")
    expect(
        question(block, 1).get_by_label("Oddaję paszport, bo tak jest bezpieczniej.")
    ).to_be_checked()
    assert order_of(block) == list(reversed(RIGHT_ORDER))

    for position, text in enumerate(RIGHT_ORDER):  # fix everything for the second attempt
        while order_of(block).index(text) > position:
            question(block, 4).locator("li", has_text=text).get_by_role("button", name="Up").click()
    answer_all_types_with_the_mouse(block, right=True)
    submit(page, block)
    expect(block.locator("[data-summary]")).to_contain_text("All your answers are right.")
    expect(block.get_by_role("button", name="Submit answers")).to_have_count(0)
    expect(block.locator("input:enabled, select:enabled")).to_have_count(0)
    expect(question(block, 1)).to_contain_text("Pracodawca nie ma prawa zabierać")  # explanation
    assert_accessible(page, QUIZ)  # after a right answer


def test_keyboard_only(page: Page, workbench_url):
    block = open_block(page, workbench_url, ONE_ATTEMPT, QUIZ)
    page.locator("body").focus()
    first_radio = question(block, 1).locator("input").first
    first_radio.focus()  # the first control of the block; from here on, keys only
    page.keyboard.press("ArrowDown")  # radios: arrows move and choose
    expect(question(block, 1).locator("input:checked")).to_have_count(1)
    page.keyboard.press("Tab")
    expect(question(block, 2).locator("input:focus")).to_have_count(1)
    page.keyboard.press("ArrowDown")
    with handler_response(page, "submit") as response:
        page.keyboard.press("Tab")
        expect(block.get_by_role("button", name="Submit answers")).to_be_focused()
        page.keyboard.press("Enter")
    assert response.value.status == 200
    expect(block.locator("[data-summary]")).to_be_focused()
    # choices are shuffled per learner: the keys may have picked right or wrong answers
    finished = re.compile("You have no attempts left.|All your answers are right.")
    expect(block.locator("[data-summary]")).to_contain_text(finished)
    expect(block.get_by_text("Right answer").first).to_be_visible()  # show_answer: always
    assert_accessible(page, QUIZ)  # attempts exhausted


def test_ordering_with_the_keyboard_announces_each_move(page: Page, workbench_url):
    block = open_block(page, workbench_url, ALL_TYPES, QUIZ)
    before = order_of(block)
    down = question(block, 4).locator("li").first.get_by_role("button", name="Down")
    down.focus()
    page.keyboard.press("Enter")
    after = order_of(block)
    assert after[1] == before[0] and after[0] == before[1]
    expect(block.locator("[data-live]")).to_contain_text(f"{before[0]}: now in position 2 of 3.")
    focused = page.evaluate("() => document.activeElement.closest('li').textContent")
    assert before[0] in focused  # focus stays with the moved item


def test_unanswered_question_is_pointed_out_before_sending(page: Page, workbench_url):
    block = open_block(page, workbench_url, ONE_ATTEMPT, QUIZ)
    block.get_by_role("button", name="Submit answers").click()
    expect(block.locator("[data-error]")).to_have_text(
        "Answer every question first: question 1 has no answer yet."
    )
    expect(question(block, 1).locator("input").first).to_be_focused()
    assert_accessible(page, QUIZ)


def test_reset_starts_again(page: Page, workbench_url):
    block = open_block(page, workbench_url, RESETTABLE, QUIZ)
    block.get_by_text("Po pierwszym miesiącu pracy.").click()
    submit(page, block)
    with handler_response(page, "reset") as response:
        block.get_by_role("button", name="Start again").click()
    assert response.value.status == 200
    expect(block.locator("[data-summary]")).to_have_count(0)
    expect(block.locator("input:checked")).to_have_count(0)


@pytest.mark.parametrize("width", [360, 320])
def test_no_horizontal_scrolling_on_a_phone(page: Page, workbench_url, width):
    page.set_viewport_size({"width": width, "height": 740})
    block = open_block(page, workbench_url, ALL_TYPES, QUIZ)
    assert overflow(page, QUIZ) == []
    answer_all_types_with_the_mouse(block, right=False)
    submit(page, block)
    assert overflow(page, QUIZ) == []
    assert_accessible(page, QUIZ)


def tab_to(page: Page, selector: str, limit: int = 40) -> None:
    """Press Tab until the focused element matches ``selector`` (keyboard only, no clicks)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_every_question_type_with_the_keyboard_only(page: Page, workbench_url):
    block = open_block(page, workbench_url, ALL_TYPES, QUIZ)
    page.locator("body").focus()
    tab_to(page, 'fieldset[data-number="1"] input')
    page.keyboard.press("Space")  # a radio: Space chooses it
    tab_to(page, 'fieldset[data-number="2"] input')
    page.keyboard.press("Space")  # a checkbox: Space ticks it
    expect(question(block, 2).locator("input:checked")).to_have_count(1)
    tab_to(page, 'fieldset[data-number="3"] input')
    page.keyboard.press("ArrowDown")
    expect(question(block, 3).locator("input:checked")).to_have_count(1)
    tab_to(page, 'fieldset[data-number="4"] button:not([disabled])')
    page.keyboard.press("Enter")  # moves an item, focus stays on its buttons
    expect(block.locator("[data-live]")).to_contain_text("now in position")
    for number in range(3):
        tab_to(page, f'fieldset[data-number="5"] .latarnia-match:nth-child({number + 1}) select')
        page.keyboard.press("ArrowDown")  # a closed select: the arrow picks the next option
    assert all(question(block, 5).locator("select").evaluate_all("s => s.map(x => x.value)"))
    tab_to(page, "button[type=submit]")
    with handler_response(page, "submit") as response:
        page.keyboard.press("Enter")
    assert response.value.status == 200
    expect(block.locator("[data-summary]")).to_be_focused()
    assert_accessible(page, QUIZ)

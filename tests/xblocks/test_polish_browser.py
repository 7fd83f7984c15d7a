"""The blocks in a workbench whose language is Polish (LANGUAGE_CODE = "pl")."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.xblocks.browser import assert_accessible, handler_response, open_block

pytestmark = pytest.mark.browser


def test_quiz_in_polish(page: Page, workbench_pl_url):
    block = open_block(page, workbench_pl_url, "latarnia_quiz.1", "latarnia_quiz")
    expect(block).to_contain_text("Pytanie 1 z 2")
    block.get_by_role("button", name="Zatwierdź odpowiedzi").click()
    expect(block.locator("[data-error]")).to_contain_text("Najpierw odpowiedz na wszystkie pytania")
    block.get_by_text("Oddaję paszport, bo tak").click()
    block.get_by_text("Po pierwszym miesiącu pracy.").click()
    with handler_response(page, "submit"):
        block.get_by_role("button", name="Zatwierdź odpowiedzi").click()
    expect(block.locator("[data-summary]")).to_contain_text("Twój wynik: 0 z 2 pkt.")
    expect(block.locator("[data-summary]")).to_contain_text("Nie masz już prób.")
    expect(block.get_by_text("Poprawna odpowiedź").first).to_be_visible()
    assert_accessible(page, "latarnia_quiz")


def test_truefalse_and_ordering_in_polish(page: Page, workbench_pl_url):
    block = open_block(page, workbench_pl_url, "latarnia_quiz.0", "latarnia_quiz")
    expect(block.get_by_label("Prawda", exact=True)).to_be_visible()
    expect(block.get_by_label("Fałsz", exact=True)).to_be_visible()
    block.locator("li").first.get_by_role("button", name="W dół").click()
    expect(block.locator("[data-live]")).to_contain_text("teraz na miejscu 2 z 3")


def test_scenario_and_lesson_in_polish(page: Page, workbench_pl_url):
    block = open_block(page, workbench_pl_url, "latarnia_scenario.0", "latarnia_scenario")
    expect(block.locator("legend")).to_have_text("Co robisz?")
    block.get_by_text("Zgadzam się i wysyłam").click()
    with handler_response(page, "choose"):
        block.get_by_role("button", name="Zatwierdź wybór").click()
    expect(block.locator("[data-consequence]")).to_contain_text("Ryzykowny wybór.")
    expect(block.locator("[data-ending]")).to_contain_text("Bezpieczne wybory: 0 z 1.")
    lesson = open_block(page, workbench_pl_url, "latarnia_lesson.0", "latarnia_lesson")
    expect(lesson).to_contain_text("Stan na 31 października 2025")

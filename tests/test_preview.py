"""`make preview` as trainers and learners use it: a lesson page, its quiz, a rebuild on save."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

QUIZ = '[data-block-type="latarnia_quiz"]'
WRONG = "Oddaję paszport, bo tak jest bezpieczniej."
RIGHT = "Zanim zaczniesz pracować."


def open_lesson(page: Page, preview_url: str, student: str) -> None:
    page.goto(preview_url + "/")
    link = page.get_by_role("link", name=re.compile("Jak sprawdzić ofertę pracy"))
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    page.goto(f"{preview_url}{href}?student={student}")


def test_lesson_page_quiz_submit_feedback_and_stored_state(page: Page, preview_url: str):
    open_lesson(page, preview_url, student=f"learner-{uuid.uuid4().hex[:8]}")
    lesson = page.locator('[data-block-type="latarnia_lesson"]').filter(has_text="KRAZ")
    expect(lesson).to_contain_text("Zatrzymaj się i sprawdź ofertę")
    expect(page.locator('[data-block-type="latarnia_lesson"]').last).to_contain_text(
        "+48 22 628 01 20"
    )  # the help contacts close every unit

    quiz = page.locator(QUIZ)
    expect(quiz).to_be_visible()
    quiz.get_by_label(WRONG).check()
    quiz.get_by_label(RIGHT).check()
    with page.expect_response(lambda r: "/handler/" in r.url and r.request.method == "POST") as r:
        quiz.get_by_role("button", name="Zatwierdź odpowiedzi").click()
    assert r.value.status == 200
    expect(quiz).to_contain_text("Zabieranie dokumentów to jeden ze wskaźników pracy przymusowej")
    expect(quiz).to_contain_text("Kodeks pracy wymaga potwierdzenia warunków umowy")

    page.reload()
    quiz = page.locator(QUIZ)
    expect(quiz.get_by_label(WRONG)).to_be_checked()
    expect(quiz.get_by_label(RIGHT)).to_be_checked()
    expect(quiz).to_contain_text("Zabieranie dokumentów to jeden ze wskaźników pracy przymusowej")


def test_saving_a_lesson_rebuilds_the_preview(page: Page, preview_url: str, preview_course: Path):
    lesson = preview_course / "pl" / "lessons" / "praca-sprawdz-oferte.yaml"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(
        text.replace(
            "title: Jak sprawdzić ofertę pracy", "title: Jak sprawdzić ofertę pracy (nowa)"
        ),
        encoding="utf-8",
    )
    try:
        page.goto(preview_url + "/")
        new_link = page.get_by_role("link", name=re.compile(r"ofertę pracy \(nowa\)"))
        for _ in range(40):  # the watcher polls twice a second; the rebuild takes well under that
            if new_link.count():
                break
            page.wait_for_timeout(250)
            page.reload()
        expect(new_link).to_be_visible()
    finally:
        lesson.write_text(text, encoding="utf-8")

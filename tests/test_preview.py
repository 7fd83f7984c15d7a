"""`make preview` as trainers and learners use it: a lesson page, its quiz, a rebuild on save."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.xblocks.browser import axe_violations

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


# -- the trainer's loop: the open page follows the sources by itself ---------------------------

LESSON = Path("pl") / "lessons" / "praca-sprawdz-oferte.yaml"
TEXT = "Większość ofert pracy jest uczciwa."


def lesson_text(page: Page, text: str):
    return page.locator('[data-block-type="latarnia_lesson"] p', has_text=text)


@pytest.fixture
def lesson_file(preview_course: Path) -> Iterator[Path]:
    """The lesson file of the preview's course, restored after the test."""
    path = preview_course / LESSON
    text = path.read_text(encoding="utf-8")
    yield path
    path.write_text(text, encoding="utf-8")


def test_an_open_page_shows_a_saved_edit_without_a_reload(
    page: Page, preview_url: str, lesson_file: Path
):
    open_lesson(page, preview_url, student=f"learner-{uuid.uuid4().hex[:8]}")
    expect(lesson_text(page, TEXT)).to_be_visible()
    text = lesson_file.read_text(encoding="utf-8")
    lesson_file.write_text(text.replace(TEXT, f"Zmiana zapisana. {TEXT}"), encoding="utf-8")
    expect(lesson_text(page, "Zmiana zapisana.")).to_be_visible(timeout=3000)  # no page.reload()


def test_problems_show_on_every_page_until_fixed(page: Page, preview_url: str, lesson_file: Path):
    open_lesson(page, preview_url, student=f"learner-{uuid.uuid4().hex[:8]}")
    text = lesson_file.read_text(encoding="utf-8")
    banner = page.get_by_role("alert")
    expect(banner).to_have_count(0)
    lesson_file.write_text(text.replace("assignment: quiz\n", "assignment: quizz\n"), "utf-8")
    # the open page shows it without a reload, with file:line:column, message and hint
    expect(banner).to_contain_text(f"{LESSON.as_posix()}:3:13", timeout=3000)
    expect(banner).to_contain_text("quizz")
    expect(banner).to_contain_text("quiz'?")
    expect(lesson_text(page, TEXT)).to_be_visible()  # the last version without problems

    # every page shows it, readable at 360 px and reachable with the keyboard
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(preview_url + "/")
    expect(banner).to_contain_text(f"{LESSON.as_posix()}:3:13")
    assert banner.evaluate("b => b.scrollWidth <= b.clientWidth && b.clientWidth <= 360")
    page.keyboard.press("Tab")
    expect(banner).to_be_focused()
    assert axe_violations(page, "#latarnia-preview") == []

    lesson_file.write_text(text, encoding="utf-8")
    expect(banner).to_have_count(0, timeout=3000)


def test_warnings_show_folded_on_every_page(page: Page, preview_url: str, lesson_file: Path):
    """What `latarnia check` warns of shows too, folded (the course builds): a key under its
    old name appears there as soon as it is saved, and goes when renamed."""
    open_lesson(page, preview_url, student=f"learner-{uuid.uuid4().hex[:8]}")
    warnings = page.locator("details.latarnia-preview-warnings")
    expect(warnings).to_have_count(0)  # the course has none
    text = lesson_file.read_text(encoding="utf-8")
    lesson_file.write_text(text.replace("prompt: Nowy", "ask: Nowy", 1), encoding="utf-8")
    summary = warnings.locator("summary")
    expect(summary).to_contain_text("1", timeout=3000)
    expect(page.get_by_role("alert")).to_have_count(0)  # nothing urgent
    expect(lesson_text(page, TEXT)).to_be_visible()  # and the lesson is still there
    old_key = warnings.locator("li", has_text=f"{LESSON.as_posix()}:30:15")
    expect(old_key).to_be_hidden()  # folded until asked for
    page.set_viewport_size({"width": 360, "height": 740})
    summary.focus()
    page.keyboard.press("Enter")
    expect(old_key).to_be_visible()
    expect(old_key).to_contain_text("'ask'")
    expect(old_key).to_contain_text("'prompt'")
    assert warnings.evaluate("w => w.scrollWidth <= w.clientWidth && w.clientWidth <= 360")
    assert axe_violations(page, "#latarnia-preview") == []
    lesson_file.write_text(text, encoding="utf-8")
    expect(warnings).to_have_count(0, timeout=3000)

"""The gettext catalogues: complete, compiled, shipped; the blocks speak the runtime's language."""

from __future__ import annotations

import pytest
from latarnia_xblocks.mixins import LANGUAGES, TRANSLATIONS_DIR, js_msgids

from devtools import examples
from devtools import i18n as i18n_tools
from tests.xblocks.conftest import Course, OpenEdxLikeService, call


def test_catalogues_hold_every_string_translated_and_compiled():
    """Extract from the code, templates and JS again and compare: `make translations` fixes it."""
    assert i18n_tools.check() == []


def test_catalogues_are_shipped_for_polish_and_english():
    for language in LANGUAGES:
        for suffix in ("po", "mo"):
            assert (TRANSLATIONS_DIR / language / "LC_MESSAGES" / f"text.{suffix}").is_file()


def test_javascript_strings_are_in_the_catalogue():
    msgids = {m.id for m in i18n_tools.read("pl")}
    for script in (
        "static/js/common.js",
        "static/js/quiz.js",
        "static/js/scenario.js",
        "static/js/studio.js",
    ):
        assert js_msgids(script), script
        assert set(js_msgids(script)) <= msgids, script


@pytest.mark.parametrize("service", [None, OpenEdxLikeService])
def test_polish_learners_get_polish_javascript_strings(service):
    course = Course(language="pl", **({"service": service} if service else {}))
    block = course.learner(course.add(examples.quiz_scenarios()[0][1]))
    init = block.student_view().json_init_args
    assert init["i18n"]["Your answer was not sent. Check your connection and try again."] == (
        "Odpowiedź nie została wysłana. Sprawdź połączenie z internetem i spróbuj ponownie."
    )
    assert "Zatwierdź odpowiedzi" in block.runtime.render(block, "student_view").body_html()


def test_english_learners_need_no_javascript_catalogue():
    course = Course(language="en-us")
    block = course.learner(course.add(examples.quiz_scenarios()[0][1]))
    assert block.student_view().json_init_args["i18n"] == {}


def test_an_unknown_language_falls_back_to_english():
    course = Course(language="fr")
    block = course.learner(course.add(examples.scenario_xml()))
    assert "What do you do?" in block.runtime.render(block, "student_view").body_html()


def test_polish_plural_forms_and_numbers():
    course = Course(language="pl")
    _title, settings, questions = examples.QUIZZES[0]
    for attempts, text in (
        (1, "zatwierdzić raz."),
        (3, "zatwierdzić 3 razy."),
        (5, "zatwierdzić 5 razy."),
    ):
        block = course.learner(
            course.add(examples.quiz_xml({**settings, "max_attempts": attempts}, questions))
        )
        assert text in block.runtime.render(block, "student_view").body_html()
    assert block.number(2.5) == "2,5"


def test_polish_scenario_and_studio():
    course = Course(language="pl")
    block = course.learner(course.add(examples.scenario_xml()))
    assert "Co robisz?" in block.runtime.render(block, "student_view").body_html()
    studio = block.runtime.render(block, "studio_view").body_html()
    assert "Oceniana" in studio and "Zapisz" in studio
    editor = course.editor(block.scope_ids.usage_id)
    refused = call(editor, "studio_submit", {"values": {"weight": "dużo"}})
    assert refused.data == {"error": "Waga: wpisz liczbę 0 lub większą."}

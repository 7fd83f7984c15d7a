"""latarnia_lesson in an in-process runtime: sanitising, callouts, contacts, round trip."""

from __future__ import annotations

import pytest
from lxml import etree

from devtools import examples
from tests.xblocks.conftest import Course

ATTACKS = [
    '<p>ok</p><script>alert("x")</script>',
    '<img src="x.png" onerror="alert(1)" alt="a">',
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="JaVaScRiPt:alert(1)">klik</a>',
    '<p onclick="alert(1)" style="color:red">tekst</p>',
    '<iframe src="https://evil.example"></iframe>',
    "<svg><script>alert(1)</script></svg>",
    '<form action="https://evil.example"><input name="p"></form>',
    '<aside class="latarnia-callout evil" role="alert">x</aside>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<style>body{display:none}</style><object data="x"></object>',
]


def lesson(course: Course, content: str = examples.LESSON["content"], **settings) -> str:
    example = {
        **examples.LESSON,
        "content": content,
        "settings": {**examples.LESSON["settings"], **settings},
    }
    return course.add(examples.lesson_xml(example))


def body(block) -> str:
    return block.runtime.render(block, "student_view").body_html()


@pytest.mark.parametrize("attack", ATTACKS)
def test_author_html_never_runs(course, attack):
    html = body(course.learner(lesson(course, attack)))
    lowered = html.lower()
    for danger in (
        "<script",
        "onerror",
        "onclick",
        "javascript:",
        "<iframe",
        "<form",
        "<input",
        "style=",
        "<style",
        "<object",
        "data:text",
        'role="alert"',
        "evil",
    ):
        assert danger not in lowered.split("</h3>")[0], danger


def test_callouts_tables_images_and_links_survive(course):
    html = body(course.learner(lesson(course)))
    assert '<aside class="latarnia-callout latarnia-callout--warning" role="note">' in html
    assert '<p class="latarnia-callout__title">Uwaga</p>' in html
    assert '<th scope="col">Sygnał w ofercie</th>' in html and "<caption>" in html
    assert 'alt="Przykładowy obraz: logo środowiska podglądu"' in html
    assert '<a href="https://kraz.praca.gov.pl" rel="noopener noreferrer">' in html
    assert "<details><summary>" in html


def test_an_image_without_alt_text_gets_an_empty_one(course):
    assert '<img alt="" src="/static/x.png">' in body(
        course.learner(lesson(course, '<img src="/static/x.png">'))
    )


def test_contacts_are_phone_links_with_the_checked_date(course):
    html = body(course.learner(lesson(course)))
    assert '<a href="tel:+48226280120">+48 22 628 01 20</a>' in html
    assert '<a href="tel:112">112</a>' in html
    assert "Checked on 31 October 2025" in html and "całą dobę" in html
    assert "Gdzie szukać pomocy" in html


def test_contact_links_other_than_http_are_dropped(course):
    example = {
        **examples.LESSON,
        "contacts": [{**examples.LESSON["contacts"][0], "url": "javascript:x"}],
    }
    html = body(course.learner(course.add(examples.lesson_xml(example))))
    assert "javascript" not in html


def test_the_default_contacts_title_is_translated():
    course = Course(language="pl")
    html = body(course.learner(lesson(course, contacts_title="")))
    assert "Gdzie szukać pomocy" in html and "Stan na 31 października 2025" in html


def test_olx_round_trip_keeps_every_field(course):
    block = course.learner(lesson(course))
    node = etree.Element("latarnia_lesson")
    block.add_xml_to_node(node)
    again = course.learner(course.add(etree.tostring(node, encoding="unicode")))
    for name in ("display_name", "contacts_title", "content", "contacts"):
        assert getattr(again, name) == getattr(block, name), name


def test_student_view_data_for_the_mobile_apps(course):
    data = course.learner(lesson(course, "<p>a</p><script>x</script>")).student_view_data()
    assert data["content"] == "<p>a</p>"
    assert data["contacts"][0]["tel"] == "tel:+48226280120"


def test_lesson_has_no_score_and_no_script(course):
    block = course.learner(lesson(course))
    fragment = block.runtime.render(block, "student_view")
    assert not getattr(block, "has_score", False)
    assert fragment.js_init_fn is None


@pytest.mark.parametrize(
    ("language", "checked", "shown"),
    [
        ("pl", "2025-10", "Stan na październik 2025"),
        ("en", "2025-10", "Checked on October 2025"),
        ("pl", "2024", "Stan na 2024"),
        ("pl", "2024-01-31", "Stan na 31 stycznia 2024"),
    ],
)
def test_a_check_date_is_shown_as_precisely_as_the_source_gives_it(language, checked, shown):
    course = Course(language=language)
    contacts = [{**contact, "checked": checked} for contact in examples.LESSON["contacts"]]
    example = {**examples.LESSON, "contacts": contacts}
    html = body(course.learner(course.add(examples.lesson_xml(example))))
    assert shown in html


def test_a_contact_note_is_author_html_sanitised_not_escaped_twice(course):
    note = "Prowadzą je <em>La Strada</em> &amp; Po-MOC.<script>alert(1)</script>"
    contacts = [{**contact, "note": note} for contact in examples.LESSON["contacts"]]
    html = body(
        course.learner(course.add(examples.lesson_xml({**examples.LESSON, "contacts": contacts})))
    )
    assert "Prowadzą je <em>La Strada</em> &amp; Po-MOC." in html
    assert "&amp;amp;" not in html and "<script" not in html

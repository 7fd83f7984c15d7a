"""Markdown → the HTML a learner's browser gets: sanitised, with media served from /static/."""

from __future__ import annotations

import random

import markdown
import pytest
from latarnia_builder.render import Renderer, is_plain, sanitise, simple_html
from latarnia_xblocks.sanitise import clean_html

PLAIN = [
    "Tak. Pracodawca nie ma prawa zabierać twojego paszportu.",
    "Zapłać 100 zł (około 25 €) — i „nic więcej”?",
    "Dwie linie\nw jednym akapicie.",
    "e-mail: kcik@strada.org.pl, tel. +48 22 628 01 20",
    "Tekst\n-- z myślnikiem",
    "50% ludzi; a - b; 2026-12-01",
]
NOT_PLAIN = [
    "- lista",
    "1. lista",
    "* gwiazdka",
    "x\n---",
    "a\n\nb",
    "**mocno**",
    "a_b",
    "[link](https://example.org)",
    "<b>html</b>",
    "&amp;",
    "> cytat",
    "    kod",
    "wiersz  \nz łamaniem",
    "| a | b |",
    "# nagłówek",
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_takes_the_fast_path_with_the_same_html(text: str) -> None:
    assert is_plain(text)
    expected = markdown.markdown(text, extensions=["tables", "admonition"])
    assert Renderer().block(text) == expected


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_markdown_syntax_is_never_taken_for_plain_text(text: str) -> None:
    assert not is_plain(text)


def test_the_fast_path_agrees_with_markdown_on_random_text() -> None:
    rng = random.Random(7)
    alphabet = "abc ąę.,:;'\"()%-+/?\n0123456789€„”—"
    renderer = Renderer()
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 30))).strip()
        if text and is_plain(text):
            assert renderer.block(text) == markdown.markdown(text), repr(text)


SIMPLE = [
    "Akapit z **pogrubieniem**.\n\n- pierwszy punkt\n- drugi **ważny** punkt",
    "Dwa akapity.\n\nDrugi\nw dwóch liniach.",
    "- lista\n\nakapit po liście\n\n- i znów lista",
    "a**b**c **d e**",
]
NOT_SIMPLE = [
    "- jedna lista\n\n- druga lista",  # Markdown joins them into one loose list
    "akapit\n- z listą bez pustej linii",
    "- punkt\nciąg dalszy bez myślnika",
    "** nie pogrubione **",
    "*kursywa*",
    "- - zagnieżdżona",
    "- 1. numerowana",
    "a\n\n\nb",
    "  wcięcie",
    "spacja\xa0twarda",
]


def _markdown(text: str) -> str:
    """What the renderer gives text that is not simple: Markdown, then the sanitiser."""
    renderer = Renderer()
    return sanitise(renderer._convert(text))


@pytest.mark.parametrize("text", SIMPLE)
def test_simple_text_takes_the_fast_path_with_the_same_html(text: str) -> None:
    assert simple_html(text) is not None
    assert simple_html(text) == _markdown(text)
    assert Renderer().block(text) == _markdown(text)


@pytest.mark.parametrize("text", NOT_SIMPLE)
def test_other_markdown_is_never_taken_for_simple_text(text: str) -> None:
    assert simple_html(text) is None


def test_the_simple_path_agrees_with_markdown_on_random_text() -> None:
    rng = random.Random(11)
    words = ["praca", "**pensja**", "**dwa słowa**", "a**b**c", "1", "1.", "2)", "-", "--", "*"]
    words += ["**", "***", " ", "  ", "\n", "\n\n", "\n\n\n", "- ", "+ ", "* ", "—", ".", "€"]
    words += ["** a**", "**a **", "\u2028", "\x85", "\u00ad", "\x0c", "'", '"', ":", "(", "%"]
    words += ["<", ">", "&", "&amp;", "<b>", "<script>", "<img src=x onerror=y>"]  # author HTML
    renderer = Renderer()
    taken = 0
    for _ in range(3000):
        parts = []
        for _ in range(rng.randrange(1, 5)):
            if rng.random() < 0.4:
                lines = rng.randrange(1, 4)
                parts.append("\n".join("- " + rng.choice(words[:4]) for _ in range(lines)))
            else:
                parts.append("".join(rng.choice(words) for _ in range(rng.randrange(1, 10))))
        text = rng.choice(["\n\n", "\n", " "]).join(parts).strip()
        html = simple_html(text) if text else None
        if html is not None:
            taken += 1
            assert html == sanitise(renderer._convert(text)), repr(text)
    assert taken > 500


def test_inline_text_has_no_paragraph() -> None:
    renderer = Renderer()
    assert renderer.inline("Oddaję paszport.") == "Oddaję paszport."
    assert renderer.inline("Oddaję *paszport*.") == "Oddaję <em>paszport</em>."
    assert renderer.inline("a & b") == "a &amp; b"


def test_callouts_tables_and_images() -> None:
    html = Renderer().block(
        '!!! warning "Uwaga"\n    Nie oddawaj paszportu.\n\n'
        "| Sygnał | Co zrobić |\n|:---|---|\n| Brak adresu | Sprawdź |\n\n"
        "![Ogłoszenie](media/oferta.svg)"
    )
    assert '<aside class="latarnia-callout latarnia-callout--warning" role="note">' in html
    assert '<p class="latarnia-callout__title">Uwaga</p>' in html
    assert '<th scope="col">Sygnał</th>' in html
    assert '<img alt="Ogłoszenie" src="/static/oferta.svg">' in html


def test_a_callout_without_a_title_gets_no_invented_one() -> None:
    html = Renderer().block("!!! tip\n    Zapisz numer KCIK w telefonie.")
    assert '<aside class="latarnia-callout latarnia-callout--tip" role="note">' in html
    assert "Tip" not in html and "latarnia-callout__title" not in html


def test_what_the_builder_writes_is_what_the_blocks_keep() -> None:
    html = Renderer().block(
        '!!! note "Stan prawny"\n    Na dzień 29.11.2026.\n\n| a | b |\n|---|---|\n| 1 | 2 |'
    )
    assert clean_html(html) == html


@pytest.mark.parametrize("shape", ["{}", "Akapit.\n\n{}\n\n- punkt\n- **drugi** punkt"])
def test_author_html_is_sanitised(shape: str) -> None:
    """In one line and in a text of paragraphs and a list (the shape of the simple fast path)."""
    html = Renderer().block(
        shape.format(
            '<script>alert(1)</script><a href="javascript:alert(1)" onclick="x()">klik</a> '
            '<img src="media/a.png" alt="a" onerror="x()"><div class="evil">x</div>'
        )
    )
    assert "script" not in html and "javascript" not in html and "onclick" not in html
    assert "onerror" not in html and "evil" not in html
    assert '<img src="/static/a.png" alt="a">' in html


def test_tags_without_attributes_in_simple_text_are_sanitised_too() -> None:
    html = Renderer().block("Akapit <script>alert(1)</script> & <u>x</u>.\n\n- punkt\n- drugi")
    assert "<script" not in html and "<u>" not in html
    assert "&amp;" in html


def test_results_are_remembered() -> None:
    renderer = Renderer()
    text = "**raz**"
    assert renderer.block(text) is renderer.block(text)


def test_markdown_runs_once_per_snippet_and_never_for_plain_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    renderer = Renderer()
    converted: list[str] = []
    convert = renderer._convert
    monkeypatch.setattr(renderer, "_convert", lambda text: converted.append(text) or convert(text))
    callout = '!!! warning "Uwaga"\n    Nie oddawaj paszportu.'
    for _ in range(3):  # the same callout, feedback and note in many places
        renderer.block(callout)
        renderer.block(f"\n{callout}\n")  # the same text with other blank lines around it
        renderer.inline("Zadzwoń na **112**.")
        renderer.block("Dobrze. Pracodawca nie może zatrzymać paszportu.")
        renderer.inline("Zgłoś to na policję")
    assert converted == [callout, "Zadzwoń na **112**."]

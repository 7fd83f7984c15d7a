"""report.html: one self-contained, printable, accessible page in the command's language."""

from __future__ import annotations

import re

import pytest


def html(made) -> str:
    return (made.out / "report.html").read_text(encoding="utf-8")


def test_the_page_needs_no_network_and_no_script(made):
    page = html(made)
    assert "<script" not in page
    assert not re.search(r"""(src|href)\s*=\s*["'](https?:)?//""", page)
    assert "<link" not in page and "@import" not in page
    assert not re.search(r"url\([^#]", page)  # only the charts' own clip paths
    assert page.count("<svg") == 4  # two charts per track, inline


def test_tables_have_headers_and_charts_text_equivalents(made):
    page = html(made)
    assert page.count("<table") == page.count("<caption>")
    assert "<th>" not in page  # every header cell says what it heads
    assert page.count('scope="col"') > 50 and page.count('scope="row"') > 50
    for svg in re.findall(r"<svg[^>]*>", page):
        assert 'role="img"' in svg and "aria-label=" in svg
    # each chart is followed by a table of the same numbers
    assert page.count("<figcaption>") == 4


def test_the_report_speaks_the_commands_language(made, made_pl):
    english, polish = html(made), html(made_pl)
    assert '<html lang="en">' in english and "Knowledge gain" in english
    assert '<html lang="pl">' in polish and "Przyrost wiedzy" in polish
    gain = made_pl.summary["tracks"][0]["gain"]["difference_mean"]
    assert f"{gain:.1f}".replace(".", ",") in polish  # a decimal comma
    assert made_pl.summary["tracks"][0]["readings"]["hake_g"].startswith("Przyrost Hake")


def test_the_same_input_gives_the_same_files(made, tmp_path):
    from latarnia_builder.report import make_report

    from tests.report.conftest import language

    with language("en"):
        make_report(made.cohort.course, made.cohort.grades, made.cohort.responses, tmp_path)
    for name in ("report.html", "summary.json", "items.csv"):
        assert (tmp_path / name).read_bytes() == (made.out / name).read_bytes(), name


@pytest.mark.browser
def test_the_page_is_axe_clean_in_chromium(made, page):
    from tests.xblocks.browser import axe_violations

    page.goto((made.out / "report.html").as_uri())
    assert axe_violations(page, "html") == []
    page.emulate_media(media="print")
    assert page.locator("h1").is_visible()

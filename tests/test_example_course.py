"""docs/example-course: the complete example lesson docs/authoring.md points trainers to.

It holds every block (text with a table, an image and a callout; help; quiz; scenario) and all
five question types, in Polish and English; it must pass `check --strict` and build into a
course Studio imports.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import olxcleaner
import pytest
from lxml import etree
from playwright.sync_api import Page

from tests.support import servers

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "docs" / "example-course"
LATARNIA = str(Path(sys.executable).parent / "latarnia")


def test_the_example_course_passes_the_strict_check() -> None:
    result = subprocess.run(
        [LATARNIA, "check", "--strict", str(EXAMPLE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning" not in result.stdout


def test_the_example_course_builds_with_every_block_and_question_type(tmp_path: Path) -> None:
    result = subprocess.run(
        [LATARNIA, "build", str(EXAMPLE), "-o", str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for lang in ("pl", "en"):
        olx = tmp_path / lang / "course"
        _course, errors, _names = olxcleaner.validate(
            str(olx),
            steps=8,
            allowed_xblocks=["latarnia_lesson", "latarnia_quiz", "latarnia_scenario"],
        )
        assert [e for e in errors.errors if e.level in ("ERROR", "CRITICAL")] == []
        sequential = etree.parse(str(olx / "sequential" / "przyklad.xml")).getroot()
        tags = {element.tag for element in sequential.iter() if isinstance(element.tag, str)}
        assert {"latarnia_lesson", "latarnia_quiz", "latarnia_scenario"} <= tags
        types = {q.get("type") for q in sequential.iter("question")}
        assert types == {"single", "multiple", "truefalse", "ordering", "matching"}
        content = " ".join(c.text or "" for c in sequential.iter("content"))
        for markup in ("<table", "<img", "latarnia-callout"):
            assert markup in content, (lang, markup)
        assert (olx / "static" / "oferta.svg").exists()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["pl", "en"])
def test_the_example_lesson_appears_in_the_preview(page: Page, tmp_path: Path, lang: str) -> None:
    """`latarnia preview docs/example-course`, as docs/authoring.md tells trainers to run it."""
    course = tmp_path / "example-course"
    shutil.copytree(EXAMPLE, course)
    with servers.preview(course, tmp_path, lang) as url:
        page.goto(url + "/")
        links = page.eval_on_selector_all(
            f'a[href^="/scenario/latarnia-{lang}-"]', "links => links.map(a => a.href)"
        )
        assert links, "no lesson in the preview's index"
        page.goto(links[0])
        for tag in ("latarnia_lesson", "latarnia_quiz", "latarnia_scenario"):
            assert page.locator(f'[data-block-type="{tag}"]').count() >= 1, tag
        title = {"pl": "Jak sprawdzić ofertę pracy", "en": "How to check a job offer"}[lang]
        assert title in page.content()

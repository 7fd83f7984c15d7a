"""The real course in course/: it checks clean, imports clean, and every page is accessible.

The structure of each track is counted in tests/course/; this module holds the course as a whole.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import olxcleaner
import pytest
from axe_playwright_python.sync_playwright import Axe
from latarnia_xblocks import olx
from latarnia_xblocks.sanitize import plain_text
from lxml import etree
from playwright.sync_api import Page

from tests.support import servers
from tests.xblocks.conftest import Course, call
from tests.xblocks.test_quiz import answers_for

REPO = Path(__file__).resolve().parents[1]
COURSE = REPO / "course"
LATARNIA = str(Path(sys.executable).parent / "latarnia")
LANGUAGES = ["pl", "en"]
OUR_BLOCKS = ["latarnia_lesson", "latarnia_quiz", "latarnia_scenario"]
BLOCKS = '[data-block-type^="latarnia_"]'


def test_the_course_checks_clean():
    result = subprocess.run([LATARNIA, "check", str(COURSE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    result = subprocess.run(
        [LATARNIA, "build", str(COURSE), "-o", str(out)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_imports_clean(built: Path, lang: str):
    olx = built / lang / "course"
    _course, errors, _url_names = olxcleaner.validate(str(olx), steps=8, allowed_xblocks=OUR_BLOCKS)
    serious = [
        f"{e.level} {e.name} {e.filename}: {e.description}"
        for e in errors.errors
        if e.level in ("ERROR", "CRITICAL")
    ]
    assert serious == []
    archives = list(built.glob(f"*-{lang}.tar.gz"))
    assert len(archives) == 1, archives


@pytest.mark.parametrize("lang", LANGUAGES)
def test_both_tracks_are_in_every_language(built: Path, lang: str):
    chapters = sorted(p.stem for p in (built / lang / "course" / "chapter").glob("*.xml"))
    assert chapters == ["pedagodzy", "szukajacy-pracy"]


# -- every lesson page in Chromium, as the preview serves it ----------------------------------


@pytest.fixture(scope="module", params=LANGUAGES)
def course_preview(request, tmp_path_factory) -> Iterator[tuple[str, str]]:
    workdir = tmp_path_factory.mktemp(f"course-preview-{request.param}")
    with servers.preview(COURSE, workdir, lang=request.param) as url:
        yield request.param, url


def lesson_links(page: Page, url: str, lang: str) -> list[str]:
    page.goto(url + "/")
    return page.eval_on_selector_all(
        f'a[href^="/scenario/latarnia-{lang}-"]', "links => links.map(a => a.getAttribute('href'))"
    )


@pytest.mark.browser
def test_every_lesson_page_is_accessible_and_fits_a_phone(page: Page, course_preview):
    lang, url = course_preview
    links = lesson_links(page, url, lang)
    assert len(links) == 14, links  # 7 lessons in each of the two tracks
    page.set_viewport_size({"width": 360, "height": 800})
    axe = Axe().axe_script
    problems = {}
    for href in links:
        page.goto(f"{url}{href}?student=axe-{lang}")
        page.locator(BLOCKS).first.wait_for()
        page.evaluate(axe)
        result = page.evaluate(
            """(selector) => axe.run(document.querySelectorAll(selector),
                 {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa"]},
                  resultTypes: ["violations"]})""",
            BLOCKS,
        )
        violations = [
            {"id": v["id"], "nodes": [n["html"][:120] for n in v["nodes"]]}
            for v in result["violations"]
        ]
        too_wide = page.evaluate(
            """(selector) => [...document.querySelectorAll(selector)]
                 .filter(b => b.scrollWidth > b.clientWidth + 1)
                 .map(b => b.getAttribute('data-block-type') + ' ' + b.scrollWidth)""",
            BLOCKS,
        )
        if violations or too_wide:
            problems[href] = {"axe": violations, "wider than 360 px": too_wide}
    assert problems == {}, json.dumps(problems, indent=2, ensure_ascii=False)


# -- every quiz and scenario of the built course works for a learner (in process) ------------


def course_blocks(built: Path, lang: str, tag: str) -> list[etree._Element]:
    blocks = []
    for path in sorted((built / lang / "course").glob("**/*.xml")):
        blocks += etree.parse(str(path)).getroot().iter(tag)
    return blocks


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_quiz_gives_full_marks_for_the_right_answers(built: Path, lang: str):
    quizzes = course_blocks(built, lang, "latarnia_quiz")
    assert len(quizzes) == 14  # a pre-test, five lesson quizzes and a final test per track
    course = Course(language=lang)
    for node in quizzes:
        block = course.learner(course.add(etree.tostring(node, encoding="unicode")))
        response = call(block, "submit", {"attempt": 0, "answers": answers_for(block)})
        assert response.status == 200, (node.get("url_name"), response.data)
        grades = [data for event, data in block.runtime.events if event == "grade"]
        assert grades and grades[-1]["value"] == grades[-1]["max_value"], node.get("url_name")


def paths_to_endings(steps: list[dict], start: str) -> dict[str, list[tuple[str, str]]]:
    """For each reachable ending, a shortest path of (step id, choice id) from ``start``."""
    by_id = {step["id"]: step for step in steps}
    paths: dict[str, list[tuple[str, str]]] = {start: []}
    queue = [start]
    while queue:
        step = by_id.get(queue.pop(0))
        if step is None:
            continue
        for choice in step["choices"]:
            if choice["next"] not in paths:
                paths[choice["next"]] = [*paths[step["id"]], (step["id"], choice["id"])]
                queue.append(choice["next"])
    return {node: path for node, path in paths.items() if node not in by_id}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_learner_reaches_every_ending_of_every_scenario(built: Path, lang: str):
    scenarios = course_blocks(built, lang, "latarnia_scenario")
    assert len(scenarios) >= 2  # at least one per track
    course = Course(language=lang)
    for node in scenarios:
        settings, _intro, steps, endings = olx.scenario_from_xml(node)
        paths = paths_to_endings(steps, settings["first_step"] or steps[0]["id"])
        assert sorted(paths) == sorted(e["id"] for e in endings), node.get("url_name")
        block = course.learner(course.add(etree.tostring(node, encoding="unicode")))
        for ending in endings:
            for step_id, choice_id in paths[ending["id"]]:
                step = next(s for s in steps if s["id"] == step_id)
                token = f"c{block.tokens(step).index(choice_id)}"
                response = call(block, "choose", {"step": step_id, "choice": token})
                assert response.status == 200, (node.get("url_name"), response.data)
            assert plain_text(ending["text"])[:60] in plain_text(response.data["html"])
            assert call(block, "restart", {}).status == 200
        assert ("completion", {"completion": 1.0}) in block.runtime.events

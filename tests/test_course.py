"""The real course in course/: it checks clean, imports clean, and every page is accessible.

The structure of each track is counted in tests/course/; this module holds the course as a whole.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import olxcleaner
import pytest
from axe_playwright_python.sync_playwright import Axe
from latarnia_xblocks import olx, orders
from latarnia_xblocks.sanitise import plain_text
from lxml import etree
from lxml import html as lxml_html
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


def test_the_course_passes_the_item_quality_checks():
    """`check --strict`: no quiz gives its key away, every pre-test question has one mirror.

    The warnings left are about freshness of the help numbers only. Their check dates come from
    ../shared/reference/domain-facts.md (June 2025 to October 2025, 01.2024 for two child
    lines), more than a year before the course starts; only a person who calls the numbers
    again can clear it (see the session notes). Nothing in the course expires before it ends:
    the minimum wage lesson teaches how to check the year's amount instead of stating the 2026
    one (the only amounts domain-facts.md has, in a course that runs to 2027).
    """
    result = subprocess.run(
        [LATARNIA, "check", "--strict", str(COURSE)],
        capture_output=True,
        text=True,
        env={**os.environ, "LATARNIA_LANG": "en"},
    )
    warnings = [line for line in result.stdout.splitlines() if ": warning: " in line]
    stale = [line for line in warnings if ": warning: help contact '" in line]
    others = [line for line in warnings if line not in stale]
    assert others == [], "\n".join(others)
    assert len(stale) <= 2 * 7, stale  # at most each of the 7 contacts, in each language


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


def answers_by(block, strategy: str, position: int = 0) -> dict:
    """What a guessing learner sends, from the page as they see it (their own shuffle):
    the option at ``position`` everywhere, or the longest option everywhere."""
    page = lxml_html.fromstring(block.student_view(None).content)
    answers: dict = {}
    for fieldset in page.xpath("//fieldset[@data-question]"):
        qid, kind = fieldset.get("data-question"), fieldset.get("data-type")
        if kind == "ordering":  # keep the order shown
            answers[qid] = [li.get("data-token") for li in fieldset.xpath(".//li[@data-token]")]
            continue
        if kind == "matching":
            options = fieldset.xpath(".//select")[0].xpath("./option[@value!='']")
            pick = _pick(options, strategy, position)
            answers[qid] = {
                s.get("data-pair"): pick.get("value") for s in fieldset.xpath(".//select")
            }
            continue
        inputs = fieldset.xpath(".//input")
        labels = [fieldset.xpath(f".//label[@for='{i.get('id')}']")[0] for i in inputs]
        chosen = inputs[labels.index(_pick(labels, strategy, position))]
        answers[qid] = [chosen.get("value")] if kind == "multiple" else chosen.get("value")
    return answers


def _pick(options: list, strategy: str, position: int):
    if strategy == "longest":
        return max(options, key=lambda option: len(option.text_content().strip()))
    return options[position % len(options)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_learner_answering_by_position_or_length_fails_the_final_test(
    built: Path, lang: str, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
):
    """Item writing that leaks the key (always B, always the longest) would let a learner who
    knows nothing pass; the pass mark of the course is 0.6.

    Position is tried on the author's order (``shuffle`` off, the worst case: shuffled, a
    position is a random guess). The site's secret is fixed so that each learner's order of
    ordering items and matches is the same on every run.
    """
    monkeypatch.setattr(orders, "_secret", lambda: b"a fixed site secret for this test")
    orders._permutation.cache_clear()
    request.addfinalizer(orders._permutation.cache_clear)  # no order made with this secret stays
    finals = [q for q in course_blocks(built, lang, "latarnia_quiz") if q.get("kind") == "final"]
    assert len(finals) == 2
    strategies = [("longest", 0)] + [("position", k) for k in range(4)]
    for node in finals:
        node.set("shuffle", "false")
        for strategy, position in strategies:
            for learner in ("ala", "ola", "jan", "ewa"):  # each sees their own item order
                course = Course(language=lang)
                usage_id = course.add(etree.tostring(node, encoding="unicode"))
                who = f"{learner}-{strategy}-{position}-{node.get('url_name')}"
                block = course.learner(usage_id, who)
                body = {"attempt": 0, "answers": answers_by(block, strategy, position)}
                response = call(block, "submit", body)
                assert response.status == 200, response.data
                share = response.data["score"] / response.data["max_score"]
                assert share < 0.6, (node.get("url_name"), strategy, position, learner, share)

"""No answer leaks from any block of the built course: every latarnia_* element the builder
writes, rendered for a learner who has not answered yet, holds no correct flag, feedback,
explanation, next-step target or other step's text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from latarnia_xblocks import olx
from latarnia_xblocks.sanitise import plain_text
from lxml import etree

from tests.xblocks.conftest import Course

REPO = Path(__file__).resolve().parents[2]
CLI = Path(sys.executable).parent / "latarnia"
COURSES = {
    "minimal-course": REPO / "tests" / "fixtures" / "minimal-course",
    "course": REPO / "course",
}


def build(course: Path, out: Path) -> list[etree._Element]:
    """Build ``course`` with the real CLI; return every latarnia_* element of its OLX."""
    assert CLI.exists(), f"the `latarnia` command is not installed beside {sys.executable}"
    if course.name == "course":
        check = subprocess.run([str(CLI), "check", str(course)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout.strip()[-500:]
    result = subprocess.run(
        [str(CLI), "build", str(course), "-o", str(out)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    blocks = []
    for path in sorted(out.glob("*/course/**/*.xml")):
        tree = etree.parse(str(path))
        blocks += [
            e for e in tree.iter() if isinstance(e.tag, str) and e.tag.startswith("latarnia_")
        ]
    assert blocks, f"no latarnia_* block in the OLX under {out}"
    return blocks


def secrets(node: etree._Element) -> list[str]:
    """The texts of ``node`` a learner must not receive before making the matching choice."""
    if node.tag == "latarnia_quiz":
        _settings, questions = olx.quiz_from_xml(node)
        texts = [q["explanation"] for q in questions]
        texts += [c["feedback"] for q in questions for c in q["choices"]]
        return [plain_text(t) for t in texts if plain_text(t)]
    if node.tag == "latarnia_scenario":
        settings, _intro, steps, endings = olx.scenario_from_xml(node)
        start = settings["first_step"] or (steps[0]["id"] if steps else "")
        texts = [c["feedback"] for s in steps for c in s["choices"]]
        texts += [s["text"] for s in steps if s["id"] != start]
        texts += [e["text"] for e in endings] + [e["title"] for e in endings]
        return [plain_text(t) for t in texts if plain_text(t)]
    return []


def received(course: Course, node: etree._Element) -> str:
    """Everything a learner's browser or app gets from the block before answering."""
    node = etree.fromstring(etree.tostring(node))
    node.attrib.pop("url_name", None)
    block = course.learner(course.add(etree.tostring(node, encoding="unicode")), "new-learner")
    fragment = block.student_view()
    parts = [fragment.body_html(), json.dumps(fragment.json_init_args, ensure_ascii=False)]
    parts.append(json.dumps(block.student_view_data(), ensure_ascii=False))
    return "\n".join(parts)


@pytest.mark.parametrize("name", list(COURSES))
def test_no_block_of_the_built_course_leaks_an_answer(name, tmp_path):
    blocks = build(COURSES[name], tmp_path / "out")
    course = Course()
    checked = 0
    for node in blocks:
        page = received(course, node)
        text = plain_text(page)
        for secret in secrets(node):
            assert secret not in text, f"{node.tag} {node.get('url_name')}: leaks {secret[:60]!r}"
        lowered = page.lower()
        for marker in (
            'correct="',
            '"correct"',
            "latarnia-result",
            "data-consequence",
            '"safe"',
            '"next"',
            "<script>",
            "javascript:",
        ):
            assert marker not in lowered, f"{node.tag} {node.get('url_name')}: {marker}"
        if node.tag == "latarnia_scenario":
            for step in node.iter("step"):
                for choice in step.iter("choice"):
                    assert f'value="{choice.get("id")}"' not in page
        checked += 1
    assert checked == len(blocks)

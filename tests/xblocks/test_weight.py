"""Each block's own JavaScript and CSS stay within 15 KB (unminified), with no framework."""

from __future__ import annotations

from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "xblocks" / "static"
SHARED = ["js/common.js", "css/common.css"]
BLOCKS = {
    "latarnia_quiz": [*SHARED, "js/quiz.js", "css/quiz.css"],
    "latarnia_scenario": [*SHARED, "js/scenario.js", "css/scenario.css"],
    "latarnia_lesson": ["css/common.css", "css/lesson.css"],
}
BUDGET = 15 * 1024


@pytest.mark.parametrize("block", BLOCKS)
def test_js_and_css_within_budget(block):
    size = sum((STATIC / path).stat().st_size for path in BLOCKS[block])
    assert size <= BUDGET, f"{block}: {size} bytes of JS and CSS"


def test_no_framework_and_no_remote_code():
    for script in STATIC.glob("js/*.js"):
        text = script.read_text()
        for marker in (
            "import ",
            "require(",
            "React",
            "Vue",
            "eval(",
            "new Function",
            "innerHTML +=",
        ):
            assert marker not in text, f"{script.name}: {marker}"

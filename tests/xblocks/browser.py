"""What the browser tests of the blocks share: opening a block as a fresh learner, waiting for
its handlers, axe-core scoped to the block, and the reflow check."""

from __future__ import annotations

import json
import uuid

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]
_AXE = Axe().axe_script


def open_block(
    page: Page, base_url: str, scenario: str, block_type: str, student: str = ""
) -> Locator:
    """Open a workbench scenario as a new learner; return the block's own element."""
    student = student or f"t-{uuid.uuid4().hex[:12]}"
    page.goto(f"{base_url}/scenario/{scenario}/?student={student}")
    block = page.locator(f'[data-block-type="{block_type}"]')
    block.locator(".latarnia").wait_for()
    if block.get_attribute("data-init"):  # a block with a script: wait until it is running
        page.wait_for_function("() => window.LatarniaCommon !== undefined")
    return block


def handler_response(page: Page, handler: str):
    """Context manager: wait for the block's ``handler`` to answer (the workbench needs it)."""
    return page.expect_response(lambda response: f"/{handler}/" in response.url)


def axe_violations(page: Page, selector: str) -> list[dict]:
    """axe-core (WCAG 2.0 A and AA, 2.1 AA) within ``selector``; [] when it finds nothing."""
    page.evaluate(_AXE)
    result = page.evaluate(
        """([selector, tags]) => axe.run(document.querySelector(selector),
               {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})""",
        [selector, AXE_TAGS],
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["html"][:160] for n in v["nodes"]]}
        for v in result["violations"]
    ]


def assert_accessible(page: Page, block_type: str) -> None:
    violations = axe_violations(page, f'[data-block-type="{block_type}"]')
    assert violations == [], json.dumps(violations, indent=2, ensure_ascii=False)


def overflow(page: Page, block_type: str) -> list[str]:
    """Elements of the block wider than the block (horizontal scrolling), as short descriptions."""
    return page.evaluate(
        """(selector) => {
            const root = document.querySelector(selector);
            const box = root.getBoundingClientRect();
            const wide = [];
            if (root.scrollWidth > root.clientWidth) wide.push("block " + root.scrollWidth);
            root.querySelectorAll("*").forEach((el) => {
                const r = el.getBoundingClientRect();
                if (r.width && (r.right > box.right + 1 || r.left < box.left - 1))
                    wide.push(el.tagName + "." + el.className + " " + Math.round(r.right));
            });
            return wide.slice(0, 10);
        }""",
        f'[data-block-type="{block_type}"]',
    )


def focused_text(page: Page) -> str:
    return page.evaluate(
        "() => (document.activeElement && document.activeElement.textContent) || ''"
    )

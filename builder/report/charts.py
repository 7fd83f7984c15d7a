"""The report's charts: Matplotlib figures written as inline SVG, text kept as text.

Each chart is drawn from figures the report already shows in a table next to it (its text
equivalent); hidden cells are drawn as nothing and named in the caption. The SVG is made
reproducible (fixed ids, no date) and gets ``role="img"`` and an accessible name.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")  # no display, no GUI toolkit

import matplotlib.pyplot as plt
from latarnia_builder.i18n import _
from lxml import etree

if TYPE_CHECKING:  # the report extra accepts Matplotlib 3.8, which has no RcKeyType at run time
    from matplotlib.typing import RcKeyType

PRE_COLOUR, FINAL_COLOUR = "#8c8c8c", "#1b365d"  # grey and the course's navy: 4.5:1 on white
STYLE: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",  # text as <text>, searchable and small
    "svg.hashsalt": "latarnia",  # stable ids: the same report gives the same file
    "font.size": 10,
    "font.family": "DejaVu Sans",
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _svg(figure: plt.Figure, label: str) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    plt.close(figure)
    root = etree.fromstring(buffer.getvalue())
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("focusable", "false")
    for name in ("width", "height"):  # scale with the page (viewBox kept)
        root.attrib.pop(name, None)
    root.set("class", "chart")
    return etree.tostring(root, encoding="unicode")


def distribution(bands: list[str], pre: list[int | None], final: list[int | None], label: str):
    """Learners per score band before and after, side by side."""
    with plt.rc_context(STYLE):
        figure, axes = plt.subplots(figsize=(6.4, 2.8))
        x = list(range(len(bands)))
        width = 0.4
        axes.bar(
            [i - width / 2 for i in x],
            [v or 0 for v in pre],
            width,
            label=_("pre-test"),
            color=PRE_COLOUR,
        )
        axes.bar(
            [i + width / 2 for i in x],
            [v or 0 for v in final],
            width,
            label=_("final test"),
            color=FINAL_COLOUR,
        )
        axes.set_xticks(x, bands)
        axes.tick_params(axis="x", labelsize=7)
        axes.set_xlabel(_("score on the mirrored questions (%)"))
        axes.set_ylabel(_("learners"))
        axes.legend(frameon=False)
        return _svg(figure, label)


def pairs(rows: list[dict[str, Any]], label: str) -> str:
    """Share of the matched learners right on each mirrored pair, before and after."""
    with plt.rc_context(STYLE):
        height = max(1.6, 0.42 * len(rows) + 0.9)
        figure, axes = plt.subplots(figsize=(6.4, height))
        y = list(range(len(rows)))[::-1]
        size = 0.38
        axes.barh(
            [i + size / 2 for i in y],
            [r["correct_before"] or 0 for r in rows],
            size,
            label=_("before"),
            color=PRE_COLOUR,
        )
        axes.barh(
            [i - size / 2 for i in y],
            [r["correct_after"] or 0 for r in rows],
            size,
            label=_("after"),
            color=FINAL_COLOUR,
        )
        axes.set_yticks(y, [r["final_question"] for r in rows])
        axes.set_xlim(0, 100)
        axes.set_xlabel(_("learners right (%)"))
        axes.legend(frameon=False, loc="lower right")
        return _svg(figure, label)

"""The report's files: report.html, one CSV per table, summary.json (and, for staff only,
the pseudonymised learners' file).

All are views of the summary ``analyse`` returns; a hidden cell is an empty CSV cell, ``null``
in JSON and "hidden" in the HTML. The HTML is one file: styles inline, charts inline SVG, no
script, no link to the network.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from latarnia_builder.i18n import _
from latarnia_builder.report import charts, privacy
from latarnia_builder.report.readings import num, p_value
from markupsafe import Markup

CSV_TABLES = (
    "counted",
    "gain",
    "distribution",
    "pairs",
    "still_wrong",
    "reliability",
    "items",
    "options",
)
GAIN_FIGURES = (
    "n",
    "pre_mean",
    "pre_sd",
    "pre_ci_low",
    "pre_ci_high",
    "final_mean",
    "final_sd",
    "final_ci_low",
    "final_ci_high",
    "difference_mean",
    "difference_sd",
    "difference_ci_low",
    "difference_ci_high",
    "t",
    "df",
    "p_t",
    "wilcoxon_w",
    "p_wilcoxon",
    "d_z",
    "hake_g",
    "normalized_change_c",
    "c_n",
)


def _atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _csv_text(header: list[str], rows: Iterable[dict[str, Any]]) -> str:
    buffer = _Buffer()
    writer = csv.DictWriter(buffer, header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in header})
    return buffer.text()


class _Buffer:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def text(self) -> str:
        return "".join(self.parts)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value


# (long: one declaration of every CSV table, its columns and rows, read top to bottom)
def tables(summary: dict[str, Any]) -> dict[str, tuple[list[str], list[dict[str, Any]]]]:
    """Every table of the report: name → (columns, rows)."""
    scopes = [*summary["tracks"], summary["all_tracks"]]
    counted = [{"track": s["id"] or "all", **s["counted"]} for s in scopes]
    gain = [
        {"track": s["id"] or "all", **(s["gain"] or {"suppressed": list(GAIN_FIGURES)})}
        for s in scopes
    ]
    distribution, pairs, still_wrong, reliability, items, options = [], [], [], [], [], []
    for track in summary["tracks"]:
        d = track["distribution"]
        for i, band in enumerate(d["bands"]):
            distribution.append(
                {
                    "track": track["id"],
                    "band": band,
                    "pretest": d["pretest"][i] if d["pretest"] else None,
                    "final": d["final"][i] if d["final"] else None,
                }
            )
        pairs += [{"track": track["id"], **row} for row in track["pairs"]]
        still_wrong += [{"track": track["id"], **row} for row in track["still_wrong"]]
        for kind, test in track["items"].items():
            reliability.append(
                {"track": track["id"], "test": kind, "n": test["n"], "alpha": test["alpha"]}
            )
            for q in test["questions"]:
                items.append(
                    {
                        "track": track["id"],
                        "test": kind,
                        **q,
                        "flags": [f["code"] for f in q["flags"]],
                    }
                )
                for option in q["options"]:
                    options.append(
                        {"track": track["id"], "test": kind, "question": q["question"], **option}
                    )
    return {
        "counted": (
            [
                "track",
                "took_pretest",
                "took_final",
                "matched",
                "pretest_only",
                "final_only",
                "suppressed",
            ],
            counted,
        ),
        "gain": (["track", *GAIN_FIGURES, "suppressed"], gain),
        "distribution": (["track", "band", "pretest", "final"], distribution),
        "pairs": (
            [
                "track",
                "pretest_question",
                "final_question",
                "n",
                "correct_before",
                "correct_after",
                "change",
                "improved",
                "worsened",
                "p_mcnemar",
                "suppressed",
            ],
            pairs,
        ),
        "still_wrong": (
            [
                "track",
                "final_question",
                "prompt",
                "wrong_after",
                "most_chosen_wrong",
                "most_chosen_wrong_text",
                "most_chosen_wrong_share",
                "suppressed",
            ],
            still_wrong,
        ),
        "reliability": (["track", "test", "n", "alpha"], reliability),
        "items": (
            [
                "track",
                "test",
                "question",
                "type",
                "mirrors",
                "facility",
                "discrimination",
                "alpha_if_deleted",
                "flags",
                "suppressed",
            ],
            items,
        ),
        "options": (
            [
                "track",
                "test",
                "question",
                "option",
                "correct",
                "chosen",
                "discrimination",
                "rare",
                "suppressed",
            ],
            options,
        ),
    }


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("latarnia_builder.report", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["num"] = num
    environment.filters["p"] = p_value
    return environment


# (long: a table of the report's words, one entry per label)
def labels() -> dict[str, str]:
    """Every word of report.html, in the command's language."""
    return {
        "title": _("Did the course work?"),
        "course": _("Course"),
        "runs": _("Runs"),
        "enrolled": _("Learners enrolled"),
        "privacy_title": _("Privacy"),
        "privacy": _(
            "This report holds aggregates only: no name, email or username. Any figure about "
            "fewer than {min} learners is hidden (shown as “hidden”), and so is, where needed, "
            "another figure of the same sum, so that a hidden figure cannot be worked out from "
            "a total. Zero is shown: it is nobody."
        ).format(min=privacy.MIN_CELL),
        "hidden": _("hidden"),
        "hidden_note": _("fewer than 10 learners, or a figure that would reveal such a group"),
        "none": _("not computable"),
        "counted_title": _("Who is counted"),
        "counted_intro": _(
            "Every gain figure uses the matched pairs only: learners who took both the pre-test "
            "and the final test of a track. “All tracks” counts learner-tracks (a learner who "
            "finished two tracks counts twice)."
        ),
        "track": _("Track"),
        "took_pretest": _("Took the pre-test"),
        "took_final": _("Took the final test"),
        "matched": _("Both (matched pairs)"),
        "pretest_only": _("Pre-test only (left before the end)"),
        "final_only": _("Final test only (skipped the pre-test)"),
        "all_tracks": _("All tracks"),
        "gain_title": _("Knowledge gain"),
        "figure": _("Figure"),
        "value": _("Value"),
        "ci": _("95 % confidence interval"),
        "reading": _("What it means"),
        "pre_mean": _("Pre-test, mean score"),
        "final_mean": _("Final test, mean score"),
        "difference_mean": _("Gain (final − pre), percentage points"),
        "p_t": _("Paired t-test"),
        "p_wilcoxon": _("Wilcoxon signed-rank test"),
        "d_z": _("Effect size d_z"),
        "hake_g": _("Hake's gain ⟨g⟩"),
        "normalized_change_c": _("Normalized change c"),
        "distribution_title": _("Scores before and after"),
        "distribution_caption": _(
            "Matched learners per score band on the mirrored questions, pre-test and final test. "
            "A band holds scores from its lower bound up to, not including, its upper bound "
            "(10–<20 holds 10, not 20); the last band holds 100. "
            "The table below the chart gives the same numbers."
        ),
        "band": _("Score (%)"),
        "pretest": _("Pre-test"),
        "final": _("Final test"),
        "learners": _("learners"),
        "pairs_title": _("Question by question"),
        "pairs_caption": _(
            "Share of the matched learners who answered each mirrored pair right, before and "
            "after. The table below gives the same numbers and McNemar's exact test on the "
            "learners who changed."
        ),
        "pretest_question": _("Pre-test question"),
        "final_question": _("Final-test question"),
        "correct_before": _("Right before (%)"),
        "correct_after": _("Right after (%)"),
        "change": _("Change (points)"),
        "improved": _("Wrong → right"),
        "worsened": _("Right → wrong"),
        "p_mcnemar": _("McNemar"),
        "still_wrong_title": _("What to teach again"),
        "still_wrong_intro": _(
            "Mirrored final-test questions that fewer than 80 % of the matched learners got "
            "right, the worst first, with the wrong option chosen most."
        ),
        "still_wrong_none": _("Every mirrored question was answered right by at least 80 %."),
        "wrong_after": _("Wrong after (%)"),
        "question": _("Question"),
        "most_chosen_wrong": _("Wrong option chosen most"),
        "share": _("Chosen by (%)"),
        "items_title": _("Item analysis"),
        "items_intro": _(
            "Every learner who answered the test. Facility: the share of the points earned. "
            "Discrimination: the correlation of the question with the rest of the test (0.2 or "
            "more is good). Reliability: Cronbach's α (KR-20 when every question is right or "
            "wrong); 0.7 or more is usual for a test that informs decisions."
        ),
        "reliability": _("Reliability (Cronbach's α)"),
        "facility": _("Facility (%)"),
        "discrimination": _("Discrimination"),
        "alpha_if_deleted": _("α without it"),
        "flags": _("Flags"),
        "no_flags": _("none"),
        "options": _("Options"),
        "correct": _("Right"),
        "cannot_title": _("What this report cannot show"),
        "cannot": _(
            "There is no control group: learners who did not take the course were not tested. "
            "A gain shows that the learners knew more at the end, not that the course alone "
            "caused it (they may have learned elsewhere, or from the pre-test itself). Learners "
            "who left before the final test are not in the matched pairs; if they were the "
            "weaker ones, the gain of the whole group is overstated. The tests measure what "
            "their questions ask, not what learners will do."
        ),
        "notes": _("Notes"),
        "no_track": _("Too few learners to show this part."),
        "items_hidden": _("Fewer than 10 learners answered this test: no item analysis."),
    }


def render_html(summary: dict[str, Any]) -> str:
    """report.html: one self-contained page."""
    scopes = [*summary["tracks"], summary["all_tracks"]]
    words = labels()
    figures = {}
    for track in summary["tracks"]:
        d = track["distribution"]
        if d["pretest"]:
            name = _("Scores before and after, {track}").format(track=track["title"])
            figures[(track["id"], "distribution")] = Markup(
                charts.distribution(d["bands"], d["pretest"], d["final"], name)
            )
        shown = [r for r in track["pairs"] if r["correct_before"] is not None]
        if shown:
            name = _("Right before and after, question by question, {track}").format(
                track=track["title"]
            )
            figures[(track["id"], "pairs")] = Markup(charts.pairs(track["pairs"], name))
    template = _environment().get_template("report.html")
    return template.render(
        s=summary,
        scopes=scopes,
        t=words,
        charts=figures,
        gain_rows=(
            "pre_mean",
            "final_mean",
            "difference_mean",
            "p_t",
            "p_wilcoxon",
            "d_z",
            "hake_g",
            "normalized_change_c",
        ),
        counts=("took_pretest", "took_final", "matched", "pretest_only", "final_only"),
    )


def write_all(summary: dict[str, Any], out: Path) -> list[Path]:
    """Write report.html, the CSV tables and summary.json into ``out``; return their paths."""
    written = []
    for name, (header, rows) in tables(summary).items():
        path = out / f"{name}.csv"
        _atomic(path, _csv_text(header, rows))
        written.append(path)
    path = out / "summary.json"
    _atomic(path, json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    written.append(path)
    path = out / "report.html"
    _atomic(path, render_html(summary))
    written.append(path)
    return written


def write_learners(rows: Iterable[dict[str, Any]], path: Path) -> Path:
    """The pseudonymised learners' file (``--include-learners``)."""
    header = ["pseudonym", "track", "pretest_score", "final_score"]
    _atomic(path, _csv_text(header, rows))
    return path

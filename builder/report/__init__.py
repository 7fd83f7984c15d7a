"""``latarnia report``: did the course work? Knowledge gain and item analysis from the two CSVs
an instructor downloads from the LMS (Instructor → Data Download).

    course (sources or OLX) ─ course.py ─┐
    Problem Grade Report ─────┐          ├─ analyse.py (stats.py, privacy.py, readings.py)
    Problem Responses report ─┴ read.py ─┘        └─ write.py: report.html, *.csv, summary.json

Needs the ``report`` extra (SciPy, Matplotlib, NumPy): ``pip install "latarnia[report]"``.
How to read every figure: docs/report.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from latarnia_builder.report.errors import ReportError

__all__ = ["ReportError", "ReportResult", "make_report"]


@dataclass
class ReportResult:
    summary: dict[str, Any]
    written: list[Path] = field(default_factory=list)
    learners_file: Path | None = None


def make_report(
    course_dir: Path,
    grades: list[Path],
    responses: list[Path],
    out: Path,
    *,
    learners_key: bytes | None = None,
    progress: Callable[[str], Callable[[int, int], None] | None] | None = None,
) -> ReportResult:
    """Read the course and the reports, analyse, and write the report into ``out``.

    With ``learners_key``, also write ``learners-pseudonymised.csv`` (keyed hashes, one row per
    learner and track). Raises ``ReportError`` for input it cannot use."""
    from latarnia_builder.i18n import language
    from latarnia_builder.report import analyse, course, privacy, read, write

    lang = language()
    course_map = course.read_course(Path(course_dir), lang)
    cohort = read.read_all(
        course_map, [Path(p) for p in grades], [Path(p) for p in responses], progress
    )
    summary = analyse.analyse(course_map, cohort, lang)
    result = ReportResult(summary, write.write_all(summary, Path(out)))
    if learners_key is not None:
        names = {index: key for key, index in cohort.learners.items()}
        rows = (
            {
                "pseudonym": privacy.pseudonym(learners_key, *names[learner]),
                "track": track,
                "pretest_score": pre,
                "final_score": final,
            }
            for learner, track, pre, final in analyse.learner_scores(course_map, cohort)
        )
        result.learners_file = write.write_learners(rows, Path(out) / "learners-pseudonymised.csv")
    return result

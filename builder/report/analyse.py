"""The cohort and the course → every figure of the report, as one JSON-ready dict.

The dict is ``summary.json``; report.html and the CSV tables are views of it. Its names are
the ones docs/report.md explains. Scores are percentages of the mirrored questions' points.
Figures a reader must not see (``privacy``) are ``None`` and listed in the ``suppressed`` key of
the object holding them, so a reader knows a value was hidden, not missing.

Who is counted, per track: learners who answered the pre-test, the final test, both (matched
pairs: every gain figure uses these only), the pre-test only (they left before the end) and the
final test only (they skipped the pre-test). "All tracks" counts learner-tracks: a learner who
took both tests of two tracks counts twice, so that its counts are the sums of the tracks'.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from typing import Any

import numpy as np
from latarnia_builder.i18n import _
from latarnia_builder.report import privacy, readings, stats
from latarnia_builder.report.course import CourseMap, Question, Test, Track
from latarnia_builder.report.read import UNANSWERED, Cohort, TestAnswers
from latarnia_xblocks.vocabulary import CHOICE_TYPES

BINS = tuple(range(0, 101, 10))  # score bands of the distribution, percent
FACILITY_LOW, FACILITY_HIGH = 20.0, 95.0
DISCRIMINATION_WEAK = 0.2
RARE_OPTION = 5.0  # percent of the learners who answered
WRONG_OPTION_DISCRIMINATION = 0.1
STILL_WRONG = 80.0  # a final question that fewer than this share answer right is listed
COUNTS = ("took_pretest", "took_final", "matched", "pretest_only", "final_only")
DIGITS = 10


def _round(value: float | None) -> float | None:
    """``value`` to ``DIGITS`` significant digits (p-values stay readable when tiny)."""
    return None if value is None else float(f"{float(value):.{DIGITS}g}")


class Scores:
    """One test's answers as arrays, looked up by learner."""

    def __init__(self, answers: TestAnswers) -> None:
        self.test = answers.test
        self.learners, self.scores, self.correct, self.answers = answers.arrays()
        self.codes = [{code: text for text, code in c.items()} for c in answers.codes]
        self.weights = np.array([q.weight for q in self.test.questions], dtype=float)

    def rows(self, learners: np.ndarray) -> np.ndarray:
        """Row indexes of ``learners`` (each must have answered)."""
        order = np.argsort(self.learners)
        return order[np.searchsorted(self.learners, learners, sorter=order)]

    def percent(self, rows: np.ndarray, columns: list[int]) -> np.ndarray:
        """Each learner's score on ``columns``, percent of their points (unanswered: 0)."""
        weights = self.weights[columns]
        points = np.nan_to_num(self.scores[np.ix_(rows, columns)], nan=0.0) @ weights
        # rounded so that equal scores are equal: the sign tests must see no gain as zero,
        # not as a rounding error of ±1e-14
        return np.round(100.0 * points / weights.sum(), 9)


def analyse(course: CourseMap, cohort: Cohort, lang: str) -> dict[str, Any]:
    """Every figure of the report (see the module's doc)."""
    tracks = [t for t in course.tracks if t.pretest is not None and t.final is not None]
    enrolled = dict(sorted(cohort.enrolled.items()))
    enrolled_total = sum(enrolled.values())
    hidden_runs = privacy.suppress(
        {"total": enrolled_total, **enrolled}, [("total", list(enrolled))]
    )
    results = [_track(track, cohort) for track in tracks]
    totals, hidden_totals = _suppress_counts(results)
    counted: dict[str, Any] = {k: None if k in hidden_totals else totals[k] for k in COUNTS}
    counted["suppressed"] = sorted(hidden_totals)
    overall: dict[str, Any] = {"id": "", "title": _("All tracks"), "counted": counted}
    pre_all = np.concatenate([r["_pre"] for r in results]) if results else np.array([])
    final_all = np.concatenate([r["_final"] for r in results]) if results else np.array([])
    overall["gain"], overall["readings"] = _gain(pre_all, final_all)
    for result in results:
        for key in ("_pre", "_final"):
            result.pop(key, None)
    without_answers = sum(r.pop("_without_answers") for r in results)
    notes = []
    if without_answers:
        notes.append(
            _(
                "Some learners took a test according to the grade report but have no answers in "
                "the Problem Responses report (downloaded at another time?); they are left out."
            )
        )
    if cohort.ignored_rows:
        notes.append(
            _(
                "Rows of other blocks (lessons' quizzes, scenarios) in the Problem Responses "
                "report were skipped: {rows}."
            ).format(rows=cohort.ignored_rows)
        )
    return {
        "report": "latarnia-report",
        "version": 1,
        "language": lang,
        "course": {
            "org": course.org,
            "number": course.number,
            "title": course.title,
            "runs": sorted(cohort.response_runs | cohort.grade_runs),
        },
        "min_cell": privacy.MIN_CELL,
        "enrolled": {
            "total": None if "total" in hidden_runs else enrolled_total,
            "by_run": {run: None if run in hidden_runs else n for run, n in enrolled.items()},
            "suppressed": sorted(str(r) for r in hidden_runs),
        },
        "tracks": results,
        "all_tracks": overall,
        "notes": notes,
    }


# -- one track ------------------------------------------------------------------------------------


def _mirrored(pre: Test, final: Test) -> tuple[list[int], list[tuple[int, int]]]:
    """Columns of the mirrored pre-test questions, and (pre column, final column) pairs."""
    pre_index = {q.id: i for i, q in enumerate(pre.questions)}
    pairs = [
        (pre_index[q.mirrors], j)
        for j, q in enumerate(final.questions)
        if q.mirrors and q.mirrors in pre_index
    ]
    return sorted({i for i, _j in pairs}), pairs


def _track(track: Track, cohort: Cohort) -> dict[str, Any]:
    assert track.pretest is not None and track.final is not None
    pre, final = (
        Scores(cohort.answers[track.pretest.url_name]),
        Scores(cohort.answers[track.final.url_name]),
    )
    took_pre, took_final = set(pre.learners.tolist()), set(final.learners.tolist())
    matched = np.array(sorted(took_pre & took_final), dtype=np.int64)
    attempted = cohort.attempted.get(track.pretest.url_name, set()) | cohort.attempted.get(
        track.final.url_name, set()
    )
    counts = {
        "took_pretest": len(took_pre),
        "took_final": len(took_final),
        "matched": len(matched),
        "pretest_only": len(took_pre - took_final),
        "final_only": len(took_final - took_pre),
    }
    pre_columns, pairs = _mirrored(track.pretest, track.final)
    final_columns = sorted({j for _i, j in pairs})
    pre_rows, final_rows = pre.rows(matched), final.rows(matched)
    pre_scores = pre.percent(pre_rows, pre_columns) if len(matched) else np.array([])
    final_scores = final.percent(final_rows, final_columns) if len(matched) else np.array([])
    gain, gain_readings = _gain(pre_scores, final_scores)
    return {
        "id": track.id,
        "title": track.title,
        "pretest": track.pretest.url_name,
        "final": track.final.url_name,
        "counted": counts,
        "gain": gain,
        "readings": gain_readings,
        "distribution": _distribution(pre_scores, final_scores),
        "pairs": _pairs(pre, final, pre_rows, final_rows, pairs),
        "still_wrong": _still_wrong(final, final_rows, final_columns),
        "items": {"pretest": _items(pre), "final": _items(final)},
        "_pre": pre_scores,
        "_final": final_scores,
        "_without_answers": len(attempted - took_pre - took_final),
    }


def _suppress_counts(results: list[dict[str, Any]]) -> tuple[dict[str, int], set[str]]:
    """Hide small counts of every track and of all tracks, with their complements; return the
    counts of all tracks and those of them to hide."""
    cells: dict[tuple[str, str], int] = {}
    sums: list[privacy.Sum[tuple[str, str]]] = []
    scopes = [r["id"] for r in results] + [""]
    totals = {k: sum(r["counted"][k] for r in results) for k in COUNTS}
    for result in results:
        for k in COUNTS:
            cells[(result["id"], k)] = result["counted"][k]
    for k in COUNTS:
        cells[("", k)] = totals[k]
        sums.append((("", k), [(r["id"], k) for r in results]))
    for scope in scopes:
        sums.append(((scope, "took_pretest"), [(scope, "matched"), (scope, "pretest_only")]))
        sums.append(((scope, "took_final"), [(scope, "matched"), (scope, "final_only")]))
    hidden = privacy.suppress(cells, sums)
    for result in results:
        hidden_here = sorted(k for k in COUNTS if (result["id"], k) in hidden)
        for k in hidden_here:
            result["counted"][k] = None
        result["counted"]["suppressed"] = hidden_here
        if "matched" in hidden_here and result["gain"] is not None:
            # n and the degrees of freedom would give the hidden count back
            result["gain"]["n"] = result["gain"]["df"] = None
            result["gain"]["suppressed"] = sorted({*result["gain"]["suppressed"], "n", "df"})
    return totals, {k for k in COUNTS if ("", k) in hidden}


def _gain(pre: np.ndarray, final: np.ndarray) -> tuple[dict[str, Any] | None, dict[str, str]]:
    n = len(pre)
    if n < privacy.MIN_CELL:
        return None, {"gain": readings.too_few(n)}
    g = stats.gain(pre, final)
    figures: dict[str, Any] = {
        "n": g.n,
        "pre_mean": g.pre.mean,
        "pre_sd": g.pre.sd,
        "pre_ci_low": g.pre.ci_low,
        "pre_ci_high": g.pre.ci_high,
        "final_mean": g.final.mean,
        "final_sd": g.final.sd,
        "final_ci_low": g.final.ci_low,
        "final_ci_high": g.final.ci_high,
        "difference_mean": g.difference.mean,
        "difference_sd": g.difference.sd,
        "difference_ci_low": g.difference.ci_low,
        "difference_ci_high": g.difference.ci_high,
        "t": g.t,
        "df": g.df,
        "p_t": g.p_t,
        "wilcoxon_w": g.wilcoxon_w,
        "p_wilcoxon": g.p_wilcoxon,
        "d_z": g.d_z,
        "hake_g": g.hake_g,
        "normalized_change_c": g.normalized_change_c,
        "c_n": g.c_n,
    }
    figures = {k: v if isinstance(v, int) or v is None else _round(v) for k, v in figures.items()}
    figures["suppressed"] = []
    return figures, readings.gain(figures)


def _distribution(pre: np.ndarray, final: np.ndarray) -> dict[str, Any]:
    """Learners per score band, small bands hidden with complements.

    A band holds its lower bound and not its upper one ("10–<20" holds 10 and 19.5, not 20),
    except the last, which holds 100: ``np.histogram`` closes only its last bin.
    """
    edges = np.array(BINS, dtype=float)
    bands = [f"{a}–<{b}" for a, b in itertools.pairwise(BINS)]
    bands[-1] = f"{BINS[-2]}–{BINS[-1]}"
    result: dict[str, Any] = {"bands": bands}
    for name, values in (("pretest", pre), ("final", final)):
        counts = np.histogram(values, bins=edges)[0].tolist() if len(values) else []
        cells: dict[int | str, int] = dict(enumerate(counts))
        cells["n"] = len(values)
        hidden = privacy.suppress(cells, [("n", list(range(len(counts))))])
        result[name] = [None if i in hidden else c for i, c in enumerate(counts)]
        result[f"{name}_suppressed"] = sorted(i for i in hidden if i != "n")
    return result


def _share(count: int, n: int) -> float | None:
    return None if n == 0 or privacy.small_share(count, n) else _round(100.0 * count / n)


def _pairs(
    pre: Scores,
    final: Scores,
    pre_rows: np.ndarray,
    final_rows: np.ndarray,
    pairs: list[tuple[int, int]],
) -> list[dict[str, Any]]:
    found = []
    n = len(pre_rows)
    for i, j in pairs:
        before = pre.correct[pre_rows, i] if n else np.array([], dtype=bool)
        after = final.correct[final_rows, j] if n else np.array([], dtype=bool)
        improved, worsened = int((~before & after).sum()), int((before & ~after).sum())
        test = stats.mcnemar_exact(improved, worsened)
        share_before, share_after = _share(int(before.sum()), n), _share(int(after.sum()), n)
        row = {
            "pretest_question": pre.test.questions[i].id,
            "final_question": final.test.questions[j].id,
            "n": n,
            "correct_before": share_before,
            "correct_after": share_after,
            "change": None
            if share_before is None or share_after is None
            else _round(share_after - share_before),
            "improved": None if privacy.small(improved) else improved,
            "worsened": None if privacy.small(worsened) else worsened,
            "p_mcnemar": _round(test.p) if improved + worsened >= privacy.MIN_CELL else None,
        }
        if privacy.small(n):
            row = {k: (v if k.endswith("question") else None) for k, v in row.items()}
        row["suppressed"] = sorted(k for k, v in row.items() if v is None)
        found.append(row)
    return found


def _wrong_choices(question: Question, answer_id: str) -> list[str]:
    """The options a wrong answer chose that are not right (for choice questions)."""
    if question.type in CHOICE_TYPES:
        return [
            c
            for c in answer_id.split(",")
            if c and (choice := question.choice(c)) is not None and not choice.correct
        ]
    return [answer_id] if answer_id else []


def _still_wrong(final: Scores, rows: np.ndarray, columns: list[int]) -> list[dict[str, Any]]:
    """Mirrored final questions fewer than ``STILL_WRONG`` % of the matched learners got right,
    worst first, with the wrong option chosen most."""
    n = len(rows)
    found: list[dict[str, Any]] = []
    if privacy.small(n) or n == 0:
        return found
    for j in columns:
        question = final.test.questions[j]
        right = final.correct[rows, j]
        right_count = int(right.sum())
        if 100.0 * right_count / n >= STILL_WRONG:
            continue
        wrong_codes = final.answers[rows[~right], j]
        tally: Counter[str] = Counter()
        for code, count in Counter(wrong_codes.tolist()).items():
            if code == UNANSWERED:
                continue
            for option in _wrong_choices(question, final.codes[j].get(code, "")):
                tally[option] += count
        option, chosen = tally.most_common(1)[0] if tally else ("", 0)
        hide_option = privacy.small(chosen)
        choice = question.choice(option) if option else None
        row: dict[str, Any] = {
            "final_question": question.id,
            "prompt": question.prompt,
            "wrong_after": _share(n - right_count, n),
            "most_chosen_wrong": None if hide_option else option,
            "most_chosen_wrong_text": None if hide_option else (choice.text if choice else option),
            "most_chosen_wrong_share": None if hide_option else _round(100.0 * chosen / n),
        }
        row["suppressed"] = sorted(k for k, v in row.items() if v is None)
        found.append(row)
    found.sort(key=lambda r: -(r["wrong_after"] or 0))
    return found


def _items(scores: Scores) -> dict[str, Any]:
    """Item analysis of one test, over every learner who answered it."""
    test = scores.test
    n = len(scores.learners)
    result: dict[str, Any] = {"url_name": test.url_name, "kind": test.kind, "n": n}
    if n < privacy.MIN_CELL:
        result.update(alpha=None, questions=[], suppressed=["alpha", "questions"])
        return result
    values = np.nan_to_num(scores.scores, nan=0.0)
    items = stats.item_analysis(values)
    total = values.sum(axis=1)
    questions = []
    for j, question in enumerate(test.questions):
        answered = scores.answers[:, j] != UNANSWERED
        right = int(scores.correct[:, j].sum())
        facility = None if privacy.small_share(right, n) else _round(items.facility[j])
        discrimination = _round(items.discrimination[j])
        options = _options(scores, j, answered, total - values[:, j])
        flags = _flags(items.facility[j], items.discrimination[j], options)
        row: dict[str, Any] = {
            "question": question.id,
            "type": question.type,
            "prompt": question.prompt,
            "mirrors": question.mirrors,
            "facility": facility,
            "discrimination": discrimination,
            "alpha_if_deleted": _round(items.alpha_if_deleted[j]),
            "flags": flags,
            "options": options,
        }
        row["suppressed"] = sorted(k for k, v in row.items() if v is None)
        questions.append(row)
    result.update(alpha=_round(items.alpha), questions=questions, suppressed=[])
    if result["alpha"] is None:
        result["suppressed"] = []
    return result


def _options(
    scores: Scores, j: int, answered: np.ndarray, rest: np.ndarray
) -> list[dict[str, Any]]:
    """Each choice: share of the learners who answered that chose it, and its discrimination
    (the correlation of choosing it with the score on the rest of the test)."""
    question = scores.test.questions[j]
    if question.type not in CHOICE_TYPES or not answered.any():
        return []
    codes = scores.answers[answered, j]
    rest = rest[answered]
    total = len(codes)
    found = []
    for choice in question.choices:
        chosen_codes = [
            code for code, text in scores.codes[j].items() if choice.id in text.split(",")
        ]
        chosen = np.isin(codes, chosen_codes)
        count = int(chosen.sum())
        hide = privacy.small(count) or privacy.small(total - count)
        row = {
            "option": choice.id,
            "text": choice.text,
            "correct": choice.correct,
            "chosen": None if hide else _round(100.0 * count / total),
            "discrimination": None if hide else _round(stats.correlation(chosen, rest)),
            "rare": 100.0 * count / total < RARE_OPTION,
        }
        row["suppressed"] = sorted(k for k, v in row.items() if v is None)
        found.append(row)
    return found


def _flags(
    facility: float | None, discrimination: float | None, options: list[dict[str, Any]]
) -> list[dict[str, str]]:
    """Why a question deserves a second look (the thresholds: docs/report.md)."""
    flags = []
    if facility is not None and facility < FACILITY_LOW:
        flags.append(("very_hard", readings.flag("very_hard", facility=facility)))
    if facility is not None and facility > FACILITY_HIGH:
        flags.append(("very_easy", readings.flag("very_easy", facility=facility)))
    if discrimination is not None and discrimination < 0:
        flags.append(("negative", readings.flag("negative", value=discrimination)))
    elif discrimination is not None and discrimination < DISCRIMINATION_WEAK:
        flags.append(("weak", readings.flag("weak", value=discrimination)))
    for option in options:
        value = option["discrimination"]  # None when hidden: then no flag tells of it either
        if not option["correct"] and value is not None and value > WRONG_OPTION_DISCRIMINATION:
            flags.append(
                ("wrong_option_attracts_strong", readings.flag("wrong_option", option=option))
            )
        if option["rare"] and not option["correct"]:
            flags.append(("rare_option", readings.flag("rare", option=option)))
    return [{"code": code, "reason": reason} for code, reason in flags]


def learner_scores(course: CourseMap, cohort: Cohort) -> Iterator[tuple[int, str, Any, Any]]:
    """(learner index, track id, pre-test %, final %) of every learner who took a test of a
    track, on the mirrored questions; None for the test not taken (``--include-learners``)."""
    for track in course.tracks:
        if track.pretest is None or track.final is None:
            continue
        pre, final = (
            Scores(cohort.answers[track.pretest.url_name]),
            Scores(cohort.answers[track.final.url_name]),
        )
        pre_columns, pairs = _mirrored(track.pretest, track.final)
        final_columns = sorted({j for _i, j in pairs})
        pre_of = dict(
            zip(
                pre.learners.tolist(),
                pre.percent(np.arange(len(pre.learners)), pre_columns),
                strict=True,
            )
        )
        final_of = dict(
            zip(
                final.learners.tolist(),
                final.percent(np.arange(len(final.learners)), final_columns),
                strict=True,
            )
        )
        for learner in sorted(pre_of.keys() | final_of.keys()):
            yield learner, track.id, _round(pre_of.get(learner)), _round(final_of.get(learner))

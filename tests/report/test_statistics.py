"""Every figure of the report equals an independent computation on the same answers: from the
generator's raw answers (not the CSVs), with SciPy called directly or the textbook formula."""

from __future__ import annotations

import math

import numpy as np
import pytest
from latarnia_xblocks import grading
from scipy import stats

from tests.report.cohort import default_tracks, final_url, pretest_url

TOLERANCE = 1e-6


def raw(made, index):
    """Per matched learner: (pre %, final %) on the mirrored questions, and the answer sheets."""
    track = default_tracks()[index]
    taken = made.cohort.taken
    mirrored = {q.mirrors for q in track.final if q.mirrors}
    pre_q = [q for q in track.pretest if q.id in mirrored]
    final_q = [q for q in track.final if q.mirrors]
    pre, final, sheets = [], [], []
    for person in made.cohort.people:
        a = taken.get((person.number, pretest_url(track)))
        b = taken.get((person.number, final_url(track)))
        if a is None or b is None:
            continue
        pre.append(100 * np.mean([grading.score(q.as_block("en"), a[q.id]) for q in pre_q]))
        final.append(100 * np.mean([grading.score(q.as_block("en"), b[q.id]) for q in final_q]))
        sheets.append((a, b))
    # scores equal on paper must be equal numbers (the report rounds to 9 decimals too)
    return track, np.round(pre, 9), np.round(final, 9), sheets


def close(a, b):
    assert a == pytest.approx(b, rel=TOLERANCE, abs=TOLERANCE)


@pytest.mark.parametrize("index", [0, 1])
def test_means_and_confidence_intervals(made, index):
    _track, pre, final, _ = raw(made, index)
    g = made.summary["tracks"][index]["gain"]
    n = len(pre)
    for name, values in (("pre", pre), ("final", final), ("difference", final - pre)):
        mean, sd = values.mean(), values.std(ddof=1)
        half = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)  # the textbook formula
        close(g[f"{name}_mean"], mean)
        close(g[f"{name}_sd"], sd)
        close(g[f"{name}_ci_low"], mean - half)
        close(g[f"{name}_ci_high"], mean + half)


@pytest.mark.parametrize("index", [0, 1])
def test_paired_t_wilcoxon_and_effect_sizes(made, index):
    _track, pre, final, _ = raw(made, index)
    g = made.summary["tracks"][index]["gain"]
    d = final - pre
    t = d.mean() / (d.std(ddof=1) / math.sqrt(len(d)))
    close(g["t"], t)
    assert g["df"] == len(d) - 1
    close(g["p_t"], 2 * stats.t.sf(abs(t), len(d) - 1))
    w = stats.wilcoxon(d)
    close(g["wilcoxon_w"], w.statistic)
    close(g["p_wilcoxon"], w.pvalue)
    close(g["d_z"], d.mean() / d.std(ddof=1))
    close(g["hake_g"], (final.mean() - pre.mean()) / (100 - pre.mean()))
    c = []
    for x, y in zip(pre, final, strict=True):
        if (x == y == 100) or (x == y == 0):
            continue
        c.append((y - x) / (100 - x) if y > x else (y - x) / x if y < x else 0.0)
    close(g["normalized_change_c"], np.mean(c))
    assert g["c_n"] == len(c)


@pytest.mark.parametrize("index", [0, 1])
def test_mirrored_pairs_and_mcnemar(made, index):
    track, _pre, _final, sheets = raw(made, index)
    rows = {r["final_question"]: r for r in made.summary["tracks"][index]["pairs"]}
    pre_by_id = {q.id: q for q in track.pretest}
    for q in track.final:
        p = pre_by_id[q.mirrors]
        before = np.array([grading.score(p.as_block("en"), a[p.id]) == 1.0 for a, _b in sheets])
        after = np.array([grading.score(q.as_block("en"), b[q.id]) == 1.0 for _a, b in sheets])
        row = rows[q.id]
        close(row["correct_before"], 100 * before.mean())
        close(row["correct_after"], 100 * after.mean())
        close(row["change"], 100 * (after.mean() - before.mean()))
        improved, worsened = int((~before & after).sum()), int((before & ~after).sum())
        assert (row["improved"], row["worsened"]) == (improved, worsened)
        # McNemar's exact p: twice the smaller binomial tail, at most 1
        k, m = min(improved, worsened), improved + worsened
        p_exact = min(1.0, 2 * sum(math.comb(m, i) for i in range(k + 1)) / 2**m)
        close(row["p_mcnemar"], p_exact)


@pytest.mark.parametrize(("index", "kind"), [(0, "pretest"), (0, "final"), (1, "final")])
def test_item_analysis(made, index, kind):
    track = default_tracks()[index]
    url = pretest_url(track) if kind == "pretest" else final_url(track)
    questions = track.pretest if kind == "pretest" else track.final
    sheets = [
        made.cohort.taken[(p.number, url)]
        for p in made.cohort.people
        if (p.number, url) in made.cohort.taken
    ]
    x = np.array([[grading.score(q.as_block("en"), s[q.id]) for q in questions] for s in sheets])
    result = made.summary["tracks"][index]["items"][kind]
    assert result["n"] == len(sheets)
    k = x.shape[1]
    alpha = k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))
    close(result["alpha"], alpha)
    for j, (q, row) in enumerate(zip(questions, result["questions"], strict=True)):
        assert row["question"] == q.id
        close(row["facility"], 100 * x[:, j].mean())
        rest = x.sum(axis=1) - x[:, j]
        close(row["discrimination"], np.corrcoef(x[:, j], rest)[0, 1])
        for option in row["options"]:
            chosen = np.array(
                [
                    option["option"] in (s[q.id] if isinstance(s[q.id], list) else [s[q.id]])
                    for s in sheets
                ]
            )
            if option["chosen"] is None:
                assert 0 < chosen.sum() < 10 or 0 < len(chosen) - chosen.sum() < 10
                continue
            close(option["chosen"], 100 * chosen.mean())
            close(option["discrimination"], np.corrcoef(chosen, rest)[0, 1])


def test_the_csv_tables_hold_the_summary_figures(made):
    import csv

    with open(made.out / "gain.csv", encoding="utf-8") as file:
        rows = {r["track"]: r for r in csv.DictReader(file)}
    for result in made.summary["tracks"]:
        row = rows[result["id"]]
        for key in ("pre_mean", "difference_ci_low", "d_z", "hake_g", "normalized_change_c"):
            close(float(row[key]), result["gain"][key])
    with open(made.out / "pairs.csv", encoding="utf-8") as file:
        pairs = list(csv.DictReader(file))
    assert len(pairs) == sum(len(t["pairs"]) for t in made.summary["tracks"])


def test_each_score_band_holds_the_scores_its_label_names():
    """A teacher reading "10–<20" counts 10 and 19.5 there, 20 in the next band, 100 in the last."""
    import numpy as np
    from latarnia_builder.report.analyse import _distribution

    scores = np.array([10.0] * 12 + [19.5] * 10 + [20.0] * 11 + [100.0] * 10)
    bands = _distribution(scores, scores)
    counts = dict(zip(bands["bands"], bands["final"], strict=True))
    assert counts["10–<20"] == 22
    assert counts["20–<30"] == 11
    assert counts["90–100"] == 10
    assert counts["0–<10"] == 0

"""The statistics of the report, as pure functions of numbers (no learners, no course).

The tests and confidence intervals are SciPy's; what SciPy has no function for (Hake's class
gain, Marx & Cummings' normalized change, the effect size d_z, item-rest discrimination and
Cronbach's α) is a one-line formula from the paper that defines it, named in its docstring.
Scores are percentages (0–100). A figure that cannot be computed (too few learners, no
variance) is ``None``, never a NaN.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

LEVEL = 0.95  # every confidence interval of the report


def _number(value: float | np.floating | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class Mean:
    n: int
    mean: float | None
    sd: float | None
    ci_low: float | None
    ci_high: float | None


def mean_ci(values: np.ndarray) -> Mean:
    """Mean with its 95% confidence interval (Student's t, n − 1 degrees of freedom)."""
    values = np.asarray(values, dtype=float)
    n = len(values)
    if n == 0:
        return Mean(0, None, None, None, None)
    mean = float(values.mean())
    if n < 2:
        return Mean(n, mean, None, None, None)
    sd = float(values.std(ddof=1))
    if sd == 0:
        return Mean(n, mean, 0.0, mean, mean)
    low, high = stats.ttest_1samp(values, 0.0).confidence_interval(LEVEL)
    return Mean(n, mean, sd, _number(low), _number(high))


@dataclass(frozen=True)
class Gain:
    """Pre-test and final test of the same learners (matched pairs), in percent."""

    n: int
    pre: Mean
    final: Mean
    difference: Mean  # final − pre, with its paired-t confidence interval
    t: float | None
    df: int | None
    p_t: float | None
    wilcoxon_w: float | None
    p_wilcoxon: float | None
    d_z: float | None
    hake_g: float | None
    normalized_change_c: float | None
    c_n: int  # learners c counts (those at 0 % or 100 % on both tests are left out)


def gain(pre: np.ndarray, final: np.ndarray) -> Gain:
    """Every gain figure for matched scores ``pre[i]``, ``final[i]`` (percent)."""
    pre, final = np.asarray(pre, dtype=float), np.asarray(final, dtype=float)
    n = len(pre)
    difference = final - pre
    t = df = p_t = w = p_w = d_z = None
    diff_mean = mean_ci(difference)
    if n >= 2 and diff_mean.mean is not None and diff_mean.sd:
        result = stats.ttest_rel(final, pre)
        low, high = result.confidence_interval(LEVEL)
        d_z = _number(diff_mean.mean / diff_mean.sd)
        diff_mean = Mean(n, diff_mean.mean, diff_mean.sd, _number(low), _number(high))
        t, df, p_t = _number(result.statistic), int(result.df), _number(result.pvalue)
    if n >= 2 and np.any(difference != 0):
        result = stats.wilcoxon(final, pre)
        w, p_w = _number(result.statistic), _number(result.pvalue)
    pre_mean, final_mean = mean_ci(pre), mean_ci(final)
    c, c_n = normalized_change(pre, final)
    return Gain(
        n,
        pre_mean,
        final_mean,
        diff_mean,
        t,
        df,
        p_t,
        w,
        p_w,
        d_z,
        hake_g(pre_mean.mean, final_mean.mean),
        c,
        c_n,
    )


def hake_g(pre_mean: float | None, final_mean: float | None) -> float | None:
    """Hake's class-average normalized gain ⟨g⟩ = (post − pre) / (100 − pre), percent means
    (Hake 1998, Am. J. Phys. 66, 64)."""
    if pre_mean is None or final_mean is None or pre_mean >= 100:
        return None
    return (final_mean - pre_mean) / (100.0 - pre_mean)


def normalized_change(pre: np.ndarray, final: np.ndarray) -> tuple[float | None, int]:
    """Marx & Cummings' normalized change c averaged over learners (Am. J. Phys. 75, 87, 2007):
    (post − pre)/(100 − pre) when post > pre, (post − pre)/pre when post < pre, 0 when equal;
    learners at 0 % or 100 % on both tests are left out. Returns (mean c, learners counted)."""
    pre, final = np.asarray(pre, dtype=float), np.asarray(final, dtype=float)
    keep = ~(((pre == 100) & (final == 100)) | ((pre == 0) & (final == 0)))
    pre, final = pre[keep], final[keep]
    if len(pre) == 0:
        return None, 0
    with np.errstate(divide="ignore", invalid="ignore"):
        up = (final - pre) / (100.0 - pre)
        down = (final - pre) / pre
    c = np.where(final > pre, up, np.where(final < pre, down, 0.0))
    return float(c.mean()), len(c)


@dataclass(frozen=True)
class McNemar:
    """Learners who answered a mirrored pair right before and wrong after (or the reverse)."""

    improved: int  # wrong before, right after
    worsened: int  # right before, wrong after
    p: float | None


def mcnemar_exact(improved: int, worsened: int) -> McNemar:
    """McNemar's exact test: a two-sided binomial test of ``improved`` of the learners who
    changed, against one half (scipy.stats.binomtest)."""
    changed = improved + worsened
    p = stats.binomtest(improved, changed, 0.5).pvalue if changed else None
    return McNemar(improved, worsened, _number(p))


def correlation(x: np.ndarray, y: np.ndarray) -> float | None:
    """Pearson's r (scipy.stats.pearsonr); None when either has no variance."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return None
    return _number(stats.pearsonr(x, y).statistic)


@dataclass(frozen=True)
class Items:
    """Classical item analysis of one test (learners × questions, fractions 0–1)."""

    n: int
    facility: list[float | None]  # mean score, percent
    discrimination: list[float | None]  # corrected item-rest correlation
    alpha: float | None  # Cronbach's α (= KR-20 when every question is right/wrong)
    alpha_if_deleted: list[float | None]


def cronbach_alpha(scores: np.ndarray) -> float | None:
    """α = k/(k−1) · (1 − Σ var(item) / var(total)) (Cronbach 1951), sample variances."""
    scores = np.asarray(scores, dtype=float)
    n, k = scores.shape
    if n < 2 or k < 2:
        return None
    total_var = scores.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return None
    return _number(k / (k - 1) * (1 - scores.var(axis=0, ddof=1).sum() / total_var))


def item_analysis(scores: np.ndarray) -> Items:
    """Facility, corrected item-rest discrimination (each question against the total of the
    others), α and α without each question. Unanswered questions score 0."""
    scores = np.nan_to_num(np.asarray(scores, dtype=float), nan=0.0)
    n, k = scores.shape
    total = scores.sum(axis=1)
    facility = [_number(scores[:, j].mean() * 100) if n else None for j in range(k)]
    discrimination = [correlation(scores[:, j], total - scores[:, j]) for j in range(k)]
    alpha_if_deleted = [
        cronbach_alpha(np.delete(scores, j, axis=1)) if k > 2 else None for j in range(k)
    ]
    return Items(n, facility, discrimination, cronbach_alpha(scores), alpha_if_deleted)

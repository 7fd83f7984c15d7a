"""One plain-language sentence per figure, in the command's language.

The sentences say what a figure means for this course, in words a trainer or a funder would
use; the thresholds they name (Cohen's 0.2/0.5/0.8 for d_z, Hake's 0.3/0.7 for ⟨g⟩) are the
conventions of the field, explained in docs/report.md.
"""

from __future__ import annotations

from typing import Any

from latarnia_builder.i18n import _, language, ngettext


def num(value: float | None, digits: int = 1) -> str:
    """A number as the report's language writes it (a decimal comma in Polish)."""
    if value is None:
        return "—"
    text = f"{value:.{digits}f}"
    if text.startswith("-"):
        text = "−" + text[1:]
    return text.replace(".", ",") if language() == "pl" else text


def p_value(p: float | None) -> str:
    if p is None:
        return "—"
    return "p < " + num(0.001, 3) if p < 0.001 else "p = " + num(p, 3)


def too_few(n: int) -> str:
    return ngettext(
        "Fewer than 10 learners took both tests ({n} learner): no figure is shown, to protect "
        "their privacy and because so few answers say little.",
        "Fewer than 10 learners took both tests ({n} learners): no figure is shown, to protect "
        "their privacy and because so few answers say little.",
        n,
    ).format(n=n)


def _significance(p: float | None) -> str:
    if p is None:
        return ""
    if p < 0.001:
        return _("very unlikely")
    if p < 0.05:
        return _("unlikely")
    return _("not unusual")


# (long: one sentence per gain figure, in the order the report shows them)
def gain(g: dict[str, Any]) -> dict[str, str]:
    """The reading of each gain figure (keys: the figure's name in summary.json)."""
    found: dict[str, str] = {}
    found["pre_mean"] = _(
        "Before the course, learners scored {mean} % on the mirrored questions on average "
        "(95 % confidence interval {low}–{high} %)."
    ).format(mean=num(g["pre_mean"]), low=num(g["pre_ci_low"]), high=num(g["pre_ci_high"]))
    found["final_mean"] = _(
        "After the course, they scored {mean} % on average (95 % CI {low}–{high} %)."
    ).format(mean=num(g["final_mean"]), low=num(g["final_ci_low"]), high=num(g["final_ci_high"]))
    low, high = g["difference_ci_low"], g["difference_ci_high"]
    if low is not None and low > 0:
        range_text = _(
            "the gain in the whole population of such learners is likely between "
            "{low} and {high} points."
        )
    elif high is not None and high < 0:
        range_text = _("the scores likely fell: by between {high} and {low} points.")
    else:
        range_text = _(
            "the data are compatible with no change at all (between {low} and {high} points)."
        )
    found["difference_mean"] = _(
        "The same learners scored {diff} percentage points more after the course; "
    ).format(diff=num(g["difference_mean"])) + range_text.format(low=num(low), high=num(high))
    found["p_t"] = _(
        "Paired t-test, {p}: a difference this large would be {how} if the course changed nothing."
    ).format(p=p_value(g["p_t"]), how=_significance(g["p_t"]) or _("impossible to judge"))
    agrees = (g["p_t"] is not None and g["p_wilcoxon"] is not None) and (
        (g["p_t"] < 0.05) == (g["p_wilcoxon"] < 0.05)
    )
    found["p_wilcoxon"] = (
        _(
            "The Wilcoxon signed-rank test, which does not assume normally distributed "
            "differences, agrees ({p})."
        )
        if agrees
        else _(
            "The Wilcoxon signed-rank test, which does not assume normally distributed "
            "differences, does not agree ({p}): read the t-test with care."
        )
    ).format(p=p_value(g["p_wilcoxon"]))
    d = g["d_z"]
    if d is None:
        size = _("cannot be computed")
    elif abs(d) >= 0.8:
        size = _("a large effect")
    elif abs(d) >= 0.5:
        size = _("a medium effect")
    elif abs(d) >= 0.2:
        size = _("a small effect")
    else:
        size = _("a negligible effect")
    found["d_z"] = _(
        "Effect size d_z = {d}: the average gain is {d} standard deviations of the learners' "
        "individual gains — {size} by Cohen's rule of thumb."
    ).format(d=num(d, 2), size=size)
    h = g["hake_g"]
    if h is None:
        band = _("cannot be computed")
    elif h >= 0.7:
        band = _("high")
    elif h >= 0.3:
        band = _("medium")
    else:
        band = _("low")
    found["hake_g"] = _(
        "Hake's gain ⟨g⟩ = {g}: the group gained {share} % of what it could still gain "
        "({band} by Hake's bands)."
    ).format(g=num(h, 2), share=num(None if h is None else 100 * h, 0), band=band)
    c = g["normalized_change_c"]
    found["normalized_change_c"] = _(
        "Normalized change c = {c}: the typical learner gained {share} % of what he or she could "
        "still gain, losses counted against what he or she knew before ({n} learners; those "
        "at 0 % or 100 % on both tests are left out)."
    ).format(c=num(c, 2), share=num(None if c is None else 100 * c, 0), n=g["c_n"])
    return found


def flag(code: str, **values: Any) -> str:
    """Why a question is flagged (see analyse._flags)."""
    if code == "very_hard":
        return _(
            "Very hard: only {facility} % of the points were earned. Check the key and the wording."
        ).format(facility=num(values["facility"], 0))
    if code == "very_easy":
        return _(
            "Very easy: {facility} % of the points were earned; it tells learners apart little."
        ).format(facility=num(values["facility"], 0))
    if code == "negative":
        return _(
            "Negative discrimination ({value}): learners who do well on the rest of the test do "
            "worse here. Check the key first."
        ).format(value=num(values["value"], 2))
    if code == "weak":
        return _(
            "Weak discrimination ({value}): it hardly tells who knows the subject. Check for "
            "ambiguity or a hint in the wording."
        ).format(value=num(values["value"], 2))
    option = values["option"]
    if code == "wrong_option":
        return _(
            "Option '{option}', marked wrong, attracts learners who do well on the rest of the "
            "test (discrimination {value}): is it in fact right, or ambiguous?"
        ).format(option=option["option"], value=num(option["discrimination"], 2))
    return _(
        "Option '{option}' was chosen by fewer than 5 % of the learners: a distractor nobody "
        "believes; make it more plausible or drop it."
    ).format(option=option["option"])

"""The report recovers the gain a known model planted, and flags the planted broken question."""

from __future__ import annotations

import pytest

from tests.report.cohort import default_tracks, true_gain


@pytest.mark.parametrize("index", [0, 1])
def test_the_known_gain_lies_in_the_reported_confidence_interval(made, index):
    track = default_tracks()[index]
    pre, final, gain = true_gain(track)
    reported = made.summary["tracks"][index]["gain"]
    assert reported["difference_ci_low"] < gain < reported["difference_ci_high"]
    assert reported["pre_ci_low"] < pre < reported["pre_ci_high"]
    assert reported["final_ci_low"] < final < reported["final_ci_high"]
    # and the interval is narrow enough to mean something with a few hundred learners
    assert reported["difference_ci_high"] - reported["difference_ci_low"] < 10


def test_a_course_that_teaches_nothing_is_recovered_too(tmp_path):
    """With no gain in logits, what remains is the difference in difficulty between the final
    test and the pre-test (a fraction of a point): the report finds that, not a gain."""
    from dataclasses import replace

    from tests.report.cohort import CohortModel
    from tests.report.conftest import make

    tracks = tuple(replace(t, gain=0.0) for t in default_tracks())
    made = make(tmp_path, CohortModel(tracks=tracks, seed=11))
    for index, track in enumerate(tracks):
        reported = made.summary["tracks"][index]["gain"]
        expected = true_gain(track)[2]
        assert abs(expected) < 15  # the broken question costs the first track points
        assert reported["difference_ci_low"] < expected < reported["difference_ci_high"]


def test_the_broken_question_is_flagged_with_its_reasons(made):
    final = made.summary["tracks"][0]["items"]["final"]
    flags = {q["question"]: {f["code"] for f in q["flags"]} for q in final["questions"]}
    assert {"negative", "wrong_option_attracts_strong"} <= flags["t1-fin-broken"]
    broken = next(q for q in final["questions"] if q["question"] == "t1-fin-broken")
    attracting = [o for o in broken["options"] if o["discrimination"] and o["discrimination"] > 0.1]
    assert [o["option"] for o in attracting] == ["b"]  # the truly right answer, keyed wrong
    for question, codes in flags.items():
        if question != "t1-fin-broken":
            assert not codes & {"negative", "wrong_option_attracts_strong"}, question


def test_the_broken_question_heads_what_to_teach_again(made):
    still_wrong = made.summary["tracks"][0]["still_wrong"]
    assert still_wrong[0]["final_question"] == "t1-fin-broken"
    assert still_wrong[0]["most_chosen_wrong"] == "b"


def test_who_is_counted_adds_up(made):
    people = made.cohort.people
    for index, result in enumerate(made.summary["tracks"]):
        mine = [p for p in people if p.track == index]
        counted = result["counted"]
        assert counted["took_pretest"] == sum(p.takes_pretest for p in mine)
        assert counted["took_final"] == sum(p.takes_final for p in mine)
        assert counted["matched"] == sum(p.takes_pretest and p.takes_final for p in mine)
        assert counted["pretest_only"] == sum(p.takes_pretest and not p.takes_final for p in mine)
        assert counted["final_only"] == sum(p.takes_final and not p.takes_pretest for p in mine)
        assert result["gain"]["n"] == counted["matched"]
    assert made.summary["enrolled"]["total"] == len(people)
    every = made.summary["all_tracks"]["counted"]
    assert every["matched"] == sum(t["counted"]["matched"] for t in made.summary["tracks"])

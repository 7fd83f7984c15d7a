"""The LMS's instructor tasks over our scored blocks (Instructor → Student admin).

lms/djangoapps/instructor_task/tasks_helper/module_state.py, re-implemented in platform.py:
rescore (with and without ``only_if_higher``), override a learner's score, reset attempts,
delete a learner's state. The gradebook keeps a grade as the LMS's score_published_handler
does; what the learner sees must agree with it.
"""

from __future__ import annotations

import re

import pytest

from tests.openedx.platform import OpenEdx, blocks_of, call
from tests.xblocks.test_quiz import answers_for


def quiz(lms: OpenEdx) -> str:
    """The first quiz of the course that counts and allows more than one attempt."""
    return blocks_of(lms, "latarnia_quiz")[0]


def shown_score(lms: OpenEdx, usage_id: str, user: str = "ala") -> str:
    block = lms.block(usage_id, user)
    html = block.runtime.render(block, "student_view").body_html()
    found = re.search(r'latarnia-summary__score">([^<]*)<', html)
    return found.group(1) if found else ""


def scenario(lms: OpenEdx) -> str:
    """A scenario of the course with "Scored" ticked in Studio, worth 2 points."""
    node = lms.export(blocks_of(lms, "latarnia_scenario")[0])
    node.set("scored", "true")
    node.set("weight", "2")
    node.set("url_name", "scored-scenario")
    return lms.import_xml(node)


def play(lms: OpenEdx, usage_id: str, safe: bool, user: str = "ala") -> None:
    """Walk the scenario to an ending, always taking a safe (or always a risky) choice."""
    for _ in range(50):
        block = lms.block(usage_id, user)
        step, ending = block.find(block.position())
        if ending is not None:
            return
        choices = step["choices"]
        choice = next((c for c in choices if bool(c.get("safe")) == safe), choices[0])
        token = f"c{block.tokens(step).index(choice['id'])}"
        status, _ = call(block, "choose", {"step": step["id"], "choice": token})
        assert status == 200
        block.save()
    raise AssertionError("no ending reached")


def test_override_score_publishes_the_new_score_and_the_quiz_shows_it(lms: OpenEdx) -> None:
    usage_id = quiz(lms)
    block = lms.block(usage_id, "ala")
    call(block, "submit", {"attempt": 0, "answers": answers_for(block, right=False)})
    block.save()
    assert lms.grades[("ala", usage_id)]["value"] == 0

    assert lms.override_score("ala", usage_id, 2.0) == "succeeded"
    assert lms.grades[("ala", usage_id)]["value"] == 2.0
    assert shown_score(lms, usage_id).startswith("Your score: 2 of ")


def test_a_rescore_after_the_key_changed_is_what_the_quiz_shows(lms: OpenEdx) -> None:
    usage_id = quiz(lms)
    block = lms.block(usage_id, "ala")
    call(block, "submit", {"attempt": 0, "answers": answers_for(block, right=True)})
    block.save()
    full = lms.grades[("ala", usage_id)]["value"]
    assert full > 0

    author = lms.block(usage_id, None)  # the author fixes a key and re-imports
    questions = author.questions
    first = questions[0]
    for choice in first.get("choices", []):
        choice["correct"] = not choice["correct"] if first["type"] != "multiple" else False
    if first["type"] == "multiple":
        first["choices"][0]["correct"] = True
    author.questions = questions
    author.save()

    assert lms.rescore("ala", usage_id, only_if_higher=False) == "succeeded"
    lowered = lms.grades[("ala", usage_id)]["value"]
    assert lowered < full
    assert shown_score(lms, usage_id).startswith(f"Your score: {lowered:g} of ")


def test_rescoring_a_scenario_keeps_the_best_run_after_start_again(lms: OpenEdx) -> None:
    usage_id = scenario(lms)
    play(lms, usage_id, safe=True)
    assert lms.grades[("ala", usage_id)]["value"] == 1.0
    block = lms.block(usage_id, "ala")
    assert call(block, "restart", {})[0] == 200
    block.save()

    assert lms.rescore("ala", usage_id, only_if_higher=False) == "succeeded"
    assert lms.grades[("ala", usage_id)]["value"] == 1.0
    play(lms, usage_id, safe=False)
    assert lms.rescore("ala", usage_id, only_if_higher=False) == "succeeded"
    assert lms.grades[("ala", usage_id)]["value"] == 1.0


def test_override_of_a_scenario_score(lms: OpenEdx) -> None:
    usage_id = scenario(lms)
    play(lms, usage_id, safe=False)
    assert lms.grades[("ala", usage_id)]["value"] < 1.0
    assert lms.override_score("ala", usage_id, 1.0) == "succeeded"
    # the task divides by the weight (2): the raw grade is half of the block's one point
    assert lms.grades[("ala", usage_id)]["value"] == pytest.approx(0.5)
    assert lms.block(usage_id, "ala").get_score().raw_earned == pytest.approx(0.5)


def test_reset_attempts_gives_the_learner_back_a_submission(lms: OpenEdx) -> None:
    usage_id = quiz(lms)
    block = lms.block(usage_id, "ala")
    limit = block.max_attempts
    assert limit >= 1
    for attempt in range(limit):
        body = {"attempt": attempt, "answers": answers_for(block, False)}
        assert call(block, "submit", body)[0] == 200
    assert call(block, "submit", {"attempt": limit, "answers": answers_for(block, False)})[0] == 409
    block.save()

    assert lms.reset_attempts("ala", usage_id) == "succeeded"
    again = lms.block(usage_id, "ala")
    assert call(again, "submit", {"attempt": 0, "answers": answers_for(again, True)})[0] == 200


@pytest.mark.parametrize("tag", ["latarnia_quiz", "latarnia_scenario"])
def test_delete_state_leaves_a_block_the_learner_can_start_from_scratch(lms, tag) -> None:
    usage_id = quiz(lms) if tag == "latarnia_quiz" else scenario(lms)
    if tag == "latarnia_quiz":
        block = lms.block(usage_id, "ala")
        call(block, "submit", {"attempt": 0, "answers": answers_for(block, False)})
        block.save()
    else:
        play(lms, usage_id, safe=True)
    assert lms.delete_state("ala", usage_id) == "succeeded"
    fresh = lms.block(usage_id, "ala")
    assert lms.state("ala", usage_id) == {}
    assert "latarnia" in fresh.runtime.render(fresh, "student_view").body_html()
    assert lms.rescore("ala", usage_id, only_if_higher=False) == "skipped"

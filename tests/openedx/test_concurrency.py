"""One learner, many simultaneous requests: a change is applied once, and the grade published is
the grade stored.

Open edX loads a learner's state when a request starts (FieldDataCache) and saves it when the
request ends, in whichever LMS worker takes it. Here each of 50 threads is such a request: it
builds its own block over the shared store, reads every field first (the snapshot), waits for
the others, then calls the handler; the runtime saves at the end, as Open edX's does.
"""

from __future__ import annotations

from tests.openedx.platform import OpenEdx, blocks_of, call
from tests.support.burst import burst
from tests.xblocks.test_quiz import answers_for


def snapshot(block) -> None:
    """Read every field now, as Open edX's FieldDataCache does at the start of a request."""
    for name in block.fields:
        getattr(block, name)


def one_attempt_quiz(lms: OpenEdx) -> str:
    node = lms.export(blocks_of(lms, "latarnia_quiz")[0])
    node.set("max_attempts", "1")
    node.set("url_name", "one-attempt")
    return lms.import_xml(node)


def test_fifty_simultaneous_submits_to_a_one_attempt_quiz(lms: OpenEdx) -> None:
    usage_id = one_attempt_quiz(lms)

    def request(index: int):
        block = lms.block(usage_id, "ala")
        snapshot(block)
        body = {"attempt": 0, "answers": answers_for(block, right=index % 2 == 0)}
        return lambda: call(block, "submit", body)

    results = burst(request)
    accepted = [data for status, data in results if status == 200]
    refused = [data for status, data in results if status != 200]
    assert len(accepted) == 1
    assert all(data.get("duplicate") or "attempt" in data["error"] for data in refused)
    grades = [e for e in lms.events if e[2] == "grade" and e[1] == usage_id]
    assert len(grades) == 1
    stored = lms.state("ala", usage_id)
    assert stored["attempts"] == 1
    assert stored["raw_earned"] == grades[0][3]["value"] == lms.grades[("ala", usage_id)]["value"]


def test_fifty_simultaneous_choices_at_one_scenario_step(lms: OpenEdx) -> None:
    node = lms.export(blocks_of(lms, "latarnia_scenario")[0])
    node.set("scored", "true")
    node.set("url_name", "scored")
    usage_id = lms.import_xml(node)
    first = lms.block(usage_id, "ala")
    step, _ = first.find(first.position())

    def request(index: int):
        block = lms.block(usage_id, "ala")
        snapshot(block)
        token = f"c{index % len(step['choices'])}"
        return lambda: call(block, "choose", {"step": step["id"], "choice": token})

    results = burst(request)
    assert sum(1 for status, _ in results if status == 200) == 1
    stored = lms.state("ala", usage_id)
    assert len(stored["path"]) == 1 and stored["path"][0]["step"] == step["id"]
    assert stored["revision"] == 1


def test_a_refused_duplicate_leaves_the_next_change_free(lms: OpenEdx) -> None:
    """A change that fails (a bad body) frees its claim: the learner's next request works."""
    usage_id = one_attempt_quiz(lms)
    block = lms.block(usage_id, "ala")
    assert call(block, "submit", {"attempt": 0, "answers": {}})[0] == 400
    block.save()
    again = lms.block(usage_id, "ala")
    assert call(again, "submit", {"attempt": 0, "answers": answers_for(again, True)})[0] == 200

"""Every handler of every block against hostile request bodies: never a 500, never a change.

A 500 is a traceback in the LMS's logs and an alarming page for the learner; each refusal here
must be a 4xx with a JSON reason, and the learner's state must stay as it was.
"""

from __future__ import annotations

import json

import pytest
from webob import Request

from devtools import examples
from tests.xblocks.conftest import Course
from tests.xblocks.test_quiz import answers_for

DEEP = b'{"answers": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
HOSTILE_BODIES: list[tuple[str, bytes]] = [
    ("empty", b""),
    ("not json", b"{answers"),
    ("not utf-8", b'{"attempt": "\xff\xfe"}'),
    ("a list", b"[1, 2, 3]"),
    ("a string", b'"submit"'),
    ("null", b"null"),
    ("100,000 deep", DEEP),
    ("400-digit attempt", b'{"attempt": ' + b"9" * 400 + b', "answers": {}}'),
    ("400-digit float", b'{"values": {"weight": 1' + b"0" * 400 + b".5}}"),
    ("NaN", b'{"attempt": NaN, "answers": {}}'),
    ("Infinity weight", b'{"values": {"weight": Infinity}}'),
    ("lone surrogate key", b'{"values": {"\\ud800": 1}}'),
    ("lone surrogate answer", b'{"attempt": 0, "answers": {"q": "\\udfff"}}'),
    ("huge body", b'{"pad": "' + b"x" * 400_000 + b'"}'),
    ("wrong types", b'{"attempt": "0", "answers": [], "step": 5, "choice": null, "values": 3}'),
    ("bool attempt", b'{"attempt": true, "answers": {}}'),
    ("1e400 setting", b'{"values": {"max_attempts": 1e400}}'),
    ("big whole setting", b'{"values": {"max_attempts": 99999999999999999999}}'),
    ("answers of the wrong shape", b'{"attempt": 0, "answers": {"q1": {"a": [[[["c0"]]]]}}}'),
]
# Well-formed JSON objects: handlers that take no arguments (reset, restart) may accept them.
OBJECTS = {
    "400-digit float",
    "wrong types",
    "1e400 setting",
    "big whole setting",
    "answers of the wrong shape",
    "bool attempt",
}
NO_ARGUMENTS = {"reset", "restart", "student_view_user_state"}
HANDLERS = {
    "latarnia_quiz": ("submit", "reset", "studio_submit", "student_view_user_state"),
    "latarnia_scenario": ("choose", "restart", "studio_submit", "student_view_user_state"),
    "latarnia_lesson": ("studio_submit",),
}


def blocks(course: Course) -> dict[str, str]:
    _title, settings, questions = examples.QUIZZES[2]  # may start again: reset is reachable
    return {
        "latarnia_quiz": course.add(examples.quiz_xml(settings, questions)),
        "latarnia_scenario": course.add(examples.scenario_xml()),
        "latarnia_lesson": course.add(examples.lesson_xml()),
    }


def raw_call(block, handler: str, body: bytes):
    request = Request.blank("/", method="POST", body=body)
    request.content_type = "application/json"
    return block.runtime.handle(block, handler, request)


@pytest.mark.parametrize("staff", [False, True], ids=["learner", "staff"])
@pytest.mark.parametrize(("name", "body"), HOSTILE_BODIES, ids=[n for n, _ in HOSTILE_BODIES])
def test_no_hostile_body_gets_a_500_or_changes_anything(name, body, staff) -> None:
    course = Course()
    ids = blocks(course)
    for tag, handlers in HANDLERS.items():
        for handler in handlers:
            block = course.editor(ids[tag]) if staff else course.learner(ids[tag])
            before = dict(course.store.db_dict)
            response = raw_call(block, handler, body)
            assert response.status_code < 500, (tag, handler, response.body[:200])
            if handler == "student_view_user_state":  # reads only, whatever the body
                assert course.store.db_dict == before, (tag, handler)
            elif not (handler in NO_ARGUMENTS and (name in OBJECTS or body == b"")):
                assert 400 <= response.status_code < 500, (tag, handler, response.status_code)
                assert "error" in json.loads(response.body), (tag, handler)
                assert course.store.db_dict == before, (tag, handler)


def test_a_learner_cannot_change_the_settings_of_a_block() -> None:
    course = Course()
    ids = blocks(course)
    for tag, usage_id in ids.items():
        block = course.learner(usage_id)
        body = json.dumps({"values": {"display_name": "Zmienione"}}).encode()
        response = raw_call(block, "studio_submit", body)
        assert response.status_code == 403, tag
        assert course.learner(usage_id).display_name != "Zmienione", tag
        editor = course.editor(usage_id)
        assert raw_call(editor, "studio_submit", body).status_code == 200, tag
        assert course.learner(usage_id, "ola").display_name == "Zmienione", tag


def test_a_good_submit_still_works_after_the_hostile_ones() -> None:
    course = Course()
    ids = blocks(course)
    block = course.learner(ids["latarnia_quiz"])
    for _name, body in HOSTILE_BODIES:
        raw_call(block, "submit", body)
    block = course.learner(ids["latarnia_quiz"])
    good = json.dumps({"attempt": 0, "answers": answers_for(block, True)}).encode()
    assert raw_call(block, "submit", good).status_code == 200


def test_a_refusal_is_a_json_handler_error_with_xblocks_own_answer() -> None:
    """The blocks' refusals are ``JsonHandlerError``s, so code written for
    ``XBlock.json_handler`` reads them as it reads XBlock's own: ``{"error": reason}``."""
    from latarnia_xblocks.mixins import HandlerError
    from xblock.exceptions import JsonHandlerError

    refused = HandlerError(409, "no attempts left")
    assert isinstance(refused, JsonHandlerError) and str(refused) == "no attempts left"
    response = refused.get_response()
    assert response.status_code == 409
    assert json.loads(response.body) == {"error": "no attempts left"}

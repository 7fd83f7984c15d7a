"""latarnia_quiz in an in-process runtime: every handler path, grading, policies, persistence."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from latarnia_xblocks.sanitise import plain_text
from lxml import etree
from xblock.core import XBlockMixin
from xblock.fields import Scope

from devtools import examples
from tests.openedx.platform import Date, Timedelta  # xmodule/fields.py (XBlock < 5.3 has none)
from tests.xblocks.conftest import Course, call

ALL_TYPES = examples.QUIZZES[0]  # 2 attempts, shuffle, show_answer finished
ONE_ATTEMPT = examples.QUIZZES[1]  # 1 attempt, show_answer always
RESETTABLE = examples.QUIZZES[2]  # unlimited, show_answer never, allow_reset


def quiz(course: Course, example=ALL_TYPES, **settings) -> str:
    _title, base, questions = example
    return course.add(examples.quiz_xml({**base, **settings}, questions))


def answers_for(block, right: bool = True) -> dict:
    """Wire answers: all right, or all wrong (the first wrong choice, a reversed order …)."""
    answers = {}
    for question in block.questions:
        tokens = block.tokens(question)
        kind = question["type"]
        if kind == "truefalse":
            answers[question["id"]] = next(
                c["id"] for c in question["choices"] if bool(c["correct"]) == right
            )
        elif kind == "single":
            chosen = next(c["id"] for c in question["choices"] if bool(c["correct"]) == right)
            answers[question["id"]] = f"c{tokens.index(chosen)}"
        elif kind == "multiple":
            answers[question["id"]] = [
                f"c{tokens.index(c['id'])}"
                for c in question["choices"]
                if bool(c["correct"]) == right
            ]
        elif kind == "ordering":
            order = [item["id"] for item in question["items"]]
            if not right:
                order = order[1:] + order[:1]  # every item off its place
            answers[question["id"]] = [f"o{tokens.index(item)}" for item in order]
        elif kind == "matching":
            ids = [pair["id"] for pair in question["pairs"]]
            chosen = ids if right else ids[1:] + ids[:1]
            answers[question["id"]] = {
                left: f"m{tokens.index(match)}" for left, match in zip(ids, chosen, strict=True)
            }
    return answers


def secrets_of(block) -> list[str]:
    """Texts a learner must not receive before answering: feedback and explanations."""
    texts = []
    for question in block.questions:
        texts.append(plain_text(question.get("explanation", "")))
        texts += [plain_text(c.get("feedback", "")) for c in question.get("choices", [])]
    return [text for text in texts if text]


def rendered(block) -> str:
    fragment = block.runtime.render(block, "student_view")
    return fragment.body_html() + json.dumps(fragment.json_init_args or {})


# -- rendering before answering ------------------------------------------------------------------


def test_view_before_answering_holds_no_answer_feedback_or_explanation(course):
    block = course.learner(quiz(course))
    page = rendered(block)
    for text in secrets_of(block):
        assert text not in page
    data = json.dumps(block.student_view_data(), ensure_ascii=False)
    for text in secrets_of(block):
        assert text not in data
    assert '"correct"' not in data and "correct=" not in page
    assert "latarnia-result" not in page and "Right answer" not in page
    state = call(block, "student_view_user_state", method="GET").data
    assert state["results"] == {} and state["answers"] == {}


def test_tokens_hide_the_author_order_and_the_matches(course):
    block = course.learner(quiz(course))
    page = rendered(block)
    for question in block.questions:
        for entry in question.get("items", []) + question.get("pairs", []):
            assert f'data-token="{entry["id"]}"' not in page
            assert f'value="{entry["id"]}"' not in page
    single = block.questions[0]
    for choice in single["choices"]:
        assert f'value="{choice["id"]}"' not in page  # choices travel as keyed tokens too


def test_every_question_type_is_rendered_with_native_labelled_controls(course):
    page = rendered(course.learner(quiz(course)))
    assert page.count("<fieldset") == 5 and page.count("<legend") == 5
    assert 'type="radio"' in page and 'type="checkbox"' in page and "<select" in page
    assert "data-move" in page  # ordering: Up and Down buttons
    assert ">True<" in page and ">False<" in page  # truefalse labelled by the block
    assert "You can submit your answers 2 times." in page


# -- submitting ---------------------------------------------------------------------------------


def test_right_answers_earn_full_score_grade_and_completion(course):
    block = course.learner(quiz(course))
    response = call(block, "submit", {"attempt": 0, "answers": answers_for(block)})
    assert response.status == 200
    assert response.data["score"] == response.data["max_score"] == block.max_score() == 6.0
    assert response.data["finished"] is True
    assert all(r["status"] == "correct" for r in response.data["results"].values())
    assert block.runtime.events == [
        ("grade", {"value": 6.0, "max_value": 6.0, "only_if_higher": None}),
        ("completion", {"completion": 1.0}),
    ]
    assert "Your score: 6 of 6 points." in response.data["html"]
    assert "All your answers are right." in response.data["html"]


def test_wrong_answers_score_zero_and_show_only_the_chosen_feedback(course):
    block = course.learner(quiz(course))
    response = call(block, "submit", {"attempt": 0, "answers": answers_for(block, right=False)})
    assert response.status == 200
    assert response.data["score"] == 0.0
    assert response.data["finished"] is False
    assert block.runtime.events[0] == (
        "grade",
        {"value": 0.0, "max_value": 6.0, "only_if_higher": None},
    )
    paszport = block.questions[0]
    html = response.data["html"]
    assert plain_text(paszport["choices"][1]["feedback"]) in plain_text(html)  # the chosen one
    assert plain_text(paszport["choices"][0]["feedback"]) not in plain_text(
        html
    )  # not the right one
    assert plain_text(paszport["explanation"]) not in plain_text(html)  # attempts left: no reveal
    assert "correct" not in json.dumps(response.data["results"]).replace('"incorrect"', "")
    assert "You have 1 attempt left" in html


def test_partial_credit_for_multiple_ordering_and_matching(course):
    usage = quiz(course)
    block = course.learner(usage)
    answers = answers_for(block)
    by_id = {q["id"]: q for q in block.questions}
    sygnaly = by_id["wb-sygnaly"]
    tokens = block.tokens(sygnaly)
    # one of two right picks, no wrong pick: half of 2 points
    answers["wb-sygnaly"] = [f"c{tokens.index('a')}"]
    # one right pick and one wrong pick cancel out, never below zero
    kroki = block.tokens(by_id["wb-kroki"])
    answers["wb-kroki"] = [f"o{kroki.index(i)}" for i in ("kraz", "podpisuje", "czytam")]
    pary = block.tokens(by_id["wb-pary"])
    answers["wb-pary"] = {
        "kraz": f"m{pary.index('kraz')}",
        "eures": f"m{pary.index('pip')}",
        "pip": f"m{pary.index('eures')}",
    }
    response = call(block, "submit", {"attempt": 0, "answers": answers})
    results = response.data["results"]
    assert results["wb-sygnaly"] == {**results["wb-sygnaly"], "status": "partial", "score": 0.5}
    assert results["wb-kroki"]["score"] == pytest.approx(1 / 3)
    assert results["wb-pary"]["score"] == pytest.approx(1 / 3)
    assert response.data["score"] == pytest.approx(1 + 1 + 1 + 1 / 3 + 1 / 3)
    assert "1 of 3 items are in the right place." in response.data["html"]
    assert "1 of 3 matches are right." in response.data["html"]
    wrong_and_right = dict(
        answers, **{"wb-sygnaly": [f"c{tokens.index('a')}", f"c{tokens.index('b')}"]}
    )
    block2 = course.learner(usage, "ola")
    assert (
        call(block2, "submit", {"attempt": 0, "answers": wrong_and_right}).data["results"][
            "wb-sygnaly"
        ]["score"]
        == 0.0
    )


def test_state_survives_a_fresh_instance(course):
    usage = quiz(course)
    block = course.learner(usage)
    sent = answers_for(block, right=False)
    call(block, "submit", {"attempt": 0, "answers": sent})
    again = course.learner(usage)  # a new request: new instance, same stored fields
    assert again.attempts == 1
    state = call(again, "student_view_user_state", method="GET").data
    assert state["answers"] == {
        qid: (sorted(a) if qid == "wb-sygnaly" else a) for qid, a in sent.items()
    }
    page = rendered(again)
    assert "checked" in page and "latarnia-result--incorrect" in page
    assert 'data-attempt="1"' in page


def test_exhausted_attempts_and_replays_answer_409(course):
    block = course.learner(quiz(course, ONE_ATTEMPT))
    body = {"attempt": 0, "answers": answers_for(block, right=False)}
    assert call(block, "submit", body).status == 200
    replay = call(block, "submit", body)
    assert replay.status == 409 and replay.data["error"] == "no attempts left"
    assert call(block, "submit", {**body, "attempt": 1}).status == 409
    assert block.attempts == 1 and len(block.runtime.events) == 2  # nothing more published


def test_a_doubled_request_counts_once(course):
    block = course.learner(quiz(course))
    body = {"attempt": 0, "answers": answers_for(block, right=False)}
    assert call(block, "submit", body).status == 200
    doubled = call(block, "submit", body)
    assert doubled.status == 409 and "already submitted" in doubled.data["error"]
    assert block.attempts == 1


def test_right_answers_close_the_quiz(course):
    block = course.learner(quiz(course))
    call(block, "submit", {"attempt": 0, "answers": answers_for(block)})
    again = call(block, "submit", {"attempt": 1, "answers": answers_for(block)})
    assert again.status == 409 and again.data["error"] == "every answer is already right"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"{not json", "the request body is not valid JSON"),
        (b"\xff\xfe", "the request body is not valid JSON"),
        (b"[1, 2]", "the request body must be a JSON object"),
        (b'{"answers": {}}', "'attempt' must be a int"),
        (b'{"attempt": true, "answers": {}}', "'attempt' must be a int"),
        (b'{"attempt": 0, "answers": []}', "'answers' must be a dict"),
        (b'{"attempt": 0, "answers": {"nope": "c0"}}', "unknown question 'nope'"),
        (b'{"attempt": 0, "answers": {}}', "no answer to question 'wb-paszport'"),
    ],
)
def test_malformed_requests_answer_400_with_a_reason(course, raw, reason):
    block = course.learner(quiz(course))
    response = call(block, "submit", raw=raw)
    assert (response.status, response.data) == (400, {"error": reason})
    assert block.attempts == 0 and block.runtime.events == []


@pytest.mark.parametrize(
    ("question", "answer", "reason"),
    [
        ("wb-paszport", "a", "unknown choice 'a'"),
        ("wb-paszport", ["c0"], "unknown choice ['c0']"),
        ("wb-sygnaly", ["c0", "c0"], "a choice is repeated"),
        ("wb-sygnaly", ["c9"], "unknown choice 'c9'"),
        ("wb-sygnaly", "c0", "expected a list of choices"),
        ("wb-grooming", "maybe", "unknown choice 'maybe'"),
        ("wb-kroki", ["o0", "o1"], "expected every item exactly once"),
        ("wb-kroki", ["o0", "o0", "o1"], "expected every item exactly once"),
        ("wb-pary", {"kraz": "m0"}, "expected a match for every item"),
        ("wb-pary", {"kraz": "m0", "eures": "m1", "pip": "x"}, "unknown match"),
    ],
)
def test_answers_that_do_not_fit_their_question_answer_400(course, question, answer, reason):
    block = course.learner(quiz(course))
    answers = {**answers_for(block), question: answer}
    response = call(block, "submit", {"attempt": 0, "answers": answers})
    assert response.status == 400
    assert response.data["error"] == f"question {question!r}: {reason}"


def test_handlers_refuse_get(course):
    block = course.learner(quiz(course))
    assert call(block, "submit", method="GET").status == 405


# -- policies -----------------------------------------------------------------------------------


def test_show_answer_always_reveals_after_the_first_submit(course):
    block = course.learner(quiz(course, ONE_ATTEMPT))
    response = call(block, "submit", {"attempt": 0, "answers": answers_for(block, right=False)})
    paszport = response.data["results"]["wb-paszport"]
    tokens = block.tokens(block.questions[0])
    assert paszport["correct"] == [f"c{tokens.index('a')}"]
    assert "explanation" in paszport
    assert "Right answer" in response.data["html"]


def test_show_answer_finished_waits_for_the_last_attempt(course):
    block = course.learner(quiz(course))
    first = call(block, "submit", {"attempt": 0, "answers": answers_for(block, right=False)})
    assert all("correct" not in r for r in first.data["results"].values())
    second = call(block, "submit", {"attempt": 1, "answers": answers_for(block, right=False)})
    assert all("correct" in r for r in second.data["results"].values())
    assert "The right order:" in second.data["html"] and "Right match:" in second.data["html"]
    assert "You have no attempts left." in second.data["html"]


def test_show_answer_never_reveals_nothing_but_the_feedback(course):
    block = course.learner(quiz(course, RESETTABLE))
    response = call(block, "submit", {"attempt": 0, "answers": answers_for(block, right=False)})
    umowa = response.data["results"]["wb-umowa"]
    assert "correct" not in umowa and "explanation" not in umowa and "feedback" in umowa


def test_reset_where_allowed_clears_answers_and_attempts(course):
    block = course.learner(quiz(course, RESETTABLE))
    call(block, "submit", {"attempt": 0, "answers": answers_for(block, right=False)})
    assert 'data-action="reset"' in rendered(block)
    response = call(block, "reset", {})
    assert response.status == 200 and response.data["attempts"] == 0
    assert block.answers == {} and block.results == {}
    assert block.raw_earned == 0.0  # the published grade stays until the next submit
    assert call(block, "submit", {"attempt": 0, "answers": answers_for(block)}).status == 200


def test_reset_where_not_allowed_answers_403(course):
    block = course.learner(quiz(course))
    call(block, "submit", {"attempt": 0, "answers": answers_for(block, right=False)})
    response = call(block, "reset", {})
    assert response.status == 403 and block.attempts == 1
    assert 'data-action="reset"' not in rendered(block)


def test_shuffle_is_stable_per_learner_and_differs_between_learners(course):
    usage = quiz(course)

    def order(user: str) -> list[str]:
        page = rendered(course.learner(usage, user))
        return [line.split('value="')[1][:2] for line in page.split("<input")[1:4]]

    assert order("ala") == order("ala")
    orders = {tuple(order(f"learner-{n}")) for n in range(12)}
    assert len(orders) > 1


def test_only_grade_and_completion_events_are_published(course):
    block = course.learner(quiz(course, RESETTABLE))
    call(block, "submit", {"attempt": 0, "answers": answers_for(block, right=False)})
    call(block, "reset", {})
    call(block, "submit", {"attempt": 0, "answers": answers_for(block)})
    assert {event for event, _data in block.runtime.events} == {"grade", "completion"}


def test_rescoring_recomputes_from_the_stored_answers(course):
    block = course.learner(quiz(course))
    call(block, "submit", {"attempt": 0, "answers": answers_for(block)})
    assert block.calculate_score() == (6.0, 6.0) and block.get_score() == (6.0, 6.0)
    block.rescore(only_if_higher=False)
    assert block.runtime.events[-1][0] == "grade"


class DueDates(XBlockMixin):
    """The fields Open edX's InheritanceMixin gives every block."""

    due = Date(scope=Scope.settings, default=None)
    graceperiod = Timedelta(scope=Scope.settings, default=None)


def test_past_the_due_date_the_quiz_is_closed():
    course = Course(mixins=(DueDates,))
    usage = quiz(course, RESETTABLE)
    block = course.learner(usage)
    block.due = datetime.now(UTC) - timedelta(hours=2)
    block.graceperiod = timedelta(hours=3)  # still within the grace period
    assert (
        call(block, "submit", {"attempt": 0, "answers": answers_for(block, right=False)}).status
        == 200
    )
    block.graceperiod = None
    closed = call(block, "submit", {"attempt": 1, "answers": answers_for(block)})
    assert (closed.status, closed.data) == (409, {"error": "the due date has passed"})
    assert call(block, "reset", {}).status == 409
    page = rendered(block)
    assert "The due date has passed" in page and "Submit answers" not in page


# -- Polish -------------------------------------------------------------------------------------


def test_the_quiz_speaks_polish_when_the_runtime_does():
    course = Course(language="pl")
    block = course.learner(quiz(course))
    page = rendered(block)
    assert ">Prawda<" in page and ">Fałsz<" in page
    assert "Pytanie 1 z 5" in page and "Zatwierdź odpowiedzi" in page
    response = call(block, "submit", {"attempt": 0, "answers": answers_for(block, right=False)})
    assert "Twój wynik: 0 z 6 pkt." in response.data["html"]


# -- OLX, Studio, mobile, reports ---------------------------------------------------------------

QUIZ_FIELDS = (
    "display_name",
    "kind",
    "weight",
    "max_attempts",
    "shuffle",
    "show_answer",
    "allow_reset",
    "questions",
)


def test_olx_round_trip_keeps_every_field(course):
    usage = quiz(course)
    block = course.learner(usage)
    node = etree.Element("latarnia_quiz")
    block.add_xml_to_node(node)
    again = course.learner(course.add(etree.tostring(node, encoding="unicode")))
    for name in QUIZ_FIELDS:
        assert getattr(again, name) == getattr(block, name), name
    assert node.get("xblock-family") == "xblock.v1"
    second = etree.Element("latarnia_quiz")
    again.add_xml_to_node(second)
    assert etree.tostring(second) == etree.tostring(node)


def test_studio_saves_valid_settings(course):
    block = course.editor(quiz(course))
    html = block.runtime.render(block, "studio_view").body_html()
    assert 'name="max_attempts"' in html and "YAML" in html
    values = {
        "display_name": "Nowa nazwa",
        "max_attempts": 3,
        "weight": 2.5,
        "shuffle": False,
        "show_answer": "never",
        "allow_reset": True,
        "kind": "final",
    }
    response = call(block, "studio_submit", {"values": values})
    assert response.status == 200
    assert (block.display_name, block.max_attempts, block.weight, block.show_answer) == (
        "Nowa nazwa",
        3,
        2.5,
        "never",
    )


@pytest.mark.parametrize(
    "values",
    [
        {"max_attempts": -1},
        {"max_attempts": "dwa"},
        {"weight": "x"},
        {"weight": -2},
        {"show_answer": "sometimes"},
        {"shuffle": "yes"},
        {"questions": []},
        {"display_name": 5},
    ],
)
def test_studio_refuses_bad_settings_with_a_reason(course, values):
    block = course.editor(quiz(course))
    before = (block.max_attempts, block.weight, block.show_answer)
    response = call(block, "studio_submit", {"values": values})
    assert response.status == 400 and response.data["error"]
    assert (block.max_attempts, block.weight, block.show_answer) == before


def test_student_view_data_is_the_same_for_everyone_and_holds_no_answers(course):
    usage = quiz(course)
    data = course.learner(usage, "ala").student_view_data()
    assert data == course.learner(usage, "ola").student_view_data()
    assert data["max_score"] == 6.0 and len(data["questions"]) == 5
    kroki = data["questions"][3]
    assert {item["token"] for item in kroki["items"]} == {"o0", "o1", "o2"}
    assert "items" not in data["questions"][0]


def test_multi_device_support_is_declared():
    from latarnia_xblocks.quiz import QuizBlock

    assert QuizBlock.supports("multi_device")


def test_report_rows_name_each_question_answer_and_pairing(course):
    usage = quiz(course)
    ala, ola = course.learner(usage, "ala"), course.learner(usage, "ola")
    call(ala, "submit", {"attempt": 0, "answers": answers_for(ala)})
    call(ola, "submit", {"attempt": 0, "answers": answers_for(ola, right=False)})
    states = [
        SimpleNamespace(
            username="ala", state={"answers": ala.answers, "results": ala.results, "attempts": 1}
        ),
        SimpleNamespace(
            username="ola", state={"answers": ola.answers, "results": ola.results, "attempts": 1}
        ),
        SimpleNamespace(username="ela", state={}),
    ]
    rows = list(ala.generate_report_data(iter(states)))
    assert len(rows) == 10
    username, row = rows[1]
    assert username == "ala" and row["Question ID"] == "wb-sygnaly"
    assert row["Mirrors"] == "wb-pre-sygnaly" and row["Correct"] == "correct"
    assert row["Answer"] == "Płaca trzy razy wyższa niż zwykle.; Opłata za rezerwację z góry."
    assert rows[0][1]["Question"].startswith("Nowy pracodawca prosi")
    assert rows[5][1]["Correct"] == "incorrect"
    assert rows[7][1]["Answer"] == "False" or rows[7][1]["Answer"] == "True"
    assert len(list(ala.generate_report_data(iter(states), limit_responses=3))) == 3


def test_a_reimport_with_edited_questions_keeps_the_learners_progress(course):
    """An administrator re-imports a fixed course: a typo mended, a question removed, one added.
    The learner keeps the attempts and answers still meaningful, and nothing breaks."""
    usage = quiz(course)
    block = course.learner(usage)
    call(block, "submit", {"attempt": 0, "answers": answers_for(block, right=False)})

    author = course.learner(usage, user_id="author")
    edited = [dict(q) for q in author.questions[1:]]  # the first question is removed
    edited[0]["prompt"] = edited[0]["prompt"] + " (poprawione)"
    added = {**edited[0], "id": "nowe-pytanie", "mirrors": ""}
    author.questions = [*edited, added]
    author.save()

    again = course.learner(usage)
    assert again.attempts == 1
    page = rendered(again)
    assert "(poprawione)" in page and 'data-attempt="1"' in page
    kept = call(again, "student_view_user_state", method="GET").data["answers"]
    assert edited[0]["id"] in kept
    response = call(again, "submit", {"attempt": 1, "answers": answers_for(again)})
    assert response.status == 200
    grade = [data for event, data in again.runtime.events if event == "grade"][-1]
    assert grade["value"] == grade["max_value"]

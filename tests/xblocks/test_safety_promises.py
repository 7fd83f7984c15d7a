"""The safety promises of docs/xblocks.md, each pinned by a test that fails when it is broken.

Each was broken on purpose once (the comment above each test says how) and the test failed.
"""

from __future__ import annotations

import json

import pytest
from latarnia_xblocks.sanitise import plain_text

from devtools import examples
from tests.xblocks.conftest import Course, call
from tests.xblocks.test_quiz import answers_for

PAYLOADS = (
    '<img src="x" onerror="alert(1)">',
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">link</a>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://example.com"></iframe>',
)
DANGER = ("onerror", "<script", "javascript:", "onload", "<iframe", "<svg")


def all_choice_questions() -> list[dict]:
    questions = [q for _t, _s, qs in examples.QUIZZES for q in qs]
    return [q for q in questions if q["type"] in ("single", "multiple") and len(q["choices"]) >= 3]


# Broken by: QuizBlock.tokens returning the author's order (``order = range(len(entries))``).
def test_answer_tokens_do_not_follow_the_author_s_order() -> None:
    """Were tokens c0, c1 … the author's order, a learner who knows that authors tend to put
    the right answer in one place could read it from the page's values. Keyed per block, the
    order is the author's only by chance (1 in 6 for three choices, 1 in 24 for four)."""
    course = Course()
    in_author_order = 0
    questions = all_choice_questions() * 60
    for index, question in enumerate(questions):
        xml = examples.quiz_xml({"display_name": f"Q{index}"}, [question])
        quiz = course.learner(course.add(xml))
        author = [choice["id"] for choice in question["choices"]]
        in_author_order += quiz.tokens(quiz.questions[0]) == author
    assert len(questions) >= 180
    assert in_author_order <= 0.3 * len(questions), (in_author_order, len(questions))


# Broken by: QuizBlock.state sending every choice's feedback, not only the chosen ones'.
@pytest.mark.parametrize("example", examples.QUIZZES, ids=lambda e: e[0])
def test_after_a_wrong_submit_only_the_chosen_choices_feedback_comes_back(example) -> None:
    _title, settings, questions = example
    course = Course()
    block = course.learner(
        course.add(examples.quiz_xml({**settings, "show_answer": "never"}, questions))
    )
    response = call(block, "submit", {"attempt": 0, "answers": answers_for(block, right=False)})
    assert response.status == 200
    sent = json.dumps(response.data, ensure_ascii=False)
    page = block.student_view(None).content
    for question in questions:
        for choice in question.get("choices", []):
            feedback = plain_text(choice.get("feedback", ""))
            if choice.get("correct") and feedback and question["type"] != "truefalse":
                assert feedback not in plain_text(sent), (question["id"], choice["id"])
                assert feedback not in plain_text(page), (question["id"], choice["id"])


def poisoned_quiz() -> list[dict]:
    """Every author text of every question type carries one of the payloads."""
    questions = json.loads(json.dumps([q for _t, _s, qs in examples.QUIZZES for q in qs]))
    seen = set()
    unique = []
    for question in questions:
        if question["id"] in seen:
            continue
        seen.add(question["id"])
        unique.append(question)
    for n, question in enumerate(unique):
        payload = PAYLOADS[n % len(PAYLOADS)]
        for key in ("prompt", "hint", "explanation"):
            question[key] = f"{question.get(key, '')}{payload}"
        for entry in question.get("choices", []) + question.get("items", []):
            entry["text"] = f"{entry.get('text', '') or 'Tak'} {payload}"
            if "feedback" in entry:
                entry["feedback"] = f"{entry['feedback']}{payload}"
        for pair in question.get("pairs", []):
            pair["text"] = f"{pair['text']}{payload}"
            pair["match"] = f"{pair['match']}{payload}"
    return unique


# Broken by: QuizBlock.choice_label returning the choice's text unsanitised.
def test_no_author_text_reaches_the_page_or_the_json_unsanitised() -> None:
    course = Course()
    questions = poisoned_quiz()
    settings = {"display_name": "Q", "show_answer": "always"}
    block = course.learner(course.add(examples.quiz_xml(settings, questions)))
    outputs = [block.student_view(None).content]
    outputs.append(json.dumps(block.student_view_data()))
    response = call(block, "submit", {"attempt": 0, "answers": answers_for(block, right=False)})
    outputs.append(json.dumps(response.data))
    outputs.append(block.student_view(None).content)
    for output in outputs:
        lowered = output.lower()
        for danger in DANGER:
            assert danger not in lowered, (danger, output[lowered.index(danger) - 80 :][:200])

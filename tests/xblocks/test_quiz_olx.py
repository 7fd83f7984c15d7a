"""The quiz's <question> elements, made from their XML text in one parse (the fast path of
``olx.quiz_to_xml``), are the elements built one by one, byte for byte."""

from __future__ import annotations

import pytest
from latarnia_xblocks import olx
from lxml import etree

HOSTILE = "a & b < c > d \" e ' f\ng\th\r i ]]> &amp; ąę €"
SETTINGS = {"display_name": "Quiz", "kind": "quiz", "weight": 1.0, "max_attempts": 2}


def _questions(text: str) -> list[dict]:
    def choice(cid: str, correct: bool) -> dict:
        return {"id": cid, "text": f"<p>{text}</p>", "correct": correct, "feedback": text}

    return [
        {
            "id": "q1",
            "type": "single",
            "weight": 2.5,
            "mirrors": "pre-q1",
            "prompt": f"<p>{text}</p>",
            "hint": text,
            "explanation": "",
            "choices": [choice("a", True), choice("b", False), choice('c"&<\n', False)],
        },
        {"id": "q2", "type": "multiple", "choices": [choice("a", True), choice("b", True)]},
        {
            "id": "q3",
            "type": "truefalse",
            "weight": 0,
            "choices": [choice("true", True), {"id": "false", "correct": False}],
        },
        {"id": "q4", "type": "ordering", "items": [{"id": "i1", "text": text}, {"id": "i2"}]},
        {
            "id": "q5",
            "type": "matching",
            "explanation": text,
            "pairs": [{"id": "p1", "text": text, "match": "x"}, {"id": "p2", "text": "y"}],
        },
    ]


def _one_by_one(monkeypatch: pytest.MonkeyPatch, questions: list[dict]) -> bytes:
    with monkeypatch.context() as patch:
        patch.setattr(olx, "_questions_parsed", lambda questions: None)
        node = etree.Element("latarnia_quiz")
        olx.quiz_to_xml(node, SETTINGS, questions)
    return etree.tostring(node, encoding="utf-8", pretty_print=True)


@pytest.mark.parametrize("text", ["Zwykłe zdanie.", '<p>a &amp; b</p>\n<ul>\t&"', HOSTILE])
def test_parsed_questions_are_those_built_one_by_one(monkeypatch, text: str) -> None:
    questions = _questions(text)
    assert olx._questions_parsed(questions) is not None  # the fast path is taken
    node = etree.Element("latarnia_quiz")
    olx.quiz_to_xml(node, SETTINGS, questions)
    written = etree.tostring(node, encoding="utf-8", pretty_print=True)
    assert written == _one_by_one(monkeypatch, questions)
    assert olx.quiz_from_xml(etree.fromstring(written))[1][0]["hint"] == text


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"prompt": "control \x01 character"}, ValueError),
        ({"mirrors": 12}, TypeError),
    ],
)
def test_what_lxml_refuses_it_still_refuses(monkeypatch, change: dict, error: type) -> None:
    questions = _questions("Tekst.")
    questions[0].update(change)
    assert olx._questions_parsed(questions) is None
    with pytest.raises(error):
        olx.quiz_to_xml(etree.Element("latarnia_quiz"), SETTINGS, questions)
    with pytest.raises(error):
        _one_by_one(monkeypatch, questions)

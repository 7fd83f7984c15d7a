"""The quiz's handlers: ``submit``, ``reset`` and ``student_view_user_state``.

Each is a ``json_handler`` (mixins/json_handlers.py says why not ``XBlock.json_handler``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from latarnia_xblocks import grading
from latarnia_xblocks.mixins import (
    HandlerError,
    OneChangeMixin,
    json_handler,
    json_response,
    require,
)
from latarnia_xblocks.quiz.rules import Page
from latarnia_xblocks.quiz.views import QuizViews
from latarnia_xblocks.sanitise import clean_html
from xblock.core import XBlock
from xblock.scorable import Score


class QuizHandlers(QuizViews, OneChangeMixin):
    """A learner's submit and reset, each applied once (``one_change``), and their state."""

    @json_handler  # not XBlock.json_handler: limits on the body (mixins/json_handlers.py)
    def submit(self, data: dict[str, Any]) -> dict[str, Any]:
        """Grade ``{"attempt": n, "answers": {question id: wire answer}}``.

        ``attempt`` is the number of submissions the page was showing: a replayed or doubled
        request no longer matches and answers 409, as does a submit with no attempts left.
        """
        with self.one_change():
            return self.submit_now(data)

    def submit_now(self, data: dict[str, Any]) -> dict[str, Any]:
        attempt = require(data, "attempt", int)
        raw_answers = require(data, "answers", dict)
        page = self.page()
        if page.finished:
            if page.all_right:
                raise HandlerError(409, "every answer is already right")
            raise HandlerError(
                409, "the due date has passed" if page.past_due else "no attempts left"
            )
        if attempt != page.attempts:
            raise HandlerError(409, f"attempt {attempt} was already submitted")
        unknown = sorted(set(raw_answers) - {question["id"] for question in page.questions})
        if unknown:
            raise HandlerError(400, f"unknown question {unknown[0]!r}")
        answers, results, earned = {}, {}, 0.0
        for question in page.questions:
            qid = question["id"]
            if qid not in raw_answers:
                raise HandlerError(400, f"no answer to question {qid!r}")
            try:
                answers[qid] = grading.parse_answer(
                    question, raw_answers[qid], self.tokens(question)
                )
            except grading.AnswerError as problem:
                raise HandlerError(400, f"question {qid!r}: {problem}") from None
            results[qid] = grading.score(question, answers[qid])
            earned += question.get("weight", 1.0) * results[qid]
        self.answers = answers
        self.results = results
        self.attempts = page.attempts + 1
        possible = float(sum(question.get("weight", 1.0) for question in page.questions))
        self.publish_score(Score(earned, possible))
        self.mark_complete()
        return self.state(
            html=True,
            page=replace(page, answers=answers, results=results, attempts=page.attempts + 1),
        )

    @json_handler  # not XBlock.json_handler: limits on the body (mixins/json_handlers.py)
    def reset(self, data: dict[str, Any]) -> dict[str, Any]:
        """Start again: answers cleared, every attempt back. Only where the author allows it.

        The published grade stays until the next submission replaces it.
        """
        with self.one_change():
            return self.reset_now(data)

    def reset_now(self, data: dict[str, Any]) -> dict[str, Any]:
        if not self.allow_reset:
            raise HandlerError(403, "this quiz cannot be started again")
        if self.past_due():
            raise HandlerError(409, "the due date has passed")
        self.answers = {}
        self.results = {}
        self.attempts = 0
        return self.state(html=True)

    @XBlock.handler
    def student_view_user_state(self, request, suffix=""):
        """The learner's state as JSON (for the mobile apps), in the same shape as a submit's."""
        return json_response(self.rewrite_urls(self.state(html=False)))

    def state(self, html: bool, page: Page | None = None) -> dict[str, Any]:
        """What the learner may know now: answers, results, and what the policy reveals."""
        page = page or self.page()
        reveal = page.reveal
        results, answers = {}, {}
        for question in page.questions:
            qid = question["id"]
            if qid not in page.answers:
                continue
            tokens = self.tokens(question)
            answer = page.answers[qid]
            answers[qid] = grading.wire_answer(question, answer, tokens)
            if qid not in page.results:
                continue
            if not page.correctness:
                results[qid] = {"status": "submitted"}
                continue
            fraction = page.results[qid]
            entry: dict[str, Any] = {"status": grading.status(fraction), "score": fraction}
            chosen = answer if isinstance(answer, list) else [answer]
            feedback = {
                grading.token(tokens, "c", choice["id"]) if tokens else choice["id"]: clean_html(
                    choice["feedback"]
                )
                for choice in question.get("choices", [])
                if choice["id"] in chosen and choice.get("feedback")
            }
            if feedback:
                entry["feedback"] = feedback
            if (reveal or fraction >= 1.0) and question.get("explanation"):
                entry["explanation"] = clean_html(question["explanation"])
            if reveal:
                entry["correct"] = self.correct_answer(question)
            results[qid] = entry
        payload: dict[str, Any] = {
            "attempts": page.attempts,
            "max_attempts": page.max_attempts,
            "finished": page.finished,
            "score": self.raw_earned if page.results and page.correctness else None,
            "max_score": float(sum(question.get("weight", 1.0) for question in page.questions)),
            "answers": answers,
            "results": results,
        }
        if html:
            payload["html"] = self.render_template("quiz_body.html", **self.view_context(page))
        return payload

    def correct_answer(self, question: dict) -> Any:
        """The right answer in wire form (only ever sent when the policy reveals it)."""
        kind = question["type"]
        tokens = self.tokens(question)
        if kind == "ordering":
            return [grading.token(tokens, "o", item["id"]) for item in question.get("items", [])]
        if kind == "matching":
            return {
                pair["id"]: grading.token(tokens, "m", pair["id"]) for pair in question["pairs"]
            }
        correct = grading.correct_choice_ids(question)
        if kind == "truefalse":
            return sorted(correct)
        return sorted(grading.token(tokens, "c", choice) for choice in correct)

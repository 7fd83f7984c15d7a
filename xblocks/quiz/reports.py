"""The quiz's rows of the instructor's Problem Responses report (docs/xblocks.md, Reports)."""

from __future__ import annotations

from typing import Any

from latarnia_xblocks import grading
from latarnia_xblocks.mixins import I18nMixin
from latarnia_xblocks.quiz.fields import QuizFields
from latarnia_xblocks.quiz.views import TRUEFALSE_LABELS
from latarnia_xblocks.sanitise import plain_text
from latarnia_xblocks.vocabulary import CHOICE_TYPES


class QuizReports(QuizFields, I18nMixin):
    """``generate_report_data``: one row per learner and answered question."""

    def generate_report_data(self, user_state_iterator, limit_responses=None):
        """One row per learner and answered question, for the Problem Responses report.

        Yields ``(username, row)``; rows carry the question's stable id and, for a final-test
        question, the id of the pre-test question it mirrors (the knowledge-gain pairing).
        """
        count = 0
        for user_state in user_state_iterator:
            state = user_state.state or {}
            answers = state.get("answers") or {}
            results = state.get("results") or {}
            for question in self.questions:
                qid = question["id"]
                if qid not in answers:
                    continue
                if limit_responses is not None and count >= limit_responses:
                    return
                count += 1
                fraction = float(results.get(qid, 0.0))
                yield (
                    user_state.username,
                    {
                        "Question ID": qid,
                        "Question": plain_text(question.get("prompt", "")),
                        "Answer": self.answer_text(question, answers[qid]),
                        "Answer ID": self.answer_ids(answers[qid]),
                        "Correct": grading.status(fraction),
                        "Score": round(fraction * question.get("weight", 1.0), 4),
                        "Max score": question.get("weight", 1.0),
                        "Mirrors": question.get("mirrors", ""),
                        "Kind": self.kind,
                        "Attempts": state.get("attempts", 0),
                    },
                )

    def answer_text(self, question: dict, answer: Any) -> str:
        kind = question["type"]
        if kind in CHOICE_TYPES:
            texts = {
                choice["id"]: plain_text(choice.get("text", ""))
                or self._(TRUEFALSE_LABELS.get(choice["id"], choice["id"]))
                for choice in question.get("choices", [])
            }
            chosen: list[str] = answer if isinstance(answer, list) else [answer]
            return "; ".join(texts.get(choice, choice) for choice in chosen)
        if kind == "ordering":
            texts = {
                item["id"]: plain_text(item.get("text", "")) for item in question.get("items", [])
            }
            return " → ".join(texts.get(item, item) for item in answer)
        if kind == "matching":
            pairs = {pair["id"]: pair for pair in question.get("pairs", [])}
            return "; ".join(
                f"{plain_text(pairs[left].get('text', ''))} → "
                f"{plain_text(pairs[chosen].get('match', '')) if chosen in pairs else ''}"
                for left, chosen in answer.items()
                if left in pairs
            )
        return str(answer)

    @staticmethod
    def answer_ids(answer: Any) -> str:
        if isinstance(answer, list):
            return ",".join(answer)
        if isinstance(answer, dict):
            return ",".join(f"{left}:{chosen}" for left, chosen in answer.items())
        return str(answer)

"""What the quiz shows: the template's contexts, ``student_view`` and the mobile apps' data.

Before the learner submits, nothing here tells a right answer from a wrong one: no correct
flags, no feedback, no explanation, and choices, ordering items and matches travel as keyed
tokens. After a submit, the feedback of the learner's choices, and, as ``show_answer`` and
Open edX's ``show_correctness`` allow, the right answers and explanations.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from latarnia_xblocks import grading
from latarnia_xblocks.mixins import N_, ResourceMixin, View
from latarnia_xblocks.quiz.rules import Page, QuizRules
from latarnia_xblocks.sanitise import clean_html, clean_inline, clean_text, is_inline, plain_text
from latarnia_xblocks.vocabulary import CHOICE_TYPES
from xblock.core import XBlock

TRUEFALSE_LABELS = {"true": N_("True"), "false": N_("False")}
STATUS_LABELS = {
    grading.CORRECT: N_("Correct"),
    grading.PARTIAL: N_("Partly correct"),
    grading.INCORRECT: N_("Incorrect"),
}


class QuizViews(QuizRules, ResourceMixin):
    """``student_view`` (the page), ``student_view_data`` (the mobile apps), and the contexts
    of ``quiz.html`` / ``quiz_body.html`` that the handlers render again after a change."""

    @XBlock.supports("multi_device")
    def student_view(self, context=None):
        html = self.render_template("quiz.html", **self.view_context(self.page()))
        return self.fragment(html, "quiz", "LatarniaQuiz", {}, css=("static/css/quiz.css",))

    def view_context(self, page: Page) -> dict[str, Any]:
        finished = page.finished
        return {
            "id": page.uid,
            "title": self.title(N_("Quiz")),
            "questions": [
                self.question_context(question, number, page)
                for number, question in enumerate(page.questions, 1)
            ],
            "attempts": page.attempts,
            "max_attempts": page.max_attempts,
            "attempts_left": page.attempts_left,
            "answered": bool(page.results),
            "all_right": page.all_right,
            "finished": finished,
            "past_due": page.past_due,
            "can_submit": not finished,
            "can_reset": self.allow_reset
            and not page.past_due
            and bool(page.attempts or page.answers),
            "correctness": page.correctness,
            "earned": self.number(self.raw_earned or 0.0),
            "possible": self.number(sum(q.get("weight", 1.0) for q in page.questions)),
        }

    def question_context(self, question: dict, number: int, page: Page) -> View:
        qid = question["id"]
        kind = question["type"]
        dom = f"{page.uid}-q{number}"
        prompt = question.get("prompt", "")
        inline = is_inline(prompt)
        answer = page.answers.get(qid)
        reveal = page.reveal
        context = View(
            id=qid,
            type=kind,
            input="checkbox" if kind == "multiple" else "radio",
            dom=dom,
            number=number,
            total=len(page.questions),
            legend=clean_inline(prompt) if inline else "",
            prompt="" if inline else clean_html(prompt),
            hint=clean_html(question.get("hint", "")),
            result=None,
            explanation="",
        )
        answered = qid in page.results
        if answered and not page.correctness:
            context.result = View(status="submitted", label=self._("Answer submitted"), detail="")
        elif answered:
            fraction = page.results[qid]
            context.result = View(
                status=grading.status(fraction),
                label=self._(STATUS_LABELS[grading.status(fraction)]),
                detail=self.result_detail(question, answer),
            )
            if reveal or fraction >= 1.0:
                context.explanation = clean_html(question.get("explanation", ""))
        if kind in CHOICE_TYPES:
            context.choices = self.choices_context(question, dom, answer, answered, page)
        elif kind == "ordering":
            context.items = self.items_context(question, answer)
            if reveal:
                context.correct_order = [
                    clean_inline(item.get("text", "")) for item in question.get("items", [])
                ]
        elif kind == "matching":
            vars(context).update(self.matching_context(question, dom, answer, page))
        return context

    def choices_context(
        self, question: dict, dom: str, answer: Any, answered: bool, page: Page
    ) -> list[View]:
        choices = question.get("choices", [])
        truefalse = question["type"] == "truefalse"
        tokens = [] if truefalse else self.tokens(question)
        order: Sequence[int] = range(len(choices))
        if page.shuffle and not truefalse:
            order = self.learner_order(len(choices), "choices", question["id"])
        chosen = set(answer if isinstance(answer, list) else [answer] if answer else [])
        reveal = page.reveal
        views = []
        for position, index in enumerate(order):
            choice = choices[index]
            picked = choice["id"] in chosen
            views.append(
                View(
                    value=choice["id"] if truefalse else grading.token(tokens, "c", choice["id"]),
                    dom=f"{dom}-c{position}",
                    label=self.choice_label(question, choice),
                    checked=picked,
                    feedback=clean_html(choice.get("feedback", ""))
                    if picked and answered and page.correctness
                    else "",
                    correct=reveal and bool(choice.get("correct")),
                )
            )
        return views

    def choice_label(self, question: dict, choice: dict) -> str:
        """A choice's text as inline HTML; truefalse choices without text are labelled for us."""
        if not choice.get("text") and question["type"] == "truefalse":
            return self._(TRUEFALSE_LABELS.get(choice["id"], choice["id"]))
        return clean_inline(choice.get("text", ""))

    def items_context(self, question: dict, answer: Any) -> list[View]:
        items = {item["id"]: item for item in question.get("items", [])}
        tokens = self.tokens(question)
        if isinstance(answer, list) and sorted(answer) == sorted(tokens):
            shown = answer
        else:
            shown = [
                tokens[index] for index in self.learner_order(len(tokens), "items", question["id"])
            ]
        return [
            View(
                token=grading.token(tokens, "o", item_id),
                text=clean_inline(items[item_id].get("text", "")),
                plain=plain_text(items[item_id].get("text", "")),
            )
            for item_id in shown
        ]

    def matching_context(self, question: dict, dom: str, answer: Any, page: Page) -> dict:
        pairs = question.get("pairs", [])
        by_id = {pair["id"]: pair for pair in pairs}
        tokens = self.tokens(question)
        chosen = answer if isinstance(answer, dict) else {}
        order: Sequence[int] = range(len(pairs))
        if page.shuffle:
            order = self.learner_order(len(pairs), "pairs", question["id"])
        left = []
        for position, index in enumerate(order):
            pair = pairs[index]
            left.append(
                View(
                    id=pair["id"],
                    dom=f"{dom}-p{position}",
                    text=clean_inline(pair.get("text", "")),
                    selected=grading.token(tokens, "m", chosen.get(pair["id"], "")),
                    correct=clean_text(pair.get("match", "")) if page.reveal else "",
                )
            )
        options = [
            View(token=f"m{k}", text=clean_text(by_id[pair_id].get("match", "")))
            for k, pair_id in enumerate(tokens)
        ]
        return {"pairs": left, "options": options}

    def result_detail(self, question: dict, answer: Any) -> str:
        """One sentence on what was right in an ordering or matching answer."""
        kind = question["type"]
        if kind == "ordering":
            expected = [item["id"] for item in question.get("items", [])]
            right = sum(a == b for a, b in zip(answer or [], expected, strict=False))
            return self.ngettext(
                "%(right)s of %(count)s item is in the right place.",
                "%(right)s of %(count)s items are in the right place.",
                len(expected),
            ) % {"right": right, "count": len(expected)}
        if kind == "matching":
            pairs = question.get("pairs", [])
            right = sum((answer or {}).get(pair["id"]) == pair["id"] for pair in pairs)
            return self.ngettext(
                "%(right)s of %(count)s match is right.",
                "%(right)s of %(count)s matches are right.",
                len(pairs),
            ) % {"right": right, "count": len(pairs)}
        return ""

    def number(self, value: float) -> str:
        """Points as a learner reads them: 3, 2.5 (2,5 in Polish)."""
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", self._translations().pgettext("decimal separator", "."))

    def student_view_data(self, context=None) -> dict[str, Any]:
        """The quiz for the mobile apps: the same for every learner, without answers or feedback.

        Learner state comes from the ``student_view_user_state`` handler.
        """
        return self.rewrite_urls(self.mobile_data())

    def mobile_data(self) -> dict[str, Any]:
        questions = []
        for question in self.questions:
            entry: dict[str, Any] = {
                "id": question["id"],
                "type": question["type"],
                "weight": question.get("weight", 1.0),
                "prompt": clean_html(question.get("prompt", "")),
                "hint": clean_html(question.get("hint", "")),
            }
            if question["type"] == "truefalse":
                entry["choices"] = [
                    {"value": choice["id"], "text": self.choice_label(question, choice)}
                    for choice in question.get("choices", [])
                ]
            elif question["type"] in ("single", "multiple"):
                choices = {choice["id"]: choice for choice in question.get("choices", [])}
                entry["choices"] = [
                    {"value": f"c{k}", "text": self.choice_label(question, choices[choice_id])}
                    for k, choice_id in enumerate(self.tokens(question))
                ]
            elif question["type"] == "ordering":
                items = {item["id"]: item for item in question.get("items", [])}
                entry["items"] = [
                    {"token": f"o{k}", "text": clean_inline(items[item_id].get("text", ""))}
                    for k, item_id in enumerate(self.tokens(question))
                ]
            elif question["type"] == "matching":
                pairs = {pair["id"]: pair for pair in question.get("pairs", [])}
                entry["pairs"] = [
                    {"id": pair["id"], "text": clean_inline(pair.get("text", ""))}
                    for pair in question.get("pairs", [])
                ]
                entry["matches"] = [
                    {"token": f"m{k}", "text": clean_text(pairs[pair_id].get("match", ""))}
                    for k, pair_id in enumerate(self.tokens(question))
                ]
            questions.append(entry)
        return {
            "display_name": self.display_name,
            "kind": self.kind,
            "weight": self.weight,
            "max_attempts": self.max_attempts or 0,
            "show_answer": self.show_answer,
            "allow_reset": self.allow_reset,
            "max_score": self.max_score(),
            "questions": questions,
        }

"""``latarnia_quiz``: questions of every type of the source format, graded on the server.

Before the learner submits, nothing in the page, its JavaScript or the view data tells a right
answer from a wrong one: no correct flags, no feedback, no explanation, and ordering items and
matches travel as keyed tokens. After a submit the block returns the feedback of the choices the
learner made, the score, and, as ``show_answer`` allows, the right answers and explanations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any, ClassVar

from latarnia_xblocks import grading, olx
from latarnia_xblocks.mixins import (
    N_,
    HandlerError,
    OlxMixin,
    OneChangeMixin,
    ResourceMixin,
    ScoringMixin,
    StudioMixin,
    View,
    json_handler,
    json_response,
    permutation,
    read_only,
    require,
    workbench_examples,
)
from latarnia_xblocks.sanitize import clean_html, clean_inline, clean_text, is_inline, plain_text
from lxml import etree
from xblock.core import XBlock
from xblock.fields import Boolean, Dict, Integer, List, Scope, String
from xblock.scorable import Score

SHOW_ANSWER_LABELS = (
    ("always", N_("After every submission")),
    ("finished", N_("When the answer is right or no attempts are left")),
    ("never", N_("Never")),
)
KIND_LABELS = (("quiz", N_("Quiz")), ("pretest", N_("Pre-test")), ("final", N_("Final test")))
TRUEFALSE_LABELS = {"true": N_("True"), "false": N_("False")}
TOKEN_ENTRIES = {
    "single": "choices",
    "multiple": "choices",
    "ordering": "items",
    "matching": "pairs",
}
STATUS_LABELS = {
    grading.CORRECT: N_("Correct"),
    grading.PARTIAL: N_("Partly correct"),
    grading.INCORRECT: N_("Incorrect"),
}


@dataclass(frozen=True)
class Page:
    """The quiz as one request sees it: fields read once (XBlock field reads are not free)."""

    uid: str
    questions: list
    answers: dict
    results: dict
    attempts: int
    max_attempts: int
    show_answer: str
    shuffle: bool
    past_due: bool = False
    correctness: bool = True  # False: results hidden (Open edX's show_correctness)

    @cached_property
    def attempts_left(self) -> int | None:
        """Submissions the learner still has; None when there is no limit."""
        return None if self.max_attempts <= 0 else max(0, self.max_attempts - self.attempts)

    @cached_property
    def all_right(self) -> bool:
        return (
            self.correctness
            and bool(self.results)
            and all(self.results.get(question["id"], 0.0) >= 1.0 for question in self.questions)
        )

    @cached_property
    def finished(self) -> bool:
        """No more submissions: every answer is right, no attempts are left, or it is past due."""
        return self.all_right or self.attempts_left == 0 or self.past_due

    @cached_property
    def reveal(self) -> bool:
        """Whether the right answers and explanations may be shown now."""
        if not self.results or not self.correctness:
            return False
        return self.show_answer == "always" or (self.show_answer == "finished" and self.finished)


@XBlock.needs("i18n")
@XBlock.wants("replace_urls")
@XBlock.wants("user")
class QuizBlock(ScoringMixin, OneChangeMixin, OlxMixin, StudioMixin, ResourceMixin, XBlock):
    """A quiz: questions, attempts, show-answer policy, partial credit, a published grade.

    ``max_score()`` is the sum of the question weights; ``weight`` (default 1) is what the whole
    quiz is worth in its assignment type.
    """

    display_name = String(
        display_name=N_("Display name"), scope=Scope.settings, default="Latarnia quiz"
    )
    kind = String(
        display_name=N_("Kind"),
        help=N_("A pre-test and a final test are paired in the knowledge-gain report."),
        scope=Scope.settings,
        default="quiz",
        values=olx.QUIZ_KINDS,
    )
    max_attempts = Integer(
        display_name=N_("Attempts"),
        help=N_("How many times a learner may submit; 0 means no limit."),
        scope=Scope.settings,
        default=0,
    )
    shuffle = Boolean(
        display_name=N_("Shuffle choices"),
        help=N_("Each learner sees the choices in an order of their own that does not change."),
        scope=Scope.settings,
        default=True,
    )
    show_answer = String(
        display_name=N_("Show the right answers"),
        scope=Scope.settings,
        default="finished",
        values=olx.SHOW_ANSWER,
    )
    allow_reset = Boolean(
        display_name=N_("Learners may start again"),
        help=N_("Starting again clears the answers and gives back every attempt."),
        scope=Scope.settings,
        default=False,
    )
    questions = List(help="The questions (see xblocks/olx.py).", scope=Scope.content, default=[])

    answers = Dict(help="Question id -> the learner's answer.", scope=Scope.user_state)
    results = Dict(help="Question id -> share of its points earned.", scope=Scope.user_state)
    attempts = Integer(help="Submissions made.", scope=Scope.user_state, default=0)

    icon_class = "problem"
    olx_tag = "latarnia_quiz"
    # Staff "viewing as a specific learner" see the quiz as the learner left it: all state goes
    # through XBlock fields, which Open edX keeps read-only for them.
    show_in_read_only_mode = True
    studio_fields = (
        "display_name",
        "kind",
        "weight",
        "max_attempts",
        "shuffle",
        "show_answer",
        "allow_reset",
    )
    studio_choices: ClassVar = {"show_answer": SHOW_ANSWER_LABELS, "kind": KIND_LABELS}
    studio_note = N_(
        "The questions come from the course's YAML sources: edit them there, rebuild the course "
        "and import it again. Here you change the quiz's settings only."
    )

    # -- the rules ---------------------------------------------------------------------------

    def page(self) -> Page:
        return Page(
            uid=self.element_id(),
            questions=read_only(self, "questions"),
            answers=self.answers,
            results=self.results,
            attempts=self.attempts,
            # None: a course-wide "Maximum Attempts" left empty (Open edX's inherited field)
            max_attempts=self.max_attempts or 0,
            show_answer=self.show_answer,
            shuffle=self.shuffle,
            past_due=self.past_due(),
            correctness=self.correctness_available(),
        )

    def past_due(self) -> bool:
        """Whether the due date (plus grace period) has passed.

        Open edX gives every block ``due`` and ``graceperiod`` through its inheritance mixin (a
        subsection's due date); other runtimes have none, and then nothing is ever past due.
        """
        due = getattr(self, "due", None) if "due" in self.fields else None
        if not isinstance(due, datetime):
            return False
        grace = getattr(self, "graceperiod", None) if "graceperiod" in self.fields else None
        if due.tzinfo is None:
            due = due.replace(tzinfo=UTC)
        return datetime.now(UTC) > due + (grace if isinstance(grace, timedelta) else timedelta(0))

    def correctness_available(self) -> bool:
        """Whether the learner may see right/wrong, feedback and the score now.

        Open edX sets ``show_correctness`` on a subsection ("Assessment results visibility") and
        its blocks inherit it: "never" and "never_but_include_grade" hide results from everyone,
        "past_due" until the due date, except from course staff (the rule of
        ``xblock.scorable.ShowCorrectness``). Runtimes without the field always show results.
        """
        show = (
            getattr(self, "show_correctness", None) if "show_correctness" in self.fields else None
        )
        if show in ("never", "never_but_include_grade"):
            return False
        if show == "past_due" and not self.user_is_staff():
            due = getattr(self, "due", None) if "due" in self.fields else None
            return not isinstance(due, datetime) or self.past_due()
        return True

    def user_is_staff(self) -> bool:
        """Course staff, as Open edX's user service tells (``edx-platform.user_is_staff``)."""
        service = self.runtime.service(self, "user")
        user = service.get_current_user() if service is not None else None
        return bool(getattr(user, "opt_attrs", {}).get("edx-platform.user_is_staff"))

    def max_score(self) -> float:
        return float(sum(question.get("weight", 1.0) for question in read_only(self, "questions")))

    def finished(self) -> bool:
        """No more submissions: every answer is right, or no attempts are left."""
        return self.page().finished

    def has_submitted_answer(self) -> bool:
        return bool(self.answers)

    def calculate_score(self) -> Score:
        questions, answers = self.questions, self.answers
        earned = sum(
            question.get("weight", 1.0) * grading.score(question, answers[question["id"]])
            for question in questions
            if question["id"] in answers
        )
        return Score(earned, self.max_score())

    # -- keyed orders --------------------------------------------------------------------------

    def tokens(self, question: dict) -> list[str]:
        """Choice, item or pair ids in token order: token ``c<k>`` / ``o<k>`` / ``m<k>`` is the
        k-th. The order is keyed per block, so tokens reveal neither the author's order nor
        which match belongs to which item; truefalse needs none."""
        entries = question.get(TOKEN_ENTRIES.get(question["type"], ""), [])
        order = permutation(len(entries), "tokens", self.scope_ids.usage_id, question["id"])
        return [entries[index]["id"] for index in order]

    def learner_order(self, count: int, *what: object) -> list[int]:
        """A shuffle of ``range(count)`` of this learner's own, stable across visits."""
        return permutation(count, "learner", self.scope_ids.user_id, self.scope_ids.usage_id, *what)

    # -- views ---------------------------------------------------------------------------------

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
        if kind in ("single", "multiple", "truefalse"):
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

    # -- handlers ------------------------------------------------------------------------------

    @json_handler
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

    @json_handler
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

    # -- reports -------------------------------------------------------------------------------

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
        if kind in ("single", "multiple", "truefalse"):
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

    # -- OLX -----------------------------------------------------------------------------------

    @classmethod
    def olx_read(cls, node: etree._Element) -> dict[str, Any]:
        settings, questions = olx.quiz_from_xml(node)
        values = {name: value for name, value in settings.items() if node.get(name) is not None}
        return {**values, "questions": questions}

    def olx_write(self, node: etree._Element) -> None:
        settings = {name: getattr(self, name) for name in olx.QUIZ_SETTINGS}
        olx.quiz_to_xml(node, settings, self.questions)

    @staticmethod
    def workbench_scenarios():
        return workbench_examples("quiz_scenarios")

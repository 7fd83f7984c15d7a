"""The quiz's rules: attempts, due dates, results visibility, scores and keyed orders.

``Page`` is the quiz as one request sees it; the views and the handlers work on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property

from latarnia_xblocks import grading
from latarnia_xblocks.mixins import ScoringMixin
from latarnia_xblocks.orders import permutation
from latarnia_xblocks.quiz.fields import QuizFields
from latarnia_xblocks.vocabulary import (
    QUESTION_ENTRIES,
    SHOW_CORRECTNESS_NEVER,
    SHOW_CORRECTNESS_PAST_DUE,
)
from latarnia_xblocks.xblock_internals import read_only
from xblock.scorable import Score

# Where the entries that travel as tokens are, by question type (truefalse needs none).
TOKEN_ENTRIES = {kind: entries for kind, entries in QUESTION_ENTRIES.items() if kind != "truefalse"}


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


class QuizRules(QuizFields, ScoringMixin):
    """What the learner may do and has earned; the quiz's side of ``ScorableXBlockMixin``."""

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
        if show in SHOW_CORRECTNESS_NEVER:
            return False
        if show == SHOW_CORRECTNESS_PAST_DUE and not self.user_is_staff():
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

    # -- keyed orders -------------------------------------------------------------------------

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

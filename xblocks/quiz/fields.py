"""The quiz's XBlock fields: its settings (edited in Studio), content and learner state."""

from __future__ import annotations

from typing import ClassVar

from latarnia_xblocks.mixins import N_
from latarnia_xblocks.vocabulary import QUIZ_KINDS, SHOW_ANSWER
from xblock.fields import Boolean, Dict, Integer, List, Scope, String

# Studio's labels of the values of ``show_answer`` and ``kind`` (the values: vocabulary.py).
SHOW_ANSWER_LABELS = {
    "always": N_("After every submission"),
    "finished": N_("When the answer is right or no attempts are left"),
    "never": N_("Never"),
}
KIND_LABELS = {"quiz": N_("Quiz"), "pretest": N_("Pre-test"), "final": N_("Final test")}


class QuizFields:
    """The fields of ``latarnia_quiz`` (``weight``: ScoringMixin; ``revision``: OneChangeMixin)
    and the settings Studio's form shows."""

    display_name = String(
        display_name=N_("Display name"), scope=Scope.settings, default="Latarnia quiz"
    )
    kind = String(
        display_name=N_("Kind"),
        help=N_("A pre-test and a final test are paired in the knowledge-gain report."),
        scope=Scope.settings,
        default="quiz",
        values=QUIZ_KINDS,
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
        values=SHOW_ANSWER,
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

    studio_fields: ClassVar[tuple[str, ...]] = (
        "display_name",
        "kind",
        "weight",
        "max_attempts",
        "shuffle",
        "show_answer",
        "allow_reset",
    )
    studio_choices: ClassVar[dict[str, tuple[tuple[str, str], ...]]] = {
        "show_answer": tuple((value, SHOW_ANSWER_LABELS[value]) for value in SHOW_ANSWER),
        "kind": tuple((value, KIND_LABELS[value]) for value in QUIZ_KINDS),
    }
    studio_note = N_(
        "The questions come from the course's YAML sources: edit them there, rebuild the course "
        "and import it again. Here you change the quiz's settings only."
    )

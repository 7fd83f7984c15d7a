"""The scenario's XBlock fields: its settings (edited in Studio), content and learner state."""

from __future__ import annotations

from typing import ClassVar

from latarnia_xblocks.mixins import N_
from xblock.fields import Boolean, Integer, List, Scope, String


class ScenarioFields:
    """The fields of ``latarnia_scenario`` (``weight``: ScoringMixin; ``revision``:
    OneChangeMixin) and the settings Studio's form shows."""

    display_name = String(
        display_name=N_("Display name"), scope=Scope.settings, default="Latarnia scenario"
    )
    # Not "start": Open edX gives every block a date field of that name (InheritanceMixin).
    first_step = String(
        help="The first step's id; empty: the first step.", scope=Scope.settings, default=""
    )
    scored = Boolean(
        display_name=N_("Scored"),
        help=N_("The grade is the share of safe choices on the learner's path."),
        scope=Scope.settings,
        default=False,
    )
    intro = String(
        help="A content note shown before the first step.", scope=Scope.content, default=""
    )
    steps = List(help="The steps (see xblocks/olx.py).", scope=Scope.content, default=[])
    endings = List(help="The endings (see xblocks/olx.py).", scope=Scope.content, default=[])

    path = List(help="[{step, choice, safe}] of the current run.", scope=Scope.user_state)
    current = String(
        help="The step or ending the learner is at.", scope=Scope.user_state, default=""
    )
    runs = Integer(help="Endings reached.", scope=Scope.user_state, default=0)
    best_path = List(
        help="The path of the best run that reached an ending (what a rescore recomputes).",
        scope=Scope.user_state,
    )

    show_in_read_only_mode = True  # all state is in XBlock fields (see QuizBlock)
    studio_fields: ClassVar[tuple[str, ...]] = ("display_name", "scored", "weight")
    studio_note = N_(
        "The steps and endings come from the course's YAML sources: edit them there, rebuild the "
        "course and import it again. Here you change the scenario's settings only."
    )

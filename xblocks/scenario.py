"""``latarnia_scenario``: the branching "what would you do?" scenario.

The learner sees one step at a time. Only the current step's text and its choices (as keyed
tokens) reach the browser; the consequence of a choice, whether it was safe and where it leads
come back from the ``choose`` handler once the learner has chosen.
"""

from __future__ import annotations

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
from latarnia_xblocks.sanitize import clean_html, clean_inline, plain_text
from lxml import etree
from xblock.core import XBlock
from xblock.fields import Boolean, Integer, List, Scope, String
from xblock.scorable import Score

MAX_PATH = 100  # choices in one run: a loop in the author's graph must not grow state forever


@XBlock.needs("i18n")
@XBlock.wants("replace_urls")
@XBlock.wants("user")
class ScenarioBlock(ScoringMixin, OneChangeMixin, OlxMixin, StudioMixin, ResourceMixin, XBlock):
    """A branching scenario: steps, choices with consequences, endings with a debrief.

    When ``scored``, the grade is the share of safe choices on the learner's path to an ending
    (``max_score()`` is 1); starting again keeps the best run's grade.
    """

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

    icon_class = "problem"
    olx_tag = "latarnia_scenario"
    show_in_read_only_mode = True  # all state is in XBlock fields (see QuizBlock)
    studio_fields: ClassVar = ("display_name", "scored", "weight")
    studio_note = N_(
        "The steps and endings come from the course's YAML sources: edit them there, rebuild the "
        "course and import it again. Here you change the scenario's settings only."
    )

    # -- the graph -----------------------------------------------------------------------------

    @property
    def has_score(self) -> bool:
        return self.scored

    def max_score(self) -> float:
        return 1.0

    def start_id(self) -> str:
        steps = read_only(self, "steps")
        return self.first_step or (steps[0]["id"] if steps else "")

    def find(self, node_id: str) -> tuple[dict | None, dict | None]:
        """(step, ending) with ``node_id``; one of them is None."""
        step = next((s for s in read_only(self, "steps") if s["id"] == node_id), None)
        if step is not None:
            return step, None
        return None, next((e for e in read_only(self, "endings") if e["id"] == node_id), None)

    def position(self) -> str:
        return self.current or self.start_id()

    def tokens(self, step: dict) -> list[str]:
        """The step's choice ids in token order (token ``c<k>`` is the k-th), keyed per block."""
        choices = step.get("choices", [])
        order = permutation(len(choices), "tokens", self.scope_ids.usage_id, step["id"])
        return [choices[index]["id"] for index in order]

    def has_submitted_answer(self) -> bool:
        return bool(self.path) or self.runs > 0

    def calculate_score(self) -> Score:
        """The best run's grade, recomputed from the steps as they are now (an instructor's
        rescore after the author changed which choices are safe). Starting again does not
        lower it: the best run is kept apart from the current one."""
        runs = [self.best_path or []]
        if self.path and self.find(self.current)[1] is not None:
            runs.append(self.path)
        best = max(self.path_score(self.rescored(path)) for path in runs)
        if not self.best_path and self.runs:
            best = max(best, self.raw_earned or 0.0)  # a run finished before best_path existed
        return Score(best, 1.0)

    def rescored(self, path: list[dict]) -> list[dict]:
        """``path`` with each choice's ``safe`` as the steps say now."""
        entries = []
        for entry in path:
            step, _ = self.find(entry.get("step", ""))
            choice = self.choice(step, entry.get("choice", "")) if step else None
            safe = bool(choice.get("safe")) if choice is not None else bool(entry.get("safe"))
            entries.append({**entry, "safe": safe})
        return entries

    @staticmethod
    def path_score(path: list[dict]) -> float:
        return sum(1 for entry in path if entry.get("safe")) / len(path) if path else 0.0

    # -- views ---------------------------------------------------------------------------------

    @XBlock.supports("multi_device")
    def student_view(self, context=None):
        html = self.render_template("scenario.html", **self.view_context())
        return self.fragment(
            html, "scenario", "LatarniaScenario", {}, css=("static/css/scenario.css",)
        )

    def view_context(self) -> dict[str, Any]:
        uid = self.element_id()
        step, ending = self.find(self.position())
        path = self.path
        last = None
        if path:
            previous, _ = self.find(path[-1]["step"])
            choice = self.choice(previous, path[-1]["choice"]) if previous else None
            if choice is not None:
                last = View(
                    text=clean_inline(choice.get("text", "")),
                    feedback=clean_html(choice.get("feedback", "")),
                    safe=bool(choice.get("safe")),
                )
        context: dict[str, Any] = {
            "id": uid,
            "title": self.title(N_("What would you do?")),
            "intro": clean_html(self.intro) if not path else "",
            "last": last,
            "step": None,
            "ending": None,
            "number": len(path) + 1,
            "can_restart": bool(path),
        }
        if step is not None:
            tokens = self.tokens(step)
            context["step"] = View(
                id=step["id"],
                text=clean_html(step.get("text", "")),
                choices=[
                    View(
                        value=grading.token(tokens, "c", choice["id"]),
                        dom=f"{uid}-s{len(path)}-c{position}",
                        text=clean_inline(choice.get("text", "")),
                    )
                    for position, choice in enumerate(step.get("choices", []))
                ],
            )
        elif ending is not None:
            safe = sum(1 for entry in path if entry.get("safe"))
            context["ending"] = View(
                title=ending.get("title", "") or self._("The end"),
                text=clean_html(ending.get("text", "")),
                scored=self.scored,
                safe=safe,
                made=len(path),
                path=[self.path_entry(entry) for entry in path],
            )
        return context

    def path_entry(self, entry: dict) -> View:
        step, _ = self.find(entry["step"])
        choice = self.choice(step, entry["choice"]) if step else None
        return View(
            text=clean_inline(choice.get("text", "")) if choice else entry["choice"],
            safe=bool(entry.get("safe")),
        )

    @staticmethod
    def choice(step: dict, choice_id: str) -> dict | None:
        return next((c for c in step.get("choices", []) if c["id"] == choice_id), None)

    def student_view_data(self, context=None) -> dict[str, Any]:
        """For the mobile apps: the first step only (the same for every learner).

        The next steps come from the ``choose`` handler, the learner's place from
        ``student_view_user_state``.
        """
        step, _ = self.find(self.start_id())
        return self.rewrite_urls(
            {
                "display_name": self.display_name,
                "scored": self.scored,
                "weight": self.weight,
                "intro": clean_html(self.intro),
                "step": self.step_data(step) if step else None,
            }
        )

    def step_data(self, step: dict) -> dict[str, Any]:
        tokens = self.tokens(step)
        return {
            "id": step["id"],
            "text": clean_html(step.get("text", "")),
            "choices": [
                {
                    "value": grading.token(tokens, "c", c["id"]),
                    "text": clean_inline(c.get("text", "")),
                }
                for c in step.get("choices", [])
            ],
        }

    # -- handlers ------------------------------------------------------------------------------

    @json_handler
    def choose(self, data: dict[str, Any]) -> dict[str, Any]:
        """Take ``{"step": id, "choice": token}``; answer the consequence and what comes next."""
        with self.one_change():
            return self.choose_now(data)

    def choose_now(self, data: dict[str, Any]) -> dict[str, Any]:
        step_id = require(data, "step", str)
        token = require(data, "choice", str)
        position = self.position()
        step, ending = self.find(position)
        if ending is not None:
            raise HandlerError(409, "the scenario has ended; start again")
        if step is None:
            raise HandlerError(409, f"the scenario has no step {position!r}")
        if step_id != position:
            raise HandlerError(409, f"step {step_id!r} is not the current step")
        tokens = self.tokens(step)
        if token not in [f"c{k}" for k in range(len(tokens))]:
            raise HandlerError(400, f"unknown choice {token!r}")
        choice = self.choice(step, tokens[int(token[1:])])
        assert choice is not None  # the tokens are the step's own choices
        target_step, target_ending = self.find(choice.get("next", ""))
        if target_step is None and target_ending is None:
            raise HandlerError(409, f"the scenario has no step or ending {choice.get('next')!r}")
        if len(self.path) >= MAX_PATH:
            raise HandlerError(409, "too many choices in one run; start again")
        self.path = [
            *self.path,
            {"step": step["id"], "choice": choice["id"], "safe": bool(choice.get("safe"))},
        ]
        self.current = choice["next"]
        if target_ending is not None:
            self.runs += 1
            score = self.path_score(self.path)
            if not self.best_path or score >= self.path_score(self.best_path):
                self.best_path = self.path
            if self.scored:
                self.publish_score(Score(max(score, self.raw_earned or 0.0), 1.0))
            self.mark_complete()
        return {
            **self.state(),
            "html": self.render_template("scenario_body.html", **self.view_context()),
        }

    @json_handler
    def restart(self, data: dict[str, Any]) -> dict[str, Any]:
        """Start again from the first step. The grade of the best run stays."""
        with self.one_change():
            return self.restart_now(data)

    def restart_now(self, data: dict[str, Any]) -> dict[str, Any]:
        self.path = []
        self.current = ""
        return {
            **self.state(),
            "html": self.render_template("scenario_body.html", **self.view_context()),
        }

    @XBlock.handler
    def student_view_user_state(self, request, suffix=""):
        """Where the learner is, as JSON (for the mobile apps)."""
        return json_response(self.rewrite_urls(self.state()))

    def state(self) -> dict[str, Any]:
        """What the learner may know now: the last consequence and the current step or ending."""
        step, ending = self.find(self.position())
        payload: dict[str, Any] = {"path": [], "step": None, "ending": None, "runs": self.runs}
        for entry in self.path:
            at, _ = self.find(entry["step"])
            choice = self.choice(at, entry["choice"]) if at else None
            payload["path"].append(
                {
                    "step": entry["step"],
                    "safe": entry.get("safe", False),
                    "feedback": clean_html(choice.get("feedback", "")) if choice else "",
                }
            )
        if step is not None:
            payload["step"] = self.step_data(step)
        elif ending is not None:
            payload["ending"] = {
                "id": ending["id"],
                "title": ending.get("title", ""),
                "text": clean_html(ending.get("text", "")),
                "score": self.path_score(self.path) if self.scored else None,
            }
        return payload

    # -- reports -------------------------------------------------------------------------------

    def generate_report_data(self, user_state_iterator, limit_responses=None):
        """One row per learner and choice on their current path, for the Problem Responses report.

        "Correct" is ``correct`` for a safe choice and ``incorrect`` for a risky one.
        """
        count = 0
        for user_state in user_state_iterator:
            state = user_state.state or {}
            for entry in state.get("path") or []:
                if limit_responses is not None and count >= limit_responses:
                    return
                step, _ = self.find(entry.get("step", ""))
                if step is None:
                    continue
                choice = self.choice(step, entry.get("choice", "")) or {}
                count += 1
                safe = bool(entry.get("safe"))
                yield (
                    user_state.username,
                    {
                        "Question ID": step["id"],
                        "Question": plain_text(step.get("text", "")),
                        "Answer": plain_text(choice.get("text", "")),
                        "Answer ID": entry.get("choice", ""),
                        "Correct": grading.CORRECT if safe else grading.INCORRECT,
                        "Score": 1.0 if safe else 0.0,
                        "Max score": 1.0,
                        "Mirrors": "",
                        "Kind": "scenario",
                        "Attempts": state.get("runs", 0),
                    },
                )

    # -- OLX -----------------------------------------------------------------------------------

    @classmethod
    def olx_read(cls, node: etree._Element) -> dict[str, Any]:
        settings, intro, steps, endings = olx.scenario_from_xml(node)
        values = {name: value for name, value in settings.items() if node.get(name) is not None}
        if olx.legacy_first_step(node) and node.get("first_step") is None:
            values["first_step"] = settings["first_step"]
        return {**values, "intro": intro, "steps": steps, "endings": endings}

    def olx_write(self, node: etree._Element) -> None:
        settings = {name: getattr(self, name) for name in olx.SCENARIO_SETTINGS}
        olx.scenario_to_xml(node, settings, self.intro, self.steps, self.endings)

    @staticmethod
    def workbench_scenarios():
        return workbench_examples("scenario_scenarios")

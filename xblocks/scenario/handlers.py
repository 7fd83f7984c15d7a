"""The scenario's handlers: ``choose``, ``restart`` and ``student_view_user_state``.

Each is a ``json_handler`` (mixins/json_handlers.py says why not ``XBlock.json_handler``).
"""

from __future__ import annotations

from typing import Any

from latarnia_xblocks.mixins import (
    HandlerError,
    OneChangeMixin,
    json_handler,
    json_response,
    require,
)
from latarnia_xblocks.sanitise import clean_html
from latarnia_xblocks.scenario.views import ScenarioViews
from xblock.core import XBlock
from xblock.scorable import Score

MAX_PATH = 100  # choices in one run: a loop in the author's graph must not grow state forever


class ScenarioHandlers(ScenarioViews, OneChangeMixin):
    """A learner's choice and restart, each applied once (``one_change``), and their state."""

    @json_handler  # not XBlock.json_handler: limits on the body (mixins/json_handlers.py)
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

    @json_handler  # not XBlock.json_handler: limits on the body (mixins/json_handlers.py)
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

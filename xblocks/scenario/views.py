"""What the scenario shows: ``student_view``, the mobile apps' data, the templates' context.

Only the current step's text and its choices (as keyed tokens) reach the browser; the
consequence of a choice, whether it was safe and where it leads come back from the ``choose``
handler once the learner has chosen.
"""

from __future__ import annotations

from typing import Any

from latarnia_xblocks import grading
from latarnia_xblocks.mixins import N_, ResourceMixin, View
from latarnia_xblocks.sanitise import clean_html, clean_inline
from latarnia_xblocks.scenario.graph import ScenarioGraph
from xblock.core import XBlock


class ScenarioViews(ScenarioGraph, ResourceMixin):
    """``student_view`` (the page), ``student_view_data`` (the mobile apps), and the context of
    ``scenario.html`` / ``scenario_body.html`` that the handlers render again after a choice."""

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

"""The scenario's rows of the instructor's Problem Responses report (docs/xblocks.md, Reports)."""

from __future__ import annotations

from latarnia_xblocks import grading
from latarnia_xblocks.sanitise import plain_text
from latarnia_xblocks.scenario.graph import ScenarioGraph


class ScenarioReports(ScenarioGraph):
    """``generate_report_data``: one row per learner and choice on their current path."""

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

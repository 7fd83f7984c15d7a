"""The scenario's graph: steps, choices and endings, the learner's place, and the score."""

from __future__ import annotations

from latarnia_xblocks.mixins import ScoringMixin
from latarnia_xblocks.orders import permutation
from latarnia_xblocks.scenario.fields import ScenarioFields
from latarnia_xblocks.xblock_internals import read_only
from xblock.scorable import Score


class ScenarioGraph(ScenarioFields, ScoringMixin):
    """Finding steps and choices, the keyed tokens of a step's choices, and the scenario's side
    of ``ScorableXBlockMixin`` (the share of safe choices, the best run kept)."""

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

    @staticmethod
    def choice(step: dict, choice_id: str) -> dict | None:
        return next((c for c in step.get("choices", []) if c["id"] == choice_id), None)

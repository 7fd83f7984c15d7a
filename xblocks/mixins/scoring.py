"""Scores and completion: a grade the platform can trust, published the way Open edX expects."""

from __future__ import annotations

from latarnia_xblocks.mixins.i18n import N_
from xblock.completable import CompletableXBlockMixin
from xblock.fields import Float, Scope
from xblock.scorable import ScorableXBlockMixin, Score


class ScoringMixin(ScorableXBlockMixin, CompletableXBlockMixin):
    """A grade the platform can trust: computed on the server, published as ``grade``.

    ``max_score()`` is the block's raw points; Open edX scales them to ``weight`` points in the
    assignment type (``weight`` follows the Open edX convention of capa problems). The score
    the block shows is always the one it last published: a learner's submit, an instructor's
    rescore (``rescore(only_if_higher)``) and an override (``set_score`` then
    ``publish_grade``, as openedx-platform's instructor tasks call them) all pass through
    ``_publish_grade``, ScorableXBlockMixin's own step (pinned by
    tests/openedx/test_xblock_internals.py).
    """

    weight = Float(
        display_name=N_("Weight"),
        help=N_("Points of this block in its assignment type."),
        scope=Scope.settings,
        default=1.0,
        values={"min": 0},
    )
    raw_earned = Float(
        help="The learner's raw score, published as the grade.",
        scope=Scope.user_state,
        default=None,
    )

    def get_score(self) -> Score:
        return Score(self.raw_earned or 0.0, self.max_score())

    def set_score(self, score: Score) -> None:
        self.raw_earned = score.raw_earned

    def publish_grade(self) -> None:
        """Publish the stored score (the instructor's override task calls this)."""
        self._publish_grade(self.get_score())

    def _publish_grade(self, score: Score, only_if_higher: bool | None = None) -> None:
        """Store ``score`` unless ``only_if_higher`` keeps a better one, then publish it; the
        gradebook applies the same rule, so the block and the gradebook agree."""
        if not (only_if_higher and (self.raw_earned or 0.0) >= score.raw_earned):
            self.set_score(score)
        super()._publish_grade(score, only_if_higher)

    def publish_score(self, score: Score) -> None:
        """Store ``score`` and publish it as the learner's grade."""
        self._publish_grade(score)

    def mark_complete(self) -> None:
        # Not "publish_completion": Open edX's LmsBlockMixin has a handler of that name.
        self.emit_completion(1.0)

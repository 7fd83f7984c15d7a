"""``latarnia_quiz``: the block class, composed of the quiz's parts and the shared mixins."""

from __future__ import annotations

from typing import Any

from latarnia_xblocks import olx
from latarnia_xblocks.mixins import OlxMixin, StudioMixin, WorkbenchMixin
from latarnia_xblocks.quiz.handlers import QuizHandlers
from latarnia_xblocks.quiz.reports import QuizReports
from latarnia_xblocks.vocabulary import QUIZ_TAG
from lxml import etree
from xblock.core import XBlock


@XBlock.needs("i18n")
@XBlock.wants("replace_urls")
@XBlock.wants("user")
class QuizBlock(QuizHandlers, QuizReports, OlxMixin, StudioMixin, WorkbenchMixin, XBlock):
    """A quiz: questions, attempts, show-answer policy, partial credit, a published grade.

    ``max_score()`` is the sum of the question weights; ``weight`` (default 1) is what the whole
    quiz is worth in its assignment type.

    fields.py (QuizFields)   settings, content, learner state; Studio's form
    rules.py (QuizRules)     attempts, due date, results visibility, scores, keyed orders
    views.py (QuizViews)     student_view, student_view_data, the templates' contexts
    handlers.py              submit, reset, student_view_user_state
    reports.py               generate_report_data
    """

    icon_class = "problem"
    olx_tag = QUIZ_TAG
    workbench_examples = "quiz_scenarios"
    # Staff "viewing as a specific learner" see the quiz as the learner left it: all state goes
    # through XBlock fields, which Open edX keeps read-only for them.
    show_in_read_only_mode = True

    @classmethod
    def olx_read(cls, node: etree._Element) -> dict[str, Any]:
        settings, questions = olx.quiz_from_xml(node)
        return {**cls.present_settings(node, settings), "questions": questions}

    def olx_write(self, node: etree._Element) -> None:
        settings = {name: getattr(self, name) for name in olx.QUIZ_SETTINGS}
        olx.quiz_to_xml(node, settings, self.questions)

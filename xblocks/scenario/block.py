"""``latarnia_scenario``: the block class, composed of its parts and the shared mixins."""

from __future__ import annotations

from typing import Any

from latarnia_xblocks import olx
from latarnia_xblocks.mixins import OlxMixin, StudioMixin, WorkbenchMixin
from latarnia_xblocks.scenario.handlers import ScenarioHandlers
from latarnia_xblocks.scenario.reports import ScenarioReports
from latarnia_xblocks.vocabulary import SCENARIO_TAG
from lxml import etree
from xblock.core import XBlock


@XBlock.needs("i18n")
@XBlock.wants("replace_urls")
@XBlock.wants("user")
class ScenarioBlock(
    ScenarioHandlers, ScenarioReports, OlxMixin, StudioMixin, WorkbenchMixin, XBlock
):
    """A branching scenario: steps, choices with consequences, endings with a debrief.

    When ``scored``, the grade is the share of safe choices on the learner's path to an ending
    (``max_score()`` is 1); starting again keeps the best run's grade.

    fields.py (ScenarioFields)  settings, content, learner state; Studio's form
    graph.py (ScenarioGraph)    steps, choices, endings, the learner's place, the score
    views.py (ScenarioViews)    student_view, student_view_data, the templates' context
    handlers.py                 choose, restart, student_view_user_state
    reports.py                  generate_report_data
    """

    icon_class = "problem"
    olx_tag = SCENARIO_TAG
    workbench_examples = "scenario_scenarios"
    show_in_read_only_mode = True  # all state is in XBlock fields (see QuizBlock)

    @classmethod
    def olx_read(cls, node: etree._Element) -> dict[str, Any]:
        settings, intro, steps, endings = olx.scenario_from_xml(node)
        values = cls.present_settings(node, settings)
        if olx.legacy_first_step(node) and node.get("first_step") is None:
            values["first_step"] = settings["first_step"]
        return {**values, "intro": intro, "steps": steps, "endings": endings}

    @classmethod
    def olx_foreign_attributes(cls, node: etree._Element) -> set[str]:
        # OLX of Latarnia 0.1 wrote the first step as "start", Open edX's start date.
        return {"start"} if olx.legacy_first_step(node) else set()

    def olx_write(self, node: etree._Element) -> None:
        settings = {name: getattr(self, name) for name in olx.SCENARIO_SETTINGS}
        olx.scenario_to_xml(node, settings, self.intro, self.steps, self.endings)

"""``latarnia_scenario`` (being written)."""

from xblock.core import XBlock


class ScenarioBlock(XBlock):
    pass

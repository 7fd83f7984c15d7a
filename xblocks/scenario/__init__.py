"""``latarnia_scenario``: the branching "what would you do?" scenario, one step at a time.

The block class (``block.py``) composes the scenario's parts, one job a module: ``fields.py``,
``graph.py``, ``views.py``, ``handlers.py``, ``reports.py``. ``ScenarioBlock`` is importable
from here, the path of the ``xblock.v1`` entry point.
"""

from latarnia_xblocks.scenario.block import ScenarioBlock

__all__ = ["ScenarioBlock"]

"""The former name of ``sanitise.py`` (the project writes "sanitise"), kept while the builder
imports from it (builder/render.py, builder/report/course.py)."""

from latarnia_xblocks.sanitise import CALLOUT_KINDS, CONTENT_RULES, plain_text

__all__ = ["CALLOUT_KINDS", "CONTENT_RULES", "plain_text"]

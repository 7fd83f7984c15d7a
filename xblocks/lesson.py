"""``latarnia_lesson`` (being written)."""

from xblock.core import XBlock


class LessonBlock(XBlock):
    pass

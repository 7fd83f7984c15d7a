"""The one place the blocks read XBlock internals, pinned by a test of its own."""

from __future__ import annotations

from typing import Any

from xblock.core import XBlock


def read_only(block: XBlock, name: str) -> Any:
    """The value of a content field the block only reads (questions, steps…).

    Reading a List or Dict field through XBlock deep-copies it, so that ``save()`` can tell
    whether it changed; author content never changes in a learner's request, and the copy of a
    whole quiz would cost more than rendering it. A value set in this request is returned as set.

    It reads XBlock's ``_field_data`` and ``_field_data_cache`` (what ``Field.__get__`` reads):
    tests/openedx/test_xblock_internals.py pins both on every XBlock the release matrix installs.
    """
    cache = getattr(block, "_field_data_cache", {})
    if name in cache:
        return cache[name]
    field = block.fields[name]
    field_data = block._field_data
    if field_data.has(block, name):
        return field.from_json(field_data.get(block, name))
    return field.default

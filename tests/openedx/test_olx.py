"""Studio's import, export and copy/paste of our blocks, with the settings Open edX adds.

Studio exports a pure XBlock with its ``add_xml_to_node`` and imports it with its ``parse_xml``
(xmodule/xml_block.py is only for XModule-style blocks); copy and paste go through the same
OLX (openedx/core/lib/xblock_serializer). What an author sets in Studio on our block — "Hide
from learners", content groups, dates — must survive each of them.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from latarnia_xblocks import olx
from lxml import etree
from xblock.fields import Scope

from tests.openedx.platform import OpenEdx, blocks_of

OURS = ("latarnia_lesson", "latarnia_quiz", "latarnia_scenario")
PLATFORM_SETTINGS = {
    "visible_to_staff_only": "true",
    "group_access": '{"50": [1, 2]}',
    "due": "2027-01-31T12:00:00+00:00",
}


def element(lms: OpenEdx, tag: str) -> etree._Element:
    """The first ``tag`` element of the built course, as Studio exports it."""
    return lms.export(blocks_of(lms, tag)[0])


@pytest.mark.parametrize("tag", OURS)
def test_hide_from_learners_and_content_groups_survive_export_and_reimport(lms, tag) -> None:
    node = element(lms, tag)
    for name, value in PLATFORM_SETTINGS.items():
        node.set(name, value)
    node.set("url_name", f"{tag}-copy")
    imported = lms.block(lms.import_xml(node), "ala")
    assert imported.visible_to_staff_only is True
    assert imported.group_access == {50: [1, 2]}
    assert imported.due == dt.datetime(2027, 1, 31, 12, tzinfo=dt.UTC)

    exported = lms.export(str(imported.scope_ids.usage_id))  # export, or copy to the clipboard
    exported.set("url_name", f"{tag}-pasted")
    pasted = lms.block(lms.import_xml(exported), "ala")  # re-import, or paste
    for name in PLATFORM_SETTINGS:
        assert getattr(pasted, name) == getattr(imported, name), name
    again = lms.export(str(pasted.scope_ids.usage_id))
    assert etree.tostring(again) == etree.tostring(exported).replace(b"-copy", b"-pasted") or (
        {k: v for k, v in again.items() if k != "url_name"}
        == {k: v for k, v in exported.items() if k != "url_name"}
    )


@pytest.mark.parametrize("tag", OURS)
def test_our_own_content_survives_a_studio_round_trip(lms, tag) -> None:
    usage_id = blocks_of(lms, tag)[0]
    original = lms.block(usage_id, None)
    node = lms.export(usage_id)
    node.set("url_name", "round-trip")
    copy = lms.block(lms.import_xml(node), None)
    for name in original.own_field_names():
        field = original.fields[name]
        if field.scope in (Scope.content, Scope.settings):
            assert getattr(copy, name) == getattr(original, name), name


def test_a_re_import_of_0_1_olx_reads_start_as_the_first_step(lms) -> None:
    node = element(lms, "latarnia_scenario")
    first = node.get("first_step")
    del node.attrib["first_step"]
    node.set("start", first)  # what Latarnia 0.1 wrote
    node.set("url_name", "old-scenario")
    block = lms.block(lms.import_xml(node), "ala")
    assert block.first_step == first
    assert isinstance(block.start, dt.datetime)  # the platform's start date is not touched


BAD_OLX = [
    ("latarnia_quiz", ("max_attempts", "dwa"), 'max_attempts="dwa"'),
    ("latarnia_quiz", ("weight", "-1"), 'weight="-1"'),
    ("latarnia_quiz", ("weight", "inf"), 'weight="inf"'),
    ("latarnia_quiz", ("show_answer", "sometimes"), 'show_answer="sometimes"'),
    ("latarnia_quiz", ("shuffle", "tak"), 'shuffle="tak"'),
    ("latarnia_quiz", ("question/type", "singel"), 'type="singel"'),
    ("latarnia_quiz", ("question/weight", "nan"), 'weight="nan"'),
    ("latarnia_quiz", ("no-questions", ""), "at least one <question>"),
    ("latarnia_scenario", ("step/choice/next", "nigdzie"), 'next="nigdzie"'),
    ("latarnia_scenario", ("first_step", "nie-ma"), 'first_step="nie-ma"'),
    ("latarnia_scenario", ("scored", "maybe"), 'scored="maybe"'),
    ("latarnia_lesson", ("due", "jutro"), 'due="jutro"'),
]


def spoil(node: etree._Element, what: str, value: str) -> None:
    if what == "no-questions":
        for question in node.findall("question"):
            node.remove(question)
    elif "/" in what:
        *path, attribute = what.split("/")
        node.find("/".join(path)).set(attribute, value)
    else:
        node.set(what, value)


@pytest.mark.parametrize(("tag", "change", "shown"), BAD_OLX, ids=lambda v: str(v))
def test_bad_olx_is_refused_at_import_naming_block_attribute_and_value(lms, tag, change, shown):
    node = element(lms, tag)
    node.set("url_name", "hand-edited")
    spoil(node, *change)
    with pytest.raises(ValueError) as refused:
        lms.import_xml(node)
    message = str(refused.value)
    assert message.startswith(f'{tag} "hand-edited": '), message
    assert shown in message, message


def test_the_builder_cannot_write_what_the_blocks_would_refuse() -> None:
    node = etree.Element("latarnia_quiz", url_name="q")
    question = {"id": "q1", "type": "single", "weight": math.inf, "choices": []}
    with pytest.raises(olx.OlxError) as refused:
        olx.quiz_to_xml(node, {"kind": "quiz"}, [question])
    assert 'question id="q1"' in str(refused.value) and len(node) == 0

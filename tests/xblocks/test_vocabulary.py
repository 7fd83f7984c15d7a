"""The shared vocabulary (xblocks/vocabulary.py) is what the blocks and their entry points use."""

from __future__ import annotations

from importlib.metadata import entry_points

from latarnia_xblocks import vocabulary
from latarnia_xblocks.quiz import QuizBlock


def test_each_entry_point_is_named_by_its_tag_and_loads_the_block_of_that_tag() -> None:
    ours = {ep.name: ep for ep in entry_points(group="xblock.v1") if ep.name.startswith("latarnia")}
    assert sorted(ours) == sorted(vocabulary.BLOCK_TAGS)
    for tag, entry in ours.items():
        assert entry.load().olx_tag == tag


def test_the_quizs_studio_choices_are_the_vocabularys_values_each_with_a_label() -> None:
    for name, values in (("show_answer", vocabulary.SHOW_ANSWER), ("kind", vocabulary.QUIZ_KINDS)):
        choices = QuizBlock.studio_choices[name]
        assert tuple(value for value, _label in choices) == values
        assert all(label for _value, label in choices)
        assert QuizBlock.fields[name].values == values

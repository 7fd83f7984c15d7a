"""The words the blocks and the builder share: one place for each value list.

Plain tuples, no imports: the builder can use this module without the XBlock runtime. The OLX
checks (``olx.py``), the blocks' fields and Studio choices, and the sanitiser's allowlist all
read their values from here.
"""

from __future__ import annotations

# The OLX tags of the blocks (also the names of their xblock.v1 entry points in setup.cfg).
# "lesson" is one page of a lesson (LessonPageBlock); the tag keeps its first name for courses
# already imported.
LESSON_PAGE_TAG = "latarnia_lesson"
QUIZ_TAG = "latarnia_quiz"
SCENARIO_TAG = "latarnia_scenario"
BLOCK_TAGS = (LESSON_PAGE_TAG, QUIZ_TAG, SCENARIO_TAG)

# Question types of a quiz (the OLX ``type`` attribute, the YAML ``type`` key), each with where
# it keeps what the learner picks or arranges: ``choices`` (``<choice>`` elements), ``items``
# (``<item>``, in the right order) or ``pairs`` (``<pair>``, a text and its match).
QUESTION_ENTRIES = {
    "single": "choices",
    "multiple": "choices",
    "truefalse": "choices",
    "ordering": "items",
    "matching": "pairs",
}
QUESTION_TYPES = tuple(QUESTION_ENTRIES)
CHOICE_TYPES = tuple(kind for kind, entries in QUESTION_ENTRIES.items() if entries == "choices")

# When the right answers are shown: after every submit / when right or out of attempts / never.
SHOW_ANSWER = ("always", "finished", "never")

# A quiz's kind: a pre-test and a final test are paired in the knowledge-gain report.
QUIZ, PRETEST, FINAL = "quiz", "pretest", "final"
QUIZ_KINDS = (QUIZ, PRETEST, FINAL)

# Open edX's ``show_correctness`` (a subsection's "Assessment results visibility", inherited by
# its blocks; xblock.scorable.ShowCorrectness): the values that hide results from learners.
SHOW_CORRECTNESS_NEVER = ("never", "never_but_include_grade")
SHOW_CORRECTNESS_PAST_DUE = "past_due"  # hidden until the due date, except from course staff

# The languages of the blocks' interface: the gettext catalogues shipped in translations/.
# Learners in any other language get English, the source language.
UI_LANGUAGES = ("pl", "en")

# Callouts (``!!! warning "Title"``): ``<aside class="latarnia-callout latarnia-callout--<kind>">``.
CALLOUT_KINDS = ("warning", "tip", "note")

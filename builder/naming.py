"""The url_names of a course: what Open edX keeps learners' state under, in one place.

Every url_name derives from ids, never from a position in a list of units or blocks, so that a
rebuilt course re-imports over the old one without losing learners' progress
(docs/architecture.md, "url_names and learner state"):

    chapter (track)              <track id>
    sequential (lesson)          <lesson id>
    vertical (unit)              <lesson id>--<unit id>
    quiz, scenario               <lesson id>--<block id>           (they hold learner state)
    page (text, help, added)     <lesson id>--<unit id>--<block id>

Ids the author may leave out come from a position inside their own list: a text block is
``text1``, ``text2``… (counting the unit's text blocks), a help block ``help1``…, a choice,
pair or scenario choice ``a``, ``b``, ``c``…, an ordering item ``a``, ``b``… too. The pages
the builder adds to units have the reserved ids ``objectives``, ``sources`` and ``contacts``.
The model assembler (``builder.assemble``) gives the default ids, the checks
(``builder.checks.course``) look for clashes and ``builder.olx`` writes the names.
"""

from __future__ import annotations

from collections.abc import Iterator

from latarnia_builder.i18n import N_
from latarnia_builder.model import Block, Course, HelpBlock, Lesson, Quiz, Scenario, Unit
from latarnia_builder.problems import Where

# Pages the builder adds to units (latarnia_lesson blocks), by their reserved block id.
OBJECTIVES, SOURCES, CONTACTS = "objectives", "sources", "contacts"
ADDED_PAGES = {  # what each page is, in problem messages (translated where shown)
    OBJECTIVES: N_("the lesson's objectives"),
    SOURCES: N_("the lesson's sources"),
    CONTACTS: N_("the help contacts at the bottom of the page"),
}


# -- ids by position ------------------------------------------------------------------------------


def position_id(index: int) -> str:
    """The default id of a choice, a pair or a scenario choice: a, b, c… then c27, c28…"""
    return chr(ord("a") + index) if index < 26 else f"c{index + 1}"


def item_position_id(index: int) -> str:
    """The default id of an ordering item (what Latarnia 0.1 wrote, so stored answers keep)."""
    return chr(ord("a") + index) if index < 26 else f"i{index + 1}"


def text_block_id(count: int) -> str:
    """The id of a unit's ``count``-th text block written without one (1-based)."""
    return f"text{count}"


def help_block_id(count: int) -> str:
    """The id of a unit's ``count``-th help block (help blocks have no id of their own)."""
    return f"help{count}"


# -- url_names ------------------------------------------------------------------------------------


def vertical_name(lesson: Lesson, unit: Unit) -> str:
    return f"{lesson.id}--{unit.id}"


def block_name(lesson: Lesson, unit: Unit, block: Block | str) -> str:
    """Quizzes and scenarios hold learner state: their name is independent of the unit."""
    if isinstance(block, Quiz | Scenario):
        return f"{lesson.id}--{block.id}"
    block_id = block if isinstance(block, str) else block.id
    return f"{lesson.id}--{unit.id}--{block_id}"


def added_pages(lesson: Lesson, index: int, course: Course) -> list[str]:
    """The pages the builder adds to unit ``index``: objectives open the lesson, sources close
    it, and the help contacts end every unit that does not show them itself."""
    unit = lesson.units[index]
    pages = []
    if index == 0 and lesson.objectives:
        pages.append(OBJECTIVES)
    if index == len(lesson.units) - 1 and lesson.sources:
        pages.append(SOURCES)
    if course.text.help.on_every_page and not any(isinstance(b, HelpBlock) for b in unit.blocks):
        pages.append(CONTACTS)
    return pages


def url_names(course: Course) -> Iterator[tuple[str, tuple[str, str], Where]]:
    """Every url_name the course will have: (url_name, what it names, where it comes from).

    What it names is (message, id), e.g. ("track '{id}'", "praca"): formatted, in the user's
    language, only when a problem is reported."""
    for track in course.text.tracks:
        yield track.id, (N_("track '{id}'"), track.id), track.where
    for lesson in course.lessons.values():
        yield lesson.id, (N_("lesson '{id}'"), lesson.id), lesson.where
        for index, unit in enumerate(lesson.units):
            yield vertical_name(lesson, unit), (N_("unit '{id}'"), unit.id), unit.where
            for page in added_pages(lesson, index, course):
                yield block_name(lesson, unit, page), (ADDED_PAGES[page], ""), unit.where
            for block in unit.blocks:
                yield block_name(lesson, unit, block), (N_("block '{id}'"), block.id), block.where

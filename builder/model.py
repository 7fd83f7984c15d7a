"""The course as frozen dataclasses: what the trainers wrote, checked, in one language.

The model knows nothing of YAML or of OLX, but it speaks their words: a field has the name of
the YAML key it comes from, which is the name of the OLX attribute or element it becomes. Text
is kept as written (Markdown); rendering is ``builder.render``'s job. ``where`` records the
source position of a thing so that checks across files and languages can point at it; it takes
no part in comparisons.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from latarnia_builder.problems import Where

NOWHERE = Where(Path("?"))
Date = dt.date | dt.datetime


# -- shared settings (course/course.yaml) ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AssignmentType:
    """A kind of graded work (pre-test, quiz, final test) and its share of the grade."""

    id: str
    weight: float
    short: str
    drop: int = 0
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Grading:
    pass_mark: float
    assignments: tuple[AssignmentType, ...]
    where: Where = field(default=NOWHERE, compare=False, repr=False)

    def assignment(self, assignment_id: str) -> AssignmentType | None:
        return next((a for a in self.assignments if a.id == assignment_id), None)


@dataclass(frozen=True, slots=True)
class Settings:
    """What every language of the course shares."""

    org: str
    number: str
    run: str
    languages: tuple[str, ...]
    start: Date
    end: Date | None
    image: str  # a path under media/, or '' for the default image
    grading: Grading
    where: Where = field(default=NOWHERE, compare=False, repr=False)
    image_where: Where = field(default=NOWHERE, compare=False, repr=False)
    language_wheres: tuple[Where, ...] = field(default=(), compare=False, repr=False)

    def run_for(self, lang: str) -> str:
        """Each language is its own course run."""
        return f"{self.run}-{lang}"


# -- one language: course/<lang>/course.yaml ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Image:
    """A media file a Markdown text uses: ``path`` as written (media/…). An image, or a file
    the text links to (``link``): both are shipped in static/."""

    path: str
    alt: str
    where: Where = field(default=NOWHERE, compare=False, repr=False)
    link: bool = False


@dataclass(frozen=True, slots=True)
class Contact:
    """Where to get help: a phone number and the date someone checked it."""

    id: str
    name: str
    phone: str
    checked: str  # as precise as known: 2025-10-31, 2025-10 or 2025
    hours: str = ""
    url: str = ""
    note: str = ""  # Markdown, one sentence
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Help:
    title: str
    contacts: tuple[Contact, ...]
    on_every_page: tuple[str, ...]  # contact ids
    where: Where = field(default=NOWHERE, compare=False, repr=False)

    def contact(self, contact_id: str) -> Contact | None:
        return next((c for c in self.contacts if c.id == contact_id), None)


@dataclass(frozen=True, slots=True)
class Track:
    """An audience's path through the course (an OLX chapter)."""

    id: str
    title: str
    lessons: tuple[str, ...]  # lesson ids, in order
    where: Where = field(default=NOWHERE, compare=False, repr=False)
    lesson_wheres: tuple[Where, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class CourseText:
    """The language-specific part of the course: titles, about page, help, tracks."""

    lang: str
    title: str
    description: str  # Markdown: the about page
    assignment_names: tuple[tuple[str, str], ...]  # (assignment id, name learners see)
    help: Help
    tracks: tuple[Track, ...]
    images: tuple[Image, ...] = ()  # in the description
    where: Where = field(default=NOWHERE, compare=False, repr=False)
    tracks_where: Where = field(default=NOWHERE, compare=False, repr=False)
    assignments_where: Where = field(default=NOWHERE, compare=False, repr=False)
    assignment_wheres: tuple[tuple[str, Where], ...] = field(default=(), compare=False, repr=False)

    def assignment_name(self, assignment_id: str) -> str:
        return dict(self.assignment_names).get(assignment_id, assignment_id)


# -- lessons: course/<lang>/lessons/<id>.yaml -------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextBlock:
    id: str
    body: str  # Markdown
    images: tuple[Image, ...] = ()
    where: Where = field(default=NOWHERE, compare=False, repr=False)
    valid_until: str = ""  # as precise as known: 2026-12-31, 2026-12 or 2026
    valid_until_where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class HelpBlock:
    """The course's help contacts, shown in a unit; ``contacts`` empty means all of them."""

    id: str
    contacts: tuple[str, ...] = ()
    where: Where = field(default=NOWHERE, compare=False, repr=False)
    contact_wheres: tuple[Where, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    text: str
    correct: bool
    feedback: str
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Item:
    """An element of an ordering question; ``id`` is what a learner's answer stores."""

    id: str
    text: str
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Pair:
    id: str
    text: str  # what the learner matches
    match: str  # what it matches
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    type: str  # single | multiple | truefalse | ordering | matching
    prompt: str
    choices: tuple[Choice, ...] = ()  # single, multiple, truefalse (ids 'true' and 'false')
    items: tuple[Item, ...] = ()  # ordering, in the correct order
    pairs: tuple[Pair, ...] = ()  # matching
    hint: str = ""
    explanation: str = ""
    weight: float = 1.0
    mirrors: str = ""  # final-test question: the pre-test question it mirrors
    images: tuple[Image, ...] = ()
    where: Where = field(default=NOWHERE, compare=False, repr=False)
    mirrors_where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Quiz:
    id: str
    title: str
    questions: tuple[Question, ...]
    max_attempts: int = 0  # 0: unlimited
    shuffle: bool = True
    show_answer: str = "finished"
    allow_reset: bool = False
    weight: float = 1.0
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ScenarioChoice:
    id: str
    text: str
    next: str  # a step id or an ending id
    safe: bool
    feedback: str
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    text: str
    choices: tuple[ScenarioChoice, ...]
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Ending:
    id: str
    title: str
    text: str  # the debrief
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    title: str
    intro: str  # a content note, shown before the first step
    first_step: str
    steps: tuple[Step, ...]
    endings: tuple[Ending, ...]
    scored: bool = False
    weight: float = 1.0
    images: tuple[Image, ...] = ()
    where: Where = field(default=NOWHERE, compare=False, repr=False)


Block = TextBlock | HelpBlock | Quiz | Scenario


@dataclass(frozen=True, slots=True)
class Unit:
    """A page of a lesson (an OLX vertical)."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Source:
    """What a lesson relies on: a law, a report, a page, and its date."""

    title: str
    date: str  # as precise as known: 2016-09-01, 2016-09 or 2016
    url: str = ""
    where: Where = field(default=NOWHERE, compare=False, repr=False)
    valid_until: str = ""  # figures that expire (a year's minimum wage): the last day they hold
    valid_until_where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Lesson:
    """One lesson (an OLX sequential); ``id`` is its file name."""

    id: str
    title: str
    units: tuple[Unit, ...]
    sources: tuple[Source, ...]
    objectives: tuple[str, ...] = ()
    assignment: str = ""
    where: Where = field(default=NOWHERE, compare=False, repr=False)
    assignment_where: Where = field(default=NOWHERE, compare=False, repr=False)
    objective_images: tuple[Image, ...] = ()  # the media the objectives use

    def quizzes(self) -> list[Quiz]:
        return [b for u in self.units for b in u.blocks if isinstance(b, Quiz)]

    def questions(self) -> list[Question]:
        return [q for quiz in self.quizzes() for q in quiz.questions]

    def images(self) -> list[Image]:
        found: list[Image] = list(self.objective_images)
        for unit in self.units:
            for block in unit.blocks:
                if isinstance(block, TextBlock | Scenario):
                    found.extend(block.images)
                elif isinstance(block, Quiz):
                    found.extend(i for q in block.questions for i in q.images)
        return found


@dataclass(frozen=True, slots=True)
class Course:
    """The course in one language: shared settings, the language's text, its lessons."""

    settings: Settings
    text: CourseText
    lessons: dict[str, Lesson]  # by id, in track order
    media: dict[str, Path]  # media path as written (media/x.svg) -> the file for this language

    @property
    def lang(self) -> str:
        return self.text.lang

    @property
    def run(self) -> str:
        return self.settings.run_for(self.lang)

"""The course model → OLX files (path → bytes), as Studio imports them.

Layout (docs.openedx.org, Educators → OLX)::

    course.xml                         <course url_name=RUN org=ORG course=NUMBER/>
    course/RUN.xml                     settings, advanced_modules, the chapters
    chapter/<track>.xml                a track: its lessons
    sequential/<lesson>.xml            a lesson (graded when it counts), with its units inline:
                                       <vertical url_name="<lesson>--<unit>"> holding our blocks
                                       (their XML: xblocks/olx.py)
    policies/RUN/policy.json, grading_policy.json;  policies/assets.json
    about/overview.html, about/short_description.html;  static/

Every url_name derives from ids (``builder.naming``), never from position, so that a
rebuilt course re-imports over the old one without losing learners' progress.
"""

from __future__ import annotations

import datetime as dt
import json
import mimetypes
import struct
import zlib
from pathlib import Path
from typing import Any

from latarnia_builder.model import (
    Contact,
    Course,
    HelpBlock,
    Lesson,
    Quiz,
    Scenario,
    TextBlock,
    Unit,
)
from latarnia_builder.naming import (
    CONTACTS,
    OBJECTIVES,
    SOURCES,
    added_pages,
    block_name,
    vertical_name,
)
from latarnia_builder.render import Renderer
from latarnia_xblocks import olx as blocks
from lxml import etree
from markupsafe import Markup

BLOCK_TYPES = ("latarnia_lesson", "latarnia_quiz", "latarnia_scenario")
DEFAULT_IMAGE = "latarnia-course-image.png"
QUIZ_KINDS = blocks.QUIZ_KINDS  # an assignment type with one of these ids gives the quiz its kind

# The builder's own words on lesson pages; other languages fall back to English.
LABELS = {
    "pl": {
        "objectives": "Po tej lekcji",
        "sources": "Źródła",
        "as_of": "stan na",
        "about": "O kursie",
    },
    "en": {
        "objectives": "After this lesson",
        "sources": "Sources",
        "as_of": "as of",
        "about": "About",
    },
}


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang.split("-")[0], LABELS["en"])


# -- the course -----------------------------------------------------------------------------------


def _xml(element: etree._Element) -> bytes:
    return etree.tostring(element, encoding="utf-8", pretty_print=True)


def _date(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.strftime("%Y-%m-%dT00:00:00Z")


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def course_image(course: Course) -> str:
    """The course image's file name under static/."""
    return course.settings.image.split("/", 1)[1] if course.settings.image else DEFAULT_IMAGE


def course_files(course: Course, renderer: Renderer) -> dict[str, bytes]:
    """Every file of the course except the lessons' (see ``lesson_files``) and static/."""
    settings, text, run = course.settings, course.text, course.run
    files: dict[str, bytes] = {}
    files["course.xml"] = _xml(
        etree.Element("course", url_name=run, org=settings.org, course=settings.number)
    )
    root = etree.Element("course", display_name=text.title, language=course.lang)
    root.set("start", _date(settings.start))
    if settings.end is not None:
        root.set("end", _date(settings.end))
    root.set("course_image", course_image(course))
    root.set("advanced_modules", json.dumps(list(BLOCK_TYPES)))
    for track in text.tracks:
        etree.SubElement(root, "chapter", url_name=track.id)
    files[f"course/{run}.xml"] = _xml(root)

    for track in text.tracks:
        chapter = etree.Element("chapter", display_name=track.title)
        for lesson_id in track.lessons:
            etree.SubElement(chapter, "sequential", url_name=lesson_id)
        files[f"chapter/{track.id}.xml"] = _xml(chapter)

    files[f"policies/{run}/policy.json"] = _json({f"course/{run}": {}})
    files[f"policies/{run}/grading_policy.json"] = _json(grading_policy(course))
    files["policies/assets.json"] = _json(
        {
            name: {
                "contentType": mimetypes.guess_type(name)[0] or "application/octet-stream",
                "displayname": name.rsplit("/", 1)[-1],
                "locked": False,
                "import_path": None,
            }
            for name in sorted(static_files(course))
        }
    )
    description = renderer.block(text.description)
    words = labels(course.lang)
    files["about/overview.html"] = renderer.template(
        "overview.html", heading=words["about"], description=description
    ).encode()
    first_paragraph = text.description.strip().split("\n\n", 1)[0]
    files["about/short_description.html"] = (renderer.inline(first_paragraph) + "\n").encode()
    return files


def grading_policy(course: Course) -> dict[str, Any]:
    """GRADER entries per assignment type (type = the name learners see) and the pass mark."""
    counts: dict[str, int] = {}
    for lesson in course.lessons.values():
        if lesson.assignment:
            counts[lesson.assignment] = counts.get(lesson.assignment, 0) + 1
    grading = course.settings.grading
    return {
        "GRADER": [
            {
                "type": course.text.assignment_name(a.id),
                "short_label": a.short,
                "min_count": max(1, counts.get(a.id, 0)),
                "drop_count": a.drop,
                "weight": a.weight,
            }
            for a in grading.assignments
        ],
        "GRADE_CUTOFFS": {"Pass": grading.pass_mark},
    }


def static_files(course: Course) -> dict[str, Path | bytes]:
    """static/ path → the media file to copy (or the default course image's bytes)."""
    files: dict[str, Path | bytes] = {
        path.split("/", 1)[1]: source for path, source in course.media.items()
    }
    if not course.settings.image:
        files[DEFAULT_IMAGE] = default_course_image()
    return files


def default_course_image(width: int = 378, height: int = 225) -> bytes:
    """A plain PNG in the course's navy blue, for courses without an image of their own."""
    row = b"\x00" + bytes((0x1B, 0x36, 0x5D)) * width

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height, 9))
        + chunk(b"IEND", b"")
    )


# -- lessons --------------------------------------------------------------------------------------


def lesson_files(lesson: Lesson, course: Course, renderer: Renderer) -> dict[str, bytes]:
    """The file of a lesson: its sequential, holding its units' verticals inline.

    One file per lesson rather than one per unit: a course of 1,000 lessons writes 1,000
    files instead of 3,000, which matters on slow disks; the url_names are the same."""
    sequential = etree.Element("sequential", display_name=lesson.title)
    if lesson.assignment:
        sequential.set("graded", "true")
        sequential.set("format", course.text.assignment_name(lesson.assignment))
    for index, unit in enumerate(lesson.units):
        sequential.append(
            _vertical(lesson, unit, course, renderer, added_pages(lesson, index, course))
        )
    return {f"sequential/{lesson.id}.xml": _xml(sequential)}


def _vertical(
    lesson: Lesson, unit: Unit, course: Course, renderer: Renderer, added: list[str]
) -> etree._Element:
    vertical = etree.Element(
        "vertical", url_name=vertical_name(lesson, unit), display_name=unit.title
    )
    words = labels(course.lang)
    kind = lesson.assignment if lesson.assignment in QUIZ_KINDS else "quiz"

    def page(block_id: str, content: str = "", contacts: list[Contact] | None = None) -> None:
        element = etree.SubElement(
            vertical, "latarnia_lesson", url_name=block_name(lesson, unit, block_id)
        )
        settings = {"display_name": unit.title}
        if contacts:
            settings["contacts_title"] = course.text.help.title
        blocks.lesson_to_xml(
            element, settings, content, [_contact(c, renderer) for c in contacts or []]
        )

    if OBJECTIVES in added:
        # Rendered and sanitised once here: the template must not escape the HTML again.
        objectives = [Markup(renderer.inline(o)) for o in lesson.objectives]
        page(
            OBJECTIVES,
            renderer.template(
                "objectives.html", heading=words["objectives"], objectives=objectives
            ),
        )
    for block in unit.blocks:
        if isinstance(block, TextBlock):
            page(block.id, renderer.block(block.body))
        elif isinstance(block, HelpBlock):
            page(block.id, contacts=_contacts(course, block.contacts))
        elif isinstance(block, Quiz):
            element = etree.SubElement(
                vertical, "latarnia_quiz", url_name=block_name(lesson, unit, block)
            )
            _quiz(element, block, unit, kind, renderer)
        elif isinstance(block, Scenario):
            element = etree.SubElement(
                vertical, "latarnia_scenario", url_name=block_name(lesson, unit, block)
            )
            _scenario(element, block, unit, renderer)
    if SOURCES in added:
        page(
            SOURCES,
            renderer.template(
                "sources.html",
                heading=words["sources"],
                as_of=words["as_of"],
                sources=lesson.sources,
            ),
        )
    if CONTACTS in added:
        page(CONTACTS, contacts=_contacts(course, course.text.help.on_every_page))
    return vertical


def _contacts(course: Course, ids: tuple[str, ...]) -> list[Contact]:
    help_ = course.text.help
    if not ids:
        return list(help_.contacts)
    return [c for i in ids if (c := help_.contact(i)) is not None]


def _contact(contact: Contact, renderer: Renderer) -> dict[str, str]:
    return {
        "id": contact.id,
        "name": contact.name,
        "phone": contact.phone,
        "hours": contact.hours,
        "checked": contact.checked,
        "url": contact.url,
        "note": renderer.inline(contact.note) if contact.note else "",
    }


def _quiz(element: etree._Element, quiz: Quiz, unit: Unit, kind: str, renderer: Renderer) -> None:
    settings = {
        "display_name": quiz.title or unit.title,
        "kind": kind,
        "weight": quiz.weight,
        "max_attempts": quiz.attempts,
        "shuffle": quiz.shuffle,
        "show_answer": quiz.show_answer,
        "allow_reset": quiz.reset,
    }
    block, inline = renderer.block, renderer.inline
    questions = [
        {
            "id": q.id,
            "type": q.type,
            "weight": q.weight,
            "mirrors": q.mirrors,
            "prompt": block(q.ask),
            "hint": block(q.hint),
            "explanation": block(q.explanation),
            "choices": [
                {
                    "id": c.id,
                    "text": inline(c.text),
                    "correct": c.correct,
                    "feedback": block(c.feedback),
                }
                for c in q.choices
            ],
            "items": [{"id": item.id, "text": inline(item.text)} for item in q.items],
            "pairs": [
                {"id": p.id, "text": inline(p.left), "match": inline(p.right)} for p in q.pairs
            ],
        }
        for q in quiz.questions
    ]
    blocks.quiz_to_xml(element, settings, questions)


def _scenario(element: etree._Element, scenario: Scenario, unit: Unit, renderer: Renderer) -> None:
    settings = {
        "display_name": scenario.title or unit.title,
        "first_step": scenario.first_step,
        "scored": scenario.scored,
        "weight": scenario.weight,
    }
    steps = [
        {
            "id": step.id,
            "text": renderer.block(step.text),
            "choices": [
                {
                    "id": c.id,
                    "text": renderer.inline(c.text),
                    "next": c.goto,
                    "safe": c.safe,
                    "feedback": renderer.block(c.feedback),
                }
                for c in step.choices
            ],
        }
        for step in scenario.steps
    ]
    endings = [
        {"id": e.id, "title": e.title, "text": renderer.block(e.summary)} for e in scenario.endings
    ]
    blocks.scenario_to_xml(element, settings, renderer.block(scenario.note), steps, endings)

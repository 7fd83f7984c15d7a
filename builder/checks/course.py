"""Checks of one language's course as a whole: the errors across its files, then warnings.

**Errors** (``check_language``, run by the reader on every read; ``check_url_names``, run
before a build): every lesson of a track has a file and every file is in a track; the
assignment types have names and lessons; question ids are unique in the course and ``mirrors``
names one of them; help blocks name contacts that exist; media files are present and safe; no
two things would share a url_name.

**Warnings** (``check_course``): things that build but that learners would meet as mistakes.

- **Placeholders.** ``latarnia new lesson`` marks every text a trainer must write with
  ``PLACEHOLDER``; a lesson still holding one is not ready for learners.
- **Grading across tracks.** Each learner follows one track, yet every graded lesson of every
  track counts in the grade: the ``drop`` of an assignment type must drop the other tracks'
  lessons, so that a learner who does everything in their track reaches full marks. Open edX
  averages the best ``count - drop`` scores of a type; when the tracks have unequal numbers of
  lessons of a type, the drop that fitted them before may no longer fit.
- **Media of another language.** ``media/x.svg`` is found in ``media/<lang>/`` first, so each
  language gets its own picture; a path naming another language's folder
  (``media/pl/…`` in the English lesson) shows that language's picture instead.

``latarnia check`` prints the warnings with the item-quality ones (``checks.items``);
``--strict`` fails on them.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from latarnia_builder import naming
from latarnia_builder.i18n import _
from latarnia_builder.media import COURSE_IMAGE, IMAGE, LINK, media_problems
from latarnia_builder.model import (
    Course,
    CourseText,
    HelpBlock,
    Image,
    Lesson,
    Question,
    Settings,
    TextBlock,
    Track,
)
from latarnia_builder.problems import Problem, Where, did_you_mean, one_of

# == errors across the files of one language =====================================================


def check_language(
    settings: Settings,
    text: CourseText,
    lessons: dict[str, Lesson],
    files: dict[str, Path],
    course_dir: Path,
) -> list[Problem]:
    """Checks across the files of one language (``lessons``: those that could be read)."""
    complete = len(lessons) == len(files)  # else counting lessons would blame the wrong thing
    questions, problems = unique_questions(lessons)
    return [
        *lessons_in_tracks(text, files),
        *assignment_types(settings, text, lessons, complete),
        *problems,
        *references(text, lessons, questions),
        *media_present(settings, text, lessons, course_dir),
    ]


def lessons_in_tracks(text: CourseText, files: dict[str, Path]) -> list[Problem]:
    """Every lesson a track lists has a file, and every lesson file is in a track."""
    problems: list[Problem] = []
    lang_dir = f"{text.lang}/"
    listed = {i for track in text.tracks for i in track.lessons}
    unlisted = [i for i in files if i not in listed]  # a misspelt id names one of these
    meant: set[str] = set()  # unlisted lessons a misspelling was taken for: one message, not two
    for track in text.tracks:
        for lesson_id, where in zip(track.lessons, track.lesson_wheres, strict=False):
            if lesson_id not in files:
                close = difflib.get_close_matches(lesson_id, unlisted, n=1, cutoff=0.6)
                meant.update(close)
                problems.append(
                    Problem(
                        where,
                        _("lesson '{id}' has no file {path}").format(
                            id=lesson_id, path=f"{lang_dir}lessons/{lesson_id}.yaml"
                        ),
                        did_you_mean(lesson_id, close)
                        or _("create it with: {command}").format(
                            command=f"latarnia new lesson {lesson_id} --track {track.id}"
                        ),
                    )
                )
    for lesson_id, path in files.items():
        if lesson_id not in listed and lesson_id not in meant:
            problems.append(
                Problem(
                    Where(path),
                    _("lesson '{id}' is in no track").format(id=lesson_id),
                    _("add '{id}' to the lessons of a track in {path}").format(
                        id=lesson_id, path=f"{lang_dir}course.yaml"
                    ),
                )
            )
    return problems


def assignment_types(
    settings: Settings, text: CourseText, lessons: dict[str, Lesson], complete: bool
) -> list[Problem]:
    """Assignment types: a name for learners each, lessons that count as them.

    ``complete``: every lesson file could be read, so counting lessons means something."""
    types = [a.id for a in settings.grading.assignments]
    problems = assignment_names(text, types)
    counted: dict[str, int] = dict.fromkeys(types, 0)
    complete = complete and all(
        not x.assignment or x.assignment in counted for x in lessons.values()
    )
    for lesson in lessons.values():
        if not lesson.assignment:
            continue
        if lesson.assignment not in counted:
            problems.append(
                Problem(
                    lesson.assignment_where,
                    _("unknown assignment type '{id}'").format(id=lesson.assignment),
                    did_you_mean(lesson.assignment, types)
                    or _("use {choices}").format(choices=one_of(types)),
                )
            )
        else:
            counted[lesson.assignment] += 1
    if text.lang == settings.languages[0] and complete:
        problems += lessons_per_type(settings, counted)
    return problems


def assignment_names(text: CourseText, types: list[str]) -> list[Problem]:
    """The names learners see: one for each assignment type of the grading, and no other."""
    problems: list[Problem] = []
    names = dict(text.assignment_names)
    for type_id in types:
        if type_id not in names:
            problems.append(
                Problem(
                    text.assignments_where,
                    _("no name for the assignment type '{id}'").format(id=type_id),
                    _("add '{id}: …' under 'assignments' (the name learners see)").format(
                        id=type_id
                    ),
                )
            )
    name_wheres = dict(text.assignment_wheres)
    for name in names:
        if name not in types:
            problems.append(
                Problem(
                    name_wheres.get(name, text.assignments_where),
                    _(
                        "'assignments' names '{id}', which course.yaml's grading does not define"
                    ).format(id=name),
                    did_you_mean(name, types)
                    or _("the assignment types are {ids}").format(ids=one_of(types)),
                )
            )
    return problems


def lessons_per_type(settings: Settings, counted: dict[str, int]) -> list[Problem]:
    """A weighted type needs lessons, and must not drop all of them."""
    problems: list[Problem] = []
    for a in settings.grading.assignments:
        if a.weight > 0 and counted[a.id] == 0:
            problems.append(
                Problem(
                    a.where,
                    _(
                        "assignment type '{id}' has weight {weight} but no lesson counts as it"
                    ).format(id=a.id, weight=f"{a.weight:g}"),
                    _("add 'assignment: {id}' to a lesson, or set its weight to 0").format(id=a.id),
                )
            )
        elif a.drop and a.drop >= counted[a.id] and counted[a.id]:
            problems.append(
                Problem(
                    a.where,
                    _("assignment type '{id}' drops {drop} of its {count} lessons").format(
                        id=a.id, drop=a.drop, count=counted[a.id]
                    ),
                    _("drop fewer than there are lessons of this type"),
                )
            )
    return problems


def unique_questions(
    lessons: dict[str, Lesson],
) -> tuple[dict[str, tuple[Question, Lesson]], list[Problem]]:
    """The course's questions by id, and a problem for each id used in a second lesson
    (a lesson's own duplicates are reported with the lesson)."""
    questions: dict[str, tuple[Question, Lesson]] = {}
    problems: list[Problem] = []
    for lesson in lessons.values():
        for question in lesson.questions():
            if question.id in questions and questions[question.id][1] is not lesson:
                first = questions[question.id][0].where
                problems.append(
                    Problem(
                        question.where,
                        _("question id '{id}' is already used in {where}").format(
                            id=question.id, where=first
                        ),
                        _("question ids must be unique in the whole course"),
                    )
                )
            elif question.id not in questions:
                questions[question.id] = (question, lesson)
    return questions, problems


def references(
    text: CourseText,
    lessons: dict[str, Lesson],
    questions: dict[str, tuple[Question, Lesson]],
) -> list[Problem]:
    """What the lessons name elsewhere exists: ``mirrors`` questions, help blocks' contacts."""
    problems: list[Problem] = []
    contacts = [c.id for c in text.help.contacts]
    for lesson in lessons.values():
        problems += _mirrors(lesson, questions)
        problems += _help_contacts(lesson, contacts, f"{text.lang}/course.yaml")
    return problems


def _mirrors(lesson: Lesson, questions: dict[str, tuple[Question, Lesson]]) -> list[Problem]:
    problems: list[Problem] = []
    for question in lesson.questions():
        if not question.mirrors:
            continue
        if question.mirrors == question.id:
            problems.append(Problem(question.mirrors_where, _("a question cannot mirror itself")))
        elif question.mirrors not in questions:
            problems.append(
                Problem(
                    question.mirrors_where,
                    _("'mirrors' names question '{id}', which does not exist").format(
                        id=question.mirrors
                    ),
                    did_you_mean(question.mirrors, questions)
                    or _("use the id of the pre-test question this one mirrors"),
                )
            )
    return problems


def _help_contacts(lesson: Lesson, contacts: list[str], course_file: str) -> list[Problem]:
    problems: list[Problem] = []
    for unit in lesson.units:
        for block in unit.blocks:
            if not isinstance(block, HelpBlock):
                continue
            for contact_id, where in zip(block.contacts, block.contact_wheres, strict=False):
                if contact_id not in contacts:
                    problems.append(
                        Problem(
                            where,
                            _("no contact with id '{id}' in {path}").format(
                                id=contact_id, path=course_file
                            ),
                            did_you_mean(contact_id, contacts)
                            or _("use {choices}").format(choices=one_of(contacts)),
                        )
                    )
    return problems


def media_present(
    settings: Settings, text: CourseText, lessons: dict[str, Lesson], course_dir: Path
) -> list[Problem]:
    """Every image and media link the texts use, and the course image: present, and safe."""
    problems: list[Problem] = []
    for image in [*text.images, *(i for lesson in lessons.values() for i in lesson.images())]:
        use = LINK if image.link else IMAGE
        problems += media_problems(course_dir, image.path, text.lang, image.where, use)
    if settings.image:
        problems += media_problems(
            course_dir, settings.image, text.lang, settings.image_where, COURSE_IMAGE
        )
    return problems


def check_url_names(course: Course) -> list[Problem]:
    """Two things that would share a url_name (e.g. a unit and a quiz with the same id)."""
    seen: dict[str, tuple[tuple[str, str], Where]] = {}
    problems = []
    for name, what, where in naming.url_names(course):
        if name in seen:
            other, first = seen[name]
            this, that = _(what[0]).format(id=what[1]), _(other[0]).format(id=other[1])
            if other[0] in naming.ADDED_PAGES.values():  # a page the builder adds: its id is fixed
                message = _("{this} would get the same url_name '{name}' as {other}").format(
                    this=this, name=name, other=that
                )
                hint = _("the builder uses the id '{id}'; choose another").format(
                    id=name.rsplit("--", 1)[-1]
                )
            else:
                message = _(
                    "{this} would get the same url_name '{name}' as {other} ({where})"
                ).format(this=this, name=name, other=that, where=first)
                hint = _("give one of them another id")
            problems.append(Problem(where, message, hint))
        else:
            seen[name] = (what, where)
    return problems


# == warnings ======================================================================================

PLACEHOLDER = "[TODO]"  # marks the text of a new lesson that the trainer must replace


def check_course(course: Course, primary: bool = True) -> list[Problem]:
    """Every course warning of one language (``primary``: also those of the shared settings)."""
    warnings = placeholders(course) + media_of_another_language(course)
    if primary:
        warnings += grading_across_tracks(course)
    return warnings


def placeholders(course: Course) -> list[Problem]:
    """Texts that ``latarnia new lesson`` wrote and nobody replaced yet."""
    warnings = []
    hint = _("write the lesson's own text in place of the one marked {mark}").format(
        mark=PLACEHOLDER
    )
    for lesson in course.lessons.values():
        places: list[Where] = []
        if PLACEHOLDER in lesson.title or any(PLACEHOLDER in o for o in lesson.objectives):
            places.append(lesson.where)
        for unit in lesson.units:
            if PLACEHOLDER in unit.title:
                places.append(unit.where)
            places += [
                block.where
                for block in unit.blocks
                if isinstance(block, TextBlock) and PLACEHOLDER in block.body
            ]
        places += [source.where for source in lesson.sources if PLACEHOLDER in source.title]
        message = _("text from the lesson template is still here (marked {mark})").format(
            mark=PLACEHOLDER
        )
        warnings += [Problem(where, message, hint) for where in places]
    return warnings


def media_of_another_language(course: Course) -> list[Problem]:
    """Images and links that name another language's media folder."""
    others = [lang for lang in course.settings.languages if lang != course.lang]
    images: list[Image] = [*course.text.images]
    for lesson in course.lessons.values():
        images += lesson.images()
    warnings = []
    for image in images:
        parts = image.path.split("/")
        if len(parts) > 2 and parts[0] == "media" and parts[1] in others:
            shared = "/".join(["media", *parts[2:]])
            message = _(
                "'{path}' is the media folder of '{other}': this '{lang}' text would show "
                "that language's file"
            ).format(path=image.path, other=parts[1], lang=course.lang)
            hint = _(
                "write '{shared}' and put this language's version in {folder}"
                " (a file in media/ serves every language without one)"
            ).format(shared=shared, folder="/".join(["media", course.lang, *parts[2:]]))
            warnings.append(Problem(image.where, message, hint))
    return warnings


def track_grades(course: Course) -> dict[str, float]:
    """The best grade (0–1 of the weights) a learner reaches who does every lesson of one
    track perfectly, by track id."""
    graded = course.settings.grading.assignments
    grades = {}
    for track in course.text.tracks:
        grade = 0.0
        for assignment in graded:
            counted = _counted(course, assignment.id)
            if not counted:
                continue
            mine = sum(1 for i in track.lessons if i in counted)
            kept = max(len(counted) - assignment.drop, 1)
            grade += assignment.weight * min(mine / kept, 1.0)
        grades[track.id] = grade
    return grades


def grading_across_tracks(course: Course) -> list[Problem]:
    """Assignment types whose ``drop`` keeps a track from full marks."""
    tracks = course.text.tracks
    if len(tracks) < 2:
        return []
    grades = track_grades(course)
    full = sum(a.weight for a in course.settings.grading.assignments if _counted(course, a.id))
    warnings = []
    for assignment in course.settings.grading.assignments:
        counted = _counted(course, assignment.id)
        if assignment.weight <= 0 or not counted:
            continue
        per_track = {t.id: sum(1 for i in t.lessons if i in counted) for t in tracks}
        kept = len(counted) - assignment.drop
        short = [t for t in tracks if per_track[t.id] < kept]
        if not short:
            continue
        needed = len(counted) - min(per_track.values())
        message = _(
            "'{id}' counts {count} lessons ({per_track}) and drops {drop}: "
            "{tracks} cannot reach full marks ({grades})"
        ).format(
            id=assignment.id,
            count=len(counted),
            per_track=_per_track(per_track),
            drop=assignment.drop,
            tracks=", ".join(f"'{t.id}'" for t in short),
            grades=_grades(tracks, grades, full),
        )
        hint = _(
            "set 'drop: {needed}' for '{id}' (each learner misses the other tracks' lessons), "
            "or give the tracks the same number of '{id}' lessons"
        ).format(needed=needed, id=assignment.id)
        warnings.append(Problem(assignment.where, message, hint))
    return warnings


def _counted(course: Course, assignment: str) -> set[str]:
    """The ids of the lessons in a track that count as ``assignment``."""
    listed = {i for track in course.text.tracks for i in track.lessons}
    return {
        lesson_id
        for lesson_id, lesson in course.lessons.items()
        if lesson.assignment == assignment and lesson_id in listed
    }


def _per_track(counts: dict[str, int]) -> str:
    return ", ".join(f"{track}: {count}" for track, count in counts.items())


def _grades(tracks: tuple[Track, ...], grades: dict[str, float], full: float) -> str:
    best = [
        _("best grade in '{track}': {grade:.2f} of {full:.2f}").format(
            track=t.id, grade=grades[t.id], full=full
        )
        for t in tracks
    ]
    return "; ".join(best)

"""Course warnings: things that build but that learners would meet as mistakes.

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

``latarnia check`` prints these with the item-quality warnings; ``--strict`` fails on them.
"""

from __future__ import annotations

from latarnia_builder.i18n import _
from latarnia_builder.model import Course, Image, TextBlock, Track
from latarnia_builder.problems import Problem, Where

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

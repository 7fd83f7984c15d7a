"""``latarnia new lesson``: a lesson file in every language, from a template that passes the
checks, and its id put in a track at its place — editing the course file as text, so that the
trainers' comments and layout survive.

The template's texts are marked as placeholders (``checks.course.PLACEHOLDER``), so that
``latarnia check`` warns until the trainer has replaced them."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import latarnia_builder
import yaml
from latarnia_builder.assemble import read_settings
from latarnia_builder.checks.course import PLACEHOLDER
from latarnia_builder.format import ID_PATTERN
from latarnia_builder.i18n import _
from latarnia_builder.problems import did_you_mean, display_path, one_of

SCHEMA = Path(latarnia_builder.__file__).parent / "schema" / "latarnia.schema.json"
TEMPLATES = Path(latarnia_builder.__file__).parent / "templates"
FIRST_UNIT = {"pl": "wprowadzenie", "en": "introduction"}  # by the course's primary language
FINAL = "final"  # the assignment type of a track's final test: new lessons go before it


def template_languages() -> list[str]:
    """The languages with a lesson template (``templates/lesson.<lang>.yaml``)."""
    return sorted(path.suffixes[0][1:] for path in TEMPLATES.glob("lesson.*.yaml"))


class NewError(Exception):
    """Why the lesson cannot be created, said so that the trainer can fix the command."""


def new_lesson(
    course_dir: Path,
    lesson_id: str,
    langs: list[str] | None = None,
    track: str | None = None,
    titles: dict[str, str] | None = None,
    after: str | None = None,
    before: str | None = None,
) -> tuple[list[Path], list[Path]]:
    """Create ``<lang>/lessons/<lesson_id>.yaml`` where missing and put the id in ``track``.

    ``titles``: the lesson's title by language (a language without one gets a placeholder).
    The id goes right after ``after`` or right before ``before``; by default before the
    track's final test (a lesson with ``assignment: final``), else at the end.
    Returns (files created, course files edited)."""
    titles = titles or {}
    if not re.match(ID_PATTERN, lesson_id):
        raise NewError(
            _("'{id}' is not a valid lesson id: use lowercase letters a-z, digits and '-'").format(
                id=lesson_id
            )
        )
    settings, _problems = read_settings(course_dir / "course.yaml")
    if settings is None:
        raise NewError(
            _("{path} has problems: run 'latarnia check'").format(
                path=display_path(course_dir / "course.yaml")
            )
        )
    chosen = langs or list(settings.languages)
    for lang in chosen:
        if lang not in settings.languages:
            raise NewError(
                _("the course has no language '{lang}' (it has {langs})").format(
                    lang=lang, langs=one_of(settings.languages)
                )
            )

    plans = []
    for lang in chosen:
        course_file = course_dir / lang / "course.yaml"
        text = _read(course_file)
        tracks = _tracks(text, course_file)
        track_id = _choose_track(track, tracks, course_file)
        lessons_node = tracks[track_id]
        listed = [item.value for item in lessons_node.value]
        index = None
        if lesson_id not in listed:
            index = _place(listed, after, before, course_dir / lang / "lessons", course_file)
        plans.append((lang, course_file, text, lessons_node, index))

    created: list[Path] = []
    edited: list[Path] = []
    for lang, course_file, text, lessons_node, index in plans:
        lesson_file = course_dir / lang / "lessons" / f"{lesson_id}.yaml"
        if not lesson_file.exists():
            lesson_file.parent.mkdir(parents=True, exist_ok=True)
            unit = FIRST_UNIT.get(
                settings.languages[0], "introduction"
            )  # the same id in every language
            title = titles.get(lang)
            _write(lesson_file, _lesson_text(lang, lesson_id, title, unit, lesson_file))
            created.append(lesson_file)
        if index is not None:
            _write(course_file, _insert_item(text, lessons_node, lesson_id, index))
            edited.append(course_file)
    if not created and not edited:
        raise NewError(_("lesson '{id}' already exists and is in its track").format(id=lesson_id))
    return created, edited


def _place(
    listed: list[str], after: str | None, before: str | None, lessons_dir: Path, path: Path
) -> int:
    """Where the new id goes in a track's list ``listed``."""
    named = after or before
    if named is not None:
        if named not in listed:
            hint = did_you_mean(named, listed) or _("its lessons are {ids}").format(
                ids=one_of(listed)
            )
            message = _("the track in {path} has no lesson '{id}'").format(
                path=display_path(path), id=named
            )
            raise NewError(f"{message} — {hint}")
        return listed.index(named) + (1 if after else 0)
    for index in range(len(listed) - 1, -1, -1):
        if _assignment(lessons_dir / f"{listed[index]}.yaml") == FINAL:
            return index
    return len(listed)


def _assignment(path: Path) -> str | None:
    """A lesson file's ``assignment``, or None when it cannot be told."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    node = _get(root, "assignment")
    return node.value if isinstance(node, yaml.ScalarNode) else None


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        message = _("cannot read {path}: {error}").format(path=display_path(path), error=error)
        raise NewError(message) from None


def _write(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.new")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def _tracks(text: str, path: Path) -> dict[str, yaml.SequenceNode]:
    """Track id → the node of its ``lessons`` list."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        message = _("{path} has problems: run 'latarnia check'").format(path=display_path(path))
        raise NewError(message) from None
    found: dict[str, yaml.SequenceNode] = {}
    tracks = _get(root, "tracks")
    for track in tracks.value if isinstance(tracks, yaml.SequenceNode) else []:
        track_id, lessons = _get(track, "id"), _get(track, "lessons")
        if isinstance(track_id, yaml.ScalarNode) and isinstance(lessons, yaml.SequenceNode):
            found[track_id.value] = lessons
    if not found:
        raise NewError(
            _("{path} has no tracks with lessons: run 'latarnia check'").format(
                path=display_path(path)
            )
        )
    return found


def _get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if key_node.value == key:
                return value
    return None


def _choose_track(track: str | None, tracks: dict[str, yaml.SequenceNode], path: Path) -> str:
    if track is None:
        if len(tracks) == 1:
            return next(iter(tracks))
        raise NewError(_("say which track with --track: {tracks}").format(tracks=one_of(tracks)))
    if track not in tracks:
        hint = did_you_mean(track, tracks) or _("the tracks are {ids}").format(ids=one_of(tracks))
        message = _("{path} has no track '{track}'").format(path=display_path(path), track=track)
        raise NewError(f"{message} — {hint}")

    return track


def _insert_item(text: str, lessons: yaml.SequenceNode, item: str, index: int) -> str:
    """``text`` with ``item`` put at ``index`` in the YAML list ``lessons``."""
    if index >= len(lessons.value):
        return _append_item(text, lessons, item)
    following = lessons.value[index]
    if lessons.flow_style:
        at = following.start_mark.index
        return text[:at] + item + ", " + text[at:]
    lines = text.splitlines(keepends=True)
    line = lines[following.start_mark.line]
    dash = line.index("-")
    at = sum(len(line) for line in lines[: following.start_mark.line])
    return text[:at] + " " * dash + "- " + item + "\n" + text[at:]


def _append_item(text: str, lessons: yaml.SequenceNode, item: str) -> str:
    """``text`` with ``item`` added at the end of the YAML list ``lessons``."""
    if lessons.flow_style:
        close = lessons.end_mark.index - 1  # the "]"
        before = text[lessons.start_mark.index + 1 : close]
        separator = ", " if before.strip() else ""
        return text[:close].rstrip(" ") + separator + item + text[close:]
    last = lessons.value[-1]
    lines = text.splitlines(keepends=True)
    first_line = lines[lessons.value[0].start_mark.line]
    dash = first_line.index("-")
    end_line = last.end_mark.line if last.end_mark.column > 0 else last.end_mark.line - 1
    insert_at = sum(len(line) for line in lines[: end_line + 1])
    head = text[:insert_at]
    if not head.endswith("\n"):
        head += "\n"
    return head + " " * dash + "- " + item + "\n" + text[insert_at:]


def _lesson_text(lang: str, lesson_id: str, title: str | None, unit: str, path: Path) -> str:
    template = TEMPLATES / f"lesson.{lang}.yaml"
    if not template.is_file():
        template = TEMPLATES / "lesson.en.yaml"
    schema = os.path.relpath(SCHEMA, path.parent).replace(os.sep, "/")
    todo = PLACEHOLDER
    if not title:  # a title in no language in particular: to be replaced, like the texts
        title = f"{todo} {lesson_id.replace('-', ' ').capitalize()}"
    return template.read_text(encoding="utf-8").format(
        schema=schema, title=_quoted(title), unit=unit, today=dt.date.today().isoformat(), todo=todo
    )


def _quoted(text: str) -> str:
    """``text`` as a YAML scalar: in double quotes when it could be misread."""
    if re.search(r"[:#\[\]{}&*!|>'\"%@`,]|^[-?\s]|\s$", text) or text.lower() in (
        "yes", "no", "true", "false", "on", "off", "null", "~",
    ):  # fmt: skip
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text

"""``latarnia upgrade``: rename the keys a course writes under an old name, in place.

A key that was renamed (``Field(old_names=…)`` in ``builder.format.course``) still works under
its old name, with a warning. This stage makes the rename for the trainer: it reads each
course file as ``latarnia check`` does, takes the keys the format's check found under an old
name (``Checker.renames``: each key's node remembers its line and column) and replaces the
text of those keys only. Comments, order, quoting and every other character stay as written;
each file is replaced atomically. A file that cannot be read is left alone (``latarnia check``
says why).
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from latarnia_builder import boundary
from latarnia_builder.format import COURSE_TEXT, LESSON, SETTINGS, Checker, Obj
from latarnia_builder.problems import Where
from latarnia_builder.read import lesson_files
from latarnia_builder.source import read

_BOM = "\ufeff"
_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # what YAML counts as a new line


@dataclass(frozen=True, slots=True)
class Rename:
    """One key to rename: where it is written, its old name and its name now."""

    where: Where
    old: str
    new: str


def course_files(course_dir: Path) -> list[tuple[Path, Obj]]:
    """Every course file and the part of the format it is written in, in reading order."""
    files: list[tuple[Path, Obj]] = [(course_dir / "course.yaml", SETTINGS)]
    for lang_dir in sorted(p for p in course_dir.iterdir() if p.is_dir()):
        if (lang_dir / "course.yaml").is_file():
            files.append((lang_dir / "course.yaml", COURSE_TEXT))
            files += [(path, LESSON) for path in lesson_files(course_dir, lang_dir.name).values()]
    return files


def renames(path: Path, spec: Obj) -> list[Rename]:
    """The keys of one file written under an old name (none when it cannot be read)."""
    node, _problems = read(path)
    if node is None:
        return []
    checker = Checker()
    spec.check(node, checker)
    found = {key.where: Rename(key.where, key.raw, new) for key, new in checker.renames}
    return sorted(found.values(), key=lambda r: (r.where.line, r.where.column))


def rewrite(text: str, keys: list[Rename]) -> str:
    """``text`` with each key renamed where it is written; nothing else changes."""
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
    pieces: list[str] = []
    done = 0
    for rename in sorted(keys, key=lambda r: (r.where.line, r.where.column)):
        offset = starts[rename.where.line - 1] + rename.where.column - 1
        quote = text[offset] if text[offset] in "'\"" else ""
        written = f"{quote}{rename.old}{quote}"
        if not text.startswith(written, offset):  # not the key read: leave the text alone
            continue
        pieces += [text[done:offset], f"{quote}{rename.new}{quote}"]
        done = offset + len(written)
    return "".join([*pieces, text[done:]])


def upgrade(course_dir: Path, write: bool = True) -> list[Rename]:
    """Every key of the course written under an old name, renamed in place when ``write``."""
    found: list[Rename] = []
    for path, spec in course_files(course_dir):
        if not boundary.is_inside(path, course_dir):
            continue  # a link to a file outside the course: never read, never written
        keys = renames(path, spec)
        if keys and write:
            _replace(path, keys)
        found += keys
    return found


def _replace(path: Path, keys: list[Rename]) -> None:
    """Rewrite one file atomically: a reader sees the old file or the new one, never half."""
    data = path.read_bytes()
    text = data.decode("utf-8-sig")
    bom = _BOM if data.startswith(_BOM.encode()) else ""
    new = bom + rewrite(text, keys)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(new)
        os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

"""The course folder is a boundary: which files the builder may read, and how much of them.

A trainer's course folder may come from anyone (a zip from a colleague, a Git clone). The
builder therefore reads a file only when its real path — every link resolved — lies inside
the course folder, when it is a regular file (not a pipe, device or socket, which could
block or never end), and when it is no larger than its limit. What a refused file holds is
never read, so no message can show it.

The limits are far above any real course (its largest lesson is 28 KB and 600 YAML values):

- a YAML file: ``MAX_YAML_BYTES`` (2 MB) and ``MAX_YAML_NODES`` values, counting the copies
  that anchors and aliases (``&a`` … ``*a``) make — a "billion laughs" stops there at once;
- an image in media/: ``MAX_IMAGE_BYTES`` (5 MB).
"""

from __future__ import annotations

import errno
import os
import stat
from enum import Enum
from pathlib import Path

from latarnia_builder.i18n import _

MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_YAML_NODES = 200_000
MAX_IMAGE_BYTES = 5 * 1024 * 1024


class Refusal(Enum):
    """Why a file may not be read."""

    MISSING = "missing"
    FOLDER = "folder"
    OUTSIDE = "outside"  # its real path leaves the course folder
    CHANGED = "changed"  # a link appeared on its way after it was checked
    SPECIAL = "special"  # a pipe, device or socket
    TOO_LARGE = "too large"
    UNREADABLE = "unreadable"


class Refused(Exception):
    """Raised by ``read_bytes`` for a file that may not be read."""

    def __init__(self, refusal: Refusal, reason: str = "") -> None:
        super().__init__(refusal.value)
        self.refusal = refusal
        self.reason = reason  # the system's words, for UNREADABLE


def megabytes(limit: int) -> str:
    """A limit as trainers read it: '2 MB'."""
    return f"{limit / (1024 * 1024):g} MB"


def is_inside(path: Path, course_dir: Path) -> bool:
    """Whether ``path``, every link resolved, lies inside ``course_dir`` (resolved too)."""
    real = Path(os.path.realpath(path))
    return real.is_relative_to(Path(os.path.realpath(course_dir)))


class Inside:
    """``is_inside`` for many files under one course folder: the real path of the course
    folder and of each folder holding a file is found once (``os.path.realpath`` walks
    every part of a path: 0.07 ms a file, 0.07 s for a course of 1,000 lessons).

    Make one for each pass over the files, so that a folder replaced by a link since the
    last pass is seen."""

    def __init__(self, course_dir: Path) -> None:
        self.course_dir = Path(os.path.realpath(course_dir))
        self._folders: dict[Path, str] = {}

    def __call__(self, path: Path) -> bool:
        name = path.name
        if name in ("", ".", "..") or os.path.islink(path):
            real = os.path.realpath(path)
        else:  # not a link itself: its real path is its folder's, and its name
            folder = self._folders.get(path.parent)
            if folder is None:
                folder = self._folders[path.parent] = os.path.realpath(path.parent)
            real = os.path.join(folder, name)
        return Path(real).is_relative_to(self.course_dir)


def first_link(path: Path, course_dir: Path) -> Path:
    """The first link on the way from ``course_dir`` to ``path`` (``path`` when none is)."""
    try:
        parts = path.relative_to(course_dir).parts
    except ValueError:
        return path
    current = course_dir
    for part in parts:
        current = current / part
        if current.is_symlink():
            return current
    return path


def inspect(path: Path, course_dir: Path, limit: int) -> Refusal | None:
    """Why ``path`` may not be read as a file of the course in ``course_dir``, or None.

    Only the file's metadata is looked at: a pipe is not opened, a device not read."""
    if not is_inside(path, course_dir):
        return Refusal.OUTSIDE
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return Refusal.MISSING
    except OSError:
        return Refusal.UNREADABLE
    return _refusal(status, limit)


def _refusal(status: os.stat_result, limit: int) -> Refusal | None:
    if stat.S_ISDIR(status.st_mode):
        return Refusal.FOLDER
    if not stat.S_ISREG(status.st_mode):
        return Refusal.SPECIAL
    if status.st_size > limit:
        return Refusal.TOO_LARGE
    return None


def read_bytes(path: Path, limit: int, *, real: bool = False) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them; raises ``Refused``.

    The file is opened without blocking (a pipe would otherwise wait for a writer forever)
    and checked before anything is read; a file that grows past the limit meanwhile is
    refused too. With ``real``, ``path`` is a real path checked earlier (every link resolved)
    and must still be one when opened: a link put in its place or in a folder on its way
    since the check is refused (``Refusal.CHANGED``), so the file read is the file checked."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0)
    if real:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise Refused(Refusal.MISSING) from None
    except IsADirectoryError:
        raise Refused(Refusal.FOLDER) from None
    except OSError as error:
        if error.errno == errno.ENXIO:  # a socket, or a device without a driver
            raise Refused(Refusal.SPECIAL) from None
        if real and error.errno == errno.ELOOP:  # O_NOFOLLOW met a link
            raise Refused(Refusal.CHANGED) from None
        raise Refused(Refusal.UNREADABLE, error.strerror or str(error)) from None
    try:
        if real and _opened_elsewhere(descriptor, path):
            raise Refused(Refusal.CHANGED)
        refusal = _refusal(os.fstat(descriptor), limit)
        if refusal is not None:
            raise Refused(refusal)
        chunks = []
        remaining = limit + 1
        while remaining > 0 and (chunk := os.read(descriptor, min(remaining, 1 << 20))):
            chunks.append(chunk)
            remaining -= len(chunk)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > limit:
        raise Refused(Refusal.TOO_LARGE)
    return data


def _opened_elsewhere(descriptor: int, real: Path) -> bool:
    """Whether the open file is not the one at the real path ``real`` (a folder on the way
    became a link). Linux names an open file's path in /proc; elsewhere only the last part
    of the path is guarded (by ``O_NOFOLLOW``)."""
    try:
        opened = os.readlink(f"/proc/self/fd/{descriptor}")
    except OSError:
        return False
    return opened != os.fspath(real)


def read_checked(real: Path, limit: int) -> bytes:
    """The bytes of the file at the real path ``real``, checked when the course was read;
    raises ``FileChanged`` when it is no longer that file (or no longer a small regular one)."""
    try:
        return read_bytes(real, limit, real=True)
    except Refused as refused:
        raise FileChanged(real, refused.refusal) from None


def copy_checked(real: Path, destination: Path, limit: int) -> None:
    """Copy the file at the real path ``real`` (see ``read_checked``) to ``destination``."""
    destination.write_bytes(read_checked(real, limit))


class FileChanged(OSError):
    """A file checked when the course was read can no longer be copied as it was checked."""

    def __init__(self, path: Path, refusal: Refusal) -> None:
        super().__init__(
            errno.ESTALE,
            _("this file changed while the course was built; build again"),
            os.fspath(path),
        )

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

MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_YAML_NODES = 200_000
MAX_IMAGE_BYTES = 5 * 1024 * 1024


class Refusal(Enum):
    """Why a file may not be read."""

    MISSING = "missing"
    FOLDER = "folder"
    OUTSIDE = "outside"  # its real path leaves the course folder
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


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them; raises ``Refused``.

    The file is opened without blocking (a pipe would otherwise wait for a writer forever)
    and checked before anything is read; a file that grows past the limit meanwhile is
    refused too."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise Refused(Refusal.MISSING) from None
    except IsADirectoryError:
        raise Refused(Refusal.FOLDER) from None
    except OSError as error:
        if error.errno == errno.ENXIO:  # a socket, or a device without a driver
            raise Refused(Refusal.SPECIAL) from None
        raise Refused(Refusal.UNREADABLE, error.strerror or str(error)) from None
    try:
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

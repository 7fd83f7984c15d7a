"""Course folders for the builder's tests: the fixtures, and bad ones made from the base."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BAD = FIXTURES / "bad"
MINIMAL = FIXTURES / "minimal-course"
FULL = FIXTURES / "full-course"
OLD_KEYS = FIXTURES / "old-keys-course"  # full-course with every renamed key under its old name


def bad_course(name: str, target: Path) -> Path:
    """The clean base course (bad/_base/) with the files of ``bad/<name>/`` laid over it."""
    shutil.copytree(BAD / "_base", target)
    overlay = BAD / name
    for source in sorted(overlay.rglob("*")):
        relative = source.relative_to(overlay)
        if relative.parts == ("expected.txt",):
            continue
        destination = target / relative
        if source.is_dir():
            if destination.is_file():
                destination.unlink()  # the fixture puts a folder where the base has a file
            destination.mkdir(parents=True, exist_ok=True)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
    return target


def copy_course(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target

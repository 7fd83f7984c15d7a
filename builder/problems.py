"""Where a thing is in the sources, and the one Problem type every stage reports.

A problem reads ``file:line:column: message — hint``, the form editors and terminals turn into
links. Lines and columns count from 1.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from latarnia_builder.i18n import _, ngettext


class Where(NamedTuple):
    """A position in a source file (1-based line and column).

    A named tuple rather than a dataclass: a large course has ~100,000 of them."""

    file: Path
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{display_path(self.file)}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in the sources, where it is, and how to fix it when we can tell.

    A ``warning`` does not stop a build; ``latarnia check --strict`` fails on it."""

    where: Where
    message: str
    hint: str = ""
    warning: bool = False  # the sources work, but should change (e.g. a key's old name)

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (str(self.where.file), self.where.line, self.where.column, self.message)


def display_path(path: Path) -> str:
    """The path as a trainer would type it: relative to the current folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest of ``choices`` to a misspelt ``word``, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return _("did you mean '{word}'?").format(word=close[0]) if close else ""


def one_of(choices: Iterable[str]) -> str:
    """'a', 'b' or 'c' — for messages that list what is allowed."""
    quoted = [f"'{c}'" for c in choices]
    if len(quoted) <= 1:
        return "".join(quoted)
    return _("{items} or {last}").format(items=", ".join(quoted[:-1]), last=quoted[-1])


def ordered(problems: Iterable[Problem]) -> list[Problem]:
    """Each problem once, file by file in the order the files were first reported, and by
    position in each file.

    The reader reports the shared settings first, then the primary language, then each other
    language, so a trainer reads the mistake before what it causes in the other languages."""
    unique = list(dict.fromkeys(problems))
    rank: dict[Path, int] = {}
    for problem in unique:
        rank.setdefault(problem.where.file, len(rank))
    return sorted(unique, key=lambda p: (rank[p.where.file], *p.sort_key[1:]))


def report(problems: Iterable[Problem]) -> str:
    """Every problem on its own line, in ``ordered`` order, then a count."""
    unique = ordered(problems)
    if not unique:
        return ""
    lines = [str(p) for p in unique]
    count = len(unique)
    lines.append(
        ngettext("{count} problem found.", "{count} problems found.", count).format(count=count)
    )
    return "\n".join(lines)

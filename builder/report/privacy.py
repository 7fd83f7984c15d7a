"""Privacy of the report: small cells hidden, with their complements; pseudonyms for staff.

A *cell* is a count of learners, or a figure that gives one away (a share of n, a statistic of
a group). A cell of 1 to 9 learners is hidden (``MIN_CELL``); zero is shown, it is nobody. A
hidden cell that a total and the other cells of its sum would give back (``total − shown
parts``) is protected by *complementary suppression*: in every sum with exactly one hidden
member, one more member is hidden (the smallest non-zero part, else the total), until no sum
has a single unknown.

``pseudonym`` gives the keyed hash (HMAC-SHA-256) that ``--include-learners`` writes instead of a
username: the same learner gets the same pseudonym with the same key, and nobody without the key
can compute it from a list of usernames.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

MIN_CELL = 10


def small(count: int | None) -> bool:
    """A count of learners too small to show (1 to ``MIN_CELL`` − 1)."""
    return count is not None and 0 < count < MIN_CELL


def small_share(count: int, n: int) -> bool:
    """A share ``count / n`` that gives away a small group: those counted or the others."""
    return small(count) or small(n - count) or small(n)


Cell = TypeVar("Cell", bound=Hashable)  # a cell's name: a band number, ("track", "count") …
Sum = tuple[Cell, Iterable[Cell]]  # (total cell, the cells that add up to it)


# (a TypeVar, not def suppress[Cell: Hashable]: the package supports Python 3.11)
def suppress(cells: Mapping[Cell, int], sums: Iterable[Sum[Cell]]) -> set[Cell]:
    """The cells to hide: the small ones, then their complements (see the module's doc)."""
    hidden = {name for name, count in cells.items() if small(count)}
    sums = [(total, list(parts)) for total, parts in sums]
    changed = True
    while changed:
        changed = False
        for total, parts in sums:
            members = [total, *parts]
            if sum(member in hidden for member in members) != 1:
                continue
            shown_parts = [p for p in parts if p not in hidden]
            nonzero = [p for p in shown_parts if cells.get(p, 0) > 0]
            if nonzero:
                choice = min(nonzero, key=lambda p: cells.get(p, 0))
            elif total not in hidden:
                choice = total
            else:
                choice = shown_parts[0]
            hidden.add(choice)
            changed = True
    return hidden


def pseudonym(key: bytes, run: str, username: str) -> str:
    """The learner's keyed hash: 16 hexadecimal digits of HMAC-SHA-256(key, run + username)."""
    message = f"{run}\x00{username}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:16]

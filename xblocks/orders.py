"""Stable orders no one can recompute: the keyed tokens and each learner's own shuffles.

Choices, ordering items and matches travel as tokens (``c<k>``, ``o<k>``, ``m<k>``), positions
in a shuffle keyed per block; ordering items (and, with ``shuffle``, choices and matching items)
start in a shuffle of each learner's own. Both are permutations keyed with a secret, so neither
the author's order nor a right answer can be read from public ids.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import random

_PROCESS_KEY = os.urandom(32)


@functools.cache
def _secret() -> bytes:
    """Django's SECRET_KEY where there is one (Open edX, the workbench), else a per-process key.

    Orders derived from public ids alone could be recomputed by a curious learner who reads this
    source; keyed with a secret they reveal nothing.
    """
    try:
        from django.conf import settings

        if settings.configured and settings.SECRET_KEY:
            return str(settings.SECRET_KEY).encode()
    except Exception:
        pass
    return _PROCESS_KEY


def permutation(count: int, *seed_parts: object) -> list[int]:
    """A shuffled ``range(count)``, the same for the same seed, unguessable without the key."""
    return list(_permutation(count, "\x1f".join(str(part) for part in seed_parts)))


@functools.lru_cache(maxsize=16384)
def _permutation(count: int, message: str) -> tuple[int, ...]:
    seed = hmac.new(_secret(), message.encode(), hashlib.sha256).hexdigest()
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return tuple(order)

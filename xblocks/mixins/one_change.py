"""One change at a time: a learner's submit, choice or restart is applied once per state."""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from latarnia_xblocks.mixins.json_handlers import HandlerError
from xblock.fields import Integer, Scope

CLAIM_SECONDS = 30  # longer than any request; short enough not to matter after a state reset


class _ProcessClaims:
    """Claims kept in this process, for runtimes without Django (tests, scripts)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._until: dict[str, float] = {}

    def add(self, key: str, value: Any, timeout: float) -> bool:
        now = time.monotonic()
        with self._lock:
            if self._until.get(key, 0.0) > now:
                return False
            if len(self._until) > 10_000:
                self._until = {k: t for k, t in self._until.items() if t > now}
            self._until[key] = now + timeout
            return True

    def delete(self, key: str) -> None:
        with self._lock:
            self._until.pop(key, None)


_PROCESS_CLAIMS = _ProcessClaims()


def _claims() -> Any:
    """Django's default cache where there is one (Open edX: memcached or Redis, shared by every
    LMS worker; the workbench: one process's memory), else this process's claims."""
    try:
        from django.conf import settings

        if settings.configured:
            from django.core.cache import cache

            return cache
    except Exception:
        pass
    return _PROCESS_CLAIMS


class OneChangeMixin:
    """A learner's change (a submit, a choice, starting again) is applied once per state.

    Open edX loads a learner's state when a request starts and saves it when it ends, in
    whichever LMS worker takes the request: a double click, two tabs or a retried request on a
    mobile network would each see the same state and each apply a change. Every change claims
    the state's ``revision`` in a cache all workers share (``cache.add`` is atomic there); the
    first request wins, the others answer 409 with ``duplicate``. A change that fails frees
    its claim; one that succeeds raises ``revision`` for the next.
    """

    revision = Integer(
        help="Changes made to the learner's state (see OneChangeMixin).",
        scope=Scope.user_state,
        default=0,
    )

    if TYPE_CHECKING:  # the XBlock's own (XBlock has no type hints)
        scope_ids: Any

    @contextlib.contextmanager
    def one_change(self) -> Iterator[None]:
        ids = self.scope_ids
        name = f"{ids.usage_id}|{ids.user_id}|{self.revision}"
        key = "latarnia-claim:" + hashlib.sha256(name.encode()).hexdigest()
        claims = _claims()
        if not claims.add(key, 1, CLAIM_SECONDS):
            raise HandlerError(409, "this change is already being saved", duplicate=True)
        try:
            yield
        except BaseException:
            claims.delete(key)
            raise
        self.revision += 1

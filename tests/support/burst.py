"""Many simultaneous requests from one learner: the tests of OneChangeMixin (double clicks, two
tabs, retried requests), in process and against the real workbench."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

BURST = 50


def burst(prepare: Callable[[int], Callable[[], Any]], count: int = BURST) -> list[Any]:
    """Prepare ``count`` requests (``prepare(i)`` returns a callable), then fire them together
    (a barrier releases every thread at once); their results, in order."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def worker(index: int) -> None:
        request = prepare(index)
        barrier.wait()
        results[index] = request()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results

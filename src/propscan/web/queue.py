"""A bounded queue of blocking jobs run in worker threads, off the event loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

T = TypeVar("T")


class QueueFull(Exception):
    """More jobs are waiting than the queue holds; the caller should retry later."""


class WorkQueue:
    """Runs jobs in at most ``workers`` threads, with at most ``max_pending`` more waiting.

    A job arriving when ``workers + max_pending`` are already admitted is refused at once with
    :class:`QueueFull` (the API answers 503), so a burst cannot pile up requests without bound.
    The admission count is only touched on the event loop thread, so it needs no lock.
    """

    def __init__(self, workers: int, max_pending: int) -> None:
        if workers < 1 or max_pending < 0:
            raise ValueError(
                f"need workers >= 1 and max_pending >= 0, got {workers}, {max_pending}"
            )
        self.workers = workers
        self.capacity = workers + max_pending
        self.admitted = 0
        self._limiter: anyio.CapacityLimiter | None = None

    async def run(self, func: Callable[..., T], *args: object) -> T:
        """Run ``func(*args)`` in a worker thread and return its result.

        Raises:
            QueueFull: The queue is full.
        """
        if self.admitted >= self.capacity:
            raise QueueFull(f"{self.admitted} analyses running or waiting")
        if self._limiter is None:
            # Made on first use, inside the event loop that will wait on it.
            self._limiter = anyio.CapacityLimiter(self.workers)
        self.admitted += 1
        try:
            return await anyio.to_thread.run_sync(func, *args, limiter=self._limiter)
        finally:
            self.admitted -= 1

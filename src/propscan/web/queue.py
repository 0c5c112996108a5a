"""A bounded queue of blocking jobs run in worker threads, off the event loop."""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from functools import cache
from typing import TypeVar

import anyio
import anyio.to_thread

T = TypeVar("T")

# After a job over this many characters, freed memory is handed back to the system (see
# release_memory): a 4.75 MB article left the server holding 868 MB before.
TRIM_CHARS = 200_000


class QueueFull(Exception):
    """More jobs are waiting, or more characters are in flight, than the queue holds; the
    caller should retry later."""


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        trim = ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to call
        return None
    return trim


def release_memory() -> bool:
    """Give the heap's free pages back to the system (glibc's ``malloc_trim``); whether it
    could. Python frees a long article's millions of small objects into the heap, where glibc
    keeps them: the process stays as large as its largest request until trimmed."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


class WorkQueue:
    """Runs jobs in at most ``workers`` threads, with at most ``max_pending`` more waiting and
    at most ``max_chars`` characters of articles in flight (running or waiting).

    A job arriving when ``workers + max_pending`` are already admitted, or whose characters
    would bring those in flight over ``max_chars``, is refused at once with
    :class:`QueueFull` (the API answers 503 with Retry-After), so a burst cannot pile up
    requests, or memory, without bound. A job arriving when none is in flight is always
    admitted: the body cap bounds it. The counts are only touched on the event loop thread,
    so they need no lock.
    """

    def __init__(self, workers: int, max_pending: int, max_chars: int | None = None) -> None:
        if workers < 1 or max_pending < 0 or (max_chars is not None and max_chars < 1):
            raise ValueError(
                "need workers >= 1, max_pending >= 0 and max_chars >= 1, got "
                f"{workers}, {max_pending}, {max_chars}"
            )
        self.workers = workers
        self.capacity = workers + max_pending
        self.max_chars = max_chars
        self.admitted = 0
        self.chars = 0
        self._limiter: anyio.CapacityLimiter | None = None

    async def run(self, func: Callable[..., T], *args: object, chars: int = 0) -> T:
        """Run ``func(*args)``, a job over ``chars`` characters of article, in a worker thread
        and return its result.

        Raises:
            QueueFull: The queue is full, or the job's characters do not fit.
        """
        if self.admitted >= self.capacity:
            raise QueueFull(f"{self.admitted} analyses running or waiting")
        if self.max_chars is not None and self.chars and self.chars + chars > self.max_chars:
            raise QueueFull(f"{self.chars} characters being analysed")
        if self._limiter is None:
            # Made on first use, inside the event loop that will wait on it.
            self._limiter = anyio.CapacityLimiter(self.workers)
        self.admitted += 1
        self.chars += chars
        try:
            return await anyio.to_thread.run_sync(func, *args, limiter=self._limiter)
        finally:
            self.admitted -= 1
            self.chars -= chars
            if chars >= TRIM_CHARS:
                release_memory()

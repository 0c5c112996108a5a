"""Local worker processes for the corpus runner, each loading the model once."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from propscan.corpus.batch import Future
from propscan.corpus.sources import ArticleInput
from propscan.corpus.worker import analyze_item, preload
from propscan.ingest import IngestOptions

# How often a worker checks that the process that started it is still there. A worker waits
# on a queue whose writing end it holds itself, so it never learns from the queue that its
# parent was killed (kill -9): without the check, workers and the resource tracker lived on.
PARENT_CHECK_SECONDS = 0.5


class ProcessExecutor:
    """``workers`` processes started fresh (spawn: no fork of a threaded parent).

    Each worker exits by itself within :data:`PARENT_CHECK_SECONDS` of its parent's death.
    """

    def __init__(self, workers: int, model: str) -> None:
        self.capacity = workers
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=start_worker,
            # Each worker gets its share of the cores for the accurate model's encoder.
            initargs=(os.getpid(), model, max(1, (os.cpu_count() or 1) // workers)),
        )

    def submit(self, item: ArticleInput, model: str, options: IngestOptions) -> Future:
        """Analyse ``item`` in a worker."""
        return self._pool.submit(analyze_item, item, model, options)

    def close(self, cancel: bool) -> None:
        """Stop the workers; with ``cancel``, drop queued work instead of finishing it."""
        self._pool.shutdown(wait=True, cancel_futures=cancel)


def start_worker(parent: int, model: str, threads: int) -> None:
    """A worker's start-up: watch ``parent`` (the batch's pid), then load the model."""
    watch_parent(parent)
    preload(model, threads)


def watch_parent(parent: int, every: float = PARENT_CHECK_SECONDS) -> threading.Thread:
    """Exit this process at once when ``parent`` is no longer its parent (it died, and the
    process was handed to init or a subreaper), checking every ``every`` seconds."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        # Nothing to save: the parent, which writes every result, is gone.
        os._exit(1)

    thread = threading.Thread(target=watch, name="propscan-parent-watch", daemon=True)
    thread.start()
    return thread

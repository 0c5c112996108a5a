"""Local worker processes for the corpus runner, each loading the model once."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from propscan.corpus.batch import Future
from propscan.corpus.sources import ArticleInput
from propscan.corpus.worker import analyze_item, preload
from propscan.ingest import IngestOptions


class ProcessExecutor:
    """``workers`` processes started fresh (spawn: no fork of a threaded parent)."""

    def __init__(self, workers: int, model: str) -> None:
        self.capacity = workers
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=preload,
            # Each worker gets its share of the cores for the accurate model's encoder.
            initargs=(model, max(1, (os.cpu_count() or 1) // workers)),
        )

    def submit(self, item: ArticleInput, model: str, options: IngestOptions) -> Future:
        """Analyse ``item`` in a worker."""
        return self._pool.submit(analyze_item, item, model, options)

    def close(self, cancel: bool) -> None:
        """Stop the workers; with ``cancel``, drop queued work instead of finishing it."""
        self._pool.shutdown(wait=True, cancel_futures=cancel)

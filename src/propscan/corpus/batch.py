"""The corpus runner behind ``propscan batch``.

Inputs are read as a stream; at most ``in_flight`` articles are out with the workers at any
time, so memory stays flat however large the corpus. Each analysed article is written in one
transaction keyed by (article id, model): a run killed at any point leaves only whole articles,
and running it again skips what is stored and does the rest (exactly once).
"""

from __future__ import annotations

import hashlib
import queue
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Literal, Protocol

from propscan.corpus.sources import ArticleInput, BadRecord, Item, iter_inputs
from propscan.corpus.store import ArticleState, Store
from propscan.corpus.worker import ArticleFailure, ArticleResult
from propscan.detectors import DEFAULT_MODEL, DETECTORS, packaged_model_dir
from propscan.errors import ConfigError, ModelError, PropscanError
from propscan.ingest import IngestOptions

OnDuplicate = Literal["error", "skip", "replace"]
ON_DUPLICATE: tuple[OnDuplicate, ...] = ("error", "skip", "replace")
Decision = Literal["store", "replace", "skip", "conflict"]

# Ids looked up in the store at once before dispatch (one query instead of one an article).
_LOOKUP_CHUNK = 64
# Articles queued per worker: enough to keep workers busy, few enough to keep memory flat.
_QUEUE_PER_WORKER = 4
# Analysed articles are committed together, up to this many or after this many seconds: one
# transaction per article cost a quarter of the throughput with two workers on two cores
# (each commit rewrites the index pages it touched), and a killed run loses at most this much.
COMMIT_EVERY = 32
_COMMIT_SECONDS = 1.0


class WorkerError(PropscanError):
    """A worker process or the cluster failed (not an article: the run stops)."""


@dataclass(frozen=True)
class BatchOptions:
    """How to run a batch.

    Attributes:
        model: A registered detector name or a model directory.
        workers: Local worker processes (or ``--dask local`` workers).
        force: Analyse again articles already stored for this model.
        on_duplicate: What to do with an id whose text differs from the one stored (or seen
            earlier in the run): ``error`` records a failure naming it, ``skip`` keeps the
            stored article, ``replace`` analyses the new text and drops the old one's results.
        dask: ``None`` for local processes, ``"local"`` for a new local Dask cluster, or a
            scheduler address such as ``tcp://host:8786``.
        in_flight: Most articles out with workers at once (default: 4 per worker).
        commit_every: Most analysed articles written in one transaction.
        ingest: Size cap and fetch settings for reading articles.
    """

    model: str = DEFAULT_MODEL
    workers: int = 1
    force: bool = False
    on_duplicate: OnDuplicate = "error"
    dask: str | None = None
    in_flight: int | None = None
    commit_every: int = COMMIT_EVERY
    ingest: IngestOptions = field(default_factory=IngestOptions)

    def describe(self) -> dict[str, Any]:
        """The options as stored with the run."""
        described = asdict(self)
        described["ingest"] = {k: v for k, v in described["ingest"].items() if k != "user_agent"}
        return described


@dataclass
class Tally:
    """Running counts of a batch."""

    analysed: int = 0
    skipped: int = 0
    failed: int = 0

    @property
    def done(self) -> int:
        """Articles settled so far, whatever the outcome."""
        return self.analysed + self.skipped + self.failed


@dataclass(frozen=True)
class BatchReport:
    """How a batch ended; ``failures`` are (article_id, origin, error) rows of this run."""

    run_id: int
    model: str
    analysed: int
    skipped: int
    failed: int
    failures: list[tuple[str, str, str]]


class Future(Protocol):
    """What the runner needs of a future (concurrent.futures and Dask futures alike)."""

    def result(self) -> ArticleResult | ArticleFailure: ...

    def add_done_callback(self, fn: Callable[[Any], object]) -> None: ...


class Executor(Protocol):
    """Runs :func:`analyze_item` somewhere: local processes or a Dask cluster."""

    capacity: int  # how many tasks it runs at once

    def submit(self, item: ArticleInput, model: str, options: IngestOptions) -> Future: ...

    def close(self, cancel: bool) -> None: ...


def model_identity(model: str) -> tuple[str, str]:
    """The name results are stored under and a version (a hash of the model's manifest).

    Raises:
        ConfigError: ``model`` is neither a registered name nor a folder.
        ModelError: The model has no manifest.
    """
    if model in DETECTORS:
        name, directory = model, packaged_model_dir(model)
    else:
        directory = Path(model)
        if not directory.is_dir():
            raise ConfigError(
                f"unknown model {model!r}; use one of {', '.join(DETECTORS)} or a model directory"
            )
        name = directory.name
    manifest = directory / "manifest.json"
    if not manifest.is_file():
        raise ModelError(f"model {model!r}: no manifest at {manifest} (is it trained?)")
    return name, hashlib.sha256(manifest.read_bytes()).hexdigest()[:16]


def decide(
    state: ArticleState | None, sha256: str | None, run_id: int, options: BatchOptions
) -> Decision:
    """What to do with an article given what the store holds for its id.

    ``sha256`` is ``None`` when the content is not known yet (a URL before it is fetched):
    only the id can be compared then.
    """
    if state is None:
        return "store"
    if sha256 is not None and state.sha256 != sha256:
        if options.on_duplicate == "skip":
            return "skip"
        return "replace" if options.on_duplicate == "replace" else "conflict"
    if state.summary_run is None:
        return "store"
    # Stored already: again only with --force, and never twice in one run.
    if options.force and state.summary_run != run_id:
        return "store"
    return "skip"


def _conflict(article_id: str, origin: str, state: ArticleState) -> str:
    return (
        f"{origin}: duplicate id {article_id!r} with different text from the article stored "
        f"from {state.origin} (use --on-duplicate=skip or --on-duplicate=replace)"
    )


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class _Runner:
    def __init__(
        self,
        store: Store,
        executor: Executor,
        run_id: int,
        model_name: str,
        options: BatchOptions,
        on_progress: Callable[[Tally], None] | None,
    ) -> None:
        self.store = store
        self.executor = executor
        self.run_id = run_id
        self.name = model_name
        self.options = options
        self.on_progress = on_progress
        self.tally = Tally()
        self.pending: dict[int, ArticleInput] = {}
        self.done: queue.Queue[Any] = queue.Queue()
        self.limit = options.in_flight or max(1, executor.capacity * _QUEUE_PER_WORKER)
        self.buffer: list[ArticleResult] = []
        self.buffered_since = 0.0

    def _settled(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.tally)

    def _fail(self, article_id: str, origin: str, error: str) -> None:
        t = self.tally
        counts = (t.analysed, t.skipped, t.failed + 1)
        self.store.put_failure(article_id, self.name, self.run_id, origin, error, counts=counts)
        self.tally.failed += 1
        self._settled()

    def _run(self, items: Iterable[Item]) -> None:
        for chunk in _chunks(items, _LOOKUP_CHUNK):
            ids = [i.article_id for i in chunk if isinstance(i, ArticleInput)]
            states = self.store.states(ids, self.name)
            for item in chunk:
                if isinstance(item, BadRecord):
                    self._fail(item.article_id, item.origin, item.error)
                    continue
                self._dispatch(item, states.get(item.article_id))
        while self.pending:
            self._collect(self.done.get())
        self._flush()

    def run(self, items: Iterable[Item]) -> None:
        """Dispatch every item, collect and store every result."""
        try:
            self._run(items)
        except WorkerError:
            self._flush()  # keep what the other workers finished
            raise

    def _dispatch(self, item: ArticleInput, state: ArticleState | None) -> None:
        if self._out_with_a_worker(item.article_id):
            # The same id is out with a worker: settle and store it first, so that the first
            # in the input is the one kept (or named in a conflict), whichever finishes first.
            while self._out_with_a_worker(item.article_id):
                self._collect(self.done.get())
            self._flush()
            state = self.store.states([item.article_id], self.name).get(item.article_id)
        decision = decide(state, item.sha256, self.run_id, self.options)
        if decision == "skip":
            self.tally.skipped += 1
            self._settled()
            return
        if decision == "conflict" and state is not None:
            self._fail(item.article_id, item.origin, _conflict(item.article_id, item.origin, state))
            return
        while len(self.pending) >= self.limit:
            self._collect(self.done.get())
        future = self.executor.submit(item, self.options.model, self.options.ingest)
        self.pending[id(future)] = item
        future.add_done_callback(self.done.put)

    def _out_with_a_worker(self, article_id: str) -> bool:
        return any(p.article_id == article_id for p in self.pending.values())

    def _collect(self, future: Future) -> None:
        item = self.pending.pop(id(future))
        try:
            result = future.result()
        except PropscanError:
            raise
        except Exception as exc:
            raise WorkerError(
                f"a worker failed while analysing {item.origin} ({type(exc).__name__}: {exc}); "
                "run the same command again to resume"
            ) from exc
        if isinstance(result, ArticleFailure):
            self._fail(result.article_id, result.origin, result.error)
            return
        if not self.buffer:
            self.buffered_since = time.monotonic()
        self.buffer.append(result)
        if (
            len(self.buffer) >= self.options.commit_every
            or time.monotonic() - self.buffered_since >= _COMMIT_SECONDS
        ):
            self._flush()

    def _flush(self) -> None:
        """Write the buffered results in one transaction, each as :func:`decide` says."""
        buffer, self.buffer = self.buffer, []
        if not buffer:
            return
        conflicts: list[tuple[ArticleResult, str]] = []
        analysed = skipped = 0
        with self.store.writing():
            states = self.store.states(list({r.article_id for r in buffer}), self.name)
            ready: list[ArticleResult] = []
            for result in buffer:
                aid = result.article_id
                state = states.get(aid)
                decision = decide(state, result.sha256, self.run_id, self.options)
                if decision == "conflict" and state is not None:
                    conflicts.append((result, _conflict(aid, result.origin, state)))
                    continue
                if decision == "skip":
                    skipped += 1
                    continue
                if any(r.article_id == aid for r in ready):  # the same id twice in a batch
                    self.store.put_results(ready, self.run_id)
                    ready = []
                if decision == "replace":
                    self.store.drop_article(aid)
                elif state is not None:
                    self.store.clear(aid, self.name)
                ready.append(result)
                states[aid] = ArticleState(result.sha256, result.origin, self.run_id, self.run_id)
                analysed += 1
            self.store.put_results(ready, self.run_id)
            # In the same transaction: a run killed later keeps counts that match its rows.
            t = self.tally
            self.store.count_run(self.run_id, t.analysed + analysed, t.skipped + skipped, t.failed)
        self.tally.analysed += analysed
        self.tally.skipped += skipped
        self._settled()
        for result, message in conflicts:
            self._fail(result.article_id, result.origin, message)


def open_executor(options: BatchOptions) -> Executor:
    """Local worker processes, or a Dask cluster when ``options.dask`` says so."""
    if options.dask is not None:
        from propscan.corpus.cluster import DaskExecutor

        return DaskExecutor.open(options.dask, options.workers, options.model)
    from propscan.corpus.local import ProcessExecutor

    return ProcessExecutor(options.workers, options.model)


def run_batch(
    inputs: Sequence[str | Path],
    store: Store,
    options: BatchOptions,
    *,
    executor: Executor | None = None,
    on_progress: Callable[[Tally], None] | None = None,
) -> BatchReport:
    """Analyse every article of ``inputs`` into ``store``, skipping what is stored.

    Args:
        inputs: Folders, JSONL/CSV files, URL lists (see :mod:`propscan.corpus.sources`).
        store: Where results go.
        options: Model, workers, duplicate policy and the rest.
        executor: Where analysis runs (default: :func:`open_executor`; closed at the end
            only when opened here).
        on_progress: Called with the running counts after each article settles.

    Returns:
        The counts and this run's failures.

    Raises:
        InputError: An input is missing or unreadable as a whole.
        StoreError: The store failed (full disk, lost connection); the run stops cleanly.
        WorkerError: A worker process died; the run stops cleanly.
    """
    name, version = model_identity(options.model)
    items = iter_inputs(inputs, options.ingest.max_bytes)
    own = executor is None
    active = executor if executor is not None else open_executor(options)
    status = "stopped"
    try:
        run_id = store.start_run(name, version, options.describe(), [str(p) for p in inputs])
        runner = _Runner(store, active, run_id, name, options, on_progress)
        try:
            runner.run(items)
            status = "finished"
        finally:
            tally = runner.tally
            try:
                store.finish_run(run_id, status, tally.analysed, tally.skipped, tally.failed)
            except PropscanError:
                if status == "finished":
                    raise
    finally:
        if own:
            active.close(cancel=status != "finished")
    failures = [(r[0], r[3], r[4]) for r in store.failures(name, run_id)]
    return BatchReport(run_id, name, tally.analysed, tally.skipped, tally.failed, failures)

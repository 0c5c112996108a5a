"""Throughput, store overhead and peak memory of `propscan batch` (corpus mode).

Usage: python benchmarks/batch_throughput.py [--articles 2000] [--big 20000] [--repeats 3]
       [--models fast accurate] [--workers 1 2] [--accurate-articles N] [--skip-memory]

Builds a JSONL corpus in a temporary folder by repeating the 90 articles of
../shared/data/ptc/unlabelled-test with distinct ids (no text is copied into the repository)
and prints:

- articles/s of the batch runner with 1 and 2 worker processes, for the fast model and, when
  its packaged model exists, the accurate one (workers started and the model loaded before the
  clock starts; reading, analysis and SQLite writes timed);
- store overhead: throughput with the SQLite store over throughput of the same run with a
  store that writes nothing ("predict alone"); the target is >= 0.9;
- peak memory (RSS summed over the `propscan batch` process and its workers) for the fast
  model at 2,000 and at 20,000 articles; it must not grow with the corpus.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from propscan.corpus.batch import BatchOptions, run_batch
from propscan.corpus.local import ProcessExecutor
from propscan.corpus.store import ArticleState, Row, SqliteStore, Store, open_store
from propscan.corpus.worker import ArticleResult
from propscan.detectors import packaged_model_dir

ARTICLES = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "ptc" / "unlabelled-test" / "articles"
)


def build_corpus(path: Path, n: int) -> Path:
    """``n`` articles as JSONL: the test articles over and over, each copy with its own id."""
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(ARTICLES.glob("*.txt"))]
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            name, text = texts[i % len(texts)]
            record = {"id": f"{name}-{i}", "text": text, "source": f"outlet-{i % 7}"}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


class NullStore(Store):
    """A store that keeps nothing: the same pipeline, minus the database ("predict alone")."""

    name = "(no store)"

    def __init__(self) -> None:
        self.kept = 0

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        pass

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        pass

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return [(1,)] if "RETURNING" in sql else []

    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        return iter(())

    def _tables(self) -> set[str]:
        return set()

    def transaction(self) -> AbstractContextManager[None]:
        return nullcontext()

    def _guard(self) -> AbstractContextManager[None]:
        return nullcontext()

    def close(self) -> None:
        pass

    def states(self, article_ids: Sequence[str], model: str) -> dict[str, ArticleState]:
        return {}

    def put_results(self, results: Sequence[ArticleResult], run_id: int) -> None:
        self.kept += len(results)

    def failures(self, model: str | None = None, run_id: int | None = None) -> list[Row]:
        return []


def timed_run(corpus: Path, store: Store, executor: ProcessExecutor, model: str) -> float:
    """Articles/s of one batch run on warm workers."""
    start = time.perf_counter()
    report = run_batch([corpus], store, BatchOptions(model=model), executor=executor)
    elapsed = time.perf_counter() - start
    assert report.failed == 0, report.failures[:3]
    return report.analysed / elapsed


@contextmanager
def warm_executor(workers: int, model: str, warmup: Path) -> Iterator[ProcessExecutor]:
    executor = ProcessExecutor(workers, model)
    try:
        # Start the workers and load the model before the clock starts.
        run_batch([warmup], NullStore(), BatchOptions(model=model), executor=executor)
        yield executor
    finally:
        executor.close(cancel=False)


def throughput(
    tmp: Path, corpus: Path, warmup: Path, model: str, workers: int, repeats: int
) -> None:
    """Best of ``repeats`` alternating runs with and without the store (a busy neighbour
    on a shared machine slows single runs; the best run is the least disturbed)."""
    alone, stored = 0.0, 0.0
    with warm_executor(workers, model, warmup) as executor:
        for _ in range(repeats):
            alone = max(alone, timed_run(corpus, NullStore(), executor, model))
            db = tmp / f"{model}-{workers}.db"
            with open_store(db) as store:
                assert isinstance(store, SqliteStore)
                stored = max(stored, timed_run(corpus, store, executor, model))
            for leftover in tmp.glob(f"{db.name}*"):
                leftover.unlink()
    print(
        f"{model:<9} {workers} worker{'s' if workers > 1 else ' '}  "
        f"{stored:7.1f} articles/s with SQLite   {alone:7.1f} articles/s predict alone   "
        f"store overhead ratio {stored / alone:.3f}  (best of {repeats})",
        flush=True,
    )


def peak_memory(tmp: Path, corpus: Path, workers: int) -> tuple[float, float, float]:
    """(peak RSS of the process tree in MB, of the main process in MB, wall seconds)."""
    import psutil

    db = tmp / f"memory-{corpus.stem}.db"
    command = [sys.executable, "-m", "propscan", "batch", str(corpus), "--db", str(db),
               "--model", "fast", "--workers", str(workers)]  # fmt: skip
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    main = psutil.Process(process.pid)
    peak_tree = peak_main = 0
    while process.poll() is None:
        try:
            own = main.memory_info().rss
            tree = own + sum(c.memory_info().rss for c in main.children(recursive=True))
        except psutil.Error:
            continue
        peak_main, peak_tree = max(peak_main, own), max(peak_tree, tree)
        time.sleep(0.05)
    wall = time.perf_counter() - start
    err = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"propscan batch failed: {err}")
    db.unlink()
    return peak_tree / 2**20, peak_main / 2**20, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--big", type=int, default=20000, help="the larger memory corpus")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--only-memory", action="store_true")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--models", nargs="+", default=None, help="default: fast, and accurate when packaged"
    )
    parser.add_argument(
        "--accurate-articles", type=int, default=None, help="corpus size for the accurate model"
    )
    args = parser.parse_args()
    models = args.models or ["fast"]
    if args.models is None and (packaged_model_dir("accurate") / "manifest.json").is_file():
        models.append("accurate")
    if args.only_memory:
        models = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        corpus = build_corpus(tmp / "corpus.jsonl", args.articles)
        warmup = build_corpus(tmp / "warmup.jsonl", 20)
        size = corpus.stat().st_size / 2**20
        print(f"corpus: {args.articles} articles ({size:.1f} MB JSONL)", flush=True)
        for model in models:
            sized = corpus
            if model == "accurate" and args.accurate_articles:
                sized = build_corpus(tmp / "accurate.jsonl", args.accurate_articles)
                print(f"accurate model on {args.accurate_articles} articles")
            for workers in args.workers:
                throughput(tmp, sized, warmup, model, workers, args.repeats)
        if args.skip_memory:
            return
        for n in (args.articles, args.big):
            path = build_corpus(tmp / f"memory-{n}.jsonl", n)
            tree, own, wall = peak_memory(tmp, path, 2)
            print(
                f"peak RSS, fast model, 2 workers, {n:>6} articles: {tree:6.0f} MB in all "
                f"({own:.0f} MB main process), {n / wall:.1f} articles/s end to end",
                flush=True,
            )
            path.unlink()


if __name__ == "__main__":
    main()

"""The corpus runner: exactly once, resumable (even after kill -9), duplicates, failures, CLI."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from propscan.corpus.batch import BatchOptions, Future, run_batch
from propscan.corpus.export import analyses
from propscan.corpus.sources import ArticleInput
from propscan.corpus.store import Store, StoreError, open_store
from propscan.corpus.worker import analyze_item
from propscan.detectors import DEFAULT_MODEL
from propscan.ingest import IngestOptions

# Sentences written for these tests; articles are deterministic mixes of them.
SENTENCES = [
    "The council voted on Tuesday to sell the old harbour to a developer.",
    "Critics called the mayor a shameless traitor who would sell his own mother.",
    "Every true patriot knows this is a disaster for our great nation!",
    "Heavy rain closed the coast road for three hours on Monday.",
    "Officials said the road would reopen once the water had drained away.",
    "Opponents warned it would destroy every small business in the country overnight.",
    "Only a fool would believe the lies of these corrupt bureaucrats.",
    "The report was paid for by the very company that is buying the land.",
    "Residents met in the town hall to discuss the new bus timetable.",
    "This reckless plan is a betrayal of everything our town stands for.",
]
OUTLETS = ["Daily Gazette", "Evening Herald", "Coast Weekly"]

# The in-process runner is the `run` fixture of tests/conftest.py; it returns a CliResult.
Run = Callable[..., Any]


def article_text(n: int) -> str:
    picks = [SENTENCES[(n * 7 + k * 3) % len(SENTENCES)] for k in range(2 + n % 4)]
    return f"Story number {n}\n\n" + "\n".join(picks) + "\n"


def write_corpus(path: Path, n: int, start: int = 0) -> Path:
    """A JSONL corpus of ``n`` articles with ids ``a<start>``..."""
    with path.open("w", encoding="utf-8") as handle:
        for i in range(start, start + n):
            record = {"id": f"a{i}", "text": article_text(i), "source": OUTLETS[i % 3],
                      "date": f"2024-{1 + i % 12:02d}-15", "title": f"Story {i}"}  # fmt: skip
            handle.write(json.dumps(record) + "\n")
    return path


class ThreadExecutor:
    """In-process workers for fast tests (the detector is shared by the threads)."""

    capacity = 2

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(2)

    def submit(self, item: ArticleInput, model: str, options: IngestOptions) -> Future:
        return self._pool.submit(analyze_item, item, model, options)

    def close(self, cancel: bool) -> None:
        self._pool.shutdown(cancel_futures=cancel)


def batch(inputs: list[Path], store: Store, **options: Any) -> Any:
    executor = ThreadExecutor()
    try:
        options.setdefault("model", "fast")  # quick; the tests are about the batch, not a model
        return run_batch(inputs, store, BatchOptions(**options), executor=executor)
    finally:
        executor.close(cancel=False)


def stored(store: Store, model: str = "fast") -> dict[str, dict[str, Any]]:
    """Every stored analysis by id, without the fields that name the run."""
    return {r.pop("id"): r for r in analyses(store, model)}


def check_whole(db: Path) -> int:
    """Every stored article is complete (no partial rows); returns how many are stored."""
    conn = sqlite3.connect(db)
    try:
        summaries = dict(conn.execute("SELECT article_id, fragments FROM summaries"))
        fragments = dict(conn.execute("SELECT article_id, COUNT(*) FROM fragments GROUP BY 1"))
        sentences = {
            r[0]: (r[1], r[2])
            for r in conn.execute(
                "SELECT article_id, COUNT(*), MAX(position) FROM sentences GROUP BY 1"
            )
        }
        articles = {r[0] for r in conn.execute("SELECT article_id FROM articles")}
    finally:
        conn.close()
    assert set(fragments) <= set(summaries) and set(sentences) <= set(summaries)
    assert set(summaries) <= articles
    for aid, n in summaries.items():
        assert fragments.get(aid, 0) == n, aid
        count, last = sentences[aid]
        assert count == last + 1 >= 1, aid
    return len(summaries)


def test_stores_each_article_once_and_skips_on_rerun(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", 30)
    with open_store(tmp_path / "r.db") as store:
        first = batch([corpus], store)
        assert (first.analysed, first.skipped, first.failed) == (30, 0, 0)
        before = stored(store)
        again = batch([corpus], store)
        assert (again.analysed, again.skipped, again.failed) == (0, 30, 0)
        forced = batch([corpus], store, force=True)
        assert (forced.analysed, forced.skipped) == (30, 0)
        assert stored(store) == before
        runs = store.runs()
        assert [r[3] for r in runs] == ["finished"] * 3
    assert check_whole(tmp_path / "r.db") == 30
    record = before["a4"]
    assert record["document"]["metadata"]["source"] == OUTLETS[1]
    assert record["document"]["text"] == article_text(4)


def _dup_corpus(tmp_path: Path) -> Path:
    path = tmp_path / "dups.jsonl"
    rows = [
        {"id": "same", "text": article_text(1)},
        {"id": "x", "text": article_text(2)},
        {"id": "same", "text": article_text(1)},  # the same article twice: harmless
        {"id": "x", "text": article_text(3)},  # same id, different text
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_duplicate_ids_with_different_text_are_errors_naming_them(tmp_path: Path) -> None:
    with open_store(tmp_path / "r.db") as store:
        report = batch([_dup_corpus(tmp_path)], store)
        assert (report.analysed, report.skipped, report.failed) == (2, 1, 1)
        [(aid, origin, error)] = report.failures
        assert aid == "x" and origin.endswith("dups.jsonl:4")
        assert "duplicate id 'x'" in error and "dups.jsonl:2" in error
        assert "--on-duplicate" in error
        assert stored(store)["x"]["document"]["text"] == article_text(2)


@pytest.mark.parametrize(("policy", "kept"), [("skip", 2), ("replace", 3)])
def test_on_duplicate_skip_and_replace(tmp_path: Path, policy: str, kept: int) -> None:
    with open_store(tmp_path / "r.db") as store:
        report = batch([_dup_corpus(tmp_path)], store, on_duplicate=policy)
        assert report.failed == 0
        assert stored(store)["x"]["document"]["text"] == article_text(kept)
    assert check_whole(tmp_path / "r.db") == 2


def test_changed_text_in_a_later_run_is_a_duplicate_too(tmp_path: Path) -> None:
    old = write_corpus(tmp_path / "old.jsonl", 3)
    new = tmp_path / "new.jsonl"
    new.write_text(json.dumps({"id": "a1", "text": article_text(9)}) + "\n", encoding="utf-8")
    with open_store(tmp_path / "r.db") as store:
        batch([old], store)
        report = batch([new], store)
        assert report.failed == 1 and "duplicate id 'a1'" in report.failures[0][2]
        assert batch([new], store, on_duplicate="replace").analysed == 1
        assert stored(store)["a1"]["document"]["text"] == article_text(9)


def test_failures_are_recorded_and_the_rest_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        json.dumps({"id": "good", "text": article_text(1)}) + "\n"
        + json.dumps({"id": "empty", "text": "  \n "}) + "\n"
        + "{broken\n"
        + json.dumps({"id": "nohtml", "html": "<html><body><script>x()</script></body></html>"})
        + "\n" + json.dumps({"id": "huge", "text": "word " * 300}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    with open_store(tmp_path / "r.db") as store:
        report = batch([path], store, ingest=IngestOptions(max_bytes=1000))
        assert (report.analysed, report.failed) == (1, 4)
        errors = {aid: error for aid, _, error in report.failures}
        assert "the input is empty" in errors["empty"]
        assert "malformed JSON" in errors[f"{path}:3"]
        assert "no article text could be extracted" in errors["nohtml"]
        assert "over the size cap of 1000 bytes" in errors["huge"]
        # Fixed and run again: the failure is cleared.
        path.write_text(json.dumps({"id": "empty", "text": article_text(2)}) + "\n")
        assert batch([path], store).analysed == 1
        assert "empty" not in {r[0] for r in store.failures("fast")}


def test_a_store_failure_stops_the_run_and_a_rerun_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", 20)
    with open_store(tmp_path / "r.db") as store:
        real = store.put_results
        calls = 0

        def flaky(*args: Any) -> None:
            nonlocal calls
            calls += 1
            if calls == 2:
                raise sqlite3.OperationalError("database or disk is full")
            real(*args)

        monkeypatch.setattr(store, "put_results", flaky)
        with pytest.raises(StoreError, match="database or disk is full"):
            batch([corpus], store, commit_every=5)
        done = store.count("fast")
        assert 0 < done <= 5
        assert store.runs()[0][3] == "stopped"
        monkeypatch.setattr(store, "put_results", real)
        report = batch([corpus], store)
        assert (report.analysed, report.skipped) == (20 - done, done)
    assert check_whole(tmp_path / "r.db") == 20


# -- the command, in-process and as a real process -------------------------------------------


def test_cli_batch_reports_failures_with_exit_code_1(tmp_path: Path, run: Run) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", 4)
    with corpus.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "e", "text": ""}\n{"id": "e2", "text": " "}\n')
    db = tmp_path / "r.db"
    result = run("batch", corpus, "--db", db, "--workers", "1", "--model", "fast")
    assert result.code == 1, result.err
    lines = result.err.splitlines()
    assert lines[0].startswith("6 articles: 4 analysed, 0 skipped (already stored), 2 failed")
    assert (
        lines[1] == f"  failed e: {corpus}:5: article 'e' has neither 'text' nor 'html'; give one"
    )
    assert lines[2] == f"  failed e2: {corpus}:6: the input is empty (only whitespace)"
    assert "Traceback" not in result.err
    again = run("batch", corpus, "--db", db, "--workers", "1", "--model", "fast")
    assert again.code == 1 and "0 analysed, 4 skipped" in again.err


def test_cli_batch_clean_run_exits_0(tmp_path: Path, run: Run) -> None:
    folder = tmp_path / "corpus" / "Coast Weekly"
    folder.mkdir(parents=True)
    for i in range(3):
        (folder / f"article{i}.txt").write_text(article_text(i), encoding="utf-8")
    db = tmp_path / "r.db"
    result = run("batch", tmp_path / "corpus", "--db", db, "-w", "1")  # the default model
    assert result.code == 0, result.err
    assert "3 analysed" in result.err
    with open_store(db, create=False) as store:
        assert store.models() == [DEFAULT_MODEL]
        assert set(stored(store, DEFAULT_MODEL)) == {f"Coast Weekly/article{i}" for i in range(3)}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dask", "somewhere"], "--dask 'somewhere': use 'local' or a scheduler address"),
        (["--model", "nonexistent"], "unknown model 'nonexistent'"),
    ],
)
def test_cli_batch_usage_errors(tmp_path: Path, run: Run, args: list[str], message: str) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", 1)
    result = run("batch", corpus, "--db", tmp_path / "r.db", "--model", "fast", *args)
    assert result.code == 1
    assert result.err.strip().splitlines() == [f"propscan: error: {message}"] or (
        message in result.err and len(result.err.strip().splitlines()) == 1
    )


def test_cli_refuses_a_foreign_database_and_leaves_it(tmp_path: Path, run: Run) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", 1)
    db = tmp_path / "mine.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    for args in (
        ["batch", corpus, "--db", db, "--model", "fast"],
        ["export", db],
        ["report", db, "-o", tmp_path],
    ):
        result = run(*args)
        assert result.code == 1
        assert result.err.strip().splitlines() == [
            f"propscan: error: {db}: not a propscan database (it has tables recipes but no "
            "propscan_meta); refusing to touch it"
        ]
    assert db.read_bytes() == before


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(db, timeout=5)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM summaries").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_kill_9_mid_run_then_rerun_stores_every_article_exactly_once(
    tmp_path: Path, run: Run
) -> None:
    n = 800
    corpus = write_corpus(tmp_path / "c.jsonl", n)
    db = tmp_path / "r.db"
    command = [sys.executable, "-m", "propscan", "batch", str(corpus), "--db", str(db)]
    command += ["-w", "2", "--model", "fast"]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while _count(db) < 20 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert process.poll() is None, "the batch ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        # The orphaned workers too, as a machine going down would.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        if process.stderr is not None:
            process.stderr.close()
    done = check_whole(db)
    assert 20 <= done < n
    result = run("batch", corpus, "--db", db, "-w", "2", "-m", "fast")
    assert result.code == 0, result.err
    assert f"{n - done} analysed, {done} skipped" in result.err
    assert check_whole(db) == n
    # The same results as one uninterrupted run.
    with open_store(db, create=False) as store:
        resumed = stored(store)
        assert [r[3] for r in store.runs()] == ["running", "finished"]
        assert store.runs()[0][9] == done  # the killed run counted what it committed
    with open_store(tmp_path / "clean.db") as store:
        batch([corpus], store)
        assert stored(store) == resumed


def test_run_counts_are_committed_with_the_work(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", 30)
    with corpus.open("a", encoding="utf-8") as handle:
        handle.write("{broken\n")
    db = tmp_path / "r.db"
    seen: list[tuple[int, int, int, int]] = []

    def look(tally: Any) -> None:  # as another process would, while the run goes on
        with open_store(db, create=False) as reader:
            row = reader.runs()[-1]
        seen.append((tally.analysed, tally.failed, row[9], row[11]))

    with open_store(db) as store:
        executor = ThreadExecutor()
        try:
            options = BatchOptions(model="fast", commit_every=4)
            run_batch([corpus], store, options, executor=executor, on_progress=look)
        finally:
            executor.close(cancel=False)
    assert len(seen) > 5 and seen[-1][:2] == (30, 1)
    assert all((analysed, failed) == (stored, recorded) for analysed, failed, stored, recorded
               in seen)  # fmt: skip


def _session_processes(session: int) -> list[int]:
    """The live (not zombie) processes of a session, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, _, _, sid = stat.rsplit(")", 1)[1].split()[:4]
        if int(sid) == session and state != "Z":
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs Linux's /proc")
@pytest.mark.parametrize("cluster", [[], ["--dask", "local"]], ids=["processes", "dask"])
def test_workers_exit_when_the_batch_is_killed(tmp_path: Path, cluster: list[str]) -> None:
    if cluster:
        pytest.importorskip("distributed")
    corpus = write_corpus(tmp_path / "c.jsonl", 2000)
    db = tmp_path / "r.db"
    command = [sys.executable, "-m", "propscan", "batch", str(corpus), "--db", str(db)]
    command += ["-w", "2", "--model", "fast", *cluster]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while _count(db) < 5 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert process.poll() is None, "the batch ended before it could be killed"
        # The batch and its two workers (and multiprocessing's resource tracker).
        assert len(_session_processes(process.pid)) >= 3
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        # Workers check every half second; the margin is for a machine busy with other work.
        deadline = time.monotonic() + 10
        while _session_processes(process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _session_processes(process.pid) == []
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def test_url_lists_are_fetched_once(tmp_path: Path) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    page = (
        "<html><head><title>Harbour sale</title></head><body><article>"
        + "".join(f"<p>{s}</p>" for s in SENTENCES[:5])
        + "</article></body></html>"
    )
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            body, kind = {
                "/a.html": (page, "text/html; charset=utf-8"),
                "/b.txt": (article_text(3), "text/plain; charset=utf-8"),
            }.get(self.path, ("", ""))
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", kind or "text/plain")
            self.send_header("Content-Length", str(len(body.encode())))
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        urls = tmp_path / "list.urls"
        urls.write_text(f"{base}/a.html\n{base}/b.txt\n{base}/gone\n", encoding="utf-8")
        with open_store(tmp_path / "r.db") as store:
            refused = batch([urls], store)
            assert refused.failed == 3 and hits == []  # private addresses: refused by default
            report = batch([urls], store, ingest=IngestOptions(allow_private=True, timeout=5))
            assert (report.analysed, report.failed) == (2, 1)
            assert "404" in dict((a, e) for a, _, e in report.failures)[f"{base}/gone"]
            results = stored(store)
            assert results[f"{base}/a.html"]["document"]["metadata"]["title"] == "Harbour sale"
            assert results[f"{base}/b.txt"]["document"]["metadata"]["source"] == "127.0.0.1"
            fetched = len(hits)
            again = batch([urls], store, ingest=IngestOptions(allow_private=True, timeout=5))
            assert (again.analysed, again.skipped) == (0, 2)
            assert hits[fetched:] == ["/gone"]  # stored pages are not fetched again
    finally:
        server.shutdown()
        server.server_close()


def test_a_dead_worker_process_stops_the_run_cleanly(tmp_path: Path) -> None:
    from propscan.corpus.batch import WorkerError
    from propscan.corpus.local import ProcessExecutor

    corpus = write_corpus(tmp_path / "c.jsonl", 60)
    executor = ProcessExecutor(1, "fast")
    killed: list[bool] = []

    def kill_worker(tally: Any) -> None:
        if tally.done >= 5 and not killed:
            killed.append(True)
            for process in list(executor._pool._processes.values()):  # type: ignore[union-attr]
                os.kill(process.pid, signal.SIGKILL)

    with open_store(tmp_path / "r.db") as store:
        try:
            with pytest.raises(WorkerError, match="run the same command again to resume"):
                options = BatchOptions(model="fast", commit_every=2)
                run_batch([corpus], store, options, executor=executor, on_progress=kill_worker)
        finally:
            executor.close(cancel=True)
        assert store.runs()[0][3] == "stopped"
        report = batch([corpus], store)
        assert report.analysed + report.skipped == 60 and report.failed == 0
    assert check_whole(tmp_path / "r.db") == 60

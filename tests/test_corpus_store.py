"""The corpus store: the same tests against SQLite and a real, throwaway PostgreSQL server."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from propscan.analysis import Analysis
from propscan.corpus.export import analyses
from propscan.corpus.sources import ArticleInput, digest
from propscan.corpus.store import StoreError, open_store
from propscan.corpus.worker import ArticleResult, analyze_item
from propscan.ingest import IngestOptions
from propscan.pipeline import analyze

# The fixtures of tests/conftest.py that reach behind the store.
RawSql = Callable[[str, str], None]
DropVoices = Callable[[str], None]

TEXTS = {
    "a1": "Critics called the mayor a shameless traitor.\nEvery true patriot knows this is a "
    "disaster for our great nation!\n",
    "a2": "Heavy rain closed the coast road on Monday.\nOfficials said it would reopen.\n",
    "b3": "The minister said the tax was fair. Opponents warned it would destroy every small "
    "business in the country overnight!\n",
}


def result(article_id: str, outlet: str | None = "Gazette") -> ArticleResult:
    item = ArticleInput(
        article_id, f"test:{article_id}", "text", TEXTS[article_id], digest(TEXTS[article_id]),
        title=f"Title <{article_id}>", outlet=outlet, date="2024-03-05",
    )  # fmt: skip
    found = analyze_item(item, "fast", IngestOptions())
    assert isinstance(found, ArticleResult)
    return found


def test_round_trip(address: str) -> None:
    with open_store(address) as store:
        run_id = store.start_run("fast", "v", {"workers": 1}, ["in.jsonl"])
        for aid in TEXTS:
            with store.writing():
                store.put_result(result(aid), run_id)
        store.finish_run(run_id, "finished", 3, 0, 0)
    with open_store(address, create=False) as store:
        assert store.models() == ["fast"]
        assert store.count("fast") == 3
        states = store.states(["a1", "b3", "zz"], "fast")
        assert set(states) == {"a1", "b3"}
        assert states["a1"].sha256 == digest(TEXTS["a1"]) and states["a1"].summary_run == run_id
        assert store.states(["a1"], "accurate")["a1"].summary_run is None
        [run] = store.runs()
        assert run[0] == run_id and run[3] == "finished" and run[9:] == (3, 0, 0)
        records = list(analyses(store, "fast"))
    assert [r["id"] for r in records] == ["a1", "a2", "b3"]
    for record in records:
        stored = Analysis.from_json(record)
        direct = analyze(TEXTS[record["id"]], model="fast")
        assert stored.spans == direct.spans
        assert stored.sentences == direct.sentences
        assert stored.summary == direct.summary
        assert (stored.claims, stored.quotes, stored.actors) == (
            direct.claims,
            direct.quotes,
            direct.actors,
        )
        assert stored.claims, "every article has sentences, so claims"
        assert stored.document.metadata.title == f"Title <{record['id']}>"
        assert stored.document.metadata.source == "Gazette"


def test_rewriting_replaces_and_a_failed_transaction_leaves_nothing(address: str) -> None:
    with open_store(address) as store:
        first = result("a1")
        for _ in range(2):
            with store.writing():
                store.put_result(first, 1)
        assert sum(1 for _ in store.iter_fragments("fast")) == len(first.fragments)
        assert sum(1 for _ in store.iter_sentences("fast")) == len(first.sentences)
        with pytest.raises(RuntimeError), store.writing():
            store.put_result(result("a2"), 1)
            raise RuntimeError("killed half-way")
        assert store.count("fast") == 1
        assert store.states(["a2"], "fast") == {}
        assert {r[0] for r in store.iter_sentences("fast")} == {"a1"}


def test_failures_are_recorded_and_cleared_by_success(address: str) -> None:
    with open_store(address) as store:
        store.put_failure("a1", "fast", 1, "in.jsonl:1", "in.jsonl:1: the input is empty")
        store.put_failure("a1", "fast", 2, "in.jsonl:1", "again")
        assert [r[2:5] for r in store.failures("fast")] == [(2, "in.jsonl:1", "again")]
        assert store.failures("fast", run_id=1) == []
        with store.writing():
            store.put_result(result("a1"), 3)
        assert store.failures() == []


def test_drop_article_removes_every_model(address: str) -> None:
    with open_store(address) as store:
        with store.writing():
            store.put_result(result("a1"), 1)
            store.put_result(result("a2"), 1)
        with store.writing():
            store.drop_article("a1")
        assert store.states(["a1", "a2"], "fast").keys() == {"a2"}
        assert {r[0] for r in store.iter_fragments("fast")} <= {"a2"}


def test_a_newer_schema_is_refused_and_left_alone(address: str, raw_sql: RawSql) -> None:
    open_store(address).close()
    raw_sql(address, "UPDATE propscan_meta SET value = '4' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match=r"newer propscan \(schema version 4; .* reads up to 3\)"):
        open_store(address)
    raw_sql(address, "UPDATE propscan_meta SET value = '3' WHERE key = 'schema_version'")
    open_store(address, create=False).close()


def test_a_version_1_store_is_read_as_is_and_upgraded_by_a_writer(
    address: str, raw_sql: RawSql, drop_voices: DropVoices
) -> None:
    with open_store(address) as store, store.writing():
        store.put_result(result("a1"), 1)
    # A version-1 database: no statements tables, no voices.
    for table in ("claims", "quotes", "actors"):
        raw_sql(address, f"DROP TABLE {table}")
    drop_voices(address)
    raw_sql(address, "UPDATE propscan_meta SET value = '1' WHERE key = 'schema_version'")
    with open_store(address, create=False) as reader:
        assert reader.schema_version == 1
        assert list(reader.iter_statements("claims", "fast")) == []
        assert reader.count("fast") == 1
    with open_store(address) as writer:
        assert writer.schema_version == 3
        with writer.writing():
            writer.put_result(result("a2"), 1)
        assert {r[0] for r in writer.iter_statements("claims", "fast")} == {"a2"}
        assert writer.count("fast") == 2


def test_a_version_2_store_is_read_as_is_and_upgraded_by_a_writer(
    address: str, raw_sql: RawSql, drop_voices: DropVoices
) -> None:
    with open_store(address) as store, store.writing():
        store.put_result(result("a1"), 1)
    drop_voices(address)
    raw_sql(address, "UPDATE propscan_meta SET value = '2' WHERE key = 'schema_version'")
    with open_store(address, create=False) as reader:
        assert reader.schema_version == 2
        # Read as the author's voice, and the JSON form refused with the way out.
        assert {r[7] for r in reader.iter_fragments("fast")} == {"author"}
        with pytest.raises(StoreError, match=r"older propscan.*--force"):
            list(analyses(reader, "fast"))
    with open_store(address) as writer:
        assert writer.schema_version == 3
        with writer.writing():
            writer.drop_article("a1")
            writer.put_result(result("a1"), 1)
        (record,) = analyses(writer, "fast")
        fresh = analyze(TEXTS["a1"], model="fast")
        assert record["summary"]["author"] == fresh.to_dict()["summary"]["author"]


def test_a_foreign_database_is_refused_and_left_alone(address: str, raw_sql: RawSql) -> None:
    raw_sql(address, "CREATE TABLE articles (something TEXT)")
    with pytest.raises(StoreError, match=r"not a propscan database .*refusing"):
        open_store(address)
    if not address.startswith("postgresql://"):
        assert _sqlite_tables(address) == {"articles"}


def test_reading_needs_an_existing_store(address: str) -> None:
    with pytest.raises(StoreError):
        open_store(address, create=False)


def _sqlite_tables(path: str) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def test_sqlite_refuses_files_that_are_not_databases(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("my precious notes\n" * 20, encoding="utf-8")
    with pytest.raises(StoreError, match=r"not a propscan database \(not an SQLite file\)"):
        open_store(text)
    assert text.read_text(encoding="utf-8") == "my precious notes\n" * 20
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    with pytest.raises(StoreError, match="it has tables contacts"):
        open_store(other)
    assert other.read_bytes() == before
    with pytest.raises(StoreError, match="no such folder"):
        open_store(tmp_path / "missing" / "r.db")


def test_postgres_address_errors_hide_the_password(postgres_server: str) -> None:
    port = postgres_server.rsplit(":", 1)[1]
    with pytest.raises(StoreError) as caught:
        open_store(f"postgresql://postgres:s3cret@127.0.0.1:{port}/no_such_database")
    assert "s3cret" not in str(caught.value) and "cannot connect" in str(caught.value)


def test_a_lost_postgres_connection_stops_the_run_and_a_rerun_loses_nothing(
    postgres_server: str, new_postgres_database: Callable[[], str], tmp_path: Path
) -> None:
    import json

    import psycopg

    from propscan.corpus.batch import BatchOptions, Future, run_batch

    class Threads:
        capacity = 2

        def __init__(self) -> None:
            self.pool = ThreadPoolExecutor(2)

        def submit(self, item: ArticleInput, model: str, options: IngestOptions) -> Future:
            return self.pool.submit(analyze_item, item, model, options)

        def close(self, cancel: bool) -> None:
            self.pool.shutdown(cancel_futures=cancel)

    corpus = tmp_path / "c.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for i in range(30):
            text = f"Story {i}.\n{TEXTS[('a1', 'a2', 'b3')[i % 3]]}"
            handle.write(json.dumps({"id": f"p{i}", "text": text}) + "\n")
    address = new_postgres_database()
    executor = Threads()
    try:
        store = open_store(address)
        backend = store._conn.info.backend_pid  # type: ignore[attr-defined]

        cut_once: list[bool] = []

        def cut(tally: Any) -> None:
            if tally.done >= 8 and not cut_once:  # the server goes away mid-run
                cut_once.append(True)
                with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as admin:
                    admin.execute("SELECT pg_terminate_backend(%s)", (backend,))

        with pytest.raises(StoreError, match=r"(?i)terminat|connection|closed"):
            options = BatchOptions(model="fast", commit_every=4)
            run_batch([corpus], store, options, executor=executor, on_progress=cut)
        store.close()
        with open_store(address) as again:
            done = again.count("fast")
            assert 8 <= done < 30
            report = run_batch([corpus], again, BatchOptions(model="fast"), executor=executor)
            assert (report.analysed, report.skipped, report.failed) == (30 - done, done, 0)
            assert again.count("fast") == 30
            records = list(analyses(again, "fast"))
    finally:
        executor.close(cancel=False)
    assert sorted(r["id"] for r in records) == sorted(f"p{i}" for i in range(30))
    for record in records:
        Analysis.from_json(record)

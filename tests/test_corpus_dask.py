"""Corpus mode on a real Dask cluster (distributed.LocalCluster): the same results as locally."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from propscan.corpus.batch import BatchOptions, run_batch
from propscan.corpus.export import analyses
from propscan.corpus.store import Store, open_store

distributed = pytest.importorskip("distributed")

SENTENCES = [
    "The council voted on Tuesday to sell the old harbour to a developer.",
    "Critics called the mayor a shameless traitor who would sell his own mother.",
    "Every true patriot knows this is a disaster for our great nation!",
    "Opponents warned it would destroy every small business in the country overnight.",
    "Residents met in the town hall to discuss the new bus timetable.",
    "This reckless plan is a betrayal of everything our town stands for.",
]


def _corpus(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            text = "\n".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(1 + i % 4))
            handle.write(json.dumps({"id": f"d{i}", "text": text, "source": f"o{i % 2}"}) + "\n")
        handle.write(json.dumps({"id": "empty", "text": " "}) + "\n")
    return path


def _results(store: Store) -> dict[str, Any]:
    return {r.pop("id"): r for r in analyses(store, "fast")}


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A real in-process cluster: one worker with two threads, no dashboard."""
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    )
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def test_dask_gives_the_same_results_as_local_processes(tmp_path: Path, client: Any) -> None:
    from propscan.corpus.cluster import DaskExecutor, PreloadModel

    corpus = _corpus(tmp_path / "c.jsonl", 40)
    with open_store(tmp_path / "local.db") as local:
        report = run_batch([corpus], local, BatchOptions(model="fast", workers=1))
        assert (report.analysed, report.failed) == (40, 1)
        expected = _results(local)
    executor = DaskExecutor(client, "fast")
    plugins = client.run(lambda dask_worker: sorted(dask_worker.plugins))
    assert all(PreloadModel.name in names for names in plugins.values())
    with open_store(tmp_path / "dask.db") as store:
        report = run_batch(
            [corpus], store, BatchOptions(model="fast", dask="local"), executor=executor
        )
        assert (report.analysed, report.skipped, report.failed) == (40, 0, 1)
        assert report.failures[0][0] == "empty"
        assert _results(store) == expected
        # Exactly once on the cluster too: a second run only skips.
        again = run_batch(
            [corpus], store, BatchOptions(model="fast", dask="local"), executor=executor
        )
        assert (again.analysed, again.skipped) == (0, 40)


def test_cli_dask_local_starts_a_cluster_of_processes(tmp_path: Path) -> None:
    import subprocess
    import sys

    corpus = _corpus(tmp_path / "c.jsonl", 12)
    db = tmp_path / "r.db"
    command = [sys.executable, "-m", "propscan", "batch", str(corpus), "--db", str(db)]
    command += ["--model", "fast"]
    done = subprocess.run(
        [*command, "--dask", "local", "--workers", "1"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1  # the one empty article
    assert done.stderr.splitlines()[0].startswith("13 articles: 12 analysed, 0 skipped")
    assert "distributed" not in done.stderr and "Traceback" not in done.stderr
    with open_store(tmp_path / "local.db") as local:
        run_batch([corpus], local, BatchOptions(model="fast", workers=1))
        expected = _results(local)
    with open_store(db, create=False) as store:
        assert _results(store) == expected

"""The server refuses articles it cannot hold, and gives memory back after a long one."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient

import propscan.web.queue
import propscan.web.service
from propscan.config import Settings
from propscan.web.app import create_app
from propscan.web.limits import ServerLimits
from propscan.web.queue import QueueFull, WorkQueue


def test_the_queue_counts_characters_in_flight() -> None:
    async def main() -> None:
        queue = WorkQueue(workers=4, max_pending=4, max_chars=100)
        release = threading.Event()
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(lambda: queue.run(release.wait, 30, chars=70))
            await anyio.sleep(0.1)
            assert queue.chars == 70
            with pytest.raises(QueueFull, match="70 characters"):
                await queue.run(lambda: None, chars=31)
            assert await queue.run(lambda: "fits", chars=30) == "fits"
            release.set()
        assert queue.chars == 0
        # Alone, a job is taken whatever its size: the body cap bounds it.
        assert await queue.run(lambda: "alone", chars=1000) == "alone"

    anyio.run(main)


def test_too_many_characters_in_flight_get_503_with_retry_after(
    settings: Settings, blocking: Any
) -> None:
    limits = ServerLimits(max_chars_in_flight=1000)
    app = create_app(settings, workers=2, max_pending=8, limits=limits)
    long = "Take back control! " * 40  # 760 characters
    with TestClient(app) as client, ThreadPoolExecutor(1) as pool:
        first = pool.submit(client.post, "/v1/analyze", json={"text": long})
        assert blocking.started.wait(30)
        busy = client.post("/v1/analyze", json={"text": long})
        assert busy.status_code == 503
        assert busy.headers["retry-after"].isdigit()
        assert busy.headers["x-content-type-options"] == "nosniff"
        assert "characters" in busy.json()["detail"]
        batch = client.post("/v1/analyze/batch", json={"items": [{"text": long}]})
        assert batch.status_code == 503
        blocking.release.set()
        assert first.result(timeout=30).status_code == 200
        assert client.post("/v1/analyze", json={"text": long}).status_code == 200


def test_memory_is_given_back_after_a_long_article(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    trims: list[int] = []
    monkeypatch.setattr(propscan.web.queue, "release_memory", lambda: trims.append(1) or True)
    with TestClient(create_app(settings)) as client:
        assert client.post("/v1/analyze", json={"text": "Short one."}).status_code == 200
        assert trims == []
        text = "Take back control! " * (propscan.web.queue.TRIM_CHARS // 19 + 1)
        assert client.post("/v1/analyze", json={"text": text}).status_code == 200
        assert trims == [1]


def test_release_memory_calls_malloc_trim_where_there_is_one() -> None:
    assert propscan.web.queue.release_memory() in (True, False)

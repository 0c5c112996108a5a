"""`propscan serve` and the uvicorn runner, without binding a port."""

from __future__ import annotations

from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner
from fastapi import FastAPI
from fastapi.testclient import TestClient
from uvicorn.protocols.http.h11_impl import H11Protocol

import propscan.web.server
from propscan.cli import cli
from propscan.config import Settings
from propscan.web.limits import ServerLimits


def test_run_serves_the_app_on_uvicorn(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    configs: list[uvicorn.Config] = []

    class Server:
        def __init__(self, config: uvicorn.Config) -> None:
            configs.append(config)

        def run(self) -> None:
            pass

    monkeypatch.setattr(propscan.web.server.uvicorn, "Server", Server)
    propscan.web.server.run(
        settings, host="127.0.0.1", port=8123, api_key="k", max_body_bytes=1000, max_pending=3
    )
    [config] = configs
    app = config.app
    assert isinstance(app, FastAPI)
    assert config.host == "127.0.0.1" and config.port == 8123 and config.server_header is False
    # Its own protocol limits connections (uvicorn's limit_concurrency answers a bare 503).
    assert isinstance(config.http, type) and issubclass(config.http, H11Protocol)
    assert config.limit_concurrency is None
    with TestClient(app) as client:
        assert client.get("/v1/techniques").status_code == 401
        big = client.post("/v1/analyze", json={"text": "x" * 2000}, headers={"X-API-Key": "k"})
        assert big.status_code == 413


def test_serve_command_passes_its_options(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def fake_run(settings: Settings, **options: Any) -> None:
        seen.update(options, model=settings.model)

    monkeypatch.setattr(propscan.web.server, "run", fake_run)
    monkeypatch.setenv("PROPSCAN_API_KEY", "from-env")
    args = ["serve", "--port", "9000", "--max-body", "1234", "--max-pending", "2", "-m", "fast",
            "--max-in-flight", "5678"]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert seen == {
        "host": "127.0.0.1",
        "port": 9000,
        "api_key": "from-env",
        "max_body_bytes": 1234,
        "max_pending": 2,
        "limits": ServerLimits(max_chars_in_flight=5678),
        "model": "fast",
    }

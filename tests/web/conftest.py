"""Fixtures of the web tests: settings, an in-process client, a real uvicorn server in a thread.

Helpers are handed out as fixtures rather than imported, so the tests work in every pytest
import mode.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

import propscan.web.service
from propscan.config import Settings, load_settings
from propscan.detectors import Detection, load_detector
from propscan.document import Document
from propscan.web.app import create_app

Serve = Callable[[FastAPI | uvicorn.Config], AbstractContextManager[str]]


@contextmanager
def _serve(app: FastAPI | uvicorn.Config) -> Iterator[str]:
    """Run ``app`` (or a uvicorn configuration of one, whose host and port are ignored) on
    uvicorn in a thread, on a free 127.0.0.1 port; yield its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    if not isinstance(app, uvicorn.Config):
        app = uvicorn.Config(app, log_level="warning", lifespan="on")
    server = uvicorn.Server(app)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


class Blocking:
    """The real detector, held up until released, so requests pile up."""

    def __init__(self) -> None:
        self.inner = load_detector("fast")
        self.name = self.inner.name
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self, doc: Document) -> Detection:
        self.started.set()
        assert self.release.wait(30)
        return self.inner(doc)


@pytest.fixture
def blocking(monkeypatch: pytest.MonkeyPatch) -> Blocking:
    """The detector every app made in the test serves: the fast one, held up in each call
    until ``blocking.release`` is set (``blocking.started`` is set when a call begins)."""
    detector = Blocking()
    monkeypatch.setattr(propscan.web.service, "load_detector", lambda name=None: detector)
    return detector


@pytest.fixture(scope="session")
def settings() -> Settings:
    """The packaged defaults, with the fast model: these tests are about the service, and the
    fast model keeps them quick (the accurate model's web path has its own tests)."""
    return load_settings(model="fast")


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    """A client of an app with the default limits and no API key."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def serve() -> Serve:
    """``with serve(app) as base_url:`` runs ``app`` on a real server for the block."""
    return _serve

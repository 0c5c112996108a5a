"""Slow and greedy clients against the real server (uvicorn, with propscan serve's protocol),
on loopback, in bounded number and time."""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI

from propscan.config import Settings
from propscan.web.app import create_app
from propscan.web.limits import ServerLimits
from propscan.web.middleware import CSP
from propscan.web.server import uvicorn_config

LIMITS = ServerLimits(
    header_timeout=2.0, body_idle_timeout=1.5, body_timeout=3.0, max_per_client=4,
    max_connections=40,
)  # fmt: skip
# Taken by the "other" client: all of 127.0.0.0/8 is this machine on Linux.
OTHER_CLIENT = "127.0.0.2"
SLOW_HEAD = b"POST /v1/analyze HTTP/1.1\r\nHost: x\r\n"
SLOW_BODY_HEAD = SLOW_HEAD + b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"


@pytest.fixture(scope="module")
def app(settings: Settings) -> FastAPI:
    return create_app(settings, workers=1, max_pending=4, limits=LIMITS)


@contextmanager
def _dripping(sockets: list[socket.socket], every: float) -> Iterator[None]:
    """Send one byte on each socket every ``every`` seconds, as a slow client does."""
    stop = threading.Event()

    def drip() -> None:
        while not stop.wait(every):
            for sock in sockets:
                with contextlib.suppress(OSError):  # closed by the server: as it should
                    sock.send(b" ")

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def _response(sock: socket.socket, timeout: float) -> tuple[int, dict[str, str], bool]:
    """The status and headers the server sent on ``sock``, and whether it then closed it."""
    sock.settimeout(timeout)
    data = b""
    closed = False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            break
        if not chunk:
            closed = True
            break
        data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    assert head and head[0].startswith("HTTP/1.1 "), data[:200]
    headers = dict(line.lower().split(": ", 1) for line in head[1:])
    return int(head[0].split()[1]), headers, closed


def _request(base: str, method: str, path: str, source: str, body: Any = None) -> Any:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(
        parts.hostname or "", parts.port, timeout=20, source_address=(source, 0)
    )
    try:
        payload = None if body is None else json.dumps(body)
        connection.request(method, path, payload, {"content-type": "application/json"})
        response = connection.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        return response.status, headers, response.read()
    finally:
        connection.close()


def test_slow_clients_are_cut_off_and_others_are_served(app: FastAPI, serve: Any) -> None:
    config = uvicorn_config(app, host="127.0.0.1", port=0, workers=1, max_pending=4,
                            limits=LIMITS)  # fmt: skip
    with serve(config) as base, ExitStack() as stack:
        port = urlsplit(base).port
        try:  # is 127.0.0.2 usable as a source address here?
            socket.create_connection(("127.0.0.1", port), source_address=(OTHER_CLIENT, 0)).close()
        except OSError as exc:
            pytest.skip(f"cannot connect from {OTHER_CLIENT}: {exc}")

        def attacker(first: bytes) -> socket.socket:
            sock = stack.enter_context(socket.create_connection(("127.0.0.1", port)))
            sock.sendall(first)
            return sock

        admitted = [attacker(SLOW_BODY_HEAD) for _ in range(LIMITS.max_per_client)]
        time.sleep(0.3)  # counted first: these hold the client's share
        refused = [attacker(SLOW_BODY_HEAD) for _ in range(8)]
        slow_heads = [attacker(SLOW_HEAD) for _ in range(3)]
        started = time.monotonic()
        with _dripping(admitted + refused + slow_heads, every=0.5):
            # Over the client's share: refused at once, with Retry-After and the headers.
            for sock in refused:
                status, headers, closed = _response(sock, timeout=5)
                assert (status, closed) == (503, True)
                assert headers["retry-after"] == "1" and headers["content-security-policy"] == CSP
            # Meanwhile another client is served, and /healthz answers even the greedy one.
            status, _, body = _request(base, "GET", "/healthz", OTHER_CLIENT)
            assert status == 200 and json.loads(body)["status"] == "ok"
            status, _, body = _request(base, "GET", "/healthz", "127.0.0.1")
            assert status == 200
            status, _, body = _request(
                base, "POST", "/v1/analyze", OTHER_CLIENT, {"text": "Take back control!"}
            )
            assert status == 200 and json.loads(body)["document"]["text"] == "Take back control!"
            status, headers, _ = _request(base, "POST", "/v1/analyze", "127.0.0.1", {"text": "a"})
            assert status == 503 and headers["retry-after"] == "1"
            # Headers that never end: 408 after header_timeout, closed.
            for sock in slow_heads:
                status, headers, closed = _response(sock, timeout=5)
                assert (status, closed) == (408, True)
                assert headers["content-security-policy"] == CSP
            # Bodies that trickle: 408 after body_timeout (they never stall for long), closed.
            for sock in admitted:
                status, headers, closed = _response(sock, timeout=8)
                assert (status, closed) == (408, True)
                assert headers["content-security-policy"] == CSP
        assert time.monotonic() - started < 15
        # With the slow connections gone, the greedy client has its share back.
        status, _, _ = _request(base, "POST", "/v1/analyze", "127.0.0.1", {"text": "Fine now."})
        assert status == 200


def test_a_stalled_body_is_refused_after_the_idle_timeout(app: FastAPI, serve: Any) -> None:
    config = uvicorn_config(app, host="127.0.0.1", port=0, workers=1, max_pending=4,
                            limits=LIMITS)  # fmt: skip
    with serve(config) as base:
        port = urlsplit(base).port
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(SLOW_BODY_HEAD + b'{"text": ')
            started = time.monotonic()
            status, headers, closed = _response(sock, timeout=6)
            waited = time.monotonic() - started
    assert (status, closed) == (408, True)
    assert LIMITS.body_idle_timeout - 0.2 < waited < LIMITS.body_timeout
    assert headers["connection"] == "close"

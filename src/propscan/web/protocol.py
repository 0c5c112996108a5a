"""uvicorn's HTTP/1.1 protocol (h11), with limits on slow and greedy clients.

uvicorn times out only idle keep-alive connections, and each byte that arrives restarts that
wait: a client sending its headers a byte at a time held its connection for ever. Its
``limit_concurrency`` answers 503 with neither Retry-After nor the security headers, and to
``/healthz`` too. Here, per connection:

- the request's headers must arrive within ``header_timeout`` of the connection's opening (or
  of the previous response): else 408 and the connection is closed;
- a connection beyond ``max_per_client`` for its client address, or beyond
  ``max_connections`` in all, is answered 503 with Retry-After and the security headers once
  its headers are read, and closed; ``/healthz`` is answered as usual.

Slow bodies are the app's to refuse (``BodyGuard``), where the request is known.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from typing import Any

from starlette.responses import JSONResponse
from uvicorn.protocols.http.h11_impl import H11Protocol

from propscan.web.limits import ServerLimits
from propscan.web.middleware import SECURITY_HEADERS

# The path answered whatever the load: a monitor must be able to tell "busy" from "down".
ALWAYS_ANSWERED = "/healthz"
# Seconds a connection cut off for slow headers stays open, its input dropped, after the 408
# and the end of stream are sent (see _linger).
_LINGER = 2.0


def _raw_response(status: str, detail: str) -> bytes:
    body = json.dumps({"detail": detail}).encode("utf-8")
    headers = [("content-type", "application/json"), ("content-length", str(len(body))),
               ("connection", "close"), *SECURITY_HEADERS]  # fmt: skip
    head = "".join(f"{name}: {value}\r\n" for name, value in headers)
    return f"HTTP/1.1 {status}\r\n{head}\r\n".encode("latin-1") + body


def guarded_protocol(
    limits: ServerLimits, max_connections: int, retry_after: str
) -> type[H11Protocol]:
    """A protocol class for ``uvicorn.Config(http=...)`` enforcing ``limits``; each call gives
    a class with its own connection counts (one server's)."""
    held: Counter[str] = Counter()
    busy = JSONResponse(
        {"detail": "server busy: too many connections from you or in all; retry later"},
        status_code=503,
        headers={"Retry-After": retry_after, "Connection": "close", **dict(SECURITY_HEADERS)},
    )
    # Written straight to the socket: h11 cannot answer a request whose headers it lacks.
    too_slow = _raw_response(
        "408 Request Timeout",
        f"request headers not received within {limits.header_timeout:g}s",
    )

    async def refuse(app: Any, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == ALWAYS_ANSWERED:
            await app(scope, receive, send)
            return
        await busy(scope, receive, send)

    class GuardedH11Protocol(H11Protocol):
        _address = ""
        _counted = False
        _header_timer: asyncio.TimerHandle | None = None
        _lingering = False

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._address = self.client[0] if self.client else ""
            if held[self._address] < limits.max_per_client and sum(held.values()) < (
                max_connections
            ):
                held[self._address] += 1
                self._counted = True
            else:
                app = self.app
                self.app = lambda scope, receive, send: refuse(app, scope, receive, send)
            self._wait_for_headers()

        def connection_lost(self, exc: Exception | None) -> None:
            if self._counted:
                self._counted = False
                held[self._address] -= 1
                if not held[self._address]:
                    del held[self._address]
            self._stop_waiting()
            super().connection_lost(exc)

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._wait_for_headers()  # of the next request on this connection

        def _wait_for_headers(self) -> None:
            self._stop_waiting()
            # A new request replaces self.cycle once its headers are read.
            waiting_since = self.cycle
            self._header_timer = self.loop.call_later(
                limits.header_timeout, self._headers_too_slow, waiting_since
            )

        def _stop_waiting(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _headers_too_slow(self, waiting_since: object) -> None:
            self._header_timer = None
            if self.cycle is waiting_since and not self.transport.is_closing():
                self.transport.write(too_slow)
                self._linger()

        def _linger(self) -> None:
            # Closing a socket with unread input makes the kernel reset the connection, and
            # the reset can reach a client still sending before the 408 does (seen here under
            # load): so the writing side is shut first (the 408, then end of stream), what the
            # client still sends is dropped, and the socket is closed a moment later.
            self._lingering = True
            if self.transport.can_write_eof():
                self.transport.write_eof()
            self.loop.call_later(_LINGER, self.transport.close)

        def data_received(self, data: bytes) -> None:
            if not self._lingering:
                super().data_received(data)

    return GuardedH11Protocol

"""ASGI middleware: request body limits and content types, security headers, metrics.

Written as plain ASGI classes (not ``BaseHTTPMiddleware``) so responses stream through untouched
and the refusals below are answered before any route (or JSON parser) sees the body.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from time import perf_counter

import anyio
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from propscan.web.errors import INTERNAL
from propscan.web.limits import ServerLimits
from propscan.web.metrics import Metrics

log = logging.getLogger("propscan.web")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
)
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def is_json(content_type: str | None) -> bool:
    """Whether a Content-Type header names JSON (``application/json``, ``…+json``)."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


async def _refuse(
    scope: Scope,
    receive: Receive,
    send: Send,
    status: int,
    detail: str,
    headers: dict[str, str] | None = None,
) -> None:
    await JSONResponse({"detail": detail}, status_code=status, headers=headers)(
        scope, receive, send
    )


API_KEY_HEADER = "X-API-Key"
UNAUTHORIZED = f"missing or wrong API key (send it in the {API_KEY_HEADER} header)"


def key_matches(given: str | None, expected: str) -> bool:
    """Whether ``given`` is the API key, compared in constant time."""
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


class KeyGuard:
    """Refuses requests to guarded paths without the API key (401), before anything else.

    The API routes check the key again as a FastAPI dependency (which also documents it in the
    OpenAPI description); this check comes first so that an unauthenticated client learns
    nothing else (not even whether its JSON parses).

    Args:
        app: The wrapped app.
        api_key: The key; ``X-API-Key`` must equal it.
        guarded: Whether a path needs the key.
    """

    def __init__(self, app: ASGIApp, api_key: str, guarded: Callable[[str], bool]) -> None:
        self.app = app
        self.api_key = api_key
        self.guarded = guarded

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and self.guarded(scope["path"])
            and not key_matches(Headers(scope=scope).get(API_KEY_HEADER), self.api_key)
        ):
            await _refuse(scope, receive, send, 401, UNAUTHORIZED)
            return
        await self.app(scope, receive, send)


class BodyGuard:
    """Refuses bodies over ``max_bytes`` (413), non-JSON bodies on the API (415), and bodies
    that come too slowly (408, and the connection is closed).

    The Content-Length header is checked first; the body is then read in full, counting, so a
    chunked or lying request is cut off at the cap too, and replayed to the app.

    Args:
        app: The wrapped app.
        max_bytes: Largest request body accepted.
        json_only: Whether requests to a path must carry JSON.
        idle_timeout: Seconds the body may go without a byte arriving.
        timeout: Seconds the whole body may take.
    """

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        json_only: Callable[[str], bool],
        idle_timeout: float = ServerLimits.body_idle_timeout,
        timeout: float = ServerLimits.body_timeout,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.json_only = json_only
        self.idle_timeout = idle_timeout
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if self.json_only(scope["path"]) and not is_json(headers.get("content-type")):
            shown = headers.get("content-type") or "none"
            await _refuse(
                scope, receive, send, 415,
                f"unsupported content type {shown[:100]!r}; send application/json",
            )  # fmt: skip
            return
        too_big = f"request body over the size cap of {self.max_bytes} bytes"
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            await _refuse(scope, receive, send, 413, too_big)
            return
        chunks = []
        size = 0
        deadline = anyio.current_time() + self.timeout
        while True:
            left = deadline - anyio.current_time()
            message = None
            with anyio.move_on_after(min(self.idle_timeout, left)):
                message = await receive()
            if message is None:
                slow = (
                    f"request body not received within {self.timeout:g}s"
                    if left <= self.idle_timeout
                    else f"request body stalled: nothing received for {self.idle_timeout:g}s"
                )
                await _refuse(scope, receive, send, 408, slow, {"Connection": "close"})
                return
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _refuse(scope, receive, send, 413, too_big)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


class HeadAsGet:
    """Answers ``HEAD`` on every ``GET`` route: the ``GET`` response without its body.

    FastAPI's routes answer only the methods they name, so ``HEAD /`` got 405 (Starlette's
    plain routes add HEAD to GET, FastAPI's do not); HTTP asks that HEAD be answered wherever
    GET is.

    Args:
        app: The wrapped app.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class Observe:
    """Adds the security headers to every response and records it in the metrics; answers an
    unexpected error with a plain 500 (the traceback goes to the log).

    A response that sets its own Content-Security-Policy (the HTML report) keeps it.

    Args:
        app: The wrapped app.
        metrics: Where to record requests.
        route_of: The route label of a path (bounded, so unknown paths share one label).
    """

    def __init__(self, app: ASGIApp, metrics: Metrics, route_of: Callable[[str], str]) -> None:
        self.app = app
        self.metrics = metrics
        self.route_of = route_of

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = perf_counter()
        status = 500
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                started = True
                status = message["status"]
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    headers.setdefault(name, value)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # Answered here rather than by Starlette's outermost error handler, which sits
            # outside this middleware (its 500 had no security headers) and re-raises, so
            # uvicorn closed the connection under a client's next keep-alive request.
            if started:
                raise  # half a response is out: only closing the connection can end it
            log.exception("unexpected error on %s %s", scope["method"], scope["path"])
            await JSONResponse({"detail": INTERNAL}, status_code=500)(
                scope, receive, send_with_headers
            )
        finally:
            self.metrics.observe(
                self.route_of(scope["path"]), scope["method"], status, perf_counter() - start
            )

"""The web app: the page, and the REST API over the library (``create_app``).

Routes: ``GET /`` (the page), ``/static/*``, ``GET /docs`` (a local page listing the API from
``/openapi.json``; no CDN), ``GET /healthz``, and the API, which needs ``X-API-Key`` when the
server has a key: ``POST /v1/analyze``, ``POST /v1/analyze/batch``, ``POST /v1/filter``,
``POST /v1/report.html``, ``GET /v1/models``, ``GET /v1/techniques``, ``GET /metrics``.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import asdict
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import httpx
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from fastapi.security import APIKeyHeader
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from propscan import __version__
from propscan import threshold as display
from propscan.analysis import Analysis
from propscan.claims.sentences import check_sentences
from propscan.config import Settings
from propscan.errors import PropscanError
from propscan.ingest.fetch import Resolver
from propscan.report.html import CSP as REPORT_CSP
from propscan.report.html import render_html
from propscan.report.json_stream import iter_json
from propscan.taxonomy import TECHNIQUES
from propscan.web.errors import (
    detail_of,
    http_error,
    internal_error,
    status_of,
    validation_error,
)
from propscan.web.limits import ServerLimits
from propscan.web.metrics import Metrics
from propscan.web.middleware import (
    API_KEY_HEADER,
    UNAUTHORIZED,
    BodyGuard,
    HeadAsGet,
    KeyGuard,
    Observe,
    key_matches,
)
from propscan.web.queue import QueueFull, WorkQueue
from propscan.web.schemas import (
    AnalyzeRequest,
    BatchRequest,
    ClaimsRequest,
    FilterRequest,
    ReportRequest,
)
from propscan.web.service import Engine, filtered

T = TypeVar("T")
log = logging.getLogger("propscan.web")

STATIC = Path(__file__).resolve().parent / "static"
DEFAULT_MAX_BODY = 5_000_000
# Enough room for 16 concurrent clients on a 2-core machine. (Memory is bounded by the cap on
# open connections that `propscan serve` sets, see server.py: bodies are read before queueing.)
DEFAULT_MAX_PENDING = 32
# Seconds a client told "busy" (503) should wait; an analysis takes well under a second.
RETRY_AFTER = "1"

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "The article cannot be read, extracted or fetched."},
    401: {"description": "Missing or wrong API key (when the server has one)."},
    403: {"description": "The URL's host resolves to a private or otherwise blocked address."},
    413: {"description": "The request body is over the size cap."},
    415: {"description": "The body is not application/json."},
    422: {"description": "Malformed JSON, a missing or unknown field, or a bad value."},
    503: {
        "description": "Too many analyses waiting, or too many characters of articles in "
        "flight; retry after Retry-After seconds."
    },
}


def default_workers() -> int:
    """Worker threads for analyses: one per core, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def _key_check(api_key: str) -> Callable[[str | None], None]:
    def check(
        key: str | None = Security(APIKeyHeader(name=API_KEY_HEADER, auto_error=False)),
    ) -> None:
        if not key_matches(key, api_key):
            raise HTTPException(401, UNAUTHORIZED)

    return check


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class _Api:
    """The routes' shared state: the model, the queue, the metrics."""

    def __init__(self, engine: Engine, queue: WorkQueue) -> None:
        self.engine = engine
        self.queue = queue

    async def run(self, func: Callable[..., T], *args: object, chars: int = 0) -> T:
        """``func(*args)`` in a worker thread, its errors turned into HTTP errors."""
        try:
            return await self.queue.run(func, *args, chars=chars)
        except QueueFull as exc:
            raise HTTPException(
                503, f"server busy: {exc}; retry later",
                headers={"Retry-After": RETRY_AFTER},
            ) from None  # fmt: skip
        except PropscanError as exc:
            raise HTTPException(status_of(exc), detail_of(exc)) from None

    def analyze(self, request: AnalyzeRequest) -> bytes:
        # In pieces: a long article's dict tree would take several times its JSON's size.
        pieces = iter_json(self.engine.analyze(request), indent=None, separators=(",", ":"))
        return b"".join(piece.encode("utf-8") for piece in pieces)

    def batch(self, items: list[AnalyzeRequest]) -> bytes:
        results: list[dict[str, Any]] = []
        for index, item in enumerate(items):
            try:
                results.append({"index": index, "analysis": self.engine.analyze(item).to_dict()})
            except PropscanError as exc:
                error = {"status": status_of(exc), "detail": detail_of(exc)}
                results.append({"index": index, "error": error})
            except Exception:
                log.exception("batch item %d failed", index)
                error = {"status": 500, "detail": "internal error"}
                results.append({"index": index, "error": error})
        return _json({"results": results})

    def claims(self, request: ClaimsRequest) -> bytes:
        found = check_sentences(request.sentences, self.engine.pick(request.model))
        return _json({"claims": [{"verdict": v, "score": score} for v, score in found]})

    def filter(self, request: FilterRequest) -> bytes:
        given = Analysis.from_json(request.analysis)
        return _json(filtered(given, request.threshold, request.techniques).to_dict())

    def report(self, request: ReportRequest) -> str:
        if request.analysis is not None:
            given = Analysis.from_json(request.analysis)
            analysis = filtered(given, request.threshold, request.techniques)
        else:
            analysis = self.engine.analyze(request.source())
        return render_html(analysis)


def _routes(api: _Api) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["analysis"], responses=_ERRORS)

    @router.post("/analyze", summary="Analyse one article", response_class=Response)
    async def analyze(request: AnalyzeRequest) -> Response:
        """The analysis of one article, in the JSON schema propscan.analysis/2: the output of
        `propscan analyze --format json` (documented in docs/json-schema.md)."""
        answer = await api.run(api.analyze, request, chars=api.engine.chars(request))
        return Response(answer, media_type="application/json")

    @router.post("/analyze/batch", summary="Analyse several articles", response_class=Response)
    async def batch(request: BatchRequest) -> Response:
        """Up to 32 articles. The answer lists, in order, `{"index", "analysis"}` or
        `{"index", "error": {"status", "detail"}}` under "results": one failing article does
        not fail the others."""
        chars = sum(api.engine.chars(item) for item in request.items)
        answer = await api.run(api.batch, request.items, chars=chars)
        return Response(answer, media_type="application/json")

    @router.post("/claims", summary="Check-worthiness of sentences", response_class=Response)
    async def claims(request: ClaimsRequest) -> Response:
        """Up to 2,000 sentences, each judged on its own as `propscan claims` judges a CSV's:
        `{"claims": [{"verdict", "score"}, ...]}` in order, verdict 1 (check-worthy factual
        claim), 0 (unimportant factual statement) or -1 (non-factual), score the 0..1
        check-worthiness. An article's sentences are judged in context by /v1/analyze."""
        chars = sum(len(s) for s in request.sentences)
        answer = await api.run(api.claims, request, chars=chars)
        return Response(answer, media_type="application/json")

    @router.post("/filter", summary="Filter an analysis", response_class=Response)
    async def filter_analysis(request: FilterRequest) -> Response:
        """An analysis already made, with only the fragments at or above `threshold` and of
        `techniques`; its summary (score and counts) and actors are worked out again for them.
        The page asks for this when its filters change."""
        return Response(await api.run(api.filter, request), media_type="application/json")

    @router.get("/models", summary="Models and the display threshold")
    async def models() -> dict[str, Any]:
        """The models this server offers (`model` in an analysis request), the one it uses by
        default, and the display threshold that `threshold` defaults to."""
        return {
            "models": list(api.engine.models),
            "default": api.engine.detector.name,
            "threshold": display.DEFAULT_THRESHOLD,
        }

    @router.post("/report.html", summary="HTML report", response_class=HTMLResponse)
    async def report(request: ReportRequest) -> HTMLResponse:
        """The self-contained HTML report of an article, or of an analysis already made."""
        given = request.analysis
        chars = (
            api.engine.chars(request.source())
            if given is None
            else len(str((given.get("document") or {}).get("text") or ""))
        )
        page = await api.run(api.report, request, chars=chars)
        headers = {
            "Content-Security-Policy": f"{REPORT_CSP}; frame-ancestors 'none'",
            "Content-Disposition": 'attachment; filename="propscan-report.html"',
        }
        return HTMLResponse(page, headers=headers)

    @router.get("/techniques", summary="The 14 technique classes")
    async def techniques() -> list[dict[str, Any]]:
        """Name, label, definition, example and colour of each SemEval-2020 technique class."""
        return [asdict(t) for t in TECHNIQUES]

    return router


def create_app(
    settings: Settings,
    *,
    api_key: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    max_pending: int = DEFAULT_MAX_PENDING,
    workers: int | None = None,
    transport: httpx.BaseTransport | None = None,
    resolve: Resolver | None = None,
    limits: ServerLimits | None = None,
) -> FastAPI:
    """The web app, with ``settings.model`` loaded now (once).

    Args:
        settings: Model and ingest limits (URL fetches: timeout, redirects, private hosts).
        api_key: When set, API routes need it in the ``X-API-Key`` header.
        max_body_bytes: Largest request body (and fetched page) accepted, in bytes.
        max_pending: Analyses that may wait for a worker before requests get 503.
        workers: Threads running analyses (default: one per core, at most 4).
        transport: httpx transport for URL fetches (tests pass a mock).
        resolve: Host name resolver for URL fetches (tests pass a fake).
        limits: Time limits on request bodies (the rest of them apply to the server: see
            :mod:`propscan.web.server`).
    """
    limits = limits or ServerLimits()
    engine = Engine(
        settings.model,
        settings.ingest,
        max_bytes=max_body_bytes,
        transport=transport,
        resolve=resolve,
    )
    queue = WorkQueue(workers or default_workers(), max_pending, limits.max_chars_in_flight)
    api = _Api(engine, queue)
    metrics = Metrics()
    metrics.queued.set_function(lambda: queue.admitted)
    app = FastAPI(
        title="propscan",
        version=__version__,
        summary="Find propaganda techniques in news articles, with exact character offsets.",
        docs_url=None,
        redoc_url=None,
    )
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, internal_error)
    guard = [Depends(_key_check(api_key))] if api_key else []
    router = _routes(api)
    app.include_router(router, dependencies=guard)

    @app.get("/metrics", dependencies=guard, tags=["service"], response_class=PlainTextResponse)
    async def prometheus() -> Response:
        """Requests, latency and errors by route, in the Prometheus text format."""
        return Response(metrics.render(), media_type=metrics.content_type)

    @app.get("/healthz", tags=["service"])
    async def healthz() -> dict[str, Any]:
        """Whether the server is up, and with which model."""
        return {"status": "ok", "model": engine.detector.name, "version": __version__}

    _pages(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    known = {getattr(route, "path", "") for route in (*router.routes, *app.routes)} - {""}

    def route_of(path: str) -> str:
        if path in known:
            return path
        return "/static" if path.startswith("/static/") else "other"

    app.add_middleware(HeadAsGet)
    app.add_middleware(
        BodyGuard,
        max_bytes=max_body_bytes,
        json_only=_is_api,
        idle_timeout=limits.body_idle_timeout,
        timeout=limits.body_timeout,
    )
    if api_key:
        app.add_middleware(KeyGuard, api_key=api_key, guarded=_needs_key)
    app.add_middleware(Observe, metrics=metrics, route_of=route_of)
    return app


def _is_api(path: str) -> bool:
    return path.startswith("/v1/")


def _needs_key(path: str) -> bool:
    return _is_api(path) or path == "/metrics"


def _pages(app: FastAPI) -> None:
    demo = resources.files("propscan") / "data" / "demo-article.txt"

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html")

    @app.get("/example.txt", include_in_schema=False)
    async def example() -> PlainTextResponse:
        return PlainTextResponse(demo.read_text(encoding="utf-8"))

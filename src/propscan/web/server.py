"""Running the web app on uvicorn (``propscan serve``)."""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI

from propscan.config import Settings
from propscan.web.app import (
    DEFAULT_MAX_BODY,
    DEFAULT_MAX_PENDING,
    RETRY_AFTER,
    create_app,
    default_workers,
)
from propscan.web.limits import ServerLimits
from propscan.web.protocol import guarded_protocol

# Connections held besides those waiting for an analysis (page, static files, metrics
# scrapes); beyond the total, new connections are answered 503 (see web/protocol.py), which
# bounds the request bodies held in memory to about that many times the body cap.
_SPARE_CONNECTIONS = 32


def uvicorn_config(
    app: FastAPI,
    *,
    host: str,
    port: int,
    workers: int,
    max_pending: int,
    limits: ServerLimits | None = None,
) -> uvicorn.Config:
    """The uvicorn configuration ``propscan serve`` runs ``app`` with.

    Args:
        app: The app (from :func:`propscan.web.app.create_app`, with the same ``limits``).
        host: Address to listen on.
        port: TCP port.
        workers: Threads running analyses.
        max_pending: Analyses that may wait for a worker.
        limits: Limits on slow and greedy clients.
    """
    limits = limits or ServerLimits()
    connections = limits.max_connections or workers + max_pending + _SPARE_CONNECTIONS
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=guarded_protocol(limits, connections, RETRY_AFTER),
        log_level="info",
        server_header=False,
        proxy_headers=False,
        timeout_graceful_shutdown=10,
    )


def run(
    settings: Settings,
    *,
    host: str,
    port: int,
    api_key: str | None,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    max_pending: int = DEFAULT_MAX_PENDING,
    limits: ServerLimits | None = None,
) -> None:
    """Serve the page and the API until interrupted, with the model loaded once, up front.

    Args:
        settings: Model and ingest limits.
        host: Address to listen on (127.0.0.1: this machine only).
        port: TCP port.
        api_key: When set, API routes need it in the ``X-API-Key`` header.
        max_body_bytes: Largest request body accepted (413 beyond).
        max_pending: Analyses that may wait for a worker (503 beyond).
        limits: Limits on slow and greedy clients and on characters in flight.
    """
    workers = default_workers()
    app = create_app(
        settings,
        api_key=api_key,
        max_body_bytes=max_body_bytes,
        max_pending=max_pending,
        workers=workers,
        limits=limits,
    )
    config = uvicorn_config(
        app, host=host, port=port, workers=workers, max_pending=max_pending, limits=limits
    )
    uvicorn.Server(config).run()

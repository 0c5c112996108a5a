"""Running the web app on uvicorn (``propscan serve``)."""

from __future__ import annotations

import uvicorn

from propscan.config import Settings
from propscan.web.app import DEFAULT_MAX_BODY, DEFAULT_MAX_PENDING, create_app, default_workers

# Connections uvicorn holds open besides those waiting for an analysis (page, static files,
# metrics scrapes); beyond the total it answers 503 itself, which bounds the request bodies
# held in memory to about that many times the body cap.
_SPARE_CONNECTIONS = 32


def run(
    settings: Settings,
    *,
    host: str,
    port: int,
    api_key: str | None,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    max_pending: int = DEFAULT_MAX_PENDING,
) -> None:
    """Serve the page and the API until interrupted, with the model loaded once, up front.

    Args:
        settings: Model and ingest limits.
        host: Address to listen on (127.0.0.1: this machine only).
        port: TCP port.
        api_key: When set, API routes need it in the ``X-API-Key`` header.
        max_body_bytes: Largest request body accepted (413 beyond).
        max_pending: Analyses that may wait for a worker (503 beyond).
    """
    workers = default_workers()
    app = create_app(
        settings,
        api_key=api_key,
        max_body_bytes=max_body_bytes,
        max_pending=max_pending,
        workers=workers,
    )
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="info",
        server_header=False,
        proxy_headers=False,
        limit_concurrency=workers + max_pending + _SPARE_CONNECTIONS,
        timeout_graceful_shutdown=10,
    )

"""How long and how many: the server's limits on slow and greedy clients.

A client that sends its request slowly holds a connection (and, for a body, memory) for as
long as it likes unless cut off: 65 connections sending a byte every 2 s left every other
request, ``/healthz`` included, with uvicorn's bare 503.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ServerLimits:
    """Limits on each client of ``propscan serve``.

    Attributes:
        header_timeout: Seconds a connection may take to send a request's headers, counted
            from its opening or from the end of its previous response (then 408, closed).
        body_idle_timeout: Seconds a request body may go without a byte arriving (then 408).
        body_timeout: Seconds a whole request body may take (then 408): at the default body
            cap of 5 MB, a client must send about 170 kB/s.
        max_per_client: Connections one client address may hold; its others are answered 503
            with Retry-After as soon as their headers are read (``/healthz`` is answered).
        max_connections: Connections held at once, all clients together, beyond which new
            ones are answered the same way (``None``: what ``propscan serve`` works out
            from its workers and queue).
        max_chars_in_flight: Characters of articles being analysed or waiting, all requests
            together, beyond which a request is answered 503 with Retry-After (a request
            arriving when none is in flight is always taken: the body cap bounds it). A URL
            counts as the size cap of a fetched page. An analysis took about 33 bytes per
            character of its article at its peak (156 MB over the server's own for 4.7
            million characters, fast model: docs/performance.md), so the default, a little
            over one article at the 5 MB body cap, keeps that under about 200 MB.
    """

    header_timeout: float = 10.0
    body_idle_timeout: float = 5.0
    body_timeout: float = 30.0
    max_per_client: int = 16
    max_connections: int | None = None
    max_chars_in_flight: int = 6_000_000

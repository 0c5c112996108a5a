"""Options for reading articles from files, standard input and URLs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IngestOptions:
    """Limits and settings for loading one article.

    Attributes:
        max_bytes: Largest input accepted, in bytes (files, standard input, HTTP bodies).
        timeout: Seconds allowed for each network operation of a fetch.
        max_redirects: Most HTTP redirects followed before giving up.
        allow_private: Allow URLs whose host resolves to private, loopback, link-local or
            otherwise non-public addresses (off by default, so a server running propscan cannot
            be made to probe its own network).
        user_agent: ``User-Agent`` header sent with every request.
    """

    max_bytes: int = 10_000_000
    timeout: float = 10.0
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = "propscan/0.1 (+https://github.com/propscan)"

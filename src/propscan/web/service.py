"""What the web API does with a request, as plain blocking library calls (run in worker threads).

The routes only translate HTTP to these calls and back; everything here can be called and
tested without a server.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

import httpx

from propscan import threshold as display
from propscan.analysis import Analysis
from propscan.detectors import DETECTORS, Detector, installed, load_detector
from propscan.document import Document
from propscan.errors import ConfigError, FetchError
from propscan.ingest import IngestOptions, document_from_text, extract_html, load
from propscan.ingest.fetch import Resolver
from propscan.pipeline import analyze_document
from propscan.web.schemas import AnalyzeRequest

# What ingest.load() takes for a URL. Anything else must never reach load(), which would read
# it as a local file path ("/etc/passwd") or standard input ("-").
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_HTML_NAME = "<html>"


def filtered(
    analysis: Analysis, threshold: float | None = 0.0, techniques: Iterable[str] | None = None
) -> Analysis:
    """``analysis`` without the fragments below ``threshold`` (``None``: the display threshold,
    :data:`propscan.threshold.DEFAULT_THRESHOLD`) or outside ``techniques``; its summary and
    actors are worked out again from the fragments kept."""
    threshold = display.DEFAULT_THRESHOLD if threshold is None else threshold
    if threshold <= 0.0 and techniques is None:
        return analysis
    keep = None if techniques is None else set(techniques)
    return analysis.keeping(
        [
            i
            for i, f in enumerate(analysis.spans)
            if f.confidence >= threshold and (keep is None or f.technique in keep)
        ]
    )


class Engine:
    """The loaded model and the ingest limits of one server.

    Args:
        model: A registered detector name or a model directory (loaded now, once).
        ingest: Limits for URL fetches; ``max_bytes`` is lowered to ``max_bytes`` below.
        max_bytes: Largest article (request body or fetched page) accepted, in bytes.
        transport: httpx transport for URL fetches (tests pass a mock).
        resolve: Host name resolver for URL fetches (tests pass a fake).
    """

    def __init__(
        self,
        model: str,
        ingest: IngestOptions,
        *,
        max_bytes: int,
        transport: httpx.BaseTransport | None = None,
        resolve: Resolver | None = None,
    ) -> None:
        self.detector = load_detector(model)
        # The registered models installed here (an install may leave out large).
        offered = [name for name in DETECTORS if installed(name)]
        self.models = tuple(dict.fromkeys([self.detector.name, *offered]))
        self.ingest = replace(ingest, max_bytes=min(ingest.max_bytes, max_bytes))
        self._transport = transport
        self._resolve = resolve

    def pick(self, name: str | None) -> Detector:
        """The detector called ``name`` (default: the server's model).

        Raises:
            ConfigError: ``name`` is neither the loaded model nor a registered one.
        """
        if name is None or name == self.detector.name:
            return self.detector
        if name in self.models:
            return load_detector(name)
        raise ConfigError(f"unknown model {name!r}; this server offers: {', '.join(self.models)}")

    def chars(self, request: AnalyzeRequest) -> int:
        """How many characters of article ``request`` brings: its text's or HTML's, or for a
        URL the size cap of a fetched page (its size is known only once fetched)."""
        if request.text is not None:
            return len(request.text)
        if request.html is not None:
            return len(request.html)
        return self.ingest.max_bytes

    def document(self, request: AnalyzeRequest) -> Document:
        """The article of ``request``: its text, the main text of its HTML, or a fetched URL.

        Raises:
            InputError: Empty text, HTML without article text; FetchError and
                BlockedAddressError for URLs that are refused or cannot be fetched.
        """
        if request.text is not None:
            return document_from_text(request.text)
        if request.html is not None:
            text, metadata = extract_html(request.html, _HTML_NAME)
            return document_from_text(text, metadata)
        url = request.url or ""
        if not _URL.match(url):
            raise FetchError(f"{url[:200]!r} is not a URL (expected http:// or https://)")
        return load(url, self.ingest, transport=self._transport, resolve=self._resolve)

    def analyze(self, request: AnalyzeRequest) -> Analysis:
        """Analyse the article of ``request`` and apply its filters."""
        detector = self.pick(request.model)
        # The core leaves out the fragments under the threshold before the summary is made.
        document = self.document(request)
        analysis = analyze_document(document, detector, threshold=request.threshold)
        return filtered(analysis, 0.0, request.techniques)

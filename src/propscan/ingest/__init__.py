"""Reading one article from a file, standard input or a URL into a :class:`Document`.

Plain text is kept exactly as decoded (offsets count its characters, byte-order mark and
``\\r\\n`` included); HTML goes through trafilatura to its main text. Either way the trailing
site furniture is found, so detectors see only the article.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import httpx

from propscan.document import Document, Metadata
from propscan.errors import InputError
from propscan.fileio import open_regular
from propscan.ingest.decode import decode
from propscan.ingest.fetch import FetchedPage, Resolver, fetch
from propscan.ingest.furniture import find_article_end
from propscan.ingest.html import extract_html
from propscan.ingest.options import IngestOptions

__all__ = [
    "FetchedPage",
    "IngestOptions",
    "decode",
    "document_from_text",
    "extract_html",
    "fetch",
    "find_article_end",
    "load",
]

STDIN = "-"
_STDIN_NAME = "<stdin>"
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_HTML_CONTENT_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Anything shaped like "scheme://" is taken for a URL (and fetch() refuses schemes other than
# http and https by name), so "ftp://..." gets a clear error instead of "no such file".
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
# How far into a text to look for the start of an HTML document.
_HTML_SNIFF_CHARS = 1024
_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_SURROGATE = re.compile("[\ud800-\udfff]")
_LEADING_NOISE = re.compile(r"^(?:\s|\ufeff|<!--.*?-->|<\?xml[^>]*>)*", re.DOTALL)


def _looks_like_html(text: str) -> bool:
    head = text[:_HTML_SNIFF_CHARS]
    start = _LEADING_NOISE.match(head)
    return _HTML_START.match(head, start.end() if start else 0) is not None


def document_from_text(text: str, metadata: Metadata | None = None) -> Document:
    """Build a Document from text already in memory, with its site furniture marked.

    Args:
        text: The article text, used exactly as given.
        metadata: What is known about the article.

    Returns:
        The segmented document, with ``article_end`` where trailing furniture starts.

    Raises:
        InputError: The text is empty or only whitespace, or holds a lone surrogate (as a
            string parsed from JSON's ``\\ud800`` may), which no model can encode.
    """
    name = (metadata.source if metadata and metadata.source else None) or "<text>"
    if not text.replace("\ufeff", "").strip():
        raise InputError(f"{name}: the input is empty (only whitespace)")
    surrogate = _SURROGATE.search(text)
    if surrogate:
        raise InputError(
            f"{name}: not valid Unicode (a lone surrogate, U+{ord(surrogate.group()):04X} at "
            f"character {surrogate.start()})"
        )
    return Document.create(text, metadata, article_end=find_article_end(text))


def _from_html(html: str, name: str, url: str | None) -> Document:
    text, metadata = extract_html(html, name, url)
    return document_from_text(text, metadata)


def _from_decoded(text: str, name: str, *, url: str | None, html: bool) -> Document:
    if html or _looks_like_html(text):
        return _from_html(text, name, url)
    return document_from_text(text, Metadata(source=name, url=url))


def _read_file(path: Path, max_bytes: int) -> bytes:
    name = str(path)
    try:
        if path.is_dir():
            raise InputError(f"{name}: is a directory, not a file")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{name}: file is {size} bytes, over the size cap of {max_bytes} bytes "
                "(see --max-bytes)"
            )
        # Read one byte past the cap: a file that grew is still refused by decode() without
        # reading it all. (Pipes and devices are refused: standard input is the way in.)
        with open_regular(path) as handle:
            return handle.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise InputError(f"{name}: no such file") from exc
    except PermissionError as exc:
        raise InputError(f"{name}: permission denied") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{name}: is a directory, not a file") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from exc


def _read_stdin(max_bytes: int) -> bytes:
    # Python sets sys.stdin to None when the shell closed it (`<&-`).
    if sys.stdin is None:
        raise InputError(f"{_STDIN_NAME}: standard input is closed")
    try:
        return sys.stdin.buffer.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{_STDIN_NAME}: cannot read: {exc.strerror or exc}") from exc


def _load_url(
    url: str,
    options: IngestOptions,
    transport: httpx.BaseTransport | None,
    resolve: Resolver | None,
) -> Document:
    page = fetch(url, options, transport=transport, resolve=resolve)
    text = decode(page.content, page.final_url, options.max_bytes, declared=page.charset)
    if page.content_type in _HTML_CONTENT_TYPES:
        return _from_html(text, page.final_url, page.final_url)
    return document_from_text(text, Metadata(source=url, url=page.final_url))


def load(
    source: str,
    options: IngestOptions | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
    resolve: Resolver | None = None,
) -> Document:
    """Load one article as a Document.

    Args:
        source: ``"-"`` for standard input, an ``http(s)://`` URL, or a file path. Files ending
            in ``.html``/``.htm`` or starting like an HTML document (and HTML from standard
            input or a URL) go through HTML extraction; anything else is plain text.
        options: Size cap and fetch settings (defaults: :class:`IngestOptions`).
        transport: httpx transport for URLs (tests pass a mock).
        resolve: Host name resolver for URLs (tests pass a fake).

    Returns:
        The document, ``article_end`` set before any trailing site furniture.

    Raises:
        InputError: The input is missing, a directory, empty, binary, over the size cap or
            undecodable; ExtractionError (HTML with no article text) and FetchError /
            BlockedAddressError (URLs) are subclasses.
    """
    opts = options or IngestOptions()
    if source == STDIN:
        data = _read_stdin(opts.max_bytes)
        text = decode(data, _STDIN_NAME, opts.max_bytes)
        return _from_decoded(text, _STDIN_NAME, url=None, html=False)
    if _URL.match(source):
        return _load_url(source, opts, transport, resolve)
    path = Path(source)
    data = _read_file(path, opts.max_bytes)
    text = decode(data, source, opts.max_bytes)
    return _from_decoded(text, source, url=None, html=path.suffix.lower() in _HTML_SUFFIXES)

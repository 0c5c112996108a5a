"""Main article text and metadata from an HTML page, with trafilatura."""

from __future__ import annotations

import logging
from typing import Any

from propscan.document import Metadata
from propscan.errors import ExtractionError

# trafilatura and the libraries it drives log every page they find hard to parse (at ERROR level,
# even for pages that simply have no article); the CLI reports problems through our own errors,
# so their loggers are silenced below CRITICAL. (After importing trafilatura: it sets the level of
# htmldate's logger itself.)
_NOISY_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "readability")


def _silence_loggers() -> None:
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _field(document: Any, name: str) -> str | None:
    value = getattr(document, name, None)
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def extract_html(html: str, name: str, url: str | None = None) -> tuple[str, Metadata]:
    """Extract the main text of an article page and what is known about it.

    Comments, tables, related-article lists and other page furniture are left out, as far as
    trafilatura recognises them. The text is trafilatura's: one paragraph per line, the title
    not prepended (a heading inside the article body is kept).

    Args:
        html: The page's HTML, decoded.
        name: How to name the input in error messages.
        url: Where the page came from, if known; it helps metadata extraction.

    Returns:
        The article text and its metadata (title, author, date, url, and the site name as
        ``source``; ``source`` falls back to ``name``).

    Raises:
        ExtractionError: No article text could be extracted (or the HTML could not be parsed).
    """
    # Imported here: trafilatura takes a good part of a second to import, and plain-text
    # inputs never need it.
    _silence_loggers()  # before the import too: htmldate logs while it is imported
    import trafilatura

    _silence_loggers()
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            with_metadata=True,
        )
    except Exception as exc:  # trafilatura and lxml raise many types on broken input
        raise ExtractionError(
            f"{name}: no article text could be extracted from the HTML ({exc})"
        ) from exc
    text = getattr(document, "text", None)
    if not isinstance(text, str) or not text.strip():
        raise ExtractionError(f"{name}: no article text could be extracted from the HTML")
    metadata = Metadata(
        title=_field(document, "title"),
        source=_field(document, "sitename") or name,
        url=_field(document, "url") or url,
        date=_field(document, "date"),
        author=_field(document, "author"),
    )
    return text, metadata

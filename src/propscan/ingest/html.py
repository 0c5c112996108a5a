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


# What libxml2 logs when it stops at its nesting limit, and the limit of a huge document.
_TOO_DEEP = "Excessive depth in document"
_MAX_DEPTH = 2048


def _silence_loggers() -> None:
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _field(document: Any, name: str) -> str | None:
    value = getattr(document, name, None)
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _deep_tree(html: str, name: str) -> Any | None:
    """The tree of ``html`` parsed past libxml2's usual nesting limit, when it nests deeper.

    libxml2 stops building the tree at 256 levels of nesting, silently for lxml: everything
    deeper was dropped, and a page nested 300 deep gave "no article text". Parsed as a huge
    document (XML_PARSE_HUGE), the limit is 2048; beyond that the page is refused rather than
    half read. ``None`` for a page within the usual limit, left to trafilatura's own parsing.

    Raises:
        ExtractionError: The page nests deeper than even a huge document may.
    """
    from lxml import html as lxml_html

    for huge in (False, True):
        # trafilatura's parser settings (trafilatura.utils.HTML_PARSER), with huge_tree.
        parser = lxml_html.HTMLParser(
            huge_tree=huge, collect_ids=False, default_doctype=False, remove_comments=True,
            remove_pis=True,
        )  # fmt: skip
        try:
            try:
                tree = lxml_html.fromstring(html, parser=parser)
            except ValueError:  # a str with an encoding declaration: lxml wants bytes
                tree = lxml_html.fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
        except Exception:  # whatever lxml makes of it, trafilatura's parsing says it better
            return None
        if not any(_TOO_DEEP in e.message for e in parser.error_log):
            return tree if huge else None
    raise ExtractionError(
        f"{name}: the HTML nests elements more than {_MAX_DEPTH} levels deep; refusing to "
        "extract only part of its text"
    )


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
    tree = _deep_tree(html, name)
    try:
        document = trafilatura.bare_extraction(
            html if tree is None else tree,
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

"""propscan: find propaganda techniques in news articles, with exact character offsets."""

from __future__ import annotations

import logging
import typing

from propscan.analysis import Analysis, Fragment, SentenceScore, Summary
from propscan.document import Document, Metadata, Segment
from propscan.errors import PropscanError

if typing.TYPE_CHECKING:
    import os
    from pathlib import Path

__version__ = "0.2.0"

__all__ = [
    "Analysis",
    "Document",
    "Fragment",
    "Metadata",
    "PropscanError",
    "Segment",
    "SentenceScore",
    "Summary",
    "__version__",
    "analyze",
    "analyze_file",
    "analyze_text",
    "analyze_url",
    "check_sentences",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def analyze(
    source: str | Path | Document,
    *,
    model: str | None = None,
    threshold: float | None = None,
    timeout: float | None = None,
    allow_private: bool = False,
    max_bytes: int | None = None,
) -> Analysis:
    """Analyse one article: a path to a text or HTML file, a URL, or the text itself.

    A string is a URL when it starts with http(s)://, a path when it names an existing file,
    and the article text otherwise; a string that looks like a path ("artcle.txt") but names
    no file raises InputError rather than being analysed as text. To say which you mean, use
    :func:`analyze_text`, :func:`analyze_file` or :func:`analyze_url`.

    Args:
        source: The article: a Document, a path, an http(s) URL or the text.
        model: A detector name ("accurate", the default, or "fast") or a model directory.
        threshold: Leave out fragments with a calibrated confidence under this (0 to 1;
            ``None``: :data:`propscan.threshold.DEFAULT_THRESHOLD`; 0 keeps all).
        timeout: For a URL: seconds allowed for each network operation (default 10).
        allow_private: For a URL: fetch hosts on private, loopback and link-local addresses.
        max_bytes: For a file or URL: the largest input accepted (default 10 MB).
    """
    from propscan.pipeline import analyze as _analyze

    return _analyze(
        source,
        model=model,
        threshold=threshold,
        options=_options(max_bytes, timeout, allow_private),
    )


def analyze_text(
    text: str, *, model: str | None = None, threshold: float | None = None
) -> Analysis:
    """Analyse ``text`` itself as the article, whatever it looks like.

    ``model`` and ``threshold`` are as for :func:`analyze`.
    """
    from propscan.pipeline import analyze_text as _analyze_text

    return _analyze_text(text, model=model, threshold=threshold)


def analyze_file(
    path: str | os.PathLike[str],
    *,
    model: str | None = None,
    threshold: float | None = None,
    max_bytes: int | None = None,
) -> Analysis:
    """Analyse the text or HTML file at ``path``; a missing file raises InputError.

    ``max_bytes`` caps the file's size (default 10 MB); ``model`` and ``threshold`` are as for
    :func:`analyze`.
    """
    from propscan.pipeline import analyze_file as _analyze_file

    return _analyze_file(path, model=model, threshold=threshold, options=_options(max_bytes))


def analyze_url(
    url: str,
    *,
    model: str | None = None,
    threshold: float | None = None,
    timeout: float | None = None,
    allow_private: bool = False,
    max_bytes: int | None = None,
) -> Analysis:
    """Fetch the http(s) page at ``url`` and analyse its article text.

    Args:
        url: An http:// or https:// URL.
        model: As for :func:`analyze`.
        threshold: As for :func:`analyze`.
        timeout: Seconds allowed for each network operation (default 10).
        allow_private: Fetch hosts on private, loopback and link-local addresses (refused by
            default, with BlockedAddressError).
        max_bytes: Largest page accepted (default 10 MB).
    """
    from propscan.pipeline import analyze_url as _analyze_url

    return _analyze_url(
        url, model=model, threshold=threshold, options=_options(max_bytes, timeout, allow_private)
    )


def check_sentences(
    sentences: typing.Sequence[str], *, model: str | None = None
) -> list[tuple[int, float]]:
    """Check-worthiness of sentences given one by one, each read on its own (not an article:
    :func:`analyze_text` decides an article's sentences in context, in ``Analysis.claims``).

    Returns (verdict, score) per sentence: verdict 1 (check-worthy factual claim), 0
    (unimportant factual statement) or -1 (non-factual: opinion, question, exhortation);
    score the 0..1 check-worthiness. ``model`` as for :func:`analyze` ("fast": the linear
    claim model alone). Raises InputError for a single string or an item that is not one.
    """
    from propscan.claims.sentences import check_sentences as check

    return check(sentences, model)


def _options(
    max_bytes: int | None, timeout: float | None = None, allow_private: bool = False
) -> typing.Any:
    """The IngestOptions for these arguments (defaults where ``None``)."""
    from dataclasses import replace

    from propscan.errors import ConfigError
    from propscan.ingest import IngestOptions

    options = IngestOptions(allow_private=bool(allow_private))
    if max_bytes is not None:
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
            raise ConfigError(f"max_bytes {max_bytes!r} must be a positive number of bytes")
        options = replace(options, max_bytes=max_bytes)
    if timeout is not None:
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0:
            raise ConfigError(f"timeout {timeout!r} must be a positive number of seconds")
        options = replace(options, timeout=float(timeout))
    return options

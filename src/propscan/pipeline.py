"""Analysing one article: ingestion, a detector, and the assembled result."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from propscan.analysis import Analysis, SentenceScore
from propscan.blocks import find
from propscan.detectors import Detector, load_detector
from propscan.document import Document
from propscan.errors import ConfigError, InputError
from propscan.ingest import IngestOptions, document_from_text, load
from propscan.threshold import at_least

if TYPE_CHECKING:
    from propscan.statements import Statements

_URL = re.compile(r"^https?://", re.IGNORECASE)
# Longer strings, or strings with a newline, are article text, never a path.
_MAX_PATH_LENGTH = 1024
# A string that names no file but looks like a path: a name of up to three words with an
# article's extension ("artcle.txt", "my article.html", "data/a1.txt"), or a word with a path
# separator ("data/a1", "C:\\news\\a1").
_PATH_LIKE = re.compile(
    r"(?:\S*[/\\])?[^\s/\\]+(?: [^\s/\\]+){0,2}\.(?:txt|text|html?|md)|\S*[/\\]\S*",
    re.IGNORECASE,
)


def resolve(source: str | Path | Document, options: IngestOptions | None = None) -> Document:
    """A Document from a Document, a path, a URL, or article text.

    A string is a URL if it starts with http(s)://, a path if it names an existing file, and
    the article text otherwise; but a string that looks like a path and names no file is an
    error, not an article (``analyze_text`` takes any string as text).

    Raises:
        InputError: ``source`` looks like a path to a file that does not exist.
    """
    if isinstance(source, Document):
        return source
    if isinstance(source, Path):
        return load(str(source), options)
    if _URL.match(source):
        return load(source, options)
    if "\n" not in source and len(source) < _MAX_PATH_LENGTH:
        if _is_file(source):
            return load(source, options)
        if _PATH_LIKE.fullmatch(source.strip()):
            raise InputError(
                f"{_shown(source)}: no such file (it looks like a path; to analyse the string "
                "itself as article text, use propscan.analyze_text)"
            )
    return document_from_text(source)


def _shown(value: str, limit: int = 200) -> str:
    return repr(value) if len(value) <= limit else repr(value[:limit]) + f"… ({len(value):,} chars)"


def _is_file(source: str) -> bool:
    try:
        return Path(source).is_file()
    except OSError:  # e.g. a line of text longer than a file name may be (ENAMETOOLONG)
        return False


def analyze_document(
    doc: Document,
    detector: Detector,
    statements: Statements | None = None,
    *,
    threshold: float | None = None,
) -> Analysis:
    """Run ``detector`` and the statement detectors (claims, quotes, actors; the packaged
    ones by default) over ``doc`` and assemble the result.

    Fragments with a confidence under ``threshold`` are dropped before the statement detectors
    run and the summary is made, so counts, score and actors are those of the fragments kept;
    ``None`` means :data:`propscan.threshold.DEFAULT_THRESHOLD`, 0 keeps every fragment.

    An article over ``blocks.BLOCK_CHARS`` characters is analysed a block at a time, so memory
    stays bounded (see :mod:`propscan.blocks`).

    Raises:
        ConfigError: ``threshold`` is not a number from 0 to 1.
    """
    shown = at_least(detector, threshold)
    if statements is None:
        from propscan.statements import load_statements

        statements = load_statements()
    found = find(doc, shown, statements)
    sentences = [
        SentenceScore(s.start, s.end, s.text, score)
        for s, score in zip(doc.article_sentences, found.sentence_scores, strict=True)
    ]
    return Analysis.build(
        doc,
        found.fragments,
        sentences,
        detector.name,
        found.flag_threshold,
        notes=found.notes,
        # A text the models could not read (every block of it) has no score, not a typical one.
        scored=not found.notes or bool(found.fragments) or any(found.sentence_scores),
        claims=found.claims,
        quotes=found.quotes,
        actors=found.actors,
    )


def analyze(
    source: str | Path | Document,
    *,
    model: str | None = None,
    threshold: float | None = None,
    options: IngestOptions | None = None,
) -> Analysis:
    """Analyse one article (see :func:`resolve` for what ``source`` may be)."""
    return analyze_document(resolve(source, options), load_detector(model), threshold=threshold)


def analyze_text(
    text: str, *, model: str | None = None, threshold: float | None = None
) -> Analysis:
    """Analyse ``text`` as the article text, whatever it looks like."""
    if not isinstance(text, str):
        raise InputError(f"article text must be a str, not {type(text).__name__}")
    return analyze_document(document_from_text(text), load_detector(model), threshold=threshold)


def analyze_file(
    path: str | os.PathLike[str],
    *,
    model: str | None = None,
    threshold: float | None = None,
    options: IngestOptions | None = None,
) -> Analysis:
    """Analyse the text or HTML file at ``path`` (never a URL, never standard input)."""
    name = os.fspath(path)
    if _URL.match(name):
        raise InputError(f"{_shown(name)} is a URL, not a file (use propscan.analyze_url)")
    # "-" names standard input to load(); here it is a file called "-".
    document = load(os.path.join(os.curdir, name) if name == "-" else name, options)
    return analyze_document(document, load_detector(model), threshold=threshold)


def analyze_url(
    url: str,
    *,
    model: str | None = None,
    threshold: float | None = None,
    timeout: float | None = None,
    allow_private: bool | None = None,
    options: IngestOptions | None = None,
) -> Analysis:
    """Fetch the page at the http(s) ``url`` and analyse its article text.

    ``timeout`` (seconds for each network operation) and ``allow_private`` (fetch hosts on
    private, loopback and link-local addresses) override those of ``options``.
    """
    if not isinstance(url, str) or not _URL.match(url):
        raise InputError(f"{_shown(str(url))} is not an http(s):// URL")
    if timeout is not None and not timeout > 0:
        raise ConfigError(f"timeout {timeout!r} must be a positive number of seconds")
    opts = options or IngestOptions()
    if timeout is not None:
        opts = replace(opts, timeout=timeout)
    if allow_private is not None:
        opts = replace(opts, allow_private=allow_private)
    return analyze_document(load(url, opts), load_detector(model), threshold=threshold)

"""Analysing one article: ingestion, a detector, and the assembled result."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from propscan.analysis import Analysis, SentenceScore
from propscan.blocks import find
from propscan.detectors import Detector, load_detector
from propscan.document import Document
from propscan.ingest import IngestOptions, document_from_text, load

if TYPE_CHECKING:
    from propscan.statements import Statements

_URL = re.compile(r"^https?://", re.IGNORECASE)
# Longer strings, or strings with a newline, are article text, never a path.
_MAX_PATH_LENGTH = 1024


def resolve(source: str | Path | Document, options: IngestOptions | None = None) -> Document:
    """A Document from a Document, a path, a URL, or article text.

    A string is a URL if it starts with http(s)://, a path if it names an existing file, and
    the article text otherwise.
    """
    if isinstance(source, Document):
        return source
    if isinstance(source, Path):
        return load(str(source), options)
    if _URL.match(source):
        return load(source, options)
    if "\n" not in source and len(source) < _MAX_PATH_LENGTH and _is_file(source):
        return load(source, options)
    return document_from_text(source)


def _is_file(source: str) -> bool:
    try:
        return Path(source).is_file()
    except OSError:  # e.g. a line of text longer than a file name may be (ENAMETOOLONG)
        return False


def analyze_document(
    doc: Document, detector: Detector, statements: Statements | None = None
) -> Analysis:
    """Run ``detector`` and the statement detectors (claims, quotes, actors; the packaged
    ones by default) over ``doc`` and assemble the result.

    An article over ``blocks.BLOCK_CHARS`` characters is analysed a block at a time, so memory
    stays bounded (see :mod:`propscan.blocks`)."""
    if statements is None:
        from propscan.statements import load_statements

        statements = load_statements()
    found = find(doc, detector, statements)
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
        claims=found.claims,
        quotes=found.quotes,
        actors=found.actors,
    )


def analyze(
    source: str | Path | Document,
    *,
    model: str | None = None,
    options: IngestOptions | None = None,
) -> Analysis:
    """Analyse one article (see :func:`resolve` for what ``source`` may be)."""
    return analyze_document(resolve(source, options), load_detector(model))

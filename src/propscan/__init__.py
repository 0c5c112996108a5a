"""propscan: find propaganda techniques in news articles, with exact character offsets."""

from __future__ import annotations

import logging

from propscan.analysis import Analysis, Fragment, SentenceScore, Summary
from propscan.document import Document, Metadata, Segment
from propscan.errors import PropscanError

__version__ = "0.1.0"

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
]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def analyze(source: str, *, model: str | None = None) -> Analysis:
    """Analyse one article: a path to a text or HTML file, a URL, or the text itself."""
    from propscan.pipeline import analyze as _analyze

    return _analyze(source, model=model)

"""propscan: find propaganda techniques in news articles, with exact character offsets."""

from __future__ import annotations

import logging
import typing

from propscan.analysis import Analysis, Fragment, SentenceScore, Summary
from propscan.document import Document, Metadata, Segment
from propscan.errors import PropscanError

if typing.TYPE_CHECKING:
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
]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def analyze(source: str | Path | Document, *, model: str | None = None) -> Analysis:
    """Analyse one article: a path to a text or HTML file, a URL, or the text itself.

    A string is a URL when it starts with http(s)://, a path when it names an existing file,
    and the article text otherwise. ``model`` is a detector name or a model directory.
    """
    from propscan.pipeline import analyze as _analyze

    return _analyze(source, model=model)

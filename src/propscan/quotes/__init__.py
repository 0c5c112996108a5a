"""Quotes and attributions: who said (or thought) what, with exact offsets.

``find_quotes(doc)`` finds direct quotes (in any quotation-mark style, nested, spanning
paragraphs) and reported speech in a document's article text, each as its source, cue and
content spans, with the source resolved to the fullest name the article gives. Evaluated on
PolNeAR (Newell, Margolin, Ruths, LREC 2018); see :mod:`propscan.quotes.evaluate`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from propscan.analysis import Quote, Span
from propscan.document import Document
from propscan.quotes.finder import Found, find_attributions
from propscan.quotes.speakers import SpeakerResolver

if TYPE_CHECKING:
    from propscan.quotes.evidence import CueEvidence

__all__ = ["find_quotes", "find_quotes_in_text"]


def _span(text: str, offsets: tuple[int, int] | None) -> Span | None:
    if offsets is None:
        return None
    return Span(offsets[0], offsets[1], text[offsets[0] : offsets[1]])


def _quote(text: str, found: Found, resolver: SpeakerResolver) -> Quote:
    source = _span(text, found.source)
    speaker = resolver.resolve(source.text, source.start, found.nested) if source else None
    content = Span(found.content[0], found.content[1], text[found.content[0] : found.content[1]])
    return Quote(content, _span(text, found.cue), source, speaker, found.direct)


def find_quotes_in_text(
    text: str, end: int | None = None, cues: CueEvidence | None = None
) -> list[Quote]:
    """The quotes and attributions in ``text[:end]``, in text order; offsets into ``text``
    (``cues``: an encoder's cue evidence, if the detector gave some)."""
    resolver = SpeakerResolver(text[:end] if end is not None else text)
    return [_quote(text, found, resolver) for found in find_attributions(text, end, cues)]


def find_quotes(doc: Document, cues: CueEvidence | None = None) -> list[Quote]:
    """The quotes and attributions in the article text ``doc.text[:doc.article_end]``."""
    return find_quotes_in_text(doc.text, doc.article_end, cues)

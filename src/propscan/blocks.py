"""Long articles a block at a time, so that memory stays bounded and time grows linearly.

An article whose text runs over :data:`BLOCK_CHARS` characters is cut into blocks of at most
that many: at paragraph starts, at sentence starts within a paragraph longer than a block, and
at a space (or anywhere, failing one) within a sentence longer than that. Each block goes
through the technique detector and the statement detectors as a Document of its own, with the
article's paragraphs and sentences (clipped where a block cuts one); what they find is shifted
back to the article's offsets and merged.

Everything the detectors hold for a block (feature matrices, hidden states, the statement
detectors' scans) is thrown away before the next one: before blocks, the fast model took
3.2 GB for a 4.9 MB article and the server kept 868 MB after one (docs/performance.md).

What a long article gives up: article-level evidence is the block's. A phrase's repetitions,
a sentence's position, the name a pronoun resolves to, the language check, a quotation
running across a block's end, and which actor a short name belongs to are all judged within
the block; actors of the same name and kind found in several blocks are merged into one.
Articles of up to :data:`BLOCK_CHARS` characters (every PTC article: the longest has 47,473)
are one block and analysed exactly as in one pass.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypeVar

from propscan.analysis import Actor, Claim, Fragment, Quantity, Quote, Span
from propscan.document import Document, Segment
from propscan.language import readable_note

if TYPE_CHECKING:
    from propscan.detectors import Detector
    from propscan.statements import Statements

# Most characters the detectors see at once. Above the longest PTC article (47,473), so news
# articles stay one block; at this size the fast model's feature matrices take about 25 MB
# and the accurate model's hidden states a few MB.
BLOCK_CHARS = 50_000
_SPACE = re.compile(r"\s+")


@dataclass
class Findings:
    """What the detectors found in an article, in its offsets.

    ``sentence_scores`` has one score per ``Document.article_sentences`` entry; ``notes`` say
    why a result deserves less trust (a text, or a block of it, the models cannot read).
    """

    fragments: list[Fragment]
    sentence_scores: list[float]
    flag_threshold: float
    notes: tuple[str, ...] = ()
    claims: list[Claim] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)


def block_bounds(doc: Document, size: int = BLOCK_CHARS) -> list[tuple[int, int]]:
    """``[start, end)`` ranges of at most ``size`` characters covering ``doc``'s article text.

    Each range ends where the next begins: at a paragraph start if one lies in reach, else at
    a sentence start, else after a run of whitespace, else at ``size`` characters.
    """
    if size < 1:
        raise ValueError(f"block size must be at least 1, got {size}")
    end = doc.article_end
    if end <= size:
        return [(0, end)]
    paragraphs = [p.start for p in doc.paragraphs if p.start < end]
    sentences = [s.start for s in doc.sentences if s.start < end]
    bounds = []
    start = 0
    while end - start > size:
        limit = start + size
        cut = _last_in(paragraphs, start, limit) or _last_in(sentences, start, limit)
        if cut is None:
            cut = _after_last_space(doc.text, start, limit) or limit
        bounds.append((start, cut))
        start = cut
    bounds.append((start, end))
    return bounds


def _last_in(starts: list[int], low: int, high: int) -> int | None:
    """The last of the sorted ``starts`` in ``(low, high]``, if any."""
    i = bisect_right(starts, high) - 1
    return starts[i] if i >= 0 and starts[i] > low else None


def _after_last_space(text: str, low: int, high: int) -> int | None:
    """The end of the last whitespace run that ends in ``(low, high]``, if any."""
    cut = None
    for match in _SPACE.finditer(text, low + 1, high):
        cut = match.end()
    return cut


def part(doc: Document, start: int, end: int) -> Document:
    """``doc.text[start:end]`` as a Document of its own, all article text, with ``doc``'s
    paragraphs and article sentences that lie in it (clipped to it, offsets shifted)."""
    text = doc.text[start:end]
    return Document(
        text=text,
        metadata=doc.metadata,
        article_end=len(text),
        paragraphs=_clipped(doc.text, doc.paragraphs, start, end),
        sentences=_clipped(doc.text, doc.article_sentences, start, end),
    )


def _clipped(text: str, segments: Sequence[Segment], start: int, end: int) -> tuple[Segment, ...]:
    """The ``segments`` (in text order, not overlapping) overlapping ``[start, end)``, clipped
    to it without edge whitespace, with offsets from ``start``."""
    first = bisect_left([s.end for s in segments], start + 1)
    out = []
    for s in segments[first:]:
        if s.start >= end:
            break
        a, b = max(s.start, start), min(s.end, end)
        if (a, b) != (s.start, s.end):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
        if a < b:
            out.append(Segment(a - start, b - start, s.text if a == s.start and b == s.end
                               else text[a:b]))  # fmt: skip
    return tuple(out)


def find(
    doc: Document, detector: Detector, statements: Statements, size: int = BLOCK_CHARS
) -> Findings:
    """Run ``detector`` and ``statements`` over ``doc``, a block at a time (see the module
    docstring); an article of one block is analysed in one pass."""
    bounds = block_bounds(doc, size)
    if len(bounds) == 1:
        return _find_in(doc, detector, statements)
    merged = _Merged(doc)
    for start, end in bounds:
        block = part(doc, start, end)
        merged.add(start, block, _find_in(block, detector, statements))
    return merged.findings()


def _find_in(doc: Document, detector: Detector, statements: Statements) -> Findings:
    detection = detector(doc)
    note = readable_note(doc.article_text)
    if note is not None:
        # On text the models cannot read, their scores mean nothing: report none, say why.
        zeros = [0.0] * len(doc.article_sentences)
        return Findings([], zeros, detection.flag_threshold, (note,))
    claims, quotes, actors = statements(
        doc, detection.fragments, detection.claim_probabilities, detection.cue_evidence
    )
    return Findings(
        list(detection.fragments),
        list(detection.sentence_scores),
        detection.flag_threshold,
        (),
        list(claims),
        list(quotes),
        list(actors),
    )


_Located = TypeVar("_Located", Span, Claim, Quantity)


def _moved(span: _Located, by: int) -> _Located:
    return replace(span, start=span.start + by, end=span.end + by)


def _moved_or_none(span: Span | None, by: int) -> Span | None:
    return None if span is None else _moved(span, by)


class _Merged:
    """Blocks' findings gathered into the article's."""

    def __init__(self, doc: Document) -> None:
        sentences = doc.article_sentences
        self._starts = [s.start for s in sentences]
        self._scores = [0.0] * len(sentences)
        self._fragments: list[Fragment] = []
        self._claims: list[Claim] = []
        self._quotes: list[Quote] = []
        self._actors: dict[tuple[str, str], Actor] = {}
        self._notes: dict[str, None] = {}
        self._threshold = 0.0

    def add(self, offset: int, block: Document, found: Findings) -> None:
        """The findings in ``block``, the part of the article starting at ``offset``."""
        self._threshold = found.flag_threshold
        self._notes.update(dict.fromkeys(found.notes))
        self._add_scores(offset, block, found)
        first_fragment, first_quote = len(self._fragments), len(self._quotes)
        self._fragments += [
            replace(f, start=f.start + offset, end=f.end + offset) for f in found.fragments
        ]
        self._claims += [
            replace(_moved(c, offset), quantities=tuple(_moved(q, offset) for q in c.quantities))
            for c in found.claims
        ]
        self._quotes += [
            replace(
                q,
                content=_moved(q.content, offset),
                cue=_moved_or_none(q.cue, offset),
                source=_moved_or_none(q.source, offset),
            )
            for q in found.quotes
        ]
        for actor in found.actors:
            moved = replace(
                actor,
                mentions=tuple(_moved(m, offset) for m in actor.mentions),
                labels=tuple(_moved(m, offset) for m in actor.labels),
                fragments=tuple(i + first_fragment for i in actor.fragments),
                quotes=tuple(i + first_quote for i in actor.quotes),
                used=tuple(i + first_fragment for i in actor.used),
            )
            key = (actor.name, actor.kind)
            known = self._actors.get(key)
            self._actors[key] = moved if known is None else _joined(known, moved)

    def _add_scores(self, offset: int, block: Document, found: Findings) -> None:
        # A block's sentences are the article's (the first and last perhaps clipped): each
        # score goes to the article sentence holding the block sentence's start.
        starts = self._starts
        for sentence, score in zip(block.article_sentences, found.sentence_scores, strict=True):
            i = bisect_right(starts, sentence.start + offset) - 1
            if i >= 0 and score > self._scores[i]:
                self._scores[i] = score

    def findings(self) -> Findings:
        actors = sorted(self._actors.values(), key=lambda a: (-len(a.mentions), _first(a)))
        return Findings(
            self._fragments,
            self._scores,
            self._threshold,
            tuple(self._notes),
            self._claims,
            self._quotes,
            actors,
        )


def _first(actor: Actor) -> int:
    return actor.mentions[0].start if actor.mentions else 0


def _joined(a: Actor, b: Actor) -> Actor:
    """One actor from two blocks' actors of the same name and kind (``b`` after ``a``)."""
    return replace(
        a,
        mentions=a.mentions + b.mentions,
        labels=a.labels + b.labels,
        fragments=a.fragments + b.fragments,
        quotes=a.quotes + b.quotes,
        used=a.used + b.used,
    )

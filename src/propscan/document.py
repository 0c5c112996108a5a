"""The Document: one immutable text, and everything else as character offsets into it.

Offsets count Unicode code points of ``Document.text`` (for a ``.txt`` file: the file decoded
as UTF-8, byte-order mark and newlines included, the coordinates of the PTC labels), end
exclusive. Every segment is built through :meth:`Document.segment`, which validates it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from propscan.errors import OffsetError


@dataclass(frozen=True, slots=True)
class Segment:
    """A ``[start, end)`` slice of a document's text, with the text it covers."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Metadata:
    """What is known about an article besides its text."""

    title: str | None = None
    source: str | None = None
    url: str | None = None
    date: str | None = None
    author: str | None = None


# A paragraph is a run of non-blank lines; PTC articles put one sentence (or paragraph) per line,
# scraped pages put one paragraph per line, so a single newline also ends a paragraph.
_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*")
# Sentence ends: terminal punctuation, optional closing quotes/brackets, whitespace (any
# Unicode space: \s takes in the no-break, thin, em and ideographic spaces), then something
# that can open a sentence, behind any number of opening quotes and brackets ("“(W)e did").
# A regex, not a trained splitter: it is fast enough for corpus mode, and a missed split only
# merges two sentences (offsets stay exact either way).
# The sentence ends at the punctuation: closing quotes and brackets after it belong to no
# sentence. Keeping them with their sentence changed the shipped models' fragments in 88 of
# the 371 PTC articles (their sentence boundaries are inputs the models were tuned with), so
# that waits for a retraining.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+(?=[\"'“‘„«(\[]*[A-Z0-9])")
# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sen rep gov gen col lt sgt st jr sr vs etc inc ltd co corp u.s u.k "
    "u.n jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# "No." abbreviates "number" only before one ("No. 10"); before a word it is the answer.
_NUMBER_ABBREVIATIONS = frozenset({"no"})
_DIGIT = re.compile(r"\d")
# The word before a period; its apostrophes are part of it, so "won't." ends a sentence
# (read as the initial "t." it did not).
_LAST_WORD = re.compile(r"([\w.'’]+)\.$")


def _is_blank(char: str) -> bool:
    # A byte-order mark (U+FEFF, kept in the text of PTC articles) is not whitespace to Python,
    # but it is no part of a title or sentence either.
    return char.isspace() or char == "\ufeff"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with whitespace or a BOM."""
    while start < end and _is_blank(text[start]):
        start += 1
    while end > start and _is_blank(text[end - 1]):
        end -= 1
    return start, end


def split_sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield sentence boundaries within the paragraph ``text[start:end]``."""
    sentence_start = start
    for match in _SENTENCE_END.finditer(text, start, end):
        before = text[sentence_start : match.start()]
        last = _LAST_WORD.search(before)
        if last:
            word = last.group(1).lower()
            if word in _ABBREVIATIONS or len(word) == 1:
                continue
            if word in _NUMBER_ABBREVIATIONS and _DIGIT.match(text, match.end()):
                continue
        s, e = _trimmed(text, sentence_start, match.start())
        if s < e:
            yield s, e
        sentence_start = match.end()
    s, e = _trimmed(text, sentence_start, end)
    if s < e:
        yield s, e


@dataclass(frozen=True)
class Document:
    """An article: immutable text, metadata, and its structure as offsets.

    Build one with :meth:`Document.create`; ``article_end`` is where the article text ends and
    site furniture (comment forms, related-article lists) begins: detectors see only
    ``text[:article_end]``.
    """

    text: str
    metadata: Metadata = field(default_factory=Metadata)
    article_end: int = -1
    paragraphs: tuple[Segment, ...] = ()
    sentences: tuple[Segment, ...] = ()

    @classmethod
    def create(
        cls, text: str, metadata: Metadata | None = None, article_end: int | None = None
    ) -> Document:
        """Segment ``text`` into paragraphs and sentences and validate ``article_end``."""
        end = len(text) if article_end is None else article_end
        if not 0 <= end <= len(text):
            raise OffsetError(f"article_end {end} is outside the text (length {len(text)})")
        paragraphs = []
        sentences = []
        for match in _PARAGRAPH.finditer(text):
            start, stop = _trimmed(text, match.start(), match.end())
            if start == stop:  # a line holding nothing but byte-order marks
                continue
            paragraphs.append(Segment(start, stop, text[start:stop]))
            for s, e in split_sentences(text, start, stop):
                sentences.append(Segment(s, e, text[s:e]))
        return cls(
            text=text,
            metadata=metadata or Metadata(),
            article_end=end,
            paragraphs=tuple(paragraphs),
            sentences=tuple(sentences),
        )

    def segment(self, start: int, end: int) -> Segment:
        """The validated segment ``[start, end)`` of this document."""
        if not (isinstance(start, int) and isinstance(end, int)) or not (
            0 <= start < end <= len(self.text)
        ):
            raise OffsetError(
                f"span [{start}, {end}) does not fit a text of length {len(self.text)}"
            )
        return Segment(start, end, self.text[start:end])

    @property
    def article_text(self) -> str:
        """The text detectors analyse: everything before the site furniture."""
        return self.text[: self.article_end]

    @property
    def article_sentences(self) -> tuple[Segment, ...]:
        """Sentences that lie in the article text, not in site furniture."""
        return tuple(s for s in self.sentences if s.end <= self.article_end)

    @property
    def furniture(self) -> Segment | None:
        """The trailing site furniture, if any was found."""
        start, end = _trimmed(self.text, self.article_end, len(self.text))
        return Segment(start, end, self.text[start:end]) if start < end else None

    @property
    def title(self) -> str | None:
        """The article's title: from metadata, else its first paragraph (PTC convention)."""
        if self.metadata.title:
            return self.metadata.title
        return self.paragraphs[0].text if self.paragraphs else None

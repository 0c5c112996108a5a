"""Tokens and sparse feature matrices for the fast linear models.

Features are integer column ids computed with NumPy over whole token arrays (shifted id arrays
for context windows, hashed id pairs for bigrams), not per-token Python dicts: that is what lets
the fast model analyse over a hundred articles a second on two cores. Training and inference
share this module, so the columns a model was trained on are the columns it is served with.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from propscan.document import Document

# Words with inner hyphens/apostrophes stay whole ("so-called", "don't"); other non-space
# characters are one token each, so punctuation and quotes are features of their own.
_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
_QUOTES = frozenset('"“”«»„')

UNKNOWN = 0  # vocabulary id of every word not in the vocabulary
PAD = 1  # vocabulary id for positions before the first / after the last token


@dataclass(frozen=True)
class Tokens:
    """The tokens of a document's article sentences, as parallel arrays.

    ``sentence`` indexes ``Document.article_sentences``.
    """

    starts: np.ndarray
    ends: np.ndarray
    words: list[str]
    sentence: np.ndarray

    def __len__(self) -> int:
        return len(self.words)


def tokenize(doc: Document) -> Tokens:
    """Tokenize the article sentences of ``doc`` (site furniture is left out)."""
    starts: list[int] = []
    ends: list[int] = []
    words: list[str] = []
    sentence: list[int] = []
    text = doc.text
    for index, sent in enumerate(doc.article_sentences):
        for match in _TOKEN.finditer(text, sent.start, sent.end):
            starts.append(match.start())
            ends.append(match.end())
            words.append(match.group())
            sentence.append(index)
    return Tokens(
        np.asarray(starts, dtype=np.int64),
        np.asarray(ends, dtype=np.int64),
        words,
        np.asarray(sentence, dtype=np.int64),
    )


def shape(word: str) -> str:
    """A coarse orthographic class: punctuation stays itself, words become Xx/x/X/d."""
    if not word[0].isalnum() and word[0] != "_":
        return word
    if word.isdigit():
        return "d"
    if word.isupper() and len(word) > 1:
        return "X"
    if word[0].isupper():
        return "Xx"
    return "x"


def normalise(word: str) -> str:
    """The vocabulary form of a word: lower case, curly apostrophes straightened."""
    return word.lower().replace("’", "'")


class Vocabulary:
    """Word → id; ids 0 and 1 are reserved for unknown words and padding."""

    def __init__(self, words: Sequence[str]) -> None:
        self.words = list(words)
        self._ids = {w: i + 2 for i, w in enumerate(self.words)}

    def __len__(self) -> int:
        return len(self.words) + 2

    @classmethod
    def build(cls, token_lists: Iterable[list[str]], min_count: int) -> Vocabulary:
        """The words seen at least ``min_count`` times, most frequent first."""
        counts = Counter(normalise(w) for words in token_lists for w in words)
        kept = [w for w, c in counts.most_common() if c >= min_count]
        return cls(kept)

    def ids(self, words: Sequence[str]) -> np.ndarray:
        """The ids of ``words`` (unknown words get ``UNKNOWN``)."""
        get = self._ids.get
        return np.fromiter((get(normalise(w), UNKNOWN) for w in words), np.int64, len(words))


@dataclass(frozen=True)
class Columns:
    """Hands out consecutive column ranges for feature blocks."""

    size: int = 0

    def block(self, width: int) -> tuple[int, Columns]:
        return self.size, Columns(self.size + width)


def shifted(ids: np.ndarray, offset: int, pad: int) -> np.ndarray:
    """``ids`` moved by ``offset`` positions, ``pad`` where it falls off either end."""
    if offset == 0 or len(ids) == 0:
        return ids
    out = np.full_like(ids, pad)
    if offset > 0:
        out[:-offset] = ids[offset:]
    else:
        out[-offset:] = ids[:offset]
    return out


def hashed_pair(a: np.ndarray, b: np.ndarray, buckets: int) -> np.ndarray:
    """Bucket ids for the pairs ``(a[i], b[i])``: a cheap multiplicative hash."""
    return np.asarray((a * 1_000_003 + b * 7_919) % buckets, dtype=np.int64)


def bucket(values: np.ndarray, edges: Sequence[float]) -> np.ndarray:
    """Index of the bucket each value falls in, for ``len(edges) + 1`` buckets."""
    return np.searchsorted(np.asarray(edges), values, side="right")


def csr(
    rows: int, cols: int, blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray]]
) -> sparse.csr_matrix:
    """A CSR matrix from ``(row, column, value)`` array triples; duplicates are summed."""
    if blocks:
        r = np.concatenate([b[0] for b in blocks])
        c = np.concatenate([b[1] for b in blocks])
        v = np.concatenate([b[2] for b in blocks])
    else:
        r = c = np.zeros(0, np.int64)
        v = np.zeros(0, np.float32)
    return sparse.csr_matrix((v.astype(np.float32), (r, c)), shape=(rows, cols))


def quote_state(words: Sequence[str], sentence: np.ndarray) -> np.ndarray:
    """1 for tokens inside double quotation marks (state resets at each sentence)."""
    inside = np.zeros(len(words), dtype=np.int64)
    state = False
    previous = -1
    for i, word in enumerate(words):
        if sentence[i] != previous:
            state, previous = False, int(sentence[i])
        if word in _QUOTES:
            state = not state
        inside[i] = state
    return inside

"""Feature matrices of the fast model: one row per token (span identification) or per span
(technique classification). Column layouts depend only on the vocabulary and ``FeatureConfig``,
both saved with the model.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
from scipy import sparse

from propscan.document import Document, Segment
from propscan.features import (
    PAD,
    Columns,
    Tokens,
    Vocabulary,
    bucket,
    csr,
    hashed_pair,
    normalise,
    quote_state,
    shape,
    shifted,
)

# Most tokens in one sentence bag (see SIFeaturizer._sentence_bags).
_MAX_BAG = 256
_WORD = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
_SENTENCE_LENGTH_EDGES = (5, 10, 20, 40)
_POSITION_EDGES = (0.001, 0.2, 0.5, 0.8, 0.999)
_SENTENCE_INDEX_EDGES = (1, 4, 11)
_REPEAT_EDGES = (2, 3, 5, 9)
_SPAN_LENGTH_EDGES = (2, 3, 5, 9, 17, 33)


@dataclass(frozen=True)
class FeatureConfig:
    """Sizes of the feature blocks (saved in the model manifest)."""

    window: int = 3
    shape_window: int = 2
    bigram_buckets: int = 1 << 16
    char_buckets: int = 1 << 15
    char_ngrams: tuple[int, ...] = (3, 4, 5)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


class SIFeaturizer:
    """Token rows for span identification: is this token inside a propaganda fragment?"""

    def __init__(self, vocab: Vocabulary, shapes: Sequence[str], config: FeatureConfig) -> None:
        self.vocab = vocab
        self.shapes = list(shapes)
        self._shape_ids = {s: i + 2 for i, s in enumerate(self.shapes)}
        self.config = config

    @property
    def n_shapes(self) -> int:
        return len(self.shapes) + 2

    def transform(self, doc: Document, tokens: Tokens) -> sparse.csr_matrix:
        """The feature matrix of ``tokens`` (rows in token order)."""
        cfg = self.config
        n = len(tokens)
        rows = np.arange(n, dtype=np.int64)
        ones = np.ones(n, dtype=np.float32)
        ids = self.vocab.ids(tokens.words)
        shape_ids = np.fromiter(
            (self._shape_ids.get(shape(w), 0) for w in tokens.words), np.int64, n
        )
        v = len(self.vocab)
        cols = Columns()
        blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        # Words in a window around the token, one block per relative position.
        for k in range(-cfg.window, cfg.window + 1):
            base, cols = cols.block(v)
            blocks.append((rows, base + shifted(ids, k, PAD), ones))
        for k in range(-cfg.shape_window, cfg.shape_window + 1):
            base, cols = cols.block(self.n_shapes)
            blocks.append((rows, base + shifted(shape_ids, k, PAD), ones))
        for left, right in ((-1, 0), (0, 1)):
            base, cols = cols.block(cfg.bigram_buckets)
            pair = hashed_pair(
                shifted(ids, left, PAD), shifted(ids, right, PAD), cfg.bigram_buckets
            )
            blocks.append((rows, base + pair, ones))
        # The words of the token's sentence: whole sentences tend to be propagandistic or not.
        sentence_base, cols = cols.block(v)
        blocks.extend(self._sentence_bags(ids, tokens, sentence_base))
        misc = self._misc(doc, tokens, ids)
        for values, width in misc:
            base, cols = cols.block(width)
            blocks.append((rows, base + values, ones))
        self.n_features = cols.size
        return csr(n, cols.size, blocks)

    @staticmethod
    def _sentence_bags(
        ids: np.ndarray, tokens: Tokens, base: int
    ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        n = len(tokens)
        if n == 0:
            return []
        sentence = tokens.sentence
        bounds = np.flatnonzero(np.diff(sentence)) + 1
        # A sentence longer than _MAX_BAG tokens is bagged in stretches of that many: each row
        # holds its bag's words, so one 50,000-character line would otherwise cost memory in
        # the square of its length (seen: 1 GB). No PTC sentence is that long (148 at most).
        cuts = [
            np.arange(s + _MAX_BAG, e, _MAX_BAG)
            for s, e in zip([0, *bounds], [*bounds, n], strict=True)
            if e - s > _MAX_BAG
        ]
        if cuts:
            bounds = np.sort(np.concatenate([bounds, *cuts]))
        starts = np.concatenate([[0], bounds])
        ends = np.concatenate([bounds, [n]])
        lengths = ends - starts
        # Each token row gets every word of its sentence, weighted so long sentences do not
        # dominate the score.
        row_parts = []
        col_parts = []
        val_parts = []
        for s, e, length in zip(starts, ends, lengths, strict=True):
            sent_ids = np.unique(ids[s:e])
            weight = np.float32(1.0 / np.sqrt(length))
            r = np.repeat(np.arange(s, e), len(sent_ids))
            c = np.tile(sent_ids, e - s)
            row_parts.append(r)
            col_parts.append(base + c)
            val_parts.append(np.full(len(r), weight, dtype=np.float32))
        return [(np.concatenate(row_parts), np.concatenate(col_parts), np.concatenate(val_parts))]

    @staticmethod
    def _misc(doc: Document, tokens: Tokens, ids: np.ndarray) -> list[tuple[np.ndarray, int]]:
        """Small one-hot blocks: position, sentence shape, quotes, repetition in the article."""
        n = len(tokens)
        if n == 0:
            return []
        sentence = tokens.sentence
        first = np.concatenate([[True], sentence[1:] != sentence[:-1]])
        sent_start_index = np.maximum.accumulate(np.where(first, np.arange(n), 0))
        counts = np.bincount(sentence)
        length = counts[sentence]
        position = (np.arange(n) - sent_start_index) / np.maximum(length - 1, 1)
        words = tokens.words
        per_sentence: dict[str, np.ndarray] = {}
        for mark in ("!", "?", '"'):
            flags = np.zeros(len(counts), dtype=np.int64)
            hit = np.fromiter((w == mark or (mark == '"' and w in "“”") for w in words), bool, n)
            np.maximum.at(flags, sentence[hit], 1)
            per_sentence[mark] = flags[sentence]
        word_counts = Counter(ids.tolist())
        repeat = np.fromiter((word_counts[i] for i in ids.tolist()), np.int64, n)
        long_word = np.fromiter((len(w) > 3 for w in words), np.int64, n)
        return [
            (bucket(position, _POSITION_EDGES), len(_POSITION_EDGES) + 1),
            (bucket(length, _SENTENCE_LENGTH_EDGES), len(_SENTENCE_LENGTH_EDGES) + 1),
            (bucket(sentence, _SENTENCE_INDEX_EDGES), len(_SENTENCE_INDEX_EDGES) + 1),
            (per_sentence["!"], 2),
            (per_sentence["?"], 2),
            (per_sentence['"'], 2),
            (quote_state(words, sentence), 2),
            (bucket(repeat, _REPEAT_EDGES) * 2 + long_word, 2 * (len(_REPEAT_EDGES) + 1)),
        ]


class TCFeaturizer:
    """Span rows for technique classification: which technique does this fragment use?"""

    def __init__(self, vocab: Vocabulary, config: FeatureConfig) -> None:
        self.vocab = vocab
        self.config = config

    def transform(self, doc: Document, spans: Sequence[tuple[int, int]]) -> sparse.csr_matrix:
        """One row per ``(start, end)`` span of ``doc.text``."""
        cfg = self.config
        v = len(self.vocab)
        text = doc.text
        # Once per article, not once per span: the repetition count below searches all of it.
        lowered = text.lower().replace("’", "'")
        sentences = doc.sentences
        sentence_starts = np.asarray([s.start for s in sentences], dtype=np.int64)
        cols = Columns()
        span_base, cols = cols.block(v)
        left_base, cols = cols.block(v)
        right_base, cols = cols.block(v)
        sentence_base, cols = cols.block(v)
        bigram_base, cols = cols.block(cfg.bigram_buckets)
        char_base, cols = cols.block(cfg.char_buckets)
        length_base, cols = cols.block(len(_SPAN_LENGTH_EDGES) + 1)
        repeat_base, cols = cols.block(len(_REPEAT_EDGES) + 1)
        flag_base, cols = cols.block(8)
        rows: list[int] = []
        columns: list[int] = []
        values: list[float] = []

        def add(row: int, cols_: np.ndarray, vals: np.ndarray | float) -> None:
            rows.extend([row] * len(cols_))
            columns.extend(cols_.tolist())
            if isinstance(vals, float):
                values.extend([vals] * len(cols_))
            else:
                values.extend(vals.tolist())

        for row, (start, end) in enumerate(spans):
            fragment = text[start:end]
            words = _WORD.findall(fragment)
            ids = self.vocab.ids(words) if words else np.asarray([PAD], np.int64)
            unique, counts = np.unique(ids, return_counts=True)
            weights = np.log1p(counts).astype(np.float32)
            add(row, span_base + unique, weights / np.linalg.norm(weights))
            left = _WORD.findall(text[max(0, start - 60) : start])[-3:]
            right = _WORD.findall(text[end : end + 60])[:3]
            if left:
                add(row, left_base + np.unique(self.vocab.ids(left)), 1.0)
            if right:
                add(row, right_base + np.unique(self.vocab.ids(right)), 1.0)
            sentence = self._sentence_of(sentences, sentence_starts, start)
            if sentence is not None:
                sent_ids = np.unique(self.vocab.ids(_WORD.findall(sentence.text)))
                add(row, sentence_base + sent_ids, float(1 / np.sqrt(len(sent_ids))))
            if len(ids) > 1:
                pairs = np.unique(hashed_pair(ids[:-1], ids[1:], cfg.bigram_buckets))
                add(row, bigram_base + pairs, float(1 / np.sqrt(len(pairs))))
            grams = self._char_grams(fragment.lower())
            if grams:
                buckets = np.unique(np.asarray([hash_text(g) for g in grams]) % cfg.char_buckets)
                add(row, char_base + buckets, float(1 / np.sqrt(len(buckets))))
            add(
                row,
                np.asarray(
                    [length_base + int(bucket(np.asarray([len(words)]), _SPAN_LENGTH_EDGES)[0])]
                ),
                1.0,
            )
            needle = normalise(fragment.strip())
            repeats = lowered.count(needle) if needle else 0
            add(
                row,
                np.asarray([repeat_base + int(bucket(np.asarray([repeats]), _REPEAT_EDGES)[0])]),
                1.0,
            )
            flags = [
                fragment.rstrip().endswith("?"),
                fragment.rstrip().endswith("!"),
                any(q in fragment for q in '"“”'),
                sentence is not None and sentence is sentences[0],
                fragment[:1].isupper(),
                sum(1 for w in words if w.isupper() and len(w) > 1) > 0,
                sentence is not None and start <= sentence.start and end >= sentence.end,
                len(words) == 1,
            ]
            hits = np.asarray([flag_base + i for i, f in enumerate(flags) if f], np.int64)
            if len(hits):
                add(row, hits, 1.0)
        return sparse.csr_matrix(
            (
                np.asarray(values, np.float32),
                (np.asarray(rows, np.int64), np.asarray(columns, np.int64)),
            ),
            shape=(len(spans), cols.size),
        )

    @staticmethod
    def _sentence_of(
        sentences: Sequence[Segment], starts: np.ndarray, offset: int
    ) -> Segment | None:
        index = int(np.searchsorted(starts, offset, side="right")) - 1
        if index < 0:
            return None
        sentence = sentences[index]
        return sentence if sentence.start <= offset < sentence.end else None

    def _char_grams(self, text: str) -> list[str]:
        padded = f" {text} "
        return [
            padded[i : i + n] for n in self.config.char_ngrams for i in range(len(padded) - n + 1)
        ]


def hash_text(text: str) -> int:
    """A stable string hash (Python's ``hash`` is salted per process)."""
    return zlib.crc32(text.encode("utf-8"))

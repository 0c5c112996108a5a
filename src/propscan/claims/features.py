"""Sparse features of sentences for the claim model, computed with NumPy over whole batches.

Three blocks, each TF-IDF weighted (sublinear term frequency) and L2-normalised on its own:

- words: vocabulary ids of the sentence's words and hashed pairs of neighbouring ids (bigrams,
  sentence start and end included), from :mod:`propscan.features`;
- characters: hashed character 2- to 5-grams of the lower-cased sentence padded with spaces,
  computed with rolling hashes over one code-point array for the whole batch (no per-n-gram
  Python);
- cues: a few counts that n-grams see only indirectly (stated quantities, question mark,
  first and second person, digits, length).

Training and inference share this module, so a model is served with the columns it learned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy import sparse

from propscan.claims.quantities import find_quantities
from propscan.features import PAD, UNKNOWN, Vocabulary, bucket, hashed_pair

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
_FIRST_SINGULAR = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"})
_FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves", "we're", "we've", "we'll"})
_SECOND = frozenset({"you", "your", "yours", "you're", "you've"})
_OPINION = frozenset({"think", "believe", "feel", "hope", "want", "should", "must", "ought"})
_CUE_OF = {
    **{w: 0 for w in _FIRST_SINGULAR},
    **{w: 1 for w in _FIRST_PLURAL},
    **{w: 2 for w in _SECOND},
    **{w: 3 for w in _OPINION},
}
_CUE_CAPS = np.asarray([3, 3, 3, 2, 3], dtype=np.float32)
_LENGTH_EDGES = (4, 8, 12, 18, 25, 35, 50)
# Cue columns: 8 indicator/count columns and one per length bucket.
_CUES = 8 + len(_LENGTH_EDGES) + 1
_HASH_MULTIPLIER = np.uint64(1_000_003)
_ORDER_SALT = 0x9E3779B97F4A7C15


@dataclass(frozen=True)
class ClaimFeatureConfig:
    """Sizes of the hashed blocks and the character n-gram orders."""

    bigram_buckets: int = 1 << 17
    char_buckets: int = 1 << 18
    char_min: int = 2
    char_max: int = 5

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Idf:
    """Inverse document frequencies of the word and character blocks."""

    words: np.ndarray
    chars: np.ndarray


def tokenize_batch(sentences: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """All tokens of the batch, normalised (:func:`propscan.features.normalise`), and,
    parallel to them, the index of each one's sentence."""
    words: list[str] = []
    owner: list[int] = []
    for index, sentence in enumerate(sentences):
        found = _TOKEN.findall(sentence.lower().replace("’", "'"))
        words.extend(found)
        owner.extend([index] * len(found))
    return words, np.asarray(owner, dtype=np.int64)


def char_ngrams(
    sentences: Sequence[str], config: ClaimFeatureConfig
) -> tuple[np.ndarray, np.ndarray]:
    """(sentence index, bucket) of every character n-gram of the batch, from rolling hashes."""
    joined = "".join(f"\x00 {s.lower()} " for s in sentences)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter((len(s) + 3 for s in sentences), np.int64, len(sentences))
    owner = np.repeat(np.arange(len(sentences), dtype=np.int64), lengths)
    owner[codes == 0] = -1  # the separators belong to no sentence
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    h = codes.copy()
    for order in range(2, config.char_max + 1):
        size = len(codes) - order + 1
        if size <= 0:
            break
        h = h[:size] * _HASH_MULTIPLIER + codes[order - 1 : order - 1 + size]
        if order < config.char_min:
            continue
        valid = (owner[:size] >= 0) & (owner[:size] == owner[order - 1 : order - 1 + size])
        mixed = h[valid] ^ np.uint64((order * _ORDER_SALT) % (1 << 64))
        rows.append(owner[:size][valid])
        cols.append((mixed % np.uint64(config.char_buckets)).astype(np.int64))
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(rows), np.concatenate(cols)


def _counts(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sparse.csr_matrix:
    values = np.ones(len(rows), dtype=np.float32)
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=shape)
    matrix.sum_duplicates()
    return matrix


def tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear TF-IDF with each row scaled to unit L2 norm (empty rows stay empty)."""
    matrix = counts.copy()
    matrix.data = (1.0 + np.log(matrix.data)) * idf[matrix.indices]
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix.data /= np.repeat(norms, np.diff(matrix.indptr)).astype(np.float32)
    return matrix


def fit_idf(counts: sparse.csr_matrix) -> np.ndarray:
    """Smoothed inverse document frequency, as scikit-learn's ``smooth_idf``."""
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    n = counts.shape[0]
    return np.asarray(np.log((1.0 + n) / (1.0 + df)) + 1.0, dtype=np.float32)


class ClaimFeaturizer:
    """Sentences → one sparse row each: ``[words | characters | cues]``."""

    def __init__(self, vocab: Vocabulary, config: ClaimFeatureConfig, idf: Idf | None) -> None:
        self.vocab = vocab
        self.config = config
        self.idf = idf
        # Vocabulary.ids normalises each word again; tokens here are normalised already.
        self._ids = {w: i + 2 for i, w in enumerate(vocab.words)}

    @property
    def word_width(self) -> int:
        return len(self.vocab) + self.config.bigram_buckets

    @property
    def width(self) -> int:
        return self.word_width + self.config.char_buckets + _CUES

    def raw_counts(
        self, sentences: Sequence[str], quantities: Sequence[int] | None = None
    ) -> tuple[sparse.csr_matrix, sparse.csr_matrix, np.ndarray]:
        """Word counts, character n-gram counts and the dense cue matrix of a batch.

        ``quantities`` are the numbers of quantities in each sentence, when the caller has
        them already (``None``: found here).
        """
        n = len(sentences)
        words, owner = tokenize_batch(sentences)
        get = self._ids.get
        ids = np.asarray([get(w, UNKNOWN) for w in words], dtype=np.int64)
        # Bigrams: each token with its predecessor, PAD standing in at the sentence start; and
        # the last token of each sentence with PAD after it.
        previous = np.full_like(ids, PAD)
        if len(ids) > 1:
            same = owner[1:] == owner[:-1]
            previous[1:][same] = ids[:-1][same]
        last = np.ones(len(ids), dtype=bool)
        if len(ids) > 1:
            last[:-1] = owner[1:] != owner[:-1]
        buckets = self.config.bigram_buckets
        closing = np.full(int(last.sum()), PAD, dtype=np.int64)
        bigrams = np.concatenate(
            [hashed_pair(previous, ids, buckets), hashed_pair(ids[last], closing, buckets)]
        )
        word_rows = np.concatenate([owner, owner, owner[last]])
        word_cols = np.concatenate([ids, len(self.vocab) + bigrams])
        word_counts = _counts(word_rows, word_cols, (n, self.word_width))
        char_rows, char_cols = char_ngrams(sentences, self.config)
        char_counts = _counts(char_rows, char_cols, (n, self.config.char_buckets))
        if quantities is None:
            quantities = [len(find_quantities(s)) for s in sentences]
        return word_counts, char_counts, self._cues(sentences, words, owner, quantities)

    def _cues(
        self,
        sentences: Sequence[str],
        words: list[str],
        owner: np.ndarray,
        quantities: Sequence[int],
    ) -> np.ndarray:
        n = len(sentences)
        cues = np.zeros((n, _CUES), dtype=np.float32)
        # One pass over the tokens: the cue column of each (4 = a number, -1 = none).
        column = np.asarray([_CUE_OF.get(w, 4 if w[0].isdigit() else -1) for w in words])
        hit = column >= 0
        counts = np.zeros((n, 5), dtype=np.float32)
        np.add.at(counts, (owner[hit], column[hit]), 1.0)
        cues[:, :5] = np.minimum(counts, _CUE_CAPS) / _CUE_CAPS
        cues[:, 5] = np.minimum(np.asarray(quantities, dtype=np.float32), 3) / 3
        cues[:, 6] = np.fromiter((s.rstrip().endswith("?") for s in sentences), np.float32, n)
        cues[:, 7] = np.fromiter(("!" in s for s in sentences), np.float32, n)
        lengths = np.bincount(owner, minlength=n)
        cues[np.arange(n), 8 + bucket(lengths, _LENGTH_EDGES)] = 1.0
        return cues

    def transform(
        self, sentences: Sequence[str], quantities: Sequence[int] | None = None
    ) -> sparse.csr_matrix:
        """The feature matrix of ``sentences`` (needs fitted ``idf``); see :meth:`raw_counts`."""
        if self.idf is None:
            raise ValueError("the featurizer has no IDF weights yet")
        word_counts, char_counts, cues = self.raw_counts(sentences, quantities)
        return self.combine(word_counts, char_counts, cues, self.idf)

    @staticmethod
    def combine(
        word_counts: sparse.csr_matrix,
        char_counts: sparse.csr_matrix,
        cues: np.ndarray,
        idf: Idf,
    ) -> sparse.csr_matrix:
        blocks = [
            tfidf(word_counts, idf.words),
            tfidf(char_counts, idf.chars),
            sparse.csr_matrix(cues),
        ]
        return sparse.hstack(blocks, format="csr")

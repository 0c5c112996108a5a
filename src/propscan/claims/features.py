"""Sparse features of sentences for the claim model, computed with NumPy over whole batches.

Three blocks, each TF-IDF weighted and normalised on its own: sublinear term frequency and L2
norm, or (:attr:`ClaimFeatureConfig.char_sublinear`, ``word_sublinear`` False, as the packaged
model) raw counts over the root of the sum of IDF² over the occurrences, which inference sums
without counting duplicates:

- words: vocabulary ids of the sentence's words and hashed pairs of neighbouring ids (bigrams,
  sentence start and end included), from :mod:`propscan.features`;
- characters: hashed character 2- to 5-grams of the lower-cased sentence padded with spaces,
  computed with rolling hashes over one code-point array for the whole batch (no per-n-gram
  Python);
- cues: a few counts that n-grams see only indirectly (stated quantities, question mark,
  first and second person, digits, length).

Training and inference share this module, so a model is served with the columns it learned.
Training builds the scipy matrix (:meth:`ClaimFeaturizer.transform`); inference
(:meth:`ClaimFeaturizer.scores`) computes the same linear scores from (row, column) pairs
without building it (with sublinear counts, duplicates counted with a hash table, not a sort).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from itertools import repeat
from typing import Any

import numpy as np
from scipy import sparse

from propscan.claims.quantities import find_quantities, number_kind
from propscan.features import PAD, UNKNOWN, Vocabulary, bucket, hashed_pair

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
_FIRST_SINGULAR = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"})
_FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves", "we're", "we've", "we'll"})
_SECOND = frozenset({"you", "your", "yours", "you're", "you've"})
_OPINION = frozenset({"think", "believe", "feel", "hope", "want", "should", "must", "ought"})
# Words that judge rather than report (ClaimBuster's non-factual class: opinion, insult,
# exhortation): a general list of evaluative adjectives and adverbs, insults and intensifiers,
# written for this column (ClaimFeatureConfig.opinion_cues), so that the model learns one
# weight for the group from the debates and gives it to members the debates rarely use.
_EVALUATIVE = frozenset(
    """
    absurd appalling atrocious awful bizarre brutal cowardly crazy criminal crooked despicable
    dishonest disgrace disgraceful disgusting dreadful dumb evil false foolish hateful
    horrendous horrible horrific hypocrite hypocrites hypocritical idiot idiots idiotic
    incompetent insane laughable liar liars lie lies lying ludicrous mad moron morons
    nonsense notorious outrageous pathetic ridiculous rotten scandalous shameful shameless
    sick silly sinister stupid terrible thugs treacherous ugly vile wicked worthless
    wonderful fantastic magnificent brilliant glorious heroic incredible amazing awesome
    beautiful great greatest best worst
    so-called supposedly allegedly obviously clearly surely certainly absolutely truly
    really simply utterly totally shamelessly blatantly typical
    """.split()
)
_CUE_OF = {
    **{w: 0 for w in _FIRST_SINGULAR},
    **{w: 1 for w in _FIRST_PLURAL},
    **{w: 2 for w in _SECOND},
    **{w: 3 for w in _OPINION},
    **{w: 5 for w in _EVALUATIVE},
}
# Token cue columns: 0-3 the word groups above, 4 a number, 5 an evaluative word (counted
# only with ClaimFeatureConfig.opinion_cues).
_TOKEN_CUES = 6
_CUE_CAPS = np.asarray([3, 3, 3, 2, 3], dtype=np.float32)
_LENGTH_EDGES = (4, 8, 12, 18, 25, 35, 50)
# Cue columns: 8 indicator/count columns and one per length bucket.
_CUES = 8 + len(_LENGTH_EDGES) + 1
# With ClaimFeatureConfig.opinion_cues, after those: evaluative words, names (capitalised
# words past the first), and "states neither a name nor a number".
_OPINION_CUES = 3
# A capitalised word: a name, when it is not the sentence's first word nor "I".
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*")
_HASH_MULTIPLIER = np.uint64(1_000_003)
_ORDER_SALT = 0x9E3779B97F4A7C15
# Rows of ClaimFeaturizer._token_table after the vocabulary's: 6 for unknown tokens (by first
# character a digit or not, and number kind), one per token cue column for cue words not in
# the vocabulary, the separator.
_CUE_ROWS = 6
_SEPARATOR_ROW = _CUE_ROWS + _TOKEN_CUES
# Sentences scored together by ClaimFeaturizer.scores (a batch of more is cut in chunks).
_CHUNK = 64
# Unknown tokens remembered by ClaimFeaturizer.scores, beyond the vocabulary.
_UNKNOWN_CAP = 200_000
# Multiplicative hashes of _distinct's table, tried in turn on the keys that collide.
_SLOT_MULTIPLIERS = tuple(
    np.uint64(m) for m in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9)
)
# Code points that separate words for ClaimFeatureConfig.char_within_words (str.isspace's
# below U+3001).
_SPACES = np.asarray([c for c in range(0x3001) if chr(c).isspace() and c != 0], dtype=np.uint64)


@dataclass(frozen=True)
class ClaimFeatureConfig:
    """Sizes of the hashed blocks and the character n-gram orders."""

    bigram_buckets: int = 1 << 17
    char_buckets: int = 1 << 18
    char_min: int = 2
    char_max: int = 5
    # Only n-grams within a whitespace-delimited word, padded with one space each side (as
    # scikit-learn's ``char_wb``), rather than across words too.
    char_within_words: bool = False
    # False: the character block weighs raw counts (count × IDF) and divides each row by the
    # square root of the sum, over its n-gram occurrences, of IDF² (its L2 norm when no n-gram
    # repeats): linear in the occurrences, so inference needs no counting of duplicates.
    char_sublinear: bool = True
    # The same for the word block.
    word_sublinear: bool = True
    # Cue columns for non-factual sentences: evaluative words, names, neither name nor number.
    opinion_cues: bool = False

    @property
    def has_chars(self) -> bool:
        """Whether there is a character block (``char_buckets`` 0: none)."""
        return self.char_buckets > 0 and self.char_max >= self.char_min

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
    lowered = [s.lower() for s in sentences]  # may be longer than s ("İ" → "i̇")
    joined = "".join(f"\x00 {s} " for s in lowered)
    lengths = np.fromiter((len(s) + 3 for s in lowered), np.int64, len(lowered))
    return _char_ngrams(joined, lengths, config)


def _char_ngrams(
    joined: str, lengths: np.ndarray, config: ClaimFeatureConfig
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`char_ngrams` of the lower-cased batch joined as ``"\x00 {s} "`` per sentence,
    ``lengths`` the lengths of those pieces; in text order, so the rows are sorted."""
    if not config.has_chars:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    owner = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    owner[codes == 0] = -1  # the separators belong to no sentence
    if config.char_within_words:
        space = np.isin(codes, _SPACES)
        # spaces[i]: the spaces before position i, to count those inside an n-gram.
        spaces = np.zeros(len(codes) + 1, dtype=np.int64)
        np.cumsum(space, out=spaces[1:])
    orders = range(config.char_min, config.char_max + 1)
    hashes = np.zeros((len(codes), len(orders)), dtype=np.uint64)
    valid = np.zeros((len(codes), len(orders)), dtype=bool)
    h = codes.copy()
    for order in range(2, config.char_max + 1):
        size = len(codes) - order + 1
        if size <= 0:
            break
        h = h[:size] * _HASH_MULTIPLIER + codes[order - 1 : order - 1 + size]
        if order < config.char_min:
            continue
        hashes[:size, order - config.char_min] = h ^ np.uint64((order * _ORDER_SALT) % (1 << 64))
        ok = (owner[:size] >= 0) & (owner[:size] == owner[order - 1 : order - 1 + size])
        if config.char_within_words:
            # No space inside (a space may open or close it), and not spaces alone.
            inside = spaces[order - 1 : order - 1 + size] - spaces[1 : 1 + size]
            ok &= inside == 0
            if order == 2:
                ok &= ~(space[:size] & space[1 : 1 + size])
        valid[:size, order - config.char_min] = ok
    # Row-major masks keep text order (the rows sorted).
    rows = np.broadcast_to(owner[:, None], valid.shape)[valid]
    found = hashes[valid]
    buckets = config.char_buckets
    if buckets & (buckets - 1) == 0:  # a power of two: the same as the remainder, quicker
        found &= np.uint64(buckets - 1)
    else:
        found %= np.uint64(buckets)
    return rows, found.view(np.int64)


def _counts(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sparse.csr_matrix:
    values = np.ones(len(rows), dtype=np.float32)
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=shape)
    matrix.sum_duplicates()
    return matrix


def tfidf(counts: sparse.csr_matrix, idf: np.ndarray, sublinear: bool = True) -> sparse.csr_matrix:
    """Sublinear TF-IDF with each row scaled to unit L2 norm (empty rows stay empty).

    ``sublinear`` False: count × IDF, each row divided by the square root of the sum of
    count × IDF² (see :attr:`ClaimFeatureConfig.char_sublinear`)."""
    matrix = counts.copy()
    if sublinear:
        matrix.data = (1.0 + np.log(matrix.data)) * idf[matrix.indices]
        squares = matrix.multiply(matrix)
    else:
        squares = counts.multiply(idf[None, :] ** 2)
        matrix.data = matrix.data * idf[matrix.indices]
    norms = np.sqrt(np.asarray(squares.sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix.data /= np.repeat(norms, np.diff(matrix.indptr)).astype(np.float32)
    return matrix


def fit_idf(counts: sparse.csr_matrix) -> np.ndarray:
    """Smoothed inverse document frequency, as scikit-learn's ``smooth_idf``."""
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    n = counts.shape[0]
    return np.asarray(np.log((1.0 + n) / (1.0 + df)) + 1.0, dtype=np.float32)


def _names(sentence: str) -> int:
    """Capitalised words of a sentence past its first word, "I" aside: its names, roughly."""
    found = _CAPITALISED.findall(sentence)
    first = _CAPITALISED.match(sentence.lstrip(" \t\n\"'“‘(["))
    return int(sum(w != "I" for w in found)) - int(first is not None and first.group() != "I")


def _distinct(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of one occurrence of each distinct value of ``keys`` (ascending) and the number of
    its occurrences, found with a hash table rather than by sorting (sorting was the biggest
    cost of inference)."""
    size = len(keys)
    bits = max(4, (8 * size).bit_length())
    table = np.empty(1 << bits, dtype=np.intp)
    first = np.arange(size)
    pending = first
    for multiplier in _SLOT_MULTIPLIERS:
        pending_keys = keys[pending]
        slots = (pending_keys.astype(np.uint64) * multiplier) >> np.uint64(64 - bits)
        table[slots] = pending
        found = table[slots]
        # A slot holds one entry: each of the other entries of its key takes that one; the
        # entries of a key that lost its slot to another key try again with another hash.
        same = keys[found] == pending_keys
        first[pending[same]] = found[same]
        pending = pending[~same]
        if len(pending) == 0:
            break
    else:
        _, where, inverse = np.unique(keys[pending], return_index=True, return_inverse=True)
        first[pending] = pending[where][inverse]
    counts = np.bincount(first, minlength=size)
    heads = np.flatnonzero(counts)
    return heads, counts[heads]


def _row_starts(rows: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The rows (of ``n``) that occur in the sorted ``rows``, and where each one starts: a
    binary search per row (quicker than comparing neighbours)."""
    bounds = np.searchsorted(rows, np.arange(n + 1))
    present = np.flatnonzero(bounds[1:] > bounds[:-1])
    return present, bounds[present]


def _block_scores(
    rows: np.ndarray, cols: np.ndarray, idf: np.ndarray, coef: np.ndarray, n: int
) -> np.ndarray:
    """``tfidf(counts) @ coef`` for the counts of the (row, column) pairs given, duplicates
    counted, without building the matrix: the linear model only needs, for each row, the sum
    over its distinct columns of TF-IDF times that column's weights. ``rows`` must be sorted."""
    out = np.zeros((n, coef.shape[1]), dtype=np.float32)
    if len(rows) == 0:
        return out
    heads, counts = _distinct(rows * len(idf) + cols)
    row, col = rows[heads], cols[heads]
    values = (1.0 + np.log(counts.astype(np.float32))) * idf.take(col)
    present, starts = _row_starts(row, n)
    norms = np.sqrt(np.add.reduceat(values * values, starts))
    norms[norms == 0] = 1.0
    scaled = values / np.repeat(norms, np.diff(starts, append=len(row)))
    out[present] = np.add.reduceat(coef.take(col, axis=0) * scaled[:, None], starts)
    return out


def linear_table(idf: np.ndarray, coef: np.ndarray) -> np.ndarray:
    """The table :func:`_linear_block_scores` reads: per column, IDF² then IDF × its weights."""
    table = np.empty((len(idf), 1 + coef.shape[1]), dtype=np.float32)
    table[:, 0] = idf * idf
    table[:, 1:] = idf[:, None] * coef
    return table


def _linear_block_scores(
    rows: np.ndarray, cols: np.ndarray, table: np.ndarray, n: int
) -> np.ndarray:
    """``tfidf(counts, sublinear=False) @ coef`` for the (row, column) pairs given, from
    :func:`linear_table`'s table: sums over the pairs, duplicates and all, so none are counted
    (one gather and one reduction). ``rows`` must be sorted."""
    out = np.zeros((n, table.shape[1] - 1), dtype=np.float32)
    if len(rows) == 0:
        return out
    present, starts = _row_starts(rows, n)
    sums = np.add.reduceat(table.take(cols, axis=0), starts)
    out[present] = sums[:, 1:] / np.sqrt(sums[:, :1])  # IDF >= 1: the sums are not 0
    return out


class ClaimFeaturizer:
    """Sentences → one sparse row each: ``[words | characters | cues]``."""

    def __init__(self, vocab: Vocabulary, config: ClaimFeatureConfig, idf: Idf | None) -> None:
        self.vocab = vocab
        self.config = config
        self.idf = idf
        # Vocabulary.ids normalises each word again; tokens here are normalised already.
        self._ids = {w: i + 2 for i, w in enumerate(vocab.words)}
        # Built on first use by _token_table.
        self._lookup: dict[str, int] | None = None
        self._ids_of = np.zeros(0, dtype=np.int64)
        self._cue_of = np.zeros(0, dtype=np.int64)
        self._number_of = np.zeros(0, dtype=np.int8)
        self._lookup_cap = 0
        # linear_table of the blocks without sublinear counts, for the coef it was made from.
        self._tables: tuple[np.ndarray, np.ndarray | None, np.ndarray | None] | None = None

    @property
    def word_width(self) -> int:
        return len(self.vocab) + self.config.bigram_buckets

    @property
    def width(self) -> int:
        return self.word_width + self.config.char_buckets + self.cue_width

    @property
    def cue_width(self) -> int:
        return _CUES + (_OPINION_CUES if self.config.opinion_cues else 0)

    def _token_table(self) -> tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray]:
        """Token → row of three tables: its vocabulary id, its cue column (see :meth:`_cues`)
        and its :func:`~propscan.claims.quantities.number_kind` (0: it may not be part of a
        quantity; 1: a digit; 2: a number word).

        Vocabulary words have their id as row; every other token has one of a few rows after
        them (unknown, by cue column and number flag; unknown but a cue word; the sentence
        separator ``"\x00"``). Unknown tokens are remembered as they are met, up to a cap.
        """
        if self._lookup is None:
            base = len(self.vocab)
            lookup = dict(self._ids)
            for word, column in _CUE_OF.items():
                lookup.setdefault(word, base + _CUE_ROWS + column)
            lookup["\x00"] = base + _SEPARATOR_ROW
            size = base + _SEPARATOR_ROW + 1
            ids_of = np.arange(size, dtype=np.int64)
            ids_of[base:] = UNKNOWN
            cue_of = np.full(size, -1, dtype=np.int64)
            number_of = np.zeros(size, dtype=np.int8)
            for word, row in self._ids.items():
                cue_of[row] = _CUE_OF.get(word, 4 if word[0].isdigit() else -1)
                number_of[row] = number_kind(word)
            cue_of[base : base + 6] = [-1, -1, -1, 4, 4, 4]  # the rows of _unknown_row
            number_of[base : base + 6] = [0, 1, 2, 0, 1, 2]
            cue_of[base + _CUE_ROWS : base + _SEPARATOR_ROW] = np.arange(_TOKEN_CUES)
            for word, row in lookup.items():
                if row >= base:  # rows shared by words: the highest kind of theirs
                    number_of[row] = max(number_of[row], number_kind(word))
            self._lookup, self._ids_of, self._cue_of, self._number_of = (
                lookup,
                ids_of,
                cue_of,
                number_of,
            )
            self._lookup_cap = len(lookup) + _UNKNOWN_CAP
        return self._lookup, self._ids_of, self._cue_of, self._number_of

    def _unknown_row(self, word: str) -> int:
        """The table row of a token that is not in the vocabulary nor a cue word."""
        return len(self.vocab) + (3 if word[0].isdigit() else 0) + number_kind(word)

    def scores(
        self,
        sentences: Sequence[str],
        coef: np.ndarray,
        intercept: np.ndarray,
        quantities: Sequence[int] | Callable[[np.ndarray], Sequence[int]] | None = None,
    ) -> np.ndarray:
        """``transform(sentences, quantities) @ coef + intercept``, computed without building
        the sparse matrix (the same numbers, to float rounding): what inference needs.

        One pass over the whole batch: the sentences are lower-cased and tokenised as one
        string, tokens looked up in one table (:meth:`_token_table`), and each block's TF-IDF
        rows multiplied into ``coef`` from (row, column) pairs (:func:`_block_scores`).

        ``quantities`` may also be a function: given the number kind of each sentence (the
        highest :func:`~propscan.claims.quantities.number_kind` of its tokens: 0, it states no
        quantity; 1, it names no number word, only digits; 2, it may name a number word), it
        returns the number of quantities of each sentence.
        """
        if self.idf is None:
            raise ValueError("the featurizer has no IDF weights yet")
        n = len(sentences)
        if n == 0:
            return np.zeros((0, coef.shape[1]), dtype=np.float32)
        if n > _CHUNK and not callable(quantities):
            # Hash tables and n-gram arrays stay small (cache-sized) in chunks of sentences.
            return np.concatenate(
                [
                    self.scores(
                        sentences[i : i + _CHUNK],
                        coef,
                        intercept,
                        None if quantities is None else quantities[i : i + _CHUNK],
                    )
                    for i in range(0, n, _CHUNK)
                ]
            )
        lookup, ids_of, cue_of, number_of = self._token_table()
        joined = "\x00 " + " \x00 ".join(sentences) + " "
        lowered = joined.lower()
        if len(lowered) != len(joined) or lowered.count("\x00") != n:
            # Lower-casing changed a length, or a sentence holds the separator: the slow path.
            if callable(quantities):
                quantities = quantities(np.full(n, 2, dtype=np.int8))
            return np.asarray(
                self.transform(sentences, quantities) @ coef + intercept, dtype=np.float32
            )
        words = _TOKEN.findall(lowered.replace("’", "'"))
        rows = np.fromiter(map(lookup.get, words, repeat(-1)), np.int64, len(words))
        for at in np.flatnonzero(rows < 0).tolist():
            word = words[at]
            row = self._unknown_row(word)
            if len(lookup) < self._lookup_cap:
                lookup[word] = row
            rows[at] = row
        separator = rows == len(self.vocab) + _SEPARATOR_ROW
        owner = np.cumsum(separator) - 1
        keep = ~separator
        rows, owner = rows[keep], owner[keep]
        ids = ids_of[rows]
        word_rows, word_cols = self._word_pairs(ids, owner)
        lengths = np.fromiter((len(s) + 3 for s in sentences), np.int64, n)
        char_rows, char_cols = _char_ngrams(lowered, lengths, self.config)
        if quantities is None or callable(quantities):
            kinds = np.zeros(n, dtype=np.int8)
            kind_of = number_of[rows]
            kinds[owner[kind_of == 1]] = 1
            kinds[owner[kind_of == 2]] = 2  # after the 1s: a sentence takes its highest
            if quantities is None:
                quantities = [
                    len(find_quantities(s, number_words=k == 2)) if k else 0
                    for s, k in zip(sentences, kinds.tolist(), strict=True)
                ]
            else:
                quantities = quantities(kinds)
        cues = self._cue_matrix(sentences, cue_of[rows], owner, quantities, self.config)
        word_width, char_width = self.word_width, self.config.char_buckets
        word_table, char_table = self._linear_tables(coef)
        total = cues @ coef[word_width + char_width :] + intercept
        if word_table is None:
            total += _block_scores(word_rows, word_cols, self.idf.words, coef[:word_width], n)
        else:
            total += _linear_block_scores(word_rows, word_cols, word_table, n)
        if char_table is None:
            chars = coef[word_width : word_width + char_width]
            total += _block_scores(char_rows, char_cols, self.idf.chars, chars, n)
        else:
            total += _linear_block_scores(char_rows, char_cols, char_table, n)
        return np.asarray(total, dtype=np.float32)

    def _linear_tables(self, coef: np.ndarray) -> tuple[np.ndarray | None, np.ndarray | None]:
        """:func:`linear_table` of the word and character blocks that weigh raw counts (``None``
        for one that does not), made once for a given ``coef``."""
        if self._tables is None or self._tables[0] is not coef:
            assert self.idf is not None
            word_width, char_width = self.word_width, self.config.char_buckets
            self._tables = (
                coef,
                None
                if self.config.word_sublinear
                else linear_table(self.idf.words, coef[:word_width]),
                None
                if self.config.char_sublinear
                else linear_table(self.idf.chars, coef[word_width : word_width + char_width]),
            )
        return self._tables[1], self._tables[2]

    def _word_pairs(self, ids: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of every word and bigram of the batch, from its tokens' ids, in text
        order (the rows sorted)."""
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
        columns = np.empty((len(ids), 3), dtype=np.int64)
        columns[:, 0] = ids
        columns[:, 1] = len(self.vocab) + hashed_pair(previous, ids, buckets)
        columns[:, 2] = len(self.vocab) + hashed_pair(ids, np.full_like(ids, PAD), buckets)
        keep = np.ones((len(ids), 3), dtype=bool)
        keep[:, 2] = last
        return np.repeat(owner, 3)[keep.ravel()], columns[keep]

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
        word_rows, word_cols = self._word_pairs(ids, owner)
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
        # One pass over the tokens: the cue column of each (4 = a number, -1 = none).
        column = np.asarray(
            [_CUE_OF.get(w, 4 if w[0].isdigit() else -1) for w in words], dtype=np.int64
        )
        return self._cue_matrix(sentences, column, owner, quantities, self.config)

    @staticmethod
    def _cue_matrix(
        sentences: Sequence[str],
        column: np.ndarray,
        owner: np.ndarray,
        quantities: Sequence[int],
        config: ClaimFeatureConfig,
    ) -> np.ndarray:
        n = len(sentences)
        extra = _OPINION_CUES if config.opinion_cues else 0
        cues = np.zeros((n, _CUES + extra), dtype=np.float32)
        hit = column >= 0
        per = _TOKEN_CUES
        counts = np.bincount(owner[hit] * per + column[hit], minlength=per * n).reshape(n, per)
        cues[:, :5] = np.minimum(counts[:, :5], _CUE_CAPS) / _CUE_CAPS
        cues[:, 5] = np.minimum(np.asarray(quantities, dtype=np.float32), 3) / 3
        cues[:, 6] = np.fromiter((s.rstrip().endswith("?") for s in sentences), np.float32, n)
        cues[:, 7] = np.fromiter(("!" in s for s in sentences), np.float32, n)
        lengths = np.bincount(owner, minlength=n)
        cues[np.arange(n), 8 + bucket(lengths, _LENGTH_EDGES)] = 1.0
        if extra:
            cues[:, _CUES] = np.minimum(counts[:, 5], 2) / 2
            names = np.fromiter(map(_names, sentences), np.float32, n)
            cues[:, _CUES + 1] = np.minimum(names, 3) / 3
            cues[:, _CUES + 2] = (names == 0) & (counts[:, 4] == 0)
        return cues

    def transform(
        self, sentences: Sequence[str], quantities: Sequence[int] | None = None
    ) -> sparse.csr_matrix:
        """The feature matrix of ``sentences`` (needs fitted ``idf``); see :meth:`raw_counts`."""
        if self.idf is None:
            raise ValueError("the featurizer has no IDF weights yet")
        word_counts, char_counts, cues = self.raw_counts(sentences, quantities)
        return self.combine(word_counts, char_counts, cues, self.idf)

    def combine(
        self,
        word_counts: sparse.csr_matrix,
        char_counts: sparse.csr_matrix,
        cues: np.ndarray,
        idf: Idf,
    ) -> sparse.csr_matrix:
        blocks = [
            tfidf(word_counts, idf.words, self.config.word_sublinear),
            tfidf(char_counts, idf.chars, self.config.char_sublinear),
            sparse.csr_matrix(cues),
        ]
        return sparse.hstack(blocks, format="csr")

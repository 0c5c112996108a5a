"""The token windows the encoder sees and the blocks an article is served in."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from propscan.features import Tokens
from propscan.models.windows import OVERLAP, WINDOW, Encoded, blocks, windows


def _encoded(sentence_lengths: list[int]) -> Encoded:
    sentence = np.repeat(np.arange(len(sentence_lengths)), sentence_lengths)
    n = len(sentence)
    starts = np.arange(n, dtype=np.int64) * 2
    return Encoded(np.arange(n, dtype=np.int64), Tokens(starts, starts + 1, ["w"] * n, sentence))


@given(st.integers(0, 5000))
def test_windows_cover_every_token_with_the_overlap(n: int) -> None:
    ranges = list(windows(n))
    assert ranges[0][0] == 0 and ranges[-1][1] == n
    for start, end in ranges:
        assert 0 <= end - start <= WINDOW - 2
    for (_, end), (start, _) in itertools.pairwise(ranges):
        assert end - start == OVERLAP


@given(st.lists(st.integers(1, 300), max_size=60), st.integers(16, 1000))
def test_blocks_cover_every_token_once_and_cut_at_sentences(lengths: list[int], size: int) -> None:
    encoded = _encoded(lengths)
    ranges = list(blocks(encoded, size))
    covered = [i for start, end in ranges for i in range(start, end)]
    assert covered == list(range(len(encoded)))
    sentence = encoded.tokens.sentence
    for start, end in ranges:
        assert 0 < end - start <= size
        cut_in_sentence = end < len(encoded) and sentence[end] == sentence[end - 1]
        if cut_in_sentence:
            # Only a sentence that fills the whole block from its start may be cut.
            assert sentence[start] == sentence[end - 1]


def test_part_keeps_document_offsets_and_sentences() -> None:
    encoded = _encoded([3, 4, 5])
    part = encoded.part(3, 7)
    assert part.ids.tolist() == [3, 4, 5, 6]
    assert part.tokens.starts.tolist() == [6, 8, 10, 12]
    assert part.tokens.sentence.tolist() == [1, 1, 1, 1]
    assert len(part) == len(part.tokens) == 4

"""Subword tokens of a document's article text, and the overlapping windows an encoder sees.

Training and inference share this module, so the model is served exactly the windows it was
trained on. Offsets come from the tokenizer's offset mapping and point into ``Document.text``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from propscan.document import Document
from propscan.features import Tokens

# Positions per window, [CLS] and [SEP] included; the base encoder was pretrained on up to 512
# but its sentence-transformers fine-tuning used short inputs, and 256 keeps attention cheap.
WINDOW = 256
# Consecutive windows share this many tokens, so every token but the first few of an article
# is seen with context on both sides in at least one window.
OVERLAP = 64
# Most tokens an article is served in at once. Hidden states are kept for a block at a time
# (BLOCK x 384 floats, 6 MB), so a 10 MB article needs no more memory than a short one.
BLOCK = 4096


@dataclass(frozen=True)
class Encoded:
    """The subword tokens of an article (no special tokens), as parallel arrays."""

    ids: np.ndarray
    tokens: Tokens

    def __len__(self) -> int:
        return len(self.ids)

    def part(self, start: int, end: int) -> Encoded:
        """Tokens ``start`` to ``end``; offsets and sentence indexes stay the document's."""
        tokens = self.tokens
        return Encoded(
            self.ids[start:end],
            Tokens(
                tokens.starts[start:end],
                tokens.ends[start:end],
                tokens.words[start:end],
                tokens.sentence[start:end],
            ),
        )


def encode(tokenizer: Any, doc: Document) -> Encoded:
    """Tokenize ``doc.text[:doc.article_end]``; tokens map to ``doc.article_sentences``."""
    text = doc.text[: doc.article_end]
    encoding = tokenizer.encode(text, add_special_tokens=False)
    offsets = np.asarray(encoding.offsets, dtype=np.int64).reshape(-1, 2)
    keep = offsets[:, 1] > offsets[:, 0]
    ids = np.asarray(encoding.ids, dtype=np.int64)[keep]
    starts, ends = offsets[keep, 0], offsets[keep, 1]
    sentences = doc.article_sentences
    sentence_starts = np.asarray([s.start for s in sentences], dtype=np.int64)
    sentence = np.searchsorted(sentence_starts, starts, side="right") - 1
    sentence = np.maximum(sentence, 0)
    words = [text[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
    return Encoded(ids, Tokens(starts, ends, words, sentence))


def windows(
    n_tokens: int, window: int = WINDOW, overlap: int = OVERLAP
) -> Iterator[tuple[int, int]]:
    """``[start, end)`` token ranges covering ``n_tokens`` with ``overlap`` between neighbours."""
    inner = window - 2
    step = inner - overlap
    start = 0
    while True:
        end = min(start + inner, n_tokens)
        yield start, end
        if end >= n_tokens:
            return
        start += step


def blocks(encoded: Encoded, size: int = BLOCK) -> Iterator[tuple[int, int]]:
    """``[start, end)`` token ranges of at most ``size`` tokens covering ``encoded``.

    Blocks end at a sentence start where one lies in reach, so that a fragment (which never
    crosses a sentence) is found whole; a sentence longer than a block is cut.
    """
    n = len(encoded)
    sentence = encoded.tokens.sentence
    start = 0
    while start < n:
        end = min(start + size, n)
        if end < n:
            # The last token in reach that begins a new sentence.
            begins = np.flatnonzero(sentence[start + 1 : end + 1] != sentence[start:end]) + 1
            if len(begins):
                end = start + int(begins[-1])
        yield start, end
        start = end


@dataclass(frozen=True)
class SpecialIds:
    """The ids an encoder's windows are framed and padded with."""

    cls: int
    sep: int
    pad: int


def special_ids(tokenizer: Any) -> SpecialIds:
    """The special tokens ``tokenizer`` puts around a text, and its padding token.

    Read from the tokenizer, not named: BERT's [CLS]/[SEP]/[PAD] are 101/102/0 in MiniLM, MPNet
    uses <s>/</s>/<pad> = 0/2/1 (and has an ordinary "[CLS]" token, 105).
    """
    framed = list(tokenizer.encode("", add_special_tokens=True).ids)
    if len(framed) != 2:
        raise ValueError(f"a tokenizer framing a text with {len(framed)} special tokens, not 2")
    pads = [
        i
        for i, token in sorted(tokenizer.get_added_tokens_decoder().items())
        if token.special and token.content.strip("[]<>").lower() == "pad"
    ]
    return SpecialIds(int(framed[0]), int(framed[1]), int(pads[0]) if pads else 0)


def batch_inputs(
    ids: np.ndarray, ranges: list[tuple[int, int]], cls_id: int, sep_id: int, pad_id: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Padded ``input_ids`` and ``attention_mask`` for the given windows of ``ids``."""
    width = max(end - start for start, end in ranges) + 2
    input_ids = np.full((len(ranges), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(ranges), width), dtype=np.int64)
    for row, (start, end) in enumerate(ranges):
        length = end - start
        input_ids[row, 0] = cls_id
        input_ids[row, 1 : length + 1] = ids[start:end]
        input_ids[row, length + 1] = sep_id
        mask[row, : length + 2] = 1
    return input_ids, mask

"""An encoder's evidence of where attributions' cues start, for the quote finder.

Two sources give it: the encoder cue tagger (:mod:`propscan.quotes.cuetagger`, a fine-tuned
MiniLM of its own) and the cue probe (:mod:`propscan.quotes.cueprobe`, which reads the cue
branch of the accurate model's own graph). Both give a logit at every subword token; the
probe's is completed by the linear tagger's logit (:mod:`propscan.quotes.cuemodel`), which the
branch was trained beside.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from propscan.document import Document

# The linear tagger's probabilities are clipped here before their logit is taken, when the
# cue branch is trained (cueprobe_train.linear_logit) and when the probe runs.
LINEAR_CLIP = 1e-4


@dataclass(frozen=True)
class CueEvidence:
    """Cue logits at the subword tokens of an article, by each token's start.

    Where the evidence has a logit for a word, the probability that a cue starts there is
    ``sigmoid(logit + linear_weight * logit(linear tagger's probability))``, and a cue needs it
    to reach ``threshold``; elsewhere the linear tagger's probability and threshold stand.
    """

    starts: np.ndarray  # character offsets, ascending
    logits: np.ndarray
    threshold: float
    linear_weight: float = 0.0

    def at(self, char: int) -> float | None:
        """The logit for the word starting at ``char``; ``None`` where no subword token
        starts there."""
        return self.at_each([char])[0]

    def at_each(self, chars: list[int]) -> list[float | None]:
        """:meth:`at` for each offset in ``chars`` (a sentence's tokens), in one lookup."""
        if not len(self.starts):
            return [None] * len(chars)
        wanted = np.asarray(chars, dtype=np.int64)
        i = np.minimum(np.searchsorted(self.starts, wanted), len(self.starts) - 1)
        found = self.starts[i] == wanted
        logits = self.logits[i].tolist()
        return [z if hit else None for z, hit in zip(logits, found.tolist(), strict=True)]

    def probability(self, logit: float, linear: float) -> float:
        """The cue probability of a word with ``logit`` here and ``linear`` from the linear
        tagger."""
        z = logit
        if self.linear_weight:
            p = min(max(linear, LINEAR_CLIP), 1 - LINEAR_CLIP)
            z += self.linear_weight * math.log(p / (1 - p))
        return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


class CueSource(Protocol):
    """What gives a detector the cue evidence of an article besides its own graph: the encoder
    cue tagger, or another model's cue branch (``large`` reads the accurate model's)."""

    def evidence(self, doc: Document) -> CueEvidence | None: ...

"""The contract every detector meets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from propscan.analysis import Fragment
from propscan.document import Document


@dataclass(frozen=True)
class Detection:
    """What a detector found in one document.

    ``sentence_scores`` has one score in [0, 1] per ``Document.article_sentences`` entry; a
    sentence scoring at or above ``flag_threshold``, or holding a fragment, counts as
    propagandistic in the summary.
    """

    fragments: list[Fragment]
    sentence_scores: list[float]
    flag_threshold: float
    # (sentences, 3) ClaimBuster class probabilities from a claims head on the detector's own
    # encoder (the accurate model's), for the claim model to average with its own; else None.
    # (Compared by the tests element-wise: arrays have no truth value for ``==``.)
    claim_probabilities: np.ndarray | None = field(default=None, compare=False)


class Detector(Protocol):
    """Finds technique fragments in a document and classifies given spans."""

    name: str

    def __call__(self, doc: Document) -> Detection:
        """Scored, labelled fragments of ``doc``'s article text, and sentence scores."""
        ...

    def classify(self, doc: Document, spans: Sequence[tuple[int, int]]) -> list[tuple[str, float]]:
        """One ``(technique, probability)`` per span of ``doc.text`` (the TC task)."""
        ...

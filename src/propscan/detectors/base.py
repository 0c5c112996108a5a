"""The contract every detector meets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from propscan.analysis import Fragment
from propscan.document import Document


@dataclass(frozen=True)
class Detection:
    """What a detector found in one document.

    ``sentence_scores`` has one score in [0, 1] per ``Document.article_sentences`` entry; a
    sentence scoring at or above ``flag_threshold`` counts as propagandistic in the summary.
    """

    fragments: list[Fragment]
    sentence_scores: list[float]
    flag_threshold: float


class Detector(Protocol):
    """Finds technique fragments in a document and classifies given spans."""

    name: str

    def __call__(self, doc: Document) -> Detection:
        """Scored, labelled fragments of ``doc``'s article text, and sentence scores."""
        ...

    def classify(self, doc: Document, spans: Sequence[tuple[int, int]]) -> list[tuple[str, float]]:
        """One ``(technique, probability)`` per span of ``doc.text`` (the TC task)."""
        ...

"""The display threshold: the confidence under which a fragment is not reported.

Fragments carry calibrated confidences: a fragment at 0.2 overlapped a fragment the annotators
marked with the same technique about 2 times in 10 on articles the model had not seen
(docs/evaluation.md). Below :data:`DEFAULT_THRESHOLD` they are left out of an analysis before
the statement detectors run and the summary is made, so the score, the counts, the actors'
fragments and every report describe the fragments shown. ``threshold=0`` keeps them all.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from propscan.errors import ConfigError

if TYPE_CHECKING:
    from propscan.detectors.base import Detection, Detector
    from propscan.document import Document

# Chosen by benchmarks/display_threshold.py on the shipped models' cross-validation (3 folds
# of the 371 PTC articles, each fragment found by a model that had not seen its article, its
# confidence calibrated by a map fitted without it): for the default (accurate) model, 0.15 is
# the cut with the highest full-task F1 (0.243, against 0.232 showing everything; 0.241 at
# 0.12, 0.232 at 0.2). It keeps 79.5% of the held-out fragments and 88.9% of the right ones;
# the share right among those shown rises from 22.5% to 25.2%, and the fragments it drops were
# right about 1 time in 8. The fast model's confidences run lower: it keeps 34% of its
# fragments (19.5% right, against 13.8% of all); its best full-task F1 is at 0.08.
DEFAULT_THRESHOLD = 0.15


def check_threshold(threshold: float | None) -> float:
    """The threshold to apply: :data:`DEFAULT_THRESHOLD` for ``None``, else ``threshold``.

    Raises:
        ConfigError: ``threshold`` is not a number from 0 to 1.
    """
    if threshold is None:
        return DEFAULT_THRESHOLD
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, int | float)
        or math.isnan(threshold)
        or not 0 <= threshold <= 1
    ):
        raise ConfigError(f"threshold {threshold!r} is not a confidence from 0 to 1")
    return float(threshold)


class AtLeast:
    """A detector that reports only the fragments of ``detector`` with a confidence of at least
    ``threshold``; sentence scores and span classification are ``detector``'s."""

    def __init__(self, detector: Detector, threshold: float) -> None:
        self.detector = detector
        self.threshold = threshold
        self.name = detector.name

    def __call__(self, doc: Document) -> Detection:
        detection = self.detector(doc)
        kept = [f for f in detection.fragments if f.confidence >= self.threshold]
        return replace(detection, fragments=kept)

    def classify(self, doc: Document, spans: Sequence[tuple[int, int]]) -> list[tuple[str, float]]:
        return self.detector.classify(doc, spans)


def at_least(detector: Detector, threshold: float | None) -> Detector:
    """``detector`` reporting only fragments at or above ``threshold`` (``None``: the default;
    0: ``detector`` itself)."""
    value = check_threshold(threshold)
    return detector if value <= 0 else AtLeast(detector, value)

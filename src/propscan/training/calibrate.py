"""Fitting confidence calibration on held-out fragments, and the reliability table.

A fragment counts as right when it overlaps a gold fragment of the same technique in its
article: what a reader checking it would find. Isotonic regression (scikit-learn) maps raw
scores to that rate; it assumes only that a higher score is never less often right.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from propscan.errors import MissingExtraError
from propscan.labels import LabelledSpan
from propscan.models.calibration import Calibration

# Reliability bins of the calibrated confidence.
BINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


def rightness(predicted: Sequence[LabelledSpan], gold: Sequence[LabelledSpan]) -> np.ndarray:
    """1 for each predicted fragment that overlaps a gold one of its technique, else 0."""
    by_key: dict[tuple[str, str | None], list[tuple[int, int]]] = defaultdict(list)
    for g in gold:
        by_key[(g.article_id, g.technique)].append((g.start, g.end))
    return np.asarray(
        [
            any(s < p.end and p.start < e for s, e in by_key.get((p.article_id, p.technique), ()))
            for p in predicted
        ],
        dtype=np.float64,
    )


def fit_calibration(scores: np.ndarray, right: np.ndarray) -> Calibration:
    """The isotonic map from raw ``scores`` to the rate of ``right`` fragments."""
    try:
        from sklearn.isotonic import IsotonicRegression
    except ImportError:
        raise MissingExtraError("train", "sklearn") from None
    if not len(scores):
        return Calibration((0.0, 1.0), (0.0, 1.0))
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    iso.fit(scores, right)
    x = tuple(round(float(v), 6) for v in iso.X_thresholds_)
    y = tuple(round(float(v), 6) for v in iso.y_thresholds_)
    return Calibration(x, y)


@dataclass(frozen=True)
class ReliabilityRow:
    """One confidence bin: how many fragments, their mean confidence, how often right."""

    low: float
    high: float
    n: int
    confidence: float
    right: float


def reliability(confidence: np.ndarray, right: np.ndarray) -> list[ReliabilityRow]:
    """The reliability table of confidences against rightness, bin by bin (empty bins out)."""
    rows = []
    for low, high in itertools.pairwise(BINS):
        inside = (confidence >= low) & (confidence < high)
        n = int(inside.sum())
        if n:
            rows.append(
                ReliabilityRow(
                    low,
                    min(high, 1.0),
                    n,
                    round(float(confidence[inside].mean()), 4),
                    round(float(right[inside].mean()), 4),
                )
            )
    return rows


def expected_calibration_error(confidence: np.ndarray, right: np.ndarray) -> float:
    """The mean over fragments of |bin confidence - bin rate| (the usual ECE, 10 bins)."""
    if not len(confidence):
        return 0.0
    total = sum(r.n * abs(r.confidence - r.right) for r in reliability(confidence, right))
    return round(total / len(confidence), 4)

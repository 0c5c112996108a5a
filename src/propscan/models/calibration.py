"""Calibrated fragment confidences: a monotone map from a detector's raw score.

A detector's raw fragment score (its probability that the span is propaganda times its
probability for the technique) is a product of two model outputs, not a frequency.
``propscan train`` fits a monotone map from raw scores to how often such fragments overlap a
fragment that the annotators marked with the same technique, on cross-validated (held-out)
predictions (``propscan.training.calibrate``), and ships it beside the model as
``calibration.json``: pairs of raw score and calibrated confidence, interpolated linearly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from propscan.errors import ModelError
from propscan.fileio import atomic_write

CALIBRATION_FILE = "calibration.json"


@dataclass(frozen=True)
class Calibration:
    """Raw scores ``x`` (increasing) and their calibrated confidences ``y`` (non-decreasing)."""

    x: tuple[float, ...]
    y: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.x) != len(self.y) or not self.x:
            raise ValueError("a calibration needs as many confidences as scores, at least one")
        if any(b < a for a, b in zip(self.x, self.x[1:], strict=False)) or any(
            b < a for a, b in zip(self.y, self.y[1:], strict=False)
        ):
            raise ValueError("a calibration must be non-decreasing")
        if not all(0.0 <= v <= 1.0 for v in self.y):
            raise ValueError("calibrated confidences must lie in [0, 1]")

    def __call__(self, scores: np.ndarray) -> np.ndarray:
        """Calibrated confidences of raw ``scores`` (clipped to the fitted range)."""
        return np.asarray(np.interp(scores, self.x, self.y), dtype=np.float64)

    def save(self, directory: Path) -> None:
        atomic_write(
            directory / CALIBRATION_FILE,
            json.dumps({"x": list(self.x), "y": list(self.y)}) + "\n",
        )

    @classmethod
    def load(cls, directory: Path) -> Calibration | None:
        """The calibration a model directory ships, or None where it has none."""
        path = directory / CALIBRATION_FILE
        if not path.is_file():
            return None
        try:
            raw = json.loads(path.read_text("utf-8"))
            return cls(tuple(map(float, raw["x"])), tuple(map(float, raw["y"])))
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise ModelError(f"{path}: corrupt calibration ({exc})") from None

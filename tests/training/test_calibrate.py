"""Confidence calibration: a monotone map fitted on held-out fragments, and its checks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from propscan.errors import ModelError
from propscan.labels import LabelledSpan
from propscan.models.calibration import CALIBRATION_FILE, Calibration
from propscan.training.calibrate import (
    expected_calibration_error,
    fit_calibration,
    reliability,
    rightness,
)


def test_rightness_needs_overlap_and_the_same_technique() -> None:
    gold = [LabelledSpan("1", 10, 20, "Doubt")]
    predicted = [
        LabelledSpan("1", 15, 25, "Doubt"),  # overlaps, same technique
        LabelledSpan("1", 15, 25, "Slogans"),  # overlaps, other technique
        LabelledSpan("1", 20, 30, "Doubt"),  # touches only
        LabelledSpan("2", 10, 20, "Doubt"),  # other article
    ]
    assert rightness(predicted, gold).tolist() == [1.0, 0.0, 0.0, 0.0]


def test_an_overconfident_score_is_calibrated_down() -> None:
    rng = np.random.default_rng(0)
    raw = rng.uniform(0.01, 0.99, 5000)
    # Right far less often than the score says, the rate logistic in the score's logit.
    rate = 1 / (1 + np.exp(-(0.8 * np.log(raw / (1 - raw)) - 1.0)))
    right = (rng.uniform(0, 1, 5000) < rate).astype(np.float64)
    calibration = fit_calibration(raw, right)
    calibrated = calibration(raw)
    assert expected_calibration_error(raw, right) > 0.15
    assert expected_calibration_error(calibrated, right) < 0.03
    table = reliability(calibrated, right)
    assert sum(r.n for r in table) == 5000
    assert all(abs(r.confidence - r.right) < 0.1 for r in table if r.n > 200)


def test_a_few_high_scores_do_not_make_a_certainty() -> None:
    """Two right fragments at the top do not send the top scores to 1.0."""
    rng = np.random.default_rng(1)
    raw = np.concatenate([rng.uniform(0.0, 0.5, 2000), [0.57, 0.58]])
    right = np.concatenate([(rng.uniform(0, 1, 2000) < raw[:2000]).astype(float), [1.0, 1.0]])
    assert fit_calibration(raw, right)(np.asarray([0.6]))[0] < 0.8


def test_perfectly_separated_fragments_do_not_overflow() -> None:
    calibration = fit_calibration(np.asarray([0.1, 0.2, 0.8, 0.9]), np.asarray([0, 0, 1, 1.0]))
    out = calibration(np.asarray([0.0, 0.15, 0.85, 1.0]))
    assert np.all(np.diff(out) >= 0) and out[0] < 0.5 < out[-1]


def test_rightness_of_one_kind_gives_a_constant_rate() -> None:
    calibration = fit_calibration(np.asarray([0.1, 0.5, 0.9]), np.zeros(3))
    assert calibration(np.asarray([0.0, 0.5, 1.0])).tolist() == [0.0, 0.0, 0.0]


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 1), st.booleans()), min_size=1, max_size=60),
    st.lists(st.floats(-1, 2), min_size=1, max_size=20),
)
def test_calibrated_confidences_are_monotone_and_in_range(
    pairs: list[tuple[float, bool]], queries: list[float]
) -> None:
    raw = np.asarray([p for p, _ in pairs])
    right = np.asarray([float(r) for _, r in pairs])
    calibration = fit_calibration(raw, right)
    q = np.sort(np.asarray(queries))
    out = calibration(q)
    assert np.all((out >= 0) & (out <= 1))
    assert np.all(np.diff(out) >= -1e-12)


def test_a_calibration_round_trips_and_a_corrupt_one_is_refused(tmp_path: Path) -> None:
    calibration = Calibration((0.1, 0.5, 0.9), (0.05, 0.3, 0.6))
    calibration.save(tmp_path)
    assert Calibration.load(tmp_path) == calibration
    assert Calibration.load(tmp_path / "absent") is None
    (tmp_path / CALIBRATION_FILE).write_text('{"x": [0.5, 0.1], "y": [0, 1]}', "utf-8")
    with pytest.raises(ModelError, match="corrupt calibration"):
        Calibration.load(tmp_path)

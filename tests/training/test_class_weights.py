"""Class weights of the fast model's technique classifier (TrainOptions.tc_class_power)."""

from __future__ import annotations

import numpy as np
import pytest

from propscan.models.train_fast import _class_weights


def test_power_0_leaves_the_fragments_unweighted() -> None:
    assert _class_weights([0, 0, 1], 0.0) is None


@pytest.mark.parametrize("power", [0.5, 1.0])
def test_rarer_techniques_weigh_more_and_the_mean_stays_1(power: float) -> None:
    targets = [3] * 90 + [5] * 9 + [7]
    weights = _class_weights(targets, power)
    assert weights is not None
    assert weights.mean() == pytest.approx(1.0)
    by_class = {t: weights[targets.index(t)] for t in (3, 5, 7)}
    assert by_class[3] < by_class[5] < by_class[7]
    # (90 / 9) ** power: the ratio between two classes follows their counts.
    assert by_class[5] / by_class[3] == pytest.approx(10**power)
    if power == 1.0:  # balanced: every class weighs the same in all
        totals = [
            sum(w for w, t in zip(weights, targets, strict=True) if t == c) for c in (3, 5, 7)
        ]
        assert np.allclose(totals, totals[0])

"""Cross-validation of the claim model: folds by debate, offsets never tuned on the fold."""

from __future__ import annotations

import numpy as np
import pytest

from propscan.claims.cv import cross_fitted, fold_of_debates, out_of_fold
from propscan.claims.features import ClaimFeatureConfig
from propscan.claims.train import ClaimData


def test_folds_keep_each_debate_whole() -> None:
    groups = [f"debate{i % 7}" for i in range(70)]
    fold = fold_of_debates(groups, 3)
    for g in set(groups):
        assert len({int(f) for f, h in zip(fold, groups, strict=True) if h == g}) == 1
    assert set(fold.tolist()) == {0, 1, 2}


def test_offsets_are_tuned_on_the_other_folds() -> None:
    # Fold 0 rewards calling everything check-worthy, fold 1 the opposite: each fold's
    # offsets must come from the other, so both score badly.
    gold = np.asarray([1] * 10 + [-1] * 10)
    fold = np.asarray([0] * 10 + [1] * 10)
    p = np.tile(np.asarray([[0.5, 0.0, 0.5]], dtype=np.float32), (20, 1))
    p[:10] = [0.6, 0.0, 0.4]
    p[10:] = [0.4, 0.0, 0.6]
    figures = cross_fitted(p, gold, fold, "checkworthy_f1")
    assert figures.checkworthy_f1 == [0.0, 0.0]


def test_out_of_fold_on_a_small_corpus() -> None:
    pytest.importorskip("sklearn")
    facts = [f"Unemployment rose to {n} percent in state {n}." for n in range(30)]
    opinions = [f"I think that plan number {n} is a disgrace." for n in range(30)]
    trivia = [f"Thank you all for coming tonight to hall {n}." for n in range(30)]
    texts = facts + opinions + trivia
    labels = np.asarray([1] * 30 + [-1] * 30 + [0] * 30)
    groups = [f"d{i % 6}" for i in range(90)]
    config = ClaimFeatureConfig(bigram_buckets=64, char_buckets=256, opinion_cues=True)
    probabilities, fold = out_of_fold(ClaimData(texts, labels, groups), 3, config)
    assert probabilities.shape == (90, 3)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    assert np.mean(np.asarray([-1, 0, 1])[probabilities.argmax(axis=1)] == labels) > 0.9
    assert set(fold.tolist()) == {0, 1, 2}

"""The opinion cue columns (ClaimFeatureConfig.opinion_cues): what they count, and the fast
inference path equal to the sparse matrix with them."""

from __future__ import annotations

import numpy as np
import pytest

from propscan.claims.features import ClaimFeatureConfig, _names
from propscan.claims.train import fit_model


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("Obama lies.", 0),  # the first word is not counted, whatever it is
        ("I think Obama lies.", 1),
        ("“The United States created ISIS.", 3),
        ("the rebels have fled.", 0),
    ],
)
def test_names(sentence: str, names: int) -> None:
    assert _names(sentence) == names


def test_fast_path_equals_sparse_path_with_opinion_cues() -> None:
    pytest.importorskip("sklearn")
    texts = [
        "Unemployment rose to 9 percent in Ohio.",
        "What a disgraceful, pathetic liar he is!",
        "I think the so-called plan is simply stupid.",
        "Thank you all for coming tonight.",
    ] * 5
    labels = np.asarray([1, -1, -1, 0] * 5)
    config = ClaimFeatureConfig(bigram_buckets=64, char_buckets=256, opinion_cues=True)
    featurizer, weights = fit_model(texts, labels, features=config)
    assert featurizer.cue_width == 16 + 3
    probe = [*texts[:4], "Obama lies.", "Clearly the Senate voted 52 to 48 on Tuesday.", ""]
    fast = featurizer.scores(probe, weights.coef, weights.intercept)
    sparse = featurizer.transform(probe) @ weights.coef + weights.intercept
    np.testing.assert_allclose(fast, sparse, rtol=0, atol=1e-5)
    cues = featurizer.transform(probe).toarray()[:, -3:]
    assert cues[1, 0] == 1.0  # two evaluative words or more: capped at 2, scaled to 1
    assert cues[3, 2] == 1.0  # no name, no number
    assert cues[5, 2] == 0.0

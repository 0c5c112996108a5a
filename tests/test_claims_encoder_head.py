"""The claims head on the accurate model's encoder: pooling, the average, the detector's output."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from propscan.claims import load_claim_model
from propscan.claims.encoder_head import (
    ENCODER_WEIGHT,
    HEAD_FILE,
    SCORES_FILE,
    ClaimHead,
    SentencePool,
    average,
)
from propscan.detectors import load_detector, packaged_model_dir
from propscan.document import Document
from propscan.errors import ModelError
from propscan.features import Tokens
from propscan.models.windows import Encoded


def _part(starts: list[int]) -> Encoded:
    n = len(starts)
    return Encoded(
        np.zeros(n, dtype=np.int64),
        Tokens(np.asarray(starts), np.asarray(starts) + 1, ["x"] * n, np.zeros(n, dtype=np.int64)),
    )


def test_pool_averages_each_sentence_over_blocks() -> None:
    pool = SentencePool(np.asarray([0, 10, 20]), width=2)
    # Sentence 0: tokens at 0 and 5; sentence 1 crosses the two blocks; sentence 2 has none.
    pool.add(_part([0, 5, 12]), np.asarray([[1.0, 0.0], [3.0, 2.0], [4.0, 4.0]]))
    pool.add(_part([15]), np.asarray([[0.0, 2.0]]))
    assert pool.vectors().tolist() == [[2.0, 1.0], [2.0, 3.0], [0.0, 0.0]]


def test_average_is_the_linear_model_without_a_head() -> None:
    linear = np.asarray([[0.2, 0.3, 0.5]])
    assert average(None, linear) is linear
    both = average(np.asarray([[0.6, 0.3, 0.1]]), linear)
    assert np.allclose(
        both, ENCODER_WEIGHT * np.asarray([[0.6, 0.3, 0.1]]) + (1 - ENCODER_WEIGHT) * linear
    )


def test_head_round_trip_and_corrupt_file(tmp_path: Path) -> None:
    assert ClaimHead.load(tmp_path) is None
    head = ClaimHead(np.ones((4, 3), dtype=np.float32), np.asarray([0.0, 1.0, 2.0], np.float32))
    head.save(tmp_path)
    loaded = ClaimHead.load(tmp_path)
    assert loaded is not None and np.array_equal(loaded.w, head.w)
    p = loaded.probabilities(np.zeros((2, 4), dtype=np.float32))
    assert p.shape == (2, 3) and np.allclose(p.sum(axis=1), 1.0) and p[0].argmax() == 2
    (tmp_path / HEAD_FILE).write_bytes(b"not numpy")
    with pytest.raises(ModelError, match="corrupt claims head"):
        ClaimHead.load(tmp_path)


def test_the_shipped_accurate_model_feeds_the_claim_model() -> None:
    directory = packaged_model_dir("accurate")
    figures = json.loads((directory / SCORES_FILE).read_text(encoding="utf-8"))
    # What the head is for: the average beats the linear model alone on the dev debates.
    assert figures["average"]["checkworthy_f1"] > figures["linear_model"]["checkworthy_f1"]
    doc = Document.create(
        "Unemployment fell to 4 percent last year.\nWhat a wonderful evening it was!\n"
        "Over 350,000 people have been killed in Syria since 2011.\n"
    )
    detection = load_detector("accurate")(doc)
    assert detection.claim_probabilities is not None
    assert detection.claim_probabilities.shape == (len(doc.article_sentences), 3)
    claims = load_claim_model()(doc, detection.claim_probabilities)
    assert [c.verdict for c in claims][2] == 1
    assert load_detector("fast")(doc).claim_probabilities is None

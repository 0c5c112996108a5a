"""Inference without scipy gives the claim model's outputs as the sparse matrix path does.

``data/claims_reference.json`` holds the packaged model's outputs computed on the matrix path
(the scipy feature matrix times the weights, quantities looked for in every sentence): class
probabilities of the demo article, of edge-case sentences, of the first 400 ClaimBuster dev
sentences and of 12 PTC test articles, and their Claims. It is regenerated whenever the
packaged model changes. The fast path must give the same verdicts and quantities,
probabilities to 1e-5, and Claim scores (rounded to 4 decimals) to one unit of the last
decimal: float rounding differs from scipy's, and a probability within 1e-7 of a rounding
boundary may round the other way.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from propscan.analysis import Quantity
from propscan.claims import ClaimModel, find_quantities, load_claim_model
from propscan.claims.features import (
    ClaimFeatureConfig,
    ClaimFeaturizer,
    Idf,
    _distinct,
    char_ngrams,
    fit_idf,
)
from propscan.claims.quantities import is_label, is_year, may_be_number, number_kind
from propscan.claims.train import load_claim_data
from propscan.dataset import load_articles
from propscan.document import Document
from propscan.features import Vocabulary
from propscan.models.fast import softmax

REFERENCE = Path(__file__).parent / "data" / "claims_reference.json"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
CLAIMBUSTER = SHARED / "claimbuster" / "crowdsourced.csv"
PTC_TEST = SHARED / "ptc" / "unlabelled-test" / "articles"


@pytest.fixture(scope="module")
def model() -> ClaimModel:
    return load_claim_model()


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return data


def _sparse_probabilities(model: ClaimModel, sentences: list[str]) -> np.ndarray:
    """The old path: the scipy feature matrix times the weights."""
    return softmax(model.weights.scores(model.featurizer.transform(sentences)))


def _same_claims(model: ClaimModel, doc: Document, expected: dict[str, Any]) -> None:
    sentences = [s.text for s in doc.article_sentences]
    np.testing.assert_allclose(
        model.probabilities(sentences), expected["probabilities"], rtol=0, atol=1e-5
    )
    claims = json.loads(json.dumps([asdict(c) for c in model(doc)]))
    assert len(claims) == len(expected["claims"])
    for got, want in zip(claims, expected["claims"], strict=True):
        assert abs(got["score"] - want["score"]) <= 1.01e-4
        for key in ("start", "end", "verdict"):
            assert got[key] == want[key], key
        # The fixture predates leaving years and labels ("Article 50") out of the reported
        # quantities.
        reported = [
            q
            for q in want["quantities"]
            if not (is_year(Quantity(**q)) or is_label(doc.text, Quantity(**q)))
        ]
        assert got["quantities"] == reported, "quantities"


def test_demo_article_as_before(
    model: ClaimModel, reference: dict[str, Any], demo_text: str
) -> None:
    _same_claims(model, Document.create(demo_text), reference["demo"])


def test_edge_sentences_as_before(model: ClaimModel, reference: dict[str, Any]) -> None:
    sentences = reference["edge_sentences"]
    np.testing.assert_allclose(model.probabilities(sentences), reference["edge"], rtol=0, atol=1e-5)


def test_claimbuster_dev_as_before(model: ClaimModel, reference: dict[str, Any]) -> None:
    if not CLAIMBUSTER.is_file():
        pytest.skip(f"no ClaimBuster data at {CLAIMBUSTER}")
    expected = np.asarray(reference["claimbuster_dev"], dtype=np.float32)
    sentences = load_claim_data(CLAIMBUSTER).part(dev=True).texts[: len(expected)]
    got = model.probabilities(sentences)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-5)
    verdicts = [v for v, _ in model.decide(got)]
    assert verdicts == [v for v, _ in model.decide(expected)]


def test_ptc_articles_as_before(model: ClaimModel, reference: dict[str, Any]) -> None:
    if not PTC_TEST.is_dir():
        pytest.skip(f"no PTC test articles at {PTC_TEST}")
    articles = load_articles(PTC_TEST)
    for article_id, expected in reference["ptc"].items():
        _same_claims(model, articles[article_id], expected)


def test_slow_paths_and_odd_text(model: ClaimModel) -> None:
    sentences = [
        "İstanbul had 3 million people.",  # lower-casing lengthens it
        "a\x00b 12 percent",  # holds the separator
        "Σ ΣΑΣ ends. ΟΔΟΣ",
        "\u212a 5",
        "",
    ]
    for batch in (sentences, sentences[1:], sentences[2:], [sentences[0]]):
        np.testing.assert_allclose(
            model.probabilities(batch), _sparse_probabilities(model, batch), rtol=0, atol=1e-5
        )
    assert model.probabilities([]).shape == (0, 3)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from(list("ab one twenty-five 9.5%,'’-ÉéΣß\u0130\n?!$")),
            max_size=60,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_fast_path_equals_sparse_path(model: ClaimModel, sentences: list[str]) -> None:
    np.testing.assert_allclose(
        model.probabilities(sentences), _sparse_probabilities(model, sentences), rtol=0, atol=1e-5
    )


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from(list("ab one two tenfive 3.5m, -$%\nSeven Hundred")),
            max_size=50,
        ),
        min_size=1,
        max_size=6,
    )
)
@example(["H-3"])  # a label, found by this test in CI
def test_claim_quantities_as_per_sentence(model: ClaimModel, paragraphs: list[str]) -> None:
    doc = Document.create("\n".join(paragraphs))
    for claim in model(doc):
        # The reported quantities are the sentence's, less years and labels ("H-3").
        found = find_quantities(doc.text, claim.start, claim.end)
        amounts = [q for q in found if not (is_year(q) or is_label(doc.text, q))]
        assert list(claim.quantities) == amounts


def test_may_be_number() -> None:
    assert may_be_number("2011") and may_be_number("covid19") and may_be_number("twenty-one")
    assert may_be_number("one") and may_be_number("one's")
    assert not may_be_number("someone") and not may_be_number("often")
    assert not may_be_number(",") and not may_be_number("people")


def test_distinct_matches_unique() -> None:
    rng = np.random.default_rng(0)
    for size in (0, 1, 5, 1000, 20000):
        keys = rng.integers(0, max(1, size // 3), size) * 7919
        heads, counts = _distinct(keys)
        unique, expected_counts = np.unique(keys, return_counts=True)
        assert len(heads) == len(unique)
        assert np.all(np.diff(heads) > 0)
        order = np.argsort(keys[heads])
        np.testing.assert_array_equal(keys[heads][order], unique)
        np.testing.assert_array_equal(counts[order], expected_counts)


_VARIANTS = [
    ClaimFeatureConfig(char_buckets=1 << 10),
    ClaimFeatureConfig(char_buckets=1 << 10, char_sublinear=False, word_sublinear=False),
    ClaimFeatureConfig(char_buckets=1000, char_min=3, char_max=4, char_sublinear=False),
    ClaimFeatureConfig(char_buckets=1 << 10, char_within_words=True, word_sublinear=False),
    ClaimFeatureConfig(char_buckets=0, word_sublinear=False),
]


@pytest.mark.parametrize("config", _VARIANTS)
def test_feature_variants_fast_path_equals_sparse_path(config: ClaimFeatureConfig) -> None:
    vocab = Vocabulary(["the", "one", "people", "i", "we", "think", "3"])
    sentences = [
        "The the the people, 3 of them; one more.",
        "I think we  saw one.\tAaaa aaaa!",
        "",
        "x",
        "İstanbul 5",
        "twenty-one people?",
    ]
    featurizer = ClaimFeaturizer(vocab, config, None)
    words, chars, _ = featurizer.raw_counts(sentences)
    featurizer.idf = Idf(fit_idf(words), fit_idf(chars))
    coef = np.random.default_rng(0).normal(size=(featurizer.width, 3)).astype(np.float32)
    intercept = np.zeros(3, dtype=np.float32)
    expected = featurizer.transform(sentences) @ coef
    for batch in (slice(None), slice(0, 4), slice(5, 6)):
        got = featurizer.scores(sentences[batch], coef, intercept)
        np.testing.assert_allclose(got, expected[batch], rtol=0, atol=1e-5)


def test_char_ngrams_within_words() -> None:
    config = ClaimFeatureConfig(char_buckets=1 << 40, char_min=2, char_max=3)
    within = ClaimFeatureConfig(
        char_buckets=1 << 40, char_min=2, char_max=3, char_within_words=True
    )
    # As scikit-learn's char_wb: n-grams of " ab " and " c " (two spaces between the words
    # make no n-gram of spaces alone).
    rows, buckets = char_ngrams(["ab  c"], within)
    expected = char_ngrams(["ab", "c"], config)[1]  # each padded with a space each side
    assert sorted(buckets.tolist()) == sorted(expected.tolist())
    assert rows.tolist() == [0] * len(expected)


def test_number_kind() -> None:
    assert number_kind("people") == 0 and number_kind(",") == 0 and number_kind("someone") == 0
    assert number_kind("2011") == 1 and number_kind("covid19") == 1
    assert number_kind("one") == 2 and number_kind("twenty-one") == 2 and number_kind("1-one") == 2

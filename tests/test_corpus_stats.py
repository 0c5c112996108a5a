"""The corpus report's statistics and phrase counting, checked against direct computations."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import numpy as np
import pytest

from propscan.corpus import stats
from propscan.corpus.phrases import count_phrases, normalise


def _outlet(rng: np.random.Generator, n: int, per_1000: float) -> tuple[np.ndarray, np.ndarray]:
    words = rng.integers(200, 1200, size=n).astype(float)
    return rng.poisson(words * per_1000 / 1000).astype(float), words


def test_pooled_rate_weighs_articles_by_length() -> None:
    fragments, words = np.array([1.0, 9.0]), np.array([1000.0, 3000.0])
    assert stats.pooled_rate(fragments, words) == pytest.approx(2.5)  # 10 per 4,000 words
    assert stats.pooled_rate(np.zeros(2), np.zeros(2)) == 0.0


def test_bootstrap_interval_is_seeded_holds_the_rate_and_narrows_with_more_articles() -> None:
    rng = np.random.default_rng(1)
    small, large = _outlet(rng, 15, 20), _outlet(rng, 600, 20)
    a = stats.rate("x", *small, seed=7)
    assert a == stats.rate("x", *small, seed=7)  # the same seed, the same interval
    assert a != stats.rate("x", *small, seed=8)
    assert a.low is not None and a.high is not None and a.low < a.rate < a.high
    b = stats.rate("x", *large, seed=7)
    assert b.low is not None and b.high is not None
    assert (b.high - b.low) < (a.high - a.low) / 3  # about 1/sqrt(40) as wide
    assert 15 < b.low < b.rate < b.high < 25
    one = stats.rate("y", np.array([3.0]), np.array([500.0]))
    assert (one.rate, one.low, one.high, one.articles) == (6.0, None, None, 1)


def test_bootstrap_covers_the_true_rate_about_95_times_in_100() -> None:
    rng = np.random.default_rng(2)
    covered = 0
    for trial in range(200):
        fragments, words = _outlet(rng, 40, 15)
        r = stats.rate("x", fragments, words, seed=trial, resamples=500)
        assert r.low is not None and r.high is not None
        covered += r.low <= 15 <= r.high
    assert 175 <= covered <= 200  # percentile bootstrap: near 95% at n = 40


def _exact_p(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> float:
    """The permutation p-value over every split of the pooled articles."""
    fragments, words = np.concatenate([a[0], b[0]]), np.concatenate([a[1], b[1]])
    observed = abs(stats.pooled_rate(*a) - stats.pooled_rate(*b))
    n, extreme, total = len(words), 0, 0
    for chosen in combinations(range(n), len(a[0])):
        mask = np.zeros(n, dtype=bool)
        mask[list(chosen)] = True
        diff = stats.pooled_rate(fragments[mask], words[mask]) - stats.pooled_rate(
            fragments[~mask], words[~mask]
        )
        extreme += abs(diff) >= observed - 1e-9
        total += 1
    return extreme / total


def test_permutation_p_matches_the_exact_test() -> None:
    rng = np.random.default_rng(3)
    a, b = _outlet(rng, 5, 30), _outlet(rng, 5, 10)
    exact = _exact_p(a, b)  # 252 splits
    p = stats.permutation_p(a, b, np.random.default_rng(0), permutations=20_000)
    assert p == pytest.approx(exact, abs=0.01)


def test_outlets_that_differ_are_told_apart_and_alike_ones_are_not() -> None:
    rng = np.random.default_rng(4)
    outlets = [("a", *_outlet(rng, 60, 30)), ("b", *_outlet(rng, 60, 15)),
               ("c", *_outlet(rng, 60, 15)), ("d", *_outlet(rng, 1, 15))]  # fmt: skip
    found = {(c.a, c.b): c for c in stats.compare(outlets, seed=5)}
    assert list(found) == [("a", "b"), ("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"), ("c", "d")]
    ab, bc = found[("a", "b")], found[("b", "c")]
    assert ab.p is not None and ab.p < 0.001 and ab.low is not None and ab.low > 0
    assert ab.difference == pytest.approx(
        stats.pooled_rate(*outlets[0][1:]) - stats.pooled_rate(*outlets[1][1:])
    )
    assert bc.p is not None and bc.p > 0.05 and bc.low is not None and bc.high is not None
    assert bc.low < 0 < bc.high
    assert found[("a", "d")].p is None and found[("a", "d")].p_holm is None  # one article
    assert stats.compare(outlets, seed=5) == stats.compare(outlets, seed=5)


def test_holm_adjustment() -> None:
    # Sorted 0.01, 0.02, 0.04 -> 3 * 0.01, max(0.03, 2 * 0.02), max(0.04, 1 * 0.04).
    assert stats.holm([0.04, 0.01, None, 0.02]) == pytest.approx([0.04, 0.03, None, 0.04])
    assert stats.holm([0.5, 0.6]) == [1.0, 1.0]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (", dies in her mouth", "dies in her mouth"),
        ("“Traitors”!", "traitors"),
        ("  Crooked\n Hillary.", "crooked hillary"),
        ("the ‘so-called’ experts", "the 'so-called' experts"),
        ("ＦＡＫＥ news", "fake news"),
        ("...", ""),
    ],
)
def test_phrases_are_normalised(text: str, phrase: str) -> None:
    assert normalise(text) == phrase


def test_phrase_counts_merge_variants_and_drop_rare_ones() -> None:
    rows = [
        ("Gazette", "Loaded_Language", ", dies in her mouth", "author", 1),
        ("Gazette", "Loaded_Language", "Dies in her mouth.", "author", 1),
        ("Herald", "Loaded_Language", "dies in her mouth", "author", 2),
        ("Herald", "Loaded_Language", "disgrace", "author", 2),
        (None, "Doubt", "so-called experts", "author", 3),
        ("Herald", "Doubt", "!!!", "author", 5),
    ]
    table = count_phrases(rows, lambda o: o or "(no outlet)", min_count=3)
    assert table.by_technique(8) == [
        ("Doubt", [("so-called experts", 3, Counter({"(no outlet)": 3}), 0)]),
        ("Loaded_Language", [("dies in her mouth", 4, Counter({"Gazette": 2, "Herald": 2}), 0)]),
    ]
    assert table.by_outlet("Loaded_Language", 10) == {}  # 2 in each outlet: under 3
    low = count_phrases(rows, lambda o: o or "(no outlet)", min_count=2)
    assert low.by_outlet("Loaded_Language", 1) == {
        "Gazette": [("dies in her mouth", 2)],
        "Herald": [("dies in her mouth", 2)],
    }


def test_a_mean_score_has_a_bootstrap_interval_over_articles() -> None:
    rng = np.random.default_rng(11)
    scores = rng.beta(2, 5, size=40)
    m = stats.mean("a", scores, seed=3)
    assert (m.articles, m.method) == (40, "bootstrap")
    assert m.mean == pytest.approx(float(scores.mean()))
    assert m.low is not None and m.high is not None and m.mean is not None
    assert m.low < m.mean < m.high
    # About 1.96 standard errors on each side, as the normal approximation says.
    se = float(scores.std(ddof=1)) / np.sqrt(40)
    assert (m.high - m.low) / 2 == pytest.approx(1.96 * se, rel=0.15)
    assert stats.mean("a", scores, seed=3) == m  # seeded: the same report every time
    assert stats.mean("one", scores[:1]) == stats.Mean("one", 1, float(scores[0]), None, None)
    assert stats.mean("none", scores[:0]) == stats.Mean("none", 0, None, None, None)


def test_a_mean_over_the_size_limit_uses_the_normal_interval(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scores = np.random.default_rng(12).beta(2, 5, size=60)
    monkeypatch.setattr(stats, "LARGE", 50)
    m = stats.mean("a", scores)
    assert m.method == "normal" and m.low is not None and m.mean is not None
    se = float(scores.std(ddof=1)) / np.sqrt(60)
    assert m.mean - m.low == pytest.approx(1.96 * se, rel=1e-3)


def test_phrase_counts_keep_how_many_are_quoted() -> None:
    rows = [
        ("Gazette", "Loaded_Language", "Traitors!", "quote", 2),
        ("Gazette", "Loaded_Language", "traitors", "author", 1),
        ("Herald", "Loaded_Language", "traitors", "quote", 3),
    ]
    table = count_phrases(rows, lambda o: o or "(no outlet)", min_count=1)
    assert table.by_technique(8) == [
        ("Loaded_Language", [("traitors", 6, Counter({"Gazette": 3, "Herald": 3}), 5)])
    ]
    assert table.quoted_count("Loaded_Language", "traitors", "Gazette") == 2
    assert table.by_outlet("Loaded_Language", 5, author=True) == {"Gazette": [("traitors", 1)]}


def test_the_normal_approximation_agrees_with_resampling_on_large_outlets() -> None:
    rng = np.random.default_rng(6)
    a, b = _outlet(rng, 3000, 15), _outlet(rng, 3000, 15.6)
    boot = stats.rate("a", *a, seed=1)
    se = stats.standard_error(*a, boot.rate)
    assert boot.low is not None and boot.high is not None
    assert (boot.high - boot.low) / 2 == pytest.approx(1.96 * se, rel=0.1)
    exact = stats.permutation_p(a, b, np.random.default_rng(2), permutations=4000)
    assert stats.normal_p(a, b) == pytest.approx(exact, abs=0.03)


def test_outlets_over_the_size_limit_use_the_normal_approximation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = np.random.default_rng(7)
    outlets = [("a", *_outlet(rng, 40, 30)), ("b", *_outlet(rng, 40, 10))]
    small = stats.compare(outlets, seed=1)
    assert [c.method for c in small] == ["permutation"]
    assert stats.rate("a", *outlets[0][1:]).method == "bootstrap"
    monkeypatch.setattr(stats, "LARGE", 50)
    [large] = stats.compare(outlets, seed=1)
    assert large.method == "normal" and large.p is not None and large.p < 0.001
    assert large.difference == small[0].difference
    assert large.low is not None and large.high is not None
    assert large.low < large.difference < large.high
    monkeypatch.setattr(stats, "LARGE", 30)
    r = stats.rate("a", *outlets[0][1:])
    assert r.method == "normal" and r.low is not None and r.high is not None
    assert r.high - r.rate == pytest.approx(
        1.96 * stats.standard_error(*outlets[0][1:], r.rate), rel=1e-3
    )

"""Cross-validation folds: near-duplicate articles share a fold; folds are balanced and fixed."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from propscan.labels import read_article_texts
from propscan.training.folds import groups, make_folds, near_duplicate_pairs, overlap, shingles

WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi".split()


def _story(seed: int, n: int = 120) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) + str(rng.randrange(50)) for _ in range(n))


def test_a_lightly_edited_copy_is_a_near_duplicate_and_shares_a_fold() -> None:
    original = _story(1)
    words = original.split()
    edited = " ".join([*words[:60], "INSERTED", "WORDS", *words[60:100]])
    texts = {"a": original, "b": edited, **{f"x{i}": _story(100 + i) for i in range(10)}}
    pairs = near_duplicate_pairs(texts)
    assert [(a, b) for a, b, _ in pairs] == [("a", "b")]
    folds = make_folds(texts, 3)
    assert folds.fold_of["a"] == folds.fold_of["b"]
    assert sorted(folds.sizes()) == [4, 4, 4]


def test_groups_are_transitive() -> None:
    base = _story(7, 200).split()
    texts = {
        "a": " ".join(base[:100]),
        "b": " ".join(base[50:150]),  # shares half with a and with c
        "c": " ".join(base[100:200]),  # shares nothing with a
        "d": _story(8),
    }
    assert overlap(shingles(texts["a"]), shingles(texts["c"])) == 0.0
    assert groups(texts) == [["a", "b", "c"], ["d"]]


@settings(max_examples=30, deadline=None)
@given(n=st.integers(min_value=3, max_value=40), k=st.integers(min_value=2, max_value=6))
def test_folds_cover_every_article_once_and_are_balanced(n: int, k: int) -> None:
    texts = {f"{i:03d}": _story(i, 30) for i in range(n)}
    if n < k:
        with pytest.raises(ValueError):
            make_folds(texts, k)
        return
    folds = make_folds(texts, k)
    assert sorted(folds.fold_of) == sorted(texts)
    assert max(folds.sizes()) - min(folds.sizes()) <= 1  # no near-duplicates here
    for fold in range(k):
        assert set(folds.held_out(fold)).isdisjoint(folds.training(fold))
    assert make_folds(dict(reversed(texts.items())), k) == folds


def test_one_fold_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 2 folds"):
        make_folds({"a": "x", "b": "y"}, 1)


def test_ptc_near_duplicates_stay_together(ptc_train: Path) -> None:
    texts = read_article_texts(ptc_train / "articles")
    folds = make_folds(texts, 5)
    pairs = near_duplicate_pairs(texts)
    assert pairs, "PTC holds near-duplicate articles"
    assert all(folds.fold_of[a] == folds.fold_of[b] for a, b, _ in pairs)
    assert max(folds.sizes()) - min(folds.sizes()) <= max(len(g) for g in groups(texts))

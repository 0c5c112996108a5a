"""The two simplest baselines on the fixed dev split, next to the shipped fast model.

Usage: .venv/bin/python benchmarks/baselines.py [--data PATH_TO_PTC_TRAIN]

- SI baseline: logistic regression over one-hot lowercased words at positions -2..+2 (hashed),
  trained on the tokens of the train part (a token is positive when it overlaps a gold span);
  contiguous positive tokens in one sentence become a span. The probability threshold is picked
  on out-of-fold predictions of the train part (3 folds by article), never on dev.
- TC baseline: TF-IDF over word 1-2 grams of the gold span text + logistic regression.
- fast: ``load_detector("fast")`` scored with ``evaluate_detector`` on the dev part.

All models use random_state=0, so the figures are reproducible. Needs scikit-learn.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from propscan.dataset import Article, load_dataset
from propscan.detectors import load_detector
from propscan.evaluation import evaluate_detector
from propscan.features import Tokens, tokenize
from propscan.labels import LabelledSpan
from propscan.scoring import PRF, score_si, score_tc

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ptc" / "train"
WINDOW = range(-2, 3)
THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6)
FOLDS = 3
HASHER = FeatureHasher(n_features=2**20, input_type="string", alternate_sign=False)


def window_features(tokens: Tokens) -> sparse.csr_matrix:
    """One row per token: hashed ``w{offset}=word`` strings, padded at sentence edges."""
    words, sent, n = [w.lower() for w in tokens.words], tokens.sentence, len(tokens)

    def at(i: int, j: int) -> str:
        return words[j] if 0 <= j < n and sent[j] == sent[i] else "<pad>"

    rows = [[f"w{k}={at(i, i + k)}" for k in WINDOW] for i in range(n)]
    return HASHER.transform(rows).tocsr() if rows else sparse.csr_matrix((0, HASHER.n_features))


def token_labels(tokens: Tokens, gold: Sequence[LabelledSpan]) -> np.ndarray:
    """1 for each token overlapping a gold span."""
    labels = np.zeros(len(tokens), dtype=np.int64)
    for span in gold:
        labels[(tokens.starts < span.end) & (tokens.ends > span.start)] = 1
    return labels


def si_model() -> LogisticRegression:
    return LogisticRegression(solver="liblinear", max_iter=1000, random_state=0)


def spans_at(
    articles: Sequence[Article], tokens: Sequence[Tokens], probs: list[np.ndarray], th: float
) -> list[LabelledSpan]:
    """Each run of tokens at or above ``th`` within one sentence, as a span."""
    spans: list[LabelledSpan] = []
    for article, t, p in zip(articles, tokens, probs, strict=True):
        first: int | None = None
        for i in range(len(p) + 1):
            on = i < len(p) and p[i] >= th
            if first is not None and (not on or t.sentence[i] != t.sentence[first]):
                spans.append(LabelledSpan(article.id, int(t.starts[first]), int(t.ends[i - 1])))
                first = None
            if on and first is None:
                first = i
    return spans


def proba(model: LogisticRegression, x: sparse.csr_matrix) -> np.ndarray:
    return model.predict_proba(x)[:, 1] if x.shape[0] else np.zeros(0)


def si_baseline(train: Sequence[Article], dev: Sequence[Article]) -> tuple[PRF, float]:
    """SI scores on dev and the threshold chosen out of fold on train."""
    tokens = [tokenize(a.document) for a in train]
    x = [window_features(t) for t in tokens]
    y = [token_labels(t, a.gold) for t, a in zip(tokens, train, strict=True)]
    n = len(train)
    oof: list[np.ndarray] = [np.zeros(0)] * n
    for k in range(FOLDS):
        held = set(range(k, n, FOLDS))
        kept = [i for i in range(n) if i not in held]
        model = si_model().fit(
            sparse.vstack([x[i] for i in kept]), np.concatenate([y[i] for i in kept])
        )
        for i in held:
            oof[i] = proba(model, x[i])
    gold = [g for a in train for g in a.gold]
    threshold = max(THRESHOLDS, key=lambda th: score_si(gold, spans_at(train, tokens, oof, th)).f1)
    model = si_model().fit(sparse.vstack(x), np.concatenate(y))
    dev_tokens = [tokenize(a.document) for a in dev]
    probs = [proba(model, window_features(t)) for t in dev_tokens]
    dev_gold = [g for a in dev for g in a.gold]
    return score_si(dev_gold, spans_at(dev, dev_tokens, probs, threshold)), threshold


def tc_baseline(train: Sequence[Article], dev: Sequence[Article]) -> PRF:
    def texts(articles: Sequence[Article]) -> list[str]:
        return [a.document.text[g.start : g.end] for a in articles for g in a.gold]

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    model = LogisticRegression(max_iter=2000, random_state=0)
    model.fit(vectorizer.fit_transform(texts(train)), [g.technique for a in train for g in a.gold])
    predicted = model.predict(vectorizer.transform(texts(dev)))
    dev_gold = [g for a in dev for g in a.gold]
    pred = [
        LabelledSpan(g.article_id, g.start, g.end, str(t))
        for g, t in zip(dev_gold, predicted, strict=True)
    ]
    return score_tc(dev_gold, pred).micro


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    start = time.perf_counter()
    train, dev = load_dataset(args.data, "train"), load_dataset(args.data, "dev")
    t0 = time.perf_counter()
    si, threshold = si_baseline(train, dev)
    t1 = time.perf_counter()
    tc = tc_baseline(train, dev)
    t2 = time.perf_counter()
    fast = evaluate_detector(load_detector("fast"), dev)
    t3 = time.perf_counter()
    rows: list[tuple[str, PRF | None, PRF | None, float]] = [
        (f"SI: LR ±2-word window (thr {threshold:g})", si, None, t1 - t0),
        ("TC: TF-IDF 1-2 gram + LR", None, tc, t2 - t1),
        ("fast (shipped)", fast.si, fast.tc.micro if fast.tc else None, t3 - t2),
    ]
    print(f"dev part: {len(dev)} articles, {len(train)} train articles ({args.data})")
    print(f"{'system':<34}{'SI F1':>8}{'SI P':>8}{'SI R':>8}{'TC F1':>8}{'time s':>8}")
    for name, s, t, seconds in rows:
        si_cols = f"{s.f1:>8.4f}{s.precision:>8.4f}{s.recall:>8.4f}" if s else f"{'-':>8}" * 3
        tc_col = f"{t.f1:>8.4f}" if t else f"{'-':>8}"
        print(f"{name:<34}{si_cols}{tc_col}{seconds:>8.1f}")
    print(f"wall time {time.perf_counter() - start:.1f} s (data loading included)")


if __name__ == "__main__":
    main()

"""Fitting the fast model on labelled articles. Needs scikit-learn.

The decoding thresholds are chosen on out-of-fold predictions within the articles it is given;
which articles, and the cross-validated figures, are :mod:`propscan.training.fast`'s business.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy import sparse

from propscan.dataset import Article
from propscan.errors import InputError, MissingExtraError
from propscan.features import Tokens, Vocabulary, shape, tokenize
from propscan.labels import LabelledSpan
from propscan.models.decode import DecodeParams, best_decoding
from propscan.models.fast import KIND, FastModel, LinearWeights
from propscan.models.fast_features import FeatureConfig, SIFeaturizer, TCFeaturizer
from propscan.models.manifest import Manifest
from propscan.taxonomy import TECHNIQUE_NAMES

log = logging.getLogger(__name__)

Progress = Callable[[Iterable[Any], str], Iterable[Any]]


def _quiet(items: Iterable[Any], _label: str) -> Iterable[Any]:
    return items


@dataclass(frozen=True)
class TrainOptions:
    """Hyper-parameters of the fast model.

    The regularisation strengths were picked in early experiments on the dev split, comparing
    si_c in {0.03, 0.1, 0.3} and tc_c in {1, 3, 10, 30}; thresholds are tuned on out-of-fold
    predictions of the train part at every training run.

    ``tc_class_power`` weights each technique's training fragments by (largest class's count /
    its count) ** power: 0 is unweighted, 1 balanced. Cross-validated at 0.5 and 1 for the rare
    techniques (``benchmarks/class_weights_cv.py``, docs/experiments.md); neither paid on the
    full task, so the fast model ships 0 (the accurate model's helper 1:
    ``AccurateOptions.helper_tc_class_power``).
    """

    si_c: float = 0.3
    tc_c: float = 10.0
    tc_class_power: float = 0.0
    min_count: int = 2
    min_shape_count: int = 3
    folds: int = 3
    max_iter: int = 2000


# The grid searched for DecodeParams on out-of-fold predictions.
_LOW = (0.1, 0.12, 0.15, 0.18, 0.2, 0.25)
_HIGH = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
_GAP = (1, 2, 3, 5)


def _sklearn() -> Any:
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise MissingExtraError("train", "sklearn") from None
    return LogisticRegression


def _token_labels(tokens: Tokens, gold: Sequence[LabelledSpan]) -> np.ndarray:
    labels = np.zeros(len(tokens), dtype=np.int64)
    for span in gold:
        labels[(tokens.starts < span.end) & (tokens.ends > span.start)] = 1
    return labels


class _SITrainer:
    """Token matrices and labels of the train part, and the fits on them."""

    def __init__(
        self,
        articles: Sequence[Article],
        featurizer: SIFeaturizer,
        options: TrainOptions,
        progress: Progress,
    ) -> None:
        self.articles = articles
        self.options = options
        self.tokens = [tokenize(a.document) for a in articles]
        self.matrices = [
            featurizer.transform(a.document, t)
            for a, t in progress(list(zip(articles, self.tokens, strict=True)), "features")
        ]
        self.labels = [_token_labels(t, a.gold) for a, t in zip(articles, self.tokens, strict=True)]

    def fit(self, indices: Sequence[int]) -> LinearWeights:
        x = sparse.vstack([self.matrices[i] for i in indices]).tocsr()
        y = np.concatenate([self.labels[i] for i in indices])
        model = _sklearn()(
            C=self.options.si_c, solver="liblinear", max_iter=self.options.max_iter, random_state=0
        )
        model.fit(x, y)
        return LinearWeights(model.coef_[0].astype(np.float32), model.intercept_.astype(np.float32))

    def tune_decoding(self, progress: Progress) -> tuple[DecodeParams, float]:
        """Decoding thresholds maximising SI F1 on out-of-fold token probabilities."""
        n = len(self.articles)
        folds = [list(range(k, n, self.options.folds)) for k in range(self.options.folds)]
        probabilities: list[np.ndarray] = [np.zeros(0)] * n
        for held_out in progress(folds, "threshold folds"):
            kept = sorted(set(range(n)) - set(held_out))
            weights = self.fit(kept)
            for i in held_out:
                z = np.asarray(self.matrices[i] @ weights.coef) + weights.intercept
                probabilities[i] = 1.0 / (1.0 + np.exp(-z))
        gold = [g for a in self.articles for g in a.gold]
        cases = [
            (a.id, t, p) for a, t, p in zip(self.articles, self.tokens, probabilities, strict=True)
        ]
        return best_decoding(cases, gold, (_LOW, _HIGH, _GAP))


def _fit_tc(
    articles: Sequence[Article], featurizer: TCFeaturizer, options: TrainOptions
) -> LinearWeights:
    rows = []
    targets: list[int] = []
    for article in articles:
        if article.gold:
            rows.append(
                featurizer.transform(article.document, [(g.start, g.end) for g in article.gold])
            )
            targets.extend(TECHNIQUE_NAMES.index(str(g.technique)) for g in article.gold)
    if len(set(targets)) < 2:
        raise InputError("the training data has fragments of fewer than 2 techniques")
    model = _sklearn()(C=options.tc_c, max_iter=options.max_iter, random_state=0)
    model.fit(
        sparse.vstack(rows).tocsr(),
        np.asarray(targets),
        sample_weight=_class_weights(targets, options.tc_class_power),
    )
    classes = [int(c) for c in model.classes_]
    coef = np.zeros((model.coef_.shape[1], len(TECHNIQUE_NAMES)), dtype=np.float32)
    # A technique with no training fragment (a small cross-validation fold) is never predicted.
    intercept = np.full(len(TECHNIQUE_NAMES), -1e4, dtype=np.float32)
    if len(classes) == 2:  # scikit-learn fits one column for two classes: +w for the second
        coef[:, classes[1]], coef[:, classes[0]] = model.coef_[0] / 2, -model.coef_[0] / 2
        intercept[classes[1]], intercept[classes[0]] = (
            model.intercept_[0] / 2,
            -model.intercept_[0] / 2,
        )
    else:
        coef[:, classes] = model.coef_.T
        intercept[classes] = model.intercept_
    if len(classes) < len(TECHNIQUE_NAMES):
        log.warning("%d of the 14 techniques have no training fragment", 14 - len(classes))
    return LinearWeights(coef, intercept)


def _class_weights(targets: Sequence[int], power: float) -> np.ndarray | None:
    """Per-fragment weights (largest count / class count) ** ``power``, mean 1; ``None``
    (unweighted) at power 0."""
    if power == 0:
        return None
    labels = np.asarray(targets)
    values, counts = np.unique(labels, return_counts=True)
    weight = dict(zip(values.tolist(), ((counts.max() / counts) ** power).tolist(), strict=True))
    weights = np.asarray([weight[t] for t in labels.tolist()], dtype=np.float64)
    normalised: np.ndarray = weights / weights.mean()
    return normalised


def _vocabulary(train: Sequence[Article], options: TrainOptions) -> tuple[Vocabulary, list[str]]:
    """The words and word shapes frequent enough in ``train`` to be features."""
    token_lists = [tokenize(a.document).words for a in train]
    vocab = Vocabulary.build(token_lists, options.min_count)
    shape_counts = Counter(shape(w) for words in token_lists for w in words)
    shapes = [s for s, c in shape_counts.most_common() if c >= options.min_shape_count]
    return vocab, shapes


def fit_fast(
    train: Sequence[Article], options: TrainOptions | None = None, progress: Progress = _quiet
) -> FastModel:
    """A fast model fitted on ``train``, its decoding tuned on out-of-fold predictions there.

    The manifest's split and scores are left for the caller to fill in.
    """
    options = options or TrainOptions()
    _sklearn()
    vocab, shapes = _vocabulary(train, options)
    config = FeatureConfig()
    si = _SITrainer(train, SIFeaturizer(vocab, shapes, config), options, progress)
    decode, oof_f1 = si.tune_decoding(progress)
    log.info("decoding %s (out-of-fold SI F1 %.4f)", decode, oof_f1)
    si_weights = si.fit(range(len(train)))
    tc_weights = _fit_tc(train, TCFeaturizer(vocab, config), options)
    manifest = Manifest(
        kind=KIND,
        labels=list(TECHNIQUE_NAMES),
        training_data_sha256="",
        split={"train_articles": len(train)},
        dev_scores={},
        parameters={
            **asdict(options),
            "features": config.to_dict(),
            "decode": asdict(decode),
            "out_of_fold_si_f1": round(oof_f1, 4),
            "vocabulary": len(vocab),
        },
    )
    return FastModel(vocab, shapes, config, si_weights, tc_weights, decode, manifest)

"""Training the fast model on a labelled folder (``propscan train``). Needs scikit-learn.

The split is fixed (:func:`propscan.dataset.is_dev`): the model learns from the train part
only; the decoding thresholds are chosen on out-of-fold predictions within the train part, so
the dev part is seen exactly once, for the scores written into the manifest.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from propscan.dataset import DEV_MODULUS, Article, load_dataset
from propscan.detectors.fast import FastDetector
from propscan.document import Document
from propscan.errors import InputError, MissingExtraError
from propscan.evaluation import evaluate_detector
from propscan.features import Tokens, Vocabulary, shape, tokenize
from propscan.labels import LabelledSpan
from propscan.models.decode import DecodeParams, best_decoding
from propscan.models.fast import KIND, FastModel, LinearWeights, tag
from propscan.models.fast_features import FeatureConfig, SIFeaturizer, TCFeaturizer
from propscan.models.manifest import Manifest, hash_files
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
    """

    si_c: float = 0.3
    tc_c: float = 10.0
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
    model = _sklearn()(C=options.tc_c, max_iter=options.max_iter, random_state=0)
    model.fit(sparse.vstack(rows).tocsr(), np.asarray(targets))
    if list(model.classes_) != list(range(len(TECHNIQUE_NAMES))):
        raise InputError("the training data lacks examples of some of the 14 techniques")
    return LinearWeights(
        model.coef_.T.astype(np.float32).copy(), model.intercept_.astype(np.float32)
    )


def _vocabulary(train: Sequence[Article], options: TrainOptions) -> tuple[Vocabulary, list[str]]:
    """The words and word shapes frequent enough in ``train`` to be features."""
    token_lists = [tokenize(a.document).words for a in train]
    vocab = Vocabulary.build(token_lists, options.min_count)
    shape_counts = Counter(shape(w) for words in token_lists for w in words)
    shapes = [s for s, c in shape_counts.most_common() if c >= options.min_shape_count]
    return vocab, shapes


def fit_tagger(
    train: Sequence[Article], options: TrainOptions | None = None
) -> Callable[[Document], tuple[Tokens, np.ndarray]]:
    """The fast model's token tagger alone, fitted on ``train``: a document's tokens and each
    one's probability of lying inside a fragment, as ``FastModel.token_probabilities`` gives.

    For tuning a mix with another model on articles the shipped fast model was trained on.
    """
    options = options or TrainOptions()
    vocab, shapes = _vocabulary(train, options)
    featurizer = SIFeaturizer(vocab, shapes, FeatureConfig())
    weights = _SITrainer(train, featurizer, options, _quiet).fit(range(len(train)))

    return lambda doc: tag(featurizer, weights, doc)


def train_fast(
    data_dir: Path, out_dir: Path, options: TrainOptions | None = None, progress: Progress = _quiet
) -> FastModel:
    """Train on the train part of ``data_dir``, score on its dev part, save to ``out_dir``."""
    options = options or TrainOptions()
    _sklearn()
    train = load_dataset(data_dir, "train")
    dev = load_dataset(data_dir, "dev")
    if not train or not dev:
        raise InputError(f"{data_dir}: too few articles to split into train and dev parts")
    vocab, shapes = _vocabulary(train, options)
    config = FeatureConfig()

    si = _SITrainer(train, SIFeaturizer(vocab, shapes, config), options, progress)
    decode, oof_f1 = si.tune_decoding(progress)
    log.info("decoding %s (out-of-fold SI F1 %.4f)", decode, oof_f1)
    si_weights = si.fit(range(len(train)))
    tc_weights = _fit_tc(train, TCFeaturizer(vocab, config), options)

    files = [p for p in (data_dir / "articles").glob("article*.txt")] + list(
        (data_dir / "labels-tc").glob("*.labels")
    )
    manifest = Manifest(
        kind=KIND,
        labels=list(TECHNIQUE_NAMES),
        training_data_sha256=hash_files(files),
        split={
            "rule": f"dev when sha256(article id)[0] % {DEV_MODULUS} == 0",
            "train_articles": len(train),
            "dev_articles": len(dev),
        },
        dev_scores={},
        parameters={
            **asdict(options),
            "features": config.to_dict(),
            "decode": asdict(decode),
            "out_of_fold_si_f1": round(oof_f1, 4),
            "vocabulary": len(vocab),
        },
    )
    FastModel(vocab, shapes, config, si_weights, tc_weights, decode, manifest).save(out_dir)
    # Score the model as saved (float16 weights), so `propscan eval` reproduces these figures.
    model = FastModel.load(out_dir)
    report = evaluate_detector(FastDetector(model), dev, lambda items: progress(items, "dev"))
    model.manifest.dev_scores = report.to_dict()
    model.manifest.save(out_dir)
    return model

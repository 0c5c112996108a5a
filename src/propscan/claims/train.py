"""Training the claim model on ClaimBuster's crowdsourced sentences. Needs scikit-learn.

Data: Arslan, Hassan, Li, Tremayne, "A Benchmark Dataset of Check-worthy Factual Claims",
ICWSM 2020 (doi 10.5281/zenodo.3609356). The split is by debate, never by sentence: a
debate is dev when ``sha256(File_id)[0] % 5 == 0`` (:func:`propscan.dataset.is_dev`). The
model learns from the train debates; the class offsets of the decision are tuned on
out-of-fold predictions within them (folds by debate too), so the dev debates are seen once,
for the figures written into the manifest.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from propscan.claims.csvio import read_rows
from propscan.claims.features import (
    ClaimFeatureConfig,
    ClaimFeaturizer,
    Idf,
    fit_idf,
    tokenize_batch,
)
from propscan.claims.model import KIND, LABELS, VERDICTS, ClaimModel, decide
from propscan.dataset import DEV_MODULUS, is_dev
from propscan.errors import InputError, MissingExtraError
from propscan.features import Vocabulary
from propscan.models.fast import LinearWeights, softmax
from propscan.models.manifest import Manifest, hash_files

COLUMNS = ("Text", "File_id", "Verdict")
Log = Callable[[str], None]


def _quiet(_message: str) -> None:
    pass


@dataclass(frozen=True)
class ClaimTrainOptions:
    """Hyper-parameters of the claim model.

    ``c`` was picked on the dev debates among {1, 3, 10} (3 best on check-worthy F1); the
    offsets grid is searched on out-of-fold predictions of the train debates at every run.
    """

    c: float = 3.0
    min_count: int = 2
    folds: int = 4
    max_iter: int = 3000


# The features of a trained model. Chosen on the dev debates among character n-gram orders
# (2-5, 3-5, 3-4), n-grams within words only, fewer buckets, no characters, and raw or
# sublinear counts: raw counts in both blocks (no counting of duplicates at inference) kept
# check-worthy F1 above the strongest baseline's at about half the inference time of
# sublinear counts with 2-5-grams; 3-4-grams or n-grams within words with raw counts, or no
# character n-grams at all, fell under it.
FEATURES = ClaimFeatureConfig(char_sublinear=False, word_sublinear=False)

# Offsets added to the log-probabilities of classes 0 and 1 (class -1 stays at 0).
_OFFSET_GRID = (-0.25, 0.0, 0.25, 0.5, 0.75, 1.0, 1.25)


@dataclass
class ClaimData:
    """Sentences, verdicts and debate ids of a ClaimBuster-style CSV."""

    texts: list[str]
    labels: np.ndarray
    groups: list[str]

    def part(self, dev: bool) -> ClaimData:
        keep = [i for i, g in enumerate(self.groups) if is_dev(g) == dev]
        return ClaimData(
            [self.texts[i] for i in keep], self.labels[keep], [self.groups[i] for i in keep]
        )


def load_claim_data(path: Path) -> ClaimData:
    """The rows of a ClaimBuster CSV (``Text``, ``File_id``, ``Verdict`` in -1/0/1)."""
    rows = read_rows(path, COLUMNS)
    labels = []
    for number, row in enumerate(rows, start=2):
        try:
            verdict = int(row["Verdict"])
        except ValueError:
            verdict = 99
        if verdict not in VERDICTS:
            raise InputError(f"{path}: row {number}: Verdict {row['Verdict']!r} is not -1, 0 or 1")
        labels.append(verdict)
    return ClaimData(
        [row["Text"] for row in rows], np.asarray(labels), [row["File_id"] for row in rows]
    )


def _sklearn() -> Any:
    try:
        import sklearn.linear_model
    except ImportError:
        raise MissingExtraError("train", "sklearn") from None
    return sklearn


def scores(gold: np.ndarray, predicted: np.ndarray) -> dict[str, Any]:
    """Per-class precision/recall/F1, check-worthy F1 and macro-F1 over the three classes."""
    per_class = {}
    for verdict in VERDICTS:
        tp = int(np.sum((predicted == verdict) & (gold == verdict)))
        p = tp / max(1, int(np.sum(predicted == verdict)))
        r = tp / max(1, int(np.sum(gold == verdict)))
        f = 2 * p * r / (p + r) if p + r else 0.0
        per_class[str(verdict)] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
        }
    macro = float(np.mean([c["f1"] for c in per_class.values()]))
    return {
        "checkworthy_f1": per_class["1"]["f1"],
        "macro_f1": round(macro, 4),
        "accuracy": round(float(np.mean(gold == predicted)), 4),
        "per_class": per_class,
        "sentences": len(gold),
    }


def _fit(
    matrix: sparse.csr_matrix, labels: np.ndarray, options: ClaimTrainOptions
) -> LinearWeights:
    model = _sklearn().linear_model.LogisticRegression(
        C=options.c, max_iter=options.max_iter, random_state=0
    )
    model.fit(matrix, labels)
    if list(model.classes_) != list(VERDICTS):
        raise InputError("the training data lacks examples of some of the classes -1, 0, 1")
    return LinearWeights(
        model.coef_.T.astype(np.float32).copy(), model.intercept_.astype(np.float32)
    )


def best_offsets(probabilities: np.ndarray, gold: np.ndarray) -> tuple[np.ndarray, float]:
    """Class offsets maximising macro-F1 of the verdicts they decide (:func:`decide`)."""
    best = (np.zeros(3, dtype=np.float32), -1.0)
    for o0, o1 in itertools.product(_OFFSET_GRID, _OFFSET_GRID):
        offsets = np.asarray([0.0, o0, o1], dtype=np.float32)
        predicted = decide(probabilities, offsets)[0]
        macro = scores(gold, predicted)["macro_f1"]
        if macro > best[1]:
            best = (offsets, macro)
    return best


def fit_model(
    texts: list[str],
    labels: np.ndarray,
    options: ClaimTrainOptions | None = None,
    features: ClaimFeatureConfig | None = None,
) -> tuple[ClaimFeaturizer, LinearWeights]:
    """A featurizer (vocabulary and IDF from ``texts``) and the weights fitted on them: the
    recipe of :func:`train_claims` without its offsets tuning, for cross-validation."""
    options = options or ClaimTrainOptions()
    words, _ = tokenize_batch(texts)
    featurizer = ClaimFeaturizer(
        Vocabulary.build([words], options.min_count), features or FEATURES, None
    )
    word_counts, char_counts, cues = featurizer.raw_counts(texts)
    idf = Idf(fit_idf(word_counts), fit_idf(char_counts))
    matrix = featurizer.combine(word_counts, char_counts, cues, idf)
    featurizer.idf = idf
    return featurizer, _fit(matrix, labels, options)


def train_claims(
    csv_path: Path,
    out_dir: Path,
    options: ClaimTrainOptions | None = None,
    log: Log = _quiet,
    features: ClaimFeatureConfig | None = None,
) -> ClaimModel:
    """Train on the train debates of ``csv_path``, score on its dev debates, save to ``out_dir``.

    ``features``: the feature configuration (default: :data:`FEATURES`)."""
    options = options or ClaimTrainOptions()
    _sklearn()
    data = load_claim_data(csv_path)
    train, dev = data.part(dev=False), data.part(dev=True)
    if len(set(train.groups)) < options.folds or not dev.texts:
        raise InputError(f"{csv_path}: too few debates (File_id) to split into train and dev")
    started = time.perf_counter()
    words, _ = tokenize_batch(train.texts)
    vocab = Vocabulary.build([words], options.min_count)
    config = features or FEATURES
    featurizer = ClaimFeaturizer(vocab, config, None)
    word_counts, char_counts, cues = featurizer.raw_counts(train.texts)
    idf = Idf(fit_idf(word_counts), fit_idf(char_counts))
    matrix = featurizer.combine(word_counts, char_counts, cues, idf)
    log(f"features: {matrix.shape[0]} sentences, {matrix.shape[1]} columns")

    # Out-of-fold probabilities, folds by debate, for the decision offsets.
    debates = sorted(set(train.groups))
    fold_of = {g: i % options.folds for i, g in enumerate(debates)}
    folds = np.asarray([fold_of[g] for g in train.groups])
    oof = np.zeros((len(train.texts), 3), dtype=np.float32)
    for k in range(options.folds):
        held = folds == k
        weights = _fit(matrix[~held], train.labels[~held], options)
        oof[held] = softmax(weights.scores(matrix[held]))
    offsets, oof_macro = best_offsets(oof, train.labels)
    log(f"offsets {offsets.tolist()} (out-of-fold macro-F1 {oof_macro:.4f})")

    weights = _fit(matrix, train.labels, options)
    featurizer.idf = idf
    manifest = Manifest(
        kind=KIND,
        labels=list(LABELS),
        training_data_sha256=hash_files([csv_path]),
        split={
            "rule": f"dev when sha256(File_id)[0] % {DEV_MODULUS} == 0",
            "train_debates": len(debates),
            "dev_debates": len(set(dev.groups)),
            "train_sentences": len(train.texts),
            "dev_sentences": len(dev.texts),
        },
        dev_scores={},
        parameters={
            **asdict(options),
            "features": config.to_dict(),
            "vocabulary": len(vocab),
            "offsets": [round(float(o), 4) for o in offsets],
            "out_of_fold_macro_f1": round(oof_macro, 4),
            "training_seconds": round(time.perf_counter() - started, 1),
            "data": "ClaimBuster crowdsourced (Arslan et al., ICWSM 2020)",
        },
    )
    ClaimModel(featurizer, weights, offsets, manifest).save(out_dir)
    # Score the model as saved (float16 weights), so the benchmark reproduces these figures.
    model = ClaimModel.load(out_dir)
    predicted = np.asarray([v for v, _ in model.predict(dev.texts)])
    model.manifest.dev_scores = {"model": scores(dev.labels, predicted)}
    model.manifest.save(out_dir)
    return model


def baseline_scores(data: ClaimData, log: Log = _quiet) -> dict[str, dict[str, Any]]:
    """Dev figures of simple scikit-learn baselines trained on the train debates.

    - ``tfidf_word_lr``: TF-IDF of words (sublinear tf), logistic regression;
    - ``tfidf_word_char_lr``: word 1-2-grams and character 2-5-grams, logistic regression;
    - ``tfidf_word_char_svm``: the same features, a linear SVM.
    """
    sk = _sklearn()
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    train, dev = data.part(dev=False), data.part(dev=True)
    words = TfidfVectorizer(sublinear_tf=True, min_df=2)
    word_pairs = TfidfVectorizer(sublinear_tf=True, min_df=2, ngram_range=(1, 2))
    chars = TfidfVectorizer(sublinear_tf=True, min_df=2, analyzer="char_wb", ngram_range=(2, 5))
    w_train, w_dev = words.fit_transform(train.texts), words.transform(dev.texts)
    wc_train = sparse.hstack(
        [word_pairs.fit_transform(train.texts), chars.fit_transform(train.texts)]
    ).tocsr()
    wc_dev = sparse.hstack([word_pairs.transform(dev.texts), chars.transform(dev.texts)]).tocsr()
    runs: Sequence[tuple[str, Any, Any, Any]] = (
        ("tfidf_word_lr", sk.linear_model.LogisticRegression(C=3, max_iter=3000), w_train, w_dev),
        (
            "tfidf_word_char_lr",
            sk.linear_model.LogisticRegression(C=3, max_iter=3000),
            wc_train,
            wc_dev,
        ),
        ("tfidf_word_char_svm", LinearSVC(C=0.3), wc_train, wc_dev),
    )
    results = {}
    for name, estimator, x_train, x_dev in runs:
        estimator.fit(x_train, train.labels)
        results[name] = scores(dev.labels, np.asarray(estimator.predict(x_dev)))
        log(f"{name}: check-worthy F1 {results[name]['checkworthy_f1']:.4f}")
    return results

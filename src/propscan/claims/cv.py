"""Cross-validation of the claim model by debate, to decide changes on more than one split.

Data: Arslan, Hassan, Li, Tremayne, "A Benchmark Dataset of Check-worthy Factual Claims",
ICWSM 2020. Every debate (``File_id``) of the CSV goes to one of ``folds`` folds (debates
ordered by the sha256 of their id, dealt round-robin), and each fold is scored by a model
trained on the others, with the shipped recipe (:func:`propscan.claims.train.fit_model`). The
decision's class offsets are cross-fitted: a fold's are those that do best on the out-of-fold
probabilities of the other folds, so no fold is scored with offsets tuned on itself. Figures
are given per fold, and as mean and standard deviation over the folds. Needs scikit-learn.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from propscan.claims.features import ClaimFeatureConfig
from propscan.claims.model import VERDICTS
from propscan.claims.model import decide as decide_rows
from propscan.claims.train import (
    _OFFSET_GRID,
    ClaimData,
    ClaimTrainOptions,
    fit_model,
    scores,
)
from propscan.models.fast import softmax

Log = Callable[[str], None]


def fold_of_debates(groups: list[str], folds: int) -> np.ndarray:
    """The fold of each row: debates ordered by sha256 of their id, dealt round-robin."""
    debates = sorted(set(groups), key=lambda g: hashlib.sha256(g.encode("utf-8")).hexdigest())
    fold = {g: i % folds for i, g in enumerate(debates)}
    return np.asarray([fold[g] for g in groups])


def out_of_fold(
    data: ClaimData,
    folds: int = 5,
    features: ClaimFeatureConfig | None = None,
    options: ClaimTrainOptions | None = None,
    log: Log = lambda _: None,
) -> tuple[np.ndarray, np.ndarray]:
    """(out-of-fold class probabilities, fold of each row) over all of ``data``."""
    fold = fold_of_debates(data.groups, folds)
    probabilities = np.zeros((len(data.texts), len(VERDICTS)), dtype=np.float32)
    for k in range(folds):
        held = np.flatnonzero(fold == k)
        kept = np.flatnonzero(fold != k)
        featurizer, weights = fit_model(
            [data.texts[i] for i in kept], data.labels[kept], options, features
        )
        matrix = featurizer.transform([data.texts[i] for i in held])
        probabilities[held] = softmax(weights.scores(matrix))
        log(f"fold {k + 1}/{folds}: {len(kept)} train, {len(held)} held-out sentences")
    return probabilities, fold


def decide(probabilities: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """The verdicts :func:`propscan.claims.model.decide` gives (no sentence counted short)."""
    return decide_rows(probabilities, offsets)[0]


def score_calibration(score: np.ndarray, gold: np.ndarray, verdicts: np.ndarray) -> str:
    """How well a check-worthiness score matches how often sentences are check-worthy
    (expected calibration error, 10 bins; Brier score), and how many rows read 0.5 or more
    beside another verdict."""
    from propscan.training.calibrate import expected_calibration_error

    positive = gold == 1
    brier = float(np.mean((score - positive) ** 2))
    clashes = int(np.sum((score >= 0.5) & (verdicts != 1)))
    return (
        f"calibration error {expected_calibration_error(score, positive):.3f}, "
        f"Brier {brier:.4f}, 0.5 or more beside another verdict {clashes}"
    )


def tuned_offsets(probabilities: np.ndarray, gold: np.ndarray, criterion: str) -> np.ndarray:
    """The offsets of the grid that maximise ``criterion`` ("macro_f1" or "checkworthy_f1")."""
    best = (np.zeros(3, dtype=np.float32), -1.0)
    for o0, o1 in itertools.product(_OFFSET_GRID, _OFFSET_GRID):
        offsets = np.asarray([0.0, o0, o1], dtype=np.float32)
        value = scores(gold, decide(probabilities, offsets))[criterion]
        if value > best[1]:
            best = (offsets, value)
    return best[0]


@dataclass(frozen=True)
class CvFigures:
    """Per-fold check-worthy F1, precision and macro-F1, with the offsets each fold used."""

    checkworthy_f1: list[float]
    checkworthy_precision: list[float]
    macro_f1: list[float]
    offsets: list[list[float]]

    def summary(self) -> dict[str, str]:
        def ms(values: list[float]) -> str:
            return f"{np.mean(values):.4f} ± {np.std(values):.4f}"

        return {
            "checkworthy_f1": ms(self.checkworthy_f1),
            "checkworthy_precision": ms(self.checkworthy_precision),
            "macro_f1": ms(self.macro_f1),
        }


def cross_fitted(
    probabilities: np.ndarray,
    gold: np.ndarray,
    fold: np.ndarray,
    criterion: str = "macro_f1",
    offsets: np.ndarray | None = None,
) -> CvFigures:
    """Figures of each fold, its offsets tuned on the other folds' probabilities by
    ``criterion`` (or the fixed ``offsets`` given)."""
    f1, precision, macro, used = [], [], [], []
    for k in sorted(set(fold.tolist())):
        held = fold == k
        chosen = (
            tuned_offsets(probabilities[~held], gold[~held], criterion)
            if offsets is None
            else np.asarray(offsets, dtype=np.float32)
        )
        figures = scores(gold[held], decide(probabilities[held], chosen))
        f1.append(figures["checkworthy_f1"])
        precision.append(figures["per_class"]["1"]["precision"])
        macro.append(figures["macro_f1"])
        used.append([round(float(o), 2) for o in chosen])
    return CvFigures(f1, precision, macro, used)


def head_out_of_fold(
    vectors: Sequence[np.ndarray], labels: np.ndarray, fold: np.ndarray
) -> list[np.ndarray]:
    """Out-of-fold class probabilities of the claims head on each of ``vectors`` (the
    encoder's sentence vectors: read in context, alone), the head fitted on all of them on the
    other folds, as :func:`propscan.claims.encoder_head.fit_head` fits it."""
    from propscan.claims.encoder_head import ClaimHead, fit_regression

    found = [np.zeros((len(labels), len(VERDICTS)), dtype=np.float32) for _ in vectors]
    for k in sorted(set(fold.tolist())):
        held = fold == k
        head = ClaimHead(*fit_regression([v[~held] for v in vectors], labels[~held]))
        for probabilities, v in zip(found, vectors, strict=True):
            probabilities[held] = head.probabilities(v[held])
    return found

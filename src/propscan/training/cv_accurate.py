"""Cross-validation of the accurate model, stage one: one fine-tuning per fold.

Each fold's encoder is fine-tuned on the articles of the other folds and exported as the
detector serves it (int8 ONNX, heads, tokenizer) after every epoch, with a fast model fitted
on the same articles (the helper the accurate model mixes in). Stage two
(:mod:`propscan.training.crossval`) runs these exports on their held-out articles, so every
decoding choice is made and scored on articles the encoder never saw.

A fold takes a quarter of an hour and more on 2 CPU cores: finished folds are kept in the work
folder and a run started again (``resume``) trains only the missing ones.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from pathlib import Path

from propscan.dataset import Article
from propscan.errors import InputError, ModelError
from propscan.fileio import atomic_write
from propscan.models.accurate import KIND
from propscan.models.fast import FastModel
from propscan.models.manifest import MANIFEST, Manifest
from propscan.models.train_accurate import (
    AccurateOptions,
    check_base_weights,
    train_encoder,
)
from propscan.models.train_fast import TrainOptions, fit_fast
from propscan.taxonomy import TECHNIQUE_NAMES
from propscan.training.folds import Folds, make_folds

log = logging.getLogger(__name__)

FOLDS_FILE = "folds.json"
FAST_DIR = "fast"
_DONE = "done"


def epoch_dir(work: Path, fold: int, epoch: int) -> Path:
    """Where fold ``fold``'s export after ``epoch`` epochs lies."""
    return work / f"fold{fold}" / f"epoch{epoch}"


def write_folds(work: Path, articles: list[Article], k: int) -> Folds:
    """Make the folds of ``articles``, record them (with the near-duplicate pairs) in ``work``."""
    texts = {a.id: a.document.text for a in articles}
    folds = make_folds(texts, k)
    pairs = folds.pairs
    record = {
        "k": k,
        "articles": len(articles),
        "fold_sizes": folds.sizes(),
        "near_duplicate_pairs": [list(p) for p in pairs],
        "fold_of": folds.fold_of,
    }
    work.mkdir(parents=True, exist_ok=True)
    path = work / FOLDS_FILE
    if path.is_file():
        earlier = json.loads(path.read_text("utf-8"))
        if earlier["fold_of"] != folds.fold_of:
            raise InputError(f"{path}: folds of other articles; use a new work folder")
    atomic_write(path, json.dumps(record, indent=1) + "\n")
    return folds


def helper_options(options: AccurateOptions) -> TrainOptions:
    """How the accurate model's fast helper is fitted."""
    return TrainOptions(tc_class_power=options.helper_tc_class_power)


def cached_fast_model(train: list[Article], path: Path, options: TrainOptions) -> FastModel:
    """The fast model in ``path``, fitted on ``train`` unless one fitted with ``options`` is
    there already (a model fitted with other options is replaced)."""
    if (path / MANIFEST).is_file():
        earlier = FastModel.load(path)
        if all(earlier.manifest.parameters.get(k) == v for k, v in asdict(options).items()):
            return earlier
        log.info("%s: fitted with other options, fitting again", path)
    fit_fast(train, options).save(path)
    return FastModel.load(path)


def fold_fast_model(
    train: list[Article], work: Path, fold: int, options: TrainOptions | None = None
) -> FastModel:
    """The fast model of a fold, fitted on its training articles (or as fitted earlier)."""
    return cached_fast_model(train, work / f"fold{fold}" / FAST_DIR, options or TrainOptions())


def train_folds(articles: list[Article], work: Path, k: int, options: AccurateOptions) -> Folds:
    """Fine-tune and export one model per fold into ``work`` (finished folds are skipped);
    the folds."""
    folds = write_folds(work, articles, k)
    base_sha = check_base_weights(options.encoder)
    teacher = None
    if options.distill_from is not None:
        # Imported here: distill imports this module.
        from propscan.training.distill import check_folds, fold_folder, read_record

        teacher = Path(options.distill_from)
        record = read_record(teacher)
        check_folds(teacher, record, folds)
    for fold in range(k):
        fold_dir = work / f"fold{fold}"
        held_out = set(folds.held_out(fold))
        train = [a for a in articles if a.id not in held_out]
        # Before the encoder's check: a finished fold whose helper was fitted with other
        # options gets a new helper, and keeps its encoder.
        fold_fast_model(train, work, fold, helper_options(options))
        if (fold_dir / _DONE).is_file():
            log.info("fold %d: done earlier", fold)
            continue
        log.info("fold %d: training on %d articles", fold, len(train))
        manifest = Manifest(
            kind=KIND,
            labels=list(TECHNIQUE_NAMES),
            training_data_sha256="",
            split={"fold": fold, "folds": k, "train_articles": len(train)},
            dev_scores={},
            parameters={**asdict(options), "base_model_sha256": base_sha},
        )
        labels = None
        if teacher is not None:
            if record["folds"][fold] is None:
                raise ModelError(
                    f"{teacher}: not labelled by the teacher's fold {fold} yet; run propscan "
                    f"distil-labels TEACHER --fold {fold} (or --folds-only), then train again "
                    "with --resume"
                )
            labels = fold_folder(teacher, fold)
            # The fold-matched teacher: its fold-k export never saw this fold's held-out
            # articles.
            manifest.parameters["teacher"] = record["folds"][fold]
        train_encoder(train, fold_dir, options, manifest, labels)
        (fold_dir / _DONE).write_text("", encoding="utf-8")
    return folds

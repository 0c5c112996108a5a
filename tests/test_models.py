"""The fast model: save/load, its manifest, decoding, and one small real training run."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from propscan.dataset import is_dev
from propscan.detectors import packaged_model_dir
from propscan.detectors.fast import FastDetector
from propscan.errors import ModelError
from propscan.features import Tokens
from propscan.ingest import document_from_text
from propscan.models.decode import (
    BlockShift,
    DecodeParams,
    mean_logit,
    probabilities_at,
    runs,
    sentence_scores,
)
from propscan.models.fast import KIND, FastModel
from propscan.models.manifest import FORMAT_VERSION, MANIFEST, Manifest, hash_files
from propscan.taxonomy import TECHNIQUE_NAMES

DEMO_TEXT = (resources.files("propscan") / "data" / "demo-article.txt").read_text(encoding="utf-8")
SHIPPED = packaged_model_dir("fast")


@pytest.fixture(scope="module")
def shipped() -> FastModel:
    return FastModel.load(SHIPPED)


# -- save and load ---------------------------------------------------------------------------


def test_save_load_round_trip(shipped: FastModel, tmp_path: Path) -> None:
    shipped.save(tmp_path / "copy")
    again = FastModel.load(tmp_path / "copy")
    doc = document_from_text(DEMO_TEXT)
    before, after = FastDetector(shipped)(doc), FastDetector(again)(doc)
    assert before.fragments
    assert after == before
    spans = [(s.start, s.end) for s in doc.sentences]
    assert FastDetector(again).classify(doc, spans) == FastDetector(shipped).classify(doc, spans)
    assert again.decode == shipped.decode
    assert again.manifest == shipped.manifest
    np.testing.assert_array_equal(again.si.coef, shipped.si.coef)
    np.testing.assert_array_equal(again.tc.coef, shipped.tc.coef)
    assert sorted(p.name for p in (tmp_path / "copy").iterdir()) == sorted(
        p.name for p in SHIPPED.iterdir()
    )


def test_shipped_manifest_describes_the_model(shipped: FastModel) -> None:
    manifest = shipped.manifest
    assert manifest.kind == KIND
    assert manifest.labels == list(TECHNIQUE_NAMES)
    assert manifest.format_version == FORMAT_VERSION
    assert manifest.split["train_articles"] == manifest.cv["articles"] == 371
    assert manifest.parameters["decode"] == {
        "low": shipped.decode.low,
        "high": shipped.decode.high,
        "max_gap": shipped.decode.max_gap,
    }


def test_shipped_model_was_trained_on_the_shared_ptc_data(ptc_train: Path) -> None:
    files = [
        *(ptc_train / "articles").glob("article*.txt"),
        *(ptc_train / "labels-tc").glob("*.labels"),
    ]
    manifest = json.loads((SHIPPED / MANIFEST).read_text(encoding="utf-8"))
    assert hash_files(files) == manifest["training_data_sha256"]


# -- the manifest refuses what this code cannot read -----------------------------------------


def _model_with(tmp_path: Path, **changes: Any) -> Path:
    model = tmp_path / "model"
    shutil.copytree(SHIPPED, model)
    raw = json.loads((model / MANIFEST).read_text(encoding="utf-8"))
    raw.update(changes)
    (model / MANIFEST).write_text(json.dumps(raw), encoding="utf-8")
    return model


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"labels": list(reversed(TECHNIQUE_NAMES))}, "labels differ"),
        ({"labels": list(TECHNIQUE_NAMES[:-1])}, "labels differ"),
        ({"kind": "transformer"}, "a 'transformer' model, expected 'fast-linear'"),
        ({"format_version": FORMAT_VERSION + 1}, f"model format {FORMAT_VERSION + 1}"),
        ({"unexpected_field": 1}, "unreadable manifest"),
    ],
    ids=["labels-order", "labels-missing", "kind", "format-version", "unknown-field"],
)
def test_manifest_refuses(tmp_path: Path, changes: dict[str, Any], message: str) -> None:
    model = _model_with(tmp_path, **changes)
    with pytest.raises(ModelError, match=message):
        Manifest.load(model, KIND)
    with pytest.raises(ModelError, match=message):
        FastModel.load(model)


def test_missing_and_corrupt_model_files(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"no manifest\.json"):
        FastModel.load(tmp_path)
    model = _model_with(tmp_path)
    (model / "weights.npz").write_bytes(b"not a zip file")
    with pytest.raises(ModelError, match="corrupt model files"):
        FastModel.load(model)


def test_library_major_version_mismatch_warns(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    raw = json.loads((SHIPPED / MANIFEST).read_text(encoding="utf-8"))
    model = _model_with(tmp_path, libraries={**raw["libraries"], "numpy": "1.26.4"})
    with caplog.at_level(logging.WARNING, logger="propscan.models.manifest"):
        FastModel.load(model)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "numpy 1.26.4" in warnings[0].getMessage()


def test_same_major_version_does_not_warn(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="propscan.models.manifest"):
        FastModel.load(SHIPPED)
    assert not caplog.records


# -- decoding token probabilities into fragments ---------------------------------------------


def _tokens(words: list[str], sentences: list[int] | None = None) -> Tokens:
    """Tokens of ``" ".join(words)``, all in sentence 0 unless ``sentences`` says otherwise."""
    starts, position = [], 0
    for word in words:
        starts.append(position)
        position += len(word) + 1
    return Tokens(
        np.asarray(starts, dtype=np.int64),
        np.asarray([s + len(w) for s, w in zip(starts, words, strict=True)], dtype=np.int64),
        words,
        np.asarray(sentences or [0] * len(words), dtype=np.int64),
    )


PARAMS = DecodeParams(low=0.2, high=0.5, max_gap=2)


def _runs(words: list[str], probabilities: list[float], **kw: Any) -> list[tuple[int, int]]:
    tokens = _tokens(words, kw.pop("sentences", None))
    params = DecodeParams(**{**PARAMS.__dict__, **kw})
    return [(s, e) for s, e, _ in runs(tokens, np.asarray(probabilities), params)]


WORDS = ["aa", "bb", "cc", "dd", "ee", "ff", "gg"]


def test_run_without_a_confident_token_is_dropped() -> None:
    assert _runs(WORDS[:3], [0.3, 0.49, 0.3]) == []


def test_run_extends_over_weaker_tokens_around_a_confident_one() -> None:
    # Tokens below `low` at the edges stay out; the run is "bb cc dd".
    assert _runs(WORDS[:5], [0.1, 0.3, 0.9, 0.25, 0.1]) == [(3, 11)]


def test_run_reports_its_mean_probability() -> None:
    [(_, _, mean)] = runs(_tokens(WORDS[:2]), np.asarray([0.4, 0.8]), PARAMS)
    assert mean == pytest.approx(0.6)


@pytest.mark.parametrize(
    ("gap", "expected"),
    # "aa bb cc dd ee": tokens start at 0, 3, 6, 9, 12.
    [(1, [(0, 8)]), (2, [(0, 11)]), (3, [(0, 2), (12, 14)])],
)
def test_gaps_up_to_max_gap_are_bridged(gap: int, expected: list[tuple[int, int]]) -> None:
    probabilities = [0.9] + [0.0] * gap + [0.9]
    assert _runs(WORDS[: gap + 2], probabilities) == expected


def test_runs_never_cross_sentences() -> None:
    found = _runs(WORDS[:4], [0.9, 0.9, 0.9, 0.9], sentences=[0, 0, 1, 1])
    assert found == [(0, 5), (6, 11)]


def test_punctuation_only_runs_are_dropped() -> None:
    assert _runs(["aa", '"', "!", "bb"], [0.0, 0.9, 0.9, 0.0]) == []
    # A run with a word in it keeps its punctuation: '" bb !' is characters 3 to 9.
    assert _runs(["aa", '"', "bb", "!"], [0.0, 0.9, 0.9, 0.9]) == [(3, 9)]


def test_no_tokens_no_runs() -> None:
    assert runs(_tokens([]), np.zeros(0), PARAMS) == []


def test_block_shift_moves_a_block_by_its_reading() -> None:
    """A block read above the reference is raised, one below lowered, each token by the same
    logit; a weight of 0 or no tokens leave the probabilities as they are."""
    heavy = np.asarray([0.2, 0.6, 0.9], dtype=np.float32)
    plain = np.asarray([0.01, 0.05, 0.2], dtype=np.float32)
    reference = (mean_logit(heavy) + mean_logit(plain)) / 2
    shift = BlockShift(1.0, reference)
    assert np.all(shift.apply(heavy) > heavy)
    assert np.all(shift.apply(plain) < plain)
    moved = np.log(shift.apply(heavy) / (1 - shift.apply(heavy))) - np.log(heavy / (1 - heavy))
    np.testing.assert_allclose(moved, moved[0], atol=1e-4)
    assert BlockShift(0.0, reference).apply(heavy) is heavy
    empty = np.zeros(0, dtype=np.float32)
    assert shift.apply(empty) is empty
    assert shift.apply(heavy).dtype == np.float32


def test_sentence_scores_are_maxima_and_zero_without_tokens() -> None:
    tokens = _tokens(WORDS[:4], [0, 0, 2, 2])
    scores = sentence_scores(tokens, np.asarray([0.1, 0.7, 0.3, 0.2], dtype=np.float32), 4)
    np.testing.assert_allclose(scores, [0.7, 0.0, 0.3, 0.0])


def test_probabilities_at_reads_the_token_holding_each_position() -> None:
    tokens = _tokens(["aa", "bb", "cc"])  # characters 0-2, 3-5, 6-8
    probabilities = np.asarray([0.1, 0.5, 0.9], dtype=np.float32)
    positions = np.asarray([0, 1, 2, 3, 4, 7, 8, 100])
    np.testing.assert_allclose(
        probabilities_at(tokens, probabilities, positions), [0.1, 0.1, 0.0, 0.5, 0.5, 0.9, 0.0, 0]
    )
    assert len(probabilities_at(_tokens([]), np.zeros(0), positions)) == len(positions)
    assert len(probabilities_at(tokens, probabilities, np.zeros(0, dtype=np.int64))) == 0


@given(
    st.lists(st.tuples(st.integers(0, 3), st.integers(1, 4)), max_size=12),
    st.lists(st.integers(0, 60), max_size=20),
)
def test_probabilities_at_agrees_with_a_linear_search(
    layout: list[tuple[int, int]], positions: list[int]
) -> None:
    # Tokens separated by `gap` characters, each `length` long: sorted and disjoint.
    starts, ends, at = [], [], 0
    for gap, length in layout:
        starts.append(at + gap)
        ends.append(at + gap + length)
        at = ends[-1]
    tokens = Tokens(
        np.asarray(starts, dtype=np.int64),
        np.asarray(ends, dtype=np.int64),
        ["w"] * len(starts),
        np.zeros(len(starts), dtype=np.int64),
    )
    probabilities = np.arange(1, len(starts) + 1, dtype=np.float32) / 100
    expected = [
        next(
            (float(p) for s, e, p in zip(starts, ends, probabilities, strict=True) if s <= x < e),
            0.0,
        )
        for x in positions
    ]
    found = probabilities_at(tokens, probabilities, np.asarray(positions, dtype=np.int64))
    np.testing.assert_allclose(found, expected)


def test_one_endless_sentence_costs_features_linear_in_its_length(shipped: FastModel) -> None:
    # 3,000 different known words and no sentence end: every token's row would hold all of
    # them (memory in the square of the length) if the sentence were bagged whole.
    text = " ".join(shipped.vocab.words[:3000])
    doc = document_from_text(text)
    tokens, probabilities = shipped.token_probabilities(doc)
    assert len(set(tokens.sentence.tolist())) == 1 and len(tokens) >= 3000
    matrix = shipped.si_features.transform(doc, tokens)
    assert np.diff(matrix.indptr).max() <= 256 + 64
    assert np.all((probabilities >= 0) & (probabilities <= 1))


# -- one small real training run -------------------------------------------------------------

# How many real training articles the small run uses: enough for every technique to appear in
# the train part and for the dev part to be non-empty, few enough to train in seconds.
SMALL_RUN_ARTICLES = 30


def _small_run_ids(ptc_train: Path) -> list[str]:
    ids = sorted(p.name[len("article") : -len(".txt")] for p in (ptc_train / "articles").iterdir())
    chosen = ids[:SMALL_RUN_ARTICLES]
    assert any(is_dev(i) for i in chosen) and not all(is_dev(i) for i in chosen)
    return chosen


def test_train_fast_small(
    ptc_train: Path, tmp_path: Path, copy_ptc: Callable[[Path, Iterable[str]], Path]
) -> None:
    pytest.importorskip("sklearn")
    from threadpoolctl import threadpool_limits  # a dependency of scikit-learn

    from propscan.models.calibration import Calibration
    from propscan.models.train_fast import TrainOptions
    from propscan.training.fast import train_fast

    data = copy_ptc(tmp_path / "data", _small_run_ids(ptc_train))
    out = tmp_path / "model"
    # One BLAS thread: on a busy two-core machine threaded BLAS makes this run 3-4 times slower.
    with threadpool_limits(limits=1):
        model = train_fast(data, out, TrainOptions(folds=2, max_iter=200), folds=2)
    loaded = FastModel.load(out)
    manifest = loaded.manifest
    assert manifest == model.manifest
    # Trained on every article; the figures are cross-validated over 2 folds.
    assert manifest.split["train_articles"] == SMALL_RUN_ARTICLES
    cv = manifest.cv
    assert cv["folds"] == 2 and sum(cv["fold_sizes"]) == SMALL_RUN_ARTICLES
    for task in ("si_f1", "tc_f1", "full_f1"):
        folds = cv["fast"][task]["folds"]
        assert len(folds) == 2 and all(0.0 <= f <= 1.0 for f in folds)
        assert cv["fast"][task]["mean"] == pytest.approx(sum(folds) / 2, abs=1e-4)
    assert cv["fast"]["pooled"]["si"]["n_pred"] > 0
    assert manifest.parameters["folds"] == 2
    files = [*(data / "articles").iterdir(), *(data / "labels-tc").iterdir()]
    assert manifest.training_data_sha256 == hash_files(files)
    # The confidence calibration fitted on the held-out folds ships with the model.
    calibration = Calibration.load(out)
    assert calibration is not None
    assert cv["fast"]["calibration"]["map"] == {"x": list(calibration.x), "y": list(calibration.y)}
    detection = FastDetector(loaded)(document_from_text(DEMO_TEXT))
    assert all(DEMO_TEXT[f.start : f.end] == f.text for f in detection.fragments)

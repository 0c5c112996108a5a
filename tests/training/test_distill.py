"""Distillation (propscan.training.distill) on tiny random encoders: a 2-layer MPNet teacher
and a 1-layer BERT student with tokenizers of their own, registered under the real encoders'
names (as tests/test_train_large.py does for MPNet), so no 400 MB download is needed. The
teacher is exported without training (random heads make soft targets as good as any here).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from propscan.errors import ModelError
from propscan.models import encoders
from propscan.models.encoders import Encoder
from propscan.training import distill
from propscan.training.distill import TeacherLabels, spread

# Few articles: only the path is checked (the scores of one step mean nothing).
ARTICLES = 8
TEXTS = (
    "The regime's thugs are destroying our great nation. Wake up, patriots!",
    "Officials said on Tuesday that talks would resume next week.",
    "Never forget: they lied to you, again and again and again.",
)


def test_spread_carries_word_values_onto_other_subwords() -> None:
    # "Anti-war protesters' don't" as words [0, 8) [9, 20) [20, 21) [22, 27), and as a
    # tokenizer that splits them otherwise: "Anti" "-" "war" "protest" "ers" "'" "don" "'" "t".
    words = (np.array([0, 9, 20, 22]), np.array([8, 20, 21, 27]))
    values = np.array([[0.1, 1.0], [0.5, 2.0], [0.9, 3.0], [0.3, 4.0]])
    starts = np.array([0, 4, 5, 9, 16, 20, 22, 25, 26])
    ends = np.array([4, 5, 8, 16, 19, 21, 25, 26, 27])
    out = spread(*words, values, starts, ends)
    assert np.allclose(
        out,
        [
            [0.1, 1.0],
            [0.1, 1.0],
            [0.1, 1.0],
            [0.5, 2.0],
            [0.5, 2.0],
            [0.9, 3.0],
            [0.3, 4.0],
            [0.3, 4.0],
            [0.3, 4.0],
        ],
    )
    # A span over two words gets their mean; one over none (the space at 8) gets -1; a word
    # split into subwords gets the mean of its subwords (teacher tokens onto words).
    assert np.allclose(
        spread(*words, values, np.array([8, 9, 8]), np.array([9, 21, 20])),
        [
            [-1.0, -1.0],
            [0.7, 2.5],
            [0.5, 2.0],
        ],
    )
    subwords = np.array([[0.2], [0.4], [0.6], [0.8], [0.0], [0.5], [0.1], [0.2], [0.3]])
    assert np.allclose(spread(starts, ends, subwords, *words)[:, 0], [0.4, 0.4, 0.5, 0.2])


def _tokenizer(path: Path, texts: Iterable[str], vocab: int, bert: bool) -> None:
    """A WordPiece tokenizer framed like BERT's ([CLS] [SEP], [PAD] 0) or MPNet's (<s> 0,
    <pad> 1, </s> 2)."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from tokenizers.trainers import WordPieceTrainer

    tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.decoder = decoders.WordPiece()
    specials = (
        ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
        if bert
        else ["<s>", "<pad>", "</s>", "<unk>", "[UNK]", "<mask>"]
    )
    tokenizer.train_from_iterator(
        list(texts), WordPieceTrainer(vocab_size=vocab, special_tokens=specials)
    )
    if bert:
        tokenizer.post_processor = processors.BertProcessing(("[SEP]", 3), ("[CLS]", 2))
    else:
        tokenizer.post_processor = processors.RobertaProcessing(("</s>", 2), ("<s>", 0))
    tokenizer.save(str(path))


def _register(
    monkeypatch: pytest.MonkeyPatch, name: str, folder: Path, texts: list[str], bert: bool
) -> Path:
    transformers = pytest.importorskip("transformers")
    torch = pytest.importorskip("torch")
    from tokenizers import Tokenizer

    folder.mkdir()
    _tokenizer(folder / "tokenizer.json", texts, 600 if bert else 1500, bert)
    size = Tokenizer.from_file(str(folder / "tokenizer.json")).get_vocab_size()
    shape = {"hidden_size": 32, "num_attention_heads": 2, "intermediate_size": 64}
    torch.manual_seed(0)
    if bert:
        network = transformers.BertModel(
            transformers.BertConfig(vocab_size=size, num_hidden_layers=1, **shape)
        )
    else:
        network = transformers.MPNetModel(
            transformers.MPNetConfig(
                vocab_size=size,
                num_hidden_layers=2,
                pad_token_id=1,
                bos_token_id=0,
                eos_token_id=2,
                **shape,
            )
        )
    network.save_pretrained(str(folder))
    sha = hashlib.sha256((folder / "model.safetensors").read_bytes()).hexdigest()
    encoder = Encoder(name, f"a tiny random {name} (test)", sha, lambda: folder, "(test)")
    monkeypatch.setitem(encoders.ENCODERS, name, encoder)
    return folder


@pytest.fixture
def tiny_encoders(
    tmp_path: Path, demo_text: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """A tiny MPNet as "mpnet" (the teacher's) and a tiny BERT as "minilm" (the student's)."""
    pytest.importorskip("onnx")
    texts = [demo_text, *TEXTS] * 3
    return (
        _register(monkeypatch, "mpnet", tmp_path / "tiny-mpnet", texts, bert=False),
        _register(monkeypatch, "minilm", tmp_path / "tiny-bert", texts, bert=True),
    )


def _teacher(out: Path, work: Path) -> Path:
    """A tiny MPNet exported as a model directory, untrained."""
    from propscan.models.accurate import KIND, load_tokenizer
    from propscan.models.manifest import Manifest
    from propscan.models.train_accurate import AccurateOptions, Trainer, write_model
    from propscan.taxonomy import TECHNIQUE_NAMES

    options = AccurateOptions(encoder="mpnet", epochs=1)
    tokenizer = load_tokenizer(encoders.ENCODERS["mpnet"].directory() / "tokenizer.json")
    manifest = Manifest(KIND, list(TECHNIQUE_NAMES), "", {}, {}, parameters=asdict(options))
    work.mkdir(parents=True, exist_ok=True)
    write_model(Trainer(tokenizer, options), out, work, manifest)
    return out


@pytest.fixture
def gold_and_news(
    ptc_train: Path, tmp_path: Path, copy_ptc: Callable[[Path, Iterable[str]], Path]
) -> tuple[Path, Path]:
    """A few PTC training articles (their folder), and a folder of the unlabelled TEXTS."""
    ids = sorted(p.name[len("article") : -len(".txt")] for p in (ptc_train / "articles").iterdir())
    data = copy_ptc(tmp_path / "data", ids[:ARTICLES])
    news = tmp_path / "news"
    news.mkdir()
    for i, text in enumerate(TEXTS):
        (news / f"text{i}.txt").write_text(text, encoding="utf-8")
    return data, news


def test_distillation_smoke(
    tiny_encoders: tuple[Path, Path],
    gold_and_news: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from propscan.dataset import load_dataset
    from propscan.models.accurate import ONNX_FILE, load_tokenizer
    from propscan.models.encoders import file_sha256
    from propscan.models.train_accurate import AccurateOptions
    from propscan.training.accurate import train_accurate, work_dir
    from propscan.training.cv_accurate import write_folds

    data, news = gold_and_news
    teacher = _teacher(tmp_path / "large", tmp_path / "teacher-work")
    # The teacher's cross-validation: its folds of the same articles, an export per fold.
    cv = tmp_path / ".large.work" / "cv"
    write_folds(cv, load_dataset(data, "all"), 2)
    for fold in range(2):
        shutil.copytree(teacher, cv / f"fold{fold}" / "epoch1")

    labels = tmp_path / "labels"
    # The fold exports first (the student's CV can start), the final teacher on a second run.
    with pytest.raises(ModelError, match="no cross-validation folder"):
        distill.label_all(teacher, labels, [news], None, folds_only=True)
    # Fold 0 alone: the student's fold 0 trains, its fold 1 asks for its labels.
    first = distill.label_all(teacher, labels, [news], cv, only_folds=[0])
    assert first["final"] is None and first["folds"][1] is None and first["folds"][0]
    assert not (labels / "fold1").exists()
    out = tmp_path / "accurate"
    options = AccurateOptions(epochs=1, max_steps=1, batch_size=2, distill_from=str(labels))
    with pytest.raises(ModelError, match="not labelled by the teacher's fold 1 yet"):
        train_accurate(data, out, options, folds=2)
    assert (work_dir(out) / "cv" / "fold0" / "done").is_file()
    partial = distill.label_all(teacher, labels, [news], cv, folds_only=True)
    assert partial["final"] is None and len(partial["folds"]) == 2 and partial["labelled"] == 3
    assert not (labels / "final").exists()
    with pytest.raises(ModelError, match="fold exports only") as caught:
        distill.distillation_summary(labels, partial)
    assert "\n" not in str(caught.value)
    record = distill.label_all(teacher, labels, [news], cv)
    assert record["texts"] == record["labelled"] == 3 and len(record["folds"]) == 2
    assert record["final"]["sha256"] == file_sha256(teacher / ONNX_FILE)
    assert record["unlabelled"] == [{"folder": str(news), "texts": 3}]
    one = TeacherLabels.load(next((labels / "fold1").glob("text0-*.npz")))
    assert one.text == TEXTS[0] and one.word_probabilities.shape == (len(one.word_starts), 15)
    assert ((one.word_probabilities >= 0) & (one.word_probabilities <= 1)).all()
    assert one.fragment_techniques.shape == (len(one.fragments), 14)
    assert np.allclose(one.fragment_techniques.sum(axis=1), 1, atol=1e-2)

    # Resumable: a second run labels only what is missing.
    labelled = []
    real = distill.label_text
    monkeypatch.setattr(distill, "label_text", lambda m, n, t: labelled.append(n) or real(m, n, t))
    next((labels / "final").glob("text2-*.npz")).unlink()
    distill.label_all(teacher, labels, [news], cv)
    assert len(labelled) == 1 and labelled[0].startswith("text2-")

    # The student's tokens get the teacher's word values (another tokenizer).
    student = load_tokenizer(tiny_encoders[1] / "tokenizer.json")
    windows = distill.distill_windows(labels / "final", student, weight=0.5)
    assert {w.weight for w in windows} == {0.5}
    assert all(w.span_targets is not None for w in windows)
    encoded, targets = distill.student_targets(one, student)
    for i in range(len(encoded)):
        word = np.flatnonzero(
            (one.word_starts < encoded.tokens.ends[i]) & (one.word_ends > encoded.tokens.starts[i])
        )
        expected = one.word_probabilities[word].mean(axis=0) if len(word) else -1
        assert np.allclose(targets[i], expected, atol=1e-6)

    model = train_accurate(data, out, options, folds=2, resume=True)
    distillation = model.manifest.parameters["distillation"]
    assert distillation["teacher_sha256"] == file_sha256(teacher / ONNX_FILE)
    assert distillation["texts"] == 3 and distillation["teacher"] == str(teacher)
    assert model.manifest.parameters["distill_from"] == str(labels)
    fold = json.loads((work_dir(out) / "cv" / "fold0" / "epoch1" / "manifest.json").read_text())
    assert fold["parameters"]["teacher"]["export"] == str(cv / "fold0" / "epoch1")


def test_soft_targets_train(tiny_encoders: tuple[Path, Path], tmp_path: Path) -> None:
    """Gold and teacher windows in one run: soft token targets, soft span targets, weights."""
    from propscan.models.accurate import load_tokenizer
    from propscan.models.train_accurate import AccurateOptions, Trainer
    from propscan.models.windows import encode

    teacher = _teacher(tmp_path / "large", tmp_path / "work")
    model = distill.plain_teacher(teacher)
    folder = tmp_path / "labels"
    folder.mkdir()
    for i, text in enumerate(TEXTS):
        distill.label_text(model, f"t{i}", text).save(folder / f"t{i}.npz")
    tokenizer = load_tokenizer(tiny_encoders[1] / "tokenizer.json")
    examples = distill.distill_windows(folder, tokenizer, weight=0.5)
    labels = TeacherLabels.load(folder / "t0.npz")
    encoded = encode(tokenizer, distill.document_from_text(labels.text))
    assert len(examples[0].ids) == len(encoded)
    assert any(e.spans for e in examples)  # the span head's soft targets are trained too
    trainer = Trainer(tokenizer, AccurateOptions(epochs=1, batch_size=2))
    trainer.fit(examples, lambda epoch: None)
    assert np.isfinite(trainer.heads().token_w).all()


def test_bad_labels_fail_in_one_line(tmp_path: Path, run: Callable[..., Any]) -> None:
    from propscan.training.folds import Folds

    with pytest.raises(ModelError, match="no finished teacher labels") as caught:
        distill.read_record(tmp_path)
    assert "\n" not in str(caught.value)
    (tmp_path / "manifest.json").write_text("{}")
    with pytest.raises(ModelError, match="a model directory, not teacher labels"):
        distill.read_record(tmp_path)
    record = {"fold_of": {"a": 0, "b": 1, "c": 1}, "folds": [{}, {}]}
    distill.check_folds(tmp_path, record, Folds(2, {"a": 0, "b": 1, "c": 1, "new": 0}, ()))
    with pytest.raises(ModelError, match="article b is held out in the student's fold 0"):
        distill.check_folds(tmp_path, record, Folds(2, {"a": 0, "b": 0, "c": 1}, ()))
    with pytest.raises(ModelError, match="the teacher has 2 folds, the student 3"):
        distill.check_folds(tmp_path, record, Folds(3, {"a": 0, "b": 1, "c": 2}, ()))
    with pytest.raises(ModelError, match="final teacher only"):
        distill.check_folds(tmp_path, {"fold_of": None, "folds": []}, Folds(2, {}, ()))
    result = run("distil-labels", tmp_path / "missing")
    assert result.code != 0 and result.err.count("\n") == 1 and "missing" in result.err


def test_fold_labels_from_the_fold_networks(
    tiny_encoders: tuple[Path, Path],
    gold_and_news: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """teach_folds (the GPU path, run here on the CPU): the fold networks label in torch as
    their exports would, the folds are the teacher's cross-validation's, a finished fold is
    not trained again, and the final teacher's labels added later keep the folds."""
    from propscan.dataset import load_dataset
    from propscan.models.accurate import AccurateModel, load_tokenizer, open_session
    from propscan.models.decode import DecodeParams
    from propscan.models.encoders import file_sha256
    from propscan.models.train_accurate import AccurateOptions, Trainer
    from propscan.training import teach_folds
    from propscan.training.accurate import train_accurate
    from propscan.training.cv_accurate import write_folds

    data, news = gold_and_news

    # A network in torch gives the hidden states of its fp32 export.
    options = AccurateOptions(encoder="mpnet", epochs=1, max_steps=2, batch_size=2)
    tokenizer = load_tokenizer(tiny_encoders[0] / "tokenizer.json")
    trainer = Trainer(tokenizer, options)
    trainer.export(tmp_path / "fp32.onnx")
    heads = trainer.heads()
    torch_session = teach_folds.TorchSession(
        trainer.torch, trainer.model, "cpu", heads.token_w.shape[0]
    )
    plain = [
        AccurateModel(s, tokenizer, heads, DecodeParams(), _manifest(options))
        for s in (torch_session, open_session(tmp_path / "fp32.onnx"))
    ]
    encoded = plain[0].encode(distill.document_from_text(TEXTS[0] * 40))
    assert np.allclose(plain[0].hidden(encoded), plain[1].hidden(encoded), atol=1e-4)

    labels = tmp_path / "labels"
    record = teach_folds.teach_folds(data, labels, [news], options, folds=2)
    folds = write_folds(tmp_path / "cv", load_dataset(data, "all"), 2)
    assert record["fold_of"] == folds.fold_of and record["final"] is None
    assert record["texts"] == record["labelled"] == 3 and len(record["folds"]) == 2
    for k in range(2):
        assert len(list((labels / f"fold{k}").glob("*.npz"))) == 3
        mark = json.loads((labels / f"fold{k}" / "teacher.json").read_text())
        assert mark == record["folds"][k] and len(mark["sha256"]) == 64
    assert record["folds"][0]["sha256"] != record["folds"][1]["sha256"]
    one = TeacherLabels.load(next((labels / "fold0").glob("text1-*.npz")))
    assert ((one.word_probabilities >= 0) & (one.word_probabilities <= 1)).all()

    # Finished folds are kept; the final teacher's labels join them in the record.
    with monkeypatch.context() as patch:
        patch.setattr(Trainer, "fit", lambda *a, **k: pytest.fail("trained a fold again"))
        again = teach_folds.teach_folds(data, labels, [news], options, folds=2)
    assert again["folds"] == record["folds"]
    teacher = _teacher(tmp_path / "large", tmp_path / "teacher-work")
    full = distill.label_all(teacher, labels, [news])
    assert full["folds"] == record["folds"] and full["fold_of"] == record["fold_of"]
    assert full["final"]["sha256"] == file_sha256(teacher / "model.int8.onnx")
    student = AccurateOptions(epochs=1, max_steps=1, batch_size=2, distill_from=str(labels))
    model = train_accurate(data, tmp_path / "accurate", student, folds=2)
    assert model.manifest.parameters["distillation"]["fold_teachers_sha256"] == [
        f["sha256"] for f in record["folds"]
    ]


def _manifest(options: Any) -> Any:
    from propscan.models.accurate import KIND
    from propscan.models.manifest import Manifest
    from propscan.taxonomy import TECHNIQUE_NAMES

    return Manifest(KIND, list(TECHNIQUE_NAMES), "", {}, {}, parameters=asdict(options))

"""The claims head on the accurate model's encoder: pooling, the average, the detector's output."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from propscan.claims import load_claim_model
from propscan.claims.encoder_head import (
    ENCODER_WEIGHT,
    HEAD_FILE,
    SCORES_FILE,
    ClaimHead,
    SentencePool,
    average,
)
from propscan.detectors import load_detector, packaged_model_dir
from propscan.document import Document
from propscan.errors import ModelError
from propscan.features import Tokens
from propscan.models.accurate import heads_sha256
from propscan.models.windows import Encoded


def _part(starts: list[int]) -> Encoded:
    n = len(starts)
    return Encoded(
        np.zeros(n, dtype=np.int64),
        Tokens(np.asarray(starts), np.asarray(starts) + 1, ["x"] * n, np.zeros(n, dtype=np.int64)),
    )


def test_pool_averages_each_sentence_over_blocks() -> None:
    pool = SentencePool(np.asarray([0, 10, 20]), width=2)
    # Sentence 0: tokens at 0 and 5; sentence 1 crosses the two blocks; sentence 2 has none.
    pool.add(_part([0, 5, 12]), np.asarray([[1.0, 0.0], [3.0, 2.0], [4.0, 4.0]]))
    pool.add(_part([15]), np.asarray([[0.0, 2.0]]))
    assert pool.vectors().tolist() == [[2.0, 1.0], [2.0, 3.0], [0.0, 0.0]]


def test_average_is_the_linear_model_without_a_head() -> None:
    linear = np.asarray([[0.2, 0.3, 0.5]])
    assert average(None, linear) is linear
    both = average(np.asarray([[0.6, 0.3, 0.1]]), linear)
    assert np.allclose(
        both, ENCODER_WEIGHT * np.asarray([[0.6, 0.3, 0.1]]) + (1 - ENCODER_WEIGHT) * linear
    )


def test_head_round_trip_and_corrupt_file(tmp_path: Path) -> None:
    assert ClaimHead.load(tmp_path) is None
    head = ClaimHead(np.ones((4, 3), dtype=np.float32), np.asarray([0.0, 1.0, 2.0], np.float32))
    head.save(tmp_path)
    loaded = ClaimHead.load(tmp_path)
    assert loaded is not None and np.array_equal(loaded.w, head.w)
    p = loaded.probabilities(np.zeros((2, 4), dtype=np.float32))
    assert p.shape == (2, 3) and np.allclose(p.sum(axis=1), 1.0) and p[0].argmax() == 2
    (tmp_path / HEAD_FILE).write_bytes(b"not numpy")
    with pytest.raises(ModelError, match="corrupt claims head"):
        ClaimHead.load(tmp_path)


def test_the_shipped_accurate_model_feeds_the_claim_model() -> None:
    directory = packaged_model_dir("accurate")
    figures = json.loads((directory / SCORES_FILE).read_text(encoding="utf-8"))
    # What the head is for: the average beats the linear model alone on the dev debates, the
    # sentences read in context (as in an article) and alone (as in a CSV).
    for way in ("in_context", "alone"):
        linear = figures["linear_model"]["checkworthy_f1"]
        assert figures[way]["average"]["checkworthy_f1"] > linear
    doc = Document.create(
        "Unemployment fell to 4 percent last year.\nWhat a wonderful evening it was!\n"
        "Over 350,000 people have been killed in Syria since 2011.\n"
    )
    detection = load_detector("accurate")(doc)
    assert detection.claim_probabilities is not None
    assert detection.claim_probabilities.shape == (len(doc.article_sentences), 3)
    claims = load_claim_model()(doc, detection.claim_probabilities)
    assert [c.verdict for c in claims][2] == 1
    assert load_detector("fast")(doc).claim_probabilities is None


def _encoder_copy(target: Path) -> Path:
    """The shipped accurate model's files in ``target`` (links to the large ones), no head."""
    source = packaged_model_dir("accurate")
    target.mkdir()
    for path in source.iterdir():
        if path.is_file() and path.name not in (HEAD_FILE, SCORES_FILE):
            (target / path.name).symlink_to(path)
    return target


def test_a_head_fitted_on_another_encoder_is_refused_at_load(tmp_path: Path) -> None:
    from propscan.detectors.accurate import AccurateDetector
    from propscan.models.accurate import AccurateModel

    directory = _encoder_copy(tmp_path / "model")
    model = AccurateModel.load(directory)
    assert model.heads.token_w.shape[0] == 384
    # MPNet's width in MiniLM's folder (or the reverse): one line naming the fix at load time,
    # not a shape error on the first article.
    refused = "claims head was fitted on another encoder; fit it on this one with: propscan"
    ClaimHead(np.zeros((768, 3), np.float32), np.zeros(3, np.float32)).save(directory)
    with pytest.raises(ModelError, match=refused):
        AccurateDetector.from_model(model, directory)
    # As wide, but fitted beside other heads (a retrained encoder): refused too.
    w, b = np.zeros((384, 3), np.float32), np.zeros(3, np.float32)
    ClaimHead(w, b, "0" * 64).save(directory)
    with pytest.raises(ModelError, match=refused):
        AccurateDetector.from_model(model, directory)
    ClaimHead(w, b, heads_sha256(directory)).save(directory)
    loaded = AccurateDetector.from_model(model, directory).claim_head
    assert loaded is not None and loaded.encoder == heads_sha256(directory)
    # A head saved before the encoder was recorded has only its width checked.
    ClaimHead(w, b).save(directory)
    loaded = AccurateDetector.from_model(model, directory).claim_head
    assert loaded is not None and loaded.encoder == ""


def test_encoder_models_by_name_or_directory(tmp_path: Path) -> None:
    from propscan.claims.encoder_head import encoder_dir

    assert encoder_dir("accurate") == packaged_model_dir("accurate")
    directory = _encoder_copy(tmp_path / "model")
    assert encoder_dir(str(directory)) == directory
    with pytest.raises(ModelError, match="fast: a 'fast-linear' model; a claims head needs"):
        encoder_dir("fast")
    with pytest.raises(ModelError, match="no model directory"):
        encoder_dir(tmp_path)


def test_debate_vectors_are_cached_per_encoder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from propscan.claims.encoder_head import debate_vectors, encoder_key
    from propscan.models.accurate import ONNX_FILE, AccurateModel

    texts = ["Taxes rose by 4 percent.", "I love this country.", "We will win.", "Thank you."]
    groups = ["debate-a", "debate-a", "debate-b", "debate-b"]
    directory = packaged_model_dir("accurate")
    cache = tmp_path / "cache"
    first = debate_vectors(texts, groups, directory, cache=cache)
    assert first.shape == (4, 384)
    assert [p.name for p in cache.iterdir()] == [encoder_key(directory)]
    assert len(list((cache / encoder_key(directory)).glob("*.npy"))) == 2

    def no_encoder(*_: object, **__: object) -> None:
        raise AssertionError("the cache was not used")

    monkeypatch.setattr(AccurateModel, "load", no_encoder)
    assert np.array_equal(debate_vectors(texts, groups, directory, cache=cache), first)
    # A changed debate is encoded again; another encoder has a folder of its own.
    with pytest.raises(AssertionError, match="the cache was not used"):
        debate_vectors([*texts[:3], "Thanks."], groups, directory, cache=cache)
    other = _encoder_copy(tmp_path / "other")
    (other / ONNX_FILE).unlink()
    (other / ONNX_FILE).write_bytes(b"another encoder")
    assert encoder_key(other) != encoder_key(directory)


def test_train_claims_fits_only_the_head_without_output(
    tmp_path: Path, run: Callable[..., Any]
) -> None:
    from propscan.dataset import is_dev

    debates = [f"debate-{i}.txt" for i in range(40)]
    dev = next(d for d in debates if is_dev(d))
    train = next(d for d in debates if not is_dev(d))
    sentences = [
        ("Unemployment fell to 4 percent last year.", 1),
        ("Over 350,000 people have been killed in Syria.", 1),
        ("We spent $2 billion on the program in 2010.", 1),
        ("I think that is wrong and we all know it.", -1),
        ("What a wonderful evening it is tonight here.", -1),
        ("Thank you very much for having me here.", -1),
        ("I met with the governor in the morning.", 0),
        ("We went to the school on Monday afternoon.", 0),
        ("My father was a teacher in a small town.", 0),
    ]
    lines = ["Sentence_id,Text,File_id,Verdict"]
    for debate in (train, dev):
        for text, verdict in sentences * 2:
            lines.append(f'{len(lines)},"{text}",{debate},{verdict}')
    csv_path = tmp_path / "claims.csv"
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    directory = _encoder_copy(tmp_path / "model")
    shipped = packaged_model_dir("claims")
    before = {p.name: p.stat().st_mtime_ns for p in shipped.iterdir()}

    result = run("train-claims", csv_path, "--encoder-head", directory, "--cache", tmp_path / "c")
    assert result.code == 0, result.err
    figures = json.loads(result.out)
    assert list(figures) == ["encoder_head"]
    assert figures["encoder_head"]["train_sentences"] == len(sentences) * 2
    assert ClaimHead.load(directory) is not None and (directory / SCORES_FILE).is_file()
    assert {p.name: p.stat().st_mtime_ns for p in shipped.iterdir()} == before

    result = run("train-claims", csv_path)
    assert result.code == 1 and "give --output, --encoder-head, or both" in result.err


def test_sentences_read_alone_are_each_a_document_of_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from propscan.claims.encoder_head import (
        debate_vectors,
        sentence_probabilities,
        sentence_vectors,
    )
    from propscan.models.accurate import AccurateModel

    texts = ["Taxes rose by 4 percent.", "I love  this\ncountry.", "", "We will win."]
    directory = packaged_model_dir("accurate")
    cache = tmp_path / "cache"
    alone = sentence_vectors(texts, directory, cache=cache)
    # The same as debates of one sentence each; in context a sentence reads otherwise.
    one_each = debate_vectors(texts, [str(i) for i in range(len(texts))], directory)
    np.testing.assert_allclose(alone, one_each, atol=1e-5)
    in_context = debate_vectors(texts, ["one"] * len(texts), directory)
    assert not np.allclose(alone[1], in_context[1], atol=1e-3)
    # A sentence longer than a window is read window by window, as an article is.
    long = " ".join(f"Taxes rose by {n} percent." for n in range(120))
    np.testing.assert_allclose(
        sentence_vectors([long], directory), debate_vectors([long], ["x"], directory), atol=1e-5
    )

    def no_encoder(*_: object, **__: object) -> None:
        raise AssertionError("the cache was not used")

    model = AccurateModel.load(directory)
    monkeypatch.setattr(AccurateModel, "load", no_encoder)
    assert np.array_equal(sentence_vectors(texts, directory, cache=cache), alone)
    head = ClaimHead(np.linspace(-1, 1, 384 * 3, dtype=np.float32).reshape(384, 3), np.zeros(3))
    whole = sentence_probabilities(model, head, texts)
    np.testing.assert_allclose(whole, head.probabilities(alone), atol=1e-5)
    assert sentence_probabilities(model, head, []).shape == (0, 3)


def test_one_head_is_fitted_on_both_readings() -> None:
    pytest.importorskip("sklearn")
    from propscan.claims.cv import head_out_of_fold
    from propscan.claims.encoder_head import fit_regression

    rng = np.random.default_rng(0)
    labels = np.asarray([-1, 0, 1] * 20)
    # The class is in column 0 when read in context and in column 1 when read alone: a head
    # fitted on both readings gets both right.
    in_context = rng.normal(size=(60, 4)).astype(np.float32)
    alone = rng.normal(size=(60, 4)).astype(np.float32)
    in_context[:, 0] += 8 * labels
    alone[:, 1] += 8 * labels

    def accuracy(head: ClaimHead, vectors: np.ndarray) -> float:
        predicted = np.asarray([-1, 0, 1])[head.probabilities(vectors).argmax(axis=1)]
        return float(np.mean(predicted == labels))

    both = ClaimHead(*fit_regression([in_context, alone], labels))
    assert accuracy(both, in_context) > 0.9 and accuracy(both, alone) > 0.9
    one = ClaimHead(*fit_regression([in_context], labels))
    assert accuracy(one, alone) < 0.6
    fold = np.arange(60) // 20
    found = head_out_of_fold([in_context, alone], labels, fold)
    assert [p.shape for p in found] == [(60, 3), (60, 3)]
    for p in found:
        assert np.mean(np.asarray([-1, 0, 1])[p.argmax(axis=1)] == labels) > 0.85


def test_mean_states_batch_only_where_the_encoder_allows(monkeypatch: pytest.MonkeyPatch) -> None:
    from propscan.claims.encoder_head import pooled
    from propscan.models.accurate import AccurateModel

    model = AccurateModel.load(packaged_model_dir("accurate"))
    texts = [f"Taxes rose by {n} percent in {2000 + n}, {'very ' * n}fast." for n in range(20)]
    parts = [model.encode(Document.create(t, article_end=len(t))) for t in texts]
    calls: list[int] = []
    run = model.session.run

    def counted(names: list[str], feed: dict[str, np.ndarray]) -> list[np.ndarray]:
        calls.append(len(feed["input_ids"]))
        return list(run(names, feed))

    monkeypatch.setattr(model, "session", type("S", (), {"run": staticmethod(counted)})())
    one_each = np.stack([pooled(model, [t], 384)[0] for t in texts])
    calls.clear()
    # Dynamically quantized (accurate): a text a call, the states of one read alone.
    np.testing.assert_allclose(model.mean_states(parts), one_each, atol=1e-5)
    assert calls == [1] * len(texts)
    # Weight-only quantized (as large is): 16 a call.
    calls.clear()
    parameters = {**model.manifest.parameters, "quantization": "weight-int8"}
    monkeypatch.setattr(model.manifest, "parameters", parameters)
    batched = model.mean_states([*parts, parts[0].part(0, 0)])
    assert calls == [16, 4] and not batched[-1].any()
    cosine = (batched[:-1] * one_each).sum(1)
    cosine /= np.linalg.norm(batched[:-1], axis=1) * np.linalg.norm(one_each, axis=1)
    assert cosine.min() > 0.9
    with pytest.raises(ValueError, match="one window each"):
        model.mean_states([model.encode(Document.create("word " * 400))])


def test_sentences_are_checked_with_the_head_when_the_model_has_one(tmp_path: Path) -> None:
    from propscan.claims import check_sentences

    texts = ["Unemployment fell to 4 percent last year.", "I think it is a disgrace, frankly."]
    linear = load_claim_model().predict(texts)
    assert check_sentences(texts, model="fast") == linear
    assert check_sentences(texts) != linear
    # An encoder model with no claims head (as 'propscan train' writes it): the linear model.
    assert check_sentences(texts, model=str(_encoder_copy(tmp_path / "model"))) == linear
    assert check_sentences([]) == []
    # Judged a chunk at a time, as if all at once.
    many = [
        f"Taxes rose by {n} percent in {1900 + n % 100}, {'I think ' * (n % 3)}."
        for n in range(2100)
    ]
    assert check_sentences(many, model="fast") == load_claim_model().predict(many)


def test_check_sentences_is_public_and_refuses_one_string() -> None:
    import propscan
    from propscan.errors import InputError

    texts = ["Unemployment fell to 4 percent last year.", "What a night!"]
    assert propscan.check_sentences(texts, model="fast") == load_claim_model().predict(texts)
    with pytest.raises(InputError, match="a list of sentences"):
        propscan.check_sentences("Unemployment fell to 4 percent last year.")
    with pytest.raises(InputError, match="a list of sentences"):
        propscan.check_sentences([b"bytes"])  # type: ignore[list-item]

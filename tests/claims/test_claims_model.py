"""The shipped claim model: shapes, ranges, Claims on a Document, loading errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from propscan.claims import ClaimModel, load_claim_model, packaged_claim_model_dir
from propscan.document import Document
from propscan.errors import ModelError


@pytest.fixture(scope="module")
def model() -> ClaimModel:
    return load_claim_model()


def test_predict_shapes_and_ranges(model: ClaimModel) -> None:
    sentences = [
        "Over 350,000 people have been killed in Syria since 2011.",
        "I think that is a disgrace.",
        "Do you really believe that?",
        "",
        "Thank you.",
    ]
    predictions = model.predict(sentences)
    assert len(predictions) == len(sentences)
    for verdict, score in predictions:
        assert verdict in (-1, 0, 1)
        assert 0.0 <= score <= 1.0
    assert model.predict([]) == []
    assert predictions[0][0] == 1
    assert predictions[0][1] > predictions[1][1]
    assert predictions[2][0] == -1


def test_predict_is_independent_of_batch(model: ClaimModel) -> None:
    sentences = ["Unemployment rose to 9 percent last year.", "We must act now!"]
    together = model.predict(sentences)
    alone = [model.predict([s])[0] for s in sentences]
    assert together == alone


def test_claims_of_a_document(model: ClaimModel, demo_text: str) -> None:
    doc = Document.create(demo_text)
    claims = model(doc)
    assert len(claims) == len(doc.article_sentences)
    for claim, sentence in zip(claims, doc.article_sentences, strict=True):
        assert (claim.start, claim.end, claim.text) == (sentence.start, sentence.end, sentence.text)
        assert doc.text[claim.start : claim.end] == claim.text
        for q in claim.quantities:
            assert claim.start <= q.start < q.end <= claim.end
            assert doc.text[q.start : q.end] == q.text


def test_claim_quantities_example(model: ClaimModel) -> None:
    doc = Document.create(
        "Syria\n\nOver 350,000 people have been killed in Syria. "
        "The army now controls 80 percent of the rebel territory."
    )
    claims = model(doc)
    assert [q.text for c in claims for q in c.quantities] == ["Over 350,000 people", "80 percent"]


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=200))
def test_claim_offsets_address_the_text(model: ClaimModel, text: str) -> None:
    doc = Document.create(text)
    for claim in model(doc):
        assert doc.text[claim.start : claim.end] == claim.text
        for q in claim.quantities:
            assert doc.text[q.start : q.end] == q.text


def test_missing_model_dir(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no claim model"):
        load_claim_model(tmp_path / "absent")


def test_corrupt_model_dir(tmp_path: Path) -> None:
    target = tmp_path / "claims"
    shutil.copytree(packaged_claim_model_dir(), target)
    (target / "weights.npz").write_bytes(b"not an npz")
    with pytest.raises(ModelError, match="corrupt"):
        load_claim_model(target)


def test_model_of_another_kind(tmp_path: Path) -> None:
    target = tmp_path / "claims"
    shutil.copytree(packaged_claim_model_dir(), target)
    manifest = target / "manifest.json"
    manifest.write_text(manifest.read_text().replace("claims-linear", "fast-linear"))
    with pytest.raises(ModelError, match="expected 'claims-linear'"):
        load_claim_model(target)


def test_short_sentences_without_numbers_are_not_check_worthy(model: ClaimModel) -> None:
    # ClaimBuster has no sentence under 5 words: the model has not learnt them. Even with an
    # encoder head sure they are claims, they are not called check-worthy unless they state a
    # number.
    text = "Obama lies.\nIsolation is nothing.\nThe DUP got 10 seats.\n"
    doc = Document.create(text)
    sure = np.tile(np.asarray([[0.0, 0.0, 1.0]], dtype=np.float32), (3, 1))
    verdicts = [c.verdict for c in model(doc, sure)]
    assert 1 not in verdicts[:2], verdicts
    assert verdicts[2] == 1
    assert all(v != 1 for v, _ in model.predict(["Obama lies.", "Isolation is nothing."]))


def test_article_sentences_are_decided_with_the_news_offsets(
    model: ClaimModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    # p(-1) 0.55, p(1) 0.40: the model's own offsets (tuned on ClaimBuster's debates) call it
    # check-worthy, as the sentence CSV is decided; in an article, the offsets tuned on news
    # do not.
    p = np.asarray([[0.55, 0.05, 0.40]], dtype=np.float32)
    monkeypatch.setattr(model, "probabilities", lambda texts, quantities=None: p.copy())
    sentence = "The rebels have fled the eastern districts of the city."
    doc = Document.create(sentence + "\n")
    assert [v for v, _ in model.predict([sentence])] == [1]
    assert [c.verdict for c in model(doc)] == [-1]
    # p(1) 1.5 times p(-1): non-factual with the linear model's news offsets, check-worthy
    # with those chosen for its average with an encoder head.
    p = np.asarray([[0.38, 0.05, 0.57]], dtype=np.float32)
    assert [c.verdict for c in model(doc)] == [-1]
    assert [c.verdict for c in model(doc, p.copy())] == [1]


_PROBABILITY_ROWS = st.lists(
    st.tuples(*[st.floats(0.001, 1.0)] * 3).map(lambda r: [x / sum(r) for x in r]),
    min_size=1,
    max_size=20,
)
_OFFSETS = st.tuples(st.just(0.0), st.floats(-2.0, 2.0), st.floats(-2.0, 2.0))


@settings(max_examples=200, deadline=None)
@given(rows=_PROBABILITY_ROWS, offsets=_OFFSETS, data=st.data())
def test_score_agrees_with_the_verdict(
    model: ClaimModel, rows: list[list[float]], offsets: tuple[float, ...], data: st.DataObject
) -> None:
    """The score is class 1's probability in the distribution whose likeliest class is the
    verdict: 0.5 or more is always check-worthy, and a short sentence scores 0, whatever the
    offsets (news's lean to class 0 made 0.74 beside verdict 0 possible before)."""
    short = np.asarray(data.draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows))))
    decided = model.decide(np.asarray(rows, dtype=np.float32), short, offsets)
    for (verdict, score), is_short in zip(decided, short, strict=True):
        assert 0.0 <= score <= 1.0
        if score >= 0.5:
            assert verdict == 1
        if is_short:
            assert verdict != 1 and score == 0.0


def test_news_offsets_move_the_score_with_the_verdict(model: ClaimModel) -> None:
    """A row check-worthy at even odds becomes unimportant-factual under news's offsets, and
    its score falls below 0.5 with it."""
    from propscan.claims.model import NEWS_OFFSETS

    row = np.asarray([[0.1, 0.3, 0.6]], dtype=np.float32)
    [(verdict, score)] = model.decide(row, None, NEWS_OFFSETS["average"])
    assert verdict == 0
    assert score < 0.5
    assert model.decide(row, None, (0.0, 0.0, 0.0)) == [(1, 0.6)]

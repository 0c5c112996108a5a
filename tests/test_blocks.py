"""Long articles are analysed a block at a time; ordinary ones in one pass, as before."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from propscan.analysis import Analysis, Fragment, SentenceScore
from propscan.blocks import BLOCK_CHARS, block_bounds, find, part
from propscan.detectors import Detection, Detector
from propscan.document import Document
from propscan.ingest import document_from_text
from propscan.pipeline import analyze_document
from propscan.statements import Statements, load_statements

ALEPPO = Path(__file__).resolve().parents[1].parent / "shared" / "examples" / "aleppo-article.txt"


@pytest.fixture(scope="module")
def aleppo_text() -> str:
    """The example article's text, without the site furniture at its end."""
    if not ALEPPO.is_file():
        pytest.skip(f"no example article at {ALEPPO}")
    return document_from_text(ALEPPO.read_text(encoding="utf-8")).article_text


class Spy:
    """A detector that records the length of every text it is given."""

    def __init__(self, inner: Detector) -> None:
        self.inner = inner
        self.name = inner.name
        self.lengths: list[int] = []

    def __call__(self, doc: Document) -> Detection:
        self.lengths.append(len(doc.text))
        return self.inner(doc)

    def classify(self, doc: Document, spans: Sequence[tuple[int, int]]) -> list[tuple[str, float]]:
        return self.inner.classify(doc, spans)


class SpyStatements(Statements):
    lengths: list[int]

    def __call__(self, doc, fragments, claim_probabilities=None, cue_evidence=None):  # type: ignore[no-untyped-def]
        self.lengths.append(len(doc.text))
        return super().__call__(doc, fragments, claim_probabilities, cue_evidence)


def _one_pass(doc: Document, detector: Detector, statements: Statements) -> Analysis:
    """What analyze_document did before blocks: everything over the whole text at once."""
    detection = detector(doc)
    sentences = [
        SentenceScore(s.start, s.end, s.text, score)
        for s, score in zip(doc.article_sentences, detection.sentence_scores, strict=True)
    ]
    claims, quotes, actors = statements(
        doc, detection.fragments, detection.claim_probabilities, detection.cue_evidence
    )
    return Analysis.build(
        doc,
        detection.fragments,
        sentences,
        detector.name,
        detection.flag_threshold,
        claims=claims,
        quotes=quotes,
        actors=actors,
    )


def test_an_ordinary_article_is_one_block_with_the_one_pass_result(
    aleppo_text: str, detector: Detector
) -> None:
    doc = document_from_text(ALEPPO.read_text(encoding="utf-8"))
    assert block_bounds(doc) == [(0, doc.article_end)]
    statements = load_statements()
    # threshold=0: the one-pass reference keeps every fragment, as analyze_document did then.
    blocked = analyze_document(doc, detector, statements, threshold=0)
    assert blocked.spans  # the comparison means something
    assert blocked.to_json() == _one_pass(doc, detector, statements).to_json()


def test_a_long_article_never_reaches_the_detectors_whole(
    aleppo_text: str, detector: Detector
) -> None:
    text = "\n\n".join([aleppo_text] * 25)  # about 158,000 characters
    doc = document_from_text(text)
    spy = Spy(detector)
    statements = SpyStatements(load_statements().claims)
    statements.lengths = []
    analysis = analyze_document(doc, spy, statements)
    assert len(spy.lengths) >= 3
    assert max(spy.lengths) <= BLOCK_CHARS
    assert max(statements.lengths) <= BLOCK_CHARS
    assert len(analysis.sentences) == len(doc.article_sentences)
    assert len(analysis.spans) > 25


def test_blocks_merge_to_each_part_analysed_alone(aleppo_text: str, detector: Detector) -> None:
    copies = 3
    unit = aleppo_text + "\n\n"
    doc = document_from_text(unit * copies)
    statements = load_statements()
    merged = find(doc, detector, statements, size=len(unit))
    alone = find(document_from_text(unit), detector, statements)
    assert alone.fragments and alone.claims and alone.quotes and alone.actors

    def shifted(items: Sequence[Fragment], by: int) -> list[Fragment]:
        return [replace(f, start=f.start + by, end=f.end + by) for f in items]

    assert merged.fragments == [
        f for k in range(copies) for f in shifted(alone.fragments, k * len(unit))
    ]
    assert merged.sentence_scores == alone.sentence_scores * copies
    assert [(c.start, c.end, c.verdict, c.score) for c in merged.claims] == [
        (c.start + k * len(unit), c.end + k * len(unit), c.verdict, c.score)
        for k in range(copies)
        for c in alone.claims
    ]
    assert [(q.content.start, q.speaker) for q in merged.quotes] == [
        (q.content.start + k * len(unit), q.speaker) for k in range(copies) for q in alone.quotes
    ]
    by_name = {(a.name, a.kind): a for a in merged.actors}
    assert set(by_name) == {(a.name, a.kind) for a in alone.actors}
    n_fragments, n_quotes = len(alone.fragments), len(alone.quotes)
    for actor in alone.actors:
        joined = by_name[(actor.name, actor.kind)]
        assert [m.start for m in joined.mentions] == [
            m.start + k * len(unit) for k in range(copies) for m in actor.mentions
        ]
        assert joined.fragments == tuple(
            i + k * n_fragments for k in range(copies) for i in actor.fragments
        )
        assert joined.quotes == tuple(i + k * n_quotes for k in range(copies) for i in actor.quotes)
    # And the merged findings make a valid analysis (every offset is checked on building).
    sentences = [
        SentenceScore(s.start, s.end, s.text, score)
        for s, score in zip(doc.article_sentences, merged.sentence_scores, strict=True)
    ]
    analysis = Analysis.build(
        doc,
        merged.fragments,
        sentences,
        detector.name,
        merged.flag_threshold,
        claims=merged.claims,
        quotes=merged.quotes,
        actors=merged.actors,
    )
    assert len(analysis.spans) == copies * len(alone.fragments)


def test_bounds_cut_at_paragraphs_then_sentences_then_spaces() -> None:
    paragraph = "One two three. Four five six.\n"
    doc = Document.create(paragraph * 4)
    assert block_bounds(doc, len(paragraph) + 5) == [
        (0, 30),
        (30, 60),
        (60, 90),
        (90, 120),
    ]
    # One long paragraph: cut at sentence starts.
    assert block_bounds(Document.create("One two three. Four five six."), 20) == [(0, 15), (15, 29)]
    # One long sentence: cut after a space; no space: cut anywhere.
    assert block_bounds(Document.create("aaaa bbbb cccc dddd"), 8) == [
        (0, 5),
        (5, 10),
        (10, 15),
        (15, 19),
    ]
    assert block_bounds(Document.create("x" * 25), 10) == [(0, 10), (10, 20), (20, 25)]


def test_a_sentence_cut_by_a_block_scores_as_its_highest_part(detector: Detector) -> None:
    words = " ".join(["enemies"] * 4000) + "."
    doc = document_from_text("A short opening sentence here.\n" + words)
    found = find(doc, detector, load_statements(), size=5_000)
    assert len(found.sentence_scores) == len(doc.article_sentences) == 2
    for bounds in block_bounds(doc, 5_000):
        block = part(doc, *bounds)
        for s in block.sentences:
            assert block.text[s.start : s.end] == s.text
            assert not s.text[0].isspace() and not s.text[-1].isspace()
    analysis = analyze_document(doc, detector)
    assert len(analysis.sentences) == 2

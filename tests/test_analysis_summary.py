"""The article-level summary that ``Analysis.build`` computes."""

from __future__ import annotations

from propscan.analysis import Analysis, Fragment, SentenceScore
from propscan.document import Document

TEXT = "They lied to you. The vote is on Monday. Take back control! The hall opens at nine."


def _analysis(scores: list[float], fragments: list[str]) -> Analysis:
    document = Document.create(TEXT)
    sentences = [
        SentenceScore(s.start, s.end, s.text, score)
        for s, score in zip(document.article_sentences, scores, strict=True)
    ]
    spans = []
    for sub in fragments:
        start = TEXT.index(sub)
        spans.append(Fragment(start, start + len(sub), sub, "Slogans", 0.2, "test"))
    return Analysis.build(document, spans, sentences, "test", 0.5)


def test_sentences_at_or_above_the_threshold_are_flagged() -> None:
    assert len(Document.create(TEXT).article_sentences) == 4
    assert _analysis([0.1, 0.5, 0.9, 0.49], []).summary.score == 0.5


def test_a_sentence_holding_a_fragment_is_flagged_whatever_its_score() -> None:
    # The accurate model decodes fragments from each technique's column too, so a sentence
    # may hold one and score under the threshold; it is flagged, and counted once.
    summary = _analysis([0.1, 0.1, 0.9, 0.1], ["Take back control!", "lied"]).summary
    assert summary.score == 0.5
    assert summary.fragments == 2


def test_no_sentences_score_zero() -> None:
    assert _analysis([0.0] * 4, []).summary.score == 0.0

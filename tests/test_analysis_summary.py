"""The article-level summary that ``Analysis.build`` computes, and the article score."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from propscan.analysis import Analysis, Fragment, SentenceScore
from propscan.article_score import PRIOR_CLEAN, PRIOR_FLAGGED, estimate_share
from propscan.document import Document

TEXT = "They lied to you. The vote is on Monday. Take back control! The hall opens at nine."


def _analysis(scores: list[float], fragments: list[str], text: str = TEXT) -> Analysis:
    document = Document.create(text)
    sentences = [
        SentenceScore(s.start, s.end, s.text, score)
        for s, score in zip(document.article_sentences, scores, strict=True)
    ]
    spans = []
    for sub in fragments:
        start = text.index(sub)
        spans.append(Fragment(start, start + len(sub), sub, "Slogans", 0.2, "test"))
    return Analysis.build(document, spans, sentences, "test", 0.5)


def test_sentences_at_or_above_the_threshold_are_flagged() -> None:
    assert len(Document.create(TEXT).article_sentences) == 4
    analysis = _analysis([0.1, 0.5, 0.9, 0.49], [])
    assert [s.flagged for s in analysis.sentences] == [False, True, True, False]
    assert analysis.summary.author.flagged == 2
    assert analysis.summary.author.sentences == 4


def test_a_sentence_holding_a_fragment_is_flagged_whatever_its_score() -> None:
    # The accurate model decodes fragments from each technique's column too, so a sentence
    # may hold one and score under the threshold; it is flagged, and counted once.
    summary = _analysis([0.1, 0.1, 0.9, 0.1], ["Take back control!", "lied"]).summary
    assert summary.author.flagged == 2
    assert summary.fragments == 2


def test_the_score_is_the_estimated_share_of_the_authors_sentences() -> None:
    summary = _analysis([0.1, 0.5, 0.9, 0.49], []).summary
    assert summary.score == summary.author.score == estimate_share(2, 4).score
    assert summary.author.score_low < summary.score < summary.author.score_high


def test_no_sentences_score_zero() -> None:
    analysis = Analysis.build(Document.create("   "), [], [], "test", 0.5)
    assert analysis.summary.score == 0.0
    assert _analysis([0.0] * 4, []).summary.score < estimate_share(1, 4).score


def test_a_short_text_flagged_throughout_does_not_outscore_a_long_one() -> None:
    # "Hello world." flagged used to score 100%, as much as an article flagged throughout.
    one = estimate_share(1, 1)
    many = estimate_share(40, 40)
    assert one.score < many.score
    assert one.high - one.low > many.high - many.low
    assert estimate_share(0, 1).score < estimate_share(1, 1).score < 0.5


@given(st.integers(0, 400), st.integers(0, 400))
def test_the_share_estimate_is_a_probability_with_its_interval_around_it(
    flagged: int, extra: int
) -> None:
    share = estimate_share(flagged, flagged + extra)
    if flagged + extra == 0:
        assert share.score == share.low == share.high == 0.0
        return
    assert 0.0 <= share.low <= share.score <= share.high <= 1.0
    # More flagged of the same number never lowers it; the prior pulls it toward the mean.
    if extra:
        assert estimate_share(flagged + 1, flagged + extra).score >= share.score
    raw = flagged / (flagged + extra)
    prior = PRIOR_FLAGGED / (PRIOR_FLAGGED + PRIOR_CLEAN)
    assert min(raw, prior) - 1e-4 <= share.score <= max(raw, prior) + 1e-4


def test_impossible_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        estimate_share(3, 2)

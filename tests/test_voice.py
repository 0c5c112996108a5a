"""Whose voice a fragment or sentence is in: the author's, or a direct quotation's."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from propscan.analysis import Actor, Analysis, Fragment, Quote, SentenceScore, Span
from propscan.document import Document
from propscan.errors import InputError
from propscan.voice import QuoteCover

TEXT = (
    "Obama said: “We will defend our great nation and our homeland.” "
    "He claims that the war is necessary. "
    "The traitors lied again."
)


def _span(sub: str, text: str = TEXT) -> Span:
    start = text.index(sub)
    return Span(start, start + len(sub), sub)


def _fragment(sub: str, technique: str = "Flag-Waving") -> Fragment:
    s = _span(sub)
    return Fragment(s.start, s.end, s.text, technique, 0.6, "test")


def _analysis(fragments: list[Fragment], actors: tuple[Actor, ...] = ()) -> Analysis:
    document = Document.create(TEXT)
    sentences = [SentenceScore(s.start, s.end, s.text, 0.9) for s in document.article_sentences]
    quotes = [
        Quote(
            _span("“We will defend our great nation and our homeland.”"),
            _span("said"),
            _span("Obama"),
            "Barack Obama",
            direct=True,
        ),
        # Reported speech: the author's own wording of it.
        Quote(_span("the war is necessary"), _span("claims"), _span("He"), "Barack Obama", False),
    ]
    return Analysis.build(document, fragments, sentences, "test", 0.5, quotes=quotes,
                          actors=actors)  # fmt: skip


def test_a_fragment_inside_a_direct_quotation_is_in_the_speakers_voice() -> None:
    analysis = _analysis(
        [_fragment("our great nation"), _fragment("traitors", "Name_Calling,Labeling")]
    )
    quoted, own = analysis.spans
    assert (quoted.voice, quoted.quote, quoted.speaker) == ("quote", 0, "Barack Obama")
    assert (own.voice, own.quote, own.speaker) == ("author", None, None)


def test_reported_speech_is_the_authors_wording() -> None:
    (fragment,) = _analysis([_fragment("the war is necessary", "Doubt")]).spans
    assert fragment.voice == "author"


def test_a_fragment_mostly_outside_the_quotation_is_the_authors() -> None:
    (fragment,) = _analysis([_fragment("Obama said: “We")]).spans
    assert fragment.voice == "author"


def test_each_voice_has_its_own_counts_and_score() -> None:
    analysis = _analysis(
        [_fragment("our great nation"), _fragment("our homeland"), _fragment("traitors")]
    )
    voices = [s.voice for s in analysis.sentences]
    assert voices == ["quote", "author", "author"]
    summary = analysis.summary
    assert summary.quoted.sentences == 1 and summary.author.sentences == 2
    assert summary.quoted.counts["Flag-Waving"] == 2
    assert summary.author.counts["Flag-Waving"] == 1
    assert summary.counts["Flag-Waving"] == 3
    assert summary.score == summary.author.score


def test_an_actors_own_quoted_words_are_used_by_it_not_aimed_at_it() -> None:
    obama = Actor("Barack Obama", "person", (_span("Obama"),), fragments=(0, 1), quotes=(0,))
    analysis = _analysis([_fragment("our great nation"), _fragment("traitors")], (obama,))
    (actor,) = analysis.actors
    assert actor.used == (0,)
    assert actor.fragments == (1,)


def test_voices_round_trip_through_json() -> None:
    obama = Actor("Barack Obama", "person", (_span("Obama"),), fragments=(1,), quotes=(0,))
    analysis = _analysis([_fragment("our great nation"), _fragment("traitors")], (obama,))
    back = Analysis.from_json(analysis.to_json())
    assert back.spans == analysis.spans
    assert back.sentences == analysis.sentences
    assert back.summary == analysis.summary
    assert back.actors == analysis.actors
    raw = json.loads(analysis.to_json())
    assert raw["spans"][0]["voice"] == "quote" and raw["spans"][0]["speaker"] == "Barack Obama"


def test_a_version_1_analysis_is_refused_with_a_reason() -> None:
    raw = json.loads(_analysis([]).to_json())
    raw["schema"] = "propscan.analysis/1"
    with pytest.raises(InputError, match="analyse the article again"):
        Analysis.from_json(raw)


@pytest.mark.parametrize(
    "change", [{"voice": "narrator"}, {"voice": "quote", "quote": None}, {"quote": 7}]
)
def test_a_fragment_with_an_impossible_voice_is_refused(change: dict[str, object]) -> None:
    raw = json.loads(_analysis([_fragment("our great nation")]).to_json())
    raw["spans"][0].update(change)
    with pytest.raises(InputError):
        Analysis.from_json(raw)


def _owner(quotes: list[tuple[int, int]], position: int) -> int | None:
    """The quote owning one character, by the rule stated in propscan.voice: the innermost
    (latest start, then earliest end, then first given) of the quotes holding it."""
    holding = [(-s, e, q) for q, (s, e) in enumerate(quotes) if s <= position < e]
    return min(holding)[2] if holding else None


_INTERVAL = st.tuples(st.integers(0, 60), st.integers(1, 30)).map(lambda t: (t[0], t[0] + t[1]))


@given(st.lists(_INTERVAL, max_size=8), _INTERVAL)
def test_the_cover_gives_each_character_to_the_innermost_quote(
    quotes: list[tuple[int, int]], query: tuple[int, int]
) -> None:
    cover = QuoteCover.of([Span(s, e, "x" * (e - s)) for s, e in quotes])
    expected: dict[int, int] = {}
    for position in range(*query):
        owner = _owner(quotes, position)
        if owner is not None:
            expected[owner] = expected.get(owner, 0) + 1
    assert dict(cover.overlaps(*query)) == expected

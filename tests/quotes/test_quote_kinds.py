"""A quote's kind: speech, thought or something else, read off its cue."""

from __future__ import annotations

import pytest

from propscan.analysis import Quote, Span
from propscan.quote_kinds import KINDS, OTHER, SPEECH, THOUGHT, kind_counts, quote_kind
from propscan.quotes import find_quotes_in_text


@pytest.mark.parametrize(
    ("cue", "kind"),
    [
        ("said", SPEECH),
        ("has repeatedly said", SPEECH),
        ("According to", SPEECH),
        ("told", SPEECH),
        ("wrote", SPEECH),
        ("tweeted", SPEECH),
        ("accuses", SPEECH),
        ("denied", SPEECH),
        ("are calling on", SPEECH),
        ("a report found", SPEECH),
        ("shows", SPEECH),
        ("were confirmed", SPEECH),
        ("admits", SPEECH),
        (":", SPEECH),
        ("―", SPEECH),
        ("believes", THOUGHT),
        ("thought", THOUGHT),
        ("knew", THOUGHT),
        ("DON’T WANT", THOUGHT),
        ("is hoping", THOUGHT),
        ("supported", THOUGHT),
        ("worried about", THOUGHT),
        ("seethed after", THOUGHT),
        ("were surprised", THOUGHT),
        ("pronouncements", SPEECH),
        # A naming; a hyphenated compound is one word, a prefixed verb still the verb.
        ("known as", OTHER),
        ("feel-good value of", OTHER),
        ("re-tweeted", SPEECH),
        ("refuse", OTHER),
        # Speech negated says that nothing was said; a negated thought is still one.
        ("did not respond to", OTHER),
        ("wouldn’t comment on", OTHER),
        ("has never said", OTHER),
        ("doesn't believe", THOUGHT),
        ("launched an attack against", OTHER),
        ("plans", OTHER),
        ("sought", OTHER),
        ("signed", OTHER),
        ("in", OTHER),
    ],
)
def test_the_kind_is_read_off_the_cue(cue: str, kind: str) -> None:
    assert quote_kind(cue, direct=False) == kind


def test_a_direct_quotation_is_speech_whatever_its_cue() -> None:
    assert quote_kind(None, direct=True) == SPEECH
    assert quote_kind("believes", direct=True) == SPEECH
    assert quote_kind(None, direct=False) == OTHER
    assert quote_kind("", direct=False) == OTHER


def test_a_word_is_not_taken_for_the_base_of_another() -> None:
    # "called" is "call", not "cal"; "stopped" would be "stop"; a speech word inside another
    # word ("saying" in "soothsaying") is no cue of speech.
    assert quote_kind("called", direct=False) == SPEECH
    assert quote_kind("soothsayings", direct=False) == OTHER
    assert quote_kind("assayed", direct=False) == OTHER


def test_kind_counts_follow_the_kinds_order_and_leave_out_none() -> None:
    assert kind_counts([OTHER, SPEECH, SPEECH, OTHER, SPEECH]) == "3 speech, 2 other"
    assert kind_counts([]) == ""
    assert kind_counts([THOUGHT] * 1200) == "1,200 thought"
    assert KINDS == (SPEECH, THOUGHT, OTHER)


def test_the_kind_is_derived_from_the_cue_and_written_to_json() -> None:
    text = "Ana Ruiz believes the bridge will fall. Ben Ode refused to sign the deal."
    quotes = find_quotes_in_text(text)
    assert [(q.cue.text if q.cue else None, q.kind) for q in quotes] == [
        ("believes", THOUGHT),
        ("refused", OTHER),
    ]
    quote = Quote(Span(0, 3, "Ana"), Span(9, 17, "believes"), None, None, direct=False)
    assert quote.kind == THOUGHT


def test_a_kind_read_back_from_json_is_derived_again_not_trusted() -> None:
    from propscan.analysis import Analysis
    from propscan.document import Document

    text = "Cy Dunn refused to sign the deal."
    (quote,) = find_quotes_in_text(text)
    analysis = Analysis.build(Document.create(text), [], [], "test", 0.5, quotes=[quote])
    raw = analysis.to_dict()
    assert raw["quotes"][0]["kind"] == OTHER
    raw["quotes"][0]["kind"] = SPEECH  # a client's JSON may say anything
    assert Analysis.from_json(raw).quotes[0].kind == OTHER
    assert Analysis.from_json(analysis.to_json()) == analysis

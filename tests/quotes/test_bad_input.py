"""Quotes on bad input: unbalanced, nested and foreign marks, paragraphs, very long quotes.

No crash, offsets that address the text, and time and memory that grow linearly with it.
"""

from __future__ import annotations

import itertools
import time
import tracemalloc

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from propscan.quotes import find_quotes_in_text, finder, reported, tokens
from propscan.quotes.marks import MAX_PART, quoted_passages

MARKS = [*"“”‘’\"'«»„‚‹›「」『』"]
PIECES = st.one_of(
    st.sampled_from(
        [
            *MARKS,
            " ",
            "\n",
            "\n\n",
            "\r\n",
            "\u00a0",
            ",",
            ".",
            ":",
            " said ",
            " told ",
            " Peskov ",
            " he ",
            " they ",
            " Anna Berg ",
            " the rebels ",
            " according to ",
            " and ",
            "— ",
        ]
    ),
    st.text(alphabet="abcAB .,", max_size=12),
    st.integers(1, 400).map(lambda n: "word " * n),
)
TEXTS = st.lists(PIECES, max_size=60).map("".join)


def _check(text: str) -> None:
    quotes = find_quotes_in_text(text)
    for quote in quotes:
        for span in (quote.content, quote.cue, quote.source):
            if span is not None:
                assert 0 <= span.start < span.end <= len(text)
                assert text[span.start : span.end] == span.text
        if quote.direct:
            assert "\n" not in quote.content.text  # one part per paragraph
    previous_end = 0
    for parts in quoted_passages(text):
        for s, e in parts:
            assert previous_end <= s < e <= len(text)
            assert "\n" not in text[s:e]
            # An opening mark, or a paragraph's start continuing a quote broken over lines.
            assert text[s] in "“‘\"'«»„‚‹「『" or text[:s].rstrip(" \t\u00a0\ufeff")[-1:] in "\n"
            previous_end = e


@settings(max_examples=300, deadline=None)
@given(TEXTS)
@example(text="— ; Lord , saying")  # one word after a clause's ";" before a participle
def test_any_marks_give_exact_offsets(text: str) -> None:
    _check(text)


@settings(max_examples=100, deadline=None)
@given(TEXTS, TEXTS)
@example(before="", after=",””")  # a quotation closing on its comma at the sentence's end
def test_an_unclosed_mark_never_reaches_past_its_paragraph(before: str, after: str) -> None:
    text = f"{before}\nHe said “{after.replace(chr(10), ' ')}\nThe next paragraph stands alone."
    _check(text)
    last = text.rindex("\n") + 1
    assert not any(s < last < e for parts in quoted_passages(text) for s, e in parts)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("„Wir schaffen das“, sagte Merkel.", "„Wir schaffen das“"),
        ("« Nous ne céderons pas », a déclaré Macron.", "« Nous ne céderons pas »"),
        ("»Nein«, sagte er.", "»Nein«"),
        ("»Ja, »nein« vielleicht«, sagte er.", "»Ja, »nein« vielleicht«"),
        ("‹Non›, dit-il.", "‹Non›"),
        ("‚Nein‘, sagte er.", "‚Nein‘"),
        ("「お疲れ様」と彼は言った。", "「お疲れ様」"),
        ("『本』を読んだ。", "『本』"),
        ("He said “she told me “no” twice” and left.", "“she told me “no” twice”"),
        ("« Il a dit « non » hier », dit-elle.", "« Il a dit « non » hier »"),
    ],
)
def test_marks_of_other_languages_and_nesting(text: str, quoted: str) -> None:
    assert [[text[s:e] for s, e in parts] for parts in quoted_passages(text)] == [[quoted]]
    _check(text)


def test_a_closing_guillemet_alone_opens_nothing() -> None:
    assert quoted_passages("a » b. Le prix » monte.") == []


def test_a_fifty_thousand_character_quote() -> None:
    # Across paragraphs, each reopening the quote: one passage of many parts, found whole.
    body = "It was a long statement, read out in full on the steps of the court."
    paragraphs = 50_000 // (len(body) + 3)
    text = "Anna Berg said: “" + "\n\n“".join([body] * paragraphs) + "”\n\nThe end.\n"
    quotes = [q for q in find_quotes_in_text(text) if q.direct]
    assert len(quotes) == paragraphs
    assert {q.speaker for q in quotes} == {"Anna Berg"}
    _check(text)
    # In one paragraph it is longer than any quote (MAX_PART): an unbalanced run, not a quote.
    one = "Anna Berg said: “" + "word " * 10_000 + "” and left.\nNext.\n"
    assert all(e - s <= MAX_PART for parts in quoted_passages(one) for s, e in parts)
    tracemalloc.start()
    started = time.perf_counter()
    _check(one)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 50_000_000  # about 3 MB measured; bounded by a small multiple of the text
    assert elapsed < 20  # about 0.2 s measured on 2 cores; a generous bound for loaded machines


def _tokenised(text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many characters :func:`find_quotes_in_text` tokenises for ``text``."""
    seen = [0]
    split = tokens.split

    def counting(t: str, start: int, end: int) -> list[str]:
        seen[0] += end - start
        return split(t, start, end)

    # Every tokenisation: the attribution windows (tokens_of) and the sentences (reported).
    for module in (tokens, reported):
        monkeypatch.setattr(module, "split", counting)
    find_quotes_in_text(text)
    for module in (tokens, reported):
        monkeypatch.setattr(module, "split", split)
    return seen[0]


@pytest.mark.parametrize(
    "unit",
    ['"a" ', "“yes” and “no” ", "“Yes,” he said. ", "« oui » "],
)
def test_many_quotes_in_one_paragraph_cost_linear_work(
    unit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each quote's attribution is looked for in a window, not to the paragraph's end: four
    # times the quotes, about four times the characters tokenised (it was about 16 times), and
    # at most a window each way per quote.
    small = _tokenised(unit * 300, monkeypatch)
    text = unit * 1200
    large = _tokenised(text, monkeypatch)
    assert large <= 5 * small
    assert large <= 3 * len(text) + 2 * finder.ATTRIBUTION_WINDOW * len(quoted_passages(text))


# Openers, titles, owners, connectors and names: every run of three is a source to resolve.
NAME_WORDS = "Our Before Lord Mr Mayor MP of and Sadiq Khan U.K. EU’s Let’s who ,".split()


def test_the_speaker_resolver_takes_any_source() -> None:
    """Whatever run of openers, titles, owners and names a source holds, the resolver
    answers (a source "the ones Our Lord" raised an IndexError)."""
    from propscan.quotes.speakers import SpeakerResolver

    for words in itertools.product(NAME_WORDS, repeat=3):
        source = " ".join(words)
        text = f"Markets fell. {source} said so."
        resolved = SpeakerResolver(text).resolve(source, 14)
        assert resolved is None or resolved.strip(), source


def test_one_speaker_quoted_a_thousand_times_costs_linear_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The fullest name of a source was looked for among every name of the text ending like
    # it, for each quote: a person quoted n times in a text naming them n times cost n * n.
    from propscan.quotes import speakers

    calls = [0]
    plain = speakers._plain_words

    def counting(name: str) -> list[str]:
        calls[0] += 1
        return plain(name)

    monkeypatch.setattr(speakers, "_plain_words", counting)
    work = []
    for n in (300, 1200):
        calls[0] = 0
        quotes = find_quotes_in_text("Ann Lee said it is so. " * n)
        assert len(quotes) == n and {q.speaker for q in quotes} == {"Ann Lee"}
        work.append(calls[0])
    assert work[1] <= 5 * work[0]

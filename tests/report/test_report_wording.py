"""Short titles, quoted fragments, whose voice a fragment is in and what backs a score, as every
report words them."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from propscan.analysis import Fragment, VoiceSummary
from propscan.document import Document, Metadata
from propscan.report.wording import (
    UNTITLED,
    quoted,
    short_title,
    shorten,
    voice_details,
    voice_label,
)
from propscan.taxonomy import TECHNIQUE_NAMES


def test_shorten_cuts_between_words_with_an_ellipsis() -> None:
    text = "Harbour bill passes as critics cry foul over the sale of the old fish market"
    assert shorten(text, 31) == "Harbour bill passes as critics…"
    assert shorten(text, 30) == "Harbour bill passes as…"  # "critics" would need 31
    assert shorten(text, 200) == text
    assert shorten("word " * 3, 10) == "word word…"
    assert shorten("a, b, c, d, e, f, g", 8) == "a, b, c…"  # no dangling comma


def test_shorten_cuts_a_long_word_inside_it() -> None:
    assert shorten("x" * 50, 10) == "x" * 9 + "…"


@given(st.text(max_size=300), st.integers(min_value=2, max_value=120))
def test_shorten_is_a_prefix_within_the_limit(text: str, limit: int) -> None:
    out = shorten(text, limit)
    flat = " ".join(text.split())
    assert len(out) <= limit
    assert out == flat or (out.endswith("…") and flat.startswith(out[:-1]))


def test_short_title_prefers_metadata_then_the_first_line() -> None:
    body = "A first line that runs on and on " * 5 + "\nThe second line."
    assert short_title(Document.create(body, Metadata(title="The title"))) == "The title"
    title = short_title(Document.create(body))
    assert title.endswith("…") and len(title) <= 100 and "second" not in title
    assert short_title(Document.create("Short head\nbody")) == "Short head"
    assert short_title(Document.create("\n\n")) == UNTITLED


def test_quoted_adds_only_the_marks_missing() -> None:
    assert quoted("sewage rats") == "“sewage rats”"
    assert quoted("“There can be no impunity") == "“There can be no impunity”"
    assert quoted("“Unfortunately only a few left,”") == "“Unfortunately only a few left,”"
    assert quoted("left,”") == "“left,”"
    assert quoted('"so-called" rebels') == '"so-called" rebels”'
    assert quoted("the rebels’") == "“the rebels’”"  # an apostrophe, not a closing mark
    assert quoted("‘moderate rebels’") == "‘moderate rebels’"


def test_voice_label_names_the_speaker_or_says_it_is_unknown() -> None:
    author = Fragment(0, 4, "Liar", "Name_Calling,Labeling", 0.9, "t")
    assert voice_label(author) == "author"
    assert voice_label(replace(author, voice="quote", quote=0, speaker="Ivo Brandt")) == (
        "quoted — Ivo Brandt"
    )
    assert voice_label(replace(author, voice="quote", quote=0)) == "quoted, speaker unknown"


def test_voice_details_give_the_interval_and_the_sentences() -> None:
    counts = dict.fromkeys(TECHNIQUE_NAMES, 0)
    voice = VoiceSummary(0.41, 0.2931, 0.5449, 34, 15, 20, counts)
    assert voice_details(voice) == "(90% interval: 29%–54%), 15 of 34 sentences flagged"
    one = VoiceSummary(0.38, 0.1, 0.7, 1, 1, 1, counts)
    assert voice_details(one).endswith("1 of 1 sentence flagged")

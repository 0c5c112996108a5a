"""Short titles and quoted fragments, as every report words them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from propscan.document import Document, Metadata
from propscan.report.wording import UNTITLED, quoted, short_title, shorten


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

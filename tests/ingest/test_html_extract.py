"""HTML to main text and metadata, leaving comments and related-article lists out."""

from __future__ import annotations

import logging

import pytest

from propscan.errors import ExtractionError
from propscan.ingest import extract_html


def test_main_text_is_extracted_without_comments_or_related_articles(page: str) -> None:
    text, _ = extract_html(page, "page.html", "https://news.example/bridge")
    assert "The city council voted on Tuesday" in text
    assert "Work is expected to start next spring" in text
    for noise in (
        "Zebra commenter",
        "Yak commenter",
        "Harbour festival",
        "Library to open",
        "Copyright",
        "Home",
    ):
        assert noise not in text


def test_paragraphs_are_separate_lines(page: str) -> None:
    text, _ = extract_html(page, "page.html")
    lines = [line for line in text.splitlines() if line.strip()]
    assert any(line.startswith("Supporters said") for line in lines)
    assert any(line.startswith("Work is expected") for line in lines)


def test_metadata(page: str) -> None:
    _, metadata = extract_html(page, "page.html", "https://news.example/bridge")
    assert metadata.title == "Council approves new bridge"
    assert metadata.author == "Jane Doe"
    assert metadata.source == "The Daily Example"
    assert metadata.url == "https://news.example/bridge"
    assert metadata.date == "2024-03-05"


def test_source_falls_back_to_the_name() -> None:
    page = "<html><body><article>" + "<p>A plain paragraph of article text.</p>" * 5
    _, metadata = extract_html(page + "</article></body></html>", "plain.html")
    assert metadata.source == "plain.html"


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Nothing</title></head><body></body></html>",
        "<html><body><script>var x = 1;</script><style>p { color: red }</style></body></html>",
        "",
        "   ",
    ],
    ids=["empty-body", "only-script", "empty", "blank"],
)
def test_html_with_no_text(html: str) -> None:
    with pytest.raises(ExtractionError, match=r"^x.html: no article text could be extracted"):
        extract_html(html, "x.html")


@pytest.mark.parametrize(
    "html",
    [
        "<<<>>>< p <div",
        "<html><body><p>Unclosed <b>bold <i>and italic</p></div></span>",
        "\x00\x01<html>",
        "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><x>&a;&a;</x>",
        "<html>" + "<div>" * 5000 + "deep" + "</div>" * 5000 + "</html>",
    ],
    ids=["garbage", "unclosed", "control-bytes", "xml-entities", "deep-nesting"],
)
def test_malformed_html_raises_only_our_errors(html: str) -> None:
    try:
        text, _ = extract_html(html, "bad.html")
    except ExtractionError:
        return
    assert isinstance(text, str)


def test_trafilatura_logging_is_silenced(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG), pytest.raises(ExtractionError):
        extract_html("<html><body></body></html>", "x.html")
    assert not [r for r in caplog.records if r.name.startswith("trafilatura")]


DEEP_TEXT = [
    "The corrupt elite lied to every patriot again and again, said the council.",
    "A second paragraph holds other words, written for this test and nothing else.",
]


def _nested(depth: int, intro: bool) -> str:
    lead = "<p>An introduction stands before the deep part of the page, long enough.</p>"
    body = "".join(f"<p>{p}</p>" for p in DEEP_TEXT)
    return (
        f"<html><head><title>Deep</title></head><body>{lead if intro else ''}"
        + "<div>" * depth + body + "</div>" * depth + "</body></html>"
    )  # fmt: skip


@pytest.mark.parametrize("depth", [300, 2000])
@pytest.mark.parametrize("intro", [False, True])
def test_deeply_nested_html_keeps_all_its_text(depth: int, intro: bool) -> None:
    text, _ = extract_html(_nested(depth, intro), "deep.html")
    assert all(p in text for p in DEEP_TEXT)


def test_html_nested_past_the_parser_limit_is_refused_not_half_read() -> None:
    message = r"deep\.html: the HTML nests elements more than 2048 levels"
    with pytest.raises(ExtractionError, match=message):
        extract_html(_nested(3000, True), "deep.html")

"""Trailing site furniture: found at the end of scraped pages, never inside clean articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from propscan.ingest import find_article_end

COMMENT_FORM = (
    "\nLeave a Reply\n\n"
    "Your email address will not be published. Required fields are marked *\n\n"
    "Comment\n\nName *\n\nEmail *\n"
)
RELATED = (
    "\nYou May Also Like\n\n"
    "Harbour festival draws record crowds\n\n"
    "  Thousands came to the waterfront on Sunday to see the…\n\n"
    "Library to open on Sundays\n"
)


def test_clean_article_has_no_furniture(article: str) -> None:
    assert find_article_end(article) == len(article)


def test_empty_text() -> None:
    assert find_article_end("") == 0


@pytest.mark.parametrize(
    "tail",
    [
        COMMENT_FORM,
        RELATED,
        COMMENT_FORM + RELATED,
        "\nShare this:\n\nClick to share on Twitter (Opens in new window)\n\nFacebook\n",
        "\nTags: council, bridge, transport\n",
        "\nPosted in Local News | 3 Comments\n",
        "\nSubscribe to our newsletter\n\nGet the day's top stories in your inbox.\n",
        "\nRelated Articles\n\nOld bridge closes for repairs\n\nNew buses for the east bank\n",
        "\nREAD MORE:\nOld bridge closes for repairs\nNew buses for the east bank\n",
        "\nMore from the Daily Example:\n\nOld bridge closes for repairs\n",
        "\nThink your friends would be interested?\nShare this story!\n",
    ],
)
def test_trailing_furniture_is_cut_at_its_marker_line(article: str, tail: str) -> None:
    text = article + tail
    end = find_article_end(text)
    assert end == len(article) + 1
    assert text[:end].rstrip() == article.rstrip()


def test_furniture_with_long_comments_after_the_comment_form(article: str) -> None:
    comment = (
        "Reader: I live on the east bank and I think this is the worst decision the council has "
        "ever made, and I will say so at the next meeting of the council in the town hall.\n"
    )
    text = article + COMMENT_FORM + comment + RELATED
    assert find_article_end(text) == len(article) + 1


def test_marker_phrase_inside_a_sentence_is_not_furniture(article: str) -> None:
    text = article + "Readers can leave a comment on the council's website until Friday.\n"
    assert find_article_end(text) == len(text)


def test_marker_line_followed_by_more_article_is_not_furniture(article: str) -> None:
    text = article + (
        "Read more: the history of the old bridge\n"
        "The old bridge was built in 1890 and has been closed to lorries for a decade now.\n"
        "Engineers say it cannot carry the traffic of a growing city for much longer.\n"
    )
    assert find_article_end(text) == len(text)


def test_marker_early_in_the_text_is_not_furniture(article: str) -> None:
    text = "Share this:\n\n" + article
    assert find_article_end(text) == len(text)


def test_crlf_newlines(article: str) -> None:
    text = (article + COMMENT_FORM).replace("\n", "\r\n")
    end = find_article_end(text)
    assert text[end:].startswith("Leave a Reply\r\n")


def test_aleppo_example_ends_at_leave_a_reply(shared: Path) -> None:
    path = shared / "examples" / "aleppo-article.txt"
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    text = path.read_bytes().decode("utf-8")
    end = find_article_end(text)
    assert text[end:].startswith("Leave a Reply")
    assert "Kremlin spokesman" in text[:end]
    assert "You May Also Like" not in text[:end]


def test_clean_ptc_articles_are_left_whole(shared: Path) -> None:
    directory = shared / "data" / "ptc" / "train" / "articles"
    paths = sorted(directory.glob("*.txt")) if directory.is_dir() else []
    if not paths:
        pytest.skip(f"{directory} is not available")
    cut = []
    for path in paths:
        text = path.read_bytes().decode("utf-8")
        end = find_article_end(text)
        assert 0 <= end <= len(text)
        if end != len(text):
            cut.append(f"{path.name}: {text[end : end + 60]!r}")
    # The few it cuts do end with furniture ("Read More" lists, tag lines, a "Comments" line).
    assert len(cut) <= 0.03 * len(paths), "\n".join(cut)

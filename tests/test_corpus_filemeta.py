"""Titles and dates of article files: first-line titles, dates in names, sidecars."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from propscan.corpus.filemeta import (
    MAX_TITLE_CHARS,
    date_from_name,
    first_line_title,
    is_iso_date,
)
from propscan.corpus.sources import ArticleInput, BadRecord, iter_inputs
from propscan.corpus.worker import ArticleResult, analyze_item
from propscan.ingest import IngestOptions

BODY = "The council voted on Monday to sell the harbour.\nCritics called it a disgrace.\n"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (f"Harbour sold off\n\n{BODY}", "Harbour sold off"),
        (f"\ufeff\n  Harbour   sold off  \n{BODY}", "Harbour sold off"),  # no blank line needed
        ("Et Tu, Benedict?\n\nBody.", "Et Tu, Benedict?"),
        ("Only one line, no body.", None),
        ("Only one line\n\n   \n", None),
        ("", None),
        (f"{'word ' * 41}\n\n{BODY}", None),  # too many words: a paragraph
        (f"{'x' * (MAX_TITLE_CHARS + 1)}\n\n{BODY}", None),  # too long
        (f"{'x' * MAX_TITLE_CHARS}\n\n{BODY}", "x" * MAX_TITLE_CHARS),
        (f"The council said:\n{BODY}", None),  # runs on into the next line
        (f"In a vote on Monday,\n{BODY}", None),
    ],
)
def test_first_line_title(text: str, title: str | None) -> None:
    assert first_line_title(text) == title


def test_dates_in_file_names() -> None:
    assert date_from_name("2024-03-05-harbour") == "2024-03-05"
    assert date_from_name("harbour_2024-03-05") == "2024-03-05"
    assert date_from_name("2024-02-30-x-2024-03-01") == "2024-03-01"  # the first real date
    assert date_from_name("12024-03-05") is None  # part of a longer number
    assert date_from_name("article111111112") is None
    assert is_iso_date("2024-03") and is_iso_date("2024-03-05T10:00:00Z")
    assert not is_iso_date("2024-13-01") and not is_iso_date("5 March 2024")


def _write(path: Path, text: str, meta: object = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if meta is not None:
        sidecar = path.with_name(path.stem + ".meta.json")
        sidecar.write_text(meta if isinstance(meta, str) else json.dumps(meta), encoding="utf-8")
    return path


def test_folder_metadata_from_sidecars_and_names(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    _write(root / "gazette" / "2024-01-15-vote.txt", f"Vote\n\n{BODY}")
    _write(root / "gazette" / "plain.txt", BODY)
    meta = {"title": "Sold!", "date": "2023-12-01", "url": "https://example.org/s",
            "source": "The Herald"}  # fmt: skip
    _write(root / "gazette" / "2024-02-01-sold.txt", BODY, meta)
    _write(root / "herald" / "typo.txt", BODY, {"tilte": "x"})
    _write(root / "herald" / "baddate.txt", BODY, {"date": "March 2024"})
    _write(root / "herald" / "broken.txt", BODY, "{not json")
    _write(root / "herald" / "number.txt", BODY, {"date": 20240101})
    items = {i.article_id: i for i in iter_inputs([root], 10_000)}
    assert sorted(items) == [
        "gazette/2024-01-15-vote", "gazette/2024-02-01-sold", "gazette/plain",
        "herald/baddate", "herald/broken", "herald/number", "herald/typo",
    ]  # fmt: skip
    vote = items["gazette/2024-01-15-vote"]
    assert isinstance(vote, ArticleInput)
    assert (vote.date, vote.outlet, vote.title) == ("2024-01-15", "gazette", None)
    plain = items["gazette/plain"]
    assert isinstance(plain, ArticleInput) and plain.date is None
    sold = items["gazette/2024-02-01-sold"]
    assert isinstance(sold, ArticleInput)
    # The sidecar wins over the name's date and the folder's outlet.
    assert (sold.title, sold.date, sold.url, sold.outlet) == (
        "Sold!",
        "2023-12-01",
        "https://example.org/s",
        "The Herald",
    )
    errors = {k: v.error for k, v in items.items() if isinstance(v, BadRecord)}
    assert set(errors) == {"herald/typo", "herald/baddate", "herald/broken", "herald/number"}
    assert "unknown field 'tilte'" in errors["herald/typo"]
    assert "typo.meta.json" in errors["herald/typo"]
    assert "not ISO 8601" in errors["herald/baddate"]
    assert "not a JSON object" in errors["herald/broken"]
    assert "must be a string, not int" in errors["herald/number"]


def test_stored_title_comes_from_the_first_line(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    _write(root / "a" / "2024-05-06-ptc.txt", f"Harbour sold off in secret\n\n{BODY}")
    _write(root / "a" / "notitle.txt", "One long line with no body after it at all.")
    _write(root / "a" / "given.txt", f"First line\n\n{BODY}", {"title": "From the sidecar"})
    _write(root / "a" / "page.html", "<html><head><title>Markup title</title></head><body>"
           f"<article><p>{BODY}</p><p>{BODY}</p></article></body></html>")  # fmt: skip
    results = {}
    for item in iter_inputs([root], 100_000):
        assert isinstance(item, ArticleInput)
        result = analyze_item(item, "fast", IngestOptions())
        assert isinstance(result, ArticleResult), result
        results[item.article_id] = result
    ptc = results["a/2024-05-06-ptc"]
    assert (ptc.title, ptc.date, ptc.outlet) == ("Harbour sold off in secret", "2024-05-06", "a")
    assert ptc.text.startswith("Harbour sold off in secret\n\n")  # the text is unchanged
    assert results["a/notitle"].title is None
    assert results["a/given"].title == "From the sidecar"
    assert results["a/page"].title == "Markup title"

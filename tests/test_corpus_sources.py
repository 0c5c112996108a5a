"""Corpus inputs: folders, JSONL, CSV and URL lists, and the errors bad input gets."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from propscan.corpus.sources import ArticleInput, BadRecord, count_inputs, digest, iter_inputs
from propscan.errors import InputError

MAX = 10_000


def _items(*paths: Path) -> list[ArticleInput | BadRecord]:
    return list(iter_inputs(list(paths), MAX))


def test_folder_ids_outlets_and_order(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "daily-news").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "top.txt").write_text("Top story.", encoding="utf-8")
    (root / "daily-news" / "b.html").write_text("<html><p>B</p></html>", encoding="utf-8")
    (root / "daily-news" / "a.txt").write_bytes(b"A story.")
    (root / "daily-news" / "notes.md").write_text("not an article", encoding="utf-8")
    (root / ".hidden" / "x.txt").write_text("hidden", encoding="utf-8")
    items = _items(root)
    assert [(i.article_id, i.outlet, i.kind) for i in items if isinstance(i, ArticleInput)] == [
        ("top", None, "file"),
        ("daily-news/a", "daily-news", "file"),
        ("daily-news/b", "daily-news", "file"),
    ]
    first = items[1]
    assert isinstance(first, ArticleInput) and first.sha256 == digest(b"A story.")
    assert count_inputs([root]) == 3


def test_folder_file_over_the_cap_is_a_bad_record(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"x" * (MAX + 1))
    [item] = _items(tmp_path)
    assert isinstance(item, BadRecord)
    assert "over the size cap" in item.error and "big.txt" in item.error


def test_jsonl_records_and_malformed_lines(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    lines = [
        json.dumps({"id": 7, "text": "Seven.", "source": "Gazette", "date": "2024-05-01"}),
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"text": "no id"}),
        json.dumps({"id": "both", "text": "t", "html": "<p>h</p>"}),
        json.dumps({"id": "h", "html": "<p>x</p>", "outlet": "Herald", "title": "T"}),
        json.dumps({"id": "bad-type", "text": "t", "title": {"a": 1}}),
    ]
    path.write_bytes("\n".join(lines).encode() + b"\n\xff\xfe\n")
    items = _items(path)
    assert len(items) == 8
    good = items[0]
    assert isinstance(good, ArticleInput)
    assert (good.article_id, good.kind, good.outlet) == ("7", "text", "Gazette")
    assert good.date == "2024-05-01"
    assert good.sha256 == digest("Seven.")
    errors = [i.error for i in items if isinstance(i, BadRecord)]
    assert errors[0].startswith(f"{path}:2: malformed JSON")
    assert errors[1] == f"{path}:4: expected a JSON object, got list"
    assert errors[2] == f"{path}:5: no 'id'"
    assert "both 'text' and 'html'" in errors[3] and f"{path}:6" in errors[3]
    assert "field 'title' must be a string" in errors[4]
    assert errors[5] == f"{path}:9: the line is not valid UTF-8"
    html = items[5]
    assert isinstance(html, ArticleInput) and (html.kind, html.outlet, html.title) == (
        "html",
        "Herald",
        "T",
    )
    assert count_inputs([path]) == 8  # every non-blank line, readable or not


def test_csv_missing_columns_is_an_error_naming_them(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("title,body\nA,b\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        iter_inputs([path], MAX)
    message = str(caught.value)
    assert str(path) in message and "id, text (or html)" in message and "title, body" in message


def test_csv_rows_long_fields_and_short_rows(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    long_text = "word " * 40_000  # over the csv module's default field limit
    path.write_text(
        f'id,text,outlet,date\n1,"{long_text}",Post,2024-01-02\n2,only two\n,"no id",X,\n',
        encoding="utf-8",
    )
    items = _items(path)
    first = items[0]
    assert isinstance(first, ArticleInput) and first.content == long_text
    assert (first.outlet, first.date) == ("Post", "2024-01-02")
    assert isinstance(items[1], BadRecord) and "2 fields where the header has 4" in items[1].error
    assert isinstance(items[2], BadRecord) and items[2].error == f"{path}:4: no 'id'"


def test_url_lists(tmp_path: Path) -> None:
    listed = tmp_path / "list.urls"
    listed.write_text("# comment\nhttps://www.example.org/a\n\nnot a url\n", encoding="utf-8")
    as_txt = tmp_path / "list.txt"
    as_txt.write_text("http://news.example.com/b\n", encoding="utf-8")
    items = _items(listed, as_txt)
    first, bad, second = items
    assert isinstance(first, ArticleInput) and isinstance(second, ArticleInput)
    assert (first.article_id, first.kind, first.outlet) == (
        "https://www.example.org/a",
        "url",
        "example.org",
    )
    assert second.outlet == "news.example.com" and second.sha256 is None
    assert isinstance(bad, BadRecord) and bad.error.startswith(f"{listed}:4: not an http(s) URL")


def test_a_single_article_file_and_missing_inputs(tmp_path: Path) -> None:
    article = tmp_path / "article123.txt"
    article.write_text("Just an article.", encoding="utf-8")
    [item] = _items(article)
    assert isinstance(item, ArticleInput) and item.article_id == "article123"
    # Checked when the inputs are opened, before anything is analysed.
    with pytest.raises(InputError, match=r"nope\.jsonl: no such file or folder"):
        iter_inputs([article, tmp_path / "nope.jsonl"], MAX)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_a_folder_is_a_bad_record_not_a_hang(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A plain article.", encoding="utf-8")
    os.mkfifo(tmp_path / "b.txt")
    good, bad = _items(tmp_path)
    assert isinstance(good, ArticleInput) and good.article_id == "a"
    assert isinstance(bad, BadRecord)
    assert bad.error == f"{tmp_path / 'b.txt'}: cannot read: not a regular file (a FIFO)"

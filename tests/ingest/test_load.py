"""load(): files, standard input and URLs into Documents; document_from_text()."""

from __future__ import annotations

import io
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

import propscan.ingest
from propscan.document import Metadata
from propscan.errors import BlockedAddressError, ExtractionError, FetchError, InputError
from propscan.ingest import IngestOptions, document_from_text, load

Resolve = Callable[[str], list[str]]
FURNITURE = "\nLeave a Reply\n\nYour email address will not be published.\n"


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_exports_match_all() -> None:
    assert sorted(propscan.ingest.__all__) == [
        "FetchedPage",
        "IngestOptions",
        "decode",
        "document_from_text",
        "extract_html",
        "fetch",
        "find_article_end",
        "load",
    ]
    for name in propscan.ingest.__all__:
        assert hasattr(propscan.ingest, name)


def test_plain_text_file_is_kept_exactly(tmp_path: Path, article: str) -> None:
    path = tmp_path / "article.txt"
    raw = "\ufeff" + article.replace("\n", "\r\n")
    path.write_bytes(raw.encode("utf-8"))
    doc = load(str(path))
    assert doc.text == raw
    assert doc.metadata == Metadata(source=str(path))
    assert doc.article_end == len(raw)
    assert doc.title == "Council approves new bridge after long debate"


def test_plain_text_file_with_furniture(tmp_path: Path, article: str) -> None:
    path = tmp_path / "article.txt"
    path.write_text(article + FURNITURE, encoding="utf-8", newline="")
    doc = load(str(path))
    assert doc.article_text.rstrip() == article.rstrip()
    assert doc.furniture is not None
    assert doc.furniture.text.startswith("Leave a Reply")


def test_cp1252_file(tmp_path: Path) -> None:
    text = "“Quoted” café news — naïve façade, a résumé of the élite’s week.\n"
    path = tmp_path / "old.txt"
    path.write_bytes(text.encode("cp1252"))
    assert load(str(path)).text == text


@pytest.mark.parametrize("suffix", [".html", ".htm", ".HTML"])
def test_html_file_by_suffix(tmp_path: Path, suffix: str, page: str) -> None:
    path = tmp_path / f"page{suffix}"
    path.write_text(page, encoding="utf-8")
    doc = load(str(path))
    assert "The city council voted on Tuesday" in doc.text
    assert "Zebra commenter" not in doc.text
    assert doc.metadata.title == "Council approves new bridge"
    assert doc.metadata.source == "The Daily Example"


def test_html_file_by_content(tmp_path: Path, page: str) -> None:
    path = tmp_path / "saved-page"
    path.write_text("\n  <!-- saved -->\n" + page, encoding="utf-8")
    assert "The city council voted on Tuesday" in load(str(path)).text


def test_text_mentioning_html_is_not_html(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("How to write a web page\n\nStart with <html> and end with </html>.\n")
    assert load(str(path)).text.startswith("How to write")


def test_html_file_without_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><body></body></html>")
    with pytest.raises(ExtractionError, match=r"empty\.html: no article text"):
        load(str(path))


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(InputError, match=rf"^{path}: no such file$"):
        load(str(path))


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        load(str(tmp_path))


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        load(str(path))


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(b" \r\n\t\n")
    with pytest.raises(InputError, match="empty"):
        load(str(path))


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "doc.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    with pytest.raises(InputError, match="looks like binary data"):
        load(str(path))


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 3)
    with pytest.raises(InputError, match="undecodable bytes"):
        load(str(path))


def test_file_over_the_size_cap_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 100)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_open)
    with pytest.raises(InputError, match=r"file is 500 bytes, over the size cap of 100 bytes"):
        load(str(path), IngestOptions(max_bytes=100))


def test_stdin(monkeypatch: pytest.MonkeyPatch, article: str) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(("\ufeff" + article).encode("utf-8")))
    doc = load("-")
    assert doc.text == "\ufeff" + article
    assert doc.metadata.source == "<stdin>"


def test_stdin_html(monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(page.encode("utf-8")))
    assert "The city council voted" in load("-").text


def test_stdin_over_the_cap_reads_only_one_byte_past_it(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = _Stdin(b"x" * 10_000)
    monkeypatch.setattr(sys, "stdin", stdin)
    with pytest.raises(InputError, match=r"^<stdin>: file is 101 bytes, over the size cap of 100"):
        load("-", IngestOptions(max_bytes=100))
    assert stdin.buffer.tell() == 101


def test_empty_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(b""))
    with pytest.raises(InputError, match=r"^<stdin>: the input is empty"):
        load("-")


def _transport(content: bytes, content_type: str) -> httpx.MockTransport:
    return httpx.MockTransport(
        lambda request: httpx.Response(200, content=content, headers={"content-type": content_type})
    )


def test_url_html(resolve: Resolve, page: str) -> None:
    url = "https://news.example/bridge"
    doc = load(url, transport=_transport(page.encode(), "text/html"), resolve=resolve)
    assert "The city council voted on Tuesday" in doc.text
    assert "Related articles" not in doc.text
    assert doc.metadata.url == url
    assert doc.metadata.source == "The Daily Example"


def test_url_plain_text(resolve: Resolve, article: str) -> None:
    url = "https://news.example/bridge.txt"
    body = (article + FURNITURE).encode("cp1252")
    doc = load(url, transport=_transport(body, "text/plain; charset=windows-1252"), resolve=resolve)
    assert doc.text == article + FURNITURE
    assert doc.metadata == Metadata(source=url, url=url)
    assert doc.article_text.rstrip() == article.rstrip()


def test_url_private_address(resolve: Resolve) -> None:
    with pytest.raises(BlockedAddressError):
        load("http://intranet.example/", transport=_transport(b"x", "text/plain"), resolve=resolve)


def test_url_with_other_scheme_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match="unsupported URL scheme 'ftp'"):
        load("ftp://news.example/a.txt")


def test_url_empty_body(resolve: Resolve) -> None:
    with pytest.raises(InputError, match="empty"):
        load("https://news.example/", transport=_transport(b"", "text/plain"), resolve=resolve)


def test_document_from_text(article: str) -> None:
    doc = document_from_text(article + FURNITURE, Metadata(title="Bridge"))
    assert doc.text == article + FURNITURE
    assert doc.title == "Bridge"
    assert doc.article_end == len(article) + 1


@pytest.mark.parametrize("text", ["", "  \n\r\n", "\ufeff\n"])
def test_document_from_empty_text(text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        document_from_text(text)


def test_text_with_a_lone_surrogate_is_refused() -> None:
    with pytest.raises(InputError, match=r"<text>: not valid Unicode .*U\+D800 at character 4"):
        document_from_text("abc \ud800 traitor")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_at_once_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    outcome: list[BaseException | None] = []

    def read() -> None:
        try:
            load(str(fifo))
            outcome.append(None)
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=20)
    if reader.is_alive():  # blocked on open(): give it a writer, so the thread can end
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=5)
        pytest.fail("opening a FIFO with no writer blocked")
    assert isinstance(outcome[0], InputError)
    assert str(outcome[0]) == f"{fifo}: cannot read: not a regular file (a FIFO)"

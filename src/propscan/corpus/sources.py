"""Streaming article inputs for ``propscan batch``: folders, JSONL, CSV and URL lists.

Every reader yields one item at a time and never holds the corpus in memory. A record that
cannot be read (a malformed JSONL line, a CSV row without an id) becomes a :class:`BadRecord`
naming its file and line, which the runner records as a failure and goes on; a whole input that
cannot be read (a missing file, a CSV without the needed columns) raises :class:`InputError`
before any work starts.

Inputs, by what ``INPUT`` is:

- a folder: every ``.txt``/``.html``/``.htm``/``.xhtml`` file below it, in sorted order. The
  id is the path relative to the folder without its suffix; the outlet is the first sub-folder
  (``corpus/outlet-a/x.txt`` is article ``outlet-a/x`` of outlet ``outlet-a``). A file's
  title, date, URL and outlet may come from a ``NAME.meta.json`` sidecar, its date from a
  ``YYYY-MM-DD`` in its name, and a plain-text file's title from its first line (see
  :mod:`propscan.corpus.filemeta`).
- ``.jsonl``/``.ndjson``: one JSON object a line with ``id`` and ``text`` or ``html``, and
  optionally ``title``, ``url``, ``source`` (or ``outlet``) and ``date``.
- ``.csv``: a header row with the same columns.
- ``.urls``, or a ``.txt`` file whose first line is an http(s) URL: one URL a line (``#``
  starts a comment). The id is the URL and the outlet its host.
- any other file: one article, its id the file name without its suffix.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from propscan.corpus.filemeta import date_from_name, read_sidecar
from propscan.errors import InputError
from propscan.fileio import open_regular

ARTICLE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
OPTIONAL_FIELDS = ("title", "url", "source", "outlet", "date")
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)

Kind = Literal["text", "html", "file", "url"]


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """One article to analyse, as read from an input (nothing decoded or fetched yet).

    Attributes:
        article_id: The id the article is stored under.
        origin: Where it came from, for messages (``corpus.jsonl:12``, a path, a URL).
        kind: ``text`` or ``html`` (``content`` holds it), ``file`` (read from ``origin``) or
            ``url`` (fetched from ``origin``).
        content: The text or HTML for ``text``/``html`` inputs.
        sha256: Hex digest of the raw content (file bytes, or the UTF-8 text or HTML); ``None``
            for a URL, whose content is only known once fetched.
    """

    article_id: str
    origin: str
    kind: Kind
    content: str | None = None
    sha256: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class BadRecord:
    """A record of an input that could not be read; ``origin`` names the file and line."""

    origin: str
    error: str
    known_id: str | None = None

    @property
    def article_id(self) -> str:
        """Failures are stored by id; a record without a readable id goes by its origin."""
        return self.known_id or self.origin


Item = ArticleInput | BadRecord


def digest(data: str | bytes) -> str:
    """The sha256 hex digest of ``data`` (text is hashed as UTF-8)."""
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def iter_inputs(paths: Sequence[str | Path], max_bytes: int) -> Iterator[Item]:
    """Yield the articles of every input in turn, streaming.

    Args:
        paths: Folders, JSONL/CSV files, URL lists or article files (see the module docstring).
        max_bytes: Files over this size are yielded as :class:`BadRecord` (too large).

    Raises:
        InputError: An input is missing or a CSV lacks the needed columns (checked for every
            input before the first item is yielded).
    """
    readers = [_reader(Path(p), max_bytes) for p in paths]
    return chain.from_iterable(readers)


def count_inputs(paths: Sequence[str | Path]) -> int:
    """How many records the inputs hold (one cheap streaming pass; for a progress bar's ETA)."""
    total = 0
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            total += sum(1 for _ in _walk(path))
        elif not path.is_file():  # refused when read; never opened (a FIFO would block)
            total += 1
        elif _kind(path) in ("jsonl", "urls"):
            with path.open("rb") as handle:
                total += sum(1 for line in handle if line.strip() and not line.startswith(b"#"))
        elif _kind(path) == "csv":
            with path.open(newline="", encoding="utf-8-sig", errors="replace") as handle:
                total += max(sum(1 for _ in csv.reader(handle)) - 1, 0)
        else:
            total += 1
    return total


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    if suffix == ".urls" or (suffix == ".txt" and _starts_with_url(path)):
        return "urls"
    return "file"


def _starts_with_url(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            for raw in handle:
                line = raw.decode("utf-8", "replace").strip().lstrip("\ufeff")
                if line and not line.startswith("#"):
                    return _URL.match(line) is not None
    except OSError:
        return False
    return False


def _reader(path: Path, max_bytes: int) -> Iterator[Item]:
    """Check one input now and return the generator that reads it later."""
    if path.is_dir():
        return _read_folder(path, max_bytes)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if not path.is_file():
        raise InputError(f"{path}: not a file or folder")
    kind = _kind(path)
    if kind == "jsonl":
        return _read_jsonl(path)
    if kind == "csv":
        return _read_csv(path, _csv_columns(path))
    if kind == "urls":
        return _read_urls(path)
    return iter([_file_item(path, path.stem, None, max_bytes)])


def _walk(root: Path) -> Iterator[Path]:
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_SUFFIXES:
                yield Path(directory) / name


def _read_folder(root: Path, max_bytes: int) -> Iterator[Item]:
    for path in _walk(root):
        relative = path.relative_to(root)
        outlet = relative.parts[0] if len(relative.parts) > 1 else None
        yield _file_item(path, relative.with_suffix("").as_posix(), outlet, max_bytes)


def _file_item(path: Path, article_id: str, outlet: str | None, max_bytes: int) -> Item:
    """A file article; its bytes are read here only to hash them (the worker decodes them)."""
    try:
        with open_regular(path) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return BadRecord(str(path), f"{path}: cannot read: {exc.strerror or exc}")
    if len(data) > max_bytes:
        return BadRecord(
            str(path), f"{path}: file is over the size cap of {max_bytes} bytes (see --max-bytes)"
        )
    try:
        meta = read_sidecar(path)
    except InputError as exc:
        return BadRecord(str(path), str(exc), article_id)
    return ArticleInput(
        article_id,
        str(path),
        "file",
        sha256=digest(data),
        title=meta.get("title"),
        url=meta.get("url"),
        outlet=meta.get("outlet") or outlet,
        date=meta.get("date") or date_from_name(path.stem),
    )


def _text_field(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"field {name!r} must be a string, not {type(value).__name__}")
    return str(value)


def _record_item(record: dict[str, Any], origin: str) -> Item:
    """An article from a JSONL object or CSV row, or a BadRecord saying what is wrong."""
    try:
        article_id = _text_field(record, "id")
        text = _text_field(record, "text")
        html = _text_field(record, "html")
        if article_id is None or not article_id.strip():
            return BadRecord(origin, f"{origin}: no 'id'")
        if (text is None) == (html is None):
            what = "both 'text' and 'html'" if text is not None else "neither 'text' nor 'html'"
            message = f"{origin}: article {article_id!r} has {what}; give one"
            return BadRecord(origin, message, article_id)
        content = text if text is not None else html
        assert content is not None
        return ArticleInput(
            article_id=article_id,
            origin=origin,
            kind="text" if text is not None else "html",
            content=content,
            sha256=digest(content),
            title=_text_field(record, "title"),
            url=_text_field(record, "url"),
            outlet=_text_field(record, "outlet") or _text_field(record, "source"),
            date=_text_field(record, "date"),
        )
    except ValueError as exc:
        return BadRecord(origin, f"{origin}: {exc}")


def _read_jsonl(path: Path) -> Iterator[Item]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            origin = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8").lstrip("\ufeff"))
            except UnicodeDecodeError:
                yield BadRecord(origin, f"{origin}: the line is not valid UTF-8")
                continue
            except json.JSONDecodeError as exc:
                yield BadRecord(
                    origin, f"{origin}: malformed JSON ({exc.msg} at column {exc.colno})"
                )
                continue
            if not isinstance(record, dict):
                kind = type(record).__name__
                yield BadRecord(origin, f"{origin}: expected a JSON object, got {kind}")
                continue
            yield _record_item(record, origin)


def _csv_columns(path: Path) -> list[str]:
    """The header of a CSV file, checked for the columns an article needs."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), None)
    except UnicodeDecodeError:
        raise InputError(f"{path}: the CSV header is not valid UTF-8") from None
    except csv.Error as exc:
        raise InputError(f"{path}: malformed CSV header ({exc})") from None
    columns = [c.strip() for c in header or []]
    missing = [] if "id" in columns else ["id"]
    if "text" not in columns and "html" not in columns:
        missing.append("text (or html)")
    if missing:
        raise InputError(
            f"{path}: the CSV is missing the column(s) {', '.join(missing)}; it needs id and "
            f"text or html (optional: {', '.join(OPTIONAL_FIELDS)}); it has "
            f"{', '.join(columns) or 'no header'}"
        )
    return columns


def _read_csv(path: Path, columns: list[str]) -> Iterator[Item]:
    # Article texts are long; the csv module's default field limit (128 KiB) is not.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            next(reader)
            for row in reader:
                origin = f"{path}:{reader.line_num}"
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(columns):
                    yield BadRecord(
                        origin, f"{origin}: {len(row)} fields where the header has {len(columns)}"
                    )
                    continue
                yield _record_item(dict(zip(columns, row, strict=True)), origin)
        except UnicodeDecodeError:
            raise InputError(f"{path}: not valid UTF-8 after line {reader.line_num}") from None
        except csv.Error as exc:
            raise InputError(f"{path}:{reader.line_num}: malformed CSV ({exc})") from None


def _read_urls(path: Path) -> Iterator[Item]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.decode("utf-8", "replace").strip().lstrip("\ufeff")
            if not line or line.startswith("#"):
                continue
            origin = f"{path}:{number}"
            if not _URL.match(line):
                yield BadRecord(origin, f"{origin}: not an http(s) URL: {line[:200]!r}")
                continue
            host = (urlsplit(line).hostname or "").removeprefix("www.") or None
            yield ArticleInput(line, line, "url", url=line, outlet=host)

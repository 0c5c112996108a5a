"""Exporting stored results: JSONL, CSV, Parquet and the SemEval-2020 Task 11 TSV formats.

Everything streams from the store, so an export of millions of articles needs little memory
(the actors table holds, besides, the corpus's distinct person names with their article
counts, to give each actor its corpus name).
Files are written to a temporary file and renamed: whole or not at all.

- ``jsonl``: one ``propscan.analysis/2`` object a line (as ``propscan analyze --format
  json`` writes it, on one line), with the article's ``id`` added.
- ``csv``/``parquet``: one row per article (``--table articles``: metadata, score, the
  author's and quoted speech's figures with the score's interval, counts per technique), per
  fragment (with the article's outlet), per sentence (with its text), per
  failure, claim, quote (with its kind) or actor. CSV follows
  RFC 4180 (CRLF line ends, fields quoted where needed) and text that a spreadsheet would run
  as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) gets a
  leading single quote, as OWASP advises.
- ``si``/``full``: ``ID START END`` or ``ID TECHNIQUE START END`` rows; an id
  ``article<N>`` (a PTC file name) is written ``N``, as ``propscan predict`` does; other ids
  are escaped as in the TSV report (:func:`propscan.report.tsv.escape_field`).
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import groupby
from pathlib import Path
from typing import IO, Any

from propscan.actors.corpus import person_aliases
from propscan.analysis import SCHEMA
from propscan.corpus.store import Row, Store, StoreError
from propscan.errors import ConfigError, MissingExtraError
from propscan.fileio import csv_writer
from propscan.quote_kinds import quote_kind
from propscan.report.tsv import escape_field
from propscan.taxonomy import TECHNIQUE_NAMES

FORMATS = ("jsonl", "csv", "parquet", "si", "full")
TABLES = ("articles", "fragments", "sentences", "failures", "claims", "quotes", "actors")
_PTC_ID = re.compile(r"^article(\d+)$")
_PARQUET_BATCH = 5000

# The figures of each voice in the articles table (``author_score``, ``quoted_score``, ...),
# from the summary's ``author`` and ``quoted``; empty for articles stored without voices.
_VOICES = ("author", "quoted")
_VOICE_COLUMNS = (("score", "float64"), ("score_low", "float64"), ("score_high", "float64"),
                  ("sentences", "int64"), ("flagged", "int64"), ("fragments", "int64"))  # fmt: skip

# Columns of each table, with their Parquet types.
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("article_id", "string"),
        ("model", "string"),
        ("title", "string"),
        ("outlet", "string"),
        ("url", "string"),
        ("date", "string"),
        ("origin", "string"),
        ("score", "float64"),
        ("words", "int64"),
        ("fragments", "int64"),
        ("fragments_per_1000_words", "float64"),
        *[(f"{voice}_{name}", kind) for voice in _VOICES for name, kind in _VOICE_COLUMNS],
        *[(name, "int64") for name in TECHNIQUE_NAMES],
        ("notes", "string"),
        ("run_id", "int64"),
        ("analysed_at", "string"),
    ],
    "fragments": [
        ("article_id", "string"),
        ("model", "string"),
        ("outlet", "string"),
        ("start", "int64"),
        ("end", "int64"),
        ("technique", "string"),
        ("confidence", "float64"),
        ("text", "string"),
        ("cues", "string"),
        ("voice", "string"),
        ("quote_position", "int64"),
        ("speaker", "string"),
    ],
    "sentences": [
        ("article_id", "string"),
        ("model", "string"),
        ("position", "int64"),
        ("start", "int64"),
        ("end", "int64"),
        ("score", "float64"),
        ("flagged", "int64"),
        ("voice", "string"),
        ("text", "string"),
    ],
    "failures": [
        ("article_id", "string"),
        ("model", "string"),
        ("run_id", "int64"),
        ("origin", "string"),
        ("error", "string"),
        ("failed_at", "string"),
    ],
    "claims": [
        ("article_id", "string"),
        ("model", "string"),
        ("position", "int64"),
        ("start", "int64"),
        ("end", "int64"),
        ("verdict", "int64"),
        ("score", "float64"),
        ("quantities", "string"),
    ],
    "quotes": [
        ("article_id", "string"),
        ("model", "string"),
        ("position", "int64"),
        ("content_start", "int64"),
        ("content_end", "int64"),
        ("cue_start", "int64"),
        ("cue_end", "int64"),
        ("source_start", "int64"),
        ("source_end", "int64"),
        ("speaker", "string"),
        ("direct", "int64"),
        ("kind", "string"),
    ],
    "actors": [
        ("article_id", "string"),
        ("model", "string"),
        ("position", "int64"),
        ("name", "string"),
        ("kind", "string"),
        ("mentions", "int64"),
        ("quoted", "int64"),
        ("detail", "string"),
        # The corpus's name of a person named otherwise in some articles ("Obama" ->
        # "Barack Obama"; propscan.actors.corpus), as the report counts it; else ``name``.
        ("corpus_name", "string"),
    ],
}


def resolve_model(store: Store, model: str | None) -> str:
    """The model whose results to read: ``model``, or the store's only one.

    Raises:
        ConfigError: ``model`` has no results, or none was given and the store has several.
        StoreError: The store has no analysed articles at all.
    """
    models = store.models()
    if model is not None:
        if model not in models:
            have = ", ".join(models) or "none"
            raise ConfigError(f"{store.name}: no results of model {model!r} (models: {have})")
        return model
    if not models:
        raise StoreError(f"{store.name}: no analysed articles yet")
    if len(models) > 1:
        raise ConfigError(
            f"{store.name}: results of several models ({', '.join(models)}); pick one with --model"
        )
    return models[0]


def _voice_values(voices: str | None) -> list[Any]:
    """The voice columns' values from ``summaries.voices`` (``None`` each when it is NULL)."""
    if voices is None:
        return [None] * (len(_VOICES) * len(_VOICE_COLUMNS))
    split = json.loads(voices)
    return [split[voice][name] for voice in _VOICES for name, _ in _VOICE_COLUMNS]


def _article_rows(store: Store, model: str) -> Iterator[list[Any]]:
    for r in store.iter_summaries(model):
        counts = json.loads(r[11])
        yield [r[0], model, r[2], r[4], r[3], r[5], r[1], r[7], r[8], r[9], r[10],
               *_voice_values(r[15]), *[counts.get(n, 0) for n in TECHNIQUE_NAMES], r[12],
               r[13], r[14]]  # fmt: skip


def rows(store: Store, model: str, table: str) -> Iterator[list[Any]]:
    """The rows of ``table`` (see :data:`COLUMNS`) for ``model``."""
    if table == "articles":
        yield from _article_rows(store, model)
    elif table == "fragments":
        fragments = store.iter_fragments(model, with_outlet=True)
        yield from ([r[0], model, r[10], *r[1:10]] for r in fragments)
    elif table == "sentences":
        yield from _sentence_rows(store, model)
    elif table == "failures":
        yield from (list(r) for r in store.failures(model))
    elif table == "actors":
        aliases = corpus_person_names(store, model)
        for r in store.iter_statements(table, model):
            name = aliases.get(r[2], r[2]) if r[3] == "person" else r[2]
            yield [r[0], model, *r[1:], name]
    elif table == "quotes":
        yield from _quote_rows(store, model)
    elif table == "claims":
        yield from ([r[0], model, *r[1:]] for r in store.iter_statements(table, model))
    else:
        raise ConfigError(f"unknown table {table!r}; allowed: {', '.join(TABLES)}")


def corpus_person_names(store: Store, model: str) -> dict[str, str]:
    """The person names of ``model``'s actors that the corpus names otherwise, and that name
    (:func:`propscan.actors.corpus.person_aliases`): what the report counts and the actors
    export gives as ``corpus_name``."""
    return person_aliases({str(n): int(k) for n, k in store.person_articles(model)})


def _with_text(store: Store, model: str, rows: Iterator[Row]) -> Iterator[tuple[str, Row]]:
    """``rows`` (sorted by article id) each with its article's text, one article in memory."""
    aligned = _Aligned(rows)
    for r in store.iter_summaries(model, with_text=True):
        text = r[16]
        for row in aligned.take(r[0]):
            yield text, row


def _sentence_rows(store: Store, model: str) -> Iterator[list[Any]]:
    """Sentence rows with their text, cut from the article's text."""
    for text, s in _with_text(store, model, store.iter_sentences(model)):
        yield [s[0], model, s[1], s[2], s[3], s[4], s[5], s[6], text[s[2] : s[3]]]


def _quote_rows(store: Store, model: str) -> Iterator[list[Any]]:
    """Quote rows with their kind, read off the cue in the article's text: the kind is
    derived, not stored (:attr:`propscan.analysis.Quote.kind`)."""
    for text, q in _with_text(store, model, store.iter_statements("quotes", model)):
        yield [q[0], model, *q[1:], _kind(text, q[4], q[5], q[9])]


def _kind(text: str, cue_start: int | None, cue_end: int | None, direct: int) -> str:
    cue = None if cue_start is None or cue_end is None else text[cue_start:cue_end]
    return quote_kind(cue, bool(direct))


def _grouped(stream: Iterator[Row]) -> Iterator[tuple[str, list[Row]]]:
    for key, group in groupby(stream, key=lambda r: r[0]):
        yield str(key), list(group)


class _Aligned:
    """Rows of a stream sorted by article id, handed out one article at a time."""

    def __init__(self, stream: Iterator[Row]) -> None:
        self._groups = _grouped(stream)
        self._next = next(self._groups, None)

    def take(self, article_id: str) -> list[Row]:
        """The rows of ``article_id`` (ids are asked for in the stream's order)."""
        if self._next is None or self._next[0] != article_id:
            return []
        rows = self._next[1]
        self._next = next(self._groups, None)
        return rows


def analyses(
    store: Store, model: str, *, article_id: str | None = None
) -> Iterator[dict[str, Any]]:
    """Every stored analysis of ``model`` in the ``propscan.analysis/2`` form, with ``id``;
    with ``article_id``, that article's only."""
    # Streams in the same order (by id); every row belongs to an article with a summary,
    # written in the same transaction, so equal ids line up.
    fragments = _Aligned(store.iter_fragments(model, article_id=article_id))
    sentences = _Aligned(store.iter_sentences(model, article_id=article_id))
    claims = _Aligned(store.iter_statements("claims", model, article_id=article_id))
    quotes = _Aligned(store.iter_statements("quotes", model, article_id=article_id))
    actors = _Aligned(store.iter_statements("actors", model, article_id=article_id))
    for r in store.iter_summaries(model, with_text=True, article_id=article_id):
        article_id, voices, text = r[0], r[15], r[16]
        if voices is None:
            raise StoreError(
                f"{store.name}: article {article_id!r} was stored by an older propscan, without"
                " the author's and quoted voices; run propscan batch again with --force"
            )
        yield {
            "id": article_id,
            "schema": SCHEMA,
            "model": model,
            "document": {
                "text": text,
                "metadata": {"title": r[2], "source": r[4], "url": r[3], "date": r[5],
                             "author": None},
                "article_end": r[6],
            },
            "summary": {"score": r[7], "counts": json.loads(r[11]),
                        "fragments_per_1000_words": r[10], "words": r[8], "fragments": r[9],
                        **json.loads(voices), "notes": json.loads(r[12])},
            "spans": [{"start": s[1], "end": s[2], "text": s[5], "technique": s[3],
                       "confidence": s[4], "detector": model, "cues": json.loads(s[6]),
                       "voice": s[7], "quote": s[8], "speaker": s[9]}
                      for s in fragments.take(article_id)],
            "sentences": [{"start": s[2], "end": s[3], "text": text[s[2]:s[3]], "score": s[4],
                           "flagged": bool(s[5]), "voice": s[6]}
                          for s in sentences.take(article_id)],
            "claims": [_claim(text, c) for c in claims.take(article_id)],
            "quotes": [_quote(text, q) for q in quotes.take(article_id)],
            "actors": [_actor(text, a) for a in actors.take(article_id)],
        }  # fmt: skip


def _span(text: str, start: int | None, end: int | None) -> dict[str, Any] | None:
    if start is None or end is None:
        return None
    return {"start": start, "end": end, "text": text[start:end]}


def _claim(text: str, row: Row) -> dict[str, Any]:
    _, _, start, end, verdict, score, quantities = row
    return {"start": start, "end": end, "text": text[start:end], "verdict": verdict,
            "score": score, "quantities": json.loads(quantities)}  # fmt: skip


def _quote(text: str, row: Row) -> dict[str, Any]:
    _, _, c0, c1, q0, q1, s0, s1, speaker, direct = row
    return {"content": _span(text, c0, c1), "cue": _span(text, q0, q1),
            "source": _span(text, s0, s1), "speaker": speaker, "direct": bool(direct),
            "kind": _kind(text, q0, q1, direct)}  # fmt: skip


def _actor(text: str, row: Row) -> dict[str, Any]:
    _, _, name, kind, _, _, detail = row
    d = json.loads(detail)
    return {"name": name, "kind": kind,
            "mentions": [_span(text, a, b) for a, b in d["mentions"]],
            "labels": [_span(text, a, b) for a, b in d["labels"]],
            "fragments": d["fragments"], "quotes": d["quotes"],
            "used": d.get("used", [])}  # fmt: skip


@contextmanager
def _output(path: Path | None, binary: bool = False) -> Iterator[IO[Any]]:
    """A handle on ``path`` written through a temporary file and a rename, or stdout."""
    if path is None:
        yield sys.stdout.buffer if binary else sys.stdout
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    try:
        with os.fdopen(fd, "wb") as raw:
            if binary:
                yield raw
            else:
                handle = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                yield handle
                handle.flush()
                handle.detach()  # leave ``raw`` open for the fsync below
            raw.flush()
            os.fsync(raw.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _semeval_id(article_id: str) -> str:
    match = _PTC_ID.match(article_id)
    # Any id is accepted on input: escaped like the TSV report's, it stays one field of one row.
    return match.group(1) if match else escape_field(article_id)


def export(
    store: Store,
    fmt: str,
    output: Path | None,
    *,
    model: str | None = None,
    table: str = "articles",
) -> int:
    """Write ``model``'s results in ``fmt`` to ``output`` (stdout if ``None``).

    Returns:
        How many rows (or JSON lines) were written.

    Raises:
        ConfigError: An unknown format or table, or Parquet to stdout.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; allowed: {', '.join(FORMATS)}")
    if table not in TABLES:
        raise ConfigError(f"unknown table {table!r}; allowed: {', '.join(TABLES)}")
    name = resolve_model(store, model)
    if fmt == "parquet":
        if output is None:
            raise ConfigError("parquet needs an output file (-o FILE)")
        return _parquet(store, name, table, output)
    written = 0
    with _output(output) as handle:
        if fmt == "jsonl":
            for record in analyses(store, name):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                written += 1
        elif fmt == "csv":
            writer = csv_writer(handle)
            writer.writerow([c for c, _ in COLUMNS[table]])
            for row in rows(store, name, table):
                writer.writerow(row)
                written += 1
        else:
            for r in store.iter_fragments(name):
                aid = _semeval_id(r[0])
                handle.write(f"{aid}\t{r[3]}\t{r[1]}\t{r[2]}\n" if fmt == "full" else
                             f"{aid}\t{r[1]}\t{r[2]}\n")  # fmt: skip
                written += 1
    return written


def _parquet(store: Store, model: str, table: str, output: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingExtraError("corpus", "pyarrow") from exc
    columns = COLUMNS[table]
    schema = pa.schema([(c, getattr(pa, t)()) for c, t in columns])
    written = 0
    with _output(output, binary=True) as handle, pq.ParquetWriter(handle, schema) as writer:
        batch: list[list[Any]] = []
        for row in rows(store, model, table):
            batch.append(row)
            if len(batch) >= _PARQUET_BATCH:
                writer.write_table(_table(pa, schema, batch))
                written += len(batch)
                batch = []
        if batch or not written:
            writer.write_table(_table(pa, schema, batch))
            written += len(batch)
    return written


def _table(pa: Any, schema: Any, batch: list[list[Any]]) -> Any:
    names = schema.names
    return pa.table({n: [r[i] for r in batch] for i, n in enumerate(names)}, schema=schema)

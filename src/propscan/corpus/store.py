"""One storage interface for corpus results, with SQLite and PostgreSQL backends.

:func:`open_store` picks the backend from the address: ``postgresql://…`` (or
``postgres://…``) is PostgreSQL through psycopg 3, anything else is the path of an SQLite file.
Both run the same SQL (``?`` placeholders, rewritten for psycopg) over the schema in
:mod:`propscan.corpus.schema`. Database errors (a full disk, a lost connection) become
:class:`StoreError`, so a run stops with one line and can be resumed.
"""

from __future__ import annotations

import json
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from propscan import __version__
from propscan.corpus.schema import ANALYSIS_TABLES, APPLICATION, SCHEMA_VERSION, TABLES, ddl
from propscan.corpus.worker import ArticleResult
from propscan.errors import PropscanError

Row = tuple[Any, ...]
_SQLITE_MAGIC = b"SQLite format 3\x00"


class StoreError(PropscanError):
    """A results database that cannot be used: foreign, too new, unreachable, full."""


@dataclass(frozen=True, slots=True)
class ArticleState:
    """What the store holds for an article id: its content hash and who wrote what."""

    sha256: str
    origin: str
    article_run: int
    summary_run: int | None  # the run that stored this model's analysis; None: not analysed


# Columns of the issue-6 tables after (article_id, model); rows from the worker start with
# the position (see propscan.corpus.worker).
_CLAIM_COLUMNS = ("start_char", "end_char", "verdict", "score", "quantities")
_QUOTE_COLUMNS = ("content_start", "content_end", "cue_start", "cue_end", "source_start",
                  "source_end", "speaker", "direct")  # fmt: skip
_ACTOR_COLUMNS = ("name", "kind", "mentions", "quoted", "detail")


# The voice of every row stored before schema version 3, as an SQL literal.
_AUTHOR = "'author'"


def _one(prefix: str, article_id: str | None) -> tuple[str, tuple[str, ...]]:
    """A WHERE clause's extra condition for one article, and its parameter."""
    if article_id is None:
        return "", ()
    return f" AND {prefix}article_id = ?", (article_id,)


def now() -> str:
    """The current UTC time, ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def is_postgres(address: str) -> bool:
    """Whether ``address`` names a PostgreSQL database rather than an SQLite file."""
    return address.startswith(("postgresql://", "postgres://"))


def open_store(address: str | Path, *, create: bool = True) -> Store:
    """Open (and with ``create``, initialise) the results database at ``address``.

    Raises:
        StoreError: It is not a propscan database, has a newer schema, does not exist (and
            ``create`` is false) or cannot be reached.
        MissingExtraError: PostgreSQL without the ``corpus`` extra installed.
    """
    text = str(address)
    if is_postgres(text):
        from propscan.corpus.postgres import PostgresStore

        return PostgresStore.connect(text, create=create)
    return SqliteStore.connect(Path(text), create=create)


class Store(ABC):
    """The results database: runs, articles, analyses per model, failures."""

    name: str
    schema_version: int = SCHEMA_VERSION  # as found on opening (a reader does not upgrade)
    # SQL spellings that differ between backends.
    _serial = "INTEGER PRIMARY KEY"
    _real = "REAL"
    _bytewise = ""  # a collation that orders text by code point

    # -- what a backend provides -------------------------------------------------------------

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    @abstractmethod
    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    @abstractmethod
    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    @abstractmethod
    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        """Rows of a query, fetched in chunks rather than all at once."""

    @abstractmethod
    def _tables(self) -> set[str]: ...

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """Everything inside commits together or not at all."""

    @abstractmethod
    def _guard(self) -> AbstractContextManager[None]:
        """Turn the backend's errors into :class:`StoreError`."""

    @abstractmethod
    def close(self) -> None:
        """Close the connection."""

    @contextmanager
    def writing(self) -> Iterator[None]:
        """A transaction whose database errors surface as :class:`StoreError`."""
        with self._guard(), self.transaction():
            yield

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ------------------------------------------------------------------------------

    def _prepare(self, create: bool) -> None:
        """Check that this is a propscan database of a known version; create it if empty."""
        with self._guard():
            tables = self._tables()
            if "propscan_meta" not in tables:
                ours = sorted(tables & set(TABLES))
                if ours or (tables and self._exclusive):
                    shown = ", ".join(sorted(ours or tables)[:5])
                    raise StoreError(
                        f"{self.name}: not a propscan database (it has tables {shown} but no "
                        "propscan_meta); refusing to touch it"
                    )
                if not create:
                    raise StoreError(f"{self.name}: no propscan results in this database")
                with self.transaction():
                    for statement in ddl(self._serial, self._real):
                        self._execute(statement)
                    self._executemany(
                        "INSERT INTO propscan_meta (key, value) VALUES (?, ?)",
                        [("application", APPLICATION), ("schema_version", str(SCHEMA_VERSION))],
                    )
                self.schema_version = SCHEMA_VERSION
                return
            meta: dict[str, str] = dict(self._query("SELECT key, value FROM propscan_meta"))
        if meta.get("application") != APPLICATION:
            raise StoreError(f"{self.name}: not a propscan database; refusing to touch it")
        try:
            version = int(meta.get("schema_version", ""))
        except ValueError:
            raise StoreError(
                f"{self.name}: unreadable schema version {meta.get('schema_version')!r}"
            ) from None
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.name}: written by a newer propscan (schema version {version}; this "
                f"propscan {__version__} reads up to {SCHEMA_VERSION}); refusing to touch it"
            )
        if version < SCHEMA_VERSION and create:
            # Only a writer upgrades: a reader (export, report) leaves the file as it found it.
            with self._guard(), self.transaction():
                for statement in ddl(self._serial, self._real, upgrade_from=version):
                    self._execute(statement)
                self._execute(
                    "UPDATE propscan_meta SET value = ? WHERE key = 'schema_version'",
                    (str(SCHEMA_VERSION),),
                )
        self.schema_version = SCHEMA_VERSION if create else version

    # Whether unrelated tables make a database foreign (an SQLite file is ours alone; a
    # PostgreSQL database may be shared, as long as our table names are free).
    _exclusive = True

    # -- runs --------------------------------------------------------------------------------

    def start_run(
        self, model: str, model_version: str, options: dict[str, Any], inputs: Sequence[str]
    ) -> int:
        """Record the start of a batch run; returns its id."""
        with self._guard(), self.transaction():
            rows = self._query(
                "INSERT INTO runs (started_at, status, model, model_version, propscan_version,"
                " options, inputs) VALUES (?, 'running', ?, ?, ?, ?, ?) RETURNING run_id",
                (
                    now(),
                    model,
                    model_version,
                    __version__,
                    json.dumps(options, sort_keys=True),
                    json.dumps(list(inputs)),
                ),
            )
        return int(rows[0][0])

    def finish_run(
        self, run_id: int, status: str, analysed: int, skipped: int, failed: int
    ) -> None:
        """Record how a run ended (``finished`` or ``stopped``) and its counts."""
        with self._guard(), self.transaction():
            self._execute(
                "UPDATE runs SET finished_at = ?, status = ?, analysed = ?, skipped = ?,"
                " failed = ? WHERE run_id = ?",
                (now(), status, analysed, skipped, failed, run_id),
            )

    def count_run(self, run_id: int, analysed: int, skipped: int, failed: int) -> None:
        """Record a running run's counts so far (call inside a transaction, with the work they
        count), so that a killed run keeps the counts of what it committed."""
        self._execute(
            "UPDATE runs SET analysed = ?, skipped = ?, failed = ? WHERE run_id = ?",
            (analysed, skipped, failed, run_id),
        )

    def runs(self) -> list[Row]:
        """Every run: (run_id, started_at, finished_at, status, model, model_version,
        propscan_version, options, inputs, analysed, skipped, failed)."""
        with self._guard():
            return self._query(
                "SELECT run_id, started_at, finished_at, status, model, model_version,"
                " propscan_version, options, inputs, analysed, skipped, failed"
                " FROM runs ORDER BY run_id"
            )

    # -- writing -----------------------------------------------------------------------------

    def states(self, article_ids: Sequence[str], model: str) -> dict[str, ArticleState]:
        """What is stored for each of ``article_ids`` (ids not stored are left out)."""
        if not article_ids:
            return {}
        marks = ", ".join("?" * len(article_ids))
        with self._guard():
            rows = self._query(
                "SELECT a.article_id, a.content_sha256, a.origin, a.run_id, s.run_id"
                " FROM articles a LEFT JOIN summaries s"
                " ON s.article_id = a.article_id AND s.model = ?"
                f" WHERE a.article_id IN ({marks})",
                (model, *article_ids),
            )
        return {r[0]: ArticleState(r[1], r[2], r[3], r[4]) for r in rows}

    def put_result(self, result: ArticleResult, run_id: int) -> None:
        """Store an analysed article, replacing what this model had for it (no transaction:
        call inside :meth:`transaction`)."""
        self.clear(result.article_id, result.model)
        self.put_results([result], run_id)

    def clear(self, article_id: str, model: str) -> None:
        """Remove ``model``'s analysis of an article (call inside a transaction)."""
        for table in ANALYSIS_TABLES:
            self._execute(f"DELETE FROM {table} WHERE article_id = ? AND model = ?",
                          (article_id, model))  # fmt: skip

    def put_results(self, results: Sequence[ArticleResult], run_id: int) -> None:
        """Store analysed articles that have no analysis by their model (cleared or new), in
        bulk (call inside :meth:`transaction`); their failures are removed."""
        if not results:
            return
        stamp = now()
        self._executemany(
            "INSERT INTO articles (article_id, content_sha256, origin, title, url, outlet, date,"
            " text, article_end, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (article_id) DO UPDATE SET content_sha256 = excluded.content_sha256,"
            " origin = excluded.origin, title = excluded.title, url = excluded.url,"
            " outlet = excluded.outlet, date = excluded.date, text = excluded.text,"
            " article_end = excluded.article_end, run_id = excluded.run_id",
            [(r.article_id, r.sha256, r.origin, r.title, r.url, r.outlet, r.date, r.text,
              r.article_end, run_id) for r in results],
        )  # fmt: skip
        self._executemany(
            "INSERT INTO summaries (article_id, model, run_id, score, words, fragments,"
            " fragments_per_1000_words, counts, notes, analysed_at, voices)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(r.article_id, r.model, run_id, r.score, r.words, len(r.fragments),
              r.fragments_per_1000_words, r.counts, r.notes, stamp, r.voices)
             for r in results],
        )  # fmt: skip
        fragments = [(r.article_id, r.model, *f) for r in results for f in r.fragments]
        if fragments:
            self._executemany(
                "INSERT INTO fragments (article_id, model, start_char, end_char, technique,"
                " confidence, text, cues, voice, quote_position, speaker)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                fragments,
            )
        sentences = [
            (r.article_id, r.model, i, *s) for r in results for i, s in enumerate(r.sentences)
        ]
        if sentences:
            self._executemany(
                "INSERT INTO sentences (article_id, model, position, start_char, end_char,"
                " score, flagged, voice) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                sentences,
            )
        for table, columns, rows in (
            ("claims", _CLAIM_COLUMNS, [(r, c) for r in results for c in r.claims]),
            ("quotes", _QUOTE_COLUMNS, [(r, q) for r in results for q in r.quotes]),
            ("actors", _ACTOR_COLUMNS, [(r, a) for r in results for a in r.actors]),
        ):
            if rows:
                marks = ", ".join("?" * (len(columns) + 3))
                self._executemany(
                    f"INSERT INTO {table} (article_id, model, position, {', '.join(columns)})"
                    f" VALUES ({marks})",
                    [(r.article_id, r.model, *row) for r, row in rows],
                )
        self._executemany(
            "DELETE FROM failures WHERE article_id = ? AND model = ?",
            [(r.article_id, r.model) for r in results],
        )

    def drop_article(self, article_id: str) -> None:
        """Remove an article and its analyses by every model (call inside a transaction)."""
        for table in (*ANALYSIS_TABLES, "articles"):
            self._execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))

    def put_failure(
        self,
        article_id: str,
        model: str,
        run_id: int,
        origin: str,
        error: str,
        *,
        counts: tuple[int, int, int] | None = None,
    ) -> None:
        """Record (or update) why an article failed for ``model``, in its own transaction;
        with ``counts``, the run's (analysed, skipped, failed) so far too."""
        with self._guard(), self.transaction():
            if counts is not None:
                self.count_run(run_id, *counts)
            self._execute(
                "INSERT INTO failures (article_id, model, run_id, origin, error, failed_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, model) DO UPDATE SET"
                " run_id = excluded.run_id, origin = excluded.origin, error = excluded.error,"
                " failed_at = excluded.failed_at",
                (article_id, model, run_id, origin, error, now()),
            )

    # -- reading -----------------------------------------------------------------------------

    def models(self) -> list[str]:
        """The models with analyses in the store."""
        with self._guard():
            return [
                r[0]
                for r in self._query(
                    f"SELECT model FROM summaries GROUP BY model ORDER BY model{self._bytewise}"
                )
            ]

    def count(self, model: str) -> int:
        """How many articles are analysed with ``model``."""
        with self._guard():
            return int(
                self._query("SELECT COUNT(*) FROM summaries WHERE model = ?", (model,))[0][0]
            )

    def failures(self, model: str | None = None, run_id: int | None = None) -> list[Row]:
        """Failures as (article_id, model, run_id, origin, error, failed_at), by id."""
        where: list[str] = []
        params: list[Any] = []
        if model is not None:
            where.append("model = ?")
            params.append(model)
        if run_id is not None:
            where.append("run_id = ?")
            params.append(run_id)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        with self._guard():
            return self._query(
                "SELECT article_id, model, run_id, origin, error, failed_at FROM failures"
                f"{clause} ORDER BY article_id{self._bytewise}, model{self._bytewise}",
                params,
            )

    def iter_summaries(
        self, model: str, *, with_text: bool = False, article_id: str | None = None
    ) -> Iterator[Row]:
        """(article_id, origin, title, url, outlet, date, article_end, score, words, fragments,
        fragments_per_1000_words, counts, notes, run_id, analysed_at, voices[, text]) by id;
        with ``article_id``, that article's only. ``voices`` is NULL for an article stored by
        a propscan before schema version 3."""
        text = ", a.text" if with_text else ""
        one, params = _one("s.", article_id)
        yield from self._guarded_stream(
            "SELECT s.article_id, a.origin, a.title, a.url, a.outlet, a.date, a.article_end,"
            " s.score, s.words, s.fragments, s.fragments_per_1000_words, s.counts, s.notes,"
            f" s.run_id, s.analysed_at, {self._since_v3('s.voices', 'NULL')}{text}"
            " FROM summaries s JOIN articles a"
            f" ON a.article_id = s.article_id WHERE s.model = ?{one}"
            f" ORDER BY s.article_id{self._bytewise}",
            (model, *params),
        )

    def _since_v3(self, column: str, before: str) -> str:
        """``column``, or the value ``before`` stands for in a database opened to read that
        predates version 3 (which added the column)."""
        return column if self.schema_version >= 3 else before

    def iter_fragments(
        self, model: str, *, with_outlet: bool = False, article_id: str | None = None
    ) -> Iterator[Row]:
        """(article_id, start, end, technique, confidence, text, cues, voice, quote_position,
        speaker[, outlet]) by id and offsets; with ``article_id``, that article's only.

        The order is total (every column is a key, text compared by code point): the table has
        no primary key, and rows that tie on a partial key came back in each backend's
        storage order, so exports from SQLite and PostgreSQL, or two PostgreSQL runs, differed.
        """
        b = self._bytewise
        outlet, join = ("", "")
        if with_outlet:
            outlet, join = ", a.outlet", " JOIN articles a ON a.article_id = f.article_id"
        one, params = _one("f.", article_id)
        yield from self._guarded_stream(
            "SELECT f.article_id, f.start_char, f.end_char, f.technique, f.confidence, f.text,"
            f" f.cues, {self._since_v3('f.voice', _AUTHOR)},"
            f" {self._since_v3('f.quote_position', 'NULL')},"
            f" {self._since_v3('f.speaker', 'NULL')}{outlet} FROM fragments f{join}"
            f" WHERE f.model = ?{one} ORDER BY"
            f" f.article_id{b}, f.start_char, f.end_char, f.technique{b}, f.confidence,"
            f" f.text{b}, f.cues{b}{self._since_v3(f', f.voice{b}, f.speaker{b}', '')}",
            (model, *params),
        )

    def iter_sentences(self, model: str, *, article_id: str | None = None) -> Iterator[Row]:
        """(article_id, position, start, end, score, flagged, voice) by id and position; with
        ``article_id``, that article's only."""
        one, params = _one("", article_id)
        yield from self._guarded_stream(
            "SELECT article_id, position, start_char, end_char, score,"
            f" {self._since_v3('flagged', '0')}, {self._since_v3('voice', _AUTHOR)}"
            " FROM sentences"
            f" WHERE model = ?{one} ORDER BY article_id{self._bytewise}, position",
            (model, *params),
        )

    def iter_statements(
        self, table: str, model: str, *, article_id: str | None = None
    ) -> Iterator[Row]:
        """Rows of ``claims``, ``quotes`` or ``actors`` as (article_id, position, *columns in
        schema order) by id and position; none from a version-1 database opened to read."""
        columns = {"claims": _CLAIM_COLUMNS, "quotes": _QUOTE_COLUMNS, "actors": _ACTOR_COLUMNS}
        if table not in columns:
            raise ValueError(f"not a statements table: {table!r}")
        if self.schema_version < 2:
            return
        one, params = _one("", article_id)
        yield from self._guarded_stream(
            f"SELECT article_id, position, {', '.join(columns[table])} FROM {table}"
            f" WHERE model = ?{one} ORDER BY article_id{self._bytewise}, position",
            (model, *params),
        )

    def phrase_counts(self, model: str) -> Iterator[Row]:
        """(outlet, technique, fragment text, voice, fragments) for every outlet, technique,
        exact text and voice (``author`` for rows stored before schema version 3). The report
        normalises and merges the texts itself: SQLite's ``LOWER`` folds ASCII only,
        PostgreSQL's all of Unicode."""
        b = self._bytewise
        # A constant is no key in PostgreSQL's GROUP BY or ORDER BY: only a real column is.
        key = self._since_v3(", f.voice", "")
        yield from self._guarded_stream(
            f"SELECT a.outlet, f.technique, f.text, {self._since_v3('f.voice', _AUTHOR)},"
            " COUNT(*) FROM fragments f JOIN articles a ON a.article_id = f.article_id"
            f" WHERE f.model = ? GROUP BY a.outlet, f.technique, f.text{key}"
            f" ORDER BY a.outlet{b}, f.technique{b}, f.text{b}{key and key + b}",
            (model,),
        )

    def outlet_scores(self, model: str) -> Iterator[Row]:
        """(outlet, date, score) of every analysed article, by article id (outlets of equal
        size are shown in the order first met, so the order must not depend on the backend)."""
        yield from self._guarded_stream(
            "SELECT a.outlet, a.date, s.score FROM summaries s JOIN articles a ON a.article_id"
            f" = s.article_id WHERE s.model = ? ORDER BY s.article_id{self._bytewise}",
            (model,),
        )

    def technique_counts(self, model: str) -> list[Row]:
        """(outlet, technique, fragments) for every outlet and technique found."""
        with self._guard():
            return self._query(
                "SELECT a.outlet, f.technique, COUNT(*) FROM fragments f JOIN articles a"
                " ON a.article_id = f.article_id WHERE f.model = ? GROUP BY a.outlet, f.technique"
                f" ORDER BY a.outlet{self._bytewise}, f.technique{self._bytewise}",
                (model,),
            )

    def top_phrases(self, model: str, technique: str, per_outlet: int) -> list[Row]:
        """(outlet, phrase, count): the ``per_outlet`` most frequent fragment texts of
        ``technique`` in each outlet, lower-cased."""
        b = self._bytewise  # ties broken by code point, not by PostgreSQL's locale
        with self._guard():
            return self._query(
                "SELECT outlet, phrase, n FROM (SELECT outlet, phrase, n, ROW_NUMBER() OVER"
                f" (PARTITION BY outlet ORDER BY n DESC, phrase{b}) AS rank FROM (SELECT"
                " a.outlet, LOWER(f.text) AS phrase, COUNT(*) AS n FROM fragments f JOIN"
                " articles a ON a.article_id = f.article_id WHERE f.model = ? AND"
                " f.technique = ? GROUP BY a.outlet, LOWER(f.text)) AS counted) AS ranked"
                f" WHERE rank <= ? ORDER BY outlet{b}, n DESC, phrase{b}",
                (model, technique, per_outlet),
            )

    def actor_counts(self, model: str) -> Iterator[Row]:
        """(outlet, name, kind, articles, mentions, quoted) for every outlet and actor name and
        kind, by outlet: the report merges the corpus's names of one person
        (:func:`propscan.actors.corpus.person_aliases`) and ranks them itself (none from a
        version-1 store opened to read)."""
        if self.schema_version < 2:
            return
        b = self._bytewise
        yield from self._guarded_stream(
            "SELECT a.outlet, x.name, x.kind, COUNT(*), SUM(x.mentions), SUM(x.quoted) FROM"
            " actors x JOIN articles a ON a.article_id = x.article_id WHERE x.model = ?"
            # No outlet and an empty one are one group of the report's: next to each other.
            " GROUP BY a.outlet, x.name, x.kind"
            f" ORDER BY COALESCE(a.outlet, ''){b}, x.name{b}, x.kind{b}",
            (model,),
        )

    def person_articles(self, model: str) -> Iterator[Row]:
        """(name, articles) for every person's name: the articles it names an actor in."""
        if self.schema_version < 2:
            return
        yield from self._guarded_stream(
            "SELECT name, COUNT(*) FROM actors WHERE model = ? AND kind = 'person' GROUP BY name",
            (model,),
        )

    def statement_counts(self, model: str) -> list[Row]:
        """(outlet, check-worthy claims, sentences classed, quotes) summed over each outlet's
        articles (none from a version-1 store opened to read)."""
        if self.schema_version < 2:
            return []
        with self._guard():
            return self._query(
                "SELECT a.outlet, SUM(c.worthy), SUM(c.n), SUM(q.n) FROM articles a"
                " JOIN summaries s ON s.article_id = a.article_id AND s.model = ?"
                " LEFT JOIN (SELECT article_id, SUM(CASE WHEN verdict = 1 THEN 1 ELSE 0 END)"
                " AS worthy, COUNT(*) AS n FROM claims WHERE model = ? GROUP BY article_id) c"
                " ON c.article_id = a.article_id LEFT JOIN (SELECT article_id, COUNT(*) AS n"
                " FROM quotes WHERE model = ? GROUP BY article_id) q ON q.article_id ="
                f" a.article_id GROUP BY a.outlet ORDER BY a.outlet{self._bytewise}",
                (model, model, model),
            )

    def top_articles(self, model: str, limit: int) -> list[Row]:
        """(article_id, title, outlet, url, date, score, fragments, fragments_per_1000_words,
        counts, voices): the highest author's score first (``score`` is the author's since
        schema version 3). Articles stored before, whose ``voices`` is NULL and whose score is
        the older share of flagged sentences, which rewards short texts, come after all the
        others."""
        voices = self._since_v3("s.voices", "NULL")
        with self._guard():
            return self._query(
                "SELECT s.article_id, a.title, a.outlet, a.url, a.date, s.score, s.fragments,"
                f" s.fragments_per_1000_words, s.counts, {voices} FROM summaries s"
                " JOIN articles a ON a.article_id = s.article_id WHERE s.model = ?"
                f" ORDER BY CASE WHEN {voices} IS NULL THEN 1 ELSE 0 END, s.score DESC,"
                f" s.fragments_per_1000_words DESC, s.article_id{self._bytewise} LIMIT ?",
                (model, limit),
            )

    def _guarded_stream(self, sql: str, params: Sequence[Any]) -> Iterator[Row]:
        with self._guard():
            yield from self._stream(sql, params)


class SqliteStore(Store):
    """Results in one SQLite file (write-ahead log; safe against a killed process)."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.name = str(path)
        self._conn = connection

    @classmethod
    def connect(cls, path: Path, *, create: bool = True) -> SqliteStore:
        """Open the SQLite file at ``path``; refuse one that is not a propscan database."""
        exists = path.exists()
        if path.is_dir():
            raise StoreError(f"{path}: is a folder, not a database file")
        if not exists and not create:
            raise StoreError(f"{path}: no such database")
        if exists:
            try:
                with path.open("rb") as handle:
                    head = handle.read(len(_SQLITE_MAGIC))
            except OSError as exc:
                raise StoreError(f"{path}: cannot read: {exc.strerror or exc}") from None
            if head and head != _SQLITE_MAGIC:
                raise StoreError(f"{path}: not a propscan database (not an SQLite file)")
        elif not path.parent.is_dir():
            raise StoreError(f"{path}: no such folder {path.parent}")
        try:
            connection = sqlite3.connect(path, isolation_level=None, timeout=30.0)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open: {exc}") from None
        store = cls(path, connection)
        try:
            store._prepare(create)
            if create:
                with store._guard():
                    # WAL: a killed writer leaves the last committed state; NORMAL sync is
                    # enough for that (only a power cut can lose the last commits).
                    connection.execute("PRAGMA journal_mode=WAL")
                    connection.execute("PRAGMA synchronous=NORMAL")
        except BaseException:
            connection.close()
            raise
        return store

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._conn.execute(sql, params)

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._conn.executemany(sql, rows)

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._conn.execute(sql, params).fetchall()

    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        cursor = self._conn.execute(sql, params)
        try:
            while rows := cursor.fetchmany(1000):
                yield from rows
        finally:
            cursor.close()

    def _tables(self) -> set[str]:
        rows = self._query("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {r[0] for r in rows}

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as exc:
            if "file is not a database" in str(exc):
                raise StoreError(f"{self.name}: not a propscan database ({exc})") from None
            raise StoreError(f"{self.name}: {exc}") from None
        except sqlite3.Error as exc:
            raise StoreError(f"{self.name}: {exc}") from None

    def close(self) -> None:
        self._conn.close()

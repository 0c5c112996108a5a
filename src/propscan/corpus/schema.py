"""The store's schema, version 3, for SQLite and PostgreSQL alike.

``propscan_meta`` names the application and the schema version; a database without it (and
with tables of its own), or with a newer version, is refused and never written to.

================  ==========================================================================
table             one row per
================  ==========================================================================
propscan_meta     key: ``application`` (= ``propscan``), ``schema_version`` (= ``3``)
runs              run of ``propscan batch``: model, model_version, propscan_version, options
                  (JSON), inputs (JSON), started_at, finished_at, status (``running``,
                  ``finished`` or ``stopped``; a killed run stays ``running``), counts
                  (analysed, skipped, failed: updated with every commit, so a killed run's
                  match what it stored)
articles          article id: content_sha256 of its raw input, origin, title, url, outlet,
                  date, text (as analysed; offsets point into it), article_end, run_id
summaries         (article id, model): score (the author's), words, fragments,
                  fragments_per_1000_words, counts (JSON: technique -> count), notes (JSON),
                  run_id, analysed_at, voices (JSON: the summary's ``author`` and ``quoted``
                  figures). A summary row is the mark that the article is done for that model.
fragments         fragment: (article id, model), start_char, end_char, technique, confidence,
                  text, cues (JSON), voice (``author`` or ``quote``), quote_position and
                  speaker (of the quotation it is in; NULL in the author's voice)
sentences         sentence: (article id, model, position), start_char, end_char, score,
                  flagged (1 when the model flags it), voice
failures          (article id, model): run_id, origin, error, failed_at; removed when the
                  article is later stored
claims            sentence as a claim: (article id, model, position), start_char, end_char,
                  verdict (1 check-worthy, 0 unimportant factual, -1 non-factual), score,
                  quantities (JSON list of {start, end, text, value, unit, comparison})
quotes            attribution: (article id, model, position), content_start, content_end,
                  cue_start, cue_end, source_start, source_end (NULL when absent), speaker,
                  direct (1 for a quotation in quotation marks)
actors            actor: (article id, model, position), name, kind (person, organisation,
                  country, group), mentions and quoted (counts), detail (JSON: mentions and
                  labels as [start, end] pairs, fragments and quotes as positions)
================  ==========================================================================

Version 2 added ``claims``, ``quotes`` and ``actors``; a version-1 database gets them (empty)
when it is next opened for writing, so articles analysed before have none until re-analysed
with ``--force``. Version 3 added the voices (fragments' and sentences' ``voice``, fragments'
``quote_position`` and ``speaker``, sentences' ``flagged``, summaries' ``voices``, and ``used``
in the actors' detail); rows stored before have the author's voice and no ``voices`` until
re-analysed with ``--force``, and the JSONL export refuses them, saying so.

Offsets count Unicode code points of ``articles.text``, end exclusive, as in the
``propscan.analysis/2`` JSON. An article's summary, fragments and sentences for one model are
written in one transaction, so a reader (or a resumed run) never sees part of them.
"""

from __future__ import annotations

APPLICATION = "propscan"
SCHEMA_VERSION = 3

TABLES = (
    "propscan_meta",
    "runs",
    "articles",
    "summaries",
    "fragments",
    "sentences",
    "failures",
    "claims",
    "quotes",
    "actors",
)
# The tables holding one model's analysis of an article (cleared together on re-analysis).
ANALYSIS_TABLES = ("summaries", "fragments", "sentences", "claims", "quotes", "actors")

# What version 2 added; also run on a version-1 database to bring it up to date.
_V2_DDL = """
CREATE TABLE claims (
    article_id TEXT NOT NULL,
    model TEXT NOT NULL,
    position INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    verdict INTEGER NOT NULL,
    score {real} NOT NULL,
    quantities TEXT NOT NULL,
    PRIMARY KEY (article_id, model, position)
);
CREATE TABLE quotes (
    article_id TEXT NOT NULL,
    model TEXT NOT NULL,
    position INTEGER NOT NULL,
    content_start INTEGER NOT NULL,
    content_end INTEGER NOT NULL,
    cue_start INTEGER,
    cue_end INTEGER,
    source_start INTEGER,
    source_end INTEGER,
    speaker TEXT,
    direct INTEGER NOT NULL,
    PRIMARY KEY (article_id, model, position)
);
CREATE TABLE actors (
    article_id TEXT NOT NULL,
    model TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    quoted INTEGER NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (article_id, model, position)
);
CREATE INDEX actors_by_name ON actors (model, name);
"""

# What version 3 added: the voices (propscan.analysis/2). Columns added, not tables re-made,
# so a version-2 database is brought up to date in place.
_V3_DDL = """
ALTER TABLE fragments ADD COLUMN voice TEXT NOT NULL DEFAULT 'author';
ALTER TABLE fragments ADD COLUMN quote_position INTEGER;
ALTER TABLE fragments ADD COLUMN speaker TEXT;
ALTER TABLE sentences ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sentences ADD COLUMN voice TEXT NOT NULL DEFAULT 'author';
ALTER TABLE summaries ADD COLUMN voices TEXT;
"""

# {serial}: an auto-numbered integer key; {real}: a double-precision float.
_DDL = (
    """
CREATE TABLE propscan_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE runs (
    run_id {serial},
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    model TEXT NOT NULL,
    model_version TEXT NOT NULL,
    propscan_version TEXT NOT NULL,
    options TEXT NOT NULL,
    inputs TEXT NOT NULL,
    analysed INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE articles (
    article_id TEXT PRIMARY KEY,
    content_sha256 TEXT NOT NULL,
    origin TEXT NOT NULL,
    title TEXT,
    url TEXT,
    outlet TEXT,
    date TEXT,
    text TEXT NOT NULL,
    article_end INTEGER NOT NULL,
    run_id INTEGER NOT NULL
);
CREATE TABLE summaries (
    article_id TEXT NOT NULL,
    model TEXT NOT NULL,
    run_id INTEGER NOT NULL,
    score {real} NOT NULL,
    words INTEGER NOT NULL,
    fragments INTEGER NOT NULL,
    fragments_per_1000_words {real} NOT NULL,
    counts TEXT NOT NULL,
    notes TEXT NOT NULL,
    analysed_at TEXT NOT NULL,
    PRIMARY KEY (article_id, model)
);
CREATE TABLE fragments (
    article_id TEXT NOT NULL,
    model TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    technique TEXT NOT NULL,
    confidence {real} NOT NULL,
    text TEXT NOT NULL,
    cues TEXT NOT NULL
);
CREATE INDEX fragments_by_article ON fragments (article_id, model);
CREATE INDEX fragments_by_technique ON fragments (model, technique);
CREATE TABLE sentences (
    article_id TEXT NOT NULL,
    model TEXT NOT NULL,
    position INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    score {real} NOT NULL,
    PRIMARY KEY (article_id, model, position)
);
CREATE TABLE failures (
    article_id TEXT NOT NULL,
    model TEXT NOT NULL,
    run_id INTEGER NOT NULL,
    origin TEXT NOT NULL,
    error TEXT NOT NULL,
    failed_at TEXT NOT NULL,
    PRIMARY KEY (article_id, model)
);
CREATE INDEX failures_by_run ON failures (run_id);
"""
    + _V2_DDL
    + _V3_DDL
)


def ddl(serial: str, real: str, *, upgrade_from: int = 0) -> list[str]:
    """The CREATE statements, with a backend's spelling of the auto key and float types;
    with ``upgrade_from`` 1 or 2, only those that bring a database of that version to this
    one."""
    text = {1: _V2_DDL + _V3_DDL, 2: _V3_DDL}.get(upgrade_from, _DDL)
    text = text.format(serial=serial, real=real)
    return [s.strip() for s in text.split(";") if s.strip()]

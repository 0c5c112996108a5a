"""What a worker does with one article: read it, analyse it, and flatten the result into rows.

Workers (local processes or Dask workers) load the detector once, through the cached
:func:`propscan.detectors.load_detector`, and send back plain rows so the process that writes
the store has as little to do as possible.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from propscan.analysis import Analysis
from propscan.corpus.filemeta import first_line_title
from propscan.corpus.sources import ArticleInput, digest
from propscan.detectors import load_detector
from propscan.document import Document, Metadata
from propscan.errors import InputError, PropscanError
from propscan.ingest import IngestOptions, document_from_text, extract_html, load
from propscan.pipeline import analyze_document

# (start, end, technique, confidence, text, cues as a JSON list, voice, quote, speaker)
FragmentRow = tuple[int, int, str, float, str, str, str, int | None, str | None]
# (start, end, score, flagged, voice)
SentenceRow = tuple[int, int, float, int, str]
# The issue-6 rows, each starting with its position (see propscan.corpus.schema).
ClaimRow = tuple[int, int, int, int, float, str]
QuoteRow = tuple[int, int, int, int | None, int | None, int | None, int | None, str | None, int]
ActorRow = tuple[int, str, str, int, int, str]


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """One analysed article, ready to store."""

    article_id: str
    origin: str
    sha256: str
    title: str | None
    url: str | None
    outlet: str | None
    date: str | None
    text: str
    article_end: int
    model: str
    score: float
    words: int
    fragments_per_1000_words: float
    counts: str  # JSON object: technique -> count
    notes: str  # JSON list
    voices: str  # JSON object: the summary's author and quoted figures
    fragments: list[FragmentRow]
    sentences: list[SentenceRow]
    claims: list[ClaimRow] = field(default_factory=list)
    quotes: list[QuoteRow] = field(default_factory=list)
    actors: list[ActorRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ArticleFailure:
    """An article that could not be analysed, and why."""

    article_id: str
    origin: str
    error: str


def preload(model: str, threads: int | None = None) -> None:
    """Load the detector into this process's cache (a worker's start-up).

    ``threads`` is this worker's share of the cores, for models that run threaded.
    """
    from propscan.models.accurate import set_threads
    from propscan.statements import load_statements

    set_threads(threads)
    load_detector(model)
    load_statements()


def _document(item: ArticleInput, options: IngestOptions) -> tuple[Document, str]:
    """The Document for ``item`` and the sha256 of its raw content."""
    given = Metadata(title=item.title, source=item.outlet, url=item.url, date=item.date)
    if item.kind in ("file", "url"):
        doc = load(item.origin, options)
        sha = item.sha256 or digest(doc.text)
    else:
        content = item.content or ""
        size = len(content.encode("utf-8"))
        if size > options.max_bytes:
            raise InputError(
                f"{item.origin}: article {item.article_id!r} is {size} bytes, over the size cap "
                f"of {options.max_bytes} bytes (see --max-bytes)"
            )
        sha = item.sha256 or digest(content)
        if item.kind == "html":
            text, found = extract_html(content, item.origin, item.url)
            doc = document_from_text(text, found)
        else:
            # Named by origin so an error says where the record is ("c.jsonl:12: ...").
            doc = document_from_text(content, Metadata(source=item.origin))
    if "\x00" in doc.text:
        raise InputError(f"{item.origin}: the text contains NUL characters (binary data?)")
    # What the input says about the article wins over what extraction guessed.
    found = doc.metadata
    # For an HTML page extraction finds the site's name; otherwise ``source`` is only the
    # input's name, which says nothing about the outlet.
    site = found.source if item.kind in ("html", "url", "file") else None
    if site and (site == item.origin or site.startswith(("http://", "https://", "/"))):
        site = None
    title = given.title or found.title
    if title is None and item.kind == "file":
        # A text file's first line, PTC style (an HTML file's title came from its markup).
        title = first_line_title(doc.text)
    merged = Metadata(
        title=title,
        source=given.source or site,
        url=given.url or found.url,
        date=given.date or found.date,
        author=found.author,
    )
    return replace(doc, metadata=merged), sha


def analyze_item(
    item: ArticleInput, model: str, options: IngestOptions
) -> ArticleResult | ArticleFailure:
    """Analyse one article; every error becomes an :class:`ArticleFailure`, never a raise."""
    # Outside the try: a model that cannot be loaded stops the run instead of failing every
    # article in turn.
    detector = load_detector(model)
    try:
        doc, sha = _document(item, options)
        analysis = analyze_document(doc, detector)
    except PropscanError as exc:
        return ArticleFailure(item.article_id, item.origin, str(exc))
    except Exception as exc:  # a bug must cost one article, not the run; the type says which
        return ArticleFailure(item.article_id, item.origin, f"{type(exc).__name__}: {exc}")
    summary = analysis.summary
    meta = doc.metadata
    return ArticleResult(
        article_id=item.article_id,
        origin=item.origin,
        sha256=sha,
        title=meta.title,
        url=meta.url,
        outlet=meta.source,
        date=meta.date,
        text=doc.text,
        article_end=doc.article_end,
        model=detector.name,
        score=summary.score,
        words=summary.words,
        fragments_per_1000_words=summary.fragments_per_1000_words,
        counts=json.dumps(summary.counts, separators=(",", ":")),
        notes=json.dumps(list(summary.notes), ensure_ascii=False),
        voices=_json({"author": asdict(summary.author), "quoted": asdict(summary.quoted)}),
        fragments=[
            (
                f.start,
                f.end,
                f.technique,
                f.confidence,
                f.text,
                json.dumps(list(f.cues), ensure_ascii=False),
                f.voice,
                f.quote,
                f.speaker,
            )
            for f in analysis.spans
        ],
        sentences=[(s.start, s.end, s.score, int(s.flagged), s.voice) for s in analysis.sentences],
        **statement_rows(analysis),
    )


def statement_rows(analysis: Analysis) -> dict[str, Any]:
    """The claims, quotes and actors of an analysis as store rows."""
    claims: list[ClaimRow] = [
        (i, c.start, c.end, c.verdict, c.score, _json([asdict(q) for q in c.quantities]))
        for i, c in enumerate(analysis.claims)
    ]
    quotes: list[QuoteRow] = [
        (
            i,
            q.content.start,
            q.content.end,
            q.cue.start if q.cue else None,
            q.cue.end if q.cue else None,
            q.source.start if q.source else None,
            q.source.end if q.source else None,
            q.speaker,
            int(q.direct),
        )
        for i, q in enumerate(analysis.quotes)
    ]
    actors: list[ActorRow] = [
        (
            i,
            a.name,
            a.kind,
            len(a.mentions),
            len(a.quotes),
            _json(
                {
                    "mentions": [[m.start, m.end] for m in a.mentions],
                    "labels": [[m.start, m.end] for m in a.labels],
                    "fragments": list(a.fragments),
                    "quotes": list(a.quotes),
                    "used": list(a.used),
                }
            ),
        )
        for i, a in enumerate(analysis.actors)
    ]
    return {"claims": claims, "quotes": quotes, "actors": actors}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

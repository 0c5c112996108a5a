"""The corpus report: ``report/index.html`` and its plots as PNG files.

What it shows, per outlet (the ``outlet`` of each article; the largest outlets by article
count, the rest together): the techniques found, the distribution of article scores, the score
over time where articles have dates, the most frequent loaded phrases, and the articles to read
first (highest score), and the share of check-worthy sentences, the quotes per article and the
most named actors. Every value from the corpus is HTML-escaped; the page loads nothing but
its own PNG files.
"""

from __future__ import annotations

import html
import json
import re
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from propscan.corpus.export import resolve_model
from propscan.corpus.store import Store
from propscan.fileio import atomic_write
from propscan.taxonomy import TECHNIQUES, technique

MAX_OUTLETS = 12
MAX_PHRASE_OUTLETS = 6
PHRASES_PER_OUTLET = 10
TOP_ARTICLES = 25
ACTORS_PER_OUTLET = 8
NO_OUTLET = "(no outlet)"
OTHER = "(other outlets)"
PHRASE_TECHNIQUE = "Loaded_Language"
_MONTH = re.compile(r"^(\d{4})-(\d{2})")
CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'"

_CSS = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 68rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; }
img { max-width: 100%; height: auto; border: 1px solid #eee; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
th, td { text-align: left; vertical-align: top; padding: .25rem .5rem;
         border-bottom: 1px solid #ddd; overflow-wrap: anywhere; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #666; }
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


@dataclass
class ReportData:
    """What the report shows, gathered from the store."""

    model: str
    articles: int = 0
    outlets: list[str] = field(default_factory=list)
    outlet_articles: Counter[str] = field(default_factory=Counter)
    scores: dict[str, array[float]] = field(default_factory=dict)
    monthly: dict[str, list[tuple[str, float, int]]] = field(default_factory=dict)
    techniques: dict[str, dict[str, int]] = field(default_factory=dict)
    phrases: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    top: list[tuple[object, ...]] = field(default_factory=list)
    failures: int = 0
    # outlet -> (check-worthy claims, sentences classed, quotes), and its most named actors
    statements: dict[str, list[int]] = field(default_factory=dict)
    actors: dict[str, list[tuple[str, str, int, int, int]]] = field(default_factory=dict)


def _bucket(outlet: str | None, shown: set[str]) -> str:
    name = outlet or NO_OUTLET
    return name if name in shown else OTHER


def gather(store: Store, model: str | None = None) -> ReportData:
    """Read the figures the report needs (aggregated in the database where possible)."""
    name = resolve_model(store, model)
    data = ReportData(name)
    sizes: Counter[str] = Counter()
    for outlet, _, _ in store.outlet_scores(name):
        sizes[outlet or NO_OUTLET] += 1
    shown = {o for o, _ in sizes.most_common(MAX_OUTLETS)}
    data.outlets = [o for o, _ in sizes.most_common(MAX_OUTLETS)]
    if len(sizes) > MAX_OUTLETS:
        data.outlets.append(OTHER)
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for outlet, date, score in store.outlet_scores(name):
        bucket = _bucket(outlet, shown)
        data.outlet_articles[bucket] += 1
        data.scores.setdefault(bucket, array("d")).append(float(score))
        month = _MONTH.match(date or "")
        if month:
            totals = sums[(bucket, f"{month.group(1)}-{month.group(2)}")]
            totals[0] += float(score)
            totals[1] += 1
    data.articles = sum(data.outlet_articles.values())
    for (bucket, period), (total, n) in sorted(sums.items()):
        data.monthly.setdefault(bucket, []).append((period, round(total / n, 4), int(n)))
    for outlet, name_, n in store.technique_counts(name):
        per = data.techniques.setdefault(_bucket(outlet, shown), {})
        per[name_] = per.get(name_, 0) + int(n)
    for outlet, phrase, n in store.top_phrases(name, PHRASE_TECHNIQUE, PHRASES_PER_OUTLET):
        bucket = outlet or NO_OUTLET
        if bucket in shown:
            data.phrases.setdefault(bucket, []).append((str(phrase), int(n)))
    for outlet, worthy, classed, quotes in store.statement_counts(name):
        counted = data.statements.setdefault(_bucket(outlet, shown), [0, 0, 0])
        for i, value in enumerate((worthy, classed, quotes)):
            counted[i] += int(value or 0)
    for outlet, actor, kind, articles, mentions, quoted in store.top_actors(
        name, ACTORS_PER_OUTLET
    ):
        bucket = outlet or NO_OUTLET
        if bucket in shown:
            data.actors.setdefault(bucket, []).append(
                (str(actor), str(kind), int(articles), int(mentions), int(quoted))
            )
    data.top = list(store.top_articles(name, TOP_ARTICLES))
    data.failures = len(store.failures(name))
    return data


def write_report(store: Store, directory: Path, model: str | None = None) -> list[Path]:
    """Write ``index.html`` and its PNG plots into ``directory``; returns the files written."""
    from propscan.corpus import plots

    data = gather(store, model)
    # Everything is drawn in memory before the folder is touched: a plot that fails leaves no
    # folder and no half-written report behind.
    images: list[tuple[str, str, bytes]] = []
    if data.articles:
        images.append(("techniques.png", "Techniques by outlet",
                       plots.technique_shares(data.outlets, data.techniques)))  # fmt: skip
        images.append(("scores.png", "Score distribution by outlet",
                       plots.score_distributions(data.outlets, data.scores)))  # fmt: skip
    if data.monthly:
        images.append(("score-over-time.png", "Score over time",
                       plots.score_over_time(data.monthly)))  # fmt: skip
    phrase_outlets = dict(list(data.phrases.items())[:MAX_PHRASE_OUTLETS])
    if phrase_outlets:
        colour = technique(PHRASE_TECHNIQUE).colour
        images.append(("loaded-phrases.png", "Most frequent loaded phrases",
                       plots.top_phrases(phrase_outlets, colour)))  # fmt: skip
    page = render_html(data, [(f, alt) for f, alt, _ in images])
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, _, png in images:
        atomic_write(directory / filename, png)
        written.append(directory / filename)
    index = directory / "index.html"
    atomic_write(index, page)  # last: a page never points at plots not yet written
    return [index, *written]


def _figure(filename: str, alt: str) -> str:
    return f'<figure><img src="{_e(filename)}" alt="{_e(alt)}"></figure>'


def _technique_table(data: ReportData) -> str:
    present = [t for t in TECHNIQUES if any(t.name in c for c in data.techniques.values())]
    head = "".join(f"<th>{_e(t.label)}</th>" for t in present)
    rows = []
    for outlet in data.outlets:
        counts = data.techniques.get(outlet, {})
        cells = "".join(f'<td class="num">{counts.get(t.name, 0)}</td>' for t in present)
        rows.append(f"<tr><th>{_e(outlet)}</th>{cells}</tr>")
    return f"<table><tr><th>outlet</th>{head}</tr>{''.join(rows)}</table>"


def _phrase_table(data: ReportData) -> str:
    rows = [
        f"<tr><th>{_e(outlet)}</th><td>"
        + "; ".join(f"{_e(p)} ({n})" for p, n in phrases)
        + "</td></tr>"
        for outlet, phrases in data.phrases.items()
    ]
    return f"<table><tr><th>outlet</th><th>phrase (fragments)</th></tr>{''.join(rows)}</table>"


def _link(title: object, article_id: object, url: object) -> str:
    label = _e(title or article_id)
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        return f'<a href="{_e(url)}" rel="noopener noreferrer">{label}</a>'
    return label


def _top_table(data: ReportData) -> str:
    rows = []
    for aid, title, outlet, url, date, score, fragments, per_1000, counts in data.top:
        found = json.loads(str(counts))
        main = max(found, key=lambda k: found[k]) if any(found.values()) else None
        leading = technique(main).label if main else "—"
        rows.append(
            f"<tr><td>{_link(title, aid, url)}<br><span class='muted'>{_e(aid)}</span></td>"
            f"<td>{_e(outlet or NO_OUTLET)}</td><td>{_e(date or '')}</td>"
            f'<td class="num">{float(str(score)):.0%}</td><td class="num">{_e(fragments)}</td>'
            f'<td class="num">{_e(per_1000)}</td><td>{_e(leading)}</td></tr>'
        )
    return (
        "<table><tr><th>article</th><th>outlet</th><th>date</th><th>score</th>"
        "<th>fragments</th><th>per 1,000 words</th><th>main technique</th></tr>"
        f"{''.join(rows)}</table>"
    )


def _statements_table(data: ReportData) -> str:
    rows = []
    for outlet in data.outlets:
        worthy, classed, quotes = data.statements.get(outlet, [0, 0, 0])
        articles = data.outlet_articles.get(outlet, 0)
        share = f"{worthy / classed:.0%}" if classed else "—"
        per_article = f"{quotes / articles:.1f}" if articles else "—"
        actors = "; ".join(
            f"{_e(name)} ({_e(kind)}: {n} articles, quoted {quoted}×)"
            for name, kind, n, _, quoted in data.actors.get(outlet, [])
        )
        rows.append(
            f'<tr><th>{_e(outlet)}</th><td class="num">{share}</td>'
            f'<td class="num">{per_article}</td><td>{actors}</td></tr>'
        )
    return (
        "<table><tr><th>outlet</th><th>check-worthy sentences</th><th>quotes per article</th>"
        f"<th>most named actors</th></tr>{''.join(rows)}</table>"
    )


def render_html(data: ReportData, images: list[tuple[str, str]]) -> str:
    """The report page; ``images`` are (file name, alt text) of the plots written beside it."""
    figures = dict(images)
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>propscan corpus report ({_e(data.model)})</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>propscan corpus report</h1>",
        f"<p>{data.articles} articles from {len(data.outlet_articles)} outlet groups, analysed "
        f"with model <code>{_e(data.model)}</code>; {data.failures} failed. An article's score "
        "is the share of its sentences flagged as propagandistic.</p>",
        "<h2>Articles to read first</h2>",
        _top_table(data),
        "<h2>Techniques by outlet</h2>",
    ]
    if "techniques.png" in figures:
        parts.append(_figure("techniques.png", figures["techniques.png"]))
    parts.append(_technique_table(data))
    parts.append("<h2>Score distribution by outlet</h2>")
    if "scores.png" in figures:
        parts.append(_figure("scores.png", figures["scores.png"]))
    parts.append("<h2>Score over time</h2>")
    if "score-over-time.png" in figures:
        parts.append(_figure("score-over-time.png", figures["score-over-time.png"]))
    else:
        parts.append("<p class='muted'>No article has a date (YYYY-MM…).</p>")
    parts.append("<h2>Most frequent loaded phrases</h2>")
    if "loaded-phrases.png" in figures:
        parts.append(_figure("loaded-phrases.png", figures["loaded-phrases.png"]))
    parts.append(_phrase_table(data) if data.phrases else "<p class='muted'>None found.</p>")
    parts.append("<h2>Claims, quotes and actors by outlet</h2>")
    parts.append(
        _statements_table(data)
        if data.statements
        else "<p class='muted'>None stored (articles analysed before propscan 0.2).</p>"
    )
    parts.append("</body></html>\n")
    return "\n".join(parts)

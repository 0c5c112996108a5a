"""The corpus report's page: ``index.html`` from the gathered :class:`ReportData`.

Every value from the corpus goes through :func:`html.escape`; links go only to the report's own
files and to http(s) URLs. Table headers never break (``th`` does not wrap: a break at a hyphen
split outlet names such as "daily-post"); wide tables scroll sideways instead of squeezing
their columns.
"""

from __future__ import annotations

import html
import json
from collections import Counter

from propscan.corpus import stats
from propscan.corpus.report import (
    NO_OUTLET,
    PHRASES_PER_TECHNIQUE,
    ReportData,
    article_page,
    present_techniques,
)
from propscan.taxonomy import technique

CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'"

CSS = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; }
img { max-width: 100%; height: auto; border: 1px solid #eee; }
figure { margin: 1rem 0; } figcaption { color: #555; font-size: .9em; max-width: 60rem; }
.wide { overflow-x: auto; margin-bottom: 1.5rem; }
table { border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: .25rem .5rem;
         border-bottom: 1px solid #ddd; }
th { overflow-wrap: normal; word-break: normal; hyphens: none; white-space: nowrap; }
td { overflow-wrap: anywhere; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.muted { color: #666; } td.nw { white-space: nowrap; }
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _wide(table: str) -> str:
    return f'<div class="wide">{table}</div>'


def _figure(figures: dict[str, str], filename: str, caption: str) -> str:
    if filename not in figures:
        return ""
    return (
        f'<figure><img src="{_e(filename)}" alt="{_e(figures[filename])}">'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def _p(value: float | None) -> str:
    if value is None:
        return "—"
    return "&lt; 0.001" if value < 0.001 else f"{value:.3f}"


def _interval(low: float | None, high: float | None) -> str:
    return "—" if low is None or high is None else f"{low:.2f} to {high:.2f}"


def _top_table(data: ReportData) -> str:
    rows = []
    for aid, title, outlet, url, date, score, fragments, per_1000, counts in data.top:
        found = json.loads(str(counts))
        main = max(found, key=lambda k: found[k]) if any(found.values()) else None
        leading = technique(main).label if main else "—"
        page = article_page(str(aid))
        cell = f'<a href="{_e(page)}">{_e(title or aid)}</a>'
        if title:  # the id once, under the title; an untitled article shows it as the link
            cell += f"<br><span class='muted'>{_e(aid)}</span>"
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            cell += f' <a class="muted" href="{_e(url)}" rel="noopener noreferrer">(source)</a>'
        rows.append(
            f"<tr><td>{cell}</td><td class='nw'>{_e(outlet or NO_OUTLET)}</td>"
            f"<td class='nw'>{_e(date or '')}</td>"
            f'<td class="num">{float(str(score)):.0%}</td><td class="num">{_e(fragments)}</td>'
            f'<td class="num">{_e(per_1000)}</td><td>{_e(leading)}</td></tr>'
        )
    return _wide(
        "<table><tr><th>article (its own report)</th><th>outlet</th><th>date</th><th>score</th>"
        "<th>fragments</th><th>per 1,000 words</th><th>main technique</th></tr>"
        f"{''.join(rows)}</table>"
    )


def _rates_table(data: ReportData) -> str:
    rows = "".join(
        f'<tr><th>{_e(r.outlet)}</th><td class="num">{r.articles}</td>'
        f'<td class="num">{r.words:,}</td><td class="num">{r.fragments:,}</td>'
        f'<td class="num">{r.rate:.2f}</td><td class="num">{_interval(r.low, r.high)}</td></tr>'
        for r in data.rates
    )
    return _wide(
        '<table><tr><th>outlet</th><th class="num">articles</th><th class="num">words</th>'
        '<th class="num">fragments</th><th class="num">per 1,000 words</th>'
        f'<th class="num">{stats.CONFIDENCE:.0%} interval</th></tr>{rows}</table>'
    )


def _comparisons_table(data: ReportData) -> str:
    if not data.comparisons:
        return "<p class='muted'>Only one outlet: nothing to compare.</p>"
    rows = "".join(
        f"<tr><td>{_e(c.a)}</td><td>{_e(c.b)}</td><td class='num'>{c.difference:+.2f}</td>"
        f"<td class='num'>{_interval(c.low, c.high)}</td><td class='num'>{_p(c.p)}</td>"
        f"<td class='num'>{_p(c.p_holm)}</td></tr>"
        for c in data.comparisons
    )
    return _wide(
        "<table><tr><th>outlet A</th><th>outlet B</th><th class='num'>A − B per 1,000 words</th>"
        f"<th class='num'>{stats.CONFIDENCE:.0%} interval</th><th class='num'>p</th>"
        f"<th class='num'>p, Holm-adjusted</th></tr>{rows}</table>"
    )


def _heatmap_table(data: ReportData) -> str:
    head = "".join(f'<th class="num">{_e(o)}</th>' for o in data.outlets)
    rows = []
    for t in present_techniques(data):
        cells = "".join(
            f'<td class="num">{data.rate(o, t.name):.2f} '
            f"<span class='muted'>({data.groups[o].techniques[t.name]})</span></td>"
            for o in data.outlets
        )
        rows.append(f"<tr><th>{_e(t.label)}</th>{cells}</tr>")
    return _wide(f"<table><tr><th>technique</th>{head}</tr>{''.join(rows)}</table>")


def _phrases_by_technique(data: ReportData) -> str:
    found = data.phrases.by_technique(PHRASES_PER_TECHNIQUE)
    if not found:
        return (
            f"<p class='muted'>No phrase was found {data.options.min_phrase_count} times or "
            "more.</p>"
        )
    rows = []
    for name, phrases in found:
        items = "; ".join(f"<q>{_e(p)}</q> {n} ({_outlets(per)})" for p, n, per in phrases)
        rows.append(f"<tr><th>{_e(technique(name).label)}</th><td>{items}</td></tr>")
    return _wide(
        "<table><tr><th>technique</th><th>phrase, fragments (by outlet)</th></tr>"
        f"{''.join(rows)}</table>"
    )


def _outlets(per: Counter[str]) -> str:
    return ", ".join(f"{_e(o)} {n}" for o, n in sorted(per.items(), key=lambda x: (-x[1], x[0])))


def _phrase_table(phrases: dict[str, list[tuple[str, int]]]) -> str:
    rows = [
        f"<tr><th>{_e(outlet)}</th><td>" + "; ".join(f"{_e(p)} ({n})" for p, n in items)
        + "</td></tr>"
        for outlet, items in phrases.items()
    ]  # fmt: skip
    return _wide(
        f"<table><tr><th>outlet</th><th>phrase (fragments)</th></tr>{''.join(rows)}</table>"
    )


def _statements_table(data: ReportData) -> str:
    rows = []
    counts = data.outlet_articles
    for outlet in data.outlets:
        worthy, classed, quotes = data.statements.get(outlet, [0, 0, 0])
        articles = counts.get(outlet, 0)
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
    return _wide(
        "<table><tr><th>outlet</th><th>check-worthy sentences</th><th>quotes per article</th>"
        f"<th>most named actors</th></tr>{''.join(rows)}</table>"
    )


_RATE_CAPTION = (
    "Each dot is an outlet's technique fragments per 1,000 words, pooled over its articles "
    "(all its fragments over all its words); the bar is a {conf} percentile bootstrap "
    "interval: its articles drawn with replacement {resamples:,} times (seed {seed}). The "
    "number in brackets is the outlet's articles; with few, the interval is wide."
)
_DIFFER = (
    "<p>Each pair of outlets: the difference of their rates, a {conf} bootstrap interval of "
    "it (each outlet's articles resampled on their own), and the p-value of a two-sided "
    "<b>permutation test over articles</b>: the two outlets' articles are pooled and their "
    "outlet labels shuffled {permutations:,} times; p is the share of shuffles with a "
    "difference at least as large as the one observed. A small p says the difference is "
    "unlikely if both outlets wrote alike; it says nothing about why. With many pairs some "
    "small p-values come by chance: the Holm-adjusted p controls that over all pairs shown. "
    "Differences are in what the model finds, with its errors (see the README's accuracy "
    "section), not in what annotators would mark.</p>"
)
_BOX_CAPTION = (
    "One box per outlet, over its articles' scores (the score <code>propscan analyze</code> "
    "gives; see the README). The box spans the middle half of the articles (25th to 75th "
    "percentile), the orange line is the median, the green triangle the mean, the whiskers "
    "reach the furthest articles within 1.5 box lengths, and circles are the articles beyond."
)
_TREND_CAPTION = (
    "Top: fragments per 1,000 words of each outlet's articles of that {unit}, pooled; the "
    "line breaks where an outlet has no articles. Bottom: how many articles each {unit} has, "
    "stacked by outlet; a rate over few articles is noisy."
)


def _normal_note(data: ReportData) -> str:
    """Where resampling gave way to the normal approximation, say so."""
    if not any(r.method == "normal" for r in data.rates) and not any(
        c.method == "normal" for c in data.comparisons
    ):
        return ""
    return (
        f"<p>Outlets of over {stats.LARGE:,} articles, and pairs of over {stats.LARGE:,} "
        "together, are given the normal approximation that resampling converges to instead: "
        "the delta-method standard error of the pooled rate for intervals, and a z test with "
        "the standard error under one common rate for p.</p>"
    )


def render_page(
    data: ReportData,
    images: list[tuple[str, str]],
    phrase_outlets: dict[str, list[tuple[str, int]]],
) -> str:
    """The report page; ``images`` are (file name, alt text) of the plots written beside it."""
    figures = dict(images)
    o = data.options
    conf = f"{stats.CONFIDENCE:.0%}"
    unit = "year" if data.periods and len(data.periods[0]) == 4 else "month"
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>propscan corpus report ({_e(data.model)})</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>propscan corpus report</h1>",
        f"<p>{data.articles} articles from {len(data.groups)} outlet groups, analysed with "
        f"model <code>{_e(data.model)}</code>; {data.failures} failed. Figures are what the "
        "model finds: it finds roughly four in ten of the fragments trained annotators mark, "
        "so compare outlets with each other rather than reading rates as absolute.</p>",
        "<h2>Articles to read first</h2>",
        "<p class='muted'>Highest article score first; each title opens the article's own "
        "report, with its fragments marked.</p>",
        _top_table(data),
        "<h2>Techniques per 1,000 words by outlet</h2>",
        _figure(figures, "rates.png",
                _RATE_CAPTION.format(conf=conf, resamples=o.resamples, seed=o.seed)),
        _rates_table(data),
        "<h2>Do the outlets differ?</h2>",
        _DIFFER.format(conf=conf, permutations=o.permutations),
        _normal_note(data),
        _comparisons_table(data),
        "<h2>Techniques by outlet</h2>",
        _figure(figures, "heatmap.png", "Fragments of each technique per 1,000 words of the "
                "outlet's articles; the table gives the same rates with the fragment counts."),
        _heatmap_table(data),
        _figure(figures, "techniques.png", "The mix: each outlet's fragments split by "
                "technique, as shares of 100%."),
        "<h2>Article scores by outlet</h2>",
        _figure(figures, "scores.png", _BOX_CAPTION),
        "<h2>Trend over time</h2>",
    ]  # fmt: skip
    if "trend.png" in figures:
        parts.append(_figure(figures, "trend.png", _TREND_CAPTION.format(unit=unit)))
    else:
        parts.append("<p class='muted'>No article has a date (YYYY-MM…).</p>")
    parts.append("<h2>Most frequent phrases by technique</h2>")
    parts.append(
        f"<p class='muted'>Phrases are compared case-folded, with straight quotes, and without "
        f"the punctuation at their ends; only those found {o.min_phrase_count} times or more "
        "are listed.</p>"
    )
    parts.append(_phrases_by_technique(data))
    parts.append("<h3>Loaded language by outlet</h3>")
    if phrase_outlets:
        parts.append(_figure(figures, "loaded-phrases.png", "Each outlet's most frequent "
                             "loaded-language phrases (fragments)."))  # fmt: skip
        parts.append(_phrase_table(phrase_outlets))
    else:
        parts.append("<p class='muted'>None found often enough.</p>")
    parts.append("<h2>Claims, quotes and actors by outlet</h2>")
    parts.append(
        _statements_table(data)
        if data.statements
        else "<p class='muted'>None stored (articles analysed before propscan 0.2).</p>"
    )
    parts.append("</body></html>\n")
    return "\n".join(p for p in parts if p)

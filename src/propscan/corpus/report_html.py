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
from propscan.taxonomy import TECHNIQUES, technique

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
.quoted { color: #b22; white-space: nowrap; }
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


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _voice_cells(voices: object) -> tuple[str, int, dict[str, int]]:
    """An article's score cells (the author's score with its interval, quoted speech's score),
    its quoted fragments and the author's counts; an article stored without voices says so."""
    if voices is None:
        return ('<td class="num muted">stored without voices</td><td class="num">—</td>', 0,
                {})  # fmt: skip
    split = json.loads(str(voices))
    author, quoted = split["author"], split["quoted"]
    quoted_score = _share(quoted["score"]) if quoted["sentences"] else "—"
    interval = _shares(author["score_low"], author["score_high"])
    cells = (
        f'<td class="num">{author["score"]:.0%} <span class="muted">({interval})</span></td>'
        f'<td class="num">{quoted_score}</td>'
    )
    return cells, int(quoted["fragments"]), {k: int(v) for k, v in author["counts"].items()}


def _top_table(data: ReportData) -> str:
    rows = []
    for aid, title, outlet, url, date, _, fragments, per_1000, counts, voices in data.top:
        score_cells, quoted, found = _voice_cells(voices)
        found = found or json.loads(str(counts))
        cited = f" <span class='quoted'>({quoted} quoted)</span>" if quoted else ""
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
            f"<td class='nw'>{_e(date or '')}</td>{score_cells}"
            f'<td class="num">{_e(fragments)}{cited}</td>'
            f'<td class="num">{_e(per_1000)}</td><td>{_e(leading)}</td></tr>'
        )
    return _wide(
        "<table><tr><th>article (its own report)</th><th>outlet</th><th>date</th>"
        "<th class='num'>author's score<br>(90% interval)</th>"
        "<th class='num'>quoted<br>speech's score</th><th class='num'>fragments</th>"
        "<th class='num'>per 1,000<br>words</th><th>author's main<br>technique</th></tr>"
        f"{''.join(rows)}</table>"
    )


def _mean_cell(m: stats.Mean) -> str:
    interval = "" if m.low is None or m.high is None else f" ({_shares(m.low, m.high)})"
    return f'<td class="num">{_share(m.mean)}<span class="muted">{interval}</span></td>'


def _rate_cell(r: stats.Rate) -> str:
    interval = "" if r.low is None or r.high is None else f" ({_interval(r.low, r.high)})"
    return f'<td class="num">{r.rate:.2f}<span class="muted">{interval}</span></td>'


def _shares(low: float | None, high: float | None) -> str:
    return "—" if low is None or high is None else f"{low:.0%} to {high:.0%}"


def _voices_table(data: ReportData) -> str:
    """Per outlet: the author's and quoted speech's scores, and how much of it is quoted."""
    rows = []
    for outlet, author, quoted in zip(data.outlets, data.scores, data.quoted_scores, strict=True):
        own, cited = data.groups[outlet].sentences
        share = f"{cited / (own + cited):.0%}" if own + cited else "—"
        rows.append(
            f'<tr><th>{_e(outlet)}</th><td class="num">{author.articles}</td>'
            f"{_mean_cell(author)}<td class='num'>{quoted.articles}</td>{_mean_cell(quoted)}"
            f'<td class="num">{share}</td></tr>'
        )
    conf = f"{stats.CONFIDENCE:.0%}"
    return _wide(
        "<table><tr><th>outlet</th><th class='num'>articles</th>"
        f"<th class='num'>author's score<br>({conf} interval)</th>"
        "<th class='num'>articles<br>quoting</th>"
        f"<th class='num'>quoted speech's score<br>({conf} interval)</th>"
        "<th class='num'>sentences<br>quoted</th></tr>"
        f"{''.join(rows)}</table>"
    )


def _rates_table(data: ReportData) -> str:
    rows = "".join(
        f'<tr><th>{_e(r.outlet)}</th><td class="num">{r.articles}</td>'
        f'<td class="num">{r.words:,}</td><td class="num">{r.fragments:,}</td>'
        f"{_rate_cell(r)}<td class='num'>{q.fragments:,}</td>{_rate_cell(q)}"
        f'<td class="num">{r.rate + q.rate:.2f}</td></tr>'
        for r, q in zip(data.rates, data.quoted_rates, strict=True)
    )
    per = f"per 1,000 words<br>({stats.CONFIDENCE:.0%} interval)"
    return _wide(
        '<table><tr><th rowspan="2">outlet</th><th rowspan="2" class="num">articles</th>'
        '<th rowspan="2" class="num">words</th><th colspan="2">author\'s voice</th>'
        '<th colspan="2">quoted speech</th><th class="num">both</th></tr>'
        f'<tr><th class="num">fragments</th><th class="num">{per}</th>'
        f'<th class="num">fragments</th><th class="num">{per}</th>'
        '<th class="num">per 1,000<br>words</th></tr>'
        f"{rows}</table>"
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
    shown = {t.name for t in (*present_techniques(data), *present_techniques(data, quoted=True))}
    for t in (t for t in TECHNIQUES if t.name in shown):
        cells = "".join(
            f'<td class="num">{data.rate(o, t.name):.2f} '
            f"<span class='muted'>({data.groups[o].techniques[t.name]})</span>"
            f"{_quoted_cell(data, o, t.name)}</td>"
            for o in data.outlets
        )
        rows.append(f"<tr><th>{_e(t.label)}</th>{cells}</tr>")
    return _wide(f"<table><tr><th>technique</th>{head}</tr>{''.join(rows)}</table>")


def _quoted_cell(data: ReportData, outlet: str, name: str) -> str:
    """Quoted speech's rate and count of a technique in an outlet, when it has any."""
    n = data.groups[outlet].quoted_techniques[name]
    if not n:
        return ""
    rate = data.rate(outlet, name, quoted=True)
    return f"<br><span class='quoted'>quoted {rate:.2f} ({n})</span>"


def _phrases_by_technique(data: ReportData) -> str:
    found = data.phrases.by_technique(PHRASES_PER_TECHNIQUE)
    if not found:
        return (
            f"<p class='muted'>No phrase was found {data.options.min_phrase_count} times or "
            "more.</p>"
        )
    rows = []
    for name, phrases in found:
        items = "; ".join(
            f"<q>{_e(p)}</q> {n} ({_outlets(per)}){_quoted_mark(n, quoted)}"
            for p, n, per, quoted in phrases
        )
        rows.append(f"<tr><th>{_e(technique(name).label)}</th><td>{items}</td></tr>")
    return _wide(
        "<table><tr><th>technique</th><th>phrase, fragments (by outlet)</th></tr>"
        f"{''.join(rows)}</table>"
    )


def _quoted_mark(total: int, quoted: int) -> str:
    """How many of a phrase's fragments are quoted speech, marked when any are."""
    if not quoted:
        return ""
    said = "all quoted" if quoted == total else f"{quoted} quoted"
    return f" <span class='quoted'>[{said}]</span>"


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
    "Each dot is an outlet's technique fragments in the author's own voice per 1,000 words, "
    "pooled over its articles (all those fragments over all its words); each square, below "
    "it, the same for fragments in quoted speech (direct quotations), over the same words, so "
    "the two add up to the rate of all fragments. The bar is a {conf} percentile bootstrap "
    "interval: its articles drawn with replacement {resamples:,} times (seed {seed}). The "
    "number in brackets is the outlet's articles; with few, the interval is wide."
)
_SCORES = (
    "<p>An article's <b>author's score</b> estimates the share of its sentences in the "
    "author's own voice that hold propaganda (flagged by the model), shrunk towards a typical "
    "news article's share (about 27%) when the article is short; <b>quoted speech's score</b> "
    "is the same for its sentences inside direct quotations. An outlet's figure is the mean "
    "over its articles (quoted speech's over the articles quoting anyone), with a {conf} "
    "percentile bootstrap interval over articles. The author's score tells what the outlet "
    "says itself; quoted speech's, what it reports others saying.</p>"
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
    "One box per outlet, over its articles' author's scores (the score <code>propscan "
    "analyze</code> gives; see the README). The box spans the middle half of the articles "
    "(25th to 75th percentile), the orange line is the median, the green triangle the mean, "
    "the whiskers reach the furthest articles within 1.5 box lengths, and circles are the "
    "articles beyond."
)
_TREND_CAPTION = (
    "Top: fragments in the author's voice per 1,000 words of each outlet's articles of that "
    "{unit}, pooled; the "
    "line breaks where an outlet has no articles. Bottom: how many articles each {unit} has, "
    "stacked by outlet; a rate over few articles is noisy."
)


def _legacy_note(data: ReportData) -> str:
    """How many articles were stored without voices, what that means and the way out."""
    if not data.legacy:
        return ""
    return (
        f"<p><b>{data.legacy} of {data.articles} articles were stored by an older propscan, "
        "without the author's and quoted voices.</b> Their fragments are counted as the "
        "author's, their scores (the older share of flagged sentences) are left out of the "
        "score figures, and they are listed after the others below. <code>propscan batch "
        "INPUT... --db DB --force</code> analyses them again.</p>"
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
        "the delta-method standard error of the pooled rate for intervals (the standard error "
        "of the mean for scores), and a z test with the standard error under one common rate "
        "for p.</p>"
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
        "so compare outlets with each other rather than reading rates as absolute. Every "
        "figure keeps the author's own voice apart from quoted speech (what the article "
        "quotes others saying, in quotation marks); the author's is the main one.</p>",
        _legacy_note(data),
        "<h2>Articles to read first</h2>",
        "<p class='muted'>Highest author's score first: the estimated share of the article's "
        "own sentences holding propaganda, with its 90% interval (wide for a short article, "
        "which stays near a typical article's share rather than topping the list). Each title "
        "opens the article's own report, with its fragments marked.</p>",
        _top_table(data),
        "<h2>The author's voice and quoted speech by outlet</h2>",
        _SCORES.format(conf=conf),
        _voices_table(data),
        "<h2>Techniques per 1,000 words by outlet</h2>",
        _figure(figures, "rates.png",
                _RATE_CAPTION.format(conf=conf, resamples=o.resamples, seed=o.seed)),
        _rates_table(data),
        "<h2>Do the outlets differ?</h2>",
        "<p>In the author's own voice: what the outlets write themselves.</p>",
        _DIFFER.format(conf=conf, permutations=o.permutations),
        _normal_note(data),
        _comparisons_table(data),
        "<h2>Techniques by outlet</h2>",
        _figure(figures, "heatmap.png", "Fragments of each technique in the author's voice "
                "per 1,000 words of the outlet's articles."),
        _figure(figures, "heatmap-quoted.png", "The same for fragments in quoted speech."),
        "<p class='muted'>Each cell: the author's fragments per 1,000 words (their count) "
        "and, in red where there are any, quoted speech's (its count).</p>",
        _heatmap_table(data),
        _figure(figures, "techniques.png", "The mix: each outlet's fragments in the author's "
                "voice split by technique, as shares of 100%."),
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
        "are listed. <span class='quoted'>[n quoted]</span> marks a phrase n of whose fragments "
        "are inside direct quotations (what the article quotes, not its own words).</p>"
    )
    parts.append(_phrases_by_technique(data))
    parts.append("<h3>Loaded language by outlet</h3>")
    if phrase_outlets:
        parts.append(_figure(figures, "loaded-phrases.png", "Each outlet's most frequent "
                             "loaded-language phrases in its own voice (fragments; quoted "
                             "speech left out)."))  # fmt: skip
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

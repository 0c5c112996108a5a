"""The corpus report: ``report/index.html``, its plots as PNG files, and a page per listed article.

What it shows, per outlet (the ``outlet`` of each article; the largest outlets by article
count, the rest together), for the author's own voice and for quoted speech apart (issue 15):
the author's and quoted speech's scores (means of the articles' scores, with bootstrap
intervals); techniques per 1,000 words with bootstrap intervals and a permutation test of each
pair of outlets (:mod:`propscan.corpus.stats`) on the author's rate; outlet × technique
heatmaps; the technique mix; the distribution of article scores; the trend by month with the
number of articles; the most frequent phrases of each technique (normalised, with a minimum
count, and how many of them are quoted); the share of check-worthy sentences, quotes per
article and the most named actors; and the articles to read first by the author's score, each
linked to its own HTML report (``articles/*.html``, drawn by
:func:`propscan.report.html.render_html`). Every value from the corpus is HTML-escaped; the
page loads nothing but its own files.

Articles stored before the store kept the voices (schema version 3) have no ``voices``: their
fragments count as the author's (as the store reads them), their scores (the older share of
flagged sentences) are left out of the score figures and they are listed last; the report
counts them and says that ``propscan batch --force`` analyses them again.
"""

from __future__ import annotations

import hashlib
import json
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from propscan.corpus import stats
from propscan.corpus.export import analyses, corpus_person_names, resolve_model
from propscan.corpus.phrases import PhraseTable, count_phrases
from propscan.corpus.store import Row, Store, StoreError
from propscan.errors import InputError
from propscan.fileio import atomic_write
from propscan.taxonomy import TECHNIQUES, Technique, technique

if TYPE_CHECKING:
    from propscan.analysis import Analysis

MAX_OUTLETS = 12
MAX_PHRASE_OUTLETS = 6
PHRASES_PER_OUTLET = 10
PHRASES_PER_TECHNIQUE = 8
# A phrase seen once or twice is noise in a corpus report; three is the least that repeats.
MIN_PHRASE_COUNT = 3
TOP_ARTICLES = 25
ACTORS_PER_OUTLET = 8
# Beyond this many months the trend is drawn by year: a single stray date must not stretch
# the plot over decades of empty months.
MAX_MONTHS = 120
NO_OUTLET = "(no outlet)"
OTHER = "(other outlets)"
PHRASE_TECHNIQUE = "Loaded_Language"
ARTICLE_FOLDER = "articles"
_MONTH = re.compile(r"^(\d{4})-(\d{2})")


@dataclass(frozen=True)
class ReportOptions:
    """What the report computes and lists.

    Attributes:
        seed: Seed of the bootstrap and permutation draws (same seed, same report).
        resamples: Bootstrap draws per interval.
        permutations: Shuffles per permutation test.
        min_phrase_count: Phrases seen fewer times are not listed.
        articles: How many articles to list (each gets its own HTML report).
    """

    seed: int = stats.SEED
    resamples: int = stats.RESAMPLES
    permutations: int = stats.PERMUTATIONS
    min_phrase_count: int = MIN_PHRASE_COUNT
    articles: int = TOP_ARTICLES


@dataclass
class _Outlet:
    """Per-article figures of one outlet group, kept as compact arrays.

    ``fragments`` and ``techniques`` are the author's voice, ``quoted_*`` quoted speech's.
    ``scores`` are the author's scores of the articles stored with voices; ``quoted_scores``
    those of the articles among them that quote anyone (an article without quoted sentences has
    no quoted score to average). ``sentences`` counts (author's, quoted) sentences.
    """

    words: array[float] = field(default_factory=lambda: array("d"))
    fragments: array[float] = field(default_factory=lambda: array("d"))
    quoted_fragments: array[float] = field(default_factory=lambda: array("d"))
    scores: array[float] = field(default_factory=lambda: array("d"))
    quoted_scores: array[float] = field(default_factory=lambda: array("d"))
    techniques: Counter[str] = field(default_factory=Counter)
    quoted_techniques: Counter[str] = field(default_factory=Counter)
    sentences: list[int] = field(default_factory=lambda: [0, 0])
    legacy: int = 0


@dataclass
class ReportData:
    """What the report shows, gathered from the store."""

    model: str
    options: ReportOptions = field(default_factory=ReportOptions)
    articles: int = 0
    outlets: list[str] = field(default_factory=list)
    groups: dict[str, _Outlet] = field(default_factory=dict)
    # The author's voice (the main figures) and quoted speech, per outlet group.
    rates: list[stats.Rate] = field(default_factory=list)
    quoted_rates: list[stats.Rate] = field(default_factory=list)
    scores: list[stats.Mean] = field(default_factory=list)
    quoted_scores: list[stats.Mean] = field(default_factory=list)
    comparisons: list[stats.Comparison] = field(default_factory=list)
    # Articles stored before schema version 3, without voices.
    legacy: int = 0
    # The trend: periods (months, or years over MAX_MONTHS) and per outlet per period
    # [articles, fragments, words].
    periods: list[str] = field(default_factory=list)
    by_period: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    phrases: PhraseTable = field(default_factory=PhraseTable)
    top: list[tuple[object, ...]] = field(default_factory=list)
    failures: int = 0
    # outlet -> (check-worthy claims, sentences classed, quotes), and its most named actors
    statements: dict[str, list[int]] = field(default_factory=dict)
    actors: dict[str, list[tuple[str, str, int, int, int]]] = field(default_factory=dict)

    @property
    def outlet_articles(self) -> dict[str, int]:
        """Articles per outlet group."""
        return {o: len(g.words) for o, g in self.groups.items()}

    def rate(self, outlet: str, technique_name: str, *, quoted: bool = False) -> float:
        """Fragments of a technique per 1,000 words in an outlet group: the author's, or with
        ``quoted`` quoted speech's (both over all the articles' words)."""
        group = self.groups.get(outlet)
        if not group:
            return 0.0
        words = sum(group.words)
        counts = group.quoted_techniques if quoted else group.techniques
        return 1000.0 * counts[technique_name] / words if words else 0.0


def _bucket(outlet: str | None, shown: set[str]) -> str:
    name = outlet or NO_OUTLET
    return name if name in shown else OTHER


def gather(
    store: Store, model: str | None = None, options: ReportOptions | None = None
) -> ReportData:
    """Read the figures the report needs and compute its statistics."""
    name = resolve_model(store, model)
    data = ReportData(name, options or ReportOptions())
    sizes: Counter[str] = Counter()
    for outlet, _, _ in store.outlet_scores(name):
        sizes[outlet or NO_OUTLET] += 1
    shown = {o for o, _ in sizes.most_common(MAX_OUTLETS)}
    data.outlets = [o for o, _ in sizes.most_common(MAX_OUTLETS)]
    if len(sizes) > MAX_OUTLETS:
        data.outlets.append(OTHER)
    data.groups = {o: _Outlet() for o in data.outlets}
    dated: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for row in store.iter_summaries(name):
        outlet, date, words, fragments, counts, voices = (*row[4:6], *row[8:10], row[11], row[15])
        bucket = _bucket(outlet, shown)
        group = data.groups[bucket]
        group.words.append(float(words))
        if voices is None:
            # Stored before the voices: every fragment reads as the author's, and the stored
            # score is the older raw share, not comparable with the others.
            group.legacy += 1
            own, quoted = int(fragments), 0
            group.techniques.update({k: int(v) for k, v in json.loads(counts).items()})
        else:
            split = json.loads(voices)
            author, speech = split["author"], split["quoted"]
            own, quoted = int(author["fragments"]), int(speech["fragments"])
            group.techniques.update({k: int(v) for k, v in author["counts"].items()})
            group.quoted_techniques.update({k: int(v) for k, v in speech["counts"].items()})
            group.scores.append(float(author["score"]))
            group.sentences[0] += int(author["sentences"])
            group.sentences[1] += int(speech["sentences"])
            if speech["sentences"]:
                group.quoted_scores.append(float(speech["score"]))
        group.fragments.append(float(own))
        group.quoted_fragments.append(float(quoted))
        month = _MONTH.match(date or "")
        if month:
            totals = dated[(bucket, f"{month.group(1)}-{month.group(2)}")]
            totals[0] += 1
            totals[1] += float(own)
            totals[2] += float(words)
    data.articles = sum(len(g.words) for g in data.groups.values())
    data.legacy = sum(g.legacy for g in data.groups.values())
    _trend(data, dated)
    _statistics(data)
    data.phrases = count_phrases(
        store.phrase_counts(name), lambda o: _bucket(o, shown), data.options.min_phrase_count
    )
    for outlet, worthy, classed, quotes in store.statement_counts(name):
        counted = data.statements.setdefault(_bucket(outlet, shown), [0, 0, 0])
        for i, value in enumerate((worthy, classed, quotes)):
            counted[i] += int(value or 0)
    aliases = corpus_person_names(store, name)
    for bucket, rows in groupby(store.actor_counts(name), key=lambda row: row[0] or NO_OUTLET):
        if bucket in shown:
            data.actors[bucket] = most_named(rows, aliases, ACTORS_PER_OUTLET)
    data.top = list(store.top_articles(name, data.options.articles))
    data.failures = len(store.failures(name))
    return data


def most_named(
    rows: Iterable[Row], aliases: Mapping[str, str], top: int
) -> list[tuple[str, str, int, int, int]]:
    """An outlet's ``top`` actors (name, kind, articles, mentions, quoted) named in the most
    articles, then with the most mentions, from its (outlet, name, kind, articles, mentions,
    quoted) rows: a person's names that ``aliases`` gives one name count as one actor (an
    article names a person by one of them only, so the articles add up)."""
    counts: dict[tuple[str, str], list[int]] = {}
    for _, actor, kind, articles, mentions, quoted in rows:
        key = (aliases.get(str(actor), str(actor)) if kind == "person" else str(actor), str(kind))
        summed = counts.setdefault(key, [0, 0, 0])
        for i, value in enumerate((articles, mentions, quoted)):
            summed[i] += int(value or 0)
    ranked = sorted(counts.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))
    return [(a, k, n, m, q) for (a, k), (n, m, q) in ranked[:top]]


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    out = []
    while (y, m) <= end:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _trend(data: ReportData, dated: dict[tuple[str, str], list[float]]) -> None:
    """Every period from the first dated article to the last, empty ones included."""
    if not dated:
        return
    months = _months(min(m for _, m in dated), max(m for _, m in dated))
    by_year = len(months) > MAX_MONTHS
    if by_year:
        years = sorted({m[:4] for m in months})
        data.periods = [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]
    else:
        data.periods = months
    for (bucket, month), (n, fragments, words) in sorted(dated.items()):
        period = month[:4] if by_year else month
        totals = data.by_period.setdefault(bucket, {}).setdefault(period, [0.0, 0.0, 0.0])
        totals[0] += n
        totals[1] += fragments
        totals[2] += words


def _statistics(data: ReportData) -> None:
    o = data.options
    arrays = [
        (name, np.asarray(g.fragments, dtype=float), np.asarray(g.words, dtype=float))
        for name, g in data.groups.items()
    ]
    data.rates = [
        stats.rate(name, f, w, seed=o.seed, index=i, resamples=o.resamples)
        for i, (name, f, w) in enumerate(arrays)
    ]
    # Quoted speech's streams come after the author's (a different index, its own draws).
    n = len(arrays)
    data.quoted_rates = [
        stats.rate(name, np.asarray(g.quoted_fragments, dtype=float), w, seed=o.seed,
                   index=n + i, resamples=o.resamples)
        for i, ((name, _, w), g) in enumerate(zip(arrays, data.groups.values(), strict=True))
    ]  # fmt: skip
    data.scores = [
        stats.mean(name, np.asarray(g.scores, dtype=float), seed=o.seed, index=i,
                   resamples=o.resamples)
        for i, (name, g) in enumerate(data.groups.items())
    ]  # fmt: skip
    data.quoted_scores = [
        stats.mean(name, np.asarray(g.quoted_scores, dtype=float), seed=o.seed, index=n + i,
                   resamples=o.resamples)
        for i, (name, g) in enumerate(data.groups.items())
    ]  # fmt: skip
    data.comparisons = stats.compare(
        arrays, seed=o.seed, resamples=o.resamples, permutations=o.permutations
    )


def article_page(article_id: str) -> str:
    """The file name, inside the report folder, of an article's own report."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", article_id).strip("-")[:50] or "article"
    digest = hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:10]
    return f"{ARTICLE_FOLDER}/{slug}-{digest}.html"


def _article_pages(store: Store, data: ReportData) -> list[tuple[str, str]]:
    """(file name, HTML) of the report of each listed article."""
    from propscan.report.html import render_html

    return [
        (article_page(str(row[0])), render_html(article_analysis(store, data.model, str(row[0]))))
        for row in data.top
    ]


def article_analysis(store: Store, model: str, article_id: str) -> Analysis:
    """The stored analysis of one article, as :class:`~propscan.analysis.Analysis`.

    Results stored before the store kept what this version's analyses hold (the voices of
    issue 15) cannot be read back whole; the stored text is then analysed again by the same
    model, which gives the stored fragments when the model has not changed since.
    """
    from propscan.analysis import Analysis
    from propscan.detectors import load_detector
    from propscan.document import Document, Metadata
    from propscan.pipeline import analyze_document

    try:
        [record] = analyses(store, model, article_id=article_id)
        return Analysis.from_json(record)
    except (InputError, StoreError):
        # The text and metadata are all that is needed; the text is the last column.
        row = next(store.iter_summaries(model, with_text=True, article_id=article_id))
        title, url, outlet, date, article_end, text = (*row[2:7], row[-1])
        metadata = Metadata(title=title, source=outlet, url=url, date=date)
        doc = Document.create(text, metadata, article_end=article_end)
        return analyze_document(doc, load_detector(model))


def write_report(
    store: Store,
    directory: Path,
    model: str | None = None,
    options: ReportOptions | None = None,
) -> list[Path]:
    """Write ``index.html``, its PNG plots and the listed articles' own reports into
    ``directory``; returns the files written (the index first, then the plots, then the
    article pages)."""
    from propscan.corpus import plots
    from propscan.corpus.report_html import render_page

    data = gather(store, model, options)
    # Everything is drawn in memory before the folder is touched: a plot that fails leaves no
    # folder and no half-written report behind.
    images: list[tuple[str, str, bytes]] = []
    if data.articles:
        quoted = data.quoted_rates if any(r.fragments for r in data.quoted_rates) else None
        images.append(("rates.png", "Techniques per 1,000 words by outlet: author's voice"
                       " and quoted speech", plots.rates(data.rates, quoted)))  # fmt: skip
        images.append(("scores.png", "Article scores (author's voice) by outlet",
                       plots.score_distributions(data.outlets, _scores(data))))  # fmt: skip
        present = present_techniques(data)
        if present:
            values = [[data.rate(o, t.name) for o in data.outlets] for t in present]
            heat = plots.heatmap(data.outlets, [t.label for t in present], values,
                                 "Author's voice: fragments per 1,000 words")  # fmt: skip
            mix = plots.technique_shares(data.outlets, _technique_counts(data))
            images.append(("heatmap.png", "Author's fragments per 1,000 words by technique"
                           " and outlet", heat))  # fmt: skip
            images.append(("techniques.png", "Techniques by outlet", mix))
        present = present_techniques(data, quoted=True)
        if present:
            values = [[data.rate(o, t.name, quoted=True) for o in data.outlets] for t in present]
            heat = plots.heatmap(data.outlets, [t.label for t in present], values,
                                 "Quoted speech: fragments per 1,000 words")  # fmt: skip
            images.append(("heatmap-quoted.png", "Quoted fragments per 1,000 words by technique"
                           " and outlet", heat))  # fmt: skip
    if data.periods:
        rates, counts = _trend_series(data)
        images.append(("trend.png", "Techniques per 1,000 words by month, and articles",
                       plots.trend(data.periods, rates, counts)))  # fmt: skip
    per_outlet = data.phrases.by_outlet(PHRASE_TECHNIQUE, PHRASES_PER_OUTLET, author=True)
    phrase_outlets = {o: per_outlet[o] for o in data.outlets if o in per_outlet}
    phrase_outlets = dict(list(phrase_outlets.items())[:MAX_PHRASE_OUTLETS])
    if phrase_outlets:
        colour = technique(PHRASE_TECHNIQUE).colour
        images.append(("loaded-phrases.png", "Most frequent loaded phrases",
                       plots.top_phrases(phrase_outlets, colour)))  # fmt: skip
    pages = _article_pages(store, data)
    page = render_page(data, [(f, alt) for f, alt, _ in images], phrase_outlets)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, _, png in images:
        atomic_write(directory / filename, png)
        written.append(directory / filename)
    if pages:
        (directory / ARTICLE_FOLDER).mkdir(exist_ok=True)
    for filename, html in pages:
        atomic_write(directory / filename, html)
        written.append(directory / filename)
    index = directory / "index.html"
    atomic_write(index, page)  # last: a page never points at files not yet written
    return [index, *written]


def _scores(data: ReportData) -> dict[str, array[float]]:
    return {o: g.scores for o, g in data.groups.items()}


def _technique_counts(data: ReportData) -> dict[str, dict[str, int]]:
    return {o: dict(g.techniques) for o, g in data.groups.items()}


def present_techniques(data: ReportData, *, quoted: bool = False) -> list[Technique]:
    """The techniques found in the corpus in the author's voice (or with ``quoted``, in quoted
    speech), in the taxonomy's order."""
    counts = [g.quoted_techniques if quoted else g.techniques for g in data.groups.values()]
    return [t for t in TECHNIQUES if any(c[t.name] for c in counts)]


def _trend_series(
    data: ReportData,
) -> tuple[dict[str, list[float | None]], dict[str, list[int]]]:
    rates: dict[str, list[float | None]] = {}
    counts: dict[str, list[int]] = {}
    for outlet in data.outlets:
        periods = data.by_period.get(outlet)
        if not periods:
            continue
        rates[outlet], counts[outlet] = [], []
        for period in data.periods:
            n, fragments, words = periods.get(period, (0.0, 0.0, 0.0))
            rates[outlet].append(1000.0 * fragments / words if n and words else None)
            counts[outlet].append(int(n))
    return rates, counts

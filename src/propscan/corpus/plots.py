"""The report's plots, drawn with matplotlib's object API (no pyplot, no global state).

Each plot has a ``*_figure`` function that builds the :class:`~matplotlib.figure.Figure` (tests
draw it and check its layout) and a function of the plain name that returns it as PNG bytes.
Legends sit outside the axes in the figure's own layout ("outside" locations of constrained
layout), so they are never cut off; axes that count things have integer ticks.

Every label that comes from the corpus (outlets, phrases) goes through :func:`label`:
matplotlib reads text between dollar signs as mathtext, and an outlet named ``$x^$`` made
the whole report fail.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

from propscan.corpus.stats import CONFIDENCE, Rate
from propscan.errors import MissingExtraError
from propscan.taxonomy import TECHNIQUES

try:
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise MissingExtraError("corpus", "matplotlib") from exc

_DPI = 100
# Matplotlib's default box plot styles, named for the legend that explains them.
_MEDIAN = "#ff7f0e"
_MEAN = "#2ca02c"


def label(text: str) -> str:
    """``text`` as matplotlib shows it literally: every dollar sign escaped, so none starts
    mathtext (matplotlib turns ``\\$`` back into ``$`` in text that is not math)."""
    return text.replace("$", r"\$")


def _legend_label(text: str) -> str:
    # A legend leaves out labels starting with an underscore; a space keeps them.
    safe = label(text)
    return " " + safe if safe.startswith("_") else safe


def png(figure: Figure) -> bytes:
    """``figure`` as PNG bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=_DPI)
    return buffer.getvalue()


def _height(rows: int) -> float:
    return max(2.5, 0.45 * rows + 1.5)


def _integer_ticks(axis: Any) -> None:
    axis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))


_AUTHOR_COLOUR = "#1f77b4"
_QUOTED_COLOUR = "#d62728"


def rates_figure(rates: Sequence[Rate], quoted: Sequence[Rate] | None = None) -> Figure:
    """Each outlet's fragments per 1,000 words, with its bootstrap interval as error bars.

    With ``quoted`` (the same outlets, in quoted speech), ``rates`` are the author's voice
    (dots) and the quoted rates are drawn just below each (squares), with a legend.
    """
    figure = Figure(figsize=(9, _height(len(rates)) + (0.5 if quoted else 0)),
                    layout="constrained")  # fmt: skip
    axes = figure.subplots()
    positions = list(range(len(rates)))
    series = [(rates, 0.0, "o", _AUTHOR_COLOUR, "author's voice")]
    if quoted:
        series.append((quoted, 0.25, "s", _QUOTED_COLOUR, "quoted speech"))
    for found, shift, marker, colour, name in series:
        for y, r in zip(positions, found, strict=True):
            if r.low is not None and r.high is not None:
                axes.plot([r.low, r.high], [y + shift, y + shift], color=colour, linewidth=2)
            axes.plot([r.rate], [y + shift], marker, color=colour)
        if quoted:
            axes.plot([], [], marker, color=colour, label=name)
    axes.set_yticks(positions, labels=[label(f"{r.outlet} ({r.articles})") for r in rates])
    axes.invert_yaxis()
    axes.set_xlim(left=0)
    axes.set_xlabel(
        f"technique fragments per 1,000 words ({CONFIDENCE:.0%} bootstrap interval over articles)"
    )
    axes.set_title("Techniques per 1,000 words by outlet (articles in brackets)")
    axes.grid(axis="x", color="#eee")
    if quoted:
        figure.legend(loc="outside lower center", ncols=2, fontsize="small", frameon=False)
    return figure


def rates(rates: Sequence[Rate], quoted: Sequence[Rate] | None = None) -> bytes:
    """:func:`rates_figure` as PNG."""
    return png(rates_figure(rates, quoted))


def technique_shares_figure(outlets: Sequence[str], counts: dict[str, dict[str, int]]) -> Figure:
    """Stacked bars: each outlet's fragments split by technique (shares of 100%)."""
    figure = Figure(figsize=(10, _height(len(outlets))), layout="constrained")
    axes = figure.subplots()
    left = [0.0] * len(outlets)
    totals = [sum(counts.get(o, {}).values()) or 1 for o in outlets]
    positions = list(range(len(outlets)))
    for technique in TECHNIQUES:
        shares = [
            100 * counts.get(o, {}).get(technique.name, 0) / t
            for o, t in zip(outlets, totals, strict=True)
        ]
        if not any(shares):
            continue
        axes.barh(
            positions, shares, left=left, color=technique.colour, label=technique.label,
            edgecolor="white", linewidth=0.5,
        )  # fmt: skip
        left = [a + b for a, b in zip(left, shares, strict=True)]
    axes.set_yticks(positions, labels=[label(o) for o in outlets])
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("share of the outlet's fragments (%)")
    axes.set_title("Techniques by outlet")
    figure.legend(loc="outside lower center", ncols=3, fontsize="small", frameon=False)
    return figure


def technique_shares(outlets: Sequence[str], counts: dict[str, dict[str, int]]) -> bytes:
    """:func:`technique_shares_figure` as PNG."""
    return png(technique_shares_figure(outlets, counts))


def heatmap_figure(
    outlets: Sequence[str],
    techniques: Sequence[str],
    values: Sequence[Sequence[float]],
    title: str = "Fragments per 1,000 words, by technique and outlet",
) -> Figure:
    """Techniques (rows) by outlets (columns): fragments per 1,000 words, written in each cell.

    ``techniques`` are display labels; ``values[t][o]`` is technique ``t`` in outlet ``o``.
    """
    width = max(6.0, 1.0 * len(outlets) + 4.5)
    figure = Figure(figsize=(width, max(3.0, 0.4 * len(techniques) + 2.0)), layout="constrained")
    axes = figure.subplots()
    image = axes.imshow(values, cmap="Blues", aspect="auto", vmin=0)
    top = max((v for row in values for v in row), default=0.0) or 1.0
    for t, row in enumerate(values):
        for o, value in enumerate(row):
            colour = "white" if value > 0.6 * top else "#222"
            axes.text(o, t, f"{value:.2f}", ha="center", va="center", fontsize="small",
                      color=colour)  # fmt: skip
    axes.set_xticks(range(len(outlets)), labels=[label(o) for o in outlets], rotation=30,
                    ha="right")  # fmt: skip
    axes.set_yticks(range(len(techniques)), labels=[label(t) for t in techniques])
    axes.set_title(title)
    figure.colorbar(image, ax=axes, label="fragments per 1,000 words", shrink=0.8)
    return figure


def heatmap(
    outlets: Sequence[str],
    techniques: Sequence[str],
    values: Sequence[Sequence[float]],
    title: str = "Fragments per 1,000 words, by technique and outlet",
) -> bytes:
    """:func:`heatmap_figure` as PNG."""
    return png(heatmap_figure(outlets, techniques, values, title))


def score_distributions_figure(
    outlets: Sequence[str], scores: Mapping[str, Sequence[float]]
) -> Figure:
    """Box plots of article scores for each outlet, with a legend for every mark."""
    figure = Figure(figsize=(9, _height(len(outlets)) + 0.6), layout="constrained")
    axes = figure.subplots()
    data = [list(scores.get(o, ())) or [0.0] for o in outlets]
    axes.boxplot(
        data,
        orientation="horizontal",
        tick_labels=[label(o) for o in outlets],
        showmeans=True,
        medianprops={"color": _MEDIAN},
        meanprops={"marker": "^", "markerfacecolor": _MEAN, "markeredgecolor": _MEAN},
        flierprops={"marker": "o", "markerfacecolor": "none", "markeredgecolor": "#555"},
    )
    axes.invert_yaxis()
    axes.set_xlim(-0.02, 1.02)
    axes.set_xlabel("author's score of each article (0 to 1)")
    axes.set_title("Article scores (author's voice) by outlet")
    handles = [
        Patch(facecolor="white", edgecolor="black", label="box: middle half of articles"),
        Line2D([], [], color=_MEDIAN, label="line: median"),
        Line2D([], [], marker="^", linestyle="", color=_MEAN, label="triangle: mean"),
        Line2D([], [], color="black", label="whiskers: to 1.5 box lengths"),
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor="none",
            color="#555",
            label="circles: articles beyond",
        ),
    ]
    figure.legend(handles=handles, loc="outside lower center", ncols=3, fontsize="small",
                  frameon=False)  # fmt: skip
    return figure


def score_distributions(outlets: Sequence[str], scores: Mapping[str, Sequence[float]]) -> bytes:
    """:func:`score_distributions_figure` as PNG."""
    return png(score_distributions_figure(outlets, scores))


def trend_figure(
    months: Sequence[str],
    rate_by_month: Mapping[str, Sequence[float | None]],
    articles_by_month: Mapping[str, Sequence[int]],
) -> Figure:
    """Fragments per 1,000 words per month for each outlet (a gap where it has no articles),
    over the number of articles each month (stacked by outlet).

    ``months`` are every month from the first to the last (``YYYY-MM``), empty ones included;
    both mappings give one value per month for each outlet.
    """
    figure = Figure(figsize=(10, 6.5), layout="constrained")
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=[2, 1])
    xs = list(range(len(months)))
    below = [0] * len(months)
    for i, (outlet, values) in enumerate(rate_by_month.items()):
        colour = f"C{i % 10}"
        ys = [math.nan if v is None else v for v in values]
        top.plot(xs, ys, marker="o", color=colour, label=_legend_label(outlet))
        counts = list(articles_by_month.get(outlet, [0] * len(months)))
        bottom.bar(xs, counts, bottom=below, color=colour, width=0.8)
        below = [a + b for a, b in zip(below, counts, strict=True)]
    top.set_ylim(bottom=0)
    top.set_ylabel("fragments per 1,000 words")
    top.set_title("Techniques per 1,000 words by month (gaps: no articles that month)")
    top.grid(axis="y", color="#eee")
    bottom.set_ylabel("articles")
    _integer_ticks(bottom.yaxis)
    step = max(1, math.ceil(len(months) / 12))
    bottom.set_xticks(xs[::step], labels=[label(m) for m in months[::step]], rotation=45)
    figure.legend(loc="outside lower center", ncols=4, fontsize="small", frameon=False)
    return figure


def trend(
    months: Sequence[str],
    rate_by_month: Mapping[str, Sequence[float | None]],
    articles_by_month: Mapping[str, Sequence[int]],
) -> bytes:
    """:func:`trend_figure` as PNG."""
    return png(trend_figure(months, rate_by_month, articles_by_month))


def top_phrases_figure(phrases: dict[str, list[tuple[str, int]]], colour: str) -> Figure:
    """One small bar chart per outlet of its most frequent phrases."""
    outlets = list(phrases)
    columns = 2 if len(outlets) > 1 else 1
    rows = (len(outlets) + columns - 1) // columns
    per = max((len(p) for p in phrases.values()), default=1)
    figure = Figure(figsize=(6 * columns, max(2.5, rows * (0.3 * per + 1.2))), layout="constrained")
    grid: Any = figure.subplots(rows, columns, squeeze=False)
    for i, outlet in enumerate(outlets):
        axes = grid[i // columns][i % columns]
        items = phrases[outlet]
        labels = [_short(p) for p, _ in items]
        axes.barh(range(len(items)), [n for _, n in items], color=colour, edgecolor="#888")
        axes.set_yticks(range(len(items)), labels=labels, fontsize="small")
        axes.invert_yaxis()
        axes.set_title(label(outlet), fontsize="medium")
        axes.set_xlabel("fragments")
        _integer_ticks(axes.xaxis)
    for j in range(len(outlets), rows * columns):
        grid[j // columns][j % columns].set_visible(False)
    figure.suptitle("Most frequent loaded phrases by outlet")
    return figure


def top_phrases(phrases: dict[str, list[tuple[str, int]]], colour: str) -> bytes:
    """:func:`top_phrases_figure` as PNG."""
    return png(top_phrases_figure(phrases, colour))


def _short(text: str, limit: int = 40) -> str:
    one_line = " ".join(text.split())
    # Cut before escaping, so that the cut never splits an escape.
    return label(one_line if len(one_line) <= limit else one_line[: limit - 1] + "…")

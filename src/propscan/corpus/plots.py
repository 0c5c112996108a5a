"""The report's plots, drawn with matplotlib's object API (no pyplot, no global state).

Every label that comes from the corpus (outlets, phrases) goes through :func:`label`:
matplotlib reads text between dollar signs as mathtext, and an outlet named ``$x^$`` made
the whole report fail.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from propscan.errors import MissingExtraError
from propscan.taxonomy import TECHNIQUES

try:
    from matplotlib.figure import Figure
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise MissingExtraError("corpus", "matplotlib") from exc

_DPI = 100


def label(text: str) -> str:
    """``text`` as matplotlib shows it literally: every dollar sign escaped, so none starts
    mathtext (matplotlib turns ``\\$`` back into ``$`` in text that is not math)."""
    return text.replace("$", r"\$")


def _legend_label(text: str) -> str:
    # A legend leaves out labels starting with an underscore; a space keeps them.
    safe = label(text)
    return " " + safe if safe.startswith("_") else safe


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=_DPI)
    return buffer.getvalue()


def _height(rows: int) -> float:
    return max(2.5, 0.45 * rows + 1.5)


def technique_shares(outlets: Sequence[str], counts: dict[str, dict[str, int]]) -> bytes:
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
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)
    return _png(figure)


def score_distributions(outlets: Sequence[str], scores: Mapping[str, Sequence[float]]) -> bytes:
    """Box plots of article scores (share of sentences flagged) for each outlet."""
    figure = Figure(figsize=(9, _height(len(outlets))), layout="constrained")
    axes = figure.subplots()
    data = [list(scores.get(o, ())) or [0.0] for o in outlets]
    axes.boxplot(
        data, orientation="horizontal", tick_labels=[label(o) for o in outlets], showmeans=True
    )
    axes.invert_yaxis()
    axes.set_xlim(-0.02, 1.02)
    axes.set_xlabel("article propaganda score (share of sentences flagged)")
    axes.set_title("Score distribution by outlet")
    return _png(figure)


def score_over_time(series: dict[str, list[tuple[str, float, int]]]) -> bytes:
    """Monthly mean article score for each outlet; ``series``: outlet -> (month, mean, n)."""
    figure = Figure(figsize=(10, 4.5), layout="constrained")
    axes = figure.subplots()
    months = sorted({m for points in series.values() for m, _, _ in points})
    index = {m: i for i, m in enumerate(months)}
    for outlet, points in series.items():
        xs = [index[m] for m, _, _ in points]
        axes.plot(xs, [mean for _, mean, _ in points], marker="o", label=_legend_label(outlet))
    step = max(1, len(months) // 12)
    axes.set_xticks(
        range(0, len(months), step), labels=[label(m) for m in months[::step]], rotation=45
    )
    axes.set_ylim(-0.02, 1.02)
    axes.set_ylabel("mean article score")
    axes.set_title("Score over time (monthly mean)")
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)
    return _png(figure)


def top_phrases(phrases: dict[str, list[tuple[str, int]]], colour: str) -> bytes:
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
    for j in range(len(outlets), rows * columns):
        grid[j // columns][j % columns].set_visible(False)
    figure.suptitle("Most frequent loaded phrases by outlet")
    return _png(figure)


def _short(text: str, limit: int = 40) -> str:
    one_line = " ".join(text.split())
    # Cut before escaping, so that the cut never splits an escape.
    return label(one_line if len(one_line) <= limit else one_line[: limit - 1] + "…")

"""The report's plots, drawn: legends inside the figure, integer counts, gaps, marks explained."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("matplotlib")

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from propscan.corpus import plots
from propscan.corpus.stats import Rate
from propscan.taxonomy import TECHNIQUES

# Many outlets with long names and every technique: what clipped the legend before.
OUTLETS = [f"outlet-{i}-with-a-rather-long-name" for i in range(12)] + ["$x^$"]
ALL = {o: {t.name: 1 + i for i, t in enumerate(TECHNIQUES)} for o in OUTLETS}


def _drawn(figure: Figure) -> Any:
    FigureCanvasAgg(figure)
    figure.draw_without_rendering()
    return figure.canvas.get_renderer()  # type: ignore[attr-defined]


def _legends(figure: Figure) -> Iterator[Any]:
    yield from figure.legends
    for axes in figure.axes:
        if axes.get_legend() is not None:
            yield axes.get_legend()


def _inside(figure: Figure, artist: Any, renderer: Any) -> bool:
    box, page = artist.get_window_extent(renderer), figure.bbox
    return bool(
        box.x0 >= page.x0 - 0.5 and box.y0 >= page.y0 - 0.5
        and box.x1 <= page.x1 + 0.5 and box.y1 <= page.y1 + 0.5
    )  # fmt: skip


def _shown_ticks(axes: Any) -> Iterator[Any]:
    """Tick labels drawn: within the axis' limits (matplotlib keeps some beyond)."""
    if not axes.get_visible():
        return
    for locations, labels, limits in (
        (axes.get_xticks(), axes.get_xticklabels(), axes.get_xlim()),
        (axes.get_yticks(), axes.get_yticklabels(), axes.get_ylim()),
    ):
        low, high = min(limits), max(limits)
        for location, text in zip(locations, labels, strict=False):
            if low <= location <= high and text.get_visible() and text.get_text():
                yield text


def _figures() -> dict[str, Figure]:
    months = [f"2024-{m:02d}" for m in range(1, 13)]
    rate_by_month: dict[str, list[float | None]] = {
        o: [None if m % 4 == 1 else 10.0 + m for m in range(12)] for o in OUTLETS[:5]
    }
    counts = {o: [0 if m % 4 == 1 else 2 for m in range(12)] for o in OUTLETS[:5]}
    phrases = {o: [(f"phrase {i}", 9 - i) for i in range(8)] for o in OUTLETS[:3]}
    values = [[0.5 * i + j for j in range(len(OUTLETS))] for i in range(len(TECHNIQUES))]
    return {
        "shares": plots.technique_shares_figure(OUTLETS, ALL),
        "shares-one": plots.technique_shares_figure(OUTLETS[:1], ALL),
        "rates": plots.rates_figure(
            [Rate(o, 10, 5000, 60, 12.0, 9.0, 15.0) for o in OUTLETS]
            + [Rate("one", 1, 300, 2, 6.7, None, None)]
        ),
        "rates-voices": plots.rates_figure(
            [Rate(o, 10, 5000, 60, 12.0, 9.0, 15.0) for o in OUTLETS],
            [Rate(o, 10, 5000, 5, 1.0, 0.2, 2.0) for o in OUTLETS],
        ),
        "scores": plots.score_distributions_figure(OUTLETS, {o: [0.1, 0.5, 0.9] for o in OUTLETS}),
        "heatmap": plots.heatmap_figure(OUTLETS, [t.label for t in TECHNIQUES], values),
        "trend": plots.trend_figure(months, rate_by_month, counts),
        "phrases": plots.top_phrases_figure(phrases, "#fff"),
    }


@pytest.fixture(scope="module")
def figures() -> dict[str, Figure]:
    return _figures()


def test_legends_and_labels_lie_inside_the_figure(figures: dict[str, Figure]) -> None:
    for name, figure in figures.items():
        renderer = _drawn(figure)
        for legend in _legends(figure):
            assert _inside(figure, legend, renderer), name
        for axes in figure.axes:
            for tick in _shown_ticks(axes):
                assert _inside(figure, tick, renderer), (name, tick.get_text())
    shares = figures["shares"]
    assert len(shares.legends) == 1
    assert len(shares.legends[0].get_texts()) == len(TECHNIQUES)


def _integer(values: Any) -> bool:
    return all(float(v).is_integer() for v in values)


def test_count_axes_have_integer_ticks(figures: dict[str, Figure]) -> None:
    phrases, trend = figures["phrases"], figures["trend"]
    _drawn(phrases)
    _drawn(trend)
    for axes in phrases.axes:
        if axes.get_visible():
            assert _integer(axes.get_xticks())
    counts_axes = trend.axes[1]
    assert counts_axes.get_ylabel() == "articles" and _integer(counts_axes.get_yticks())
    # Small counts are where fractional ticks (0.5, 1.5) appeared.
    small = plots.top_phrases_figure({"a": [("x", 2), ("y", 1)]}, "#fff")
    _drawn(small)
    assert _integer(small.axes[0].get_xticks())


def test_trend_breaks_its_lines_at_empty_months(figures: dict[str, Figure]) -> None:
    rates_axes, counts_axes = figures["trend"].axes[:2]
    for line in rates_axes.get_lines():
        ys = list(line.get_ydata())
        assert len(ys) == 12
        assert [i for i, y in enumerate(ys) if math.isnan(y)] == [1, 5, 9]
    heights = [p.get_height() for p in counts_axes.patches]
    assert len(heights) == 5 * 12 and heights.count(0) == 5 * 3


def test_box_plot_marks_are_explained(figures: dict[str, Figure]) -> None:
    [legend] = figures["scores"].legends
    texts = " ".join(t.get_text() for t in legend.get_texts())
    for mark in ("box", "median", "mean", "whiskers", "circles"):
        assert mark in texts


def test_rates_of_both_voices_are_told_apart(figures: dict[str, Figure]) -> None:
    [legend] = figures["rates-voices"].legends
    assert [t.get_text() for t in legend.get_texts()] == ["author's voice", "quoted speech"]
    assert not figures["rates"].legends  # one voice: nothing to tell apart


def test_pngs_are_drawn() -> None:
    png = plots.rates([Rate("a", 3, 900, 9, 10.0, 5.0, 15.0)])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_the_report_screenshot_is_a_small_png_the_docs_show() -> None:
    root = Path(__file__).resolve().parents[1]
    data = (root / "docs" / "screenshots" / "corpus-report.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) < 300_000
    assert "screenshots/corpus-report.png" in (root / "docs" / "corpus.md").read_text("utf-8")
    assert "docs/screenshots/corpus-report.png" in (root / "README.md").read_text("utf-8")

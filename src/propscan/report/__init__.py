"""Reports of one analysed article: terminal text, JSON, HTML, TSV.

Use :func:`render` with one of :data:`FORMATS`; the JSON form is :meth:`Analysis.to_json`
(schema in ``docs/json-schema.md``).
"""

from __future__ import annotations

from propscan.analysis import Analysis
from propscan.errors import ConfigError
from propscan.report.html import render_html
from propscan.report.terminal import render_terminal
from propscan.report.tsv import render_tsv

FORMATS = ("text", "json", "html", "tsv")

__all__ = ["FORMATS", "render", "render_html", "render_terminal", "render_tsv"]


def render(analysis: Analysis, fmt: str, *, colour: bool | None = None, top: int = 10) -> str:
    """Render ``analysis`` in the format ``fmt``.

    Args:
        analysis: The analysis to render.
        fmt: One of :data:`FORMATS`.
        colour: Terminal format only: force colour on or off; ``None`` detects a terminal.
        top: Terminal format only: how many rows each table lists (strongest fragments,
            check-worthy claims, quotes, actors).

    Raises:
        ConfigError: ``fmt`` is not one of :data:`FORMATS`.
    """
    if fmt == "text":
        return render_terminal(analysis, colour=colour, top=top)
    if fmt == "json":
        return analysis.to_json()
    if fmt == "html":
        return render_html(analysis)
    if fmt == "tsv":
        return render_tsv(analysis)
    raise ConfigError(f"unknown report format {fmt!r}; allowed: {', '.join(FORMATS)}")

"""Shared helpers of the renderers: cutting the text into segments, describing techniques.

Fragments may overlap or nest, so renderers do not nest markup: they cut the text at every
fragment boundary (and at ``article_end``) into segments, each of which lists the fragments
that cover it. Concatenating the segments gives back the text exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from propscan.analysis import Analysis, Fragment
from propscan.taxonomy import TECHNIQUES, Technique

# Colour and words for a technique name that is not in the taxonomy (a custom detector's).
_UNKNOWN_COLOUR = "#cccccc"
_BY_NAME = {t.name: t for t in TECHNIQUES}
_INDEX = {t.name: i for i, t in enumerate(TECHNIQUES)}


@dataclass(frozen=True, slots=True)
class Piece:
    """A ``[start, end)`` run of the text covered by the same set of fragments.

    ``fragments`` is ordered innermost first (shortest fragment, then most confident), so
    ``fragments[0]`` is the one to show when only one can be shown; ``indices`` gives the
    position of each in ``Analysis.spans`` (equal fragments may occur more than once).
    """

    start: int
    end: int
    text: str
    fragments: tuple[Fragment, ...]
    indices: tuple[int, ...]
    furniture: bool

    @property
    def primary(self) -> Fragment | None:
        """The fragment to show for this piece, if any covers it."""
        return self.fragments[0] if self.fragments else None


def _priority(item: tuple[int, Fragment]) -> tuple[int, float, int, int]:
    index, fragment = item
    return (fragment.end - fragment.start, -fragment.confidence, fragment.start, index)


def pieces(analysis: Analysis) -> list[Piece]:
    """Cut the document text into pieces at every fragment boundary and at ``article_end``."""
    text = analysis.document.text
    article_end = analysis.document.article_end
    cuts = {0, len(text), article_end}
    for fragment in analysis.spans:
        cuts.update((fragment.start, fragment.end))
    bounds = sorted(cuts)
    by_start = sorted(enumerate(analysis.spans), key=lambda item: item[1].start)
    active: list[tuple[int, Fragment]] = []
    result = []
    next_fragment = 0
    for start, end in pairwise(bounds):
        while next_fragment < len(by_start) and by_start[next_fragment][1].start <= start:
            active.append(by_start[next_fragment])
            next_fragment += 1
        active = [item for item in active if item[1].end > start]
        covering = sorted(active, key=_priority)
        result.append(
            Piece(
                start,
                end,
                text[start:end],
                tuple(f for _, f in covering),
                tuple(i for i, _ in covering),
                start >= article_end,
            )
        )
    return result


def describe(name: str) -> Technique:
    """The taxonomy entry for ``name``, or a neutral stand-in for an unknown technique."""
    known = _BY_NAME.get(name)
    if known is not None:
        return known
    return Technique(name, name.replace("_", " "), "", "", _UNKNOWN_COLOUR, (), ())


def order(name: str) -> int:
    """Taxonomy position of a technique (unknown ones sort last)."""
    return _INDEX.get(name, len(TECHNIQUES))


def slug(name: str) -> str:
    """A CSS-class-safe form of a technique name."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "unknown"


def occurring(analysis: Analysis) -> list[tuple[str, int]]:
    """``(technique, count)`` for each technique that occurs, most frequent first."""
    counts: dict[str, int] = {}
    for fragment in analysis.spans:
        counts[fragment.technique] = counts.get(fragment.technique, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], order(item[0]), item[0]))


def strongest(analysis: Analysis, top: int) -> list[Fragment]:
    """The ``top`` most confident fragments, ties broken by position."""
    ranked = sorted(analysis.spans, key=lambda f: (-f.confidence, f.start, f.end, f.technique))
    return ranked[: max(top, 0)]


def one_line(text: str, limit: int = 80) -> str:
    """``text`` with whitespace runs collapsed, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"

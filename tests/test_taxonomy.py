"""The taxonomy's colours and codes: highlights that read, under text that can be read."""

from __future__ import annotations

import itertools
import math

import pytest

from propscan.taxonomy import TECHNIQUES, Technique


def _channels(colour: str) -> tuple[float, float, float]:
    """sRGB channels of ``#rrggbb``, linearised (WCAG 2.x relative luminance definition)."""
    out = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        out.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return out[0], out[1], out[2]


def luminance(colour: str) -> float:
    r, g, b = _channels(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def lab(colour: str) -> tuple[float, float, float]:
    """CIELAB (D65) of an sRGB colour."""
    r, g, b = _channels(colour)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def test_contrast_formula_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert lab("#ffffff") == pytest.approx((100.0, 0.0, 0.0), abs=0.02)


@pytest.mark.parametrize("t", TECHNIQUES, ids=lambda t: t.code or t.name)
def test_colour_is_a_readable_highlight(t: Technique) -> None:
    # The reports draw fragments (and the highlights' labels) in black on the colour.
    assert contrast("#000000", t.colour) >= 4.5  # WCAG AA for normal and small text
    lightness, a, b = lab(t.colour)
    # A highlight must stand out from the white page: a grey or a near-white pastel does not.
    assert math.hypot(a, b) >= 30, f"{t.colour} is too grey to read as a highlight"
    assert math.dist((lightness, a, b), lab("#ffffff")) >= 35, f"{t.colour} is too pale"


def test_colours_are_told_apart() -> None:
    pairs = itertools.combinations(TECHNIQUES, 2)
    closest = min(pairs, key=lambda p: math.dist(lab(p[0].colour), lab(p[1].colour)))
    assert math.dist(lab(closest[0].colour), lab(closest[1].colour)) >= 13, closest


def test_codes_are_short_and_distinct() -> None:
    codes = [t.code for t in TECHNIQUES]
    assert all(c.isalpha() and c.isupper() and len(c) <= 6 for c in codes)
    assert len(set(codes)) == len(codes)


def test_codes_agree_with_the_terminal_report() -> None:
    from propscan.report.terminal import code

    assert {t.name: t.code for t in TECHNIQUES} == {t.name: code(t.name) for t in TECHNIQUES}

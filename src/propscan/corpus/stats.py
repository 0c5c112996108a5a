"""The corpus report's statistics: rates per 1,000 words, bootstrap intervals, permutation tests.

The unit of sampling is the article: articles are what a corpus collects, and the fragments of
one article are not independent of each other (one author, one topic). So:

- an outlet's **rate** is its fragments per 1,000 words, pooled over its articles
  (``1000 * sum(fragments) / sum(words)``), which weighs each article by its length, as the
  outlet's readers meet it;
- its **95% confidence interval** is a percentile bootstrap over articles: the articles are
  drawn with replacement :data:`RESAMPLES` times, the pooled rate is computed for each draw, and
  the 2.5th and 97.5th percentiles are the interval;
- whether **two outlets differ** is a two-sided permutation test over articles: the two
  outlets' articles are pooled, the outlet labels shuffled :data:`PERMUTATIONS` times, and the
  p-value is the share of shuffles whose difference of rates is at least as large as the one
  observed (counting the observed one, so it is never 0). With many pairs, p-values are also
  given Holm-adjusted (family-wise error over all pairs shown). The difference also gets a
  bootstrap interval (each outlet's articles resampled on their own).

Every draw comes from a NumPy generator seeded with :data:`SEED` (and the outlet's or pair's
position), so a report is the same on every run.

Resampling costs draws times articles. Above :data:`LARGE` articles (an outlet for its
interval, a pair for its test and the interval of its difference) the normal approximation
that resampling converges to is used instead: the ratio estimator's delta-method standard
error, ``1000 * sqrt(n / (n - 1) * sum((f_i - r * w_i) ** 2)) / sum(w_i)``, for intervals, and
for the test a z statistic whose standard error is computed under the null hypothesis of one
common rate. ``method`` on each result says which was used.

An outlet's **score** figures (the author's, and quoted speech's) are the mean of its articles'
scores, with a percentile bootstrap interval over the articles in the same way (above
:data:`LARGE` articles, the mean ± 1.96 standard errors).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

SEED = 20200911  # SemEval-2020 Task 11's evaluation start; any fixed value would do
RESAMPLES = 2000
PERMUTATIONS = 2000
CONFIDENCE = 0.95
# Resampling costs draws times articles: a pair of two 10,000-article
# outlets took about 4 s on one core, and a report compares up to 78 pairs. At this size the
# normal approximation agrees with resampling to a few per cent (the tests check it at 3,000).
LARGE = 10_000
_Z = 1.959963984540054  # the standard normal's 97.5th percentile, for 95% intervals
# Values drawn per chunk of resamples: bounds memory whatever the outlet's size.
_CHUNK_VALUES = 1_000_000

Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Rate:
    """An outlet's fragments per 1,000 words with its bootstrap interval (``None`` when the
    outlet has fewer than two articles, or no words)."""

    outlet: str
    articles: int
    words: int
    fragments: int
    rate: float
    low: float | None
    high: float | None
    method: str = "bootstrap"


@dataclass(frozen=True, slots=True)
class Comparison:
    """Outlet ``a`` against outlet ``b``: the difference of their rates (``a - b``), its
    bootstrap interval, the permutation test's p-value and its Holm adjustment."""

    a: str
    b: str
    difference: float
    low: float | None
    high: float | None
    p: float | None
    p_holm: float | None
    method: str = "permutation"


@dataclass(frozen=True, slots=True)
class Mean:
    """The mean of an outlet's article scores with its bootstrap interval (``None`` when the
    outlet has fewer than two such articles; ``mean`` is ``None`` when it has none)."""

    outlet: str
    articles: int
    mean: float | None
    low: float | None
    high: float | None
    method: str = "bootstrap"


def mean(
    outlet: str, values: Array, *, seed: int = SEED, index: int = 0, resamples: int = RESAMPLES
) -> Mean:
    """The mean of ``values`` (one per article) with a percentile bootstrap interval over the
    articles, or above :data:`LARGE` articles the normal one (``1.96 * sd / sqrt(n)``);
    ``index`` picks the outlet's own random stream."""
    n = len(values)
    if n == 0:
        return Mean(outlet, 0, None, None, None)
    point = float(values.mean())
    if n < 2:
        return Mean(outlet, n, point, None, None)
    if n > LARGE:
        error = _Z * float(values.std(ddof=1)) / math.sqrt(n)
        return Mean(outlet, n, point, point - error, point + error, "normal")
    rng = np.random.default_rng([seed, 2_000_000 + index])
    draws = [
        values[rng.integers(0, n, size=(size, n))].mean(axis=1) for size in _chunks(n, resamples)
    ]
    low, high = _interval(np.concatenate(draws))
    return Mean(outlet, n, point, low, high)


def pooled_rate(fragments: Array, words: Array) -> float:
    """Fragments per 1,000 words over all the given articles (0 when they have no words)."""
    total = float(words.sum())
    return 1000.0 * float(fragments.sum()) / total if total > 0 else 0.0


def _chunks(n: int, draws: int) -> list[int]:
    per = max(1, _CHUNK_VALUES // max(n, 1))
    return [min(per, draws - start) for start in range(0, draws, per)]


def bootstrap_rates(
    fragments: Array, words: Array, rng: np.random.Generator, resamples: int = RESAMPLES
) -> Array:
    """The pooled rate of ``resamples`` bootstrap draws of the articles."""
    n = len(words)
    out: list[Array] = []
    for size in _chunks(n, resamples):
        index = rng.integers(0, n, size=(size, n))
        f, w = fragments[index].sum(axis=1), words[index].sum(axis=1)
        out.append(np.divide(1000.0 * f, w, out=np.zeros_like(f), where=w > 0))
    return np.concatenate(out)


def _interval(draws: Array) -> tuple[float, float]:
    tail = 100 * (1 - CONFIDENCE) / 2
    low, high = np.percentile(draws, [tail, 100 - tail])
    return float(low), float(high)


def rate(
    outlet: str,
    fragments: Array,
    words: Array,
    *,
    seed: int = SEED,
    index: int = 0,
    resamples: int = RESAMPLES,
) -> Rate:
    """An outlet's :class:`Rate`; ``index`` (its position) picks its own random stream."""
    point = pooled_rate(fragments, words)
    low = high = None
    method = "bootstrap"
    if len(words) > LARGE:
        method = "normal"
        error = _Z * standard_error(fragments, words, point)
        low, high = max(point - error, 0.0), point + error
    elif len(words) >= 2 and words.sum() > 0:
        rng = np.random.default_rng([seed, index])
        low, high = _interval(bootstrap_rates(fragments, words, rng, resamples))
    counts = (len(words), int(words.sum()), int(fragments.sum()))
    return Rate(outlet, *counts, point, low, high, method)


def standard_error(fragments: Array, words: Array, per_1000: float) -> float:
    """The delta-method standard error of a pooled rate, taking the articles' rate as
    ``per_1000`` (the observed one, or a common rate under a null hypothesis)."""
    n, total = len(words), float(words.sum())
    if n < 2 or total <= 0:
        return 0.0
    residual = fragments - per_1000 / 1000.0 * words
    return 1000.0 * math.sqrt(n / (n - 1) * float(residual @ residual)) / total


def normal_p(a: tuple[Array, Array], b: tuple[Array, Array]) -> float:
    """Two-sided p-value of the difference of pooled rates by the normal approximation, with
    the standard error under the null hypothesis of one common rate."""
    common = pooled_rate(np.concatenate([a[0], b[0]]), np.concatenate([a[1], b[1]]))
    error = math.hypot(standard_error(*a, common), standard_error(*b, common))
    difference = abs(pooled_rate(*a) - pooled_rate(*b))
    if error == 0:
        return 1.0 if difference == 0 else 0.0
    return math.erfc(difference / error / math.sqrt(2))


def permutation_p(
    a: tuple[Array, Array],
    b: tuple[Array, Array],
    rng: np.random.Generator,
    permutations: int = PERMUTATIONS,
) -> float:
    """Two-sided permutation p-value of the difference of pooled rates of ``a`` and ``b``,
    each given as (fragments, words) per article."""
    fragments = np.concatenate([a[0], b[0]])
    words = np.concatenate([a[1], b[1]])
    n, n_a = len(words), len(a[1])
    observed = abs(pooled_rate(*a) - pooled_rate(*b))
    # Ties: a shuffle as extreme as the data up to rounding counts as extreme.
    tolerance = 1e-9 * max(observed, 1.0)
    extreme = 0
    for size in _chunks(n, permutations):
        order = rng.permuted(np.tile(np.arange(n), (size, 1)), axis=1)
        first, second = order[:, :n_a], order[:, n_a:]
        diff = _rates(fragments[first], words[first]) - _rates(fragments[second], words[second])
        extreme += int(np.count_nonzero(np.abs(diff) >= observed - tolerance))
    return (1 + extreme) / (1 + permutations)


def _rates(fragments: Array, words: Array) -> Array:
    f, w = fragments.sum(axis=1), words.sum(axis=1)
    out: Array = np.divide(1000.0 * f, w, out=np.zeros_like(f), where=w > 0)
    return out


def holm(p_values: Sequence[float | None]) -> list[float | None]:
    """Holm's step-down adjustment of ``p_values`` (``None`` stays ``None``)."""
    known = sorted((p, i) for i, p in enumerate(p_values) if p is not None)
    adjusted: list[float | None] = [None] * len(p_values)
    running = 0.0
    m = len(known)
    for rank, (p, i) in enumerate(known):
        running = max(running, min(1.0, (m - rank) * p))
        adjusted[i] = running
    return adjusted


def compare(
    outlets: Sequence[tuple[str, Array, Array]],
    *,
    seed: int = SEED,
    resamples: int = RESAMPLES,
    permutations: int = PERMUTATIONS,
) -> list[Comparison]:
    """Every pair of ``outlets`` (name, fragments, words), in order: the difference of rates,
    its bootstrap interval and permutation p-values (``None`` where an outlet has fewer than two
    articles)."""
    found: list[tuple[str, str, float, float | None, float | None, float | None, str]] = []
    pair = 0
    for i, (name_a, f_a, w_a) in enumerate(outlets):
        for name_b, f_b, w_b in outlets[i + 1 :]:
            pair += 1
            difference = pooled_rate(f_a, w_a) - pooled_rate(f_b, w_b)
            if min(len(w_a), len(w_b)) < 2 or w_a.sum() <= 0 or w_b.sum() <= 0:
                found.append((name_a, name_b, difference, None, None, None, "permutation"))
                continue
            if len(w_a) + len(w_b) > LARGE:
                error = _Z * math.hypot(
                    standard_error(f_a, w_a, pooled_rate(f_a, w_a)),
                    standard_error(f_b, w_b, pooled_rate(f_b, w_b)),
                )
                p = normal_p((f_a, w_a), (f_b, w_b))
                found.append((name_a, name_b, difference, difference - error,
                              difference + error, p, "normal"))  # fmt: skip
                continue
            rng = np.random.default_rng([seed, 1_000_000 + pair])
            draws = bootstrap_rates(f_a, w_a, rng, resamples) - bootstrap_rates(
                f_b, w_b, rng, resamples
            )
            low, high = _interval(draws)
            p = permutation_p((f_a, w_a), (f_b, w_b), rng, permutations)
            found.append((name_a, name_b, difference, low, high, p, "permutation"))
    adjusted = holm([row[5] for row in found])
    return [
        Comparison(*row[:6], p_holm, row[6]) for row, p_holm in zip(found, adjusted, strict=True)
    ]

"""What claims, quotes and actors cost on top of the technique analysis.

Usage: python benchmarks/statements_throughput.py [--model accurate|fast] [--repeats 3]

``--model`` defaults to propscan's default model (accurate).

Over the 90 unlabelled PTC test articles (read and segmented once, beforehand), times the full
analysis (``propscan.pipeline.analyze_document``) with the statement detectors and with the
technique detector alone (article by article, back to back, the best of the repeats of each),
and each statement detector on its own. Prints articles/s for each and the slowdown the three
detectors together cause (issue 6: at most 30%).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from propscan.actors import find_actors
from propscan.dataset import load_articles
from propscan.detectors import DEFAULT_MODEL, load_detector
from propscan.document import Document
from propscan.pipeline import analyze_document
from propscan.quotes import find_quotes
from propscan.statements import Statements, load_statements

ARTICLES = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "ptc" / "unlabelled-test" / "articles"
)


class _Nothing(Statements):
    """Statement detectors that find nothing: the technique analysis alone."""

    def __call__(
        self, doc: Document, fragments: object, claims: object = None
    ) -> tuple[list, list, list]:  # type: ignore[override]
        return [], [], []


def _best(repeats: int, work: Callable[[], object]) -> float:
    return min(_timed(work) for _ in range(repeats))


def _timed(work: Callable[..., object], *args: object) -> float:
    start = time.perf_counter()
    work(*args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    args = parser.parse_args()

    documents = list(load_articles(args.articles).values())
    detector = load_detector(args.model)
    statements = load_statements()
    nothing = _Nothing(statements.claims)
    n = len(documents)
    # Warm up both paths (lazy imports, caches) before timing.
    for doc in documents[:3]:
        analyze_document(doc, detector, statements)

    # Article by article, the analysis without and with the statement detectors back to back,
    # the best of the repeats for each: this machine's cores are shared with neighbours, whose
    # load moved whole passes by a third here; it hits two runs a few ms apart alike.
    alone_of = np.full(n, np.inf)
    full_of = np.full(n, np.inf)
    for _ in range(args.repeats):
        for i, doc in enumerate(documents):
            alone_of[i] = min(alone_of[i], _timed(analyze_document, doc, detector, nothing))
            full_of[i] = min(full_of[i], _timed(analyze_document, doc, detector, statements))
    alone, full = float(alone_of.sum()), float(full_of.sum())
    analyses = [analyze_document(d, detector) for d in documents]
    parts = {
        "claims": _best(args.repeats, lambda: [statements.claims(d) for d in documents]),
        "quotes": _best(args.repeats, lambda: [find_quotes(d) for d in documents]),
        "actors": _best(
            args.repeats,
            lambda: [find_actors(a.document, a.spans, a.quotes) for a in analyses],
        ),
    }
    found = {
        "claims (check-worthy)": sum(sum(c.verdict == 1 for c in a.claims) for a in analyses),
        "quotes": sum(len(a.quotes) for a in analyses),
        "actors": sum(len(a.actors) for a in analyses),
    }

    print(f"articles: {n} ({args.articles}); model: {detector.name}; best of {args.repeats}")
    print(f"technique analysis alone:        {n / alone:8.1f} articles/s")
    print(f"with claims, quotes and actors:  {n / full:8.1f} articles/s")
    print(f"slowdown: {full / alone - 1:+.1%} (target: at most +30%)")
    for name, seconds in parts.items():
        print(f"  {name:<7} alone: {1000 * seconds / n:6.2f} ms/article ({n / seconds:,.0f}/s)")
    print("found: " + ", ".join(f"{v:,} {k}" for k, v in found.items()))


if __name__ == "__main__":
    main()

"""The article score's prior: how much of an annotated news article is propaganda.

Usage: .venv/bin/python benchmarks/score_prior.py [--data ../shared/data/ptc/train]

Prints, over the PTC training articles, the share of each article's sentences that overlap an
annotated fragment (mean, sd, quartiles), and the Beta(a, b) prior fitted to them by the method
of moments: the constants of ``propscan.article_score``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from propscan.dataset import load_dataset

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "ptc" / "train")
    args = parser.parse_args()
    shares = []
    for article in load_dataset(args.data):
        sentences = article.document.article_sentences
        if not sentences:
            continue
        flagged = sum(
            1 for s in sentences if any(g.start < s.end and s.start < g.end for g in article.gold)
        )
        shares.append(flagged / len(sentences))
    share = np.array(shares)
    mean, var = share.mean(), share.var()
    strength = mean * (1 - mean) / var - 1
    quartiles = ", ".join(f"{q:.3f}" for q in np.percentile(share, [25, 50, 75]))
    print(
        f"{len(share)} articles: share of sentences with propaganda mean {mean:.3f}, "
        f"sd {share.std():.3f}, quartiles {quartiles}"
    )
    print(
        f"Beta prior: PRIOR_FLAGGED = {mean * strength:.2f}, "
        f"PRIOR_CLEAN = {(1 - mean) * strength:.2f}"
    )


if __name__ == "__main__":
    main()

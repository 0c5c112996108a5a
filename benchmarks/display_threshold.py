"""The display threshold: what each cut on calibrated confidence keeps, on unseen articles.

Usage: .venv/bin/python benchmarks/display_threshold.py [--data ../shared/data/ptc/train]
       [--work src/propscan/data/models/.accurate.work/cv] [--epoch 2]

Reruns the cross-validation that ``propscan train --model accurate`` recorded in the shipped
manifests, from the fold models it kept in its work folder: each fold's fast model and its
accurate detector (tuned values chosen on the other folds) on the fold's held-out articles,
with confidences calibrated cross-fitted (each fold by a map fitted on the other folds'
fragments), as docs/evaluation.md's reliability tables. The reliability table printed first
must match the manifest's. Then, for each threshold: the share of held-out fragments kept, the
share of the kept that are right (overlap a gold fragment of the same technique), the share of
the right ones kept, and the SI and full-task F1 (SemEval-2020 Task 11, pooled over articles)
of the kept fragments. This is what ``propscan.threshold.DEFAULT_THRESHOLD`` was chosen from.
"""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

from propscan.dataset import load_dataset
from propscan.labels import LabelledSpan
from propscan.scoring import score_full, score_si
from propscan.training.calibrate import reliability
from propscan.training.crossval import (
    DEFAULT_VARIANT,
    CVResult,
    cross_fitted,
    cv_accurate,
    cv_fast,
    load_held_out,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
THRESHOLDS = (0.0, 0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4)


def report(name: str, result: CVResult, fold_of: dict[str, int]) -> None:
    _, confidence, right = cross_fitted(result, fold_of)
    predicted = [LabelledSpan(aid, f.start, f.end, f.technique) for aid, f in result.fragments]
    print(f"\n{name}: {len(confidence)} held-out fragments, {right.mean():.1%} right")
    print("reliability (compare with the manifest): bin, n, mean confidence, share right")
    for row in reliability(confidence, right):
        print(f"  {row.low:.1f}-{row.high:.1f} {row.n:6d} {row.confidence:.3f} {row.right:.3f}")
    print("threshold  kept  kept%  right-of-kept  right-kept%  SI-F1  full-F1")
    for threshold in THRESHOLDS:
        keep = confidence >= threshold
        kept = [p for p, k in zip(predicted, keep.tolist(), strict=True) if k]
        si = score_si(result.gold, kept).f1
        full = score_full(result.gold, kept).micro.f1
        precision = right[keep].mean() if keep.any() else 0.0
        print(
            f"  {threshold:5.2f} {int(keep.sum()):7d} {keep.mean():6.1%} {precision:12.1%}"
            f" {right[keep].sum() / right.sum():11.1%} {si:7.4f} {full:7.4f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "ptc" / "train")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "src/propscan/data/models/.accurate.work/cv"
    )
    parser.add_argument("--epoch", type=int, default=2)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    began = time.perf_counter()
    articles = load_dataset(args.data, "all")
    held = load_held_out(args.work, articles, args.epoch)
    fold_of = {a.id: h.fold for h in held for a in h.articles}
    report("fast", cv_fast(held), fold_of)
    report("accurate", cv_accurate(held, DEFAULT_VARIANT, {}, pooled=False), fold_of)
    print(f"\n({time.perf_counter() - began:.0f} s)")


if __name__ == "__main__":
    main()

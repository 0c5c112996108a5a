"""Two cross-validations' exports of one fold, scored side by side on that fold's held-out
articles: a paired check that needs only one fold trained (for instance the distilled student
against the undistilled accurate model, issue 17).

Usage: .venv/bin/python benchmarks/fold_compare.py WORK_A WORK_B [--fold 0] [--epoch 2]
           [--data ../shared/data/ptc/train] [--max-articles N]

WORK_A and WORK_B are cross-validation folders of ``propscan train`` (``folds.json``,
``foldK/epochN``), e.g. ``src/propscan/data/models/.accurate.work/cv``; they must hold the same
folds. Each export is served as a model directory: its own default decoding, no helper, no
calibration. So the encoders are compared, not the finished models, whose decoding and helper
mix the cross-validation chooses over all folds: the figures are lower than the CV's, and only
their difference is the point.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from propscan.dataset import load_dataset
from propscan.detectors import load_detector
from propscan.evaluation import evaluate_detector
from propscan.training.cv_accurate import FOLDS_FILE, epoch_dir

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work_a", type=Path)
    parser.add_argument("work_b", type=Path)
    parser.add_argument("--fold", type=int, default=0)
    parser.add_argument("--epoch", type=int, default=2)
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "ptc" / "train")
    parser.add_argument("--max-articles", type=int, default=None, help="A quick look: the first N.")
    args = parser.parse_args()
    splits = [json.loads((w / FOLDS_FILE).read_text("utf-8")) for w in (args.work_a, args.work_b)]
    if splits[0]["fold_of"] != splits[1]["fold_of"]:
        raise SystemExit("the two cross-validations hold different folds")
    held = {a for a, f in splits[0]["fold_of"].items() if f == args.fold}
    articles = [a for a in load_dataset(args.data, "all") if a.id in held][: args.max_articles]
    print(f"fold {args.fold}: {len(articles)} held-out articles")
    print(f"{'export':70s} {'SI':>6s} {'TC':>6s} {'full':>6s}")
    for work in (args.work_a, args.work_b):
        export = epoch_dir(work, args.fold, args.epoch)
        report = evaluate_detector(load_detector(str(export)), articles)
        assert report.tc is not None and report.full is not None
        tc, full = report.tc.micro.f1, report.full.micro.f1
        print(f"{export!s:70s} {report.si.f1:6.4f} {tc:6.4f} {full:6.4f}")


if __name__ == "__main__":
    main()

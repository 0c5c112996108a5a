"""Class weights for the rare techniques, by cross-validation (issue 13, item 4).

Usage: .venv/bin/python benchmarks/class_weights_cv.py --power 0.5
           [--encoders src/propscan/data/models/.accurate.work/cv] [--work /tmp/cw]
           [--data ../shared/data/ptc/train]

Scores the fast model, and the accurate one with that fast model mixed in, by the same 3-fold
cross-validation as ``propscan cv``, with the fast model's technique classifier trained with
class weights of the given power (``AccurateOptions.helper_tc_class_power``). The fold encoders are
those ``propscan train --model accurate`` kept in its work folder (linked, not copied); only
the fold fast models are fitted again. Prints the figures and per-technique TC F1, and writes
the record as JSON in the work folder.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from propscan.dataset import load_dataset
from propscan.models.train_accurate import AccurateOptions
from propscan.training.crossval import DEFAULT_VARIANT, format_summary, format_techniques, run_cv
from propscan.training.cv_accurate import write_folds

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--power", type=float, required=True)
    parser.add_argument(
        "--encoders", type=Path, default=ROOT / "src/propscan/data/models/.accurate.work/cv"
    )
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "ptc" / "train")
    args = parser.parse_args()
    work = args.work or Path(f"/tmp/propscan-class-weights-{args.power}")
    articles = load_dataset(args.data, "all")
    write_folds(work, articles, 3)
    for fold in range(3):
        fold_dir = work / f"fold{fold}"
        fold_dir.mkdir(exist_ok=True)
        for name in ("epoch1", "epoch2", "done"):
            if not (fold_dir / name).exists():
                (fold_dir / name).symlink_to(args.encoders / f"fold{fold}" / name)
    # The folds are marked done, so run_cv fits only the fold fast models, with this power.
    options = AccurateOptions(helper_tc_class_power=args.power)
    record = run_cv(articles, work, 3, options, variants=[DEFAULT_VARIANT])
    print(format_summary(record["results"]), end="")
    print(format_techniques(record["results"]), end="")
    (work / "record.json").write_text(json.dumps(record, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

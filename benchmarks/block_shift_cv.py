"""What the block shift and the full-task share of the decoding choice buy, by the accurate
model's cross-validation: the comparison behind ``crossval.SHIFT_WEIGHTS`` and
``crossval.FULL_WEIGHT``.

Usage: .venv/bin/python benchmarks/block_shift_cv.py --work DIR [--shifts 0,0.5,1]
           [--full-weight 0.25] [--data ../shared/data/ptc/train] [--epoch 2]

DIR is the ``cv`` folder of a ``propscan train --model accurate`` work folder (its fold
exports and fast helpers). The held-out outputs are computed once (a minute on 2 cores), then
the default variant is scored as ``propscan train`` scores it, with its tuned values chosen on
the other folds, the shift weights tried and the full-task share in the choice set as given
(a few minutes a run). ``--shifts 0 --full-weight 0`` is the choice before stop 31 (SI F1
alone, no shift), and reproduces the cross-validation recorded with the model of that time.
Prints SI, TC and full-task F1 by fold, the fragments, and the pooled SI precision and recall.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path

from propscan.dataset import load_dataset
from propscan.training import crossval
from propscan.training.crossval import DEFAULT_VARIANT, cv_accurate, load_held_out

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "ptc" / "train")
    parser.add_argument("--epoch", type=int, default=2)
    parser.add_argument("--shifts", default=",".join(map(str, crossval.SHIFT_WEIGHTS)))
    parser.add_argument("--full-weight", type=float, default=crossval.FULL_WEIGHT)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")
    began = time.perf_counter()
    held = load_held_out(args.work, load_dataset(args.data, "all"), args.epoch)
    crossval.SHIFT_WEIGHTS = tuple(float(x) for x in args.shifts.split(","))
    crossval.FULL_WEIGHT = args.full_weight
    result = cv_accurate(held, DEFAULT_VARIANT, {}, pooled=False)
    summary = result.summary()
    pooled = summary["pooled"]["si"]
    print(
        json.dumps(
            {
                "shifts": crossval.SHIFT_WEIGHTS,
                "full_weight": crossval.FULL_WEIGHT,
                "si_f1": summary["si_f1"],
                "tc_f1": summary["tc_f1"],
                "full_f1": summary["full_f1"],
                "fragments": len(result.predicted),
                "pooled_si_precision": round(pooled["precision"], 4),
                "pooled_si_recall": round(pooled["recall"], 4),
                "seconds": round(time.perf_counter() - began),
            }
        )
    )


if __name__ == "__main__":
    main()

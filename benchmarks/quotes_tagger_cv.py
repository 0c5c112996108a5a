"""The encoder cue tagger against the linear one, by 5-fold cross-validation over PolNeAR
train.

Usage: .venv/bin/python benchmarks/quotes_tagger_cv.py [--work DIR] [--folds-only 0,1]
           [--thresholds 0.35,0.5] [--weights 1,0.5] [--layers N] [--json out.json]

The folds are quotes_cue_cv.py's (840 train articles, near-duplicates in one fold). For each
fold, the encoder tagger is fine-tuned on the other four (``propscan.quotes.cuetagger_train
--fold K``, about 25 minutes on 2 cores; kept in ``WORK/FOLDS-foldK`` and resumed from its
checkpoint when cut off) and so is the linear tagger (``WORK/linear-foldK-DIGEST.txt``, DIGEST
naming the folds); :func:`find_attributions` is scored on the fold's articles with the
linear tagger alone (its shipped threshold), and with the encoder tagger at each threshold and
each share of the probability (``--weights``: 1 is the encoder tagger alone, 0.5 the mean of
the two). Prints each fold's content and source P/R/F1, then the mean ± standard deviation over
the folds and each setting's paired gain over the linear tagger. ``--layers N`` fine-tunes the
encoder's first N layers only (a cheaper tagger; give it its own ``--work``). PolNeAR dev is
not read.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import time
from dataclasses import replace
from pathlib import Path

from propscan.document import Document
from propscan.quotes import reported
from propscan.quotes.brat import read_folder
from propscan.quotes.cuemodel import using
from propscan.quotes.cueprobe_train import linear_folds
from propscan.quotes.cuetagger import CueTagger
from propscan.quotes.cuetagger_train import FOLDS, OPTIONS, folds_digest, folds_of, train
from propscan.quotes.evaluate import evaluate_articles

SHARED = Path(__file__).resolve().parents[2] / "shared"
MEASURES = (("p", "precision"), ("r", "recall"), ("f1", "f1"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "polnear")
    parser.add_argument("--work", type=Path, default=Path(".quotes-tagger-cv.work"))
    parser.add_argument("--folds-only", default=None, help="Comma-separated folds to run.")
    parser.add_argument("--thresholds", default="0.35,0.5")
    parser.add_argument("--weights", default="1,0.5")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--layers", type=int, default=None, help="The tagger's encoder layers.")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")
    logging.getLogger("propscan").setLevel(logging.INFO)
    folds = range(FOLDS) if args.folds_only is None else map(int, args.folds_only.split(","))
    settings = [
        (float(w), float(t)) for w in args.weights.split(",") for t in args.thresholds.split(",")
    ]
    articles = list(read_folder(args.data / "train"))
    fold_of = folds_of([{name: text for _, name, text, _ in articles}])
    rows: dict[str, list[dict[str, float]]] = {}
    linear = linear_folds(articles, fold_of, args.work)
    for fold in folds:
        started = time.perf_counter()
        tagger_dir = args.work / f"{folds_digest(fold_of)}-fold{fold}"
        if not (tagger_dir / "manifest.json").is_file():
            options = replace(OPTIONS, layers=args.layers)
            train(args.data / "train", tagger_dir, fold, options, resume=True)
        held_out = [a for a in articles if fold_of[a[1]] == fold]
        tagger = CueTagger.load(tagger_dir)
        cues = {name: tagger.evidence(Document.create(text)) for _, name, text, _ in held_out}
        runs = {"linear": None} | {f"weight {w} threshold {t}": (w, t) for w, t in settings}
        with using(linear[fold]):
            for label, setting in runs.items():
                given = None
                if setting is not None:
                    reported.TAGGER_WEIGHT = setting[0]
                    given = {n: replace(c, threshold=setting[1]) for n, c in cues.items()}
                report = evaluate_articles(held_out, given)
                row = {"fold": float(fold)}
                for part, prf in (("content", report.content), ("source", report.source)):
                    row |= {f"{part}_{m}": getattr(prf, k) for m, k in MEASURES}
                rows.setdefault(label, []).append(row)
                print(
                    f"fold {fold} {label}: content P {row['content_p']:.3f} R "
                    f"{row['content_r']:.3f} F1 {row['content_f1']:.3f}; source P "
                    f"{row['source_p']:.3f} R {row['source_r']:.3f} F1 {row['source_f1']:.3f}",
                    flush=True,
                )
        print(f"fold {fold}: {time.perf_counter() - started:.0f} s", flush=True)
    summary = {}
    for label, got in rows.items():
        summary[label] = {
            key: (statistics.mean(r[key] for r in got), _spread([r[key] for r in got]))
            for key in got[0]
            if key != "fold"
        }
        gains = {
            key: [r[key] - b[key] for r, b in zip(got, rows["linear"], strict=True)]
            for key in ("content_f1", "source_f1")
        }
        for part in ("content", "source"):
            p, r, f = (summary[label][f"{part}_{m}"] for m, _ in MEASURES)
            gain = gains[f"{part}_f1"]
            print(
                f"{label} {part}: P {p[0]:.3f} ± {p[1]:.3f}  R {r[0]:.3f} ± {r[1]:.3f}  "
                f"F1 {f[0]:.3f} ± {f[1]:.3f}  paired F1 gain {statistics.mean(gain):+.3f} "
                f"(folds {', '.join(f'{g:+.3f}' for g in gain)})"
            )
    if args.json:
        args.json.write_text(json.dumps({"folds": rows, "summary": summary}, indent=1))


def _spread(values: list[float]) -> float:
    return statistics.stdev(values) if len(values) > 1 else 0.0


if __name__ == "__main__":
    main()

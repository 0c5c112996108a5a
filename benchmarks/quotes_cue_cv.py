"""The quote cue tagger by 5-fold cross-validation over PolNeAR train articles.

Usage: .venv/bin/python benchmarks/quotes_cue_cv.py [--data ../shared/data/polnear]
           [--folds 5] [--thresholds 0.3,0.35,0.4] [-C 1] [--cache DIR] [--json out.json]

The 840 train articles are split by article (:func:`~propscan.quotes.cuetagger_train.folds_of`:
near-duplicates in one fold; an article's annotator files stay together). For each fold the cue
tagger is trained on the other four (``propscan.quotes.cuemodel.fit``) and
:func:`find_attributions` is scored on the fold with it (``propscan.quotes.evaluate``), once
for each cue threshold; the lexicon stays the packaged one, learnt on all of train. Prints
content and source P/R/F1 by fold, and their mean ± standard deviation over the folds.
``--cache DIR`` keeps the fold models (for a sweep of finder settings; clear it when the
features change). PolNeAR dev is not read.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from propscan.quotes import reported
from propscan.quotes.brat import read_folder
from propscan.quotes.cuemodel import examples, fit, parse, using
from propscan.quotes.cuetagger_train import folds_of
from propscan.quotes.evaluate import evaluate_articles

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "polnear")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None, help="Write the figures here.")
    parser.add_argument("--thresholds", default=str(reported.CUE_THRESHOLD))
    parser.add_argument("--aux-threshold", type=float, default=reported.AUX_THRESHOLD)
    parser.add_argument("--speech-aux-threshold", type=float, default=reported.SPEECH_AUX_THRESHOLD)
    parser.add_argument("--second-threshold", type=float, default=reported.SECOND_THRESHOLD)
    parser.add_argument("-C", type=float, default=1.0, help="Inverse L1 strength.")
    parser.add_argument("--cache", type=Path, default=None, help="Keep the fold models here.")
    parser.add_argument(
        "--no-extent", action="store_true", help="Cue extent by the lexicon and auxiliaries only."
    )
    args = parser.parse_args()
    reported.AUX_THRESHOLD = args.aux_threshold
    reported.SPEECH_AUX_THRESHOLD = args.speech_aux_threshold
    reported.SECOND_THRESHOLD = args.second_threshold
    reported.TAGGED_EXTENT = not args.no_extent
    thresholds = [float(t) for t in args.thresholds.split(",")]
    articles = list(read_folder(args.data / "train"))
    fold_of = folds_of([{name: text for _, name, text, _ in articles}], args.folds)
    rows_of: dict | None = None
    rows: dict[float, list[dict[str, float]]] = {t: [] for t in thresholds}
    for fold in range(args.folds):
        started = time.perf_counter()
        cached = args.cache / f"fold{fold}-C{args.C}.txt" if args.cache else None
        if cached and cached.is_file():
            weights = cached.read_text(encoding="utf-8")
        else:
            if rows_of is None:
                rows_of = examples(articles)
            weights = fit((r for n, r in rows_of.items() if fold_of[n] != fold), args.C)
            if cached:
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_text(weights, encoding="utf-8")
        seconds = time.perf_counter() - started
        held_out = [a for a in articles if fold_of[a[1]] == fold]
        with using(parse(weights)):
            for t in thresholds:
                reported.CUE_THRESHOLD = t
                report = evaluate_articles(held_out)
                row: dict[str, float] = {"fold": fold}
                for label, prf in (("content", report.content), ("source", report.source)):
                    row |= {f"{label}_{m}": getattr(prf, k) for m, k in _MEASURES}
                rows[t].append(row)
                print(
                    f"fold {fold} threshold {t}: content P {row['content_p']:.3f} "
                    f"R {row['content_r']:.3f} F1 {row['content_f1']:.3f}; source P "
                    f"{row['source_p']:.3f} R {row['source_r']:.3f} F1 {row['source_f1']:.3f}"
                    f" (model in {seconds:.0f} s)",
                    flush=True,
                )
    summary: dict[str, dict[str, tuple[float, float]]] = {}
    for t in thresholds:
        summary[str(t)] = {
            key: (
                statistics.mean(r[key] for r in rows[t]),
                statistics.stdev(r[key] for r in rows[t]),
            )
            for key in rows[t][0]
            if key != "fold"
        }
        for label in ("content", "source"):
            p, r, f = (summary[str(t)][f"{label}_{m}"] for m, _ in _MEASURES)
            print(
                f"threshold {t} {label}: P {p[0]:.3f} ± {p[1]:.3f}  R {r[0]:.3f} ± {r[1]:.3f}  "
                f"F1 {f[0]:.3f} ± {f[1]:.3f}"
            )
    if args.json:
        args.json.write_text(json.dumps({"folds": rows, "summary": summary}, indent=1))


_MEASURES = (("p", "precision"), ("r", "recall"), ("f1", "f1"))

if __name__ == "__main__":
    main()

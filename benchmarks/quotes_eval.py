"""Quotes and attributions on PolNeAR dev and train (Newell, Margolin, Ruths, LREC 2018).

Usage: .venv/bin/python benchmarks/quotes_eval.py [--data ../shared/data/polnear] [--no-train]

Prints content P/R/F1 and source P/R/F1 (the SemEval-2020 SI partial-overlap measure),
direct-quote exact-match P/R/F1, and articles per second (finding only, texts in memory);
then the speed of ``find_quotes_in_text`` (speakers included) on the PTC unlabelled-test
articles, best of three passes. The cue tagger is trained on train, so train figures
are not held-out; dev is.
Articles with several annotator files are scored once per file (see propscan.quotes.evaluate).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from propscan.quotes import find_quotes_in_text
from propscan.quotes.evaluate import evaluate_folder, format_report

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "polnear")
    parser.add_argument("--no-train", action="store_true", help="Score dev only.")
    args = parser.parse_args()
    for split in ("dev",) if args.no_train else ("dev", "train"):
        print(format_report(split, evaluate_folder(args.data / split)))
    ptc = sorted((SHARED / "data" / "ptc" / "unlabelled-test" / "articles").glob("*.txt"))
    if ptc:
        texts = [p.read_text(encoding="utf-8") for p in ptc]
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            for text in texts:
                find_quotes_in_text(text)
            best = min(best, time.perf_counter() - started)
        print(
            f"PTC unlabelled-test: {len(texts)} articles, {best / len(texts) * 1000:.2f} ms/article"
        )


if __name__ == "__main__":
    main()

"""Throughput and peak memory of `propscan predict` on the 90 unlabelled PTC test articles.

Usage: python benchmarks/predict_throughput.py [--model fast] [--repeats 3]

Prints, for the chosen model: model load time, in-process articles/s (best of the repeats,
reading and segmenting included), end-to-end `propscan predict` wall time and articles/s
(process start, imports and model load included), and the peak RSS of that process.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from propscan.dataset import load_articles
from propscan.detectors import load_detector

ARTICLES = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "ptc" / "unlabelled-test" / "articles"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="fast")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    args = parser.parse_args()

    start = time.perf_counter()
    detector = load_detector(args.model)
    load_s = time.perf_counter() - start

    best = float("inf")
    fragments = 0
    for _ in range(args.repeats):
        start = time.perf_counter()
        documents = load_articles(args.articles)
        fragments = sum(len(detector(doc).fragments) for doc in documents.values())
        best = min(best, time.perf_counter() - start)
    n = len(documents)
    words = sum(len(d.text.split()) for d in documents.values())

    with tempfile.TemporaryDirectory() as tmp:
        command = [
            sys.executable,
            "-m",
            "propscan",
            "predict",
            str(args.articles),
            "--task",
            "full",
            "--model",
            args.model,
            "-o",
            str(Path(tmp) / "pred.tsv"),
        ]
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        wall = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    print(f"model               {args.model}")
    print(f"articles            {n} ({words} words), {fragments} fragments")
    print(f"model load          {load_s:.3f} s")
    print(
        f"in-process predict  {n / best:.1f} articles/s ({words / best:.0f} words/s), "
        f"best of {args.repeats}"
    )
    print(f"propscan predict    {wall:.2f} s wall, {n / wall:.1f} articles/s end to end")
    print(f"peak RSS            {peak_mb:.0f} MB (propscan predict process)")


if __name__ == "__main__":
    main()

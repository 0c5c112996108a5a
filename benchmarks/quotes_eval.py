"""Quotes and attributions on PolNeAR dev and train (Newell, Margolin, Ruths, LREC 2018).

Usage: .venv/bin/python benchmarks/quotes_eval.py [--data ../shared/data/polnear] [--no-train]
           [--tagger DIR | --model NAME]

Prints content P/R/F1 and source P/R/F1 (the SemEval-2020 SI partial-overlap measure),
direct-quote exact-match P/R/F1, and articles per second (finding only, texts in memory);
then the speed of ``find_quotes_in_text`` (speakers included) on the PTC unlabelled-test
articles, best of three passes. The cue models are trained on train and dev (since stop 44),
so neither part's figures are held out: they show how a change to the rules moves what the
models have seen (the direct quotes' spans are the rules' alone). The held-out figures
are benchmarks/quotes_branch_cv.py's (5-fold CV over both parts).
Last, over the PolNeAR and PTC texts, how many "he"/"she" sources resolve to a speaker whose
surname the same text gives only the other gender's title ("Mr.", "Mrs." …): a floor on
gender misattributions (names without such a title go uncounted).
Articles with several annotator files are scored once per file (see propscan.quotes.evaluate).
``--tagger DIR``: with the encoder cue tagger in DIR (propscan.quotes.cuetagger), run over each
article first; the speed lines are then the finder's alone, the tagger's pass not counted.
``--model NAME``: the cue evidence a detector gives its quotes (the accurate model's cue probe,
propscan.quotes.cueprobe), as ``propscan analyze --model NAME`` finds quotes.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from propscan.detectors import load_detector
from propscan.document import Document
from propscan.quotes import find_quotes_in_text
from propscan.quotes.brat import read_folder
from propscan.quotes.cuetagger import CueTagger
from propscan.quotes.evaluate import evaluate_articles, format_report

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "polnear")
    parser.add_argument("--no-train", action="store_true", help="Score dev only.")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--tagger", type=Path, default=None, help="An encoder cue tagger.")
    group.add_argument("--model", default=None, help="A detector's cue evidence (accurate).")
    args = parser.parse_args()
    tagger = None if args.tagger is None else CueTagger.load(args.tagger)
    detector = None if args.model is None else load_detector(args.model)
    for split in ("dev",) if args.no_train else ("dev", "train"):
        golds = list(read_folder(args.data / split))
        cues = None
        if tagger is not None:
            texts = {name: text for _, name, text, _ in golds}
            cues = {n: tagger.evidence(Document.create(t)) for n, t in texts.items()}
        elif detector is not None:
            texts = {name: text for _, name, text, _ in golds}
            cues = {}
            for n, t in texts.items():
                evidence = detector(Document.create(t)).cue_evidence
                if evidence is not None:
                    cues[n] = evidence
        print(format_report(split, evaluate_articles(golds, cues)))
    print(_gender_check(args.data))
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


_MALE = re.compile(r"\b(?:Mr|Sir|Lord)\.?\s+([A-Z][\w’'-]+)")
_FEMALE = re.compile(r"\b(?:Mrs|Ms|Miss|Dame|Lady)\.?\s+([A-Z][\w’'-]+)")


def _gender_check(polnear: Path) -> str:
    """The he/she speakers (each source once) contradicting a gendered title of their surname
    in the text."""
    paths = sorted(polnear.glob("*/text/*")) + sorted(
        (SHARED / "data" / "ptc").glob("*/articles/*")
    )
    pronouns = contradicting = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        male, female = set(_MALE.findall(text)), set(_FEMALE.findall(text))
        seen = set()
        for quote in find_quotes_in_text(text):
            pronoun = quote.source.text.lower() if quote.source else ""
            if pronoun not in ("he", "she") or not quote.speaker or quote.source in seen:
                continue
            seen.add(quote.source)  # a source with two cues ("he said …, adding") counts once
            pronouns += 1
            surname = quote.speaker.split()[-1]
            other = male - female if pronoun == "she" else female - male
            contradicting += surname in other
    return (
        f"he/she speakers over {len(paths)} texts: {pronouns}, "
        f"{contradicting} contradicting a title the text gives their surname"
    )


if __name__ == "__main__":
    main()

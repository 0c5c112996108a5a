"""A random sample of the quotes of each kind found on PolNeAR dev, to judge the kinds by hand.

Usage: .venv/bin/python benchmarks/quote_kinds_sample.py [--per-kind 25] [--seed 7]
           [--model accurate | --linear]

Prints how many quotes of each kind (speech, thought, other; propscan.quote_kinds) the finder
gives PolNeAR's dev articles (Newell, Margolin, Ruths, LREC 2018), then ``--per-kind`` of
each, drawn with a fixed seed, with source, cue and the start of the sentence, for a reader to
say whether the kind is right. docs/models.md reports the judgment of the default sample.
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from pathlib import Path

from propscan.detectors import load_detector
from propscan.document import Document
from propscan.quote_kinds import KINDS, quote_kind
from propscan.quotes.brat import read_folder
from propscan.quotes.finder import find_attributions

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "polnear" / "dev")
    parser.add_argument("--per-kind", type=int, default=25)
    parser.add_argument("--seed", type=int, default=7)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--model", default="accurate", help="The detector giving cue evidence.")
    group.add_argument("--linear", action="store_true", help="The linear cue tagger alone.")
    args = parser.parse_args()
    detector = None if args.linear else load_detector(args.model)
    # One text per article (an article with several annotator files comes once per file).
    texts = {name: text for _, name, text, _ in read_folder(args.data)}
    rows: dict[str, list[str]] = defaultdict(list)
    for text in texts.values():
        cues = detector(Document.create(text)).cue_evidence if detector is not None else None
        for found in find_attributions(text, None, cues):
            cue = text[found.cue[0] : found.cue[1]] if found.cue else None
            kind = quote_kind(cue, found.direct)
            spans = [s for s in (found.cue, found.content, found.source) if s is not None]
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
            source = text[found.source[0] : found.source[1]] if found.source else None
            context = text[start : min(end, start + 220)]
            rows[kind].append(
                f"[{kind}] src={source!r} cue={cue!r} direct={found.direct} :: {context!r}"
            )
    for kind in KINDS:
        print(kind, len(rows[kind]))
    draw = random.Random(args.seed)
    for kind in KINDS:
        for row in draw.sample(rows[kind], min(args.per_kind, len(rows[kind]))):
            print(row)


if __name__ == "__main__":
    main()

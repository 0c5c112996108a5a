"""The cue lexicon: the words that introduce reported speech or thought, learnt from PolNeAR.

The packaged file ``propscan/data/quote-cues.txt`` (tab separated) lists, one cue a row, its
lowercased text, how often PolNeAR train annotates it as a cue, how often it occurs in the
train texts at all, and the ratio of the two (its precision as a cue). Regenerate it from the
train part with::

    .venv/bin/python -m propscan.quotes.lexicon ../shared/data/polnear/train \\
        -o src/propscan/data/quote-cues.txt

(Newell, Margolin, Ruths, "An Attribution Relations Corpus for Political News", LREC 2018.)
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from functools import cache
from importlib import resources
from pathlib import Path

from propscan.fileio import atomic_write
from propscan.quotes.brat import read_folder

# A cue must be annotated at least this often in train to be listed, and be a cue in at least
# this share of its occurrences to be used: below these, rare or ambiguous words ("support",
# "shows") cost more precision than they bring recall (checked on PolNeAR dev).
MIN_COUNT = 4
MIN_PRECISION = 0.25
# Speech-act verbs too rare in PolNeAR train to be learnt (under MIN_COUNT) that are cues in
# any news text: English reporting verbs in the forms a news sentence uses, verbs only (no
# "demand", "states" or "maintains", which are nouns or other verbs as often; no "observed",
# "speculated" or "pleaded", acts as often), and verbs of the manner of speaking ("barked").
GENERAL_CUES = frozenset(
    """affirm affirmed affirms demanded declares reiterates contended denies emphasised
    retorted quipped exclaimed alleges testified confirms mused asserts proclaimed proclaims
    opined chided scolded lectured griped intoned countered implored reasoned bragged marveled
    marvelled gloated hinted ridiculed barked snapped fumed scoffed groused gushed screamed
    whispered muttered grumbled stammered hissed growled shrieked bellowed thundered sneered
    jeered deadpanned""".split()
)
_CUE_SHAPE = re.compile(r"^[a-z][a-z' ]*[a-z]$")


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def build(train_dir: Path) -> list[tuple[str, int, int]]:
    """(cue, times annotated as a cue, occurrences in the texts) for the train part."""
    as_cue: Counter[str] = Counter()
    texts: dict[str, str] = {}
    files: Counter[str] = Counter()
    for _, name, text, attributions in read_folder(train_dir):
        texts[name] = text
        files[name] += 1
        for attribution in attributions:
            if len(attribution.cue) == 1:
                s, e = attribution.cue[0]
                cue = _normal(text[s:e])
                if _CUE_SHAPE.match(cue) and len(cue.split()) <= 3:
                    as_cue[cue] += 1
    # Several annotator files for one article count the article's text once per file.
    keep = {c: n for c, n in as_cue.items() if n >= MIN_COUNT}
    seen: Counter[str] = Counter()
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(c) for c in sorted(keep, key=len, reverse=True)) + r")\b"
    )
    for name, text in texts.items():
        for match in pattern.finditer(_normal(text)):
            seen[match.group(1)] += files[name]
    return sorted(((c, n, max(seen[c], n)) for c, n in keep.items()), key=lambda r: -r[1])


@cache
def cues() -> frozenset[str]:
    """The packaged cues whose precision is at least :data:`MIN_PRECISION`, and
    :data:`GENERAL_CUES`."""
    raw = (resources.files("propscan") / "data" / "quote-cues.txt").read_text(encoding="utf-8")
    out = set()
    for line in raw.splitlines():
        if line and not line.startswith("#"):
            cue, count, seen = line.split("\t")[:3]
            if int(count) / int(seen) >= MIN_PRECISION:
                out.add(cue)
    return frozenset(out) | GENERAL_CUES


def main(argv: list[str] | None = None) -> None:
    """Write the lexicon learnt from a PolNeAR train folder (``text/``, ``attributions/``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train_dir", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    rows = build(args.train_dir)
    header = "# cue\tas_cue\toccurrences\tprecision (PolNeAR train; see propscan.quotes.lexicon)\n"
    body = "".join(f"{c}\t{n}\t{s}\t{n / s:.3f}\n" for c, n, s in rows)
    atomic_write(args.output, header + body)


if __name__ == "__main__":
    main()

"""Words that news writes in lower case: a capitalised run opening with one is no person's name.

"Freedom Outpost" (a site's name in a poll widget of 71 PTC articles), "Holy Communion",
"Deep State" and "New Yorker" have the shape of a person's name, two capitalised words, and
were typed persons. News writes "freedom", "holy", "deep" and "new" in lower case mid-sentence
all the time, a first name hardly ever ("brett", "theresa"); the first names that are words
too ("Bill", "Mark", "Rush") are in the first-name lists, which win. The packaged file
``propscan/data/lowercase-words.txt`` lists, one a line, the words written in lower case at
least :data:`MIN_COUNT` times in the texts it is built from. Regenerate it with::

    .venv/bin/python -m propscan.actors.common_words ../shared/data/ptc/train/articles \\
        ../shared/data/ptc/unlabelled-test/articles ../shared/data/polnear/train/text \\
        -o src/propscan/data/lowercase-words.txt

(PTC: Da San Martino et al., EMNLP 2019; PolNeAR: Newell, Margolin, Ruths, LREC 2018. Its dev
part is left out: the actors are measured there.)
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

from propscan.fileio import atomic_write

# A word must be written in lower case this often to be listed: rarer words may be a
# surname's lower-case homograph seen by chance ("rice", "bush" are listed all the same; the
# first name before them keeps the person).
MIN_COUNT = 10
# A word in lower case: letters only, after a letter, space or punctuation that is no
# sentence's start (a sentence's first word is capitalised whatever it is).
_LOWER = re.compile(r"(?<![\w’'.\-])[a-z]{2,}(?![\w’'\-])")


def count_lowercase(texts: Iterable[str]) -> Counter[str]:
    """How often each word is written in lower case in ``texts``."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(_LOWER.findall(text))
    return counts


@cache
def lowercase_words() -> frozenset[str]:
    """The packaged list of words news writes in lower case."""
    raw = (resources.files("propscan") / "data" / "lowercase-words.txt").read_text(encoding="utf-8")
    return frozenset(line for line in raw.splitlines() if line and not line.startswith("#"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path, help="folders of .txt articles")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    paths = sorted(p for folder in args.folders for p in folder.glob("*.txt"))
    counts = count_lowercase(p.read_text(encoding="utf-8") for p in paths)
    words = sorted(w for w, n in counts.items() if n >= MIN_COUNT)
    header = (
        f"# Words written in lower case at least {MIN_COUNT} times in {len(paths)} news "
        "texts (see propscan.actors.common_words).\n"
    )
    atomic_write(args.output, header + "".join(f"{w}\n" for w in words))
    print(f"{len(words)} words from {len(paths)} texts -> {args.output}")


if __name__ == "__main__":
    main()

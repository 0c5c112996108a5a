"""The gender a first name gives, for "he" and "she": the hand lists, and the US census.

A pronoun's speaker is the nearest person of its gender; a person whose first name the hand
lists of :mod:`propscan.actors.lexicon` do not know (about 200 men's and 160 women's names)
has no gender, and "he" went to "Gabriela Violeta Lazar" or "Chelsea Nguyen", "she" to
"Milton Berg". The packaged file ``propscan/data/first-names.txt`` adds the first names of the
1990 US census (U.S. Census Bureau, "Frequently Occurring Names", public domain) that one sex
bears far more than the other: a share of at least :data:`MIN_SHARE` percent of that sex's
people, and at least :data:`RATIO` times the other's share. Rarer names are left out (the
census lists "Kristian" as a woman's name, 0.003%), and so are those news gives both sexes
(``lexicon.AMBIGUOUS_FIRST_NAMES``, "Alex", "Chris"). The hand lists win where the two differ.
The census files ship in the PyPI package ``names`` (MIT licence; in the dev extra).
Regenerate with::

    .venv/bin/python -m propscan.actors.first_names -o src/propscan/data/first-names.txt
"""

from __future__ import annotations

import argparse
from functools import cache
from importlib import resources
from pathlib import Path

from propscan.actors.lexicon import (
    AMBIGUOUS_FIRST_NAMES,
    FEMALE_FIRST_NAMES,
    MALE_FIRST_NAMES,
)
from propscan.fileio import atomic_write

# A census name's share of its sex's people, in percent, below which it is left out.
MIN_SHARE = 0.01
# How many times the other sex's share a name's share must be.
RATIO = 20.0


def census_shares(path: Path) -> dict[str, float]:
    """A census file's names (title case) and their shares in percent: lines of name, share,
    cumulative share and rank."""
    shares: dict[str, float] = {}
    for line in path.read_text(encoding="ascii").splitlines():
        fields = line.split()
        if len(fields) == 4:
            shares[fields[0].title()] = float(fields[1])
    return shares


def gendered(male: dict[str, float], female: dict[str, float]) -> dict[str, str]:
    """The names one sex bears far more than the other, with "m" or "f"."""
    out: dict[str, str] = {}
    for sex, own, other in (("m", male, female), ("f", female, male)):
        for name, share in own.items():
            if share >= MIN_SHARE and share >= RATIO * other.get(name, 0.0):
                out[name] = sex
    return {n: s for n, s in out.items() if n not in AMBIGUOUS_FIRST_NAMES}


@cache
def _packaged() -> dict[str, str]:
    raw = (resources.files("propscan") / "data" / "first-names.txt").read_text(encoding="utf-8")
    pairs = (line.split() for line in raw.splitlines() if line and not line.startswith("#"))
    return {name: sex for name, sex in pairs}


def first_name_gender(word: str) -> str | None:
    """ "m" or "f" for a first name that gives one ("Ann": "f"), else ``None``."""
    if word in MALE_FIRST_NAMES:
        return "m"
    if word in FEMALE_FIRST_NAMES:
        return "f"
    return _packaged().get(word)


# Modals that are first names too ("Theresa May", "Will Hurd", "Can Dündar"): opening a
# question before a name ("Will Sanders come down …?"), the modal's.
MODAL_NAMES = frozenset("will may can".split())


def opening_first_name(word: str) -> bool:
    """Whether ``word``, opening a sentence before a name, is that person's first name though
    the text also writes it in lower case ("Bill Clinton" in a text about a bill, "Hope
    Hicks"), not a modal ("Will Sanders come down …?")."""
    return word.lower() not in MODAL_NAMES and first_name_gender(word) is not None


def _census_folder() -> Path:
    return Path(str(resources.files("names")))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--census",
        type=Path,
        default=None,
        help="folder of dist.male.first and dist.female.first (default: the names package's)",
    )
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    folder = args.census or _census_folder()
    male = census_shares(folder / "dist.male.first")
    female = census_shares(folder / "dist.female.first")
    names = gendered(male, female)
    header = (
        f"# First names of the 1990 US census borne by one sex: share >= {MIN_SHARE}% and "
        f">= {RATIO:g} times the other's (see propscan.actors.first_names).\n"
    )
    atomic_write(args.output, header + "".join(f"{n} {s}\n" for n, s in sorted(names.items())))
    counts = sum(s == "m" for s in names.values()), sum(s == "f" for s in names.values())
    print(f"{counts[0]} men's and {counts[1]} women's names -> {args.output}")


if __name__ == "__main__":
    main()

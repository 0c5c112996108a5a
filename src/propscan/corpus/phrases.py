"""The most frequent phrases of each technique, normalised so that variants count together.

A fragment's text is what the detector cut out of the article, often with the punctuation or
quotation mark at its edge (``", dies in her mouth"``, ``"“traitors”"``). Before counting,
:func:`normalise` folds case and Unicode compatibility forms, turns curly quotes straight,
collapses whitespace and strips everything that is not a letter or digit from both ends. Phrases
seen fewer than a minimum number of times are left out: in a corpus report a phrase seen once or
twice is noise.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from propscan.corpus.store import Row

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "«": '"',
                         "»": '"'})  # fmt: skip
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")


def normalise(text: str) -> str:
    """``text`` as phrases are counted: case-folded, quotes straight, whitespace collapsed,
    no punctuation at either end (empty when nothing else is left)."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    return _EDGES.sub("", " ".join(folded.split()))


@dataclass
class PhraseTable:
    """Normalised phrase counts: technique -> phrase -> outlet group -> fragments."""

    min_count: int = 1
    counts: dict[str, dict[str, Counter[str]]] = field(default_factory=dict)

    def by_technique(self, limit: int) -> list[tuple[str, list[tuple[str, int, Counter[str]]]]]:
        """For each technique with a phrase seen at least ``min_count`` times in the corpus:
        its ``limit`` most frequent (phrase, total, per outlet), most frequent first."""
        found = []
        for technique in sorted(self.counts):
            phrases = [
                (phrase, sum(outlets.values()), outlets)
                for phrase, outlets in self.counts[technique].items()
                if sum(outlets.values()) >= self.min_count
            ]
            phrases.sort(key=lambda p: (-p[1], p[0]))
            if phrases:
                found.append((technique, phrases[:limit]))
        return found

    def by_outlet(self, technique: str, limit: int) -> dict[str, list[tuple[str, int]]]:
        """Each outlet group's ``limit`` most frequent phrases of ``technique`` seen at least
        ``min_count`` times in it."""
        per: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for phrase, outlets in self.counts.get(technique, {}).items():
            for outlet, n in outlets.items():
                if n >= self.min_count:
                    per[outlet].append((phrase, n))
        return {o: sorted(p, key=lambda x: (-x[1], x[0]))[:limit] for o, p in sorted(per.items())}


def count_phrases(
    rows: Iterable[Row], bucket: Callable[[str | None], str], min_count: int
) -> PhraseTable:
    """Count (outlet, technique, text, fragments) rows into a :class:`PhraseTable`, with
    ``bucket`` naming each outlet's group."""
    table = PhraseTable(min_count)
    for outlet, technique, text, n in rows:
        phrase = normalise(str(text))
        if phrase:
            per = table.counts.setdefault(str(technique), {})
            per.setdefault(phrase, Counter())[bucket(outlet)] += int(n)
    return table

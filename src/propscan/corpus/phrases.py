"""The most frequent phrases of each technique, normalised so that variants count together.

A fragment's text is what the detector cut out of the article, often with the punctuation or
quotation mark at its edge (``", dies in her mouth"``, ``"“traitors”"``). Before counting,
:func:`normalise` folds case and Unicode compatibility forms, turns curly quotes straight,
collapses whitespace and strips everything that is not a letter or digit from both ends. Phrases
seen fewer than a minimum number of times are left out: in a corpus report a phrase seen once or
twice is noise. Each phrase also keeps how many of its fragments are in quoted speech (issue 15),
so the report can tell an outlet's own words from those it quotes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from propscan.corpus.store import Row
from propscan.voice import QUOTE

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
    """Normalised phrase counts: technique -> phrase -> outlet group -> fragments, in both
    voices (``counts``) and in quoted speech only (``quoted``)."""

    min_count: int = 1
    counts: dict[str, dict[str, Counter[str]]] = field(default_factory=dict)
    quoted: dict[str, dict[str, Counter[str]]] = field(default_factory=dict)

    def quoted_count(self, technique: str, phrase: str, outlet: str | None = None) -> int:
        """How many of a phrase's fragments are in quoted speech (in one outlet group, or in
        all)."""
        found = self.quoted.get(technique, {}).get(phrase, Counter())
        return found[outlet] if outlet is not None else sum(found.values())

    def by_technique(
        self, limit: int
    ) -> list[tuple[str, list[tuple[str, int, Counter[str], int]]]]:
        """For each technique with a phrase seen at least ``min_count`` times in the corpus:
        its ``limit`` most frequent (phrase, total, per outlet, of them in quoted speech), most
        frequent first."""
        found = []
        for technique in sorted(self.counts):
            phrases = [
                (phrase, sum(outlets.values()), outlets, self.quoted_count(technique, phrase))
                for phrase, outlets in self.counts[technique].items()
                if sum(outlets.values()) >= self.min_count
            ]
            phrases.sort(key=lambda p: (-p[1], p[0]))
            if phrases:
                found.append((technique, phrases[:limit]))
        return found

    def by_outlet(
        self, technique: str, limit: int, *, author: bool = False
    ) -> dict[str, list[tuple[str, int]]]:
        """Each outlet group's ``limit`` most frequent phrases of ``technique`` seen at least
        ``min_count`` times in it; with ``author``, counting only the author's voice."""
        per: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for phrase, outlets in self.counts.get(technique, {}).items():
            for outlet, n in outlets.items():
                if author:
                    n -= self.quoted_count(technique, phrase, outlet)
                if n >= self.min_count:
                    per[outlet].append((phrase, n))
        return {o: sorted(p, key=lambda x: (-x[1], x[0]))[:limit] for o, p in sorted(per.items())}


def count_phrases(
    rows: Iterable[Row], bucket: Callable[[str | None], str], min_count: int
) -> PhraseTable:
    """Count (outlet, technique, text, voice, fragments) rows into a :class:`PhraseTable`,
    with ``bucket`` naming each outlet's group."""
    table = PhraseTable(min_count)
    for outlet, technique, text, voice, n in rows:
        phrase = normalise(str(text))
        if phrase:
            per = table.counts.setdefault(str(technique), {})
            per.setdefault(phrase, Counter())[bucket(outlet)] += int(n)
            if voice == QUOTE:
                quoted = table.quoted.setdefault(str(technique), {})
                quoted.setdefault(phrase, Counter())[bucket(outlet)] += int(n)
    return table

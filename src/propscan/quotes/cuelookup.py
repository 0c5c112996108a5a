"""Where lexicon cues start in a sentence's tokens.

The cue lexicon (:func:`propscan.quotes.lexicon.cues`) indexed by the spellings of each cue's
first word (cues of up to three words), so that the check, which runs on nearly every token,
is a dictionary look-up.
"""

from __future__ import annotations

from functools import cache
from itertools import pairwise

from propscan.quotes.cuemodel import spellings
from propscan.quotes.lexicon import cues


@cache
def _cue_index() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The lexicon cues of at most three words by the lowercased text of their first token
    (``’`` or ``'`` in each apostrophe), each as its normalised words, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for cue in cues():
        words = tuple(cue.split(" "))
        if len(words) > 3:
            continue  # longer than any cue that cue_at looks for
        for spelling in spellings(words[0]):
            index.setdefault(spelling, []).append(words)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()}


# The lexicon cues a token's raw text may start (a memo: the check runs on nearly every token).
CUES_BY_RAW: dict[str, tuple[tuple[str, ...], ...]] = {}


def cue_at(tokens: list[tuple[int, int, str]], i: int) -> int:
    """Length in tokens of the longest lexicon cue starting at token ``i`` (0 if none)."""
    raw = tokens[i][2]
    starts = CUES_BY_RAW.get(raw)
    if starts is None:
        starts = CUES_BY_RAW[raw] = _cue_index().get(raw.lower(), ())
    for cue in starts:
        n = len(cue)
        if n == 1:
            return 1
        if i + n > len(tokens) or tokens[i + 1][2].lower().replace("’", "'") != cue[1]:
            continue
        if n == 2 or tokens[i + 2][2].lower().replace("’", "'") == cue[2]:
            return n
    return 0


def cue_in(words: list[str]) -> bool:
    """Whether a lexicon cue starts at some token of a sentence (its lowercased token texts),
    as :func:`cue_at` finds them."""
    singles, pairs = cue_sets()
    if not singles.isdisjoint(words):
        return True
    if pairs.isdisjoint(pairwise(words)):
        return False
    index = _cue_index()
    for i in range(len(words) - 1):
        if (words[i], words[i + 1]) not in pairs:
            continue
        second = words[i + 1].replace("’", "'")
        for cue in index[words[i]]:
            if len(cue) == 1 or cue[1] != second:
                continue
            if len(cue) == 2 or (i + 2 < len(words) and words[i + 2].replace("’", "'") == cue[2]):
                return True
    return False


@cache
def cue_sets() -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """The lowercased token texts of the one-word lexicon cues, and the lowercased first two
    token texts of the longer ones (up to three words)."""
    singles: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for cues_of_first in _cue_index().values():
        for cue in cues_of_first:
            if len(cue) == 1:
                singles.update(spellings(cue[0]))
            else:
                pairs.update((a, b) for a in spellings(cue[0]) for b in spellings(cue[1]))
    return frozenset(singles), frozenset(pairs)

"""Cross-validation folds by article, with near-duplicate articles kept in one fold.

PTC holds near-duplicates: the same story from the same outlet, scraped twice or lightly
edited. An article whose twin sits in the training folds is half seen, so a split that parts
them overstates how a model does on new articles. Two articles are linked when more than
``NEAR_DUPLICATE`` of the 8-word sequences of either one also occur in the other; linked
articles form groups (transitively), and a group goes whole into one fold.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

# Word sequences this long rarely repeat between different stories by chance.
SHINGLE = 8
# The share of one article's 8-word sequences found in another that makes them near-duplicates
# (a fifth: the measure the held-out evaluation used to count them).
NEAR_DUPLICATE = 0.2

_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE) -> frozenset[int]:
    """Hashes of the text's ``size``-word sequences, lower-cased."""
    words = _WORD.findall(text.lower())
    return frozenset(
        hash(" ".join(words[i : i + size])) for i in range(max(0, len(words) - size + 1))
    )


def overlap(a: frozenset[int], b: frozenset[int]) -> float:
    """The larger of the shares of ``a``'s and of ``b``'s sequences that the other holds."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def near_duplicate_pairs(
    texts: dict[str, str], threshold: float = NEAR_DUPLICATE
) -> list[tuple[str, str, float]]:
    """Pairs of article IDs whose overlap exceeds ``threshold``, with the overlap."""
    sets = {aid: shingles(text) for aid, text in texts.items()}
    # Only articles sharing a sequence are compared (an inverted index, not all pairs).
    holders: dict[int, list[str]] = defaultdict(list)
    for aid in sorted(sets):
        for s in sets[aid]:
            holders[s].append(aid)
    candidates = {(a, b) for ids in holders.values() if len(ids) > 1 for a in ids for b in ids}
    pairs = []
    for a, b in sorted(candidates):
        if a < b:
            share = overlap(sets[a], sets[b])
            if share > threshold:
                pairs.append((a, b, round(share, 4)))
    return pairs


def groups(texts: dict[str, str], threshold: float = NEAR_DUPLICATE) -> list[list[str]]:
    """Articles linked by near-duplication, transitively; singletons included, sorted."""
    return _linked(texts, near_duplicate_pairs(texts, threshold))


def _linked(texts: dict[str, str], pairs: list[tuple[str, str, float]]) -> list[list[str]]:
    parent = {aid: aid for aid in texts}

    def root(aid: str) -> str:
        while parent[aid] != aid:
            parent[aid] = parent[parent[aid]]
            aid = parent[aid]
        return aid

    for a, b, _ in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = defaultdict(list)
    for aid in sorted(texts):
        members[root(aid)].append(aid)
    return sorted(members.values())


@dataclass(frozen=True)
class Folds:
    """Which fold each article is in."""

    k: int
    fold_of: dict[str, int]
    # The near-duplicate pairs the groups were made from: (ID, ID, overlap).
    pairs: tuple[tuple[str, str, float], ...] = ()

    def held_out(self, fold: int) -> list[str]:
        return sorted(aid for aid, f in self.fold_of.items() if f == fold)

    def training(self, fold: int) -> list[str]:
        return sorted(aid for aid, f in self.fold_of.items() if f != fold)

    def sizes(self) -> list[int]:
        return [len(self.held_out(f)) for f in range(self.k)]


def _order(group: Sequence[str]) -> tuple[int, bytes]:
    # Largest groups first (they are the hardest to balance); then a fixed pseudo-random order
    # from the IDs, so that folds do not follow the IDs' order (articles were numbered by
    # source and date).
    return (-len(group), hashlib.sha256(" ".join(group).encode("utf-8")).digest())


def make_folds(texts: dict[str, str], k: int, threshold: float = NEAR_DUPLICATE) -> Folds:
    """``k`` folds of about equal size; each near-duplicate group lies in one fold.

    Deterministic: the same texts give the same folds.
    """
    if k < 2:
        raise ValueError(f"cross-validation needs at least 2 folds, not {k}")
    if len(texts) < k:
        raise ValueError(f"{len(texts)} articles cannot fill {k} folds")
    pairs = near_duplicate_pairs(texts, threshold)
    sizes = [0] * k
    fold_of: dict[str, int] = {}
    for group in sorted(_linked(texts, pairs), key=_order):
        fold = min(range(k), key=lambda f: (sizes[f], f))
        sizes[fold] += len(group)
        for aid in group:
            fold_of[aid] = fold
    return Folds(k, fold_of, tuple(pairs))

"""Whose words a stretch of text is: the author's, or a quotation the article reports.

A fragment is in a quote's voice when at least half of its characters lie inside the quote's
content. Only direct quotations count: reported speech without quotation marks ("he claims
that …") is the author's own wording of what someone said, so its techniques are the author's.
Quotes may nest (a quotation inside a quotation); a stretch inside both belongs to the inner
one, the quote that starts last.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from propscan.document import Segment

AUTHOR = "author"
QUOTE = "quote"
VOICES = (AUTHOR, QUOTE)


@dataclass(frozen=True, slots=True)
class QuoteCover:
    """The text's direct quotations as disjoint pieces, each owned by one quote."""

    starts: list[int]
    ends: list[int]
    owners: list[int]  # indices into the quotes the cover was made from

    @classmethod
    def of(cls, contents: Sequence[Segment | None]) -> QuoteCover:
        """The cover of ``contents`` (one per quote, ``None`` for a quote that does not count),
        by a sweep over their ends: linear in the number of quotes, whatever their nesting."""
        bounds = sorted({p for c in contents if c is not None for p in (c.start, c.end)})
        opening = sorted((c.start, -c.end, q) for q, c in enumerate(contents) if c is not None)
        starts: list[int] = []
        ends: list[int] = []
        owners: list[int] = []
        active: list[tuple[int, int, int]] = []  # (-start, end, quote): the inner one first
        i = 0
        for lo, hi in pairwise(bounds):
            while i < len(opening) and opening[i][0] <= lo:
                start, neg_end, q = opening[i]
                heapq.heappush(active, (-start, -neg_end, q))
                i += 1
            # Quotes that ended are dropped once they surface; the one on top is the open
            # quote that started last.
            while active and active[0][1] <= lo:
                heapq.heappop(active)
            if active:
                starts.append(lo)
                ends.append(hi)
                owners.append(active[0][2])
        return cls(starts, ends, owners)

    def overlaps(self, start: int, end: int) -> Counter[int]:
        """How many characters of ``[start, end)`` each quote owns."""
        found: Counter[int] = Counter()
        i = max(bisect_right(self.starts, start) - 1, 0)
        while i < len(self.starts) and self.starts[i] < end:
            covered = min(end, self.ends[i]) - max(start, self.starts[i])
            if covered > 0:
                found[self.owners[i]] += covered
            i += 1
        return found

    def quote_of(self, start: int, end: int) -> int | None:
        """The quote whose voice ``[start, end)`` is in, ``None`` for the author's."""
        found = self.overlaps(start, end)
        if not found:
            return None
        quote, covered = max(found.items(), key=lambda item: (item[1], -item[0]))
        return quote if 2 * covered >= end - start else None

    def quoted(self, start: int, end: int) -> bool:
        """Whether at least half of ``[start, end)`` is inside quotations, any of them."""
        return 2 * sum(self.overlaps(start, end).values()) >= end - start

"""The JSON form of an analysis, written a piece at a time.

:meth:`Analysis.to_json` builds the whole dictionary tree and then one string: for a 10 MB
article that is several hundred MB at once (every sentence, claim and quote as a dict, then
about 90 MB of text). :func:`iter_json` gives the same text in pieces of about
:data:`CHUNK_CHARS`, converting one item of a list at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from propscan.analysis import Analysis, json_item

# The lists of an analysis that grow with the article; everything else is small.
_LISTS = ("spans", "sentences", "claims", "quotes", "actors")
CHUNK_CHARS = 1 << 16


class _Lazy(list):  # type: ignore[type-arg]
    """A list that the JSON encoder walks item by item, converting each as it comes.

    The pure-Python encoder (the one ``indent`` or ``iterencode`` uses) only asks a list for
    its truth value and its items.
    """

    def __init__(self, items: Sequence[Any]) -> None:
        super().__init__()
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Any]:
        return (json_item(item) for item in self._items)


def iter_json(
    analysis: Analysis,
    indent: int | None = 2,
    separators: tuple[str, str] | None = None,
) -> Iterator[str]:
    """The text of ``json.dumps(analysis.to_dict(), ensure_ascii=False, indent=indent,
    separators=separators)``, in pieces."""
    # The small part (schema, model, document, summary) is to_dict's own, on an analysis with
    # the long lists left out; they are put back as lists converted while they are written.
    head = replace(analysis, spans=(), sentences=(), claims=(), quotes=(), actors=()).to_dict()
    tree = {
        key: _Lazy(getattr(analysis, key)) if key in _LISTS else value
        for key, value in head.items()
    }
    encoder = json.JSONEncoder(ensure_ascii=False, indent=indent, separators=separators)
    pending: list[str] = []
    size = 0
    for piece in encoder.iterencode(tree):
        pending.append(piece)
        size += len(piece)
        if size >= CHUNK_CHARS:
            yield "".join(pending)
            pending, size = [], 0
    if pending:
        yield "".join(pending)

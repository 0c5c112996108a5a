"""What the quote finder returns: one attribution as character offsets into the text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Found:
    """One attribution as offsets: content, and the cue and source when found."""

    content: tuple[int, int]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    direct: bool

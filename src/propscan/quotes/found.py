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
    # Inside another attribution's content, its source a subordinate clause's subject ("X
    # said that until he sees proof"): no antecedent for the pronouns of later sentences.
    nested: bool = False

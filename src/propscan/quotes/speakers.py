"""Resolving a quote's source to the fullest name the article gives for it.

A name is a run of capitalised words (initials such as ``J.`` included), without a leading
title or sentence-opening function word. A source holding a name resolves to the longest name
in the article that ends with the same word (``Peskov`` → ``Dmitri Peskov``); a pronoun
resolves to the most recent name-like speaker before it, else the most recent name; any other
source (``a source``, ``the letter``) stays as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from propscan.quotes.finder import PRONOUNS

_NAME = re.compile(
    r"(?:[A-Z][\w’'\-]+|[A-Z]\.)(?:[ \u00a0]+(?:[A-Z][\w’'\-]+|[A-Z]\."
    r"|(?:de|van|von|al|bin|of|for|and)(?=[ \u00a0]+[A-Z])))*"
)
_DROP = frozenset(
    "the a an but and according president sen senator rep representative gov governor "
    "secretary mr mrs ms dr judge gen general spokesman spokeswoman minister prime former "
    "vice chairman chief ceo director kremlin pope king queen prince republican democrat "
    "democratic gop u.s us when as in on at after so if".split()
)


@lru_cache(maxsize=4096)
def _core(name: str) -> str:
    words = name.replace("\u00a0", " ").split()
    while words and words[0].lower().rstrip(".") in _DROP:
        words = words[1:]
    while words and words[-1].endswith("’s"):
        words[-1] = words[-1][:-2]
    return " ".join(words)


class SpeakerResolver:
    """Resolves sources in one text, in text order (pronouns look back)."""

    def __init__(self, text: str) -> None:
        self._names: list[tuple[int, str]] = []
        self._by_last: dict[str, str] = {}
        for match in _NAME.finditer(text):
            name = _core(match.group())
            if not name:
                continue
            self._names.append((match.start(), name))
            last = name.split()[-1]
            known = self._by_last.get(last)
            if known is None or len(name.split()) > len(known.split()):
                self._by_last[last] = name
        self._last_speaker: str | None = None

    def resolve(self, source: str, position: int) -> str:
        """The speaker for ``source`` found at ``position``."""
        if source.lower() in PRONOUNS:
            if self._last_speaker:
                return self._last_speaker
            before = [n for p, n in self._names if p < position and len(n.split()) > 1]
            return before[-1] if before else source
        names = [_core(m.group()) for m in _NAME.finditer(source)]
        names = [n for n in names if n]
        if not names:
            return source
        name = names[0]
        full = self._by_last.get(name.split()[-1], name)
        if len(full.split()) < len(name.split()):
            full = name
        self._last_speaker = full
        return full

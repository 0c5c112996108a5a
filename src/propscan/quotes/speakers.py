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

from propscan.actors.lexicon import TITLES
from propscan.quotes.finder import PRONOUNS

_NAME = re.compile(
    r"(?:[A-Z][\w’'\-]+|[A-Z]\.)(?:[ \u00a0]+(?:[A-Z][\w’'\-]+|[A-Z]\."
    r"|(?:de|van|von|al|bin|of|for|and)(?=[ \u00a0]+[A-Z])))*"
)
# Words a name does not start with: function words, party words, and every title the actors
# recogniser knows ("Councillor Mara Vell" is Mara Vell).
_DROP = (
    frozenset(
        "the a an but and according prime former vice chief kremlin republican democrat "
        "democratic gop u.s us when as in on at after so if".split()
    )
    | TITLES
)
# A relative pronoun opening a source ("which it says", "who said") points at the nearest
# name before it, not at the previous speaker.
_RELATIVE = frozenset("which who whom that".split())


@lru_cache(maxsize=4096)
def _core(name: str) -> str:
    words = name.replace("\u00a0", " ").split()
    while words and words[0].lower().rstrip(".") in _DROP:
        words = words[1:]
    while words and words[-1].endswith("’s"):
        words[-1] = words[-1][:-2]
    return " ".join(words)


# A name as matched by _NAME -> (its core, the core's last word, its number of words), or
# None when nothing is left of it (a memo: articles repeat their names).
_CORES: dict[str, tuple[str, str, int] | None] = {}


def _core_of(match: str) -> tuple[str, str, int] | None:
    known = _CORES.get(match, ())
    if known == ():
        name = _core(match)
        words = name.split()
        known = _CORES[match] = (name, words[-1], len(words)) if name else None
    return known  # type: ignore[return-value]


class SpeakerResolver:
    """Resolves sources in one text, in text order (pronouns look back)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._by_last_built: dict[str, str] | None = None
        self._last_speaker: str | None = None

    @property
    def _by_last(self) -> dict[str, str]:
        """The longest name of the text by its last word (built on first use)."""
        by_last = self._by_last_built
        if by_last is None:
            by_last = self._by_last_built = {}
            lengths: dict[str, int] = {}
            for match in _NAME.findall(self._text):
                core = _core_of(match)
                if core is None:
                    continue
                name, last, n = core
                if n > lengths.get(last, 0):
                    by_last[last] = name
                    lengths[last] = n
        return by_last

    def _names_before(self, position: int) -> list[str]:
        """The names of more than one word that start before ``position``, in text order."""
        out = []
        for match in _NAME.finditer(self._text):
            if match.start() >= position:
                break
            core = _core_of(match.group())
            if core is not None and core[2] > 1:
                out.append(core[0])
        return out

    def resolve(self, source: str, position: int) -> str | None:
        """The speaker for ``source`` found at ``position``; ``None`` for a relative pronoun
        with no name before it."""
        words = source.lower().split()
        if words and words[0] in _RELATIVE:
            rest = " ".join(words[1:])
            if not rest or rest in PRONOUNS:
                before = self._names_before(position)
                return before[-1] if before else None
        if source.lower() in PRONOUNS:
            if self._last_speaker:
                return self._last_speaker
            before = self._names_before(position)
            return before[-1] if before else source
        names = [_core(m) for m in _NAME.findall(source)]
        names = [n for n in names if n]
        if not names:
            return source
        name = names[0]
        full = self._by_last.get(name.split()[-1], name)
        if len(full.split()) < len(name.split()):
            full = name
        self._last_speaker = full
        return full

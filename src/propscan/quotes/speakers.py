"""Resolving a quote's source to the fullest name the article gives for it.

A name is a run of capitalised words (initials such as ``J.`` included), without a leading
title or sentence-opening function word. A source whose head is a name resolves to the longest
name in the article that ends with the same word (``Peskov`` → ``Dmitri Peskov``). A source
whose name is only a modifier or a complement (``US-backed rebels``, ``Obama's spokesman``,
``the heads of state of the United States``) and any other source (``a source``, ``the
letter``) stays as written: resolving it to the name would put words in the wrong mouth.

Pronouns resolve to the nearest earlier speaker that agrees with them, or to no one:

- ``he``, ``she``: the nearest earlier singular speaker that may be a person (not an
  organisation or a country): its name when it has one, none when it has not (``a spokesman``
  may be the man, ``the letter`` hides him); with no such speaker, the nearest person's name of
  two or more words before it;
- ``they``: the nearest earlier plural speaker (``the rebel militias``, ``Russia and
  Syria``) in the same or the previous paragraph;
- ``it``: the nearest earlier singular speaker that is not a person, in the same or the
  previous paragraph;
- ``I``, ``we``, ``you``: no one (outside quotation marks they are the author, the outlet or
  the reader, not the last speaker).

A misattribution is the worst error a fact-checker can be handed, so a pronoun with no
agreeing antecedent in reach gets no speaker (``None``) rather than the last one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import takewhile

from propscan.actors.lexicon import (
    ARTICLE_PREFIX,
    KNOWN_ORGS,
    ORG_WORDS,
    PARTY_WORDS,
    TITLES,
    country_aliases,
)

# Particles run on into the name ("Ursula von der Leyen", "Bill de Blasio"), and so does an
# Arabic article joined to its word ("Bashar al-Assad").
_NAME = re.compile(
    r"(?:[A-Z][\w’'\-]+|[A-Z]\.)(?:[ \u00a0]+(?:[A-Z][\w’'\-]+|[A-Z]\.|(?:al|el)-[A-Z][\w’'\-]+"
    r"|(?:de|van|von|der|den|del|du|da|al|bin|ibn|of|for|and)(?=[ \u00a0]+(?:[A-Z]|der |den ))))*"
)
# Words a name does not start with: function words, party words, sentence adverbs and every
# title the actors recogniser knows ("Councillor Mara Vell" is Mara Vell).
_DROP = (
    frozenset(
        "the a an but and according prime former vice chief kremlin republican democrat "
        "democratic gop u.s us when as in on at after so if yet now still then also although "
        "though while because since despite unless whereas once".split()
    )
    | TITLES
    | {w.lower() for w in PARTY_WORDS}  # "Labour MP Phil Wilson" is Phil Wilson
)
# A relative pronoun opening a source ("which it says", "who said") points at the nearest
# name before it, not at the previous speaker.
_RELATIVE = frozenset("which who whom that".split())
_PERSONAL = frozenset("he she".split())
_PLURAL = frozenset(["they"])
_NEUTER = frozenset(["it"])
# "I", "we" and "you" outside quotation marks are the author, the outlet or the reader, not
# the last speaker: they resolve to no one.
_FIRST_AND_SECOND = frozenset("i we you".split())
PRONOUNS = _PERSONAL | _PLURAL | _NEUTER | _FIRST_AND_SECOND
# Words before a name that make it a complement, not the source's head ("the heads of state
# of the United States", "a spokesman for Gazprom").
_COMPLEMENT = re.compile(r"(?:\b(?:of|for|from|at|in|with|by)(?:\s+the)?|[’']s?)\s*$")
# Lowercase nouns that are plural without an -s.
_PLURAL_NOUNS = frozenset("people police staff militia leadership".split()) - {"militia"}
# A pronoun with no earlier speaker looks this many names back for a person's.
NAMES_BACK = 200
# Plural speakers are looked for this many paragraphs back (the current one and the previous).
PLURAL_PARAGRAPHS = 2


@lru_cache(maxsize=4096)
def _core(name: str) -> str:
    words = name.replace("\u00a0", " ").split()
    if len(words) > 2 and words[0] in _countries() and words[1].lower() in TITLES:
        words = words[1:]  # "Syrian President Bashar al-Assad"
    while words and words[0].lower().rstrip(".") in _DROP:
        words = words[1:]
    while words and words[-1].endswith(("’s", "'s")):
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
        known = _CORES[match] = (name, _last_word(name), len(words)) if name else None
    return known  # type: ignore[return-value]


def _last_word(name: str) -> str:
    """The word a name is known by: its last, without an Arabic article ("al-Assad" is
    "Assad")."""
    return ARTICLE_PREFIX.sub("", name.split()[-1])


@cache
def _countries() -> frozenset[str]:
    return frozenset(country_aliases())


def is_person_name(name: str) -> bool:
    """Whether a name (a :func:`_core`) may be a person's: not a known organisation, not
    holding an organisation word, not a country."""
    if name in KNOWN_ORGS or name in _countries():
        return False
    return not any(word in ORG_WORDS or word in KNOWN_ORGS for word in name.split())


def _head(source: str) -> str:
    """The source without its appositive (``NAME, a professor at …``) or relative clause; for
    a description followed by the name it gives (``The council's own economist, Dr. Leon
    Park,``), the name."""
    parts = source.split(",")
    head = parts[0]
    if len(parts) > 1 and _describes(head, parts[1]):
        head = parts[1]
    head = re.split(r"\s(?:who|which|whose)\s", head, maxsplit=1)[0]
    head = _PARTY.sub("", head)  # "Sen. Elizabeth Warren (D-Mass.)"
    return head.strip(" \u00a0—–-()")


# A party and state in parentheses after a name: "(D-Mass.)", "(R-Texas)", "(I)".
_PARTY = re.compile(r"\s*\([A-Z][\w.\- ]{0,12}\)\s*$")


def _describes(description: str, name: str) -> bool:
    """Whether ``description`` is a noun phrase with a determiner or an owner ("the White
    House spokesman", "Dow's chief executive") whose last word is a common noun, and ``name``
    a short capitalised name after it; not an adverbial ("At the time, Sanders")."""
    words = description.split()
    if not words or not (words[-1].isalpha() and words[-1].islower()):
        return False
    first = words[0].lower()
    owned = any(w.endswith(("'s", "’s")) for w in words[:-1])
    if first not in _DETERMINERS and not owned:
        return False
    named = name.split()
    return 0 < len(named) <= 4 and all(w[:1].isupper() for w in named)


_DETERMINERS = frozenset("the a an another his her their its our my your one".split())


def is_plural(source: str) -> bool:
    """Whether a source that is not a pronoun is plural: coordinated (``Russia and the Syrian
    government``) or a lowercase plural head noun (``the rebel militias``, ``officials``)."""
    head = _head(source)
    words = head.split()
    if not words:
        return False
    if " and " in f" {head} " or "&" in words:
        return True
    last = words[-1].strip(".;:")
    if not last.islower():
        # A capitalised head is a name ("Hopkins"), except a group such as "Democrats".
        return last in KNOWN_ORGS and last.endswith("s")
    if last in _PLURAL_NOUNS:
        return True
    return last.endswith("s") and not last.endswith(("ss", "us", "is", "'s", "’s"))


@dataclass(frozen=True, slots=True)
class _Speaker:
    """A speaker resolved earlier in the text."""

    position: int
    name: str
    plural: bool
    person: bool  # a name that is not an organisation's or a country's
    named: bool


class SpeakerResolver:
    """Resolves sources in one text, in text order (pronouns look back)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._by_last_built: dict[str, str] | None = None
        self._names_built: tuple[list[int], list[str]] | None = None
        self._paragraphs: list[int] = [0] + [m.end() for m in re.finditer(r"\n\s*", text)]
        self._history: list[_Speaker] = []

    @property
    def _by_last(self) -> dict[str, str]:
        """The longest name of the text by its last word (built on first use)."""
        by_last = self._by_last_built
        if by_last is None:
            by_last = self._by_last_built = {}
            lengths: dict[str, int] = {}
            for _, name in zip(*self._names, strict=True):
                core = _core_of(name)
                if core is None:
                    continue
                full, last, n = core
                if n > lengths.get(last, 0):
                    by_last[last] = full
                    lengths[last] = n
        return by_last

    @property
    def _names(self) -> tuple[list[int], list[str]]:
        """The starts and texts of the name matches of the text (built once)."""
        names = self._names_built
        if names is None:
            starts: list[int] = []
            texts: list[str] = []
            for match in _NAME.finditer(self._text):
                starts.append(match.start())
                texts.append(match.group())
            names = self._names_built = (starts, texts)
        return names

    def _name_before(self, position: int, person: bool = False) -> str | None:
        """The last name of more than one word that starts before ``position`` (a person's
        when ``person``)."""
        starts, texts = self._names
        k0 = bisect_left(starts, position) - 1
        for k in range(k0, max(-1, k0 - NAMES_BACK), -1):
            core = _core_of(texts[k])
            if core is not None and core[2] > 1 and (not person or is_person_name(core[0])):
                return core[0]
        return None

    def _paragraph_start(self, position: int, back: int) -> int:
        """The start of the paragraph ``back - 1`` paragraphs before the one at ``position``."""
        k = bisect_left(self._paragraphs, position + 1) - 1
        return self._paragraphs[max(0, k - back + 1)]

    def _pronoun(self, pronoun: str, position: int) -> str | None:
        earlier = (s for s in reversed(self._history) if s.position < position)
        if pronoun in _PERSONAL:
            speaker = next((s for s in earlier if not s.plural and (s.person or not s.named)), None)
            if speaker is None:
                return self._name_before(position, person=True)
            return speaker.name if speaker.person else None
        since = self._paragraph_start(position, PLURAL_PARAGRAPHS)
        near = takewhile(lambda s: s.position >= since, earlier)
        if pronoun in _PLURAL:
            speaker = next((s for s in near if s.plural), None)
        elif pronoun in _NEUTER:
            speaker = next((s for s in near if not s.plural and not s.person), None)
        else:
            speaker = None  # "I", "we", "you"
        return speaker.name if speaker else None

    def resolve(self, source: str, position: int) -> str | None:
        """The speaker for ``source`` found at ``position``; ``None`` for a pronoun with no
        agreeing antecedent before it."""
        words = source.lower().split()
        if words and words[0] in _RELATIVE:
            rest = " ".join(words[1:])
            if not rest or rest in PRONOUNS:
                return self._name_before(position)
        if source.lower() in PRONOUNS:
            return self._pronoun(source.lower(), position)
        head = _head(source)
        named = [m for m in _NAME.finditer(head) if _core(m.group())]
        last = named[-1] if named else None
        if last is None or head[last.end() :].strip() or _COMPLEMENT.search(head[: last.start()]):
            # No name, or a name that is not the head: the source as written.
            self._history.append(_Speaker(position, source, is_plural(source), False, False))
            return source
        name = _core(last.group())
        full = self._by_last.get(_last_word(name), name)
        if len(full.split()) < len(name.split()):
            full = name
        plural = is_plural(head)
        person = not plural and is_person_name(full)
        self._history.append(
            _Speaker(position, full if not plural else source, plural, person, not plural)
        )
        return full if not plural else source

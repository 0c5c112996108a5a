"""Find the people, organisations, countries and groups a text mentions.

This is not a trained named-entity recogniser: none that installs from a package registry
without a model hub was small and fast enough (spaCy's English models are not on PyPI, and a
transformer would cost more than the whole analysis). It is a proper-noun chunker typed by word
lists, and it knows it:

1. One regular expression finds runs of capitalised tokens ("Barack Obama", "UN",
   "U.S.", "Ban Ki-moon", "al-Assad"), joined by "of", "for", "de", "bin" and the like
   ("Syrian Observatory for Human Rights").
2. Each run is cleaned: a trailing "-backed"/"-led" goes ("US-backed" gives "US"), a
   capitalised word that opens a sentence goes when the text also writes it in lower case or
   it is a known non-name ("Recently", "The"), and titles split the run and mark a person
   ("UN Secretary-General Ban Ki-moon" gives "UN" and the person "Ban Ki-moon").
3. The rest is typed by :mod:`propscan.actors.lexicon`: a country or demonym (pycountry plus
   short forms), a place (dropped), an organisation (known name, acronym, or a head word such as
   "Army", "Ministry", "News"), a person (a title before it, a word after it such as "said", or a
   run of two to four name-shaped words), else untyped.
4. Within the text, a single untyped word that is the last name of a person found elsewhere
   becomes that person ("Obama" after "Barack Obama"); other untyped runs are dropped.

Unnamed groups ("the rebels", "terrorists", "the regime") come from a short list of nouns.
Its errors are the expected ones: persons missed when named once by surname only, names of
things typed as persons, and a word list that will never be complete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from propscan.actors import lexicon
from propscan.analysis import Span

_U = "A-ZÀ-ÖØ-Þ"
_L = "a-zß-öø-ÿ"
# One capitalised token: an acronym with periods ("U.S."), an initial ("J."), or a word with
# optional Irish apostrophe ("O'Brien") and hyphenated parts ("Ki-moon", "Secretary-General").
# It opens with a character class and the chunk has no look-behind, so the regex engine can skip
# ahead quickly (the caller skips a run that continues a word); 5 times faster than without.
_TOKEN = (
    rf"[{_U}](?:(?:\.[{_U}])+\.?|\.(?=\s[{_U}])"
    rf"|[{_U}{_L}]*(?:['’][{_U}][{_U}{_L}]+)?(?:-[{_U}{_L}]+)*)"
)
_CONNECTOR = r"(?:of(?: the)?|for|de|del|du|da|van|von|der|bin|ibn)"
_CHUNK = re.compile(rf"{_TOKEN}(?:(?: {_CONNECTOR})? (?:(?:al|el)-)?{_TOKEN})*")
_TOKEN_RE = re.compile(rf"(?:(?:al|el)-)?{_TOKEN}")
_LOWER_WORD = re.compile(rf"(?<![\w'’-])[{_L}][{_L}'’-]*")
_UPPER = re.compile(f"[{_U}]")
_LINE = re.compile(r"[^\n]+")
# A lower-case word of four letters or more: headline case capitalises every such word.
_LONG_LOWER = re.compile(rf"(?<![\w'’-])[{_L}]{{4,}}")
_CAPITALISED = re.compile(rf"(?<![\w'’-])[{_U}]")
_SUFFIX = re.compile(rf"-(?:[{_L}]+ed|led|made|run|born|style|era|wide|like|held|friendly)$")
_SPEECH_AFTER = re.compile(
    r"(?:['’]s)?,? (?:said|says|told|tells|added|adds|explained|explains|claimed|claims|"
    r"warned|warns|argued|argues|wrote|writes|tweeted|lies|lied|stated|states|insisted|"
    r"noted|asked|replied|responded|admitted|denied|announced|who|himself|herself)\b"
)
_CONNECTORS = frozenset("of the for de del du da van von der bin ibn al".split())
# One pattern a group noun, in lower case, run only for the nouns the text holds: a pattern
# that opens with a literal string is searched fast, an alternation of them all is 50 times
# slower. Capitalised ones ("Terrorists have struck") come from the capitalised runs.
_GROUPS = {word: re.compile(rf"{word}(?![\w-])") for word in lexicon.GROUP_NOUNS}
_SENTENCE_OPENERS = frozenset(".!?\n:;…")
_OPENING_PUNCTUATION = frozenset(" \t\"“‘'([—-")
# The last three characters of the titles, with the space or line break before a two-letter
# one: a word before a name that ends otherwise, and not in a period ("Sen."), is no title.
_TITLE_TAILS = frozenset(
    {title[-3:] for title in lexicon.TITLES if len(title) > 2}
    | {f"{space}{title}" for title in lexicon.TITLES if len(title) == 2 for space in " \n"}
)
_CONTINUING = "_-.'’"  # after an alphanumeric character or one of these, a chunk is mid-word

KINDS = ("person", "organisation", "country", "group")


@dataclass(slots=True)  # not frozen: a frozen dataclass is 5 times slower to create
class Mention:
    """A typed mention; ``key`` is what mentions of one actor share, ``title`` a title word.

    Treat it as immutable.
    """

    span: Span
    kind: str
    key: str
    title: Span | None = None


# A lone word's kind when no title precedes it and it is no acronym: a person when a speech
# verb follows it ("Peskov said"), else untyped.
_SPEECH = "speech"
_MAX_CACHED = 50_000  # chunk texts remembered between calls


@dataclass(frozen=True, slots=True)
class _Token:
    """One token of a capitalised run; offsets are in the run."""

    start: int
    end: int
    not_name: bool  # a known non-name ("The", "However")
    # Its lower-case form when it is dropped at a sentence start if the text also writes it in
    # lower case ("Recently"); None for titles, which are never dropped so.
    lower: str | None
    initial: bool  # whether it opens a sentence inside the run ("U.S. Army"); not the first


class _Piece(NamedTuple):
    """One name of a capitalised run, typed as far as its words tell; offsets in the run."""

    start: int
    end: int
    name: str
    title: tuple[int, int, str] | None  # the title before it in the run
    fixed: str | None  # its kind whatever the context ("" for a place), if the words decide
    untitled: str | None  # else its kind when no title precedes it, or _SPEECH
    keys: dict[str, str]  # its actor key for each kind it may take


class _Chunk:
    """What scanning needs to know about one capitalised run that depends on its text alone."""

    __slots__ = ("_pieces", "_text", "group", "tokens", "whole")

    def __init__(self, chunk: str) -> None:
        self._text = chunk
        group = lexicon.GROUP_NOUNS.get(chunk.lower())
        self.group = None if group is None else "group:" + group
        if " " in chunk:
            spans = [(m.start(), m.end()) for m in _TOKEN_RE.finditer(chunk)]
        else:
            spans = [(0, len(chunk))]
        # Drop a trailing "-backed" from the last token.
        s, e = spans[-1]
        suffix = _SUFFIX.search(chunk, s, e)
        if suffix:
            spans[-1] = (s, suffix.start())
        tokens = []
        for i, (s, e) in enumerate(spans):
            word = chunk[s:e]
            lower = word.lower()
            tokens.append(
                _Token(
                    s,
                    e,
                    word in lexicon.NOT_NAMES,
                    None if lower in lexicon.TITLES else lower,
                    i > 0 and _sentence_initial(chunk, s),
                )
            )
        self.tokens = tuple(tokens)
        self._pieces: dict[int, tuple[_Piece, ...]] = {}
        self.whole = self.pieces(0)  # the pieces when no opening word is dropped

    def pieces(self, dropped: int) -> tuple[_Piece, ...]:
        """The names of the run without its first ``dropped`` tokens, each with its title."""
        found = self._pieces.get(dropped)
        if found is None:
            found = self._pieces[dropped] = self._split(dropped)
        return found

    def _split(self, dropped: int) -> tuple[_Piece, ...]:
        chunk = self._text
        pieces: list[_Piece] = []
        title: tuple[int, int, str] | None = None
        group: list[_Token] = []

        def close() -> None:
            if group:
                start, end = group[0].start, group[-1].end
                name = chunk[start:end]
                fixed, untitled = _name_kind(name)
                keys = {kind: _key(kind, name) for kind in ("person", fixed, untitled) if kind}
                pieces.append(_Piece(start, end, name, title, fixed, untitled, keys))

        for token in self.tokens[dropped:]:
            s, e = token.start, token.end
            word = chunk[s:e]
            if _is_title(word) and not any(
                chunk[t.start : t.end] in lexicon.ORG_WORDS for t in group
            ):
                close()
                if not group and title is not None and s - title[1] <= 1:  # "Prime Minister"
                    title = (title[0], e, chunk[title[0] : e])
                else:
                    title = (s, e, word)
                group = []
            else:
                group.append(token)
        close()
        return tuple(pieces)


_CHUNKS: dict[str, _Chunk] = {}


def _name_kind(name: str) -> tuple[str | None, str | None]:
    """A piece's kind as far as its words tell: (kind whatever the context, or None; else the
    kind without a title before it, or _SPEECH). With a title it is a person."""
    words = name.split()
    if name in lexicon.country_aliases():
        return "country", None
    if name in lexicon.places() or (
        len(words) > 1 and (words[0] in lexicon.PLACE_HEADS or words[-1] in lexicon.PLACE_TAILS)
    ):
        return "", None
    if name in lexicon.KNOWN_ORGS or any(w in lexicon.ORG_WORDS for w in words):
        return "organisation", None
    if len(words) == 1:
        if len(name) >= 2 and name.replace(".", "").isupper():
            return None, "organisation"  # an acronym: NATO, ISIS, SOHR
        return None, _SPEECH
    if len(words) > 4 or any(w in _CONNECTORS for w in words):
        return None, ""
    if any(w in lexicon.country_aliases() or w in lexicon.NOT_NAMES for w in words):
        return None, ""
    return None, "person"


def _start(mention: Mention) -> int:
    return mention.span.start


def find_mentions(text: str, end: int | None = None) -> list[tuple[Span, str]]:
    """Mentions of actors in ``text[:end]``, as ``(span, kind)`` in text order.

    ``kind`` is one of :data:`KINDS`; every span satisfies ``text[s.start:s.end] == s.text``.
    """
    return [(m.span, m.kind) for m in scan(text, end)]


def scan(text: str, end: int | None = None) -> list[Mention]:
    """The typed mentions of ``text[:end]`` (see the module docstring for how)."""
    stop = len(text) if end is None else max(0, min(end, len(text)))
    found = _LOWER_WORD.findall(text, 0, stop)
    lower_words = set(found)
    # In shouted text capitals say nothing: no acronyms, no capitalised runs of words. When
    # lower-case words fill half the text, capitals cannot outnumber them: no need to count.
    lower_length = sum(map(len, found))
    shouting = 2 * lower_length < stop and len(_UPPER.findall(text, 0, stop)) > lower_length
    mentions: list[Mention] = []
    untyped: list[tuple[int, int, str]] = []  # single words typed by the surnames below
    surnames: set[str] = set()
    chunks = _CHUNKS
    if len(chunks) > _MAX_CACHED:
        chunks.clear()
    headlines = [] if shouting else _headlines(text, stop)
    for match in _CHUNK.finditer(text, 0, stop):
        start, finish = match.span()
        if start and (text[start - 1].isalnum() or text[start - 1] in _CONTINUING):
            continue  # the run continues a word
        if shouting or (headlines and any(a <= start < b for a, b in headlines)):
            mentions.extend(_shouted(text, start, finish))
            continue
        chunk = match.group()
        info = chunks.get(chunk)
        if info is None:
            info = chunks[chunk] = _Chunk(chunk)
        if info.group is not None and _sentence_initial(text, start):
            mentions.append(Mention(Span(start, finish, chunk), "group", info.group))
            continue
        # Drop opening words that are not names.
        tokens = info.tokens
        token = tokens[0]
        if token.not_name or (
            token.lower is not None
            and token.lower in lower_words
            and _sentence_initial(text, start)
        ):
            dropped = 1
            for token in tokens[1:]:
                if token.not_name or (
                    token.lower is not None and token.lower in lower_words and token.initial
                ):
                    dropped += 1
                else:
                    break
            pieces = info.pieces(dropped)
        else:
            pieces = info.whole
        for offset, after, name, in_run, fixed, untitled, keys in pieces:
            first = start + offset
            last = start + after
            title: Span | None
            if in_run is not None:
                title = Span(start + in_run[0], start + in_run[1], in_run[2])
            elif (
                first > 1
                and text[first - 1] == " "
                and (
                    first < 4
                    or text[first - 2] == "."
                    or text[first - 4 : first - 1] in _TITLE_TAILS
                )
                and not text[first - 2].isspace()
            ):
                title = _title_before(text, first)
            else:
                title = None
            kind = fixed
            if kind is None:
                if title is not None:
                    kind = "person"
                elif untitled is _SPEECH:
                    kind = "person" if _SPEECH_AFTER.match(text, last) else None
                else:
                    kind = untitled
            if kind:
                if kind == "person" and " " in name:
                    surnames.add(name.rsplit(" ", 1)[1])
                mentions.append(Mention(Span(first, last, name), kind, keys[kind], title))
            elif kind is None:
                untyped.append((first, last, name))
    # An untyped single word names a person when it is the surname of one the text names.
    for first, last, name in untyped:
        if name in surnames:
            mentions.append(Mention(Span(first, last, name), "person", "person:" + name))
    for noun in lexicon.GROUP_NOUNS.keys() & lower_words:
        key = "group:" + lexicon.GROUP_NOUNS[noun]
        for match in _GROUPS[noun].finditer(text, 0, stop):
            start = match.start()
            if start and (text[start - 1].isalnum() or text[start - 1] in _CONTINUING):
                continue  # the end of a longer word
            mentions.append(Mention(Span(start, match.end(), noun), "group", key))
    mentions.sort(key=_start)
    return _without_overlaps(mentions)


def _headlines(text: str, stop: int) -> list[tuple[int, int]]:
    """Lines in headline case ("Harbour Bill Passes as Critics Cry Foul"): every word of four
    letters or more capitalised, at least three capitalised words, no closing full stop. Their
    capitals say nothing about names, so they are read like shouted text."""
    found = []
    for line in _LINE.finditer(text, 0, stop):
        start, end = line.span()
        body = text[start:end].rstrip()
        if (
            body
            and body[-1] not in '.!?"”’'
            and not _LONG_LOWER.search(body)
            and len(_CAPITALISED.findall(body)) >= 3
        ):
            found.append((start, end))
    return found


def _shouted(text: str, start: int, end: int) -> list[Mention]:
    """In all-capitals text, only the words that name a country or a known organisation."""
    found: list[Mention] = []
    for match in _TOKEN_RE.finditer(text, start, end):
        word = match.group()
        if word in lexicon.KNOWN_ORGS:
            kind = "organisation"
        elif word.title() in lexicon.country_aliases() or word in lexicon.country_aliases():
            kind = "country"
        else:
            continue
        span = Span(match.start(), match.end(), word)
        found.append(Mention(span, kind, _key(kind, word)))
    return found


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENING_PUNCTUATION:
        if text[i] == "\n":
            return True
        i -= 1
    return i < 0 or text[i] in _SENTENCE_OPENERS or text[i] == "\ufeff"


def _is_title(word: str) -> bool:
    return word in lexicon.ABBREVIATED_TITLES or word.lower().rstrip(".") in lexicon.TITLES


def word_before(text: str, start: int) -> tuple[int, str] | None:
    """The whitespace-delimited word that ends one space before ``start``, with its start."""
    if start < 2 or text[start - 1] != " " or text[start - 2].isspace():
        return None
    first = text.rfind(" ", max(0, start - 40), start - 1) + 1
    newline = text.rfind("\n", max(0, start - 40), start - 1) + 1
    first = max(first, newline) or max(0, start - 40)
    return first, text[first : start - 1]


def _title_before(text: str, start: int) -> Span | None:
    """A lower-case title word right before a name ("spokesman Dmitri Peskov").

    The caller has checked that a space, and a word before it, come before ``start``, and
    that the word may be a title (see _TITLE_TAILS); this is :func:`word_before` inlined.
    """
    lo = max(0, start - 40)
    first = max(text.rfind(" ", lo, start - 1), text.rfind("\n", lo, start - 1)) + 1 or lo
    word = text[first : start - 1]
    if word in lexicon.ABBREVIATED_TITLES:  # "Sen." ends the capitalised run before the name
        return Span(first, first + len(word), word)
    word = word.rstrip(".")
    if word not in lexicon.TITLES:  # the list is lower case: "President" is part of the run
        return None
    return Span(first, first + len(word), word)


def _key(kind: str, name: str) -> str:
    """The actor key of a person, organisation or country mention."""
    if kind == "country":
        aliases = lexicon.country_aliases()
        return "country:" + aliases.get(name, aliases.get(name.title(), name))
    if kind == "organisation":
        return "organisation:" + _org_key(name)
    return "person:" + name


def _org_key(name: str) -> str:
    name = lexicon.ORG_EXPANSIONS.get(name, name)
    return name.replace(".", "").lower()


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    kept: list[Mention] = []
    for m in mentions:
        if kept and m.span.start < kept[-1].span.end:
            continue
        kept.append(m)
    return kept

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

KINDS = ("person", "organisation", "country", "group")


@dataclass(frozen=True, slots=True)
class Mention:
    """A typed mention; ``key`` is what mentions of one actor share, ``title`` a title word."""

    span: Span
    kind: str
    key: str
    title: Span | None = None


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
    # In shouted text capitals say nothing: no acronyms, no capitalised runs of words.
    shouting = len(_UPPER.findall(text, 0, stop)) > sum(map(len, found))
    pending: list[tuple[int, int, str | None, Span | None]] = []  # start, end, kind, title
    groups: list[Mention] = []
    for match in _CHUNK.finditer(text, 0, stop):
        if match.start() and _continues_word(text[match.start() - 1]):
            continue
        if shouting:
            pending.extend(_shouted(text, match.start(), match.end()))
            continue
        word = match.group()
        if word.lower() in lexicon.GROUP_NOUNS and _sentence_initial(text, match.start()):
            span = Span(match.start(), match.end(), word)
            groups.append(Mention(span, "group", "group:" + lexicon.GROUP_NOUNS[word.lower()]))
            continue
        for start, finish, title in _pieces(text, match.start(), match.end(), lower_words):
            title = title or _title_before(text, start)
            pending.append((start, finish, _kind(text, start, finish, title, shouting), title))
    mentions = _settle(text, pending) + groups
    for word in lexicon.GROUP_NOUNS.keys() & lower_words:
        for match in _GROUPS[word].finditer(text, 0, stop):
            start = match.start()
            if start and _continues_word(text[start - 1]):
                continue  # the end of a longer word
            span = Span(start, match.end(), word)
            mentions.append(Mention(span, "group", "group:" + lexicon.GROUP_NOUNS[word]))
    mentions.sort(key=lambda m: m.span.start)
    return _without_overlaps(mentions)


def _shouted(text: str, start: int, end: int) -> list[tuple[int, int, str | None, Span | None]]:
    """In all-capitals text, only the words that name a country or a known organisation."""
    found: list[tuple[int, int, str | None, Span | None]] = []
    for match in _TOKEN_RE.finditer(text, start, end):
        word = match.group()
        if word in lexicon.KNOWN_ORGS:
            found.append((match.start(), match.end(), "organisation", None))
        elif word.title() in lexicon.country_aliases() or word in lexicon.country_aliases():
            found.append((match.start(), match.end(), "country", None))
    return found


def _continues_word(char: str) -> bool:
    return char.isalnum() or char in "_-.'’"


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENING_PUNCTUATION:
        if text[i] == "\n":
            return True
        i -= 1
    return i < 0 or text[i] in _SENTENCE_OPENERS or text[i] == "\ufeff"


def _pieces(
    text: str, start: int, end: int, lower_words: set[str]
) -> list[tuple[int, int, Span | None]]:
    """Split a capitalised run into name pieces, each with the title that precedes it."""
    if " " in text[start:end]:
        tokens = [(m.start(), m.end()) for m in _TOKEN_RE.finditer(text, start, end)]
    else:
        tokens = [(start, end)]
    # Drop a trailing "-backed" from the last token.
    s, e = tokens[-1]
    suffix = _SUFFIX.search(text, s, e)
    if suffix:
        tokens[-1] = (s, suffix.start())
    # Drop opening words that are not names.
    while tokens:
        word = text[tokens[0][0] : tokens[0][1]]
        if word in lexicon.NOT_NAMES or (
            _sentence_initial(text, tokens[0][0])
            and word.lower() in lower_words
            and word.lower() not in lexicon.TITLES
        ):
            tokens.pop(0)
        else:
            break
    pieces: list[tuple[int, int, Span | None]] = []
    title: Span | None = None
    group: list[tuple[int, int]] = []

    def close() -> None:
        if group:
            pieces.append((group[0][0], group[-1][1], title))

    for s, e in tokens:
        word = text[s:e]
        if _is_title(word) and not (group and _has_org_word(text, group)):
            close()
            if not group and title is not None and s - title.end <= 1:  # "Prime Minister"
                title = Span(title.start, e, text[title.start : e])
            else:
                title = Span(s, e, word)
            group = []
        else:
            group.append((s, e))
    close()
    return pieces


def _is_title(word: str) -> bool:
    return word in lexicon.ABBREVIATED_TITLES or word.lower().rstrip(".") in lexicon.TITLES


def _has_org_word(text: str, tokens: list[tuple[int, int]]) -> bool:
    return any(text[s:e] in lexicon.ORG_WORDS for s, e in tokens)


def _kind(text: str, start: int, end: int, title: Span | None, shouting: bool) -> str | None:
    """Type one piece; ``None`` for untyped, ``""`` for a place or something to drop."""
    name = text[start:end]
    words = name.split()
    if name in lexicon.country_aliases():
        return "country"
    if name in lexicon.places():
        return ""
    if name in lexicon.KNOWN_ORGS or any(w in lexicon.ORG_WORDS for w in words):
        return "organisation"
    if title is not None:
        return "person"
    if len(words) == 1:
        if not shouting and len(name) >= 2 and name.replace(".", "").isupper():
            return "organisation"  # an acronym: NATO, ISIS, SOHR
        if _SPEECH_AFTER.match(text, end):
            return "person"
        return None
    if shouting or len(words) > 4 or any(w in _CONNECTORS for w in words):
        return ""
    if any(w in lexicon.country_aliases() or w in lexicon.NOT_NAMES for w in words):
        return ""
    return "person"


def word_before(text: str, start: int) -> tuple[int, str] | None:
    """The whitespace-delimited word that ends one space before ``start``, with its start."""
    if start < 2 or text[start - 1] != " " or text[start - 2].isspace():
        return None
    first = text.rfind(" ", max(0, start - 40), start - 1) + 1
    newline = text.rfind("\n", max(0, start - 40), start - 1) + 1
    first = max(first, newline) or max(0, start - 40)
    return first, text[first : start - 1]


def _title_before(text: str, start: int) -> Span | None:
    """A lower-case title word right before a name ("spokesman Dmitri Peskov")."""
    before = word_before(text, start)
    if before is None:
        return None
    first, word = before
    if word in lexicon.ABBREVIATED_TITLES:  # "Sen." ends the capitalised run before the name
        return Span(first, first + len(word), word)
    word = word.rstrip(".")
    if word not in lexicon.TITLES:  # the list is lower case: "President" is part of the run
        return None
    return Span(first, first + len(word), word)


def _settle(text: str, pending: list[tuple[int, int, str | None, Span | None]]) -> list[Mention]:
    """Give untyped single words the type of a person they name; give every mention a key."""
    surnames: set[str] = set()
    for start, end, kind, _ in pending:
        words = text[start:end].split()
        if kind == "person" and len(words) > 1:
            surnames.update(words[-1:])
    mentions = []
    for start, end, kind, title in pending:
        name = text[start:end]
        if kind is None and name in surnames:
            kind = "person"
        if not kind:
            continue
        if kind == "country":
            aliases = lexicon.country_aliases()
            key = "country:" + aliases.get(name, aliases.get(name.title(), name))
        elif kind == "organisation":
            key = "organisation:" + _org_key(name)
        else:
            key = "person:" + name
        mentions.append(Mention(Span(start, end, name), kind, key, title))
    return mentions


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

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
   Runs that name a date, an event or a document ("New Year", "Election Day", "Cold War",
   "Affordable Care Act"), or are headings in capitals ("FULL TEXT"), are no one. A run
   not typed by its words splits at "of" ("Bernie Sanders of Vermont", "Officials of the
   EU"); a party word before a full name is its title ("Democrat Hillary Clinton").
4. Within the text, a single untyped word that is the last name of a person found elsewhere
   becomes that person ("Obama" after "Barack Obama"), and so does one that names a leader
   through the body he leads ("the Assad government"); other untyped runs are dropped.

Unnamed groups ("the rebels", "terrorists", "the regime") come from a short list of nouns,
and only where they name a group that acts: a singular collective needs a determiner ("the
government", not "heads of state and government" or "government troops"); a noun in a
description after "as" or "like" is none ("used as foot soldiers"); a state's agents after a
country's name are that country ("American soldiers", "the Syrian government"). "The West",
"western countries" and, after those, "these nations" are one group, the West.
Its errors are the expected ones: persons missed when named once by surname only, names of
things typed as persons, and a word list that will never be complete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

from propscan.actors import lexicon
from propscan.actors.common_words import lowercase_words
from propscan.actors.first_names import opening_first_name
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
# Up to two connectors between tokens: "Ursula von der Leyen".
_CHUNK = re.compile(rf"{_TOKEN}(?:(?: {_CONNECTOR}){{0,2}} (?:(?:al|el)-)?{_TOKEN})*")
_TOKEN_RE = re.compile(rf"(?:(?:al|el)-)?{_TOKEN}")
LOWER_WORD = re.compile(rf"(?<![\w'’-])[{_L}][{_L}'’-]*")
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
_CONNECTORS = lexicon.NAME_PARTICLES | {"of", "the", "for"}
# The connectors of an organisation's or a place's name; the others are a person's particles
# ("Bill de Blasio", "Mohammed bin Salman"), in place names too ("Rio de Janeiro").
_NAME_CONNECTORS = frozenset("of the for".split())
# The joins of a run at which a name not typed by its words splits; name particles ("de",
# "van", "bin") hold a name together.
_SPLITTING = re.compile(r" (?:of|of the|for) $")
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
# A body a leader is named through: "the Assad government".
_LED_BODY = re.compile(rf" (?:{'|'.join(sorted(lexicon.LED_BODIES))})(?![\w-])")
_DETERMINERS = frozenset("the a an its their his her our your my this that these those".split())
_FUNCTION_WORDS = frozenset(
    """and or nor but of in on at to from by with for against into over under than about
    is are was were be been being has have had will would can could should said says""".split()
)
_MODIFIER = re.compile(r"[\w'’-]+")
# A US legislator's party and state after the name ("(D-CA)", "R-S.C.", "I-Vt."); the run
# stops at the state's periods, so "D-N.Y." reads "D-N".
_PARTY_LABEL = re.compile(rf"[DRI]-[{_U}][{_U}{_L}.]*$")
# "the West" (not "the West Bank"), and "western countries"; group 2 is the noun.
# It opens with a character class, not a look-behind: the caller checks the character before.
_WEST = re.compile(r"[Tt]he (West)(?![\w-]| [A-Z])|([Ww]estern (\w+))")
_THESE_NATIONS = re.compile(r"[Tt]h(?:ese|ose) (\w+)")

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
# A run of words news writes in lower case ("Zero Hedge", "Red Cross", "Holy Communion"): an
# organisation when a speech verb follows it ("Zero Hedge said"), else no actor.
_SPEAKING_THING = "speaking thing"
_MAX_CACHED = 50_000  # chunk texts remembered between calls
# A word in capitals this long, which the text also writes in lower case, is shouted ("REPORT"),
# not an acronym; shorter ones may be both ("AIDS", "WHO").
_SHOUTED = 5


@dataclass(frozen=True, slots=True)
class _Token:
    """One token of a capitalised run; offsets are in the run."""

    start: int
    end: int
    not_name: bool  # a known non-name ("The", "However")
    # Its lower-case form when it is dropped at a sentence start if the text also writes it in
    # lower case ("Recently"); None for titles and first names ("Bill Clinton" in a text about
    # a bill), which are never dropped so.
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
        # A weekday closing a name is when it was said ("Counsel Emmet Flood Friday").
        if len(spans) > 2 and chunk[spans[-1][0] : spans[-1][1]] in lexicon.WEEKDAYS:
            spans.pop()
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
                    None if lower in lexicon.TITLES or opening_first_name(word) else lower,
                    i > 0 and sentence_initial(chunk, s),
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
        tokens = self.tokens[dropped:]

        def emit(part: list[_Token], title: tuple[int, int, str] | None, split: bool) -> None:
            start, end = part[0].start, part[-1].end
            name = chunk[start:end]
            fixed, untitled = _name_kind(name)
            if split and untitled == "person":
                # Cut from "Southern District of New York": a person only with a title.
                untitled = ""
            kinds = ("person", "organisation" if untitled is _SPEAKING_THING else fixed, untitled)
            keys = {kind: _key(kind, name) for kind in kinds if kind}
            pieces.append(_Piece(start, end, name, title, fixed, untitled, keys))

        def close() -> None:
            if not group:
                return
            if len(group) > 1 and _name_kind(chunk[group[0].start : group[-1].end])[0] is None:
                # Not typed by its words: the names on each side of "of" are names of their
                # own ("Bernie Sanders of Vermont", "Officials of the EU").
                parts: list[list[_Token]] = [[group[0]]]
                for before, token in pairwise(group):
                    if _SPLITTING.match(chunk, before.end, token.start):
                        parts.append([token])
                    else:
                        parts[-1].append(token)  # a space, or a particle: "Bill de Blasio"
                if len(parts) > 1:
                    emit(parts[0], title, True)
                    for part in parts[1:]:
                        emit(part, None, True)
                    return
            emit(group, title, False)

        for i, token in enumerate(tokens):
            s, e = token.start, token.end
            word = chunk[s:e]
            if not group and title is not None and i:
                gap = chunk[title[1] : s]
                if (
                    gap.startswith(" of ")
                    and tokens[i - 1].end == title[1]
                    and (
                        # not "President of the United States", a country in its own right
                        _name_kind(chunk[s : tokens[-1].end])[0] is None
                        # but "Speaker of the House Nancy Pelosi"
                        or (word in lexicon.ORG_WORDS and self._names_follow(tokens, i))
                    )
                ):
                    title = (title[0], e, chunk[title[0] : e])  # "Secretary of State"
                    continue
            if (
                lexicon.is_title(word)
                # closing a name it is a surname: "John Major", "Carole King"
                and not (group and i == len(tokens) - 1 and word in lexicon.SURNAME_TITLES)
                # before a body's word it names the body: "Justice Department"
                and not self._body_follows(tokens, i)
            ):
                if not any(chunk[t.start : t.end] in lexicon.ORG_WORDS for t in group):
                    close()
                elif self._names_follow(tokens, i):
                    # "Senate Majority Leader Mitch McConnell": the body is part of the title.
                    title = (group[0].start, e, chunk[group[0].start : e])
                    group = []
                    continue
                elif any(
                    _SPLITTING.match(chunk, a.end, b.start) for a, b in pairwise([*group, token])
                ):
                    # "Department of Justice", "Office of the Inspector General": a title
                    # after the body's "of" is its object.
                    group.append(token)
                    continue
                else:
                    close()  # "House Intelligence Committee Chairman Rep.": the body ends
                if not group and title is not None and s - title[1] <= 1:  # "Prime Minister"
                    title = (title[0], e, chunk[title[0] : e])
                else:
                    title = (s, e, word)
                group = []
            elif not group and word in lexicon.PARTY_WORDS and self._names_follow(tokens, i):
                title = (s, e, word)  # "Democrat Hillary Clinton"
            elif (
                group
                and lexicon.is_title(word)
                and self._body_follows(tokens, i)
                and _name_kind(chunk[group[0].start : group[-1].end])[1] in ("person", _SPEECH)
            ):
                # "the Obama Justice Department": a person, then the body a title word opens.
                close()
                title, group = None, [token]
            else:
                group.append(token)
        close()
        return tuple(pieces)

    def _body_follows(self, tokens: tuple[_Token, ...], i: int) -> bool:
        """Whether token ``i`` is followed, after a space, by a word of a body's name."""
        chunk = self._text
        return (
            i + 1 < len(tokens)
            and chunk[tokens[i].end : tokens[i + 1].start] == " "
            and chunk[tokens[i + 1].start : tokens[i + 1].end] in lexicon.ORG_WORDS
        )

    def _names_follow(self, tokens: tuple[_Token, ...], i: int) -> bool:
        """Whether two or more name words follow token ``i`` to the end of the run, joined by
        spaces only and none of them an organisation's word."""
        rest = tokens[i + 1 :]
        chunk = self._text
        return (
            len(rest) >= 2
            and _name_kind(chunk[rest[0].start : rest[-1].end]) == (None, "person")
            and all(chunk[a.end : b.start] == " " for a, b in pairwise(tokens[i:]))
            and not lexicon.is_title(chunk[rest[0].start : rest[0].end])
        )


_CHUNKS: dict[str, _Chunk] = {}


def _name_kind(name: str) -> tuple[str | None, str | None]:
    """A piece's kind as far as its words tell: (kind whatever the context, or None; else the
    kind without a title before it, or _SPEECH). With a title it is a person."""
    words = name.split()
    if _PARTY_LABEL.match(name):
        return "", None  # "Adam Schiff (D-CA)", "Graham, R-S.C.": the label names no one
    if name in lexicon.country_aliases():
        return "country", None
    if name in lexicon.places():
        return "", None
    if name in lexicon.KNOWN_ORGS or any(w in lexicon.ORG_WORDS for w in words):
        return "organisation", None  # "Los Angeles Times"
    if any(w in lexicon.PARTY_FORMS for w in words) and not any(w in _CONNECTORS for w in words):
        # "Republican", "California Democrat", "Presumptive Republican"; a run with "of" is
        # cut there first ("the Democratic Republic of Congo").
        return "", None
    if len(words) > 1 and (words[0] in lexicon.PLACE_HEADS or words[-1] in lexicon.PLACE_TAILS):
        return "", None
    if len(words) > 1 and words[0] in _COMPASS and _is_place(" ".join(words[1:])):
        return "", None  # "Northern California", "West Africa"
    if len(words) > 1 and _is_thing(words):
        return "", None
    if len(words) == 1:
        if name in _THINGS_ALONE:
            return "", None  # "Special Counsel Report": not a person after a title
        if name in lexicon.CALENDAR:
            return None, None  # a person only as the surname of one named in full
        if len(name) >= 2 and name.replace(".", "").isupper():
            if (
                name.lower() in lexicon.SECTION_WORDS
                or name in lexicon.TIME_ZONES
                or _is_place(name.title())
            ):
                return "", None  # "ABSTRACT.", a dateline's "WASHINGTON —", "MOSCOW —"
            return None, "organisation"  # an acronym: NATO, ISIS, SOHR
        return None, _SPEECH
    if len(words) > 4 or any(w in _NAME_CONNECTORS for w in words):
        return None, ""
    if any(
        w in lexicon.country_aliases() or (w in lexicon.NOT_NAMES and not _surname_month(words, k))
        for k, w in enumerate(words)
    ):
        return None, ""
    if any(w in _CONNECTORS for w in words):
        # "Bill de Blasio", but "Rio de Janeiro": a person with a title or a speech verb, or
        # named so elsewhere in the text.
        return None, _SPEECH
    common = lowercase_words()
    if (
        words[0].lower() in common
        and words[-1].lower() in common
        and not lexicon.is_first_name(words[0])
    ):
        # "Holy Communion", "Deep State", "Red Cross", "Witch Hunt": words news writes in
        # lower case, first and last, name a thing or a body, no person ("Mark Judge": a
        # first name opens a person's name whatever it means).
        return None, _SPEAKING_THING
    return None, "person"


_COMPASS = frozenset(
    "North South East West Northern Southern Eastern Western Central Upper Lower".split()
)


def _is_place(name: str) -> bool:
    """Whether ``name`` is a place or a country's name."""
    return name in lexicon.places() or name in lexicon.country_aliases()


# Words of THING_TAILS that name no one alone either (unlike "Bill", "Law" or "Cup").
_THINGS_ALONE = frozenset(
    "Report Reports Investigation Investigations Probe Inquiry Newsletter Syndrome Hoax "
    "Election Elections Hearing Hearings Debate Debates Summit Treaty Agreement Policy".split()
)


def _surname_month(words: list[str], k: int) -> bool:
    """Whether word ``k`` of a name is a month used as a surname ("Theresa May")."""
    return k > 0 and words[k] in lexicon.NAME_MONTHS and words[k - 1] not in lexicon.BEFORE_MONTHS


def _is_thing(words: list[str]) -> bool:
    """Whether a run of several words names a date, an event, a document or a page element
    ("New Year", "World War II", "Good Friday", "Privacy Policy"), or is a heading in
    capitals ("FULL TEXT")."""
    last = words[-1]
    if last in lexicon.ROMAN_NUMERALS and len(words) > 2:
        last = words[-2]  # "World War II"; "John Paul II" keeps its person
    return (
        last in lexicon.THING_TAILS
        or all(w in lexicon.CALENDAR_WORDS for w in words)
        or all(w.isupper() and len(w) > 1 and "." not in w for w in words)
    )


# Generational suffixes closing a name, after its surname ("Robert Fiske Jr", "Edwin Meese
# III").
_SUFFIXES = lexicon.ROMAN_NUMERALS | {"Jr", "Jr.", "Sr", "Sr."}


def surname(name: str) -> str:
    """The surname of a person's name of two words or more ("Robert Fiske Jr": "Fiske")."""
    return name_parts(name)[0][1]


def name_parts(name: str) -> tuple[tuple[str, str, str], str]:
    """A person's name of two words or more as (first name in full, surname, "Jr" or "Sr")
    and its middle names: "Bill Barr" and "William P. Barr" are (("William", "Barr", ""), "")
    and (("William", "Barr", ""), "P."); "Donald Trump Jr" keeps its "Jr", another person
    than Donald Trump; "Robert S. Mueller III" is Robert Mueller (a father of the same name
    is named with his "Jr" or "Sr", a numeral only sets the son's name apart)."""
    words = name.split()
    suffix = ""
    if words[-1] in _SUFFIXES and len(words) > 2:
        suffix = words.pop().rstrip(".")
        if suffix in lexicon.ROMAN_NUMERALS:
            suffix = ""
    first = lexicon.NICKNAMES.get(words[0], words[0])
    return (first, words[-1], suffix), " ".join(words[1:-1])


# What follows the place of a dateline opening a paragraph in capitals.
_DATELINE = re.compile(r", | [—–-] | \(")


def _line_start(text: str, start: int) -> bool:
    """Whether ``start`` opens a line, past spaces (walked back one by one: a search for the
    line's start would cost the line's length for every run in a text with no line breaks)."""
    k = start
    while k > 0 and text[k - 1] in " \t\u00a0":
        k -= 1
    return k == 0 or text[k - 1] in "\n\r"


def _start(mention: Mention) -> int:
    return mention.span.start


def find_mentions(text: str, end: int | None = None) -> list[tuple[Span, str]]:
    """Mentions of actors in ``text[:end]``, as ``(span, kind)`` in text order.

    ``kind`` is one of :data:`KINDS`; every span satisfies ``text[s.start:s.end] == s.text``.
    """
    return [(m.span, m.kind) for m in scan(text, end)]


# Spaces that join the words of a name as a space does ("Sen. Marco\u00a0Rubio" in edited
# copy): a name is read on a copy of the text with plain spaces, the same length, and its
# spans take their text back from the article.
_NAME_SPACE_CHARACTERS = ("\u00a0", "\u202f")
_NAME_SPACES = str.maketrans(dict.fromkeys(_NAME_SPACE_CHARACTERS, " "))


def scan(text: str, end: int | None = None) -> list[Mention]:
    """The typed mentions of ``text[:end]`` (see the module docstring for how); each span's
    text is the article's, and its ``key`` has plain spaces."""
    if not any(c in text for c in _NAME_SPACE_CHARACTERS):
        return _scan(text, end)  # the common case, without a copy
    mentions = _scan(plain_spaces(text), end)
    for m in mentions:
        m.span = _original(text, m.span)
        if m.title is not None:
            m.title = _original(text, m.title)
    return mentions


def plain_spaces(name: str) -> str:
    """A name as read, with plain spaces (an actor's name, unlike its spans, is no offset)."""
    return name.translate(_NAME_SPACES)


def _original(text: str, span: Span) -> Span:
    return Span(span.start, span.end, text[span.start : span.end])


def _scan(text: str, end: int | None) -> list[Mention]:
    stop = len(text) if end is None else max(0, min(end, len(text)))
    found = LOWER_WORD.findall(text, 0, stop)
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
    headlines = [] if shouting else headline_lines(text, stop)
    for match in _CHUNK.finditer(text, 0, stop):
        start, finish = match.span()
        if start and (text[start - 1].isalnum() or text[start - 1] in _CONTINUING):
            continue  # the run continues a word
        if shouting or (headlines and any(a <= start < b for a, b in headlines)):
            mentions.extend(_shouted(text, start, finish))
            continue
        chunk = match.group()
        if _DATELINE.match(text, finish) and chunk.isupper() and _line_start(text, start):
            continue  # "MANCHESTER, N.H. —", "LONDON (Reuters) -": where the story was filed
        info = chunks.get(chunk)
        if info is None:
            info = chunks[chunk] = _Chunk(chunk)
        if info.group is not None and (
            sentence_initial(text, start) or chunk not in lexicon.PARTY_FORMS
        ):
            # "Rebels" opening a sentence, British news's "the Government": the group; but
            # "the Conservatives" inside one is a party.
            if _is_agent(text, start, chunk.lower()):
                mentions.append(Mention(Span(start, finish, chunk), "group", info.group))
            continue
        # Drop opening words that are not names.
        tokens = info.tokens
        token = tokens[0]
        if token.not_name or (
            token.lower is not None and token.lower in lower_words and sentence_initial(text, start)
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
                elif untitled is _SPEAKING_THING:
                    kind = "organisation" if _SPEECH_AFTER.match(text, last) else ""
                else:
                    kind = untitled
            if (
                kind == "organisation"
                and len(name) >= _SHOUTED
                and name.isupper()
                and name.lower() in lower_words
            ):
                continue  # "REFUSING", "REPORT": a word in capitals, not an acronym
            if kind:
                if kind == "person" and " " in name:
                    family = surname(name)
                    surnames.add(family)
                    surnames.add(lexicon.ARTICLE_PREFIX.sub("", family))  # "al-Assad": "Assad"
                mentions.append(Mention(Span(first, last, name), kind, keys[kind], title))
            elif kind is None:
                untyped.append((first, last, name))
                if (
                    " " not in name
                    and name not in lexicon.NOT_LEADERS
                    and _LED_BODY.match(text, last)
                ):
                    surnames.add(name)  # "the Assad government": Assad leads it
    # An untyped name is a person when it is the surname of one the text names, or the name
    # of one it types so elsewhere ("Bill de Blasio said", then "met Bill de Blasio").
    persons = {m.span.text for m in mentions if m.kind == "person"}
    for first, last, name in untyped:
        if name in surnames or name in persons:
            mentions.append(Mention(Span(first, last, name), "person", "person:" + name))
    if headlines and persons:
        mentions.extend(_named_in_headlines(text, headlines, persons | surnames))
    for noun in lexicon.GROUP_NOUNS.keys() & lower_words:
        key = "group:" + lexicon.GROUP_NOUNS[noun]
        for match in _GROUPS[noun].finditer(text, 0, stop):
            start = match.start()
            if start and (text[start - 1].isalnum() or text[start - 1] in _CONTINUING):
                continue  # the end of a longer word
            if _is_agent(text, start, noun):
                mentions.append(Mention(Span(start, match.end(), noun), "group", key))
    west = _the_west(text, stop)
    if west:
        taken = {m.span.start for m in west}
        mentions = [m for m in mentions if m.span.start not in taken]
        mentions.extend(west)
    mentions.sort(key=_start)
    return _without_overlaps(_states_acting(text, mentions))


def _is_agent(text: str, start: int, noun: str) -> bool:
    """Whether a group noun at ``start`` names a group that acts, not a role or a generic
    word: a singular collective needs a determiner or a possessive before it ("the
    government", "Syria's army", not "heads of state and government", "government troops"),
    and no group noun is one in a description after "as" or "like" ("used them as foot
    soldiers", "fled like frightened soldiers")."""
    words = _words_before(text, start, 4)
    for i, word in enumerate(words):
        lower = word.lower().lstrip("\"“‘'([")
        if lower in _DETERMINERS or lower.endswith(("'s", "’s")):
            return True
        if lower == "like" or lower == "as":
            # "groups such as rebels" lists actors
            return lower == "as" and i + 1 < len(words) and words[i + 1].lower() == "such"
        if lower in _FUNCTION_WORDS or not _MODIFIER.fullmatch(word):
            break
    return noun not in lexicon.COLLECTIVE_NOUNS


def _words_before(text: str, start: int, n: int) -> list[str]:
    """Up to ``n`` space-separated words right before ``start``, nearest first; a word that
    ends in punctuation ends the list (it closes a clause)."""
    words: list[str] = []
    end = start
    while len(words) < n and end >= 2 and text[end - 1] == " " and not text[end - 2].isspace():
        first = max(text.rfind(" ", max(0, end - 40), end - 1), text.rfind("\n", 0, end - 1)) + 1
        word = text[first : end - 1]
        if not word or not (word[-1].isalnum() or word[-1] in "'’"):
            break
        words.append(word)
        end = first
    return words


def _the_west(text: str, stop: int) -> list[Mention]:
    """Mentions of the geopolitical West: "the West", "western countries", and "these
    nations" after one of those."""
    if "West" not in text and "western" not in text:
        return []
    found: list[Mention] = []
    key = "group:" + lexicon.WEST
    for match in _WEST.finditer(text, 0, stop):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in _CONTINUING):
            continue
        if match.group(1) is not None:
            g = 1
        elif match.group(3) in lexicon.BLOC_NOUNS:
            g = 2
        else:
            continue
        found.append(Mention(Span(match.start(g), match.end(g), match.group(g)), "group", key))
    if found:
        for match in _THESE_NATIONS.finditer(text, found[0].span.end, stop):
            start = match.start()
            if start and (text[start - 1].isalnum() or text[start - 1] in _CONTINUING):
                continue
            if match.group(1) in lexicon.BLOC_NOUNS:
                found.append(Mention(Span(start, match.end(), match.group()), "group", key))
    return found


def _states_acting(text: str, mentions: list[Mention]) -> list[Mention]:
    """Without the group nouns that follow a country's name ("American soldiers", "the Syrian
    government"), or a leader's ("the Assad government", "the Obama administration"): the
    country, or the person, is the actor, and it has the mention."""
    kept: list[Mention] = []
    for m in mentions:
        if (
            m.kind == "group"
            and kept
            and kept[-1].span.end + 1 == m.span.start
            and text[kept[-1].span.end] == " "
            and (
                (kept[-1].kind == "country" and m.span.text.lower() in lexicon.STATE_NOUNS)
                or (kept[-1].kind == "person" and m.span.text.lower() in lexicon.LED_BODIES)
            )
        ):
            continue
        kept.append(m)
    return kept


def headline_lines(text: str, stop: int) -> list[tuple[int, int]]:
    """Lines in headline case ("Harbour Bill Passes as Critics Cry Foul", "Tom Steyer Rallies
    Supporters after Conclusion of Mueller Report."): every word of four letters or more
    capitalised but prepositions and conjunctions, at least three capitalised words and more
    capitalised words than lowercase ones. Their capitals say nothing about names, so they are
    read like shouted text."""
    found = []
    for line in _LINE.finditer(text, 0, stop):
        start, end = line.span()
        body = text[start:end].rstrip()
        if (
            body
            and len(_CAPITALISED.findall(body)) >= 3
            and not any(w not in _HEADLINE_LOWER for w in _LONG_LOWER.findall(body))
            # A closing full stop or quote ends a sentence too, unless a function word in
            # the line is capitalised ("Theresa May Could Lose the Kingdom Over Brexit.").
            and (body[-1] not in '.!?"”’' or any(w in _HEADLINE_CAPITALS for w in body.split()[1:]))
        ):
            found.append((start, end))
    return found


# Function words only a headline capitalises.
_HEADLINE_CAPITALS = frozenset(
    "Is Are Was Were Be Been Has Have Had Do Does Did Doesn’t Doesn't Don’t Don't Can Could Will "
    "Would Should Must Might Of To For From With Into Over Under After Before About Against "
    "Amid As At By In On Up Out Off And Or But Not Than That This".split()
)
# Words of four letters or more a headline leaves in lower case.
_HEADLINE_LOWER = frozenset(
    "about above across after against along amid among around before behind below beneath "
    "beside between beyond during except from inside into like near onto over past since "
    "than that this through toward towards under until upon with within without".split()
)


def _named_in_headlines(
    text: str, headlines: list[tuple[int, int]], names: set[str]
) -> list[Mention]:
    """In headline-case lines, the persons the rest of the text names, by those names
    ("Theresa May Could Lose …" once the text names Theresa May); the longest name first."""
    ordered = sorted(names, key=len, reverse=True)
    pattern = re.compile(rf"(?<![\w'’-])(?:{'|'.join(map(re.escape, ordered))})(?![\w'’-])")
    return [
        Mention(Span(m.start(), m.end(), m.group()), "person", "person:" + m.group())
        for a, b in headlines
        for m in pattern.finditer(text, a, b)
    ]


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


def sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENING_PUNCTUATION:
        if text[i] == "\n":
            return True
        i -= 1
    return i < 0 or text[i] in _SENTENCE_OPENERS or text[i] == "\ufeff"


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
    bare = word.rstrip(".")
    if bare not in lexicon.TITLES:  # the list is lower case: "President" is part of the run
        return None
    if bare != word and len(bare) > 4:
        return None  # "... met the mayor. HWA won": the title word ended a sentence
    return Span(first, first + len(bare), bare)


def _key(kind: str, name: str) -> str:
    """The actor key of a person, organisation or country mention."""
    if kind == "country":
        aliases = lexicon.country_aliases()
        return "country:" + aliases.get(name, aliases.get(name.title(), name))
    if kind == "organisation":
        return "organisation:" + _org_key(name)
    return "person:" + name


def _org_key(name: str) -> str:
    bare = name.replace(".", "")
    name = lexicon.ORG_EXPANSIONS.get(name) or lexicon.ORG_EXPANSIONS.get(bare, bare)
    return name.replace(".", "").lower()


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    kept: list[Mention] = []
    for m in mentions:
        if kept and m.span.start < kept[-1].span.end:
            continue
        kept.append(m)
    return kept

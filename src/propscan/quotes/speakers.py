"""Resolving a quote's source to the fullest name the article gives for it.

A name is a run of capitalised words (initials such as ``J.`` included), without a leading
title or sentence-opening function word. A source whose head is a name resolves to the longest
name in the article that ends with the same word (``Peskov`` → ``Dmitri Peskov``); a title
inside the name or its office goes (``Mayor of London Sadiq Khan`` is ``Sadiq Khan``). A source
whose name is only a modifier or a complement (``US-backed rebels``, ``Obama's spokesman``,
``the heads of state of the United States``, ``a spokeswoman for European Commission
president Jean-Claude Juncker``) and any other source (``a source``, ``the letter``) stays as
written: resolving it to the name would put words in the wrong mouth.

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
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from itertools import takewhile

from propscan.actors.common_words import lowercase_words
from propscan.actors.first_names import first_name_gender, opening_first_name
from propscan.actors.lexicon import (
    ABBREVIATED_TITLES,
    ARTICLE_PREFIX,
    CALENDAR,
    KNOWN_ORGS,
    NAME_MONTHS,
    NOT_NAMES,
    ORG_WORDS,
    PARTY_WORDS,
    TITLES,
    country_aliases,
    is_first_name,
    is_title,
    places,
)
from propscan.actors.mentions import LOWER_WORD, headline_lines, sentence_initial
from propscan.quotes.marks import open_quotation
from propscan.quotes.sources import (
    NUMBER_WORDS,
    POSSESSIVES,
    SUBORDINATORS,
    name_run_start,
)

# Particles run on into the name ("Ursula von der Leyen", "Bill de Blasio"), and so does an
# Arabic article joined to its word ("Bashar al-Assad").
# A word of a name: an acronym with stops ("U.S."), a capitalised word, an initial, or a
# lone capital before another word ("J Street"); never the end of a hyphenated word
# ("anti-Semitic Farrakhan" is Farrakhan). A hyphen joins the parts of a name ("Rees-Mogg"),
# never a run of them ("Communion---while").
_NAME_WORD = (
    r"(?:(?:[A-Z]\.){2,}|[A-Z](?:[\w’']|-(?=[\w’']))+|(?:al|el)-[A-Z](?:[\w’']|-(?=[\w’']))+"
    r"|[A-Z]\.|[A-Z](?=[ \u00a0][A-Z]))"
)
_NAME = re.compile(
    rf"(?<![\w’'\-.]){_NAME_WORD}(?:[ \u00a0]+(?:{_NAME_WORD}"
    r"|(?:de|van|von|der|den|del|du|da|al|bin|ibn|of|for|and)(?=[ \u00a0]+(?:[A-Z]|der |den ))))*"
)
# Words a name does not start with: function words, party words, sentence adverbs, imperatives
# that open a sentence, and every title the actors recogniser knows ("Councillor Mara Vell" is
# Mara Vell).
_DROP = (
    frozenset(
        "the a an but and according prime former vice chief kremlin republican democrat "
        "democratic gop u.s us when as in on at after so if yet now still then also although "
        "though while because since despite unless whereas once those these this that some "
        "many most all both several few "  # "Those who have opposed Brexit"
        "imagine consider remember recall suppose picture".split()  # "Imagine Churchill telling"
    )
    | TITLES
    | {w.lower() for w in PARTY_WORDS}  # "Labour MP Phil Wilson" is Phil Wilson
)
# A relative pronoun opening a source ("which it says", "who said") points at the name right
# before it, not at the previous speaker.
_RELATIVE = frozenset("which who whom that".split())
_PERSONAL = frozenset("he she".split())
# A pronoun's contracted "is" or "has" ("He's", "She’s"), which the source may end with.
_CONTRACTED = re.compile(r"(?i)(he|she|it)['’]s")
# The gender a personal pronoun rules out: "she" is no one the text calls "Mr.".
_OTHER_GENDER = {"he": "f", "she": "m"}
_PLURAL = frozenset(["they"])
_NEUTER = frozenset(["it"])
# "I", "we" and "you" outside quotation marks are the author, the outlet or the reader, not
# the last speaker: they resolve to no one.
_FIRST_AND_SECOND = frozenset("i we you".split())
PRONOUNS = _PERSONAL | _PLURAL | _NEUTER | _FIRST_AND_SECOND
# Words before a name that make it a complement, not the source's head ("the heads of state
# of the United States", "a spokesman for Gazprom").
_COMPLEMENT = re.compile(
    r"(?:\b(?:of|for|from|at|in|with|by|across|around|throughout|among|within|outside|beyond)"
    r"(?:\s+the)?|[’']s?)\s*$"
)
# A person's affiliation after the name: "Shadi Hamid of the …", "Cameron Easley for …".
_AFFILIATION = re.compile(r"[ \u00a0]+(?:of|for|at|from)[ \u00a0]")
# A title's "of" or "for" before a name: the name holds the office ("President of the").
_OFFICE = re.compile(r"(?:^|\s)([A-Z][a-z]+)\s+(?:of|for)(?:\s+the)?\s*$")
# Days and months a relative pronoun after them does not refer to ("records in July, which
# showed"); not those that are names too ("May, who said").
_TIMES = CALENDAR - NAME_MONTHS
# Prepositions of place before a name that a relative pronoun right after it passes over to
# the noun before ("Republicans in Congress who agree", "an anchor at Fox News who"); not "of"
# and the like, after which the name is the group meant ("mined by Republicans who expect").
_NAME_GOVERNORS = frozenset("in at".split())
# A lowercase noun governing the name ("A spokeswoman for European Commission president
# Jean-Claude Juncker", "an aide to President Trump"): the source's head is that noun, and the
# name only its complement's.
_GOVERNED = re.compile(r"\b[a-z][\w’'\-]*\s+(?:of|for|to|from|at|with|by|close\s+to)\s+")


def _governed(prefix: str, name: str) -> bool:
    """Whether the words before a name hold a lowercase noun governing it: right after its
    preposition ("a source close to Putin") or after the name's own title ("an aide to
    President Trump"); not when the phrase ends in another name ("ambassador to the U.K.
    Woody Johnson") or a common noun ("director of legislative affairs Nikki da Costa")."""
    ends = [m.end() for m in _GOVERNED.finditer(prefix)]
    if not ends:
        return False
    if name.split()[-1] in ORG_WORDS:
        return True  # "vice chairman of the Conservative 1922 Committee": a body, no person
    # The words the name's run holds before its core belong to the phrase ("U.K." in "U.K.
    # Woody Johnson", "President" in "President Trump").
    words, core = name.split(), _core(name).split()
    front = words[: len(words) - len(core)] if core and words[-len(core) :] == core else []
    rest = [w for w in prefix[ends[-1] :].split() if w != "the"] + front
    return not rest or _is_title(rest[-1])


# Lowercase nouns that are plural without an -s.
_PLURAL_NOUNS = frozenset("people police staff militia leadership".split()) - {"militia"}
# Words that speak for several people alone ("Others joked", "Many say").
_PLURAL_QUANTIFIERS = frozenset("others many some several both few most all".split())
# A pronoun with no earlier speaker looks this many names back for a person's.
NAMES_BACK = 200
# Plural speakers are looked for this many paragraphs back (the current one and the previous).
PLURAL_PARAGRAPHS = 2


@lru_cache(maxsize=4096)
def _core(name: str) -> str:
    """A name (as matched by ``_NAME``) without what is not its own: an opening preposition
    ("For Sean Hannity"), owners ("EU’s Donald Tusk", "Fox News Channel's Hannity"), titles
    and their offices ("Foreign Secretary Jeremy Hunt", "Mayor of London Sadiq Khan"), an
    organisation run on into the name ("European Commission Jean Claude Juncker"), a title
    after it ("Jacob Rees-Mogg MP") and a possessive ending."""
    words = name.replace("\u00a0", " ").split()
    # A modifier ending in a compound with a lower-case part is no part of the name
    # ("Sixteen-year-old Hunter Richard", "South Korean-born Monte Haines", "Los
    # Angeles-area Sanders").
    compound = max((k for k, w in enumerate(words[:-1]) if _LOWER_COMPOUND.search(w)), default=-1)
    words = words[compound + 1 :]
    owner = max((k for k, w in enumerate(words[:-1]) if _owns(w)), default=-1)
    if owner >= 0 and _owned_name(words[owner], words[owner + 1 :]):
        words = words[owner + 1 :]
    first = words[0].replace(".", "") if words else ""
    if len(words) > 2 and (
        first in _COUNTRY_ACRONYMS or (first in _countries() and _is_title(words[1]))
    ):
        words = words[1:]  # "U.K. Woody Johnson", "Syrian President Assad"
    # The name follows the last title inside the run ("Foreign Secretary Jeremy Hunt", "US
    # Secretary of State Mike Pompeo"), when two words or more follow it.
    inner = [k for k in range(1, len(words) - 2) if _is_title(words[k])]
    if inner:
        words = words[inner[-1] :]
    titled = False
    while words and (
        words[0].lower().rstrip(".") in _DROP
        or _is_title(words[0])
        or (not titled and words[0].lower() in _OPENING_PREPOSITIONS)  # "(As) for Sean Hannity"
    ):
        if len(words) > 1 and all(w in ORG_WORDS for w in words[1:]):
            break  # "Justice Department", "General Assembly": the title word names it
        titled = titled or _is_title(words[0])
        words = words[1:]
    if titled and words and words[0] in ("of", "for"):
        words = _office_holder(words[1:])  # "Mayor of London Sadiq Khan" is Sadiq Khan
    # A name after its organisation's ("European Commission Jean Claude Juncker").
    org = max((k for k, w in enumerate(words) if w in ORG_WORDS), default=-1)
    if (
        org >= 1
        and 2 <= len(words) - org - 1 <= 3
        and all(w[:1].isupper() for w in words[org + 1 :])  # not "Observatory for Human Rights"
    ):
        words = words[org + 1 :]
    # A body known by name before a person's name ("ambassador to the United Nations Nikki
    # Haley"; not "White House Correspondents' Association").
    known = next((k for k in range(len(words) - 2, 0, -1) if " ".join(words[:k]) in KNOWN_ORGS), 0)
    rest = words[known:]
    if known and 2 <= len(rest) <= 3 and is_person_name(" ".join(rest)):
        words = rest
    elif (
        len(words) >= 3
        and words[0].lower() in lowercase_words()
        and first_name_gender(words[1]) is not None
        and words[-1] not in PARTY_WORDS
        and words[-1].lower() not in lowercase_words()
    ):
        # A common word run on into a name: "Comedian Sarah Silverman", "Crooked Hillary
        # Clinton", "Actor Clint Howard" ("South Carolina Republican" is none).
        words = words[1:]
    while len(words) > 2 and words[-1] in _POST_TITLES:
        words = words[:-1]  # "Jacob Rees-Mogg MP" (but "the Sedgefield MP" is no place)
    if words and words[-1].endswith(_POSSESSIVE):
        words[-1] = words[-1][: -2 if words[-1].endswith("s") else -1]
    affiliation = next((k for k, w in enumerate(words) if w in ("of", "for")), 0)
    if affiliation >= 2 and first_name_gender(words[0]) is not None:
        words = words[:affiliation]  # "Eric Swalwell of California" is Eric Swalwell
    return " ".join(words)


# One person's name: capitalised words, initials and particles, nothing owned or joined.
_NAME_PARTS = re.compile(r"[A-Z][\w.\-]*(?: (?:[A-Z][\w.\-]*|de|van|von|der|da|al|bin))*")
# A hyphenated word whose second part is in lower case ("Angeles-area", "Bernie-backed").
_LOWER_COMPOUND = re.compile(r"\w-[a-z]")
# A possessive inside a capitalised run: two words, not one name.
_INNER_POSSESSIVE = re.compile(r"\w['’]s? ")
# A word that owns the one after it ("Trump's", "Rove’s", "Jones'").
_OWNER = re.compile(r"\w['’]s?$")
# Lower-case words that join two names into one ("Bank of America"), never inside a person's,
# and function words a title-case headline runs into a name ("Jews Against Trump", "Reporting
# On Carson", "Is Rebecca Bradley"; the name particles "de", "van" … are none of them).
_NOT_IN_NAMES = frozenset(
    "of for and the a an is isn't isn’t was are were has have had been on at by to with than "
    "against about from into over after before not".split()
)


# The last words of a run of capitals that make it a time ("New Year", "Election Day"), as
# the actors' THING_TAILS do; its other tails ("Law", "Report", "Convention") end speakers'
# names too ("Steven Law", "the Hurun Report"), and so may these after a first name
# ("Kristen Day").
_TIME_TAILS = frozenset("Day Days Eve Year Years Week Weekend Holiday Holidays Month".split())


def _plain_words(name: str) -> list[str]:
    """A name's words without an Arabic article ("Bashar al-Assad": "Bashar", "Assad") nor
    a generation after it ("Joseph R. Biden Jr.": "Joseph", "R.", "Biden")."""
    words = name.split()
    if len(words) > 1 and words[-1] in _GENERATIONS:
        words = words[:-1]
    return [ARTICLE_PREFIX.sub("", w) for w in words]


def _whole(name: str) -> bool:
    """Whether a name may stand for its last word elsewhere: not run together with an
    organisation's ("Carolyn Kaster White House Trump", a photo credit before a caption)."""
    words = name.split()
    return not any(
        w in ORG_WORDS and words[k + 1] not in ORG_WORDS for k, w in enumerate(words[:-1])
    )


def _owns(word: str) -> bool:
    """Whether a word is an owner ("EU’s", "Democrats’"), not a contraction ("Let’s")."""
    return word.endswith(_POSSESSIVE) and word.lower().replace("’", "'") not in _CONTRACTIONS


_CONTRACTIONS = frozenset("it's that's let's there's here's what's who's he's she's".split())


def _owned_name(owner: str, rest: list[str]) -> bool:
    """Whether the words after an owner are a name of their own ("EU’s Donald Tusk", "Fox
    News Channel's Hannity", "Hungary's Orban"), not the owner's organisation or thing
    ("People’s Vote", "Queen's University", "White House Correspondents’ Association")."""
    if any(w in ORG_WORDS for w in rest):
        return False
    base = owner[:-2] if owner.endswith(("’s", "'s")) else owner[:-1]
    return len(rest) > 1 or base in ORG_WORDS or base in KNOWN_ORGS or base in _countries()


def _is_title(word: str) -> bool:
    """Whether a word is a title ("President", "Sen.", "Co-chair")."""
    return is_title(word) or (word[:3].lower() == "co-" and is_title(word[3:]))


_COUNTRY_ACRONYMS = frozenset("US UK EU UN".split())  # written with stops or not
_POSSESSIVE = ("’s", "'s", "s’", "s'")
_OPENING_PREPOSITIONS = frozenset(
    "for with from by to of into about over under among against like unlike via".split()
)


# Titles written after a name.
_POST_TITLES = frozenset("MP MEP MSP QC KC".split())
# A generation after a name is part of it: "Donald Trump Jr" is not Donald Trump. The name is
# known by the word before it ("Joseph R. Biden Jr." is "Biden").
_GENERATIONS = frozenset("Jr Jr. Sr Sr. III IV".split())


def _office_holder(words: list[str]) -> list[str]:
    """The person's name in the capitalised words after a title's "of" or "for" ("London
    Sadiq Khan" in "Mayor of London Sadiq Khan"): the words after the last organisation word
    ("European Commission Jean Claude Juncker"), else the last two (three with a particle:
    "New York Bill de Blasio"); none when too few are left to hold both an office and a
    name ("Mayor of London" names no one)."""
    if any(w in ("of", "for", "and", "the") for w in words):
        return []  # "House of Commons": an office's words, no one's name
    org = max((k for k, w in enumerate(words) if w in ORG_WORDS), default=-1)
    if org >= 0:
        return words[org + 1 :] if len(words) - org - 1 >= 2 else []
    if len(words) < 3:
        return []
    n = 2
    while n < len(words) - 1 and (words[-n].islower() or _initial(words[-n])):
        n += 1  # "New York Bill de Blasio", "State Michael R. Pompeo"
    return words[-n:]


def _initial(word: str) -> bool:
    return len(word) == 2 and word[1] == "." and word[0].isupper()


# A gendered title before a surname: "Mr. Trump", "Mrs Clinton", "Sir John Major" (the
# first name then, which no surname lookup finds: harmless), and the gender it gives.
_TITLE_GENDER = {
    **dict.fromkeys("Mr Sir Lord".split(), "m"),
    **dict.fromkeys("Mrs Ms Miss Dame Lady".split(), "f"),
}
_GENDERED = re.compile(rf"\b({'|'.join(_TITLE_GENDER)})\.?[ \u00a0]+([A-Z][\w’'\-]+)")
# Nouns of a person's role that say their sex, right before the name ("spokeswoman Mina
# Andreeva") or in the appositive after it ("Mina Andreeva, deputy chief spokeswoman for the
# Commission"), as a courtesy title does.
_ROLE_GENDER = {
    **dict.fromkeys(
        "spokeswoman chairwoman congresswoman businesswoman councilwoman assemblywoman "
        "actress wife mother daughter sister widow grandmother queen princess duchess".split(),
        "f",
    ),
    **dict.fromkeys(
        "spokesman congressman businessman councilman assemblyman husband father son "
        "brother widower grandfather king prince duke".split(),
        "m",
    ),
}
_ROLES = "|".join(_ROLE_GENDER)
_ROLE_BEFORE = re.compile(rf"\b({_ROLES})[ \u00a0]+[A-Z][a-z]+[ \u00a0]+([A-Z][\w’'\-]+)")
# (not past a possessive or a relative: "Trump, whose wife …" says nothing of Trump's sex)
_ROLE_AFTER = re.compile(
    rf"\b[A-Z][a-z]+[ \u00a0]+([A-Z][\w’'\-]+), (?:(?!whose |his |her |their |its |who )"
    rf"[\w.-]+ ){{0,4}}({_ROLES})\b"
)


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


def _generation(name: str) -> str | None:
    """The generation a name ends with ("Jr" for "Donald Trump Jr."), if any."""
    words = name.split()
    return words[-1].rstrip(".") if len(words) > 1 and words[-1] in _GENERATIONS else None


def _last_word(name: str) -> str:
    """The word a name is known by: its last, without an Arabic article ("al-Assad" is
    "Assad") or a generation after it ("Biden Jr." is "Biden")."""
    return _plain_words(name)[-1]


@cache
def _countries() -> frozenset[str]:
    return frozenset(country_aliases())


# A word with a capital inside it after a lower-case letter, a brand's or an outlet's
# ("ProPublica", "LifeSiteNews", "TheDCNF", "GoFundMe"), unless the capital follows a
# surname's prefix ("McCain", "MacArthur", "DeSantis", "DiCaprio", "LaHood", "LeBron").
_BRAND = re.compile(
    r"(?!(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von)[A-Z][a-z]+$)[A-Z][a-z]+[A-Z][A-Za-z]+"
)


def is_person_name(name: str) -> bool:
    """Whether a name (a :func:`_core`) may be a person's: not a known organisation, not
    holding an organisation word, not a country."""
    if name in KNOWN_ORGS or name in _countries():
        return False
    return not any(
        word in ORG_WORDS or word in KNOWN_ORGS or _BRAND.fullmatch(word) for word in name.split()
    )


def _head(source: str) -> str:
    """The source without its appositive (``NAME, a professor at …``) or relative clause; for
    a description followed by the name it gives (``The council's own economist, Dr. Leon
    Park,``), the name."""
    dash = _SPACED_DASH.search(source)
    if (
        dash is not None
        and source[dash.end() : dash.end() + 1].islower()
        and source.rstrip()[-1:] in "—–-"
    ):
        # "Rep. Lois Frankel — like Reid, a supporter of … —": an aside between dashes
        # (which had made Reid the speaker).
        source = source[: dash.start()]
    parts = source.split(",")
    head = parts[0]
    if len(parts) > 1 and (name := _described_name(head, parts[1])) is not None:
        head = name
    elif _joins_people(source):
        head = source.rstrip(" ,")
    head = _RELATIVE_CLAUSE.split(head, maxsplit=1)[0]
    head = _ASIDE.sub("", head)  # "Sen. Elizabeth Warren (D-Mass.)"
    head = _REFLEXIVE.sub("", head)  # "Mr. Rubio himself"
    return head.strip(" \u00a0—–-()")


# A dash set off by spaces, opening an aside.
_SPACED_DASH = re.compile(r"\s+(?:—|–|--|-)\s+")
# A reflexive pronoun after a source's name, which only stresses it ("Trump himself said").
_REFLEXIVE = re.compile(r"[ \u00a0]+(?:himself|herself|themselves|itself)$")


def _joins_people(source: str) -> bool:
    """Whether ", and" joins a second person after a first one's appositive, before any
    relative clause ("Nancy Pelosi, D-Calif., and Chuck Schumer, D-N.Y.", "Former Labor PM
    Tony Blair, and former Conservative PM John Major"); not a second role of one person
    ("Karen Freeman-Wilson, mayor of Gary, Indiana, and chair of …")."""
    main = _RELATIVE_CLAUSE.split(source, maxsplit=1)[0]
    for part in main.split(",")[1:]:
        words = part.split()
        if words[:1] == ["and"] and len(words) > 1:
            after = words[1] if words[1] not in ("former", "the") else " ".join(words[2:3])
            if after[:1].isupper():
                return True
    return False


# A relative clause after a name ("Ann Lee, who leads …"): no part of the name.
_RELATIVE_CLAUSE = re.compile(r"\s(?:who|which|whose)\s")
# An aside in parentheses after a name: a party and state ("(D-Mass.)", "(R-Texas)", "(I)"),
# a diocese, a caption's "(seen last year)".
_ASIDE = re.compile(r"\s*\([^()]{1,40}\)\s*$")


def _without_aside(source: str) -> str:
    """A source as a speaker shows it: without the comma closing its appositive ("The
    Podesta Group's CEO, Kimberley Fritts,", as PolNeAR marks a source) and without a
    closing aside ("… Chuck Schumer (D-N.Y.)", "the Inspector General (OIG)")."""
    source = source.rstrip(" ,") or source
    return _ASIDE.sub("", source) or source


def _described_name(description: str, name: str) -> str | None:
    """The name after ``description`` when that is a noun phrase with a determiner or an
    owner ("the White House spokesman", "Dow's chief executive") whose last word is a common
    noun, and ``name`` a short capitalised name, or one after its own description
    ("Another one of the seven, one-time Labour leadership contender Chuka Umunna"); not
    after an adverbial ("At the time, Sanders")."""
    words = description.split()
    named = name.split()
    if words and _is_title(words[0]) and words[0][:1].isupper():
        # "Leader of the House of Commons, Andrea Leadsom": a title's phrase, then the name.
        return name if 1 < len(named) <= 4 and all(w[:1].isupper() for w in named) else None
    if not words or not (words[-1].isalpha() and words[-1].islower()):
        return None
    first = words[0].lower()
    owned = any(w.endswith(("'s", "’s")) for w in words[:-1])
    if first not in _DETERMINERS and not owned:
        return None
    if 0 < len(named) <= 4 and all(w[:1].isupper() for w in named):
        return name
    # The name's own description before it, of modifiers and a common noun: "one-time Labour
    # leadership contender Chuka Umunna", "his cousin James York"; no clause nor phrase
    # ("who serves as …", "written by Sir Richard Dearlove and …", "from Our Principles PAC").
    k = name_run_start(named)
    if not (2 <= len(named) - k <= 4 and k > 0 and named[k - 1].isalpha()):
        return None
    if named[k - 1].islower() and all(_modifier(w) for w in named[:k]):
        return " ".join(named[k:])
    return None


def _person_after_body(words: list[str]) -> list[str]:
    """The person's name ending a run of capitals that opens with a body's ("The Daily Beast
    Erin Gloria Ryan"; not "Led by Council Speaker Melissa Mark-Viverito, the rally"): from a
    given name after the second word on, two or three words; none otherwise."""
    if not words or words[0] != "The":
        return []
    given = next((k for k in range(2, len(words) - 1) if first_name_gender(words[k])), 0)
    rest = words[given:]
    return rest if given and 2 <= len(rest) <= 3 and is_person_name(" ".join(rest)) else []


def _modifier(word: str) -> bool:
    """Whether a word of a description before a name may modify its noun: no function word,
    relative pronoun or participle ("led", "cycling"), no number."""
    low = word.lower()
    return (
        word.replace("-", "").replace("’", "").replace("'", "").isalpha()
        and low not in _NOT_IN_NAMES
        and low not in _RELATIVE
        and not low.endswith(("ed", "ing", "’s", "'s"))
    )


# The endings of a group's plural noun written with a capital ("Brexiteers", "Europeans",
# "Conservatives", "Loyalists"); a surname with one ("Sanders") has a fuller name beside it.
_GROUP_ENDINGS = ("eers", "ers", "ists", "ites", "ans", "ives", "ics")
# Titles that come before a surname only.
_COURTESY = frozenset("Mr Mrs Ms Miss Dr".split())
_DETERMINERS = frozenset("the a an another his her their its our my your one".split())


# An acronym's plural: "MPs", "CEOs".
_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")


# A sentence's start, where a pronoun's antecedent is looked for: after a paragraph break or
# a sentence's stop and its closing marks, whatever follows. propscan.document's splitter
# (a capital after the stop, its own abbreviations) gives 83 pronouns of the 1,386 PTC and
# PolNeAR texts another antecedent; this is the reading the rule was judged with.
# A sentence opening with a name (first name and surname, or a surname), and the next
# sentence opening with "He" or "She" (maybe after a conjunction).
_NAMED_THEN_PRONOUN = re.compile(
    r"(?:^|(?<=[.!?] ))([A-Z][a-z]+)(?: ([A-Z][\w’'-]+))?\b"
    r"([^.!?\n]{0,250})[.!?][\"”’']?[ \u00a0\n]+"
    r"(?:(?:But|And|Yet|Still|Now|Then)[ \u00a0]+([Ss]he|[Hh]e)|(She|He))\b",
    re.MULTILINE,
)
# The first word of a pair of capitalised words (a first name, maybe).
_PAIR_FIRST = re.compile(r"\b([A-Z][a-z]+)[ \u00a0][A-Z]")
_SENTENCE_STARTS = re.compile(r"(?:^|\n|[.!?][\"”’']?[ \u00a0]+)[ \u00a0]*", re.MULTILINE)
# A title's or an initial's period, which ends no sentence ("Dr. Paul Song", "J. Smith").
_TITLE_BEFORE = re.compile(
    r"(?:\b(?:" + "|".join(t[:-1] for t in sorted(ABBREVIATED_TITLES)) + r")|\b[A-Z])\.\Z"
)
# A quotation mark: a sentence holding one may be somebody else's words.
_QUOTATION = re.compile('[“”"]')
# How far back the sentence before a pronoun is looked for.
_SUBJECT_REACH = 800


def _one_person(name: str) -> bool:
    """Whether a name (a :func:`_core`) may be one person's: no organisation's, no place
    ("New Hampshire"), not two of something ("Ryan and Trump", "Nevada and Arizona") nor a
    possessive run ("Francis' October")."""
    return (
        is_person_name(name)
        and name not in places()
        and " and " not in name
        and not _INNER_POSSESSIVE.search(name)
    )


def is_plural(source: str) -> bool:
    """Whether a source that is not a pronoun is plural: coordinated (``Russia and the Syrian
    government``, ``Russia or Syria``) or a lowercase plural head noun (``the rebel
    militias``, ``officials``)."""
    head = _head(source)
    words = head.split()
    if not words:
        return False
    if {"and", "or", "&"} & set(words):
        # "Russia and the Syrian government"; "Russia or Syria": either, no one; but "The
        # Atlantic and CNN political analyst Elaina Plott" is one person of two outlets.
        return not _outlets_role(words)
    last = words[-1].strip(".;:")
    if len(words) == 1 and last.lower() in _PLURAL_QUANTIFIERS:
        return True  # "Others joked", "Many say": capitalised as the sentence opens
    if not last.islower():
        # A capitalised head is a name ("Hopkins"), except a group such as "Democrats" or an
        # acronym's plural ("MPs", "CEOs").
        group = last in KNOWN_ORGS and last.endswith("s")
        return group or _ACRONYM_PLURAL.fullmatch(last) is not None
    if last in _PLURAL_NOUNS:
        return True
    return last.endswith("s") and not last.endswith(("ss", "us", "is", "'s", "’s"))


def _outlets_role(words: list[str]) -> bool:
    """Whether a coordination joins only bodies before one person's role and name ("The
    Atlantic and CNN political analyst Elaina Plott", "Yahoo News and former TV network
    anchor Katie Couric"), not people ("Bolton and … editor Sebastian Gorka")."""
    k = name_run_start(words)
    name = words[k:]
    if not (
        2 <= len(name) <= 3
        and k > 0
        and words[k - 1].islower()
        and words[k - 1] not in _NOT_IN_NAMES  # "… and the Department of Homeland Security"
        and is_person_name(" ".join(name))
    ):
        return False
    role = k
    while role > 0 and words[role - 1].islower() and words[role - 1] not in ("and", "or"):
        role -= 1
    bodies = " ".join(words[:role]).replace(" or ", " and ").split(" and ")
    return len(bodies) > 1 and all(_body(part.split()) for part in bodies if part)


def _body(words: list[str]) -> bool:
    """Whether words name an organisation: an organisation word, a known one, an acronym, or
    a capitalised name after "The"."""
    return bool(words) and (
        any(w in ORG_WORDS or w in KNOWN_ORGS or (w.isupper() and len(w) > 1) for w in words)
        or (words[0] == "The" and len(words) > 1)
    )


# A sentence opening with a pronoun, maybe after a conjunction ("But she saw …"), and how
# many such sentences a pronoun's referent is looked for past.
_LEADING_PRONOUN = re.compile(r"(?:(?:But|And|Yet|So|Still)[ \u00a0]+)?(\w+)\b")
_CHAIN = 3
# A sentence's first word and the space after it.
_OPENING_WORD = re.compile(r"(\w+)[ \u00a0]+")


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
        self._paragraphs: list[int] = [0] + [m.end() for m in re.finditer(r"\n\s*", text)]
        self._history: list[_Speaker] = []
        # The end of the last source resolved, and its speaker: a "who" right after it is
        # that speaker ("said Nicky Driscoll, 24, from Manchester, who said …").
        self._last: tuple[int, str | None] = (-1, None)
        # _full_name's answers: it scans every name ending like the one asked for, so an
        # article quoting one person a thousand times would cost a million steps without.
        self._full: dict[tuple[str, str | None], str] = {}

    @cached_property
    def _by_last(self) -> dict[str, list[tuple[int, str, int]]]:
        """The names of the text that may stand for their last word, by that word: (start,
        name, number of words), in text order. A capitalised word opening a sentence is no
        part of a name when the text also writes it in lower case ("Crooked Hillary
        Clinton", "Before Trump")."""
        by_last: dict[str, list[tuple[int, str, int]]] = {}
        # A headline's capitals run its words together ("Sadiq Khan Slammed"): its names
        # stand for no one's surname.
        for start, name in zip(*self._names, strict=True):
            if self._in_headline(start):
                continue
            name = self._without_opener(name, start)
            # Each of two coordinated names counts ("Ariel Quiros and William Stenger"),
            # unless they share one surname ("Shaela and Cindy Buchanan": which one?).
            cores = [_core_of(part) for part in name.split(" and ")]
            if len(cores) > 1 and any(c is None or c[2] < 2 for c in cores):
                continue  # "Minister of Foreign Affairs and Trade Péter Szijjártó"
            for core in cores:
                if core is not None and _whole(core[0]):
                    by_last.setdefault(core[1], []).append((start, core[0], core[2]))
        return by_last

    @cached_property
    def _headlines(self) -> list[tuple[int, int]]:
        """The text's headline-case lines (:func:`propscan.actors.mentions.headline_lines`)."""
        return headline_lines(self._text, len(self._text))

    def _in_headline(self, position: int) -> bool:
        """Whether ``position`` lies in a headline-case line."""
        k = bisect_right(self._headlines, (position, len(self._text))) - 1
        return k >= 0 and position < self._headlines[k][1]

    def _named_outside_headlines(self, name: str) -> bool:
        """Whether the text writes ``name`` outside its headline-case lines."""
        pattern = re.compile(rf"(?<![\w'’-]){re.escape(name)}(?![\w-])")
        return any(not self._in_headline(m.start()) for m in pattern.finditer(self._text))

    @cached_property
    def _lower(self) -> frozenset[str]:
        """The words the text writes in lower case."""
        return frozenset(LOWER_WORD.findall(self._text))

    def _without_opener(self, name: str, start: int) -> str:
        """A name found at ``start`` without a first word that only opens its sentence: a
        function word or one the text also writes in lower case ("Before Trump", "Crooked
        Hillary Clinton", "Consider Keith Ellison")."""
        first, _, rest = name.partition(" ")
        if rest and (
            first in NOT_NAMES
            # Not a first name ("Bill Clinton unloaded on Sanders", in a text about a bill:
            # Hillary Clinton had spoken for her husband).
            or (
                first.lower() in self._lower
                and sentence_initial(self._text, start)
                and not opening_first_name(first)
            )
        ):
            return rest
        return name

    def _full_name(self, name: str, gender: str | None = None) -> str:
        """The longest name the text gives for ``name``, of those that end with it ("Peskov"
        -> "Dmitri Peskov"); of two as long, the more frequent, then the first (the one an
        article introduces first is most often its subject); ``name`` when none ends so. With
        a ``gender`` ("m" or "f", from a courtesy title), no first name of the other one: "Mr.
        Obama" is not Michelle Obama."""
        if (name, gender) not in self._full:
            self._full[name, gender] = self._fullest(name, gender)
        return self._full[name, gender]

    def _fullest(self, name: str, gender: str | None) -> str:
        """:meth:`_full_name`, computed."""
        words = _plain_words(name)
        generation = _generation(name)
        found = [
            (start, full, n)
            for start, full, n in self._by_last.get(_last_word(name), ())
            if (gender is None or first_name_gender(full.split()[0]) in (None, gender))
            and n >= len(words)
            and _plain_words(full)[-len(words) :] == words
            and self._may_precede(full.split()[: n - len(words)])
            # "Trump Jr" is only a Trump Jr, and a full name never one ("Donald Trump"); a
            # surname alone may be ("Biden" for "Joseph R. Biden Jr."), below.
            and (_generation(full) == generation or (generation is None and len(words) == 1))
        ]
        if generation is None and any(_generation(full) is None and n > 1 for _, full, n in found):
            # "Trump" is Donald Trump in a text naming Donald Trump Jr. too.
            found = [f for f in found if _generation(f[1]) is None]
        if any(n > len(words) and first_name_gender(full.split()[0]) for _, full, n in found):
            # Beside a name with a first name ("Thomas Perez"), none opening with a common
            # word ("Wherever Hillary Clinton", "Deal Trump", "Donor Adelson") or only in a
            # headline ("Understated Perez raises political profile."): a headline's or a
            # description's capital.
            outside = {full for start, full, _ in found if not self._in_headline(start)}
            found = [
                (start, full, n)
                for start, full, n in found
                if n <= len(words) or (full in outside and not self._common_opener(full))
            ]
        if len(words) == 1 and all(n == 1 for _, _, n in found):
            return self._by_first_word(name)
        counts = Counter(full for _, full, _ in found)
        # Names of one person share a first word ("Donald Trump", "Donald J. Trump"); of two
        # people ("Jeb Bush", "George W. Bush"), the one the text names more often, then the
        # one it names first ("Chris Murphy" in a story about him, not "Anne Marie Murphy",
        # whom it names as often, later, in a longer name); of one person's names the longest.
        longer = [(start, full) for start, full, n in found if n > len(words)]
        people = Counter(full.split()[0] for _, full in longer)
        first_named: dict[str, int] = {}
        for start, full in longer:
            first_named.setdefault(full.split()[0], start)
        most = max(people.values(), default=0)

        def person(full: str, n: int) -> tuple[bool, int, int]:
            if n <= len(words):
                return (False, 0, -len(self._text))  # the name itself: no fuller person
            first = full.split()[0]
            # A person the lede names, named at least half as often as the most named: the
            # story's ("Clinton" in a debate story whose lede names Hillary Clinton, not her
            # husband, named three times to her two).
            lede = first_named[first] < self._lede_end and 2 * people[first] >= most
            return (lede, people[first], -first_named[first])

        ranked = [(person(full, n), n, counts[full], -start, full) for start, full, n in found]
        return max(ranked)[4] if ranked else name

    def _by_first_word(self, name: str) -> str:
        """The one person's name the text gives opening with the single word ``name``, when
        none ends with it ("Ikhsan" for "Garuda spokesperson Ikhsan Rosan", "Hillary", "Xi"
        for "Xi Jinping"); ``name`` when two people's names do ("Jane Sanders", "Jane
        Doe") or ``name`` is a place's or a body's ("China" for "China Sea")."""
        if not _one_person(name):
            return name
        found = [
            (start, full, n)
            for entries in self._by_last.values()
            for start, full, n in entries
            if n > 1
            and full.split()[0] == name
            and _one_person(full)
            # A title-case headline's run ("Figure Endorses Hillary Clinton", "Witness Said
            # Awan …") holds words the text writes in lower case; a header's is in capitals.
            and not any(w.lower() in self._lower for w in full.split()[1:])
            and not full.isupper()
            and not self._time_name(full)
        ]
        if len({_last_word(full) for _, full, _ in found}) != 1:
            return name
        # A person's: the word a first name ("Hillary", "Freddy"), the fuller name given after
        # a title ("President Xi Jinping", "spokesperson Ikhsan Rosan") or the word after a
        # courtesy title, a surname's ("Mr. Lou" for "The finance minister, Lou Jiwei"); not
        # a run such as "Ottaviani Intervention" after "Cardinal Ottaviani".
        if not (
            is_first_name(name)
            or any(self._titled(at, full) for at, full, _ in found)
            or any(self._courtesy(at) for at, _, _ in self._by_last.get(name, ()))
        ):
            return name
        counts = Counter(full for _, full, _ in found)
        return max((counts[full], n, -start, full) for start, full, n in found)[3]

    def _titled(self, start: int, name: str) -> bool:
        """Whether the name match at ``start``, whose name is ``name``, opens with a title
        or follows one ("Secretary-General Ban Ki-moon", "spokesperson Ikhsan Rosan")."""
        words = self._text[max(0, start - 40) : start].split()[-1:]
        words += self._text[start : self._text.find(name, start)].split()
        return any(_is_title(w) for w in words)

    def _group(self, name: str, before: str) -> bool:
        """Whether a single capitalised word is a group's plural noun ("Brexiteers say",
        "many Catholics", "senior Conservatives"): a group's ending, no fuller name in the
        text, no courtesy title before it, no first name ("Mr. Rogers" is a man). A surname
        may end in "-ers" too ("Sanders said" where the text names no Bernie): that ending
        needs a word before it in the source (``before``: "the", "most", "senior")."""
        word = before.split()[-1] if before.split() else ""
        modified = word.islower() or word.lower() in _DETERMINERS  # "The Northerners"
        return (
            " " not in name
            and name.endswith(_GROUP_ENDINGS)
            and (modified or not name.endswith("ers") or name.endswith("eers"))
            and not name.isupper()
            and not is_first_name(name)
            and not any(self._courtesy(at) for at, _, _ in self._by_last.get(name, ()))
        )

    def _courtesy(self, start: int) -> bool:
        """Whether the name match at ``start`` opens with, or follows, a courtesy title."""
        words = self._text[max(0, start - 6) : start + 5].split()
        return any(w.rstrip(".") in _COURTESY for w in words[:2])

    def _time_name(self, name: str) -> bool:
        """Whether a name is a time's ("New Year", "Election Day"), not a person's whose
        fullest name opens with a first name ("Kristen Day", then "Day")."""
        if name.split()[-1] not in _TIME_TAILS:
            return False
        full = self._full_name(name).split()
        return not (len(full) > 1 and is_first_name(full[0]))

    @cached_property
    def _lede_end(self) -> int:
        """Where the article's lede ends: its first two paragraphs (the title's and the first
        of the body), whose people are the story's."""
        end = 0
        for _ in range(2):
            while end < len(self._text) and self._text[end] == "\n":
                end += 1
            line_end = self._text.find("\n", end)
            end = len(self._text) if line_end < 0 else line_end
        return end

    def _common_opener(self, full: str) -> bool:
        """Whether a name opens with a word written in lower case (in this text or in news)
        that is no first name."""
        first = full.split()[0]
        common = first.lower() in self._lower or first.lower() in lowercase_words()
        return common and first_name_gender(first) is None

    def _may_precede(self, added: list[str]) -> bool:
        """Whether the words ``added`` before a name may make a fuller name of it."""
        if not added:
            return True
        # Not a title-case headline ending in the name ("Paul Ryan Joins Growing List of
        # Conservatives Rebuking Trump", "Jews Against Trump", "Is Rebecca Bradley"): no
        # joining or function word.
        if not _NOT_IN_NAMES.isdisjoint(w.lower() for w in added):
            return False
        # Nor an owner before it ("Trump's Russia", "Reagan's Gallup" for "Russia").
        if _OWNER.search(added[-1]):
            return False
        # Nor a run of capitals holding words the text writes in lower case ("HE'S BEEN CALLED
        # OUT BY FELLOW DOCTORS" for "FELLOW DOCTORS"): a header, not a name ("SARAH CARTER").
        shouted = all(not any(c.islower() for c in w) for w in added)
        return not (shouted and any(w.lower() in self._lower for w in added))

    @cached_property
    def _names(self) -> tuple[list[int], list[str]]:
        """The starts and texts of the name matches of the text."""
        starts: list[int] = []
        texts: list[str] = []
        for match in _NAME.finditer(self._text):
            starts.append(match.start())
            texts.append(match.group())
        return starts, texts

    def _title_holder(self, title: str, position: int) -> str | None:
        """The one person the text names with ``title`` before ``position`` ("Foreign
        Secretary Jeremy Hunt" for a later "The Foreign Secretary"); none when two are."""
        starts, texts = self._names
        end = bisect_left(starts, position)
        holders = {
            core
            for start, run in zip(starts[:end], texts[:end], strict=True)
            if f" {title} " in f" {run} "
            and not self._in_headline(start)
            and (core := _core(run[run.index(title) :].split(" and ")[0]))
            and not _is_title(core.split()[0])
            and title not in core
            # One person's name: no "and", no possessive ("Pope Francis' October synod")
            and _NAME_PARTS.fullmatch(core)
            and is_person_name(core)
        }
        return holders.pop() if len(holders) == 1 else None

    def _lower_title_holder(self, source: str, position: int) -> str | None:
        """:meth:`_title_holder` of a title written in lower case after "the" ("the prime
        minister", "the foreign secretary")."""
        words = source.split()
        if len(words) < 2 or words[0].lower() != "the" or not all(w.islower() for w in words[1:]):
            return None
        title = " ".join(w.capitalize() for w in words[1:])
        if not _is_title(title.split()[-1]):
            return None
        return self._title_holder(title, position)

    def _name_before(self, position: int, other: str) -> str | None:
        """The last person's name of more than one word that starts before ``position``, if
        its first name or the text's titles give it the pronoun's gender (not ``other``); a
        name of unknown gender stops the search, so that "she" never passes over "Eliana
        Mario" to an older "Hillary Clinton"."""
        starts, texts = self._names
        k0 = bisect_left(starts, position) - 1
        for k in range(k0, max(-1, k0 - NAMES_BACK), -1):
            core = _core_of(texts[k])
            if core is not None and core[2] > 1 and _one_person(core[0]):
                gender = self._gender(core[0])
                if gender != other:
                    return core[0] if gender is not None else None
        return None

    @cached_property
    def _genders(self) -> dict[str, str]:
        """Surnames the text gives a gendered title ("Mr. Trump": "m", "Mrs. Clinton": "f"),
        when it gives them one gender only."""
        seen: dict[str, set[str]] = {}
        for match in _GENDERED.finditer(self._text):
            gender = _TITLE_GENDER[match.group(1)]
            seen.setdefault(match.group(2), set()).add(gender)
        for match in _ROLE_BEFORE.finditer(self._text):
            seen.setdefault(match.group(2), set()).add(_ROLE_GENDER[match.group(1)])
        for match in _ROLE_AFTER.finditer(self._text):
            seen.setdefault(match.group(1), set()).add(_ROLE_GENDER[match.group(2)])
        titled = {name: genders.pop() for name, genders in seen.items() if len(genders) == 1}
        # A person the text names in full, with a first name we do not know, whose sentence
        # the next opens with "She" or "He" ("Dajah Harris, 21, … is a Democrat. But she saw
        # …"): that pronoun's gender, when the text gives them one only and no title says.
        seen = {}
        for match in _NAMED_THEN_PRONOUN.finditer(self._text):
            first, surname, rest = match.group(1), match.group(2), match.group(3)
            if surname is None:
                # "Harris, 21, a college senior …": a surname the text gave in full before
                fulls = self._first_names(first)
                if len(fulls) != 1:
                    continue
                first, surname = next(iter(fulls)).split()[0], first
            if (
                first_name_gender(first) is None
                and surname not in titled
                and not is_plural(surname)  # "British MPs decided …. He …"
                and _one_person(f"{first} {surname}")
                # no other person named in the sentence ("… met Mary Jones. She …"); places
                # and bodies may be ("a senior at Old Dominion University")
                and not any(first_name_gender(w) for w in _PAIR_FIRST.findall(rest))
            ):
                gender = "f" if (match.group(4) or match.group(5)).lower() == "she" else "m"
                seen.setdefault(surname, set()).add(gender)
        named = {name: genders.pop() for name, genders in seen.items() if len(genders) == 1}
        return {**named, **titled}

    def _gender(self, name: str) -> str | None:
        """The gender a name's first name gives ("Ann Ortiz": "f"), else the one the text's
        titles give its surname, if the text names one person only by it ("Mrs. Clinton" says
        nothing of Bill when Hillary is named)."""
        words = name.split()
        if not words:
            return None
        if len(words) > 1 and (sex := first_name_gender(words[0])) is not None:
            return sex
        surname = _last_word(name)
        gender = self._genders.get(surname)
        if gender is None:
            return None
        return gender if len(self._first_names(surname)) <= 1 else None

    def _first_names(self, surname: str) -> set[str]:
        """The names of more than one word the text gives that end with ``surname``."""
        return {full for _, full, n in self._by_last.get(surname, ()) if n > 1}

    def _sentence_starts(self, position: int) -> list[int]:
        """The starts of the sentences within reach before ``position``, the last the one
        holding it."""
        text = self._text
        # A line's start matches twice, after its newline and as "^": once here.
        return sorted(
            {
                m.end()
                for m in _SENTENCE_STARTS.finditer(
                    text, max(0, position - _SUBJECT_REACH), position
                )
                # "Dr. Paul Song": a title's period ends no sentence.
                if not (
                    text[m.start() : m.start() + 1] == "."
                    and _TITLE_BEFORE.search(text, max(0, m.start() - 6), m.start() + 1)
                )
            }
        )

    def _sentence_subject(self, bounds: list[int], position: int, other: str) -> str | None:
        """The person whose name opens the sentence of a pronoun at ``position`` (``bounds``:
        :meth:`_sentence_starts`), of its gender, when no other name comes between: in
        "Sanders pointed to the polls, cracking a smile as he noted", "he" is Sanders, whoever
        spoke before."""
        if not bounds or _QUOTATION.search(self._text, bounds[-1], position):
            return None  # '“… Trump is making us less safe,” he said': a quote's sentence
        subject = self._subject_at(bounds[-1], other, subordinate=True)
        if subject is None:
            return None
        names = self._names[0]
        between = bisect_left(names, position) - bisect_left(names, subject[0]) - 1
        return subject[1] if between == 0 else None

    def _subject_sentences(self, bounds: list[int], pronoun: str) -> list[int]:
        """The starts of the sentences whose opening name a pronoun may stand for: its own
        and the one before, and further back past sentences that open with the same pronoun
        ("Dajah Harris, 21, is a Democrat. But she saw the investigation as a distraction.
        The country should never have elected someone, she said": Harris)."""
        back = bounds[::-1]
        chosen = back[:2]
        for m in range(1, min(len(back) - 1, 1 + _CHAIN)):
            opening = _LEADING_PRONOUN.match(self._text, back[m])
            if opening is None or opening.group(1).lower() != pronoun:
                break
            chosen.append(back[m + 1])
        return chosen

    def _quoted(self, position: int) -> bool:
        """Whether ``position`` lies inside a quotation opened earlier in its paragraph."""
        start = self._text.rfind("\n", 0, position) + 1
        return open_quotation(self._text, start, position) >= 0

    def _subject_at(
        self, start: int, other: str, subordinate: bool = False
    ) -> tuple[int, str] | None:
        """(where, full name) of the person whose name opens the sentence at ``start``, when
        the text gives that person the pronoun's gender (not ``other``). With
        ``subordinate``, for a pronoun in that sentence, also the subject of a subordinate
        clause opening it: "Although Scalise has not seen the report, he commented" (in 39
        of 40 such sentences read from the corpora the pronoun is that subject, and the other's
        is no person: "When Soviet tanks rolled back …, he")."""
        names, texts = self._names
        k = bisect_left(names, start)
        if subordinate and (k >= len(names) or names[k] != start):
            opener = _OPENING_WORD.match(self._text, start)
            if opener and opener.group(1).lower() in SUBORDINATORS:
                # "When Trump …": the name after the opener, when it is not part of it
                start = opener.end()
                k = bisect_left(names, start)
        if k >= len(names) or names[k] != start:
            return None
        run_end = names[k] + len(texts[k])
        titled: str | None = None  # the gender a courtesy title gives ("Mrs. Clinton")
        if (
            k + 1 < len(names)
            and self._text.startswith(". ", run_end)
            and names[k + 1] == run_end + 2
            and _is_title(texts[k].split()[-1] + ".")
        ):
            # "Rep. Ted Lieu (D-CA) — Lieu has been …": the name after the title's stop
            titled = _TITLE_GENDER.get(texts[k].split()[-1])
            k += 1
        courtesy = texts[k].split()[0].rstrip(".") in _COURTESY  # "Mr Corbyn"
        name = texts[k]
        bare = self._without_opener(name, names[k])
        if bare != name and not courtesy:
            if not (subordinate and name.split()[0].lower() in SUBORDINATORS):
                return None  # "While Obama had …": a subordinate clause's subject
            name = bare
        end = names[k] + len(texts[k])
        if name.endswith(_POSSESSIVE) or self._text.startswith(_POSSESSIVE, end):
            return None  # "David Duke’s material is …": no subject
        if name.lower() in NUMBER_WORDS:
            return None  # "Five years ago today, Pope Benedict abdicated": a number
        core = _core_of(name)
        if core is None or not _one_person(core[0]):
            return None
        if core[2] == 1 and len(self._first_names(core[0])) > 1:
            return None  # "Clinton" in a text naming Hillary and Bill Clinton: which one?
        full = self._full_name(core[0], titled) if core[2] == 1 else core[0]
        gender = titled or self._gender(full)
        return (names[k], full) if gender is not None and gender != other else None

    def _name_adjacent(self, position: int) -> str | None:
        """The name ending right before ``position`` (a comma between), as a relative pronoun
        there refers to it ("Sadiq Khan, who said"); none when the pronoun follows another
        noun ("many MPs who", "people who say"): an earlier name would be a guess."""
        starts, texts = self._names
        k = bisect_left(starts, position) - 1
        end = starts[k] + len(texts[k]) if k >= 0 else 0
        if k < 0 or end > position or self._text[end:position].strip(" ,\u00a0"):
            return None  # "… Yellow Vest’ Who Called …": a headline's run holds the pronoun
        before = self._text[max(0, starts[k] - 12) : starts[k]].split()
        if before and before[-1].lower() in _NAME_GOVERNORS and "," not in self._text[end:position]:
            # "Republicans in Congress who agree": with no comma, a restrictive clause of the
            # noun before (with one, "criticized by Bernie Sanders, who cites", the name's).
            return None
        core = _core_of(texts[k])
        if core is None or core[0] in _TIMES:
            return None  # "endorsed Trump on Friday, who says": a day says nothing
        return self._full_name(core[0]) if core[2] == 1 else core[0]

    def _paragraph_start(self, position: int, back: int) -> int:
        """The start of the paragraph ``back - 1`` paragraphs before the one at ``position``."""
        k = bisect_left(self._paragraphs, position + 1) - 1
        return self._paragraphs[max(0, k - back + 1)]

    def _pronoun(self, pronoun: str, position: int) -> str | None:
        earlier = (s for s in reversed(self._history) if s.position < position)
        if pronoun in _PERSONAL:
            other = _OTHER_GENDER[pronoun]
            bounds = self._sentence_starts(position)
            same = self._sentence_subject(bounds, position, other)
            if same is not None:
                return same
            speaker = next(
                (
                    s
                    for s in earlier
                    if not s.plural
                    and (s.person or not s.named)
                    and not (s.person and self._gender(s.name) == other)
                ),
                None,
            )
            # The person opening the pronoun's own sentence ("Kennedy gave Trump a gift when
            # he announced …"), else the sentence before ("Corbyn met May on Wednesday. He
            # described the talks as useful"), named after the last speaker, is "he".
            for start in self._subject_sentences(bounds, pronoun):
                if self._quoted(start):
                    continue  # '“… Republicans. George W. Bush …,” he says': the quote's
                subject = self._subject_at(start, other)
                if subject is not None and (speaker is None or speaker.position < subject[0]):
                    return subject[1]
            if speaker is None:
                return self._name_before(position, other)
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

    def resolve(self, source: str, position: int, nested: bool = False) -> str | None:
        """The speaker for ``source`` found at ``position``; ``None`` for a pronoun with no
        agreeing antecedent before it. A ``nested`` source (a subordinate clause's subject in
        another attribution's content) is no antecedent for later pronouns, and a pronoun
        there is its own sentence's subject when nobody else is named between, else no one:
        in "Mook argued that Trump “lashed out … when he was asked”" the last speaker is
        Mook, the pronoun Trump."""
        if contracted := _CONTRACTED.fullmatch(source):
            source = contracted.group(1)  # "He's said": "He" has said
        if not nested:
            speaker = self._resolve(source, position)
            self._last = (position + len(source), speaker)
            return speaker
        pronoun = source.lower()
        if pronoun in _PERSONAL:
            # "Francis said that until he sees proof": the sentence's subject, if nobody else
            # is named between.
            bounds = self._sentence_starts(position)
            return self._sentence_subject(bounds, position, _OTHER_GENDER[pronoun])
        if pronoun in PRONOUNS:
            return None
        known = len(self._history)
        speaker = self._resolve(source, position)
        del self._history[known:]
        return speaker

    def _as_written(self, source: str, position: int) -> str:
        """``source`` as its own speaker, no person's name: recorded for later pronouns (an
        unnamed singular one stops a "he" from reaching past it), without a closing aside
        ("the Inspector General (OIG)", "… Chuck Schumer (D-N.Y.)")."""
        source = _without_aside(source)
        self._history.append(_Speaker(position, source, is_plural(source), False, False))
        return source

    def _resolve(self, source: str, position: int) -> str | None:
        """:meth:`resolve` of a source that is no nested one."""
        words = source.lower().split()
        if words and words[0] in _RELATIVE:
            rest = " ".join(words[1:])
            end, previous = self._last
            if (
                words[0] == "who"
                and not rest
                and previous is not None
                and 0 <= end <= position
                and not self._text[end:position].strip(" ,\u00a0")
            ):
                return previous  # the source just before speaks again
            if not rest or rest in PRONOUNS:
                name = self._name_adjacent(position)
                if name is not None and _one_person(name) and self._gender(name) is not None:
                    # "Marvin Roffman, who estimates …": a later "he" may be Roffman (only a
                    # person the text gives a gender: "the Wisconsin Republican, who" is none).
                    self._history.append(_Speaker(position, name, False, True, True))
                return name
        if words[-2:-1] == ["of"] and words[-1] == "whom":
            return None  # "many of whom": a part of a group, no one speaker
        if source.lower() in PRONOUNS:
            return self._pronoun(source.lower(), position)
        if source.lower() in POSSESSIVES:
            # "his accusation of calumny": an owner's word, as written; no unnamed speaker
            # that stops a later "he" from reaching the person it stands for.
            return source
        head = _head(source)
        named = [m for m in _NAME.finditer(head) if _core(m.group())]
        last = named[-1] if named else None
        affiliated = next(
            (
                m
                for m in named[:-1]
                if _AFFILIATION.match(head, m.end())
                and " and " not in head[m.end() :]  # "X of Chicago and Professor Y": two
                and len(given := _core(m.group()).split()) > 1
                and first_name_gender(given[0]) is not None
                and not _GOVERNED.search(head[: m.start()])
            ),
            None,
        )
        if affiliated is not None:
            # "Shadi Hamid of the Brookings Institution", "Opposition leader Jeremy Corbyn of
            # the Labour Party": the person, then the body after "of" or "for" an affiliation.
            last = affiliated
            head = head[: last.end()]
        prefix = head[: last.start()] if last else ""
        # "President of the European Commission Jean Claude Juncker": the office's holder.
        office = _OFFICE.search(prefix)
        holder = (
            _office_holder(last.group().split())
            if office and last and office.group(1).lower() in TITLES
            else []
        )
        if not holder and last and _COMPLEMENT.search(prefix):
            # "Senior editor at The Daily Beast Erin Gloria Ryan": a body's name run on into
            # the person's after it, from a given name on.
            holder = _person_after_body(last.group().split())
        if (
            last is None
            or head[last.end() :].strip()
            or (_COMPLEMENT.search(prefix) and not holder)
            or _governed(prefix, last.group())
            or self._time_name(last.group())
        ):
            # No name, a name that is not the head, or a time's ("her New Year message",
            # "after Election Day"): the source as written; or the one holder of the title
            # it is ("the prime minister", after "Prime Minister Theresa May").
            titled = self._lower_title_holder(source, position) if last is None else None
            if titled is not None:
                return self._resolve(titled, position)
            return self._as_written(source, position)
        if holder:
            name = _core(" ".join(holder))
        else:
            offset = source.find(head)  # where the head, and so the name, lies in the text
            run = last.group()
            if offset >= 0:
                run = self._without_opener(run, position + offset + last.start())
            # The opener may have been all of it but a title ("Before Mr"): the run then.
            name = _core(run) or _core(last.group())
        if _is_title(name.split()[-1]):
            # "The Foreign Secretary will insist", after "Foreign Secretary Jeremy Hunt".
            name = self._title_holder(name, position) or name
        before = (prefix.split()[-1:] or [""])[0]
        # "Mr. Obama" is not Michelle Obama, whom the text may name too.
        gender = _TITLE_GENDER.get(before.rstrip(".")) or _TITLE_GENDER.get(
            last.group().split()[0].rstrip(".")
        )
        full = self._full_name(name, gender)
        if self._in_headline(position) and not self._named_outside_headlines(full):
            # "Harbour Bill Passes as Critics Cry Foul": a headline's capitals make no name
            # of their own; only one the text gives elsewhere speaks there.
            return self._as_written(source, position)
        plural = is_plural(head)
        group = not plural and self._group(full, head[: max(0, head.rfind(name))])
        plural = plural or group
        # "the Philippine Star", "the Post": a name after "the" is no person's (but "the Rev
        # Jesse Jackson" is).
        definite = prefix.lower().split()[-1:] == ["the"] and not _is_title(last.group().split()[0])
        person = not plural and not definite and is_person_name(full)
        # "CONGRESS HAS INVESTIGATED HIM", "BDS", "ESPN": capitals alone may be a header's or
        # an acronym's, a person's only when the text gives a gender ("SARAH CARTER"). Such a
        # speaker stops a "he" or "she" as an unnamed one does, rather than letting it reach
        # back past to an older name, which was a wrong person as often as a right one.
        capitals = (
            person and not any(c.islower() for c in full) and self._gender(full.title()) is None
        )
        person = person and not capitals
        if " " not in full and (full.lower() in self._lower or full in NOT_NAMES):
            # "Polls show", "Supporters say": a common noun opening its sentence, which the
            # text also writes in lower case, and no one named in full; "MPs".
            person = False
            plural = plural or (full.endswith("s") and not full.endswith("ss"))
        # A group's noun alone ("Republicans’") speaks as that noun; with words before it
        # ("senior Conservatives") as written, as other plural sources do.
        said = (
            full if not plural or (group and head.strip("’'") == name) else _without_aside(source)
        )
        self._history.append(
            _Speaker(
                position,
                said,
                plural,
                person,
                not plural and not capitals,
            )
        )
        return said

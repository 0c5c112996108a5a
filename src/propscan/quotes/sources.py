"""Source noun phrases: who speaks, read from the tokens around a cue.

Whether a token run looks like a source (:func:`is_source`, a name after its description, a
coordination such as ``Russia and the Syrian government``); a source with its appositive
(``Dale Belman, a professor at … who …``); the source before a cue and a sentence's subject
(:func:`source_before`, :func:`subject_of`); the ``SOURCE CUE`` or ``CUE SOURCE`` that follows
a quote or a content's comma (:func:`after_quote`, which direct quotes and reported speech
share); and a found source rid of what is not the speaker (:func:`clean_source`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from propscan.actors.common_words import lowercase_words
from propscan.actors.lexicon import (
    AP_STATES,
    ARTICLE_PREFIX,
    CALENDAR,
    NAME_MONTHS,
    NAME_PARTICLES,
    WEEKDAYS,
)
from propscan.quote_kinds import is_speech_word
from propscan.quotes.cuelookup import cue_at, cue_in, cue_sets
from propscan.quotes.cuemodel import AUX_ADVERBS, AUXILIARIES, CONTRACTED
from propscan.quotes.found import Found
from propscan.quotes.tokens import lowered, span, tokens_of

# A source is a short noun phrase: at most this many tokens (long appositives are cut).
MAX_SOURCE_TOKENS = 10
# A source with its appositive ("Dan Gerstein, director of …, said") runs at most this far.
MAX_APPOSITIVE_TOKENS = 30
PRONOUNS = frozenset("he she they i we it you".split())
# Words that cannot be part of a source noun phrase (verbs, conjunctions, relative words).
NOT_SOURCE = (
    frozenset(
        "is was are were be been has have had not that which who whom when while if because but "
        "and or as also than then so what would will could should can cannot may might must do "
        "does did this these those there here".split()
    )
    | {  # negated auxiliaries, as written with either apostrophe: "Trump won’t get to say"
        f"{aux}n{mark}t"
        for aux in "do does did is was are were has have had would could should wo ca".split()
        for mark in "'’"
    }
    | {f"{word}{mark}s" for word in "it that there here what".split() for mark in "'’"}
    | CONTRACTED
)
SOURCE_START_OK = frozenset(
    "the a an his her their its our my some many several other another one two three both "
    "most few all senior top former others".split()
)


def is_source(tokens: list[tuple[int, int, str]], after: str = "") -> bool:
    """Whether a token run looks like a source noun phrase (``after``: the word after it,
    which tells "May said" from "may say")."""
    if not 0 < len(tokens) <= MAX_SOURCE_TOKENS:
        return False
    first = tokens[0][2]
    plain_start = (
        first[0].isupper()
        or first.lower() in SOURCE_START_OK
        or first in PRONOUNS
        or ARTICLE_PREFIX.match(first) is not None  # "al-Assad said"
        # "de Blasio tweeted"
        or (first in NAME_PARTICLES and len(tokens) > 1 and tokens[1][2][:1].isupper())
    )
    low = first.lower()
    alone = (
        first.isalpha()
        and not ly_adverb(first)
        and not (first.islower() and first.endswith("ing"))  # "despite facing criticism for"
        and low not in SUBORDINATORS
        and low not in ADVERBIAL_OPENERS  # "went on to say", "began by saying"
    )
    if not plain_start and not (len(tokens) == 1 and alone):
        return False  # "officials" may speak alone, "grudgingly" or "although" not
    words = lowered([t[2] for t in tokens] + [after])[: len(tokens)]
    if any(
        w in NOT_SOURCE
        and not (w == "and" and coordinated(tokens, m))
        and not _of_whom(words, m)
        and not partitive(words, m)
        and not quantity_than(words, m)
        and not _inside_name(tokens, m)
        and not _place_after(words, m)
        and not _known_as(words, m)
        for m, w in enumerate(words)
    ) or any(w in '“”"‘’;:' for w in words):
        return False
    # "he and Mr. Allen said"; no pronoun opens a longer phrase otherwise ("he also").
    return not (len(tokens) > 1 and words[0] in PRONOUNS and words[1] != "and")


def _known_as(words: list[str], m: int) -> bool:
    """Whether ``words[m]`` is the "as" of "known as" in a source ("the base chief known as
    Bob"), not a clause's."""
    return words[m] == "as" and m > 0 and words[m - 1] == "known"


def _inside_name(tokens: list[tuple[int, int, str]], m: int) -> bool:
    """Whether token ``m`` is a capitalised word inside a run of them, part of a name ("CBS
    This Morning co-anchor", "Who Wants To Be …") rather than a clause word."""
    return (
        0 < m < len(tokens) - 1
        and tokens[m][2][:1].isupper()
        and tokens[m - 1][2][:1].isupper()
        and tokens[m - 1][2].lower() not in ADVERBIAL_OPENERS  # "In May Trump said"
        and tokens[m + 1][2][:1].isupper()
    )


def _place_after(words: list[str], m: int) -> bool:
    """Whether ``words[m]`` is a "here" closing a noun phrase ("Her campaign workers here",
    "diplomats here"), where the reporter is, not a clause word."""
    return (
        words[m] == "here"
        and m == len(words) - 1
        and m > 0
        and words[m - 1].isalpha()
        and words[m - 1] not in NOT_SOURCE | PRONOUNS | PREPOSITIONS  # "north of here"
    )


def partitive(words: list[str], m: int) -> bool:
    """Whether ``words[m]`` is a demonstrative determiner in a source, after "of" ("one of
    those advisers") or opening it before its noun ("this source told", "these officials
    say"), not a clause word."""
    if words[m] not in ("this", "these", "those"):
        return False
    if m > 0:
        return words[m - 1] == "of"
    return (
        len(words) == 2
        and words[1].isalpha()
        and words[1] not in NOT_SOURCE
        # "This suggested": a verb ("Those surveyed" are people)
        and not (words[0] == "this" and words[1].endswith("ed"))
    )


# Numbers written as words: an amount's ("more than two dozen"), never a name's first word
# ("Five years ago, …" opens no sentence with a person).
NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
    "sixty seventy eighty ninety hundred hundreds thousand thousands million millions dozen "
    "dozens".split()
)
# Words an amount may open with after "more than" ("more than a dozen", "fewer than half").
_AMOUNT_WORDS = NUMBER_WORDS | {"a", "half"}
# Words before "more than" that leave the amount in a noun phrase ("a study of more than …").
_AMOUNT_AFTER = frozenset("of in among and but the a an".split())


def quantity_than(words: list[str], m: int) -> bool:
    """Whether ``words[m]`` is the "than" of an amount in a source ("more than 300
    economists", "a study of fewer than 20 senators"), not a comparison's clause word."""
    return (
        words[m] == "than"
        and 0 < m < len(words) - 1
        and words[m - 1] in ("more", "less", "fewer")
        # Opening the phrase or after "of", "in", …: not a verb's or a preposition's object
        # ("opened more than 2 million accounts", "allegations against more than 300 priests").
        and (m < 2 or words[m - 2] in _AMOUNT_AFTER)
        and (words[m + 1][:1].isdigit() or words[m + 1] in _AMOUNT_WORDS)
    )


# Forms of "be" before a passive participle ("was asked", "has been said").
BE_FORMS = frozenset("is are was were been be being".split())
# Participles of a passive whose subject is the one spoken to, not the speaker ("was asked",
# "were told", "was pressed on"): the agent after "by", if any, speaks.
ADDRESSEE_PASSIVES = frozenset(
    "asked pressed questioned told informed urged reminded warned".split()
)
# Participles that describe a source without making a clause ("a source involved in the
# talks", "an official briefed on the plan").
_SOURCING_PARTICIPLES = frozenset("involved briefed based authorized granted close".split())


def _of_whom(words: list[str], m: int) -> bool:
    """Whether ``words[m]`` closes a relative source "many of whom" ("…, many of whom say")."""
    return words[m] == "whom" and m == len(words) - 1 and m >= 2 and words[m - 1] == "of"


def _trim_source(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Cut a source phrase at an appositive comma: keep the part with the name."""
    while tokens and tokens[-1][2] in ",—–-":
        tokens = tokens[:-1]
    if "," in (t[2] for t in tokens):
        first = [t for t in tokens[: [t[2] for t in tokens].index(",")]]
        return first
    return tokens


def source_before(
    tokens: list[tuple[int, int, str]], comma: int, cue: int
) -> list[tuple[int, int, str]] | None:
    """The source before a cue at ``cue``: a name with its appositive, or the last clause."""
    m = cue
    while m > 1 and tokens[m - 1][2] in CLOSING_MARKS:
        m -= 1
    if m < cue and tokens[m - 1][2] == "," and m - 1 != comma:
        # "Dana Perino, a host of ''The Five,'' refused": the comma inside a title's closing
        # mark closes the appositive; read as if after the mark.
        tokens = [*tokens[: m - 1], *tokens[m:cue], tokens[m - 1], *tokens[cue:]]
    if (
        comma > 1
        and (tokens[0][2].lower() in LEADING_ADVERBS or tokens[0][2] == "As")
        and all(t[2][:1].isupper() for t in tokens[1:comma])
        and tokens[cue - 1][2] == ","
        # "And Trump, said Sunshine, who …, doesn't forgive": the cue inverts, a parenthesis
        and not (cue == comma + 1 < len(tokens) - 1 and tokens[cue + 1][2][:1].isupper())
    ):
        # "But Megan Hester, a teacher, said", "As Akhil Amar, a law professor, put it": the
        # conjunction is no part of the name.
        return source_before(tokens[1:], comma - 1, cue - 1)
    if (
        comma > 0
        and tokens[cue - 1][2] == ","
        and opens_adverbial(lowered([t[2] for t in tokens[:comma]]))
    ):
        # "Switching methods, Matt Duss, an adviser to X, said": past the opening adverbial
        # to a name and its appositive, closed by a comma (else "Speaking in Novi, Michigan,
        # Trump says" has the last clause, "Trump").
        after = next((m for m in range(comma + 1, cue) if tokens[m][2] == ","), -1)
        while after > comma + 1 and tokens[comma + 1][2].lower() in RELATIVE_OPENERS:
            # "At Boca West, where it costs $70,000 to join, Jay DiPietro, …": the
            # adverbial's relative clause too.
            comma = after
            after = next((m for m in range(comma + 1, cue) if tokens[m][2] == ","), -1)
        if after > comma + 1:
            return source_before(tokens[comma + 1 :], after - comma - 1, cue - comma - 1)
    whole = tokens[:cue]
    while whole and whole[-1][2] == ",":
        whole = whole[:-1]
    words = lowered([t[2] for t in whole])
    if len(words) > 2 and words[-2] == "," and words[-1] in ("who", "which"):
        # "The plan drew fire from Ann Lee, who said …": the relative pronoun speaks (as
        # PolNeAR marks it), and stands for the name before it; the clause before is none.
        return whole[-1:]
    # The appositive may hold a relative clause ("NAME, a pollster who advises …, said").
    # So may a "which" clause about the appositive's body, closed by a comma before the cue
    # ("NAME, director of CREDO Action, which organized the letter, said").
    relative = ("who", "which") if tokens[cue - 1][2] == "," else ("who",)
    rel = next((m for m, w in enumerate(words) if m > comma > 0 and w in relative), len(words))
    # "and" may join two nouns of an appositive a comma closes ("professor at Yale and
    # author of …,"), not two names ("India and Pakistan"), nor clauses ("he backed X and,").
    joins = (
        0 < comma < len(words) - 1
        and tokens[cue - 1][2] == ","
        and words[comma + 1] not in PRONOUNS
    )
    plain = not any(
        w in NOT_SOURCE
        and not (
            w == "and"
            and joins
            and comma + 1 < m < rel - 1
            and words[m + 1].isalpha()
            and not finite_look(words[m + 1])
        )
        for m, w in enumerate(words[:rel])
    ) and _titles_only(whole)
    named = (
        0 < comma < len(whole)
        and whole[0][2][0].isupper()
        # "Sen. Ted Cruz (R-Tex.), a candidate who …, said": past the party to the name.
        and whole[before_parenthesis(words, whole, comma) - 1][2][0].isupper()
        # "Late on Friday, the board said": a time or place before the comma, not a name.
        and ADVERBIAL_PREPOSITIONS.isdisjoint(words[:comma])
        and words[0] not in ADVERBIAL_OPENERS  # "To understand it, Roberts said"
        and not (comma == 1 and _sentence_adverb(words[0]))  # "Significantly, the judge"
        and not _time_phrase(words[:comma])  # "Later Wednesday, Pompeo said"
        and not participle_phrase(words[:comma])  # "Addressing the gala Thursday, Trump said"
        # No appositive opens with a clause's subordinator: "The furor moved to Ohio, where
        # Harry Reid said" has a clause before the comma (not "Clinton, after the scandal
        # broke, said").
        and (comma + 1 >= len(words) or words[comma + 1] not in _CLAUSE_SUBORDINATORS)
    )
    if (
        0 < comma < len(words) - 1
        and plain
        and (
            all(w in INTERJECTED for w in words[comma + 1 :])
            or " ".join(words[comma + 1 :]) in _INTERJECTED_PHRASES
        )
        and is_source(whole[:comma])
    ):
        # "Critics, however, say", "NATO's secretary general, meanwhile, called on": an
        # adverb set off, not an appositive, after a name or any noun phrase.
        return whole[:comma]
    if (
        named
        and words[comma + 1] == "as"
        and "," not in words[comma + 1 :]
        and tokens[cue - 1][2] == ","
        and is_source(whole[:comma])
    ):
        # "Grandpa Bern, as he's affectionately known by his grandchildren, described": an
        # aside, no part of the name.
        return whole[:comma]
    if named and plain and is_source(whole[:comma]):
        if words[comma + 1] in INTERJECTED_OPENERS or saying_participle(whole, words, comma + 1):
            # "Sanders, in an interview with CNN, said": where or when, no part of the name
            # (PolNeAR leaves it out; "Pantucci, at the Institute," is an affiliation); nor a
            # participle of saying ("Salceda, citing data from the State Department, said").
            return whole[:comma]
        return whole
    if "," in (t[2] for t in whole):
        last = len(whole) - 1 - [t[2] for t in whole][::-1].index(",")
        # "Nancy Pelosi, D-Calif., and Chuck Schumer, D-N.Y., said": a party and state after
        # a name are that name's, and "and" before the name joins another such pair.
        starts = [0] + [m + 1 for m, t in enumerate(whole) if t[2] == ","]
        k = len(starts) - 1
        if k > 0 and _party_tag(whole[starts[k] :]):
            k -= 1
            joined = False
            while (
                k >= 2
                and whole[starts[k]][2] == "and"
                and _party_tag(whole[starts[k - 1] : starts[k] - 1])
            ):
                k -= 2
                joined = True
            if joined and k == 0 and len(whole) <= MAX_APPOSITIVE_TOKENS:
                return whole
            last = starts[k] - 1
        tail = whole[last + 1 :]
        while tail and tail[0][2] in '”"’)':
            tail = tail[1:]  # the comma closed a quoted title: "On “Face the Nation,” NAME said"
        if _subjectless_clause(tail, 0):
            # "Powell’s office, when contacted by Reuters, said": an interjected clause with
            # no subject of its own ("…, as the mayor said" has one).
            return source_before(tokens, comma, last) if last > 0 else None
        subject = _clause_subject_named(whole, last)
        if subject is not None:
            return subject
        return without_adverb(tail) if is_source(tail) else None
    return without_adverb(whole) if is_source(whole) else None


def _clause_subject_named(
    whole: list[tuple[int, int, str]], comma: int
) -> list[tuple[int, int, str]] | None:
    """A name opening a subordinate clause and its appositive after the comma at ``comma``
    ("… on Wednesday when Dana Perino, a host of the show, refused"), or None."""
    if comma + 1 >= len(whole) or whole[comma + 1][2].lower() not in ("a", "an", "the"):
        return None
    start = next((m + 1 for m in range(comma - 1, -1, -1) if whole[m][2] == ","), 0)
    k = name_run_start([t[2] for t in whole[start:comma]]) + start
    if not (start < k < comma and whole[k - 1][2].lower() in _CLAUSE_OPENERS):
        return None
    return whole[k:] if is_source(whole[k:comma]) else None


def saying_participle(tokens: list[tuple[int, int, str]], words: list[str], k: int) -> int:
    """How many tokens the participle of saying at token ``k`` runs ("citing", "adding",
    "pointing out"), 0 when there is none there ("according to" is a preposition's)."""
    if k >= len(words) or not words[k].endswith("ing") or words[k] == "according":
        return 0
    return cue_at(tokens, k)


def _titles_only(tokens: list[tuple[int, int, str]]) -> bool:
    """Whether the quotation marks in an appositive only enclose titles (``host of MSNBC’s
    “Morning Joe,”``, ``a contestant on Trump's show, "The Apprentice,"``): curly marks in
    pairs, at most two, and straight ones in pairs, each opening a capitalised word (a
    straight mark alone may close a quote)."""
    raw = [t[2] for t in tokens]
    curly = raw.count("“") == raw.count("”") <= 2
    straight = [m for m, w in enumerate(raw) if w == '"']
    titles = len(straight) % 2 == 0 and all(
        m + 1 < len(raw) and raw[m + 1][:1].isupper() for m in straight[::2]
    )
    return curly and titles


def participle_phrase(words: list[str]) -> bool:
    """Whether lowercased ``words`` are a participle's phrase ("Addressing New York's party gala
    Thursday"), a common word in -ing and its object, not a name in -ing ("Manning", "Beijing's
    envoy")."""
    return len(words) > 1 and words[0].endswith("ing") and words[0] in lowercase_words()


def opens_adverbial(words: list[str]) -> bool:
    """Whether lowercased ``words``, closed by a comma, open a sentence as an adverbial, not a
    name: a preposition or participle ("Along the same lines,", "Switching methods,", "And on
    Tuesday,"), a sentence adverb ("However,", "But a few days later,") or a time ("Moments
    later,", "Earlier Wednesday,", "Last week,")."""
    if not words:
        return False
    word = words[1] if len(words) > 1 and words[0] in ("and", "but", "so", "yet") else words[0]
    return (
        word in ADVERBIAL_OPENERS
        # "Although Scalise has not seen the report, he …": a clause of its own
        or word in _CLAUSE_SUBORDINATORS
        or tuple(words[:2]) in _TWO_WORD_OPENERS
        # "Shortly after it ruled …,", "Only when pressed,"
        or (ly_adverb(word) and len(words) > 1 and words[1] in SUBORDINATORS)
        # "Switching methods,", not a name in -ing alone ("Manning, a former analyst,")
        or (
            word.endswith("ing")
            and word.isalpha()
            and (len(words) > 1 or word in lowercase_words())
        )
        or words[0] in LEADING_ADVERBS
        # "Here in Columbia,", "There at the rally,"
        or (word in ("here", "there") and len(words) > 1 and words[1] in ADVERBIAL_OPENERS)
        or _time_phrase(words)
        or (len(words) == 1 and _sentence_adverb(word))
    )


# Two-word prepositions that open an adverbial ("Far from backing down, …", "Rather than
# wait, …"): the first word alone may be a name's or an adjective's.
_TWO_WORD_OPENERS = frozenset(
    tuple(pair.split("-"))
    for pair in "far-from rather-than instead-of apart-from aside-from ahead-of because-of "
    "due-to thanks-to prior-to".split()
)


def _sentence_adverb(word: str) -> bool:
    """Whether a lowercased word is a sentence adverb: one the rules list ("further",
    "moreover") or one with an ending no name of seven letters or more has ("significantly",
    "ironically"; "kelly", "connolly" and "sally" are names)."""
    return word in _SENTENCE_ADVERBS or (len(word) >= 7 and word.endswith(_ADVERB_ENDINGS))


def _time_phrase(words: list[str]) -> bool:
    """Whether lowercased ``words`` are a short time ("Earlier Wednesday", "Last week",
    "Moments later", "Two days ago", "Last July"), not a clause holding one ("Trump spoke on
    Monday")."""
    return (
        len(words) <= 4
        and (words[0] in _TIME_STARTS or words[0].isdigit())
        and any(w in _TIME_WORDS or w in _MONTHS for w in words)
    )


# Months a time phrase may hold after its opener ("Last July,"); not "may", a verb as often.
_MONTHS = frozenset(
    "january february march april june july august september october november december".split()
)


# Words opening a phrase set off by commas after a name that says where, when or how it spoke.
INTERJECTED_OPENERS = frozenset(
    "in on during speaking writing without while after before despite when".split()
)
# Sentence adverbs set off by commas after a subject ("Critics, however, say").
INTERJECTED = frozenset(
    "however though too meanwhile instead also therefore nonetheless nevertheless moreover "
    "furthermore indeed".split()
)


# Sentence adverbs of two words set off the same way ("Leaders in Ohio, for instance, noted").
_INTERJECTED_PHRASES = frozenset(
    ["for instance", "for example", "in turn", "in fact", "of course", "in particular"]
)


_PARTY_TAG = re.compile(r"[DRI]-[A-Z][A-Za-z.]*")


def _party_tag(tokens: list[tuple[int, int, str]]) -> bool:
    """Whether tokens are a party and state ("D-N.Y.", "R-S.C."), written without spaces."""
    joined = "".join(t[2] for t in tokens)
    touching = all(a[1] == b[0] for a, b in pairwise(tokens))
    return bool(tokens) and touching and _PARTY_TAG.fullmatch(joined) is not None


def without_adverb(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A source without the sentence adverb opening it ("Still the governor insists")."""
    k = 0
    while k < len(tokens) - 1 and (
        tokens[k][2].lower() in LEADING_ADVERBS or tokens[k][2].lower() in _CLAUSE_SUBORDINATORS
    ):
        k += 1  # "Still the governor insists", "Unless the EU agrees"
    return tokens[k:]


# Prepositions that make a capitalised phrase before a comma an adverbial ("Late on Friday,",
# "After the vote in Ohio,"), not a name with its appositive.
ADVERBIAL_PREPOSITIONS = frozenset("on in at after before during since until".split())


# The verbs that invert before a lower-case source ("said the mayor", "wrote the authors"); in
# PolNeAR train nearly every such inversion is one of these.
INVERTING = frozenset(
    "said says say wrote writes added adds asked asks explained explains replied replies "
    "recalled recalls read reads tweeted tweets noted notes continued continues reported "
    "reports according concluded concludes argued argues insisted insists warned warns "
    "stated states observed observes".split()
)


def _closed_before(text: str, start: int) -> tuple[bool, bool]:
    """Whether a quotation's closing mark comes right before ``start`` (past spaces and
    commas), and whether the quotation closed on its own comma, question or exclamation mark
    ('“…,” Hannity pressed.'); read off the few characters before ``start``."""
    before = text[max(0, start - _LOOK_BACK) : start].rstrip(" ,")
    inside = before.rstrip("".join(CLOSING_MARKS))
    return before[-1:] in CLOSING_MARKS, inside[-1:] in (",", "?", "!")


# How far back the marks closing a quotation are looked for before its attribution.
_LOOK_BACK = 64


def _inverted_unlisted(tokens: list[tuple[int, int, str]], closed: bool) -> bool:
    """Whether a verb in the past the lexicon lacks opens ``CUE NAME.`` after a quote
    ``closed`` on a comma or a mark ("“…?” reacted Trump."): a name alone, then the
    sentence's end."""
    if not (closed and len(tokens) > 1 and past_look(tokens[0][2])):
        return False
    end = next((m for m, t in enumerate(tokens) if t[2] in ".!?"), len(tokens))
    name = tokens[1:end]
    return bool(name) and all(t[2][:1].isupper() for t in name) and is_source(name)


def after_quote(
    text: str, start: int, end: int
) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """``SOURCE CUE`` or ``CUE SOURCE`` right after a quote: (cue, source)."""
    tokens = tokens_of(text, start, end)
    # A stray closing mark too: "…on 'Fox and Friends,''' said X" closes two quotations.
    while tokens and tokens[0][2] in ",—–-'’":
        tokens = tokens[1:]
    if not tokens:
        return None
    dash = text[start:end].lstrip(" \u00a0,")
    if dash[:1] in "―—" and tokens[0][2] in "―—" and len(tokens) > 1:
        name = [t for t in tokens[1:] if t[2] not in ".!?"][:MAX_SOURCE_TOKENS]
        if name and name[0][2][0].isupper():
            return span(tokens[:1]), span(name)
    n = cue_at(tokens, 0)
    first = tokens[0][2].lower()
    if not n and first in ("read", "reads") and len(tokens) > 1 and is_source(tokens[1:2]):
        n = 1  # '“…,” read the statement': no cue of the lexicon, but inverted, a cue
    quoted, closed = _closed_before(text, start)
    if not n and _inverted_unlisted(tokens, closed):
        n = 1  # '“…?” reacted Trump.'
    if n and (not first.endswith("ing") or first == "according") and not verb_adverb(first):
        # "CUE SOURCE" inverts a finite verb ("said Peskov"), never a participle: in "…,
        # questioning the governor's record" what follows is the content. "According to"
        # always has its source after it. Nor after an adverb: "…, also accused Sanders of
        # …" has its source before.
        cue = span(tokens[:n])
        rest: list[tuple[int, int, str]] = []
        words = lowered([t[2] for t in tokens])
        k = n
        for k in range(n, len(tokens)):
            tok = tokens[k]
            if tok[2] in ",.;:!?—(" or tok[2] in '“"':
                break
            if words[k] in NOT_SOURCE and not partitive(words, k) and not _known_as(words, k):
                break
            if words[k] in PRONOUNS and words[k - 1] in _TIME_WORDS:
                return None  # "…, said Wednesday he agrees": a time, then the content clause
            # A preposition ends the source, but after "a source involved" it goes on.
            if (
                rest
                and tok[2].lower() in ("in", "on", "at", "during", "after", "to")
                and rest[-1][2] not in _SOURCING_PARTICIPLES
            ):
                break
            rest.append(tok)
        else:
            k = len(tokens)
        if not (is_source(rest) or described_name(rest)) or _finite_after(words, k):
            return None
        if all(w in _TIME_WORDS for w in words[n:k]):
            return None  # "…, said Monday.": a time, no inverted source
        if first in ("told", "tells"):
            return None  # "…, told The Huffington Post": a listener, never an inverted source
        if rest[0][2][:1].islower() and tokens[0][2].lower() not in INVERTING:
            return None  # "…, criticized the trade": a verb and its object, no inversion
        if any(
            t[2].islower()
            and t[2].endswith("ed")
            and t[2] not in _SOURCING_PARTICIPLES
            # Not an adjective after a determiner ("said one unaligned Florida strategist",
            # "said the printed Cruz slate card").
            and not (rest[m - 1][2].lower() in SOURCE_START_OK and m + 1 < len(rest))
            for m, t in enumerate(rest)
            if m
        ):
            return None  # "…, said the chamber voted on it": a verb, so a clause
        if (
            k < len(tokens)
            and words[k] in NOT_SOURCE
            and tokens[k][2] not in '“"'
            # "said one official who asked not to be named", "said the owner of a shop that
            # sells underwear": a relative clause, not a content clause.
            and tokens[k][2].lower() != "who"
            # "said Cruz constituent Dan Golvach when asked about Graham": a circumstance
            # without a subject of its own, so no content clause.
            and not _subjectless_clause(tokens, k)
            and not (
                words[k] == "that"
                and k + 1 < len(words)
                and tokens[k + 1][2].islower()
                and words[k + 1].endswith(("s", "ed"))
                and words[k + 1] not in NOT_SOURCE
            )
        ):
            # "…, said the chamber will vote": a clause follows the cue, not its source.
            return None
        if k < len(tokens) and words[k] == "who" and words[k - 1] != ",":
            # "said an American official who was briefed on the talks": PolNeAR takes a
            # restrictive relative clause into the source, to the next comma or mark.
            more = next(
                (m for m in range(k + 1, len(tokens)) if tokens[m][2] in ',;:.!?“”"—('),
                len(tokens),
            )
            rest = rest + tokens[k:more]
        elif k + 1 < len(tokens) and tokens[k][2] == "," and _appositive_after(tokens[k + 1 :]):
            # "said NAME, APPOSITIVE (who …)." — PolNeAR takes the appositive into the source.
            tail = [t for t in tokens[k + 1 :] if t[2] not in ".!?"]
            cut = next((m for m, t in enumerate(tail) if t[2] in '“”";'), len(tail))
            # Nor a participle after it ("…, a former mayor, referring to …": a further cue).
            cut = next(
                (
                    m + 1
                    for m in range(min(cut, len(tail) - 1))
                    if tail[m][2] == ","
                    and tail[m + 1][2].islower()
                    and tail[m + 1][2].endswith("ing")
                ),
                cut,
            )
            # Nor a relative clause that reports speech of its own ("…, the commissioner, who
            # conceded that many more tunnels might exist": "who" speaks there), unlike "…,
            # who asked not to be named".
            cut = next(
                (
                    m
                    for m in range(min(cut, len(tail) - 3))
                    if tail[m][2] == ","
                    and tail[m + 1][2].lower() == "who"
                    and _reports_clause(tail, m + 2)
                ),
                cut,
            )
            if cut:
                rest = rest + tokens[k : k + 1] + tail[:cut]
        return cue, span(rest)
    # Right after a quotation, looser signs of an attribution count: a verb of saying the
    # lexicon lacks, an auxiliary before the cue, a plain plural as source.
    # (quoted: right after a quotation; closed: '“…,” Hannity pressed.', on its own comma,
    # question or exclamation mark, the sentence going on with who said them.)
    depth = 0
    relative = False  # inside "NAME, who …," the verbs are the relative clause's
    opened = 0  # the comma before its "who"
    for i in range(1, min(len(tokens), MAX_APPOSITIVE_TOKENS + 1)):
        depth += (tokens[i][2] == "(") - (tokens[i][2] == ")")
        if (
            depth == 0
            and tokens[i][2] in '.!?“"'
            # "Cambridge, Mass., said": an abbreviation's period before a comma ends nothing
            and not (tokens[i][2] == "." and i + 1 < len(tokens) and tokens[i + 1][2] == ",")
        ):
            return None
        if tokens[i][2] == ",":
            # '“…,” Warren, who has not endorsed a candidate, told reporters': the verbs of a
            # relative clause a comma closes are not the cue.
            relative = (
                i + 1 < len(tokens)
                and tokens[i + 1][2].lower() in ("who", "which")
                and any(t[2] == "," for t in tokens[i + 2 : MAX_APPOSITIVE_TOKENS + 1])
            )
            opened = i if relative else opened
        if relative:
            continue
        n = cue_at(tokens, i) or (_unlisted_cue(tokens, i, closed) if quoted else 0)
        if n:
            a = i
            while quoted and a > 1 and tokens[a - 1][2].lower() in AUXILIARIES:
                a -= 1  # '“…,” Braynard is quoted as saying': the cue's auxiliary
            n, i = n + i - a, a
            if opened > 0 and tokens[i - 1][2] == "," and is_source(tokens[:opened]):
                # The name and its relative clause, closing comma and all (as PolNeAR marks
                # it), however long the clause.
                return span(tokens[i : i + n]), span(tokens[:i])
            if _coordinated_source(tokens[:i]):
                # "the heads of state of A, B and C demanded": the whole list speaks.
                return span(tokens[i : i + n]), span(tokens[:i])
            source = _trim_source(tokens[:i])
            parts = [t[2] for t in tokens[:i]]
            if "," in parts and parts[-1] != ",":
                # "“…,” the dawn of the movement, Bozell says": a name right before the cue,
                # after a phrase set off by a comma, speaks.
                last = tokens[len(parts) - parts[::-1].index(",") : i]
                if last[0][2][:1].isupper() and is_source(last, tokens[i][2]):
                    source = last
            if not (
                is_source(source, tokens[i][2])
                or described_name(source)
                # '“…,” federal prosecutors wrote': after a quotation, a plain plural.
                or (quoted and _plural_noun_phrase(source))
            ):
                return None
            if source[-1][2].lower() == "whom":
                return None  # "…, many of whom say CONTENT": what follows is theirs
            appositive = tokens[len(source) + 1 : i]
            if len(appositive) == 1 and appositive[0][2].lower() in PRONOUNS:
                return None  # "South Carolina, he said, was …": a parenthetical attribution
            if len(source) < i and tokens[i - 1][2] == "," and _appositive_after(appositive):
                # "NAME, APPOSITIVE, said", "NAME, who …, told": the appositive and its
                # closing comma belong to it.
                return span(tokens[i : i + n]), span(tokens[:i])
            if i > MAX_SOURCE_TOKENS + 1:
                return None
            return span(tokens[i : i + n]), span(source)
    return None


_FINITE = frozenset(
    "is was are were has have had would will could should can cannot must may might".split()
)


def _reports_clause(tokens: list[tuple[int, int, str]], c: int) -> bool:
    """Whether a lexicon cue at ``c`` is followed by a reported clause: "that", a subject
    pronoun, a name or a determiner ("conceded that …", "said Sanders is …")."""
    n = cue_at(tokens, c)
    if not n or c + n >= len(tokens):
        return False
    after = tokens[c + n][2]
    low = after.lower()
    return low == "that" or low in SUBJECT_PRONOUNS or low in ARTICLES or after[:1].isupper()


def _subjectless_clause(tokens: list[tuple[int, int, str]], k: int) -> bool:
    """Whether token ``k`` opens a subordinate clause whose verb is a participle, with no
    subject ("when asked about …", "while speaking at …", "after being told …")."""
    return (
        k + 1 < len(tokens)
        and tokens[k][2].lower() in SUBORDINATORS - {"where"}
        and tokens[k + 1][2].isalpha()
        and tokens[k + 1][2].islower()
        and tokens[k + 1][2].endswith(("ed", "ing"))
    )


def _finite_after(words: list[str], k: int) -> bool:
    """Whether the words from ``k`` (after a source read past its cue) to the next comma or
    stop hold a finite verb of their own, not a relative clause's: "…, said Clinton's
    response to Trump was undercut by …" is a cue and its content, no inversion."""
    for m in range(k, len(words)):
        if words[m] in ',;:.!?—–(“"':
            return False
        if words[m] in _FINITE:
            return words[m - 1] not in ("that", "which", "who")
    return False


# The marks that close a quotation (and so open what :func:`after_quote` reads).
CLOSING_MARKS = frozenset("”\"’'")


def _unlisted_cue(tokens: list[tuple[int, int, str]], i: int, closed: bool) -> int:
    """The length of a cue at token ``i`` after a quote that the cue lexicon lacks (0 if
    none): a verb of saying ("the two write", "I confessed", "the Saudis state in a paper")
    ending the attribution or followed by a preposition, not a noun ("the state said": the
    source's). After a quote ``closed`` on its own comma or mark, any verb in the past ending
    the sentence, its particle with it ('“…?” Hannity pressed.', '“…,” an angry Hollande
    retaliated.', '“…?” Trump went on, as if …'), or a verb of saying in the present ('“…,”
    a voice-over in the ad states.')."""
    word = tokens[i][2]
    before = tokens[i - 1][2].lower()
    after = tokens[i + 1][2].lower() if i + 1 < len(tokens) else "."
    if closed and word.isalpha() and word.islower():
        present = word.endswith("s") and is_speech_word(word) and before not in DETERMINERS
        # Not a passive ('“…,” gunshots are heard.', "Her suggestions are redacted."); a
        # particle may follow ('“…?” Trump went on, as if …').
        particle = after in _PARTICLES and i + 2 < len(tokens) and tokens[i + 2][2] in ".!?,"
        active = before not in AUXILIARIES and before not in BE_FORMS
        if (past_look(word) or present) and active and (after in ".!?" or particle):
            return 2 if particle else 1
    # A verb, not a noun of saying ("the mere mention of"): a past tense, or a plain form
    # after a plural subject.
    verb = word.endswith("ed") or (
        not word.endswith("s")
        and (before in _PLURAL_SUBJECTS or (before.endswith("s") and not _owner(before)))
    )
    return int(
        verb
        and word.isalpha()
        and word.islower()
        and is_speech_word(word)
        and (after in ".!?,;" or after in PREPOSITIONS or after in ADVERBIAL_PREPOSITIONS)
    )


# Particles of phrasal verbs of saying ("went on", "cried out", "cut in", "fired back").
_PARTICLES = frozenset("on out in back up".split())


def _owner(word: str) -> bool:
    """Whether a word ending in "s" is an owner's ("Hunter's", or its "s" token)."""
    return word == "s" or word.endswith(("'s", "’s"))


_PLURAL_SUBJECTS = frozenset("two both they we i you".split())


def _plural_noun_phrase(tokens: list[tuple[int, int, str]]) -> bool:
    """Whether a token run is a short plural noun phrase in lower case ("federal prosecutors",
    "campaign aides"): after a quote, right before its cue, its speakers."""
    words = [t[2] for t in tokens]
    return (
        2 <= len(words) <= 4
        and all(w.isalpha() and w.islower() and w not in NOT_SOURCE for w in words)
        and words[-1].endswith("s")
        and not words[-1].endswith("ss")
    )


def before_parenthesis(words: list[str], tokens: list[tuple[int, int, str]], i: int) -> int:
    """Where the source before a cue at token ``i`` ends: ``i``, or the opening of a short
    parenthesis closing right before the cue after a capitalised word (``Lee (D-OR)``), or of
    a relative clause in one (``Kasich (who has 25 delegates to date)``)."""
    if i < 3 or words[i - 1] != ")":
        return i
    p = next((m for m in range(i - 2, max(0, i - 16), -1) if words[m] == "("), -1)
    if p <= 0 or "(" in words[p + 1 : i - 1] or not tokens[p - 1][2][:1].isupper():
        return i
    return p if i - p <= 6 or words[p + 1] in ("who", "which") else i


def described_name(tokens: list[tuple[int, int, str]]) -> bool:
    """Whether a token run is a name after its description: "local shop owner Dana Ruiz",
    "former senator Bob Kerrey", "9/11 widow Terry Strada" (description words, then
    capitalised ones to the end, then maybe a party: "panel chairman Jason Chaffetz (R-Utah)")."""
    tokens = tokens[: before_parenthesis([t[2] for t in tokens], tokens, len(tokens))]
    if not 2 <= len(tokens) <= MAX_SOURCE_TOKENS or not tokens[-1][2][:1].isupper():
        return False
    words = [t[2] for t in tokens]
    # The name: the capitalised run ending the tokens; the description before it may hold
    # capitals of its own ("undecided Republican voter Stephanie Hooton").
    first_name = name_run_start(words)
    low = [w.lower() for w in words]
    return (
        first_name > 0
        and not words[0][:1].isupper()
        # Not a phrase of where or when ("after Clinton spokesman Brian Fallon", "host Trevor
        # Noah on Thursday").
        and low[0] not in NOT_SUBJECT_START
        and low[0] not in SUBORDINATORS
        and low[first_name - 1] not in ADVERBIAL_PREPOSITIONS
        and all(
            (_DESCRIPTION_WORD.fullmatch(w) or w[:1].isupper()) and w not in NOT_SOURCE
            for w in words[:first_name]
        )
    )


def name_run_start(words: list[str]) -> int:
    """Where the run of capitalised words ending ``words`` starts (a name after its
    description: "… leadership contender Chuka Umunna")."""
    k = len(words)
    while k > 0 and words[k - 1][:1].isupper():
        k -= 1
    return k


# A word of a description before a name: lower-case, or a number or hyphenated compound
# ("9/11 widow Terry Strada", "32-year-old nurse Ana Ruiz").
_DESCRIPTION_WORD = re.compile(r"[a-z][a-z’'\-]*|[\d/][\w/\-]*|/")


_NOT_APPOSITIVE = frozenset(
    "adding noting saying arguing explaining citing referring pointing insisting according "
    "and but in on at during after before when while as because although though".split()
)


def _appositive_after(tokens: list[tuple[int, int, str]]) -> bool:
    """Whether the tokens after ``said NAME,`` belong to the name: an appositive, or a
    relative clause ``who …`` with no cue of its own (``said Beck, who said …`` is a second
    attribution, not the source)."""
    if tokens and tokens[0][2].lower() == "who":
        words = [t[2].lower() for t in tokens[1:]]
        stop = next((m for m, w in enumerate(words) if w in '“”";'), len(words))
        return not cue_in(words[:stop])
    return _appositive(tokens)


def _appositive(tokens: list[tuple[int, int, str]]) -> bool:
    """Whether the tokens after ``said NAME,`` open an appositive (``a professor at …``)."""
    if not tokens:
        return False
    first = tokens[0][2]
    low = first.lower()
    if low in _NOT_APPOSITIVE or low in NOT_SOURCE or first in '“”"‘’':
        return False
    return not low.endswith("ing") or first[0].isupper() or low in _TITLE_PARTICIPLES


# Words in -ing that open a title, not a participle ("managing director", "ranking member").
_TITLE_PARTICIPLES = frozenset(
    "managing founding leading visiting presiding ranking outgoing acting incoming governing "
    "reigning sitting consulting supervising".split()
)


NOT_SUBJECT_START = frozenset("in on at after before during with from for by to of".split())


def _past_state(tokens: list[tuple[int, int, str]], m: int) -> int:
    """The index past a state and its comma at ``m``, after a place's comma ("In Aspen, Colo.,
    the graduate …": the state is the place's, no subject); else ``m``."""
    if m >= len(tokens) or tokens[m][2] not in AP_STATES:
        return m
    n = m + 1 + (m + 1 < len(tokens) and tokens[m + 1][2] == ".")
    dotted = tokens[m][2].endswith(".") or n > m + 1
    return n + 1 if dotted and n < len(tokens) and tokens[n][2] == "," else m


def subject_of(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]] | None:
    """The noun phrase opening a sentence: ``NAME, APPOSITIVE,`` or a capitalised name, past
    an opening adverbial ("At his rallies, Trump …", "But a few days later, Trump …")."""
    if not tokens:
        return None
    words = lowered([t[2] for t in tokens])
    dash = next((m for m, w in enumerate(words[:_MAX_OPENING]) if w in "—–―"), -1)
    if dash > 0 and tokens[0][2].isupper() and tokens[0][2].isalpha() and len(tokens[0][2]) > 1:
        # "WASHINGTON, Dec. 8 (UPI) — In response to …, Clinton’s aide rallied …": a dateline.
        return subject_of(tokens[dash + 1 :])
    if (
        words[0] in LEADING_ADVERBS
        and len(words) > 1
        # a name, a person ("But it is precisely …" opens a cleft), or "And then Trump"
        and (
            tokens[1][2][:1].isupper()
            or words[1] in SUBJECT_PRONOUNS
            or words[1] in LEADING_ADVERBS
        )
    ):
        # "And Trump went on the attack, saying": the conjunction is no part of the name.
        return subject_of(tokens[1:])
    comma = words.index(",") if "," in words else 0
    if 0 < comma <= _MAX_OPENING and opens_adverbial(words[:comma]):
        after = _past_state(tokens, comma + 1)
        while after < len(tokens) and tokens[after][2] in CLOSING_MARKS:
            after += 1  # 'On "Face the Nation," Sen. Bernie Sanders …': the title's mark
        return subject_of(tokens[after:])
    if words[0] in NOT_SUBJECT_START:
        return None
    if "," in words[1:]:
        c1 = words.index(",")
        c2 = next((m for m in range(c1 + 1, len(words)) if words[m] == ","), -1)
        if (
            0 < c1 < c2 <= MAX_APPOSITIVE_TOKENS
            and tokens[0][2][0].isupper()
            and is_source(tokens[:c1])
            and not any(w in NOT_SOURCE or w in '“”"' for w in words[:c2])
        ):
            return tokens[: c2 + 1]
    j = 0
    while j < min(len(tokens), MAX_SOURCE_TOKENS):
        word = tokens[j][2]
        joins = word in ("of", "for") and j + 1 < len(tokens) and tokens[j + 1][2][0].isupper()
        if not (word[0].isupper() or word.lower() in SOURCE_START_OK or word in PRONOUNS or joins):
            break
        j += 1
    # The head noun after a determiner or modifiers: "The government", "The rebel militias".
    named = j
    limit = min(len(tokens), MAX_SOURCE_TOKENS)
    while 0 < j < limit and _nominal(tokens[j][2]) and not _adverb_after_subject(tokens[j][2]):
        j += 1  # "Trump quickly took to Twitter", "he nevertheless commented": not the adverb
    if named < j < len(tokens) and tokens[j][2].lower() in OBJECT_WORDS:
        j -= 1  # a verb with its object ("Mrs. Clinton shook her head"), not the head noun
    elif named < j:
        # "Republican presidential candidate Donald Trump": the name after its description.
        while j < limit and tokens[j][2][:1].isupper():
            j += 1
    return tokens[:j] if j and is_source(tokens[:j]) else None


def last_clause(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The last of the clauses a sentence's words join with ", and", ", but" or ";", when it
    has a subject of its own ("The crowd grew quiet, and he stepped forward": "he stepped
    forward"), else all the words: where to look for the subject of a participle after them
    ("…, saying")."""
    for m in range(len(tokens) - 2, 0, -1):
        word, after = tokens[m][2].lower(), tokens[m + 1][2]
        opens = (word in ("and", "but") and tokens[m - 1][2] == ",") or word == ";"
        if opens and (after.lower() in SUBJECT_PRONOUNS or after[:1].isupper()):
            start = m + 1
            if start + 1 == len(tokens):
                continue  # one word after the conjunction: no clause of its own
            if tokens[start][2][:1].isupper() and not tokens[start + 1][2][:1].islower():
                continue  # "…, and Ann Lee": a name still, or a list of them
            return tokens[start:]
    return tokens


# An opening adverbial before a clause's subject runs at most this many tokens.
_MAX_OPENING = 20
# Words that open a verb's object; no subject noun phrase runs on into one.
OBJECT_WORDS = frozenset("her his their its him them my our your me us the a an".split())


def ly_adverb(word: str) -> bool:
    """Whether a lowercase word is an adverb in -ly ("quickly"; "assembly" is a noun)."""
    return word.endswith("ly") and word.islower() and word not in _LY_NOUNS


def verb_adverb(word: str) -> bool:
    """Whether a word is an adverb that may stand between a subject and its verb ("Clinton
    also said", "which together vowed", "Sanders had previously said", "grudgingly agreed")."""
    return word.lower() in _VERB_ADVERBS or ly_adverb(word)


# The adverbs an auxiliary and its verb may hold between them, and "together".
_VERB_ADVERBS = AUX_ADVERBS | {"together", "meanwhile", "however", "instead", "likewise"}


def _adverb_after_subject(word: str) -> bool:
    """Whether a word after a subject is an adverb, no part of it ("quickly", "nevertheless")."""
    return ly_adverb(word) or word in _CONNECTIVES


# Adverbs that link a clause to the one before, between its subject and its verb.
_CONNECTIVES = frozenset(
    "nevertheless nonetheless however meanwhile instead likewise therefore thus also".split()
)


def _nominal(word: str) -> bool:
    """Whether a lowercase word may continue a subject noun phrase (not a verb's look)."""
    low = word.lower()
    core = re.sub(r"[’']s$", "", word.replace("-", ""))  # "right-hand", "mayor’s"
    return (
        core.isalpha()
        and word.islower()
        and low not in NOT_SOURCE
        and low not in OBJECT_WORDS
        and low not in AUXILIARIES
        and low not in PREPOSITIONS
        and low not in ADVERBIAL_OPENERS  # "Even on this evening" is no noun phrase
        and not low.endswith(("ed", "ing"))
        and low not in IRREGULAR_PAST
        and low not in cue_sets()[0]
    )


# Common irregular past tenses, which look like nouns to the test above ("The Trump
# administration stood down", "The pope gave no answer").
IRREGULAR_PAST = frozenset(
    "stood went came took made gave got put ran saw knew left felt kept held brought began "
    "sent spent won lost met paid sat set led became fell rose struck spoke broke chose drove "
    "grew threw flew drew built meant heard sold thought found told said wrote read".split()
)


# Words opening a relative clause set off by commas.
RELATIVE_OPENERS = frozenset("where when which who whose while".split())
# Sentence adverbs and conjunctions that may open a sentence before its subject.
LEADING_ADVERBS = frozenset(
    "yet but and so still now then however meanwhile instead also later earlier again "
    "previously separately afterwards".split()
)


PREPOSITIONS = frozenset("by for of in after before without while upon from".split())
# Every preposition the rules know.
PREPOSITION_WORDS = (
    PREPOSITIONS
    | ADVERBIAL_PREPOSITIONS
    | NOT_SUBJECT_START
    | frozenset("into through under over about against among between within across".split())
)


def coordinated(tokens: list[tuple[int, int, str]], k: int) -> bool:
    """Whether the "and" (or "or") at token ``k`` joins two noun phrases of a source (a name
    before it, a name or a determiner after it)."""
    if k == 0 or k + 1 >= len(tokens):
        return False
    before, after = tokens[k - 1][2], tokens[k + 1][2]
    first = before[:1].isupper() or (k == 1 and before.lower() in PRONOUNS)  # "he and X"
    # "officials in the FBI and at the Justice Department": two places of one noun phrase.
    place = before[:1].isupper() and after.lower() in ("at", "in") and k + 2 < len(tokens)
    return first and (after[:1].isupper() or after.lower() in SOURCE_START_OK or place)


def subject_conjunct(tokens: list[tuple[int, int, str]], k: int) -> int:
    """Where the first noun phrase of a subject joined by the "and" at token ``k``
    starts, when it opens the clause ("But attorneys and legal experts said", "…, many
    experts and some lawmakers say"): up to four words of a noun phrase after the sentence
    start, a comma, a leading adverb or an object's relative pronoun ("…, which the
    international community and the rebels themselves blamed on Assad"); -1 otherwise
    ("Revenues grew and analysts say")."""
    m = k
    while m > 0 and k - m < 4:
        word = tokens[m - 1][2]
        low = word.lower()
        if low in (",", ";") or (m == 1 and low in LEADING_ADVERBS):
            break
        if low in _CLAUSE_SUBORDINATORS or low == "which":
            break  # "while doctors and medical experts warned": a clause opens after it
        if (
            low in NOT_SOURCE
            or low in SUBORDINATORS
            or not (low in SOURCE_START_OK or word[:1].isupper() or _nominal(word))
        ):
            return -1
        m -= 1
    opens = (
        m == 0
        or tokens[m - 1][2] in (",", ";")
        or (m == 1 and tokens[0][2].lower() in LEADING_ADVERBS)
        or tokens[m - 1][2].lower() in _CLAUSE_SUBORDINATORS
        or tokens[m - 1][2].lower() == "which"
    )
    first, before = tokens[m][2], tokens[k - 1][2]
    # The phrase opens with a determiner, a capital, a plural ("attorneys and …") or a
    # personal pronoun ("she and European leaders"), not a verb ("reject her ornaments and
    # make her feel").
    starts = (
        first.lower() in SOURCE_START_OK
        or first[:1].isupper()
        or first.endswith("s")
        or (m == k - 1 and first in SUBJECT_PRONOUNS)
    )
    noun = before[:1].isupper() or _nominal(before)
    return m if m < k and opens and starts and noun else -1


# Words that open an adverbial clause, not an appositive, after a comma.
SUBORDINATORS = frozenset(
    "as when while if because although though since once after before until unless whereas "
    "where whether despite".split()
)
# Subordinators that open a clause only, never a preposition's phrase ("After years adding",
# "Despite Trump's continued strength" open no clause).
_CLAUSE_SUBORDINATORS = SUBORDINATORS - {"as", "since", "after", "before", "until", "despite"}


def _coordinated_source(tokens: list[tuple[int, int, str]]) -> bool:
    """Whether a token run between a quote and its cue is one coordinated noun phrase (``the
    leaders of A, B and C``): a source's start, "and" its only clause word, each comma
    before a capitalised item."""
    if not tokens or "and" not in (words := lowered([t[2] for t in tokens])):
        return False
    first = tokens[0][2]
    if not (first[0].isupper() or words[0] in SOURCE_START_OK):
        return False
    if any(w != "and" and (w in NOT_SOURCE or w in '“”"‘’;:()') for w in words):
        return False
    return all(
        m + 1 < len(tokens) and tokens[m + 1][2][0].isupper()
        for m, w in enumerate(words)
        if w == ","
    )


def appositive_words(words: list[str]) -> bool:
    """Whether the words between a name's comma and a cue can be its appositive (``a
    professor at X who …``), not a clause (``as the army prepares to …, rebels``)."""
    return bool(words) and words[0] not in SUBORDINATORS


# Words an adverbial opens with, never a source ("In an interview he said", "With the vote
# near, …", "Having announced …", "to pay for the programs she"); "at least"/"at most" open a
# quantity ("At least four senators claim").
ADVERBIAL_OPENERS = frozenset(
    "for with in at on from by during having after before of to along across amid despite "
    "following like unlike under over through throughout among against as while when if "
    "since alongside beside besides beyond within "
    "amidst".split()
)
# Lower-case words in -ly that are nouns, not adverbs ("the assembly said").
_LY_NOUNS = frozenset(
    "family ally assembly rally supply monopoly anomaly tally reply bully belly jelly "
    "daily weekly monthly quarterly".split()
)


# Words after a participle that opens a clause ("Speaking on", "Brushing aside", "Writing
# in", "Rattling off"), not a modifier's noun ("Leading Democrats", "Polling averages").
_AFTER_PARTICIPLE = ADVERBIAL_PREPOSITIONS | frozenset(
    "aside off on in at up out down about with to from the a an his her their its".split()
)

_ING_PREPOSITIONS = frozenset(
    "during according including regarding concerning following considering excluding "
    "notwithstanding pending barring".split()
)


def _name_then_verb(words: list[str]) -> int:
    """How many words of a source are a name (one to three capitalised words opening it)
    that a verb in the past follows, with more words after it ("Bush pinned his"); 0 when
    the source is no such clause (nor a passive: "Navy sailor pardoned by Trump")."""
    n = 0
    while n < min(3, len(words)) and words[n][:1].isupper() and words[n].rstrip(".").isalpha():
        n += 1
    if not n or n + 1 >= len(words) or words[0].lower() in _NO_NAME:
        return 0
    verb = words[n]
    if not past_look(verb) or verb in _SOURCING_PARTICIPLES:
        return 0
    # A participle after its noun is no clause's verb ("Emails published in Chile showed",
    # "Navy sailor pardoned by Trump").
    return 0 if words[n + 1].lower() in PREPOSITION_WORDS else n


def clean_source(text: str, found: Found) -> Found:
    """``found`` with its source rid of what is not the speaker: a closing adverb in -ly
    ("Gingrich cynically said") and an opening relative word ("which Kaine") go; a lone
    sentence adverb ("However") is no source; an adverbial is cut to the pronoun closing it
    ("on Tuesday night he" → "he") or dropped, since a wrong speaker is worse than none."""
    if found.source is None:
        return found
    s, e = found.source
    words = text[s:e].split()
    if not words:
        return found
    if "©" in words[0]:
        return replace(found, source=None)  # a photo credit
    dash = max(text.find(f" {d} ", s, e) for d in "-–—")
    place = words[0].strip(",.")
    if dash >= 0 and text[dash + 3 : e].strip() and len(place) > 1 and place.isupper():
        # "BUDAPEST, Feb 18 (Reuters) - Hungarian leader Viktor Orban": a dateline before a
        # spaced dash is no part of the source.
        s = dash + 3
        words = text[s:e].split()
    if len(words) > 1 and words[-2].endswith(",") and words[-1].strip(",") in INTERJECTED:
        # "The previous administration, however, said": the adverb is the sentence's.
        e = s + text[s:e].rstrip().rfind(words[-2]) + len(words[-2]) - 1
        words = text[s:e].split()
    last = words[-1]
    before_cue = found.cue is None or e <= found.cue[0]  # not "said X who spoke publicly"
    if len(words) > 1 and (
        (ly_adverb(last) and before_cue)
        or last in _TRAILING  # "Nye Bevan once", "the agreement … which"
    ):
        words = words[:-1]
        e = s + len(text[s : e - len(last)].rstrip())
    if len(words) > 1 and words[0].lower() in ("which", "that"):
        if words[1].islower() and words[1].endswith("ed") and len(words) > 2:
            # "A study that appeared in the journal found": the relative word is the clause's
            # subject and a verb follows it (not "that advocates say": a subject); the speaker
            # is the noun before, which is not in the source found.
            return replace(found, source=None)
        # "…, which Kaine said": the relative word opens the clause; the subject speaks.
        s = e - len(text[s:e].split(None, 1)[1])
        words = words[1:]
    if len(words) == 1 and (
        words[0].rstrip(",").lower() in LEADING_ADVERBS | _NO_HEAD | _SENTENCE_ADVERBS
        or (words[0] in CALENDAR and words[0] not in NAME_MONTHS)  # "Friday saw …", not "May"
        or words[0].rstrip(",").lower().endswith(_ADVERB_ENDINGS)  # "Predictably", not "Kelly"
        or words[0].isdigit()  # "2016 saw …"
        # "despite facing criticism for": a participle before a noun cue ("polling showed"
        # has a gerund subject and a verb).
        or (
            words[0].islower()
            and words[0].endswith("ing")
            and not _finite_cue(text, found)
            and not _determined(text, s)  # "the party's wing focuses on": a noun
        )
    ):
        return replace(found, source=None)  # "However", "The fuss"
    if (
        len(words) > 1
        and words[0].endswith(",")
        and words[0][:-1].lower() in LEADING_ADVERBS | _SENTENCE_ADVERBS
    ):
        # "However, Irish Taoiseach Leo Varadkar said": the adverb opens the sentence.
        s = e - len(text[s:e].split(None, 1)[1])
        words = words[1:]
    if (
        len(words) > 1
        and words[0][:1].isupper()
        and words[0].lower().endswith("ing")
        and words[0].lower() not in _ING_PREPOSITIONS  # "During his trial Grassi said"
        and words[1].lower() in _AFTER_PARTICIPLE
        and text[s:e].rstrip(", ").rfind(",") > 0
    ):
        # "Brushing aside any semblance of political correctness, Hungary’s Prime Minister":
        # a participle's clause opening the sentence is no speaker; the noun phrase after
        # its comma is. (Without one, "Writing in a paper published", the source stays as
        # found: dropped, the next "she" would go to a speaker further back.)
        comma = text.rfind(",", s, len(text[:e].rstrip(", ")))
        s = comma + 1 + len(text[comma + 1 : e]) - len(text[comma + 1 : e].lstrip())
        words = text[s:e].split()
    time = _TIME_AFTER.search(text, s, e)
    if time is not None and time.start() > s:
        # "A U.S. judge on Wednesday ordered": the time is no part of the judge.
        e = time.start()
        words = text[s:e].split()
    if (
        len(words) > 1
        and words[0].lower() in _CLAUSE_OPENERS
        and (all(w[:1].isupper() for w in words[1:]) or _clause_subject(text, words, found))
    ):
        # "After Trump argued that …", "After campaign aides insisted": a subordinate clause's
        # subject speaks (not "After years of refusing", where "after" is a preposition).
        s = e - len(text[s:e].split(None, 1)[1])
        words = words[1:]
    cue = found.cue
    verb = _object_verb(words) if _before_participle(text, cue, e) else None
    if cue is not None and verb is not None and is_speech_word(words[-1]):
        # "The company released a statement saying …": the company speaks, and the cue runs
        # from its verb, as PolNeAR marks it.
        at = [m.start() + s for m in re.finditer(r"\S+", text[s:e])]
        cue = (at[verb], cue[1])
        e = s + len(text[s : at[verb]].rstrip())
        words = words[:verb]
    named = _name_then_verb(words) if found.cue is None or e <= found.cue[0] else 0
    if named:
        # "Clinton paused, then revealed", "Trump failed to certify the JCPOA, noting",
        # "Murphy sent his family home … showed": a name and the verb of its own clause;
        # the name speaks.
        e = s + len(" ".join(text[s:e].split()[:named]))
        words = words[:named]
    first = words[0].lower()
    last = words[-1]
    if (first in ADVERBIAL_OPENERS or first in _WH) and not (
        first == "at" and len(words) > 1 and words[1].lower() in ("least", "most")
    ):
        name = 1 if last.lower() in PRONOUNS else _closing_name(words)
        if len(words) == 1 or not name:
            return replace(found, source=None)
        head = text[s:e].rsplit(None, name)[0]
        s = e - len(text[s + len(head) : e].lstrip())
    elif (
        len(words) > 1
        and last.lower() in SUBJECT_PRONOUNS
        and words[-2].lower() not in ("and", "or")
    ):
        s = e - len(last)  # "the legal basis they have invoked": a relative clause's subject
    if cue is not None and "," in text[s:e] and text[e : cue[0]].strip() == ",":
        # PolNeAR keeps the comma that closes a source's appositive ("Hicks, his spokeswoman,
        # added"): 977 of 1,064 such sources in train.
        e = text.index(",", e) + 1
    return replace(found, cue=cue, source=(s, e))


def _determined(text: str, s: int) -> bool:
    """Whether the word before offset ``s`` is a determiner, an owner's or a name ("the",
    "his", "the party's", 'the “Brexiteer”'), so that what starts at ``s`` is a noun."""
    before = [w.strip("“”\"‘’'") for w in text[max(0, s - 40) : s].split()[-1:]]
    return (
        bool(before)
        and before[0][-1:].isalpha()
        and (
            before[0].lower() in DETERMINERS or _owner(before[0].lower()) or before[0][:1].isupper()
        )
    )


def _finite_cue(text: str, found: Found) -> bool:
    """Whether ``found``'s cue opens with a word that looks like a finite verb ("showed",
    "says"), not a noun ("criticism", "calls for" may be either; a plural counts)."""
    if found.cue is None:
        return False
    first = text[found.cue[0] : found.cue[1]].split()[0]
    return first.islower() and past_look(first)


def _before_participle(text: str, cue: tuple[int, int] | None, end: int) -> bool:
    """Whether a source ending at ``end`` runs straight into a cue in -ing ("… a statement
    saying")."""
    if cue is None or text[end : cue[0]].strip():
        return False
    first = text[cue[0] : cue[1]].split()[0].lower()
    return first.endswith("ing") and first != "according"


def _object_verb(words: list[str]) -> int | None:
    """Where a verb splits a source before a participle cue into a subject and the verb's
    object ("The company [released] a statement"): a lower-case past tense after the
    subject's first word, before a determiner; ``None`` when the words are one noun phrase
    ("The embattled mayor")."""
    for v in range(1, len(words) - 1):
        word = words[v]
        if word.isalpha() and past_look(word) and words[v + 1].lower() in SOURCE_START_OK:
            return v
    return None


def _closing_name(words: list[str]) -> int:
    """How many capitalised words close an adverbial with no comma after it ("In a Bloomberg
    interview Trump" → 1): a name of at most three words after a lower-case noun; 0 when
    there is none, or the name may be the adverbial's own ("In an interview with CNN Trump",
    "In the White House", "On Tuesday")."""
    n = 0
    while n < len(words) - 1 and words[-1 - n][:1].isupper() and words[-1 - n].isalpha():
        n += 1
    before = words[-1 - n]
    return (
        n
        if 0 < n <= 3
        and before.isalpha()
        and before.islower()
        # "collecting Social Security": the object of a verb, not a subject
        and not before.endswith(("ing", "ed"))
        and before not in ADVERBIAL_OPENERS | ARTICLES | NOT_SOURCE
        and words[-n] not in CALENDAR
        else 0
    )


def past_look(word: str) -> bool:
    """Whether a lower-case word looks like a verb in the past ("sent", "issued")."""
    return word.islower() and (word.endswith("ed") or word in IRREGULAR_PAST)


def finite_look(word: str) -> bool:
    """Whether a lower-case word looks like a finite verb after a subject ("delivered",
    "listed", "has", "offered", "says")."""
    return word in AUXILIARIES or word.endswith(("ed", "s")) or word in IRREGULAR_PAST


def _clause_subject(text: str, words: list[str], found: Found) -> bool:
    """Whether ``words`` after a conjunction (``words[0]``) are the subject of a finite cue:
    a noun phrase with no preposition ("After campaign aides insisted"), the cue no
    participle in -ing ("After years of refusing")."""
    cue = text[found.cue[0] : found.cue[1]].lower().split() if found.cue else []
    rest = [w.lower() for w in words[1:]]
    return (
        bool(cue)
        # a finite verb: "insisted", "says", "has said"; not "refusing" or "the question of"
        and finite_look(cue[0])
        and (rest[0] in SOURCE_START_OK or len(rest) <= 3)
        and not any(w in ADVERBIAL_OPENERS or w in NOT_SOURCE for w in rest)
    )


# Words a source does not end on: adverbs ("Nye Bevan once said") and a relative pronoun.
_TRAILING = frozenset(
    "once also then now later again still never already often further which all both".split()
)
# Endings of adverbs in -ly that no name has ("Predictably", "Incredibly"; "Kelly" is a name).
_ADVERB_ENDINGS = (
    "ally", "ably", "ibly", "edly", "ntly", "usly", "ctly", "arly", "ately", "ingly", "fully",
    "ively",
)  # fmt: skip
# Sentence adverbs that are no source alone ("Indeed, …", "Additionally").
_SENTENCE_ADVERBS = INTERJECTED | frozenset(
    "additionally perhaps maybe thus hence consequently accordingly likewise similarly "
    "ultimately finally often incredibly predictably clearly further notably".split()
)
# Days and times that may stand between a source and its cue or close a source ("the judge
# on Wednesday", "Franken late Friday", "officials yesterday"), and the words before them.
TIMES = WEEKDAYS | {"yesterday", "today", "tonight"}
TIME_OPENERS = frozenset("on last late early this".split())
# Time nouns that close a time adverbial after their modifiers ("last week", "this past
# month", "late Monday night").
TIME_NOUNS = frozenset("week month year weekend morning afternoon evening night".split())
# Words that make an opening phrase a time ("Earlier Wednesday,", "A week ago,").
_TIME_WORDS = frozenset(w.lower() for w in TIMES) | TIME_NOUNS | {"earlier", "later", "ago"}
# Words a short time phrase opens with ("A day earlier", "Moments later", "Two weeks ago").
_TIME_STARTS = (
    _TIME_WORDS
    | TIME_OPENERS
    | frozenset(
        "a an the one two three several few moments minutes hours days weeks months years".split()
    )
)
_TIME_AFTER = re.compile(
    rf"\s+(?:(?:{'|'.join(sorted(TIME_OPENERS))})\s+)?(?:{'|'.join(sorted(TIMES))})\s*\Z"
)
# Words that are no source alone: a determiner before a noun cue ("The fuss about"), a
# relative owner ("whose support").
ARTICLES = frozenset("the a an this these those".split())
# Articles and owners' words: what a noun follows ("the", "his", "their").
DETERMINERS = ARTICLES | frozenset("his her their its our my your".split())
# Owners' words ("his accusation", "her New Year message").
POSSESSIVES = DETERMINERS - ARTICLES
# Capitalised words that open a sentence but name no one: "One leaked memo says", "They
# heard Kobili Traore chanting", "Other Republicans joined Pence’s call".
_NO_NAME = (
    NOT_SUBJECT_START
    | PRONOUNS
    | NUMBER_WORDS
    | ARTICLES
    | frozenset("one another some many most other others all every each both several few".split())
)
_NO_HEAD = ARTICLES | {"whose"}
# Conjunctions opening a subordinate clause, whose subject follows them.
_CLAUSE_OPENERS = frozenset("after before while when if since until once because".split())
# Question words opening an indirect question ("why I predicted"): its subject speaks.
_WH = frozenset("why how what where whether".split())
SUBJECT_PRONOUNS = frozenset("i he she we they".split())

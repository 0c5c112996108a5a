"""Reported speech: attributions found by sentence patterns and by the learnt cue tagger.

The patterns (:func:`_reported`) need ``according to``, a lexicon cue or a dash:
``SOURCE CUE (that) CONTENT.``, ``CONTENT, SOURCE CUE.``, ``CONTENT, CUE SOURCE.``, ``According
to SOURCE, CONTENT.`` and ``CONTENT, according to SOURCE.``. A sentence none of them fits is
searched with the tagger (:mod:`propscan.quotes.cuemodel`; :func:`_learnt`), whose thresholds
are here; then further attributions in the content, another source's (:func:`_second`) or
the same source's further verb (:func:`_same_source`), the subject that is no source
(:func:`_refine`), ``“…,” X said, citing CONTENT`` (:func:`participle_tail`) and an
attribution inside its content (:func:`_parenthetical_head`). :func:`reported_speech` runs
them on one sentence; :mod:`propscan.quotes.finder` says which sentences, and describes the
whole method.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from typing import TYPE_CHECKING

from propscan.actors.lexicon import CALENDAR, NAME_MONTHS
from propscan.quote_kinds import is_speech_word
from propscan.quotes.cuelookup import CUES_BY_RAW, cue_at, cue_in
from propscan.quotes.cuemodel import (
    AUX_ADVERBS,
    AUXILIARIES,
    CONTRACTED,
    main_verb,
    model,
    speech_verbs,
)
from propscan.quotes.found import Found
from propscan.quotes.marks import open_quotation
from propscan.quotes.sources import (
    ADDRESSEE_PASSIVES,
    ADVERBIAL_PREPOSITIONS,
    ARTICLES,
    BE_FORMS,
    CLOSING_MARKS,
    DETERMINERS,
    INTERJECTED,
    INTERJECTED_OPENERS,
    INVERTING,
    LEADING_ADVERBS,
    MAX_APPOSITIVE_TOKENS,
    MAX_SOURCE_TOKENS,
    NOT_SOURCE,
    NOT_SUBJECT_START,
    NUMBER_WORDS,
    OBJECT_WORDS,
    POSSESSIVES,
    PREPOSITION_WORDS,
    PREPOSITIONS,
    PRONOUNS,
    RELATIVE_OPENERS,
    SOURCE_START_OK,
    SUBJECT_PRONOUNS,
    SUBORDINATORS,
    TIME_NOUNS,
    TIME_OPENERS,
    TIMES,
    after_quote,
    appositive_words,
    before_parenthesis,
    coordinated,
    described_name,
    finite_look,
    is_source,
    last_clause,
    ly_adverb,
    opens_adverbial,
    participle_phrase,
    partitive,
    past_look,
    quantity_than,
    saying_participle,
    source_before,
    subject_conjunct,
    subject_of,
    verb_adverb,
    without_adverb,
)
from propscan.quotes.tokens import (
    content_end,
    lowered,
    offsets,
    span,
    split,
    token_after,
    tokens_of,
)

if TYPE_CHECKING:
    from propscan.quotes.evidence import CueEvidence

# After "CONTENT, SOURCE CUE" the sentence may go on this many tokens (where, when, to whom).
TRAILING_TOKENS = 6  # 16 lost content F1 on dev (0.619 -> 0.607)
# After a cue, a told-type verb takes a listener before the content (told reporters that…).
_LISTENER_CUES = frozenset("told tells telling tell warned reminded assured informed".split())
_STOPS = frozenset(".!?")


def _reported(
    text: str, s: int, e: int, tokens: list[tuple[int, int, str]], words: list[str]
) -> Found | None:
    """A reported-speech attribution in the sentence ``text[s:e]`` (its ``tokens`` and their
    lowercased ``words``)."""
    if len(tokens) < 4:
        return None
    # According to SOURCE, CONTENT.
    if words[:2] == ["according", "to"] and "," in words:
        comma = words.index(",")
        source = tokens[2:comma]
        if words[comma + 1 : comma + 3][-1:] == [","] and words[comma + 1] in INTERJECTED:
            comma += 2  # "According to X, however, CONTENT": the adverb is the sentence's
        elif comma + 1 < len(words) and words[comma + 1] in ("which", "who", "whose"):
            # "According to the latest polling, which you can find here, CONTENT": the
            # relative clause is the source's.
            comma = next((m for m in range(comma + 2, len(words)) if words[m] == ","), comma)
        if source and comma + 2 < len(tokens):
            c_end = content_end(text, tokens[comma + 1][0], e)
            return Found((tokens[comma + 1][0], c_end), span(tokens[:2]), span(source), False)
    # As (first) reported by SOURCE, CONTENT. In the latest POLL, CONTENT.
    as_reported = _as_reported_by(text, e, tokens, words) or _in_poll(text, e, tokens, words)
    if as_reported is not None:
        return as_reported
    # CONTENT, according to SOURCE.
    for i in range(len(tokens) - 3, 1, -1) if "according" in words else ():
        if words[i] == "," and words[i + 1 : i + 3] == ["according", "to"]:
            n = _according_source(tokens[i + 3 :])
            # Not inside a quotation still open: 'Clinton said the plan "will cost jobs,
            # according to our figures."' is Clinton's, the figures the quoted speaker's.
            if n and i > 2 and open_quotation(text, s, tokens[i][0]) < 0:
                end = tokens[i - 1][1]
                after = i + 3 + n
                if (
                    after + 2 < len(tokens)
                    and words[after] == ","
                    and words[after + 1] not in RELATIVE_OPENERS  # "…, which was released"
                    and not any(_verb_word(w) for w in words[:i])
                ):
                    # "Other major cleavages, according to the poll, include ideology …": a
                    # sentence whose verb comes after the source; its content is both parts,
                    # one span with the attribution inside, as according_to gives them (not
                    # "Centerview earned $600 million, according to public filings, a huge
                    # sum …": an aside on a clause already whole).
                    end = content_end(text, tokens[after + 1][0], e)
                return Found(
                    (tokens[0][0], end),
                    span(tokens[i + 1 : i + 3]),
                    span(tokens[i + 3 : after]),
                    False,
                )
            break
    # CONTENT, SOURCE CUE. / CONTENT, CUE SOURCE. (A line may end with no stop: a caption's
    # "…, said Senate Minority Leader Charles Schumer".)
    ended = words[-1] in _STOPS or words[-1] == ";"  # a clause the finder cut (_clauses)
    # '…, he said Wednesday on MSNBC’s “Morning Joe.”': a title's marks after the stop.
    stop = len(words) - 1
    while stop > 0 and words[stop] in CLOSING_MARKS:
        stop -= 1
    titled = stop < len(words) - 1 and words[stop] in _STOPS
    if (ended or titled or _inverted_at_line_end(text, e, tokens, words)) and "," in words:
        comma = len(words) - 1 - words[::-1].index(",")
        last = tokens[stop][0] if ended or titled else tokens[-1][1]  # before the stop, if any
        # A quotation closing on the comma (This is “…,” said Reuters.) ends the content.
        close = _past_mark(words, comma) - 1
        if comma > 2 and len(words) - comma <= MAX_SOURCE_TOKENS + TRAILING_TOKENS:
            found = after_quote(text, tokens[close][1], last)
            if (
                found
                and not _clause_follows(tokens, words, found)
                and not _adverbial(words[:comma])
                and not _named_subject(tokens, words, comma)
                and not _object_follows(tokens, words, found)
            ):
                c_end = tokens[close][1] if close > comma else tokens[comma - 1][1]
                return Found((tokens[0][0], c_end), found[0], found[1], False)
        # CONTENT, CUE NAME, APPOSITIVE (who …). — the source's own commas come after the cue;
        # a quotation may close on the first ('… “saw Burma as …,” said Victor Cha, who …').
        comma = next(
            (
                m
                for m in range(len(words) - 3, 2, -1)
                if words[m] == ","
                and cue_at(tokens, (c := _past_mark(words, m)))
                and (tokens[c + 1][2][0].isupper() or _described_then_named(tokens, words, c))
            ),
            -1,
        )
        found = None
        if ended and comma > 2:
            close = _past_mark(words, comma) - 1
            found = after_quote(text, tokens[close][1], tokens[-1][0])
        if found and found[1] is not None and tokens[-2][1] > found[0][0]:
            named = text[found[1][0] : found[1][1]]
            short = len(words) - comma <= MAX_APPOSITIVE_TOKENS + 2
            to_end = found[1][1] >= tokens[-2][1] and (short or ", who " in named)
            if to_end or _relative_after(tokens, words, found[1][1]):
                # The name and its appositive run to the sentence end ("…, said Howard Rubel,
                # an analyst at Jefferies, who notes that …" however long the clause), or to a
                # relative clause with an attribution of its own ("…, said the officials, who
                # asked not to be named").
                c_end = tokens[close][1] if close > comma else tokens[comma - 1][1]
                return Found((tokens[0][0], c_end), found[0], found[1], False)
        # CONTENT “…,” NAME, APPOSITIVE, CUE (circumstance). — the appositive's own commas
        # ("assistant secretary for population, refugees, and migration,") hide the one after
        # the quotation from the rules above.
        quoted = next(
            (
                m
                for m in range(len(words) - 3, 1, -1)
                if words[m] == "," and words[m + 1] in CLOSING_MARKS
            ),
            -1,
        )
        commas = [m for m in range(2, len(words) - 2) if words[m] == ","]
        # Without a quotation, "CONTENT, NAME, APPOSITIVE, CUE (LISTENER)." ("…, his top
        # aide, Tad Devine, told The Huffington Post."): the comma before a name whose
        # appositive's comma is the last.
        starts = [quoted] if quoted > 1 else commas[-3:-2]
        for at in starts if ended else ():
            close = _past_mark(words, at) - 1
            found = after_quote(text, tokens[close][1], tokens[-1][0])
            after = token_after(tokens, found[0][1]) if found else len(tokens)
            if (
                found
                and found[1] is not None
                and found[1][1] <= found[0][0]
                and (
                    close > at
                    or (
                        found[1][0] == tokens[at + 1][0]
                        and found[1][1] >= tokens[commas[-1] - 1][1]
                        and not _adverbial(words[:at])
                    )
                )
                and len(tokens) - after <= TRAILING_TOKENS + 1
                # Only where or when after the cue, or a listener ("told the New Yorker"), no
                # content of its own ("…,” Levine found comic relief in it").
                and (
                    after >= len(tokens) - 1
                    or words[after] in _CIRCUMSTANCE_STARTS
                    or (
                        words[after - 1] in _LISTENER_CUES
                        and not any(w in NOT_SOURCE for w in words[after:])
                    )
                )
            ):
                c_end = tokens[close][1] if close > at else tokens[at - 1][1]
                return Found((tokens[0][0], c_end), found[0], found[1], False)
        aside = _attribution_before_aside(text, tokens, words, commas) if ended else None
        if aside is not None:
            return aside
    closing = _closing_on_comma(text, tokens, words)
    if closing is not None:
        return closing
    # SOURCE CUE (LISTENER) (that) CONTENT.
    clause = 0
    for i in range(1, min(len(tokens) - 2, MAX_APPOSITIVE_TOKENS)):
        if words[i] == ",":
            clause = clause or i
            continue
        if CUES_BY_RAW.get(tokens[i][2]) == ():
            continue
        n = cue_at(tokens, i)
        if not n or _attributive(words, i):
            continue
        if _closes_subordinate(words, i, n):
            continue  # "Making the rounds on the Sunday shows, Carson said": the main clause's
        b = _before_time(tokens, words, i)
        if words[b - 1] == "," and words[i].endswith("ing"):
            if _subject_alone(tokens[: b - 1]):
                # "Trump, later alleging that …, said": a participle set off after the
                # subject alone, no verb before it; the main verb comes later.
                continue
            # "SUBJECT VERB …, (only) saying CONTENT": the sentence subject speaks, or the
            # last clause's ("…, and he stepped forward, saying").
            found_source = subject_of(last_clause(tokens[: b - 1]))
        else:
            found_source = source_before(tokens, clause, b)
            if found_source and words[b - 1] in PREPOSITIONS and words[i].endswith("ing"):
                # "Grassley joined members of Congress in asking for …": not the clause before
                # a gerund after a preposition but its subject, the sentence's (_learnt_at).
                found_source = subject_of(tokens[: b - 1])
            elif found_source and words[b - 1] == "to" and (v := _control_verb(words, b - 1)):
                # "The article goes on to say", "Obama tried to say": the infinitive's subject
                # is the verb's.
                found_source = subject_of(tokens[:v])
            elif found_source and (o := _object_control(words, to := _to_before(words, b, i))):
                # "The timing led Republicans to say": the object says it.
                found_source = tokens[o:to]
        if found_source is None or (
            len(found_source) == 1 and found_source[0][2].lower() in ("who", "which")
        ):
            # No source, or a relative clause's ("The plan drew fire from Ann Lee, who said"):
            # the learnt tagger reads the sentence, from a cue of the main clause before it.
            return None
        source = found_source
        as_end = _as_clause_head(words, tokens.index(source[0]), i + n)
        if as_end:
            # "The plan failed, as the mayor said on Monday.": the clause before is the content.
            return Found(span(tokens[:as_end]), span(tokens[i : i + n]), span(source), False)
        k = _content_start(words, i, i + n)
        if k < len(tokens) and words[k] in (",", ":"):
            k += 1
        if len(tokens) - k < 3:
            return None
        c_end = content_end(text, tokens[k][0], e)
        # The adverbs stepped over belong to the cue, as PolNeAR marks it ("also promised").
        a = i
        while a > b and verb_adverb(tokens[a - 1][2]):
            a -= 1
        return Found((tokens[k][0], c_end), span(tokens[a : i + n]), span(source), False)
    return None


# Adverbs between "As" and its cue ("As first reported by").
_AS_ADVERBS = frozenset("first previously originally earlier initially".split())


def _as_reported_by(
    text: str, e: int, tokens: list[tuple[int, int, str]], words: list[str]
) -> Found | None:
    """ "As (first) reported by SOURCE, CONTENT.": the cue's source after "by" or "in", the
    main clause its content, as "According to SOURCE, CONTENT" (the cue had no source and
    "by SOURCE, …" was read as its content)."""
    if words[0] != "as":
        return None
    j = 1
    while j < len(words) and words[j] in _AS_ADVERBS:
        j += 1
    n = cue_at(tokens, j) if j < len(words) else 0
    b = j + n
    if not n or b >= len(words) or words[b] not in ("by", "in") or "," not in words[b:]:
        return None
    comma = words.index(",", b)
    source = tokens[b + 1 : comma]
    if not is_source(source) or len(tokens) - comma < 4:
        return None
    c_end = content_end(text, tokens[comma + 1][0], e)
    return Found((tokens[comma + 1][0], c_end), span(tokens[j:b]), span(source), False)


# What a poll is called: "In the latest CBS poll, CONTENT" has it for its source.
POLL_WORDS = frozenset("poll polls survey surveys".split())
# Participles that may describe a poll after its comma ("…poll, conducted in May, CONTENT").
_POLL_PARTICIPLES = frozenset("conducted released taken published".split())
# Words at most from "In" to the comma that ends the poll's name.
_POLL_SOURCE_TOKENS = 12


def _in_poll(
    text: str, e: int, tokens: list[tuple[int, int, str]], words: list[str]
) -> Found | None:
    """ "In the latest Washington Post-ABC News poll, CONTENT.": the poll is the source, "In"
    the cue, the main clause the content, as PolNeAR marks 12 of the 13 such sentences of its
    train and dev. The poll heads the phrase after "In" (not "In the days after the poll"),
    and a participle's phrase after it ("…poll, conducted in May,") is its own."""
    if words[0] != "in" or "," not in words[:_POLL_SOURCE_TOKENS]:
        return None
    comma = words.index(",")
    poll = next((m for m in range(1, comma) if words[m] in POLL_WORDS), 0)
    if not poll or any(
        w in PREPOSITION_WORDS or w in SUBORDINATORS or (w.endswith("ed") and "-" not in w)
        for w in words[1:poll]
    ):
        return None  # "In a memo released as polls closed": the poll heads no phrase
    if words[comma + 1 : comma + 2] and words[comma + 1] in _POLL_PARTICIPLES:
        closing = next((m for m in range(comma + 2, len(words)) if words[m] == ","), 0)
        if closing and closing - comma <= _POLL_SOURCE_TOKENS:
            comma = closing
    source = tokens[1:comma]
    if words[comma + 1 : comma + 3][-1:] == [","] and words[comma + 1] in INTERJECTED:
        comma += 2  # "In a CNN poll, however, CONTENT": the adverb is the sentence's
    if sum(w not in _STOPS for w in words[comma + 1 :]) < 2:  # "In the polls, anyway.
        return None
    c_end = content_end(text, tokens[comma + 1][0], e)
    return Found((tokens[comma + 1][0], c_end), span(tokens[:1]), span(source), False)


def _relative_after(tokens: list[tuple[int, int, str]], words: list[str], end: int) -> bool:
    """Whether ", who" follows the source ending at offset ``end``."""
    k = token_after(tokens, end)
    return words[k : k + 2] == [",", "who"]


def _described_then_named(tokens: list[tuple[int, int, str]], words: list[str], c: int) -> bool:
    """Whether an inverting cue at ``c`` is followed by a description, a comma, then a name or
    "who" ("…, said the company's chief executive, John J. Ferriola.", "…, said the people,
    who were not authorized to speak"): a source, where a description alone may be the
    subject of a clause ("…, said their stump speeches, already replete with …, would
    focus")."""
    if words[c] not in INVERTING:
        return False
    comma = next((m for m in range(c + 2, len(words)) if words[m] == ","), len(words) - 1)
    named = tokens[c + 1 : comma]
    if described_name(named) and all(
        t[2].isalpha() and t[2].lower() not in _NOT_DESCRIPTION for t in named
    ):
        return True  # "…, wrote film director Osman Abu Laban, his nephew, on Facebook."
    if words[c + 1] not in SOURCE_START_OK:
        return False
    after = tokens[comma + 1][2] if comma + 1 < len(tokens) else ""
    return after[:1].isupper() or after.lower() == "who"


# Words no description before a name holds: "asked them for ID", "say experts like Paul
# Bauman", "recalled numerous telephone calls with Trump" are a verb's objects.
_NOT_DESCRIPTION = (
    PREPOSITIONS
    | ADVERBIAL_PREPOSITIONS
    | frozenset("with like by as to them him her us me it".split())
)
_NAME_JOINERS = frozenset(". of for from at".split())


def _inverted_at_line_end(
    text: str, e: int, tokens: list[tuple[int, int, str]], words: list[str]
) -> bool:
    """Whether a sentence with no stop ends its line with ", said NAME" (a caption's '… the
    full report, said Senate Minority Leader Charles Schumer'): an inverting cue after the
    last comma, then only capitalised words."""
    if text[e : e + 1] not in ("\n", "") or "," not in words:
        return False
    k = _past_mark(words, len(words) - 1 - words[::-1].index(","))
    name = tokens[k + 1 :]
    return (
        k < len(words)
        and words[k] in INVERTING
        and 0 < len(name) <= MAX_SOURCE_TOKENS
        and (
            # "said Rep. Eric Swalwell of California": capitals, a title's stop, an affiliation
            (
                name[0][2][:1].isupper()
                and all(t[2][:1].isupper() or t[2] in _NAME_JOINERS for t in name)
            )
            # "wrote New York Times culture reporter Dave Itzkoff": a description, then a name
            or (name[-1][2][:1].isupper() and is_source(name))
        )
        and any(c.islower() for t in tokens[:k] for c in t[2])  # not a header in capitals
    )


def _control_verb(words: list[str], to: int) -> int:
    """The index of the verb before ``to`` (past "on", "already", …) whose subject is its
    infinitive's ("goes on to", "continues to", "tried to"), else 0: none with an object
    between ("led Republicans to", "drives candidate to"), nor a noun ("whose plan to")."""
    k = to - 1
    while k > 0 and (words[k] in ("on", "times") or words[k].isdigit() or verb_adverb(words[k])):
        k -= 1
    if k < 1 or not words[k].startswith(_CONTROL_VERBS) or words[k - 1] in _DETERMINERS:
        return 0
    while k > 1 and (words[k - 1] in AUXILIARIES or verb_adverb(words[k - 1])):
        k -= 1  # "has already begun to"
    return k


_DETERMINERS = DETERMINERS | {"whose"}


def _verb_word(word: str) -> bool:
    """Whether a lower-case word is plainly a verb: an auxiliary, a form of "be", or one in the
    past."""
    return word in AUXILIARIES or word in BE_FORMS or past_look(word)


def _to_before(words: list[str], b: int, i: int) -> int:
    """The index of the infinitive's "to" of a cue at ``i`` (the cue's first word, or the
    word before ``b``, where its source ends), else 0."""
    if words[i] == "to":
        return i
    return b - 1 if b > 0 and words[b - 1] == "to" else 0


def _object_control(words: list[str], to: int) -> int:
    """The start of the object before ``to`` whose infinitive it is ("led Republicans to
    say", "prompted Senator Ted Cruz to declare"), after a verb of causing, else 0."""
    for k in range(to - 1, max(0, to - 1 - MAX_SOURCE_TOKENS), -1):
        if words[k] in _OBJECT_CONTROL:
            return k + 1 if k + 1 < to else 0
        if words[k] in _SOURCE_STOP or words[k] in NOT_SOURCE or words[k] == "to":
            return 0
    return 0


# Verbs whose object is their infinitive's subject ("X led Republicans to say").
_OBJECT_CONTROL = frozenset(
    "led leads leading prompted prompts prompting forced forces caused causes pushed "
    "spurred drove drives inspired persuaded convinced compelled encouraged".split()
)


# The stems of verbs whose subject is their infinitive's ("X goes on to say", "X tried to
# explain"); the object of others may be ("X led Republicans to say").
_CONTROL_VERBS = tuple(
    "go went continu tri try fail began begin begun start declin refus want seem appear pivot "
    "hope plan intend prepar promis vow agree threaten manag attempt chose choos decid need "
    "wish offer".split()
)


def _closing_on_comma(
    text: str, tokens: list[tuple[int, int, str]], words: list[str]
) -> Found | None:
    """CONTENT “…,” SOURCE CUE, … / CONTENT “…,” CUE SOURCE, …: a quotation inside the
    sentence closing on its comma, its attribution right after it, ends the content, however
    the sentence goes on ("Ms. Brainard is ''not a backslapper,'' said Mr. Sperling, but she
    …", 'The country "has made dramatic changes," McConnell said in 2012, citing …')."""
    m = next(
        (k for k in range(3, len(words) - 2) if words[k] == "," and words[k + 1] in CLOSING_MARKS),
        -1,
    )
    if m < 0 or open_quotation(text, tokens[0][0], tokens[0][1]) >= 0:
        return None
    close = _past_mark(words, m) - 1
    if close + 1 >= len(words):
        return None  # the marks end the sentence: no attribution after them
    if words[close + 1] == "according":
        return None  # "CONTENT, according to SOURCE" reads it, the source whole
    edge = next((k for k in range(close + 1, len(words)) if words[k] in ",;:—–(."), len(words))
    stop = tokens[edge][0] if edge < len(words) else tokens[-1][1]
    found = after_quote(text, tokens[close][1], stop)
    if found is None or found[1] is None or _clause_follows(tokens, words, found):
        return None
    if past_look(text[found[1][0] : found[1][1]].split()[0]):
        return None  # '"Evil Empire," voiced in his famous demand': no source
    # Only where or when after the attribution, then the sentence's end or a comma: not a
    # clause of its own ('During an appearance on "Face the Nation," Sanders was asked
    # whether …', 'As for "Hamas," Levine found comic relief in it').
    after = token_after(tokens, max(found[0][1], found[1][1]))
    if after < edge and (
        words[after] not in _CIRCUMSTANCE_STARTS
        or edge - after > TRAILING_TOKENS
        or any(w in CLOSING_MARKS or w in '“"' for w in words[after:edge])
    ):
        return None
    if edge < len(words) - 1 and words[edge] == "," and _content_goes_on(words, edge + 1):
        return None  # "“…,” he added, to pursue …": the attribution interrupts its content
    return Found((tokens[0][0], tokens[close][1]), found[0], found[1], False)


def _content_goes_on(words: list[str], k: int) -> bool:
    """Whether the words from ``k``, after the comma closing an attribution, go on with its
    content (a clause: "Lazar is actually …", "to pursue a hybrid system"), not with the
    source's appositive ("the channel's head of music programming"), a participle of its own
    ("citing …") or another clause ("but she has …")."""
    end = next((m for m in range(k, len(words)) if words[m] in ",;:.!?"), len(words))
    if words[k] == "to":
        return True
    if words[k] in ("and", "but"):
        # "…,” he said, and are steering away from …", "and still got to sit in": the
        # content's verb goes on
        v = k + 1
        while v < end and (verb_adverb(words[v]) or words[v] in _OPENING_MARKS):
            v += 1
        return v < end and (words[v] in _FINITE or past_look(words[v]))
    return words[k] not in _NOT_CONTINUING and any(w in _FINITE for w in words[k:end])


_NOT_CONTINUING = frozenset("but and while though although as who which whose".split())
_FINITE = AUXILIARIES | frozenset("can could should may might must been".split())


def _past_mark(words: list[str], comma: int) -> int:
    """The token after a comma and the closing quotation marks after it, if any."""
    k = comma + 1
    while k < len(words) and words[k] in CLOSING_MARKS:
        k += 1  # "''" is two tokens
    return k


# Words that open an adverbial phrase or clause ("On Dec. 15, the board announced …").
_ADVERBIAL_STARTS = frozenset(
    "on in at after before during since until despite following amid with without for from "
    "by to of as when while once".split()
)


def _adverbial(words: list[str]) -> bool:
    """Whether the words before a sentence's last comma are one adverbial ("In her speech",
    "Despite the vote"), no content of "CONTENT, SOURCE CUE": they open with a preposition or
    subordinator and hold no comma of their own."""
    return bool(words) and words[0] in _ADVERBIAL_STARTS and "," not in words


# Words that open the content clause right after a cue ("said it would", "told CNN that"): a
# sentence "ADVERBIAL, SOURCE CUE CLAUSE" is not "CONTENT, SOURCE CUE".
_CLAUSE_OPENERS = frozenset("that he she they it we i there".split())


def _attribution_before_aside(
    text: str, tokens: list[tuple[int, int, str]], words: list[str], commas: list[int]
) -> Found | None:
    """CONTENT, SOURCE CUE (CIRCUMSTANCE), ASIDE.: an attribution between a sentence's last
    two commas, with no object of its own, before an aside or a clause of the author's ("…,
    Clinton declared in an interview Thursday, in the latest escalation of words …", "…,
    wrote the American ambassador at the time, John E. Herbst.")."""
    if len(commas) < 2:
        return None
    at, last = commas[-2], commas[-1]
    if at <= 2 or last - at > MAX_SOURCE_TOKENS + TRAILING_TOKENS:
        return None
    close = _past_mark(words, at) - 1
    found = after_quote(text, tokens[close][1], tokens[last][0])
    if found is None or found[1] is None:
        return None
    k = token_after(tokens, max(found[0][1], found[1][1]))
    # Nothing after the attribution but where or when ("in an interview Thursday").
    circumstance = k >= last or _circumstance_at(tokens, words, k) or words[k] in TIME_NOUNS
    # The aside: a circumstance, a clause of the author's or a name, not the quoted clause
    # going on ("The toll stayed, the mayor said, and the ferries kept running.").
    tail = words[last + 1] if last + 1 < len(words) else ""
    aside = tail in _ASIDE_OPENERS or all(
        t[2][:1].isupper() or t[2] in ".!?" for t in tokens[last + 1 :]
    )
    if not (circumstance and aside) or _adverbial(words[:at]) or _named_subject(tokens, words, at):
        return None
    c_end = tokens[close][1] if close > at else tokens[at - 1][1]
    return Found((tokens[0][0], c_end), found[0], found[1], False)


# Words opening an aside after an attribution: a where, when or while, never a reason or a
# condition, which are often the quoted words going on ("…, he said, because he prizes …").
_ASIDE_OPENERS = frozenset("in on at during as amid".split())


def _object_follows(
    tokens: list[tuple[int, int, str]],
    words: list[str],
    found: tuple[tuple[int, int], tuple[int, int] | None],
) -> bool:
    """Whether the cue (and source) found after a sentence's last comma has an object of its
    own ("…, he would support the former."), not only a listener or a circumstance ("…, he
    told the Daily Caller on Sunday.", "…, he said.")."""
    cue, source = found
    k = token_after(tokens, max(cue[1], source[1] if source else 0))
    ci = _index_at(tokens, cue[0])
    rest = len(tokens) - k - (words[-1] in _STOPS)
    return (
        rest >= 2
        and ci >= 0
        and words[ci] not in _LISTENER_CUES
        and not _circumstance_at(tokens, words, k)
    )


def _circumstance_at(tokens: list[tuple[int, int, str]], words: list[str], k: int) -> bool:
    """Whether token ``k``, after "SOURCE CUE", opens a where or when, no object ("…, Mr. Lee
    said from his office", "…, she said as the vote closed", "…, the sheriff said January
    19.")."""
    return (
        words[k] in _CIRCUMSTANCE_STARTS
        or words[k] in _CIRCUMSTANCE_AFTER
        or (tokens[k][2] in _DATES)
    )


_CIRCUMSTANCE_AFTER = frozenset("from while when as via through outside amid following".split())


def _index_at(tokens: list[tuple[int, int, str]], start: int) -> int:
    """The index of the token starting at offset ``start`` (a cue's first), or -1."""
    return next((m for m, t in enumerate(tokens) if t[0] == start), -1)


def _named_subject(tokens: list[tuple[int, int, str]], words: list[str], comma: int) -> bool:
    """Whether the words before a sentence's last comma (``comma``) are a name and its
    appositive, the subject of the verb after it, not the content of "CONTENT, CUE SOURCE"
    ("Ivanka Trump, the nominee's eldest daughter, noted the rule" had the source "the
    rule")."""
    if "," not in words[:comma]:
        return False
    source = source_before(tokens, words.index(","), comma + 1)
    return source is not None and source[0] == tokens[0] and source[-1][1] >= tokens[comma - 1][1]


def _clause_follows(
    tokens: list[tuple[int, int, str]],
    words: list[str],
    found: tuple[tuple[int, int], tuple[int, int] | None],
) -> bool:
    """Whether the cue (and source) found after a sentence's last comma is followed by a
    content clause of three or more tokens (``Later that day, the FBI said it would …``,
    ``When asked about it, Cruz told CNN that …``): then the part before the comma is an
    adverbial, not the content."""
    cue, source = found
    end = max(cue[1], source[1] if source else 0)
    k = token_after(tokens, end)
    ci = _index_at(tokens, cue[0])
    if ci >= 0 and end == cue[1]:
        k = _content_start(words, ci, k)
    if len(tokens) - k < 4:
        return False
    # "Speaking last week, Kiedis said his band wrote new songs": a noun phrase opening the
    # cue's own content (not a listener's: "…, he told the Washington Post.").
    # Not a day ("…, he said Wednesday morning on MSNBC"; "declined Wednesday to comment"
    # has a clause after it).
    day = words[k] in _CIRCUMSTANCE_STARTS and words[k + 1] not in ("to", "that")
    noun_phrase = (words[k] in _DETERMINERS or tokens[k][2][:1].isupper()) and not day
    return words[k] in _CLAUSE_OPENERS or (
        noun_phrase and ci >= 0 and words[ci] not in _LISTENER_CUES
    )


def _may_report(text: str, s: int, e: int, words: list[str]) -> bool:
    """Whether :func:`_reported` may find anything in the sentence ``text[s:e]`` (its
    lowercased token texts ``words``): every pattern needs "according", a lexicon cue or
    (``CONTENT, ― NAME``) a dash."""
    return (
        "according" in words
        or _DASH.search(text, s, e) is not None
        or cue_in(words)
        or (words[:1] == ["in"] and not POLL_WORDS.isdisjoint(words[:_POLL_SOURCE_TOKENS]))
    )


# A token starts a cue when the learnt tagger gives it at least this probability. By 5-fold CV
# over PolNeAR train (benchmarks/quotes_cue_cv.py), content F1 is flat from 0.3 to 0.4 (0.754,
# 0.751, 0.747) while precision rises (0.801, 0.813, 0.822); 0.35 keeps the precision a
# fact-checker needs.
CUE_THRESHOLD = 0.35
# A further cue in a found content (``X said A, but Y said B``) needs this probability; 0.35
# gave the same CV F1 (content 0.751, source 0.698 against 0.752, 0.697; the tagger before its
# common-word gate, as below); with the accurate model's cue probe, 0.6 and 0.7 did too
# (content 0.769, source 0.724 and 0.723 against 0.725; benchmarks/quotes_layer_probe.py), and
# with its cue branch (content 0.779, source 0.733 against 0.778, 0.734; quotes_branch_cv.py).
SECOND_THRESHOLD = 0.5
# With an encoder's cue evidence (propscan.quotes.evidence), its share of a token's
# probability (the linear tagger's the rest; benchmarks/quotes_tagger_cv.py measured a mean).
TAGGER_WEIGHT = 1.0
# Whether a learnt cue runs as far as the tagger extends it (PolNeAR's "is raising questions
# about"), not only to a lexicon cue's end or an auxiliary's main verb: the same CV F1 (content
# 0.752 against 0.751, source 0.697 against 0.698), and the cue a reader is shown ends where
# PolNeAR's does more often (0.891 of cues starting at a gold cue's start on CV fold 0, 0.847).
TAGGED_EXTENT = True


def _attributive(words: list[str], i: int) -> bool:
    """Whether a cue word in -ed at ``i`` modifies a noun after an article ("the proposed
    backstop", "News of the continued preparations") or opens a sentence's participle clause
    ("When asked about it, Cruz said"; not "As reported by X", an attribution), or the cue is
    the "say" of an idiom ("Needless to say", "it is fair to say", "That said,"), or the noun
    "say" ("the Commons has its say on the deal", "voters will get a say"), or the noun
    "wonder" ("Little wonder that he regards …", "No wonder"), or "where/as far as X is
    concerned": nobody speaks there."""
    if words[i] == "wonder" and i >= 1 and words[i - 1] in ("little", "no", "small"):
        return True
    if words[i] in BE_FORMS and words[i + 1 : i + 2] == ["concerned"]:
        for m in range(i - 1, max(i - 9, -1), -1):
            if words[m] in _SOURCE_STOP:
                break
            if words[m] == "where" or (words[m] == "far" and words[m - 1 : m] == ["as"]):
                return True
    if i >= 2 and words[i] == "say" and words[i - 1] == "to" and words[i - 2] in _SAY_IDIOMS:
        return True
    if words[i] in _HAVE_A_SAY and i + 2 < len(words) and words[i + 2] == "say":
        return words[i + 1] in _DETERMINERS or words[i + 1] in ("no", "any", "more", "final")
    if words[i - 1 : i + 2] == ["that", "said", ","] and (i == 1 or words[i - 2] in ".!?"):
        return True  # "That said, Millennials say …": a concession, no attribution
    if i == 0 or not words[i].endswith("ed"):
        return False
    return words[i - 1] in ARTICLES or (i == 1 and words[0] in SUBORDINATORS - {"as"})


# Verbs that take the noun "say" ("has its say", "get a say").
_HAVE_A_SAY = frozenset("has have had having get gets got getting".split())
# The words before "to say" in idioms of the author's own voice ("Needless to say", "it is
# safe to say", "suffice it to say", "That is to say", "it is hard to say").
_SAY_IDIOMS = frozenset("needless safe fair suffice it sad hard is".split())
_SOURCE_STOP = frozenset(",;:()[]“”\"‘'«»—–-")  # "-": a spaced dash
# Words a relative clause's antecedent does not run back past.
_OPEN_SOURCE = _SOURCE_STOP | SUBORDINATORS | NOT_SOURCE


def _candidates(words: list[str]) -> list[int]:
    """The indices of the tokens the learnt tagger scores (candidate words), given the
    lowercased token texts."""
    candidate = model().candidate
    return [i for i, w in enumerate(words) if candidate(w)]


class Scores:
    """The cue probabilities of the tokens of one sentence, memoised: the linear tagger's, or
    combined with an encoder's evidence where there is some (``cues``; ``tagged``: its logit
    at each token, looked up by the token's start)."""

    __slots__ = ("_cues", "_low", "_memo", "_quoted", "_raw", "_score", "_tagged", "threshold")

    def __init__(
        self,
        raw: list[str],
        words: list[str],
        quoted: bool,
        curly: bool,
        cues: CueEvidence | None = None,
        tagged: list[float | None] | None = None,
    ) -> None:
        """``curly``: whether some token holds a ``’`` (normalised to ``'`` for the model)."""
        self._raw = raw
        self._low = [w.replace("’", "'") for w in words] if curly else words
        self._quoted = quoted
        self._memo: dict[int, float] = {}
        self._score = model().score
        self._cues = cues
        self._tagged = tagged
        # The probability at which a token (not an auxiliary) starts a cue.
        self.threshold = CUE_THRESHOLD if cues is None else cues.threshold

    def __call__(self, i: int) -> float:
        """The probability that candidate token ``i`` starts a cue."""
        p = self._memo.get(i)
        if p is None:
            tagged = None if self._tagged is None else self._tagged[i]
            cues = self._cues
            if tagged is None or cues is None:
                p = self._score(self._raw, self._low, i, self._quoted)
            elif cues.linear_weight or TAGGER_WEIGHT < 1:
                linear = self._score(self._raw, self._low, i, self._quoted)
                p = cues.probability(tagged, linear)
                p = TAGGER_WEIGHT * p + (1 - TAGGER_WEIGHT) * linear
            else:
                p = cues.probability(tagged, 0.0)
            self._memo[i] = p
        return p


# A quotation mark (a token of its own) that makes a sentence "quoted" for the tagger.
_QUOTE_MARK = re.compile('[“”"«»]')
# A dash that may open a source after "CONTENT, ― NAME".
_DASH = re.compile("[―—]")


def _learnt(
    text: str,
    e: int,
    tokens: list[tuple[int, int, str]],
    words: list[str],
    cands: list[int],
    scores: Scores,
) -> Found | None:
    """An attribution around the first cue the learnt tagger finds in a sentence (``cands``:
    its candidate tokens, ``scores`` their probabilities)."""
    if len(tokens) < 3 or not cands:
        return None
    for i in cands:
        if scores(i) >= _threshold(words, i, scores.threshold):
            found = _learnt_at(text, e, tokens, words, i)
            if found is not None:
                return found
    return None


# An auxiliary whose main verb is no lexicon cue ("Labour officials are sounding upbeat that",
# "rebels have used chemical weapons") starts a cue only at this probability, one before a
# lexicon cue ("are calling on") from this one. PolNeAR counts acts and stances as
# attributions ("has delivered a message"); a reader sees them as quotes of the kind "other"
# (propscan.quote_kinds). Out of fold with the cue branch (benchmarks/quotes_branch_cv.py,
# stop 37): content / source F1 0.786 / 0.759 at 0.65, 0.787 / 0.761 at 0.55, 0.789 / 0.762 at
# 0.45 (every fold's content up, four of five sources), 0.789 / 0.763 at 0.4, 0.789 / 0.762 at
# 0.35 with precision falling; 0.65 had been chosen, before the kinds, to keep acts out at a
# cost of 0.002 of content F1. Since stop 35 a word of saying that the lexicon lacks
# (propscan.quote_kinds: "is stressing", "is defending") counts as a lexicon cue here.
AUX_THRESHOLD = 0.45
SPEECH_AUX_THRESHOLD = 0.25


def _threshold(words: list[str], i: int, threshold: float) -> float:
    """The tagger's threshold for token ``i``: higher for an auxiliary whose main verb is no
    lexicon cue ("have used chemical weapons"), lower for one before a lexicon cue ("are
    calling on") or a word of saying ("is stressing", "is defending")."""
    if words[i] in AUXILIARIES:
        verb = main_verb(words, i)
        speech = verb in speech_verbs() or is_speech_word(verb)
        return SPEECH_AUX_THRESHOLD if speech else AUX_THRESHOLD
    return threshold


def _contracted_before(words: list[str], i: int) -> int:
    """The index of a contracted auxiliary before token ``i`` past adverbs ("’s also"), or
    ``i``."""
    k = i - 1
    while k > 0 and words[k] in AUX_ADVERBS:
        k -= 1
    return k if k >= 0 and words[k] in CONTRACTED else i


def _learnt_at(
    text: str, e: int, tokens: list[tuple[int, int, str]], words: list[str], i: int
) -> Found | None:
    """The attribution around a learnt cue at token ``i`` of a sentence."""
    if _attributive(words, i) or _appositive_participle(tokens, words, i):
        return None
    n = cue_at(tokens, i) or 1
    if TAGGED_EXTENT:
        n = max(n, model().extent([w.replace("’", "'") for w in words], i))
    k = _contracted_before(words, i)
    if k < i and words[i] != "according" and words[i] not in ARTICLES:
        # "they’ve said", "he’s also argued": where the tagger starts the cue at the verb, the
        # contracted auxiliary before it opens it, as "have" would (not "that’s according to",
        # "there’s a tacit recognition").
        n, i = n + i - k, k
    if n == 1 and words[i] in (AUXILIARIES if not TAGGED_EXTENT else CONTRACTED):
        # "has (also) argued", "are calling": the cue runs to the main verb, as PolNeAR marks it
        # (the tagger's extent does, but from no contracted auxiliary: "’s predicted").
        j = i + 1
        while j < len(words) and words[j] != main_verb(words, i):
            j += 1
        if j < len(words) and words[j].isalpha() and j - i <= 3:
            n = j - i + 1
    # The source: the noun phrase right before the cue, up to a clause boundary; a name's
    # parenthesis ("Sen. Ann Lee (D-OR) said") is stepped over to find the name, then kept.
    timed = _before_time(tokens, words, i)
    end = before_parenthesis(words, tokens, timed)
    j = end
    limit = MAX_SOURCE_TOKENS
    owner = -1
    while j > 0 and end - j < limit:
        w = words[j - 1]
        if w in _RELATIVE_VERBS and (r := _relative_before(words, j - 1)) >= 0:
            # "Some observers who are not even sympathetic to Goddard have raised": a
            # relative clause's auxiliary, inside the subject; on to its "who".
            j, limit = r + 1, MAX_APPOSITIVE_TOKENS
            continue
        if w in ("and", "or") and coordinated(tokens, j - 1):
            j -= 1  # "Russia and the Syrian government affirmed", "Russia or Syria refuse"
            continue
        if w == "and" and j < end and (m := subject_conjunct(tokens, j - 1)) >= 0:
            j = m  # "But attorneys and legal experts said": a subject of two noun phrases
            break
        if w == "whom" and j >= 3 and words[j - 2] == "of" and words[j - 3].isalpha():
            j -= 3  # "…, most of whom had announced": the relative source
            break
        if w in POSSESSIVES and (
            j == i or (all(t[2][:1].isupper() for t in tokens[j:i]) and not finite_look(words[i]))
        ):
            # "The premier used her New Year message to urge …": the cue is the owner's
            # noun, and the owner speaks, not the clause before it (not "His campaign
            # said", "his Justice Department shrugged off", "Our Lord promised": a subject
            # and its verb).
            owner = j - 1
            break
        if (
            w in _SOURCE_STOP
            or w in SUBORDINATORS
            or w in ("why", "how")  # "The whole point of why the Brexiteers wanted Brexit"
            or (
                w in NOT_SOURCE
                and w not in ("who", "which")
                and not quantity_than(words, j - 1)
                and not partitive(words, j - 1)  # "Some of those same activists are"
            )
        ):
            # "… have been killed since the West launched …": the source is the subject
            # of the cue's own clause, never past the word that opens it.
            break
        j -= 1
        if w == "which" or (
            w == "who" and (j == end - 1 or j == 0 or words[j - 1] in _SOURCE_STOP)
        ):
            # "who said": the relative pronoun speaks; but in "Many people who watched the
            # debate said" the clause is the subject's, and the source runs on to its noun.
            break
    if (
        1 < j < end
        and words[j - 1] == "that"
        and tokens[j][2].islower()
        and words[j].endswith("ed")
    ):
        # "A study that appeared in the journal found": "that" is the relative clause's
        # subject, the speaker the noun phrase it follows, with its clause.
        k = j - 1
        while k > 0 and words[k - 1] not in _OPEN_SOURCE and end - k < MAX_APPOSITIVE_TOKENS:
            k -= 1
        # A noun phrase, no clause ("Officials said that surveyed voters …": "that" is no
        # relative word there).
        antecedent = tokens[k : j - 1]
        j = k if is_source(antecedent) and not cue_in(words[k : j - 1]) else end
    source: tuple[int, int] | None
    if owner >= 0:
        source = span(tokens[owner : owner + 1])
    elif j < i and words[i - 1] in PREPOSITIONS:
        # "X tried to derail it by asking Y to …": the cue is a gerund after a preposition;
        # its subject is the sentence's, not the words before it.
        subject = subject_of(tokens[: i - 1])
        j = i
        source = span(subject) if subject else None
    elif (
        j == end
        and end > 1
        and words[end - 1] in ("and", "but")
        and not any(ly_adverb(w) for w in words[end:i])
    ):
        # "She greeted the crowd and told them that …", "It keeps its finances a secret but
        # (now) says …": a second verb of the sentence's subject (not after an adverb in
        # -ly: "sent privately but predictably ignored by him" is a passive).
        subject = subject_of(tokens[: end - 1])
        source = span(subject) if subject else None
    elif j == end < i:
        source = None
    else:
        if j < end - 1 and words[j] == "with" and words[i].endswith("ing"):
            j += 1  # "…, with 22 percent saying they would not": the participle's subject
        elif j < end and words[j] in NOT_SUBJECT_START:
            # "At a rally in the fairground Sen. Ann Lee said": past the opening adverbial,
            # the capitalised name before the cue.
            name = end
            while name > j + 1 and tokens[name - 1][2][:1].isupper():
                name -= 1
            j = name if name < end else j
        while j < end - 1 and words[j] in LEADING_ADVERBS:
            j += 1  # "Yet Obama failed", "But the board says": the adverb is no part of it
        source = span(tokens[j:end]) if j < end else None
    to = _to_before(words, i, i)
    if source is not None and (o := _object_control(words, to)):
        source = span(tokens[o:to])  # "The emails led Debbie Wasserman Schultz to announce"
    if source is not None and end < timed and source[1] == tokens[end - 1][1]:
        # The name's parenthesis, stepped over to find the name, is the source's as PolNeAR
        # marks it ("Sen. Rand Paul (Ky.)").
        source = (source[0], tokens[timed - 1][1])
    participle = words[i - 1] == "," and words[i].endswith("ing")
    if i <= MAX_APPOSITIVE_TOKENS and participle:
        # "SUBJECT VERB …, writing CONTENT": the participle's subject is the sentence's
        # (past an opening adverbial), never a name with the verb phrase after it.
        comma = words.index(",")
        start = comma + 1 if opens_adverbial(words[:comma]) else 0
        subject = subject_of(last_clause(tokens[start : i - 1]))
        if subject is not None:
            after = token_after(tokens, subject[-1][1])
            # Not "The white" working class: a noun phrase cut at a modifier in -ing.
            if after < i - 1 and not (words[after].endswith("ing") and tokens[after][2].islower()):
                source = span(subject)
    elif end <= MAX_APPOSITIVE_TOKENS and "," in words[:end]:
        # "NAME, APPOSITIVE, (this week) CUE": the source is the name with its appositive.
        whole = tokens[:end]
        while whole and whole[-1][2] == ",":
            whole = whole[:-1]
        comma = words.index(",")
        start = 0
        if opens_adverbial(words[:comma]) and "," in words[comma + 1 : end - 1]:
            # "Switching methods, Matt Duss, an adviser, said": past the opening adverbial.
            start = comma + 1
            comma = words.index(",", start)
            while words[start] in RELATIVE_OPENERS and "," in words[comma + 1 : end - 1]:
                # "At Boca West, where it costs $70,000 to join, Jay DiPietro, …": the
                # adverbial's relative clause too.
                start = comma + 1
                comma = words.index(",", start)
        while start < comma - 1 and words[start] in LEADING_ADVERBS:
            start += 1  # "But Donald Trump, the nominee, has": the adverb is the sentence's
        if (
            start < comma < len(whole)
            and is_source(whole[start:comma])
            # "Earlier in the war, militias have used …, which X blamed on": a time or place
            # before the comma, not a name.
            and ADVERBIAL_PREPOSITIONS.isdisjoint(words[start:comma])
            and not opens_adverbial(words[start:comma])
            and '"' not in words[:end]
            and appositive_words(words[comma + 1 : len(whole)])
            and words[end - 1] == ","
        ):
            # PolNeAR takes the appositive's closing comma into the source; without one
            # ("X, which the agencies blamed on") the cue belongs to a relative clause.
            source = span(tokens[start:end])
            j = start
    if source is None and end > 2 and words[end - 1] == "," and not participle:
        # "Dr. Connie Mariano, who as a Navy captain was …, said": past a relative clause too
        # long for an appositive, the name it follows (a participle's subject is the
        # sentence's: "… Sepp Blatter, president of FIFA, who is under investigation, saying").
        source = _relative_antecedent(tokens, words, end - 1)
    if _closes_subordinate(words, i, n):
        return None  # "Last month, when we asked, she looked up": the main clause follows
    as_end = _as_clause_head(words, j, i + n)
    if as_end and source is not None:
        # "Warnings are emanating from the left, as the host Steve Doocy said in April": the
        # clause before "as" is the content, what follows the cue a circumstance.
        return Found(span(tokens[:as_end]), span(tokens[i : i + n]), source, False)
    k = _content_start(words, i, i + n)
    while k < len(tokens) and words[k] in (",", ":", ";"):
        k += 1
    if k < len(tokens) and words[k] == ")":
        # A parenthesis the cue closes holds it ("It was not supposed (as some have claimed)
        # to …", "Benedict IX (who had refused to appear) was deposed"): no content after.
        return None
    if len(tokens) - k >= 3 and words[k] not in _COORDINATORS:
        c_end = content_end(text, tokens[k][0], e)
        if c_end > tokens[k][0]:
            return Found((tokens[k][0], c_end), span(tokens[i : i + n]), source, False)
    if j > 1 and words[j - 1] not in _OPEN_ENDS:
        c_end = j - 1 if words[j - 1] == "," else j
        # Not an opening adverbial ("In early March, the committee requested documents") nor
        # a question's opening words ("Why have Ireland and the EU demanded it?", "What is the
        # backstop and why do Tory MPs hate it?").
        head = words[:c_end]
        question = all(w in _QUESTION_WORDS or w in AUXILIARIES for w in head) or (
            words[j - 1] in ("do", "does", "did") and words[-1] == "?"
        )
        if c_end >= 2 and not _adverbial(head) and not question:
            return Found(span(tokens[:c_end]), span(tokens[i : i + n]), source, False)
    return None


def _as_clause_head(words: list[str], j: int, after: int) -> int:
    """Where the clause before ", as SOURCE CUE" ends (the source starting at token ``j``),
    when nothing but a circumstance follows the cue (ending at ``after``): "The plan failed,
    as the mayor said (on Monday)."; 0 otherwise."""
    if not (j > 3 and words[j - 1] == "as" and words[j - 2] == ","):
        return 0
    rest = [w for w in words[after:] if w not in ".!?"]
    if rest and (rest[0] not in _CIRCUMSTANCE_STARTS or "," in rest):
        return 0  # "…, as Ambellas wrote in his piece, a bar owner was …": a clause follows
    return j - 2


def _closes_subordinate(words: list[str], i: int, n: int) -> bool:
    """Whether the cue of ``n`` words at ``i``, a comma right after it (or after its particle:
    "ruled out,"), closes a subordinate clause (not one of "as": "As Trump said, the wall …"
    has a content) that opened since the last comma, or a phrase opening the sentence: a
    participle's ("Making the rounds on the Sunday shows, Carson said") or an absolute one
    ("With a vote for Trump ruled out, Cross said")."""
    after = i + n + (i + n < len(words) and words[i + n] in _PARTICLES)
    if after >= len(words) or words[after] != ",":
        return False
    for m in range(i - 1, -1, -1):
        if words[m] in _SOURCE_STOP:
            return False
        if words[m] in SUBORDINATORS:
            return words[m] != "as"
    if words[0] in ("with", "without"):
        return True
    opening = " ".join(words[:3]) + " "
    # Not after a subject pronoun: "Listing his ventures she added, …" (a comma left out)
    # closes the participle's phrase before "she".
    participle = participle_phrase(words[:i]) and words[i - 1] not in _CLAUSE_OPENERS
    return opening.startswith(_SUBORDINATING_PHRASES) or participle


# Particles that may follow a cue before the comma closing its clause ("ruled out,").
_PARTICLES = frozenset("out up off down away back".split())
# Phrases that open a subordinate clause as a subordinator does ("By the time the primaries
# concluded, 40 percent said").
_SUBORDINATING_PHRASES = ("by the time ", "every time ", "each time ", "the moment ", "now that ")


# A relative clause's auxiliaries and negation, which a subject may hold ("Voters who were
# undecided said", "Republicans who have not endorsed him say").
_RELATIVE_VERBS = frozenset("is are was were has have had not been be".split())


def _relative_before(words: list[str], m: int) -> int:
    """The index of a "who" at most three words before ``words[m]`` after a noun, with only
    auxiliaries and adverbs between ("observers who are not even"), or -1."""
    for r in range(m, max(0, m - 4), -1):
        if words[r] == "who":
            noun = r > 0 and words[r - 1].isalpha() and words[r - 1] not in NOT_SOURCE
            return r if noun else -1
        if words[r] in _SOURCE_STOP or not (words[r] in _RELATIVE_VERBS or ly_adverb(words[r])):
            return -1
    return -1


# Words that open a question ("Why have …", "How has …").
_QUESTION_WORDS = frozenset("why how what when where who which".split())


def _subject_alone(tokens: list[tuple[int, int, str]]) -> bool:
    """Whether tokens are a sentence's subject and nothing more ("Trump", "Democratic
    front-runner Hillary Clinton"), no clause ("Sanders issued a new line of attack")."""
    if not tokens or any(t[2] == "," for t in tokens):
        return False
    subject = subject_of(tokens)
    return subject is not None and subject[-1] == tokens[-1]


def _appositive_participle(tokens: list[tuple[int, int, str]], words: list[str], i: int) -> bool:
    """Whether a participle at token ``i`` is set off after a subject alone, before the
    sentence's own cue after a later comma ("Trump, later alleging that …, said he would"):
    the main cue speaks, not the participle."""
    b = _before_time(tokens, words, i)
    v = i
    while v < len(words) - 1 and verb_adverb(tokens[v][2]):
        v += 1  # "later alleging"
    if not (b > 1 and words[b - 1] == "," and words[v].endswith("ing")) or words[v] == "according":
        return False
    if not _subject_alone(tokens[: b - 1]):
        return False
    return any(words[m - 1] == "," and cue_at(tokens, m) for m in range(i + 2, len(tokens) - 1))


def _relative_antecedent(
    tokens: list[tuple[int, int, str]], words: list[str], comma: int
) -> tuple[int, int] | None:
    """The noun phrase opening a sentence, or following its opening adverbial, whose relative
    clause (", who …," or ", which …,") closes at ``comma``, right before a cue; none when
    another comma stands inside the relative clause, which might then be something else."""
    r = next((m for m in range(1, comma) if words[m] in ("who", "which")), -1)
    if r < 2 or words[r - 1] != "," or "," in words[r:comma]:
        return None
    # The whole of what comes before is the noun phrase: no clause of its own, and no
    # adverbial but an opening one set off by a comma ('On "Face the Nation," Sen. Bernie
    # Sanders, who lost …, identified').
    whole = tokens[: r - 1]
    before = words[: r - 1]
    if before.count(",") == 1 and opens_adverbial(before[: before.index(",")]):
        whole = [t for t in whole[before.index(",") + 1 :] if t[2] not in CLOSING_MARKS]
    whole = without_adverb(whole)
    return span(whole) if whole and is_source(whole) else None


def _before_time(tokens: list[tuple[int, int, str]], words: list[str], i: int) -> int:
    """Where the source before a cue at token ``i`` ends: before a time adverbial, an adverb
    in -ly or a phrase of where or when set off by commas between them ("Sen. Ann Lee on
    Saturday criticized", "Trump yesterday said", "Reince Priebus, the GOP chairman, this
    past week announced", "The mayor, still stinging, grudgingly agreed", "Ms. Friedan, in a
    letter, recommended"), else ``i``."""
    j = i
    while j > 1 and verb_adverb(tokens[j - 1][2]):
        j -= 1  # "which together vowed", "Clinton also said"
    if j > 2 and words[j - 1] == "ago":
        # "The State Department less than two weeks ago said": a span of time back.
        k = j - 1
        while k > 1 and j - k < 6 and (words[k - 1] in _AGO_WORDS or words[k - 1].isdigit()):
            k -= 1
        if k < j - 2:
            j = k
    if j > 1 and (tokens[j - 1][2] in TIMES or words[j - 1] in TIME_NOUNS):
        # "USA Today": a capitalised "Today" is a name's; a bare "week" needs its opener.
        k = j - 1
        while k > 0 and j - k < 4 and words[k - 1] in _TIME_MODIFIERS:
            k -= 1
        if k < j - 1 or tokens[j - 1][2] in TIMES:
            j = k
    if j > 3 and words[j - 1] == ",":
        # "Ms. Friedan, in a letter to the Times, recommended": where or when, set off by commas
        # between a name and its cue, is no part of the source.
        k = next(
            (
                m
                for m in range(j - 2, max(0, j - _INTERJECTION_TOKENS), -1)
                if words[m] in _SOURCE_STOP
            ),
            -1,
        )
        if (
            k > 0
            and words[k] == ","
            and words[k + 1] in INTERJECTED_OPENERS
            # A name, a pronoun, or a noun ("Some voters who have listened to him over the
            # decades, on television or at rallies, said").
            and (
                tokens[k - 1][2][:1].isupper()
                or words[k - 1] in PRONOUNS
                or (
                    words[k - 1].isalpha()
                    and words[k - 1] not in NOT_SOURCE
                    and not verb_adverb(words[k - 1])  # "But never, before Francis, has …"
                    and words[k - 2] not in PRONOUNS  # "As we know, in his letter, …"
                    and not words[i].endswith("ing")  # a participle's subject is the clause's
                )
            )
            # Not a place's state after its comma ("… house in Chappaqua, N.Y., speaking …"),
            # nor the commas of a relative clause ("Joseph R. Biden Jr., who was to travel to
            # Columbus, Ohio, on Wednesday to promote the rules, said").
            and not (k > 1 and words[k - 2] == "," and tokens[k - 1][2].endswith("."))
            and not any(
                words[m] in RELATIVE_OPENERS and words[m - 1] == ","
                for m in range(max(1, k - MAX_APPOSITIVE_TOKENS), k)
            )
        ):
            j = k
    return j if j > 0 else i


# An interjected "in an interview with CNN," ("speaking on the condition of anonymity because
# they were not authorized to discuss …,") runs at most this many tokens.
_INTERJECTION_TOKENS = 24


# The words of a span of time before "ago" ("less than two weeks", "a few days", "10 years").
_AGO_WORDS = NUMBER_WORDS | frozenset(
    "a an few several couple of some about nearly almost just less more than over under "
    "minutes hours days weeks months years decades moments".split()
)
# Words before a time noun in a time adverbial ("this past week", "late Monday night").
_TIME_MODIFIERS = TIME_OPENERS | {w.lower() for w in TIMES} | {"past", "earlier", "next"}


# Words a content never ends on before its source ("… have been killed since the West
# launched …", "… which the community and the rebels blamed on …"): the source walk stopped
# inside a clause or a coordination, so what precedes is no content.
_COORDINATORS = frozenset(("and", "or", "nor"))
_OPEN_ENDS = SUBORDINATORS | _COORDINATORS


_CLAUSE_BOUNDARY = frozenset(", ; and but while whereas although though".split())


def _further(
    text: str,
    e: int,
    tokens: list[tuple[int, int, str]],
    words: list[str],
    cands: list[int],
    scores: Scores,
    first: Found,
) -> tuple[Found, Found] | None:
    """The first further attribution in the content of ``first``, :func:`_second`'s or
    :func:`_same_source`'s, and ``first`` cut before it."""
    pairs = [
        pair
        for pair in (
            _second(text, e, tokens, words, cands, scores, first),
            _same_source(text, e, tokens, words, cands, scores, first),
        )
        if pair is not None
    ]
    return min(pairs, key=lambda pair: pair[0].content[1]) if pairs else None


def _same_source(
    text: str,
    e: int,
    tokens: list[tuple[int, int, str]],
    words: list[str],
    cands: list[int],
    scores: Scores,
    first: Found,
) -> tuple[Found, Found] | None:
    """``X said A, arguing B`` and ``X said A and warned B``: a participle after a comma, or
    a verb after "and" or "but", in the content of ``first``, with a cue at the second cue's
    threshold, is an attribution of its own whose source is ``first``'s, as PolNeAR marks it
    ("Clinton had mocked the complaint, saying …", "Demonstrators said they want justice,
    but pledged to remain civil"); the first content is cut before it."""
    if first.direct or first.source is None or first.cue is None:
        return None
    if first.content[0] < first.cue[1]:
        # "CONTENT, X said": no clause of the source's runs on in it; a participle may follow
        # the attribution.
        return _participle_after(text, e, tokens, words, cands, scores, first)
    kc = token_after(tokens, first.content[0])
    for i in cands:
        if i < kc + 2 or tokens[i][0] >= first.content[1]:
            continue
        b = i - 1
        if words[b] == "," and words[i].endswith("ing"):
            a = i
        elif words[b] in CLOSING_MARKS and words[b - 1] == "," and words[i].endswith("ing"):
            a = b = i  # 'blamed it on a “bad earpiece,” claiming …': the mark closes the first
        else:
            while b > kc and verb_adverb(tokens[b][2]):
                b -= 1  # "but also contended": the adverb is the cue's, as PolNeAR marks it
            a = b + 1
            then = words[b] == "," and words[b + 1] == "then"  # "…, then says he'll …"
            if (words[b] not in ("and", "but") and not then) or b < kc + 1:
                continue
            if any(
                w in _SUBORDINATE
                and not (w == "as" and _preposition_as(words, m, b))
                and "," not in words[m + 1 : b]
                for m, w in enumerate(words[kc:b], kc)
            ):
                # "after she attacked the police and blamed": that clause's verb (not "as" a
                # preposition: 'denounced the remarks as “hurtful” and warned of …'; nor a
                # clause a comma closed: "called him an opportunist who has neglected his
                # duties, and urged him to resign").
                continue
            b -= words[b - 1] == ","
        quoted = open_quotation(text, tokens[kc][0], tokens[i][0]) >= 0
        if scores(i) < SECOND_THRESHOLD or (quoted and words[i] != "according"):
            # Not inside a quotation ('said that “I reject, condemn and oppose …”': the
            # quote's words); after one closed, yes ('called her "weak" and said she …'). An
            # "according to" in it has its own source (according_to), the quoted speaker's.
            continue
        found = _learnt_at(text, e, tokens[i:], words[i:], 0)
        if found is None or found.cue is None or found.content[0] < found.cue[1]:
            continue
        # The quoted speaker's "according to" is part of the words the outer source says.
        cut = (
            first
            if quoted
            else Found((first.content[0], tokens[b - 1][1]), first.cue, first.source, False)
        )
        return cut, replace(found, cue=(tokens[a][0], found.cue[1]), source=first.source)
    return None


def _participle_after(
    text: str,
    e: int,
    tokens: list[tuple[int, int, str]],
    words: list[str],
    cands: list[int],
    scores: Scores,
    first: Found,
) -> tuple[Found, Found] | None:
    """``CONTENT, X said (CIRCUMSTANCE), PARTICIPLE B``: a participle of saying after the
    comma closing an attribution that follows its content is the source's further
    attribution ('The country "has made dramatic changes," McConnell said in June 2012,
    citing the release of …'); ``first`` stays whole."""
    assert first.cue is not None and first.source is not None
    after = token_after(tokens, max(first.cue[1], first.source[1]))
    comma = next((k for k in range(after, len(words)) if words[k] == ","), len(words))
    i = comma + 1
    if (
        i >= len(words) - 2
        or comma - after > TRAILING_TOKENS
        or i not in cands
        or not words[i].endswith("ing")
        or scores(i) < SECOND_THRESHOLD
    ):
        return None
    found = _learnt_at(text, e, tokens[i:], words[i:], 0)
    if found is None or found.cue is None or found.content[0] < found.cue[1]:
        return None
    return first, replace(found, source=first.source)


def _circumstance(text: str, found: Found) -> bool:
    """Whether ``found``'s content is only where or when it was said ("on Twitter",
    "Tuesday in Paris"): at most four words opening with a preposition or a day, no verb."""
    words = text[found.content[0] : found.content[1]].lower().split()
    return (
        0 < len(words) <= 4
        and (words[0] in ADVERBIAL_PREPOSITIONS or words[0] in _DAYS or words[0] == "earlier")
        and not any(w in AUXILIARIES or past_look(w) or w.endswith("ing") for w in words)
    )


def _preposition_as(words: list[str], m: int, b: int) -> bool:
    """Whether the "as" at ``m`` is a preposition, no verb of a clause of its own before the
    "and" at ``b`` ('the remarks as “hurtful”', "himself as antiabortion", "her record as
    president"; not "as he said")."""
    if words[m + 1] in _OPENING_MARKS:
        return True  # 'as “a useful exchange of views”': a quoted phrase
    return not any(finite_look(w) for w in words[m + 1 : b])


_OPENING_MARKS = frozenset('“"‘')
# Words opening a clause inside a content whose own verbs a later "and VERB" may continue.
_SUBORDINATE = (SUBORDINATORS - {"that"}) | {"which", "who", "whom"}


def _second(
    text: str,
    e: int,
    tokens: list[tuple[int, int, str]],
    words: list[str],
    cands: list[int],
    scores: Scores,
    first: Found,
) -> tuple[Found, Found] | None:
    """A second attribution in the content of ``first`` (``X said A, but Y said B``): a learnt
    cue after a clause boundary, with its source between the two; the first content is cut
    before the boundary."""
    if first.direct or first.cue is None or first.content[1] < content_end(text, first.cue[1], e):
        return None
    kc = token_after(tokens, first.content[0])
    # A content that holds its cue (a passive's, "A and B were charged with …") has a second
    # attribution only after that cue: not the cue again, with a source cut at "and".
    after = first.cue[1] if first.content[0] < first.cue[0] < first.content[1] else -1
    # In a subordinate clause opening the sentence, the first content may be one word
    # ("While conservatives have expressed discomfort with Trump, many said …").
    least = 1 if words[0] in SUBORDINATORS - {"as"} and first.cue[0] < first.content[0] else 3
    for i in cands:
        if i < kc + least + 1 or i >= len(tokens) - 2:
            continue
        b = i - 1
        while (
            b >= kc + least and i - b <= MAX_SOURCE_TOKENS + 1 and words[b] not in _CLAUSE_BOUNDARY
        ):
            b -= 1
        if b < kc + least or i - b > MAX_SOURCE_TOKENS + 1 or tokens[b][0] < after:
            continue
        if scores(i) < SECOND_THRESHOLD:
            continue
        c = b + 1
        if words[b] == "," and words[c] in _CLAUSE_BOUNDARY:
            c += 1
        if c >= i:
            continue
        found = _learnt_at(text, e, tokens[c:], words[c:], i - c)
        if found is None or found.source is None or found.cue is None:
            continue
        if found.source[0] < tokens[c][0] or found.content[0] < found.cue[1]:
            continue
        m = b - 1
        while m > kc and words[m] in (",", ";", "—", "–"):
            m -= 1
        cut = Found((first.content[0], tokens[m][1]), first.cue, first.source, False)
        return cut, found
    return None


# Cues whose subject is part of the content, not a source ("She appears ready to …"): in
# PolNeAR train, 151 of 184 "appears/seems" cues have no source.
_SOURCELESS_FIRST = frozenset("appears appeared appear seems seemed seem".split())
_SOURCELESS = frozenset(f"{be} expected" for be in ("is", "are", "was", "were"))
# Verbs of judging that a headline uses in the passive ("X Slammed for Y", "X criticised over Y").
_PASSIVE_IN_HEADLINES = frozenset(
    "slammed blasted bashed criticised criticized attacked condemned mocked ridiculed praised "
    "hailed lambasted panned grilled savaged skewered denounced rebuked censured chastised "
    "blamed scolded shamed".split()
)
_PARTICIPLE_IRREGULAR = frozenset(
    "seen known thought held shown given taken told made written said found brought".split()
)
# Verbs of getting a judgement from someone ("drew criticism from", "won praise from"), and
# the judgements.
_RECEIVING = frozenset(
    "drew draws draw drawing drawn received receives receive receiving faced faces face "
    "facing attracted attracts attracting won wins winning earned earns earning garnered "
    "garners".split()
)
_JUDGEMENTS = frozenset(
    "criticism criticisms praise scrutiny support fire condemnation condemnations applause "
    "backing endorsement endorsements rebuke rebukes complaints complaint attention concern "
    "concerns boos ire questions objections warnings warning accolades plaudits scorn flak "
    "pushback opposition backlash outrage anger ridicule derision calls".split()
)


def _received_from(
    tokens: list[tuple[int, int, str]], cue_words: list[str], ci: int
) -> tuple[int, int] | None:
    """The span of who judges in "SUBJECT drew (sharp) criticism from WHO": a verb of
    receiving opening the cue (past an auxiliary and adverbs), its object within three words,
    then "from"."""
    k = ci
    while k < len(tokens) and (tokens[k][2].lower() in AUXILIARIES or verb_adverb(tokens[k][2])):
        k += 1
    if k >= len(tokens) or tokens[k][2].lower() not in _RECEIVING or k - ci >= len(cue_words) + 1:
        return None
    frm = next(
        (m for m in range(k + 2, min(k + 5, len(tokens))) if tokens[m][2].lower() == "from"), -1
    )
    if frm < 0 or not any(t[2].lower() in _JUDGEMENTS for t in tokens[k + 1 : frm]):
        return None
    agent = tokens[frm + 1 : frm + 1 + _agent_length(tokens[frm + 1 :])]
    return span(agent) if agent else None


# Participles of a state of mind: their subject holds it ("Scientists are greatly concerned
# that …", "Voters are divided on …"), as PolNeAR marks every "frustrated", "divided",
# "convinced", "worried", "concerned", "assured" and "shocked" of its train and dev.
_FEELINGS = frozenset(
    "concerned worried convinced persuaded unconvinced divided split frustrated shocked "
    "surprised stunned alarmed dismayed disappointed pleased satisfied dissatisfied "
    "delighted thrilled excited encouraged outraged angered incensed offended appalled "
    "horrified troubled disturbed unimpressed impressed confused puzzled baffled befuddled "
    "bemused miffed annoyed irritated determined committed resigned assured focused "
    "interested".split()
)
_AGENT_STOP = frozenset(",;:.!?()[]“”\"‘'—–")
# A date after "on", "last", … ends it ("by Parliament on October 19"), not a name's month.
_DATES = CALENDAR - NAME_MONTHS
_YEAR = re.compile(r"1[89]\d\d|2\d\d\d")
# Words that end a passive's agent: a clause's opener or a circumstance's.
_AGENT_END = SUBORDINATORS | frozenset(
    "that whether why how who whom whose which to as for after than there already "
    "immediately".split()
)


def _refine(tokens: list[tuple[int, int, str]], found: Found) -> Found:
    """Reported speech whose subject is not its source: ``SUBJECT appears/seems …`` (no
    source, the subject joins the content) and the passive ``SUBJECT was VERBed (by AGENT)``
    (the agent, if any, is the source)."""
    if found.cue is None or found.source is None or found.source[0] >= found.cue[0]:
        return found
    ci = _index_at(tokens, found.cue[0])
    if ci < 0:
        return found
    cue_words = [t[2].lower() for t in tokens if found.cue[0] <= t[0] < found.cue[1]]
    before = found.source[1] <= found.content[0]
    content = (found.source[0], found.content[1]) if before else found.content
    # "Messages seem to show", "she appeared to imply": a verb after "to" (not "be") has the
    # subject for its source (28 of 30 such cues in PolNeAR train).
    raising = cue_words[0] in _SOURCELESS_FIRST and not (
        len(cue_words) > 2 and cue_words[1] == "to" and cue_words[2] not in BE_FORMS
    )
    if " ".join(cue_words) in _SOURCELESS or raising:
        return Found(content, found.cue, None, False)
    after = ci + len(cue_words)
    received = _received_from(tokens, cue_words, ci)
    if received is not None:
        # "Trump's comments have drawn scrutiny from some who …": the ones after "from"
        # judge, the subject is what they judge.
        return Found(content, found.cue, received, False)
    if (
        len(cue_words) == 1
        and cue_words[0] in _PASSIVE_IN_HEADLINES
        and after < len(tokens)
        and tokens[after][2].lower() in ("for", "over")
    ):
        # "Sadiq Khan Slammed for …": a headline's passive without its "was"; the subject is
        # the one criticised, not the critic.
        return Found(content, found.cue, None, False)
    # The participle past adverbs and "been": "was first reported by", "were quickly derided
    # by", "has since been widely condemned by".
    k = ci + 1
    while k < min(ci + 4, len(tokens)) and verb_adverb(tokens[k][2]):
        k += 1
    between = {t[2].lower() for t in tokens[ci + 1 : k]}
    perfect = cue_words[0] in ("has", "have", "had") and "been" in between
    if (cue_words[0] in BE_FORMS or perfect) and ci + 1 < len(tokens):
        # "was rejected (by X)", "has been said (by X)": a passive; its agent is the source.
        word = tokens[k][2].lower() if k < len(tokens) else ""
        feeling = word in _FEELINGS and not (
            word == "concerned" and k + 1 < len(tokens) and tokens[k + 1][2].lower() == "with"
        )  # "Good Friday was concerned with creating an infrastructure": it dealt with it
        if not (word.endswith("ed") or word in _PARTICIPLE_IRREGULAR) or feeling:
            return found
        # "was recommended to Trump most forcefully and effectively by X": the agent may come
        # after the verb's complement and adverbs, not past a clause's edge.
        edge = next(
            (m for m in range(k + 1, len(tokens)) if tokens[m][2].lower() in _AGENT_SEARCH_STOPS),
            len(tokens),
        )
        by = next((m for m in range(k + 1, min(k + 10, edge)) if tokens[m][2] == "by"), -1)
        if by > k + 4 and any(_verb_like(tokens, m) for m in range(k + 1, by)):
            by = -1  # "documents made public by the FBI": another verb's agent
        agent = tokens[by + 1 : by + 1 + _agent_length(tokens[by + 1 :])] if by > 0 else []
        if agent and agent[-1][2].lower() in _MANNER_NOUNS:
            agent = []  # "declared the winner by the narrowest of margins": how, not who
        if word in ADDRESSEE_PASSIVES:
            # "Pence was asked about the comment": the subject is the one asked, no part of
            # what was asked, as PolNeAR marks it; nor is the agent ("was told by Carla
            # Alston, the police spokeswoman, that …").
            content = found.content
            c = token_after(tokens, content[0])
            if by == c:
                rest = next(
                    (m for m in range(by + 1, len(tokens)) if tokens[m][2].lower() in _ASKED_OPENS),
                    None,
                )
                if rest is None:
                    return found
                content = (tokens[rest][0], content[1])
        return Found(content, found.cue, span(agent) if agent else None, False)
    return found


# Words that open what was asked after the agent of such a passive.
_ASKED_OPENS = frozenset("that to whether what why how if about".split())

_AGENT_SEARCH_STOPS = frozenset(',;:.!?()“”"—–') | frozenset(
    "that which who whom because when while if".split()
)


# Nouns after "by" that say how, not who ("by a wide margin", "by phone", "by far").
_MANNER_NOUNS = frozenset(
    "margin margins far default hand phone telephone mail email video".split()
)


def _verb_like(tokens: list[tuple[int, int, str]], m: int) -> bool:
    """Whether token ``m`` may be a verb of its own between a passive and a far "by"
    ("grabbing", "published", "to play"; not "to the Supreme Court")."""
    low = tokens[m][2].lower()
    if low == "to":
        after = tokens[m + 1][2] if m + 1 < len(tokens) else ""
        return after.islower() and after not in _DETERMINERS
    return low.endswith(("ed", "ing")) or low in _PARTICIPLE_IRREGULAR


def _agent_length(tokens: list[tuple[int, int, str]]) -> int:
    """How many of the ``tokens`` after a passive's "by" are its agent: a noun phrase, up to
    a clause or a circumstance ("asked by host John Dickerson whether …", "berated by his
    father for installing …", "denounced by many as a hatemonger", "reported by Intellihub's
    Shepard Ambellas on Nov. 11")."""
    for m, t in enumerate(tokens[:MAX_SOURCE_TOKENS]):
        if t[2] in _AGENT_STOP or t[2] in _AGENT_END:  # as written: "by the WHO"
            return m
        if m and (t[2] == "-" or t[2] in AUXILIARIES or t[2].endswith(("n't", "n’t"))):
            # "from Bush's team isn't likely to …", "from Democrats - and …", "by The
            # Post's Greg Sargent and was organized …": a verb of the clause's own.
            return m - (m > 1 and tokens[m - 1][2] in ("and", "or"))
        after = tokens[m + 1][2] if m + 1 < len(tokens) else ""
        if (t[2] in TIME_OPENERS or t[2] == "in") and (
            after in _DATES or after in TIME_NOUNS or _YEAR.fullmatch(after)
        ):
            return m  # "by Parliament last week", "in 1998"; not "by the Good Friday group"
        if t[2] == "of" and after.endswith("ing") and after.islower():
            return m  # "accused by the Turkish government of attempting a coup"
    return min(len(tokens), MAX_SOURCE_TOKENS)


def _according_source(tokens: list[tuple[int, int, str]]) -> int:
    """How many of the ``tokens`` after "according to" are its source: up to a comma, a
    dash or a parenthesis (a source of PolNeAR's runs to 30 tokens: "a study last year by
    economists at Duke University and the University of Ottawa")."""
    n = next(
        (
            m
            for m, t in enumerate(tokens)
            if (t[2] in _SOURCE_STOP or t[2] in _STOPS)
            # "A.F.L.-C.I.O." holds a hyphen; a dash is spaced ("the poll - still …").
            and (t[2] != "-" or not m or tokens[m - 1][1] < t[0])
        ),
        len(tokens),
    )
    return min(n, MAX_APPOSITIVE_TOKENS)


def according_to(text: str, s: int, e: int, found: Found) -> Found:
    """``CONTENT according to SOURCE``: the words after "according to" are its source, never
    its content, wherever a rule or the tagger found the cue (``“…,” X said, according to
    CNN``; ``A leads B according to a count by the AP``; ``That's according to the poll``;
    ``His criticism, according to an interview, was …``), in the sentence ``text[s:e]``. The
    content is the clause before the cue, the one after the source's comma, or both with the
    attribution between them (one span: PolNeAR's content is the two parts). Unchanged when
    a source already follows the cue (``According to X, CONTENT``)."""
    if (
        found.direct
        or found.cue is None
        or text[found.cue[0] : found.cue[1]].lower().split() != ["according", "to"]
        or (found.source is not None and found.source[0] >= found.cue[1])
    ):
        return found
    tokens = tokens_of(text, found.cue[1], e)
    n = _according_source(tokens)
    if not n:
        return found
    source = span(tokens[:n])
    # The clause before the cue starts at the sentence or after its last colon or semicolon.
    cut = max(text.rfind(":", s, found.cue[0]), text.rfind(";", s, found.cue[0]))
    head = cut + 1 if cut >= 0 else s
    # Inside a quotation, the quoted words before the cue.
    head = max(head, open_quotation(text, head, found.cue[0]))
    head += len(text[head : found.cue[0]]) - len(text[head : found.cue[0]].lstrip())
    before_end = head + len(text[head : found.cue[0]].rstrip(" ,—–-\u00a0"))
    after = next(
        (t[0] for t in tokens[n + 1 :] if t[2] not in _STOPS and t[2] not in CLOSING_MARKS), -1
    )
    after_end = content_end(text, after, e) if after >= 0 else -1
    if before_end > head and after_end > after:
        content = (head, after_end)
    elif after_end > after:
        content = (after, after_end)
    elif before_end > head:
        content = (head, before_end)
    else:
        return found
    return replace(found, content=content, source=source)


# Relative pronouns that stand for the missing part of the clause after the cue when the
# source is their clause's subject ("policies, which he said had harmed the economy"). Not
# "that", which as often opens the content of an attribution around this one.
_CONTENT_RELATIVES = frozenset("which who whom what".split())


def _bare_verb(word: str) -> bool:
    """Whether a word after "to" may be a verb's bare form ("resurrect", "name"), no noun
    phrase's start ("supporters", "the", "him")."""
    return (
        word.isalpha()
        and word.islower()
        and word not in DETERMINERS
        and word not in OBJECT_WORDS
        and word not in PRONOUNS
        and not (word.endswith("s") and not word.endswith("ss"))
        and not word.endswith(("ing", "ed"))
    )


# The stems of verbs whose "to" is a preposition ("spoke to", "appealed to", "referred to").
_TO_PREPOSITION_VERBS = tuple(
    "speak spoke talk appeal refer point respond listen react object repl allud testif "
    "writ wrote turn return".split()
)


def infinitive_content(text: str, found: Found) -> Found:
    """A cue that runs on past "to" into a verb that says nothing ("tries to resurrect his
    campaign", "went on to name cities", "voted to compensate"): the cue ends before "to" and
    the content starts there, the act being what is attributed, as PolNeAR marks it; a verb
    of saying stays the cue's ("goes on to say", "continues to insist")."""
    if found.direct or found.cue is None or found.content[0] < found.cue[1]:
        return found
    tokens = tokens_of(text, found.cue[0], found.cue[1])
    to = next((m for m, t in enumerate(tokens) if m and t[2].lower() == "to"), 0)
    if not to or to + 1 >= len(tokens) or not _bare_verb(tokens[to + 1][2]):
        return found  # "sent out an email to supporters": a preposition
    if tokens[to - 1][2].lower().startswith(_TO_PREPOSITION_VERBS):
        return found  # "was speaking to men", "were appealing to raw emotions"
    if is_speech_word(tokens[to + 1][2].lower()):
        return found
    cue = (found.cue[0], tokens[to - 1][1])
    return replace(found, cue=cue, content=(tokens[to][0], found.content[1]))


def relative_content(text: str, found: Found) -> Found:
    """``N, which SOURCE CUE CONTENT``: the pronoun is part of what is said ("which he said
    had harmed the economy": he said the policies had), and PolNeAR marks it as content with
    the words after the cue; the content runs from it, one span with the attribution inside,
    as :func:`according_to` gives its two parts."""
    if (
        found.direct
        or found.source is None
        or found.cue is None
        or found.source[1] > found.cue[0]
        or found.content[0] < found.cue[1]
    ):
        return found
    before = tokens_of(text, max(0, found.source[0] - 24), found.source[0])
    # In lower case, after its antecedent: "What Sanders decides … could be crucial" opens
    # a sentence with its subject, a headline's "WHO" is an organisation.
    if not before or before[-1][2] not in _CONTENT_RELATIVES:
        return found
    if "\n" in text[before[-1][1] : found.source[0]]:
        return found
    if before[-1][2] != "what" and len(before) > 1 and before[-2][2].lower() in PREPOSITION_WORDS:
        # "a speech in which he declared that …": a circumstance, not the content; "of what
        # they need" is none, "what" being all of it.
        return found
    start = before[-1][0]
    if start and (text[start - 1].isalnum() or text[start - 1] in "-'’"):
        return found  # the end of a longer word cut by the window ("somewhat")
    return replace(found, content=(start, found.content[1]))


# Words before a participle after a quote's attribution ("…,” he said, before adding").
_BEFORE_PARTICIPLE = frozenset("before after while by then".split())
# Conjunctions opening a clause of its own after a quote's attribution ("…, though he added").
_JOINING_CLAUSE = frozenset("though although but and while".split())


def participle_tail(
    text: str, s: int, e: int, spoke: dict[int, tuple[int, int] | None], ends: list[int]
) -> Found | None:
    """``“…,” X said, citing CONTENT.``: a second attribution of the quote's source, and
    ``“…,” said X, who said CONTENT.``, one of "who" (PolNeAR's source) (``ends``: the keys
    of ``spoke``, sorted)."""
    k = bisect_right(ends, e) - 1
    if k < 0 or ends[k] <= s:
        return None
    last = ends[k]
    tokens = tokens_of(text, last, e)
    # The participle follows the attribution's comma: its own (a source ending "NAME, A
    # PROFESSOR,"), the next one, or one after a circumstance ("said on Monday in Ohio,").
    own_comma = text[last - 1] == ","
    v = 0
    if not own_comma:
        c = next(
            (m for m, t in enumerate(tokens[: MAX_CIRCUMSTANCE_TOKENS + 1]) if t[2] == ","), -1
        )
        if c < 0:
            return None
        before = lowered([t[2] for t in tokens[:c]])
        if any(t[2] in '“”"' or w in NOT_SOURCE for t, w in zip(tokens[:c], before, strict=True)):
            return None
        v = c + 1
    if len(tokens) < v + 4:
        return None
    source: tuple[int, int] | None
    if tokens[v][2].lower() == "who" and not own_comma:
        # "…, who said CONTENT": "who" speaks (and resolves to the quote's source).
        cue, source = v + 1, span(tokens[v : v + 1])
        n = cue_at(tokens, cue)
    elif (
        tokens[v][2].lower() in _JOINING_CLAUSE
        and tokens[v + 1][2].lower() in SUBJECT_PRONOUNS
        and not tokens[v + 2][2].lower().endswith("ing")
    ):
        # "“…,” said Reince Priebus, though he added that …": a clause of its own, its
        # pronoun the source.
        cue, source = v + 2, span(tokens[v + 1 : v + 2])
        n = cue_at(tokens, cue)
    else:
        if tokens[v][2].lower() in _BEFORE_PARTICIPLE and v + 1 < len(tokens):
            v += 1  # "“…,” Cruz replied, before adding that …"
        cue, source = v, spoke[last]
        n = cue_at(tokens, v)
        if not tokens[v][2].endswith("ing") or not (n or model().candidate(tokens[v][2])):
            return None
        n = n or 1  # a learnt cue; a lexicon one has its length ("referring to")
    k = cue + n
    if not n or k >= len(tokens):
        return None
    that = tokens[k][2].lower() == "that"
    k += that
    if not that and k + 1 < len(tokens) and tokens[k][2] == ",":
        k += 1  # "…, though he said, “…”"
    if k >= len(tokens) or ((tokens[k][2] == ":" or tokens[k][2] in _OPENING_MARKS) and not that):
        # '…, adding: “…”': the quote after it is its content, found as a quote (after
        # "that" it is the reported clause's, which the quote rules leave to this one).
        return None
    # The content opens with its "that", as PolNeAR's do ('“…,” Christie said, adding that
    # he had fought …': 48 of 51 such contents of train).
    start = tokens[k - that][0]
    c_end = content_end(text, start, e)
    if c_end <= tokens[k][0]:
        return None
    tail = Found((start, c_end), span(tokens[cue : cue + n]), source, False)
    return according_to(text, s, e, tail)


# A circumstance between an attribution and its participle ("said at a rally in San Diego,
# adding …") runs at most this many tokens.
MAX_CIRCUMSTANCE_TOKENS = 10


def reported_speech(
    text: str, s: int, e: int, loose: list[tuple[int, int]], cues: CueEvidence | None = None
) -> list[Found]:
    """The reported-speech attributions in the sentence ``text[s:e]``, in the order they are
    found (``loose``: the parts of direct quotes with no attribution, sorted; ``cues``: an
    encoder's cue evidence over the text, if any)."""
    found: list[Found] = []
    pieces = split(text, s, e)
    raw = pieces[1::2]
    if len(raw) < 3:
        return found  # too short for any pattern or the tagger
    words = lowered(raw)
    if asked_opening(text[s : s + 11]):
        asked = _asked(offsets(pieces, s), words)
        if asked is not None:
            # The question, then the sentence's own attribution after it.
            return [asked, *reported_speech(text, asked.content[1] + 1, e, loose, cues)]
    cands = _candidates(words)
    # The evidence is looked up by token offset, so with it the offsets are built up front;
    # without it only once the sentence may hold an attribution.
    tokens: list[tuple[int, int, str]] | None = None
    tagged: list[float | None] | None = None
    if cues is not None:
        tokens = offsets(pieces, s)
        tagged = cues.at_each([t[0] for t in tokens])
    quoted = _QUOTE_MARK.search(text, s, e) is not None
    scores = Scores(raw, words, quoted, text.find("’", s, e) >= 0, cues, tagged)
    reporting = _may_report(text, s, e, words)
    if not reporting and all(scores(i) < scores.threshold for i in cands):
        return found  # nothing to find: the offsets are not worth building
    if tokens is None:
        tokens = offsets(pieces, s)
    reported = _reported(text, s, e, tokens, words) if reporting else None
    if reported is None:
        reported = _learnt(text, e, tokens, words, cands, scores)
    if reported is not None and _after_loose_quote(loose, s, reported):
        # '“…,” Ana Ruiz said happily on TV': what follows a quote is its attribution,
        # which the quote rules could not read, not reported speech.
        reported = None
    if reported is not None:
        reported = _refine(tokens, reported)
        before = _main_before_participle(text, tokens, words, cands, scores, reported)
        if before is not None:
            found.append(before)
        main = _main_after_relative(text, e, tokens, words, reported) or _main_after_restrictive(
            text, e, tokens, words, cands, scores, reported
        )
        if main is not None:
            found.append(main[0])
            reported = main[1]
        # Further attributions in its content (``X said A, but Y said B``, ``X said A,
        # arguing B``).
        pair = _further(text, e, tokens, words, cands, scores, reported)
        while pair is not None:
            first, further = pair
            if (
                first.source == further.source
                and first.cue
                and further.cue
                and len(text[first.cue[0] : first.cue[1]].split()) <= 2
                and text[further.cue[0] : further.cue[1]].split()[0].endswith("ing")
                and _circumstance(text, first)
            ):
                # "Fallon responded on Twitter, calling it …": one attribution, its cue running
                # from the first verb, as PolNeAR marks it; no content "on Twitter".
                further = replace(further, cue=(first.cue[0], further.cue[1]))
            else:
                found.append(first)
            reported = _refine(tokens, further)
            pair = _further(text, e, tokens, words, cands, scores, reported)
        first_part = _parenthetical_head(text, s, reported)
        aside = _participle_aside(tokens, words, reported)
        found.append(_participle_cue(text, e, tokens, words, reported))
        for extra in (first_part, aside):
            if extra is not None:
                found.append(extra)
        found += _nested(text, e, tokens, words, cands, scores, found)
    return [according_to(text, s, e, item) for item in found]


def _main_before_participle(
    text: str,
    tokens: list[tuple[int, int, str]],
    words: list[str],
    cands: list[int],
    scores: Scores,
    reported: Found,
) -> Found | None:
    """ "SUBJECT VERB OBJECT, saying CONTENT": the main verb's own attribution, when the
    tagger takes it for a cue, its object the content ("Donald Trump is defending his
    early-morning tweets …, saying it shows …": PolNeAR marks both)."""
    cue, source = reported.cue, reported.source
    if cue is None or source is None or source[1] >= cue[0]:
        return None
    ci = _index_at(tokens, cue[0])
    if ci < 2 or words[ci - 1] != "," or not words[ci].endswith("ing"):
        return None
    comma = ci - 1
    first = token_after(tokens, source[1])
    for i in cands:
        if first <= i < comma - 1 and scores(i) >= scores.threshold and "," not in words[first:i]:
            main = _learnt_at(text, tokens[comma][0], tokens[:comma], words[:comma], i)
            if main is None or main.cue is None or main.content[0] < main.cue[1]:
                return None
            return Found(main.content, main.cue, source, False)
    return None


# Words that open the question of a sentence-opening "Asked …," ("Asked whether he would
# support Trump, Rubio gave a roundabout answer").
_QUESTION_OPENERS = _QUESTION_WORDS | frozenset("about whether if whom to".split())
# How far the question may run before its comma.
_MAX_QUESTION_TOKENS = 40


def asked_opening(text: str) -> bool:
    """Whether a sentence opens "Asked …" or "When asked …"."""
    return text.startswith(("Asked ", "When asked "))


def _asked(tokens: list[tuple[int, int, str]], words: list[str]) -> Found | None:
    """The question of a sentence opening "(When) asked (about) …, MAIN CLAUSE": an
    attribution of its own with no source (the asker is unnamed), its content the question
    up to the comma ("Asked in Iowa whether he would support Trump, Rubio gave …"), as
    PolNeAR marks it; the main clause is read after it."""
    at = words.index("asked")
    comma = next((m for m, w in enumerate(words[:_MAX_QUESTION_TOKENS]) if w == ","), -1)
    start = next((m for m in range(at + 1, max(comma, 1)) if words[m] in _QUESTION_OPENERS), -1)
    if comma < 0 or start < 0 or comma - start < 2 or comma + 1 >= len(words):
        return None
    about = words[at + 1] == "about"  # "Asked about": PolNeAR's cue holds the preposition
    if about:
        start = at + 2
    cue = span(tokens[at : at + 2 if about else at + 1])
    return Found((tokens[start][0], tokens[comma - 1][1]), cue, None, False)


# "when asked whether …", ", asked about …" inside a sentence: the cue, maybe with "about".
_ASKED_WITHIN = re.compile(r"(?:\b[Ww]hen|,)[ \u00a0]+(asked(?:[ \u00a0]+about)?)[ \u00a0]+(\w+)")
# Words opening the question after "asked" ("when asked to …" reports none).
_ASKED_OPENERS = _QUESTION_OPENERS - {"to", "about"}
# What ends the question inside its sentence: a clause's punctuation or a quotation mark.
_ASKED_STOPS = re.compile(r"[,;:!?“”\"()—–]")


def asked_within(text: str, s: int, e: int) -> list[Found]:
    """The questions put to a speaker inside the sentence ``text[s:e]`` ("“You bet I would,”
    Christie said when asked whether he would …", "Trump, asked about his own errors, …"):
    attributions of their own with no source, the cue "asked" (with "about"), the content the
    question to its clause's end, as PolNeAR marks 18 of the 25 such questions of its train
    and dev (a sentence opening "Asked" is :func:`_asked`'s)."""
    out: list[Found] = []
    for m in _ASKED_WITHIN.finditer(text, s, e):
        start = m.start(2)
        if not m.group(1).endswith("about") and m.group(2).lower() not in _ASKED_OPENERS:
            continue  # "when asked to …": no question reported
        stop = _ASKED_STOPS.search(text, start, e)
        end = content_end(text, start, stop.start() if stop else e)
        if len(text[start:end].split()) >= 2:
            out.append(Found((start, end), m.span(1), None, False))
    return out


# Words opening a clause whose subject may speak inside another attribution's content ("X
# said that until he sees proof", "… as police have said", "Trump, who says he is honored").
_NESTED_OPENERS = (SUBORDINATORS - {"despite"}) | {"that", "which", "who", "what"}
# Most words between the opener and the cue: the subject ("he", "federal prosecutors").
_NESTED_SUBJECT = 3


def _nested(
    text: str,
    e: int,
    tokens: list[tuple[int, int, str]],
    words: list[str],
    cands: list[int],
    scores: Scores,
    found: list[Found],
) -> list[Found]:
    """Attributions nested in the content of those ``found`` in the sentence: a cue at the
    second cue's threshold whose subject opens a subordinate or relative clause there ("…
    after she attacked law enforcement", "…, who says he is honored"). PolNeAR marks both the
    outer attribution and the nested one, so the outer content stays whole."""
    contents = [f.content for f in found if not f.direct]
    taken = [f.cue for f in found if f.cue is not None]
    nested: list[Found] = []
    for i in cands:
        start = tokens[i][0]
        if not any(a <= start < b for a, b in contents) or any(a <= start < b for a, b in taken):
            continue
        opener = next(
            (
                b
                for b in range(i - 1, max(-1, i - 2 - _NESTED_SUBJECT), -1)
                if not words[b][:1].isalnum() or words[b] in _NESTED_OPENERS
            ),
            None,
        )
        if opener is None or words[opener] not in _NESTED_OPENERS:
            continue
        if scores(i) < SECOND_THRESHOLD:
            continue
        c = opener + 1
        if words[opener] in ("who", "which"):
            if opener == i - 1:
                c = opener  # right before the cue, the relative pronoun is its source
            elif not (words[c] in PRONOUNS or words[c] in ARTICLES or tokens[c][2][:1].isupper()):
                # "Republicans who oppose him say", "Francis who himself says": the pronoun
                # is the subject of another verb, and no subject stands before the cue.
                continue
        if c >= i:
            continue
        inner = _learnt_at(text, e, tokens[c:], words[c:], i - c)
        if inner is None or inner.source is None or inner.cue is None:
            continue
        if inner.content[0] < inner.cue[1]:
            continue  # the content is the words before the cue: no nested clause
        nested.append(replace(inner, nested=True))
        taken.append(inner.cue)
    return nested


def _main_after_restrictive(
    text: str,
    e: int,
    tokens: list[tuple[int, int, str]],
    words: list[str],
    cands: list[int],
    scores: Scores,
    found: Found,
) -> tuple[Found, Found] | None:
    """The main clause's attribution after a restrictive relative clause of the subject with a
    cue of its own: "Republicans who oppose him say the plan is dead" is "who oppose" (its
    content up to the main verb) and "Republicans say the plan is dead" (the main cue had been
    read as part of the relative's content)."""
    if found.direct or found.source is None or found.cue is None:
        return None
    r = token_after(tokens, found.source[0])
    # As written: "The WHO is planning" holds no relative pronoun.
    if r < 1 or tokens[r][2] not in ("who", "that") or tokens[r][1] != found.source[1]:
        return None
    antecedent = without_adverb(tokens[:r])  # "But Republicans who …"
    if any(t[2] == "," for t in antecedent) or not is_source(antecedent):
        return None  # "Scott, who …" is _main_after_relative's; a clause before is none
    after = token_after(tokens, found.cue[1])
    for m in cands:
        if m <= after or tokens[m][0] >= found.content[1]:
            continue
        if scores(m) < _threshold(words, m, scores.threshold):
            continue
        main = _learnt_at(text, e, tokens, words, m)
        if main is None or main.cue is None or main.content[0] < main.cue[1]:
            return None
        relative = replace(found, content=(found.content[0], tokens[m - 1][1]))
        return relative, replace(main, source=span(antecedent))
    return None


def _main_after_relative(
    text: str, e: int, tokens: list[tuple[int, int, str]], words: list[str], found: Found
) -> tuple[Found, Found] | None:
    """The main clause's attribution after a relative clause that holds a cue of its own:
    "Crawford, who recalled taking the elevator, said in an interview that …" is "who
    recalled" (its content to the comma) and "Crawford said in an interview that …"."""
    if found.direct or found.source is None or found.cue is None:
        return None
    # The relative pronoun in the source, its last word or before the relative clause's verb
    # ("Ms. Arnold, who helped found EDGE, …, said"), after a comma or an appositive's noun
    # ("Gov. John Kasich of Ohio, a Republican who has refused …, said").
    inside = [m for m, t in enumerate(tokens) if found.source[0] <= t[0] < found.source[1]]
    r = next((m for m in reversed(inside) if words[m] in ("who", "which")), -1)
    # The relative pronoun alone after an appositive's noun ("Mr. Guerrero, a Republican who
    # described himself as …, said"; "Christopher M. Shelton, the president of the CWA,
    # which endorsed Mr. Sanders, said").
    alone = inside == [r] and "," in words[:r]
    if r < 2 or (words[r - 1] != "," and "," not in words[inside[0] : r] and not alone):
        return None
    ci = token_after(tokens, found.cue[1])
    if "," in words[r : token_after(tokens, found.cue[0])]:
        return None  # "BuzzFeed, which does not disclose …, denied": the main clause's cue
    after = tokens[r + 1][2] if r + 1 < len(tokens) else ""
    if after[:1].isupper() or after.lower() in PRONOUNS or after.lower() in ARTICLES:
        return None  # "Sanders's victory, which Clinton conceded …": the pronoun is an object
    # The relative clause closes on a comma, or on a quotation's closing marks after one
    # ('Roffman, who estimates that his costs were "in the seven figures," described').
    m = next(
        (
            m
            for m in range(ci, len(tokens) - 1)
            if words[m] == ","
            and _past_mark(words, m) < len(tokens) - 1
            and cue_at(tokens, _past_mark(words, m))
        ),
        -1,
    )
    if found.source[0] < tokens[r - 1][0]:
        # "Her wife Shaela, who considers herself …, sees": the source had the antecedent.
        antecedent: list[tuple[int, int, str]] | None = [
            t for t in tokens[: r if words[r - 1] != "," else r - 1] if t[0] >= found.source[0]
        ]
    else:
        a = 0
        while a < r - 2 and (words[a] in LEADING_ADVERBS or (a and words[a] == ",")):
            a += 1  # "But Crawford, who …", "Still, Petrilli, who …"
        b = r - 1 if words[r - 1] == "," else r
        if words[r] == "which" and "," not in words[a:b]:
            return None  # "… two days after the Huffington Post, which …": no appositive's
        whole = tokens[a:b]
        # "Her 48-year-old wife Shaela, who …": the noun phrase, when it is all of it.
        plain = "," not in words[a:b] and is_source(whole)
        antecedent = whole if plain else subject_of(whole)
    if m < 0 or m - 1 < ci or antecedent is None:
        return None
    c = _past_mark(words, m)
    n = cue_at(tokens, c)
    k = _content_start(words, c, c + n)
    while k < len(tokens) and words[k] in (",", ":"):
        k += 1
    if len(tokens) - k < 3:
        return None
    who = span(tokens[r : r + 1])
    relative_end = tokens[c - 1][1] if c > m + 1 else tokens[m - 1][1]
    relative = Found((found.content[0], relative_end), found.cue, who, False)
    cue = span(tokens[c : c + n])
    main = Found((tokens[k][0], content_end(text, tokens[k][0], e)), cue, span(antecedent), False)
    return relative, main


def _after_loose_quote(loose: list[tuple[int, int]], s: int, found: Found) -> bool:
    """Whether ``found``'s content starts after an unattributed quote of its sentence (which
    starts at ``s``); ``loose`` is sorted."""
    k = bisect_right(loose, (s, -1))
    return k < len(loose) and loose[k][1] <= found.content[0]


def _participle_cue(
    text: str, e: int, tokens: list[tuple[int, int, str]], words: list[str], found: Found
) -> Found:
    """``found`` with a participle of saying that opens its content as the cue: in "The plan
    is dead, Beck said, adding that it had failed", what follows "said," is no content of
    "said" but Beck's further attribution, "adding" its cue (the part before the source is
    "said"'s, :func:`_parenthetical_head`)."""
    if found.cue is None or found.direct or text[found.cue[1] : found.content[0]].strip() != ",":
        return found
    p = token_after(tokens, found.content[0])
    n = saying_participle(tokens, words, p)
    if not n:
        return found
    k = _content_start(words, p, p + n)
    while k < len(tokens) and words[k] in (",", ":"):
        k += 1
    if len(tokens) - k < 3:
        return found
    content = (tokens[k][0], content_end(text, tokens[k][0], e))
    return replace(found, content=content, cue=span(tokens[p : p + n]))


def _participle_aside(
    tokens: list[tuple[int, int, str]], words: list[str], found: Found
) -> Found | None:
    """The attribution of a participle of saying set off between a source and its cue
    ("Salceda, citing data from the State Department, said …": "citing", its content up to
    the comma), the source's own."""
    if found.source is None or found.cue is None or found.direct:
        return None
    k = token_after(tokens, found.source[1])
    c = token_after(tokens, found.cue[0])
    if not (k < c - 3 and words[k] == "," and words[c - 1] == ","):
        return None
    p = k + 1
    n = saying_participle(tokens, words, p)
    if not n or p + n >= c - 1 or "," in words[p + n : c - 1]:
        return None
    return Found(span(tokens[p + n : c - 1]), span(tokens[p : p + n]), found.source, False)


def _parenthetical_head(text: str, s: int, found: Found) -> Found | None:
    """The content's first part when the attribution interrupts it: in "To understand it,
    Roberts said, one should visit.", the part before "Roberts" (PolNeAR's content has both)."""
    if found.source is None or found.cue is None or found.direct:
        return None
    (ss, se), (cs, ce) = found.source, found.cue
    if not se <= cs or text[ce : found.content[0]].strip() != ",":
        return None
    if "," in text[se:cs] or len(text[se:cs].split()) > 4:
        # "Along the same lines, Ann Lee described a scene …, writing, “…”": the source's own
        # clause stands between, so the cue interrupts nothing.
        return None
    head = text[s:ss].rstrip()
    if head.endswith(","):
        head = head[:-1].rstrip()
    elif not head.rstrip("".join(CLOSING_MARKS)).endswith(","):
        return None
    # (Else a quotation's marks close the head, its comma inside them, which PolNeAR keeps:
    # 'The former secretary will play the "woman card," Fiorina said, adding …'.)
    start = s + len(text[s:ss]) - len(text[s:ss].lstrip())
    words = text[start : s + len(head)].lower().split()
    if len(words) < 2 or all(w in LEADING_ADVERBS or ly_adverb(w) for w in words):
        return None  # "But ultimately, other experts say, …": no content, a sentence adverb
    return Found((start, s + len(head)), found.cue, found.source, False)


# Words that open a circumstance between a cue and its "that" ("said on Friday that",
# "claimed in an interview with Breitbart News that", "acknowledged Sunday that").
_DAYS = frozenset(w.lower() for w in TIMES)
_CIRCUMSTANCE_STARTS = (
    ADVERBIAL_PREPOSITIONS
    | frozenset("earlier later again also previously recently last this".split())
    | _DAYS
)
# How far a circumstance may run before its "that".
MAX_CIRCUMSTANCE_WORDS = 10


# Words after a listener that open no reported clause of the cue's but an order, a question or
# a circumstance ("told her to reveal what she told", "told the crowd how much he loved").
_LISTENER_ENDS = SUBORDINATORS | frozenset("to how what why about of".split())


def _content_start(words: list[str], cue: int, k: int) -> int:
    """Where the content starts after the cue ending at ``k``: past the listener of a cue
    such as "told (reporters)" up to "that", a comma or a colon, within five words; past a
    circumstance ("said on Friday during a news conference") up to "that"; past a day before
    a subject pronoun ("said Wednesday he agrees")."""
    if words[cue] not in _LISTENER_CUES:
        day = k + (k < len(words) and words[k] == "on")
        if day + 1 < len(words) and words[day] in _DAYS and words[day + 1] in _CLAUSE_OPENERS:
            return day + 1  # "said (on) Wednesday he agrees": the day is the cue's
        if k >= len(words) or words[k] not in _CIRCUMSTANCE_STARTS:
            return k
        m = k
        while m < len(words) and m - k < MAX_CIRCUMSTANCE_WORDS and words[m] not in _STOPS:
            if words[m] == "that":
                return m
            m += 1
        return k
    m = k
    while m < len(words) and m - k < 5 and words[m] not in ("that", ",", ":"):
        if words[m] in _LISTENER_ENDS:
            break  # "told her to reveal what she …", "told his advisers as he labored"
        if m > k and words[m] in _CLAUSE_OPENERS:
            return m  # "told MSNBC there was", "told reporters he would" ("that": the loop's)
        m += 1
    if m < len(words) and words[m] in ("that", ",", ":"):
        return m + (words[m] != "that")
    return k

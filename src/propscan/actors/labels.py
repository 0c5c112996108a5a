"""The words an article uses to describe an actor, found next to its mentions.

Five patterns, each a regular expression around a mention, none a parser:

- the title phrase before a name: "Kremlin spokesman Dmitri Peskov", "UN Secretary-General
  Ban Ki-moon" (the title and the capitalised or title words right before it);
- an apposition: "Dmitri Peskov, the Kremlin spokesman," or "the Kremlin spokesman, Dmitri
  Peskov," (a short noun phrase between commas that opens with a determiner, a title or a
  possessive name, or holds a title word);
- a predicate nominal: "the rebels are terrorists", "Obama was a failure" (a short phrase after
  a copula that does not open with a verb form or an adverb), and "called X a Y";
- the modifiers of a group noun: "US-backed rebels", "so-called moderate rebels";
- a simile of which the actor is the subject: "the rebels have fled like sewage rats" (up to
  three words between the mention and "like", none of them starting a new clause).

The caller adds the name-calling fragments that target the actor.
"""

from __future__ import annotations

import re

from propscan.actors import lexicon
from propscan.actors.mentions import Mention, word_before
from propscan.analysis import Span

_PHRASE = r"[^,.;:!?\"“”()\[\]\n]"
# Greedy: only the end of the run of phrase characters can be followed by the terminator, so
# the longest match is the shortest, and found without trying the look-ahead at every step.
_APPOSITION_AFTER = re.compile(rf"(?:['’]s)?, ({_PHRASE}{{2,60}})(?=, |\. |\.$|; |\n|$)")
_APPOSITION_BEFORE = re.compile(rf"(?:^|[\s(“\"])((?:the|a|an|The|A|An) {_PHRASE}{{2,60}}), $")
_COPULA = re.compile(
    r"(?:['’]s)? (?:is|are|was|were|has been|have been|had been|remains|remain|became|becomes|"
    rf"become) ({_PHRASE}{{1,60}}?)(?=[,.;:!?\"”)]|$|\n| (?:and|but|who|which|that|because|"
    r"when|while|as|in|on|at|for|by|with|from|to|since|after|before|than|if) )"
)
# The verbs before a mention that make the phrase after it a label: "called X a Y".
_CALLED_WORDS = frozenset(
    "called calls call labelled labeled branded brands dubbed dubs described describes".split()
)
_CALLED_ENDINGS = frozenset(word[-1] for word in _CALLED_WORDS)
_APOSTROPHES = ("'", "’")
# The first two letters of the copulas above.
_COPULA_STARTS = frozenset(("is", "ar", "wa", "we", "ha", "re", "be"))
_CALLED_AFTER = re.compile(
    rf"(?:['’]s)? (?:as )?((?:a|an|the) {_PHRASE}{{1,50}}?|{_PHRASE}{{1,40}}?)"
    r"(?=[,.;:!?\"”)]|$|\n| (?:and|but|who|which|that|because|for|in|on) )"
)
_DETERMINERS = frozenset("the a an his her its their our my your this that these those".split())
# Words that cannot sit in a short apposition or predicate noun phrase.
_CLAUSE_WORDS = frozenset(
    """said says told is are was were be been being has have had will would can could should
    may might must do does did who which that when where while because if he she they we i
    you it not also added adds according""".split()
)
# Words before a group noun that are not its modifiers.
_NOT_MODIFIERS = (
    _DETERMINERS
    | _CLAUSE_WORDS
    | frozenset(
        """of and or but by to from in on at for with against as all some many most more few
        several both any no other such only even still just than into over under about also
        there then now so very two three four five six seven eight nine ten hundreds thousands
        dozens millions remaining among between including like""".split()
    )
)
_PREPOSITIONS = frozenset(
    "of in on at to from by with for against about into onto over under than like as".split()
)
_MAX_WORDS = 8
_SIMILE = re.compile(
    r" ((?:[\w’'-]+ ){1,3}?)like ((?:a |an |the )?[\w’'-]+(?: [\w’'-]+){0,2}?)"
    r"(?=[,.;:!?\"”)]|$|\n| (?:and|or|but|who|which|that|in|on|at|from|to|for|with) )"
)
# Words that, between a mention and "like", start a clause with another subject.
_NEW_CLAUSE = frozenset(
    "said says told who which that when where while because if he she they we i you it".split()
)
_WORD = re.compile(r"[\w’'-]+")


def labels_of(text: str, mention: Mention) -> list[Span]:
    """The label spans found around one mention (see the module docstring)."""
    span = mention.span
    start, end = span.start, span.end
    found = []
    if mention.title is not None:
        found.append(_title_phrase(text, mention.title))
    if mention.kind == "group":
        modifiers = _group_modifiers(text, start)
        if modifiers is not None:
            found.append(modifiers)
    # Each pattern after the mention opens with "'s", ", " or " ": skip the ones that cannot
    # match from the character after it.
    after = text[end : end + 1]
    possessive = after in _APOSTROPHES
    if after == "," or possessive:
        match = _APPOSITION_AFTER.match(text, end)
        if match and _is_apposition(match.group(1)):
            found.append(_span(text, match.start(1), match.end(1)))
    if text[start - 2 : start] == ", ":
        before = _APPOSITION_BEFORE.search(text, max(0, start - 64), start)
        if before and _is_apposition(before.group(1)) and _has_title(before.group(1)):
            found.append(_span(text, before.start(1), before.end(1)))
    if after == " " or possessive:
        if possessive or text[end + 1 : end + 3] in _COPULA_STARTS:
            match = _COPULA.match(text, end)
            if match and _is_noun_phrase(match.group(1)) and not _after_preposition(text, start):
                found.append(_span(text, match.start(1), match.end(1)))
        simile = _SIMILE.match(text, end)
        if (
            simile
            and not any(w in _NEW_CLAUSE for w in _words(simile.group(1)))
            and _is_noun_phrase(simile.group(2))
        ):
            found.append(_span(text, simile.start(2), simile.end(2)))
        if start > 1 and text[start - 1] == " " and text[start - 2] in _CALLED_ENDINGS:
            called = word_before(text, start)
            if called is not None and called[1] in _CALLED_WORDS:
                match = _CALLED_AFTER.match(text, end)
                if match and _is_noun_phrase(match.group(1)):
                    found.append(_span(text, match.start(1), match.end(1)))
    return found


def _after_preposition(text: str, start: int) -> bool:
    """Whether the mention is the object of a preposition, so not the subject of a copula."""
    before = word_before(text, start)
    return before is not None and before[1].lower() in _PREPOSITIONS


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def _title_phrase(text: str, title: Span) -> Span:
    """Extend a title left over capitalised and title words: "Kremlin spokesman"."""
    start = title.start
    for _ in range(3):
        before = word_before(text, start)
        if before is None:
            break
        if before[1].endswith(".") and before[1] not in lexicon.ABBREVIATED_TITLES:
            break  # "… in London. Labour MP Phil Wilson": the word ended a sentence
        word = before[1].rstrip(".")
        if not (word[:1].isupper() or word.lower() in lexicon.TITLES) or word in lexicon.NOT_NAMES:
            break
        start = before[0]
    return _span(text, start, title.end)


def _group_modifiers(text: str, start: int) -> Span | None:
    """The adjectives right before a group noun: "so-called moderate" in "the so-called
    moderate rebels".

    Only after a determiner or when one word is hyphenated ("US-backed"): elsewhere the words
    before a noun are as often a verb ("killing civilians").
    """
    first = start
    hyphenated = False
    opener: str | None = None
    for _ in range(3):
        before = word_before(text, first)
        if before is None:
            break
        word = before[1]
        opener = word.lower()
        if (
            opener in _NOT_MODIFIERS
            or not _WORD.fullmatch(word)
            or word.isdigit()
            or (word[:1].isupper() and "-" not in word)
        ):
            break
        opener = None
        hyphenated = hyphenated or "-" in word
        first = before[0]
    if first == start or not (hyphenated or opener in _DETERMINERS):
        return None
    return _span(text, first, start - 1)


def _words(phrase: str) -> list[str]:
    return phrase.lower().split()


def _is_apposition(phrase: str) -> bool:
    words = _words(phrase)
    if not 1 <= len(words) <= _MAX_WORDS or any(w in _CLAUSE_WORDS for w in words):
        return False
    first = phrase.split()[0]
    return (
        words[0] in _DETERMINERS
        or words[0] in {"former", "ex", "then"}
        or _has_title(phrase)
        or first.endswith(("'s", "’s"))
    )


def _has_title(phrase: str) -> bool:
    return any(w.strip("-") in lexicon.TITLES for w in _words(phrase))


def _is_noun_phrase(phrase: str) -> bool:
    words = _words(phrase)
    if not 1 <= len(words) <= 6 or any(w in _CLAUSE_WORDS for w in words):
        return False
    head = words[0] if words[0] not in _DETERMINERS and words[0] != "not" else words[-1]
    first = words[1] if words[0] == "not" and len(words) > 1 else words[0]
    return not (
        first.endswith(("ing", "ed", "ly"))
        or first in {"to", "in", "on", "at", "by", "for", "with", "from", "about", "set"}
        or not head.isalpha()
    )

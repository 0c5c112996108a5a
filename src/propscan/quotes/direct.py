"""A direct quote's attribution: the ``SOURCE CUE`` right before it (``Peskov said: “…”``,
``Peskov spoke on Monday, saying, “…”``), a colon's subject when the cue is none we know
(``Sanders delivered a snappy retort: “…”``), the attribution closing the sentence before
(``… “…,” Gingrich said. “…”``) or a line signing it (``- Bernie Sanders.``), how a quote
opens (:func:`quote_opening`), whether one with no attribution is kept (:func:`standalone`),
and whether another person is named between it and the last speaker's quote
(:func:`another_subject`).

:mod:`propscan.quotes.finder` tries these in turn for each quote, after
:func:`propscan.quotes.sources.after_quote` (the attribution right after it).
"""

from __future__ import annotations

import re
from itertools import takewhile

from propscan.quote_kinds import is_speech_word
from propscan.quotes.cuelookup import cue_at, cue_sets
from propscan.quotes.cuemodel import AUXILIARIES
from propscan.quotes.marks import SIGNING_NAME
from propscan.quotes.sources import (
    ADDRESSEE_PASSIVES,
    BE_FORMS,
    CLOSING_MARKS,
    INVERTING,
    MAX_APPOSITIVE_TOKENS,
    MAX_SOURCE_TOKENS,
    NOT_SOURCE,
    PRONOUNS,
    SOURCE_START_OK,
    SUBJECT_PRONOUNS,
    after_quote,
    finite_look,
    is_source,
    ly_adverb,
    past_look,
    source_before,
    subject_of,
    verb_adverb,
    without_adverb,
)
from propscan.quotes.tokens import lowered, span, token_after, tokens_of

__all__ = [
    "MIN_STANDALONE_WORDS",
    "another_subject",
    "attribution_before",
    "before_quote",
    "colon_subject",
    "introduces_next",
    "quote_opening",
    "signature",
    "standalone",
]


def before_quote(
    text: str, start: int, end: int
) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """``SOURCE CUE[,:]`` right before a quote (the sentence head ``text[start:end]``)."""
    tokens = tokens_of(text, start, end)
    raw = [t[2] for t in tokens]
    if "(" in raw and ")" not in raw[len(raw) - raw[::-1].index("(") :]:
        # "… for what it is (Raphael Lemkin, who coined the word, once said, “…”": an open
        # parenthesis holds the attribution.
        tokens = tokens[len(raw) - raw[::-1].index("(") :]
    while tokens and tokens[-1][2] in ",:—–-":
        tokens = tokens[:-1]
    if tokens and tokens[-1][2].lower() == "that":
        tokens = tokens[:-1]
    # "…, telling reporters, “…”": a told-type cue may take a short listener.
    for listener in (0, 1, 2):
        if listener and not (
            len(tokens) > listener + 1 and tokens[-listener - 1][2].lower() in _TELLING
        ):
            continue
        cut = tokens[: len(tokens) - listener]
        for n in (3, 2, 1):
            if len(cut) > n and cue_at(cut, len(cut) - n) == n:
                return _source_of(text, cut, len(cut) - n, n)
    # "X says of Clinton, “…”", "X told his radio audience on Monday, “…”": a cue, then a
    # short complement with no clause in it.
    words = lowered([t[2] for t in tokens])
    for k in range(len(tokens) - 2, max(-1, len(tokens) - 2 - MAX_COMPLEMENT_TOKENS), -1):
        if words[k + 1] in NOT_SOURCE or words[k + 1] in _QUOTE_TOKENS:
            break
        n = cue_at(tokens, k)
        if n and k + n < len(tokens) and not NOT_SOURCE.intersection(words[k + n :]):
            rest = tokens[k + n :]
            # "But, said Solovey, “…”", "…, explained Rosenberg, “…”", '“…,” said an Iowa
            # Democrat, “…”': inverted after a comma or a quote (not a headline's "Says").
            inverted = words[k] in INVERTING and tokens[k][2].islower() and k > 0
            if (
                inverted
                and words[k - 1] in _AFTER_CLAUSE
                and (rest[0][2][:1].isupper() or words[k + n] in SOURCE_START_OK)
                and is_source(rest)
            ):
                return span(tokens[k : k + n]), span(rest)
            if (
                k == 0
                and words[0] in INVERTING
                and (rest[0][2][:1].isupper() or words[n] in SOURCE_START_OK)
                and is_source(rest)
            ):
                # "Said Ellis: “…”", "According to the newspaper, “…”" opening the sentence:
                # the cue before its source.
                return span(tokens[:n]), span(rest)
            return _source_of(text, tokens, k, n)
    return None


# Tokens after which a cue inverts with its source ("…,” said an Iowa Democrat, “…”).
_AFTER_CLAUSE = frozenset(',”"’')
# A cue may be this many tokens before the quote it introduces ("says of Clinton, “…”").
MAX_COMPLEMENT_TOKENS = 8
_QUOTE_TOKENS = frozenset('“”"‘’«»')


def attribution_before(text: str, qs: int) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """The ``SOURCE CUE.`` right before a quote at ``qs``, after the closing mark of a quote
    in the same paragraph ('… “…,” Gingrich said. “…”') or the comma of reported speech
    ('… over Syria, Schiff said. “…”')."""
    w0 = max(0, qs - _BEFORE_WINDOW)
    close = max(
        (p + len(mark) for mark in _CLOSING if (p := text.rfind(mark, w0, qs)) >= 0), default=-1
    )
    # The attribution may close the paragraph before ('America needs leaders “who …,” Clinton
    # said.⏎⏎“And that's why …”': a paper's way to go on with a speaker), not after a question.
    line_end = text.find("\n", close, qs) if close >= 0 else -1
    paragraph_before = (
        line_end >= 0
        and not text[line_end:qs].strip()
        # A quote closed, not an apostrophe ("Rubio’s") nor a question.
        and _CLOSED_ON.search(text, max(0, close - 4), close) is not None
    )
    after_comma = close < 0 or ("\n" in text[close:qs] and not paragraph_before)
    if after_comma:
        # '…, Schiff said. “…”': reported speech closing on its attribution after a comma.
        close = text.rfind(",", w0, qs) + 1
        if close <= 0 or "\n" in text[close:qs]:
            return None
    found = after_quote(text, close, qs)
    if found is None or found[1] is None:
        return None
    if after_comma and not _plain_attribution(text, found):
        return None
    asking = QUESTIONING.intersection(text[found[0][0] : found[0][1]].lower().split())
    if paragraph_before and asking:
        return None  # the next paragraph answers the question
    # Nothing but a short circumstance may follow it ("said from his office in Orlando.").
    rest = text[max(found[0][1], found[1][1]) : qs].strip()
    if not rest.endswith(".") or len(rest.split()) > _CIRCUMSTANCE_WORDS:
        return None
    return found


def attribution_closing(
    text: str, qe: int, end: int
) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """The ``, SOURCE CUE.`` closing the sentence ``text[:end]`` whose quote, ending at
    ``qe``, its words go on from ('“We're alive” at the convention, he said.'): a few plain
    words after the quote, then the attribution and at most a short circumstance."""
    comma = text.rfind(",", qe, end)
    between = text[qe:comma]
    if comma < 0 or len(between.split()) > _BETWEEN_WORDS or _QUOTE_TOKENS.intersection(between):
        return None
    found = after_quote(text, comma + 1, end)
    if found is None or found[1] is None:
        return None
    rest = text[max(found[0][1], found[1][1]) : end].strip(" \u00a0")
    if not rest.endswith(".") or len(rest.split()) > _CIRCUMSTANCE_WORDS:
        return None
    return found


# Words a sentence may go on with between its opening quote and its closing attribution.
_BETWEEN_WORDS = 12


def _plain_attribution(text: str, found: tuple[tuple[int, int], tuple[int, int] | None]) -> bool:
    """Whether an attribution after a comma is a plain ``SOURCE CUE`` ("Schiff said"), or
    an inverted one with a name ("said Schiff"); not a participle ("some of it mentioning")
    or a verb and its object ("tweeted a warning", "said of RT")."""
    cue, source = found
    assert source is not None
    verb = text[cue[0] : cue[1]].split()[0].lower()
    if verb.endswith("ing"):
        return False
    return source[0] < cue[0] or (verb in INVERTING and text[source[0]].isupper())


def signature(
    text: str, qe: int, stop: int
) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """(cue, source) of a line signing the quote ending at ``qe``: '“…”\\n\\n- Bernie
    Sanders.' (a dash and a name, maybe a place after a comma)."""
    signed = _SIGNATURE.match(text, qe, stop)
    if signed is None:
        return None
    return signed.span(1), _name_span(text, *signed.span(2))


def _name_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A signing name's span without the sentence's stop closing it (an initial's stays)."""
    if text[end - 1] == "." and not re.search(r"\b[A-Z]\.$", text[start:end]):
        end -= 1
    return start, end


def signed_inside(
    text: str, qe: int, stop: int
) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """(cue, source) of a name signing, inside its marks, the quote whose unclosed part ends
    at ``qe``: '"…⏎Dean Baker, Center for Economic and Policy Research."' (HuffPost's
    quotations). The closing mark is the cue, as PolNeAR marks it."""
    signed = _SIGNED_INSIDE.match(text, qe, stop)
    if signed is None:
        return None
    return signed.span(2), _name_span(text, *signed.span(1))


# A name signing the quote whose unclosed part ends before it, its marks closing after it.
_SIGNED_INSIDE = re.compile(
    r"[ \t\u00a0]*\n(?:[ \t\u00a0]*\n)?[ \t\u00a0]*("
    + SIGNING_NAME
    + r"\.?)([\"”])[ \t\u00a0]*(?:\n|$)"
)
# A line signing the quote before it: a dash and a capitalised name, maybe a place after a
# comma ("- Michelle Marks, Philadelphia.").
_SIGNATURE = re.compile(
    r"[ \t\u00a0]*\n(?:[ \t\u00a0]*\n)?[ \t\u00a0]*([-–—―])[ \t\u00a0]*"
    r"([A-Z][\w.’'-]*(?:[ \u00a0][A-Z][\w.’'-]*){0,3}?)\.?(?:,[^\n]{0,40})?[ \t\u00a0]*(?:\n|$)"
)
# Words a circumstance may take after that attribution ("from his office in Orlando.").
_CIRCUMSTANCE_WORDS = 6
# How far back a closing mark and its attribution may lie before a quote, and the marks.
_BEFORE_WINDOW = 120
# A quotation's end, not a question's: a single mark only after its comma or stop ("Rubio’s"
# has an apostrophe).
_CLOSED_ON = re.compile(r"(?:[^?](?:”|\"|'')|[,.!]’)$")
_CLOSING = ("”", '"', "’", "''")
# Cues of asking: the paragraph after a question answers it, in someone else's words.
QUESTIONING = frozenset("ask asks asked asking questioned pressed wondered".split())


def colon_subject(
    text: str, start: int, end: int
) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """A quote a sentence introduces with a colon and no cue we know: "Sanders delivered a
    snappy retort: “…”", "He then listed the qualities of a nominee: “…”". The sentence's
    subject speaks; the colon is the cue, as PolNeAR often marks it."""
    head = text[start:end].rstrip(" \u00a0")
    if not head.endswith(":"):
        return None
    colon = start + len(head) - 1
    named = credit(text, start, colon)
    if named is not None:
        # "HEADLINE - Mark Blumenthal and Jon Cohen: “…”", "From the report: “…”": a roundup's
        # credit line names whose words follow.
        return (colon, colon + 1), named.span(1)
    tokens = tokens_of(text, start, colon)
    subject = subject_of(tokens)
    if not subject:
        return None
    last = subject[-1][2]
    if len(subject) > 1 and subject[-1] == tokens[-1] and last.islower() and is_speech_word(last):
        subject = subject[:-1]  # "The New York Times reports:": a verb, not the head noun
    # Only a person's name or a pronoun, then a finite verb: headlines ("IOWA POLLS NOT
    # WRONG:"), times ("The next day:") and captions have no speaker to give.
    if not _speaker_like(subject):
        return None
    k = _verb_after(tokens, subject)
    if k < 0:
        return None
    progressive = k + 1 < len(tokens) and tokens[k + 1][2].endswith("ing")
    if tokens[k][2] in _BE and not progressive:
        return None  # "Jews are described as: “…”" (not "Obama is rolling out an argument:")
    # "Lena Ortiz interjected: “…”": a verb right before the colon is the cue with it, as is
    # a participle of saying ("Trump took to Twitter, writing: “…”").
    last_word = len(tokens) - 1
    if k == last_word or (
        k < last_word
        and tokens[last_word][2].endswith("ing")
        and is_speech_word(tokens[last_word][2])
    ):
        cue = (tokens[last_word][0], colon + 1)
    else:
        cue = (colon, colon + 1)
    # "She became so upset that I had to change my answer: “…”", "Reid said X, but he gave a
    # compliment: “…”": the last clause before the colon has a subject of its own, who
    # speaks; not a clause a speech verb reports ("Axelrod said that she has learned: “…”").
    reports = cue_at(tokens, k) > 0
    for m in range(len(tokens) - 3, k, -1):
        opener = tokens[m][2].lower()
        if (
            opener in _CLAUSE_JOINS
            and not (reports and opener == "that")
            and tokens[m + 1][2].lower() in SUBJECT_PRONOUNS
            and _verb_after(tokens, [tokens[m + 1]]) == m + 2
        ):
            return cue, span([tokens[m + 1]])
    return cue, span(subject)


# A credit before a colon: a name or two (or "the report") after a spaced dash, or after
# "(More) from" opening the sentence.
_NAME = r"(?:[A-Z][\w.’'-]*[ \u00a0]+){0,3}[A-Z][\w.’'-]*"
_CREDITED = (
    r"("
    + _NAME
    + r"(?:,?[ \u00a0]+and[ \u00a0]+"
    + _NAME
    + r")?|the (?:report|study|survey|poll|statement|letter|memo|book|article|paper))"
    r"[ \u00a0]*:$"
)
_CREDIT_AFTER_DASH = re.compile(r"[ \u00a0][-–—][ \u00a0]+" + _CREDITED)
_CREDIT_FROM = re.compile(r"(?:More[ \u00a0]+)?[Ff]rom[ \u00a0]+" + _CREDITED)
_CLAUSE_JOINS = frozenset("that so because when and but while until".split())


def credit(text: str, start: int, colon: int) -> re.Match[str] | None:
    """The credit closing ``text[start:colon + 1]`` on the colon at ``colon`` ("… - Philip
    Bump:", "More from the report:"), its group 1 the name; ``None`` if there is none."""
    return _CREDIT_FROM.match(text, start, colon + 1) or _CREDIT_AFTER_DASH.search(
        text, start, colon + 1
    )


def _verb_after(tokens: list[tuple[int, int, str]], subject: list[tuple[int, int, str]]) -> int:
    """The index of the finite verb right after ``subject`` in ``tokens`` (past adverbs), or
    -1 when none looks like one ("Sanders delivered", "He then listed"; not "Too bad that")."""
    k = token_after(tokens, subject[-1][1])
    while k < len(tokens) and verb_adverb(tokens[k][2]):
        k += 1
    verb = tokens[k][2] if k < len(tokens) else ""
    return k if verb.islower() and verb.isalpha() and finite_look(verb) else -1


def _addressed(tokens: list[tuple[int, int, str]], k: int) -> bool:
    """Whether the cue at ``k`` is a passive whose subject is spoken to ("was asked", "were
    quickly told", "had been pressed")."""
    if tokens[k][2] not in ADDRESSEE_PASSIVES:
        return False
    m = k - 1
    while m >= 0 and verb_adverb(tokens[m][2]):
        m -= 1
    return m >= 0 and tokens[m][2].lower() in BE_FORMS


def _speaker_like(subject: list[tuple[int, int, str]]) -> bool:
    """Whether a sentence's subject is a personal pronoun or a person's name of at most four
    capitalised words ("Sanders", "He"; not "It", "Too bad", "IOWA POLLS")."""
    words = [t[2] for t in subject]
    if len(words) == 1 and words[0].lower() in SUBJECT_PRONOUNS:
        return True
    # A name after its role ("Republican presidential nominee Donald Trump", "Kremlin
    # spokesman Dmitri Peskov"): the name of two words or more after a role in lower case.
    role = max((m for m, w in enumerate(words) if w.islower()), default=-1)
    if 0 <= role <= 3 and len(words) - role - 1 >= 2:
        words = words[role + 1 :]
    return (
        len(words) <= 4
        and all(w[:1].isupper() and not w.isupper() for w in words)
        and words[0].lower() not in PRONOUNS  # "It …:" speaks for no one
        and all(w.isalpha() or w.endswith(".") for w in words)
    )


_BE = frozenset("is are was were".split())


def _source_of(
    text: str, tokens: list[tuple[int, int, str]], k: int, n: int
) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """(cue, source) for the cue of ``n`` tokens at ``k`` in a sentence head before a quote."""
    cue = span(tokens[k : k + n])
    head = tokens[:k]
    if _addressed(tokens, k):
        # "Trump was asked, “…”", "his salespersons were told, “…”": the subject is the one
        # spoken to, as in reported speech; the agent after "by", if any, speaks.
        rest = tokens[k + n :]
        agent = rest[1:] if rest and rest[0][2] == "by" else []
        return cue, (span(agent) if agent and is_source(agent) else None)
    while head and (head[-1][2] in AUXILIARIES or verb_adverb(head[-1][2])):
        # "Sanders had previously said, “…”", "X, who coined the word, once said, “…”": the
        # verb's auxiliary and adverbs.
        head = head[:-1]
    # The appositive may close on a title's marks ("Amar, author of ''Unwritten
    # Constitution,'' put it, ''…''"): its comma is inside them.
    last = len(head)
    while last > 1 and head[last - 1][2] in CLOSING_MARKS:
        last -= 1
    if head and head[last - 1][2] == "," and not tokens[k][2].endswith("ing"):
        # "(At one point,) Trump, who has 9 million followers, tweeted, “…”": a name and its
        # appositive before a finite cue.
        comma = next(m for m, t in enumerate(head) if t[2] == ",")
        named = source_before(tokens, comma, len(head)) if comma < last - 1 else None
        if named:
            return cue, span(named)
    if head and head[-1][2] == ",":
        # "SUBJECT VERB …, saying, “…”": the sentence subject speaks; after a quote, the
        # attribution following it does ('“…,” X said, adding, “…”': the sentence may open
        # inside that quote).
        mark = _last_quote_mark(head)
        if mark < 0:
            # "…, Nefzi said, adding, “…”": the attribution closing the clause before; else
            # the sentence's subject.
            commas = [m for m in range(len(head) - 1) if head[m][2] == ","]
            start = head[commas[-1] + 1][0] if commas else head[0][0]
            closing = after_quote(text, start, head[-1][0])
            if closing is not None and closing[1] is not None and closing[0][1] == head[-2][1]:
                return cue, closing[1]
            subject = subject_of(head)
            return cue, (span(subject) if subject else None)
        after = after_quote(text, head[mark][1], head[-1][0])
        return cue, (after[1] if after else None)
    if head and tokens[k][2].endswith("ing") and _last_quote_mark(head) == len(head) - 1:
        # 'Trump told Newsmax that Romney “…,” adding, “…”': the quotation closed its comma.
        return cue, _speaking_subject(head)
    if head and head[-1][2].lower() in _THEN and (mark := _last_quote_mark(head)) >= 0:
        # '“…,” Trump said before adding: “…”': the attribution after the quote before, or the
        # name right after it ('“…,” Blige sings to Clinton before asking her, “…”').
        after = after_quote(text, head[mark][1], head[-1][0])
        if after is not None:
            return cue, after[1]
        name = list(takewhile(lambda t: t[2][:1].isupper(), head[mark + 1 :]))
        return cue, (span(name) if name and is_source(name) else None)
    if head and head[-1][2].lower() == "and":
        # "SUBJECT VERB … and said, “…”": the subject of the last clause ("Eight years ago, he
        # backed Obama and said" -> "he").
        words = [t[2] for t in head]
        if _QUOTE_TOKENS.intersection(words):
            return cue, None
        verbs = head[:-2] if words[-2:-1] == [","] else head[:-1]  # "…, and added:"
        # The nearest clause with a subject ("…, he looked up, frowned and said" -> "he").
        starts = [m + 1 for m in range(len(verbs) - 1, -1, -1) if verbs[m][2] == ","] + [0]
        subject = next(filter(None, (subject_of(verbs[m:]) for m in starts)), None)
        return cue, (span(subject) if subject else None)
    if head and head[-1][2].lower() in _COMPLEMENT_OPENERS:
        # "He went on to say, “…”", "He explained the headline by saying: “…”", "He praised
        # them but said, “…”": the cue complements the sentence subject's verb (when it
        # names someone: "Too bad that Trump won’t get to say" has none).
        # The sentence subject's, or else that of the clause "that" opens ("… was so subdued
        # that Mr. Trump was prompted to say, “…”").
        that = [m + 1 for m in range(k - 1, 0, -1) if tokens[m][2].lower() == "that"][:1]
        for m in [0, *that]:
            subject = subject_of(tokens[m:k])
            if subject and _verb_after(tokens[m:k], subject) >= 0:
                return cue, span(subject)
    if "," in (t[2] for t in head):
        head = head[len(head) - [t[2] for t in head][::-1].index(",") :]
    who = next((m for m, t in enumerate(head) if t[2] == "who"), 0)
    if who and len(head) <= MAX_APPOSITIVE_TOKENS and is_source(head[:who]):
        # "a White House official who spoke anonymously to discuss strategy said, “…”": the
        # noun phrase and its relative clause (as PolNeAR marks it), not the clause's end.
        return cue, span(head)
    source = head[-MAX_SOURCE_TOKENS:]
    singles = cue_sets()[0]
    # Not past another speech verb ("Lynch said she recalled"), nor an adverb ("recently").
    while source and (not is_source(source) or singles.intersection(t[2] for t in source[1:])):
        source = source[1:]
    word = source[0][2] if len(source) == 1 else ""
    if ly_adverb(word) or (ly_adverb(word.lower()) and tokens[k][2].endswith("ing")):
        source = []  # "…, recently said, “…”", "Simply remarking, “…”"; not "Kelly responded"
    source = without_adverb(source) if source else source  # "Though the report admitted, “…”"
    if source and tokens[k][2].endswith("ing"):
        # "She sent an email saying, “…”", "carrying signs saying, “…”": the participle tells
        # what the verb's object says; the verb's subject is the source.
        i = next(m for m, t in enumerate(tokens) if t[0] == source[0][0])
        before = tokens[i - 1][2] if i else ""
        verb = next((m for m in range(len(source) - 1, 0, -1) if past_look(source[m][2])), 0)
        if verb and is_source(source[:verb]):
            source = source[:verb]  # "Ann Ortiz sent an email saying"
        elif before.islower() and (finite_look(before) or before.endswith("ing")):
            subject = subject_of(tokens[:k])
            source = subject if subject and _speaker_like(subject) else []
    return cue, (span(source) if source else None)


def _speaking_subject(head: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """The subject of a sentence whose cue a quotation followed ("Trump told Newsmax that
    Romney “…,” adding, “…”", "She said she was thinking, “…,” adding: “…”": she adds);
    none when the sentence opens with the quotation or its verb is no cue."""
    subject = subject_of(head)
    if subject is None or not _speaker_like(subject):
        return None
    verb = _verb_after(head, subject)
    return span(subject) if verb >= 0 and cue_at(head, verb) else None


def _last_quote_mark(tokens: list[tuple[int, int, str]]) -> int:
    """The index of the last quotation mark among ``tokens``, or -1."""
    return next((m for m in range(len(tokens) - 1, -1, -1) if _quote_mark(tokens, m)), -1)


def _quote_mark(tokens: list[tuple[int, int, str]], m: int) -> bool:
    """Whether token ``m`` is a quotation mark, not an apostrophe glued to the word before it
    ("Sanders’ comments")."""
    word = tokens[m][2]
    if word not in _QUOTE_TOKENS:
        return False
    glued = m > 0 and tokens[m - 1][1] == tokens[m][0] and tokens[m - 1][2][-1:].isalpha()
    return not (word in "’'" and glued)


_TELLING = frozenset("telling told tells tell".split())
# Words joining a second cue to an attribution after a quote ("“…,” X said before adding:").
_THEN = frozenset("before after then while".split())
# Words before a cue that make it a complement of the subject's verb ("went on to say", "began
# by saying", "… but said", "drew boos upon saying").
_COMPLEMENT_OPENERS = frozenset("to by but upon".split())


def introduces_next(
    text: str, qe: int, cue_source: tuple[tuple[int, int], tuple[int, int] | None]
) -> bool:
    """Whether the ``SOURCE CUE`` after a quote ending at ``qe`` introduces what follows it
    instead: a colon after it ("X added: “…”"), or, when the quote closed a sentence, an
    opening quotation mark ("“… vote.” The MP added “…”") or "that" ("“… FRAUD.” Ms.
    Broaddrick also said that …"). Such a quote is the speaker's before it, or no one's:
    taking the next speaker's attribution would misattribute it."""
    cue, source = cue_source
    end = max(cue[1], source[1] if source is not None else 0)
    rest = text[end : end + 8].lstrip(" \u00a0")
    if rest.startswith(":"):
        return True
    closed = text[qe - 2 : qe - 1] == "."
    return closed and (rest[:1] in _OPENING_MARKS or re.match(r"that\b", rest) is not None)


_OPENING_MARKS = frozenset("“\"'‘«")


def quote_opening(text: str, qs: int) -> str:
    """How a quote at ``qs`` begins: ``start`` (of a paragraph or sentence, after a quote),
    ``clause`` (after a comma, colon or dash) or ``embedded`` (inside a clause: after a word).

    On PolNeAR train, quotes of four or more words opening a paragraph or a sentence are a
    whole gold content in 94% of cases; after a word ("that “…”", "was “…”") in 7%.
    """
    j = qs - 1
    while j >= 0 and text[j] in " \t\u00a0":
        j -= 1
    if j < 0 or text[j] in "\n.!?”\"'»":
        return "start"
    if text[j] in ",:;—–-(":
        return "clause"
    return "embedded"


# A quote with no attribution is kept when it has at least this many words and ends with
# punctuation inside its marks (a full utterance, not a title or scare quote).
MIN_STANDALONE_WORDS = 4


def standalone(text: str, parts: list[tuple[int, int]], opening: str) -> bool:
    """Whether an unattributed quote is a full utterance."""
    if opening == "embedded":
        return False
    words = sum(len(text[s:e].split()) for s, e in parts)
    tail = text[parts[-1][0] : parts[-1][1]].rstrip("”\"'’» ")
    return words >= MIN_STANDALONE_WORDS and tail[-1:] in ".,!?…-—" and not _title(text, parts)


# A subhead quoting a phrase of its section is this short at most ("'A healthy environment.'").
MAX_SUBHEAD_WORDS = 8
# A text's own quotation marks are double when it has one of these.
DOUBLE_MARK = re.compile("[“”\"]|''")


def subhead(text: str, start: int, end: int, double_marked: bool) -> bool:
    """Whether the quotation ``text[start:end]`` is a subhead: a paragraph of its own, in
    single marks in a text that quotes in double ones (``double_marked``), of a few words
    ("'Totally pro-Israel.'", "'A fight from start to finish.'"). Papers head a section so
    with words said in it; none of them is the previous speaker's, nor a quote of anyone's
    where it stands. (Where single marks are the text's own, as in British papers, such a
    line is a quote's sentence.)"""
    if not double_marked:
        return False
    if text[start : start + 1] not in ("'", "‘") or text[start : start + 2] == "''":
        return False  # "''…''" is the NYT's double mark
    if text[end - 1 : end] not in ("'", "’") or len(text[start:end].split()) > MAX_SUBHEAD_WORDS:
        return False  # closed by its mark ("‘Cause God’s blessing them?" is an elision)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:start].strip() or text[end:line_end].strip():
        return False
    # A sentence starts after it ("'…!'\nthe account posted" goes on with its attribution).
    after = text[line_end : line_end + 200].lstrip()
    return not after or after[0].isupper() or not after[0].isalpha()


# Works whose title a quotation right after them gives ("in his 2012 book, ''An American
# Son.''"): a title, no one's words.
_WORKS = frozenset(
    "book books memoir memoirs autobiography novel film movie documentary album song column "
    "op-ed essay".split()
)
_WORK_BEFORE = re.compile(r"([\w-]+),?\s*$")


def work_title(text: str, parts: list[tuple[int, int]]) -> bool:
    """Whether a quotation right after a work's name is its title ("In his autobiography,
    ''A Time for Truth,'' published in 2015", "she wrote in her memoir, "Tough Choices.""):
    one part, every word of four letters or more capitalised."""
    if len(parts) != 1:
        return False
    start, end = parts[0]
    before = _WORK_BEFORE.search(text, max(0, start - 30), start)
    if before is None or before.group(1).lower() not in _WORKS:
        return False
    long = _LONG_WORD.findall(text, start, end)
    return bool(long) and len(long) <= MAX_SUBHEAD_WORDS and all(w[0].isupper() for w in long)


_LONG_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")


def _title(text: str, parts: list[tuple[int, int]]) -> bool:
    """Whether a quote is in title case, every word of four letters or more capitalised and
    four or more of them ("Crippled America: How to Make America Great Again,", "13 Hours: The
    Secret Soldiers of Benghazi,"): a book's, show's or article's title, no utterance."""
    long = [w for s, e in parts for w in _LONG_WORD.findall(text, s, e)]
    return len(long) >= 4 and all(w[0].isupper() for w in long)


def another_subject(text: str, sentences: list[tuple[int, int]], source: tuple[int, int]) -> bool:
    """Whether one of ``sentences`` (those between a quote's attribution and the next quote)
    opens with a person's name that is not ``source``'s: then the next quote does not go on
    with that speaker ('“…,” Pence said. On CBS, Sen. Bernie Sanders blamed X. “…”' is not
    Pence's). A line with no closing punctuation (a photo's caption) does not count."""
    named = text[source[0] : source[1]]
    if named.lower() in PRONOUNS:
        # "he" stands for a name before it: the capitalised words just before count as its
        # own ('Graham said, “…” “…,” he shouted. Graham warned …' goes on with him).
        named = text[max(0, source[0] - _PRONOUN_REACH) : source[0]]
    own = {w.strip('.,“”"') for w in named.split() if w[:1].isupper()}
    for s, e in sentences:
        if text[s:e].rstrip()[-1:] not in _SENTENCE_CLOSE:
            continue
        subject = subject_of(tokens_of(text, s, e))
        # Its head: the last word before an appositive or a parenthesis, a name when
        # capitalised ("Sen. Bernie Sanders (Vt.), who …"; not "the children of Muslim
        # immigrants").
        head = list(takewhile(lambda t: t[2] not in ",(", subject or []))
        if not head or not head[-1][2][:1].isupper():
            continue
        names = {
            t[2].strip(".,")
            for m, t in enumerate(head)
            if t[2][:1].isupper() and (m or t[2].lower() not in SOURCE_START_OK)
        }
        # A person's name: two words or more ("Sen. Bernie Sanders", "Trevor Noah's"), not one
        # ("TVEL", "People"), unless the article named that person in full before
        # ("Quintanilla seemed taken aback" after "CNBC moderator Carl Quintanilla").
        if not names or names & own:
            continue
        if len(names) > 1 or _named_in_full(text, s, next(iter(names))):
            return True
    return False


def _named_in_full(text: str, end: int, surname: str) -> bool:
    """Whether ``text[:end]`` names someone in full whose last name is ``surname``."""
    pattern = re.compile(_FULL_NAME + re.escape(surname) + r"\b")
    return pattern.search(text, 0, end) is not None  # no copy of the text before


# How far before a pronoun source its name is looked for.
_PRONOUN_REACH = 300
# Capitalised words before a last name ("Carl ", "Rep. Eric "), as a pattern.
_FULL_NAME = r"\b[A-Z][\w.’'-]*[ \u00a0](?:[A-Z][\w.’'-]*[ \u00a0])*"


# How a sentence ends: its punctuation, or a closing quotation mark after it.
_SENTENCE_CLOSE = frozenset(".!?”’\"'")

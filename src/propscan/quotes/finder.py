"""Finding attributions (source, cue, content) in a text with quotation marks and patterns.

Direct quotes come from :func:`~propscan.quotes.marks.quoted_passages`; each is tied to a
source and cue found right after it (``“…,” Peskov said.``, ``“…,” said Peskov.``) or right
before it (``Peskov said: “…”``; ``Peskov spoke on Monday, saying, “…”`` takes the sentence
subject); a quote with neither that opens a paragraph or sentence after an attributed quote
continues that speaker. As in PolNeAR, a source keeps its appositive (``said Dale Belman, a
professor at … who …``; ``Bob Woodward, an editor for the Post, said``, closing comma
included). Reported speech comes from sentence patterns with a cue from the learnt lexicon:
``SOURCE CUE (that) CONTENT.``, ``CONTENT, SOURCE CUE.``, ``CONTENT, CUE SOURCE.``, ``According
to SOURCE, CONTENT.`` and ``CONTENT, according to SOURCE.``; a sentence none of these fits is
searched with the learnt cue tagger (:mod:`propscan.quotes.cuemodel`, trained on PolNeAR
train; every word but the commonest non-cues a candidate): the first token it scores at least
:data:`CUE_THRESHOLD` (by cross-validation on train) starts the cue, which runs as far as the
tagger extends it,
the noun phrase before it the source (the whole ``NAME, APPOSITIVE,`` when the sentence opens
so), the clause after it the content, or the clause before it when nothing follows. A further
learnt cue after a clause boundary in that content (``X said A, but Y said B``) opens a second
attribution (:data:`SECOND_THRESHOLD`), cutting the first content there. ``SUBJECT
appears/seems/is expected …`` has no source (the subject is content) and the passive
``SUBJECT was VERBed by AGENT`` takes the agent as source, as PolNeAR marks them. A sentence
with a direct quote is searched for reported speech only in the part before the quote that
ends as a sentence, and for ``“…,” X said, citing CONTENT`` (a second attribution of X). A quote
opening a sentence or clause with no attribution in reach is kept as a full utterance
(:data:`MIN_STANDALONE_WORDS`); one inside a clause (``said that “…”``) is left to the sentence
rules, as PolNeAR marks the whole clause. Spans follow PolNeAR's conventions: a direct quote's
content includes its marks and the punctuation inside them; reported content runs to the
sentence end, final stop excluded.

Also: a cue may stand a short complement before its quote (``X says of Clinton, “…”``); a
paragraph ending ``X continued:`` introduces the quote opening the next; a paragraph opening
``NAME: …`` is NAME's (a transcript's turn to the paragraph end, a headline's speaker to the
sentence end); a source may be coordinated (``Russia and the Syrian government``, ``the leaders
of A, B and C``); an auxiliary cue runs to its main verb and, when that verb is no lexicon cue,
needs :data:`AUX_THRESHOLD`; an attribution inside its content (``To X, Roberts said, Y.``)
gives both parts, as PolNeAR's content has them; ``Said Ellis: …`` inverts cue and source; a
quote with no attribution leaves its sentence to the reported-speech rules (``X said Y was
“…” when he said “…”``), and a cue right before it takes it whole (``X interjected: “…”``);
a quote its attribution interrupts goes on with it (``“…,” he said of people who …, “…”``);
a quote a colon introduces with no cue we know is the subject's (``Sanders delivered a
retort: “…”``), never the next sentence's. A quote's attribution is looked for within
:data:`ATTRIBUTION_WINDOW` characters of it, so that time grows linearly with the text.

This module ties direct quotes to their attributions and runs the whole; the other parts are
:mod:`propscan.quotes.reported` (the reported-speech rules, and the tagger's thresholds
:data:`CUE_THRESHOLD`, :data:`SECOND_THRESHOLD` and :data:`AUX_THRESHOLD`),
:mod:`propscan.quotes.sources` (source noun phrases, and the ``SOURCE CUE`` after a quote that
both kinds of attribution read), :mod:`propscan.quotes.tokens` (tokens and sentences),
:mod:`propscan.quotes.cuelookup` (lexicon cues among tokens) and :mod:`propscan.quotes.found`
(the :class:`Found` record).
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable
from itertools import takewhile
from typing import TYPE_CHECKING

from propscan.quotes.cuelookup import cue_at, cue_sets
from propscan.quotes.cuemodel import AUX_ADVERBS, AUXILIARIES, speech_verbs
from propscan.quotes.found import Found
from propscan.quotes.marks import quoted_passages
from propscan.quotes.reported import participle_tail, reported_speech
from propscan.quotes.sources import (
    INVERTING,
    IRREGULAR_PAST,
    MAX_SOURCE_TOKENS,
    NOT_SOURCE,
    PRONOUNS,
    SOURCE_START_OK,
    SUBJECT_PRONOUNS,
    after_quote,
    clean_source,
    is_source,
    ly_adverb,
    source_before,
    subject_of,
)
from propscan.quotes.tokens import (
    PARAGRAPH,
    content_end,
    lowered,
    paragraph_sentences,
    span,
    tokens_of,
)

if TYPE_CHECKING:
    from propscan.quotes.evidence import CueEvidence

__all__ = ["Found", "find_attributions"]


# A sentence end after a quote: not the period of an initial or a title ("J.", "Mr.").
_TAIL_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMrs)(?<!\bM[rs])(?<!\bDr)(?<!\bSen|\bRep|\bGov)[.!?](?=\s|$)"
)


# A direct quote's source and cue are looked for at most this many characters after it and
# before it (the longest source with its appositive is 30 tokens): a paragraph of thousands of
# quotes is then read in linear time.
ATTRIBUTION_WINDOW = 400


# What may lie between a quote's attribution and the quote it interrupts: no sentence end, no
# line break, no other quotation mark.
_SENTENCE_GAP = re.compile(r"[^.!?\n“”\"]{0,200}")


def _before_quote(
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
    for k in range(len(tokens) - 2, max(0, len(tokens) - 2 - MAX_COMPLEMENT_TOKENS), -1):
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
            return _source_of(text, tokens, k, n)
    return None


# Tokens after which a cue inverts with its source ("…,” said an Iowa Democrat, “…”).
_AFTER_CLAUSE = frozenset(',”"’')
# A cue may be this many tokens before the quote it introduces ("says of Clinton, “…”").
MAX_COMPLEMENT_TOKENS = 8
_QUOTE_TOKENS = frozenset('“”"‘’«»')


def _attribution_before(
    text: str, qs: int
) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """The ``SOURCE CUE.`` right before a quote at ``qs``, after the closing mark of a quote
    in the same paragraph ('… “…,” Gingrich said. “…”')."""
    w0 = max(0, qs - _BEFORE_WINDOW)
    close = max(
        (p + len(mark) for mark in _CLOSING if (p := text.rfind(mark, w0, qs)) >= 0), default=-1
    )
    if close < 0 or "\n" in text[close:qs]:
        return None
    found = after_quote(text, close, qs)
    if found is None or found[1] is None:
        return None
    # Nothing but a short circumstance may follow it ("said from his office in Orlando.").
    rest = text[max(found[0][1], found[1][1]) : qs].strip(" \u00a0")
    if not rest.endswith(".") or len(rest.split()) > _CIRCUMSTANCE_WORDS:
        return None
    return found


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
_CLOSING = ("”", '"', "’", "''")


def _colon_subject(
    text: str, start: int, end: int
) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """A quote a sentence introduces with a colon and no cue we know: "Sanders delivered a
    snappy retort: “…”", "He then listed the qualities of a nominee: “…”". The sentence's
    subject speaks; the colon is the cue, as PolNeAR often marks it."""
    head = text[start:end].rstrip(" \u00a0")
    if not head.endswith(":"):
        return None
    colon = start + len(head) - 1
    tokens = tokens_of(text, start, colon)
    subject = subject_of(tokens)
    if not subject:
        return None
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
    # "Lena Ortiz interjected: “…”": a verb right before the colon is the cue with it.
    cue = (tokens[k][0] if k == len(tokens) - 1 else colon, colon + 1)
    return cue, span(subject)


def _verb_after(tokens: list[tuple[int, int, str]], subject: list[tuple[int, int, str]]) -> int:
    """The index of the finite verb right after ``subject`` in ``tokens`` (past adverbs), or
    -1 when none looks like one ("Sanders delivered", "He then listed"; not "Too bad that")."""
    k = next((m for m, t in enumerate(tokens) if t[0] >= subject[-1][1]), len(tokens))
    while k < len(tokens) and (tokens[k][2] in AUX_ADVERBS or ly_adverb(tokens[k][2])):
        k += 1
    verb = tokens[k][2] if k < len(tokens) else ""
    return k if verb.islower() and verb.isalpha() and _finite_look(verb) else -1


def _speaker_like(subject: list[tuple[int, int, str]]) -> bool:
    """Whether a sentence's subject is a personal pronoun or a person's name of at most four
    capitalised words ("Sanders", "He"; not "It", "Too bad", "IOWA POLLS")."""
    words = [t[2] for t in subject]
    if len(words) == 1 and words[0].lower() in SUBJECT_PRONOUNS:
        return True
    return (
        len(words) <= 4
        and all(w[:1].isupper() and not w.isupper() for w in words)
        and words[0].lower() not in PRONOUNS  # "It …:" speaks for no one
        and all(w.isalpha() or w.endswith(".") for w in words)
    )


_BE = frozenset("is are was were".split())


def _finite_look(word: str) -> bool:
    """Whether a lower-case word looks like a finite verb after a subject ("delivered",
    "listed", "has", "offered", "says")."""
    return word in AUXILIARIES or word.endswith(("ed", "s")) or word in IRREGULAR_PAST


def _source_of(
    text: str, tokens: list[tuple[int, int, str]], k: int, n: int
) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """(cue, source) for the cue of ``n`` tokens at ``k`` in a sentence head before a quote."""
    cue = span(tokens[k : k + n])
    head = tokens[:k]
    while head and (
        head[-1][2] in AUXILIARIES or head[-1][2] in AUX_ADVERBS or ly_adverb(head[-1][2])
    ):
        # "Sanders had previously said, “…”", "X, who coined the word, once said, “…”": the
        # verb's auxiliary and adverbs.
        head = head[:-1]
    if head and head[-1][2] == "," and not tokens[k][2].endswith("ing"):
        # "(At one point,) Trump, who has 9 million followers, tweeted, “…”": a name and its
        # appositive before a finite cue.
        comma = next(m for m, t in enumerate(head) if t[2] == ",")
        named = source_before(tokens, comma, len(head)) if comma < len(head) - 1 else None
        if named:
            return cue, span(named)
    if head and head[-1][2] == ",":
        # "SUBJECT VERB …, saying, “…”": the sentence subject speaks; after a quote, the
        # attribution following it does ('“…,” X said, adding, “…”': the sentence may open
        # inside that quote).
        marks = [m for m in range(len(head)) if _quote_mark(head, m)]
        if not marks:
            # "…, Nefzi said, adding, “…”": the attribution closing the clause before; else
            # the sentence's subject.
            commas = [m for m in range(len(head) - 1) if head[m][2] == ","]
            start = head[commas[-1] + 1][0] if commas else head[0][0]
            closing = after_quote(text, start, head[-1][0])
            if closing is not None and closing[1] is not None and closing[0][1] == head[-2][1]:
                return cue, closing[1]
            subject = subject_of(head)
            return cue, (span(subject) if subject else None)
        after = after_quote(text, head[marks[-1]][1], head[-1][0])
        return cue, (after[1] if after else None)
    if head and head[-1][2].lower() in _THEN:
        # '“…,” Trump said before adding: “…”': the attribution after the quote before, or the
        # name right after it ('“…,” Blige sings to Clinton before asking her, “…”').
        marks = [m for m in range(len(head)) if _quote_mark(head, m)]
        if marks:
            after = after_quote(text, head[marks[-1]][1], head[-1][0])
            if after is not None:
                return cue, after[1]
            name = list(takewhile(lambda t: t[2][:1].isupper(), head[marks[-1] + 1 :]))
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
    if "," in (t[2] for t in head):
        head = head[len(head) - [t[2] for t in head][::-1].index(",") :]
    source = head[-MAX_SOURCE_TOKENS:]
    singles = cue_sets()[0]
    # Not past another speech verb ("Lynch said she recalled"), nor an adverb ("recently").
    while source and (not is_source(source) or singles.intersection(t[2] for t in source[1:])):
        source = source[1:]
    if len(source) == 1 and source[0][2].endswith("ly"):
        source = []
    if not source and head and head[-1][2].lower() in _COMPLEMENT_OPENERS:
        # "He went on to say, “…”", "he began by saying, “…”", "He praised them but said,
        # “…”": the cue complements the sentence subject's verb (when it names someone:
        # "Too bad that Trump won’t get to say" has none).
        subject = subject_of(tokens[:k])
        source = subject if subject and _verb_after(tokens[:k], subject) >= 0 else []
    return cue, (span(source) if source else None)


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
# by saying", "… but said").
_COMPLEMENT_OPENERS = frozenset("to by but".split())


def _introduces_next(
    text: str, qe: int, cue_source: tuple[tuple[int, int], tuple[int, int] | None]
) -> bool:
    """Whether the ``SOURCE CUE`` after a quote ending at ``qe`` introduces what follows it
    instead: a colon after it ("X added: “…”"), or an opening quotation mark after it when the
    quote closed a sentence ("“… vote.” The MP added “…”"). Such a quote is the speaker's
    before it, or no one's: taking the next speaker's attribution would misattribute it."""
    cue, source = cue_source
    end = max(cue[1], source[1] if source is not None else 0)
    rest = text[end : end + 3].lstrip(" \u00a0")
    if rest.startswith(":"):
        return True
    closed = text[qe - 2 : qe - 1] == "."
    return closed and rest[:1] in _OPENING_MARKS


_OPENING_MARKS = frozenset("“\"'‘«")


def _opening(text: str, qs: int) -> str:
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


def _standalone(text: str, parts: list[tuple[int, int]], opening: str) -> bool:
    """Whether an unattributed quote is a full utterance."""
    if opening == "embedded":
        return False
    words = sum(len(text[s:e].split()) for s, e in parts)
    tail = text[parts[-1][0] : parts[-1][1]].rstrip("”\"'’» ")
    return words >= MIN_STANDALONE_WORDS and tail[-1:] in ".,!?…-—"


def find_attributions(
    text: str, end: int | None = None, cues: CueEvidence | None = None
) -> list[Found]:
    """All attributions in ``text[:end]``, in text order (``cues``: an encoder's cue evidence
    over ``text``, if any; the linear tagger's probabilities alone otherwise)."""
    stop = len(text) if end is None else end
    found: list[Found] = []
    covered: list[tuple[int, int]] = []
    # The cues of direct quotes: a sentence's reported speech is looked for before the first.
    claimed: list[tuple[int, int]] = []
    loose: list[tuple[int, int]] = []  # the parts of direct quotes with no attribution
    taken: set[tuple[int, int]] = set()  # those a sentence's reported speech attributes
    spoke: dict[int, tuple[int, int] | None] = {}  # after-quote attribution end -> source
    spoke_ends: list[int] = []  # its keys, sorted
    sentences = paragraph_sentences(text, stop)
    starts = [s for s, _ in sentences]

    def sentence_of(pos: int) -> tuple[int, int]:
        lo, hi = 0, len(starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if starts[mid] <= pos:
                lo = mid + 1
            else:
                hi = mid
        return sentences[lo - 1] if lo else (0, stop)

    labelled = _labelled(text, stop, sentence_of)
    for item in labelled:
        found.append(item)
        if item.cue is not None:
            claimed.append(item.cue)
        covered.append(item.content)
    label_spans = [(f.source[0] if f.source else f.content[0], f.content[1]) for f in labelled]
    last: Found | None = None
    last_end = -1
    for parts in quoted_passages(text, stop):
        qs, qe = parts[0][0], parts[-1][1]
        if label_spans and any(ls - 1 <= qs < le for ls, le in label_spans):
            continue  # '"WALLACE: …': the label's attribution holds the passage
        ss, _ = sentence_of(qs)
        # The attribution may follow the quote in the sentence after its closing mark (looked
        # for within a window, so that a paragraph of many quotes costs linear time).
        window = min(stop, qe + ATTRIBUTION_WINDOW)
        para_end = text.find("\n", qe, window)
        para_end = window if para_end < 0 else para_end
        tail_end = para_end
        for m in _TAIL_END.finditer(text, qe, para_end):
            tail_end = m.end()
            break
        opening = _opening(text, qs)
        if opening == "embedded":
            continue  # part of a reported clause (said that “…”): left to the sentence rules
        cue_source = after_quote(text, qe, tail_end)
        if cue_source is not None and _introduces_next(text, qe, cue_source):
            cue_source = None  # “…” X added: “…”: X says the next quote, not this one
        if cue_source is not None and text[qe - 2 : qe - 1] in ".!?" and qs > ss:
            # A quote that closes its sentence ("X added: “… act.” Y agreed.") is the one its
            # sentence introduces, when it does; what follows is the next sentence's. Also
            # when the introducing cue is none we know ("…, writing in an email: “….” Y
            # said"): the sentence rules may read it.
            before = _before_quote(text, ss, qs)
            introduced = text[max(ss, qs - 3) : qs].rstrip(" \u00a0").endswith(":")
            if introduced or (before is not None and text[qe - 2] == "."):
                cue_source = before
        if cue_source is None and qs > ss:
            if qs - ss > ATTRIBUTION_WINDOW:  # a long sentence head: its end, from a word start
                cut = text.find(" ", qs - ATTRIBUTION_WINDOW, qs)
                ss = cut + 1 if cut >= 0 else qs
            cue_source = _before_quote(text, ss, qs)
            if cue_source is None:
                cue_source = _colon_subject(text, ss, qs)
            elif (
                cue_source[1] is None
                and last is not None
                and last.source is not None
                and last.cue is not None
                and last.cue[1] <= last.content[0]
                and not text[last.content[1] : cue_source[0][0]].strip(" ,\u00a0")
            ):
                # 'she stated, “…,” adding, “…”': a participle right after the quote before,
                # whose attribution came before it, is the same speaker's.
                cue_source = (cue_source[0], last.source)
        if cue_source is None and opening == "start":
            # "Caddell continued:" closing the previous paragraph introduces the quote.
            w0 = max(0, qs - ATTRIBUTION_WINDOW)
            pe = w0 + len(text[w0:qs].rstrip())
            if pe > 0 and text[pe - 1] == ":" and "\n" in text[pe:qs]:
                ps, _ = sentence_of(pe - 1)
                if pe - ps <= ATTRIBUTION_WINDOW:
                    cue_source = _before_quote(text, ps, pe) or _colon_subject(text, ps, pe)
        if cue_source is None:
            # '“…”\n\n- Bernie Sanders.': a line of a dash and a name signs the quote above.
            signed = _SIGNATURE.match(text, qe, min(stop, qe + ATTRIBUTION_WINDOW))
            if signed is not None:
                start, end = signed.span(2)
                if text[end - 1] == "." and not re.search(r"\b[A-Z]\.$", text[start:end]):
                    end -= 1  # the sentence's stop, not an initial's
                cue_source = (signed.span(1), (start, end))
        borrowed = False  # the attribution is the sentence before's, read there too
        if cue_source is None and opening == "start":
            # 'Trump is “rapidly learning …,” Gingrich said. “…”': the sentence before ends
            # with a quote inside reported speech and its attribution, which this quote's.
            cue_source = _attribution_before(text, qs)
            borrowed = cue_source is not None
        if cue_source is None and last is not None and last.cue and opening == "start":
            gap = text[last_end:qs]
            if gap.count("\n") <= 2 and len(gap) < 400:
                cue_source = (last.cue, last.source)
        if (
            cue_source is None
            and last is not None
            and last.cue
            and opening == "clause"
            and last.content[1] <= last.cue[0]
            and _SENTENCE_GAP.fullmatch(text, last_end, qs)
        ):
            # '“…,” he said of people whose rights were restored, “…”': the same sentence
            # goes on with the quote its attribution interrupted.
            cue_source = (last.cue, last.source)
        cue: tuple[int, int] | None = None
        source: tuple[int, int] | None = None
        if cue_source is not None:
            cue, source = cue_source
        elif not _standalone(text, parts, opening):
            # A quote of a full utterance with no attribution in reach is still an attribution
            # in PolNeAR (its speaker is elsewhere in the article): kept without cue or source.
            continue
        for s, e in parts:
            item = Found((s, e), cue, source, True)
            found.append(item)
            (covered if cue is not None else loose).append((s, e))
            if cue is not None and not borrowed:
                claimed.append(cue)
            if cue is not None:
                last = item
        if cue is not None and cue[0] >= qe:
            # The attribution follows the quote: the sentence may go on ", citing …".
            spoke_at = max(cue[1], source[1] if source else 0)
            if spoke_at not in spoke:
                insort(spoke_ends, spoke_at)
            spoke[spoke_at] = source
        last_end = max(qe, cue[1]) if cue is not None else qe
    # Reported speech in sentences no direct quote already claims, and in the part of a
    # sentence before its first quote when that part ends as a sentence does ("X listed Y.
    # “…,” X said." is one sentence to the splitter).
    # The quotes' parts are in text order and do not overlap, so their ends are sorted too.
    covered.sort()
    # Quote parts, cues and sources by start, to find those in a sentence without a scan.
    spans = sorted(covered + claimed)
    span_starts = [cs for cs, _ in spans]
    reach = max((ce - cs for cs, ce in spans), default=0)  # the longest: MAX_PART mostly
    for s, e in sentences:
        # A sentence holding a quote's part or its cue ('“…!” Price shouted to the crowd.')
        # has no reported speech after the first of them.
        lo = bisect_left(span_starts, s - reach)
        hi = bisect_left(span_starts, e)
        first = min((cs for cs, ce in spans[lo:hi] if s < ce), default=e)
        if first < e:
            tail = participle_tail(text, s, e, spoke, spoke_ends)
            if tail is not None:
                found.append(tail)
            head = text[s:first].rstrip()
            if len(head) < 20 or first <= s:
                continue
            if head[-1] not in ".!?":
                # "X noted that A, and added: “…”": the clause before the quote's own cue.
                cut = max(head.rfind(", and"), head.rfind(" and "))
                if cut < 20:
                    continue
                head = head[:cut]
            e = s + len(head)
        for item in reported_speech(text, s, e, loose, cues):
            k = bisect_left(loose, (item.content[0], -1))
            if (
                item.cue is not None
                and k < len(loose)
                and loose[k][0] == item.content[0]
                and (
                    item.cue[0] >= item.content[1]
                    or not text[item.cue[1] : loose[k][0]].strip(" ,:\u00a0")
                )
            ):
                # "X interjected: “….”" (the cue right before it), "“…” of the plan, Y said"
                # (the attribution after the content it opens): reported speech that opens
                # with a quote the quote rules left unattributed is that quote's attribution;
                # the quote is the content, marks and all.
                taken.add(loose[k])
                item = Found(loose[k], item.cue, item.source, True)
            found.append(item)
    if taken:
        found = [f for f in found if f.cue is not None or f.content not in taken]
    found.sort(key=lambda f: f.content)
    return [clean_source(text, f) for f in found]


# "NAME: CONTENT" opening a paragraph (a headline's speaker, a transcript's label): at most four
# capitalised words, then a colon and the content.
_LABEL = re.compile(
    r"[ \t\u00a0]*[\"“]?((?:[A-Z][\w’'.\-]*)(?:[ \u00a0]+(?:[A-Z][\w’'.\-]*|of|the)){0,3}):"
    r"[ \u00a0]+(?=[\"“‘'A-Za-z])"
)
# Labels that head a section, not a speaker (newsroom furniture).
_NOT_SPEAKERS = frozenset(
    "update updated editor's note note abstract correction watch read more photo video related "
    "source sources story transcript q a email e-mail wow exclusive contributing".split()
)


# Last words of a label that names a section or a series, not a speaker ("Breitbart News
# Daily:", "Editor's Note:", "Delegate Update:"); "Poll:" stays a source, as in PolNeAR.
_SECTION_HEADS = frozenset(
    "note daily analysis review timeline explainer update updates live podcast opinion "
    "editorial factbox photos newsletter briefing".split()
)


# An upper-case label opening one of the first paragraphs and no other is a dateline.
_DATELINE_PARAGRAPHS = 3


def _labelled(text: str, stop: int, sentence_of: Callable[[int], tuple[int, int]]) -> list[Found]:
    """The ``NAME: CONTENT`` attributions opening paragraphs: content to the paragraph's end
    for an upper-case transcript label (``WALLACE:``), to the sentence's end for a headline's
    speaker (``John McCain: Republican anger …``)."""
    out: list[Found] = []
    labelled = [
        (k, paragraph, m)
        for k, paragraph in enumerate(PARAGRAPH.finditer(text, 0, stop))
        if (m := _LABEL.match(text, paragraph.start(), paragraph.end())) is not None
    ]
    turns = Counter(m.group(1) for _, _, m in labelled if m.group(1).isupper())
    for k, paragraph, m in labelled:
        if k < _DATELINE_PARAGRAPHS and turns[m.group(1)] == 1:
            continue  # "WASHINGTON: Special counsel …": a dateline or a banner, not a turn
        words = m.group(1).lower().replace("’", "'").split()
        if (
            " ".join(words) in _NOT_SPEAKERS
            or words[0] in (_NOT_SPEAKERS | SOURCE_START_OK)
            or words[-1] in _SECTION_HEADS
        ):
            continue
        label = m.group(1)
        if label.lower().endswith(("ed", "ing")):
            continue  # "Revealed:", "Breaking:", "Just Leaked:" head a story, no one speaks
        # A transcript's turn runs to the paragraph's end, a headline's speaker's to the sentence's.
        turn = label.isupper()
        end = paragraph.end() if turn else min(paragraph.end(), sentence_of(m.end())[1])
        end = content_end(text, m.end(), end)
        if end - m.end() < 3:
            continue
        colon = m.start(1) + len(label)
        verb, _, name = label.partition(" ")
        if name and verb.lower() in speech_verbs():
            # "Said Ellis: …" inverts a cue and its source.
            cue = (m.start(1), m.start(1) + len(verb))
            out.append(Found((m.end(), end), cue, (colon - len(name), colon), False))
            continue
        out.append(Found((m.end(), end), (colon, colon + 1), (m.start(1), colon), False))
    return out

"""Finding attributions (source, cue, content) in a text with quotation marks and patterns.

Direct quotes come from :func:`~propscan.quotes.marks.quoted_passages`; each is tied to a
source and cue found right after it (``“…,” Peskov said.``, ``“…,” said Peskov.``) or right
before it (``Peskov said: “…”``; ``Peskov spoke on Monday, saying, “…”`` takes the sentence
subject); a quote with neither that opens a paragraph or sentence after an attributed quote
continues that speaker, unless a sentence between them opens with another person's name. As
in PolNeAR, a source keeps its appositive (``said Dale Belman, a professor at … who …``;
``Bob Woodward, an editor for the Post, said``, closing comma included). Reported speech
comes from sentence patterns with a cue from the learnt lexicon:
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
(:data:`~propscan.quotes.direct.MIN_STANDALONE_WORDS`); one inside a clause (``said that
“…”``) is left to the sentence rules, as PolNeAR marks the whole clause. Spans follow
PolNeAR's conventions: a direct quote's content includes its marks and the punctuation inside
them; reported content runs to the sentence end, final stop excluded.

Also: a cue may stand a short complement before its quote (``X says of Clinton, “…”``); a
paragraph ending ``X continued:`` introduces the quote opening the next; a paragraph opening
``NAME: …`` is NAME's (a transcript's turn to the paragraph end, a headline's speaker to the
sentence end); a source may be coordinated (``Russia and the Syrian government``, ``the leaders
of A, B and C``); an auxiliary cue runs to its main verb and, when that verb is no lexicon cue,
needs :data:`AUX_THRESHOLD`; an attribution inside its content (``To X, Roberts said, Y.``)
gives both parts, as PolNeAR's content has them; ``Said Ellis: …`` inverts cue and source; a
quote with no attribution leaves its sentence to the reported-speech rules (``X said Y was
“…” when he said “…”``), and a cue right before it takes it whole (``X interjected: “…”``),
as the innermost reported content holding it gives it its source (``X said the museum would
tell the stories of … -- “…”``);
a quote its attribution interrupts goes on with it (``“…,” he said of people who …, “…”``);
a quote a colon introduces with no cue we know is the subject's (``Sanders delivered a
retort: “…”``), never the next sentence's. A quote's attribution is looked for within
:data:`ATTRIBUTION_WINDOW` characters of it, so that time grows linearly with the text.

This module ties direct quotes to their attributions and runs the whole; the other parts are
:mod:`propscan.quotes.direct` (a direct quote's attribution before it, a colon's subject, a
signature line), :mod:`propscan.quotes.reported` (the reported-speech rules, and the
tagger's thresholds :data:`CUE_THRESHOLD`, :data:`SECOND_THRESHOLD` and :data:`AUX_THRESHOLD`),
:mod:`propscan.quotes.sources` (source noun phrases, and the ``SOURCE CUE`` after a quote that
both kinds of attribution read), :mod:`propscan.quotes.tokens` (tokens and sentences),
:mod:`propscan.quotes.cuelookup` (lexicon cues among tokens) and :mod:`propscan.quotes.found`
(the :class:`Found` record).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING

from propscan.actors.common_words import lowercase_words
from propscan.actors.lexicon import ABBREVIATED_TITLES
from propscan.quote_kinds import SPEECH, quote_kind
from propscan.quotes.cuemodel import speech_verbs
from propscan.quotes.direct import (
    DOUBLE_MARK,
    QUESTIONING,
    another_subject,
    attribution_before,
    attribution_closing,
    before_quote,
    colon_subject,
    credit,
    introduces_next,
    quote_opening,
    signature,
    signed_inside,
    standalone,
    subhead,
    work_title,
)
from propscan.quotes.found import Found
from propscan.quotes.marks import open_quotation, quoted_passages
from propscan.quotes.reported import (
    asked_opening,
    asked_within,
    infinitive_content,
    participle_tail,
    relative_content,
    reported_speech,
)
from propscan.quotes.sources import (
    CLOSING_MARKS,
    INVERTING,
    LEADING_ADVERBS,
    PRONOUNS,
    SOURCE_START_OK,
    after_quote,
    clean_source,
)
from propscan.quotes.tokens import (
    PARAGRAPH,
    content_end,
    overlaps,
    paragraph_sentences,
)

if TYPE_CHECKING:
    from propscan.quotes.evidence import CueEvidence

__all__ = ["Found", "find_attributions"]


# A sentence end after a quote: not the period of an initial or a title ("J.", "Mr.").
_TAIL_END = re.compile(
    r"(?<!\b[A-Z])"
    + "".join(rf"(?<!\b{title[:-1]})" for title in sorted(ABBREVIATED_TITLES))
    + r"[.!?](?=\s|$)"
)


# A direct quote's source and cue are looked for at most this many characters after it and
# before it (the longest source with its appositive is 30 tokens): a paragraph of thousands of
# quotes is then read in linear time.
ATTRIBUTION_WINDOW = 400


# What follows a cue that reports a clause of its own ("He added that …", "He said, twice,
# that …", "Kasich said he would have fired him").
_OWN_CONTENT = re.compile(
    r"\s*(?:,\s*\w+,\s*)?(?:that|whether|how|why)\b|\s+(?:he|she|they|it|we|i|there)\s+\w",
    re.IGNORECASE,
)


# The marks a closed quote ends with; a part ending otherwise is unclosed at its paragraph's end.
_CLOSERS = "”\"'’»」』›"


# What may lie between a quote's attribution and the quote it interrupts: no sentence end, no
# line break, no other quotation mark.
_SENTENCE_GAP = re.compile(r"[^.!?\n“”\"]{0,200}")


# How the clause before a quote's own cue ends: a conjunction ("…, and", "… but") or a comma
# (before a participle: "…, saying, “…”").
_HEAD_END = re.compile(r"(?:,\s*)?\s(?:and|but)$|,$")
# Subordinators opening a sentence's clause before its main one, which a quote may follow.
_OPENING_SUBORDINATORS = frozenset("after when while before although though since once".split())


def _clauses(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences, cut after a semicolon that closes ``CONTENT, SOURCE CUE``: what follows
    is a clause of its own ("…, political analysts say; in 2012, Mitt Romney stumbled" had
    that clause for the analysts' content). Other semicolons do not cut: a content may run
    on past one ("He said the plan is dead; the vote will fail")."""
    out = []
    for s, e in sentences:
        cut = s
        for m in _SEMICOLON.finditer(text, s, e):
            head = reported_speech(text, cut, m.start() + 1, [])
            if not any(f.cue and f.content[1] <= f.cue[0] for f in head):
                continue
            out.append((cut, m.start() + 1))
            cut = m.end()
        out.append((cut, e))
    return out


_SEMICOLON = re.compile(r";[ \u00a0]+")  # a clause's end


def _quote_head(
    text: str,
    ss: int,
    qs: int,
    cue: tuple[int, int] | None,
    source: tuple[int, int] | None,
) -> tuple[int, int] | None:
    """The words of the sentence from ``ss`` before ``HEAD, SOURCE CUE, “…”`` when the quote
    at ``qs`` goes on with them, opening in lower case ("Clinton, a top aide said, “is very
    confident”", "No name change, he said, ''hides what it really is.''"); else ``None``."""
    if cue is None or source is None or ss >= qs:
        return None
    start, end = min(cue[0], source[0]), max(cue[1], source[1])
    if not (ss < start and end <= qs) or text[end:qs].strip(" ,:\u00a0"):
        return None
    words = text[qs : qs + 40].lstrip("“‘\"'«» ")
    if not words[:1].islower():
        return None
    head = text[ss:start].rstrip(" \u00a0")
    if not head.endswith(",") or DOUBLE_MARK.search(head):
        return None  # (marks in it: another quote's words, not the head's)
    head = head[:-1].rstrip()
    lead = len(head) - len(head.lstrip())
    words_before = head.lower().split()
    if not words_before or all(w.rstrip(",") in LEADING_ADVERBS for w in words_before):
        return None  # "But, he said, “…”"
    if words_before[-1] in _CLAUSE_OPEN:
        return None  # "… that Shapira, who, according to …": a clause left open
    return ss + lead, ss + len(head)


# Words that leave a head's clause open (a relative, a conjunction).
_CLAUSE_OPEN = frozenset("who which that whose and but or".split())


def _sentence_goes_on(text: str, start: int, end: int) -> bool:
    """Whether the sentence holding the quotation ``text[start:end]`` goes on after it with
    words of its own (not another quotation, not after a stop inside its marks)."""
    inside = text[start:end].rstrip(_CLOSERS + " ")
    after = text[end : end + 3].lstrip(" \u00a0")
    return inside[-1:] not in ".!?" and after[:1].isalpha()


def _credit_line(text: str, item: Found) -> bool:
    """Whether ``item`` is a reporter's credit line, no attribution: "Costa reported from
    Washington.", "Phillip reported from Oakland, Calif.; Gearan, from Washington." (a
    content of only "from" and a place)."""
    if item.direct or item.cue is None:
        return False
    content = text[item.content[0] : item.content[1]]
    cue = text[item.cue[0] : item.cue[1]].lower()
    return cue == "reported" and content.startswith("from ") and len(content.split()) <= 8


def _before_quotations(text: str, found: list[Found]) -> list[Found]:
    """``found`` with each reported content cut at a colon that introduces a quotation found
    as one ("said this about the ferry: “…”": "this about the ferry", the quote its own), once
    the quotes inside have taken its attribution; and without a content that only points at
    that quotation ("explained it this way", "wrote the following", "told him")."""
    starts = sorted(f.content[0] for f in found if f.direct)
    out = []
    for f in found:
        s, e = f.content
        k = bisect_right(starts, s)
        if not f.direct and k < len(starts) and starts[k] < e:
            colon = text.rfind(":", s, starts[k])
            if colon > s and not text[colon + 1 : starts[k]].strip():
                f = replace(f, content=(s, s + len(text[s:colon].rstrip())))
        if f.direct or not _points_at_quotation(text, f):
            out.append(f)
    return out


def _points_at_quotation(text: str, item: Found) -> bool:
    """Whether ``item``'s content, closing before a colon, only points at what follows
    ("said this", "explained it this way", "wrote the following", "told him")."""
    end = item.content[1]
    if text[end : end + 1] != ":":
        return False
    words = text[item.content[0] : item.content[1]].lower().split()
    return (
        len(words) <= 2
        or (words[0] in ("this", "these") and len(words) <= 4)
        or words[:2] == ["the", "following"]
        or words[-2:] == ["this", "way"]
    )


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

    labelled = _labelled(text, stop, sentence_of) + _blocks(text, stop, sentence_of)
    for item in labelled:
        found.append(item)
        if item.cue is not None:
            claimed.append(item.cue)
        covered.append(item.content)
    label_spans = [(f.source[0] if f.source else f.content[0], f.content[1]) for f in labelled]
    last: Found | None = None
    last_end = -1
    double_marked = DOUBLE_MARK.search(text, 0, stop) is not None
    titles: set[tuple[int, int]] = set()  # works' titles in quotation marks, no one's words
    for parts in quoted_passages(text, stop):
        qs, qe = parts[0][0], parts[-1][1]
        if label_spans and any(ls - 1 <= qs < le for ls, le in label_spans):
            continue  # '"WALLACE: …': the label's attribution holds the passage
        if len(parts) == 1 and subhead(text, qs, qe, double_marked):
            last = None  # the section it heads starts with no speaker carried over
            continue
        if work_title(text, parts):
            titles.add((qs, qe))
            if _sentence_goes_on(text, qs, qe):
                # "In his book, ''Doomed to Succeed,'' Mr. Ross said …": the sentence's own
                # attribution, which the sentence rules read around the title.
                continue
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
        opening = quote_opening(text, qs)
        if opening == "embedded":
            continue  # part of a reported clause (said that “…”): left to the sentence rules
        cue_source = after_quote(text, qe, tail_end)
        if cue_source is not None and introduces_next(text, qe, cue_source):
            cue_source = None  # “…” X added: “…”: X says the next quote, not this one
        if (
            cue_source is not None
            and text[max(qs, qe - 3) : qe].rstrip(_CLOSERS)[-1:] in (".", "!", "?")
            and _OWN_CONTENT.match(text, max(part[1] for part in cue_source if part))
        ):
            # “….” He added that …: a sentence of its own, whose cue has its own content;
            # the quote is the speaker's before, if any.
            cue_source = None
        if (
            cue_source is None
            and qs == ss
            and text[qe - 2 : qe - 1] not in ".!?"
            and attribution_closing(text, qe, tail_end) is not None
        ):
            # '“We're alive” at the convention, he said.': the sentence's own attribution,
            # which the sentence rules read with all of its content; no speaker before's.
            continue
        if cue_source is not None and text[qe - 2 : qe - 1] in ".!?" and qs > ss:
            # A quote that closes its sentence ("X added: “… act.” Y agreed.") is the one its
            # sentence introduces, when it does; what follows is the next sentence's. Also
            # when the introducing cue is none we know ("…, writing in an email: “….” Y
            # said"): the sentence rules may read it.
            before = before_quote(text, ss, qs)
            introduced = text[max(ss, qs - 3) : qs].rstrip(" \u00a0").endswith(":")
            if introduced or (before is not None and text[qe - 2] == "."):
                cue_source = before
        if cue_source is None and qs > ss:
            if qs - ss > ATTRIBUTION_WINDOW:  # a long sentence head: its end, from a word start
                cut = text.find(" ", qs - ATTRIBUTION_WINDOW, qs)
                ss = cut + 1 if cut >= 0 else qs
            cue_source = before_quote(text, ss, qs)
            if cue_source is None:
                cue_source = colon_subject(text, ss, qs)
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
                    cue_source = before_quote(text, ps, pe) or colon_subject(text, ps, pe)
        if cue_source is None:
            # '“…”\n\n- Bernie Sanders.': a line of a dash and a name signs the quote above.
            cue_source = signature(text, qe, min(stop, qe + ATTRIBUTION_WINDOW))
        if cue_source is None and text[qe - 1] not in _CLOSERS:
            # '"…⏎Dean Baker, CEPR."': the quote's marks close after the name signing it.
            cue_source = signed_inside(text, qe, min(stop, qe + ATTRIBUTION_WINDOW))
        borrowed = False  # the attribution is the sentence before's, read there too
        if cue_source is None and opening == "start":
            # 'Trump is “rapidly learning …,” Gingrich said. “…”': the sentence before ends
            # with a quote inside reported speech and its attribution, which this quote's.
            cue_source = attribution_before(text, qs)
            borrowed = cue_source is not None
        if cue_source is None and last is not None and last.cue and opening == "start":
            gap = text[last_end:qs]
            if (
                gap.count("\n") <= 2
                and len(gap) < 400
                and (
                    last.source is None
                    or not another_subject(
                        text,
                        sentences[bisect_right(starts, last_end) : bisect_left(starts, qs)],
                        last.source,
                    )
                )
            ):
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
        elif not standalone(text, parts, opening):
            # A quote of a full utterance with no attribution in reach is still an attribution
            # in PolNeAR (its speaker is elsewhere in the article): kept without cue or source.
            continue
        opening_words = _quote_head(text, ss, qs, cue, source)
        if opening_words is not None:
            # "No name change, he said, ''hides what it really is.''": the sentence's words
            # before the attribution are the quote's too, as PolNeAR marks them.
            found.append(Found(opening_words, cue, source, False))
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
    # Reported speech in sentences (their clauses, :func:`_clauses`) no direct quote already
    # claims, and in the part of a sentence before its first quote when that part ends as a
    # sentence does ("X listed Y. “…,” X said." is one sentence to the splitter).
    # The quotes' parts are in text order and do not overlap, so their ends are sorted too.
    covered.sort()
    # Quote parts, cues and sources by start, to find those in a sentence without a scan.
    spans = sorted(covered + claimed)
    span_starts = [cs for cs, _ in spans]
    reach = max((ce - cs for cs, ce in spans), default=0)  # the longest: MAX_PART mostly
    questions: list[Found] = []  # "…,” X said when asked whether …": read in every sentence
    for s, e in _clauses(text, sentences):
        questions += asked_within(text, s, e)
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
            if len(head) < 20 or first <= s or (text[first] == ":" and credit(text, s, first)):
                continue  # "HEADLINE - Philip Bump: “…”": a headline and a credit, no clause
            # "But he said he was too busy …: “…”": a colon, the quote's cue, closes a clause
            # with attributions of its own, read whole.
            if head[-1] not in ".!?:" and text[first] != ":" and not asked_opening(head):
                # "X noted that A, and added: “…”": the clause before the quote's own cue.
                # ("Asked if …, Devine responded: “…”": the question before it is read.)
                # So is the clause before "but said, “…”" or ", saying, “…”".
                joint = _HEAD_END.search(head)
                cut = joint.start() if joint else max(head.rfind(", and"), head.rfind(" and "))
                if cut < 0 and head.split(None, 1)[0].lower() in _OPENING_SUBORDINATORS:
                    # "After Glenn Beck asked the conservative who …, D’Souza replied, “…”":
                    # the subordinate clause opening the sentence, to its comma.
                    cut = head.rfind(",")
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
                    or not text[_attribution_end(item) : loose[k][0]].strip(" ,:\u00a0")
                )
            ):
                # "X interjected: “….”" (the cue right before it), "According to Limbaugh,
                # “…”" (its cue and source), "“…” of the plan, Y said"
                # (the attribution after the content it opens): reported speech that opens
                # with a quote the quote rules left unattributed is that quote's attribution;
                # the quote is the content, marks and all.
                taken.add(loose[k])
                item = Found(loose[k], item.cue, item.source, True)
            found.append(item)
    if taken:
        found = [f for f in found if f.cue is not None or f.content not in taken]
    for q in questions:  # few: a scan each
        assert q.cue is not None
        cue, whole = q.cue, (q.cue[0], q.content[1])
        if not overlaps(cue, (f.cue for f in found if f.cue)) and not overlaps(whole, covered):
            found.append(q)
    found = _quoted_after_reported(text, _quoted_in_reported(found))
    found = _before_quotations(text, found)
    # A content that trims to nothing (" said  said ...": the "..." goes) reports nothing;
    # dropped once here for every rule that builds one.
    found = [
        f
        for f in found
        if f.content[0] < f.content[1]
        and not _credit_line(text, f)
        and not (f.direct and f.content in titles)
    ]
    # The source cleaned first: a relative pronoun before it is no part of it, but may be
    # of the content.
    found = [infinitive_content(text, relative_content(text, clean_source(text, f))) for f in found]
    found.sort(key=lambda f: f.content)
    return found


def _quoted_in_reported(found: list[Found]) -> list[Found]:
    """A direct quote with no attribution of its own inside the content of reported speech
    ("Mr. Obama said the museum would document the stories of Americans … -- ''the president
    but also the slave …''", "the Vermont senator acknowledged that there are still “some
    people” who feel that way, “but not among the vast majority.”") is in the words of that
    attribution's source: it takes the innermost such attribution's cue and source (of two
    starting together, the one found first). Looked up by start, back no further than the
    longest content reaches, so that time stays linear in the quotes."""
    reported = sorted(
        (f for f in found if not f.direct and f.cue is not None and f.source is not None),
        key=lambda f: f.content[0],
    )
    if not reported:
        return found
    starts = [r.content[0] for r in reported]
    reach = max(r.content[1] - r.content[0] for r in reported)
    out = []
    for f in found:
        if f.direct and f.cue is None:
            holder: Found | None = None
            k = bisect_right(starts, f.content[0]) - 1
            while k >= 0 and starts[k] > f.content[0] - reach:
                if holder is not None and starts[k] < holder.content[0]:
                    break
                if reported[k].content[1] > f.content[0]:
                    holder = reported[k]
                k -= 1
            if holder is not None:
                f = replace(f, cue=holder.cue, source=holder.source, nested=holder.nested)
        out.append(f)
    return out


def _quoted_after_reported(text: str, found: list[Found]) -> list[Found]:
    """A direct quote with no attribution that opens the sentence right after reported
    speech, in the same paragraph, goes on with that speech ("His former business partner,
    Lawrence B. Cummings, called him a master at bolting together deals. "He showed again
    and again an ability …""), or the next paragraph when that speech ends on its speaker's
    quoted words: it takes that attribution's cue and source, when its cue is one of speech
    and its source names someone (:func:`_names_speaker`)."""
    out: list[Found] = []
    before: Found | None = None  # the last reported attribution, in content order
    quoted_to = 0  # the end of the direct quotes so far: reported speech inside is theirs
    for f in sorted(found, key=lambda f: f.content):
        if (
            f.direct
            and f.cue is None
            and before is not None
            and before.source is not None
            and before.cue is not None
            and (
                _SENTENCE_AFTER.fullmatch(text, before.content[1], f.content[0])
                # 'Graham assures his audience he will tell them to “shut up.”⏎⏎"The answer
                # …"': speech that ends quoting its speaker goes on in the next paragraph.
                or (
                    (
                        text[before.content[1] - 1] in CLOSING_MARKS
                        # "Fields said she had been yanked.⏎⏎“…”": a quote standing alone.
                        or (_plainly_said(text, before) and _stands_alone(text, f.content[1]))
                    )
                    and _PARAGRAPH_AFTER.fullmatch(text, before.content[1], f.content[0])
                    # Not a question's ("Schiff was asked by Blitzer if '…'.⏎'No, …'"): the
                    # next paragraph answers it.
                    and not QUESTIONING.intersection(
                        text[before.cue[0] : before.cue[1]].lower().split()
                    )
                )
            )
            and _names_speaker(text[before.source[0] : before.source[1]])
            and quote_kind(text[before.cue[0] : before.cue[1]], False) == SPEECH
        ):
            f = replace(f, cue=before.cue, source=before.source)
        if (
            not f.direct
            and not f.nested
            and f.cue is not None
            and f.content[0] >= quoted_to
            # Not reported speech inside an open quotation ('"The government is alleging …'):
            # the quoted speaker's words.
            and open_quotation(text, text.rfind("\n", 0, f.content[0]) + 1, f.content[0]) < 0
        ):
            before = f
        if f.direct:
            quoted_to = max(quoted_to, f.content[1])
        out.append(f)
    return out


def _stands_alone(text: str, end: int) -> bool:
    """Whether a quote ending at ``end`` ends its paragraph: no attribution of its own after
    it ("“…,” according to a court document filed by …")."""
    line_end = text.find("\n", end)
    return not text[end : len(text) if line_end < 0 else line_end].strip(" \u00a0.")


def _plainly_said(text: str, item: Found) -> bool:
    """Whether reported speech is a person's plain saying ("Matthew Collins said …", "she
    told the BBC …"): a verb of saying that inverts, a name of at most four words or a
    personal pronoun."""
    assert item.cue is not None and item.source is not None
    cue = text[item.cue[0] : item.cue[1]].lower().split()
    source = text[item.source[0] : item.source[1]].split()
    return (
        len(cue) == 1
        and cue[0] in INVERTING
        and 0 < len(source) <= 4
        and (
            " ".join(source).lower() in _PERSONAL
            or all(w[:1].isupper() and w.rstrip(".").isalpha() for w in source)
        )
    )


def _names_speaker(source: str) -> bool:
    """Whether a source names its speaker for the quote after it: a name, or "he", "she" or
    "they" inside the sentence ("…,” he said in an interview. “…”"); not "it", nor a
    pronoun opening a sentence, which may be inside a quotation the lines break ("He
    denied the allegations categorically.”")."""
    if source in _PERSONAL:
        return True
    return source[:1].isupper() and source.lower() not in PRONOUNS


_PERSONAL = frozenset("he she they".split())
# What may stand between a reported content and a quote opening the next sentence, or the
# next paragraph.
_SENTENCE_AFTER = re.compile(r"[.!?]?[ \u00a0]+")
_PARAGRAPH_AFTER = re.compile(r"[.!?]?[ \u00a0]*\n[ \u00a0\n]*")


def _attribution_end(found: Found) -> int:
    """Where an attribution's cue and source end, whichever comes last."""
    assert found.cue is not None
    return max(found.cue[1], found.source[1] if found.source else 0)


def _blocks(text: str, stop: int, sentence_of: Callable[[int], tuple[int, int]]) -> list[Found]:
    """Block quotations: a paragraph ending ``SOURCE CUE:`` ("The governor added:", "Hewitt
    writes:") introduces the next paragraph, set off without quotation marks, as a web page
    renders a blockquote. Its content runs to that paragraph's end, and it is a direct
    quotation: the speaker's own words, so the techniques in it are the speaker's."""
    out: list[Found] = []
    for paragraph, following in pairwise(PARAGRAPH.finditer(text, 0, stop)):
        head = paragraph.group().rstrip()
        body = following.group()
        if (
            not head.endswith(":")
            or not body.strip()
            or body.lstrip()[0] in _QUOTATION_OPENERS
            or _LABEL.match(body) is not None  # "SMITH: …": a transcript's turn, read as one
        ):
            continue
        end = paragraph.start() + len(head)
        start, _ = sentence_of(end - 1)
        found = before_quote(text, max(start, paragraph.start()), end)
        if found is None:
            continue
        # The cue closes the paragraph ("Schiff continued:"), or a cue of speech is near it
        # ("CNN also noted the sparse attendance:"); not "X said areas where Sanders wants
        # changes include:", a list's heading.
        complement = len(text[found[0][1] : end - 1].split())
        speech = quote_kind(text[found[0][0] : found[0][1]], direct=False) == SPEECH
        if complement and not (speech and complement <= _BLOCK_COMPLEMENT):
            continue
        c_start = following.start() + len(body) - len(body.lstrip())
        c_end = content_end(text, c_start, following.start() + len(body.rstrip()))
        if c_end - c_start >= 3:
            out.append(Found((c_start, c_end), found[0], found[1], True))
    return out


# Words at most between a block quotation's cue and its colon.
_BLOCK_COMPLEMENT = 6
# What opens a paragraph that quotes (the direct-quote rules read it) or embeds a page's post.
_QUOTATION_OPENERS = "“\"'‘«„<"


# "NAME: CONTENT" opening a paragraph (a headline's speaker, a transcript's label): at most four
# capitalised words, then a colon and the content.
_LABEL = re.compile(
    r"[ \t\u00a0]*[\"“]?((?:[A-Z][\w’'.\-]*)(?:[ \u00a0]+(?:[A-Z][\w’'.\-]*|of|the)){0,3}):"
    r"[ \u00a0]+(?=[\"“‘'A-Za-z])"
)
# Labels that head a section, not a speaker (newsroom furniture).
_NOT_SPEAKERS = frozenset(
    "update updated editor's note note abstract correction watch read more photo video related "
    "source sources story transcript q a email e-mail wow exclusive contributing image name "
    "caption credit".split()
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
    labels = Counter(m.group(1) for _, _, m in labelled)
    turns = Counter(m.group(1) for _, _, m in labelled if m.group(1).isupper())
    for k, paragraph, m in labelled:
        if k < _DATELINE_PARAGRAPHS and turns[m.group(1)] == 1:
            continue  # "WASHINGTON: Special counsel …": a dateline or a banner, not a turn
        words = m.group(1).lower().replace("’", "'").split()
        if (
            " ".join(words) in _NOT_SPEAKERS
            or words[0] in (_NOT_SPEAKERS | SOURCE_START_OK)
            or words[-1] in _SECTION_HEADS
            # "Present Problems:", "SEE ALSO:": words news writes in lower case, and nowhere
            # but before a colon, name a field or a section; a name has a word news does not
            # write so, or the text names it elsewhere ("Judicial Watch"). "Poll:" alone
            # stays, as in PolNeAR.
            or (
                len(words) > 1
                and all(w in lowercase_words() for w in words)
                and text.count(m.group(1), 0, stop) <= labels[m.group(1)]
            )
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

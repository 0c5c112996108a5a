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
“…” when he said “…”``). A quote's attribution is looked for within
:data:`ATTRIBUTION_WINDOW` characters of it, so that time grows linearly with the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, pairwise

from propscan.document import split_sentences
from propscan.quotes.cuemodel import AUXILIARIES, main_verb, model, speech_verbs, spellings
from propscan.quotes.lexicon import cues
from propscan.quotes.marks import quoted_passages

# The first alternative is a fast path for the commonest token, a run of ASCII letters that
# no other alternative would extend (they all need a ".", a "-" or an apostrophe after it);
# it matches exactly what the rest would.
_TOKEN = re.compile(
    r"[A-Za-z]+(?![\w’'.\-])|(?=[A-Z])(?:Mr|Mrs|Ms|Dr|Rep|Sen|Gov|Gen|Lt|Col|St|Jr|Sr|Prof|Rev|Sgt|Capt|Sept?|Jan|Feb|Aug|Oct"
    r"|Nov|Dec|[A-Z][a-z]?-[A-Z][a-z]+)\.|(?:[A-Za-z]\.){2,}|[A-Z]\.(?=\s+[A-Z])"
    # A number's thousands separators are no commas of the sentence ("Over 350,000 people").
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\w)|[\w’'][\w’'.\-]*\w|\w|[^\w\s]"
)
_PARAGRAPH = re.compile(r"[^\n]+")
# A source is a short noun phrase: at most this many tokens (long appositives are cut).
MAX_SOURCE_TOKENS = 10
# A source with its appositive ("Dan Gerstein, director of …, said") runs at most this far.
MAX_APPOSITIVE_TOKENS = 30
# After "CONTENT, SOURCE CUE" the sentence may go on this many tokens (where, when, to whom).
TRAILING_TOKENS = 6  # 16 lost content F1 on dev (0.619 -> 0.607)
PRONOUNS = frozenset("he she they i we it you".split())
# Words that cannot be part of a source noun phrase (verbs, conjunctions, relative words).
_NOT_SOURCE = frozenset(
    "is was are were be been has have had not that which who whom when while if because but "
    "and or as also than then so what would will could should can may might do does did "
    "this these those there here it's".split()
)
_SOURCE_START_OK = frozenset(
    "the a an his her their its our my some many several other another one two three both "
    "most few all senior top former".split()
)
# After a cue, a told-type verb takes a listener before the content (told reporters that…).
_LISTENER_CUES = frozenset("told tells telling tell warned reminded assured informed".split())
_STOPS = frozenset(".!?")
# A sentence end after a quote: not the period of an initial or a title ("J.", "Mr.").
_TAIL_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMrs)(?<!\bM[rs])(?<!\bDr)(?<!\bSen|\bRep|\bGov)[.!?](?=\s|$)"
)


# A direct quote's source and cue are looked for at most this many characters after it and
# before it (the longest source with its appositive is 30 tokens): a paragraph of thousands of
# quotes is then read in linear time.
ATTRIBUTION_WINDOW = 400


@dataclass(frozen=True, slots=True)
class Found:
    """One attribution as offsets: content, and the cue and source when found."""

    content: tuple[int, int]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    direct: bool


# The token pattern as one group: splitting a text with it gives the gaps between tokens
# (whitespace) and the tokens, alternately, without a match object per token.
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")


def _split(text: str, start: int, end: int) -> list[str]:
    """``text[start:end]`` as [gap, token, gap, token, …, gap]; the same tokens as
    ``_TOKEN.finditer(text, start, end)`` (the pattern looks behind nothing)."""
    return _TOKEN_SPLIT.split(text[start:end])


def _offsets(parts: list[str], start: int) -> list[tuple[int, int, str]]:
    """The tokens of a :func:`_split` of a text starting at ``start`` as (start, end, text)."""
    ends = list(accumulate(map(len, parts), initial=start))
    return list(zip(ends[1::2], ends[2::2], parts[1::2], strict=False))


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return _offsets(_split(text, start, end), start)


tokens_of = _tokens


def paragraph_sentences(text: str, stop: int) -> list[tuple[int, int]]:
    """The sentences of ``text[:stop]``, paragraph by paragraph, as (start, end)."""
    sentences: list[tuple[int, int]] = []
    for m in _PARAGRAPH.finditer(text, 0, stop):
        sentences.extend(_sentence_bounds(text, m.start(), m.end()))
    return sentences


@cache
def _cue_index() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The lexicon cues of at most three words by the lowercased text of their first token
    (``’`` or ``'`` in each apostrophe), each as its normalised words, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for cue in cues():
        words = tuple(cue.split(" "))
        if len(words) > 3:
            continue  # longer than any cue _cue_at looks for
        for spelling in spellings(words[0]):
            index.setdefault(spelling, []).append(words)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()}


# The lexicon cues a token's raw text may start (a memo: the check runs on nearly every token).
_CUES_BY_RAW: dict[str, tuple[tuple[str, ...], ...]] = {}


def _cue_at(tokens: list[tuple[int, int, str]], i: int) -> int:
    """Length in tokens of the longest lexicon cue starting at token ``i`` (0 if none)."""
    raw = tokens[i][2]
    starts = _CUES_BY_RAW.get(raw)
    if starts is None:
        starts = _CUES_BY_RAW[raw] = _cue_index().get(raw.lower(), ())
    for cue in starts:
        n = len(cue)
        if n == 1:
            return 1
        if i + n > len(tokens) or tokens[i + 1][2].lower().replace("’", "'") != cue[1]:
            continue
        if n == 2 or tokens[i + 2][2].lower().replace("’", "'") == cue[2]:
            return n
    return 0


def _cue_in(words: list[str]) -> bool:
    """Whether a lexicon cue starts at some token of a sentence (its lowercased token texts),
    as :func:`_cue_at` finds them."""
    singles, pairs = _cue_sets()
    if not singles.isdisjoint(words):
        return True
    if pairs.isdisjoint(pairwise(words)):
        return False
    index = _cue_index()
    for i in range(len(words) - 1):
        if (words[i], words[i + 1]) not in pairs:
            continue
        second = words[i + 1].replace("’", "'")
        for cue in index[words[i]]:
            if len(cue) == 1 or cue[1] != second:
                continue
            if len(cue) == 2 or (i + 2 < len(words) and words[i + 2].replace("’", "'") == cue[2]):
                return True
    return False


@cache
def _cue_sets() -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """The lowercased token texts of the one-word lexicon cues, and the lowercased first two
    token texts of the longer ones (up to three words)."""
    singles: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for cues_of_first in _cue_index().values():
        for cue in cues_of_first:
            if len(cue) == 1:
                singles.update(spellings(cue[0]))
            else:
                pairs.update((a, b) for a in spellings(cue[0]) for b in spellings(cue[1]))
    return frozenset(singles), frozenset(pairs)


def _is_source(tokens: list[tuple[int, int, str]]) -> bool:
    """Whether a token run looks like a source noun phrase."""
    if not 0 < len(tokens) <= MAX_SOURCE_TOKENS:
        return False
    first = tokens[0][2]
    plain_start = first[0].isupper() or first.lower() in _SOURCE_START_OK or first in PRONOUNS
    if not plain_start and not (len(tokens) == 1 and first.isalpha()):  # "officials"
        return False
    words = [t[2].lower() for t in tokens]
    if any(
        w in _NOT_SOURCE and not (w == "and" and _coordinated(tokens, m))
        for m, w in enumerate(words)
    ) or any(w in '“”"‘’;:' for w in words):
        return False
    return not (len(tokens) > 1 and words[0] in PRONOUNS)


def _trim_source(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Cut a source phrase at an appositive comma: keep the part with the name."""
    while tokens and tokens[-1][2] in ",—–-":
        tokens = tokens[:-1]
    if "," in (t[2] for t in tokens):
        first = [t for t in tokens[: [t[2] for t in tokens].index(",")]]
        return first
    return tokens


def _source_before(
    tokens: list[tuple[int, int, str]], comma: int, cue: int
) -> list[tuple[int, int, str]] | None:
    """The source before a cue at ``cue``: a name with its appositive, or the last clause."""
    whole = tokens[:cue]
    while whole and whole[-1][2] == ",":
        whole = whole[:-1]
    words = [t[2].lower() for t in whole]
    # The appositive may hold a relative clause ("NAME, a pollster who advises …, said").
    rel = next((m for m, w in enumerate(words) if m > comma > 0 and w == "who"), len(words))
    plain = not any(w in _NOT_SOURCE for w in words[:rel]) and not any(w in '“”"' for w in words)
    named = (
        0 < comma < len(whole)
        and whole[0][2][0].isupper()
        and whole[comma - 1][2][0].isupper()
        # "Late on Friday, the board said": a time or place before the comma, not a name.
        and _ADVERBIAL_PREPOSITIONS.isdisjoint(words[:comma])
        and words[0] not in _ADVERBIAL_OPENERS  # "To understand it, Roberts said"
    )
    if named and plain and _is_source(whole[:comma]):
        return whole
    if "," in (t[2] for t in whole):
        last = len(whole) - 1 - [t[2] for t in whole][::-1].index(",")
        tail = whole[last + 1 :]
        while tail and tail[0][2] in '”"’)':
            tail = tail[1:]  # the comma closed a quoted title: "On “Face the Nation,” NAME said"
        return _without_adverb(tail) if _is_source(tail) else None
    return _without_adverb(whole) if _is_source(whole) else None


def _without_adverb(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A source without the sentence adverb opening it ("Still the governor insists")."""
    k = 0
    while k < len(tokens) - 1 and tokens[k][2].lower() in _LEADING_ADVERBS:
        k += 1
    return tokens[k:]


# Prepositions that make a capitalised phrase before a comma an adverbial ("Late on Friday,",
# "After the vote in Ohio,"), not a name with its appositive.
_ADVERBIAL_PREPOSITIONS = frozenset("on in at after before during since until".split())


def _span(tokens: list[tuple[int, int, str]]) -> tuple[int, int]:
    return tokens[0][0], tokens[-1][1]


def _after_quote(
    text: str, start: int, end: int
) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """``SOURCE CUE`` or ``CUE SOURCE`` right after a quote: (cue, source)."""
    tokens = _tokens(text, start, end)
    while tokens and tokens[0][2] in ",—–-":
        tokens = tokens[1:]
    if not tokens:
        return None
    dash = text[start:end].lstrip(" \u00a0,")
    if dash[:1] in "―—" and tokens[0][2] in "―—" and len(tokens) > 1:
        name = [t for t in tokens[1:] if t[2] not in ".!?"][:MAX_SOURCE_TOKENS]
        if name and name[0][2][0].isupper():
            return _span(tokens[:1]), _span(name)
    n = _cue_at(tokens, 0)
    if n and not tokens[0][2].lower().endswith("ing"):
        # "CUE SOURCE" inverts a finite verb ("said Peskov"), never a participle: in "…,
        # questioning the governor's record" what follows is the content.
        cue = _span(tokens[:n])
        rest: list[tuple[int, int, str]] = []
        k = n
        for k in range(n, len(tokens)):
            tok = tokens[k]
            if tok[2] in ",.;:!?—(" or tok[2].lower() in _NOT_SOURCE or tok[2] in '“"':
                break
            if rest and tok[2].lower() in ("in", "on", "at", "during", "after", "to"):
                break
            rest.append(tok)
        else:
            k = len(tokens)
        if not (_is_source(rest) or _described_name(rest)):
            return None
        if any(t[2].islower() and t[2].endswith("ed") for t in rest[1:]):
            return None  # "…, said the chamber voted on it": a verb, so a clause
        if (
            k < len(tokens)
            and tokens[k][2].lower() in _NOT_SOURCE
            and tokens[k][2] not in '“"'
            and tokens[k][2].lower() != "who"  # "said one official who asked not to be named"
        ):
            # "…, said the chamber will vote": a clause follows the cue, not its source.
            return None
        if k + 1 < len(tokens) and tokens[k][2] == "," and _appositive_after(tokens[k + 1 :]):
            # "said NAME, APPOSITIVE (who …)." — PolNeAR takes the appositive into the source.
            tail = [t for t in tokens[k + 1 :] if t[2] not in ".!?"]
            cut = next((m for m, t in enumerate(tail) if t[2] in '“”";'), len(tail))
            if cut:
                rest = rest + tokens[k : k + 1] + tail[:cut]
        return cue, _span(rest)
    depth = 0
    for i in range(1, min(len(tokens), MAX_APPOSITIVE_TOKENS + 1)):
        depth += (tokens[i][2] == "(") - (tokens[i][2] == ")")
        if depth == 0 and tokens[i][2] in '.!?“"':
            return None
        n = _cue_at(tokens, i)
        if n:
            if _coordinated_source(tokens[:i]):
                # "the heads of state of A, B and C demanded": the whole list speaks.
                return _span(tokens[i : i + n]), _span(tokens[:i])
            source = _trim_source(tokens[:i])
            if not (_is_source(source) or _described_name(source)):
                return None
            appositive = tokens[len(source) + 1 : i]
            if len(source) < i and tokens[i - 1][2] == "," and _appositive(appositive):
                # "NAME, APPOSITIVE, said": the appositive and its closing comma belong to it.
                return _span(tokens[i : i + n]), _span(tokens[:i])
            if i > MAX_SOURCE_TOKENS + 1:
                return None
            return _span(tokens[i : i + n]), _span(source)
    return None


def _described_name(tokens: list[tuple[int, int, str]]) -> bool:
    """Whether a token run is a name after its description: "local shop owner Dana Ruiz",
    "former senator Bob Kerrey", "9/11 widow Terry Strada" (description words, then
    capitalised ones to the end)."""
    if not 2 <= len(tokens) <= MAX_SOURCE_TOKENS or not tokens[-1][2][:1].isupper():
        return False
    words = [t[2] for t in tokens]
    first_name = next(m for m, w in enumerate(words) if w[:1].isupper())
    return (
        first_name > 0
        and all(_DESCRIPTION_WORD.fullmatch(w) and w not in _NOT_SOURCE for w in words[:first_name])
        and all(w[:1].isupper() for w in words[first_name:])
    )


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
        return not _cue_in(words[:stop])
    return _appositive(tokens)


def _appositive(tokens: list[tuple[int, int, str]]) -> bool:
    """Whether the tokens after ``said NAME,`` open an appositive (``a professor at …``)."""
    if not tokens:
        return False
    first = tokens[0][2]
    low = first.lower()
    if low in _NOT_APPOSITIVE or low in _NOT_SOURCE or first in '“”"‘’':
        return False
    return not low.endswith("ing") or first[0].isupper()


def _before_quote(
    text: str, start: int, end: int
) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """``SOURCE CUE[,:]`` right before a quote (the sentence head ``text[start:end]``)."""
    tokens = _tokens(text, start, end)
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
            if len(cut) > n and _cue_at(cut, len(cut) - n) == n:
                return _source_of(cut, len(cut) - n, n)
    # "X says of Clinton, “…”", "X told his radio audience on Monday, “…”": a cue, then a
    # short complement with no clause in it.
    words = [t[2].lower() for t in tokens]
    for k in range(len(tokens) - 2, max(0, len(tokens) - 2 - MAX_COMPLEMENT_TOKENS), -1):
        if words[k + 1] in _NOT_SOURCE or words[k + 1] in _QUOTE_TOKENS:
            break
        n = _cue_at(tokens, k)
        if n and k + n < len(tokens) and not _NOT_SOURCE.intersection(words[k + n :]):
            return _source_of(tokens, k, n)
    return None


# A cue may be this many tokens before the quote it introduces ("says of Clinton, “…”").
MAX_COMPLEMENT_TOKENS = 8
_QUOTE_TOKENS = frozenset('“”"‘’«»')


def _source_of(
    tokens: list[tuple[int, int, str]], k: int, n: int
) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """(cue, source) for the cue of ``n`` tokens at ``k`` in a sentence head before a quote."""
    cue = _span(tokens[k : k + n])
    head = tokens[:k]
    if head and head[-1][2] == ",":
        # "SUBJECT VERB …, saying, “…”": the sentence subject speaks, unless a quote stands
        # between ('“…,” X said, adding, “…”': the sentence may open inside that quote).
        subject = None if _QUOTE_TOKENS.intersection(t[2] for t in head) else _subject(head)
        return cue, (_span(subject) if subject else None)
    if head and head[-1][2].lower() == "and":
        # "SUBJECT VERB … and said, “…”": the subject of the last clause ("Eight years ago, he
        # backed Obama and said" -> "he").
        words = [t[2] for t in head]
        if _QUOTE_TOKENS.intersection(words):
            return cue, None
        verbs = head[:-2] if words[-2:-1] == [","] else head[:-1]  # "…, and added:"
        # The nearest clause with a subject ("…, he looked up, frowned and said" -> "he").
        subject = None
        for m in [*[m for m, t in enumerate(verbs) if t[2] == ","][::-1], -1]:
            subject = _subject(verbs[m + 1 :])
            if subject:
                break
        return cue, (_span(subject) if subject else None)
    if "," in (t[2] for t in head):
        head = head[len(head) - [t[2] for t in head][::-1].index(",") :]
    source = head[-MAX_SOURCE_TOKENS:]
    singles = _cue_sets()[0]
    # Not past another speech verb ("Lynch said she recalled"), nor an adverb ("recently").
    while source and (not _is_source(source) or singles.intersection(t[2] for t in source[1:])):
        source = source[1:]
    if len(source) == 1 and source[0][2].endswith("ly"):
        source = []
    return cue, (_span(source) if source else None)


_TELLING = frozenset("telling told tells tell".split())
_NOT_SUBJECT_START = frozenset("in on at after before during with from for by to of".split())


def _subject(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]] | None:
    """The noun phrase opening a sentence: ``NAME, APPOSITIVE,`` or a capitalised name."""
    if not tokens or tokens[0][2].lower() in _NOT_SUBJECT_START:
        return None
    words = [t[2].lower() for t in tokens]
    if "," in words[1:]:
        c1 = words.index(",")
        c2 = next((m for m in range(c1 + 1, len(words)) if words[m] == ","), -1)
        if (
            0 < c1 < c2 <= MAX_APPOSITIVE_TOKENS
            and tokens[0][2][0].isupper()
            and _is_source(tokens[:c1])
            and not any(w in _NOT_SOURCE or w in '“”"' for w in words[:c2])
        ):
            return tokens[: c2 + 1]
    j = 0
    while j < min(len(tokens), MAX_SOURCE_TOKENS):
        word = tokens[j][2]
        joins = word in ("of", "for") and j + 1 < len(tokens) and tokens[j + 1][2][0].isupper()
        if not (word[0].isupper() or word.lower() in _SOURCE_START_OK or word in PRONOUNS or joins):
            break
        j += 1
    # The head noun after a determiner or modifiers: "The government", "The rebel militias".
    named = j
    while 0 < j < min(len(tokens), MAX_SOURCE_TOKENS) and _nominal(tokens[j][2]):
        j += 1
    if named < j < len(tokens) and tokens[j][2].lower() in _OBJECT_WORDS:
        j -= 1  # a verb with its object ("Mrs. Clinton shook her head"), not the head noun
    return tokens[:j] if j and _is_source(tokens[:j]) else None


# Words that open a verb's object; no subject noun phrase runs on into one.
_OBJECT_WORDS = frozenset("her his their its him them my our your me us the a an".split())


def _nominal(word: str) -> bool:
    """Whether a lowercase word may continue a subject noun phrase (not a verb's look)."""
    low = word.lower()
    return (
        word.isalpha()
        and word.islower()
        and low not in _NOT_SOURCE
        and low not in _OBJECT_WORDS
        and low not in AUXILIARIES
        and low not in _PREPOSITIONS
        and not low.endswith(("ed", "ing"))
        and low not in _cue_sets()[0]
    )


def _sentence_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return list(split_sentences(text, start, end))


def _content_end(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1] in ".!?;: " or text[end - 1].isspace()):
        end -= 1
    return end


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
        if source and comma + 2 < len(tokens):
            c_end = _content_end(text, tokens[comma + 1][0], e)
            return Found((tokens[comma + 1][0], c_end), _span(tokens[:2]), _span(source), False)
    # CONTENT, according to SOURCE.
    for i in range(len(tokens) - 3, 1, -1) if "according" in words else ():
        if words[i] == "," and words[i + 1 : i + 3] == ["according", "to"]:
            source = [t for t in tokens[i + 3 :] if t[2] not in ".!?"]
            if source and i > 2:
                return Found(
                    (tokens[0][0], tokens[i - 1][1]),
                    _span(tokens[i + 1 : i + 3]),
                    _span(source[:MAX_SOURCE_TOKENS]),
                    False,
                )
            break
    # CONTENT, SOURCE CUE. / CONTENT, CUE SOURCE.
    if words[-1] in _STOPS and "," in words:
        comma = len(words) - 1 - words[::-1].index(",")
        # A quotation closing on the comma (This is “…,” said Reuters.) ends the content.
        close = comma + 1 if comma + 1 < len(words) and words[comma + 1] in "”\"’'" else comma
        if comma > 2 and len(words) - comma <= MAX_SOURCE_TOKENS + TRAILING_TOKENS:
            found = _after_quote(text, tokens[close][1], tokens[-1][0])
            if found and not _clause_follows(tokens, words, found):
                c_end = tokens[close][1] if close > comma else tokens[comma - 1][1]
                return Found((tokens[0][0], c_end), found[0], found[1], False)
        # CONTENT, CUE NAME, APPOSITIVE (who …). — the source's own commas come after the cue.
        comma = next(
            (
                m
                for m in range(len(words) - 3, 2, -1)
                if words[m] == "," and _cue_at(tokens, m + 1) and tokens[m + 2][2][0].isupper()
            ),
            -1,
        )
        if comma > 2 and len(words) - comma <= MAX_APPOSITIVE_TOKENS + 2:
            found = _after_quote(text, tokens[comma][1], tokens[-1][0])
            if found and found[1] is not None and found[1][1] >= tokens[-2][1] > found[0][0]:
                # The name and its appositive run to the sentence end.
                return Found((tokens[0][0], tokens[comma - 1][1]), found[0], found[1], False)
    # SOURCE CUE (LISTENER) (that) CONTENT.
    clause = 0
    for i in range(1, min(len(tokens) - 2, MAX_APPOSITIVE_TOKENS)):
        if words[i] == ",":
            clause = clause or i
            continue
        if _CUES_BY_RAW.get(tokens[i][2]) == ():
            continue
        n = _cue_at(tokens, i)
        if not n:
            continue
        if words[i - 1] == "," and words[i].endswith("ing"):
            # "SUBJECT VERB …, saying CONTENT": the sentence subject speaks.
            found_source = _subject(tokens[: i - 1])
        else:
            found_source = _source_before(tokens, clause, i)
        if found_source is None:
            return None
        source = found_source
        k = _after_listener(words, i, i + n)
        if k < len(tokens) and words[k] in (",", ":"):
            k += 1
        if len(tokens) - k < 3:
            return None
        c_end = _content_end(text, tokens[k][0], e)
        return Found((tokens[k][0], c_end), _span(tokens[i : i + n]), _span(source), False)
    return None


# Words that open the content clause right after a cue ("said it would", "told CNN that"): a
# sentence "ADVERBIAL, SOURCE CUE CLAUSE" is not "CONTENT, SOURCE CUE".
_CLAUSE_OPENERS = frozenset("that he she they it we i there".split())


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
    k = next((m for m, t in enumerate(tokens) if t[0] >= end), len(tokens))
    ci = next((m for m, t in enumerate(tokens) if t[0] == cue[0]), -1)
    if ci >= 0 and end == cue[1]:
        k = _after_listener(words, ci, k)
    return len(tokens) - k >= 4 and words[k] in _CLAUSE_OPENERS


def _may_report(text: str, s: int, e: int, words: list[str]) -> bool:
    """Whether :func:`_reported` may find anything in the sentence ``text[s:e]`` (its
    lowercased token texts ``words``): every pattern needs "according", a lexicon cue or
    (``CONTENT, ― NAME``) a dash."""
    return "according" in words or _DASH.search(text, s, e) is not None or _cue_in(words)


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


# A token starts a cue when the learnt tagger gives it at least this probability. By 5-fold CV
# over PolNeAR train (benchmarks/quotes_cue_cv.py), content F1 is flat from 0.3 to 0.4 (0.754,
# 0.751, 0.747) while precision rises (0.801, 0.813, 0.822); 0.35 keeps the precision a
# fact-checker needs.
CUE_THRESHOLD = 0.35
# A further cue in a found content (``X said A, but Y said B``) needs this probability; 0.35
# gave the same CV F1 (content 0.751, source 0.698 against 0.752, 0.697; the tagger before its
# common-word gate, as below).
SECOND_THRESHOLD = 0.5
# Whether a learnt cue runs as far as the tagger extends it (PolNeAR's "is raising questions
# about"), not only to a lexicon cue's end or an auxiliary's main verb: the same CV F1 (content
# 0.752 against 0.751, source 0.697 against 0.698), and the cue a reader is shown ends where
# PolNeAR's does more often (0.891 of cues starting at a gold cue's start on CV fold 0, 0.847).
TAGGED_EXTENT = True
_SOURCE_STOP = frozenset(",;:()[]“”\"‘'«»—–")


def _candidates(words: list[str]) -> list[int]:
    """The indices of the tokens the learnt tagger scores (candidate words), given the
    lowercased token texts."""
    candidate = model().candidate
    return [i for i, w in enumerate(words) if candidate(w)]


class _Scores:
    """The learnt tagger's probabilities for the tokens of one sentence, memoised."""

    __slots__ = ("_low", "_memo", "_quoted", "_raw", "_score")

    def __init__(self, raw: list[str], words: list[str], quoted: bool, curly: bool) -> None:
        """``curly``: whether some token holds a ``’`` (normalised to ``'`` for the model)."""
        self._raw = raw
        self._low = [w.replace("’", "'") for w in words] if curly else words
        self._quoted = quoted
        self._memo: dict[int, float] = {}
        self._score = model().score

    def __call__(self, i: int) -> float:
        """The probability that candidate token ``i`` starts a cue."""
        p = self._memo.get(i)
        if p is None:
            p = self._memo[i] = self._score(self._raw, self._low, i, self._quoted)
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
    scores: _Scores,
) -> Found | None:
    """An attribution around the first cue the learnt tagger finds in a sentence (``cands``:
    its candidate tokens, ``scores`` their probabilities)."""
    if len(tokens) < 3 or not cands:
        return None
    for i in cands:
        if scores(i) >= _threshold(words, i):
            return _learnt_at(text, e, tokens, words, i)
    return None


# An auxiliary whose main verb is no lexicon cue ("rebels have used chemical weapons") starts a
# cue only at this probability, one before a lexicon cue ("are calling on") from this one. By
# 5-fold CV over train with the cue tagger: content / source F1 0.753 / 0.699 (P 0.808) at 0.45,
# 0.752 / 0.698 at 0.55, 0.751 / 0.697 (P 0.813) at 0.65; before a lexicon cue, 0.2, 0.25 and
# 0.35 give the same F1 (to 0.001). PolNeAR counts "has delivered a message" as an
# attribution; a reader of propscan's quotes does not, and the tagger gives "have used chemical
# weapons" 0.54.
AUX_THRESHOLD = 0.65
SPEECH_AUX_THRESHOLD = 0.25


def _threshold(words: list[str], i: int) -> float:
    """The tagger's threshold for token ``i``: higher for an auxiliary whose main verb is no
    lexicon cue ("have used chemical weapons"), lower for one before a lexicon cue ("are
    calling on")."""
    if words[i] in AUXILIARIES:
        return SPEECH_AUX_THRESHOLD if main_verb(words, i) in speech_verbs() else AUX_THRESHOLD
    return CUE_THRESHOLD


def _learnt_at(
    text: str, e: int, tokens: list[tuple[int, int, str]], words: list[str], i: int
) -> Found | None:
    """The attribution around a learnt cue at token ``i`` of a sentence."""
    n = _cue_at(tokens, i) or 1
    if TAGGED_EXTENT:
        n = max(n, model().extent([w.replace("’", "'") for w in words], i))
    elif n == 1 and words[i] in AUXILIARIES:
        # "has (also) argued", "are calling": the cue runs to the main verb, as PolNeAR marks it.
        j = i + 1
        while j < len(words) and words[j] != main_verb(words, i):
            j += 1
        if j < len(words) and words[j].isalpha() and j - i <= 3:
            n = j - i + 1
    # The source: the noun phrase right before the cue, up to a clause boundary; a name's
    # parenthesis ("Sen. Ann Lee (D-OR) said") is stepped over and left out.
    end = _before_parenthesis(words, tokens, i)
    j = end
    while j > 0 and end - j < MAX_SOURCE_TOKENS:
        w = words[j - 1]
        if w == "and" and _coordinated(tokens, j - 1):
            j -= 1  # "Russia and the Syrian government affirmed"
            continue
        if (
            w in _SOURCE_STOP
            or w in _SUBORDINATORS
            or (w in _NOT_SOURCE and w not in ("who", "which"))
        ):
            # "… have been killed since the West launched …": the source is the subject
            # of the cue's own clause, never past the word that opens it.
            break
        j -= 1
        if w in ("who", "which"):
            break
    if j < i and words[i - 1] in _PREPOSITIONS:
        # "X tried to derail it by asking Y to …": the cue is a gerund after a preposition;
        # its subject is the sentence's, not the words before it.
        subject = _subject(tokens[: i - 1])
        j = i
        source = _span(subject) if subject else None
    elif j == end < i:
        source = None
    elif j == i and i > 1 and words[i - 1] == "and":
        # "She greeted the crowd and told them that …", "He ducked, pointing to …": a second
        # verb of the sentence's subject.
        subject = _subject(tokens[: i - 1])
        source = _span(subject) if subject else None
    else:
        if j < end and words[j] in _NOT_SUBJECT_START:
            # "At a rally in the fairground Sen. Ann Lee said": past the opening adverbial,
            # the capitalised name before the cue.
            name = end
            while name > j + 1 and tokens[name - 1][2][:1].isupper():
                name -= 1
            j = name if name < end else j
        while j < end - 1 and words[j] in _LEADING_ADVERBS:
            j += 1  # "Yet Obama failed", "But the board says": the adverb is no part of it
        source = _span(tokens[j:end]) if j < end else None
    if i <= MAX_APPOSITIVE_TOKENS and "," in words[:i]:
        # "NAME, APPOSITIVE, CUE": the source is the name with its appositive.
        whole = tokens[:i]
        while whole and whole[-1][2] == ",":
            whole = whole[:-1]
        comma = words.index(",")
        if (
            0 < comma < len(whole)
            and _is_source(whole[:comma])
            # "Earlier in the war, militias have used …, which X blamed on": a time or place
            # before the comma, not a name.
            and _ADVERBIAL_PREPOSITIONS.isdisjoint(words[:comma])
            and '"' not in words[:i]
            and _appositive_words(words[comma + 1 : len(whole)])
            and words[i - 1] == ","
        ):
            # PolNeAR takes the appositive's closing comma into the source; without one
            # ("X, which the agencies blamed on") the cue belongs to a relative clause.
            source = _span(tokens[:i])
            j = 0
    k = _after_listener(words, i, i + n)
    while k < len(tokens) and words[k] in (",", ":"):
        k += 1
    if len(tokens) - k >= 3 and words[k] not in _COORDINATORS:
        c_end = _content_end(text, tokens[k][0], e)
        if c_end > tokens[k][0]:
            return Found((tokens[k][0], c_end), _span(tokens[i : i + n]), source, False)
    if j > 1 and words[j - 1] not in _OPEN_ENDS:
        c_end = j - 1 if words[j - 1] == "," else j
        if c_end >= 2:
            return Found(_span(tokens[:c_end]), _span(tokens[i : i + n]), source, False)
    return None


# Sentence adverbs and conjunctions that may open a sentence before its subject.
_LEADING_ADVERBS = frozenset("yet but and so still now then however meanwhile instead also".split())


def _before_parenthesis(words: list[str], tokens: list[tuple[int, int, str]], i: int) -> int:
    """Where the source before a cue at token ``i`` ends: ``i``, or the opening of a short
    parenthesis closing right before the cue after a capitalised word (``Lee (D-OR)``)."""
    if i < 3 or words[i - 1] != ")":
        return i
    p = next((m for m in range(i - 2, max(0, i - 7), -1) if words[m] == "("), -1)
    if p > 0 and "(" not in words[p + 1 : i - 1] and tokens[p - 1][2][:1].isupper():
        return p
    return i


_PREPOSITIONS = frozenset("by for of in after before without while upon from".split())


def _coordinated(tokens: list[tuple[int, int, str]], k: int) -> bool:
    """Whether the "and" at token ``k`` joins two noun phrases of a source (a name before it,
    a name or a determiner after it)."""
    if k == 0 or k + 1 >= len(tokens):
        return False
    before, after = tokens[k - 1][2], tokens[k + 1][2]
    return before[:1].isupper() and (after[:1].isupper() or after.lower() in _SOURCE_START_OK)


# Words that open an adverbial clause, not an appositive, after a comma.
_SUBORDINATORS = frozenset(
    "as when while if because although though since once after before until unless whereas "
    "where whether despite".split()
)


# Words a content never ends on before its source ("… have been killed since the West
# launched …", "… which the community and the rebels blamed on …"): the source walk stopped
# inside a clause or a coordination, so what precedes is no content.
_COORDINATORS = frozenset(("and", "or", "nor"))
_OPEN_ENDS = _SUBORDINATORS | _COORDINATORS


def _coordinated_source(tokens: list[tuple[int, int, str]]) -> bool:
    """Whether a token run between a quote and its cue is one coordinated noun phrase (``the
    leaders of A, B and C``): a source's start, "and" its only clause word, each comma
    before a capitalised item."""
    if not tokens or "and" not in (words := [t[2].lower() for t in tokens]):
        return False
    first = tokens[0][2]
    if not (first[0].isupper() or words[0] in _SOURCE_START_OK):
        return False
    if any(w != "and" and (w in _NOT_SOURCE or w in '“”"‘’;:()') for w in words):
        return False
    return all(
        m + 1 < len(tokens) and tokens[m + 1][2][0].isupper()
        for m, w in enumerate(words)
        if w == ","
    )


def _appositive_words(words: list[str]) -> bool:
    """Whether the words between a name's comma and a cue can be its appositive (``a
    professor at X who …``), not a clause (``as the army prepares to …, rebels``)."""
    return bool(words) and words[0] not in _SUBORDINATORS


_CLAUSE_BOUNDARY = frozenset(", ; and but while whereas although though".split())


def _second(
    text: str,
    e: int,
    tokens: list[tuple[int, int, str]],
    words: list[str],
    cands: list[int],
    scores: _Scores,
    first: Found,
) -> tuple[Found, Found] | None:
    """A second attribution in the content of ``first`` (``X said A, but Y said B``): a learnt
    cue after a clause boundary, with its source between the two; the first content is cut
    before the boundary."""
    if first.direct or first.cue is None or first.content[1] < _content_end(text, first.cue[1], e):
        return None
    kc = next((m for m, t in enumerate(tokens) if t[0] >= first.content[0]), len(tokens))
    for i in cands:
        if i < kc + 4 or i >= len(tokens) - 2:
            continue
        b = i - 1
        while b >= kc + 3 and i - b <= MAX_SOURCE_TOKENS + 1 and words[b] not in _CLAUSE_BOUNDARY:
            b -= 1
        if b < kc + 3 or i - b > MAX_SOURCE_TOKENS + 1:
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
_BE = frozenset("is was are were been be being".split())
_PARTICIPLE_IRREGULAR = frozenset(
    "seen known thought held shown given taken told made written said found brought".split()
)
_AGENT_STOP = frozenset(',;:.!?()[]“”"—–')


def _refine(tokens: list[tuple[int, int, str]], found: Found) -> Found:
    """Reported speech whose subject is not its source: ``SUBJECT appears/seems …`` (no
    source, the subject joins the content) and the passive ``SUBJECT was VERBed (by AGENT)``
    (the agent, if any, is the source)."""
    if found.cue is None or found.source is None or found.source[0] >= found.cue[0]:
        return found
    ci = next((m for m, t in enumerate(tokens) if t[0] == found.cue[0]), -1)
    if ci < 0:
        return found
    cue_words = [t[2].lower() for t in tokens if found.cue[0] <= t[0] < found.cue[1]]
    before = found.source[1] <= found.content[0]
    content = (found.source[0], found.content[1]) if before else found.content
    if " ".join(cue_words) in _SOURCELESS or cue_words[0] in _SOURCELESS_FIRST:
        return Found(content, found.cue, None, False)
    perfect = (
        cue_words[0] in ("has", "have", "had")
        and ci + 2 < len(tokens)
        and tokens[ci + 1][2].lower() == "been"
    )
    if (cue_words[0] in _BE or perfect) and ci + 1 < len(tokens):
        # "was rejected (by X)", "has been said (by X)": a passive; its agent is the source.
        k = ci + 1 + perfect
        if tokens[k][2].lower() in ("also", "not", "being", "been", "widely", "later", "then"):
            k += 1
        word = tokens[k][2].lower() if k < len(tokens) else ""
        if not (word.endswith("ed") or word in _PARTICIPLE_IRREGULAR):
            return found
        by = next((m for m in range(k + 1, min(k + 5, len(tokens))) if tokens[m][2] == "by"), -1)
        agent: list[tuple[int, int, str]] = []
        for t in tokens[by + 1 :] if by > 0 else []:
            if t[2] in _AGENT_STOP or len(agent) >= MAX_SOURCE_TOKENS:
                break
            agent.append(t)
        return Found(content, found.cue, _span(agent) if agent else None, False)
    return found


def _participle_tail(
    text: str, s: int, e: int, spoke: dict[int, tuple[int, int] | None], ends: list[int]
) -> Found | None:
    """``“…,” X said, citing CONTENT.``: a second attribution of the quote's source (``ends``:
    the keys of ``spoke``, sorted)."""
    k = bisect_right(ends, e) - 1
    if k < 0 or ends[k] <= s:
        return None
    last = ends[k]
    tokens = _tokens(text, last, e)
    if len(tokens) < 5 or tokens[0][2] != "," or not tokens[1][2].endswith("ing"):
        return None
    if not (_cue_at(tokens, 1) or model().candidate(tokens[1][2])):
        return None
    k = 2 + (tokens[2][2].lower() == "that")
    c_end = _content_end(text, tokens[k][0], e)
    if c_end <= tokens[k][0]:
        return None
    return Found((tokens[k][0], c_end), _span(tokens[1:2]), spoke[last], False)


def find_attributions(text: str, end: int | None = None) -> list[Found]:
    """All attributions in ``text[:end]``, in text order."""
    stop = len(text) if end is None else end
    found: list[Found] = []
    covered: list[tuple[int, int]] = []
    # The cues of direct quotes: a sentence's reported speech is looked for before the first.
    claimed: list[tuple[int, int]] = []
    loose: list[tuple[int, int]] = []  # the parts of direct quotes with no attribution
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
        cue_source = _after_quote(text, qe, tail_end)
        if cue_source is None and qs > ss:
            if qs - ss > ATTRIBUTION_WINDOW:  # a long sentence head: its end, from a word start
                cut = text.find(" ", qs - ATTRIBUTION_WINDOW, qs)
                ss = cut + 1 if cut >= 0 else qs
            cue_source = _before_quote(text, ss, qs)
        if cue_source is None and opening == "start":
            # "Caddell continued:" closing the previous paragraph introduces the quote.
            w0 = max(0, qs - ATTRIBUTION_WINDOW)
            pe = w0 + len(text[w0:qs].rstrip())
            if pe > 0 and text[pe - 1] == ":" and "\n" in text[pe:qs]:
                ps, _ = sentence_of(pe - 1)
                if pe - ps <= ATTRIBUTION_WINDOW:
                    cue_source = _before_quote(text, ps, pe)
        if cue_source is None and last is not None and last.cue and opening == "start":
            gap = text[last_end:qs]
            if gap.count("\n") <= 2 and len(gap) < 400:
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
            if cue is not None:
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
    covered_ends = [ce for _, ce in covered]
    # Quote parts, cues and sources by start, to find those in a sentence without a scan.
    spans = sorted(covered + claimed)
    span_starts = [cs for cs, _ in spans]
    reach = max((ce - cs for cs, ce in spans), default=0)  # the longest: MAX_PART mostly
    for s, e in sentences:
        k = bisect_right(covered_ends, s)  # the first part ending after the sentence start
        if k < len(covered) and covered[k][0] < e:
            tail = _participle_tail(text, s, e, spoke, spoke_ends)
            if tail is not None:
                found.append(tail)
            lo = bisect_left(span_starts, s - reach)
            hi = bisect_left(span_starts, e)
            first = min(cs for cs, ce in spans[lo:hi] if s < ce)
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
        pieces = _split(text, s, e)
        raw = pieces[1::2]
        if len(raw) < 3:
            continue  # too short for any pattern or the tagger
        words = [w.lower() for w in raw]
        cands = _candidates(words)
        scores = _Scores(
            raw, words, _QUOTE_MARK.search(text, s, e) is not None, text.find("’", s, e) >= 0
        )
        reporting = _may_report(text, s, e, words)
        if not reporting and all(scores(i) < CUE_THRESHOLD for i in cands):
            continue  # nothing to find: the offsets are not worth building
        tokens = _offsets(pieces, s)
        reported = _reported(text, s, e, tokens, words) if reporting else None
        if reported is None:
            reported = _learnt(text, e, tokens, words, cands, scores)
        if reported is not None and _after_loose_quote(loose, s, reported):
            # '“…,” Ana Ruiz said happily on TV': what follows a quote is its attribution,
            # which the quote rules could not read, not reported speech.
            reported = None
        if reported is not None:
            reported = _refine(tokens, reported)
            # Further attributions in its content (``X said A, but Y said B``).
            pair = _second(text, e, tokens, words, cands, scores, reported)
            while pair is not None:
                found.append(pair[0])
                reported = _refine(tokens, pair[1])
                pair = _second(text, e, tokens, words, cands, scores, reported)
            found.append(reported)
            first_part = _parenthetical_head(text, s, reported)
            if first_part is not None:
                found.append(first_part)
    found.sort(key=lambda f: f.content)
    return [_clean_source(text, f) for f in found]


def _after_loose_quote(loose: list[tuple[int, int]], s: int, found: Found) -> bool:
    """Whether ``found``'s content starts after an unattributed quote of its sentence (which
    starts at ``s``); ``loose`` is sorted."""
    k = bisect_right(loose, (s, -1))
    return k < len(loose) and loose[k][1] <= found.content[0]


def _parenthetical_head(text: str, s: int, found: Found) -> Found | None:
    """The content's first part when the attribution interrupts it: in "To understand it,
    Roberts said, one should visit.", the part before "Roberts" (PolNeAR's content has both)."""
    if found.source is None or found.cue is None or found.direct:
        return None
    (ss, se), (cs, ce) = found.source, found.cue
    if not se <= cs or text[ce : found.content[0]].strip() != ",":
        return None
    head = text[s:ss].rstrip()
    if not head.endswith(","):
        return None
    head = head[:-1].rstrip()
    start = s + len(text[s:ss]) - len(text[s:ss].lstrip())
    if len(text[start : s + len(head)].split()) < 2:
        return None
    return Found((start, s + len(head)), found.cue, found.source, False)


# Words an adverbial opens with, never a source ("In an interview he said", "With the vote
# near, …", "Having announced …", "to pay for the programs she"); "at least"/"at most" open a
# quantity ("At least four senators claim").
_ADVERBIAL_OPENERS = frozenset("for with in at on from by during having after before of to".split())
# Lower-case words in -ly that are nouns, not adverbs ("the assembly said").
_LY_NOUNS = frozenset("family ally assembly rally supply monopoly anomaly".split())


def _clean_source(text: str, found: Found) -> Found:
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
    last = words[-1]
    if len(words) > 1 and last.endswith("ly") and last.islower() and last not in _LY_NOUNS:
        words = words[:-1]
        e = s + len(text[s : e - len(last)].rstrip())
    if len(words) > 1 and words[0].lower() in ("which", "that"):
        # "…, which Kaine said": the relative word opens the clause; the subject speaks.
        s = e - len(text[s:e].split(None, 1)[1])
        words = words[1:]
    if len(words) == 1 and words[0].lower() in _LEADING_ADVERBS:
        return Found(found.content, found.cue, None, found.direct)  # "However", "yet"
    first = words[0].lower()
    if first in _ADVERBIAL_OPENERS and not (
        first == "at" and len(words) > 1 and words[1].lower() in ("least", "most")
    ):
        last = words[-1]
        if len(words) == 1 or last.lower() not in PRONOUNS:
            return Found(found.content, found.cue, None, found.direct)
        s = e - len(last)
    return Found(found.content, found.cue, (s, e), found.direct)


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


def _labelled(text: str, stop: int, sentence_of: Callable[[int], tuple[int, int]]) -> list[Found]:
    """The ``NAME: CONTENT`` attributions opening paragraphs: content to the paragraph's end
    for an upper-case transcript label (``WALLACE:``), to the sentence's end for a headline's
    speaker (``John McCain: Republican anger …``)."""
    out: list[Found] = []
    for paragraph in _PARAGRAPH.finditer(text, 0, stop):
        m = _LABEL.match(text, paragraph.start(), paragraph.end())
        if (
            m is None
            or m.group(1).lower() in _NOT_SPEAKERS
            or m.group(1).lower().split()[0] in (_NOT_SPEAKERS | _SOURCE_START_OK)
        ):
            continue
        label = m.group(1)
        if label.lower().endswith(("ed", "ing")):
            continue  # "Revealed:", "Breaking:", "Just Leaked:" head a story, no one speaks
        # A transcript's turn runs to the paragraph's end, a headline's speaker's to the sentence's.
        turn = label.isupper()
        end = paragraph.end() if turn else min(paragraph.end(), sentence_of(m.end())[1])
        end = _content_end(text, m.end(), end)
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


def _after_listener(words: list[str], cue: int, k: int) -> int:
    """Where the content starts after the cue ending at ``k``: past the listener of a cue
    such as "told (reporters)" up to "that", a comma or a colon, within five words."""
    if words[cue] not in _LISTENER_CUES:
        return k
    m = k
    while m < len(words) and m - k < 5 and words[m] not in ("that", ",", ":"):
        m += 1
    if m < len(words) and words[m] in ("that", ",", ":"):
        return m + (words[m] != "that")
    return k

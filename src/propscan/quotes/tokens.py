"""Tokens and sentences as the quote finder reads them.

The token pattern and a text's tokens as (start, end, text) offsets (:func:`tokens_of`, or the
bare :func:`split` and :func:`offsets` where building offsets for every sentence is not worth
it), a token run's span, the sentences of a text paragraph by paragraph, and where a content
span ends before its sentence's closing punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import accumulate

from propscan.actors.first_names import MODAL_NAMES
from propscan.document import split_sentences

# The first alternative is a fast path for the commonest token, a run of ASCII letters that
# no other alternative would extend (they all need a ".", a "-" or an apostrophe after it);
# it matches exactly what the rest would.
_TOKEN = re.compile(
    r"[A-Za-z]+(?![\w’'.\-])|(?=[A-Z])(?:Mr|Mrs|Ms|Dr|Rep|Sen|Gov|Gen|Lt|Col|St|Jr|Sr|Prof|Rev|Sgt|Capt|Sept?|Jan|Feb|Aug|Oct"
    r"|Nov|Dec|[A-Z][a-z]?-[A-Z][a-z]+)\.|(?:[A-Za-z]\.){2,}|[A-Z]\.(?=\s+[A-Z])"
    # A number's thousands separators are no commas of the sentence ("Over 350,000 people").
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\w)"
    r"|(?i:he|she|it|they|we|you|i|who|that|there|what)(?=[’'](?:s|re|ve|ll|d|m)(?![\w’']))"
    r"|[\w’'][\w’'.\-]*\w|\w"
    # An editor's bracketed letters open a word of its own ("[W]hile", "[t]he").
    r"|\[[A-Za-z]{1,2}\][a-z]+|[^\w\s]"
)
# What the cue models' training caches are keyed by (cuetagger_train.folds_digest).
TOKEN_PATTERN = _TOKEN.pattern
# A paragraph: a line of the text (paragraphs are separated by line breaks).
PARAGRAPH = re.compile(r"[^\n]+")


# The token pattern as one group: splitting a text with it gives the gaps between tokens
# (whitespace) and the tokens, alternately, without a match object per token.
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")


def split(text: str, start: int, end: int) -> list[str]:
    """``text[start:end]`` as [gap, token, gap, token, …, gap]; the same tokens as
    ``_TOKEN.finditer(text, start, end)`` (the pattern looks behind nothing)."""
    return _TOKEN_SPLIT.split(text[start:end])


def offsets(parts: list[str], start: int) -> list[tuple[int, int, str]]:
    """The tokens of a :func:`split` of a text starting at ``start`` as (start, end, text)."""
    ends = list(accumulate(map(len, parts), initial=start))
    return list(zip(ends[1::2], ends[2::2], parts[1::2], strict=False))


def tokens_of(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The tokens of ``text[start:end]`` as (start, end, text), offsets into ``text``."""
    return offsets(split(text, start, end), start)


def span(tokens: list[tuple[int, int, str]]) -> tuple[int, int]:
    """The (start, end) of a run of tokens."""
    return tokens[0][0], tokens[-1][1]


def overlaps(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    """Whether ``span`` shares a character with any of ``spans``."""
    return any(s < span[1] and span[0] < e for s, e in spans)


def token_after(tokens: list[tuple[int, int, str]], pos: int) -> int:
    """The index of the first token starting at or after ``pos`` (``len(tokens)`` if none)."""
    return next((m for m, t in enumerate(tokens) if t[0] >= pos), len(tokens))


def paragraph_sentences(text: str, stop: int) -> list[tuple[int, int]]:
    """The sentences of ``text[:stop]``, paragraph by paragraph, as (start, end)."""
    sentences: list[tuple[int, int]] = []
    for m in PARAGRAPH.finditer(text, 0, stop):
        sentences.extend(_sentence_bounds(text, m.start(), m.end()))
    return sentences


def _sentence_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return list(split_sentences(text, start, end))


def content_end(text: str, start: int, end: int) -> int:
    """Where a content from ``start`` to at most ``end`` ends: before trailing spaces and
    sentence punctuation (``.!?;:``), but after a stop and the closing mark of a quotation
    the content opened ('called him a “pathological liar.”': PolNeAR's contents end so 3,184
    times in train, before the stop 5 times)."""
    while end > start and (text[end - 1] in ".!?;: " or text[end - 1].isspace()):
        end -= 1
    closing = _STOP_AND_MARK.match(text, end)
    if closing is not None and _left_open(text[start:end]):
        return closing.end()
    return end


# A stop and a closing quotation mark after it: "”", a straight '"' or NYT's "''".
_STOP_AND_MARK = re.compile(r"[.!?](?:”|\"|'')")


def _left_open(part: str) -> bool:
    """Whether ``part`` opens a quotation it does not close."""
    return (
        part.count("“") > part.count("”") or part.count('"') % 2 == 1 or part.count("''") % 2 == 1
    )


# Words after which "May" is the month ("in May", "since May", "last May").
_BEFORE_MONTH = frozenset(
    "in on by since until till from through during of before after early late mid last next "
    "this that each every".split()
)


# The brackets of an editor's letters: "[W]hile" is "while" to the word lists.
_UNBRACKETED = re.compile(r"[\[\]]")


def lowered(raw: list[str]) -> list[str]:
    """The words of a token run, lower-cased for matching against word lists, but a
    capitalised function word beside another capitalised word keeps its case: in "Theresa
    May said" and "Rep. Will Hurd said" it is a name, which no list of verbs and conjunctions
    (:data:`propscan.quotes.sources.NOT_SOURCE`) should stop a source at; after "in", "since"
    and the like "May" stays the month."""
    words = [
        _UNBRACKETED.sub("", w.lower()) if w[:1] == "[" and len(w) > 1 else w.lower() for w in raw
    ]
    if MODAL_NAMES.isdisjoint(words):
        return words
    for m, low in enumerate(words):
        if low not in MODAL_NAMES or not raw[m][:1].isupper():
            continue
        if m and words[m - 1] in _BEFORE_MONTH:
            continue
        before = raw[m - 1] if m else ""
        after = raw[m + 1] if m + 1 < len(raw) else ""
        if before[:1].isupper() or after[:1].isupper() or _finite(after):
            words[m] = raw[m]
    return words


def _finite(word: str) -> bool:
    """Whether a word is a finite verb, which no modal precedes: "May said", "May warned",
    "May says", "May has" name a person ("may" takes a bare verb: "may say")."""
    low = word.lower()
    return word.isalpha() and (
        low in _FINITE
        or low.endswith("ed")
        or (low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 3)
    )


_FINITE = frozenset(
    "said told wrote spoke thought felt knew saw took gave made went has had is was".split()
)

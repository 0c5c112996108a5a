"""Pairing quotation marks into quoted passages, robust to unbalanced and nested marks.

Handles curly (“ ” ‘ ’), straight (" '), doubled apostrophes (``''…''``, as in the NYT
archive), guillemet (« », and the German and Danish »…«), single guillemet (‹ ›), low-high
(„ “ and ‚ ‘) and corner-bracket (「 」, 『 』) marks, and the mixed pairs of edited copy
(a straight opening mark closed by a curly one, and the reverse). Single
quotes nested in a double-quoted passage belong to it. A passage that reaches the end of its
paragraph unclosed continues when the next paragraph opens with a quotation mark (the newswire
convention for quotes spanning paragraphs), or closes in the next paragraph before any other
mark opens there (a page setting each sentence on its own line); otherwise it stops at the
paragraph end, so an unbalanced mark never swallows the rest of the article.
"""

from __future__ import annotations

import re

# No quoted passage is longer than this many characters in a paragraph; longer runs are
# unbalanced marks, not quotes.
MAX_PART = 3000
_PARAGRAPH = re.compile(r"[^\n]+")
_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_OPENERS = "“„«\"‘'「『‹‚»"
_MARK = re.compile("[“„«\"‘'「『‹‚»]")
# Marks that open a passage closed by one of the given marks, the same mark nesting inside.
_PAIRED = {"「": "」", "『": "』", "‹": "›", "‚": "‘’", "»": "«"}


def _opens(text: str, i: int, start: int) -> bool:
    """Whether a straight or ambiguous mark at ``i`` opens (nothing word-like before it)."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not (before.isalnum() or before in ".,;:!?%)]") and not after.isspace()


def open_quotation(text: str, start: int, end: int) -> int:
    """Where the words of a quotation opened in ``text[start:end]`` and still open at ``end``
    begin, or -1: curly marks by their count, a straight mark (or the NYT's ``''``) when an odd
    one is the last and opens (:func:`_opens`; not 6'3", nor '…," the pope said' in a sentence
    that starts inside a quotation) before a word."""
    if text.count("“", start, end) > text.count("”", start, end):
        return text.rfind("“", start, end) + 1
    for mark in ('"', "''"):
        i = text.rfind(mark, start, end)
        after = i + len(mark)
        odd = text.count(mark, start, end) % 2
        if odd and _opens(text, i, start) and after < end and not text[after].isspace():
            return after
    return -1


def _paragraph_parts(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Quoted parts of one paragraph: (start, end, closed) with the marks included."""
    parts: list[tuple[int, int, bool]] = []
    i = start
    while i < end:
        found = _MARK.search(text, i, end)
        if found is None:
            break
        i = found.start()
        ch = text[i]
        if ch == "»" and not (i + 1 < end and text[i + 1].isalnum() and _opens(text, i, start)):
            i += 1  # a closing guillemet; »…« opens only before a word
            continue
        if ch in _PAIRED:
            close = _find_paired_close(text, i, end)
        elif ch in _DOUBLE_OPEN or (ch == '"' and _opens(text, i, start)):
            close = _find_double_close(text, i, end)
        elif text.startswith("''", i) and _opens(text, i + 1, start):
            close = _find_two_apostrophes_close(text, i, end)
        elif ch in "‘'" and _opens(text, i, start):
            close = _find_single_close(text, i, end)
        else:
            close = _APOSTROPHE
        if close == _APOSTROPHE:
            i += 1
            continue
        if close is None:
            parts.append((i, end, False))
            break
        if close - i > 2:
            parts.append((i, close, True))
        i = close
    return parts


def _find_double_close(text: str, i: int, end: int) -> int | None:
    """The end (exclusive) of the double-quoted passage opened at ``i``, None if unclosed."""
    opener = text[i]
    depth = 0
    j = i + 1
    while j < end:
        ch = text[j]
        if opener == '"':
            # A straight opener closes at a straight mark, or at a curly close of no curly
            # opener inside it (the mixed marks of edited copy: "…,” said X).
            if ch == '"':
                return j + 1
            if ch == "“":
                depth += 1
            elif ch == "”":
                if depth == 0:
                    return j + 1
                depth -= 1
        elif ch in _DOUBLE_CLOSE or (opener == "„" and ch == "“"):
            if depth == 0:
                return j + 1
            depth -= 1
        elif ch == opener and opener in "“«":
            # “ after a word closes (a typo for ”); after a space it opens a nested quote.
            if text[j - 1].isalnum() or text[j - 1] in ".,!?":
                if depth == 0:
                    return j + 1
                depth -= 1
            else:
                depth += 1
        elif ch == '"' and depth == 0 and not _opens(text, j, i):
            return j + 1  # a straight close after a curly open
        j += 1
    return None


def _find_paired_close(text: str, i: int, end: int) -> int | None:
    """The end of a passage opened at ``i`` by a mark of :data:`_PAIRED`, None if unclosed."""
    opener = text[i]
    closers = _PAIRED[opener]
    depth = 0
    for j in range(i + 1, end):
        ch = text[j]
        if ch in closers:
            if depth == 0:
                return j + 1
            depth -= 1
        elif ch == opener:
            depth += 1
    return None


def _find_two_apostrophes_close(text: str, i: int, end: int) -> int | None:
    """The end of a passage opened by two apostrophes (the NYT archive's ``''…''``)."""
    j = text.find("''", i + 2, end)
    while j >= 0:
        if j + 2 >= end or not text[j + 2].isalnum():
            return j + 2
        j = text.find("''", j + 2, end)
    return None


# What a passage's close is when its opening mark turns out to be an apostrophe.
_APOSTROPHE = -1


def _find_single_close(text: str, i: int, end: int) -> int | None:
    """The end of a passage opened by a single mark at ``i``, None if unclosed, or
    :data:`_APOSTROPHE` where the mark meets a double one first ("in ‘08 that … “I do …”":
    no quote, so the double-quoted passage after it is read as one)."""
    j = i + 1
    while j < end:
        if text[j] in "’'":
            after = text[j + 1] if j + 1 < end else " "
            if not after.isalnum():
                return j + 1
        elif text[j] in '“”"':
            return _APOSTROPHE
        j += 1
    return None


# A quote broken over lines is looked for in at most this many lines after its first.
_CONTINUED_LINES = 5


def _closing_later(text: str, paragraphs: list[tuple[int, int]], k: int) -> tuple[int, int] | None:
    """(paragraph index, end of the mark) of the closing double mark that comes first in
    paragraph ``k`` or one of the few after it, the paragraphs before it holding no double
    mark at all and the last no name signing the quote; None otherwise."""
    for m in range(k, min(len(paragraphs), k + _CONTINUED_LINES)):
        start, end = paragraphs[m]
        if _DOUBLE_MARK.search(text, start, end) is None:
            continue
        close = _closing_first(text, start, end)
        if (
            close is None
            or _WORD.search(text, start, close - 1) is None  # a closing mark alone on its line
            or _SIGNED.fullmatch(text, start, close - 1)
        ):
            return None
        if sum(e - s for s, e in paragraphs[k:m]) + close - start > MAX_PART:
            return None
        return m, close
    return None


def _closing_first(text: str, start: int, end: int) -> int | None:
    """The end of the closing double mark that comes first in ``text[start:end]``, before any
    opening one; None if the first double mark opens (or there is none)."""
    found = _DOUBLE_MARK.search(text, start, end)
    if found is None:
        return None
    i = found.start()
    closes = text[i] in _DOUBLE_CLOSE or (text[i] == '"' and not _opens(text, i, start))
    return i + 1 if closes else None


_DOUBLE_MARK = re.compile('[“”„«»"]')
_WORD = re.compile(r"\w")
# A name of two words or more signing a quote inside its marks, maybe with its affiliation
# ('"…⏎Dean Baker, Center for Economic and Policy Research."'): no sentence of the quote.
SIGNING_NAME = r"(?:[A-Z][\w.’'-]*[ \u00a0]+){1,4}[A-Z][\w.’'-]*(?:,[^\n]{0,60}?)?"
_SIGNED = re.compile(SIGNING_NAME + r"\.?")


def quoted_passages(text: str, end: int | None = None) -> list[list[tuple[int, int]]]:
    """Top-level quoted passages of ``text[:end]``, each as its parts, one a paragraph.

    Every part runs from its opening mark, or from its paragraph's start for a line that
    continues a quote broken over lines, to its closing mark (both included), or to the end of
    the paragraph (trailing whitespace excluded) for a part that continues in the next one.
    """
    stop = len(text) if end is None else end
    # (start, end) of each paragraph with text, without its outer spaces.
    paragraphs: list[tuple[int, int]] = []
    for m in _PARAGRAPH.finditer(text, 0, stop):
        lead, pe = m.start(), m.end()
        while pe > lead and text[pe - 1].isspace():
            pe -= 1
        while lead < pe and (text[lead].isspace() or text[lead] == "\ufeff"):
            lead += 1
        if lead < pe:
            paragraphs.append((lead, pe))
    passages: list[list[tuple[int, int]]] = []
    pending: list[tuple[int, int]] | None = None
    k = 0
    while k < len(paragraphs):
        lead, pe = paragraphs[k]
        parts = _paragraph_parts(text, lead, pe)
        if pending is not None:
            if parts and parts[0][0] == lead and text[lead] in _OPENERS:
                s, e, closed = parts.pop(0)
                pending.append((s, e))
                if not closed:
                    k += 1
                    continue
            elif text[pending[0][0]] in _DOUBLE_OPEN + '"':
                closing = _closing_later(text, paragraphs, k)
                if closing is not None:
                    # '“We hope for an orderly exit.\nWe must be prepared,” X said.': a
                    # quote a page breaks over lines (one a sentence), closed by the first
                    # mark of a later line, the lines between without any.
                    last, close = closing
                    pending.extend(paragraphs[k:last])
                    pending.append((paragraphs[last][0], close))
                    k = last
                    parts = _paragraph_parts(text, close, paragraphs[last][1])
            passages.append(pending)
            pending = None
        for s, e, closed in parts:
            if e - s > MAX_PART:
                continue
            if closed:
                passages.append([(s, e)])
            else:
                pending = [(s, e)]
        k += 1
    if pending is not None:
        passages.append(pending)
    return passages

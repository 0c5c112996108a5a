"""How the reports word article text around their own: a short title, a quoted fragment.

The web page does the same in JavaScript (``web/static/app.js``: ``shortTitle``, ``quoted``);
keep the two in step.
"""

from __future__ import annotations

from propscan.document import Document

# Longest title shown, in code points with the ellipsis: about one line of a report's heading.
TITLE_LIMIT = 100
UNTITLED = "(untitled)"

_OPENING_QUOTES = frozenset('“"‘«„')
_CLOSING_QUOTES = frozenset('”"»')
# Trailing characters that look wrong before an ellipsis.
_DANGLING = " ,;:-–—"


def shorten(text: str, limit: int = TITLE_LIMIT) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` code points, with "…".

    A single word longer than half the limit is cut inside the word rather than dropped.
    """
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[: limit - 1]
    if head[-1].isalnum() and flat[limit - 1].isalnum():  # inside a word: drop its start
        space = head.rfind(" ")
        if space > limit // 2:
            head = head[:space]
    return head.rstrip(_DANGLING) + "…"


def short_title(document: Document, limit: int = TITLE_LIMIT) -> str:
    """The title to show: the metadata title, else the first line, shortened (:func:`shorten`).

    The first line of an article without a title may be its whole first paragraph; the report
    shows it in full in the article text, so the heading needs only its start.
    """
    return shorten(document.title or "", limit) or UNTITLED


def quoted(text: str) -> str:
    """``text`` between typographic quotation marks, without doubling marks it carries.

    Fragments and labels are cut from the article, so they may start or end with the article's
    own quotation marks (a fragment that is a whole quotation, “There can be no impunity…”):
    those are kept and no second mark is added on that side. A trailing ’ counts as a closing
    mark only after an opening ‘ (otherwise it is an apostrophe: "the rebels’").
    """
    opens = text[:1] in _OPENING_QUOTES
    closes = len(text) > 1 and (
        text[-1] in _CLOSING_QUOTES or (text[-1] == "’" and "‘" in text[:-1])
    )
    return ("" if opens else "“") + text + ("" if closes else "”")

"""How the reports word article text around their own: a short title, a quoted fragment,
whose voice a fragment is in, a voice's score.

The web page does the same in JavaScript (``web/static/app.js``: ``shortTitle``, ``quoted``,
``voiceLabel``, ``voiceDetails``); keep the two in step.
"""

from __future__ import annotations

from propscan.analysis import Fragment, VoiceSummary
from propscan.article_score import PRIOR_CLEAN, PRIOR_FLAGGED
from propscan.document import Document
from propscan.voice import QUOTE

# Longest title shown, in code points with the ellipsis: about one line of a report's heading.
TITLE_LIMIT = 100
UNTITLED = "(untitled)"

_OPENING_QUOTES = frozenset('“"‘«„')
_CLOSING_QUOTES = frozenset('”"»')
# What a voice's score means, said under it: 41% is not the share of the text that is
# propaganda, and one flagged sentence out of two proves little.
SCORE_MEANING = (
    "Each score is the estimated share of that voice's sentences that hold propaganda, with a "
    "90% interval: a short text stays near a typical article's share "
    f"({PRIOR_FLAGGED / (PRIOR_FLAGGED + PRIOR_CLEAN):.0%}) with a wide interval, a long one is "
    "judged on its own sentences. The article's score is the author's; quoted speech is what "
    "the article reports others saying."
)
# What a quote's kind means, said under the quotes: PolNeAR's attributions include acts, which
# a reader should not take for words somebody said.
KIND_MEANING = (
    'Kind: speech is words said, written or published (quotations, "said", "according '
    'to", a report "found"); thought is a belief, feeling, wish or stance ("believes", '
    '"fears", "wants"); other is an act or plan the article attributes to someone '
    '("refused", "launched an attack"), not words they can be held to. Read off the cue.'
)
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


def voice_label(fragment: Fragment) -> str:
    """Whose words a fragment is in: ``author``, ``quoted — Ivo Brandt``, or ``quoted, speaker
    unknown`` when the article does not say who spoke."""
    if fragment.voice != QUOTE:
        return "author"
    return f"quoted — {fragment.speaker}" if fragment.speaker else "quoted, speaker unknown"


def voice_details(voice: VoiceSummary) -> str:
    """What backs a voice's score: ``(90% interval: 29–54%), 15 of 34 sentences flagged``."""
    return (
        f"(90% interval: {voice.score_low:.0%}–{voice.score_high:.0%}), {voice.flagged:,} of "
        f"{voice.sentences:,} sentence{'' if voice.sentences == 1 else 's'} flagged"
    )

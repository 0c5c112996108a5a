"""Is this text something the models can read? English prose, not another language or noise.

Both models learned from English news. On other text their scores mean nothing, so the
pipeline reports no fragments there and says why, rather than inventing some.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+")
# The commonest English function words: together they make up a third or more of the words of
# any English prose, and almost none of the words of other languages or of non-prose.
_FUNCTION_WORDS = frozenset(
    "the of and to a in is that for it as was with be by on not he she they we you i this are "
    "or his her from at which but have has had an were their been would will there what all "
    "so can one its who if more when no out about than them then into".split()
)
# Below this many words the estimate is too noisy to act on; short texts pass.
MIN_WORDS = 20
# Share of function words under which a text is not treated as English. English news runs at
# 0.35-0.5; the PTC training articles' lowest is far above this floor.
MIN_FUNCTION_SHARE = 0.12

NOT_ENGLISH = (
    "the text does not look like English prose; propscan's models were trained on English "
    "news, so no fragments are reported"
)


def readable_note(text: str) -> str | None:
    """``None`` when the models can read ``text``; otherwise the note that explains why not."""
    words = _WORD.findall(text.lower())
    if not words:
        return "the text has no letters; no fragments are reported"
    if len(words) < MIN_WORDS:
        return None
    share = sum(1 for w in words if w in _FUNCTION_WORDS) / len(words)
    return None if share >= MIN_FUNCTION_SHARE else NOT_ENGLISH

"""Is this text something the models can read? English prose, not another language or noise.

Both models learned from English news. On other text their scores mean nothing, so the
pipeline reports no fragments there and says why, rather than inventing some.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W\d_]+")
# The commonest English function words: together they make up a third or more of the words of
# any English prose, and almost none of the words of other languages or of non-prose.
_FUNCTION_WORDS = frozenset(
    "the of and to a in is that for it as was with be by on not he she they we you i this are "
    "or his her from at which but have has had an were their been would will there what all "
    "so can one its who if more when no out about than them then into".split()
)
# Below this many words the share of English function words is too noisy to act on (a
# headline may have none); such short texts are judged by positive evidence instead.
MIN_WORDS = 20
# Share of function words under which a text is not treated as English. English news runs at
# 0.35-0.5; the PTC training articles' lowest is far above this floor.
MIN_FUNCTION_SHARE = 0.12
# Function words of the languages a news scraper meets most (French, German, Spanish, Italian,
# Portuguese, Dutch), leaving out every one that is also an English word ("a", "die", "war",
# "no", "come", "per", "son", "met", "hat", "van") or common in English news ("un", "Dem",
# "Al", "ya"), so an English text never scores on them. Words in capitals ("UN", "LA") are
# acronyms, and a particle before a capitalised word is part of a name ("von der Leyen", "Le
# Monde", "El Paso"): neither is counted.
_FOREIGN_FUNCTION_WORDS = (
    frozenset(
        # French
        "de le la les des du une et est que qui dans pas sur au aux avec ce cette il elle ils "
        "nous vous sont ont été ne se sa ses leur mais ou où très "
        # German
        "der das und ist nicht ein eine einer eines des mit von zu auf für sich auch sie "
        "es wir ich werden wird wurde haben sind nach bei aus über noch wie oder aber nur "
        # Spanish
        "el los las del y en es por para su lo como más pero sus este esta entre cuando "
        "muy sobre también hasta hay donde desde todo nos durante "
        # Italian
        "gli di della dei delle che è sono nel nella alla anche questo questa ma "
        # Portuguese
        "os em na não ao mais mas foi são seu sua ele ela "
        # Dutch
        "het een dat niet zijn voor aan ook als maar bij nog wel naar wordt werd hij zij wij "
        "heeft hebben moet worden deze geen omdat "
        "ik".split()
    )
    - _FUNCTION_WORDS
)
_NAME_PARTICLES = frozenset(
    "de du des la le el von der van del di da dos los las den della".split()
)
# A short text is judged not English on at least this many foreign function words, when they
# outnumber its English ones: one ("Le Monde reported...") is a name, not a language.
MIN_FOREIGN_WORDS = 2

NOT_ENGLISH = (
    "the text does not look like English prose; propscan's models were trained on English "
    "news, so no fragments are reported"
)


def _mostly_other_script(words: list[str]) -> bool:
    """Whether most letters are of another script than Latin (Cyrillic, Greek, CJK...)."""
    letters = [c for w in words for c in w]
    latin = sum(1 for c in letters if c < "\u0250" or unicodedata.name(c, "").startswith("LATIN"))
    return latin * 2 < len(letters)


def readable_note(text: str) -> str | None:
    """``None`` when the models can read ``text``; otherwise the note that explains why not.

    A text of ``MIN_WORDS`` words or more must be made of English function words at least
    ``MIN_FUNCTION_SHARE``. A shorter one (a headline has none: "Hello world.") passes unless
    there is evidence against it: letters mostly of another script than Latin, or more
    function words of another language than of English.
    """
    words = _WORD.findall(text.lower())
    if not words:
        return "the text has no letters; no fragments are reported"
    english = sum(1 for w in words if w in _FUNCTION_WORDS)
    if len(words) >= MIN_WORDS:
        return None if english / len(words) >= MIN_FUNCTION_SHARE else NOT_ENGLISH
    if _mostly_other_script(words):
        return NOT_ENGLISH
    cased = _WORD.findall(text)
    foreign = sum(
        1
        for w, following in zip(cased, [*cased[1:], ""], strict=True)
        if w.lower() in _FOREIGN_FUNCTION_WORDS
        and not (len(w) > 1 and w.isupper())
        and not (w.lower() in _NAME_PARTICLES and following[:1].isupper())
    )
    return NOT_ENGLISH if foreign >= MIN_FOREIGN_WORDS and foreign > english else None

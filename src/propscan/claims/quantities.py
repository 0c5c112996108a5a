"""Numbers an article states, as structured data: value, unit or what is counted, comparison.

One regular expression finds a number (digits with thousands separators and decimals, a
currency sign, a scale word such as "million", or a number word such as "three"), the
comparison words before it ("over", "more than", "almost") and a unit after it ("percent",
"%", or the word naming what is counted: "350,000 people"). It is a pattern, not a parser:
cheap enough to run on every sentence of every article, and every span it returns addresses
the text exactly.
"""

from __future__ import annotations

import re

from propscan.analysis import Quantity

_WORD_VALUES = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "dozens": 12,
    "hundreds": 100,
    "thousands": 1000,
    "millions": 1_000_000,
    "billions": 1_000_000_000,
}
_SCALES = {
    "hundred": 100.0,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "bn": 1e9,
    "m": 1e6,
}
# Longest first, so "more than" wins over a bare "more" and "just over" over "over".
_COMPARISONS = (
    "more than",
    "less than",
    "fewer than",
    "greater than",
    "at least",
    "at most",
    "up to",
    "as many as",
    "as much as",
    "as few as",
    "close to",
    "just over",
    "just under",
    "nearly",
    "almost",
    "over",
    "under",
    "about",
    "around",
    "approximately",
    "roughly",
    "some",
    "above",
    "below",
    "exactly",
)
_UNITS = {
    "percent": "percent",
    "per cent": "percent",
    "%": "percent",
    "percentage points": "percentage points",
    "percentage point": "percentage points",
}
# Words after a number that are not what it counts.
_NOT_COUNTED = frozenset(
    "a an the and or but of to in on at by for from with as than that this these those is are "
    "was were be been being have has had will would can could should may might do does did "
    "not no per each times ago year-old".split()
)
# Words before "one" that make it a pronoun or determiner, not a count.
_NOT_ONE = frozenset("no any every each this that which the someone".split())
_CURRENCY = {"$": "$", "£": "£", "€": "€", "¥": "¥"}

_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_NUMBER_WORD = rf"(?:{_TENS})-(?:one|two|three|four|five|six|seven|eight|nine)|" + "|".join(
    sorted(_WORD_VALUES, key=len, reverse=True)
)
_COMPARISON = "|".join(c.replace(" ", r"\s+") for c in _COMPARISONS)
_PATTERN = re.compile(
    rf"""
    (?:(?P<cmp>{_COMPARISON})\s+)?
    (?P<cur>[$£€¥])?
    (?:
        (?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
      | (?P<word>{_NUMBER_WORD})
    )
    (?:\s*-?\s*(?P<scale>hundred|thousand|million|billion|trillion|bn)\b|(?P<mscale>m)\b)?
    (?:
        \s*(?P<unit>%|per\s+cent\b|percent\b|percentage\s+points?\b)
      | \s+(?P<noun>[A-Za-z][a-z]+(?:-[a-z]+)*)
    )?
    """,
    re.IGNORECASE | re.VERBOSE,
)


# Cheap anchors: a digit (after an optional currency sign) or a number word. The full pattern
# is tried only where one starts, with a comparison word looked for just before it: scanning
# the whole pattern at every position of every sentence cost ~90 µs a sentence.
_DIGIT_ANCHOR = re.compile(r"[$£€¥]?\.?\d")
# A number word anchors where a run of word characters is one, as _PATTERN (which ignores
# case) reads it; the runs are found with one cheap scan and looked up in a set (scanning
# for the alternation of number words cost ~4x more).
_RUN = re.compile(r"\w+")
# Letters that _PATTERN (re.IGNORECASE) takes for ASCII letters of number words.
_FOLD = str.maketrans({"ſ": "s", "ı": "i", "İ": "i", "\u212a": "k"})
_LETTERS = re.compile(r"[a-z]+")
_NUMBER_PARTS = frozenset(_WORD_VALUES)
_COMPARISON_TAIL = re.compile(rf"\b(?:{_COMPARISON})\s+\Z", re.IGNORECASE)
_LOOK_BACK = 20


def _anchors(text: str, start: int, stop: int, number_words: bool) -> list[int]:
    """Where a quantity may start in ``text[start:stop]``, in text order."""
    digits = [m.start() for m in _DIGIT_ANCHOR.finditer(text, start, stop)]
    if not number_words:
        return digits
    words = []
    for run in _RUN.finditer(text, start, stop):
        word = run.group()
        if word.lower() in _NUMBER_PARTS or (
            not word.isascii() and word.translate(_FOLD).lower() in _NUMBER_PARTS
        ):
            words.append(run.start())
    return sorted(digits + words) if digits and words else digits or words


def _matches(text: str, start: int, stop: int, number_words: bool | None) -> list[re.Match[str]]:
    found: list[re.Match[str]] = []
    last_end = start
    # Most sentences name no number word: then digits are the only anchors (a far cheaper scan).
    has_words = (
        not _NUMBER_PARTS.isdisjoint(_LETTERS.findall(text[start:stop].lower()))
        if number_words is None
        else number_words
    )
    for at in _anchors(text, start, stop, has_words):
        if at < last_end:
            continue
        tail = _COMPARISON_TAIL.search(text, max(last_end, at - _LOOK_BACK), at)
        match = _PATTERN.match(text, tail.start() if tail else at, stop)
        if match is None:
            continue
        found.append(match)
        last_end = match.end()
    return found


def _value(match: re.Match[str]) -> float | None:
    raw = match.group("num")
    if raw is not None:
        value = float(raw.replace(",", ""))
    else:
        word = match.group("word").translate(_FOLD).lower()
        value = float(sum(_WORD_VALUES[part] for part in word.split("-")))
    scale = match.group("scale") or match.group("mscale")
    if scale:
        value *= _SCALES[scale.translate(_FOLD).lower()]
    return value


def find_quantities(
    text: str, start: int = 0, end: int | None = None, number_words: bool | None = None
) -> list[Quantity]:
    """The quantities stated in ``text[start:end]``, with offsets into ``text``.

    Args:
        text: The whole text (a document's text, or a single sentence).
        start: Where to start looking.
        end: Where to stop looking (default: the end of ``text``).
        number_words: Whether ``text[start:end]`` may name a number word (``False`` only when
            none of its tokens does: see :func:`number_kind`); ``None``: looked for here.

    Returns:
        One :class:`Quantity` per number, in text order. Its span runs from the comparison
        word (if any) to the unit or counted word (if any): "Over 350,000 people" gives
        value 350000, unit "people", comparison "over".
    """
    stop = len(text) if end is None else end
    found: list[Quantity] = []
    for match in _matches(text, start, stop, number_words):
        # A number glued to a word ("COVID19", "F16") or inside a bigger token is no quantity.
        first = match.start("cur") if match.group("cur") else match.start("num")
        if match.group("word") is None and first > 0 and text[first - 1].isalnum():
            continue
        if match.group("word") is not None:
            w0 = match.start("word")
            if (w0 > 0 and text[w0 - 1].isalpha()) or (
                match.end("word") < len(text) and text[match.end("word")].isalpha()
            ):
                continue
        glued = match.group("num") is not None and match.end("num") < stop
        scaled = match["scale"] or match["mscale"] or match["unit"]
        if glued and text[match.end("num")].isalpha() and not scaled:
            continue  # "1990s", "3rd": letters glued to the digits ("1.2m" is a scale)
        span_end = match.end()
        unit: str | None = None
        if match.group("word") is not None and not (match.group("unit") or match.group("cmp")):
            noun_word = match.group("noun")
            if noun_word is None or noun_word.lower() in _NOT_COUNTED or not noun_word.islower():
                continue  # "one of them": a number word alone is rarely a quantity
            before = text[max(start, match.start() - 6) : match.start()].lower().split()
            if match["word"].lower() == "one" and before and before[-1] in _NOT_ONE:
                continue  # "no one came", "the one thing"
        noun = match.group("noun")
        if noun and match.group("unit") is None and not _YEAR_LIKE.fullmatch(match["num"] or ""):
            # Past adjectives, but not after what may be a year ("2016 government figures").
            noun, span_end = _counted(text, stop, noun, match.end("noun"))
        if match.group("unit"):
            unit = _UNITS.get(re.sub(r"\s+", " ", match.group("unit").lower()), "percent")
        elif noun and noun.lower() not in _NOT_COUNTED and noun.islower() and not match["cur"]:
            unit = noun.lower()
        elif noun:
            span_end = match.end(
                "scale"
                if match.group("scale")
                else "mscale"
                if match.group("mscale")
                else "num"
                if match.group("num")
                else "word"
            )
        if match.group("cur"):
            unit = _CURRENCY[match.group("cur")]
        comparison = match.group("cmp")
        span_start = match.start()
        if comparison is not None:
            comparison = re.sub(r"\s+", " ", comparison.lower())
        found.append(
            Quantity(
                start=span_start,
                end=span_end,
                text=text[span_start:span_end],
                value=_value(match),
                unit=unit,
                comparison=comparison,
            )
        )
    return found


# Adjectives that may stand between a number and what it counts ("six western countries",
# "three senior officials"): common ones, and words with an adjective's ending.
_ADJECTIVES = frozenset(
    "new old big small large major minor other more further additional key top main young "
    "senior junior innocent armed unarmed wounded local foreign former separate different "
    "whole full last first next same early late high low long short recent current "
    "independent violent prominent".split()
)
_ADJECTIVE_ENDINGS = (
    "ern", "ish", "ese", "ian", "al", "ic", "ive", "ous", "ful", "less", "able", "ible", "ary",
    "ior",
)  # fmt: skip
# Plural nouns that do not end in "s".
_PLURALS = frozenset("people children men women police personnel staff cattle".split())
_NEXT_WORD = re.compile(r"[^\S\n]+([a-z]+(?:-[a-z]+)*)\b")
# Adjectives looked past, at most.
_MAX_ADJECTIVES = 2
_YEAR_LIKE = re.compile(r"1[5-9]\d\d|2[01]\d\d")


def _is_adjective(word: str) -> bool:
    return word in _ADJECTIVES or (
        not word.endswith("s") and word.endswith(_ADJECTIVE_ENDINGS) and len(word) > 4
    )


def _is_plural(word: str) -> bool:
    return word in _PLURALS or (word.endswith("s") and not word.endswith("ss"))


def _counted(text: str, stop: int, noun: str, end: int) -> tuple[str, int]:
    """What a number counts and where its span ends: the word after it, or, when that is an
    adjective, the plural noun after one or two adjectives ("six western countries")."""
    words: list[str] = []
    at = end
    word = noun
    while _is_adjective(word.lower()) and len(words) < _MAX_ADJECTIVES:
        following = _NEXT_WORD.match(text, at, stop)
        if following is None:
            break
        words.append(following.group(1))
        at = following.end(1)
        word = following.group(1)
        if _is_plural(word):
            return word, at
    return noun, end


def _is_amount(unit: str) -> bool:
    """Whether a unit makes a number an amount: a percentage, a currency, a plural noun that
    does not name an event ("2016 people", not "the 2016 elections")."""
    return (
        unit in _UNITS.values()
        or unit in _CURRENCY
        or (unit not in _YEAR_NOUNS and _is_plural(unit))
    )


_DIGIT = re.compile(r"\d")


def may_be_number(token: str) -> bool:
    """Whether a lower-cased token holds a digit or, as a whole run of letters, a number word.

    A sentence none of whose tokens may be a number has no anchor for :func:`find_quantities`
    (a digit, or a number word found among its runs of letters), so it states no quantity:
    :class:`propscan.claims.ClaimModel` looks only in the others.
    """
    return number_kind(token) > 0


def number_kind(token: str) -> int:
    """2 when one of a lower-cased token's runs of letters is a number word, else 1 when it
    holds a digit, else 0 (it may not be part of a quantity: see :func:`may_be_number`).

    A span none of whose tokens is of kind 2 names no number word, so
    :func:`find_quantities` needs to look only at its digits (``number_words=False``).
    """
    if not _NUMBER_PARTS.isdisjoint(_LETTERS.findall(token)):
        return 2
    return 1 if _DIGIT.search(token) is not None else 0


def is_year(quantity: Quantity) -> bool:
    """Whether a quantity is a year ("in 2009", "the 2016 election", "in 2016 alone"): four
    digits from 1500 to 2199, written without a separator, with no comparison or currency,
    and not followed by a plural noun naming what is counted ("2016 people" is an amount). The
    claim model counts every number a sentence states (it was trained so); the claims it
    reports leave years out, since a date is not an amount."""
    text = quantity.text
    return (
        len(text) >= 4
        and text[:4].isdigit()
        and (len(text) == 4 or not (text[4].isdigit() or text[4] in ",."))
        and quantity.value is not None
        and 1500 <= quantity.value <= 2199
        and quantity.comparison is None
        and not (quantity.unit is not None and _is_amount(quantity.unit))
    )


# Words after a year that name an event, not an amount ("the 2016 election").
_YEAR_NOUNS = frozenset(
    "election elections campaign census budget season olympics summit war report survey "
    "study law act review".split()
)


def is_label(text: str, quantity: Quantity) -> bool:
    """Whether a number in ``text`` is part of a name or a label, not an amount: "F-35",
    "COVID-19" (after letters and a hyphen), "9/11" and "24/7" (numbers joined by a slash),
    "No. 2", "Section 230", "Flight 370" (after a label word). Like years, the claim model
    counts them (it was trained so) and the claims it reports leave them out."""
    if (
        not quantity.text[:1].isdigit()  # "two-dozen states", "No one" are no labels
        or quantity.comparison is not None
        or (quantity.unit is not None and quantity.unit in _CURRENCY)
    ):
        return False
    start, end = quantity.start, quantity.end
    if _HYPHENATED.search(text, max(0, start - 12), start) or text[end : end + 1] == "/":
        return True
    if start >= 1 and text[start - 1] == "/" and text[start - 2 : start - 1].isdigit():
        return True
    before = _LABEL_BEFORE.search(text, max(0, start - 16), start)
    return before is not None


# Letters and a hyphen right before a number: a model or a name ("F-35", "COVID-19").
_HYPHENATED = re.compile(r"(?<![\w-])[A-Za-z]+-\Z")
# A capitalised label word right before a number: "No. 2", "Section 230", "Route 66".
_LABEL_BEFORE = re.compile(
    r"\b(?:No|Nos|Number|Section|Article|Title|Chapter|Flight|Route|Highway|Interstate"
    r"|Proposition|Prop|Resolution|Room|Gate|Channel|Phase|Level|Category|Amendment|Rule)"
    r"\.? \Z"
)

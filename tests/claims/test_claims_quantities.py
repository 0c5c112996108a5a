"""Quantities: values, units, comparison words, and offsets that address the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from propscan.claims.quantities import find_quantities, is_year


def _one(text: str) -> tuple[str, float | None, str | None, str | None]:
    (q,) = find_quantities(text)
    return q.text, q.value, q.unit, q.comparison


def test_syria_example() -> None:
    text = "Over 350,000 people have been killed in Syria"
    assert _one(text) == ("Over 350,000 people", 350000.0, "people", "over")


def test_percent_example() -> None:
    text = "the army, backed by Russia, already controls 80 percent of the rebel territory"
    assert _one(text) == ("80 percent", 80.0, "percent", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It cost $2.5 billion last year.", ("$2.5 billion", 2.5e9, "$", None)),
        ("almost 40% of voters", ("almost 40%", 40.0, "percent", "almost")),
        ("nearly 12 per cent", ("nearly 12 per cent", 12.0, "percent", "nearly")),
        ("more than 1.2m refugees", ("more than 1.2m refugees", 1.2e6, "refugees", "more than")),
        ("at least three soldiers died", ("at least three soldiers", 3.0, "soldiers", "at least")),
        ("up to twenty-five troops", ("up to twenty-five troops", 25.0, "troops", "up to")),
        ("about 4.5 million Americans", ("about 4.5 million", 4.5e6, None, "about")),
        ("less than 0.5 percent", ("less than 0.5 percent", 0.5, "percent", "less than")),
    ],
)
def test_examples(text: str, expected: tuple[str, float, str | None, str | None]) -> None:
    assert _one(text) == expected


@pytest.mark.parametrize(
    "text", ["No one came.", "One of them left.", "the 1990s", "F16 jets", "COVID19", "3rd time"]
)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_offsets_are_into_the_whole_text() -> None:
    text = "Intro. Over 350,000 people died. Then 80 percent left."
    start = text.index("Over")
    end = text.index(" Then")
    (q,) = find_quantities(text, start, end)
    assert (q.start, q.end) == (start, start + len("Over 350,000 people"))
    assert text[q.start : q.end] == q.text


_pieces = st.sampled_from(
    [
        "over ",
        "more than ",
        "almost ",
        "$",
        "350,000",
        "2.5",
        "80",
        " percent",
        "%",
        " billion",
        " people",
        " three",
        " twenty-five",
        "m",
        " ",
        "x",
        "Syria",
        ",",
        ".",
        "\n",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_pieces, max_size=12).map("".join), st.text(max_size=30))
def test_every_span_addresses_the_text(built: str, noise: str) -> None:
    for text in (built, noise + built, built + noise):
        for q in find_quantities(text):
            assert 0 <= q.start < q.end <= len(text)
            assert text[q.start : q.end] == q.text


def test_letters_read_as_ascii_by_the_pattern() -> None:
    # The pattern ignores case as re does ('ſ' is an 's', 'İ' and 'ı' an 'i'): such a number
    # word gets its value (it raised KeyError).
    assert _one("six; ſix people") == ("ſix people", 6.0, "people", None)
    assert _one("twenty-ſix people") == ("twenty-ſix people", 26.0, "people", None)
    assert [q.value for q in find_quantities("five; fİve bıllion people")] == [5e9]


_PIECES = [
    *"ab one two twenty-five Six ſix ten million bn 3.5m, -$%.\nİ",
    "more than ",
    "over ",
    "percent",
    " people",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_number_words_flag(text: str) -> None:
    # number_words=False is for a span none of whose tokens names a number word (number_kind
    # < 2): the digits alone are looked at, with the same result.
    from propscan.claims.features import _TOKEN
    from propscan.claims.quantities import number_kind

    expected = find_quantities(text)
    if len(text.lower()) != len(text):
        return  # the claim model looks at both kinds of anchor then
    kinds = [number_kind(w) for w in _TOKEN.findall(text.lower().replace("’", "'"))]
    kind = max(kinds, default=0)
    if kind == 0:
        assert expected == []
    else:
        assert find_quantities(text, number_words=kind == 2) == expected


def test_bare_years_are_counted_but_not_reported() -> None:
    from propscan.claims import load_claim_model
    from propscan.claims.quantities import is_year
    from propscan.document import Document

    text = "The ferry service ended in 2009, and 2016 people signed in over 1990 days.\n"
    found = find_quantities(text)
    assert [q.text for q in found if is_year(q)] == ["2009"]
    [claim] = load_claim_model()(Document.create(text))
    assert [q.text for q in claim.quantities] == ["2016 people", "over 1990 days"]


@pytest.mark.parametrize(
    ("sentence", "reported"),
    [
        ("The F-35 program is late by 7 years.", ["7 years"]),
        ("COVID-19 killed 1.1 million Americans.", ["1.1 million"]),
        ("After 9/11, the law changed for 3 agencies.", ["3 agencies"]),
        ("Section 230 protects 40 platforms.", ["40 platforms"]),
        ("The No. 2 official quit after 9 days.", ["9 days"]),
        ("Flight 370 vanished with 239 people aboard.", ["239 people"]),
        ("He paid $35 for an F-35 model.", ["$35"]),
    ],
)
def test_labels_are_counted_but_not_reported(sentence: str, reported: list[str]) -> None:
    """A number in a name or label ("F-35", "COVID-19", "9/11", "Section 230", "No. 2") is
    no amount: the model still counts it, the claim does not report it (before, "F-35
    program" read "35 program" and "Section 230 protects" "230 protects")."""
    from propscan.claims import load_claim_model
    from propscan.document import Document

    [claim] = load_claim_model()(Document.create(sentence + "\n"))
    assert [q.text for q in claim.quantities] == reported


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A number word, then an adjective: what is counted is the noun after it.
        ("six western countries are calling", ("six western countries", 6.0, "countries")),
        ("two major western powers agreed", ("two major western powers", 2.0, "powers")),
        ("three senior officials resigned", ("three senior officials", 3.0, "officials")),
        (
            "over 350,000 innocent civilians died",
            ("over 350,000 innocent civilians", 350000.0, "civilians"),
        ),
        # Not adjectives: the first word is what is counted.
        (
            "more than 200,000 civilians isolated from aid",
            ("more than 200,000 civilians", 200000.0, "civilians"),
        ),
        ("five days to leave", ("five days", 5.0, "days")),
    ],
)
def test_counted_noun_after_adjectives(text: str, expected: tuple[str, float, str]) -> None:
    (q,) = find_quantities(text)
    assert (q.text, q.value, q.unit) == expected
    assert text[q.start : q.end] == q.text


@pytest.mark.parametrize(
    "text",
    [
        "Terrorists have struck on American soil multiple times in 2016 alone.",
        "Since 1945 nothing changed.",
        "the 2016 race was close",
        "in August 1945, Japan surrendered",
        "By 2030 the plan ends.",
    ],
)
def test_years_are_years(text: str) -> None:
    assert all(is_year(q) for q in find_quantities(text)), find_quantities(text)


@pytest.mark.parametrize(
    "text", ["2000 people marched", "1500 troops were sent", "about 2016 votes", "$2016 in fees"]
)
def test_amounts_in_the_range_of_years_are_amounts(text: str) -> None:
    (q,) = find_quantities(text)
    assert not is_year(q)

"""propscan.quotes.cuemodel: the learnt cue tagger (every word a candidate, cue spans)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from propscan.quotes import find_quotes_in_text
from propscan.quotes.brat import read_folder
from propscan.quotes.cuemodel import (
    examples,
    features,
    fit,
    model,
    packaged,
    parse,
    sentences_of,
    using,
)
from propscan.quotes.finder import find_attributions

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
POLNEAR_TRAIN = SHARED / "data" / "polnear" / "train"


def _attributions(text: str) -> list[tuple[str | None, str | None, str]]:
    out = []
    for q in find_quotes_in_text(text):
        assert text[q.content.start : q.content.end] == q.content.text
        for span in (q.cue, q.source):
            assert span is None or text[span.start : span.end] == span.text
        out.append((q.source and q.source.text, q.cue and q.cue.text, q.content.text))
    return out


def test_rare_and_multi_word_cues_are_found() -> None:
    """A cue that was no candidate of the word-list detector (a rare verb), and a phrasal
    cue that runs as far as the tagger extends it (the content after it)."""
    assert _attributions(
        "Senate Democrats chastised the administration for its handling of the crisis."
    ) == [
        (
            "Senate Democrats",
            "chastised",
            "the administration for its handling of the crisis",
        )
    ]
    found = _attributions("Rubio lashed out at Trump over his comments on immigration.")
    assert found == [("Rubio", "lashed out at", "Trump over his comments on immigration")]


def test_common_words_are_no_candidates() -> None:
    tagger = model()
    assert tagger.candidate("chastised") and tagger.candidate("Conflated")
    # Common in PolNeAR train and never a cue's first word there; punctuation.
    assert not tagger.candidate("and") and not tagger.candidate("Week")
    assert not tagger.candidate(",")
    assert tagger.probability([(0, 3, "and"), (4, 8, "show")], 0, False) == 0.0


def test_score_is_the_features_weights() -> None:
    """The run-time lookup sums the weights of the features the tagger was trained on."""
    tagger = packaged()
    text = (
        "Officials said on Tuesday that the deal was dead. “It is over,” she said. "
        "Critics have accused the mayor of ignoring the crisis. He has argued that."
    )
    for tokens in sentences_of(text):
        raw = [t[2] for t in tokens]
        low = [w.lower().replace("’", "'") for w in raw]
        for i in range(len(tokens)):
            for quoted in (False, True):
                weights = [tagger.begin.get(f, 0.0) for f in features(raw, low, i, quoted)]
                z = sum(weights, tagger.begin.get("", 0.0))
                assert tagger.score(raw, low, i, quoted) == pytest.approx(
                    1 / (1 + math.exp(-z)), abs=1e-12
                )


def test_fit_parse_and_using() -> None:
    """A tagger trained on a few articles is written, read back and put in use."""
    if not POLNEAR_TRAIN.is_dir():
        pytest.skip(f"no PolNeAR train at {POLNEAR_TRAIN}")
    articles = [a for _, a in zip(range(6), read_folder(POLNEAR_TRAIN), strict=False)]
    weights = fit(examples(articles).values())
    rows = weights.splitlines()
    assert any(r.startswith("B\t\t") for r in rows) and any(r.startswith("I\t\t") for r in rows)
    assert any(r.startswith("N\tand\t") for r in rows)
    small = parse(weights)
    assert small.begin and small.inside and "and" in small.never
    text = articles[0][2]
    with using(small):
        assert model() is small
        found = find_attributions(text)
    assert model() is packaged()
    for f in found:
        for span in (f.content, f.cue, f.source):
            assert span is None or 0 <= span[0] < span[1] <= len(text)

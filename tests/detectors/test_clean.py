"""Fragment cleaning (propscan.detectors.clean): the examples seen on real articles, Hypothesis
properties over hostile text, and the same properties over every PTC article through the
detectors."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from propscan.analysis import Fragment
from propscan.dataset import article_document
from propscan.detectors import load_detector
from propscan.detectors.base import STOPWORDS
from propscan.detectors.clean import JOINERS, PAIRS, clean_fragments, inside_word, snap
from propscan.errors import OffsetError

TECHNIQUE = "Loaded_Language"
OPENERS = frozenset(PAIRS) | frozenset("#@")
CLOSERS = frozenset(PAIRS.values()) | frozenset("%‰")


def fragment(
    text: str, start: int, end: int, technique: str = TECHNIQUE, confidence: float = 0.5
) -> Fragment:
    return Fragment(start, end, text[start:end], technique, confidence, "test", ("cue",))


def cleaned(text: str, part: str, occurrence: int = 0) -> list[str]:
    """The cleaned texts of one fragment covering ``part`` (its ``occurrence``-th match)."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    return [f.text for f in clean_fragments(text, [fragment(text, start, start + len(part))])]


# Fragments seen on real articles, and what a person would have marked.
@pytest.mark.parametrize(
    ("text", "part", "expected"),
    [
        ("Their time-honored tradition", "time", ["time-honored"]),
        ("the like-minded camp-followers of it", "like", ["like-minded"]),
        ("the like-minded camp-followers of it", "minded camp", ["like-minded camp-followers"]),
        ("(W)e did not choose this war.", ")e did not choose", ["(W)e did not choose"]),
        ("I don't trust them", "I don", ["I don't"]),
        ("the corrupt elite in Brussels", "corrupt eli", ["corrupt elite"]),
        ("Mr. Trump’s shameful withdrawal", "Trump", ["Trump’s"]),
        ("all their friend(s) lied", "their friend", ["their friend(s)"]),
        ("a cafe\u0301 of liars", "caf", ["cafe\u0301"]),
        ("you sh*t liar", "sh", ["sh*t"]),
        ("a b***h, she said", "b***", ["b***h"]),
    ],
)
def test_edges_inside_a_word_widen_to_the_whole_word(
    text: str, part: str, expected: list[str]
) -> None:
    assert cleaned(text, part) == expected


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("We love our country", "our"),
        ("He is the traitor", "the"),
        ("Sink or swim", "or"),
        ("He is a traitor", "a"),
        ("He is in prison", "in"),
        ("They said it again", "it"),
        ("I don't trust them", "t"),
        ("I don't trust them", "don't"),
        ("Why? Because.", "Why?"),
        ("No, never", "No,"),
        ("X marks it", "X"),
        ("that is, i.e. a lie", "i.e."),
        ("He said “the” again", "“the”"),
        ("?!... --- !!!", "?!... --- !!!"),
        ("a \u0301\u0308 b", "\u0301\u0308"),
    ],
)
def test_lone_function_words_and_punctuation_are_dropped(text: str, part: str) -> None:
    assert cleaned(text, part) == []


@pytest.mark.parametrize(("text", "part"), [("the US lied", "US"), ("the EU lied", "EU")])
def test_two_letter_acronyms_stay(text: str, part: str) -> None:
    assert cleaned(text, part) == [part]


@pytest.mark.parametrize(
    ("text", "part", "expected"),
    [
        ("Yes, the corrupt elite, again", ", the corrupt elite,", "the corrupt elite"),
        ("we fight; traitors: all", "; traitors:", "traitors"),
        ("it is evil (truly evil) now", "evil (", "evil"),
        ("(truly evil) now and ever", ") now and", "now and"),
        ("a war — a crusade — begins", "— a crusade —", "a crusade"),
        ("a war - a crusade - begins", "- a crusade -", "a crusade"),
        ("These traitors.  Again", " traitors.  ", "traitors"),
        ("They are traitors!", "traitors!", "traitors"),
        ("Are they traitors?", "Are they traitors?", "Are they traitors"),
        ("in Washington, D.C. today", "Washington, D.C.", "Washington, D.C"),
        ("a total disgrace…", "total disgrace…", "total disgrace"),
        ("vile\u00a0liars\u00a0", "vile\u00a0liars\u00a0", "vile\u00a0liars"),
        ("#MAGA forever", "#MAGA", "#MAGA"),
        ("up 100% again", "100%", "100%"),
        ("the (so-called) experts", "(so-called) experts", "(so-called) experts"),
        ("the so-called experts)", "so-called experts)", "so-called experts"),
    ],
)
def test_edges_are_trimmed_of_punctuation(text: str, part: str, expected: str) -> None:
    assert cleaned(text, part) == [expected]


@pytest.mark.parametrize(
    ("text", "part", "expected"),
    [
        # A quotation kept whole keeps its marks, and the sentence punctuation inside them.
        ("He said “fake news” again", "“fake news”", "“fake news”"),
        ("He said “this is fake news.” Then", "“this is fake news.”", "“this is fake news.”"),
        ('He said "fake news" again', '"fake news"', '"fake news"'),
        ("He said ‘fake news’ again", "‘fake news’", "‘fake news’"),
        ("Il dit «fake news» encore", "«fake news»", "«fake news»"),
        ("the “fake news” media lie", "“fake news” media", "“fake news” media"),
        ("she said “the media lies” daily", "said “the media lies”", "said “the media lies”"),
        # An opening mark whose closing one lies outside goes, and so does the reverse.
        ("He said “fake news” again", "“fake news", "fake news"),
        ("He said “fake news” again", "fake news”", "fake news"),
        ("He said “fake news.” Again", "fake news.”", "fake news"),
        ('He said "fake news" again', 'fake news"', "fake news"),
        ("“Fake” news media lie", "” news media", "news media"),
        ("the news media “lie”", "news media “", "news media"),
        # An apostrophe inside a word closes nothing.
        ("‘the world’s worst liars", "‘the world’s worst", "the world’s worst"),
        ("he said ‘the world’s worst’ liars", "‘the world’s worst’", "‘the world’s worst’"),
    ],
)
def test_quotes_stay_only_with_their_partner(text: str, part: str, expected: str) -> None:
    assert cleaned(text, part) == [expected]


def test_same_span_and_technique_keeps_the_most_confident() -> None:
    text = "They are extremists, all of them."
    start = text.index("extremists")
    first = fragment(text, start, start + len("extremists"), confidence=0.62)
    second = Fragment(
        start, start + len("extremists,"), "extremists,", TECHNIQUE, 0.75, "t", ("x",)
    )
    other = fragment(text, start, start + len("extremists"), "Name_Calling,Labeling", 0.3)
    result = clean_fragments(text, [first, second, other])
    assert [(f.text, f.technique, f.confidence, f.cues) for f in result] == [
        ("extremists", TECHNIQUE, 0.75, ("x",)),
        ("extremists", "Name_Calling,Labeling", 0.3, ("cue",)),
    ]


def test_output_is_sorted_and_texts_are_rebuilt() -> None:
    text = "The evil elite and the corrupt media lie."
    found = [
        fragment(text, 23, 37, "Name_Calling,Labeling"),
        fragment(text, 4, 14, "Loaded_Language"),
        Fragment(4, 14, "stale text", "Doubt", 0.1, "t"),
    ]
    result = clean_fragments(text, found)
    assert [(f.start, f.end, f.technique) for f in result] == [
        (4, 14, "Doubt"),
        (4, 14, "Loaded_Language"),
        (23, 36, "Name_Calling,Labeling"),
    ]
    assert all(text[f.start : f.end] == f.text for f in result)


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (2, 1), (0, 99)])
def test_offsets_outside_the_text_are_refused(start: int, end: int) -> None:
    with pytest.raises(OffsetError, match="does not fit"):
        clean_fragments("short text", [Fragment(start, end, "", TECHNIQUE, 0.5, "t")])


def test_accurate_snap_is_the_one_notion_of_a_word() -> None:
    from propscan.detectors import accurate

    assert accurate.snap is snap
    text = "a time-honored (W)e don't"
    assert snap(text, 4, 6) == (2, 14)
    assert snap(text, 17, 18) == (15, 19)
    assert snap(text, 21, 22) == (20, 25)


# --- Properties ---------------------------------------------------------------------------

# Characters that have broken offset code: joiners, quotes, brackets, dashes, no-break and
# zero-width spaces, combining marks, astral letters and emoji, right-to-left scripts.
HOSTILE = (
    "aZ9 .,;:!?…-–—'’\"“”‘’«»()[]#%@\u00a0\u2009\u200b\u200f\u0301\u0308\u05d0\u05d1"
    "\u0627\u0644\U0001d49c\U0001f621\U0001f1fa\n\t_*/"
)
texts = st.text(
    alphabet=st.one_of(
        st.sampled_from(HOSTILE),
        st.sampled_from(list("the a or in it don't US")),
        st.characters(exclude_categories=("Cs",)),
    ),
    max_size=60,
)


@st.composite
def texts_and_fragments(draw: st.DrawFn) -> tuple[str, list[Fragment]]:
    text = draw(texts)
    n = draw(st.integers(0, 6))
    found = []
    for _ in range(n):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        technique = draw(st.sampled_from(["Doubt", TECHNIQUE]))
        confidence = draw(st.floats(0, 1))
        found.append(fragment(text, start, end, technique, confidence))
    return text, found


def _splits_word(text: str, i: int) -> bool:
    """Whether ``i`` splits a word, by the rules written out again (not through the module)."""
    if not 0 < i < len(text):
        return False
    before, after = text[i - 1], text[i]
    if before.isalnum() and after.isalnum():
        return True
    # "time|-honored", "time-|honored"
    if after in JOINERS and before.isalnum() and i + 1 < len(text) and text[i + 1].isalnum():
        return True
    if before in JOINERS and after.isalnum() and i >= 2 and text[i - 2].isalnum():
        return True
    # "(|W)e", "(W|)e", "(W)|e"; "friend|(s)"
    for k in range(max(0, i - 3), i + 1):
        if text[k : k + 1] == "(" and text[k + 2 : k + 3] == ")" and text[k + 1].isalpha():
            left = k > 0 and text[k - 1].isalnum()
            right = k + 3 < len(text) and text[k + 3].isalnum()
            if ((left or right) and k < i < k + 3) or (i == k and left) or (i == k + 3 and right):
                return True
    return False


def assert_clean(text: str, result: list[Fragment]) -> None:
    """Every property a cleaned fragment list has."""
    keys = [(f.start, f.end, f.technique) for f in result]
    assert keys == sorted(set(keys))
    for f in result:
        assert text[f.start : f.end] == f.text
        assert not inside_word(text, f.start) and not inside_word(text, f.end)
        assert not _splits_word(text, f.start) and not _splits_word(text, f.end)
        assert any(c.isalnum() for c in f.text)
        first, last = f.text[0], f.text[-1]
        assert not first.isspace() and not last.isspace()
        assert unicodedata.category(first)[0] != "P" or first in OPENERS
        assert unicodedata.category(last)[0] != "P" or last in CLOSERS
        assert last not in ",;:.!?…" and first not in ",;:.!?…"
        if not any(c.isspace() for c in f.text):
            alnum = [c for c in f.text if c.isalnum()]
            core = f.text[f.text.index(alnum[0]) : f.text.rindex(alnum[-1]) + 1]
            assert core.lower().replace("’", "'") not in STOPWORDS
            letters = [c for c in core if c.isalnum() or c == "*"]
            assert len(letters) > 2 or (len(letters) == 2 and all(c.isupper() for c in letters))
    assert clean_fragments(text, result) == result


@settings(max_examples=400, deadline=None)
@given(texts_and_fragments())
def test_cleaned_fragments_have_every_property(case: tuple[str, list[Fragment]]) -> None:
    text, found = case
    result = clean_fragments(text, found)
    assert_clean(text, result)
    # Each fragment alone cleans to nothing or to one overlapping it; all of them together
    # to the union of those, the most confident per span and technique.
    union: dict[tuple[int, int, str], Fragment] = {}
    for original in found:
        alone = clean_fragments(text, [original])
        assert len(alone) <= 1
        for f in alone:
            assert f.start < original.end and original.start < f.end
            key = (f.start, f.end, f.technique)
            if key not in union or f.confidence > union[key].confidence:
                union[key] = f
    assert result == [union[key] for key in sorted(union)]


# --- Over the PTC articles, through the detectors ------------------------------------------


def _articles(shared: Path) -> Iterator[tuple[str, Path]]:
    for part in ("train", "unlabelled-test"):
        folder = shared / "data" / "ptc" / part / "articles"
        for path in sorted(folder.glob("article*.txt")):
            yield path.stem.removeprefix("article"), path


def _check_detector_over_ptc(name: str, shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The detector's raw fragments of every article, cleaned, have every property."""
    import propscan.detectors.accurate
    import propscan.detectors.fast

    detector = load_detector(name)
    articles = list(_articles(shared))
    if not articles:
        pytest.skip(f"no PTC articles under {shared}")
    for article_id, path in articles:
        doc = article_document(article_id, path.read_bytes().decode("utf-8"), path.parent)
        with monkeypatch.context() as raw:
            # The detector's own output, before its last step.
            raw.setattr(propscan.detectors.fast, "clean_fragments", lambda _, f: list(f))
            raw.setattr(propscan.detectors.accurate, "clean_fragments", lambda _, f: list(f))
            found = detector(doc).fragments
        result = clean_fragments(doc.text, found)
        assert_clean(doc.text, result)
        for f in result:
            assert any(
                g.technique == f.technique and g.start < f.end and f.start < g.end for g in found
            )


def test_fast_detector_fragments_over_ptc_are_clean(
    shared_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _check_detector_over_ptc("fast", shared_dir, monkeypatch)


@pytest.mark.slow
def test_accurate_detector_fragments_over_ptc_are_clean(
    shared_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _check_detector_over_ptc("accurate", shared_dir, monkeypatch)


def test_detectors_return_cleaned_fragments(demo_text: str) -> None:
    from propscan.ingest import document_from_text

    doc = document_from_text(demo_text)
    for name in ("fast", "accurate"):
        result = load_detector(name)(doc).fragments
        assert result and clean_fragments(doc.text, result) == result

"""The terminal report: readable plain text through a pipe, hostile text kept inert."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from propscan.analysis import Analysis, Fragment
from propscan.document import Document, Metadata
from propscan.report import render
from propscan.report.terminal import code, marked_article
from propscan.taxonomy import TECHNIQUES, technique

ANSI = re.compile(r"\x1b\[")
# A fragment's opening or closing marker in plain output: [[3:LOAD| or |3:LOAD]].
MARKER = re.compile(r"\[\[(\d+):([A-Z?]+)\||\|(\d+):([A-Z?]+)\]\]")


def test_plain_report_shows_fragments_legend_and_score(hostile: Analysis) -> None:
    out = render(hostile, "text", colour=False)
    assert not ANSI.search(out)
    article = out[out.index("Breaking") : out.index("Strongest fragments")]
    # One opening and one closing marker per fragment, each with its number and code.
    assert article.count("[[") == len(hostile.spans)
    for name, count in hostile.summary.counts.items():
        assert len(re.findall(rf"\[\[\d+:{code(name)}\|", article)) == count
        assert len(re.findall(rf"\|\d+:{code(name)}\]\]", article)) == count
    unmarked = " ".join(MARKER.sub("", article).split())
    for span in hostile.spans:
        assert " ".join(span.text.split()) in unmarked
    for name, count in hostile.summary.counts.items():
        if count:
            assert re.search(rf"{code(name)}\s+{re.escape(technique(name).label)}\s+{count}\b", out)
    author = hostile.summary.author
    assert f"Propaganda score: {author.score:.0%} in the author's voice (90% interval: " in out
    assert f"{author.flagged} of 5 sentences flagged" in out
    assert f"{hostile.summary.fragments_per_1000_words:.2f} per 1,000 words" in out
    assert "test-model-1" in out
    assert "corpus/train/article7712.txt" in out


def test_markup_in_the_article_is_shown_literally(hostile: Analysis) -> None:
    for colour in (False, True):
        out = render(hostile, "text", colour=colour)
        assert "[bold red]x[/]" in out
        assert "[bold]title[/]" in out
        assert "[red]Mallory[/]" in out


def test_control_characters_from_the_article_do_not_reach_the_terminal(hostile: Analysis) -> None:
    out = render(hostile, "text", colour=False)
    assert "\x1b" not in out
    assert "\u241b[31m" in out
    coloured = render(hostile, "text", colour=True)
    assert "\x1b[31m" not in coloured


BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


@pytest.mark.parametrize("colour", [False, True])
def test_bidi_controls_from_the_article_do_not_reach_the_terminal(
    build: Callable[..., Analysis], colour: bool
) -> None:
    text = f"Invoice gnp.exe is safe.\nThe corrupt \u202eelite\u202c will {BIDI} destroy us!\n"
    fragment = "corrupt \u202eelite\u202c"
    title = "News \u2067\u202eevil\u2069\u2028line"
    analysis = build(text, [(fragment, "Loaded_Language", 0.9)], Metadata(title=title))
    out = render(analysis, "text", colour=colour)
    assert not set(BIDI + "\u2028\u2029") & set(out)
    assert "corrupt <U+202E>elite<U+202C>" in out
    assert "News <U+2067><U+202E>evil<U+2069><U+2028>line" in out
    assert "".join(f"<U+{ord(c):04X}>" for c in BIDI) in out


def test_furniture_is_shown_and_labelled(hostile: Analysis) -> None:
    out = render(hostile, "text", colour=False)
    note = out.index("(site furniture, not analysed)")
    assert out.index("post yours") > note > out.index("Take back control!")


def test_no_text_is_lost(hostile: Analysis) -> None:
    out = render(hostile, "text", colour=False)
    article = out[out.index("Breaking") : out.index("(site furniture")]
    unmarked = MARKER.sub("", article)
    original = hostile.document.article_text
    assert " ".join(unmarked.split()) == " ".join(original.split())


def test_table_lists_the_strongest_fragments_with_explanation(hostile: Analysis) -> None:
    out = render(hostile, "text", colour=False, top=2)
    table = out[out.index("Strongest fragments") :]
    flat = " ".join(table.split())
    assert "0.92" in flat and "0.83" in flat and "0.70" not in flat
    assert "cues: corrupt, elite" in flat
    assert technique("Slogans").definition in flat


def test_colour_report_uses_the_taxonomy_colours(hostile: Analysis) -> None:
    out = render(hostile, "text", colour=True)
    r, g, b = (int(technique("Slogans").colour[i : i + 2], 16) for i in (1, 3, 5))
    assert f"48;2;{r};{g};{b}m" in out
    assert not MARKER.search(out)


def test_long_fragments_are_truncated_in_the_table(build: Callable[..., Analysis]) -> None:
    text = "word " * 60
    analysis = build(text, [(text.strip(), "Repetition", 0.9)])
    table = render(analysis, "text", colour=False).split("Strongest fragments")[1]
    assert "…" in table
    assert "word " * 30 not in " ".join(table.split())


def test_empty_analysis(build: Callable[..., Analysis]) -> None:
    out = render(build("Calm prose.", []), "text", colour=False)
    assert "No propaganda techniques found." in out
    assert "Strongest fragments" not in out


def test_colour_is_detected_from_the_environment(
    hostile: Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    assert not ANSI.search(render(hostile, "text"))  # pytest captures stdout: not a terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    assert ANSI.search(render(hostile, "text"))
    monkeypatch.setenv("NO_COLOR", "1")
    assert not ANSI.search(render(hostile, "text"))


def test_fragment_ending_at_the_furniture_closes_before_the_note(
    build: Callable[..., Analysis],
) -> None:
    text = "Take back control!Share this page"
    analysis = build(text, [("Take back control!", "Slogans", 0.8)], article_end=18)
    out = render(analysis, "text", colour=False)
    assert (
        "[[1:SLOGAN|Take back control!|1:SLOGAN]]\n(site furniture, not analysed)\nShare this page"
        in out
    )


def test_claims_quotes_and_actors_are_listed(hostile: Analysis) -> None:
    out = render(hostile, "text", colour=False, top=10)
    worthy = sum(c.verdict == 1 for c in hostile.claims)
    assert f"Check-worthy claims ({worthy} of {worthy})" in out
    assert "Quotes and attributions (1 of 1; 1 other)" in out
    assert "<script>elite</script>" in out and "(group)" in out
    assert "[bold]x[/]" in out  # markup in a speaker's name stays text


def _parse(marked: str) -> tuple[str, dict[int, tuple[int, int, str]]]:
    """The text and ``{number: (start, end, code)}`` that plain markers describe.

    Fails if a marker closes a fragment that is not open, or a fragment opens twice.
    """
    text: list[str] = []
    at = 0
    last = 0
    opened: dict[int, tuple[int, str]] = {}
    closed: dict[int, tuple[int, int, str]] = {}
    for match in MARKER.finditer(marked):
        piece = marked[last : match.start()]
        text.append(piece)
        at += len(piece)
        last = match.end()
        if match.group(1) is not None:
            number = int(match.group(1))
            assert number not in opened and number not in closed
            opened[number] = (at, match.group(2))
        else:
            number = int(match.group(3))
            start, label = opened.pop(number)
            assert label == match.group(4), f"fragment {number} opens as {label}"
            closed[number] = (start, at, label)
    text.append(marked[last:])
    assert opened == {}, "fragments left open"
    return "".join(text), closed


def _expected(analysis: Analysis) -> dict[int, tuple[int, int, str]]:
    return {i + 1: (f.start, f.end, code(f.technique)) for i, f in enumerate(analysis.spans)}


def test_nested_fragments_are_labelled_at_both_ends(build: Callable[..., Analysis]) -> None:
    # The case: a Name calling fragment inside a Bandwagon sentence read
    # "[[imperial foot soldiers]]^BAND]]^NAME", naming each fragment by the other's code.
    sentence = "Everyone knows the imperial foot soldiers will lose"
    text = f"{sentence}. Calm."
    analysis = build(
        text,
        [
            (sentence, "Bandwagon,Reductio_ad_hitlerum", 0.4),
            ("imperial foot soldiers", "Name_Calling,Labeling", 0.6),
        ],
    )
    marked = marked_article(analysis, colour=False).plain
    assert marked.startswith(
        "[[1:BAND|Everyone knows the [[2:NAME|imperial foot soldiers|2:NAME]] will lose|1:BAND]]."
    )
    assert _parse(marked) == (text, _expected(analysis))


def test_crossing_fragments_open_and_close_where_they_do(build: Callable[..., Analysis]) -> None:
    # The issue's other case: "so-called moderate rebels" and "moderate rebels ... fled like
    # sewage rats" cross; they were drawn as if one held the other, from the wrong start.
    text = "The so-called moderate rebels fled like sewage rats, he said."
    analysis = build(
        text,
        [
            ("so-called moderate rebels", "Loaded_Language", 0.5),
            ("moderate rebels fled like sewage rats", "Name_Calling,Labeling", 0.3),
        ],
    )
    marked = marked_article(analysis, colour=False).plain
    assert marked == (
        "The [[1:LOAD|so-called [[2:NAME|moderate rebels|1:LOAD]] fled like sewage rats|2:NAME]],"
        " he said."
    )
    assert _parse(marked) == (text, _expected(analysis))


def test_equal_and_adjacent_fragments(build: Callable[..., Analysis]) -> None:
    text = "Crooked Hillary lies."
    analysis = build(
        text,
        [
            ("Crooked Hillary", "Name_Calling,Labeling", 0.5),
            ("Crooked Hillary", "Loaded_Language", 0.4),
            ("lies", "Loaded_Language", 0.3),
            ("Crooked", "Loaded_Language", 0.2),
        ],
    )
    marked = marked_article(analysis, colour=False).plain
    assert _parse(marked) == (text, _expected(analysis))
    # Equal spans nest (the later opened closes first); adjacent ones do not interleave.
    assert "Hillary|3:NAME]]|2:LOAD]]" in marked
    assert marked.startswith("[[2:LOAD|[[3:NAME|[[1:LOAD|Crooked|1:LOAD]]")


def test_table_numbers_match_the_markers(build: Callable[..., Analysis]) -> None:
    text = "They are vermin and traitors."
    analysis = build(
        text, [("vermin", "Name_Calling,Labeling", 0.9), ("traitors", "Loaded_Language", 0.2)]
    )
    out = render(analysis, "text", colour=False, top=1)
    table = out[out.index("Strongest fragments") :]
    assert "[[1:NAME|vermin|1:NAME]]" in out and "[[2:LOAD|traitors|2:LOAD]]" in out
    assert re.search(r"^\s*1\s+Name calling", table, re.MULTILINE)
    assert "Strongest fragments (1 of 2)" in table
    assert "1 more not listed" in table


# Text without the marker characters, so that every "[[" and "]]" in the output is a marker.
_TEXT = st.text(alphabet=st.sampled_from(list("ab .,\n'“”é日-")), min_size=1, max_size=60)
_TECHNIQUES = st.sampled_from([t.name for t in TECHNIQUES])


@st.composite
def _article_and_fragments(
    draw: st.DrawFn,
) -> tuple[str, list[tuple[int, int, str, float]]]:
    text = draw(_TEXT)
    bounds = st.integers(0, len(text))
    fragments = []
    for _ in range(draw(st.integers(0, 8))):
        a, b = draw(bounds), draw(bounds)
        if a != b:
            start, end = min(a, b), max(a, b)
            fragments.append((start, end, draw(_TECHNIQUES), draw(st.floats(0, 1))))
    return text, fragments


@settings(max_examples=300, deadline=None)
@given(_article_and_fragments())
def test_markers_parse_back_to_exactly_the_fragments(
    case: tuple[str, list[tuple[int, int, str, float]]],
) -> None:
    text, specs = case
    document = Document.create(text)
    fragments = [Fragment(s, e, text[s:e], t, c, "test") for s, e, t, c in specs]
    analysis = Analysis.build(document, fragments, [], "test", 0.5)
    marked = marked_article(analysis, colour=False).plain
    assert _parse(marked) == (text, _expected(analysis))
    for number, (start, end, _) in _expected(analysis).items():
        span = analysis.spans[number - 1]
        assert text[start:end] == span.text


def test_top_cuts_every_table_and_each_says_so(hostile: Analysis) -> None:
    worthy = sum(c.verdict == 1 for c in hostile.claims)
    assert worthy == 3 and len(hostile.spans) == 7
    out = " ".join(render(hostile, "text", colour=False, top=1).split())
    assert "Strongest fragments (1 of 7)" in out
    assert "6 more not listed (--top sets how many each table lists)" in out
    assert "Check-worthy claims (1 of 3)" in out
    assert "2 more not listed (--top sets how many each table lists)" in out
    assert "Quotes and attributions (1 of 1; 1 other)" in out and "Actors (1 of 1)" in out
    assert out.count("more not listed") == 2  # nothing left out of the quotes and actors
    every = " ".join(render(hostile, "text", colour=False, top=10).split())
    assert "Strongest fragments (7 of 7)" in every and "more not listed" not in every
    none = render(hostile, "text", colour=False, top=0)
    for title in ("Strongest fragments", "Check-worthy claims", "Quotes and", "Actors ("):
        assert title not in none


def test_quoted_speech_is_told_apart_from_the_authors_voice() -> None:
    from propscan.analysis import Actor, Analysis, Fragment, Quote, SentenceScore, Span
    from propscan.document import Document

    text = 'Officials lied again. Bob said: "Our great nation will prevail." The end.'

    def span(sub: str) -> Span:
        start = text.index(sub)
        return Span(start, start + len(sub), sub)

    def fragment(sub: str, technique: str) -> Fragment:
        s = span(sub)
        return Fragment(s.start, s.end, sub, technique, 0.6, "test")

    document = Document.create(text)
    sentences = [SentenceScore(s.start, s.end, s.text, 0.9) for s in document.article_sentences]
    quote = Quote(span('"Our great nation will prevail."'), span("said"), span("Bob"),
                  "<b>[red]Bob[/]</b>", direct=True)  # fmt: skip
    bob = Actor("<b>[red]Bob[/]</b>", "person", (span("Bob"),), quotes=(0,))
    analysis = Analysis.build(
        document,
        [fragment("lied", "Loaded_Language"), fragment("Our great nation", "Flag-Waving")],
        sentences, "test", 0.5, quotes=[quote], actors=[bob],
    )  # fmt: skip
    out = render(analysis, "text", colour=False, top=10)
    assert "Quoted speech: " in out
    assert "1 of 1 sentence flagged" in out
    assert "2 fragments (1 in the author's voice, 1 quoted)" in out
    assert "(quoted — <b>[red]Bob[/]</b>)" in out  # the speaker shown literally, markup and all
    assert "uses Flag-waving" in out
    # Without quotations there is no quoted-speech line.
    plain = Analysis.build(document, [fragment("lied", "Loaded_Language")], sentences, "t", 0.5)
    assert "Quoted speech" not in render(plain, "text", colour=False)


def test_each_quote_says_its_kind_and_the_title_counts_them() -> None:
    from propscan.analysis import Analysis, Quote, SentenceScore, Span
    from propscan.document import Document

    text = "Ann said taxes rise. Bo believes taxes fall. Cy refused to pay the taxes."

    def span(sub: str) -> Span:
        start = text.index(sub)
        return Span(start, start + len(sub), sub)

    quotes = [
        Quote(span(content), span(cue), span(who), who, direct=False)
        for who, cue, content in [
            ("Ann", "said", "taxes rise"),
            ("Bo", "believes", "taxes fall"),
            ("Cy", "refused", "to pay the taxes"),
        ]
    ]
    document = Document.create(text)
    sentences = [SentenceScore(s.start, s.end, s.text, 0.1) for s in document.article_sentences]
    analysis = Analysis.build(document, [], sentences, "test", 0.5, quotes=quotes)
    out = render(analysis, "text", colour=False, top=10)
    title = "Quotes and attributions (3 of 3; 1 speech, 1 thought, 1 other)"
    assert title in " ".join(out.split())  # the title wraps to the table's width
    lines = [line.split() for line in out.splitlines()]
    table = lines[lines.index(["Who", "Cue", "Kind", "What"]) :]
    rows = [row for row in table if row[:1] in (["Ann"], ["Bo"], ["Cy"])]
    assert [row[:3] for row in rows] == [
        ["Ann", "said", "speech"],
        ["Bo", "believes", "thought"],
        ["Cy", "refused", "other"],
    ]

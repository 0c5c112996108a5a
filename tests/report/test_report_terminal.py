"""The terminal report: readable plain text through a pipe, hostile text kept inert."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from propscan.analysis import Analysis
from propscan.document import Metadata
from propscan.report import render
from propscan.report.terminal import code
from propscan.taxonomy import technique

ANSI = re.compile(r"\x1b\[")


def test_plain_report_shows_fragments_legend_and_score(hostile: Analysis) -> None:
    out = render(hostile, "text", colour=False)
    assert not ANSI.search(out)
    article = out[out.index("Breaking") : out.index("Strongest fragments")]
    # One opening marker per fragment, one closing marker with its code per fragment.
    assert article.count("[[") == len(hostile.spans)
    for name, count in hostile.summary.counts.items():
        assert article.count(f"]]^{code(name)}") == count
    unmarked = " ".join(re.sub(r"\]\]\^[A-Z]+|\[\[", "", article).split())
    for span in hostile.spans:
        assert " ".join(span.text.split()) in unmarked
    for name, count in hostile.summary.counts.items():
        if count:
            assert re.search(rf"{code(name)}\s+{re.escape(technique(name).label)}\s+{count}\b", out)
    assert f"Propaganda score: {hostile.summary.score:.0%} of 5 sentences flagged" in out
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
    unmarked = re.sub(r"\]\]\^[A-Z]+|\[\[", "", article)
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
    assert "]]^" not in out


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
    assert "[[Take back control!]]^SLOGAN\n(site furniture, not analysed)\nShare this page" in out


def test_claims_quotes_and_actors_are_listed(hostile: Analysis) -> None:
    out = render(hostile, "text", colour=False, top=10)
    worthy = sum(c.verdict == 1 for c in hostile.claims)
    assert f"Check-worthy claims (top {worthy} of {worthy})" in out
    assert "Quotes and attributions (1 of 1)" in out
    assert "<script>elite</script>" in out and "(group)" in out
    assert "[bold]x[/]" in out  # markup in a speaker's name stays text

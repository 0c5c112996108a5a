"""Fixtures of the report tests: hand-built analyses, among them one of a hostile article.

Helpers are handed out as fixtures rather than imported, so the tests work in every pytest
import mode.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from propscan.analysis import Actor, Analysis, Claim, Fragment, Quantity, Quote, SentenceScore, Span
from propscan.document import Document, Metadata

HOSTILE_TEXT = (
    "Breaking <script>alert(1)</script> news\n"
    "The corrupt elite [bold red]x[/] will destroy us.\n"
    'Click "><img src=x onerror=alert(1)> now & then.\n'
    "Every true patriot knows it. Take back control!\n"
    "Comments:\tpost yours \x1b[31m here\n"
)

# (substring, technique, confidence[, cues]): a fragment at the substring's first occurrence.
Spec = tuple[str, str, float] | tuple[str, str, float, tuple[str, ...]]
Builder = Callable[..., Analysis]


def _fragment(text: str, spec: Spec) -> Fragment:
    sub, technique, confidence = spec[:3]
    cues = spec[3] if len(spec) == 4 else ()
    start = text.index(sub)
    return Fragment(start, start + len(sub), sub, technique, confidence, "test", cues)


def _build(
    text: str,
    specs: list[Spec],
    metadata: Metadata | None = None,
    article_end: int | None = None,
) -> Analysis:
    """An analysis of ``text`` whose sentences alternate between low and high scores."""
    document = Document.create(text, metadata, article_end=article_end)
    sentences = [
        SentenceScore(s.start, s.end, s.text, 0.8 if i % 2 else 0.1)
        for i, s in enumerate(document.article_sentences)
    ]
    fragments = [_fragment(text, spec) for spec in specs]
    return Analysis.build(document, fragments, sentences, "test-model-1", 0.5)


@pytest.fixture
def build() -> Builder:
    """``build(text, [(substring, technique, confidence[, cues]), ...], metadata, article_end)``."""
    return _build


@pytest.fixture
def hostile() -> Analysis:
    """An article full of markup, with nested, crossing and furniture-adjacent fragments."""
    t = HOSTILE_TEXT
    specs: list[Spec] = [
        ("<script>alert(1)</script>", "Loaded_Language", 0.31),
        ("corrupt elite", "Name_Calling,Labeling", 0.92, ("corrupt", "elite")),
        ("The corrupt elite [bold red]x[/] will destroy us.", "Appeal_to_fear-prejudice", 0.64),
        ("will destroy us.\nClick", "Exaggeration,Minimisation", 0.45),
        ('"><img src=x onerror=alert(1)>', "Doubt", 0.5),
        ("Every true patriot", "Flag-Waving", 0.7),
        ("Take back control!", "Slogans", 0.83),
    ]
    metadata = Metadata(
        title='<img src=x onerror=alert("t")> & [bold]title[/]',
        source="corpus/train/article7712.txt",
        url="https://example.org/a?b=<c>",
        author="[red]Mallory[/]",
    )
    analysis = _build(t, specs, metadata, article_end=t.index("Comments:"))
    return _with_statements(analysis)


# Quoted speech whose speaker's name is markup: the name reaches the figures, tables and
# tooltips, so it must be escaped wherever it goes.
VOICED_TEXT = (
    "The <b>mayor</b> spoke at noon. "
    '"The traitors <script>alert(2)</script> will burn us all," said the chairman. '
    "Crowds gathered.\n"
    '"Nobody <i>knows</i> anything," someone wrote. It rained.\n'
)
SPEAKER = '<img src=x onerror=alert(3)> O\'Hara & "Sons"'


@pytest.fixture
def voiced() -> Analysis:
    """An article with fragments in the author's voice and in two direct quotations, one by a
    speaker whose name is markup and one by a speaker the article does not name."""
    t = VOICED_TEXT
    document = Document.create(t, Metadata(title="Voices"))
    sentences = [
        SentenceScore(s.start, s.end, s.text, 0.8 if i % 2 else 0.1)
        for i, s in enumerate(document.article_sentences)
    ]
    specs: list[Spec] = [
        ("The <b>mayor</b>", "Loaded_Language", 0.4),
        ("<b>mayor</b>", "Name_Calling,Labeling", 0.5),
        ("traitors <script>alert(2)</script>", "Name_Calling,Labeling", 0.9),
        ("will burn us all", "Appeal_to_fear-prejudice", 0.7),
        ("Crowds gathered.", "Bandwagon,Reductio_ad_hitlerum", 0.3),
        ("Nobody <i>knows</i> anything", "Doubt", 0.6),
    ]
    quotes = [
        Quote(
            content=_span(t, '"The traitors <script>alert(2)</script> will burn us all,"'),
            cue=_span(t, "said"),
            source=_span(t, "the chairman"),
            speaker=SPEAKER,
            direct=True,
        ),
        Quote(
            content=_span(t, '"Nobody <i>knows</i> anything,"'),
            cue=_span(t, "wrote"),
            source=None,
            speaker=None,
            direct=True,
        ),
    ]
    actors = [
        # The chairman's own words hold fragments 2 and 3: used by him, not aimed at him.
        Actor(SPEAKER, "person", (_span(t, "the chairman"),), fragments=(2,), quotes=(0,)),
        Actor("<b>mayor</b>", "person", (_span(t, "<b>mayor</b>"),), fragments=(0, 1)),
    ]
    return Analysis.build(
        document,
        [_fragment(t, spec) for spec in specs],
        sentences,
        "test-model-1",
        0.5,
        quotes=quotes,
        actors=actors,
    )


def _span(text: str, sub: str) -> Span:
    start = text.index(sub)
    return Span(start, start + len(sub), sub)


def _with_statements(analysis: Analysis) -> Analysis:
    """``analysis`` with hand-made claims, quotes and actors whose text is hostile too."""
    t = analysis.document.text
    sentences = analysis.document.article_sentences
    verdicts = [(1, 0.91), (-1, 0.12), (0, 0.3), (1, 0.55)]
    claims = tuple(
        Claim(s.start, s.end, s.text, *verdicts[i % len(verdicts)]) for i, s in enumerate(sentences)
    )
    number = _span(t, "<script>alert(1)</script>")
    claims = (
        replace(
            claims[0],
            quantities=(Quantity(number.start, number.end, number.text, 1.0, "<b>", "over"),),
        ),
        *claims[1:],
    )
    quotes = (
        Quote(
            content=_span(t, '"><img src=x onerror=alert(1)> now & then.'),
            cue=_span(t, "Click"),
            source=_span(t, "The corrupt elite [bold red]x[/]"),
            speaker="<i>The corrupt elite</i> [bold]x[/]",
            direct=False,
        ),
    )
    actors = (
        Actor(
            name="<script>elite</script>",
            kind="group",
            mentions=(_span(t, "corrupt elite"),),
            labels=(_span(t, "[bold red]x[/]"),),
            fragments=(1, 2),
            quotes=(0,),
        ),
    )
    return replace(analysis, claims=claims, quotes=quotes, actors=actors)

"""Fixtures of the report tests: hand-built analyses, among them one of a hostile article.

Helpers are handed out as fixtures rather than imported, so the tests work in every pytest
import mode.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from propscan.analysis import Analysis, Fragment, SentenceScore
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
    return _build(t, specs, metadata, article_end=t.index("Comments:"))

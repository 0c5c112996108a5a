"""The display threshold: fragments under it are left out before anything is built on them."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest

from propscan.analysis import Actor, Claim, Fragment, Quote
from propscan.detectors.base import Detection
from propscan.document import Document
from propscan.errors import ConfigError
from propscan.pipeline import analyze_document
from propscan.threshold import DEFAULT_THRESHOLD, check_threshold

TEXT = "Crooked traitors lie. They are vermin. Calm prose follows. Everyone agrees now."
# (substring, technique, confidence): around the default, and at it exactly.
FOUND = [
    ("Crooked traitors", "Name_Calling,Labeling", 0.05),
    ("lie", "Loaded_Language", round(DEFAULT_THRESHOLD - 0.01, 4)),
    ("vermin", "Name_Calling,Labeling", DEFAULT_THRESHOLD),
    ("Everyone agrees", "Bandwagon,Reductio_ad_hitlerum", 0.45),
]


class FixedDetector:
    """Finds the fragments of ``FOUND`` whatever the text."""

    name = "fixed"

    def __call__(self, doc: Document) -> Detection:
        fragments = []
        for sub, technique, confidence in FOUND:
            start = doc.text.index(sub)
            fragments.append(
                Fragment(start, start + len(sub), sub, technique, confidence, self.name)
            )
        return Detection(fragments, [0.1] * len(doc.article_sentences), 0.9)

    def classify(self, doc: Document, spans: Sequence[tuple[int, int]]) -> list[tuple[str, float]]:
        return [("Doubt", 0.5) for _ in spans]


class RecordingStatements:
    """Statement detectors that record the fragments they were given, and find one actor
    aimed at by every fragment."""

    def __init__(self) -> None:
        self.seen: list[Fragment] = []

    def __call__(
        self,
        doc: Document,
        fragments: Sequence[Fragment],
        claim_probabilities: Any = None,
        cue_evidence: Any = None,
    ) -> tuple[list[Claim], list[Quote], list[Actor]]:
        self.seen = list(fragments)
        actor = Actor("them", "group", (), (), tuple(range(len(fragments))), ())
        return [], [], [actor] if fragments else []


Analyse = Callable[..., tuple[Any, RecordingStatements]]


@pytest.fixture
def analyse() -> Analyse:
    def run(**kwargs: Any) -> tuple[Any, RecordingStatements]:
        statements = RecordingStatements()
        analysis = analyze_document(
            Document.create(TEXT),
            FixedDetector(),
            statements,
            **kwargs,  # type: ignore[arg-type]
        )
        return analysis, statements

    return run


def test_default_is_a_confidence() -> None:
    assert 0 < DEFAULT_THRESHOLD < 1
    assert check_threshold(None) == DEFAULT_THRESHOLD


@pytest.mark.parametrize("threshold", [0, 0.0, 0.2, 1, 1.0])
def test_valid_thresholds(threshold: float) -> None:
    assert check_threshold(threshold) == threshold


@pytest.mark.parametrize("threshold", [-0.01, 1.01, math.nan, math.inf, "0.2", True])
def test_invalid_thresholds_are_refused(threshold: Any, analyse: Analyse) -> None:
    with pytest.raises(ConfigError, match="not a confidence from 0 to 1"):
        check_threshold(threshold)
    with pytest.raises(ConfigError):
        analyse(threshold=threshold)


@pytest.mark.parametrize(
    ("threshold", "kept"),
    [
        (None, ["vermin", "Everyone agrees"]),
        (0, ["Crooked traitors", "lie", "vermin", "Everyone agrees"]),
        (0.05, ["Crooked traitors", "lie", "vermin", "Everyone agrees"]),
        (0.06, ["lie", "vermin", "Everyone agrees"]),
        (0.45, ["Everyone agrees"]),
        (0.9, []),
    ],
)
def test_fragments_under_the_threshold_are_dropped_before_statements_and_summary(
    analyse: Analyse, threshold: float | None, kept: list[str]
) -> None:
    analysis, statements = analyse(threshold=threshold)
    assert [f.text for f in analysis.spans] == kept
    assert [f.text for f in statements.seen] == kept  # the statements saw only these
    assert analysis.summary.fragments == len(kept)
    assert sum(analysis.summary.counts.values()) == len(kept)
    assert [len(a.fragments) for a in analysis.actors] == ([len(kept)] if kept else [])
    for f in analysis.spans:
        assert TEXT[f.start : f.end] == f.text
        assert f.confidence >= (DEFAULT_THRESHOLD if threshold is None else threshold)


def test_score_is_that_of_the_fragments_shown(analyse: Analyse) -> None:
    every, _ = analyse(threshold=0)
    shown, _ = analyse(threshold=0.45)
    none, _ = analyse(threshold=0.9)
    assert every.summary.score >= shown.summary.score >= none.summary.score
    assert every.summary.score > none.summary.score
    assert [s.flagged for s in none.sentences] == [False] * len(none.sentences)


# -- the command line -------------------------------------------------------------------------


def _spans(run: Callable[..., Any], *args: str) -> list[dict[str, Any]]:
    result = run("demo", "--model", "fast", "--format", "json", *args)
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert payload["summary"]["fragments"] == len(payload["spans"])
    spans: list[dict[str, Any]] = payload["spans"]
    return spans


def test_cli_threshold(run: Callable[..., Any]) -> None:
    every = _spans(run, "--threshold", "0")
    default = _spans(run)
    strict = _spans(run, "--threshold", "1")
    assert strict == []
    assert all(s["confidence"] >= DEFAULT_THRESHOLD for s in default)
    assert [s for s in every if s["confidence"] >= DEFAULT_THRESHOLD] == default
    middle = float(np.median([s["confidence"] for s in every]))
    cut = _spans(run, "--threshold", str(middle))
    assert 0 < len(cut) < len(every)
    assert [s for s in every if s["confidence"] >= middle] == cut


@pytest.mark.parametrize("value", ["-0.1", "1.5", "nan", "x"])
def test_cli_refuses_a_bad_threshold(run: Callable[..., Any], value: str) -> None:
    result = run("analyze", "-", "--threshold", value, stdin=b"Some text.")
    assert result.code == 2
    assert "--threshold" in result.err

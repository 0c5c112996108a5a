"""The contract every detector meets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

import numpy as np

from propscan.analysis import Fragment
from propscan.document import Document
from propscan.models.calibration import Calibration

if TYPE_CHECKING:
    from propscan.quotes.evidence import CueEvidence

# How many cue words a fragment's explanation lists.
MAX_CUES = 3
# Function words explain nothing to a reader, however the classifier weighs them.
STOPWORDS = frozenset(
    "the and but for nor yet with from into onto upon about above after against along among "
    "around before behind below beneath beside between beyond during except inside near off "
    "over since through toward towards under until unto within without this that these those "
    "they them their there then than what which who whom whose when where why how all any "
    "both each few more most other some such only own same too very can will just should "
    "would could may might must shall was were been being have has had having does did doing "
    "are is its our ours your yours his her hers him she he we you i me my mine not now also "
    "said says say one two "
    # Short ones: too short to be cues anyway, but a fragment of one alone is dropped
    # (detectors/clean.py), as are the contractions.
    "a an or in it to of on at by as if so do be up am t s "
    "don't doesn't didn't isn't aren't wasn't weren't won't can't it's that's there's "
    "i'm i've i'd he's she's we're we've they're they've you're let's".split()
)


@dataclass(frozen=True)
class Detection:
    """What a detector found in one document.

    ``sentence_scores`` has one score in [0, 1] per ``Document.article_sentences`` entry; a
    sentence scoring at or above ``flag_threshold``, or holding a fragment, counts as
    propagandistic in the summary.
    """

    fragments: list[Fragment]
    sentence_scores: list[float]
    flag_threshold: float
    # (sentences, 3) ClaimBuster class probabilities from a claims head on the detector's own
    # encoder (the accurate model's), for the claim model to average with its own; else None.
    # (Compared by the tests element-wise: arrays have no truth value for ``==``.)
    claim_probabilities: np.ndarray | None = field(default=None, compare=False)
    # Evidence of where quotes' cues start (propscan.quotes.evidence), from the encoder models:
    # the accurate model's cue probe, or a cue tagger where one runs; else None.
    cue_evidence: CueEvidence | None = field(default=None, compare=False)


def calibrated(fragments: list[Fragment], calibration: Calibration | None) -> list[Fragment]:
    """``fragments`` with each raw score replaced by its calibrated confidence."""
    if calibration is None or not fragments:
        return fragments
    values = calibration(np.asarray([f.confidence for f in fragments], dtype=np.float64))
    return [
        replace(f, confidence=round(float(v), 4))
        for f, v in zip(fragments, values.tolist(), strict=True)
    ]


class Detector(Protocol):
    """Finds technique fragments in a document and classifies given spans."""

    name: str

    def __call__(self, doc: Document) -> Detection:
        """Scored, labelled fragments of ``doc``'s article text, and sentence scores."""
        ...

    def classify(self, doc: Document, spans: Sequence[tuple[int, int]]) -> list[tuple[str, float]]:
        """One ``(technique, probability)`` per span of ``doc.text`` (the TC task)."""
        ...

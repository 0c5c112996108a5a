"""Check-worthiness of sentences given one by one (a CSV of them, a list), not in an article.

Each sentence is read on its own, as ClaimBuster's debate sentences are labelled: by the
linear claim model and, with an encoder model (``accurate``, the default, or ``large``), by its
claims head on the sentence encoded alone, the two averaged
(:func:`propscan.claims.encoder_head.sentence_probabilities`). An article's sentences are
decided in the article's analysis instead, in context and with the decision chosen on news.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from propscan.claims.encoder_head import sentence_probabilities
from propscan.claims.model import ClaimModel, load_claim_model
from propscan.errors import InputError

if TYPE_CHECKING:
    from propscan.detectors import Detector

# Sentences judged at a time (memory holds their features, not the whole list's).
CHUNK = 1024


def check_sentences(
    sentences: Sequence[str],
    model: str | Detector | None = None,
    claim_model: ClaimModel | None = None,
) -> list[tuple[int, float]]:
    """(verdict, score) per sentence: verdict 1 (check-worthy factual claim), 0 (unimportant
    factual statement) or -1 (non-factual), score the 0..1 check-worthiness.

    ``model``: "accurate" (the default), "large", "fast" (the linear claim model alone) or a
    model directory, as for :func:`propscan.analyze`, or a loaded detector; ``claim_model``:
    the linear claim model (default: the shipped one).
    """
    from propscan.detectors import load_detector
    from propscan.detectors.accurate import AccurateDetector

    # A string is a sequence of strings too: one character a "sentence".
    if isinstance(sentences, str) or not all(isinstance(s, str) for s in sentences):
        raise InputError("check_sentences takes a list of sentences, each a string")
    linear = claim_model or load_claim_model()
    detector = model if model is not None and not isinstance(model, str) else load_detector(model)
    found: list[tuple[int, float]] = []
    # A chunk at a time: the linear model's features of 300,000 sentences at once took 3.8 GB.
    for first in range(0, len(sentences), CHUNK):
        chunk = sentences[first : first + CHUNK]
        encoder = None
        # The fast model has no encoder, and an encoder model trained without a claims head
        # has none to read with: the linear model decides alone, as in their analyses.
        if isinstance(detector, AccurateDetector) and detector.claim_head is not None:
            encoder = sentence_probabilities(detector.model, detector.claim_head, chunk)
        found += linear.predict(chunk, encoder)
    return found

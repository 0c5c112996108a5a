"""The fast detector: the linear model of :mod:`propscan.models.fast` behind the contract."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from propscan.analysis import Fragment
from propscan.detectors.base import MAX_CUES, STOPWORDS, Detection, calibrated
from propscan.detectors.clean import clean_fragments
from propscan.document import Document
from propscan.features import PAD, UNKNOWN, tokenize
from propscan.models.decode import runs, sentence_scores
from propscan.models.fast import FastModel


class FastDetector:
    """Span identification, then technique classification of each fragment found."""

    def __init__(self, model: FastModel, name: str = "fast") -> None:
        self.model = model
        self.name = name

    def __call__(self, doc: Document) -> Detection:
        tokens, probabilities = self.model.token_probabilities(doc, tokenize(doc))
        found = runs(tokens, probabilities, self.model.decode)
        spans = [(start, end) for start, end, _ in found]
        techniques = self.model.technique_probabilities(doc, spans)
        labels = self.model.labels
        fragments = []
        for (start, end, span_p), tech_p in zip(found, techniques, strict=True):
            best = int(np.argmax(tech_p))
            fragments.append(
                Fragment(
                    start=start,
                    end=end,
                    text=doc.text[start:end],
                    technique=labels[best],
                    confidence=round(span_p * float(tech_p[best]), 4),
                    detector=self.name,
                    cues=self._cues(doc.text[start:end], best),
                )
            )
        scores = sentence_scores(tokens, probabilities, len(doc.article_sentences))
        return Detection(
            calibrated(clean_fragments(doc.text, fragments), self.model.calibration),
            [round(float(s), 4) for s in scores],
            self.model.decode.high,
        )

    def classify(self, doc: Document, spans: Sequence[tuple[int, int]]) -> list[tuple[str, float]]:
        probabilities = self.model.technique_probabilities(doc, list(spans))
        labels = self.model.labels
        best = probabilities.argmax(axis=1) if len(spans) else np.zeros(0, dtype=np.int64)
        return [
            (labels[int(b)], float(p[int(b)])) for b, p in zip(best, probabilities, strict=True)
        ]

    def _cues(self, fragment: str, technique_index: int) -> tuple[str, ...]:
        """The fragment's content words that most favour the chosen technique."""
        stripped = (w.strip(".,;:!?\"'“”‘’()[]") for w in fragment.split())
        cleaned = list(
            dict.fromkeys(
                w for w in stripped if len(w) > 2 and w.isalpha() and w.lower() not in STOPWORDS
            )
        )
        ids = self.model.vocab.ids(cleaned) if cleaned else np.zeros(0, dtype=np.int64)
        weights = self.model.cue_weights(technique_index)
        scored = [
            (float(weights[i]), w)
            for i, w in zip(ids.tolist(), cleaned, strict=True)
            if i not in (UNKNOWN, PAD) and weights[i] > 0
        ]
        scored.sort(reverse=True)
        return tuple(w for _, w in scored[:MAX_CUES])

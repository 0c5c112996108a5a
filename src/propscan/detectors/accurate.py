"""The accurate detector: the fine-tuned encoder of :mod:`propscan.models.accurate`.

Technique probabilities of a fragment (found, or given for the TC task) come from the span
head on the mean hidden state over its tokens; with ``tc_helper`` they are averaged,
with equal weights, with those of the fast model's fragment classifier, whose features (the
fragment's length, its repetitions in the article, character n-grams) are what the encoder
does not see.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from propscan.analysis import Fragment
from propscan.detectors.base import Detection
from propscan.document import Document
from propscan.models.accurate import TC_HELPER_DIR, AccurateModel
from propscan.models.decode import runs, sentence_scores
from propscan.models.fast import FastModel
from propscan.models.windows import Encoded

MAX_CUES = 3


def snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole words (subword tokens can end mid-word)."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


class AccurateDetector:
    """Fragments from the encoder's token logits; techniques from their mean over a span."""

    def __init__(
        self, model: AccurateModel, name: str = "accurate", tc_helper: FastModel | None = None
    ) -> None:
        self.model = model
        self.name = name
        self.tc_helper = tc_helper

    @classmethod
    def from_model(
        cls, model: AccurateModel, directory: Path, name: str = "accurate"
    ) -> AccurateDetector:
        """The detector of a loaded model, with the fast helper its directory holds, if any."""
        helper_dir = directory / TC_HELPER_DIR
        helper = FastModel.load(helper_dir) if helper_dir.is_dir() else None
        return cls(model, name=name, tc_helper=helper)

    def __call__(self, doc: Document) -> Detection:
        encoded = self.model.encode(doc)
        hidden = self.model.hidden(encoded)
        logits = self.model.token_logits(hidden)
        probabilities = self.model.fragment_probabilities(hidden)
        found = [
            (*snap(doc.text, start, end), p)
            for start, end, p in runs(encoded.tokens, probabilities, self.model.decode)
        ]
        techniques = self._techniques(doc, encoded, hidden, [(s, e) for s, e, _ in found])
        fragments = []
        for (start, end, span_p), technique_p in zip(found, techniques, strict=True):
            best = int(np.argmax(technique_p))
            inside = self._inside(encoded, start, end)
            fragments.append(
                Fragment(
                    start=start,
                    end=end,
                    text=doc.text[start:end],
                    technique=self.model.labels[best],
                    confidence=round(span_p * float(technique_p[best]), 4),
                    detector=self.name,
                    cues=self._cues(doc.text, encoded, inside, logits[:, 1 + best]),
                )
            )
        scores = sentence_scores(encoded.tokens, probabilities, len(doc.article_sentences))
        return Detection(fragments, [round(float(s), 4) for s in scores], self.model.decode.high)

    def classify(self, doc: Document, spans: Sequence[tuple[int, int]]) -> list[tuple[str, float]]:
        encoded = self.model.encode(doc)
        hidden = self.model.hidden(encoded)
        answers = []
        for p in self._techniques(doc, encoded, hidden, list(spans)):
            best = int(np.argmax(p))
            answers.append((self.model.labels[best], float(p[best])))
        return answers

    def _techniques(
        self, doc: Document, encoded: Encoded, hidden: np.ndarray, spans: list[tuple[int, int]]
    ) -> np.ndarray:
        """A (spans, 14) matrix of technique probabilities."""
        n_labels = len(self.model.labels)
        out = np.full((len(spans), n_labels), 1.0 / n_labels, dtype=np.float32)
        if len(encoded) and spans:
            pooled = np.zeros((len(spans), hidden.shape[1]), dtype=np.float32)
            for row, (start, end) in enumerate(spans):
                inside = self._inside(encoded, start, end)
                if not inside.any():
                    inside = np.ones(len(encoded), dtype=bool)  # no token in the span: the text
                pooled[row] = hidden[inside].mean(axis=0)
            out = self.model.span_probabilities(pooled)
        if self.tc_helper is not None and spans:
            out = (out + self.tc_helper.technique_probabilities(doc, spans)) / 2
        return out

    @staticmethod
    def _inside(encoded: Encoded, start: int, end: int) -> np.ndarray:
        tokens = encoded.tokens
        return np.asarray((tokens.starts < end) & (tokens.ends > start))

    @staticmethod
    def _cues(
        text: str, encoded: Encoded, inside: np.ndarray, scores: np.ndarray
    ) -> tuple[str, ...]:
        """The words holding the tokens that score highest for the fragment's technique."""
        indices = np.flatnonzero(inside)
        cues: list[str] = []
        for i in indices[np.argsort(-scores[indices])]:
            s, e = snap(text, int(encoded.tokens.starts[i]), int(encoded.tokens.ends[i]))
            word = text[s:e]
            if any(c.isalpha() for c in word) and len(word) > 2 and word not in cues:
                cues.append(word)
            if len(cues) == MAX_CUES:
                break
        return tuple(cues)

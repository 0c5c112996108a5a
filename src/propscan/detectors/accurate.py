"""The accurate detector: the fine-tuned encoder of :mod:`propscan.models.accurate`."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from propscan.analysis import Fragment
from propscan.detectors.base import Detection
from propscan.document import Document
from propscan.models.accurate import AccurateModel
from propscan.models.decode import runs, sentence_scores
from propscan.models.fast import sigmoid, softmax
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

    def __init__(self, model: AccurateModel, name: str = "accurate") -> None:
        self.model = model
        self.name = name

    def __call__(self, doc: Document) -> Detection:
        encoded = self.model.encode(doc)
        logits = self.model.logits(encoded)
        probabilities = sigmoid(logits[:, 0]) if len(encoded) else np.zeros(0, np.float32)
        fragments = []
        for start, end, span_p in runs(encoded.tokens, probabilities, self.model.decode):
            start, end = snap(doc.text, start, end)
            inside = self._inside(encoded, start, end)
            technique_p = softmax(logits[inside, 1:].mean(axis=0, keepdims=True))[0]
            best = int(np.argmax(technique_p))
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
        logits = self.model.logits(encoded)
        answers = []
        for start, end in spans:
            if not len(encoded):
                answers.append((self.model.labels[0], 1.0 / len(self.model.labels)))
                continue
            inside = self._inside(encoded, start, end)
            if not inside.any():
                inside = np.ones(len(encoded), dtype=bool)  # a span with no token: whole text
            p = softmax(logits[inside, 1:].mean(axis=0, keepdims=True))[0]
            best = int(np.argmax(p))
            answers.append((self.model.labels[best], float(p[best])))
        return answers

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

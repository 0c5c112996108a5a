"""The fast model: two linear models over sparse features, served with NumPy alone.

- span identification: a logistic-regression token tagger (is this token inside a propaganda
  fragment?); runs of confident tokens become fragments (``DecodeParams``);
- technique classification: a multinomial logistic regression over a fragment's words,
  character n-grams, context and repetition in the article.

Weights are stored as float16 in a compressed ``.npz`` (no pickles: loading a model runs no
code), so the shipped model is a few MB and inference needs no scikit-learn.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from propscan.document import Document
from propscan.errors import ModelError
from propscan.features import Tokens, Vocabulary, tokenize
from propscan.fileio import atomic_write
from propscan.models.calibration import Calibration
from propscan.models.decode import DecodeParams
from propscan.models.fast_features import FeatureConfig, SIFeaturizer, TCFeaturizer
from propscan.models.manifest import Manifest

KIND = "fast-linear"
_WEIGHTS = "weights.npz"
_VOCAB = "vocabulary.json"


@dataclass
class LinearWeights:
    """``scores = X @ coef + intercept``; ``coef`` is (features,) or (features, classes)."""

    coef: np.ndarray
    intercept: np.ndarray

    def scores(self, matrix: Any) -> np.ndarray:
        return np.asarray(matrix @ self.coef + self.intercept, dtype=np.float32)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-x)), dtype=np.float32)


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return np.asarray(e / e.sum(axis=1, keepdims=True), dtype=np.float32)


def tag(
    featurizer: SIFeaturizer, weights: LinearWeights, doc: Document, tokens: Tokens | None = None
) -> tuple[Tokens, np.ndarray]:
    """The tokens of ``doc``'s article text and each one's probability of being propaganda,
    from a token tagger's features and weights."""
    tokens = tokenize(doc) if tokens is None else tokens
    if len(tokens) == 0:
        return tokens, np.zeros(0, dtype=np.float32)
    return tokens, sigmoid(weights.scores(featurizer.transform(doc, tokens)))


class FastModel:
    """A trained fast model; see the module docstring."""

    def __init__(
        self,
        vocab: Vocabulary,
        shapes: list[str],
        config: FeatureConfig,
        si: LinearWeights,
        tc: LinearWeights,
        decode: DecodeParams,
        manifest: Manifest,
        calibration: Calibration | None = None,
    ) -> None:
        self.vocab = vocab
        self.config = config
        self.si_features = SIFeaturizer(vocab, shapes, config)
        self.tc_features = TCFeaturizer(vocab, config)
        self.si = si
        self.tc = tc
        self.decode = decode
        self.manifest = manifest
        # The map from raw fragment scores to calibrated confidences (None: raw scores).
        self.calibration = calibration

    @property
    def labels(self) -> list[str]:
        return self.manifest.labels

    def token_probabilities(
        self, doc: Document, tokens: Tokens | None = None
    ) -> tuple[Tokens, np.ndarray]:
        """The tokens of ``doc``'s article text and each one's probability of being propaganda."""
        return tag(self.si_features, self.si, doc, tokens)

    def technique_probabilities(self, doc: Document, spans: list[tuple[int, int]]) -> np.ndarray:
        """A (spans, 14) matrix of technique probabilities."""
        if not spans:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        return softmax(self.tc.scores(self.tc_features.transform(doc, spans)))

    def cue_weights(self, technique_index: int) -> np.ndarray:
        """Per-vocabulary-word weight of the fragment's own words for one technique."""
        return self.tc.coef[: len(self.vocab), technique_index]

    def save(self, directory: Path) -> None:
        """Write the model as a directory: manifest, vocabulary, weights, calibration."""
        directory.mkdir(parents=True, exist_ok=True)
        vocabulary = {
            "words": self.vocab.words,
            "shapes": self.si_features.shapes,
            "config": self.config.to_dict(),
            "decode": asdict(self.decode),
        }
        atomic_write(directory / _VOCAB, json.dumps(vocabulary, ensure_ascii=False))
        tmp = directory / f".{_WEIGHTS}.tmp.npz"
        np.savez_compressed(
            tmp,
            si_coef=self.si.coef.astype(np.float16),
            si_intercept=self.si.intercept.astype(np.float32),
            tc_coef=self.tc.coef.astype(np.float16),
            tc_intercept=self.tc.intercept.astype(np.float32),
        )
        tmp.replace(directory / _WEIGHTS)
        if self.calibration is not None:
            self.calibration.save(directory)
        self.manifest.save(directory)

    @classmethod
    def load(cls, directory: Path) -> FastModel:
        """Load a model directory written by :meth:`save`."""
        manifest = Manifest.load(directory, KIND)
        try:
            raw = json.loads((directory / _VOCAB).read_text(encoding="utf-8"))
            with np.load(directory / _WEIGHTS, allow_pickle=False) as weights:
                si = LinearWeights(weights["si_coef"].astype(np.float32), weights["si_intercept"])
                tc = LinearWeights(weights["tc_coef"].astype(np.float32), weights["tc_intercept"])
            config_raw: dict[str, Any] = {
                k: tuple(v) if isinstance(v, list) else v for k, v in raw["config"].items()
            }
            config = FeatureConfig(**config_raw)
            return cls(
                Vocabulary(raw["words"]),
                raw["shapes"],
                config,
                si,
                tc,
                DecodeParams(**raw["decode"]),
                manifest,
                Calibration.load(directory),
            )
        except (OSError, KeyError, ValueError, TypeError) as exc:
            raise ModelError(f"{directory}: corrupt model files ({exc})") from None

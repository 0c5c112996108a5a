"""The claim model: a multinomial logistic regression over sparse sentence features.

Served with NumPy alone (the weights are a float16 ``.npz``, no pickles), as the fast
technique model is; the features times the weights are computed without building the sparse
matrix (:meth:`propscan.claims.features.ClaimFeaturizer.scores`).
The verdict is the class with the highest log-probability plus a per-class offset chosen at
training time on out-of-fold predictions (ClaimBuster's unimportant-factual class is rare and
an unadjusted argmax almost never picks it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from propscan.analysis import Claim, Quantity
from propscan.claims.encoder_head import AVERAGE_OFFSETS, average
from propscan.claims.features import ClaimFeatureConfig, ClaimFeaturizer, Idf
from propscan.claims.quantities import find_quantities, is_label, is_year
from propscan.document import Document, Segment
from propscan.errors import ModelError
from propscan.features import Vocabulary
from propscan.fileio import atomic_write
from propscan.models.fast import LinearWeights, softmax
from propscan.models.manifest import Manifest

KIND = "claims-linear"
# Column order of the weights: ClaimBuster's verdicts.
LABELS = ["-1", "0", "1"]
VERDICTS = (-1, 0, 1)
_WEIGHTS = "weights.npz"
_VOCAB = "vocabulary.json"
# ClaimBuster has no sentence of fewer than 5 words (its authors left them out), so the model
# never learnt what a shorter one is; in news such lines are mostly rhetoric ("Obama lies.",
# "Isolation is nothing."). One that states no number is not called check-worthy: it gets
# the likelier of the two other classes. Fixed from the data's definition, not tuned.
MIN_WORDS = 5
# Class offsets (classes -1, 0, 1) of the decision on article sentences, for the linear model
# alone and for its average with an encoder's claims head. The offsets tuned on ClaimBuster's
# debates (the model's own; encoder_head.AVERAGE_OFFSETS) flag about half of all news
# sentences, one in two rightly, and a fifth of the opinion lines. Chosen for macro-F1 on the
# 300 hand-labelled news sentences (benchmarks/claims_news.py --cv, which prints the choice on
# all of them and the 5-fold cross-validation by article; docs/models.md, claims on news).
# Out of fold, for the default (its head fitted on the debates read in context and alone):
# check-worthy precision 0.561 -> 0.675, macro-F1 0.648 -> 0.687, non-factual sentences
# flagged 18 -> 12, recall 0.750 -> 0.609. The sentence CSV (`propscan claims`,
# ClaimBuster's kind of input) keeps the debates' offsets.
NEWS_OFFSETS = {"linear": (0.0, 1.25, -0.5), "average": (0.0, 1.25, -0.25)}


def out_of_range(sentences: Sequence[str], quantities: Sequence[int]) -> np.ndarray:
    """Which sentences are shorter than :data:`MIN_WORDS` words and state no quantity."""
    return np.fromiter(
        (n == 0 and len(s.split()) < MIN_WORDS for s, n in zip(sentences, quantities, strict=True)),
        dtype=bool,
        count=len(sentences),
    )


def decide(
    probabilities: np.ndarray,
    offsets: Sequence[float] | np.ndarray,
    short: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(verdicts, check-worthiness scores) of the rows of a (rows, 3) probability matrix.

    ``offsets``: the class offsets, added to the log-probabilities. ``short``: the rows whose
    sentence is too short for the model (see :func:`out_of_range`), never called check-worthy.

    The offsets act as log class priors, so the score is the probability of class 1 after
    them (0 for a short row), and the verdict is the likeliest class of that same
    distribution: a score of 0.5 or more is always a check-worthy verdict. Scored before the
    offsets, 28 of the 300 labelled news sentences read 0.5 or more beside another verdict,
    and the score was further from how often such sentences are check-worthy (out of fold,
    expected calibration error 0.120 against 0.051 after the offsets; benchmarks/claims_news.py
    --cv). On the debates the two are level (benchmarks/claims_eval.py --cv).
    """
    adjusted = np.log(np.maximum(probabilities, 1e-12)) + np.asarray(offsets, dtype=np.float32)
    if short is not None:
        adjusted[np.asarray(short, dtype=bool), VERDICTS.index(1)] = -np.inf
    verdicts = np.asarray(VERDICTS)[adjusted.argmax(axis=1)]
    return verdicts, softmax(adjusted)[:, VERDICTS.index(1)]


def packaged_claim_model_dir() -> Path:
    """The claim model shipped with propscan."""
    return Path(str(resources.files("propscan") / "data" / "models" / "claims"))


class ClaimModel:
    """Check-worthiness of sentences, in ClaimBuster's three classes (see the module docstring)."""

    def __init__(
        self,
        featurizer: ClaimFeaturizer,
        weights: LinearWeights,
        offsets: np.ndarray,
        manifest: Manifest,
    ) -> None:
        self.featurizer = featurizer
        self.weights = weights
        self.offsets = np.asarray(offsets, dtype=np.float32)
        self.manifest = manifest

    def probabilities(
        self,
        sentences: Sequence[str],
        quantities: Sequence[int] | Callable[[np.ndarray], Sequence[int]] | None = None,
    ) -> np.ndarray:
        """A (sentences, 3) matrix of class probabilities, columns in :data:`VERDICTS` order.

        ``quantities``: how many quantities each sentence states, if known (saves finding them),
        or a function giving them (see :meth:`ClaimFeaturizer.scores`).
        """
        if not sentences:
            return np.zeros((0, len(VERDICTS)), dtype=np.float32)
        coef, intercept = self.weights.coef, self.weights.intercept
        return softmax(self.featurizer.scores(sentences, coef, intercept, quantities))

    def decide(
        self,
        probabilities: np.ndarray,
        short: np.ndarray | None = None,
        offsets: Sequence[float] | None = None,
    ) -> list[tuple[int, float]]:
        """(verdict, check-worthiness score) per row of a probability matrix, as
        :func:`decide` gives them; ``offsets`` default to this model's, tuned on its own
        probabilities (for article sentences, :data:`NEWS_OFFSETS`)."""
        verdicts, scores = decide(
            probabilities, self.offsets if offsets is None else offsets, short
        )
        return [(int(v), round(float(s), 4)) for v, s in zip(verdicts, scores, strict=True)]

    def predict(
        self, sentences: Sequence[str], encoder: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """(verdict, score) per sentence: verdict 1/0/-1 and score as :func:`decide` gives them.

        ``encoder``: the (sentences, 3) probabilities of an encoder model's claims head, each
        sentence read alone (:func:`propscan.claims.encoder_head.sentence_probabilities`);
        averaged with this model's and decided with the offsets tuned on that average on the
        debates (:data:`propscan.claims.encoder_head.AVERAGE_OFFSETS`).
        """
        counts: list[int] = []

        def count(kinds: np.ndarray) -> list[int]:
            counts.extend(
                len(find_quantities(s, number_words=k == 2)) if k else 0
                for s, k in zip(sentences, kinds.tolist(), strict=True)
            )
            return counts

        probabilities = average(encoder, self.probabilities(sentences, count))
        short = out_of_range(sentences, counts or [0] * len(sentences))
        return self.decide(probabilities, short, None if encoder is None else AVERAGE_OFFSETS)

    def __call__(self, doc: Document, encoder: np.ndarray | None = None) -> list[Claim]:
        """One :class:`Claim` per article sentence of ``doc``, in order.

        ``encoder``: the (sentences, 3) probabilities of a claims head on the technique
        detector's encoder, when it has one; they are averaged with this model's. Article
        sentences are decided with the offsets tuned on news (:data:`NEWS_OFFSETS`).
        """
        segments, found, probabilities, short = self._article(doc, encoder)
        offsets = NEWS_OFFSETS["linear" if encoder is None else "average"]
        return [
            Claim(
                start=s.start,
                end=s.end,
                text=s.text,
                verdict=verdict,
                score=score,
                quantities=tuple(x for x in q if not (is_year(x) or is_label(doc.text, x))),
            )
            for s, q, (verdict, score) in zip(
                segments, found, self.decide(probabilities, short, offsets), strict=True
            )
        ]

    def article_probabilities(
        self, doc: Document, encoder: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The class probabilities of every article sentence of ``doc`` (averaged with an
        ``encoder`` head's, as :meth:`__call__` averages them) and which sentences are too
        short to be check-worthy: what :meth:`decide` takes."""
        _, _, probabilities, short = self._article(doc, encoder)
        return probabilities, short

    def _article(
        self, doc: Document, encoder: np.ndarray | None
    ) -> tuple[tuple[Segment, ...], list[tuple[Quantity, ...]], np.ndarray, np.ndarray]:
        segments = doc.article_sentences
        texts = [s.text for s in segments]
        found: list[tuple[Quantity, ...]] = [()] * len(segments)

        def count(kinds: np.ndarray) -> list[int]:
            # Only the sentences that may state a number are looked in, for number words only
            # if they may name one (found on the tokens by the featurizer); a sentence whose
            # text is not its span of doc.text always is, for both.
            for i, (s, kind) in enumerate(zip(segments, kinds.tolist(), strict=True)):
                if texts[i] != doc.text[s.start : s.end]:
                    found[i] = tuple(find_quantities(doc.text, s.start, s.end))
                elif kind:
                    found[i] = tuple(find_quantities(doc.text, s.start, s.end, kind == 2))
            return [len(q) for q in found]

        probabilities = average(encoder, self.probabilities(texts, count))
        short = out_of_range(texts, [len(q) for q in found])
        return segments, found, probabilities, short

    def save(self, directory: Path) -> None:
        """Write the model as a directory: manifest, vocabulary, weights."""
        directory.mkdir(parents=True, exist_ok=True)
        vocabulary = {
            "words": self.featurizer.vocab.words,
            "config": self.featurizer.config.to_dict(),
        }
        atomic_write(directory / _VOCAB, json.dumps(vocabulary, ensure_ascii=False))
        idf = self.featurizer.idf
        if idf is None:
            raise ValueError("cannot save a claim model without IDF weights")
        tmp = directory / f".{_WEIGHTS}.tmp.npz"
        np.savez_compressed(
            tmp,
            coef=self.weights.coef.astype(np.float16),
            intercept=self.weights.intercept.astype(np.float32),
            offsets=self.offsets,
            idf_words=idf.words.astype(np.float16),
            idf_chars=idf.chars.astype(np.float16),
        )
        tmp.replace(directory / _WEIGHTS)
        self.manifest.save(directory)

    @classmethod
    def load(cls, directory: Path) -> ClaimModel:
        """Load a model directory written by :meth:`save`."""
        if not directory.is_dir():
            raise ModelError(f"{directory}: no claim model there (not a directory)")
        manifest = Manifest.load(directory, KIND, labels=LABELS)
        try:
            raw: dict[str, Any] = json.loads((directory / _VOCAB).read_text(encoding="utf-8"))
            with np.load(directory / _WEIGHTS, allow_pickle=False) as arrays:
                weights = LinearWeights(
                    arrays["coef"].astype(np.float32), arrays["intercept"].astype(np.float32)
                )
                offsets = arrays["offsets"].astype(np.float32)
                idf = Idf(
                    arrays["idf_words"].astype(np.float32), arrays["idf_chars"].astype(np.float32)
                )
            featurizer = ClaimFeaturizer(
                Vocabulary(raw["words"]), ClaimFeatureConfig(**raw["config"]), idf
            )
        except (OSError, KeyError, ValueError, TypeError) as exc:
            raise ModelError(f"{directory}: corrupt claim model files ({exc})") from None
        expected = (featurizer.width, len(VERDICTS))
        if weights.coef.shape != expected or offsets.shape != (len(VERDICTS),):
            raise ModelError(
                f"{directory}: claim weights have shape {weights.coef.shape}, expected {expected}"
            )
        return cls(featurizer, weights, offsets, manifest)


def load_claim_model(path: Path | None = None) -> ClaimModel:
    """The claim model in ``path``, or the one shipped with propscan.

    Raises:
        ModelError: The directory is missing, or its files are corrupt or incompatible.
    """
    return ClaimModel.load(packaged_claim_model_dir() if path is None else Path(path))

"""A claims head on the accurate model's encoder: one encoder pass serving several heads.

The accurate technique detector computes a hidden state for every token of an article anyway;
the mean over a sentence's tokens, times a linear head, gives ClaimBuster's three class
probabilities at no extra encoder cost. The detector hands them to the claim model
(:class:`propscan.claims.ClaimModel`), which averages them with its own linear model's.

The head is fitted on the hidden states of the ClaimBuster debates, each debate encoded as one
document (its sentences in order, one per line), so a sentence is seen in context as it is in
an article. It lives beside the encoder it was fitted on, as ``claims-head.npz`` in the
accurate model's directory, with its dev figures in ``claims-head.json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from propscan.errors import ModelError
from propscan.fileio import atomic_write
from propscan.models.fast import softmax
from propscan.models.windows import Encoded

if TYPE_CHECKING:
    from propscan.claims.model import ClaimModel

HEAD_FILE = "claims-head.npz"
SCORES_FILE = "claims-head.json"
# The weight of the encoder head's probabilities in the average with the linear model's: an
# even split, fixed before looking at dev (the same rule as the accurate detector's technique
# average with its fast helper).
ENCODER_WEIGHT = 0.5
# Class offsets (classes -1, 0, 1) of the decision on the averaged probabilities. The linear
# model's own (1.25 / 0.75, tuned on its probabilities alone) call too much check-worthy once
# averaged: 5-fold cross-validation by debate, offsets tuned for macro-F1 on the other folds'
# averages, chose these in every fold (benchmarks/claims_eval.py --cv --encoder-head
# src/propscan/data/models/accurate): check-worthy precision 0.7171 ± 0.0064 against
# 0.6495 ± 0.0126, F1 0.6882 ± 0.0188 against 0.6868 ± 0.0178. Tune again after retraining
# either model.
AVERAGE_OFFSETS = (0.0, 0.75, 0.25)


@dataclass(frozen=True)
class ClaimHead:
    """``softmax(vectors @ w + b)``: class probabilities in :data:`VERDICTS` order."""

    w: np.ndarray  # (width, 3)
    b: np.ndarray  # (3,)

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        return np.asarray(softmax(vectors @ self.w + self.b), dtype=np.float32)

    def save(self, directory: Path) -> None:
        tmp = directory / f".{HEAD_FILE}.tmp.npz"
        np.savez(tmp, w=self.w.astype(np.float32), b=self.b.astype(np.float32))
        tmp.replace(directory / HEAD_FILE)

    @classmethod
    def load(cls, directory: Path) -> ClaimHead | None:
        """The head in ``directory``; ``None`` when the model has none."""
        path = directory / HEAD_FILE
        if not path.is_file():
            return None
        try:
            with np.load(path, allow_pickle=False) as arrays:
                head = cls(arrays["w"].astype(np.float32), arrays["b"].astype(np.float32))
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"{path}: corrupt claims head ({exc})") from None
        if head.w.ndim != 2 or head.w.shape[1] != 3 or head.b.shape != (3,):
            raise ModelError(f"{path}: claims head of shape {head.w.shape}, expected (width, 3)")
        return head


class SentencePool:
    """Mean hidden state of each sentence, summed block by block (a sentence may span two)."""

    def __init__(self, starts: np.ndarray, width: int) -> None:
        self.starts = np.asarray(starts, dtype=np.int64)
        self.sums = np.zeros((len(self.starts), width), dtype=np.float32)
        self.counts = np.zeros(len(self.starts), dtype=np.float32)

    def add(self, part: Encoded, hidden: np.ndarray) -> None:
        if not len(part) or not len(self.starts):
            return
        index = np.searchsorted(self.starts, part.tokens.starts, side="right") - 1
        keep = index >= 0
        index, rows = index[keep], hidden[keep]
        if not len(index):
            return
        # Tokens come in text order, so each sentence's tokens are one slice: sum the slices
        # (np.add.at, token by token, cost more than the rest of the head).
        bounds = np.concatenate(([0], np.flatnonzero(np.diff(index)) + 1))
        sentences = index[bounds]
        self.sums[sentences] += np.add.reduceat(rows, bounds, axis=0)
        self.counts[sentences] += np.diff(np.append(bounds, len(index))).astype(np.float32)

    def vectors(self) -> np.ndarray:
        return self.sums / np.maximum(self.counts, 1.0)[:, None]


def fit_head(
    csv_path: Path,
    model_dir: Path,
    linear: ClaimModel | None = None,
    log: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    """Fit the head on the train debates of a ClaimBuster CSV with the encoder of the accurate
    model in ``model_dir``; write it there; return the dev figures (head, the ``linear`` claim
    model it is averaged with — the packaged one by default — and the average)."""
    from propscan.claims.model import load_claim_model
    from propscan.claims.train import _sklearn, load_claim_data, scores
    from propscan.dataset import is_dev

    data = load_claim_data(csv_path)
    vectors = debate_vectors(data.texts, data.groups, model_dir, log)
    dev = np.asarray([is_dev(g) for g in data.groups])
    verdicts = np.asarray([-1, 0, 1])
    regression = _sklearn().linear_model.LogisticRegression(C=1.0, max_iter=3000)
    regression.fit(vectors[~dev], data.labels[~dev])
    order = [list(regression.classes_).index(v) for v in verdicts]
    head = ClaimHead(
        regression.coef_[order].T.astype(np.float32),
        regression.intercept_[order].astype(np.float32),
    )
    encoder_p = head.probabilities(vectors[dev])
    dev_texts = [t for t, d in zip(data.texts, dev, strict=True) if d]
    linear = linear or load_claim_model()
    linear_p = linear.probabilities(dev_texts)
    gold = data.labels[dev]

    def decided(p: np.ndarray, offsets: tuple[float, ...] | None = None) -> np.ndarray:
        # The shipped decision rules: class offsets on the log-probabilities.
        return np.asarray([v for v, _ in linear.decide(p, offsets=offsets)])

    figures = {
        "encoder_head_alone": scores(gold, verdicts[encoder_p.argmax(axis=1)]),
        "linear_model": scores(gold, decided(linear_p)),
        "average": scores(gold, decided(average(encoder_p, linear_p), AVERAGE_OFFSETS)),
        "encoder_weight": ENCODER_WEIGHT,
        "dev_sentences": int(dev.sum()),
        "train_sentences": int((~dev).sum()),
    }
    head.save(model_dir)
    atomic_write(model_dir / SCORES_FILE, json.dumps(figures, indent=2) + "\n")
    return figures


def debate_vectors(
    texts: list[str],
    groups: list[str],
    model_dir: Path,
    log: Callable[[str], None] = lambda _: None,
) -> np.ndarray:
    """The pooled hidden state of each sentence, from the accurate model in ``model_dir``,
    each debate (``groups``) encoded as one document, its sentences one a line in order."""
    from propscan.document import Document
    from propscan.models.accurate import AccurateModel
    from propscan.models.windows import encode

    model = AccurateModel.load(model_dir)
    width = model.heads.token_w.shape[0]
    vectors = np.zeros((len(texts), width), dtype=np.float32)
    debates: dict[str, list[int]] = {}
    for i, group in enumerate(groups):
        debates.setdefault(group, []).append(i)
    for done, (group, rows) in enumerate(sorted(debates.items()), start=1):
        lines = [" ".join(texts[i].split()) or "." for i in rows]
        starts = np.cumsum([0, *(len(t) + 1 for t in lines[:-1])])
        text = "\n".join(lines)
        doc = Document.create(text, article_end=len(text))
        pool = SentencePool(starts, width)
        for part, hidden in model.passes(encode(model.tokenizer, doc)):
            pool.add(part, hidden)
        vectors[rows] = pool.vectors()
        log(f"encoded debate {done}/{len(debates)} ({group}, {len(rows)} sentences)")
    return vectors


def average(encoder: np.ndarray | None, linear: np.ndarray) -> np.ndarray:
    """The probabilities a claim is given: the linear model's, averaged with the encoder
    head's when the technique detector computed them."""
    if encoder is None:
        return linear
    return ENCODER_WEIGHT * encoder + (1 - ENCODER_WEIGHT) * linear

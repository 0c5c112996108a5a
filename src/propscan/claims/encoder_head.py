"""A claims head on an encoder model's hidden states: one encoder pass serving several heads.

The encoder models (``accurate``, MiniLM, 384 wide; ``large``, MPNet, 768 wide) are served by
the same code (:mod:`propscan.models.accurate`), and so is their head. The technique detector
computes a hidden state for every token of an article anyway;
the mean over a sentence's tokens, times a linear head, gives ClaimBuster's three class
probabilities at no extra encoder cost. The detector hands them to the claim model
(:class:`propscan.claims.ClaimModel`), which averages them with its own linear model's.

The head is fitted on the hidden states of the ClaimBuster debates, each debate encoded as one
document (its sentences in order, one per line), so a sentence is seen in context as it is in
an article. It lives beside the encoder it was fitted on, as ``claims-head.npz`` in the
model's directory, with its dev figures in ``claims-head.json``; a head fitted on another
encoder is refused when the model loads.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from propscan.errors import ModelError
from propscan.fileio import atomic_write
from propscan.models.accurate import heads_sha256
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
# 0.6495 ± 0.0126, F1 0.6882 ± 0.0188 against 0.6868 ± 0.0178. The large model's MPNet head
# (fold 0's epoch-2 export) chose the same in 4 of 5 folds (docs/models.md, claims). Tune again
# after retraining either model. These decide the average on debate sentences (ClaimBuster's
# figures); article sentences are decided with model.NEWS_OFFSETS, chosen on news.
AVERAGE_OFFSETS = (0.0, 0.75, 0.25)


@dataclass(frozen=True)
class ClaimHead:
    """``softmax(vectors @ w + b)``: class probabilities in :data:`VERDICTS` order."""

    w: np.ndarray  # (width, 3)
    b: np.ndarray  # (3,)
    # The sha256 of the heads file of the model it was fitted on (propscan.models.accurate.
    # heads_sha256): a head on another encoder of the same width would read noise. Empty for
    # a head fitted before it was recorded.
    encoder: str = ""

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        return np.asarray(softmax(vectors @ self.w + self.b), dtype=np.float32)

    def save(self, directory: Path) -> None:
        tmp = directory / f".{HEAD_FILE}.tmp.npz"
        np.savez(
            tmp, w=self.w.astype(np.float32), b=self.b.astype(np.float32), encoder=self.encoder
        )
        tmp.replace(directory / HEAD_FILE)

    @classmethod
    def load(cls, directory: Path) -> ClaimHead | None:
        """The head in ``directory``; ``None`` when the model has none."""
        path = directory / HEAD_FILE
        if not path.is_file():
            return None
        try:
            with np.load(path, allow_pickle=False) as arrays:
                encoder = str(arrays["encoder"]) if "encoder" in arrays else ""
                head = cls(arrays["w"].astype(np.float32), arrays["b"].astype(np.float32), encoder)
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
    cache: Path | None = None,
) -> dict[str, Any]:
    """Fit the head on the train debates of a ClaimBuster CSV with the encoder of the model
    (accurate or large) in ``model_dir``; write it there; return the dev figures (head, the
    ``linear`` claim model it is averaged with — the packaged one by default — and the
    average). ``cache``: see :func:`debate_vectors`."""
    from propscan.claims.model import load_claim_model
    from propscan.claims.train import _sklearn, load_claim_data, scores
    from propscan.dataset import is_dev

    data = load_claim_data(csv_path)
    vectors = debate_vectors(data.texts, data.groups, model_dir, log, cache)
    dev = np.asarray([is_dev(g) for g in data.groups])
    verdicts = np.asarray([-1, 0, 1])
    regression = _sklearn().linear_model.LogisticRegression(C=1.0, max_iter=3000)
    regression.fit(vectors[~dev], data.labels[~dev])
    order = [list(regression.classes_).index(v) for v in verdicts]
    head = ClaimHead(
        regression.coef_[order].T.astype(np.float32),
        regression.intercept_[order].astype(np.float32),
        heads_sha256(model_dir),
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


def encoder_dir(name_or_path: str | Path) -> Path:
    """The model directory of an encoder model: a registered name (``accurate``, ``large``,
    as :func:`propscan.detectors.load_detector` takes them) or a directory written by
    ``propscan train --model accurate`` or ``--model large`` (or a fold's export of it)."""
    from propscan.detectors import DETECTORS, packaged_model_dir
    from propscan.models.accurate import KIND
    from propscan.models.manifest import read_kind

    path = Path(name_or_path)
    if not path.exists() and str(name_or_path) in DETECTORS:
        path = packaged_model_dir(str(name_or_path))
    kind = read_kind(path)
    if kind != KIND:
        found = f"a {kind!r} model" if kind else "no model directory"
        raise ModelError(
            f"{name_or_path}: {found}; a claims head needs an encoder model ({KIND!r}: "
            "accurate, large, or a directory written by 'propscan train --model accurate' "
            "or '--model large')"
        )
    return path


def encoder_key(model_dir: Path) -> str:
    """What an encoder's hidden states depend on (its ONNX file and tokenizer), hashed: the
    name of its folder in a cache of encoder outputs, so two encoders never share one."""
    from propscan.models.accurate import ONNX_FILE, TOKENIZER_FILE
    from propscan.models.manifest import hash_files

    return hash_files([model_dir / ONNX_FILE, model_dir / TOKENIZER_FILE])[:16]


def debate_vectors(
    texts: list[str],
    groups: list[str],
    model_dir: Path,
    log: Callable[[str], None] = lambda _: None,
    cache: Path | None = None,
) -> np.ndarray:
    """The pooled hidden state of each sentence, from the encoder model (accurate or large) in
    ``model_dir``, each debate (``groups``) encoded as one document, its sentences one a line
    in order. Its width is the encoder's (384 for MiniLM, 768 for MPNet).

    ``cache``: a folder keeping each debate's vectors, under the encoder's :func:`encoder_key`
    and a hash of the debate's text, so a rerun (or another command on the same encoder)
    encodes nothing twice.
    """
    from propscan.document import Document
    from propscan.models.accurate import AccurateModel, Heads
    from propscan.models.windows import encode

    width = Heads.load(model_dir).token_w.shape[0]
    folder = None if cache is None else cache / encoder_key(model_dir)
    model: AccurateModel | None = None
    vectors = np.zeros((len(texts), width), dtype=np.float32)
    debates: dict[str, list[int]] = {}
    for i, group in enumerate(groups):
        debates.setdefault(group, []).append(i)
    for done, (group, rows) in enumerate(sorted(debates.items()), start=1):
        lines = [" ".join(texts[i].split()) or "." for i in rows]
        text = "\n".join(lines)
        digest = hashlib.sha256(f"{group}\0{text}".encode()).hexdigest()[:24]
        saved = None if folder is None else folder / f"{digest}.npy"
        if saved is not None and saved.is_file():
            vectors[rows] = np.load(saved)
            continue
        started = time.perf_counter()
        model = model or AccurateModel.load(model_dir)
        starts = np.cumsum([0, *(len(t) + 1 for t in lines[:-1])])
        doc = Document.create(text, article_end=len(text))
        pool = SentencePool(starts, width)
        for part, hidden in model.passes(encode(model.tokenizer, doc)):
            pool.add(part, hidden)
        vectors[rows] = pool.vectors()
        if saved is not None:
            saved.parent.mkdir(parents=True, exist_ok=True)
            buffer = io.BytesIO()
            np.save(buffer, vectors[rows])
            atomic_write(saved, buffer.getvalue())
        log(
            f"encoded debate {done}/{len(debates)} ({group}, {len(rows)} sentences, "
            f"{time.perf_counter() - started:.0f} s)"
        )
    return vectors


def average(encoder: np.ndarray | None, linear: np.ndarray) -> np.ndarray:
    """The probabilities a claim is given: the linear model's, averaged with the encoder
    head's when the technique detector computed them."""
    if encoder is None:
        return linear
    return ENCODER_WEIGHT * encoder + (1 - ENCODER_WEIGHT) * linear

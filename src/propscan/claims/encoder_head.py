"""A claims head on an encoder model's hidden states: one encoder pass serving several heads.

The encoder models (``accurate``, MiniLM, 384 wide; ``large``, MPNet, 768 wide) are served by
the same code (:mod:`propscan.models.accurate`), and so is their head. The technique detector
computes a hidden state for every token of an article anyway;
the mean over a sentence's tokens, times a linear head, gives ClaimBuster's three class
probabilities at no extra encoder cost. The detector hands them to the claim model
(:class:`propscan.claims.ClaimModel`), which averages them with its own linear model's.

The head is fitted on the hidden states of the ClaimBuster debates read two ways: each debate
encoded as one document (its sentences in order, one per line), so a sentence is seen in
context as it is in an article; and each sentence encoded alone, as ``propscan claims`` reads
a CSV of sentences. One head fitted on both does as well on each as a head fitted on it alone
(docs/models.md, claims). It lives beside the encoder it was fitted on, as
``claims-head.npz`` in the model's directory, with its dev figures in ``claims-head.json``; a
head fitted on another encoder is refused when the model loads.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from propscan.document import Document
from propscan.errors import ModelError
from propscan.fileio import atomic_write
from propscan.models.accurate import AccurateModel, Heads, heads_sha256
from propscan.models.fast import softmax
from propscan.models.windows import WINDOW, Encoded, encode

if TYPE_CHECKING:
    from propscan.claims.model import ClaimModel

HEAD_FILE = "claims-head.npz"
SCORES_FILE = "claims-head.json"
# The weight of the encoder head's probabilities in the average with the linear model's: an
# even split, fixed before looking at dev (the same rule as the accurate detector's technique
# average with its fast helper).
ENCODER_WEIGHT = 0.5
# Class offsets (classes -1, 0, 1) of the decision on the averaged probabilities of debate
# sentences: `propscan claims` (each sentence read alone) and ClaimBuster's figures. The linear
# model's own (1.25 / 0.75, tuned on its probabilities alone) call too much check-worthy once
# averaged. 5-fold cross-validation by debate, offsets tuned for macro-F1 on the other folds'
# averages (benchmarks/claims_eval.py --cv --encoder-head accurate): for the head fitted on
# both readings, on the sentences read alone, these in 3 folds of 5 (1.0 / 0.5 in two);
# decided with them, check-worthy F1 0.6946 ± 0.0190, precision 0.7288 ± 0.0157, macro-F1
# 0.6865 ± 0.0049, against the linear model's 0.6667 ± 0.0195, 0.6485, 0.6513 (its own
# offsets). The large model's MPNet head chose the same in all 5 folds (docs/models.md,
# claims). Tune again after retraining either model. Article sentences are decided with
# model.NEWS_OFFSETS, chosen on news.
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


def fit_regression(
    vectors: Sequence[np.ndarray], labels: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(w, b) of the head's logistic regression, fitted on every row of each matrix of
    ``vectors`` (the same sentences read in context and alone), each with ``labels``."""
    from propscan.claims.train import _sklearn

    regression = _sklearn().linear_model.LogisticRegression(C=1.0, max_iter=3000)
    regression.fit(np.vstack(vectors), np.concatenate([labels] * len(vectors)))
    order = [list(regression.classes_).index(v) for v in (-1, 0, 1)]
    return (
        regression.coef_[order].T.astype(np.float32),
        regression.intercept_[order].astype(np.float32),
    )


def fit_head(
    csv_path: Path,
    model_dir: Path,
    linear: ClaimModel | None = None,
    log: Callable[[str], None] = lambda _: None,
    cache: Path | None = None,
) -> dict[str, Any]:
    """Fit the head on the train debates of a ClaimBuster CSV with the encoder of the model
    (accurate or large) in ``model_dir``, their sentences read in context and alone; write it
    there; return the dev figures, both ways (head, the ``linear`` claim model it is averaged
    with — the packaged one by default — and the average). ``cache``: see
    :func:`debate_vectors`."""
    from propscan.claims.model import load_claim_model
    from propscan.claims.train import load_claim_data, scores
    from propscan.dataset import is_dev

    data = load_claim_data(csv_path)
    in_context = debate_vectors(data.texts, data.groups, model_dir, log, cache)
    alone = sentence_vectors(data.texts, model_dir, log, cache)
    dev = np.asarray([is_dev(g) for g in data.groups])
    verdicts = np.asarray([-1, 0, 1])
    w, b = fit_regression([in_context[~dev], alone[~dev]], data.labels[~dev])
    head = ClaimHead(w, b, heads_sha256(model_dir))
    dev_texts = [t for t, d in zip(data.texts, dev, strict=True) if d]
    linear = linear or load_claim_model()
    linear_p = linear.probabilities(dev_texts)
    gold = data.labels[dev]

    def decided(p: np.ndarray, offsets: tuple[float, ...] | None = None) -> np.ndarray:
        # The shipped decision rules: class offsets on the log-probabilities.
        return np.asarray([v for v, _ in linear.decide(p, offsets=offsets)])

    figures: dict[str, Any] = {"linear_model": scores(gold, decided(linear_p))}
    for name, vectors in (("in_context", in_context), ("alone", alone)):
        encoder_p = head.probabilities(vectors[dev])
        figures[name] = {
            "encoder_head_alone": scores(gold, verdicts[encoder_p.argmax(axis=1)]),
            "average": scores(gold, decided(average(encoder_p, linear_p), AVERAGE_OFFSETS)),
        }
    figures.update(
        encoder_weight=ENCODER_WEIGHT,
        dev_sentences=int(dev.sum()),
        train_sentences=int((~dev).sum()),
    )
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
        vectors[rows] = pooled(model, lines, width)
        if saved is not None:
            _keep(saved, vectors[rows])
        log(
            f"encoded debate {done}/{len(debates)} ({group}, {len(rows)} sentences, "
            f"{time.perf_counter() - started:.0f} s)"
        )
    return vectors


def pooled(model: AccurateModel, lines: Sequence[str], width: int) -> np.ndarray:
    """The pooled hidden state of each of ``lines``, encoded as one document, one a line."""
    text = "\n".join(lines)
    starts = np.cumsum([0, *(len(t) + 1 for t in lines[:-1])])
    encoded = encode(model.tokenizer, Document.create(text, article_end=len(text)))
    return _pool(model, encoded, starts, width)


def _pool(model: AccurateModel, encoded: Encoded, starts: np.ndarray, width: int) -> np.ndarray:
    """The mean hidden state of each sentence of ``encoded`` (starting at ``starts``), read
    a block at a time as an article is."""
    pool = SentencePool(starts, width)
    for part, hidden in model.passes(encoded):
        pool.add(part, hidden)
    return pool.vectors()


def sentence_vectors(
    texts: Sequence[str],
    model_dir: Path | AccurateModel,
    log: Callable[[str], None] = lambda _: None,
    cache: Path | None = None,
) -> np.ndarray:
    """The pooled hidden state of each sentence encoded alone, as ``propscan claims`` reads a
    CSV of sentences (``model_dir``: an encoder model's directory, or the loaded model).
    ``cache``: as for :func:`debate_vectors`, one file for all of ``texts``."""
    lines = [" ".join(t.split()) or "." for t in texts]
    saved = None
    if isinstance(model_dir, Path) and cache is not None:
        digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:24]
        saved = cache / encoder_key(model_dir) / f"alone-{digest}.npy"
        if saved.is_file():
            return np.asarray(np.load(saved))
    model = AccurateModel.load(model_dir) if isinstance(model_dir, Path) else model_dir
    width = model.heads.token_w.shape[0]
    vectors = np.zeros((len(lines), width), dtype=np.float32)
    started = time.perf_counter()
    for first in range(0, len(lines), 5000):
        chunk = range(first, min(first + 5000, len(lines)))
        parts = {
            i: encode(model.tokenizer, Document.create(lines[i], article_end=len(lines[i])))
            for i in chunk
        }
        # A sentence of one window is read with others where the encoder allows; a longer
        # one as an article is, window by window.
        short = [i for i in chunk if len(parts[i]) <= WINDOW - 2]
        vectors[short] = model.mean_states([parts[i] for i in short])
        for i in chunk:
            if len(parts[i]) > WINDOW - 2:
                vectors[i] = _pool(model, parts[i], np.zeros(1, dtype=np.int64), width)[0]
        took = time.perf_counter() - started
        log(f"encoded {chunk.stop}/{len(lines)} sentences alone ({took:.0f} s)")
    if saved is not None:
        _keep(saved, vectors)
    return vectors


def _keep(path: Path, array: np.ndarray) -> None:
    """Write ``array`` to the cache file ``path``, whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.save(buffer, array)
    atomic_write(path, buffer.getvalue())


def sentence_probabilities(
    model: AccurateModel, head: ClaimHead, texts: Sequence[str]
) -> np.ndarray:
    """The head's class probabilities of each sentence encoded alone (their hidden states are
    held at once: :func:`propscan.claims.sentences.check_sentences` gives a chunk at a time)."""
    return head.probabilities(sentence_vectors(texts, model))


def average(encoder: np.ndarray | None, linear: np.ndarray) -> np.ndarray:
    """The probabilities a claim is given: the linear model's, averaged with the encoder
    head's when the technique detector computed them."""
    if encoder is None:
        return linear
    return ENCODER_WEIGHT * encoder + (1 - ENCODER_WEIGHT) * linear

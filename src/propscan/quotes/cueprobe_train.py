"""Cue evidence fitted on PolNeAR's candidate words: the out-of-fold linear taggers, and
linear probes on an encoder's layer states.

Every candidate word of every article (the first subword of each word the linear tagger
scores), labelled by whether any annotator file starts a cue there, gives the encoder's
states, served exactly as at run time (:func:`extract`), and the linear tagger's probability
*out of fold* (a linear tagger trained on the other four fifths, by the folds of
``benchmarks/quotes_cue_cv.py``; :func:`linear_folds`), since the shipped linear tagger,
trained on all of them, meets only new text. A logistic regression on the standardised states
and the linear tagger's logit (:func:`fit_probe`) is the probe that
``benchmarks/quotes_layer_probe.py`` and ``benchmarks/quotes_branch_cv.py`` measure; the
accurate model ships the cue branch instead (:mod:`propscan.quotes.cuebranch_train`), which
takes its out-of-fold linear logits from here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np

from propscan.document import Document
from propscan.errors import PropscanError
from propscan.fileio import atomic_write
from propscan.models.accurate import (
    ONNX_FILE,
    TOKENIZER_FILE,
    load_tokenizer,
    window_states,
)
from propscan.models.windows import blocks, encode, special_ids
from propscan.quotes.cuemodel import (
    QUOTE_MARKS,
    Article,
    CueModel,
    examples,
    fit,
    model,
    parse,
    sentences_of,
    using,
)
from propscan.quotes.cuetagger_train import FOLDS, cue_starts, folds_digest, targets
from propscan.quotes.evidence import LINEAR_CLIP

log = logging.getLogger(__name__)

# The regression's inverse L2 strength, as cross-validated (benchmarks/quotes_layer_probe.py).
C = 0.1


def linear_folds(articles: list[Article], fold_of: dict[str, int], work: Path) -> list[CueModel]:
    """The linear tagger of each fold, trained on the other four (kept in ``work``, under a
    name that says which articles made which fold, so other folds' are never reused)."""
    digest = folds_digest(fold_of)
    rows = None
    out = []
    for f in range(FOLDS):
        path = work / f"linear-fold{f}-{digest}.txt"
        if not path.is_file():
            rows = rows or examples(articles)
            atomic_write(path, fit(r for n, r in rows.items() if fold_of[n] != f))
        out.append(parse(path.read_text(encoding="utf-8")))
    return out


def extract(
    articles: list[Article],
    fold_of: dict[str, int],
    linear: list[CueModel],
    model_dir: Path,
    outputs: Sequence[str],
    cache: Path,
) -> None:
    """Write to ``cache`` (npz) every candidate word's label ``y``, out-of-fold linear
    probability ``linear``, ``fold``, start offset ``starts`` and article ``owner``, and its
    states from each of the encoder's ``outputs`` (float16), served as the detector serves
    them: a block of tokens at a time, windows averaged."""
    from propscan.models.accurate import open_session

    session = open_session(model_dir / ONNX_FILE)
    missing = set(outputs) - {o.name for o in session.get_outputs()}
    if missing:
        raise PropscanError(f"{model_dir / ONNX_FILE}: no output {', '.join(sorted(missing))}")
    tokenizer = load_tokenizer(model_dir / TOKENIZER_FILE)
    specials = special_ids(tokenizer)
    width = int(session.get_outputs()[0].shape[-1])
    states: list[list[np.ndarray]] = [[] for _ in outputs]
    ys, lps, folds, starts, owners = [], [], [], [], []
    started = time.perf_counter()
    everything = sorted(cue_starts(articles).items())
    for done, (name, (text, cue_at)) in enumerate(everything, 1):
        encoded = encode(tokenizer, Document.create(text))
        keep = np.flatnonzero(targets(text, cue_at, encoded.tokens.starts)[:, 0] >= 0)
        parts = [
            window_states(session, encoded.part(s, e), width, specials, tuple(outputs))
            for s, e in blocks(encoded)
        ]
        for j in range(len(outputs)):
            whole = np.concatenate([np.zeros((0, width), np.float32), *(p[j] for p in parts)])
            states[j].append(whole[keep].astype(np.float16))
        linear_p = linear_probabilities(text, linear[fold_of[name]])
        kept_starts = encoded.tokens.starts[keep]
        lps.append(np.asarray([linear_p.get(int(c), 0.0) for c in kept_starts], np.float32))
        ys.append(np.asarray([c in cue_at for c in kept_starts.tolist()], np.int8))
        folds.append(np.full(len(keep), fold_of[name], np.int8))
        starts.append(kept_starts)
        owners += [name] * len(keep)
        if done % 100 == 0:
            log.info(
                "%d of %d articles, %.0f s", done, len(everything), time.perf_counter() - started
            )
    arrays: dict[str, np.ndarray] = {
        "y": np.concatenate(ys),
        "linear": np.concatenate(lps),
        "fold": np.concatenate(folds),
        "starts": np.concatenate(starts),
        "owner": np.asarray(owners),
    }
    arrays |= {out: np.concatenate(states[j]) for j, out in enumerate(outputs)}
    np.savez(cache, **cast("dict[str, Any]", arrays))  # keys are arrays, not options


def linear_probabilities(text: str, linear: CueModel) -> dict[int, float]:
    """The ``linear`` tagger's probability of every word of ``text`` it scores, by the word's
    start."""
    out = {}
    with using(linear):
        for tokens in sentences_of(text):
            quoted = any(t[2] in QUOTE_MARKS for t in tokens)
            for i, token in enumerate(tokens):
                out[token[0]] = model().probability(tokens, i, quoted)
    return out


def linear_logit(p: np.ndarray) -> np.ndarray:
    """The linear tagger's logits, clipped as :class:`~propscan.quotes.evidence.CueEvidence`
    clips them."""
    clipped = np.clip(p.astype(np.float64), LINEAR_CLIP, 1 - LINEAR_CLIP)
    return np.log(clipped / (1 - clipped))


def fit_probe(
    x: np.ndarray, logit: np.ndarray, y: np.ndarray, rows: np.ndarray
) -> tuple[np.ndarray, float, float]:
    """The probe fitted on ``rows``: weights over the raw states (the standardisation folded
    in), bias, and the linear logit's weight."""
    from sklearn.linear_model import LogisticRegression

    mu = x[rows].mean(0, dtype=np.float64)
    sd = x[rows].std(0, dtype=np.float64) + 1e-6
    features = np.hstack([(x[rows] - mu) / sd, logit[rows, None]])
    fitted = LogisticRegression(C=C, max_iter=300).fit(features, y[rows])
    coef, bias = fitted.coef_[0], float(fitted.intercept_[0])
    w = coef[:-1] / sd
    return w.astype(np.float32), bias - float(w @ mu), float(coef[-1])


def probe_probabilities(
    x: np.ndarray, logit: np.ndarray, fitted: tuple[np.ndarray, float, float]
) -> np.ndarray:
    """The fitted probe's probability at every row."""
    w, b, weight = fitted
    z = x.astype(np.float32) @ w + b + weight * logit
    return np.asarray(1 / (1 + np.exp(-z)), np.float32)

"""Fit the cue probe (:mod:`propscan.quotes.cueprobe`) of an accurate model on PolNeAR.

Usage (needs the ``train`` extra; about 15 minutes on 2 cores for the 840 train articles)::

    .venv/bin/python -m propscan.quotes.cueprobe_train ../shared/data/polnear/train \\
        [--model src/propscan/data/models/accurate] [--work DIR]

The model's encoder graph first gets its layer-2 output (:mod:`propscan.models.layer_output`;
the weights are untouched). Every candidate word of every article (the first subword of each
word the linear tagger scores), labelled by whether any annotator file starts a cue there,
gives the encoder's layer-2 states, served exactly as at run time, and the linear tagger's
probability *out of fold* (a linear tagger trained on the other four fifths, by the folds of
``benchmarks/quotes_cue_cv.py``), since the shipped linear tagger, trained on all of them,
meets only new text. A logistic regression (C 0.1) on the standardised states and the linear
tagger's logit is fitted on all of them and written beside the model as ``cue-probe.npz``,
with a record in ``cue-probe.json``. Run it again whenever the model is retrained: a probe
fitted on another encoder is refused at load time. The states are cached in ``WORK``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
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
    heads_sha256,
    load_tokenizer,
    window_states,
)
from propscan.models.layer_output import EXPOSED_LAYER, expose_layer, output_name
from propscan.models.windows import blocks, encode, special_ids
from propscan.quotes.brat import read_folder
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
from propscan.quotes.cueprobe import CueProbe
from propscan.quotes.cuetagger_train import FOLDS, cue_starts, folds_of, targets
from propscan.quotes.evidence import LINEAR_CLIP

# Named, not __name__: run with -m this module is __main__, outside the "propscan" logger.
log = logging.getLogger("propscan.quotes.cueprobe_train")

RECORD_FILE = "cue-probe.json"
# The regression's inverse L2 strength, as cross-validated (benchmarks/quotes_layer_probe.py).
C = 0.1


def linear_folds(articles: list[Article], fold_of: dict[str, int], work: Path) -> list[CueModel]:
    """The linear tagger of each fold, trained on the other four (kept in ``work``)."""
    rows = None
    out = []
    for f in range(FOLDS):
        path = work / f"linear-fold{f}.txt"
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
        linear_p = {}
        with using(linear[fold_of[name]]):
            for tokens in sentences_of(text):
                quoted = any(t[2] in QUOTE_MARKS for t in tokens)
                for i, token in enumerate(tokens):
                    linear_p[token[0]] = model().probability(tokens, i, quoted)
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


def fit_model_probe(train_dir: Path, model_dir: Path, work: Path) -> CueProbe:
    """Expose the model's layer, fit its probe on all of ``train_dir`` and write it."""
    articles = list(read_folder(train_dir))
    if not articles:
        raise PropscanError(f"{train_dir}: no PolNeAR articles (text/, attributions/)")
    if not (model_dir / ONNX_FILE).is_file():
        raise PropscanError(f"{model_dir}: no {ONNX_FILE}")
    output = output_name(EXPOSED_LAYER)
    if expose_layer(model_dir / ONNX_FILE, EXPOSED_LAYER):
        log.info("%s: the encoder now outputs %s", model_dir / ONNX_FILE, output)
    work.mkdir(parents=True, exist_ok=True)
    fold_of = folds_of(name for _, name, _, _ in articles)
    linear = linear_folds(articles, fold_of, work)
    # The cache is keyed by the encoder it was read from.
    encoder = heads_sha256(model_dir)
    cache = work / f"probe-{encoder[:12]}.npz"
    if not cache.is_file():
        extract(articles, fold_of, linear, model_dir, [output], cache)
    with np.load(cache) as data:
        y, x = data["y"], data[output]
        logit = linear_logit(data["linear"])
    w, b, weight = fit_probe(x, logit, y, np.ones(len(y), dtype=bool))
    probe = CueProbe(w, b, weight, output, encoder)
    probe.save(model_dir)
    record = {
        "data": str(train_dir),
        "articles": len(fold_of),
        "candidate_words": len(y),
        "cue_starts": int(y.sum()),
        "layer": EXPOSED_LAYER,
        "C": C,
        "linear_weight": round(weight, 4),
        "threshold": probe.threshold,
        "heads_sha256": encoder,
        "measured_by": "benchmarks/quotes_layer_probe.py (5-fold CV over PolNeAR train)",
    }
    atomic_write(model_dir / RECORD_FILE, json.dumps(record, indent=2) + "\n")
    return probe


def main(argv: Sequence[str] | None = None) -> None:
    from propscan.detectors import packaged_model_dir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train_dir", type=Path, help="A PolNeAR folder (text/, attributions/).")
    parser.add_argument("--model", type=Path, default=packaged_model_dir("accurate"))
    parser.add_argument("--work", type=Path, default=Path(".cue-probe.work"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")
    logging.getLogger("propscan").setLevel(logging.INFO)
    try:
        fit_model_probe(args.train_dir, args.model, args.work)
    except PropscanError as exc:
        print(f"propscan: error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()

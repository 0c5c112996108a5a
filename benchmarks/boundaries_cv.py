"""Learnt span boundaries against hysteresis decoding, by cross-validation (issue 13, item 3).

Usage: nice -n 10 .venv/bin/python benchmarks/boundaries_cv.py
           [--encoders src/propscan/data/models/.accurate.work/cv] [--work /tmp/boundaries]
           [--data ../shared/data/ptc/train] [--epoch 2] [--o-rate 0.3] [--max-articles 30]

``--max-articles N`` keeps the first N articles by ID, each in its fold: a smoke run only (its
taggers are fitted on a few dozen articles). A whole run is estimated, not measured, at 20-30
minutes on 2 free cores (most of it the encoders over 3 x 247 training and 371 held-out
articles, and the logistic regressions) and about 2.5 GB.

No encoder is fine-tuned. For each of the 3 folds of ``propscan train --model accurate``, that
fold's frozen encoder runs over the fold's *training* articles, and a BIO tagger (B: first token
of a gold span, I: inside, O: outside; spans of all techniques merged where they overlap, as SI
merges them) is fitted on its hidden states: a multinomial logistic regression on the token's
hidden state, the token head's 15 logits of it and its two neighbours on each side, and whether
it starts a sentence, ends one or continues a word (O tokens subsampled at ``--o-rate``, the
prior corrected for it). Fragments are its Viterbi paths (O -> I and I at a sentence start
forbidden), one bias on O chosen on the other folds' held-out outputs, as crossval chooses the
hysteresis thresholds. On each fold's held-out articles, compared with the same span head,
fast helper, per-technique channels, snapping and cleaning as the served detector:

- ``accurate``: the shipped hysteresis decoding, its values chosen as ``propscan cv`` chooses
  them (the default variant: the manifest's figures for the same fold models);
- ``bio``: the tagger's Viterbi paths under the constraints alone;
- ``bio+trans``: the same with transition scores from the training tags' counts (posteriors
  over priors as emissions, as in a hybrid HMM);
- ``hybrid``: the hysteresis runs, split where the ``bio`` path starts a span inside one;
- ``bio cross-fit``: a tagger on probabilities only (the token head's logits, the fast helper's
  probability, at the token and two neighbours each side), fitted on the other folds'
  held-out outputs (O subsampled alike), so the helper's probabilities it learns from are out
  of sample too; its bias is chosen on the outputs it was fitted on.

The tagger on training articles sees no helper probability: the fold's helper was fitted on
those articles, and its in-sample probabilities would be trusted more than they deserve. The
encoder saw them too (2 epochs), so its hidden states there are sharper than on new articles:
a bias of the design that the cross-fitted variant does not have. Prints SI and full-task F1
(mean ± sd over folds, then the folds); TC is the same in every variant (the span head's).
Writes the record as JSON in the work folder, where the fold encoders are linked, not copied.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from propscan.dataset import Article, load_dataset
from propscan.detectors.accurate import AccurateDetector
from propscan.detectors.base import Detection, Detector, calibrated
from propscan.detectors.clean import clean_fragments, snap
from propscan.document import Document
from propscan.features import Tokens
from propscan.labels import LabelledSpan
from propscan.models.accurate import AccurateModel
from propscan.models.decode import DecodeParams, mix, runs
from propscan.models.windows import Encoded
from propscan.scoring import merge_spans, score_full, score_si
from propscan.training.crossval import (
    Choice,
    HeldOut,
    _column_fragments,
    _Served,
    choose,
    choose_channels,
    load_held_out,
    score_folds,
)
from propscan.training.cv_accurate import FAST_DIR, FOLDS_FILE

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
log = logging.getLogger("boundaries_cv")

# The tags, as the classifier's classes: outside, first token of a span, inside one.
OUT, BEGIN, INSIDE = 0, 1, 2
# Biases added to the O score (log scale): above 0, fewer and shorter fragments.
BIASES = (-1.5, -1.0, -0.5, -0.25, 0.0, 0.25, 0.5, 1.0, 1.5)
NEIGHBOURS = (-2, -1, 0, 1, 2)
Found = list[tuple[int, int, float]]


# ---- features and tags ---------------------------------------------------------------------


def shifted(x: np.ndarray, offset: int) -> np.ndarray:
    """Rows of ``x`` moved by ``offset`` (row t holds row t + offset), zeros past the ends."""
    out = np.zeros_like(x)
    n = len(x)
    if offset >= 0:
        out[: n - offset] = x[offset:]
    else:
        out[-offset:] = x[: n + offset]
    return out


def flags(tokens: Tokens) -> np.ndarray:
    """(tokens, 3): starts a sentence, ends one, continues the word of the token before."""
    sentence = tokens.sentence
    n = len(sentence)
    first = np.ones(n, dtype=bool)
    first[1:] = sentence[1:] != sentence[:-1]
    last = np.ones(n, dtype=bool)
    last[:-1] = first[1:]
    cont = np.zeros(n, dtype=bool)
    if n > 1:
        words = tokens.words
        cont[1:] = (tokens.starts[1:] == tokens.ends[:-1]) & np.asarray(
            [words[t][0].isalnum() and words[t - 1][-1].isalnum() for t in range(1, n)]
        )
    return np.stack([first, last, cont], axis=1).astype(np.float32)


def features(
    model: AccurateModel,
    part: Encoded,
    hidden: np.ndarray,
    helper: np.ndarray | None,
    with_hidden: bool,
) -> np.ndarray:
    """A token's features: its hidden state (``with_hidden``), the token head's logits of it
    and its neighbours, the helper's probabilities there (if given), and ``flags``."""
    logits = hidden @ model.heads.token_w + model.heads.token_b
    columns = [hidden] if with_hidden else []
    columns += [shifted(logits, d) for d in NEIGHBOURS]
    if helper is not None:
        columns += [shifted(helper[:, None], d) for d in NEIGHBOURS]
    columns.append(flags(part.tokens))
    return np.concatenate(columns, axis=1).astype(np.float32)


def bio_tags(tokens: Tokens, gold: Sequence[LabelledSpan]) -> np.ndarray:
    """Each token's gold tag: spans merged as SI merges them; a token overlapping a span is in
    it; a span crossing a sentence starts again at the sentence start (decoding never does)."""
    tags = np.full(len(tokens), OUT, dtype=np.int64)
    for start, end in merge_spans((g.start, g.end) for g in gold):
        lo = int(np.searchsorted(tokens.ends, start, side="right"))
        hi = int(np.searchsorted(tokens.starts, end, side="left"))
        if lo < hi:
            tags[lo:hi] = INSIDE
            tags[lo] = BEGIN
    first = np.ones(len(tokens), dtype=bool)
    first[1:] = tokens.sentence[1:] != tokens.sentence[:-1]
    tags[first & (tags == INSIDE)] = BEGIN
    return tags


# ---- the tagger and its decoding -----------------------------------------------------------


@dataclass
class Tagger:
    """A BIO classifier on token features, with the O prior restored and transition scores."""

    classifier: Pipeline
    o_rate: float
    log_prior: np.ndarray  # (3,) tag frequencies of the training tokens
    log_start: np.ndarray  # (3,) at a sentence start
    log_trans: np.ndarray  # (3, 3) previous tag -> tag, within a sentence

    def log_probabilities(self, x: np.ndarray) -> np.ndarray:
        """(tokens, 3) log posteriors, corrected for the O subsampling."""
        logp = np.asarray(self.classifier.predict_log_proba(x), dtype=np.float64)
        logp[:, OUT] -= math.log(self.o_rate)
        return np.asarray(logp - np.logaddexp.reduce(logp, axis=1, keepdims=True))


def fit_tagger(
    xs: list[np.ndarray],
    ys: list[np.ndarray],
    sentences: list[np.ndarray],
    o_rate: float,
    seed: int,
) -> Tagger:
    """A tagger on all B and I tokens of the blocks and a share ``o_rate`` of the O ones."""
    rng = np.random.default_rng(seed)
    counts = np.ones(3)
    start = np.ones(3)
    trans = np.ones((3, 3))
    kept_x, kept_y = [], []
    for x, y, sentence in zip(xs, ys, sentences, strict=True):
        counts += np.bincount(y, minlength=3)
        first = np.ones(len(y), dtype=bool)
        first[1:] = sentence[1:] != sentence[:-1]
        np.add.at(start, y[first], 1)
        inner = np.flatnonzero(~first)
        np.add.at(trans, (y[inner - 1], y[inner]), 1)
        keep = (y != OUT) | (rng.random(len(y)) < o_rate)
        kept_x.append(x[keep])
        kept_y.append(y[keep])
    x_all, y_all = np.concatenate(kept_x), np.concatenate(kept_y)
    log.info("fitting a tagger on %d tokens x %d features (%s)", *x_all.shape, counts.astype(int))
    # C = 0.1: on 32k training tokens of one fold it converged in 182 iterations against 248
    # at C = 1 (half the time); with ~100k tokens a fold the penalty matters little either way.
    classifier = make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=300))
    classifier.fit(x_all, y_all)
    log.info("fitted in %d iterations", int(classifier[-1].n_iter_[0]))
    start[INSIDE] = trans[OUT, INSIDE] = 0.0  # the constraints: never I first, never O -> I
    with np.errstate(divide="ignore"):
        return Tagger(
            classifier,
            o_rate,
            np.log(counts / counts.sum()),
            np.log(start / start.sum()),
            np.log(trans / trans.sum(axis=1, keepdims=True)),
        )


def viterbi(
    scores: np.ndarray, sentence: np.ndarray, start: np.ndarray, trans: np.ndarray
) -> list[int]:
    """The best tag path: ``scores`` (tokens, 3) per token, ``start`` at a sentence start, then
    ``trans`` (previous, next) within a sentence (-inf: forbidden). Plain Python: 3 states."""
    n = len(scores)
    if not n:
        return []
    s = scores.tolist()
    st, tr = start.tolist(), trans.tolist()
    sent = sentence.tolist()
    back: list[tuple[int, int, int]] = []
    delta = [st[j] + s[0][j] for j in range(3)]
    for t in range(1, n):
        if sent[t] != sent[t - 1]:
            best = max(range(3), key=delta.__getitem__)
            back.append((best, best, best))
            delta = [delta[best] + st[j] + s[t][j] for j in range(3)]
            continue
        pointers = []
        new = []
        for j in range(3):
            into = [delta[i] + tr[i][j] for i in range(3)]
            i = max(range(3), key=into.__getitem__)
            pointers.append(i)
            new.append(into[i] + s[t][j])
        back.append((pointers[0], pointers[1], pointers[2]))
        delta = new
    path = [max(range(3), key=delta.__getitem__)]
    for step in reversed(back):
        path.append(step[path[-1]])
    return path[::-1]


def path_spans(tokens: Tokens, path: Sequence[int], inside: np.ndarray) -> Found:
    """``(start, end, mean inside probability)`` of each B I* stretch of ``path`` (stretches of
    punctuation only dropped, as ``runs`` drops them)."""
    out: Found = []
    n = len(path)
    t = 0
    while t < n:
        if path[t] == OUT:
            t += 1
            continue
        first = t
        t += 1
        while t < n and path[t] == INSIDE:
            t += 1
        if any(w[0].isalnum() for w in tokens.words[first:t]):
            out.append(
                (int(tokens.starts[first]), int(tokens.ends[t - 1]), float(inside[first:t].mean()))
            )
    return out


def bio_path(
    tokens: Tokens, logp: np.ndarray, tagger: Tagger, bias: float, trans: bool
) -> list[int]:
    """The Viterbi path of a tagger's log posteriors, with ``bias`` added to O; with ``trans``
    the learnt transition scores, else the constraints alone."""
    scores = logp.copy()
    if trans:
        scores -= tagger.log_prior
        start, step = tagger.log_start, tagger.log_trans
    else:
        start = np.where(np.isinf(tagger.log_start), -np.inf, 0.0)
        step = np.where(np.isinf(tagger.log_trans), -np.inf, 0.0)
    scores[:, OUT] += bias
    return viterbi(scores, tokens.sentence, start, step)


def decode_bio(tokens: Tokens, logp: np.ndarray, tagger: Tagger, bias: float, trans: bool) -> Found:
    """Fragments of ``bio_path``, each with its tokens' mean probability of not being O."""
    path = bio_path(tokens, logp, tagger, bias, trans)
    return path_spans(tokens, path, 1.0 - np.exp(logp[:, OUT]))


def split_runs(tokens: Tokens, found: Found, path: Sequence[int], inside: np.ndarray) -> Found:
    """Hysteresis runs cut before every token inside one where ``path`` starts a span."""
    out: Found = []
    for start, end, _ in found:
        first = int(np.searchsorted(tokens.starts, start))
        last = int(np.searchsorted(tokens.ends, end, side="left"))
        cuts = [first] + [t for t in range(first + 1, last + 1) if path[t] == BEGIN] + [last + 1]
        for a, b in itertools.pairwise(cuts):
            if any(w[0].isalnum() for w in tokens.words[a:b]):
                out.append(
                    (int(tokens.starts[a]), int(tokens.ends[b - 1]), float(inside[a:b].mean()))
                )
    return out


# ---- serving the decoded fragments as the detector does --------------------------------------


class _Given(AccurateDetector):
    """The served detector with the "inside" column's fragments given (by block), the span head,
    helper, channels, snapping and cleaning as in ``AccurateDetector._detect``."""

    def __init__(self, held: HeldOut, choice: Choice, found: dict[int, Found]) -> None:
        super().__init__(_Served(held, choice), name="accurate", helper=held.fast)
        self.found = found

    def _detect(self, doc: Document) -> Detection:
        fragments = []
        for part, hidden in self.model.passes(self.model.encode(doc)):
            found = [(*snap(doc.text, s, e), p) for s, e, p in self.found[id(part)]]
            labelled = self._labelled(doc, part, hidden, found)
            fragments += labelled
            fragments += self._channel_fragments(doc, part, hidden, labelled)
        kept = calibrated(clean_fragments(doc.text, fragments), self.model.calibration)
        return Detection(kept, [], self.model.decode.high)


@dataclass
class Unit:
    """One held-out block: its article, tokens, hidden states and what each decoding needs."""

    fold: int
    article_id: str
    part: Encoded
    hidden: np.ndarray
    inside: np.ndarray  # the encoder's "inside" probabilities
    helper: np.ndarray  # the fold's fast helper's


# A decoding: the fragments of a block for the fold scored (whose values apply), given a bias.
Decoding = Callable[[int, Unit, float], Found]


def serve(
    held: Sequence[HeldOut],
    units: dict[int, list[Unit]],
    choices: dict[int, Choice],
    decode: Decoding,
    biases: dict[int, float],
) -> dict[str, Any]:
    """SI and full-task scores, fold by fold, of the detector serving ``decode``'s fragments."""
    si, full = [], []
    for h in held:
        found = {id(u.part): decode(h.fold, u, biases[h.fold]) for u in units[h.fold]}
        detector = _Given(h, choices[h.fold], found)
        gold: list[LabelledSpan] = []
        predicted: list[LabelledSpan] = []
        for article in h.articles:
            gold += article.gold
            predicted += [
                LabelledSpan(article.id, f.start, f.end, f.technique)
                for f in detector(article.document).fragments
            ]
        si.append(score_si(gold, predicted).f1)
        full.append(score_full(gold, predicted).micro.f1)
    return {"si_f1": stats(si), "full_f1": stats(full)}


def tune(
    held: Sequence[HeldOut],
    units: dict[int, list[Unit]],
    channels: dict[int | None, DecodeParams],
    fold: int,
    decode: Decoding,
) -> float:
    """The bias of ``BIASES`` whose fragments (snapped, with the channels' fixed, as crossval's
    ``choose``) score the best SI F1 on the held-out outputs of the folds other than ``fold``."""
    kept = [h for h in held if h.fold != fold]
    gold = [g for h in kept for a in h.articles for g in a.gold]
    texts = {a.id: a.document.text for h in kept for a in h.articles}
    blocks = [b for h in kept for b in h.blocks]
    fixed = _column_fragments(blocks, texts, channels[fold], held[0].model.labels)
    best, best_f1 = 0.0, -1.0
    for bias in BIASES:
        predicted = [
            LabelledSpan(u.article_id, *snap(texts[u.article_id], s, e))
            for h in kept
            for u in units[h.fold]
            for s, e, _ in decode(fold, u, bias)
        ]
        f1 = score_si(gold, [*predicted, *fixed]).f1
        if f1 > best_f1:
            best, best_f1 = bias, f1
    log.info("fold %d: bias %.2f (SI F1 %.4f on the other folds)", fold, best, best_f1)
    return best


def stats(values: list[float]) -> dict[str, Any]:
    return {
        "mean": round(statistics.fmean(values), 4),
        "sd": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0,
        "folds": [round(v, 4) for v in values],
    }


# ---- the run ---------------------------------------------------------------------------------


def prepare(work: Path, encoders: Path, articles: list[Article], epoch: int) -> dict[str, int]:
    """A work folder linking the fold encoders and helpers, with the folds of ``articles``."""
    record = json.loads((encoders / FOLDS_FILE).read_text("utf-8"))
    ids = {a.id for a in articles}
    fold_of = {a: f for a, f in record["fold_of"].items() if a in ids}
    work.mkdir(parents=True, exist_ok=True)
    (work / FOLDS_FILE).write_text(
        json.dumps({"k": record["k"], "fold_of": fold_of}, indent=1), encoding="utf-8"
    )
    for fold in range(record["k"]):
        (work / f"fold{fold}").mkdir(exist_ok=True)
        for name in (f"epoch{epoch}", FAST_DIR):
            link = work / f"fold{fold}" / name
            if not link.exists():
                link.symlink_to((encoders / f"fold{fold}" / name).resolve())
    return fold_of


def training_rows(
    model: AccurateModel, articles: Sequence[Article]
) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]:
    """Features, gold tags and sentence indexes of every block of ``articles``."""
    xs, ys, sentences = [], [], []
    for article in articles:
        for part, hidden in model.passes(model.encode(article.document)):
            xs.append(features(model, part, hidden, None, with_hidden=True))
            ys.append(bio_tags(part.tokens, article.gold))
            sentences.append(part.tokens.sentence)
    return xs, ys, sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--encoders", type=Path, default=ROOT / "src/propscan/data/models/.accurate.work/cv"
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/propscan-boundaries"))
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "ptc" / "train")
    parser.add_argument("--epoch", type=int, default=2)
    parser.add_argument("--o-rate", type=float, default=0.3, help="share of O tokens kept")
    parser.add_argument("--max-articles", type=int, default=None, help="a smoke run's articles")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    began = time.perf_counter()

    articles = load_dataset(args.data, "all")[: args.max_articles]
    fold_of = prepare(args.work, args.encoders, articles, args.epoch)
    held = load_held_out(args.work, articles, args.epoch)
    labels = held[0].model.labels

    # The baseline: the default variant of ``propscan cv`` (``crossval.cv_accurate`` without
    # the pooled choice), written out here to keep each fold's chosen values.
    channels: dict[int | None, DecodeParams] = {}
    choices: dict[int, Choice] = {}
    served: list[tuple[Detector, Sequence[Article]]] = []
    for h in held:
        kept = [k for k in held if k.fold != h.fold]
        blocks = [b for k in kept for b in k.blocks]
        others = [a for k in kept for a in k.articles]
        channels[h.fold] = choose_channels(blocks, others, labels)
        choices[h.fold] = choose(blocks, others, labels, channels=channels[h.fold])
        log.info("fold %d: %s", h.fold, choices[h.fold])
        detector = AccurateDetector(_Served(h, choices[h.fold]), name="accurate", helper=h.fast)
        served.append((detector, h.articles))
    baseline = score_folds("accurate", served).summary()
    log.info("baseline: SI F1 %s", baseline["si_f1"])

    units: dict[int, list[Unit]] = {}
    for h in held:
        pairs = [p for a in h.articles for p in h.passes[a.id]]
        units[h.fold] = [
            Unit(h.fold, b.article_id, part, hidden, b.inside, b.helper)
            for b, (part, hidden) in zip(h.blocks, pairs, strict=True)
        ]

    # Taggers on each fold's training articles, through that fold's frozen encoder.
    taggers: dict[int, Tagger] = {}
    logp: dict[int, np.ndarray] = {}  # by id(part): that fold's tagger on its held-out blocks
    for h in held:
        train = [a for a in articles if fold_of[a.id] != h.fold]
        rows = training_rows(h.model, train)
        log.info("fold %d: %d training articles encoded", h.fold, len(train))
        taggers[h.fold] = fit_tagger(*rows, o_rate=args.o_rate, seed=h.fold)
        for u in units[h.fold]:
            x = features(h.model, u.part, u.hidden, None, with_hidden=True)
            logp[id(u.part)] = taggers[h.fold].log_probabilities(x)
        log.info("fold %d: tagger fitted (%.0f s in all)", h.fold, time.perf_counter() - began)

    # Taggers on probabilities, fitted on the other folds' held-out outputs.
    models = {h.fold: h.model for h in held}
    gold = {a.id: a.gold for a in articles}
    every = [u for h in held for u in units[h.fold]]
    by_probabilities = {
        id(u.part): features(models[u.fold], u.part, u.hidden, u.helper, with_hidden=False)
        for u in every
    }
    cross: dict[int, Tagger] = {}
    cross_logp: dict[tuple[int, int], np.ndarray] = {}  # (tagger's fold, id(part))
    for h in held:
        fitted_on = [u for u in every if u.fold != h.fold]
        cross[h.fold] = fit_tagger(
            [by_probabilities[id(u.part)] for u in fitted_on],
            [bio_tags(u.part.tokens, gold[u.article_id]) for u in fitted_on],
            [u.part.tokens.sentence for u in fitted_on],
            o_rate=args.o_rate,
            seed=h.fold,
        )
        for u in every:
            x = by_probabilities[id(u.part)]
            cross_logp[h.fold, id(u.part)] = cross[h.fold].log_probabilities(x)

    def hysteresis(fold: int, u: Unit) -> Found:
        mixed = mix(u.inside, u.helper, choices[fold].helper_weight)
        return runs(u.part.tokens, mixed, choices[fold].decode)

    def bio(trans: bool) -> Decoding:
        # The tagger of the block's own encoder: bias tuned on the other folds' blocks, each
        # decoded by its fold's tagger, as crossval tunes on each fold's own outputs.
        def decode(fold: int, u: Unit, bias: float) -> Found:
            return decode_bio(u.part.tokens, logp[id(u.part)], taggers[u.fold], bias, trans)

        return decode

    def hybrid(fold: int, u: Unit, bias: float) -> Found:
        path = bio_path(u.part.tokens, logp[id(u.part)], taggers[u.fold], bias, False)
        mixed = mix(u.inside, u.helper, choices[fold].helper_weight)
        return split_runs(u.part.tokens, hysteresis(fold, u), path, mixed)

    def cross_fit(fold: int, u: Unit, bias: float) -> Found:
        # The tagger fitted without ``fold``: its bias is tuned on what it was fitted on.
        logp_u = cross_logp[fold, id(u.part)]
        return decode_bio(u.part.tokens, logp_u, cross[fold], bias, False)

    zero = {h.fold: 0.0 for h in held}
    check = serve(held, units, choices, lambda fold, u, _: hysteresis(fold, u), zero)
    if check["si_f1"] != baseline["si_f1"]:
        log.warning("hysteresis re-served scores %s, not the baseline's", check["si_f1"])
    results: list[dict[str, Any]] = [
        {"name": "accurate", "si_f1": baseline["si_f1"], "full_f1": baseline["full_f1"]}
    ]
    variants: dict[str, Decoding] = {
        "bio": bio(False),
        "bio+trans": bio(True),
        "hybrid": hybrid,
        "bio cross-fit": cross_fit,
    }
    for name, decode in variants.items():
        biases = {h.fold: tune(held, units, channels, h.fold, decode) for h in held}
        scores = serve(held, units, choices, decode, biases)
        results.append({"name": name, **scores, "bias": biases})
        log.info("%s: SI F1 %s, full F1 %s", name, scores["si_f1"], scores["full_f1"])

    print(f"{'decoding':<16}{'SI F1':>16}{'full F1':>16}   folds (SI; full)")
    for r in results:
        cells = [f"{r[k]['mean']:.4f} ± {r[k]['sd']:.4f}" for k in ("si_f1", "full_f1")]
        folds = "; ".join(
            ", ".join(f"{v:.3f}" for v in r[k]["folds"]) for k in ("si_f1", "full_f1")
        )
        print(f"{r['name']:<16}" + "".join(f"{c:>16}" for c in cells) + f"   {folds}")
    record = {
        "articles": len(articles),
        "epoch": args.epoch,
        "o_rate": args.o_rate,
        "choices": {f: asdict(c) for f, c in choices.items()},
        "check_hysteresis_reserved": check,
        "results": results,
        "seconds": round(time.perf_counter() - began),
    }
    (args.work / "record.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
    log.info("done in %.0f s; record in %s", time.perf_counter() - began, args.work / "record.json")


if __name__ == "__main__":
    main()

"""Probes on the accurate encoder's layers as the quote cue tagger, by 5-fold CV over PolNeAR
train: a cue head that would cost nothing at run time (that encoder runs anyway).

Usage (needs the train extra; about 15 minutes on 2 cores):
    .venv/bin/python benchmarks/quotes_layer_probe.py [--work DIR] [--finder-layer 2]

For every candidate word of the 840 train articles (the first subword of each word the linear
tagger scores; labelled by whether any annotator file starts a cue there), the shipped
accurate encoder's hidden states after layers 2 to 5 and its last (int8 ONNX, its serving
windows) and the linear tagger's probability, out of fold (trained on the other four folds,
``WORK/linear-foldK.txt``, shared with quotes_tagger_cv.py). A logistic regression (C 0.1) on
each layer's standardised states and the linear tagger's logit is fitted on four folds and
scored on the fifth: average precision of the cue-start decision, mean ± standard deviation.
Then the finder is scored with ``--finder-layer``'s probe in place of the linear tagger
(``TAGGER_CUE_THRESHOLD`` 0.35 and 0.5): content and source P/R/F1 per fold and the paired
gain. Folds as quotes_cue_cv.py's (sorted names, article k in fold k mod 5); PolNeAR dev is
not read. The states are cached in ``WORK/probe.npz`` (about 2.4 GB).
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from propscan.document import Document
from propscan.models.accurate import BATCH, load_tokenizer
from propscan.models.windows import batch_inputs, encode, special_ids, windows
from propscan.quotes import reported
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
from propscan.quotes.cuetagger import CueProbabilities
from propscan.quotes.cuetagger_train import FOLDS, cue_starts, targets
from propscan.quotes.evaluate import evaluate_articles

SHARED = Path(__file__).resolve().parents[2] / "shared"
ACCURATE = Path(__file__).resolve().parents[1] / "src" / "propscan" / "data" / "models" / "accurate"
# ONNX's names for the output of each MiniLM layer (0-based); "hidden" is the last (layer 5).
LAYERS = (1, 2, 3, 4)
WIDTH = 384


def _layer_output(k: int) -> str:
    return f"/encoder/encoder/layer.{k}/output/LayerNorm/LayerNormalization_output_0"


def _linear_folds(articles: list[Article], fold_of: dict[str, int], work: Path) -> list[CueModel]:
    """The linear tagger of each fold, trained on the other four (kept in ``work``)."""
    rows = None
    out = []
    for f in range(FOLDS):
        path = work / f"linear-fold{f}.txt"
        if not path.is_file():
            rows = rows or examples(articles)
            path.write_text(fit(r for n, r in rows.items() if fold_of[n] != f), encoding="utf-8")
        out.append(parse(path.read_text(encoding="utf-8")))
    return out


def _extract(
    articles: list[Article], fold_of: dict[str, int], linear: list[CueModel], cache: Path
) -> None:
    import onnx
    import onnxruntime

    graph = onnx.load(str(ACCURATE / "model.int8.onnx"))
    names = [_layer_output(k) for k in LAYERS]
    for name in names:
        graph.graph.output.append(
            onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None)
        )
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 2
    session = onnxruntime.InferenceSession(
        graph.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )
    tokenizer = load_tokenizer(ACCURATE / "tokenizer.json")
    s = special_ids(tokenizer)
    states: list[list[np.ndarray]] = [[] for _ in range(len(LAYERS) + 1)]
    ys, lps, folds, starts, owners = [], [], [], [], []
    for name, (text, cue_at) in sorted(cue_starts(articles).items()):
        encoded = encode(tokenizer, Document.create(text))
        y = targets(text, cue_at, encoded.tokens.starts)[:, 0]
        keep = np.flatnonzero(y >= 0)
        n = len(encoded)
        total = np.zeros((len(LAYERS) + 1, n, WIDTH), dtype=np.float32)
        counts = np.zeros(n, dtype=np.float32)
        ranges = list(windows(n))
        for first in range(0, len(ranges), BATCH):
            chunk = ranges[first : first + BATCH]
            ids, mask = batch_inputs(encoded.ids, chunk, s.cls, s.sep, s.pad)
            outs = session.run(["hidden", *names], {"input_ids": ids, "attention_mask": mask})
            for row, (start, end) in enumerate(chunk):
                for j, out in enumerate(outs):
                    total[j, start:end] += out[row, 1 : end - start + 1]
                counts[start:end] += 1
        total /= counts[None, :, None]
        linear_p = {}
        with using(linear[fold_of[name]]):
            for tokens in sentences_of(text):
                quoted = any(t[2] in QUOTE_MARKS for t in tokens)
                for i, token in enumerate(tokens):
                    linear_p[token[0]] = model().probability(tokens, i, quoted)
        kept_starts = encoded.tokens.starts[keep]
        lps.append(np.asarray([linear_p.get(int(c), 0.0) for c in kept_starts], np.float32))
        for j in range(len(LAYERS) + 1):
            states[j].append(total[j, keep].astype(np.float16))
        ys.append(y[keep].astype(np.int8))
        folds.append(np.full(len(keep), fold_of[name], np.int8))
        starts.append(kept_starts)
        owners += [name] * len(keep)
    np.savez(
        cache,
        y=np.concatenate(ys),
        linear=np.concatenate(lps),
        fold=np.concatenate(folds),
        starts=np.concatenate(starts),
        owner=np.asarray(owners),
        **{f"h{j}": np.concatenate(states[j]) for j in range(len(LAYERS) + 1)},
    )


def _probe(x: np.ndarray, logit: np.ndarray, y: np.ndarray, train: np.ndarray) -> np.ndarray:
    """The probe's probabilities for every row, fitted on the ``train`` rows."""
    from sklearn.linear_model import LogisticRegression

    mu, sd = x[train].mean(0), x[train].std(0) + 1e-6
    features = np.hstack([(x - mu) / sd, logit])
    fitted = LogisticRegression(C=0.1, max_iter=300).fit(features[train], y[train])
    return np.asarray(fitted.predict_proba(features)[:, 1], np.float32)


def main() -> None:
    from sklearn.metrics import average_precision_score

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "polnear")
    parser.add_argument("--work", type=Path, default=Path(".quotes-tagger-cv.work"))
    parser.add_argument("--finder-layer", type=int, default=2, choices=[*LAYERS, 5])
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    articles = list(read_folder(args.data / "train"))
    names = sorted({name for _, name, _, _ in articles})
    fold_of = {name: k % FOLDS for k, name in enumerate(names)}
    taggers = _linear_folds(articles, fold_of, args.work)
    cache = args.work / "probe.npz"
    if not cache.is_file():
        _extract(articles, fold_of, taggers, cache)
    data = np.load(cache)
    y, linear, fold = data["y"], data["linear"], data["fold"]
    clipped = np.clip(linear, 1e-4, 1 - 1e-4)
    logit = np.log(clipped / (1 - clipped))[:, None]
    print(f"{len(y)} candidate words, {int(y.sum())} cue starts")
    keys = {"linear tagger": None, "layer 5 (last)": "h0"}
    keys |= {f"layer {k}": f"h{j + 1}" for j, k in enumerate(LAYERS)}
    for label, key in keys.items():
        aps = []
        for f in range(FOLDS):
            held = fold == f
            if key is None:
                aps.append(float(average_precision_score(y[held], linear[held])))
                continue
            p = _probe(data[key].astype(np.float32), logit, y, ~held)
            aps.append(float(average_precision_score(y[held], p[held])))
        folds_text = " ".join(f"{a:.3f}" for a in aps)
        print(
            f"{label}: AP {statistics.mean(aps):.3f} ± {statistics.stdev(aps):.3f} ({folds_text})"
        )
    _finder(args.finder_layer, articles, fold_of, taggers, data, logit)


def _finder(
    layer: int,
    articles: list[Article],
    fold_of: dict[str, int],
    linear: list[CueModel],
    data: Mapping[str, np.ndarray],
    logit: np.ndarray,
) -> None:
    """The finder with ``layer``'s probe as its cue tagger, fold by fold."""
    key = "h0" if layer == 5 else f"h{LAYERS.index(layer) + 1}"
    x = data[key].astype(np.float32)
    y, fold, starts, owner = data["y"], data["fold"], data["starts"], data["owner"]
    rows: dict[str, list[tuple[float, ...]]] = {}
    for f in range(FOLDS):
        held = fold == f
        p = _probe(x, logit, y, ~held)
        cues = {}
        for name in sorted(set(owner[held])):
            mine = held & (owner == name)
            cues[name] = CueProbabilities(starts[mine], p[mine])
        held_out = [a for a in articles if fold_of[a[1]] == f]
        with using(linear[f]):
            for label, threshold in (("linear", None), ("probe 0.35", 0.35), ("probe 0.5", 0.5)):
                if threshold is not None:
                    reported.TAGGER_WEIGHT, reported.TAGGER_CUE_THRESHOLD = 1.0, threshold
                report = evaluate_articles(held_out, None if threshold is None else cues)
                c, s = report.content, report.source
                row = (c.precision, c.recall, c.f1, s.precision, s.recall, s.f1)
                rows.setdefault(label, []).append(row)
                print(
                    f"fold {f} {label}: content {row[0]:.3f} / {row[1]:.3f} / {row[2]:.3f}, "
                    f"source {row[3]:.3f} / {row[4]:.3f} / {row[5]:.3f}",
                    flush=True,
                )
    base = rows["linear"]
    for label, got in rows.items():
        for part, at in (("content", 0), ("source", 3)):
            p, r, f1 = ([g[at + i] for g in got] for i in range(3))
            gains = " ".join(
                f"{g[at + 2] - b[at + 2]:+.3f}" for g, b in zip(got, base, strict=True)
            )
            print(
                f"{label} {part}: {statistics.mean(p):.3f} / {statistics.mean(r):.3f} / "
                f"{statistics.mean(f1):.3f} ± {statistics.stdev(f1):.3f}, paired F1 gain {gains}"
            )


if __name__ == "__main__":
    main()

"""Probes on the accurate encoder's layers as the quote cue tagger, by 5-fold CV over PolNeAR
train: a cue head that costs nothing at run time (that encoder runs anyway).

Usage (needs the train extra; about 15 minutes on 2 cores):
    .venv/bin/python benchmarks/quotes_layer_probe.py [--work DIR] [--finder-layer 2]
        [--cache FILE] [--second 0.5,0.6]

For every candidate word of the 840 train articles (the first subword of each word the
linear tagger scores; labelled by whether any annotator file starts a cue there), the
shipped accurate encoder's states after layers 1 to 4 and its last (int8 ONNX, served as at
run time) and the linear tagger's probability, out of fold (trained on the other four folds,
``WORK/linear-foldK-DIGEST.txt``, shared with quotes_tagger_cv.py):
:mod:`propscan.quotes.cueprobe_train`'s extraction. Its probe (a logistic regression, C 0.1,
on one layer's standardised states and the linear tagger's logit) is fitted on four folds
and scored on the fifth: average precision of the cue-start decision, mean ± standard
deviation. Then the finder is scored with ``--finder-layer``'s probe as it runs in the
accurate detector (its logits and the linear tagger's combined by
:class:`~propscan.quotes.evidence.CueEvidence`), at thresholds 0.35 and 0.5 (and at 0.35
with each ``--second`` threshold for a second cue in a sentence,
``reported.SECOND_THRESHOLD``): content and source P/R/F1 per fold and the paired gain over
the linear tagger. Folds as quotes_cue_cv.py's (near-duplicates in one fold);
PolNeAR dev is not read. The states are cached in ``WORK/probe.npz`` (about 2.4 GB);
``--cache`` reads another extraction instead (cueprobe_train's, of layer 2 alone: the layers
it lacks are left out).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from propscan.models.accurate import ONNX_FILE, TOKENIZER_FILE
from propscan.models.layer_output import expose_layer, output_name
from propscan.quotes import reported
from propscan.quotes.brat import read_folder
from propscan.quotes.cuemodel import Article, CueModel, using
from propscan.quotes.cueprobe_train import (
    extract,
    fit_probe,
    linear_folds,
    linear_logit,
    probe_probabilities,
)
from propscan.quotes.cuetagger_train import FOLDS, folds_of
from propscan.quotes.evaluate import (
    evaluate_articles,
    fold_row,
    format_fold_row,
    paired_summary,
)
from propscan.quotes.evidence import CueEvidence

SHARED = Path(__file__).resolve().parents[2] / "shared"
ACCURATE = Path(__file__).resolve().parents[1] / "src" / "propscan" / "data" / "models" / "accurate"
LAYERS = (1, 2, 3, 4)
LAST = 5
DEFAULT_SECOND = reported.SECOND_THRESHOLD


def _key(layer: int) -> str:
    return "hidden" if layer == LAST else output_name(layer)


def main() -> None:
    from sklearn.metrics import average_precision_score

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "polnear")
    parser.add_argument("--work", type=Path, default=Path(".quotes-tagger-cv.work"))
    parser.add_argument("--finder-layer", type=int, default=2, choices=[*LAYERS, LAST])
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--second", default="", help="Second-cue thresholds to try.")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    articles = list(read_folder(args.data / "train"))
    fold_of = folds_of([{name: text for _, name, text, _ in articles}])
    taggers = linear_folds(articles, fold_of, args.work)
    cache = args.cache or args.work / "probe.npz"
    if not cache.is_file():
        # A copy of the shipped encoder naming every layer's output.
        encoder = args.work / "encoder"
        encoder.mkdir(exist_ok=True)
        for name in (ONNX_FILE, TOKENIZER_FILE):
            shutil.copyfile(ACCURATE / name, encoder / name)
        for layer in LAYERS:
            expose_layer(encoder / ONNX_FILE, layer)
        outputs = [_key(layer) for layer in (LAST, *LAYERS)]
        extract(articles, fold_of, taggers, encoder, outputs, cache)
    data = np.load(cache)
    y, fold = data["y"], data["fold"]
    logit = linear_logit(data["linear"])
    print(f"{len(y)} candidate words, {int(y.sum())} cue starts")
    rows: dict[str, int | None] = {"linear tagger": None, "layer 5 (last)": LAST}
    rows |= {f"layer {k}": k for k in LAYERS}
    rows = {label: k for label, k in rows.items() if k is None or _key(k) in data}
    for label, read in rows.items():
        aps = []
        for f in range(FOLDS):
            held = fold == f
            if read is None:
                aps.append(float(average_precision_score(y[held], data["linear"][held])))
                continue
            x = data[_key(read)]
            p = probe_probabilities(x[held], logit[held], fit_probe(x, logit, y, ~held))
            aps.append(float(average_precision_score(y[held], p)))
        folds_text = " ".join(f"{a:.3f}" for a in aps)
        print(
            f"{label}: AP {statistics.mean(aps):.3f} ± {statistics.stdev(aps):.3f} ({folds_text})"
        )
    seconds = [float(t) for t in args.second.split(",") if t]
    _finder(args.finder_layer, articles, fold_of, taggers, data, logit, seconds)


def _finder(
    layer: int,
    articles: list[Article],
    fold_of: dict[str, int],
    linear: list[CueModel],
    data: Mapping[str, np.ndarray],
    logit: np.ndarray,
    seconds: list[float],
) -> None:
    """The finder with ``layer``'s probe as the accurate detector runs it, fold by fold (and
    with each of ``seconds`` as the second-cue threshold)."""
    x = data[_key(layer)]
    y, fold, starts, owner = data["y"], data["fold"], data["starts"], data["owner"]
    results: dict[str, list[tuple[float, ...]]] = {}
    for f in range(FOLDS):
        held = fold == f
        w, b, weight = fit_probe(x, logit, y, ~held)
        z = x[held].astype(np.float32) @ w + b
        cues = {}
        for name in sorted(set(owner[held])):
            mine = owner[held] == name
            cues[name] = CueEvidence(starts[held][mine], z[mine], 0.35, weight)
        held_out = [a for a in articles if fold_of[a[1]] == f]
        with using(linear[f]):
            runs = [("linear", None, None), ("probe 0.35", 0.35, None), ("probe 0.5", 0.5, None)]
            runs += [(f"probe 0.35, second {t}", 0.35, t) for t in seconds]
            for label, threshold, second in runs:
                reported.SECOND_THRESHOLD = DEFAULT_SECOND if second is None else second
                given = None
                if threshold is not None:
                    given = {
                        n: CueEvidence(c.starts, c.logits, threshold, weight)
                        for n, c in cues.items()
                    }
                row = fold_row(evaluate_articles(held_out, given))
                results.setdefault(label, []).append(row)
                print(format_fold_row(f, label, row), flush=True)
    print("\n".join(paired_summary(results, "linear")))


if __name__ == "__main__":
    main()

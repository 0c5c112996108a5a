"""The cue branch (propscan.quotes.cuebranch_train) against the cue probe and the linear
tagger, by 5-fold CV over PolNeAR's train and dev articles (Newell, Margolin, Ruths, LREC
2018), the labelled data the shipped cue models learn from.

Usage (needs the train extra; about 40 minutes on 2 cores):
    .venv/bin/python benchmarks/quotes_branch_cv.py [--work DIR] [--parts train,dev]
        [--layers 1] [--epochs 2] [--thresholds 0.35,0.5] [--second 0.6,0.7]

The shipped accurate encoder's layer-2 states of every window of the 924 articles are read
once (cached in WORK). For each fold: the branch trained on the other four (its quantized
graph kept in WORK/layersL-epochsE-FOLDS-foldK, so a cut run resumes), and a linear probe on
the same states (:func:`propscan.quotes.cueprobe_train.fit_probe`, on every window occurrence
of a candidate word, a tenth of them); each scored on the held-out fold by the average
precision of the cue-start decision and, plugged into the finder as the accurate detector plugs
them in (:class:`~propscan.quotes.evidence.CueEvidence`), by content and source P/R/F1, with
the paired gain over the linear tagger and over the probe; with ``--second``, the branch at the
shipped threshold with each second-cue threshold (``reported.SECOND_THRESHOLD``) too. Folds as
quotes_cue_cv.py's (:func:`~propscan.quotes.cuetagger_train.folds_of`: near-duplicates in one
fold, each part folded on its own): with ``--parts train`` the folds hold train's articles
as they do with both parts, so the two runs compare fold by fold, and with several parts each
row is given over the held-out articles of each part too (``[train]``, ``[dev]``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from propscan.quotes import reported
from propscan.quotes.brat import read_parts
from propscan.quotes.cuebranch_train import (
    BranchOptions,
    Windows,
    branch_evidence,
    cached_windows,
    export_branch,
    mean_by_start,
    quantize_branch,
    train_branch,
)
from propscan.quotes.cuemodel import using
from propscan.quotes.cueprobe import THRESHOLD
from propscan.quotes.cueprobe_train import fit_probe, linear_folds
from propscan.quotes.cuetagger_train import FOLDS, folds_digest, folds_of
from propscan.quotes.evaluate import (
    evaluate_articles,
    fold_row,
    format_fold_row,
    paired_summary,
)
from propscan.quotes.evidence import CueEvidence

SHARED = Path(__file__).resolve().parents[2] / "shared"
SECOND = reported.SECOND_THRESHOLD
ACCURATE = Path(__file__).resolve().parents[1] / "src" / "propscan" / "data" / "models" / "accurate"


def _occurrences(w: Windows, rows: np.ndarray) -> tuple[np.ndarray, ...]:
    """States, linear logits, targets, article and start of every candidate word's occurrence
    in the windows ``rows``."""
    at = w.targets[rows] >= 0
    owner = np.broadcast_to(w.owner[rows, None], at.shape)
    return (
        w.states[rows][at],
        w.linear[rows][at],
        w.targets[rows][at],
        owner[at],
        w.starts[rows][at],
    )


def _probe_evidence(w: Windows, train: np.ndarray, held: np.ndarray) -> dict[str, CueEvidence]:
    """The linear probe's evidence over the held-out windows (its logits averaged over the
    windows holding a token, as the detector averages the states it reads)."""
    x, lin, y, _, _ = _occurrences(w, train)
    every = np.arange(len(y))
    rows = every % 10 == 0
    wts, b, weight = fit_probe(x, lin, y, rows)
    x, _, _, owner, starts = _occurrences(w, held)
    z = x.astype(np.float32) @ wts + b
    out = {}
    for k in np.unique(owner):
        mine = owner == k
        out[str(w.names[k])] = CueEvidence(*mean_by_start(starts[mine], z[mine]), THRESHOLD, weight)
    return out


def _ap(evidence: dict[str, CueEvidence], w: Windows, held: np.ndarray) -> float:
    """Average precision of the cue-start decision over the held-out candidate words (the
    combined probability, linear tagger's part included)."""
    from sklearn.metrics import average_precision_score

    _, lin, y, owner, starts = _occurrences(w, held)
    first = {}
    for k, s, lg, t in zip(owner.tolist(), starts.tolist(), lin.tolist(), y.tolist(), strict=True):
        first.setdefault((k, s), (lg, t))
    scores, labels = [], []
    for (k, s), (lg, t) in first.items():
        ev = evidence[str(w.names[k])]
        z = ev.at(s)
        assert z is not None
        scores.append(z + ev.linear_weight * lg)
        labels.append(t)
    return float(average_precision_score(labels, scores))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "polnear")
    parser.add_argument("--work", type=Path, default=Path(".quotes-branch-cv.work"))
    parser.add_argument("--parts", default="train,dev", help="PolNeAR's folders to fold.")
    parser.add_argument("--layers", type=int, default=BranchOptions.layers)
    parser.add_argument("--epochs", type=int, default=BranchOptions.epochs)
    parser.add_argument("--thresholds", default=f"{THRESHOLD},0.5")
    parser.add_argument("--second", default="", help="Second-cue thresholds to try.")
    args = parser.parse_args()
    options = BranchOptions(layers=args.layers, epochs=args.epochs)
    thresholds = [float(t) for t in args.thresholds.split(",")]
    seconds = [float(t) for t in args.second.split(",") if t]
    args.work.mkdir(parents=True, exist_ok=True)
    labels = args.parts.split(",")
    read = read_parts(args.data / p for p in labels)
    articles = [item for part in read for item in part]
    parts = {p: [item[1] for item in part] for p, part in zip(labels, read, strict=True)}
    fold_of = folds_of({name: text for _, name, text, _ in part} for part in read)
    # With one part the rows are over its articles; with several, over each part's too.
    scored = {"": set(fold_of)}
    if len(parts) > 1:
        scored.update({f" [{p}]": set(names) for p, names in parts.items()})
    linear = linear_folds(articles, fold_of, args.work)
    w = cached_windows(articles, fold_of, ACCURATE, args.work)
    window_fold = np.asarray([fold_of[str(w.names[k])] for k in w.owner])
    results: dict[str, dict[str, list[tuple[float, ...]]]] = {s: {} for s in scored}
    for f in range(FOLDS):
        train, held = np.flatnonzero(window_fold != f), np.flatnonzero(window_fold == f)
        recipe = f"layers{options.layers}-epochs{options.epochs}"
        folder = args.work / f"{recipe}-{folds_digest(fold_of)}-fold{f}"
        folder.mkdir(exist_ok=True)
        int8 = folder / "branch.int8.onnx"
        weight_file = folder / "linear_weight.txt"
        if not int8.is_file():
            net = train_branch(w, train, options)
            export_branch(net, folder / "branch.onnx")
            quantize_branch(folder / "branch.onnx", int8)
            weight_file.write_text(f"{float(net.linear_weight.detach())}\n")
        weight = float(weight_file.read_text())
        branch = branch_evidence(int8, w, held, weight, THRESHOLD)
        probe = _probe_evidence(w, train, held)
        held_out = [a for a in articles if fold_of[a[1]] == f]
        runs: list[tuple[str, dict[str, CueEvidence] | None, float, float]] = [
            ("linear", None, 0.0, SECOND),
            (f"probe {THRESHOLD}", probe, THRESHOLD, SECOND),
        ]
        runs += [(f"branch {t}", branch, t, SECOND) for t in thresholds]
        runs += [(f"branch {THRESHOLD}, second {t}", branch, THRESHOLD, t) for t in seconds]
        print(f"fold {f}: AP probe {_ap(probe, w, held):.3f}, branch {_ap(branch, w, held):.3f}")
        with using(linear[f]):
            for label, evidence, threshold, second in runs:
                reported.SECOND_THRESHOLD = second
                given = None
                if evidence is not None:
                    given = {
                        n: CueEvidence(c.starts, c.logits, threshold, c.linear_weight)
                        for n, c in evidence.items()
                    }
                for suffix, names in scored.items():
                    mine = [a for a in held_out if a[1] in names]
                    row = fold_row(evaluate_articles(mine, given))
                    results[suffix].setdefault(label, []).append(row)
                    print(format_fold_row(f, label + suffix, row), flush=True)
    for base in ("linear", f"probe {THRESHOLD}"):
        print(f"paired F1 gains over {base}:")
        for suffix, by_run in results.items():
            lines = paired_summary(by_run, base)
            print("\n".join(f"  {line.replace(':', suffix + ':', 1)}" for line in lines))


if __name__ == "__main__":
    main()

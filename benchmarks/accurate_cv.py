"""Cross-validated SI F1 of the accurate model's fine-tuning, by epochs and seed.

Five folds over the train part of the split (never dev; the tune part is one more article
among them): each fold's encoder is fine-tuned on the other four with propscan's own trainer,
and after every epoch the held-out articles' "inside" probabilities are kept. Per setting and
epoch, the out-of-fold probabilities of all the articles are decoded with one set of thresholds
(the best of a grid) and scored together: one SI F1 over 290 articles, far steadier than the 35
of the tune part. "span acc." is the span head's accuracy on the held-out gold fragments (TC).

An epoch takes about 5 minutes on 2 CPU cores, so the default sweep (5 settings x 5 folds) is
for a GPU, where several trainings share it::

    python benchmarks/accurate_cv.py --epochs 5 8 12 --device cuda --workers 12

Held-out windows are served by the torch model in full precision (no int8 export per epoch),
whole articles at a time: the figures compare settings, the shipped model's are in the README.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import multiprocessing
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from propscan.dataset import Article, load_dataset
from propscan.features import Tokens
from propscan.labels import LabelledSpan
from propscan.models.accurate import load_tokenizer
from propscan.models.decode import DecodeParams, best_decoding, runs
from propscan.models.train_accurate import (
    AccurateOptions,
    _examples,
    _Trainer,
    base_model_dir,
)
from propscan.models.windows import Encoded, batch_inputs, encode, windows
from propscan.scoring import score_si
from propscan.taxonomy import TECHNIQUE_NAMES

GRID = ((0.1, 0.15, 0.2, 0.25, 0.3), (0.3, 0.4, 0.5, 0.6), (1, 2, 3))


def fold_of(article_id: str, folds: int) -> int:
    return hashlib.sha256(("cv" + article_id).encode("utf-8")).digest()[0] % folds


def held_out(
    trainer: _Trainer, articles: Sequence[tuple[Article, Encoded]]
) -> tuple[dict[str, np.ndarray], int, int]:
    """Each article's "inside" probabilities, and the span head's hits on its gold fragments."""
    torch, model = trainer.torch, trainer.model
    model.eval()
    probabilities = {}
    hits = total = 0
    with torch.no_grad():
        for article, encoded in articles:
            n = len(encoded)
            ranges = list(windows(n))
            ids, mask = batch_inputs(encoded.ids, ranges, trainer.cls_id, trainer.sep_id)
            out = model(
                torch.from_numpy(ids).to(trainer.device), torch.from_numpy(mask).to(trainer.device)
            )
            summed = torch.zeros((n, out.shape[-1]), device=trainer.device)
            counts = torch.zeros(n, device=trainer.device)
            for row, (start, end) in enumerate(ranges):
                summed[start:end] += out[row, 1 : end - start + 1]
                counts[start:end] += 1
            hidden = summed / counts[:, None]
            inside = torch.sigmoid(model.token_head(hidden)[:, 0])
            probabilities[article.id] = inside.float().cpu().numpy()
            starts = torch.from_numpy(encoded.tokens.starts).to(trainer.device)
            ends = torch.from_numpy(encoded.tokens.ends).to(trainer.device)
            pooled, labels = [], []
            for span in article.gold:
                covered = (starts < span.end) & (ends > span.start)
                if bool(covered.any()):
                    pooled.append(hidden[covered].mean(dim=0))
                    labels.append(TECHNIQUE_NAMES.index(str(span.technique)))
            if pooled:
                guess = model.span_head(torch.stack(pooled)).argmax(dim=1).cpu().numpy()
                hits += int((guess == np.asarray(labels)).sum())
                total += len(labels)
    model.train()
    return probabilities, hits, total


@functools.cache
def _train_part(data_dir: Path) -> list[Article]:
    """The train part, read once per worker process however many folds it trains."""
    return load_dataset(data_dir, "train")


def run_fold(job: tuple[int, int, int, int, str, Path, int | None]) -> dict[str, Any]:
    """Train one setting on all folds but one; per epoch, the held-out fold's outputs."""
    epochs, seed, fold, folds, device, data_dir, max_articles = job
    articles = _train_part(data_dir)[:max_articles]
    tokenizer = load_tokenizer(base_model_dir() / "tokenizer.json")
    fit = [a for a in articles if fold_of(a.id, folds) != fold]
    test = [(a, encode(tokenizer, a.document)) for a in articles if fold_of(a.id, folds) == fold]
    trainer = _Trainer(
        tokenizer, AccurateOptions(epochs=epochs, seed=seed, threads=1), device=device
    )
    if device == "cuda":
        trainer.torch.backends.cuda.matmul.allow_tf32 = True
    per_epoch: list[tuple[dict[str, np.ndarray], int, int]] = []
    trainer.fit(
        _examples(fit, tokenizer),
        lambda epoch: per_epoch.append(held_out(trainer, test)),
    )
    return {"epochs": epochs, "seed": seed, "fold": fold, "per_epoch": per_epoch}


def score(
    articles: Sequence[Article], tokens: dict[str, Tokens], probabilities: dict[str, np.ndarray]
) -> tuple[float, DecodeParams]:
    """Pooled SI F1 of all the articles' out-of-fold probabilities, with the best decoding."""
    cases = [(a.id, tokens[a.id], probabilities[a.id]) for a in articles]
    gold = [g for a in articles for g in a.gold]
    params, f1 = best_decoding(cases, gold, GRID)
    return f1, params


def fold_f1s(
    articles: Sequence[Article],
    tokens: dict[str, Tokens],
    probabilities: dict[str, np.ndarray],
    folds: int,
    params: DecodeParams,
) -> list[float]:
    """Each fold's SI F1 with the pooled decoding: how far the folds spread."""
    out = []
    for fold in range(folds):
        part = [a for a in articles if fold_of(a.id, folds) == fold]
        predicted = [
            LabelledSpan(a.id, s, e)
            for a in part
            for s, e, _ in runs(tokens[a.id], probabilities[a.id], params)
        ]
        out.append(round(score_si([g for a in part for g in a.gold], predicted).f1, 4))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=Path("../shared/data/ptc/train"))
    parser.add_argument("--epochs", type=int, nargs="+", default=[5, 8, 12])
    parser.add_argument("--seeds", type=int, nargs="+", default=[13])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--workers", type=int, default=1, help="trainings at once")
    parser.add_argument("--max-articles", type=int, help="the first N train-part articles only")
    parser.add_argument("--json", type=Path, help="also write the table here")
    args = parser.parse_args()
    articles = load_dataset(args.data_dir, "train")[: args.max_articles]
    jobs = [
        (epochs, seed, fold, args.folds, args.device, args.data_dir, args.max_articles)
        for epochs in args.epochs
        for seed in args.seeds
        for fold in range(args.folds)
    ]
    # Spawned processes: CUDA cannot be shared with forked ones.
    with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
        results = pool.map(run_fold, jobs, chunksize=1)
    tokenizer = load_tokenizer(base_model_dir() / "tokenizer.json")
    tokens = {a.id: encode(tokenizer, a.document).tokens for a in articles}
    rows = []
    print(f"{len(articles)} train-part articles, {args.folds} folds")
    print(f"{'epochs':>6} {'seed':>4} {'epoch':>5} {'SI F1':>6} {'span acc.':>9}  decoding  folds")
    for epochs in args.epochs:
        for seed in args.seeds:
            mine = [r for r in results if (r["epochs"], r["seed"]) == (epochs, seed)]
            for epoch in range(epochs):
                probabilities: dict[str, np.ndarray] = {}
                hits = total = 0
                for r in mine:
                    fold_probabilities, fold_hits, fold_total = r["per_epoch"][epoch]
                    probabilities.update(fold_probabilities)
                    hits, total = hits + fold_hits, total + fold_total
                f1, params = score(articles, tokens, probabilities)
                spread = fold_f1s(articles, tokens, probabilities, args.folds, params)
                decode = f"{params.low}/{params.high}/{params.max_gap}"
                accuracy = hits / max(total, 1)
                print(
                    f"{epochs:>6} {seed:>4} {epoch + 1:>5} {f1:>6.4f} {accuracy:>9.4f}  "
                    f"{decode:<9} {' '.join(f'{x:.3f}' for x in spread)}",
                    flush=True,
                )
                rows.append(
                    {
                        "epochs": epochs,
                        "seed": seed,
                        "epoch": epoch + 1,
                        "si_f1": round(f1, 4),
                        "span_accuracy": round(accuracy, 4),
                        "decode": decode,
                        "folds": spread,
                    }
                )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

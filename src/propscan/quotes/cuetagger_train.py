"""Train the encoder cue tagger (:mod:`propscan.quotes.cuetagger`) on PolNeAR articles.

Usage (needs the ``train`` extra; about 25 minutes on 2 cores for the 840 train articles)::

    .venv/bin/python -m propscan.quotes.cuetagger_train ../shared/data/polnear/train \\
        -o src/propscan/data/models/quotes [--fold K] [--resume]

all-MiniLM-L6-v2 is fine-tuned with the accurate detector's trainer
(:class:`propscan.models.train_accurate.Trainer`: the same windows, checkpoints and resumption)
and a one-logit token head: for the first subword of every word the linear tagger would
score (:func:`propscan.quotes.cuemodel.candidate_word`), whether any annotator file of the
article starts a cue there (the linear tagger's B labels); other subwords are left out of the
loss. ``--fold K`` trains on the articles not in fold K of 5 (:func:`folds_of`, as
``benchmarks/quotes_cue_cv.py`` splits them), for cross-validation.
Checkpoints go to ``OUT``'s work folder (``.NAME.work`` beside it), every 15 minutes.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import shutil
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

from propscan.document import Document
from propscan.errors import PropscanError
from propscan.models.accurate import ONNX_FILE, TOKENIZER_FILE, load_tokenizer
from propscan.models.manifest import Manifest
from propscan.models.train_accurate import (
    AccurateOptions,
    Example,
    Trainer,
    base_model_dir,
    check_base_weights,
    quantize,
    window_examples,
)
from propscan.models.windows import encode
from propscan.quotes.brat import read_folder
from propscan.quotes.cuemodel import Article, candidate_word, sentences_of
from propscan.quotes.cuetagger import KIND, LABELS, CueHead
from propscan.quotes.tokens import TOKEN_PATTERN
from propscan.training.folds import make_folds

# Named, not __name__: run with -m this module is __main__, outside the "propscan" logger.
log = logging.getLogger("propscan.quotes.cuetagger_train")

# The recipe measured on fold 0 before it was cross-validated (docs/models.md): batch 16 at
# 5e-5 for two epochs; the trainer's other defaults (head learning rate, warm-up, seed).
OPTIONS = AccurateOptions(epochs=2, batch_size=16, learning_rate=5e-5)
FOLDS = 5


def cue_starts(articles: Iterable[Article]) -> dict[str, tuple[str, set[int]]]:
    """By article name, its text and the offsets where any annotator file starts a cue."""
    out: dict[str, tuple[str, set[int]]] = {}
    for _, name, text, attributions in articles:
        starts = out.setdefault(name, (text, set()))[1]
        starts.update(a.cue[0][0] for a in attributions if a.cue)
    return out


def targets(text: str, starts: set[int], encoded_starts: np.ndarray) -> np.ndarray:
    """(subwords, 1) targets: 1 or 0 at the first subword of each candidate word (whether a
    cue starts there), -1 (no loss) elsewhere."""
    out = np.full((len(encoded_starts), 1), -1.0, dtype=np.float32)
    for tokens in sentences_of(text):
        for start, _, word in tokens:
            if not candidate_word(word):
                continue
            i = int(np.searchsorted(encoded_starts, start))
            if i < len(encoded_starts) and encoded_starts[i] == start:
                out[i, 0] = float(start in starts)
    return out


def training_windows(articles: dict[str, tuple[str, set[int]]], tokenizer: object) -> list[Example]:
    examples: list[Example] = []
    for text, starts in articles.values():
        encoded = encode(tokenizer, Document.create(text))
        labels = targets(text, starts, encoded.tokens.starts)
        examples += window_examples(encoded, labels, [], overlap=OPTIONS.overlap)
    return examples


def folds_of(parts: Iterable[Mapping[str, str]], folds: int = FOLDS) -> dict[str, int]:
    """Each article's fold, by name (``parts``: PolNeAR's train and dev, or one of them, each
    article name -> text): folds of about equal size, an article's near-duplicates in its own
    fold, as PTC's (:func:`propscan.training.folds.make_folds`). PolNeAR train has 8 such
    pairs, the same story filed on two days; with one half of a pair trained on, the other is
    half seen. Each part is folded on its own and fold K is every part's K-th, so train's
    folds are the same with dev or without it and the two compare fold by fold; no
    near-duplicates span the parts, a month apart (``tests/quotes/test_cue_tagger.py``)."""
    out: dict[str, int] = {}
    for texts in parts:
        out.update(make_folds(dict(texts), folds).fold_of)
    return out


def folds_digest(fold_of: Mapping[str, int]) -> str:
    """A short hash of a fold assignment and of the finder's token pattern: files made from
    one are never read for another (the cue targets and candidates are tokens)."""
    rows = "\n".join(f"{name}\t{fold_of[name]}" for name in sorted(fold_of))
    return hashlib.sha256(f"{TOKEN_PATTERN}\n{rows}".encode()).hexdigest()[:12]


def fold_names(texts: Mapping[str, str], fold: int | None, folds: int = FOLDS) -> list[str]:
    """The names trained on: all, or those not in ``fold`` (:func:`folds_of`)."""
    if fold is None:
        return sorted(texts)
    return sorted(n for n, f in folds_of([texts], folds).items() if f != fold)


def data_sha256(articles: dict[str, tuple[str, set[int]]]) -> str:
    digest = hashlib.sha256()
    for name in sorted(articles):
        text, starts = articles[name]
        digest.update(f"{name}\0{text}\0{sorted(starts)}\0".encode())
    return digest.hexdigest()


def train(
    train_dir: Path,
    out: Path,
    fold: int | None = None,
    options: AccurateOptions = OPTIONS,
    resume: bool = False,
) -> Path:
    """Fine-tune on the PolNeAR folder ``train_dir`` (all articles, or all but ``fold``'s)
    and write the tagger to ``out``."""
    base = check_base_weights(options.encoder)
    everything = cue_starts(read_folder(train_dir))
    if not everything:
        raise PropscanError(f"{train_dir}: no PolNeAR articles (text/, attributions/)")
    texts = {name: text for name, (text, _) in everything.items()}
    chosen = {n: everything[n] for n in fold_names(texts, fold)}
    work = out.parent / f".{out.name}.work"
    if work.exists() and not resume:
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    tokenizer = load_tokenizer(base_model_dir(options.encoder) / "tokenizer.json")
    examples = training_windows(chosen, tokenizer)
    log.info("%d training windows from %d articles", len(examples), len(chosen))
    trainer = Trainer(tokenizer, options, outputs=1)
    trainer.fit(examples, lambda epoch: None, checkpoint=work / "checkpoint.pt")
    partial = out.parent / f".{out.name}.partial"
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir(parents=True)
    trainer.export(work / "model.fp32.onnx")
    quantize(work / "model.fp32.onnx", partial / ONNX_FILE)
    heads = trainer.heads()
    CueHead(heads.token_w[:, 0].copy(), float(heads.token_b[0])).save(partial)
    shutil.copyfile(base_model_dir(options.encoder) / "tokenizer.json", partial / TOKENIZER_FILE)
    Manifest(
        kind=KIND,
        labels=list(LABELS),
        training_data_sha256=data_sha256(chosen),
        split={"fold": fold, "folds": FOLDS, "articles": len(chosen), "data": str(train_dir)},
        dev_scores={},
        parameters={**asdict(options), "base_sha256": base},
    ).save(partial)
    # Renamed whole: a run cut off while exporting leaves no half-written tagger.
    if out.exists():
        shutil.rmtree(out)
    partial.rename(out)
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train_dir", type=Path, help="A PolNeAR folder (text/, attributions/).")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--fold", type=int, default=None, help=f"Leave out fold K of {FOLDS}.")
    parser.add_argument("--resume", action="store_true", help="Go on from the checkpoint.")
    parser.add_argument("--max-steps", type=int, default=None, help="Stop early (smoke tests).")
    parser.add_argument(
        "--layers", type=int, default=OPTIONS.layers, help="Keep the encoder's first N layers."
    )
    args = parser.parse_args(argv)
    # onnxruntime's quantizer logs every tensor at INFO: propscan's own progress only.
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")
    logging.getLogger("propscan").setLevel(logging.INFO)
    if args.fold is not None and not 0 <= args.fold < FOLDS:
        parser.error(f"--fold {args.fold}: use 0 to {FOLDS - 1}")
    if args.layers is not None and not 1 <= args.layers <= 6:
        parser.error(f"--layers {args.layers}: use 1 to 6 (all-MiniLM-L6-v2 has 6)")
    options = replace(OPTIONS, max_steps=args.max_steps, layers=args.layers)
    try:
        train(args.train_dir, args.output, args.fold, options, args.resume)
    except PropscanError as exc:
        print(f"propscan: error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()

"""Check-worthy claims on news text: a hand-labelled sample of news sentences.

Usage: .venv/bin/python benchmarks/claims_news.py            # score the claim models on it
       .venv/bin/python benchmarks/claims_news.py --encoder large [--cache DIR | --labelled-windows]
       .venv/bin/python benchmarks/claims_news.py --draw     # (re)draw the sample, unlabelled
       .venv/bin/python benchmarks/claims_news.py --show     # print the sample's sentences

The sample (``tests/claims/data/news_labels.tsv``) is 150 sentences of the 90 unlabelled test
articles of PTC (Da San Martino et al., EMNLP 2019; SemEval-2020 Task 11) and 150 of PolNeAR's
840 training articles (Newell, Margolin, Ruths, LREC 2018), drawn with a fixed seed among the
article sentences propscan scores (``Document.article_sentences``) of 4 to 80 words. It holds
no text: corpus, article, offsets, the first 16 hex digits of the sentence's sha256 (checked
when scored, so a changed corpus or sentence splitter is noticed) and the label, given by hand
following docs/claims-labelling.md with ClaimBuster's classes (Arslan, Hassan, Li, Tremayne,
ICWSM 2020): 1 check-worthy factual claim, 0 unimportant factual sentence, -1 non-factual.

Scored: the linear claim model (``--model fast``) and its average with the claims head of an
encoder model (``--encoder``: ``accurate``, the default, ``large`` or a model directory holding
a claims head), as an analysis runs them on the whole article;
precision, recall and F1 of the check-worthy class, and the same split by the sentence's voice
(the author's, or mostly inside direct quotations).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LABELS = ROOT / "tests" / "claims" / "data" / "news_labels.tsv"
SEED = 15
PER_CORPUS = 150
MIN_WORDS, MAX_WORDS = 4, 80
CORPORA = {
    "ptc": ("data/ptc/unlabelled-test/articles", "*.txt"),
    "polnear": ("data/polnear/train/text", "*.txt"),
}


@dataclass(frozen=True)
class Item:
    corpus: str
    article: str
    start: int
    end: int
    digest: str
    label: int | None


def sentence_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_text(corpus: str, article: str, shared: Path = SHARED) -> str:
    folder, _ = CORPORA[corpus]
    # Offsets count code points of the file as UTF-8, a byte-order mark included.
    return (shared / folder / f"{article}.txt").read_bytes().decode("utf-8")


def _document(text: str) -> object:
    from propscan.ingest import document_from_text

    return document_from_text(text)


def draw(shared: Path = SHARED) -> list[Item]:
    """The sample: ``PER_CORPUS`` sentences of each corpus, drawn with seed ``SEED``."""
    rng = random.Random(SEED)
    items: list[Item] = []
    for corpus, (folder, pattern) in CORPORA.items():
        pool: list[Item] = []
        for path in sorted((shared / folder).glob(pattern)):
            text = read_text(corpus, path.stem, shared)
            doc = _document(text)
            for s in doc.article_sentences:  # type: ignore[attr-defined]
                if MIN_WORDS <= len(s.text.split()) <= MAX_WORDS:
                    pool.append(
                        Item(corpus, path.stem, s.start, s.end, sentence_hash(s.text), None)
                    )
        items.extend(sorted(rng.sample(pool, PER_CORPUS), key=lambda i: (i.article, i.start)))
    return items


def write(items: list[Item], path: Path = LABELS) -> None:
    lines = ["corpus\tarticle\tstart\tend\tsha256_16\tlabel"]
    lines += [
        f"{i.corpus}\t{i.article}\t{i.start}\t{i.end}\t{i.digest}\t"
        f"{'' if i.label is None else i.label}"
        for i in items
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read(path: Path = LABELS) -> list[Item]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        corpus, article, start, end, digest, label = line.split("\t")
        items.append(
            Item(corpus, article, int(start), int(end), digest, int(label) if label else None)
        )
    return items


def texts(items: list[Item], shared: Path = SHARED) -> Iterator[tuple[Item, str, str]]:
    """Each item with its article's text and its sentence, checked against its hash."""
    cache: dict[tuple[str, str], str] = {}
    for item in items:
        key = (item.corpus, item.article)
        if key not in cache:
            cache[key] = read_text(item.corpus, item.article, shared)
        sentence = cache[key][item.start : item.end]
        if sentence_hash(sentence) != item.digest:
            raise SystemExit(f"{item.corpus}/{item.article} {item.start}-{item.end}: changed text")
        yield item, cache[key], sentence


def prf(gold: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float, int, int]:
    tp = int(np.sum(gold & predicted))
    p = tp / max(1, int(predicted.sum()))
    r = tp / max(1, int(gold.sum()))
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, int(predicted.sum()), int(gold.sum())


def labelled_head_probabilities(detector: Any, doc: Any, wanted: set[int]) -> np.ndarray:
    """The claims head's probabilities of the article sentences starting at ``wanted``, the
    encoder run only on the windows that hold one of their tokens (the others' rows are the
    head on a zero vector, and unused): the same figures as the whole article's analysis,
    since a token's hidden state is the mean over the windows of its block that cover it, and
    all of those are run; a fraction of the time for a large encoder.
    """
    from propscan.claims.encoder_head import SentencePool
    from propscan.features import Tokens
    from propscan.models.windows import Encoded, batch_inputs, blocks, windows

    model, head = detector.model, detector.claim_head
    sentences = doc.article_sentences
    targets = np.asarray([i for i, x in enumerate(sentences) if x.start in wanted])
    pool = SentencePool(np.asarray([x.start for x in sentences], dtype=np.int64), head.w.shape[0])
    encoded = model.encode(doc)
    for first, last in blocks(encoded):
        part = encoded.part(first, last)
        need = np.isin(part.tokens.sentence, targets)
        if not need.any():
            continue
        total = np.zeros((len(part), head.w.shape[0]), dtype=np.float32)
        counts = np.zeros(len(part), dtype=np.float32)
        for start, end in windows(len(part)):
            if not need[start:end].any():
                continue
            ids, mask = batch_inputs(
                part.ids, [(start, end)], model.cls_id, model.sep_id, model.pad_id
            )
            (out,) = model.session.run(["hidden"], {"input_ids": ids, "attention_mask": mask})
            total[start:end] += out[0, 1 : end - start + 1]
            counts[start:end] += 1
        tokens = part.tokens
        kept = Encoded(
            part.ids[need],
            Tokens(
                tokens.starts[need],
                tokens.ends[need],
                [w for w, n in zip(tokens.words, need.tolist(), strict=True) if n],
                tokens.sentence[need],
            ),
        )
        pool.add(kept, total[need] / counts[need][:, None])
    return head.probabilities(pool.vectors())


def _encoder_outputs(
    items: list[Item], cache: Path | None, encoder: str, labelled_windows: bool = False
) -> Iterator[tuple[str, str, Any, Any, np.ndarray | None]]:
    """(corpus, article, the claim model, the article's document, the encoder head's
    probabilities of its article sentences) for every article holding an item.

    ``encoder``: the encoder model (a registered name or a directory) whose claims head is
    averaged with the linear model. ``cache``: a folder keeping the head's probabilities of
    each article, which do not depend on the linear claim model (the encoder pass is most of
    the time), under the encoder's files' hash and the head's. ``labelled_windows``: see
    :func:`labelled_head_probabilities` (not cached).
    """
    from propscan.claims import load_claim_model
    from propscan.claims.encoder_head import HEAD_FILE, encoder_dir, encoder_key
    from propscan.detectors import load_detector
    from propscan.models.manifest import hash_files

    claims = load_claim_model()
    directory = encoder_dir(encoder)
    if not (directory / HEAD_FILE).is_file():
        raise SystemExit(
            f"{directory}: no claims head ({HEAD_FILE}); fit one with: propscan train-claims "
            f"../shared/data/claimbuster/crowdsourced.csv --encoder-head {encoder}"
        )
    detector = load_detector(str(directory))
    folder = None
    if cache is not None:
        head = hash_files([directory / HEAD_FILE])[:8]
        folder = cache / f"news-{encoder_key(directory)}-{head}"
    wanted = {(i.corpus, i.article) for i in items}
    for n, (corpus, article) in enumerate(sorted(wanted), start=1):
        doc = _document(read_text(corpus, article))
        # The probabilities are one per article sentence: a change of sentence splitting
        # must not read an old file (its rows belong to other sentences).
        spans = repr([(s.start, s.end) for s in doc.article_sentences]).encode()
        split = hashlib.sha256(spans).hexdigest()[:8]
        saved = None if folder is None else folder / f"{corpus}-{article}-{split}.npy"
        if labelled_windows:
            starts = {i.start for i in items if (i.corpus, i.article) == (corpus, article)}
            encoder_p = labelled_head_probabilities(detector, doc, starts)
        elif saved is not None and saved.is_file():
            encoder_p = np.load(saved)
        else:
            encoder_p = detector(doc).claim_probabilities  # type: ignore[arg-type]
            if saved is not None and encoder_p is not None:
                saved.parent.mkdir(parents=True, exist_ok=True)
                np.save(saved, encoder_p)
        if n % 20 == 0:
            print(f"{n}/{len(wanted)} articles", file=sys.stderr, flush=True)
        yield corpus, article, claims, doc, encoder_p


def predictions(
    items: list[Item],
    cache: Path | None = None,
    encoder: str = "accurate",
    labelled_windows: bool = False,
) -> dict[str, dict[tuple[str, str, int], tuple[int, str]]]:
    """(verdict, voice) of every labelled sentence, by model (``fast``, and the linear model
    averaged with ``encoder``'s claims head, named after it), from whole-article analyses;
    see :func:`_encoder_outputs`."""
    from propscan.quotes import find_quotes
    from propscan.voice import AUTHOR, QUOTE, QuoteCover

    name = Path(encoder).name
    out: dict[str, dict[tuple[str, str, int], tuple[int, str]]] = {"fast": {}, name: {}}
    for corpus, article, claims, doc, encoder_p in _encoder_outputs(
        items, cache, encoder, labelled_windows
    ):
        quotes = find_quotes(doc)
        cover = QuoteCover.of([q.content if q.direct else None for q in quotes])
        for model, probabilities in (("fast", None), (name, encoder_p)):
            for c in claims(doc, probabilities):
                voice = QUOTE if cover.quoted(c.start, c.end) else AUTHOR
                out[model][(corpus, article, c.start)] = (c.verdict, voice)
    return out


# The offsets tried for the decision on news (classes 0 and 1; class -1's stays 0).
OFFSET_GRID = np.arange(-1.5, 1.51, 0.25)
FOLDS = 5


def _tuned(claims: Any, p: np.ndarray, short: np.ndarray, gold: np.ndarray) -> tuple[float, ...]:
    """The grid's offsets with the best macro-F1 (ClaimBuster's rule for its own offsets)."""
    from propscan.claims.train import scores

    best: tuple[float, tuple[float, ...]] = (-1.0, ())
    for o0, o1 in itertools.product(OFFSET_GRID.tolist(), OFFSET_GRID.tolist()):
        offsets = (0.0, o0, o1)
        verdicts = np.asarray([v for v, _ in claims.decide(p, short, offsets)])
        value = scores(gold, verdicts)["macro_f1"]
        if value > best[0]:
            best = (value, offsets)
    return best[1]


def cross_validate(items: list[Item], cache: Path | None = None, encoder: str = "accurate") -> None:
    """The decision offsets for news: chosen on all the labelled sentences, and their
    5-fold cross-validation by article (offsets tuned on four folds, scored on the fifth),
    against the offsets tuned on ClaimBuster's debates; for the linear model alone and for
    its average with ``encoder``'s claims head."""
    from propscan.claims.cv import score_calibration
    from propscan.claims.encoder_head import AVERAGE_OFFSETS, average
    from propscan.claims.model import NEWS_OFFSETS
    from propscan.claims.train import scores

    labelled = [i for i in items if i.label is not None]
    list(texts(labelled))  # hashes checked before the models run
    rows: dict[str, list[np.ndarray]] = {"linear": [], "average": []}
    shorts: list[bool] = []
    by_start = {(i.corpus, i.article, i.start): i for i in labelled}
    order: list[Item] = []
    claims: Any = None
    for corpus, article, claims, doc, encoder_p in _encoder_outputs(labelled, cache, encoder):
        linear, short = claims.article_probabilities(doc)
        averaged = average(encoder_p, linear)  # as the model averages them
        for k, s in enumerate(doc.article_sentences):
            if (corpus, article, s.start) in by_start:
                rows["linear"].append(linear[k])
                rows["average"].append(averaged[k])
                shorts.append(bool(short[k]))
                order.append(by_start[(corpus, article, s.start)])
    gold = np.asarray([i.label for i in order])
    short = np.asarray(shorts)
    fold = np.asarray(
        [int(hashlib.sha256(i.article.encode()).hexdigest(), 16) % FOLDS for i in order]
    )
    debates = {"linear": tuple(claims.offsets.tolist()), "average": AVERAGE_OFFSETS}
    print(f"news sentences: {len(order)}, by fold {np.bincount(fold).tolist()}")
    for kind, listed in rows.items():
        p = np.asarray(listed)

        def verdicts(offsets: tuple[float, ...], keep: np.ndarray, p: np.ndarray = p) -> np.ndarray:
            return np.asarray([v for v, _ in claims.decide(p[keep], short[keep], offsets)])

        every = np.ones(len(order), bool)
        chosen = _tuned(claims, p, short, gold)
        print(f"{kind}: offsets chosen on all {len(order)}: {chosen}; shipped {NEWS_OFFSETS[kind]}")
        oof = np.zeros(len(order), int)
        oof_score = np.zeros(len(order))
        per_fold = []
        for k in range(FOLDS):
            train, held = fold != k, fold == k
            offsets = _tuned(claims, p[train], short[train], gold[train])
            per_fold.append(offsets)
            decided = claims.decide(p[held], short[held], offsets)
            oof[held] = [v for v, _ in decided]
            oof_score[held] = [s for _, s in decided]
        print(f"  offsets chosen by fold: {per_fold}")
        for name, shown in (("before the offsets", p[:, 2]), ("after (reported)", oof_score)):
            print(f"  score {name}, out of fold: {score_calibration(shown, gold, oof)}")
        for label, predicted in (
            (f"debates' offsets {debates[kind]}", verdicts(debates[kind], every)),
            ("news offsets, out of fold", oof),
        ):
            figures = scores(gold, predicted)
            folds = [scores(gold[fold == k], predicted[fold == k]) for k in range(FOLDS)]
            p_, r_, f_, flagged, _ = prf(gold == 1, predicted == 1)
            opinions = int(np.sum((predicted == 1) & (gold == -1)))
            print(
                f"  {label}: check-worthy P {p_:.3f} R {r_:.3f} F1 {f_:.3f}, macro-F1 "
                f"{figures['macro_f1']:.3f}, flagged {flagged}, non-factual flagged {opinions}"
            )
            print(
                "    by fold: macro-F1 "
                + " ".join(f"{x['macro_f1']:.3f}" for x in folds)
                + ", check-worthy precision "
                + " ".join(f"{x['per_class']['1']['precision']:.3f}" for x in folds)
            )


def score(
    items: list[Item],
    cache: Path | None = None,
    encoder: str = "accurate",
    labelled_windows: bool = False,
) -> None:
    labelled = [i for i in items if i.label is not None]
    list(texts(labelled))  # hashes checked before the models run
    found = predictions(labelled, cache, encoder, labelled_windows)
    gold = np.asarray([i.label == 1 for i in labelled])
    counts = {v: sum(i.label == v for i in labelled) for v in (1, 0, -1)}
    print(
        f"news sentences: {len(labelled)} labelled ({counts[1]} check-worthy, {counts[0]} "
        f"unimportant factual, {counts[-1]} non-factual)"
    )
    print(f"{'model':10} {'voice':8} {'precision':>9} {'recall':>7} {'F1':>6}  flagged/gold")
    for name, table in found.items():
        rows = [table[(i.corpus, i.article, i.start)] for i in labelled]
        predicted = np.asarray([v == 1 for v, _ in rows])
        voices = np.asarray([voice for _, voice in rows])
        for voice in ("all", "author", "quote"):
            keep = np.ones(len(rows), bool) if voice == "all" else voices == voice
            p, r, f, n_pred, n_gold = prf(gold[keep], predicted[keep])
            print(f"{name:10} {voice:8} {p:9.3f} {r:7.3f} {f:6.3f}  {n_pred}/{n_gold}")
        flagged_opinions = int(np.sum(predicted & np.asarray([i.label == -1 for i in labelled])))
        print(f"{name:10} non-factual sentences flagged check-worthy: {flagged_opinions}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draw", action="store_true", help="Write the sample, unlabelled.")
    parser.add_argument("--show", action="store_true", help="Print the sample's sentences.")
    parser.add_argument(
        "--cv",
        action="store_true",
        help="Choose the decision offsets for news and cross-validate them by article.",
    )
    parser.add_argument(
        "--cache", type=Path, default=None, help="Keep the encoder's outputs in this folder."
    )
    parser.add_argument(
        "--encoder",
        default="accurate",
        help="The encoder model whose claims head is scored: accurate, large or a directory.",
    )
    parser.add_argument(
        "--labelled-windows",
        action="store_true",
        help="Run the encoder only on the windows holding a labelled sentence (same figures).",
    )
    args = parser.parse_args()
    if args.draw:
        if LABELS.exists() and any(i.label is not None for i in read()):
            sys.exit(f"{LABELS} holds labels already: not overwritten")
        write(draw())
        return
    items = read()
    if args.show:
        for n, (item, _, sentence) in enumerate(texts(items)):
            label = "" if item.label is None else item.label
            print(f"{n}\t{label}\t{item.corpus}/{item.article}\t{' '.join(sentence.split())}")
        return
    if args.cv:
        cross_validate(items, args.cache, args.encoder)
        return
    score(items, args.cache, args.encoder, args.labelled_windows)


if __name__ == "__main__":
    main()

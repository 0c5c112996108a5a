"""Self-training of the accurate model's fast helper on unlabelled news, by cross-validation
(issue 13, item 4).

Usage: .venv/bin/python benchmarks/self_training_cv.py [--min-confidence 0.3] [--helper-power 1]
           [--unlabelled ../shared/data/ptc/unlabelled-test/articles ...]
           [--encoders src/propscan/data/models/.accurate.work/cv] [--work /tmp/st]
           [--data ../shared/data/ptc/train]

For each of the 3 folds of ``propscan train --model accurate``, that fold's fine-tuned encoder
(which never saw the fold's held-out articles) labels the unlabelled texts; its fragments at or
above ``--min-confidence`` become the texts' labels, and the fold's fast model (the accurate
model's helper, fitted with ``AccurateOptions``'s helper options) is fitted on the fold's
labelled articles plus these. Then the fast model, and the accurate one with it as helper, are
scored by the same cross-validation as ``propscan cv``. The fold encoders are linked, not
copied or trained again. Prints the figures and per-technique TC F1, and writes the record as
JSON in the work folder.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from propscan.dataset import Article, article_document, load_dataset
from propscan.detectors.accurate import AccurateDetector
from propscan.labels import LabelledSpan, read_article_texts
from propscan.models.accurate import AccurateModel
from propscan.models.train_accurate import AccurateOptions
from propscan.models.train_fast import fit_fast
from propscan.training.crossval import DEFAULT_VARIANT, format_summary, format_techniques, run_cv
from propscan.training.cv_accurate import (
    FAST_DIR,
    epoch_dir,
    helper_options,
    write_folds,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def unlabelled_articles(folders: list[Path]) -> list[Article]:
    """The texts of ``article<ID>.txt`` folders (PTC) and of plain ``*.txt`` folders (PolNeAR)."""
    out = []
    for folder in folders:
        texts = read_article_texts(folder) or {
            p.stem: p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))
        }
        out += [Article(i, article_document(i, t, folder), ()) for i, t in sorted(texts.items())]
    return out


def pseudo_labelled(
    detector: AccurateDetector, texts: list[Article], min_confidence: float
) -> list[Article]:
    """``texts`` labelled with the detector's fragments at or above ``min_confidence``."""
    out = []
    for article in texts:
        fragments = detector(article.document).fragments
        spans = tuple(
            LabelledSpan(article.id, f.start, f.end, f.technique)
            for f in fragments
            if f.confidence >= min_confidence
        )
        out.append(Article(article.id, article.document, spans))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-confidence", type=float, default=0.3)
    # The fast models' class-weight power: 1 as the accurate model's helper, 0 as the
    # shipped fast model.
    parser.add_argument("--helper-power", type=float, default=AccurateOptions.helper_tc_class_power)
    parser.add_argument(
        "--unlabelled",
        type=Path,
        nargs="+",
        default=[SHARED / "data" / "ptc" / "unlabelled-test" / "articles"],
    )
    parser.add_argument(
        "--encoders", type=Path, default=ROOT / "src/propscan/data/models/.accurate.work/cv"
    )
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "ptc" / "train")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    work = args.work
    articles = load_dataset(args.data, "all")
    texts = unlabelled_articles(args.unlabelled)
    folds = write_folds(work, articles, 3)
    options = AccurateOptions(helper_tc_class_power=args.helper_power)
    labelled = 0
    for fold in range(3):
        fold_dir = work / f"fold{fold}"
        fold_dir.mkdir(exist_ok=True)
        for name in ("epoch1", "epoch2", "done"):
            if not (fold_dir / name).exists():
                (fold_dir / name).symlink_to(args.encoders / f"fold{fold}" / name)
        # The fold's own encoder labels the texts: it never saw the fold's held-out articles.
        detector = AccurateDetector(AccurateModel.load(epoch_dir(work, fold, options.epochs)))
        pseudo = pseudo_labelled(detector, texts, args.min_confidence)
        labelled = sum(len(a.gold) for a in pseudo)
        logging.info("fold %d: %d fragments on %d texts", fold, labelled, len(pseudo))
        held_out = set(folds.held_out(fold))
        train = [a for a in articles if a.id not in held_out] + pseudo
        # Fitted here with the helper's options, so run_cv takes it as the fold's helper.
        fit_fast(train, helper_options(options)).save(fold_dir / FAST_DIR)
    record = run_cv(articles, work, 3, options, variants=[DEFAULT_VARIANT])
    record["self_training"] = {
        "unlabelled": [str(p) for p in args.unlabelled],
        "texts": len(texts),
        "min_confidence": args.min_confidence,
        "helper_power": args.helper_power,
        "last_fold_fragments": labelled,
    }
    print(format_summary(record["results"]), end="")
    print(format_techniques(record["results"]), end="")
    (work / "record.json").write_text(json.dumps(record, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

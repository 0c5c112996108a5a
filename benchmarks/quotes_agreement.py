"""How far PolNeAR's annotators agree with each other, against how far propscan agrees with
them, on the articles several annotators marked (Newell, Margolin, Ruths, LREC 2018).

Usage (the system rows need the branch CV's work folder; about 2 minutes with it):
    .venv/bin/python benchmarks/quotes_agreement.py [--work .quotes-branch-cv.work]

Sixteen train articles and two dev articles have five or six annotator files each. Every
ordered pair of two annotators of an article is scored as propscan is scored
(:mod:`propscan.quotes.evaluate`: the SemEval SI partial-overlap measure for content and
source spans), one taken as the prediction, the other as gold; pooled over the pairs,
precision equals recall, and the F1 is the human ceiling of the measure on these articles.
propscan is scored on the same train articles against the same files, out of fold: the linear
cue tagger and the cue branch of the fold that did not see the article (the folds of
quotes_branch_cv.py, whose WORK folder holds them; without it, only the human rows).
"""

from __future__ import annotations

import argparse
import statistics
from collections import defaultdict
from pathlib import Path

import numpy as np

from propscan.labels import LabelledSpan
from propscan.quotes.brat import Attribution, read_folder
from propscan.quotes.cuebranch_train import branch_evidence, cached_windows
from propscan.quotes.cuemodel import using
from propscan.quotes.cueprobe import THRESHOLD
from propscan.quotes.cueprobe_train import linear_folds
from propscan.quotes.cuetagger_train import FOLDS, folds_digest, folds_of
from propscan.quotes.finder import Found, find_attributions
from propscan.scoring import PRF, score_si

SHARED = Path(__file__).resolve().parents[2] / "shared"
ACCURATE = Path(__file__).resolve().parents[1] / "src" / "propscan" / "data" / "models" / "accurate"

Article = tuple[str, str, str, list[Attribution]]


def _spans(key: str, attributions: list[Attribution], part: str) -> list[LabelledSpan]:
    return [LabelledSpan(key, s, e) for a in attributions for s, e in getattr(a, part) if e > s]


def pairwise(groups: dict[str, list[Article]]) -> dict[str, PRF]:
    """Every ordered pair of annotators of an article, one as prediction and one as gold,
    pooled: content and source."""
    out = {}
    for part in ("content", "source"):
        gold: list[LabelledSpan] = []
        pred: list[LabelledSpan] = []
        for files in groups.values():
            for a_stem, _, _, a in files:
                for b_stem, _, _, b in files:
                    if a_stem != b_stem:
                        key = f"{a_stem}|{b_stem}"
                        pred += _spans(key, a, part)
                        gold += _spans(key, b, part)
        out[part] = score_si(gold, pred)
    return out


def per_annotator(groups: dict[str, list[Article]]) -> dict[str, list[float]]:
    """Each annotator file's F1 against the article's other files (the spread of the human
    ceiling): content and source."""
    out: dict[str, list[float]] = defaultdict(list)
    for files in groups.values():
        for a_stem, _, _, a in files:
            for part in ("content", "source"):
                gold: list[LabelledSpan] = []
                pred: list[LabelledSpan] = []
                for b_stem, _, _, b in files:
                    if a_stem != b_stem:
                        pred += _spans(b_stem, a, part)
                        gold += _spans(b_stem, b, part)
                out[part].append(score_si(gold, pred).f1)
    return out


def _line(label: str, content: PRF, source: PRF) -> str:
    return (
        f"{label:<44} content {content.precision:.3f} / {content.recall:.3f} / "
        f"{content.f1:.3f}   source {source.precision:.3f} / {source.recall:.3f} / {source.f1:.3f}"
    )


def system_rows(train: list[Article], several: set[str], work: Path) -> list[str]:
    """propscan on the train articles of ``several``, out of fold, against each of their
    annotator files: the linear tagger alone, then with the cue branch (as the default model
    runs it)."""
    fold_of = folds_of([{name: text for _, name, text, _ in train}])
    linear = linear_folds(train, fold_of, work)
    w = cached_windows(train, fold_of, ACCURATE, work)
    window_fold = np.asarray([fold_of[str(w.names[k])] for k in w.owner])
    found: dict[str, dict[str, list[Found]]] = defaultdict(dict)
    texts = {name: text for _, name, text, _ in train if name in several}
    for f in range(FOLDS):
        held = [n for n in texts if fold_of[n] == f]
        if not held:
            continue
        folder = next(work.glob(f"layers1-epochs*-{folds_digest(fold_of)}-fold{f}"))
        weight = float((folder / "linear_weight.txt").read_text())
        rows = np.flatnonzero(window_fold == f)
        evidence = branch_evidence(folder / "branch.int8.onnx", w, rows, weight, THRESHOLD)
        with using(linear[f]):
            for n in held:
                found["linear tagger"][n] = find_attributions(texts[n])
                found["cue branch"][n] = find_attributions(texts[n], cues=evidence.get(n))
    lines = []
    for label, by_name in found.items():
        scores = {}
        for part in ("content", "source"):
            gold: list[LabelledSpan] = []
            pred: list[LabelledSpan] = []
            for stem, name, _, attributions in train:
                if name in by_name:
                    gold += _spans(stem, attributions, part)
                    pred += [
                        LabelledSpan(stem, *span)
                        for span in (getattr(a, part) for a in by_name[name])
                        if span is not None
                    ]
            scores[part] = score_si(gold, pred)
        lines.append(_line(f"propscan, {label} (out of fold)", scores["content"], scores["source"]))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "polnear")
    parser.add_argument("--work", type=Path, default=Path(".quotes-branch-cv.work"))
    args = parser.parse_args()
    train = list(read_folder(args.data / "train"))
    dev = list(read_folder(args.data / "dev"))
    groups: dict[str, list[Article]] = defaultdict(list)
    for article in train + dev:
        groups[article[1]].append(article)
    groups = {n: files for n, files in groups.items() if len(files) > 1}
    train_names = {a[1] for a in train}
    train_groups = {n: f for n, f in groups.items() if n in train_names}
    print(
        f"{len(groups)} articles with several annotators "
        f"({len(train_groups)} train), {sum(len(f) for f in groups.values())} files"
    )
    for label, chosen in (("all", groups), ("train", train_groups)):
        both = pairwise(chosen)
        print(_line(f"annotator against annotator, {label}", both["content"], both["source"]))
    spread = per_annotator(groups)
    for part, values in spread.items():
        print(
            f"  {part} F1 of one annotator against the others: mean {statistics.mean(values):.3f}"
            f" ± {statistics.stdev(values):.3f}, range {min(values):.3f}–{max(values):.3f}"
            f" ({len(values)} files)"
        )
    if any(args.work.glob("layers1-epochs*-fold0")):
        for line in system_rows(train, set(train_groups), args.work):
            print(line)
    else:
        print(f"no branch CV in {args.work}: system rows skipped")


if __name__ == "__main__":
    main()

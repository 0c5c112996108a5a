"""Where quote recall and precision are lost on PolNeAR: a breakdown of the errors.

Usage: .venv/bin/python benchmarks/quotes_errors.py [--split dev] [--sample 200] [--examples 3]

Each gold content span loses recall as the share of it no predicted content covers (the SI
measure's per-span recall, before merging), put in one class: no cue in the gold; content in
another sentence than its cue; a nominal cue ("the claim that", "his statement"); the cue's
first word not a candidate of the cue tagger nor a lexicon cue (a common non-cue word, or
inside a token such as "he’s"); a candidate the tagger scores below its threshold; a cue found
(scored over the threshold or a lexicon cue) but no attribution made; or, for a gold span
partly found, "cut short".
Predicted contents lose precision as the share of them no gold content covers: a prediction
overlapping no gold at all is classed by how it was found (direct quote with or without a cue,
lexicon cue, learnt cue), one overlapping some gold is "too long". Sources are checked for
every gold attribution whose content is found: missing, wrong (no overlap) or right.
With ``--sample N`` only the first N articles (sorted by name) are read, with ``--fold K``
those of the cross-validation fold K (``benchmarks/quotes_cue_cv.py``; ``--weights`` the
tagger trained without it); annotator files of an
article are each a gold copy, as in ``propscan.quotes.evaluate``.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter, defaultdict
from pathlib import Path

from propscan.quotes.brat import Attribution, read_folder
from propscan.quotes.cuelookup import cue_at as _cue_at
from propscan.quotes.cuemodel import model, packaged, parse, using
from propscan.quotes.cuetagger_train import folds_of
from propscan.quotes.finder import Found, find_attributions
from propscan.quotes.reported import CUE_THRESHOLD
from propscan.quotes.reported import Scores as _Scores
from propscan.quotes.tokens import paragraph_sentences, tokens_of

SHARED = Path(__file__).resolve().parents[2] / "shared"
_DETERMINERS = frozenset("the a an his her their its this that these those our my your".split())


def _covered(span: tuple[int, int], others: list[tuple[int, int]]) -> int:
    s, e = span
    marks = sorted((max(s, a), min(e, b)) for a, b in others if a < e and s < b)
    total, reach = 0, s
    for a, b in marks:
        a = max(a, reach)
        if b > a:
            total += b - a
            reach = b
    return total


def _sentence(sentences: list[tuple[int, int]], pos: int) -> int:
    return next((k for k, (s, e) in enumerate(sentences) if s <= pos < e), -1)


def _cue_class(text: str, sentences: list[tuple[int, int]], a: Attribution) -> str:
    """Why a gold attribution with a cue, whose content no prediction touches, was missed."""
    cs = a.cue[0][0]
    k = _sentence(sentences, cs)
    if k < 0 or any(_sentence(sentences, s) != k for s, _ in a.content):
        return "content in another sentence than its cue"
    s, e = sentences[k]
    tokens = tokens_of(text, s, e)
    i = next((m for m, t in enumerate(tokens) if t[0] <= cs < t[1]), -1)
    if i < 0:
        return "cue not a token"
    words = [t[2].lower() for t in tokens]
    cue_words = len(tokens_of(text, cs, a.cue[-1][1]))
    if i > 0 and words[i - 1] in _DETERMINERS and not words[i].endswith(("ed", "ing")):
        return "nominal cue (the/his … NOUN)"
    if _cue_at(tokens, i):
        return "lexicon cue, no attribution made"
    cm = model()
    if not cm.candidate(tokens[i][2]):
        return "cue word not a candidate" + (" (multi-word)" if cue_words > 1 else "")
    quoted = any(t[2] in '“”"«»' for t in tokens)
    p = _Scores([t[2] for t in tokens], words, quoted, "’" in text[s:e])(i)
    if p < CUE_THRESHOLD:
        return "candidate below threshold"
    return "learnt cue over threshold, no attribution made"


def _pred_class(text: str, f: Found) -> str:
    if f.direct:
        return "direct quote, " + ("attributed" if f.cue else "standalone")
    if f.cue is None:
        return "reported, no cue"
    s, e = f.cue
    return "reported, cue " + text[s:e].lower()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "polnear")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--sample", type=int, default=0, help="First N articles only.")
    parser.add_argument("--examples", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--weights", type=Path, default=None, help="A cue tagger weights file.")
    parser.add_argument(
        "--fold", type=int, default=-1, help="Only the articles of this cross-validation fold."
    )
    args = parser.parse_args()
    weights = parse(args.weights.read_text(encoding="utf-8")) if args.weights else packaged()
    with using(weights):
        _report(args)


def _report(args: argparse.Namespace) -> None:
    golds = list(read_folder(args.data / args.split))
    names = sorted({name for _, name, _, _ in golds})
    if args.fold >= 0:
        fold_of = folds_of([{name: text for _, name, text, _ in golds}])
        names = [n for n in names if fold_of[n] == args.fold]
        golds = [g for g in golds if g[1] in set(names)]
    if args.sample:
        names = names[: args.sample]
        golds = [g for g in golds if g[1] in set(names)]
    texts = {name: text for _, name, text, _ in golds}
    preds = {n: find_attributions(t) for n, t in texts.items()}
    gold_by: dict[str, list[Attribution]] = defaultdict(list)
    recall_loss: Counter[str] = Counter()
    recall_n: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    n_gold = 0
    source: Counter[str] = Counter()
    rng = random.Random(args.seed)
    for _, name, text, gold in golds:
        gold_by[name].extend(gold)
        sentences = paragraph_sentences(text, len(text))
        pc = [f.content for f in preds[name]]
        for a in gold:
            frags = [(s, e) for s, e in a.content if e > s]
            n_gold += len(frags)
            hit_any = any(_covered(fr, pc) for fr in frags)
            for fr in frags:
                share = _covered(fr, pc) / (fr[1] - fr[0])
                if share >= 1:
                    continue
                if hit_any:
                    cls = "content cut short (partly found)"
                elif not a.cue:
                    cls = "gold without a cue"
                else:
                    cls = _cue_class(text, sentences, a)
                recall_loss[cls] += 1 - share
                recall_n[cls] += 1
                if rng.random() < 0.3 and len(examples[cls]) < args.examples:
                    cue = " ".join(text[s:e] for s, e in a.cue) or "-"
                    examples[cls].append(f"[{cue}] {text[fr[0] : fr[1]][:110]!r}")
            if hit_any and a.source:
                match = [f for f in preds[name] if any(_covered(fr, [f.content]) for fr in frags)]
                if not any(f.source for f in match):
                    source["gold source, content found, no source predicted"] += 1
                elif any(
                    f.source and any(_covered(s, [f.source]) for s in a.source) for f in match
                ):
                    source["source right (overlaps)"] += 1
                else:
                    source["source wrong (no overlap)"] += 1
                    if len(examples["source wrong"]) < 2 * args.examples and rng.random() < 0.3:
                        f = next(f for f in match if f.source)
                        assert f.source is not None
                        gs = " ".join(text[s:e] for s, e in a.source)
                        examples["source wrong"].append(
                            f"gold {gs!r} pred {text[f.source[0] : f.source[1]]!r}"
                        )
    precision_loss: Counter[str] = Counter()
    precision_n: Counter[str] = Counter()
    n_pred = 0
    for _, name, text, _ in golds:  # once per annotator file, as the scorer counts
        gc = [fr for a in gold_by[name] for fr in a.content]
        for f in preds[name]:
            n_pred += 1
            share = _covered(f.content, gc) / max(1, f.content[1] - f.content[0])
            if share >= 1:
                continue
            cls = "too long (overlaps gold)" if share > 0 else "false: " + _pred_class(text, f)
            key = cls if share > 0 or cls.startswith("false: direct") else "false: reported"
            precision_loss[key] += 1 - share
            precision_n[key] += 1
            if share == 0 and rng.random() < 0.2 and len(examples[key]) < 2 * args.examples:
                examples[key].append(f"{cls[7:]}: {text[f.content[0] : f.content[1]][:100]!r}")
    print(f"{args.split}: {len(texts)} articles, {n_gold} gold content fragments, {n_pred} pred")
    print("Recall lost (gold spans' uncovered share; share of total recall):")
    for cls, loss in recall_loss.most_common():
        print(f"  {loss / n_gold:.3f}  {recall_n[cls]:5d} spans  {cls}")
        for ex in examples[cls]:
            print(f"           {ex}")
    print(f"  total {sum(recall_loss.values()) / n_gold:.3f}")
    print("Precision lost (predicted spans' share outside any gold):")
    for cls, loss in precision_loss.most_common():
        print(f"  {loss / n_pred:.3f}  {precision_n[cls]:5d} spans  {cls}")
        for ex in examples[cls]:
            print(f"           {ex}")
    print(f"  total {sum(precision_loss.values()) / n_pred:.3f}")
    print("Sources of found gold attributions:")
    for cls, n in source.most_common():
        print(f"  {n:5d}  {cls}")
    for ex in examples["source wrong"]:
        print(f"           {ex}")


if __name__ == "__main__":
    main()

"""Do short texts top the corpus report's "Articles to read first"? (issue 16)

Usage: python benchmarks/corpus_top_articles.py [--articles 60] [--briefs 20] [--top 25]
       [--models fast accurate]

Builds a small corpus in a temporary folder (no text is copied into the repository): the first
``--articles`` PTC training articles in three made-up outlets, and ``--briefs`` short texts, the
first line and first sentence after it of the next PTC articles (a headline and a lede, as a
news brief or a feed item gives them). Runs ``propscan batch`` on it with each model, and prints,
for the ``--top`` articles ranked two ways, how many are briefs and how many sentences they
have:

- the old article score, the raw share of the article's sentences flagged (both voices);
- the report's ranking now, the author's score: the estimated share of the author's sentences
  holding propaganda with a Beta prior (:mod:`propscan.article_score`);
- for comparison, the low end of the author's score's 90% interval (an article is listed high
  only when it is surely high).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
from pathlib import Path
from typing import Any

from propscan.corpus.batch import BatchOptions, run_batch
from propscan.corpus.store import open_store

PTC = Path(__file__).resolve().parents[2] / "shared" / "data" / "ptc" / "train" / "articles"
OUTLETS = ("daily-post", "the-herald", "world-wire")
_SENTENCE = re.compile(r"^.+?[.!?](?=\s|$)", re.S)


def build_corpus(path: Path, articles: int, briefs: int) -> set[str]:
    """Write the corpus as JSONL; returns the ids of the briefs."""
    files = sorted(PTC.glob("article*.txt"))[: articles + briefs]
    short = set()
    with path.open("w", encoding="utf-8") as handle:
        for i, file in enumerate(files):
            text = file.read_text(encoding="utf-8")
            record: dict[str, Any] = {"id": file.stem, "source": OUTLETS[i % 3], "text": text}
            if i >= articles:
                lines = [line for line in text.splitlines() if line.strip()]
                lede = _SENTENCE.match(" ".join(lines[1:3])) if len(lines) > 1 else None
                record["text"] = lines[0] + "\n\n" + (lede.group(0) if lede else "") + "\n"
                record["id"] = f"brief-{file.stem}"
                short.add(record["id"])
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return short


def measure(db: Path, short: set[str], top: int) -> dict[str, Any]:
    """The top articles by the old raw share and by the author's score."""
    with open_store(db, create=False) as store:
        [model] = store.models()
        rows = []
        for r in store.iter_summaries(model):
            voices = json.loads(r[15])
            author, quoted = voices["author"], voices["quoted"]
            sentences = author["sentences"] + quoted["sentences"]
            raw = (author["flagged"] + quoted["flagged"]) / sentences if sentences else 0.0
            rows.append((r[0], raw, author["score"], sentences, r[10], author["score_low"]))
        listed = [row[0] for row in store.top_articles(model, top)]
    by_id = {row[0]: row for row in rows}
    old = sorted(rows, key=lambda row: (-row[1], -row[4], row[0]))[:top]
    new = [by_id[a] for a in listed]
    low = sorted(rows, key=lambda row: (-row[5], -row[4], row[0]))[:top]
    out: dict[str, Any] = {"model": model, "articles": len(rows), "briefs": len(short)}
    rankings = [("raw share (old score)", old), ("author's score (report)", new),
                ("low end of the author's 90% interval", low)]  # fmt: skip
    for name, ranked in rankings:
        out[name] = {
            "briefs in top": sum(row[0] in short for row in ranked),
            "briefs in top 10": sum(row[0] in short for row in ranked[:10]),
            "median sentences of top": statistics.median(row[3] for row in ranked),
            "first 5": [(r[0], round(r[1], 3), round(r[2], 3), r[3]) for r in ranked[:5]],
        }
    briefs = [row for row in rows if row[0] in short]
    out["briefs' raw share, median"] = statistics.median(row[1] for row in briefs)
    out["briefs' author's score, median and max"] = (
        statistics.median(row[2] for row in briefs),
        max(row[2] for row in briefs),
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--briefs", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--models", nargs="+", default=["fast"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.jsonl"
        short = build_corpus(corpus, args.articles, args.briefs)
        for model in args.models:
            db = Path(folder) / f"{model}.db"
            with open_store(db) as store:
                done = run_batch([corpus], store, BatchOptions(model=model, workers=1))
            assert done.failed == 0, done
            print(json.dumps(measure(db, short, args.top), indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""Scoring attributions against PolNeAR (Newell, Margolin, Ruths, LREC 2018).

- Content and source: the SemEval-2020 SI measure (:func:`propscan.scoring.score_si`): per
  article, overlapping spans are merged and each predicted span earns the share of it that gold
  covers (precision), each gold span the share of it that is predicted (recall). A
  discontinuous gold span counts as its fragments.
- Direct quotes: exact match of (start, end). Gold direct quotes are the content fragments that
  open with a quotation mark and end with one (the closing mark, or the punctuation after it);
  predicted ones are the quotes with ``direct`` set.
- Direct-quote sources (who is quoted, what a fact-checker relies on most): for each predicted
  direct quote overlapping the content of a gold attribution that has a source, whether the
  predicted source overlaps that gold source (right), does not (wrong: a misattribution, or an
  annotation that differs, such as a pronoun for a name), or is missing (none).
- Kinds (:mod:`propscan.quote_kinds`): how many attributions of each kind were found (each
  article once) and how many of the gold ones, read off the gold cue the same way (a gold
  attribution with direct-quote content is speech), to compare what is found with what
  PolNeAR counts.
- Articles with several annotator files: each file is a separate gold copy of the article,
  scored against the same predictions, so every annotator's judgement counts equally (the
  figures are an average over annotators, not a best match).
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from propscan.labels import LabelledSpan
from propscan.quote_kinds import KINDS, quote_kind
from propscan.quotes.brat import Attribution, read_folder
from propscan.quotes.finder import Found, find_attributions
from propscan.quotes.tokens import overlaps
from propscan.scoring import PRF, score_si

if TYPE_CHECKING:
    from propscan.quotes.evidence import CueEvidence

_OPEN = "“\"'‘«„"
_CLOSE = "”\"'’»"


@dataclass(frozen=True)
class QuotesReport:
    """The three scores on one folder, and the speed."""

    content: PRF
    source: PRF
    direct: PRF
    articles: int
    gold_files: int
    articles_per_second: float
    # Direct quotes' sources against gold: (right, wrong, none); see the module docstring.
    direct_sources: tuple[int, int, int] = (0, 0, 0)
    # Attributions by kind, in KINDS order: those found, and the gold ones.
    found_kinds: tuple[int, ...] = (0, 0, 0)
    gold_kinds: tuple[int, ...] = (0, 0, 0)


def _is_direct(text: str, start: int, end: int) -> bool:
    piece = text[start:end].rstrip(".,!?;: ")
    return len(piece) > 1 and piece[0] in _OPEN and piece[-1] in _CLOSE


def _exact(gold: set[tuple[str, int, int]], pred: set[tuple[str, int, int]]) -> PRF:
    hit = len(gold & pred)
    return PRF.from_sums(hit, len(pred), hit, len(gold))


def evaluate_folder(folder: str | Path) -> QuotesReport:
    """Score :func:`find_attributions` on a PolNeAR folder (``text/``, ``attributions/``)."""
    return evaluate_articles(list(read_folder(folder)))


def evaluate_articles(
    golds: list[tuple[str, str, str, list[Attribution]]],
    cues: Mapping[str, CueEvidence] | None = None,
) -> QuotesReport:
    """Score :func:`find_attributions` on PolNeAR articles as
    :func:`~propscan.quotes.brat.read_folder` gives them (one item per annotator file);
    ``cues``: an encoder's cue evidence by article name, where there is some."""
    texts = {name: text for _, name, text, _ in golds}
    started = time.perf_counter()
    predictions: dict[str, list[Found]] = {
        n: find_attributions(t, cues=None if cues is None else cues.get(n))
        for n, t in texts.items()
    }
    elapsed = time.perf_counter() - started
    gold_c: list[LabelledSpan] = []
    gold_s: list[LabelledSpan] = []
    pred_c: list[LabelledSpan] = []
    pred_s: list[LabelledSpan] = []
    gold_d: set[tuple[str, int, int]] = set()
    pred_d: set[tuple[str, int, int]] = set()
    sources = [0, 0, 0, 0]
    found_kinds = Counter(
        quote_kind(text[f.cue[0] : f.cue[1]] if f.cue else None, f.direct)
        for name, text in texts.items()
        for f in predictions[name]
    )
    gold_kinds: Counter[str] = Counter()
    for key, name, text, gold in golds:  # one gold copy per annotator file
        for a in gold:
            direct = any(_is_direct(text, s, e) for s, e in a.content if e > s)
            gold_kinds[quote_kind(" ".join(text[s:e] for s, e in a.cue) or None, direct)] += 1
            for s, e in a.content:
                if e > s:
                    gold_c.append(LabelledSpan(key, s, e))
                    if _is_direct(text, s, e):
                        gold_d.add((key, s, e))
            gold_s.extend(LabelledSpan(key, s, e) for s, e in a.source if e > s)
        for f in predictions[name]:
            if f.direct:
                sources[_source_agreement(f, gold)] += 1
            pred_c.append(LabelledSpan(key, *f.content))
            if f.source:
                pred_s.append(LabelledSpan(key, *f.source))
            if f.direct:
                pred_d.add((key, *f.content))
    return QuotesReport(
        content=score_si(gold_c, pred_c),
        source=score_si(gold_s, pred_s),
        direct=_exact(gold_d, pred_d),
        articles=len(texts),
        gold_files=len(golds),
        articles_per_second=len(texts) / elapsed if elapsed > 0 else float("inf"),
        direct_sources=(sources[0], sources[1], sources[2]),
        found_kinds=tuple(found_kinds[k] for k in KINDS),
        gold_kinds=tuple(gold_kinds[k] for k in KINDS),
    )


def _source_agreement(found: Found, gold: list[Attribution]) -> int:
    """0 right, 1 wrong, 2 none for a direct quote's source; 3 when no gold attribution with a
    source holds the quote (not counted)."""
    match = next((a for a in gold if overlaps(found.content, a.content)), None)
    if match is None or not match.source:
        return 3
    if found.source is None:
        return 2
    return 0 if overlaps(found.source, match.source) else 1


def format_report(name: str, report: QuotesReport) -> str:
    """A small table of one report."""
    rows = [f"{name}: {report.articles} articles, {report.gold_files} annotator files"]
    for label, prf in (
        ("content (SI overlap)", report.content),
        ("source (SI overlap)", report.source),
        ("direct quotes (exact)", report.direct),
    ):
        rows.append(
            f"  {label:<22} P {prf.precision:.3f}  R {prf.recall:.3f}  F1 {prf.f1:.3f}"
            f"  (pred {prf.n_pred}, gold {prf.n_gold})"
        )
    right, wrong, none = report.direct_sources
    sourced = right + wrong
    if sourced:
        rows.append(
            f"  direct-quote sources  right {right}, wrong {wrong} ({wrong / sourced:.1%} of "
            f"those given), none {none}"
        )
    for label, counts in (("found", report.found_kinds), ("gold", report.gold_kinds)):
        total = sum(counts) or 1
        shares = ", ".join(
            f"{k} {n:,} ({n / total:.0%})" for k, n in zip(KINDS, counts, strict=True)
        )
        rows.append(f"  kinds {label:<15} {shares}")
    rows.append(f"  speed {report.articles_per_second:.0f} articles/s")
    return "\n".join(rows)


def fold_row(report: QuotesReport) -> tuple[float, float, float, float, float, float]:
    """One cross-validation fold's figures, as the quote benchmarks tabulate them: content then
    source precision, recall and F1."""
    c, s = report.content, report.source
    return (c.precision, c.recall, c.f1, s.precision, s.recall, s.f1)


def format_fold_row(fold: int, label: str, row: tuple[float, ...]) -> str:
    """A :func:`fold_row` as one line."""
    return (
        f"fold {fold} {label}: content {row[0]:.3f} / {row[1]:.3f} / {row[2]:.3f}, "
        f"source {row[3]:.3f} / {row[4]:.3f} / {row[5]:.3f}"
    )


def paired_summary(results: Mapping[str, list[tuple[float, ...]]], base: str) -> list[str]:
    """For every run of ``results`` (its :func:`fold_row` by fold), content and source mean
    P / R / F1, F1's standard deviation, and the F1 gain over run ``base`` fold by fold."""
    lines = []
    for label, got in results.items():
        for part, at in (("content", 0), ("source", 3)):
            p, r, f1 = ([g[at + i] for g in got] for i in range(3))
            gains = " ".join(
                f"{g[at + 2] - b[at + 2]:+.3f}" for g, b in zip(got, results[base], strict=True)
            )
            lines.append(
                f"{label} {part}: {statistics.mean(p):.3f} / {statistics.mean(r):.3f} / "
                f"{statistics.mean(f1):.3f} ± {statistics.stdev(f1):.3f}, paired F1 gain {gains}"
            )
    return lines

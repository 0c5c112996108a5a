"""The SemEval-2020 Task 11 measures: span identification, technique classification, full task.

Pure functions over :class:`~propscan.labels.LabelledSpan` collections; no I/O.

- SI: per article, overlapping spans are merged (gold and predictions separately, techniques
  ignored). With S the merged predicted spans and T the merged gold spans of all articles,
  ``P = (Σ_{s∈S,t∈T same article} |s∩t|/|s|) / |S|`` and
  ``R = (Σ |s∩t|/|t|) / |T|``; this is the official ``task-SI_scorer.py`` computation.
- TC: rows are matched on (article, start, end); at each such key the number of matches is the
  size of the multiset intersection of gold and predicted techniques. Micro P = matches/|pred|,
  R = matches/|gold|.
- Full task: the SI formula where a pair only counts when the techniques are equal, spans merged
  per article and per technique.

Conventions where the official scorers leave a gap or differ:

- An empty prediction set has P = 0, an empty gold set R = 0, and F1 = 0 whenever P + R = 0.
  (The official SI scorer reports F1 = 1 when both sets are empty; we report 0, so an empty
  comparison never looks perfect.)
- A technique of ``None`` (unknown, ``?``) never matches anything, not even another ``None``:
  it counts in the denominators only, and gets no per-technique row.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from propscan.errors import OffsetError
from propscan.labels import LabelledSpan
from propscan.taxonomy import TECHNIQUE_NAMES

Span = tuple[int, int]


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1, with the counts they come from.

    For SI and the full task the counts are of merged spans; for TC, of label rows.
    """

    precision: float
    recall: float
    f1: float
    n_pred: int
    n_gold: int

    @classmethod
    def from_sums(cls, p_num: float, n_pred: int, r_num: float, n_gold: int) -> PRF:
        """Build from precision and recall numerators and their denominators (0 if empty)."""
        precision = p_num / n_pred if n_pred else 0.0
        recall = r_num / n_gold if n_gold else 0.0
        return cls(precision, recall, _f1(precision, recall), n_pred, n_gold)

    def to_dict(self) -> dict[str, float | int]:
        """The fields as a JSON-ready dict."""
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


@dataclass(frozen=True)
class TCResult:
    """Technique classification scores: micro-averaged and per technique."""

    micro: PRF
    per_technique: dict[str, PRF]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "micro": self.micro.to_dict(),
            "per_technique": {name: prf.to_dict() for name, prf in self.per_technique.items()},
        }


@dataclass(frozen=True)
class FullResult:
    """Full-task scores (span and technique together): micro-averaged and per technique."""

    micro: PRF
    per_technique: dict[str, PRF]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "micro": self.micro.to_dict(),
            "per_technique": {name: prf.to_dict() for name, prf in self.per_technique.items()},
        }


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total > 0 else 0.0


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Merge spans that overlap, i.e. share at least one character.

    Spans that merely touch (``[a, b)`` and ``[b, c)``) stay separate, as in the official
    SemEval-2020 SI scorer, which merges two spans when their character sets intersect.
    Empty spans (``start == end``) cover no character and are dropped.

    Returns:
        Sorted, pairwise disjoint spans covering exactly the characters of the input.

    Raises:
        OffsetError: for a span with ``end < start``.
    """
    ordered = sorted(spans)
    merged: list[Span] = []
    for start, end in ordered:
        if end < start:
            raise OffsetError(f"span {start}-{end}: end is before start")
        if end == start:
            continue
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _overlap_sums(pred: list[Span], gold: list[Span]) -> tuple[float, float]:
    """Σ |s∩t|/|s| and Σ |s∩t|/|t| over all pairs of two sorted, disjoint span lists."""
    p_num = r_num = 0.0
    i = j = 0
    # Both lists are sorted and disjoint, so a sweep visits every overlapping pair once.
    while i < len(pred) and j < len(gold):
        (ps, pe), (gs, ge) = pred[i], gold[j]
        overlap = min(pe, ge) - max(ps, gs)
        if overlap > 0:
            p_num += overlap / (pe - ps)
            r_num += overlap / (ge - gs)
        if pe < ge:
            i += 1
        else:
            j += 1
    return p_num, r_num


def _merged_by(
    spans: Iterable[LabelledSpan], *, by_technique: bool
) -> dict[tuple[str, str | None], list[Span]]:
    groups: dict[tuple[str, str | None], list[Span]] = defaultdict(list)
    for span in spans:
        key = (span.article_id, span.technique if by_technique else None)
        groups[key].append((span.start, span.end))
    return {key: merge_spans(group) for key, group in groups.items()}


def score_si(gold: Iterable[LabelledSpan], pred: Iterable[LabelledSpan]) -> PRF:
    """Span identification score (techniques ignored); ``n_pred``/``n_gold`` count merged spans.

    Example: gold [5, 15), predicted [0, 10): overlap 5, so P = 5/10 and R = 5/10.
    """
    gold_m = _merged_by(gold, by_technique=False)
    pred_m = _merged_by(pred, by_technique=False)
    p_num = r_num = 0.0
    for key, pred_spans in pred_m.items():
        p, r = _overlap_sums(pred_spans, gold_m.get(key, []))
        p_num += p
        r_num += r
    n_pred = sum(len(v) for v in pred_m.values())
    n_gold = sum(len(v) for v in gold_m.values())
    return PRF.from_sums(p_num, n_pred, r_num, n_gold)


def _technique_order(names: Iterable[str | None]) -> list[str]:
    """The named techniques seen, the 14 classes in taxonomy order and any others after."""
    seen = {name for name in names if name is not None}
    known = [name for name in TECHNIQUE_NAMES if name in seen]
    return known + sorted(seen.difference(TECHNIQUE_NAMES))


def score_tc(gold: Iterable[LabelledSpan], pred: Iterable[LabelledSpan]) -> TCResult:
    """Technique classification score, micro-averaged and per technique.

    Rows are grouped by (article, start, end); the matches at a key are the size of the
    multiset intersection of its gold and predicted techniques, so a span labelled twice with
    two techniques needs both predicted to score 2. Per technique, TP is that technique's
    matches, P = TP / #predicted with it, R = TP / #gold with it.

    When the prediction gives exactly one label per gold row (the task setting), |pred| =
    |gold|, so P = R = F1 = accuracy.
    """
    gold_list, pred_list = list(gold), list(pred)
    gold_at: dict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
    pred_at: dict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
    for span in gold_list:
        if span.technique is not None:
            gold_at[(span.article_id, span.start, span.end)][span.technique] += 1
    for span in pred_list:
        if span.technique is not None:
            pred_at[(span.article_id, span.start, span.end)][span.technique] += 1
    tp: Counter[str] = Counter()
    for key, predicted in pred_at.items():
        tp.update(predicted & gold_at.get(key, Counter()))
    n_gold_of = Counter(s.technique for s in gold_list if s.technique is not None)
    n_pred_of = Counter(s.technique for s in pred_list if s.technique is not None)
    per_technique = {
        name: PRF.from_sums(tp[name], n_pred_of[name], tp[name], n_gold_of[name])
        for name in _technique_order([*n_gold_of, *n_pred_of])
    }
    matches = sum(tp.values())
    micro = PRF.from_sums(matches, len(pred_list), matches, len(gold_list))
    return TCResult(micro, per_technique)


def score_full(gold: Iterable[LabelledSpan], pred: Iterable[LabelledSpan]) -> FullResult:
    """Full-task score: SI where a pair counts only when the techniques are equal.

    Spans are merged per article and per technique. The micro score sums the numerators over
    all techniques and divides by all merged spans; each technique's own score uses only its
    spans. Spans with an unknown technique count in the micro denominators and match nothing.
    """
    gold_m = _merged_by(gold, by_technique=True)
    pred_m = _merged_by(pred, by_technique=True)
    p_num_of: defaultdict[str, float] = defaultdict(float)
    r_num_of: defaultdict[str, float] = defaultdict(float)
    for (article_id, name), pred_spans in pred_m.items():
        if name is None:
            continue
        p, r = _overlap_sums(pred_spans, gold_m.get((article_id, name), []))
        p_num_of[name] += p
        r_num_of[name] += r
    n_pred_of: Counter[str | None] = Counter()
    n_gold_of: Counter[str | None] = Counter()
    for (_, name), spans in pred_m.items():
        n_pred_of[name] += len(spans)
    for (_, name), spans in gold_m.items():
        n_gold_of[name] += len(spans)
    per_technique = {
        name: PRF.from_sums(p_num_of[name], n_pred_of[name], r_num_of[name], n_gold_of[name])
        for name in _technique_order([*n_gold_of, *n_pred_of])
    }
    micro = PRF.from_sums(
        sum(p_num_of.values()),
        sum(n_pred_of.values()),
        sum(r_num_of.values()),
        sum(n_gold_of.values()),
    )
    return FullResult(micro, per_technique)


@dataclass
class EvalReport:
    """All three measures of one prediction against one gold set.

    ``tc`` and ``full`` are ``None`` when the gold spans carry no techniques (SI-only gold).
    """

    si: PRF
    tc: TCResult | None = None
    full: FullResult | None = None
    n_articles: int = 0
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the ``--json`` output)."""
        return {
            "n_articles": self.n_articles,
            "si": self.si.to_dict(),
            "tc": self.tc.to_dict() if self.tc is not None else None,
            "full": self.full.to_dict() if self.full is not None else None,
            "notes": list(self.notes),
        }


def evaluate(gold: Iterable[LabelledSpan], pred: Iterable[LabelledSpan]) -> EvalReport:
    """Score ``pred`` against ``gold`` on SI, and on TC and full task if gold has techniques."""
    gold_list, pred_list = list(gold), list(pred)
    has_techniques = any(s.technique is not None for s in gold_list)
    notes: list[str] = []
    if has_techniques and not any(s.technique is not None for s in pred_list):
        notes.append("the predictions carry no techniques: TC and full-task scores are 0")
    return EvalReport(
        si=score_si(gold_list, pred_list),
        tc=score_tc(gold_list, pred_list) if has_techniques else None,
        full=score_full(gold_list, pred_list) if has_techniques else None,
        n_articles=len({s.article_id for s in gold_list}),
        notes=notes,
    )


def format_table(report: EvalReport) -> str:
    """A plain-text table: overall SI/TC/full rows, then per technique TC F1 and full P/R/F1."""
    lines = [f"{'task':<6}{'P':>9}{'R':>9}{'F1':>9}{'pred':>8}{'gold':>8}"]
    rows: list[tuple[str, PRF]] = [("SI", report.si)]
    if report.tc is not None:
        rows.append(("TC", report.tc.micro))
    if report.full is not None:
        rows.append(("full", report.full.micro))
    for name, prf in rows:
        lines.append(
            f"{name:<6}{prf.precision:>9.4f}{prf.recall:>9.4f}{prf.f1:>9.4f}"
            f"{prf.n_pred:>8}{prf.n_gold:>8}"
        )
    if report.tc is not None and report.full is not None:
        tc, full = report.tc.per_technique, report.full.per_technique
        names = _technique_order([*tc, *full])
        width = max([len("technique"), *(len(n) for n in names)]) + 2
        lines.append("")
        lines.append(
            f"{'technique':<{width}}{'TC F1':>8}{'full P':>9}{'full R':>9}{'full F1':>9}{'gold':>7}"
        )
        empty = PRF(0.0, 0.0, 0.0, 0, 0)
        for name in names:
            t, f = tc.get(name, empty), full.get(name, empty)
            lines.append(
                f"{name:<{width}}{t.f1:>8.4f}{f.precision:>9.4f}{f.recall:>9.4f}{f.f1:>9.4f}"
                f"{t.n_gold:>7}"
            )
    lines.extend(f"note: {note}" for note in report.notes)
    return "\n".join(lines) + "\n"

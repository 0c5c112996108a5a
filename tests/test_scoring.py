"""Tests of the SemEval-2020 Task 11 measures, with expected values worked out by hand."""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from propscan.errors import OffsetError
from propscan.labels import LabelledSpan
from propscan.scoring import (
    PRF,
    EvalReport,
    evaluate,
    format_table,
    merge_spans,
    score_full,
    score_si,
    score_tc,
)

LL = "Loaded_Language"
DOUBT = "Doubt"
FLAG = "Flag-Waving"


def span(start: int, end: int, technique: str | None = None, article: str = "a") -> LabelledSpan:
    return LabelledSpan(article, start, end, technique)


def approx(x: float) -> object:
    return pytest.approx(x, abs=1e-4)


def assert_prf(prf: PRF, p: float, r: float, f1: float) -> None:
    assert (prf.precision, prf.recall, prf.f1) == (approx(p), approx(r), approx(f1))


# --- merge_spans -----------------------------------------------------------------------------


def test_merge_overlapping_and_nested() -> None:
    assert merge_spans([(5, 8), (0, 3), (2, 4)]) == [(0, 4), (5, 8)]
    assert merge_spans([(0, 10), (2, 3), (9, 12)]) == [(0, 12)]


def test_merge_keeps_touching_spans_apart() -> None:
    # [0,5) and [5,10) share no character: the official SI scorer keeps them apart.
    assert merge_spans([(5, 10), (0, 5)]) == [(0, 5), (5, 10)]


def test_merge_drops_empty_and_rejects_inverted() -> None:
    assert merge_spans([]) == []
    assert merge_spans([(3, 3), (1, 2)]) == [(1, 2)]
    with pytest.raises(OffsetError, match="5-2"):
        merge_spans([(5, 2)])


# --- SI --------------------------------------------------------------------------------------


def test_si_half_overlap() -> None:
    # pred [0,10) vs gold [5,15): |s∩t| = 5; P = 5/10 = 1/2, R = 5/10 = 1/2, F1 = 1/2.
    result = score_si([span(5, 15)], [span(0, 10)])
    assert_prf(result, 0.5, 0.5, 0.5)
    assert (result.n_pred, result.n_gold) == (1, 1)


def test_si_one_prediction_covering_two_gold_spans() -> None:
    # pred [0,20), gold [0,5) and [10,20):
    # P = (5/20 + 10/20) / 1 = 3/4; R = (5/5 + 10/10) / 2 = 1; F1 = 2·(3/4)·1 / (7/4) = 6/7.
    result = score_si([span(0, 5), span(10, 20)], [span(0, 20)])
    assert_prf(result, 3 / 4, 1.0, 6 / 7)
    assert_prf(result, 0.75, 1.0, 0.8571)


def test_si_overlapping_predictions_are_merged_first() -> None:
    # pred [0,6) and [4,10) merge to [0,10); against gold [5,15) that is P = R = 5/10 = 1/2.
    # Unmerged it would be P = (1/6 + 5/6) / 2 = 1/2 but R = (1/10 + 5/10) / 1 = 3/5.
    result = score_si([span(5, 15)], [span(0, 6), span(4, 10)])
    assert_prf(result, 0.5, 0.5, 0.5)
    assert result.n_pred == 1


def test_si_overlapping_gold_is_merged_too() -> None:
    # gold [0,6) and [4,10) merge to [0,10); pred [0,10): P = R = 1 with n_gold = 1.
    result = score_si([span(0, 6), span(4, 10)], [span(0, 10)])
    assert_prf(result, 1.0, 1.0, 1.0)
    assert result.n_gold == 1


def test_si_touching_predictions_are_not_merged() -> None:
    # gold [0,5); pred [0,5) and [5,6) stay two spans:
    # P = (5/5 + 0/1) / 2 = 1/2, R = 5/5 = 1, F1 = 2·(1/2)·1 / (3/2) = 2/3.
    # (Merged into [0,6) it would be P = 5/6.)
    result = score_si([span(0, 5)], [span(0, 5), span(5, 6)])
    assert_prf(result, 1 / 2, 1.0, 2 / 3)
    assert result.n_pred == 2


def test_si_spans_in_different_articles_never_match() -> None:
    result = score_si([span(0, 10, article="a")], [span(0, 10, article="b")])
    assert_prf(result, 0.0, 0.0, 0.0)
    assert (result.n_pred, result.n_gold) == (1, 1)


def test_si_sums_over_articles() -> None:
    # gold a:[0,10), b:[0,10); pred a:[0,10), b:[0,5):
    # P = (10/10 + 5/5) / 2 = 1; R = (10/10 + 5/10) / 2 = 3/4; F1 = 2·(3/4) / (7/4) = 6/7.
    gold = [span(0, 10, article="a"), span(0, 10, article="b")]
    pred = [span(0, 10, article="a"), span(0, 5, article="b")]
    assert_prf(score_si(gold, pred), 1.0, 3 / 4, 6 / 7)


def test_si_ignores_techniques() -> None:
    assert_prf(score_si([span(0, 10, LL)], [span(0, 10, DOUBT)]), 1.0, 1.0, 1.0)


def test_si_empty_sides() -> None:
    # No predictions: P is defined as 0 (0/0); nothing found, so R = 0 and F1 = 0.
    none_predicted = score_si([span(0, 10)], [])
    assert_prf(none_predicted, 0.0, 0.0, 0.0)
    assert (none_predicted.n_pred, none_predicted.n_gold) == (0, 1)
    # No gold: R is defined as 0; no prediction can overlap gold, so P = 0.
    no_gold = score_si([], [span(0, 10)])
    assert_prf(no_gold, 0.0, 0.0, 0.0)
    assert (no_gold.n_pred, no_gold.n_gold) == (1, 0)
    # Both empty: 0, not the official scorer's F1 = 1.
    assert_prf(score_si([], []), 0.0, 0.0, 0.0)


# --- TC --------------------------------------------------------------------------------------


def test_tc_span_labelled_twice() -> None:
    # gold: [0,10) is both LL and Doubt, [20,30) is Flag-Waving.
    # pred: [0,10) LL twice, [20,30) Flag-Waving.
    # At [0,10): {LL:2} ∩ {LL:1, Doubt:1} = {LL:1} -> 1 match; at [20,30): 1 match.
    # P = 2/3, R = 2/3, F1 = 2/3.
    gold = [span(0, 10, LL), span(0, 10, DOUBT), span(20, 30, FLAG)]
    pred = [span(0, 10, LL), span(0, 10, LL), span(20, 30, FLAG)]
    result = score_tc(gold, pred)
    assert_prf(result.micro, 2 / 3, 2 / 3, 2 / 3)
    # LL: TP 1, predicted 2, gold 1 -> P = 1/2, R = 1, F1 = 2/3.
    assert_prf(result.per_technique[LL], 1 / 2, 1.0, 2 / 3)
    # Doubt: TP 0 of gold 1, never predicted -> 0, 0, 0.
    assert_prf(result.per_technique[DOUBT], 0.0, 0.0, 0.0)
    assert result.per_technique[DOUBT].n_gold == 1
    assert_prf(result.per_technique[FLAG], 1.0, 1.0, 1.0)
    # Both techniques predicted at [0,10): all three match.
    both = [span(0, 10, DOUBT), span(0, 10, LL), span(20, 30, FLAG)]
    assert_prf(score_tc(gold, both).micro, 1.0, 1.0, 1.0)


def test_tc_one_label_per_gold_row_is_accuracy() -> None:
    # 4 gold rows, 4 predictions on the same spans, 3 right: P = R = F1 = 3/4.
    gold = [span(0, 5, LL), span(10, 15, LL), span(20, 25, DOUBT), span(30, 35, FLAG)]
    pred = [span(0, 5, LL), span(10, 15, DOUBT), span(20, 25, DOUBT), span(30, 35, FLAG)]
    assert_prf(score_tc(gold, pred).micro, 3 / 4, 3 / 4, 3 / 4)


def test_tc_needs_exact_offsets_and_article() -> None:
    gold = [span(0, 10, LL)]
    assert_prf(score_tc(gold, [span(0, 9, LL)]).micro, 0.0, 0.0, 0.0)
    assert_prf(score_tc(gold, [span(0, 10, LL, article="b")]).micro, 0.0, 0.0, 0.0)


def test_tc_extra_predictions_lower_precision() -> None:
    # gold 1 row; pred the right one plus a wrong span: P = 1/2, R = 1, F1 = 2/3.
    result = score_tc([span(0, 10, LL)], [span(0, 10, LL), span(20, 30, LL)])
    assert_prf(result.micro, 1 / 2, 1.0, 2 / 3)


def test_tc_unknown_technique_never_matches() -> None:
    # "?" (None) counts as a prediction but matches nothing, not even a gold "?".
    result = score_tc([span(0, 10, None)], [span(0, 10, None)])
    assert_prf(result.micro, 0.0, 0.0, 0.0)
    assert result.per_technique == {}


# --- full task -------------------------------------------------------------------------------


def test_full_technique_mismatch_scores_zero() -> None:
    gold, pred = [span(0, 10, LL)], [span(0, 10, DOUBT)]
    result = score_full(gold, pred)
    assert_prf(result.micro, 0.0, 0.0, 0.0)
    assert_prf(score_si(gold, pred), 1.0, 1.0, 1.0)


def test_full_mixed() -> None:
    # gold LL [0,10), Doubt [20,30); pred LL [0,10), LL [20,25).
    # Pairs that count: LL [0,10) with LL [0,10) -> 10/10 for P and R. LL [20,25) meets no
    # LL gold. P = (1 + 0) / 2 = 1/2; R = (1 + 0) / 2 = 1/2; F1 = 1/2.
    gold = [span(0, 10, LL), span(20, 30, DOUBT)]
    pred = [span(0, 10, LL), span(20, 25, LL)]
    result = score_full(gold, pred)
    assert_prf(result.micro, 0.5, 0.5, 0.5)
    # LL alone: P = 1/2 (2 predicted), R = 1/1, F1 = 2/3. Doubt: 0, 0, 0.
    assert_prf(result.per_technique[LL], 1 / 2, 1.0, 2 / 3)
    assert_prf(result.per_technique[DOUBT], 0.0, 0.0, 0.0)


def test_full_partial_overlap_and_wrong_technique() -> None:
    # gold LL [0,10); pred LL [5,15) and Doubt [0,10).
    # P = (5/10 + 0) / 2 = 1/4; R = (5/10) / 1 = 1/2; F1 = 2·(1/4)·(1/2) / (3/4) = 1/3.
    result = score_full([span(0, 10, LL)], [span(5, 15, LL), span(0, 10, DOUBT)])
    assert_prf(result.micro, 1 / 4, 1 / 2, 1 / 3)


def test_full_merges_per_technique_only() -> None:
    # LL [0,10) and Doubt [5,15) overlap but are different techniques: two spans in the full
    # task (P = R = 1 with 2 spans each side), one merged span [0,15) in SI.
    spans = [span(0, 10, LL), span(5, 15, DOUBT)]
    full = score_full(spans, spans)
    assert_prf(full.micro, 1.0, 1.0, 1.0)
    assert (full.micro.n_pred, full.micro.n_gold) == (2, 2)
    assert score_si(spans, spans).n_gold == 1
    # Same-technique overlap merges: LL [0,6) + LL [4,10) vs gold LL [0,10) -> P = R = 1, 1 span.
    merged = score_full([span(0, 10, LL)], [span(0, 6, LL), span(4, 10, LL)])
    assert_prf(merged.micro, 1.0, 1.0, 1.0)
    assert merged.micro.n_pred == 1


# --- report ----------------------------------------------------------------------------------


def test_report_dict_and_table() -> None:
    gold = [span(0, 10, LL), span(20, 30, DOUBT)]
    pred = [span(0, 10, LL), span(20, 25, LL)]
    report = evaluate(gold, pred)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["si"]["precision"] == approx(1.0)  # [0,10) and [20,25) lie inside gold.
    assert data["si"]["recall"] == approx(0.75)  # (10/10 + 5/10) / 2
    assert data["full"]["micro"]["f1"] == approx(0.5)
    assert set(data["tc"]["per_technique"]) == {LL, DOUBT}
    table = format_table(report)
    assert "0.7500" in table
    lines = table.splitlines()
    assert [line.split()[0] for line in lines[1:4]] == ["SI", "TC", "full"]
    assert any(line.startswith(LL) for line in lines)
    assert table.endswith("\n")


def test_report_without_gold_techniques() -> None:
    report = evaluate([span(0, 10)], [span(0, 10)])
    assert report.tc is None and report.full is None
    assert report.to_dict()["tc"] is None
    assert "TC" not in format_table(report)


def test_report_notes_predictions_without_techniques() -> None:
    report = evaluate([span(0, 10, LL)], [span(0, 10)])
    assert report.notes and "no techniques" in format_table(report)
    assert isinstance(report, EvalReport)


# --- properties ------------------------------------------------------------------------------

raw_spans = st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 40)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=30,
)
labelled = st.lists(
    st.builds(
        lambda a, s, n, t: LabelledSpan(a, s, s + n, t),
        st.sampled_from(["a", "b", "c"]),
        st.integers(0, 200),
        st.integers(1, 40),
        st.sampled_from([LL, DOUBT, FLAG, None]),
    ),
    max_size=25,
)


def _chars(spans: Iterable[tuple[int, int]]) -> set[int]:
    return {i for start, end in spans for i in range(start, end)}


@settings(deadline=None)  # a shared, loaded machine must not make timing flaky
@given(raw_spans)
def test_merge_properties(spans: list[tuple[int, int]]) -> None:
    merged = merge_spans(spans)
    assert merged == sorted(merged)
    assert all(start < end for start, end in merged)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(merged))
    assert _chars(merged) == _chars(spans)
    assert merge_spans(merged) == merged


@settings(deadline=None)  # a shared, loaded machine must not make timing flaky
@given(labelled.filter(bool))
def test_si_self_score_is_perfect(gold: list[LabelledSpan]) -> None:
    assert score_si(gold, gold).f1 == approx(1.0)
    known = [s for s in gold if s.technique is not None]
    if known:
        assert score_full(known, known).micro.f1 == approx(1.0)
        assert score_tc(known, known).micro.f1 == approx(1.0)


def _reference_si(gold: list[LabelledSpan], pred: list[LabelledSpan]) -> tuple[float, float]:
    """The official scorer's way: character sets, merged by repeated pairwise union."""

    def merged(spans: list[LabelledSpan]) -> dict[str, list[set[int]]]:
        out: dict[str, list[set[int]]] = {}
        for s in spans:
            out.setdefault(s.article_id, []).append(set(range(s.start, s.end)))
        for sets in out.values():
            changed = True
            while changed:
                changed = False
                for i in range(len(sets)):
                    for j in range(i + 1, len(sets)):
                        if sets[i] & sets[j]:
                            sets[i] |= sets.pop(j)
                            changed = True
                            break
                    if changed:
                        break
        return out

    g, p = merged(gold), merged(pred)
    p_num = sum(len(s & t) / len(s) for a in p for s in p[a] for t in g.get(a, []))
    r_num = sum(len(s & t) / len(t) for a in p for s in p[a] for t in g.get(a, []))
    n_p, n_g = sum(map(len, p.values())), sum(map(len, g.values()))
    return (p_num / n_p if n_p else 0.0, r_num / n_g if n_g else 0.0)


@settings(deadline=None)  # a shared, loaded machine must not make timing flaky
@given(labelled, labelled)
def test_si_matches_reference_and_bounds(
    gold: list[LabelledSpan], pred: list[LabelledSpan]
) -> None:
    result = score_si(gold, pred)
    reference = _reference_si(gold, pred)
    assert (result.precision, result.recall) == (approx(reference[0]), approx(reference[1]))
    for prf in (result, score_tc(gold, pred).micro, score_full(gold, pred).micro):
        for value in (prf.precision, prf.recall, prf.f1):
            assert -1e-9 <= value <= 1 + 1e-9
    # Precision of pred against gold is recall of gold against pred.
    assert score_si(pred, gold).recall == approx(result.precision)

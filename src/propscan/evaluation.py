"""Scoring a detector on labelled articles with the SemEval-2020 Task 11 measures."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from propscan.dataset import Article
from propscan.detectors.base import Detector
from propscan.labels import LabelledSpan
from propscan.scoring import EvalReport, score_full, score_si, score_tc


def predict_spans(detector: Detector, article: Article) -> list[LabelledSpan]:
    """The detector's fragments of one article, with techniques (SI and full task)."""
    detection = detector(article.document)
    return [LabelledSpan(article.id, f.start, f.end, f.technique) for f in detection.fragments]


def classify_gold(detector: Detector, article: Article) -> list[LabelledSpan]:
    """One predicted technique for each gold span of one article (the TC task)."""
    spans = [(g.start, g.end) for g in article.gold]
    labels = detector.classify(article.document, spans)
    return [
        LabelledSpan(article.id, s, e, technique)
        for (s, e), (technique, _) in zip(spans, labels, strict=True)
    ]


def evaluate_detector(
    detector: Detector,
    articles: Sequence[Article],
    progress: Callable[[Iterable[Article]], Iterable[Article]] = iter,
) -> EvalReport:
    """SI and full-task scores of the detector's own fragments, TC on the gold spans."""
    gold: list[LabelledSpan] = []
    predicted: list[LabelledSpan] = []
    classified: list[LabelledSpan] = []
    for article in progress(articles):
        gold.extend(article.gold)
        predicted.extend(predict_spans(detector, article))
        classified.extend(classify_gold(detector, article))
    return EvalReport(
        si=score_si(gold, predicted),
        tc=score_tc(gold, classified),
        full=score_full(gold, predicted),
        n_articles=len(articles),
    )

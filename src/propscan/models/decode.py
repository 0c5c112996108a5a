"""From per-token probabilities to fragments: hysteresis over runs of tokens in a sentence."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from propscan.features import Tokens
from propscan.labels import LabelledSpan
from propscan.scoring import score_si


@dataclass(frozen=True)
class DecodeParams:
    """How token probabilities become fragments; tuned by ``propscan train`` (see training).

    A fragment is a run of tokens at or above ``low`` in one sentence, gaps of at most
    ``max_gap`` tokens bridged, that holds at least one token at or above ``high``. Hysteresis
    keeps the many faint, scattered single-token runs out (each would cost precision under the
    SemEval measure, which counts fragments) while letting a confident fragment extend over
    its weaker words.
    """

    low: float = 0.15
    high: float = 0.35
    max_gap: int = 2


def runs(
    tokens: Tokens, probabilities: np.ndarray, params: DecodeParams
) -> list[tuple[int, int, float]]:
    """Fragments as ``(start_char, end_char, mean_probability)``.

    Runs made only of punctuation are dropped. Fragments start at a token's first character
    and end at a token's last, so they snap to word boundaries.
    """
    fragments: list[tuple[int, int, float]] = []
    if not len(probabilities) or probabilities.max() < params.high:
        return fragments
    # Walk the tokens at or above ``low`` only (few, next to the article's length): a run
    # takes the next one while at most ``max_gap`` tokens lie between and the sentence is
    # the same (sentences are contiguous, so the next token's sentence tells).
    above = np.flatnonzero(probabilities >= params.low).tolist()
    sentence = tokens.sentence
    k, m = 0, len(above)
    while k < m:
        first = last = above[k]
        k += 1
        while (
            k < m
            and above[k] - last - 1 <= params.max_gap
            and sentence[above[k]] == sentence[first]
        ):
            last = above[k]
            k += 1
        run = probabilities[first : last + 1]
        if run.max() >= params.high and any(w[0].isalnum() for w in tokens.words[first : last + 1]):
            fragments.append((int(tokens.starts[first]), int(tokens.ends[last]), float(run.mean())))
    return fragments


def probabilities_at(
    tokens: Tokens, probabilities: np.ndarray, positions: np.ndarray
) -> np.ndarray:
    """The probability of the token of ``tokens`` holding each character position (0 where
    none does): one tokenization's token probabilities read at another's token starts."""
    at = np.zeros(len(positions), dtype=np.float32)
    if not len(tokens.starts) or not len(positions):
        return at
    # Tokens are sorted and disjoint: the candidate is the first token ending after the position.
    index = np.minimum(np.searchsorted(tokens.ends, positions, side="right"), len(tokens.ends) - 1)
    holds = (tokens.starts[index] <= positions) & (positions < tokens.ends[index])
    at[holds] = probabilities[index[holds]]
    return at


@dataclass(frozen=True)
class BlockShift:
    """A move of a block's "inside" probabilities before decoding, by how propagandistic the
    encoder reads the whole block: each token's logit moves by ``weight * (block's mean logit
    - reference)``, ``reference`` being the mean block logit of the held-out articles the
    decoding was tuned on. A block read as heavy in propaganda is decoded more readily and a
    plain one less, where one threshold serves all; the weight is tuned with the thresholds
    (:mod:`propscan.training.crossval`), 0 leaves the probabilities as they are. An article up
    to ``windows.BLOCK`` tokens is one block."""

    weight: float = 0.0
    reference: float = 0.0

    def apply(self, probabilities: np.ndarray) -> np.ndarray:
        if not self.weight or not len(probabilities):
            return probabilities
        logits = _logit(probabilities)
        moved = logits + self.weight * (float(logits.mean()) - self.reference)
        return np.asarray(1.0 / (1.0 + np.exp(-moved)), dtype=np.float32)


def mean_logit(probabilities: np.ndarray) -> float:
    """The mean logit of a block's probabilities (what :class:`BlockShift` compares)."""
    return float(_logit(probabilities).mean()) if len(probabilities) else 0.0


def _logit(probabilities: np.ndarray) -> np.ndarray:
    p = np.clip(probabilities.astype(np.float64), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def mix(probabilities: np.ndarray, helper: np.ndarray, weight: float) -> np.ndarray:
    """``probabilities`` with a share ``weight`` of a helper model's for the same tokens."""
    return np.asarray((1 - weight) * probabilities + weight * helper, dtype=np.float32)


def sentence_scores(tokens: Tokens, probabilities: np.ndarray, n_sentences: int) -> np.ndarray:
    """Each sentence's score: the highest token probability in it (0 for token-less ones)."""
    scores = np.zeros(n_sentences, dtype=np.float32)
    if len(probabilities):
        np.maximum.at(scores, tokens.sentence, probabilities)
    return scores


def best_decoding(
    cases: Sequence[tuple[str, Tokens, np.ndarray]],
    gold: Sequence[LabelledSpan],
    grid: tuple[Sequence[float], Sequence[float], Sequence[int]],
    fixed: Sequence[LabelledSpan] = (),
) -> tuple[DecodeParams, float]:
    """The ``DecodeParams`` of ``grid`` (lows, highs, gaps) with the best SI F1, and that F1.

    ``cases`` are ``(article_id, tokens, probabilities)`` of held-out articles; ``fixed`` are
    fragments predicted there by other means, scored together with the decoded ones.
    """

    def si_f1(params: DecodeParams) -> float:
        predicted = [
            LabelledSpan(article_id, s, e)
            for article_id, tokens, probabilities in cases
            for s, e, _ in runs(tokens, probabilities, params)
        ]
        return score_si(gold, [*predicted, *fixed]).f1

    return best_of(grid, si_f1)


def best_of(
    grid: tuple[Sequence[float], Sequence[float], Sequence[int]],
    score: Callable[[DecodeParams], float],
) -> tuple[DecodeParams, float]:
    """The ``DecodeParams`` of ``grid`` (lows, highs, gaps; high below low skipped) that
    ``score`` rates highest, and that score; the first of equals wins."""
    best = (DecodeParams(), -1.0)
    lows, highs, gaps = grid
    for low, high, gap in itertools.product(lows, highs, gaps):
        if high < low:
            continue
        params = DecodeParams(low, high, gap)
        value = score(params)
        if value > best[1]:
            best = (params, value)
    return best

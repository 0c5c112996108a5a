"""The accurate detector: the fine-tuned encoder of :mod:`propscan.models.accurate`.

With a fast ``helper`` (shipped inside the model), two small ensembles: a token's probability
of lying inside a fragment is the encoder's mixed with the fast tagger's (weight tuned in
training), and a fragment's technique probabilities (found, or given for the TC task) are the
span head's on the mean hidden state over its tokens averaged, with equal weights, with the
fast fragment classifier's. The fast model's features (word shapes, lexicons, character
n-grams, a fragment's length and repetitions in the article) are what the encoder does not see.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
from threadpoolctl import ThreadpoolController

from propscan.analysis import Fragment
from propscan.claims.encoder_head import ClaimHead, SentencePool
from propscan.detectors.base import MAX_CUES, STOPWORDS, Detection, calibrated
from propscan.detectors.clean import clean_fragments, snap
from propscan.document import Document
from propscan.errors import ModelError
from propscan.features import Tokens
from propscan.models.accurate import HELPER_DIR, AccurateModel, heads_sha256
from propscan.models.decode import mix, probabilities_at, runs, sentence_scores
from propscan.models.fast import FastModel
from propscan.models.windows import Encoded
from propscan.quotes.cueprobe import CueProbe
from propscan.quotes.evidence import CueEvidence, CueSource

# ``snap`` is the word notion of detectors/clean.py, still imported from here by training.
__all__ = ["AccurateDetector", "BranchCues", "snap"]


@cache
def _threadpools() -> ThreadpoolController:
    # Built once: finding the loaded BLAS libraries took 0.8 ms, which ``threadpool_limits``
    # paid on every document; a controller's ``limit`` costs 0.015 ms.
    return ThreadpoolController()


class AccurateDetector:
    """Fragments from the encoder's token logits; techniques from the span head.

    An article is served a block of tokens at a time (``AccurateModel.passes``), so memory
    stays flat however long it is.
    """

    def __init__(
        self,
        model: AccurateModel,
        name: str = "accurate",
        helper: FastModel | None = None,
        claim_head: ClaimHead | None = None,
        cue_tagger: CueSource | None = None,
        cue_probe: CueProbe | None = None,
    ) -> None:
        self.model = model
        self.name = name
        self.helper = helper
        self.claim_head = claim_head
        # Quotes' encoder cue tagger: one more encoder pass per article, for the attributions
        # the linear tagger misses (propscan.quotes.cuetagger).
        self.cue_tagger = cue_tagger
        # Else the probe reading the cue branch of the encoder's own graph, from the same
        # pass (propscan.quotes.cueprobe).
        self.cue_probe = cue_probe

    @classmethod
    def from_model(
        cls,
        model: AccurateModel,
        directory: Path,
        name: str = "accurate",
        cue_tagger: CueSource | None = None,
    ) -> AccurateDetector:
        """The detector of a loaded model, with the fast helper, claims head and cue probe
        its directory holds, if any, and ``cue_tagger`` for its quotes, if given."""
        helper_dir = directory / HELPER_DIR
        helper = FastModel.load(helper_dir) if helper_dir.is_dir() else None
        claim_head = ClaimHead.load(directory)
        probe = CueProbe.load(directory)
        width = model.heads.token_w.shape[0]
        # What the claims head and the probe record of the encoder they were fitted on.
        encoder = heads_sha256(directory) if claim_head or probe else ""
        if claim_head is not None and (
            claim_head.w.shape[0] != width or (claim_head.encoder and claim_head.encoder != encoder)
        ):
            # A head fitted on another encoder would fail on the first article (MiniLM's 384
            # against MPNet's 768) or, as wide, read noise: say so at load time, with the fix.
            raise ModelError(
                f"{directory}: the claims head was fitted on another encoder; fit it on this "
                f"one with: propscan train-claims CSV --encoder-head {directory}"
            )
        if probe is not None and (
            probe.encoder != encoder
            or probe.output not in model.outputs()
            or probe.w.shape[0] != model.output_width(probe.output)
        ):
            # Fitted on another encoder, or before its output was added to the graph.
            raise ModelError(
                f"{directory}: the cue probe was fitted on another encoder; fit it anew with: "
                f"python -m propscan.quotes.cuebranch_train POLNEAR_TRAIN --model {directory}"
            )
        return cls(model, name, helper, claim_head, cue_tagger, probe)

    def __call__(self, doc: Document) -> Detection:
        # NumPy's BLAS threads and the encoder's (which spin between calls) fought over the
        # cores: the heads' small products run single-threaded, and end-to-end throughput went
        # from 71% to 87% of the bare encoder's (benchmarks/accurate_throughput.py).
        with _threadpools().limit(limits=1, user_api="blas"):
            return self._detect(doc)

    def _detect(self, doc: Document) -> Detection:
        fragments: list[Fragment] = []
        scores = np.zeros(len(doc.article_sentences), dtype=np.float32)
        pool = None
        if self.claim_head is not None:
            starts = np.asarray([s.start for s in doc.article_sentences], dtype=np.int64)
            pool = SentencePool(starts, self.claim_head.w.shape[0])
        helper = self._helper_probabilities(doc)
        encoded = self.model.encode(doc)
        probe = None if self.cue_tagger is not None else self.cue_probe
        # The probe's logits, a block at a time (its states are dropped with the block's, so
        # memory stays bounded).
        probe_logits: list[np.ndarray] = []
        output = None if probe is None else probe.output
        for part, hidden, states in self.model.passes_with(encoded, output):
            if probe is not None and states is not None:
                probe_logits.append(probe.logits(states))
            if pool is not None:
                pool.add(part, hidden)
            inside = self.model.fragment_probabilities(hidden)
            probabilities = self._mixed(part, inside, helper)
            np.maximum(scores, sentence_scores(part.tokens, probabilities, len(scores)), out=scores)
            # Fragments are decoded from the probabilities shifted by the block's reading;
            # the sentence scores (and their threshold) stay the encoder's and helper's.
            shifted = self.model.shift.apply(inside)
            decoded = probabilities if shifted is inside else self._mixed(part, shifted, helper)
            found = [
                (*snap(doc.text, start, end), p)
                for start, end, p in runs(part.tokens, decoded, self.model.decode)
            ]
            labelled = self._labelled(doc, part, hidden, found)
            fragments += labelled
            fragments += self._channel_fragments(doc, part, hidden, labelled)
        claims = (
            None
            if pool is None or self.claim_head is None
            else self.claim_head.probabilities(pool.vectors())
        )
        cues = None
        if self.cue_tagger is not None:
            cues = self.cue_tagger.evidence(doc)
        elif probe is not None:
            cues = probe.evidence(encoded.tokens.starts, probe_logits)
        return Detection(
            calibrated(clean_fragments(doc.text, fragments), self.model.calibration),
            [round(float(s), 4) for s in scores],
            self.model.decode.high,
            claim_probabilities=claims,
            cue_evidence=cues,
        )

    def cue_evidence(self, doc: Document) -> CueEvidence | None:
        """The cue evidence of ``doc`` alone, from its cue branch (one encoder pass, no
        heads), for a model whose graph has none; ``None`` without a branch."""
        probe = self.cue_probe
        if probe is None:
            return None
        with _threadpools().limit(limits=1, user_api="blas"):
            encoded = self.model.encode(doc)
            logits = [
                probe.logits(states)
                for _, _, states in self.model.passes_with(encoded, probe.output)
                if states is not None
            ]
            return probe.evidence(encoded.tokens.starts, logits)

    def _helper_probabilities(self, doc: Document) -> tuple[Tokens, np.ndarray] | None:
        """The fast helper's word tokens and their "inside" probabilities, if it is mixed in."""
        if self.helper is None or not self.model.helper_weight:
            return None
        return self.helper.token_probabilities(doc)

    def _mixed(
        self, part: Encoded, probabilities: np.ndarray, helper: tuple[Tokens, np.ndarray] | None
    ) -> np.ndarray:
        """Each subword token's probability of lying inside a fragment: the encoder's
        ``probabilities``, mixed with the helper's for the word holding the token's first
        character."""
        if helper is None:
            return probabilities
        return mix(
            probabilities, probabilities_at(*helper, part.tokens.starts), self.model.helper_weight
        )

    def _labelled(
        self, doc: Document, part: Encoded, hidden: np.ndarray, found: list[tuple[int, int, float]]
    ) -> list[Fragment]:
        """The "inside" column's fragments, each with the span head's technique."""
        if not found:
            return []
        fragments = []
        insides = [self._inside(part, start, end) for start, end, _ in found]
        techniques = self._with_helper(
            doc,
            [(start, end) for start, end, _ in found],
            self.model.span_probabilities(np.stack([hidden[i].mean(axis=0) for i in insides])),
        )
        for (start, end, span_p), inside, technique_p in zip(
            found, insides, techniques, strict=True
        ):
            best = int(np.argmax(technique_p))
            fragments.append(
                Fragment(
                    start=start,
                    end=end,
                    text=doc.text[start:end],
                    technique=self.model.labels[best],
                    confidence=round(span_p * float(technique_p[best]), 4),
                    detector=self.name,
                    cues=self._cues(doc.text, part, inside, hidden, 1 + best),
                )
            )
        return fragments

    def _channel_fragments(
        self, doc: Document, part: Encoded, hidden: np.ndarray, labelled: list[Fragment]
    ) -> list[Fragment]:
        """Fragments decoded from each technique's own column of the token head, where the
        "inside" column's fragments hold none of that technique there.

        The span head gives each "inside" fragment one technique; a stretch of text that uses
        a second one, or that the "inside" column missed, is found here (cross-validated, they
        raise full-task F1 from 0.181 to 0.231 for SI 0.412 to 0.406: docs/evaluation.md).
        """
        channels = self.model.channels
        if channels is None or not len(part):
            return []
        probabilities = self.model.technique_probabilities(hidden)
        out = []
        for k, technique in enumerate(self.model.labels):
            for start, end, p in runs(part.tokens, probabilities[:, k], channels):
                start, end = snap(doc.text, start, end)
                if any(
                    f.technique == technique and f.start < end and start < f.end for f in labelled
                ):
                    continue
                inside = self._inside(part, start, end)
                out.append(
                    Fragment(
                        start=start,
                        end=end,
                        text=doc.text[start:end],
                        technique=technique,
                        confidence=round(p, 4),
                        detector=self.name,
                        cues=self._cues(doc.text, part, inside, hidden, 1 + k),
                    )
                )
        return out

    def classify(self, doc: Document, spans: Sequence[tuple[int, int]]) -> list[tuple[str, float]]:
        with _threadpools().limit(limits=1, user_api="blas"):
            return self._classify(doc, spans)

    def _classify(self, doc: Document, spans: Sequence[tuple[int, int]]) -> list[tuple[str, float]]:
        if not spans:
            return []
        # Mean hidden state over each span's tokens, summed block by block (a span may cross
        # blocks); a span holding no token gets the mean over the whole article.
        width = self.model.heads.token_w.shape[0]
        sums = np.zeros((len(spans), width), dtype=np.float64)
        counts = np.zeros(len(spans), dtype=np.int64)
        total, n_tokens = np.zeros(width, dtype=np.float64), 0
        for part, hidden in self.model.passes(self.model.encode(doc)):
            total += hidden.sum(axis=0)
            n_tokens += len(hidden)
            for row, (start, end) in enumerate(spans):
                inside = self._inside(part, start, end)
                if inside.any():
                    sums[row] += hidden[inside].sum(axis=0)
                    counts[row] += int(inside.sum())
        if n_tokens:
            empty = counts == 0
            sums[empty], counts[empty] = total, n_tokens
            pooled = (sums / counts[:, None]).astype(np.float32)
            probabilities = self.model.span_probabilities(pooled)
        else:
            n_labels = len(self.model.labels)
            probabilities = np.full((len(spans), n_labels), 1.0 / n_labels, dtype=np.float32)
        answers = []
        for p in self._with_helper(doc, list(spans), probabilities):
            best = int(np.argmax(p))
            answers.append((self.model.labels[best], float(p[best])))
        return answers

    def _with_helper(
        self, doc: Document, spans: list[tuple[int, int]], probabilities: np.ndarray
    ) -> np.ndarray:
        """The span head's (spans, 14) probabilities, averaged with the helper's if any."""
        if self.helper is None:
            return probabilities
        return np.asarray(
            (probabilities + self.helper.technique_probabilities(doc, spans)) / 2,
            dtype=np.float32,
        )

    @staticmethod
    def _inside(encoded: Encoded, start: int, end: int) -> np.ndarray:
        tokens = encoded.tokens
        return np.asarray((tokens.starts < end) & (tokens.ends > start))

    def _cues(
        self, text: str, encoded: Encoded, inside: np.ndarray, hidden: np.ndarray, output: int
    ) -> tuple[str, ...]:
        """The words holding the fragment's tokens that score highest on ``output``."""
        indices = np.flatnonzero(inside)
        scores = self.model.token_scores(hidden[indices], output)
        cues: list[str] = []
        for i in indices[np.argsort(-scores)]:
            s, e = snap(text, int(encoded.tokens.starts[i]), int(encoded.tokens.ends[i]))
            word = text[s:e]
            if (
                any(c.isalpha() for c in word)
                and len(word) > 2
                and word.lower() not in STOPWORDS
                and word not in cues
            ):
                cues.append(word)
            if len(cues) == MAX_CUES:
                break
        return tuple(cues)


class BranchCues:
    """Another model's cue branch as a detector's cue source: ``large`` (MPNet, whose graph has
    no branch) reads its quotes' cues with the accurate model's, one MiniLM pass an article
    (some 6% of its time), where the linear tagger alone had left it 0.02 to 0.03 of content
    and source F1 behind the default (docs/models.md)."""

    def __init__(self, detector: AccurateDetector) -> None:
        self.detector = detector

    def evidence(self, doc: Document) -> CueEvidence | None:
        return self.detector.cue_evidence(doc)

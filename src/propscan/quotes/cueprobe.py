"""The cue probe: where attributions' cues start, read off the accurate model's own graph.

The accurate model's graph outputs ``cue_logit``, the logit of its cue branch (one transformer
layer on the encoder's layer-2 states, trained on PolNeAR: :mod:`propscan.quotes.cuebranch_train`)
at every token. The probe reads a graph output (``w @ states + b``: for the branch's one logit,
a weight of 1) and adds the linear tagger's logit (:mod:`propscan.quotes.cuemodel`) with the
weight learnt beside it; the encoder runs for the techniques anyway, so the evidence costs
the branch's layer. A linear probe on the layer-2 states themselves, which shipped before the
branch, is read the same way (``benchmarks/quotes_layer_probe.py`` measures it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from propscan.errors import ModelError
from propscan.fileio import atomic_write
from propscan.quotes.evidence import CueEvidence

PROBE_FILE = "cue-probe.npz"
# The probability at which the probe starts a cue. By the cue branch's 5-fold CV
# (benchmarks/quotes_branch_cv.py): content F1 0.778 at 0.35 against 0.771 at 0.5 (higher in
# every fold), source 0.734 against 0.731; content precision 0.806, the linear tagger's 0.819.
THRESHOLD = 0.35


@dataclass(frozen=True)
class CueProbe:
    """``w @ states + b + linear_weight * logit(linear tagger)``: a cue's logit at a token
    (``w`` is over the raw states: the fit's standardisation is folded in)."""

    w: np.ndarray  # (width,)
    b: float
    linear_weight: float
    output: str  # the encoder graph output it reads
    # The sha256 of the heads file of the model it was fitted on: the heads change whenever
    # the encoder is retrained, and a probe on another encoder's states would read noise.
    encoder: str
    threshold: float = THRESHOLD

    def logits(self, states: np.ndarray) -> np.ndarray:
        """The probe's logits (less the linear tagger's part) at tokens with ``states``."""
        return np.asarray(states @ self.w + self.b, dtype=np.float32)

    def evidence(self, starts: np.ndarray, logits: list[np.ndarray]) -> CueEvidence:
        """The evidence over an article whose tokens start at ``starts``, from its
        :meth:`logits` block by block."""
        return CueEvidence(
            starts,
            np.concatenate([np.zeros(0, np.float32), *logits]),
            self.threshold,
            self.linear_weight,
        )

    def save(self, directory: Path) -> None:
        import io

        buffer = io.BytesIO()
        np.savez(
            buffer,
            w=self.w.astype(np.float32),
            b=np.float32(self.b),
            linear_weight=np.float32(self.linear_weight),
            threshold=np.float64(self.threshold),
            output=np.str_(self.output),
            encoder=np.str_(self.encoder),
        )
        atomic_write(directory / PROBE_FILE, buffer.getvalue())

    @classmethod
    def load(cls, directory: Path) -> CueProbe | None:
        """The probe in a model directory; None if it has none.

        Raises:
            ModelError: the file is corrupt.
        """
        path = directory / PROBE_FILE
        if not path.is_file():
            return None
        try:
            with np.load(path, allow_pickle=False) as raw:
                probe = cls(
                    raw["w"].astype(np.float32),
                    float(raw["b"]),
                    float(raw["linear_weight"]),
                    str(raw["output"]),
                    str(raw["encoder"]),
                    float(raw["threshold"]),
                )
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"{path}: corrupt cue probe ({exc})") from None
        if probe.w.ndim != 1 or not np.all(np.isfinite(probe.w)):
            raise ModelError(f"{path}: corrupt cue probe (weights of shape {probe.w.shape})")
        return probe

"""The encoder cue tagger: a fine-tuned MiniLM giving each word the probability that an
attribution's cue starts there.

The linear tagger (:mod:`propscan.quotes.cuemodel`) sees words and their neighbours; PolNeAR's
cues are often words that are cues in one context only ("has faced ridicule online", "may also
illustrate", "questions about"), which context-aware states tell apart better. On one
PolNeAR train fold the fine-tuned tagger's average precision over candidate words was 0.845
against the linear tagger's 0.777 (``benchmarks/quotes_tagger_cv.py`` measures all folds).

A tagger directory holds the int8 ONNX encoder (``model.int8.onnx``), its tokenizer, the
linear head on its hidden states (``cue-head.npz``) and a manifest. It is served exactly as
the accurate detector's encoder is (the same windows and blocks, so memory stays bounded for
any article), and costs one encoder pass per article. Training:
:mod:`propscan.quotes.cuetagger_train`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from propscan.document import Document
from propscan.errors import ModelError
from propscan.models.accurate import (
    ONNX_FILE,
    TOKENIZER_FILE,
    load_tokenizer,
    open_session,
    window_hidden,
)
from propscan.models.manifest import Manifest
from propscan.models.windows import blocks, encode, special_ids
from propscan.quotes.evidence import CueEvidence

KIND = "quote-cue-onnx"
LABELS = ("cue",)
HEAD_FILE = "cue-head.npz"
# Where the shipped tagger lives in the package (absent: the linear tagger serves alone).
PACKAGED_DIR = ("data", "models", "quotes")
# The probability at which the tagger starts a cue. By 5-fold CV over PolNeAR train (3 folds
# run; benchmarks/quotes_tagger_cv.py) 0.35 gave +0.007 content F1 over 0.5 for 0.018 of its
# precision; at 0.5 precision is the linear tagger's (docs/models.md).
THRESHOLD = 0.5


@dataclass(frozen=True)
class CueHead:
    """``hidden @ w + b``: the logit that a cue starts at a token."""

    w: np.ndarray  # (width,)
    b: float

    def save(self, directory: Path) -> None:
        tmp = directory / f".{HEAD_FILE}.tmp.npz"
        np.savez(tmp, w=self.w.astype(np.float32), b=np.float32(self.b))
        tmp.replace(directory / HEAD_FILE)

    @classmethod
    def load(cls, directory: Path) -> CueHead:
        try:
            with np.load(directory / HEAD_FILE, allow_pickle=False) as raw:
                head = cls(raw["w"].astype(np.float32), float(raw["b"]))
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"{directory / HEAD_FILE}: corrupt cue head ({exc})") from None
        if head.w.ndim != 1:
            raise ModelError(f"{directory / HEAD_FILE}: cue head of shape {head.w.shape}")
        return head


class CueTagger:
    """A loaded encoder cue tagger; see the module docstring."""

    def __init__(self, session: Any, tokenizer: Any, head: CueHead, manifest: Manifest) -> None:
        self.session = session
        self.tokenizer = tokenizer
        self.head = head
        self.manifest = manifest
        self.specials = special_ids(tokenizer)

    @classmethod
    def load(cls, directory: Path, threads: int | None = None) -> CueTagger:
        """Load a tagger directory written by ``python -m propscan.quotes.cuetagger_train``."""
        manifest = Manifest.load(directory, KIND, LABELS)
        try:
            session = open_session(directory / ONNX_FILE, threads)
            tokenizer = load_tokenizer(directory / TOKENIZER_FILE)
        except (OSError, ValueError, RuntimeError) as exc:
            raise ModelError(f"{directory}: corrupt model files ({exc})") from None
        return cls(session, tokenizer, CueHead.load(directory), manifest)

    def evidence(self, doc: Document) -> CueEvidence:
        """The cue logits over ``doc``'s article text, a block of tokens at a time."""
        encoded = encode(self.tokenizer, doc)
        width = len(self.head.w)
        parts = [np.zeros(0, dtype=np.float32)]
        for start, end in blocks(encoded):
            hidden = window_hidden(self.session, encoded.part(start, end), width, self.specials)
            parts.append(np.asarray(hidden @ self.head.w + self.head.b, np.float32))
        return CueEvidence(encoded.tokens.starts, np.concatenate(parts), THRESHOLD)


def packaged_dir() -> Path:
    """The shipped tagger's directory (it may be absent)."""
    return Path(str(resources.files("propscan").joinpath(*PACKAGED_DIR)))


@cache
def packaged_cue_tagger() -> CueTagger | None:
    """The shipped tagger, loaded once per process; ``None`` when none is installed."""
    directory = packaged_dir()
    return CueTagger.load(directory) if (directory / "manifest.json").is_file() else None

"""The accurate model (and ``large``): a fine-tuned encoder, served as int8 ONNX on the CPU.

One encoder pass per window gives every subword token a hidden state (averaged where windows
overlap); two linear heads, run in NumPy, serve everything from it:
- the token head: 15 logits per token, "inside a propaganda fragment" and one per technique;
  fragments come from the first (hysteresis decoding, as in the fast model), and the others
  say which words weigh most for a technique (the cues);
- the span head: a fragment's technique from the mean hidden state over its tokens, for found
  fragments and for given spans (the TC task) alike.
Inference needs onnxruntime and tokenizers only, no torch.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from propscan.document import Document
from propscan.errors import MissingExtraError, ModelError
from propscan.fileio import atomic_write
from propscan.models.calibration import Calibration
from propscan.models.decode import BlockShift, DecodeParams
from propscan.models.fast import sigmoid, softmax
from propscan.models.manifest import Manifest
from propscan.models.windows import (
    WINDOW,
    Encoded,
    SpecialIds,
    batch_inputs,
    blocks,
    encode,
    special_ids,
    windows,
)

KIND = "accurate-onnx"
ONNX_FILE = "model.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
_DECODE_FILE = "decode.json"
# Thresholds for decoding each technique's own column of the token head (optional: a model
# without the file decodes fragments from the "inside" column alone).
_CHANNELS_FILE = "channels.json"
HEADS_FILE = "heads.npz"
# A fast model inside the accurate one: its token probabilities are mixed into the "inside"
# column's (with the weight in _HELPER_FILE) and its fragment classifier's into the span
# head's. Its features (word shapes, lexicons, character n-grams, a fragment's length and
# repetitions) are ones the encoder does not see.
HELPER_DIR = "fast-helper"
_HELPER_FILE = "helper.json"
# The block shift of the "inside" probabilities before decoding (optional: a model without the
# file, such as one tuned before the shift existed, decodes them as they are).
_SHIFT_FILE = "shift.json"
# Windows per encoder call. One at a time is fastest on 2 cores: the bare encoder ran 9.6k
# tokens/s against 7.4k with batches of 8 (benchmarks/accurate_throughput.py); a batch also
# shares its int8 activation scales across windows, and pads the short last one.
BATCH = 1
# Texts per encoder call when short texts are read apart from each other (the sentences of a
# CSV, `propscan claims`). A weight-only quantized encoder (large) pays for reading its
# weights on every call: one sentence a call ran 4 sentences/s here, 16 a call 3.5 times as
# many, and its activations stay fp32, so the states are the same (cosine 1.0000). A
# dynamically quantized one (accurate) shares its int8 activation scales across a call
# (cosine 0.97 to 0.99 to one at a time, and hardly faster): it reads one a call.
TEXT_BATCH = {"weight-int8": 16, "weight-int4": 16}
# Threads of the encoder sessions this process loads (None: as many as cores, up to 4). A
# corpus run with several worker processes gives each its share of the cores, or they would
# fight over them (seen here: two workers slower than one).
_threads: int | None = None


def set_threads(threads: int | None) -> None:
    """How many threads encoder sessions loaded from now on in this process use."""
    global _threads
    _threads = threads


def _runtime() -> tuple[Any, Any]:
    try:
        import onnxruntime
        import tokenizers
    except ImportError as exc:
        raise MissingExtraError("accurate", exc.name or "onnxruntime") from None
    return onnxruntime, tokenizers


def load_tokenizer(path: Path) -> Any:
    """The encoder's tokenizer, with the truncation and padding of its hub config removed."""
    _, tokenizers = _runtime()
    tokenizer = tokenizers.Tokenizer.from_file(str(path))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


@dataclass(frozen=True)
class Heads:
    """The linear heads on the encoder's hidden states: ``x @ w + b``."""

    token_w: np.ndarray
    token_b: np.ndarray
    span_w: np.ndarray
    span_b: np.ndarray

    def save(self, directory: Path) -> None:
        tmp = directory / f".{HEADS_FILE}.tmp.npz"
        np.savez(tmp, **asdict(self))
        tmp.replace(directory / HEADS_FILE)

    @classmethod
    def load(cls, directory: Path) -> Heads:
        with np.load(directory / HEADS_FILE, allow_pickle=False) as raw:
            return cls(**{name: raw[name].astype(np.float32) for name in raw.files})


class AccurateModel:
    """A loaded accurate model; see the module docstring."""

    def __init__(
        self,
        session: Any,
        tokenizer: Any,
        heads: Heads,
        decode: DecodeParams,
        manifest: Manifest,
        channels: DecodeParams | None = None,
        helper_weight: float = 0.0,
        calibration: Calibration | None = None,
        shift: BlockShift | None = None,
    ) -> None:
        self.session = session
        self.tokenizer = tokenizer
        self.heads = heads
        self.decode = decode
        self.manifest = manifest
        self.channels = channels
        # The fast helper's share of a token's "inside" probability (0: the encoder's alone).
        self.helper_weight = helper_weight
        # The map from raw fragment scores to calibrated confidences (None: raw scores).
        self.calibration = calibration
        self.shift = shift or BlockShift()
        specials = special_ids(tokenizer)
        self.cls_id, self.sep_id, self.pad_id = specials.cls, specials.sep, specials.pad

    @property
    def labels(self) -> list[str]:
        return self.manifest.labels

    def encode(self, doc: Document) -> Encoded:
        return encode(self.tokenizer, doc)

    def passes(self, encoded: Encoded) -> Iterator[tuple[Encoded, np.ndarray]]:
        """The article a block at a time (see ``windows.BLOCK``), with its hidden states."""
        for part, hidden, _ in self.passes_with(encoded, None):
            yield part, hidden

    def passes_with(
        self, encoded: Encoded, output: str | None
    ) -> Iterator[tuple[Encoded, np.ndarray, np.ndarray | None]]:
        """:meth:`passes` with the states of the encoder's other ``output`` too (an inner
        layer's, :mod:`propscan.models.layer_output`), from the same encoder pass; None
        without one."""
        outputs = ("hidden",) if output is None else ("hidden", output)
        for start, end in blocks(encoded):
            part = encoded.part(start, end)
            states = window_states(self.session, part, self._width(), self._specials(), outputs)
            yield part, states[0], states[1] if output is not None else None

    def mean_states(self, parts: Sequence[Encoded]) -> np.ndarray:
        """(len(parts), width): the mean hidden state of each part, each read on its own in
        one window (parts of at most ``WINDOW - 2`` tokens; an empty one gets zeros), several
        to an encoder call where that changes nothing (:data:`TEXT_BATCH`)."""
        means = np.zeros((len(parts), self._width()), dtype=np.float32)
        quantization = self.manifest.parameters.get("quantization", "dynamic-int8")
        batch = TEXT_BATCH.get(quantization, 1)
        specials = self._specials()
        # Similar lengths together: less padding.
        order = sorted((i for i, p in enumerate(parts) if len(p)), key=lambda i: len(parts[i]))
        for first in range(0, len(order), batch):
            rows = order[first : first + batch]
            if max(len(parts[i]) for i in rows) > WINDOW - 2:
                raise ValueError("mean_states reads texts of one window each")
            bounds = np.cumsum([0, *(len(parts[i]) for i in rows)])
            ids = np.concatenate([parts[i].ids for i in rows])
            ranges = list(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))
            input_ids, mask = batch_inputs(ids, ranges, specials.cls, specials.sep, specials.pad)
            hidden = self.session.run(["hidden"], {"input_ids": input_ids, "attention_mask": mask})
            for row, i in enumerate(rows):
                means[i] = hidden[0][row, 1 : len(parts[i]) + 1].mean(axis=0)
        return means

    def outputs(self) -> list[str]:
        """The names of the encoder graph's outputs."""
        return [o.name for o in self.session.get_outputs()]

    def output_width(self, name: str) -> int:
        """How wide the graph output ``name``'s rows are: as declared (the cue branch's one
        logit), else the encoder's width (an inner layer's states)."""
        shape = next(o.shape for o in self.session.get_outputs() if o.name == name)
        last = shape[-1] if shape else None
        return last if isinstance(last, int) else self._width()

    def hidden(self, encoded: Encoded) -> np.ndarray:
        """(tokens, width) hidden states, averaged where windows overlap.

        Memory grows with the article: call it on a block (``passes``) unless it is short.
        """
        return window_hidden(self.session, encoded, self._width(), self._specials())

    def _width(self) -> int:
        return int(self.heads.token_w.shape[0])

    def _specials(self) -> SpecialIds:
        return SpecialIds(self.cls_id, self.sep_id, self.pad_id)

    def token_scores(self, hidden: np.ndarray, output: int) -> np.ndarray:
        """Each token's logit for one output of the token head (0: inside a fragment; 1 + k:
        technique k). One column at a time: most articles need only the first."""
        w, b = self.heads.token_w[:, output], self.heads.token_b[output]
        return np.asarray(hidden @ w + b, dtype=np.float32)

    def fragment_probabilities(self, hidden: np.ndarray) -> np.ndarray:
        """Each token's probability of lying inside a propaganda fragment."""
        if not len(hidden):
            return np.zeros(0, dtype=np.float32)
        return sigmoid(self.token_scores(hidden, 0))

    def technique_probabilities(self, hidden: np.ndarray) -> np.ndarray:
        """(tokens, 14): each token's probability of lying inside a fragment of each technique
        (the token head's technique columns)."""
        w, b = self.heads.token_w[:, 1:], self.heads.token_b[1:]
        return np.asarray(sigmoid(hidden @ w + b), dtype=np.float32)

    def span_probabilities(self, pooled: np.ndarray) -> np.ndarray:
        """(spans, 14) technique probabilities from mean hidden states over spans."""
        return softmax(pooled @ self.heads.span_w + self.heads.span_b)

    @classmethod
    def load(cls, directory: Path, threads: int | None = None) -> AccurateModel:
        """Load a model directory written by ``propscan train --model accurate``."""
        manifest = Manifest.load(directory, KIND)
        try:
            session = open_session(directory / ONNX_FILE, threads)
            tokenizer = load_tokenizer(directory / TOKENIZER_FILE)
            heads = Heads.load(directory)
            decode = DecodeParams(**json.loads((directory / _DECODE_FILE).read_text("utf-8")))
            channels_file = directory / _CHANNELS_FILE
            channels = (
                DecodeParams(**json.loads(channels_file.read_text("utf-8")))
                if channels_file.is_file()
                else None
            )
            helper_file = directory / _HELPER_FILE
            helper_weight = (
                float(json.loads(helper_file.read_text("utf-8"))["weight"])
                if helper_file.is_file()
                else 0.0
            )
            shift_file = directory / _SHIFT_FILE
            shift = (
                BlockShift(**json.loads(shift_file.read_text("utf-8")))
                if shift_file.is_file()
                else None
            )
        except (OSError, ValueError, TypeError, RuntimeError, KeyError) as exc:
            raise ModelError(f"{directory}: corrupt model files ({exc})") from None
        calibration = Calibration.load(directory)
        return cls(
            session, tokenizer, heads, decode, manifest, channels, helper_weight, calibration, shift
        )


def heads_sha256(directory: Path) -> str:
    """The sha256 of a model directory's heads file: it changes whenever the encoder is
    retrained, so heads fitted beside an encoder (the claims head, the cue probe) record it."""
    try:
        return hashlib.sha256((directory / HEADS_FILE).read_bytes()).hexdigest()
    except OSError as exc:
        raise ModelError(f"{directory}: no heads file ({exc.strerror})") from None


def open_session(path: Path, threads: int | None = None) -> Any:
    """An onnxruntime session on the CPU for an exported encoder (``threads``: see
    :func:`set_threads`)."""
    onnxruntime, _ = _runtime()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads or _threads or min(os.cpu_count() or 1, 4)
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def window_hidden(session: Any, encoded: Encoded, width: int, specials: SpecialIds) -> np.ndarray:
    """(tokens, width) hidden states of ``encoded`` from an encoder ``session``, window by
    window (:func:`~propscan.models.windows.windows`), averaged where windows overlap."""
    return window_states(session, encoded, width, specials, ("hidden",))[0]


def window_states(
    session: Any, encoded: Encoded, width: int, specials: SpecialIds, outputs: tuple[str, ...]
) -> list[np.ndarray]:
    """:func:`window_hidden` for each of the session's ``outputs``, from one pass: states
    ``width`` wide, or as wide as the output is (the cue branch's one logit)."""
    n = len(encoded)
    if n == 0:
        return [np.zeros((0, width), dtype=np.float32) for _ in outputs]
    totals: list[np.ndarray] = []
    counts = np.zeros(n, dtype=np.float32)
    ranges = list(windows(n))
    for first in range(0, len(ranges), BATCH):
        chunk = ranges[first : first + BATCH]
        input_ids, mask = batch_inputs(encoded.ids, chunk, specials.cls, specials.sep, specials.pad)
        outs = session.run(list(outputs), {"input_ids": input_ids, "attention_mask": mask})
        totals = totals or [np.zeros((n, out.shape[-1]), dtype=np.float32) for out in outs]
        for row, (start, end) in enumerate(chunk):
            for total, out in zip(totals, outs, strict=True):
                total[start:end] += out[row, 1 : end - start + 1]
            counts[start:end] += 1
    return [total / counts[:, None] for total in totals]


def save_decode(directory: Path, decode: DecodeParams) -> None:
    """Write the decoding thresholds next to the ONNX model."""
    atomic_write(directory / _DECODE_FILE, json.dumps(asdict(decode)) + "\n")


def save_channels(directory: Path, channels: DecodeParams) -> None:
    """Write the per-technique decoding thresholds next to the ONNX model."""
    atomic_write(directory / _CHANNELS_FILE, json.dumps(asdict(channels)) + "\n")


def save_shift(directory: Path, shift: BlockShift) -> None:
    """Write the block shift of the "inside" probabilities next to the ONNX model."""
    atomic_write(directory / _SHIFT_FILE, json.dumps(asdict(shift)) + "\n")


def save_helper_weight(directory: Path, weight: float) -> None:
    """Write the fast helper's share of the "inside" probabilities next to the ONNX model."""
    atomic_write(directory / _HELPER_FILE, json.dumps({"weight": weight}) + "\n")

"""The accurate model: a fine-tuned MiniLM encoder, served as int8 ONNX on the CPU.

One encoder pass per window gives, for every subword token, 15 logits: "inside a propaganda
fragment" and one per technique. Overlapping windows are averaged. Fragments come from the
first logit (hysteresis decoding, as in the fast model); a fragment's technique, and the TC
answer for a given span, from the mean technique logits over its tokens. Inference needs
onnxruntime and tokenizers only, no torch.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from propscan.document import Document
from propscan.errors import MissingExtraError, ModelError
from propscan.fileio import atomic_write
from propscan.models.decode import DecodeParams
from propscan.models.manifest import Manifest
from propscan.models.windows import Encoded, batch_inputs, encode, windows

KIND = "accurate-onnx"
ONNX_FILE = "model.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
_DECODE_FILE = "decode.json"
# Windows per encoder call: larger batches pad more, smaller ones pay more call overhead.
BATCH = 8


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


class AccurateModel:
    """A loaded accurate model; see the module docstring."""

    def __init__(
        self, session: Any, tokenizer: Any, decode: DecodeParams, manifest: Manifest
    ) -> None:
        self.session = session
        self.tokenizer = tokenizer
        self.decode = decode
        self.manifest = manifest
        self.cls_id = int(tokenizer.token_to_id("[CLS]"))
        self.sep_id = int(tokenizer.token_to_id("[SEP]"))

    @property
    def labels(self) -> list[str]:
        return self.manifest.labels

    def encode(self, doc: Document) -> Encoded:
        return encode(self.tokenizer, doc)

    def logits(self, encoded: Encoded) -> np.ndarray:
        """(tokens, 15) logits, averaged where windows overlap."""
        n = len(encoded)
        total = np.zeros((n, 1 + len(self.labels)), dtype=np.float32)
        if n == 0:
            return total
        counts = np.zeros(n, dtype=np.float32)
        ranges = list(windows(n))
        for first in range(0, len(ranges), BATCH):
            chunk = ranges[first : first + BATCH]
            input_ids, mask = batch_inputs(encoded.ids, chunk, self.cls_id, self.sep_id)
            (out,) = self.session.run(["logits"], {"input_ids": input_ids, "attention_mask": mask})
            for row, (start, end) in enumerate(chunk):
                total[start:end] += out[row, 1 : end - start + 1]
                counts[start:end] += 1
        return total / counts[:, None]

    @classmethod
    def load(cls, directory: Path, threads: int | None = None) -> AccurateModel:
        """Load a model directory written by ``propscan train --model accurate``."""
        onnxruntime, _ = _runtime()
        manifest = Manifest.load(directory, KIND)
        try:
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = threads or min(os.cpu_count() or 1, 4)
            options.inter_op_num_threads = 1
            session = onnxruntime.InferenceSession(
                str(directory / ONNX_FILE), options, providers=["CPUExecutionProvider"]
            )
            tokenizer = load_tokenizer(directory / TOKENIZER_FILE)
            decode = DecodeParams(**json.loads((directory / _DECODE_FILE).read_text("utf-8")))
        except (OSError, ValueError, TypeError, RuntimeError) as exc:
            raise ModelError(f"{directory}: corrupt model files ({exc})") from None
        return cls(session, tokenizer, decode, manifest)


def save_decode(directory: Path, decode: DecodeParams) -> None:
    """Write the decoding thresholds next to the ONNX model."""
    atomic_write(directory / _DECODE_FILE, json.dumps(asdict(decode)) + "\n")

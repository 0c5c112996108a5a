"""Train the cue branch of an accurate model on PolNeAR (Newell, Margolin, Ruths, LREC 2018).

Usage (needs the ``train`` extra; about 10 minutes on 2 cores for PolNeAR's 924 train and dev
articles)::

    .venv/bin/python -m propscan.quotes.cuebranch_train ../shared/data/polnear/train \\
        ../shared/data/polnear/dev \\
        [--model src/propscan/data/models/accurate] [--work DIR]

The cue branch is one transformer layer on the model's layer-2 states (the graph output
``layer_2``, :mod:`propscan.models.layer_output`), started from all-MiniLM-L6-v2's next layer
(sha256 checked), and a one-logit read-out; the encoder below it stays as it is, so the
techniques do not move. It learns where PolNeAR's annotators start a cue, at the first subword
of every candidate word (the words the linear tagger scores), with the linear tagger's logit
*out of fold* beside it (a linear tagger trained on the other four fifths, as
:mod:`propscan.quotes.cueprobe_train` reads it), since the shipped linear tagger meets only
new text. The branch is quantized (dynamic int8, as the encoder) and joined to the encoder's
graph as the output ``cue_logit``: the detector reads it from the pass it makes anyway, at
the cost of one more layer. ``cue-probe.npz`` then reads that output (a weight of 1) with the
linear tagger's learnt weight (:class:`~propscan.quotes.cueprobe.CueProbe`).

Why a layer and not a linear probe on layer 2: fold 0 of the 5-fold CV, average precision of
the cue-start decision, linear tagger 0.779, the probe 0.812, this branch 0.837, a MiniLM
fine-tuned whole as a tagger of its own 0.845 (a second encoder pass; docs/models.md). The
cross-validated figures are ``benchmarks/quotes_branch_cv.py``'s.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from propscan.document import Document
from propscan.errors import MissingExtraError, ModelError, PropscanError
from propscan.fileio import atomic_write
from propscan.models.accurate import (
    ONNX_FILE,
    TOKENIZER_FILE,
    heads_sha256,
    load_tokenizer,
    open_session,
)
from propscan.models.encoders import get_encoder
from propscan.models.layer_output import EXPOSED_LAYER, expose_layer, output_name
from propscan.models.windows import WINDOW, batch_inputs, blocks, encode, special_ids, windows
from propscan.quotes.brat import read_parts
from propscan.quotes.cuemodel import Article, CueModel
from propscan.quotes.cueprobe import CueProbe
from propscan.quotes.cueprobe_train import linear_folds, linear_logit, linear_probabilities
from propscan.quotes.cuetagger_train import cue_starts, folds_digest, folds_of, targets
from propscan.quotes.evidence import CueEvidence

# Named, not __name__: run with -m this module is __main__, outside the "propscan" logger.
log = logging.getLogger("propscan.quotes.cuebranch_train")

BRANCH_OUTPUT = "cue_logit"
RECORD_FILE = "cue-probe.json"
# Windows of states at a time through the quantized branch when scoring.
_BATCH = 32


@dataclass(frozen=True)
class BranchOptions:
    """The branch's recipe. Tried on fold 0 of the CV (average precision): one layer, 2 epochs
    at 1e-4, 0.827; two layers, 2 epochs at 1e-4, 0.838 (at twice the run-time cost); one
    layer, 3 epochs at 2e-4, 0.837."""

    layers: int = 1
    epochs: int = 3
    learning_rate: float = 2e-4
    batch_size: int = 16
    seed: int = 0


@dataclass(frozen=True)
class Windows:
    """Every encoder window of a set of articles, as the detector runs them (``[CLS]`` at row
    0, then the window's tokens, ``[SEP]``, padding)."""

    states: np.ndarray  # (windows, WINDOW, width) float16: layer-2 states
    targets: np.ndarray  # (windows, WINDOW) int8: 1 / 0 at candidate words, -1 elsewhere
    linear: np.ndarray  # (windows, WINDOW) float32: the linear tagger's logit, out of fold
    lengths: np.ndarray  # (windows,) rows in use, [CLS] and [SEP] included
    starts: np.ndarray  # (windows, WINDOW) int64: each token's character offset, else -1
    owner: np.ndarray  # (windows,) index into names
    names: np.ndarray  # article names

    def save(self, path: Path) -> None:
        """Write the windows to ``path`` whole or not at all (a cut run leaves no cache)."""
        tmp = path.with_name(f".{path.name}.tmp.npz")
        np.savez(tmp, **{k: v for k, v in asdict(self).items()})
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> Windows:
        with np.load(path, allow_pickle=False) as raw:
            return cls(**{k: raw[k] for k in cls.__dataclass_fields__})


def extract_windows(
    articles: list[Article], fold_of: dict[str, int], linear: list[CueModel], model_dir: Path
) -> Windows:
    """The windows of every article in ``articles``, with the encoder's layer-2 states."""
    session = open_session(model_dir / ONNX_FILE)
    tokenizer = load_tokenizer(model_dir / TOKENIZER_FILE)
    specials = special_ids(tokenizer)
    layer = output_name(EXPOSED_LAYER)
    states, ys, lins, lengths, starts, owners = [], [], [], [], [], []
    everything = sorted(cue_starts(articles).items())
    started = time.perf_counter()
    for k, (name, (text, cue_at)) in enumerate(everything):
        encoded = encode(tokenizer, Document.create(text))
        y = targets(text, cue_at, encoded.tokens.starts)[:, 0].astype(np.int8)
        lin = linear_logit(
            _at_tokens(linear_probabilities(text, linear[fold_of[name]]), encoded.tokens.starts)
        )
        for first, last in blocks(encoded):
            part = encoded.part(first, last)
            ranges = list(windows(len(part)))
            ids, mask = batch_inputs(part.ids, ranges, specials.cls, specials.sep, specials.pad)
            out = session.run([layer], {"input_ids": ids, "attention_mask": mask})[0]
            for row, (s, e) in enumerate(ranges):
                n, a, b = e - s, first + s, first + e
                x = np.zeros((WINDOW, out.shape[-1]), np.float16)
                x[: n + 2] = out[row, : n + 2]
                states.append(x)
                ys.append(_padded(y[a:b], -1, np.int8))
                lins.append(_padded(lin[a:b], 0, np.float32))
                starts.append(_padded(encoded.tokens.starts[a:b], -1, np.int64))
                lengths.append(n + 2)
                owners.append(k)
        if (k + 1) % 100 == 0:
            log.info(
                "%d of %d articles, %.0f s", k + 1, len(everything), time.perf_counter() - started
            )
    return Windows(
        np.stack(states),
        np.stack(ys),
        np.stack(lins),
        np.asarray(lengths, np.int64),
        np.stack(starts),
        np.asarray(owners, np.int64),
        np.asarray([name for name, _ in everything]),
    )


def _padded(values: np.ndarray, fill: float, dtype: Any) -> np.ndarray:
    """A window's row: ``fill`` at [CLS], ``values``, then ``fill``."""
    row = np.full(WINDOW, fill, dtype=dtype)
    row[1 : len(values) + 1] = values
    return row


def _at_tokens(by_start: dict[int, float], starts: np.ndarray) -> np.ndarray:
    """Each subword token's word's probability (0.5 where the tagger scores none: a logit
    of 0)."""
    return np.asarray([by_start.get(int(c), 0.5) for c in starts], np.float32)


def _torch() -> tuple[Any, Any]:
    try:
        import torch
        import transformers
    except ImportError as exc:
        raise MissingExtraError("train", exc.name or "torch") from None
    return torch, transformers


def branch_network(options: BranchOptions) -> Any:
    """The untrained branch: all-MiniLM-L6-v2's layers after layer 2 (as many as
    ``options.layers``), a one-logit read-out, and the linear tagger's weight."""
    _, transformers = _torch()
    encoder = get_encoder("minilm")
    encoder.check()
    base = transformers.AutoModel.from_pretrained(str(encoder.directory()))
    layers = [base.encoder.layer[EXPOSED_LAYER + 1 + i] for i in range(options.layers)]
    return make_branch(layers, base.config.hidden_size)


def make_branch(layers: list[Any], width: int) -> Any:
    """A branch of BERT ``layers`` over states ``width`` wide, with a one-logit read-out and
    the linear tagger's weight (0.5 to start)."""
    torch, _ = _torch()

    class Branch(torch.nn.Module):  # type: ignore[misc,name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.layers = torch.nn.ModuleList(layers)
            self.out = torch.nn.Linear(width, 1)
            self.linear_weight = torch.nn.Parameter(torch.tensor(0.5))

        def forward(self, states: Any, attention_mask: Any) -> Any:
            """The branch's logit at every row (the linear tagger's part apart)."""
            # BERT's additive mask: 0 where a token is, a large negative number at padding.
            extended = (1.0 - attention_mask[:, None, None, :].float()) * -1e4
            for layer in self.layers:
                out = layer(states, attention_mask=extended)
                states = out[0] if isinstance(out, tuple) else out
            return self.out(states)

    return Branch()


def _batch(torch: Any, w: Windows, rows: np.ndarray) -> tuple[Any, Any, Any, Any]:
    width = int(w.lengths[rows].max())
    mask = (np.arange(width)[None] < w.lengths[rows, None]).astype(np.int64)
    return (
        torch.from_numpy(w.states[rows, :width].astype(np.float32)),
        torch.from_numpy(mask),
        torch.from_numpy(w.linear[rows, :width]),
        torch.from_numpy(w.targets[rows, :width].astype(np.float32)),
    )


def train_branch(w: Windows, rows: np.ndarray, options: BranchOptions, net: Any = None) -> Any:
    """The branch (``net``, else :func:`branch_network`) trained on the windows ``rows``
    (binary cross-entropy at candidate words; AdamW, a tenth of the steps warming up, then a
    linear decay)."""
    torch, _ = _torch()
    torch.manual_seed(options.seed)
    net = branch_network(options) if net is None else net
    optimizer = torch.optim.AdamW(net.parameters(), lr=options.learning_rate, weight_decay=0.01)
    per_epoch = len(rows) // options.batch_size
    steps = max(1, options.epochs * per_epoch)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, 1 - s / steps)
    )
    rng = np.random.default_rng(options.seed)
    started = time.perf_counter()
    net.train()
    for epoch in range(options.epochs):
        order = rng.permutation(rows)
        for step in range(per_epoch):
            states, mask, lin, y = _batch(
                torch, w, order[step * options.batch_size :][: options.batch_size]
            )
            z = net(states, mask)[..., 0] + net.linear_weight * lin
            scored = y >= 0
            loss = torch.nn.functional.binary_cross_entropy_with_logits(z[scored], y[scored])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            if (step + 1) % 100 == 0:
                log.info(
                    "epoch %d, step %d of %d, loss %.4f, %.0f s",
                    epoch + 1,
                    step + 1,
                    per_epoch,
                    loss.item(),
                    time.perf_counter() - started,
                )
    net.eval()
    return net


def export_branch(net: Any, path: Path) -> None:
    """Export the branch to ONNX (fp32): inputs ``layer_2`` and ``attention_mask``, output
    ``cue_logit`` (batch, sequence, 1)."""
    torch, _ = _torch()
    width = net.out.in_features
    dummy = torch.zeros((2, 16, width))
    mask = torch.ones((2, 16), dtype=torch.long)
    mask[1, 10:] = 0  # the trace takes the masking path that batched windows need
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # as train_accurate.export_network says why
        torch.onnx.export(
            net,
            (dummy, mask),
            str(path),
            input_names=[output_name(EXPOSED_LAYER), "attention_mask"],
            output_names=[BRANCH_OUTPUT],
            dynamic_axes={
                output_name(EXPOSED_LAYER): {0: "batch", 1: "sequence"},
                "attention_mask": {0: "batch", 1: "sequence"},
                BRANCH_OUTPUT: {0: "batch", 1: "sequence"},
            },
            opset_version=17,
            dynamo=False,
        )


def quantize_branch(fp32: Path, out: Path) -> None:
    """Dynamic int8, as the accurate encoder is quantized."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8)


def attach_branch(encoder: Path, branch: Path) -> None:
    """Join the (quantized) ``branch`` graph to the ``encoder`` graph, which must output
    ``layer_2``: the branch reads that tensor and the encoder's ``attention_mask``, and
    ``cue_logit`` becomes an output of the encoder. An earlier branch is replaced. The file
    is rewritten atomically."""
    import onnx
    from onnx import compose

    main = onnx.load(str(encoder))
    layer = output_name(EXPOSED_LAYER)
    if not any(o.name == layer for o in main.graph.output):
        raise ModelError(f"{encoder}: no output {layer} to join the cue branch to")
    prefix = "cue_branch/"
    _detach(main, prefix)
    extra = compose.add_prefix(onnx.load(str(branch)), prefix)
    rename = {
        prefix + layer: layer,
        prefix + "attention_mask": "attention_mask",
        prefix + BRANCH_OUTPUT: BRANCH_OUTPUT,
    }
    for node in extra.graph.node:
        node.input[:] = [rename.get(name, name) for name in node.input]
        node.output[:] = [rename.get(name, name) for name in node.output]
    main.graph.node.extend(extra.graph.node)
    main.graph.initializer.extend(extra.graph.initializer)
    main.graph.value_info.extend(v for v in extra.graph.value_info if v.name not in rename.values())
    domains = {o.domain for o in main.opset_import}
    main.opset_import.extend(o for o in extra.opset_import if o.domain not in domains)
    main.graph.output.append(
        onnx.helper.make_tensor_value_info(
            BRANCH_OUTPUT, onnx.TensorProto.FLOAT, ["batch", "sequence", 1]
        )
    )
    tmp = encoder.with_name(f".{encoder.name}.tmp")
    onnx.save(main, str(tmp))
    tmp.replace(encoder)


def _detach(graph: Any, prefix: str) -> None:
    """Remove an earlier branch (its nodes, weights and output) from ``graph``."""
    keep = [n for n in graph.graph.node if not n.name.startswith(prefix)]
    del graph.graph.node[:]
    graph.graph.node.extend(keep)
    weights = [i for i in graph.graph.initializer if not i.name.startswith(prefix)]
    del graph.graph.initializer[:]
    graph.graph.initializer.extend(weights)
    outputs = [o for o in graph.graph.output if o.name != BRANCH_OUTPUT]
    del graph.graph.output[:]
    graph.graph.output.extend(outputs)


def branch_evidence(
    branch: Path, w: Windows, rows: np.ndarray, linear_weight: float, threshold: float
) -> dict[str, CueEvidence]:
    """Each article's cue evidence from the ``branch`` graph (alone, fed the cached states)
    over its windows ``rows``: a token's logit averaged over the windows holding it, as the
    detector averages every output."""
    session = open_session(branch)
    logits = np.zeros(w.targets.shape, np.float32)
    for first in range(0, len(rows), _BATCH):
        chunk = rows[first : first + _BATCH]
        width = int(w.lengths[chunk].max())
        mask = (np.arange(width)[None] < w.lengths[chunk, None]).astype(np.int64)
        feed = {
            output_name(EXPOSED_LAYER): w.states[chunk, :width].astype(np.float32),
            "attention_mask": mask,
        }
        logits[chunk, :width] = session.run([BRANCH_OUTPUT], feed)[0][..., 0]
    out = {}
    for k in np.unique(w.owner[rows]):
        mine = rows[w.owner[rows] == k]
        starts, z = w.starts[mine].ravel(), logits[mine].ravel()
        at = (starts >= 0) & (w.targets[mine].ravel() >= 0)
        out[str(w.names[k])] = CueEvidence(
            *mean_by_start(starts[at], z[at]), threshold, linear_weight
        )
    return out


def mean_by_start(starts: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct token ``starts``, ascending, and the mean of the ``values`` at each: a
    token's value averaged over the windows holding it, as the detector averages outputs."""
    unique, inverse = np.unique(starts, return_inverse=True)
    mean = np.bincount(inverse, values) / np.bincount(inverse)
    return unique, mean.astype(np.float32)


def fit_model_branch(
    folders: Sequence[Path], model_dir: Path, work: Path, options: BranchOptions | None = None
) -> CueProbe:
    """Train the branch on all of the PolNeAR ``folders``, join it to the model's graph and
    write the probe that reads it."""
    options = options or BranchOptions()
    parts = read_parts(folders)
    articles = [item for part in parts for item in part]
    if not articles:
        named = ", ".join(map(str, folders))
        raise PropscanError(f"{named}: no PolNeAR articles (text/, attributions/)")
    if not (model_dir / ONNX_FILE).is_file():
        raise PropscanError(f"{model_dir}: no {ONNX_FILE}")
    if expose_layer(model_dir / ONNX_FILE, EXPOSED_LAYER):
        log.info(
            "%s: the encoder now outputs %s", model_dir / ONNX_FILE, output_name(EXPOSED_LAYER)
        )
    work.mkdir(parents=True, exist_ok=True)
    fold_of = folds_of({name: text for _, name, text, _ in part} for part in parts)
    w = cached_windows(articles, fold_of, model_dir, work)
    net = train_branch(w, np.arange(len(w.lengths)), options)
    fp32, int8 = work / "branch.onnx", work / "branch.int8.onnx"
    export_branch(net, fp32)
    quantize_branch(fp32, int8)
    attach_branch(model_dir / ONNX_FILE, int8)
    encoder = heads_sha256(model_dir)
    weight = float(net.linear_weight.detach())
    probe = CueProbe(np.ones(1, np.float32), 0.0, weight, BRANCH_OUTPUT, encoder)
    probe.save(model_dir)
    record = {
        "data": [str(f) for f in folders],
        "articles": len(set(w.names.tolist())),
        "windows": len(w.lengths),
        "candidate_words": int((w.targets >= 0).sum()),
        "options": asdict(options),
        "linear_weight": round(weight, 4),
        "threshold": probe.threshold,
        "heads_sha256": encoder,
        "measured_by": "benchmarks/quotes_branch_cv.py (5-fold CV over PolNeAR train and dev)",
    }
    atomic_write(model_dir / RECORD_FILE, json.dumps(record, indent=2) + "\n")
    return probe


def cached_windows(
    articles: list[Article], fold_of: dict[str, int], model_dir: Path, work: Path
) -> Windows:
    """:func:`extract_windows`, with the linear logits out of the folds ``fold_of``
    (:func:`~propscan.quotes.cuetagger_train.folds_of`), cached in ``work`` by the encoder
    it was read from; a cache of other articles (another folder run with the same ``work``)
    is read again."""
    # The states are the encoder's; the linear logits beside them are the folds'.
    cache = work / f"windows-{heads_sha256(model_dir)[:12]}-{folds_digest(fold_of)}.npz"
    if cache.is_file():
        w = Windows.load(cache)
        if sorted(fold_of) == w.names.tolist():
            return w
        log.info("%s holds other articles' windows: reading them again", cache)
    w = extract_windows(articles, fold_of, linear_folds(articles, fold_of, work), model_dir)
    w.save(cache)
    return w


def main(argv: Sequence[str] | None = None) -> None:
    from propscan.detectors import packaged_model_dir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="+", help="PolNeAR's train and dev.")
    parser.add_argument("--model", type=Path, default=packaged_model_dir("accurate"))
    parser.add_argument("--work", type=Path, default=Path(".cue-branch.work"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")
    logging.getLogger("propscan").setLevel(logging.INFO)
    try:
        fit_model_branch(args.folders, args.model, args.work)
    except PropscanError as exc:
        print(f"propscan: error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()

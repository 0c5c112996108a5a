"""How much each int8/int4 quantization of an exported encoder changes its hidden states.

Usage: python benchmarks/quantization_check.py [--encoder mpnet] [--encoder minilm]
                                               [--fp32 ONNX TOKENIZER] [--tokens 256]
                                               [--variants default,reduce-range,...]
                                               [--work DIR] [--threads 2]

Each ``--encoder`` (a name in ``models.encoders.ENCODERS`` or a folder holding
model.safetensors, config.json and tokenizer.json; default: mpnet and minilm) is exported to
fp32 ONNX exactly as training exports a fine-tuned encoder (``train_accurate.export_base``);
``--fp32`` takes an existing fp32 export instead (e.g. a training run's work folder's
``all/model.fp32.onnx``) with its tokenizer. The fp32 model is then quantized each way in
``VARIANTS`` and, for each, printed: file size; mean and minimum per-token cosine similarity
of its hidden states to fp32's; milliseconds per window. The tokens are the first ``--tokens``
of the demo article and of ../shared/examples/aleppo-article.txt, in the serving windows
(``models.windows``: 256 positions, [CLS] and [SEP] included) with the serving framing.

The cosine depends on the CPU that runs the model, not only on the file: on x86-64 without
VNNI (plain AVX2) onnxruntime multiplies uint8 activations by int8 weights with VPMADDUBSW,
whose int16 pair sums saturate; the line printed first says which instruction sets this CPU has.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from propscan.ingest import document_from_text
from propscan.models.accurate import load_tokenizer
from propscan.models.encoders import ENCODERS, get_encoder
from propscan.models.train_accurate import export_base, quantize, weight_only
from propscan.models.windows import batch_inputs, encode, special_ids, windows

ROOT = Path(__file__).resolve().parents[1]
TEXTS = {
    "demo": ROOT / "src" / "propscan" / "data" / "demo-article.txt",
    "aleppo": ROOT.parent / "shared" / "examples" / "aleppo-article.txt",
}


def _activation_matmuls(path: Path) -> list[str]:
    """MatMul nodes multiplying two activations (attention scores, attention x values)."""
    import onnx

    model = onnx.load(str(path), load_external_data=False)
    constants = {i.name for i in model.graph.initializer}
    constants |= {o for n in model.graph.node if n.op_type == "Constant" for o in n.output}
    return [
        n.name
        for n in model.graph.node
        if n.op_type == "MatMul" and not any(i in constants for i in n.input)
    ]


def _dynamic(**kwargs: Any) -> Callable[[Path, Path], None]:
    def run(fp32: Path, out: Path) -> None:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        options = {"weight_type": QuantType.QInt8, **kwargs}
        for key in ("nodes_to_exclude", "nodes_to_quantize"):
            if callable(options.get(key)):
                options[key] = options[key](fp32)
        quantize_dynamic(str(fp32), str(out), **options)

    return run


def _uint8() -> Callable[[Path, Path], None]:
    from onnxruntime.quantization import QuantType

    return _dynamic(weight_type=QuantType.QUInt8)


def _down_projections(path: Path) -> list[str]:
    """MatMuls by a weight with more rows than columns: the feed-forward down-projections."""
    import onnx

    model = onnx.load(str(path), load_external_data=False)
    shapes = {i.name: tuple(i.dims) for i in model.graph.initializer}
    return [
        n.name
        for n in model.graph.node
        if n.op_type == "MatMul" and len(shape := shapes.get(n.input[1], ())) == 2
        if shape[0] > shape[1]
    ]


def _hybrid(fp32: Path, out: Path) -> None:
    """int8 weight-only down-projections, the other MatMuls int8 dynamic."""
    import onnx

    down = set(_down_projections(fp32))
    nodes = onnx.load(str(fp32), load_external_data=False).graph.node
    others = [n.name for n in nodes if n.op_type == "MatMul" and n.name not in down]
    weight_only(fp32, out, 8, 128, nodes_to_exclude=others)


# name -> how to quantize (fp32 path, output path). "dynamic", "weight-int8" and
# "weight-int4" are train_accurate.quantize's three (the accurate model's, the large model's,
# and the smaller file).
VARIANTS: dict[str, Callable[[], Callable[[Path, Path], None]]] = {
    "dynamic": lambda: _dynamic(),
    "per-channel": lambda: _dynamic(per_channel=True),
    "matmul": lambda: _dynamic(op_types_to_quantize=["MatMul"]),
    "matmul+gemm": lambda: _dynamic(op_types_to_quantize=["MatMul", "Gemm"]),
    "gather": lambda: _dynamic(op_types_to_quantize=["Gather"]),
    # quantize_dynamic already defaults MatMulConstBOnly to True (onnxruntime >= 1.13): the
    # activation x activation MatMuls are left in float unless it is set False.
    "const-b-only": lambda: _dynamic(extra_options={"MatMulConstBOnly": True}),
    "act-matmuls-too": lambda: _dynamic(extra_options={"MatMulConstBOnly": False}),
    "matmul-no-act": lambda: _dynamic(
        op_types_to_quantize=["MatMul"],
        nodes_to_exclude=_activation_matmuls,
        extra_options={"MatMulConstBOnly": False},
    ),
    "no-down-proj": lambda: _dynamic(nodes_to_exclude=_down_projections),
    "only-down-proj": lambda: _dynamic(
        op_types_to_quantize=["MatMul"], nodes_to_quantize=_down_projections
    ),
    "reduce-range": lambda: _dynamic(reduce_range=True),
    "uint8-weights": _uint8,
    "hybrid": lambda: _hybrid,
    "w8-block32": lambda: lambda fp32, out: weight_only(fp32, out, 8, 32),
    "weight-int8": lambda: lambda fp32, out: quantize(fp32, out, "weight-int8"),
    "weight-int4": lambda: lambda fp32, out: quantize(fp32, out, "weight-int4"),
}


def _cpu_flags() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
                wanted = ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8")
                return " ".join(f for f in wanted if f in flags) or "no AVX2"
    except OSError:
        pass
    return "unknown"


def _inputs(tokenizer: Any, tokens: int) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """Per text: the serving windows over its first ``tokens`` tokens (ids, mask)."""
    specials = special_ids(tokenizer)
    found = []
    for name, path in TEXTS.items():
        if not path.is_file():
            print(f"# {path}: missing, skipped", file=sys.stderr)
            continue
        encoded = encode(tokenizer, document_from_text(path.read_text(encoding="utf-8")))
        ranges = list(windows(min(len(encoded), max(tokens - 2, 1))))
        ids, mask = batch_inputs(encoded.ids, ranges, specials.cls, specials.sep, specials.pad)
        found.append((name, ids, mask))
    return found


def _session(path: Path, threads: int) -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _run(session: Any, inputs: list[tuple[str, np.ndarray, np.ndarray]]) -> list[np.ndarray]:
    outs = []
    for _, ids, mask in inputs:
        (out,) = session.run(["hidden"], {"input_ids": ids, "attention_mask": mask})
        outs.append(out[mask.astype(bool)])  # real tokens only, [CLS] and [SEP] included
    return outs


def _cosines(reference: list[np.ndarray], outs: list[np.ndarray]) -> np.ndarray:
    a, b = np.concatenate(reference), np.concatenate(outs)
    dot = (a * b).sum(axis=1)
    return np.asarray(dot / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1) + 1e-12))


def _timed(session: Any, inputs: list[tuple[str, np.ndarray, np.ndarray]]) -> float:
    """Milliseconds per window, best of three passes (the CPU may be shared: each variant is
    timed next to fp32, and the ratio is what to compare)."""
    n = sum(len(ids) for _, ids, _ in inputs)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _, ids, mask in inputs:
            for row in range(len(ids)):  # one window a run, as the serving batches differ
                session.run(
                    ["hidden"],
                    {"input_ids": ids[row : row + 1], "attention_mask": mask[row : row + 1]},
                )
        best = min(best, time.perf_counter() - start)
    return 1000 * best / n


def check(
    label: str, fp32: Path, tokenizer_file: Path, work: Path, names: list[str], args: Any
) -> None:
    tokenizer = load_tokenizer(tokenizer_file)
    inputs = _inputs(tokenizer, args.tokens)
    n_tokens = sum(int(mask.sum()) for _, _, mask in inputs)
    print(
        f"\n## {label}: {n_tokens} tokens in {sum(len(i) for _, i, _ in inputs)} windows "
        f"({', '.join(name for name, _, _ in inputs)}, first {args.tokens} tokens each)"
    )
    print(
        f"{'variant':<16} {'MB':>7} {'mean cos':>9} {'min cos':>8} {'ms/window':>10} {'x fp32':>7}"
    )
    fp32_session = _session(fp32, args.threads)
    reference = _run(fp32_session, inputs)
    size = fp32.stat().st_size / 1e6
    ms = _timed(fp32_session, inputs)
    print(f"{'fp32':<16} {size:7.1f} {1:9.4f} {1:8.4f} {ms:10.1f} {1:7.2f}")
    for name in names:
        out = work / f"{label.replace('/', '_')}.{name}.onnx"
        try:
            VARIANTS[name]()(fp32, out)
        except Exception as exc:  # a variant failing is a result too
            print(f"{name:<16} failed: {type(exc).__name__}: {exc}")
            continue
        session = _session(out, args.threads)
        cos = _cosines(reference, _run(session, inputs))
        ms, fp32_ms = _timed(session, inputs), _timed(fp32_session, inputs)
        size = out.stat().st_size / 1e6
        print(
            f"{name:<16} {size:7.1f} {cos.mean():9.4f} {cos.min():8.4f} {ms:10.1f} "
            f"{ms / fp32_ms:7.2f}",
            flush=True,
        )
        del session
        out.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--encoder", action="append", help="name or folder (repeatable)")
    parser.add_argument("--fp32", nargs=2, action="append", metavar=("ONNX", "TOKENIZER"))
    parser.add_argument("--tokens", type=int, default=256)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--work", type=Path, help="where to write the exports (default: temp)")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    names = [n for n in args.variants.split(",") if n]
    unknown = [n for n in names if n not in VARIANTS]
    if unknown:
        parser.error(f"unknown variants {unknown}; use some of {', '.join(VARIANTS)}")
    import onnxruntime

    print(f"# onnxruntime {onnxruntime.__version__}; CPU: {_cpu_flags()}")
    import logging

    logging.disable(logging.WARNING)  # quantize_dynamic's advice on pre-processing
    encoders = args.encoder or ([] if args.fp32 else ["mpnet", "minilm"])
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for encoder in encoders:
            folder = get_encoder(encoder).directory() if encoder in ENCODERS else Path(encoder)
            label = encoder if encoder in ENCODERS else folder.name
            fp32 = work / f"{label}.fp32.onnx"
            if not fp32.is_file():
                start = time.perf_counter()
                export_base(folder, fp32)
                print(f"# {label}: exported in {time.perf_counter() - start:.0f}s")
            check(label, fp32, folder / "tokenizer.json", work, names, args)
        for onnx_file, tokenizer_file in args.fp32 or []:
            path = Path(onnx_file)
            check(str(path), path, Path(tokenizer_file), work, names, args)


if __name__ == "__main__":
    main()

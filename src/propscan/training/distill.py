"""Distillation: a teacher model's soft labels on unlabelled news, for a student to learn from.

A teacher (an ``accurate-onnx`` directory: the large model, or a fold export of its
cross-validation) runs over unlabelled texts, and what it says about each is stored in a form
no tokenizer owns, character offsets, so a student with another tokenizer can learn it:

- per word (``features.tokenize``: the words and punctuation marks of the article sentences),
  the mean over the word's subword tokens of the token head's 15 probabilities (inside a
  fragment, then each technique): the encoder's own, no fast helper mixed in;
- the fragments its "inside" column decodes with the fixed default decoding (``DecodeParams()``;
  no helper, no per-technique channels: nothing chosen on held-out articles), each with the
  span head's 14 technique probabilities.

A student maps the word values onto its own subword tokens (:func:`spread`: the mean over the
words a token overlaps) and learns them as soft targets beside the gold articles, and the span
head learns the teacher's distributions on its fragments (:func:`distill_windows`,
``AccurateOptions.distill_from``).

Cross-validation stays honest: the student of fold k learns only from the labels of the
teacher's fold-k export, which never saw fold k's held-out articles (:func:`check_folds` refuses
other folds); the final student learns from the final teacher. The unlabelled texts are not
PTC training articles.

A labels folder (:func:`label_all`; resumable, one compressed file per text)::

    LABELS/distill.json      the teacher, its exports' sha256, the unlabelled sets, its folds
    LABELS/final/NAME.npz    a text as the final teacher labelled it
    LABELS/foldK/NAME.npz    the same text as the teacher's fold-K export labelled it
    LABELS/*/teacher.json    the export that labelled the folder and its model file's sha256
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from propscan.detectors.accurate import snap
from propscan.errors import InputError, ModelError
from propscan.features import tokenize
from propscan.fileio import atomic_write
from propscan.ingest import document_from_text
from propscan.models.accurate import KIND, ONNX_FILE, AccurateModel
from propscan.models.decode import DecodeParams, runs
from propscan.models.encoders import file_sha256
from propscan.models.fast import sigmoid
from propscan.models.manifest import MANIFEST, Manifest
from propscan.models.train_accurate import N_OUTPUTS, Example, window_examples
from propscan.models.windows import OVERLAP, encode
from propscan.training.cv_accurate import FOLDS_FILE, epoch_dir
from propscan.training.folds import Folds

log = logging.getLogger(__name__)

RECORD = "distill.json"
TEACHER = "teacher.json"
FINAL = "final"
# The unlabelled news of issue 17, relative to the repository root: the 90 unlabelled PTC
# articles and the 840 PolNeAR training texts.
DEFAULT_UNLABELLED = (
    Path("../shared/data/ptc/unlabelled-test/articles"),
    Path("../shared/data/polnear/train/text"),
)
# Seconds between progress lines.
PROGRESS_SECONDS = 60.0


def fold_folder(labels: Path, fold: int | None) -> Path:
    """Where the labels of the teacher's fold ``fold`` (None: the final teacher) lie."""
    return labels / (FINAL if fold is None else f"fold{fold}")


def spread(
    src_starts: np.ndarray,
    src_ends: np.ndarray,
    values: np.ndarray,
    dst_starts: np.ndarray,
    dst_ends: np.ndarray,
) -> np.ndarray:
    """Values of character spans carried onto other spans of the same text.

    Each destination span gets the mean of ``values`` (one row per source span) over the
    source spans it overlaps, or -1 where it overlaps none. Both sets of spans are in text
    order, their starts and their ends non-decreasing (tokens and words are).
    """
    values = np.asarray(values, dtype=np.float64).reshape(len(src_starts), -1)
    # The overlapping sources of a destination are a run: from the first one ending after it
    # starts to the last one starting before it ends.
    lo = np.searchsorted(src_ends, dst_starts, side="right")
    hi = np.maximum(np.searchsorted(src_starts, dst_ends, side="left"), lo)
    sums = np.vstack([np.zeros((1, values.shape[1])), np.cumsum(values, axis=0)])
    counts = (hi - lo)[:, None]
    out = np.full((len(dst_starts), values.shape[1]), -1.0)
    some = counts[:, 0] > 0
    out[some] = (sums[hi[some]] - sums[lo[some]]) / counts[some]
    return out


@dataclass(frozen=True)
class TeacherLabels:
    """What a teacher said about one text, in character offsets (see the module docstring)."""

    name: str
    text: str
    word_starts: np.ndarray
    word_ends: np.ndarray
    word_probabilities: np.ndarray  # (words, 15); -1 for a word no teacher token covers
    fragments: np.ndarray  # (fragments, 2): start and end characters
    fragment_techniques: np.ndarray  # (fragments, 14): the span head's probabilities

    def save(self, path: Path) -> None:
        """Write it compressed, whole or not at all."""
        tmp = path.with_name(f".{path.name}.tmp.npz")
        np.savez_compressed(
            tmp,
            text=np.asarray(self.text),
            word_starts=self.word_starts.astype(np.int64),
            word_ends=self.word_ends.astype(np.int64),
            word_probabilities=self.word_probabilities.astype(np.float16),
            fragments=self.fragments.astype(np.int64).reshape(-1, 2),
            fragment_techniques=self.fragment_techniques.astype(np.float16),
        )
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> TeacherLabels:
        try:
            with np.load(path, allow_pickle=False) as raw:
                return cls(
                    path.stem,
                    str(raw["text"]),
                    raw["word_starts"],
                    raw["word_ends"],
                    raw["word_probabilities"].astype(np.float32),
                    raw["fragments"],
                    raw["fragment_techniques"].astype(np.float32),
                )
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"{path}: unreadable teacher labels ({exc})") from None


def plain_teacher(directory: Path) -> AccurateModel:
    """The teacher in ``directory`` as distillation runs it: the fixed default decoding, no
    channels, no helper, no calibration (what a fold export is)."""
    model = AccurateModel.load(directory)
    return AccurateModel(
        model.session, model.tokenizer, model.heads, DecodeParams(), model.manifest
    )


def label_text(model: AccurateModel, name: str, text: str) -> TeacherLabels:
    """``model``'s soft labels of ``text``; memory grows with the text's tokens (15 floats
    each), not with its hidden states (kept a block at a time)."""
    doc = document_from_text(text)
    starts, ends, probabilities = [], [], []
    fragments: list[tuple[int, int]] = []
    techniques = []
    w, b = model.heads.token_w, model.heads.token_b
    for part, hidden in model.passes(model.encode(doc)):
        tokens = part.tokens
        p = sigmoid(hidden @ w + b).astype(np.float32)
        starts.append(tokens.starts)
        ends.append(tokens.ends)
        probabilities.append(p)
        for first, last, _ in runs(tokens, p[:, 0], model.decode):
            first, last = snap(doc.text, first, last)
            inside = (tokens.starts < last) & (tokens.ends > first)
            if not inside.any():
                continue
            fragments.append((first, last))
            techniques.append(model.span_probabilities(hidden[inside].mean(axis=0)[None])[0])
    words = tokenize(doc)
    if starts:
        word_p = spread(
            np.concatenate(starts),
            np.concatenate(ends),
            np.concatenate(probabilities),
            words.starts,
            words.ends,
        )
    else:
        word_p = np.full((len(words), N_OUTPUTS), -1.0)
    n_labels = model.heads.span_w.shape[1]
    return TeacherLabels(
        name,
        doc.text,
        words.starts,
        words.ends,
        word_p.astype(np.float32),
        np.asarray(fragments, dtype=np.int64).reshape(-1, 2),
        np.asarray(techniques, dtype=np.float32).reshape(-1, n_labels),
    )


@dataclass(frozen=True)
class Unlabelled:
    """An unlabelled text file, and the name its labels are stored under."""

    path: Path
    name: str

    def read(self) -> str:
        # Bytes decoded as they are (no newline translation), as PTC articles are read.
        return self.path.read_bytes().decode("utf-8")


def unlabelled_texts(folders: Sequence[Path], max_texts: int | None = None) -> list[Unlabelled]:
    """The ``*.txt`` files of ``folders`` (PTC's ``article<ID>.txt``, PolNeAR's plain files),
    named ``STEM-HASH`` by the sha256 of their bytes (a text found twice is labelled once)."""
    out: dict[str, Unlabelled] = {}
    for folder in folders:
        if not folder.is_dir():
            raise InputError(f"{folder}: no such folder of unlabelled texts")
        files = sorted(folder.glob("*.txt"))
        if not files:
            raise InputError(f"{folder}: holds no .txt files")
        for path in files:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            name = f"{path.stem}-{digest}"
            out.setdefault(name, Unlabelled(path, name))
    return list(out.values())[:max_texts]


def _duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60}h{minutes % 60:02d}m"


def labelled_by(teacher: Path, texts: Sequence[Unlabelled], out: Path) -> dict[str, Any] | None:
    """What :func:`label_folder` returns when ``out`` holds every text labelled by the export
    in ``teacher`` already; None otherwise."""
    return finished(out, texts, file_sha256(teacher / ONNX_FILE))


def finished(out: Path, texts: Sequence[Unlabelled], sha256: str | None) -> dict[str, Any] | None:
    """The record of the teacher that labelled every one of ``texts`` in ``out`` (the one whose
    ``sha256`` is given, or any); None where a text is missing."""
    mark = out / TEACHER
    if not mark.is_file():
        return None
    record: dict[str, Any] = json.loads(mark.read_text("utf-8"))
    if sha256 is not None and record.get("sha256") != sha256:
        return None
    return record if all((out / f"{t.name}.npz").is_file() for t in texts) else None


def kept_folds(
    out: Path, texts: Sequence[Unlabelled]
) -> tuple[list[dict[str, Any] | None], dict[str, int] | None]:
    """The fold labels an earlier record of ``out`` names and its folders hold for every one
    of ``texts`` (written without fold exports: :mod:`propscan.training.teach_folds`), and the
    folds' articles; ``([], None)`` where there are none."""
    path = out / RECORD
    if not path.is_file():
        return [], None
    earlier = json.loads(path.read_text("utf-8"))
    if earlier.get("fold_of") is None:
        return [], None
    folds = [
        None if entry is None else finished(fold_folder(out, k), texts, entry["sha256"])
        for k, entry in enumerate(earlier["folds"])
    ]
    return folds, earlier["fold_of"]


def label_folder(teacher: Path, texts: Sequence[Unlabelled], out: Path) -> dict[str, Any]:
    """Label ``texts`` with the export in ``teacher`` into ``out`` (see :func:`label_with`);
    which export it was."""
    record = {"export": str(teacher), "sha256": file_sha256(teacher / ONNX_FILE)}
    return label_with(record, lambda: plain_teacher(teacher), texts, out)


def label_with(
    record: dict[str, Any],
    teacher: Callable[[], AccurateModel],
    texts: Sequence[Unlabelled],
    out: Path,
) -> dict[str, Any]:
    """Label ``texts`` into ``out``, one file per text, with the model ``teacher`` returns
    (called only if a text is left to label); ``record`` says which teacher it is (its
    ``sha256`` tells one from another) and is kept in ``out``. Texts labelled there earlier by
    the same teacher are skipped; labels of another are removed first. ``record``."""
    out.mkdir(parents=True, exist_ok=True)
    mark = out / TEACHER
    if mark.is_file() and json.loads(mark.read_text("utf-8")).get("sha256") != record["sha256"]:
        log.info("%s: labelled by another teacher; labelling again", out)
        shutil.rmtree(out)
        out.mkdir(parents=True)
    atomic_write(mark, json.dumps(record, indent=1) + "\n")
    # Labels of texts no longer asked for (another --max-texts, other folders) would train too.
    names = {t.name for t in texts}
    for stale in out.glob("*.npz"):
        if stale.stem not in names:
            stale.unlink()
    todo = [t for t in texts if not (out / f"{t.name}.npz").is_file()]
    log.info("%s: %d of %d texts to label", out, len(todo), len(texts))
    if not todo:
        return record
    model = teacher()
    started = last = time.monotonic()
    for done, item in enumerate(todo, start=1):
        try:
            text = item.read()
            label_text(model, item.name, text).save(out / f"{item.name}.npz")
        except (InputError, UnicodeDecodeError) as exc:
            log.info("%s: skipped (%s)", item.path, exc)
        now = time.monotonic()
        if now - last >= PROGRESS_SECONDS or done == len(todo):
            last = now
            left = (len(todo) - done) * (now - started) / done
            log.info(
                "%s: %d/%d texts labelled, %.1f texts/s, %s left",
                out.name,
                done,
                len(todo),
                done / max(now - started, 1e-9),
                _duration(left),
            )
    return record


def label_all(
    teacher: Path,
    out: Path,
    unlabelled: Sequence[Path] = DEFAULT_UNLABELLED,
    teacher_cv: Path | None = None,
    max_texts: int | None = None,
    folds_only: bool = False,
    only_folds: Sequence[int] | None = None,
) -> dict[str, Any]:
    """Label the unlabelled texts with the final ``teacher`` and, where ``teacher_cv`` (the
    folder of its cross-validation: ``folds.json``, ``foldK/epochN``) is given, with each fold's
    export; write ``out/distill.json`` last, and return its record. Resumable.

    ``folds_only``: the fold exports only (the record's ``final`` is None), and ``only_folds``
    (implying it) only those, so that the student's cross-validation can start sooner (its
    fold k needs fold k's labels, its final training the final teacher's; each asks for them
    in one line). A fold not labelled in this run keeps what an earlier run labelled, or is
    None in the record."""
    manifest = Manifest.load(teacher, KIND)
    if not (teacher / ONNX_FILE).is_file():
        raise ModelError(f"{teacher}: no {ONNX_FILE}; not a teacher model")
    folds_only = folds_only or only_folds is not None
    if folds_only and teacher_cv is None:
        raise ModelError(f"{teacher}: no cross-validation folder, so no fold exports to label")
    texts = unlabelled_texts(unlabelled, max_texts)
    folds: list[dict[str, Any] | None] = []
    fold_of = None
    if teacher_cv is None:
        # Fold labels written without exports, by the fold networks themselves, are kept.
        folds, fold_of = kept_folds(out, texts)
    else:
        if not (teacher_cv / FOLDS_FILE).is_file():
            raise ModelError(f"{teacher_cv}: no {FOLDS_FILE}; not a cross-validation folder")
        split = json.loads((teacher_cv / FOLDS_FILE).read_text("utf-8"))
        epoch = int(manifest.parameters.get("epochs", 0))
        exports = [epoch_dir(teacher_cv, k, epoch) for k in range(int(split["k"]))]
        for export in exports:
            if not (export / MANIFEST).is_file():
                raise ModelError(f"{export}: missing; the teacher's fold exports of epoch {epoch}")
        fold_of = split["fold_of"]
        if only_folds is not None and not set(only_folds) <= set(range(len(exports))):
            raise ModelError(f"{teacher_cv}: the teacher has folds 0 to {len(exports) - 1} only")
        for k, export in enumerate(exports):
            if only_folds is None or k in only_folds:
                folds.append(label_folder(export, texts, fold_folder(out, k)))
            else:
                folds.append(labelled_by(export, texts, fold_folder(out, k)))
    final = None if folds_only else label_folder(teacher, texts, fold_folder(out, None))
    who = {
        "teacher": str(teacher),
        "teacher_encoder": manifest.parameters.get("encoder"),
        "teacher_base_model": manifest.parameters.get("base_model"),
    }
    return save_record(out, texts, who, final, folds, fold_of)


def save_record(
    out: Path,
    texts: Sequence[Unlabelled],
    teacher: dict[str, Any],
    final: dict[str, Any] | None,
    folds: Sequence[dict[str, Any] | None],
    fold_of: dict[str, int] | None,
) -> dict[str, Any]:
    """Write ``out/distill.json``, last: ``teacher`` (what to say of it), the final teacher's
    and each fold's labels, the unlabelled folders and how many texts are labelled; return it."""
    counts = Counter(str(item.path.parent) for item in texts)
    done = [k for k, f in enumerate(folds) if f is not None]
    first = fold_folder(out, None if final else done[0] if done else 0)
    record = {
        **teacher,
        "final": final,
        "folds": list(folds),
        "fold_of": fold_of,
        "unlabelled": [{"folder": f, "texts": n} for f, n in counts.items()],
        "texts": len(texts),
        "labelled": sum(1 for _ in first.glob("*.npz")),
        "decode": "DecodeParams() defaults; no helper, channels or calibration",
    }
    atomic_write(out / RECORD, json.dumps(record, indent=1) + "\n")
    return record


def read_record(labels: Path) -> dict[str, Any]:
    """The record of a finished labels folder (one-line errors for anything else)."""
    path = labels / RECORD
    if not path.is_file():
        if (labels / MANIFEST).is_file():
            raise ModelError(
                f"{labels}: a model directory, not teacher labels; label with it first: "
                f"propscan distil-labels {labels}"
            )
        raise ModelError(
            f"{labels}: no finished teacher labels ({RECORD}); run propscan distil-labels "
            "TEACHER -o LABELS first"
        )
    try:
        record: dict[str, Any] = json.loads(path.read_text("utf-8"))
    except ValueError as exc:
        raise ModelError(f"{path}: unreadable ({exc})") from None
    return record


def check_folds(labels: Path, record: dict[str, Any], folds: Folds) -> None:
    """Refuse fold labels whose teacher may have trained on a held-out article of the
    student's same fold: fold k's teacher must have held out every article the student's
    fold k holds out (articles the teacher never had are fine)."""
    if record.get("fold_of") is None:
        raise ModelError(
            f"{labels}: labelled by the final teacher only; the student's cross-validation "
            "needs its fold exports (propscan distil-labels --teacher-cv)"
        )
    if len(record["folds"]) != folds.k:
        raise ModelError(
            f"{labels}: the teacher has {len(record['folds'])} folds, the student {folds.k}; "
            "train with the teacher's --folds"
        )
    teacher_fold: dict[str, int] = record["fold_of"]
    for k in range(folds.k):
        for article in folds.held_out(k):
            seen = teacher_fold.get(article, k)
            if seen != k:
                raise ModelError(
                    f"{labels}: article {article} is held out in the student's fold {k} but "
                    f"the teacher's fold {k} trained on it (its fold {seen}); use the "
                    "teacher's articles and --folds"
                )


def load_labels(folder: Path) -> Iterator[TeacherLabels]:
    """The labels of a folder, in name order."""
    if not folder.is_dir():
        raise ModelError(f"{folder}: no teacher labels; run propscan distil-labels again")
    for path in sorted(folder.glob("*.npz")):
        if not path.name.startswith("."):
            yield TeacherLabels.load(path)


def student_targets(labels: TeacherLabels, tokenizer: Any) -> tuple[Any, np.ndarray]:
    """The student's tokens of a labelled text and their soft targets (tokens, 15), -1
    where the teacher said nothing."""
    encoded = encode(tokenizer, document_from_text(labels.text))
    targets = spread(
        labels.word_starts,
        labels.word_ends,
        labels.word_probabilities,
        encoded.tokens.starts,
        encoded.tokens.ends,
    )
    # A word the teacher did not cover (-1) averaged with one it did is no target either.
    targets[(targets < 0).any(axis=1)] = -1.0
    return encoded, targets.astype(np.float32)


def distill_windows(
    folder: Path, tokenizer: Any, overlap: int = OVERLAP, weight: float = 1.0
) -> list[Example]:
    """Training windows of the teacher-labelled texts in ``folder``, for ``tokenizer``."""
    examples = []
    for labels in load_labels(folder):
        encoded, targets = student_targets(labels, tokenizer)
        spans = [
            (int(s), int(e), int(np.argmax(p)))
            for (s, e), p in zip(labels.fragments, labels.fragment_techniques, strict=True)
        ]
        distributions = labels.fragment_techniques / labels.fragment_techniques.sum(
            axis=1, keepdims=True
        ).clip(min=1e-6)
        examples += window_examples(
            encoded, targets, spans, overlap, distributions=distributions, weight=weight
        )
    return examples


def distillation_summary(labels: Path, record: dict[str, Any]) -> dict[str, Any]:
    """What a student's manifest says of its teacher (the final student's: the final
    teacher's labels are there)."""
    if record.get("final") is None:
        raise ModelError(
            f"{labels}: labelled by the teacher's fold exports only (--folds-only); label with "
            "the final teacher too (propscan distil-labels TEACHER), then train with --resume"
        )
    return {
        "labels": str(labels),
        "teacher": record["teacher"],
        "teacher_base_model": record.get("teacher_base_model"),
        "teacher_sha256": record["final"]["sha256"],
        "fold_teachers_sha256": [f["sha256"] if f else None for f in record["folds"]],
        "unlabelled": record["unlabelled"],
        "texts": record["labelled"],
    }

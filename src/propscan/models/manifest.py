"""The manifest of a saved model directory: what it is, what it was trained on, how it scored.

Loading refuses a model whose format version or labels differ from this code's, and warns when
the libraries that wrote it differ in major version from the ones reading it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import platform
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from propscan.errors import ModelError
from propscan.fileio import atomic_write
from propscan.taxonomy import TECHNIQUE_NAMES

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
_LIBRARIES = ("propscan", "numpy", "scipy", "scikit-learn")

log = logging.getLogger(__name__)


def library_versions() -> dict[str, str]:
    """Versions of the libraries that matter for a model, as installed now."""
    versions = {"python": platform.python_version()}
    for name in _LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def hash_files(paths: list[Path]) -> str:
    """sha256 over the names and bytes of ``paths``, in sorted order."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read_kind(directory: Path) -> str:
    """The ``kind`` a model directory's manifest declares ("" when it has none)."""
    try:
        kind = json.loads((directory / MANIFEST).read_text(encoding="utf-8")).get("kind", "")
    except (OSError, ValueError, AttributeError):
        return ""
    return str(kind)


@dataclass
class Manifest:
    """Everything a saved model says about itself."""

    kind: str
    labels: list[str]
    training_data_sha256: str
    split: dict[str, Any]
    dev_scores: dict[str, Any]
    parameters: dict[str, Any]
    # Cross-validated figures (mean and spread over folds) of a model trained on all articles.
    cv: dict[str, Any] = field(default_factory=dict)
    libraries: dict[str, str] = field(default_factory=library_versions)
    format_version: int = FORMAT_VERSION

    def save(self, directory: Path) -> None:
        atomic_write(directory / MANIFEST, json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def load(cls, directory: Path, kind: str, labels: Sequence[str] | None = None) -> Manifest:
        """Read and check a manifest; ``labels`` defaults to the 14 SemEval-2020 classes."""
        path = directory / MANIFEST
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            manifest = cls(**raw)
        except FileNotFoundError:
            raise ModelError(f"{directory}: not a model directory (no {MANIFEST})") from None
        except (ValueError, TypeError) as exc:
            raise ModelError(f"{path}: unreadable manifest ({exc})") from None
        if manifest.format_version != FORMAT_VERSION:
            raise ModelError(
                f"{directory}: model format {manifest.format_version}, this propscan reads "
                f"format {FORMAT_VERSION}; retrain it with 'propscan train'"
            )
        if manifest.kind != kind:
            raise ModelError(f"{directory}: a {manifest.kind!r} model, expected {kind!r}")
        if labels is None and manifest.labels != list(TECHNIQUE_NAMES):
            raise ModelError(f"{directory}: model labels differ from the 14 SemEval-2020 classes")
        if labels is not None and manifest.labels != list(labels):
            raise ModelError(
                f"{directory}: model labels {manifest.labels}, expected {list(labels)}"
            )
        manifest.warn_on_library_mismatch(directory)
        return manifest

    def warn_on_library_mismatch(self, directory: Path) -> None:
        now = library_versions()
        for name in ("numpy", "scipy"):
            then = self.libraries.get(name, "")
            if then.split(".")[0] != now[name].split(".")[0]:
                log.warning(
                    "%s: model written with %s %s, running %s %s; results may differ",
                    directory,
                    name,
                    then,
                    name,
                    now[name],
                )

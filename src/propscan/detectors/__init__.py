"""Detectors, registered by name in one place.

``load_detector("fast")`` gives the model shipped with the package; a path to a model
directory written by ``propscan train`` loads that model instead. ``large`` (112 MB) ships
too; an install without its directory gets a one-line error naming the command that builds it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from propscan.detectors.base import Detection, Detector
from propscan.errors import ConfigError, ModelError

if TYPE_CHECKING:
    from propscan.detectors.accurate import AccurateDetector

__all__ = [
    "DEFAULT_MODEL",
    "DETECTORS",
    "Detection",
    "Detector",
    "installed",
    "load_detector",
    "packaged_model_dir",
    "with_branch_cues",
]


def packaged_model_dir(name: str) -> Path:
    """The directory of a model shipped inside the package."""
    return Path(str(resources.files("propscan") / "data" / "models" / name))


def _fast() -> Detector:
    from propscan.detectors.fast import FastDetector
    from propscan.models.fast import FastModel

    return FastDetector(FastModel.load(packaged_model_dir("fast")), name="fast")


def _accurate() -> Detector:
    from propscan.detectors.accurate import AccurateDetector
    from propscan.models.accurate import AccurateModel

    # No cue tagger: it is a second MiniLM pass, which would double the default model's time
    # an article and break its speed targets (docs/models.md, "The encoder cue tagger"); its
    # own graph's cue branch serves its quotes.
    directory = packaged_model_dir("accurate")
    return AccurateDetector.from_model(AccurateModel.load(directory), directory, "accurate")


def _large() -> Detector:
    from propscan.detectors.accurate import AccurateDetector
    from propscan.models.accurate import AccurateModel
    from propscan.quotes.cuetagger import packaged_cue_tagger

    if not installed("large"):
        raise ModelError(
            f"the large model is not installed (no {packaged_model_dir('large')}); build it "
            f"with: propscan train DATA_DIR -o {packaged_model_dir('large')} --model large"
        )
    # Its quotes' cues: the encoder cue tagger if one is installed, else the accurate model's
    # cue branch (with_branch_cues); either pass is some 6% of large's time an article.
    directory = packaged_model_dir("large")
    model = AccurateModel.load(directory)
    detector = AccurateDetector.from_model(model, directory, "large", packaged_cue_tagger())
    return with_branch_cues(detector)


def with_branch_cues(detector: AccurateDetector) -> AccurateDetector:
    """``detector``, reading its quotes' cues with the default model's cue branch when its own
    graph has none (``large``, MPNet; a model trained before its branch): without it the
    linear tagger alone leaves its quotes 0.02 to 0.03 of F1 behind the default's
    (docs/models.md)."""
    from propscan.detectors.accurate import AccurateDetector, BranchCues

    if detector.cue_probe is not None or detector.cue_tagger is not None:
        return detector
    accurate = _load("accurate")
    if isinstance(accurate, AccurateDetector) and accurate.cue_probe is not None:
        detector.cue_tagger = BranchCues(accurate)
    return detector


# Every named detector; the default is the first (the better one: see the README's figures).
DETECTORS: dict[str, Callable[[], Detector]] = {
    "accurate": _accurate,
    "fast": _fast,
    "large": _large,
}
DEFAULT_MODEL = next(iter(DETECTORS))


def installed(name: str) -> bool:
    """Whether the registered model ``name`` has its directory (an install may leave out
    ``large``)."""
    return (packaged_model_dir(name) / "manifest.json").is_file()


def _from_directory(path: Path) -> Detector:
    """A detector for a model directory, by the kind its manifest names."""
    from propscan.models.manifest import read_kind

    if read_kind(path) == "accurate-onnx":
        from propscan.detectors.accurate import AccurateDetector
        from propscan.models.accurate import AccurateModel

        model = AccurateModel.load(path)
        return with_branch_cues(AccurateDetector.from_model(model, path, name=path.name))
    from propscan.detectors.fast import FastDetector
    from propscan.models.fast import FastModel

    return FastDetector(FastModel.load(path), name=path.name)


def load_detector(name_or_path: str | None = None) -> Detector:
    """A registered detector by name (default: the first), or a model directory; loaded once."""
    return _load(name_or_path or DEFAULT_MODEL)


@lru_cache(maxsize=8)
def _load(name: str) -> Detector:
    if name in DETECTORS:
        return DETECTORS[name]()
    path = Path(name)
    if path.is_dir():
        return _from_directory(path)
    raise ConfigError(
        f"unknown model {name!r}; use one of {', '.join(DETECTORS)} or a model directory"
    )

"""Detectors, registered by name in one place.

``load_detector("fast")`` gives the model shipped with the package; a path to a model
directory written by ``propscan train`` loads that model instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path

from propscan.detectors.base import Detection, Detector
from propscan.errors import ConfigError

__all__ = ["DETECTORS", "Detection", "Detector", "load_detector", "packaged_model_dir"]


def packaged_model_dir(name: str) -> Path:
    """The directory of a model shipped inside the package."""
    return Path(str(resources.files("propscan") / "data" / "models" / name))


def _fast() -> Detector:
    from propscan.detectors.fast import FastDetector
    from propscan.models.fast import FastModel

    return FastDetector(FastModel.load(packaged_model_dir("fast")), name="fast")


# Every named detector; the default is the first.
DETECTORS: dict[str, Callable[[], Detector]] = {"fast": _fast}


@lru_cache(maxsize=8)
def load_detector(name_or_path: str | None = None) -> Detector:
    """A registered detector by name, or a fast model from a directory (loaded once)."""
    name = name_or_path or next(iter(DETECTORS))
    if name in DETECTORS:
        return DETECTORS[name]()
    path = Path(name)
    if path.is_dir():
        from propscan.detectors.fast import FastDetector
        from propscan.models.fast import FastModel

        return FastDetector(FastModel.load(path), name=path.name)
    raise ConfigError(
        f"unknown model {name!r}; use one of {', '.join(DETECTORS)} or a model directory"
    )

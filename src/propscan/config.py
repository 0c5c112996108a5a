"""Settings: the packaged ``defaults.toml``, overlaid by a user file, overlaid by options."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from propscan.errors import ConfigError
from propscan.ingest import IngestOptions

ENV_VAR = "PROPSCAN_CONFIG"


@dataclass(frozen=True)
class Settings:
    """Everything configurable, after overlaying."""

    model: str
    top: int
    ingest: IngestOptions


def _defaults() -> dict[str, dict[str, Any]]:
    text = (resources.files("propscan") / "data" / "defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _overlay(base: dict[str, dict[str, Any]], user: dict[str, Any], source: str) -> None:
    for section, values in user.items():
        if section not in base or not isinstance(values, dict):
            raise ConfigError(f"{source}: unknown section [{section}]; known: {', '.join(base)}")
        for key, value in values.items():
            if key not in base[section]:
                known = ", ".join(base[section])
                raise ConfigError(f"{source}: unknown key {section}.{key}; known: {known}")
            # An int may stand for a float ("timeout = 5"); a bool is an int to Python, not here.
            if type(value) is not type(base[section][key]) and not (
                type(value) is int and isinstance(base[section][key], float)
            ):
                raise ConfigError(
                    f"{source}: {section}.{key} = {value!r} should be a "
                    f"{type(base[section][key]).__name__}"
                )
            if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
                raise ConfigError(f"{source}: {section}.{key} = {value!r} must not be negative")
            if isinstance(value, str) and not value.strip():
                raise ConfigError(f"{source}: {section}.{key} must not be empty")
            base[section][key] = value


def load_settings(path: Path | None = None, **overrides: Any) -> Settings:
    """Defaults, then the user file (``path`` or ``$PROPSCAN_CONFIG``), then ``overrides``.

    ``overrides`` that are ``None`` are ignored, so CLI options left unset change nothing.
    """
    merged = _defaults()
    user_path = path or (Path(os.environ[ENV_VAR]) if os.environ.get(ENV_VAR) else None)
    if user_path is not None:
        try:
            _overlay(merged, tomllib.loads(user_path.read_text(encoding="utf-8")), str(user_path))
        except OSError as exc:
            raise ConfigError(f"{user_path}: cannot read config ({exc.strerror})") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{user_path}: not valid TOML ({exc})") from None
    ingest = IngestOptions(**merged["ingest"])
    settings = Settings(
        model=merged["analyze"]["model"], top=merged["analyze"]["top"], ingest=ingest
    )
    ingest_changes = {k: v for k, v in overrides.items() if v is not None and hasattr(ingest, k)}
    other = {k: v for k, v in overrides.items() if v is not None and k in ("model", "top")}
    if ingest_changes:
        settings = replace(settings, ingest=replace(ingest, **ingest_changes))
    return replace(settings, **other)

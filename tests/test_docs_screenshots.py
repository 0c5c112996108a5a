"""The screenshots the README shows: there, small, and referenced."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", ["web.png", "report.png"])
def test_screenshot_is_a_small_png_the_readme_shows(name: str) -> None:
    path = ROOT / "docs" / "screenshots" / name
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) < 300_000
    assert f"docs/screenshots/{name}" in (ROOT / "README.md").read_text(encoding="utf-8")

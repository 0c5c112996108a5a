"""The JSON form written a piece at a time is exactly ``Analysis.to_json``'s text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from propscan.analysis import Analysis
from propscan.detectors import Detector
from propscan.ingest import document_from_text
from propscan.pipeline import analyze_document
from propscan.report.json_stream import CHUNK_CHARS, iter_json


@pytest.fixture(scope="module")
def analysis(demo_text: str, detector: Detector) -> Analysis:
    result = analyze_document(document_from_text(demo_text), detector)
    assert result.spans and result.claims and result.quotes and result.actors
    return result


def test_pieces_make_the_same_text_as_to_json(analysis: Analysis) -> None:
    assert "".join(iter_json(analysis)) == analysis.to_json()
    compact = "".join(iter_json(analysis, indent=None, separators=(",", ":")))
    assert compact == json.dumps(analysis.to_dict(), ensure_ascii=False, separators=(",", ":"))
    assert Analysis.from_json(compact).to_json() == analysis.to_json()


def test_a_long_analysis_comes_in_bounded_pieces(demo_text: str, detector: Detector) -> None:
    long = analyze_document(document_from_text("\n\n".join([demo_text] * 20)), detector)
    pieces = list(iter_json(long))
    assert len(pieces) > 3
    # A piece is a chunk plus at most one item's text (here: the document text is one item).
    assert max(len(p) for p in pieces[1:]) < 2 * CHUNK_CHARS


def _whole_tree_forbidden(monkeypatch: pytest.MonkeyPatch) -> None:
    to_dict = Analysis.to_dict

    def guarded(self: Analysis) -> dict[str, Any]:
        assert not self.sentences, "the whole analysis was turned into one dict tree"
        return to_dict(self)

    monkeypatch.setattr(Analysis, "to_dict", guarded)


def test_the_cli_writes_json_without_the_whole_tree(
    run: Any, demo_text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "article.txt"
    article.write_text(demo_text, encoding="utf-8")
    expected = run("analyze", article, "-m", "fast", "-f", "json").out
    _whole_tree_forbidden(monkeypatch)
    out = tmp_path / "out.json"
    assert run("analyze", article, "-m", "fast", "-f", "json", "-o", out).code == 0
    streamed = run("analyze", article, "-m", "fast", "-f", "json")
    assert streamed.code == 0
    assert streamed.out == expected
    assert out.read_text(encoding="utf-8") + "\n" == expected

"""Claims, quotes and actors in a whole analysis: the example article, every output, offsets."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from propscan.analysis import Analysis
from propscan.detectors import Detector
from propscan.document import Document
from propscan.pipeline import analyze_document

EXAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "examples" / "aleppo-article.txt"

# The in-process runner is the `run` fixture of tests/conftest.py; it returns a CliResult.
Run = Callable[..., Any]


@pytest.fixture(scope="module")
def example() -> Analysis:
    if not EXAMPLE.is_file():
        pytest.skip("the shared example article is not here")
    from propscan import analyze

    return analyze(str(EXAMPLE), model="fast")


def _claim_with(analysis: Analysis, words: str) -> Any:
    [claim] = [c for c in analysis.claims if words in c.text]
    return claim


def test_example_claims(example: Analysis) -> None:
    assert len(example.claims) == len(example.sentences)
    killed = _claim_with(example, "Over 350,000 people have been killed in Syria")
    assert killed.verdict == 1 and killed.score > 0.5
    [number] = [q for q in killed.quantities if q.value == 350000]
    assert (number.unit, number.comparison) == ("people", "over")
    territory = _claim_with(example, "already controls 80 percent of the rebel territory")
    assert territory.verdict == 1
    assert any(q.value == 80 and q.unit == "percent" for q in territory.quantities)
    # A rhetorical question is no checkable claim.
    assert _claim_with(example, "Where were these nations when").verdict == -1


def test_example_quotes_and_speakers(example: Analysis) -> None:
    speakers = {q.speaker for q in example.quotes}
    assert {"Stephen J. Lendman", "Barack Obama", "Dmitri Peskov"} <= speakers
    peskov = [q for q in example.quotes if q.speaker == "Dmitri Peskov"]
    # "Peskov said" and "he added" resolve to the full name given earlier.
    assert {q.source.text for q in peskov if q.source} >= {"Peskov", "he"}


def test_example_actors(example: Analysis) -> None:
    by_name = {a.name: a for a in example.actors}
    obama = by_name["Barack Obama"]
    assert obama.kind == "person"
    assert {m.text for m in obama.mentions} >= {"Barack Obama", "Obama"}
    assert obama.quotes and all(example.quotes[i].speaker == "Barack Obama" for i in obama.quotes)
    assert by_name["Dmitri Peskov"].kind == "person"
    assert "Kremlin spokesman" in {label.text for label in by_name["Dmitri Peskov"].labels}
    for country in ("Syria", "Russia", "United States"):
        assert by_name[country].kind == "country"
    assert by_name["rebels"].kind == "group"


def test_example_in_every_output(example: Analysis, run: Run, tmp_path: Path) -> None:
    restored = Analysis.from_json(example.to_json())
    assert (restored.claims, restored.quotes, restored.actors) == (
        example.claims,
        example.quotes,
        example.actors,
    )
    result = run("analyze", str(EXAMPLE), "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["quotes"] and data["actors"] and data["claims"]
    page = run("analyze", str(EXAMPLE), "--format", "html")
    assert "Check-worthy claims" in page.out and "Dmitri Peskov" in page.out
    text = run("analyze", str(EXAMPLE), "--no-colour")
    assert "Quotes and attributions" in text.out and "Actors" in text.out


def test_unreadable_text_gets_no_statements(detector: Detector) -> None:
    analysis = analyze_document(Document.create("1234 5678 9999 0000 1111 2222 3333\n"), detector)
    assert analysis.summary.notes
    assert (analysis.claims, analysis.quotes, analysis.actors) == ((), (), ())


_PIECES = st.sampled_from(
    [
        "“", "”", '"', "‘", "’", "'", "«", "»", " said ", " told reporters ", "According to ",
        "Barack Obama", "Obama", " he ", "Mr. Putin", "the UN", "rebels", " terrorists",
        " over 350,000 people", " 80 percent", "$2.5 billion", ", ", ". ", "\n", "\n\n",
        "\r\n", "\ufeff", "Kremlin spokesman Dmitri Peskov", " (UN) ", "é", "🙂", "x", " ",
    ]
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, min_size=1, max_size=60).map("".join))
def test_every_offset_addresses_its_text(detector: Detector, text: str) -> None:
    if not text.strip():
        return
    analysis = analyze_document(Document.create(text), detector)
    # Analysis validates offsets on construction; check again here so the test says what it
    # tests, and that the JSON form keeps them.
    for claim in analysis.claims:
        assert text[claim.start : claim.end] == claim.text
        for q in claim.quantities:
            assert text[q.start : q.end] == q.text
    for quote in analysis.quotes:
        for span in (quote.content, quote.cue, quote.source):
            if span is not None:
                assert text[span.start : span.end] == span.text
    for actor in analysis.actors:
        for span in (*actor.mentions, *actor.labels):
            assert text[span.start : span.end] == span.text
        assert all(0 <= i < len(analysis.spans) for i in actor.fragments)
        assert all(0 <= i < len(analysis.quotes) for i in actor.quotes)
    assert Analysis.from_json(analysis.to_json()) == analysis


def test_quotes_command_writes_brat_and_refuses_bad_input(run: Run, tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    text = "\ufeffThe minister said the tax was fair.\r\n“It is fair,” she told reporters.\r\n"
    (texts / "one.txt").write_text(text, encoding="utf-8", newline="")
    out = tmp_path / "ann"
    result = run("quotes", texts, "-o", out)
    assert result.code == 0, result.err
    rows = (out / "one.ann").read_text(encoding="utf-8").splitlines()
    bound = [r.split("\t") for r in rows if r.startswith("T")]
    assert {kind.split()[0] for _, kind, _ in bound} >= {"Source", "Cue", "Content"}
    for _, kind, covered in bound:
        start, end = (int(x) for x in kind.split()[1:3])
        assert text[start:end] == covered
    assert any(r.startswith("E") and "Attribution" in r for r in rows)
    missing = run("quotes", tmp_path / "nowhere", "-o", out)
    assert missing.code == 1 and missing.err.count("\n") == 1 and "no such directory" in missing.err


def test_claims_command_contract(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "Sentence_id,Text,Speaker\n"
        '7,"Unemployment fell to 4 percent last year, the lowest in 30 years.",A\n'
        "8,What a wonderful evening!,B\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    result = run("claims", source, "-o", out)
    assert result.code == 0, result.err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Sentence_id,Verdict,Score"
    rows = [line.split(",") for line in lines[1:]]
    assert [r[0] for r in rows] == ["7", "8"]
    assert rows[0][1] == "1" and rows[1][1] == "-1"
    assert all(0.0 <= float(r[2]) <= 1.0 for r in rows)

"""The claims of the Aleppo example (../shared/examples/aleppo-article.txt): what it counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from propscan.analysis import Claim
from propscan.claims import load_claim_model
from propscan.ingest import document_from_text
from propscan.report.statements import quantity_label


@pytest.fixture(scope="module")
def claims(shared_dir: Path) -> list[Claim]:
    path = shared_dir / "examples" / "aleppo-article.txt"
    if not path.is_file():
        pytest.skip(f"no example article at {path}")
    return load_claim_model()(document_from_text(path.read_text(encoding="utf-8")))


def test_what_numbers_count(claims: list[Claim]) -> None:
    quantities = [q for c in claims for q in c.quantities]
    texts = [q.text for q in quantities]
    assert "six western countries" in texts
    assert "six western" not in texts
    assert next(q.unit for q in quantities if q.text == "six western countries") == "countries"


def test_years_are_not_shown_as_amounts(claims: list[Claim]) -> None:
    # "multiple times in 2016 alone": a year, not an amount of 2,016.
    labels = [quantity_label(q) for c in claims for q in c.quantities]
    assert labels, "the example states numbers"
    assert not [label for label in labels if "2,016" in label or "1,945" in label], labels
    assert not [q for c in claims for q in c.quantities if q.text.startswith("2016")]

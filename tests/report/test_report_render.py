"""render() dispatch, the JSON form and its documented schema."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from propscan.analysis import SCHEMA, Analysis
from propscan.errors import ConfigError, InputError
from propscan.report import FORMATS, render

SCHEMA_FILE = Path(__file__).parents[2] / "docs" / "analysis.schema.json"


def test_every_format_renders(hostile: Analysis) -> None:
    for fmt in FORMATS:
        assert render(hostile, fmt, colour=False)


def test_unknown_format_names_the_allowed_ones(hostile: Analysis) -> None:
    with pytest.raises(ConfigError) as error:
        render(hostile, "pdf")
    message = str(error.value)
    assert "'pdf'" in message
    assert all(fmt in message for fmt in FORMATS)


def test_json_is_to_json_and_round_trips(hostile: Analysis) -> None:
    text = render(hostile, "json")
    assert text == hostile.to_json()
    assert Analysis.from_json(text).to_dict() == hostile.to_dict()


def test_json_round_trips_an_empty_analysis(build: Callable[..., Analysis]) -> None:
    empty = build("Nothing to see here.", [])
    assert Analysis.from_json(render(empty, "json")).to_dict() == empty.to_dict()


def test_json_round_trips_quotes_without_a_cue_or_source(demo_text: str) -> None:
    from propscan.pipeline import analyze

    analysis = analyze(demo_text, model="fast")
    assert any(q.cue is None or q.source is None for q in analysis.quotes)
    assert Analysis.from_json(analysis.to_dict()).to_dict() == analysis.to_dict()


@pytest.mark.parametrize(
    ("where", "value", "words"),
    [
        ("confidence", "0.9", "spans[0].confidence: '0.9' is not a finite number"),
        ("confidence", True, "spans[0].confidence: True is not a finite number"),
        ("technique", 7, "spans[0].technique: 7 is not a string"),
        ("score", None, "summary.score: None is not a finite number"),
        ("title", 3, "metadata.title: 3 is not a string or null"),
    ],
)
def test_json_with_wrong_types_is_refused(
    hostile: Analysis, where: str, value: object, words: str
) -> None:
    data = hostile.to_dict()
    target = {"confidence": data["spans"][0], "technique": data["spans"][0],
              "score": data["summary"], "title": data["document"]["metadata"]}[where]  # fmt: skip
    target[where] = value
    with pytest.raises(InputError, match=re.escape(words)):
        Analysis.from_json(data)


def _check(instance: Any, schema: dict[str, Any], defs: dict[str, Any], path: str) -> None:
    """A small validator for the keywords analysis.schema.json uses (no jsonschema installed)."""
    if "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
    if "const" in schema:
        assert instance == schema["const"], path
    if "enum" in schema:
        assert instance in schema["enum"], path
    kinds = schema.get("type")
    if kinds is not None:
        kinds = kinds if isinstance(kinds, list) else [kinds]
        python = {
            "object": dict,
            "array": list,
            "string": str,
            "integer": int,
            "number": (int, float),
            "null": type(None),
            "boolean": bool,
        }
        assert any(isinstance(instance, python[k]) for k in kinds), path
    # As in JSON Schema, bounds apply to numbers only (a nullable index may be null).
    number = isinstance(instance, int | float) and not isinstance(instance, bool)
    for bound, ok in (("minimum", lambda v, b: v >= b), ("maximum", lambda v, b: v <= b)):
        if bound in schema and number:
            assert ok(instance, schema[bound]), path
    if isinstance(instance, dict):
        assert set(schema.get("required", ())) <= set(instance), path
        for key, value in instance.items():
            if "propertyNames" in schema:
                _check(key, schema["propertyNames"], defs, f"{path}.{key} (name)")
            sub = schema.get("properties", {}).get(key, schema.get("additionalProperties"))
            assert sub is not None, f"{path}.{key} is not in the schema"
            _check(value, sub, defs, f"{path}.{key}")
    if isinstance(instance, list) and "items" in schema:
        for i, item in enumerate(instance):
            _check(item, schema["items"], defs, f"{path}[{i}]")


def test_json_schema_file_matches_the_output(hostile: Analysis) -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["schema"]["const"] == SCHEMA
    _check(json.loads(hostile.to_json()), schema, schema["$defs"], "$")

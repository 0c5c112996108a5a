"""Request bodies of the REST API, validated by pydantic (unknown fields are refused).

Responses are not modelled here: ``/v1/analyze`` returns exactly ``Analysis.to_dict()``, whose
schema is versioned and documented in ``docs/json-schema.md``.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator, model_validator

from propscan.taxonomy import TECHNIQUE_NAMES

# Most articles one batch request may carry: a batch holds one worker for its whole length.
MAX_BATCH = 32
# Most sentences one claims request may carry (about 3 s of the default model's time here).
MAX_SENTENCES = 2000

_SOURCES = ("text", "html", "url")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogate(value: Any) -> str | None:
    """The lone surrogate in a string somewhere in ``value`` (parsed JSON), if any.

    JSON's ``\\ud800`` escapes parse into such strings, which no UTF-8 encoder accepts: caught
    here, they fail the request with a message instead of failing the analysis (500).
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            match = _SURROGATE.search(item)
            if match:
                return f"U+{ord(match.group()):04X} at character {match.start()}"
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


class _Body(BaseModel):
    """A request body: no unknown field, no string that is not valid Unicode."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _valid_unicode(cls, data: Any) -> Any:
        for name, value in data.items() if isinstance(data, dict) else ():
            found = _lone_surrogate([name, value])
            if found:
                shown = repr(name)[1:-1]  # a name with a surrogate in it, escaped
                raise ValueError(f"{shown}: not valid Unicode (a lone surrogate, {found})")
        return data


class Filters(_Body):
    """Which fragments to return."""

    # Strict: "0.5" and true are refused (422) rather than read as numbers.
    threshold: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        strict=True,
        description="Leave out fragments whose confidence is below this; 0 keeps all "
        "(default: the display threshold, which GET /v1/models gives).",
    )
    techniques: list[StrictStr] | None = Field(
        None, description="Keep only fragments of these techniques (SemEval-2020 class names)."
    )

    @field_validator("techniques")
    @classmethod
    def _known_techniques(cls, value: list[str] | None) -> list[str] | None:
        for name in value or ():
            if name not in TECHNIQUE_NAMES:
                raise ValueError(f"unknown technique {name!r}; known: {', '.join(TECHNIQUE_NAMES)}")
        return value


class Options(Filters):
    """What to analyse with and which fragments to return."""

    model: StrictStr | None = Field(
        None, description="A detector the server has loaded (default: the server's model)."
    )


class AnalyzeRequest(Options):
    """One article, given as exactly one of ``text``, ``html`` or ``url``."""

    text: StrictStr | None = Field(None, description="The article as plain text.")
    html: StrictStr | None = Field(None, description="An HTML page; its main text is analysed.")
    url: StrictStr | None = Field(None, description="An http(s) URL to fetch (public hosts only).")

    @model_validator(mode="after")
    def _one_source(self) -> AnalyzeRequest:
        given = [name for name in _SOURCES if getattr(self, name) is not None]
        if len(given) != 1:
            got = ", ".join(given) if given else "none"
            raise ValueError(f"give exactly one of text, html, url (got {got})")
        return self


class BatchRequest(BaseModel):
    """Several articles; each is analysed (and may fail) on its own."""

    model_config = ConfigDict(extra="forbid")

    items: list[AnalyzeRequest] = Field(min_length=1, max_length=MAX_BATCH)


class ReportRequest(Options):
    """An HTML report of one article: from a source, or from an analysis already made.

    Passing ``analysis`` (the JSON of ``/v1/analyze``) renders it again without re-analysing,
    so the page's "download HTML report" shows exactly what the page shows.
    """

    text: StrictStr | None = None
    html: StrictStr | None = None
    url: StrictStr | None = None
    analysis: dict[str, Any] | None = Field(
        None, description="An analysis as returned by /v1/analyze (schema propscan.analysis/2)."
    )

    @model_validator(mode="after")
    def _one_source(self) -> ReportRequest:
        given = [name for name in (*_SOURCES, "analysis") if getattr(self, name) is not None]
        if len(given) != 1:
            got = ", ".join(given) if given else "none"
            raise ValueError(f"give exactly one of text, html, url, analysis (got {got})")
        return self

    def source(self) -> AnalyzeRequest:
        """The request without its ``analysis`` field (when it has none)."""
        return AnalyzeRequest(**self.model_dump(exclude={"analysis"}))


class ClaimsRequest(_Body):
    """Sentences given one by one, each judged on its own (not an article)."""

    sentences: list[StrictStr] = Field(
        min_length=1,
        max_length=MAX_SENTENCES,
        description="The sentences; each gets ClaimBuster's class and a check-worthiness score.",
    )
    model: StrictStr | None = Field(
        None,
        description="A model the server has loaded (default: the server's model); 'fast' judges "
        "with the linear claim model alone.",
    )


class FilterRequest(Filters):
    """An analysis already made, to be returned with only the fragments that pass the filters.

    The page asks for this when its filters change: the summary (the score above all) depends
    on the fragments kept, and only the library computes it.
    """

    analysis: dict[str, Any] = Field(
        description="An analysis as returned by /v1/analyze (schema propscan.analysis/2)."
    )

"""Titles and dates for article files, which carry no metadata of their own.

A file in a ``propscan batch`` folder (or given alone) gets, in this order of precedence:

1. the fields of its sidecar, ``NAME.meta.json`` beside ``NAME.txt`` (or ``NAME.html``): a
   JSON object with any of ``title``, ``date``, ``url`` and ``outlet`` (or ``source``), each
   a string. ``date`` is ISO 8601 (``YYYY-MM-DD``, ``YYYY-MM`` or a full timestamp). Any
   other field, or a sidecar that is not such an object, makes the article a failure naming
   the sidecar, so a typo (``"tilte"``) is not silently ignored;
2. a date in the file name: the first ``YYYY-MM-DD`` that is a real calendar date and is not
   part of a longer run of digits (``2024-03-05-harbour.txt``, ``harbour_2024-03-05.txt``);
3. for a plain-text file, its first line as the title, when it looks like one (see
   :func:`first_line_title`). HTML files have their ``<title>`` found by extraction instead.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from propscan.errors import InputError
from propscan.fileio import open_regular

SIDECAR_SUFFIX = ".meta.json"
SIDECAR_FIELDS = ("title", "date", "url", "outlet", "source")
# A sidecar is a few fields; anything larger is not one.
SIDECAR_MAX_BYTES = 64 * 1024

# A title is one short line: PTC's 371 training titles are at most 168 characters and 31
# words; a first line longer than this is the first paragraph of an article without a title.
MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 40
# A first line ending like this runs on into the next one: it is no title.
_RUNS_ON = (",", ";", ":", "-", "–", "—", "(")

_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ].*)?$")


def sidecar_path(path: Path) -> Path:
    """Where the sidecar of the article file ``path`` would be."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> dict[str, str]:
    """The metadata in the sidecar of the article file ``path`` (empty when it has none).

    Raises:
        InputError: The sidecar is unreadable, too large, not a JSON object of strings, has
            an unknown field or a date that is not ISO 8601.
    """
    side = sidecar_path(path)
    if not side.exists():
        return {}
    try:
        with open_regular(side) as handle:
            data = handle.read(SIDECAR_MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{side}: cannot read: {exc.strerror or exc}") from None
    if len(data) > SIDECAR_MAX_BYTES:
        raise InputError(f"{side}: over {SIDECAR_MAX_BYTES} bytes; a sidecar holds a few fields")
    try:
        raw: Any = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{side}: not a JSON object ({exc})") from None
    if not isinstance(raw, dict):
        raise InputError(f"{side}: expected a JSON object, got {type(raw).__name__}")
    fields: dict[str, str] = {}
    for key, value in raw.items():
        if key not in SIDECAR_FIELDS:
            raise InputError(f"{side}: unknown field {key!r}; allowed: {', '.join(SIDECAR_FIELDS)}")
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(f"{side}: field {key!r} must be a string, not {type(value).__name__}")
        if value.strip():
            fields["outlet" if key == "source" else key] = value.strip()
    if "date" in fields and not is_iso_date(fields["date"]):
        raise InputError(
            f"{side}: date {fields['date'][:100]!r} is not ISO 8601 (YYYY-MM-DD, YYYY-MM or a "
            "timestamp)"
        )
    return fields


def is_iso_date(text: str) -> bool:
    """Whether ``text`` starts with a real ISO 8601 date: ``YYYY-MM[-DD]`` and an optional time."""
    match = _ISO_DATE.match(text)
    if not match:
        return False
    year, month, day = match.groups()
    try:
        date(int(year), int(month), int(day or 1))
    except ValueError:
        return False
    return True


def date_from_name(name: str) -> str | None:
    """The first real ``YYYY-MM-DD`` date in a file name, or ``None``."""
    for match in _NAME_DATE.finditer(name):
        year, month, day = (int(g) for g in match.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            continue
    return None


def first_line_title(text: str) -> str | None:
    """The first line of a plain-text article as its title, PTC style, or ``None``.

    The first non-blank line is taken for a title when all of these hold:

    - more text follows it (a one-line file is all body);
    - it is at most :data:`MAX_TITLE_CHARS` characters and :data:`MAX_TITLE_WORDS` words;
    - it does not end in a mark that runs on into the next line (``,`` ``;`` ``:`` a dash or
      an opening bracket).

    The blank line that usually follows a title is not required (eight of PTC's 371 articles
    go straight on with the body). The title is returned with its whitespace collapsed; the
    article text is unchanged, title included.
    """
    lines = text.lstrip("\ufeff").splitlines()
    index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if index is None:
        return None
    line = " ".join(lines[index].split())
    rest = any(later.strip() for later in lines[index + 1 :])
    if not rest or len(line) > MAX_TITLE_CHARS or len(line.split()) > MAX_TITLE_WORDS:
        return None
    if line.endswith(_RUNS_ON):
        return None
    return line

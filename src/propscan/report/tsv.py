"""The TSV report: one line per fragment, in the column order of the SemEval span files.

``ID<TAB>TECHNIQUE<TAB>START<TAB>END<TAB>CONFIDENCE<TAB>TEXT`` after a header line. Fields
are escaped so that each row is one line: backslash, tab, newline and carriage return become
``\\\\``, ``\\t``, ``\\n``, ``\\r``, and other characters that ``str.splitlines`` treats as line
breaks become ``\\xHH`` / ``\\uHHHH``. A field starting with a character that makes a
spreadsheet read it as a formula (``=``, ``+``, ``-``, ``@`` and their full-width forms) has
that character written ``\\xHH`` / ``\\uHHHH`` too, so the file opens safely and still
round-trips. :func:`unescape_field` reverses it all.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from propscan.analysis import Analysis
from propscan.fileio import FORMULA_STARTS

HEADER = ("ID", "TECHNIQUE", "START", "END", "CONFIDENCE", "TEXT")

_NAMED = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
# Characters that end a line for str.splitlines besides \n and \r.
_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_ESCAPE = re.compile("[\\\\\t\n\r" + _BREAKS + "]")
_UNESCAPE = re.compile(r"\\(?:x([0-9a-f]{2})|u([0-9a-f]{4})|(.))", re.DOTALL)
_UNNAMED = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_field(value: str) -> str:
    """``value`` with line breaks, tabs and backslashes escaped, so it fits one TSV field, and
    a leading formula character escaped, so no spreadsheet runs it."""
    escaped = _ESCAPE.sub(_escape_char, value)
    if escaped.startswith(FORMULA_STARTS):
        code = ord(escaped[0])
        return (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}") + escaped[1:]
    return escaped


def _unescape_char(match: re.Match[str]) -> str:
    hex2, hex4, named = match.groups()
    if hex2 or hex4:
        return chr(int(hex2 or hex4, 16))
    return _UNNAMED.get(named, "\\" + named)


def unescape_field(value: str) -> str:
    """The inverse of :func:`escape_field`."""
    return _UNESCAPE.sub(_unescape_char, value)


def article_id(source: str | None) -> str:
    """The article ID: the source's file name without extension, PTC's ``article`` prefix cut.

    ``data/article123.txt`` gives ``123``; an unknown source gives ``-``.
    """
    if not source:
        return "-"
    path = urlsplit(source).path if "://" in source else source
    name = re.split(r"[/\\]", path.rstrip("/\\"))[-1]
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    if stem.startswith("article") and len(stem) > len("article"):
        stem = stem[len("article") :]
    return escape_field(stem) or "-"


def render_tsv(analysis: Analysis) -> str:
    """Every fragment as one TSV row, in text order, after a header line."""
    ident = article_id(analysis.document.metadata.source)
    lines = ["\t".join(HEADER)]
    for f in analysis.spans:
        fields = (
            ident,
            escape_field(f.technique),
            str(f.start),
            str(f.end),
            f"{f.confidence:.4f}",
            escape_field(f.text),
        )
        lines.append("\t".join(fields))
    return "\n".join(lines) + "\n"

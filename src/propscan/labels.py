"""Reading and writing SemEval-2020 Task 11 labels, and reading the PTC article texts.

Label files are tab separated, one span a row, START inclusive and END exclusive, offsets in
characters (Unicode code points) of the article file decoded as UTF-8 with its byte-order mark
and its line endings kept as they are:

- span identification (SI): ``ID  START  END``
- technique classification (TC) and the full task: ``ID  TECHNIQUE  START  END``; a technique
  written ``?`` means "unknown" (read as ``None``).

A labels input is either one TSV file or a folder of ``*.labels`` files (the PTC layout, one file
an article).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from propscan.errors import InputError, LabelFormatError, OffsetError
from propscan.fileio import atomic_write
from propscan.taxonomy import TECHNIQUE_NAMES

UNKNOWN_TECHNIQUE = "?"
"""How a row with a technique column says the technique is not known."""

_ARTICLE_FILE = re.compile(r"^article(.+)\.txt$")
_KNOWN = frozenset(TECHNIQUE_NAMES)
_EXPECTED_EITHER = "expected 'ID START END' or 'ID TECHNIQUE START END'"
_EXPECTED_SI = "expected 'ID START END'"
_EXPECTED_TC = "expected 'ID TECHNIQUE START END'"


@dataclass(frozen=True, slots=True, order=True)
class LabelledSpan:
    """One labelled span of an article: characters ``start`` to ``end`` (exclusive).

    ``technique`` is ``None`` for SI rows and for a technique given as ``?``. Ordering compares
    the fields in turn, so sorting spans that tie on (article, start, end) and mix ``None`` with
    names raises ``TypeError``: sort with :func:`span_sort_key` instead.

    Raises:
        OffsetError: if ``start`` is negative or ``end`` is not after ``start``.
    """

    article_id: str
    start: int
    end: int
    technique: str | None = None

    def __post_init__(self) -> None:
        if self.start < 0 or self.end <= self.start:
            raise OffsetError(
                f"span {self.start}-{self.end} of article {self.article_id}: "
                "offsets must satisfy 0 <= start < end"
            )


def span_sort_key(span: LabelledSpan) -> tuple[str, int, int, str]:
    """Sort key (article, start, end, technique) that puts an unknown technique first."""
    return (span.article_id, span.start, span.end, span.technique or "")


def read_article_texts(articles_dir: Path) -> dict[str, str]:
    """Read every ``article<ID>.txt`` in ``articles_dir``, keyed by ID.

    Files are decoded as strict UTF-8 with any byte-order mark kept and ``\\r\\n`` left alone,
    because label offsets count the raw characters of the file.

    Raises:
        InputError: if the folder is missing, holds no article files, or a file is not UTF-8.
    """
    folder = Path(articles_dir)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such articles folder")
    texts: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        match = _ARTICLE_FILE.match(path.name)
        if match is None or not path.is_file():
            continue
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                texts[match.group(1)] = handle.read()
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path}: not valid UTF-8 (byte {exc.start}); articles must be UTF-8 text"
            ) from None
    if not texts:
        raise InputError(f"{folder}: no article<ID>.txt files in this folder")
    return texts


def read_spans(path: Path, *, with_technique: bool | None = None) -> list[LabelledSpan]:
    """Read labelled spans from a TSV file or a folder of ``*.labels`` files.

    Rows are split on runs of whitespace (IDs and technique names hold none), so a stray
    trailing tab or a ``\\r\\n`` line ending is tolerated; blank lines are skipped.

    Args:
        path: a TSV file, or a folder whose ``*.labels`` files are read in name order.
        with_technique: ``True`` requires the four-column form, ``False`` the three-column
            form, ``None`` accepts either, row by row.

    Returns:
        The spans in file order (files in name order).

    Raises:
        LabelFormatError: if the path is missing, a folder has no ``*.labels`` files, a file is
            not UTF-8, or a row is malformed (wrong column count, non-integer offsets,
            ``start < 0``, ``start >= end``, a technique not among the 14 classes).
    """
    source = Path(path)
    if source.is_dir():
        files = sorted(p for p in source.glob("*.labels") if p.is_file())
        if not files:
            raise LabelFormatError(f"{source}: no *.labels files in this folder")
    elif source.is_file():
        files = [source]
    else:
        raise LabelFormatError(f"{source}: no such labels file or folder")
    spans: list[LabelledSpan] = []
    for file in files:
        spans.extend(_read_file(file, with_technique))
    return spans


def _read_file(path: Path, with_technique: bool | None) -> list[LabelledSpan]:
    try:
        # utf-8-sig: a BOM at the start of a labels file is an editor artefact, not data.
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LabelFormatError(f"{path}: not valid UTF-8 (byte {exc.start})") from None
    expected = {None: _EXPECTED_EITHER, True: _EXPECTED_TC, False: _EXPECTED_SI}[with_technique]
    allowed = {None: (3, 4), True: (4,), False: (3,)}[with_technique]
    spans: list[LabelledSpan] = []
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if not fields:
            continue

        def bad(problem: str, number: int = number) -> LabelFormatError:
            return LabelFormatError(f"{path}:{number}: {problem}; {expected}")

        if len(fields) not in allowed:
            raise bad(f"{len(fields)} columns")
        technique: str | None = None
        if len(fields) == 4:
            article_id, name, start_text, end_text = fields
            if name != UNKNOWN_TECHNIQUE:
                if name not in _KNOWN:
                    raise bad(
                        f"unknown technique {name!r} (known: {', '.join(TECHNIQUE_NAMES)}, "
                        f"or {UNKNOWN_TECHNIQUE!r})"
                    )
                technique = name
        else:
            article_id, start_text, end_text = fields
        try:
            start, end = int(start_text), int(end_text)
        except ValueError:
            raise bad(f"offsets {start_text!r} {end_text!r} are not integers") from None
        if start < 0:
            raise bad(f"start {start} is negative")
        if start >= end:
            raise bad(f"start {start} is not before end {end}")
        spans.append(LabelledSpan(article_id, start, end, technique))
    return spans


def check_spans_fit(spans: Iterable[LabelledSpan], texts: dict[str, str], source: str) -> None:
    """Check that every span points inside a known article.

    Args:
        spans: the spans to check.
        texts: article texts by ID, as :func:`read_article_texts` returns them.
        source: where the spans came from, for the message (a file name).

    Raises:
        LabelFormatError: on the first span whose article is unknown or whose end lies past
            the end of its article.
    """
    for span in spans:
        text = texts.get(span.article_id)
        if text is None:
            raise LabelFormatError(
                f"{source}: label {span.article_id} {span.start}-{span.end} is for an article "
                f"that is not among the {len(texts)} articles given"
            )
        if span.end > len(text):
            raise LabelFormatError(
                f"{source}: label {span.article_id} {span.start}-{span.end} points outside the "
                f"article ({len(text)} characters)"
            )


def format_spans(
    spans: Iterable[LabelledSpan], *, with_technique: bool, keep_order: bool = False
) -> str:
    """Spans as label-file TSV, newline-terminated.

    Rows are sorted by (ID, start, end, technique) unless ``keep_order`` (TC predictions follow
    the order of the template they answer). With ``with_technique`` an unknown technique is
    written ``?``; without it the technique column is left out.
    """
    lines = []
    for span in spans if keep_order else sorted(spans, key=span_sort_key):
        if with_technique:
            name = span.technique if span.technique is not None else UNKNOWN_TECHNIQUE
            lines.append(f"{span.article_id}\t{name}\t{span.start}\t{span.end}\n")
        else:
            lines.append(f"{span.article_id}\t{span.start}\t{span.end}\n")
    return "".join(lines)


def write_spans(
    path: Path, spans: Iterable[LabelledSpan], with_technique: bool, keep_order: bool = False
) -> None:
    """Write :func:`format_spans` output to ``path``, whole or not at all."""
    atomic_write(path, format_spans(spans, with_technique=with_technique, keep_order=keep_order))

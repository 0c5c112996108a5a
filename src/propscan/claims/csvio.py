"""Reading and writing the sentence CSV files of ``propscan claims`` and ``train-claims``."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from propscan.errors import InputError
from propscan.fileio import atomic_write, csv_writer

# CSV fields can hold a whole paragraph; the csv module's default cap (128 KiB) is kept.
_SNIFF = 8192


def read_rows(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV file with a header naming at least the ``required`` columns.

    Raises:
        InputError: The file is missing, unreadable, binary, not UTF-8, not CSV, lacks a
            required column, or has no data rows.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected a CSV file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if not data.strip():
        raise InputError(f"{path}: the file is empty")
    if b"\x00" in data[:_SNIFF]:
        raise InputError(f"{path}: binary data, expected a CSV text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 (byte {exc.start} is invalid); save the CSV as UTF-8"
        ) from None
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        header = reader.fieldnames or []
        missing = [c for c in required if c not in header]
        if missing:
            shown = ",".join(header)[:80]
            raise InputError(
                f"{path}: missing column(s) {', '.join(missing)}; the header must name "
                f"{', '.join(required)} (found: {shown!r})"
            )
        rows = []
        for row in reader:
            if any(row.get(c) is None for c in required):
                raise InputError(f"{path}: line {reader.line_num} has too few fields")
            rows.append(row)
    except csv.Error as exc:
        raise InputError(f"{path}: not valid CSV ({exc})") from None
    if not rows:
        raise InputError(f"{path}: no data rows after the header")
    return rows


def write_verdicts(
    path: Path, ids: Sequence[str], predictions: Sequence[tuple[int, float]]
) -> None:
    """Write ``Sentence_id,Verdict,Score`` rows, whole or not at all, safe for spreadsheets
    (see :func:`propscan.fileio.csv_writer`)."""
    out = io.StringIO(newline="")
    writer = csv_writer(out)
    writer.writerow(["Sentence_id", "Verdict", "Score"])
    for sentence_id, (verdict, score) in zip(ids, predictions, strict=True):
        writer.writerow([sentence_id, verdict, f"{score:.4f}"])
    atomic_write(path, out.getvalue())

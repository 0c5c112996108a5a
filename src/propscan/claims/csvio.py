"""Reading and writing the sentence CSV files of ``propscan claims`` and ``train-claims``.

The sentences are read as a stream and the verdicts written as one, through a temporary file
renamed at the end: memory holds a chunk of rows whatever the file's size, and the output is
whole or absent.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from propscan.errors import InputError
from propscan.fileio import atomic_write, csv_writer, open_regular

# CSV fields can hold a whole paragraph; the csv module's default cap (128 KiB) is kept.
_SNIFF = 8192


def iter_rows(path: Path, required: Sequence[str]) -> Iterator[dict[str, str]]:
    """The rows of a UTF-8 CSV file with a header naming at least the ``required`` columns,
    one at a time.

    Raises (as the rows are read):
        InputError: The file is missing, unreadable, binary, not UTF-8, not CSV, lacks a
            required column, or has no data rows.
    """
    try:
        handle = open_regular(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected a CSV file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    with handle:
        head = handle.peek(_SNIFF)[:_SNIFF]  # type: ignore[attr-defined]
        if not head.strip() and os.fstat(handle.fileno()).st_size <= len(head):
            raise InputError(f"{path}: the file is empty")
        if b"\x00" in head:
            raise InputError(f"{path}: binary data, expected a CSV text file")
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        reader = csv.DictReader(text, strict=True)
        try:
            header = reader.fieldnames or []
            missing = [c for c in required if c not in header]
            if missing:
                shown = ",".join(header)[:80]
                raise InputError(
                    f"{path}: missing column(s) {', '.join(missing)}; the header must name "
                    f"{', '.join(required)} (found: {shown!r})"
                )
            rows = 0
            for row in reader:
                if any(row.get(c) is None for c in required):
                    raise InputError(f"{path}: line {reader.line_num} has too few fields")
                rows += 1
                yield row
        except csv.Error as exc:
            raise InputError(f"{path}: not valid CSV ({exc})") from None
        except UnicodeDecodeError:
            raise InputError(
                f"{path}: not UTF-8 (an invalid byte after line {reader.line_num}); save the "
                "CSV as UTF-8"
            ) from None
        if not rows:
            raise InputError(f"{path}: no data rows after the header")


def read_rows(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    """All the rows of :func:`iter_rows` (for training, which needs them all)."""
    return list(iter_rows(path, required))


def write_verdicts(path: Path, rows: Iterable[tuple[str, int, float]]) -> None:
    """Write ``Sentence_id,Verdict,Score`` rows as they come, whole or not at all (an error
    while ``rows`` are produced leaves no file), safe for spreadsheets (see
    :func:`propscan.fileio.csv_writer`)."""

    def lines() -> Iterator[str]:
        out = io.StringIO(newline="")
        writer = csv_writer(out)
        writer.writerow(["Sentence_id", "Verdict", "Score"])
        for count, (sentence_id, verdict, score) in enumerate(rows, start=1):
            writer.writerow([sentence_id, verdict, f"{score:.4f}"])
            if count % 1024 == 0:
                yield out.getvalue()
                out.seek(0)
                out.truncate()
        yield out.getvalue()

    atomic_write(path, lines())

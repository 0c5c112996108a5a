"""Writing output files whole or not at all, CSV that spreadsheets open safely, and opening
input files without blocking on a FIFO."""

from __future__ import annotations

import csv
import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, BinaryIO, TypeVar

T = TypeVar("T")


def atomic_write(path: str | Path, data: str | bytes | Iterable[str]) -> None:
    """Write ``data`` (text, bytes, or text in pieces) to ``path`` through a temporary file
    and a rename.

    A reader (or a crash) never sees a half-written file: either the old content or the new.
    """
    target = Path(path)
    pieces: Iterable[bytes] = (
        [data.encode("utf-8")]
        if isinstance(data, str)
        else [data]
        if isinstance(data, bytes)
        else (piece.encode("utf-8") for piece in data)
    )
    try:
        fd, tmp = tempfile.mkstemp(
            dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as exc:
        # Name the file asked for, not the random temporary one ("no such directory", say).
        raise OSError(exc.errno, exc.strerror, str(target)) from exc
    try:
        # mkstemp creates the file private (0600); give it the mode a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            for payload in pieces:
                handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# A cell starting with one of these is read as a formula by spreadsheets (OWASP, "CSV
# Injection"); the full-width forms too, which some spreadsheets convert to the ASCII ones.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_cell(value: T) -> T | str:
    """``value``, with a single quote put before text that a spreadsheet would run as a formula.

    Numbers (a negative score, say) are left alone: only text can hold a formula.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_writer(handle: IO[str]) -> Any:
    """A CSV writer whose rows are safe to open in a spreadsheet (see :func:`spreadsheet_cell`).

    Rows end in CRLF as RFC 4180 has them: the csv module quotes a field holding a character of
    the line terminator, so a bare carriage return in a field is quoted too (with ``\\n`` line
    ends it was written bare, and readers split the row there).
    """
    return _SafeWriter(csv.writer(handle, lineterminator="\r\n"))


class _SafeWriter:
    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([spreadsheet_cell(v) for v in row])


def open_regular(path: str | Path) -> BinaryIO:
    """``path`` opened for reading bytes, refused unless it is a regular file.

    Opening a FIFO that no process writes to blocks until one does, forever if none comes; a
    device may stream without end. The file is opened non-blocking and checked before any
    read, so such a file is refused at once.

    Raises:
        IsADirectoryError: ``path`` is a folder.
        OSError: It cannot be opened, or is not a regular file (a FIFO, socket or device).
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket or device"
            raise OSError(errno.EINVAL, f"not a regular file ({kind})", str(path))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise

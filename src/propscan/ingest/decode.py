"""Bytes to text, refusing what is not text, and never changing a character.

Offsets in propscan count code points of the decoded text, so decoding must be exact: a UTF-8
byte-order mark stays in the text as U+FEFF (the PTC label offsets count it) and newlines are
left as they are.
"""

from __future__ import annotations

import codecs
import unicodedata

import charset_normalizer

from propscan.errors import InputError

# File signatures of common binary formats that can slip past the NUL-byte test.
_MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP"),
    (b"PK\x05\x06", "ZIP"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\x1f\x8b", "gzip"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x7fELF", "ELF"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 (old Office)"),
)
# Byte-order marks of encodings whose text legitimately contains NUL bytes. UTF-32 first: its
# little-endian mark starts with the UTF-16 one.
_WIDE_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# How much of the input the binary test looks at, and the share of C0 control bytes (other than
# tab, newline, carriage return, form feed and vertical tab) above which it is called binary.
# Real text has essentially none; 5% leaves room for a stray escape sequence or two.
_SNIFF_BYTES = 8192
_MAX_CONTROL_SHARE = 0.05
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0b\x0c")
# The same limit for the decoded text of a detected (non-UTF-8) encoding: a "detection" that
# yields many control or unassigned characters is a guess at binary data, not a decoding.
_MAX_ODD_CHAR_SHARE = 0.05
# charset-normalizer often scores Western European text identically as cp1250 and cp1252 and
# then returns cp1250 (turning "naïve" into "naďve"); on a tie we prefer cp1252, the commonest
# legacy encoding of English-language web pages, which propscan reads.
_PREFERRED_ON_TIE = "cp1252"
# Web servers label cp1252 pages as Latin-1 or ASCII; browsers decode those labels as cp1252
# (WHATWG Encoding Standard), and so do we.
_WEB_ALIASES = {
    label: "cp1252"
    for label in ("iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii")
}


def _too_big(name: str, size: int, max_bytes: int) -> InputError:
    return InputError(
        f"{name}: file is {size} bytes, over the size cap of {max_bytes} bytes (see --max-bytes)"
    )


def _is_binary(data: bytes) -> bool:
    if any(data.startswith(magic) for magic, _ in _MAGIC_NUMBERS):
        return True
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        return True
    controls = sum(
        1 for byte in head if (byte < 0x20 or byte == 0x7F) and byte not in _TEXT_CONTROLS
    )
    return controls > _MAX_CONTROL_SHARE * len(head)


def _odd_share(text: str) -> float:
    sample = text[:_SNIFF_BYTES]
    odd = sum(
        1
        for char in sample
        if unicodedata.category(char) in {"Cc", "Cn", "Co", "Cs"} and char not in "\t\n\r\x0b\x0c"
    )
    return odd / max(1, len(sample))


def _detect(data: bytes) -> str | None:
    """The encoding charset-normalizer finds likeliest, cp1252 winning ties."""
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if (
            _PREFERRED_ON_TIE in match.could_be_from_charset
            and match.chaos <= best.chaos
            and match.coherence >= best.coherence
        ):
            return _PREFERRED_ON_TIE
    return str(best.encoding)


def _check_not_blank(text: str, name: str) -> str:
    if not text.replace("\ufeff", "").strip():
        raise InputError(f"{name}: the input is empty (only whitespace)")
    return text


def decode(data: bytes, name: str, max_bytes: int, *, declared: str | None = None) -> str:
    """Decode the bytes of one article into text, exactly.

    UTF-8 is tried first (strictly, keeping a byte-order mark as U+FEFF); then a byte-order-marked
    UTF-16/32; then ``declared`` (an encoding named by an HTTP header, say); then the encoding
    charset-normalizer detects.

    Args:
        data: The raw bytes.
        name: How to name the input in error messages (a path, a URL, ``<stdin>``).
        max_bytes: The size cap.
        declared: An encoding the source claims for the bytes, tried after UTF-8.

    Returns:
        The decoded text, with every character (BOM, ``\\r\\n``) as it was.

    Raises:
        InputError: The input is over the size cap, empty, binary, or undecodable.
    """
    if len(data) > max_bytes:
        raise _too_big(name, len(data), max_bytes)
    if not data.strip():
        raise InputError(f"{name}: the input is empty" + (" (only whitespace)" if data else ""))
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                break
            if _odd_share(text) <= _MAX_ODD_CHAR_SHARE:
                return _check_not_blank(text, name)
            break
    if _is_binary(data):
        raise InputError(f"{name}: looks like binary data, not text")
    try:
        return _check_not_blank(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    if declared:
        encoding = _WEB_ALIASES.get(declared.strip().lower(), declared)
        try:
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            if _odd_share(text) <= _MAX_ODD_CHAR_SHARE:
                return _check_not_blank(text, name)
    detected = _detect(data)
    if detected is not None:
        try:
            guess = data.decode(detected)
        except (LookupError, UnicodeDecodeError):
            guess = None
        if guess is not None and _odd_share(guess) <= _MAX_ODD_CHAR_SHARE:
            return _check_not_blank(guess, name)
    raise InputError(f"{name}: undecodable bytes (not UTF-8 and no other encoding detected)")

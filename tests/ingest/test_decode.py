"""Bytes to text: exact decoding, and every way an input can fail to be text."""

from __future__ import annotations

import pytest

from propscan.errors import InputError
from propscan.ingest import decode

CAP = 1_000_000
WESTERN = (
    "The minister’s “reform” was, critics said, a façade — a naïve attempt to win votes "
    "before the élite’s summer break. “It’s a disgrace,” said one député.\n"
)


def test_utf8_is_decoded_exactly() -> None:
    text = "Line one\r\nLine two\n\nCafé — “quotes” ✓\r\n"
    assert decode(text.encode("utf-8"), "a.txt", CAP) == text


def test_utf8_byte_order_mark_is_kept_as_a_character() -> None:
    text = decode(b"\xef\xbb\xbfHeadline\n\nBody.", "a.txt", CAP)
    assert text == "\ufeffHeadline\n\nBody."
    assert text.index("Headline") == 1


def test_cp1252_is_detected() -> None:
    assert decode(WESTERN.encode("cp1252"), "a.txt", CAP) == WESTERN


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_byte_order_marked_wide_encodings_are_detected(encoding: str) -> None:
    data = WESTERN.encode(encoding)
    if encoding.endswith(("-le", "-be")):
        bom = "\ufeff".encode(encoding)
        data = bom + data
    assert decode(data, "a.txt", CAP) == WESTERN


def test_declared_encoding_is_used_when_utf8_fails() -> None:
    data = "Ölpreis steigt: Händler sind besorgt über die Lage.".encode("latin-1")
    assert decode(data, "u", CAP, declared="iso-8859-1").startswith("Ölpreis")


def test_declared_encoding_loses_to_valid_utf8() -> None:
    assert decode("Café".encode(), "u", CAP, declared="iso-8859-1") == "Café"


def test_unknown_declared_encoding_falls_back_to_detection() -> None:
    assert decode(WESTERN.encode("cp1252"), "u", CAP, declared="no-such-codec") == WESTERN


def test_over_the_size_cap() -> None:
    with pytest.raises(InputError, match=r"^big.txt: file is 11 bytes, over the size cap of 10"):
        decode(b"hello world", "big.txt", 10)


def test_exactly_at_the_size_cap_is_fine() -> None:
    assert decode(b"0123456789", "a.txt", 10) == "0123456789"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf\n \n"])
def test_empty_or_whitespace_only(data: bytes) -> None:
    with pytest.raises(InputError, match=r"^e.txt: the input is empty"):
        decode(data, "e.txt", CAP)


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
        b"some text\x00with a NUL byte",
        bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 20 + b"a little text",
    ],
    ids=["pdf", "zip", "png", "gzip", "nul", "controls"],
)
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(InputError, match=r"^b.bin: looks like binary data, not text$"):
        decode(data, "b.bin", CAP)


def test_a_stray_control_character_is_still_text() -> None:
    text = "A headline\n\nBody text with one escape \x1b and a form feed \x0c here.\n" * 3
    assert decode(text.encode(), "a.txt", CAP) == text


def test_undecodable_bytes() -> None:
    with pytest.raises(InputError, match=r"^u.txt: undecodable bytes \(not UTF-8"):
        decode(bytes(range(0x80, 0x100)) * 3, "u.txt", CAP)

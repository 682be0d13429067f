"""Turn raw object bytes into text: BOMs, UTF-8, UTF-16 and GB18030, detected not assumed."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can trust."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")


def decode_bytes(data: bytes) -> DecodedText:
    """Decode report bytes, trying the encodings Chinese government sites really serve.

    Order matters: a BOM is authoritative; strict UTF-8 almost never decodes GBK by accident;
    GB18030 is a superset of GBK/GB2312; charset-normalizer handles the rest (UTF-16 without
    BOM, Big5 …).
    """
    if not data.strip():
        raise DecodeError("empty object: no bytes to decode")
    if data.startswith(_BINARY_MAGIC):
        raise DecodeError("binary data (an image, archive or Office file), not text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return DecodedText(data.decode(encoding, errors="strict"), encoding)
    if _looks_utf16(data):
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                return DecodedText(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                continue
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _mostly_printable(text):
            return DecodedText(text, encoding)
    best = from_bytes(data).best()
    if best is None or not _mostly_printable(str(best)):
        raise DecodeError("could not detect a text encoding (bytes look binary or corrupt)")
    return DecodedText(str(best), best.encoding)


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 text of mostly ASCII/CJK has a NUL in about every other byte position of ASCII."""
    sample = data[:4096]
    return len(sample) >= 4 and sample.count(0) >= len(sample) // 8


#: Control characters other than line breaks and tabs, and the replacement character.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def _mostly_printable(text: str) -> bool:
    if not text:
        return False
    bad = len(_UNPRINTABLE.findall(text))
    return bad / len(text) < 0.01

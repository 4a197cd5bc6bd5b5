"""Read raw scraped files into NFC text with LF line ends.

Scraped pages arrive as UTF-8 (with or without a byte-order mark), as UTF-16 with a mark, or from
older Vietnamese sites as Windows-1258, whose tone marks are separate combining characters and are
composed here. Anything that cannot be read as text is refused with a message naming the file.
"""
from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from edition.model import RawArticle

BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
LEGACY_ENCODING = "cp1258"
ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
DAMAGED_UTF8_RATIO = 10  # valid non-ASCII letters per broken byte, at least
MAX_CONTROL_SHARE = 0.01  # a text file has next to no control characters; a binary file has many


class UnreadableRaw(Exception):
    """A raw file that cannot be decoded into text; the message names the file."""


def encoding_from_mark(data: bytes) -> str | None:
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return encoding
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name); raise ValueError when the bytes are not text."""
    marked = encoding_from_mark(data)
    if marked:
        return data.decode(marked), marked
    if b"\x00" in data:
        raise ValueError("binary data (NUL bytes) and no UTF-16 byte-order mark")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if is_damaged_utf8(data):
        return data.decode("utf-8", errors="replace"), "utf-8"
    try:
        return data.decode(LEGACY_ENCODING), LEGACY_ENCODING
    except UnicodeDecodeError as exc:
        raise ValueError(f"neither UTF-8 nor Windows-1258 (byte {exc.start})") from None


def is_damaged_utf8(data: bytes) -> bool:
    """UTF-8 with a few broken bytes (a scrape cut in the middle of a letter), not a legacy encoding.

    Windows-1258 Vietnamese almost never forms valid UTF-8 sequences; damaged UTF-8 is mostly valid ones.
    """
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    letters = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return letters >= DAMAGED_UTF8_RATIO * max(broken, 1)


def looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in ALLOWED_CONTROLS)
    return "\x00" in text or controls > max(2, len(text) * MAX_CONTROL_SHARE)


def normalise_text(text: str) -> str:
    """Drop a stray byte-order mark, unify line ends, compose to NFC."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def decode_raw(data: bytes, name: str) -> RawArticle:
    if not data.strip():
        raise UnreadableRaw(f"{name}: the file is empty")
    try:
        text, encoding = decode_bytes(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise UnreadableRaw(f"{name}: cannot be read as text: {exc}") from None
    if looks_binary(text):
        raise UnreadableRaw(f"{name}: looks like a binary file, not text")
    text = normalise_text(text)
    if not text.strip():
        raise UnreadableRaw(f"{name}: the file holds no text")
    return RawArticle(source=name, text=text, encoding=encoding)


def read_raw(path: Path, source: str) -> RawArticle:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UnreadableRaw(f"{source}: cannot be read: {exc.strerror or exc}") from None
    return decode_raw(data, source)

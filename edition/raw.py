"""Read raw scraped files into NFC text (stub: replaced by the robustness work)."""
from __future__ import annotations

import unicodedata
from pathlib import Path

from edition.model import RawArticle


class UnreadableRaw(Exception):
    """A raw file that cannot be decoded into text; the message names the file."""


def read_raw(path: Path, source: str) -> RawArticle:
    data = path.read_bytes()
    text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    return RawArticle(source=source, text=unicodedata.normalize("NFC", text))

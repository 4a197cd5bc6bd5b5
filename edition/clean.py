"""Separate the article from the portal's chrome (stub: replaced by the extraction work)."""
from __future__ import annotations

import re

from edition.model import Block, CleanArticle, RawArticle


def clean_article(raw: RawArticle) -> CleanArticle:
    lines = [line.strip() for line in raw.text.split("\n")]
    paragraphs = [line for line in lines if line]
    date_line = next((p for p in paragraphs[:5] if re.search(r"\d{1,2}/\d{1,2}/\d{4}", p)), None)
    body = [p for p in paragraphs[1:] if p != date_line]
    return CleanArticle(
        source=raw.source,
        title=paragraphs[0] if paragraphs else None,
        blocks=tuple(Block(p) for p in body),
        date_line=date_line,
    )

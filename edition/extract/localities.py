"""The locality an article is about (stub: replaced by the extraction work)."""
from __future__ import annotations

from edition.model import CleanArticle


def extract_locality(article: CleanArticle, date: str | None) -> tuple[str | None, tuple[str, ...]]:
    """Return (canonical province or "Trung ương", districts named in the article)."""
    return None, ()

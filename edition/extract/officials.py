"""People named with a position (stub: replaced by the extraction work)."""
from __future__ import annotations

from edition.model import CleanArticle, Official


def extract_officials(article: CleanArticle) -> tuple[Official, ...]:
    return ()

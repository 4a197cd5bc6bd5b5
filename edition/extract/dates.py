"""Publication and event dates (stub: replaced by the extraction work)."""
from __future__ import annotations

import re

from edition.model import CleanArticle


def extract_dates(article: CleanArticle) -> tuple[str | None, str | None]:
    """Return (publication date, event date): ISO or EDTF strings, or None."""
    text = article.date_line or ""
    match = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if not match:
        return None, None
    day, month, year = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}", None

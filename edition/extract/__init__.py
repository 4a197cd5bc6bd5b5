"""Metadata extraction: a cleaned article in, its front-matter facts out."""
from __future__ import annotations

from edition.extract.dates import extract_dates
from edition.extract.directives import extract_congress_resolutions, extract_directives
from edition.extract.localities import extract_locality
from edition.extract.officials import extract_officials
from edition.model import CleanArticle, Metadata


def extract_metadata(article: CleanArticle) -> Metadata:
    date, event_date = extract_dates(article)
    locality, districts = extract_locality(article, date)
    return Metadata(
        date=date,
        event_date=event_date,
        locality=locality,
        districts=districts,
        officials=extract_officials(article),
        directives=extract_directives(article, date, locality),
        congress_resolutions=extract_congress_resolutions(article),
    )

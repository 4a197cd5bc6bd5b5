"""The search stage: documents in, a prebuilt lunr index for lunr.js out (see index.py and pipeline.py)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SearchDoc:
    """What the search knows of one article. url is relative to the site root."""

    url: str  # "articles/<slug>/"
    title: str
    date: str | None
    year: str | None
    locality: str | None
    directives: tuple[str, ...]  # labels as shown, e.g. "Chỉ thị 35-CT/TW"
    directive_ids: tuple[str, ...]
    officials: tuple[str, ...]
    text: str  # the cleaned article text, plain


def write_search_index(docs: list[SearchDoc], search_dir: Path) -> list[Path]:
    """Write the index files into site/search/ and return the paths written."""
    from edition.search.index import write_index_files

    return write_index_files(docs, search_dir)

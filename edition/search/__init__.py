"""The search stage: documents in, a prebuilt lunr index for lunr.js out.

- pipeline.py: Vietnamese words -> search terms (codes kept whole, tone placement and NFC normalised,
  diacritics folded, word pairs), as lunr pipeline functions; assets/search-pipeline.js is its twin.
- index.py: the lunr.py index of all articles, regrouped by term, written as site/search/index.js,
  plus the article texts for snippets in site/search/text-N.js.
- assets/search.js: the page; builds each query clause by clause and ranks with lunr.js.

The index is grouped by term with lunr's own weights, so that it can be cut into term shards later:
lunr scores a document from the query terms' entries only, so a small index assembled from the shards
of a query's terms ranks exactly as the whole one.
"""
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

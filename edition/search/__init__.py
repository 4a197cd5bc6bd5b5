"""The search stage: documents in, lunr's index as term shards for lunr.js out.

- pipeline.py: Vietnamese words -> search terms (codes kept whole, tone placement and NFC normalised,
  diacritics folded, word pairs), as lunr pipeline functions; assets/search-pipeline.js is its twin.
- weights.py: lunr's BM25 weights of every term in every field, computed as lunr.py's Builder would.
- shards.py: the terms, in lunr.js's order, cut into runs of a few tens of kilobytes (term shards).
- cpu.py: the environment NumPy is imported with (one BLAS thread; no AVX-512 sort where it is slow).
- index.py: writes site/search/: the manifest index.js, the shards, titles, texts and vocabulary.
- assets/search-shards.js: finds a query's shards and assembles a lunr.Index of them;
  assets/search.js: the page, which builds each query clause by clause and ranks with lunr.js.

Lunr scores a document by the dot product of the query vector with the document's field vectors,
divided by the query vector's length: only the query's terms count, so the small index assembled from
a query's shards ranks exactly as the whole one (tests/test_search_equivalence.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from edition.search.cpu import prepare_numpy

prepare_numpy()  # before any module of this package imports NumPy


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
    text: str = ""  # the cleaned article text, plain
    paragraphs: tuple[str, ...] = ()  # or its paragraphs, joined only while the document is indexed

    def body_text(self) -> str:
        return self.text or "\n\n".join(self.paragraphs)


def write_search_index(docs: list[SearchDoc], search_dir: Path) -> list[Path]:
    """Write the index files into site/search/ and return the paths written."""
    from edition.search.index import write_index_files

    return write_index_files(docs, search_dir)

"""Postings -> term shards: runs of consecutive terms, each run one small file, and the vocabulary.

Lunr scores a document from the query terms' entries only: the dot product of the query vector with
the document's field vectors, divided by the query vector's length. So the browser loads the shards of
a query's terms, builds a lunr.Index of just those terms, and ranks exactly as the whole index would.

Terms are in the order lunr.js compares strings (UTF-16 code units), so the terms a prefix expands to
are one run of shards, found from each shard's first term alone; a term too big for one shard gets one
to itself.
"""
from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass

from edition.search.weights import Postings

SHARD_BYTES = 24_000  # raw; a shard of ordinary words gzips to a third of this
VOCABULARY_TERM = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class ShardCut:
    first_terms: list[str]
    bodies: list[str]  # each a JSON array of term entries


def js_order(term: str) -> bytes:
    return term.encode("utf-16-be")


def term_entry(term: str, by_field: dict[int, list[int]]) -> list:
    """[term, field number, [ref step, weight in thousandths, ...], field number, [...], ...]"""
    entry: list = [term]
    for number, flat in by_field.items():
        entry += [number, flat]
    return entry


def cut_into_shards(postings: Postings, shard_bytes: int = SHARD_BYTES) -> ShardCut:
    first_terms: list[str] = []
    bodies: list[str] = []
    run: list[str] = []
    size = 0
    for term in sorted(postings.terms, key=js_order):
        text = json.dumps(term_entry(term, postings.terms[term]), ensure_ascii=False, separators=(",", ":"))
        if run and size + len(text) > shard_bytes:
            bodies.append("[" + ",".join(run) + "]")
            run, size = [], 0
        if not run:
            first_terms.append(term)
        run.append(text)
        size += len(text) + 1
    if run:
        bodies.append("[" + ",".join(run) + "]")
    return ShardCut(first_terms, bodies)


def vocabulary(postings: Postings) -> list[list]:
    """The plain folded words with the number of documents having each: "did you mean" suggestions."""
    words = [term for term in postings.terms if VOCABULARY_TERM.fullmatch(term)]
    return [[word, document_count(postings.terms[word])] for word in sorted(words)]


def document_count(by_field: dict[int, list[int]]) -> int:
    return len({ref for flat in by_field.values() for ref in itertools.accumulate(flat[::2])})

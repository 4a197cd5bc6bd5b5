"""Postings -> term shards: runs of consecutive terms, each run one small file, and the vocabulary.

Lunr scores a document from the query terms' entries only: the dot product of the query vector with
the document's field vectors, divided by the query vector's length. So the browser loads the shards of
a query's terms, builds a lunr.Index of just those terms, and ranks exactly as the whole index would.

Terms are in the order lunr.js compares strings (UTF-16 code units), so the terms a prefix expands to
are one run of shards, found from each shard's first term alone; a term too big for one shard gets one
to itself. The entries are written term by term, straight from the postings arrays, so that only one
shard's text is in memory at a time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Iterator

import numpy as np

from edition.search.postings import js_order  # noqa: F401  (the order of the terms, for the tests)
from edition.search.weights import Postings, ref_steps

SHARD_BYTES = 24_000  # raw; a shard of ordinary words gzips to a third of this
VOCABULARY_TERM = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class ShardCut:
    first_terms: list[str]
    bodies: list[str]  # each a JSON array of term entries


DECIMAL_CHUNK = 1 << 22  # numbers written at once: a few tens of megabytes of scratch
# Two ASCII digits per 16-bit cell, "00" to "99", the first digit in the lower byte (as they lie in memory).
DIGIT_PAIRS = np.array([ord(str(n // 10)) | ord(str(n % 10)) << 8 for n in range(100)], np.uint16)


def decimal_list(numbers: np.ndarray) -> tuple[bytes, np.ndarray]:
    """The numbers (0 to 2**31 - 1) written in decimal, each followed by a comma, as one ASCII text;
    and where each number's text ends (after its comma). str() of fifty million numbers takes
    seconds; here every number is written, two digits at a time, into a table of fixed width, from
    which the leading places that each number does not have are left out."""
    numbers = numbers.astype(np.int32)
    digits = np.ones(len(numbers), np.int8)
    place, top = 10, int(numbers.max()) if len(numbers) else 0
    while place <= top:
        digits += numbers >= place
        place *= 10
    width = int(digits.max()) if len(digits) else 1
    cells = (width + 1) // 2  # 16-bit cells of digits, then one for the comma (and a byte left out)
    kept = np.zeros((width + 1, 2 * cells + 2), bool)  # by number of digits: which bytes of a row are kept
    for count in range(1, width + 1):
        kept[count, 2 * cells - count : 2 * cells + 1] = True
    texts = []
    for start in range(0, len(numbers), DECIMAL_CHUNK):
        remaining = numbers[start : start + DECIMAL_CHUNK].copy()
        table = np.empty((len(remaining), cells + 1), np.uint16)
        for column in range(cells - 1, -1, -1):
            table[:, column] = DIGIT_PAIRS[remaining % 100]
            remaining //= 100
        table[:, cells] = ord(",")
        rows = table.view(np.uint8).reshape(len(remaining), 2 * cells + 2)
        texts.append(rows[kept[digits[start : start + DECIMAL_CHUNK]]].tobytes())
    return b"".join(texts), np.cumsum(digits.astype(np.int64) + 1)


POSTINGS_AT_ONCE = 1 << 18  # the entries of a run of terms with about this many postings are made together


def term_entries(postings: Postings) -> Iterator[tuple[str, str]]:
    """(term, its entry as JSON) in the terms' order. An entry is
    [term, field number, [ref step, weight in thousandths, ...], field number, [...], ...]."""
    every_term = np.arange(len(postings.terms) + 1)
    bound_arrays = [np.searchsorted(field.terms, every_term) for field in postings.by_field]
    before_term = sum(bound_arrays) if bound_arrays else np.zeros(1, np.int64)  # postings before each term
    bounds = [b.tolist() for b in bound_arrays]
    runs = np.searchsorted(before_term, np.arange(0, int(before_term[-1]), POSTINGS_AT_ONCE), side="right") - 1
    firsts = sorted(set(runs.tolist()) | {0})
    quoted = encode_basestring  # what json.dumps(term, ensure_ascii=False) returns, without its per-call set-up
    for first, last in zip(firsts, firsts[1:] + [len(postings.terms)]):
        if first == last:
            continue
        fields = []
        for number, (field, field_bounds) in enumerate(zip(postings.by_field, bounds)):
            start, end = field_bounds[first], field_bounds[last]
            flat = np.empty(2 * (end - start), np.int64)
            flat[0::2] = ref_steps(field.terms[start:end], field.refs[start:end])
            flat[1::2] = field.weights[start:end]
            text, ends = decimal_list(flat)
            # a term's numbers run from the end of the number before its first to before its last comma
            starts = np.concatenate([[0], ends])[(np.array(field_bounds[first : last + 1]) - start) * 2].tolist()
            fields.append((f",{number},[", text.decode("ascii"), starts))
        for n in range(first, last):
            parts = ["[", quoted(postings.terms[n])]
            for opening, text, starts in fields:
                start, end = starts[n - first], starts[n - first + 1]
                if start != end:
                    parts += [opening, text[start : end - 1], "]"]
            parts.append("]")
            yield postings.terms[n], "".join(parts)


def cut_into_shards(postings: Postings, shard_bytes: int = SHARD_BYTES) -> ShardCut:
    first_terms: list[str] = []
    bodies: list[str] = []
    for first_term, body in shard_bodies(postings, shard_bytes):
        first_terms.append(first_term)
        bodies.append(body)
    return ShardCut(first_terms, bodies)


def shard_bodies(postings: Postings, shard_bytes: int = SHARD_BYTES) -> Iterator[tuple[str, str]]:
    """(first term, JSON array of the entries) of each shard, in order."""
    run: list[str] = []
    first = ""
    size = 0
    for term, text in term_entries(postings):
        if run and size + len(text) > shard_bytes:
            yield first, "[" + ",".join(run) + "]"
            run, size = [], 0
        if not run:
            first = term
        run.append(text)
        size += len(text) + 1
    if run:
        yield first, "[" + ",".join(run) + "]"


def vocabulary(postings: Postings) -> list[list]:
    """The plain folded words with the number of documents having each: "did you mean" suggestions."""
    numbers = [n for n, term in enumerate(postings.terms) if VOCABULARY_TERM.fullmatch(term)]
    if not numbers:
        return []
    wanted = np.zeros(len(postings.terms), bool)
    wanted[numbers] = True
    count = max(postings.document_count, 1)
    # (term, ref) of every posting of those words, filled in field by field: no copy of them all at once
    sizes = [int(np.count_nonzero(wanted[field.terms])) for field in postings.by_field]
    keys = np.empty(sum(sizes), np.int64)
    at = 0
    for field, size in zip(postings.by_field, sizes):
        chosen = wanted[field.terms]
        part = keys[at : at + size]
        part[:] = field.terms[chosen]
        part *= count
        part += field.refs[chosen]
        at += len(part)
    keys.sort()
    first_of_pair = np.ones(len(keys), bool)  # a document counts once for a term, whatever its fields
    np.not_equal(keys[1:], keys[:-1], out=first_of_pair[1:])
    keys //= count
    documents = np.bincount(keys[first_of_pair], minlength=len(postings.terms))
    return sorted([postings.terms[n], int(documents[n])] for n in numbers)

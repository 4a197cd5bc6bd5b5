"""lunr's term weights computed directly: the numbers lunr.py's Builder would store, without its Builder.

The frequencies come from postings.py, for the whole corpus at once; the weights are computed here
over arrays, operation for operation as lunr.py's Builder does, so that the floats are the same bits
(IEEE-754 arithmetic is the same in NumPy as in Python; only the logarithm is left to Python's math):
    idf = log(1 + |(N - df + 0.5) / (df + 0.5)|), df counting the term's postings over all fields,
    idf * (k1 + 1) * tf / (k1 * (1 - b + b * length / average length) + tf) * field boost * document boost,
rounded to 3 decimals (round(), as lunr.py does). Lengths count the field's terms after the pipeline,
averaged over every document.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

import numpy as np

from edition.search.postings import CorpusCounts, FieldCounts, count_corpus

K1 = 1.2
B = 0.75
# round(score * 1000) is lunr.py's round(score, 3) * 1000 unless score * 1000 is next to a half, where
# the product's own rounding may tip it: only there the slow exact decimal rounding is needed.
NOT_NEAR_HALF = 0.5 - 1e-6


@dataclass
class FieldPostings:
    """One field's postings by term number, then ref: lunr's weight of each, in thousandths
    (a weight rounded to 3 decimals is exactly n / 1000 for this n, in Python and in JavaScript)."""

    terms: np.ndarray  # int32, ascending
    refs: np.ndarray  # uint16 or int32, ascending within a term
    weights: np.ndarray  # int32


@dataclass
class Postings:
    fields: tuple[str, ...]
    terms: list[str]  # in lunr.js's order; FieldPostings.terms index this list
    by_field: list[FieldPostings]
    document_count: int

    def entries(self) -> dict[str, dict[int, list[int]]]:
        """term -> {field number: [ref step, weight, ...]}: the whole table in Python (for tests and small sites)."""
        table: dict[str, dict[int, list[int]]] = {}
        for number, field in enumerate(self.by_field):
            steps = ref_steps(field.terms, field.refs)
            for term, step, weight in zip(field.terms.tolist(), steps.tolist(), field.weights.tolist()):
                table.setdefault(self.terms[term], {}).setdefault(number, []).extend((step, weight))
        return {term: dict(sorted(by_field.items())) for term, by_field in table.items()}


def inverse_document_frequency(with_term: int, document_count: int) -> float:
    """with_term counts the term's postings over all fields, as lunr does."""
    x = (document_count - with_term + 0.5) / (with_term + 0.5)
    return math.log(1 + abs(x))


def length_norms(lengths: list[int], average_length: float) -> list[float]:
    """The part of BM25's denominator that depends on the document alone."""
    if not average_length:  # the field is empty everywhere: no posting will ask
        return [0.0] * len(lengths)
    return [K1 * (1 - B + B * (length / average_length)) for length in lengths]


def idf_of_terms(counts: CorpusCounts) -> np.ndarray:
    """Each term's idf, from its number of postings over all fields (math.log, once per distinct count)."""
    with_term = np.zeros(len(counts.terms), np.int64)
    for field in counts.fields:
        with_term += np.bincount(field.terms, minlength=len(counts.terms))
    distinct, inverse = np.unique(with_term, return_inverse=True)
    idf = np.array([inverse_document_frequency(n, counts.document_count) for n in distinct.tolist()], np.float64)
    return idf[inverse.ravel()]


WEIGHT_CHUNK = 1 << 20  # postings weighed at once: their floats take a few megabytes


def thousandths(field: FieldCounts, idf: np.ndarray, boost: float, document_count: int) -> np.ndarray:
    """lunr's weights, idf * ((k1 + 1) * tf) / (norm + tf) * boost rounded to 3 decimals, as integers.
    Every document boost is 1 (lunr's default): multiplying by it changes no bit, so it is left out."""
    lengths = field.lengths.tolist()
    norms = np.array(length_norms(lengths, sum(lengths) / document_count) if document_count else [], np.float64)
    weights = np.empty(len(field.refs), np.int32)
    for start in range(0, len(weights), WEIGHT_CHUNK):
        end = start + WEIGHT_CHUNK
        tf = field.frequencies[start:end].astype(np.float64)
        denominator = norms[field.refs[start:end]]
        denominator += tf
        tf *= K1 + 1
        scores = idf[field.terms[start:end]]
        scores *= tf
        scores /= denominator
        scores *= boost
        scaled = np.multiply(scores, 1000, out=tf)
        rounded = np.rint(scaled, out=denominator)
        near_half = np.flatnonzero(np.abs(scaled - rounded) >= NOT_NEAR_HALF)
        chunk = weights[start:end]
        chunk[:] = rounded
        for at in near_half.tolist():
            chunk[at] = round(round(float(scores[at]), 3) * 1000)
    return weights


def compute_postings(documents: Iterable[tuple[str, ...]], document_count: int, fields,
                     field_sources: list[tuple[int, ...]]) -> Postings:
    """documents yields, for each document (ref order), the texts of its sources; fields[i] indexes
    the words of the sources field_sources[i] (several: one after the other)."""
    counts = count_corpus(documents, document_count, [tuple(f.steps) for f in fields], field_sources)
    idf = idf_of_terms(counts)
    by_field = []
    for field_counts, field in zip(counts.fields, fields):
        weights = thousandths(field_counts, idf, field.boost, counts.document_count)
        field_counts.frequencies = None  # no longer needed: the weights are the postings from here on
        by_field.append(FieldPostings(field_counts.terms, field_counts.refs, weights))
    return Postings(tuple(f.name for f in fields), counts.terms, by_field, counts.document_count)


def ref_steps(terms: np.ndarray, refs: np.ndarray) -> np.ndarray:
    """Each ref as the distance from the previous ref of the same term (the first from 0)."""
    steps = refs.astype(np.int64)
    if len(refs):
        steps[1:] -= refs[:-1]
        first_of_term = np.flatnonzero(terms[1:] != terms[:-1]) + 1
        steps[first_of_term] = refs[first_of_term]
    return steps

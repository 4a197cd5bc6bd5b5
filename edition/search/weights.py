"""lunr's term weights computed directly: the numbers lunr.py's Builder would store, without its Builder.

The Builder pays for a Token object, a metadata dict and a pipeline call per word per field; a corpus
repeats a few tens of thousands of words, so here each distinct word goes through the pipeline once
(the pipeline functions are cached) and the postings are counted with plain dicts.

The weight of a term in a document's field is lunr's BM25, exactly as lunr.py's Builder computes it,
operation for operation so that the floats are the same:
    idf = log(1 + |(N - df + 0.5) / (df + 0.5)|), df counting the term's postings over all fields,
    idf * (k1 + 1) * tf / (k1 * (1 - b + b * length / average length) + tf) * field boost * document boost,
rounded to 3 decimals (round(), as lunr.py does). Lengths count the field's terms after the pipeline,
averaged over every document.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from edition.search.pipeline import PAIR_JOINER, PAIR_MARK, _is_plain_word, code_parts, fold_word, normalise_word

K1 = 1.2
B = 0.75
DOCUMENT_BOOST = 1  # every article counts the same


@dataclass(frozen=True)
class Postings:
    """Every term with, per field number, the documents' refs and weights in thousandths (refs ascending)."""

    fields: tuple[str, ...]
    terms: dict[str, dict[int, list[tuple[int, int]]]]
    document_count: int


def word_terms(word: str, steps: tuple[str, ...]) -> list[str]:
    """The terms one word of a text gives an exact or folded field (the pairs field is made per text)."""
    normalised = normalise_word(word.lower())  # lunr's tokenizer lowers each word before the pipeline
    parts = [normalised, *code_parts(normalised)] if "vi-code-parts" in steps else [normalised]
    if "vi-fold" in steps:
        return [fold_word(part) for part in parts]
    if "vi-accented" in steps:
        return [part for part in parts if fold_word(part) != part]
    return parts


def pair_terms(words: list[str]) -> list[str]:
    """Each folded word with the next one, both plain words, as vi-pairs makes them."""
    folded = [fold_word(normalise_word(word.lower())) for word in words]
    return [
        PAIR_MARK + left + PAIR_JOINER + right
        for left, right in zip(folded, folded[1:])
        if _is_plain_word(left) and _is_plain_word(right)
    ]


def field_terms(words: list[str], steps: tuple[str, ...], cache: dict) -> list[str]:
    if "vi-pairs" in steps:
        return pair_terms(words)
    terms: list[str] = []
    for word in words:
        key = (word, steps)
        if key not in cache:
            cache[key] = word_terms(word, steps)
        terms.extend(cache[key])
    return terms


def count_postings(field_words: list[list[list[str]]], field_steps: list[tuple[str, ...]]):
    """Term frequencies per (term, field, ref) and the length of every field of every document."""
    frequencies: dict[str, dict[int, dict[int, int]]] = {}
    lengths = [[0] * len(field_words) for _ in field_steps]
    cache: dict = {}
    for ref, words_by_field in enumerate(field_words):
        for number, (words, steps) in enumerate(zip(words_by_field, field_steps)):
            terms = field_terms(words, steps, cache)
            lengths[number][ref] = len(terms)
            for term, tf in Counter(terms).items():
                frequencies.setdefault(term, {}).setdefault(number, {})[ref] = tf
    return frequencies, lengths


def inverse_document_frequency(postings_by_field: dict[int, dict[int, int]], document_count: int) -> float:
    with_term = sum(len(refs) for refs in postings_by_field.values())
    x = (document_count - with_term + 0.5) / (with_term + 0.5)
    return math.log(1 + abs(x))


def bm25_weight(idf: float, tf: int, length: int, average_length: float, field_boost: float) -> float:
    score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / average_length)) + tf)
    score *= field_boost
    score *= DOCUMENT_BOOST
    return round(score, 3)


def as_thousandths(weight: float) -> int:
    # A weight rounded to 3 decimals is exactly n / 1000 for this n, in Python and in JavaScript.
    return round(weight * 1000)


def compute_postings(field_words: list[list[list[str]]], fields) -> Postings:
    """field_words[ref][field number] is the list of words a field's source gives that document."""
    steps = [tuple(field.steps) for field in fields]
    frequencies, lengths = count_postings(field_words, steps)
    count = len(field_words)
    averages = [sum(by_ref) / count if count else 0.0 for by_ref in lengths]
    terms: dict[str, dict[int, list[tuple[int, int]]]] = {}
    for term, by_field in frequencies.items():
        idf = inverse_document_frequency(by_field, count)
        terms[term] = {
            number: [
                (ref, as_thousandths(bm25_weight(idf, tf, lengths[number][ref], averages[number], fields[number].boost)))
                for ref, tf in sorted(refs.items())
            ]
            for number, refs in sorted(by_field.items())
        }
    return Postings(tuple(field.name for field in fields), terms, count)

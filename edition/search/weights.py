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
from collections import Counter, defaultdict
from itertools import repeat
from dataclasses import dataclass

from edition.search.pipeline import PAIR_JOINER, PAIR_MARK, is_plain_word, code_parts, fold_word, normalise_word

K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class Postings:
    """Every term with, per field number, [ref step, weight in thousandths, ...]: refs ascending, each
    written as the distance from the previous one (small numbers, compressed well)."""

    fields: tuple[str, ...]
    terms: dict[str, dict[int, list[int]]]
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


class TermCache(dict):
    """(word, steps) -> the word's terms, each distinct word through the pipeline once."""

    def __missing__(self, key):
        terms = self[key] = word_terms(*key)
        return terms


class FoldedCache(dict):
    """word -> the word folded, as the pairs field sees it."""

    def __missing__(self, word):
        folded = self[word] = fold_word(normalise_word(word.lower()))
        return folded


def word_field_frequencies(word_counts: Counter, steps: tuple[str, ...], cache: TermCache) -> tuple[dict, int]:
    """Term frequencies and length of an exact or folded field, from the counts of its words."""
    frequencies: dict[str, int] = {}
    length = 0
    for word, count in word_counts.items():
        terms = cache[(word, steps)]
        length += count * len(terms)
        for term in terms:
            frequencies[term] = frequencies.get(term, 0) + count
    return frequencies, length


class PlainWords(dict):
    """folded word -> whether it can be half of a pair (letters or digits only)."""

    def __missing__(self, word):
        plain = self[word] = is_plain_word(word)
        return plain


PLAIN = PlainWords()


def pair_frequencies(words: list[str], folded_cache: FoldedCache) -> tuple[dict, int]:
    """Each folded word with the next one, both plain words, as vi-pairs makes them."""
    folded = list(map(folded_cache.__getitem__, words))
    plain = PLAIN
    frequencies: dict[str, int] = {}
    for (left, right), count in Counter(zip(folded, folded[1:])).items():
        if plain[left] and plain[right]:
            term = PAIR_MARK + left + PAIR_JOINER + right
            frequencies[term] = frequencies.get(term, 0) + count
    return frequencies, sum(frequencies.values())


# A posting is one integer, ref * REF_UNIT + tf: one append per posting, the hot loop of the build.
REF_UNIT = 1 << 24


def count_postings(field_words: list[list[list[str]]], field_steps: list[tuple[str, ...]]):
    """Per field: term -> postings (ref * REF_UNIT + tf, refs ascending); and every document's field lengths."""
    postings: list[defaultdict[str, list[int]]] = [defaultdict(list) for _ in field_steps]
    lengths: list[list[int]] = [[] for _ in field_steps]
    term_cache, folded_cache = TermCache(), FoldedCache()
    for ref, words_by_field in enumerate(field_words):
        counted: dict[int, Counter] = {}
        base = ref * REF_UNIT
        for number, (words, steps) in enumerate(zip(words_by_field, field_steps)):
            if "vi-pairs" in steps:
                frequencies, length = pair_frequencies(words, folded_cache)
            else:
                if id(words) not in counted:
                    counted[id(words)] = Counter(words)
                frequencies, length = word_field_frequencies(counted[id(words)], steps, term_cache)
            lengths[number].append(length)
            field_postings = postings[number]
            for term, tf in frequencies.items():
                field_postings[term].append(base + tf)
    return postings, lengths


def inverse_document_frequency(with_term: int, document_count: int) -> float:
    """with_term counts the term's postings over all fields, as lunr does."""
    x = (document_count - with_term + 0.5) / (with_term + 0.5)
    return math.log(1 + abs(x))


def length_norms(lengths: list[int], average_length: float) -> list[float]:
    """The part of BM25's denominator that depends on the document alone."""
    if not average_length:  # the field is empty everywhere: no posting will ask
        return [0.0] * len(lengths)
    return [K1 * (1 - B + B * (length / average_length)) for length in lengths]


def thousandths(idf: float, packed: list[int], norms: list[float], boost: float) -> list[int]:
    """lunr's weights, idf * ((k1 + 1) * tf) / (norm + tf) * boost rounded to 3 decimals, as integers:
    a weight rounded to 3 decimals is exactly n / 1000 for this n, in Python and in JavaScript.
    Every document boost is 1 (lunr's default): multiplying by it changes no bit, so it is left out."""
    saturated = SATURATED_TF
    scores = [idf * saturated[tf] / (norms[ref] + tf) * boost for ref, tf in map(divmod, packed, repeat(REF_UNIT))]
    # round(score * 1000) is lunr.py's round(score, 3) * 1000 unless score * 1000 is next to a half, where
    # the product's own rounding may tip it: only there the slow exact decimal rounding is needed.
    return [
        n if abs((scaled := score * 1000) - (n := round(scaled))) < NOT_NEAR_HALF else round(round(score, 3) * 1000)
        for score in scores
    ]


NOT_NEAR_HALF = 0.5 - 1e-6


class SaturatedTf(dict):
    """tf -> (k1 + 1) * tf, the same float lunr computes, looked up instead of multiplied."""

    def __missing__(self, tf):
        value = self[tf] = (K1 + 1) * tf
        return value


SATURATED_TF = SaturatedTf()


def as_steps(refs: list[int]) -> list[int]:
    return [ref - previous for ref, previous in zip(refs, [0, *refs[:-1]])]


def interleaved(steps: list[int], weights: list[int]) -> list[int]:
    flat = [0] * (2 * len(steps))
    flat[::2] = steps
    flat[1::2] = weights
    return flat


def compute_postings(field_words: list[list[list[str]]], fields) -> Postings:
    """field_words[ref][field number] is the list of words a field's source gives that document; fields
    sharing a source should share the list (it is counted once)."""
    steps = [tuple(field.steps) for field in fields]
    postings, lengths = count_postings(field_words, steps)
    count = len(field_words)
    norms = [length_norms(by_ref, sum(by_ref) / count) if count else [] for by_ref in lengths]
    with_term: Counter = Counter()
    for field_postings in postings:
        for term, packed in field_postings.items():
            with_term[term] += len(packed)
    terms: dict[str, dict[int, list[int]]] = {}
    for term, postings_count in with_term.items():
        idf = inverse_document_frequency(postings_count, count)
        by_field = terms[term] = {}
        for number, field_postings in enumerate(postings):
            if term in field_postings:
                packed = field_postings[term]
                weights = thousandths(idf, packed, norms[number], fields[number].boost)
                by_field[number] = interleaved(as_steps([value // REF_UNIT for value in packed]), weights)
    return Postings(tuple(field.name for field in fields), terms, count)

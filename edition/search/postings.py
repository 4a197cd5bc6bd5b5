"""Documents -> every term's frequency in every field of every document, counted as arrays.

lunr.py's Builder runs each word of each field through the pipeline and counts it in a dict: a
Python step per word, some fifteen million of them for ten thousand articles. Here the pipeline runs
once per distinct word (a corpus of any size repeats a few tens of thousands of words), and the
counting is done by NumPy over word numbers:

1. each text is split at white space (C speed, as UTF-8 bytes) and each piece looked up by its number;
   each distinct piece is split once into words (the regular expressions of pipeline.word_texts), each word
   numbered, and NumPy expands the pieces into their words: a document becomes an array;
2. each distinct word gets its terms per field kind (exact, folded) and its folded form for pairs;
3. the (document, word) counts are made once per source (title, text, metadata); per field, they are
   expanded into (term, document) frequencies, sorted by term in lunr.js's order, then by document:
   the order the shards are written in.

Documents are taken in blocks, so the arrays of one block's words never hold the whole corpus.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Iterable

import numpy as np

from edition.memory import give_back_free_memory
from edition.search.pipeline import PAIR_JOINER, PAIR_MARK, code_parts, fold_word, is_plain_word, normalise_word, word_texts

BLOCK_DOCUMENTS = 500
NO_FORM = -1


def js_order(term: str) -> bytes:
    """lunr.js compares terms as JavaScript strings: by UTF-16 code units."""
    return term.encode("utf-16-be")


@dataclass
class FieldCounts:
    """One field's postings, by term number then document: lunr's term frequency of each, and each
    document's field length (its number of terms after the pipeline)."""

    terms: np.ndarray  # int32, term numbers into CorpusCounts.terms, ascending
    refs: np.ndarray  # uint16 or int32 (narrowest), ascending within a term
    frequencies: np.ndarray  # uint16 or int32 (narrowest)
    lengths: np.ndarray  # int64, one per document


@dataclass
class CorpusCounts:
    terms: list[str]  # every term, in lunr.js's order
    fields: list[FieldCounts]
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


def pair_form(word: str) -> str | None:
    """The word as one half of a pair (folded), or None when it cannot be one (a code)."""
    folded = fold_word(normalise_word(word.lower()))
    return folded if is_plain_word(folded) else None


class Pieces(dict):
    """A piece of text between white space -> its number. Each new piece is split once into words, whose
    numbers are kept as CSR arrays (offsets into one array of word numbers) for NumPy to expand: a text
    costs Python one dict lookup per piece."""

    def __init__(self, vocabulary: "Vocabulary"):
        super().__init__()
        self.vocabulary = vocabulary
        self.offsets = np.zeros(1, np.int64)
        self.words = np.zeros(0, np.int64)
        self.new_counts: list[int] = []
        self.new_words: list[int] = []

    def __missing__(self, piece: bytes | str) -> int:
        text = piece.decode("utf-8") if type(piece) is bytes else piece
        # A UTF-8 piece was cut at ASCII white space only: cut at the rest here, as str.split() would have
        words = [self.vocabulary.word_number(word) for part in text.split() for word in word_texts(part)]
        self.new_counts.append(len(words))
        self.new_words.extend(words)
        number = self[piece] = len(self)
        return number

    def expanded(self, pieces: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The word numbers of the pieces one after the other, and how many words each piece has."""
        if self.new_counts:
            ends = self.offsets[-1] + np.cumsum(np.array(self.new_counts, np.int64))
            self.offsets = np.concatenate([self.offsets, ends])
            self.words = np.concatenate([self.words, np.array(self.new_words, np.int64)])
            self.new_counts, self.new_words = [], []
        return rows_of(self.offsets, self.words, pieces)


class Vocabulary:
    """Words and terms, numbered as they are first met."""

    def __init__(self):
        self.words: list[str] = []
        self.word_numbers: dict[str, int] = {}
        self.pieces = Pieces(self)
        self.terms: list[str] = []
        self.term_numbers: dict[str, int] = {}

    def word_number(self, word: str) -> int:
        number = self.word_numbers.get(word)
        if number is None:
            number = self.word_numbers[word] = len(self.words)
            self.words.append(word)
        return number

    def term_number(self, term: str) -> int:
        number = self.term_numbers.get(term)
        if number is None:
            number = self.term_numbers[term] = len(self.terms)
            self.terms.append(term)
        return number

    def words_of_texts(self, texts) -> tuple[np.ndarray, np.ndarray]:
        """The word numbers of the texts one after the other, and how many words each text has."""
        number = self.pieces.__getitem__
        per_text = [list(map(number, pieces_of(text))) for text in texts]
        piece_counts = np.fromiter(map(len, per_text), np.int64, len(per_text))
        pieces = np.fromiter(itertools.chain.from_iterable(per_text), np.int64, int(piece_counts.sum()))
        words, words_per_piece = self.pieces.expanded(pieces)
        words_before = np.concatenate([np.zeros(1, np.int64), np.cumsum(words_per_piece)])
        piece_ends = np.cumsum(piece_counts)
        return words, words_before[piece_ends] - words_before[piece_ends - piece_counts]


def pieces_of(text: str) -> list[bytes] | list[str]:
    """The text cut at white space: as UTF-8 bytes, cut at ASCII white space, which makes its pieces in
    half the time str.split() takes (no UTF-8 sequence holds an ASCII byte); Pieces cuts the rest."""
    try:
        return text.encode("utf-8").split()
    except UnicodeEncodeError:  # a lone surrogate
        return text.split()


def rows_of(offsets: np.ndarray, values: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The values of the rows of a CSR table (row r is values[offsets[r]:offsets[r + 1]]) one after the
    other, and how many values each row has."""
    counts = offsets[rows + 1] - offsets[rows]
    shift = np.repeat(offsets[rows] - (np.cumsum(counts) - counts), counts)
    return values[np.arange(len(shift)) + shift], counts


@dataclass
class WordTable:
    """Per word number: its terms for one field kind, as CSR arrays (offsets into one array of term numbers)."""

    offsets: np.ndarray
    terms: np.ndarray


def word_table(vocabulary: Vocabulary, steps: tuple[str, ...], known: WordTable | None) -> WordTable:
    """The table for every word numbered so far, extending the one made for fewer words."""
    start = len(known.offsets) - 1 if known else 0
    counts, numbers = [], []
    for word in vocabulary.words[start:]:
        terms = word_terms(word, steps)
        counts.append(len(terms))
        numbers.extend(vocabulary.term_number(term) for term in terms)
    base = known.offsets[-1] if known else 0
    offsets = np.concatenate([known.offsets if known else np.zeros(1, np.int64),
                              base + np.cumsum(np.array(counts, np.int64))])
    terms = np.concatenate([known.terms if known else np.zeros(0, np.int32), np.array(numbers, np.int32)])
    return WordTable(offsets, terms)


def sorted_with_counts(keys: np.ndarray, counts: np.ndarray | None, distinct: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys (not negative), ascending, each with the sum of its counts (or its number of
    rows); distinct=True says the keys are already distinct. The counts ride in the low bits of the
    keys, so that one np.sort (vectorised) does the work of an argsort (several times slower)."""
    if counts is None:
        return np.unique(keys, return_counts=True)
    count_bits = max(int(counts.max()).bit_length(), 1) if len(counts) else 1
    if not len(keys) or int(keys.max()) >= 1 << (62 - count_bits):
        order = np.argsort(keys)  # too wide to pack: the slow way
        keys, counts = keys[order], counts[order]
    else:
        packed = np.sort((keys << count_bits) | counts)
        keys, counts = packed >> count_bits, packed & ((1 << count_bits) - 1)
    if distinct:
        return keys, counts
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]])) if len(keys) else np.zeros(0, np.int64)
    return keys[starts], np.add.reduceat(counts, starts) if len(keys) else np.zeros(0, np.int64)


@dataclass
class WordOccurrences:
    """Each distinct (document, word) of some words standing in documents, and how often it stands there:
    the same for every field kind (exact, folded) that indexes those words, so counted once for all."""

    refs: np.ndarray
    words: np.ndarray
    counts: np.ndarray


def word_occurrences(words: np.ndarray, refs: np.ndarray, word_count: int) -> WordOccurrences:
    width = np.int64(max(word_count, 1))
    pairs, counts = np.unique(refs * width + words, return_counts=True)
    return WordOccurrences(pairs // width, pairs % width, counts)


def word_field_counts(occurrences: WordOccurrences, table: WordTable, document_count: int):
    """(term, ref, frequency) rows, sorted by term then ref, and the field lengths of the refs, for a
    field of the words counted in occurrences, each word giving the terms the table has for it."""
    lengths = np.zeros(document_count, np.int64)
    if not len(occurrences.refs):
        empty = np.zeros(0, np.int64)
        return empty, empty, empty, lengths
    pair_refs, pair_words, counts = occurrences.refs, occurrences.words, occurrences.counts
    terms, terms_per_word = rows_of(table.offsets, table.terms, pair_words)
    terms = terms.astype(np.int64)
    lengths += np.bincount(pair_refs, counts * terms_per_word, document_count).astype(np.int64)
    rows = np.repeat(np.arange(len(pair_refs)), terms_per_word)
    keys, frequencies = sorted_with_counts(terms * document_count + pair_refs[rows], counts[rows])
    return keys // document_count, keys % document_count, frequencies, lengths


class PairForms:
    """Word number -> number of its pair form (NO_FORM for codes), and the forms' texts."""

    def __init__(self):
        self.forms: list[str] = []
        self.form_numbers: dict[str, int] = {}
        self.of_word = np.zeros(0, np.int64)

    def extend(self, vocabulary: Vocabulary) -> np.ndarray:
        numbers = []
        for word in vocabulary.words[len(self.of_word):]:
            form = pair_form(word)
            if form is None:
                numbers.append(NO_FORM)
                continue
            number = self.form_numbers.get(form)
            if number is None:
                number = self.form_numbers[form] = len(self.forms)
                self.forms.append(form)
            numbers.append(number)
        self.of_word = np.concatenate([self.of_word, np.array(numbers, np.int64)])
        return self.of_word


def pair_field_counts(words: np.ndarray, refs: np.ndarray, forms: PairForms, vocabulary: Vocabulary,
                      document_count: int):
    """Each plain word with the next one in the same document, folded, as vi-pairs makes them."""
    lengths = np.zeros(document_count, np.int64)
    if len(words) < 2:
        empty = np.zeros(0, np.int64)
        return empty, empty, empty, lengths
    of_word = forms.of_word
    left, right = of_word[words[:-1]], of_word[words[1:]]
    keep = (left != NO_FORM) & (right != NO_FORM) & (refs[:-1] == refs[1:])
    pair_refs = refs[:-1][keep]
    lengths += np.bincount(pair_refs, minlength=document_count)
    width = np.int64(max(len(forms.forms), 1))
    keys, frequencies = sorted_with_counts((left[keep] * width + right[keep]) * document_count + pair_refs, None)
    pairs = keys // document_count
    firsts = np.flatnonzero(np.concatenate([[True], pairs[1:] != pairs[:-1]]))
    text = forms.forms
    term_of_pair = np.array([vocabulary.term_number(PAIR_MARK + text[p // width] + PAIR_JOINER + text[p % width])
                             for p in pairs[firsts].tolist()], np.int64)
    terms = np.repeat(term_of_pair, np.diff(np.concatenate([firsts, [len(pairs)]])))
    return terms, keys % document_count, frequencies, lengths


def count_corpus(documents: Iterable[tuple[str, ...]], document_count: int, field_steps: list[tuple[str, ...]],
                 field_sources: list[tuple[int, ...]], block: int = BLOCK_DOCUMENTS) -> CorpusCounts:
    """documents yields, for each of the document_count documents (ref order), the texts of its sources;
    field number i indexes the words of its sources field_sources[i], one after the other, with the
    pipeline steps field_steps[i] (exact, folded or pairs). The documents are read a block at a time."""
    vocabulary, forms = Vocabulary(), PairForms()
    tables: dict[tuple[str, ...], WordTable | None] = {}
    parts: list[list[tuple]] = [[] for _ in field_steps]
    lengths = [np.zeros(document_count, np.int64) for _ in field_steps]
    documents = iter(documents)
    for first in range(0, document_count, block):
        in_block = list(itertools.islice(documents, block))
        by_source = {source: vocabulary.words_of_texts([texts[source] for texts in in_block])
                     for source in sorted(set(itertools.chain.from_iterable(field_sources)))}
        del in_block
        for steps in set(field_steps):
            if "vi-pairs" not in steps:
                tables[steps] = word_table(vocabulary, steps, tables.get(steps))
        forms.extend(vocabulary)
        flat = {sources: one_after_the_other([by_source[s] for s in sources], first) for sources in set(field_sources)}
        del by_source
        word_sources = {sources for steps, sources in zip(field_steps, field_sources) if "vi-pairs" not in steps}
        occurrences = {sources: word_occurrences(*flat[sources], len(vocabulary.words)) for sources in word_sources}
        for number, (steps, sources) in enumerate(zip(field_steps, field_sources)):
            if "vi-pairs" in steps:
                counted = pair_field_counts(*flat[sources], forms, vocabulary, document_count)
            else:
                counted = word_field_counts(occurrences[sources], tables[steps], document_count)
            *rows, block_lengths = counted
            parts[number].append(compact_rows(*rows))
            lengths[number] += block_lengths
    vocabulary.pieces = Pieces(vocabulary)  # freed before the largest sorts
    return in_javascript_order(vocabulary.terms, parts, lengths, document_count)


def compact_rows(terms: np.ndarray, refs: np.ndarray, frequencies: np.ndarray) -> tuple[np.ndarray, ...]:
    """A block's rows kept until every block is counted: the fewest bytes that hold them."""
    bound = int(frequencies.max()) + 1 if len(frequencies) else 1
    return terms.astype(np.int32), refs.astype(np.int32), frequencies.astype(narrowest(bound))


def one_after_the_other(sources: list[tuple[np.ndarray, np.ndarray]], first_ref: int) -> tuple[np.ndarray, np.ndarray]:
    """Each document's words from several sources (word numbers, words per document), the sources
    one after the other within each document; and the ref of each word's document."""
    sizes = sum(source_sizes for _, source_sizes in sources)
    refs = np.repeat(np.arange(first_ref, first_ref + len(sizes), dtype=np.int64), sizes)
    if len(sources) == 1:
        return sources[0][0], refs
    words = np.empty(int(sizes.sum()), np.int64)
    document_starts = np.cumsum(sizes) - sizes
    before = np.zeros(len(sizes), np.int64)  # words of the earlier sources, per document
    for source_words, source_sizes in sources:
        source_starts = np.cumsum(source_sizes) - source_sizes
        shift = np.repeat(document_starts + before - source_starts, source_sizes)
        words[np.arange(len(source_words)) + shift] = source_words
        before += source_sizes
    return words, refs


def in_javascript_order(terms: list[str], parts: list[list[tuple]], lengths: list[np.ndarray],
                        document_count: int) -> CorpusCounts:
    """Terms renumbered in lunr.js's order; each field's blocks joined, by term then ref."""
    order = sorted(range(len(terms)), key=lambda n: js_order(terms[n]))
    rank = np.empty(len(terms), np.int64)
    rank[order] = np.arange(len(terms))
    width = max(document_count, 1)
    fields = []
    for blocks, field_lengths in zip(parts, lengths):
        fields.append(joined_blocks(blocks, rank, width, field_lengths))
    return CorpusCounts([terms[n] for n in order], fields, document_count)


def narrowest(bound: int) -> type:
    """The smallest integer type for the numbers 0 to bound - 1: two bytes each where they are enough."""
    return np.uint16 if bound <= 1 << 16 else np.int32


def joined_blocks(blocks: list[tuple], rank: np.ndarray, width: int, lengths: np.ndarray) -> FieldCounts:
    """One field's blocks of (term, ref, frequency) rows as one table by term rank, then ref. The rows
    of different blocks never share a ref, so each (term, ref) is there once: the frequency rides in
    the low bits of the sort key, and the sort is done in place (this is the build's largest array)."""
    rows = sum(len(block[0]) for block in blocks)
    count_bits = max(max((int(block[2].max()) for block in blocks if len(block[2])), default=1).bit_length(), 1)
    if (len(rank) * width) >= 1 << (62 - count_bits):
        raise ValueError(f"{len(rank)} terms in {width} documents: too many to sort in one 64-bit key")
    keys = np.empty(rows, np.int64)
    at = 0
    while blocks:
        terms, refs, frequencies = blocks.pop(0)
        at, part = at + len(terms), keys[at : at + len(terms)]
        np.take(rank, terms, out=part)
        del terms
        part *= width
        part += refs
        part <<= count_bits
        part |= frequencies
    give_back_free_memory()  # the blocks just dropped, before the sorted columns are made
    keys.sort()
    frequencies, refs = np.empty(rows, narrowest(1 << count_bits)), np.empty(rows, narrowest(width))
    np.bitwise_and(keys, (1 << count_bits) - 1, out=frequencies, casting="unsafe")
    keys >>= count_bits
    np.remainder(keys, width, out=refs, casting="unsafe")
    keys //= width
    return FieldCounts(as_int32_in_place(keys), refs, frequencies, lengths)


NARROWED_AT_ONCE = 1 << 20


def as_int32_in_place(numbers: np.ndarray) -> np.ndarray:
    """int64 numbers that fit in 32 bits, as int32, written into the first half of their own array, whose
    second half is then given back: astype would hold both arrays at once, at the index's peak.
    A run's int32 land at half its offset, over numbers already read."""
    count = len(numbers)
    halves = numbers.view(np.int32)
    for start in range(0, count, NARROWED_AT_ONCE):
        end = min(start + NARROWED_AT_ONCE, count)
        halves[start:end] = numbers[start:end]
    del halves
    numbers.resize((count + 1) // 2, refcheck=False)
    return numbers.view(np.int32)[:count]

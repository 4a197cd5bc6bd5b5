"""The array-based counting behind the search index: blocks, packed sorts and decimal text agree with
the plain ways of doing the same (lunr.py's own numbers are checked in test_search_weights.py)."""
from __future__ import annotations

import json

import numpy as np
from hypothesis import given, settings, strategies as st

from edition.search import postings
from edition.search.index import FIELDS, SOURCE_PARTS, ordered, source_texts
from edition.search.shards import decimal_list, shard_bodies
from edition.search.weights import compute_postings
from tests.test_search_index import DOCS

FIELD_SOURCES = [SOURCE_PARTS[f.source] for f in FIELDS]


def counted_in_blocks(docs, block: int) -> list[tuple]:
    counts = postings.count_corpus([source_texts(d) for d in docs], len(docs), [tuple(f.steps) for f in FIELDS],
                                   FIELD_SOURCES, block=block)
    return [(counts.terms[term], ref, tf) for field in counts.fields
            for term, ref, tf in zip(field.terms.tolist(), field.refs.tolist(), field.frequencies.tolist())]


def test_documents_counted_in_blocks_give_the_same_postings_as_all_at_once():
    docs = ordered(DOCS) * 3  # the same words in several blocks
    one_block = counted_in_blocks(docs, 1000)
    assert counted_in_blocks(docs, 1) == one_block == counted_in_blocks(docs, 2)
    terms = {term for term, _, _ in one_block}
    assert "~pham minh" in terms and {"35-ct/tw", "35", "ct", "tw"} <= terms  # pairs; codes whole and in parts


def test_a_pair_spans_the_title_and_the_text_and_never_two_documents():
    docs = ordered(DOCS)
    table = compute_postings([source_texts(d) for d in docs], len(docs), FIELDS, FIELD_SOURCES).entries()
    pairs = {term for term in table if term.startswith("~")}
    assert "~ket dong" in pairs  # "Hội nghị tổng kết" + "Đồng chí ..." in one document
    assert not {"~triet kien", "~moi duong"} & pairs  # the end of one document and the title of the next


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2**31 - 1), max_size=300))
def test_decimal_list_writes_what_str_writes(numbers):
    text, ends = decimal_list(np.array(numbers, np.int64))
    assert text.decode("ascii") == "".join(f"{n}," for n in numbers)
    assert ends.tolist() == list(np.cumsum([len(str(n)) + 1 for n in numbers]))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(min_value=-2**31, max_value=2**31 - 1), max_size=300), st.integers(1, 40))
def test_numbers_narrowed_in_place_keep_their_values(numbers, at_once):
    # In runs of any length (the last one short), every number is read before its own bytes are written over.
    original, postings.NARROWED_AT_ONCE = postings.NARROWED_AT_ONCE, at_once
    try:
        narrowed = postings.as_int32_in_place(np.array(numbers, np.int64))
    finally:
        postings.NARROWED_AT_ONCE = original
    assert narrowed.dtype == np.int32 and narrowed.tolist() == numbers


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2**40), st.integers(1, 1000)), max_size=200), st.booleans())
def test_sorted_with_counts_sums_the_counts_of_each_key(rows, wide):
    keys = np.array([k + (2**61 if wide else 0) for k, _ in rows], np.int64)  # too wide to pack: argsort
    counts = np.array([c for _, c in rows], np.int64)
    found_keys, found_counts = postings.sorted_with_counts(keys, counts)
    expected: dict[int, int] = {}
    for key, count in zip(keys.tolist(), counts.tolist()):
        expected[key] = expected.get(key, 0) + count
    assert list(zip(found_keys.tolist(), found_counts.tolist())) == sorted(expected.items())


def test_shards_are_json_arrays_of_the_entries_in_order():
    docs = ordered(DOCS)
    table = compute_postings([source_texts(d) for d in docs], len(docs), FIELDS, FIELD_SOURCES)
    entries = [entry for _, body in shard_bodies(table, shard_bytes=300) for entry in json.loads(body)]
    assert [entry[0] for entry in entries] == table.terms
    by_term = table.entries()
    for term, *rest in entries:
        assert dict(zip(rest[::2], rest[1::2])) == by_term[term]


# White space that str.split() cuts at and UTF-8 bytes.split() does not (no-break, ideographic, NEL, LS,
# information separator, ...), and a lone surrogate, which UTF-8 cannot encode.
WIDE_SPACE_AND_SURROGATE = "\xa0\u3000\x85\u2028\u202f\x1c\ud800"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(alphabet="aăđơ Đ35-/.,\n\t–" + WIDE_SPACE_AND_SURROGATE, max_size=30), max_size=4),
                max_size=4))
def test_texts_numbered_in_blocks_give_each_text_its_words(blocks):
    from edition.search.pipeline import word_texts

    vocabulary = postings.Vocabulary()
    for texts in blocks:  # pieces met in an earlier block are expanded from the arrays kept for them
        numbers, sizes = vocabulary.words_of_texts(texts)
        words = [vocabulary.words[n] for n in numbers.tolist()]
        expected = [[word for piece in text.split() for word in word_texts(piece)] for text in texts]
        assert sizes.tolist() == [len(e) for e in expected]
        assert words == [word for e in expected for word in e]

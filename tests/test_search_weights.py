"""lunr's weights computed directly are lunr.py Builder's, to the digit; shards keep lunr.js's term order."""
from __future__ import annotations

import itertools

from edition.search.index import FIELDS, build_index, field_postings, ordered
from edition.search.shards import cut_into_shards, js_order
from tests.test_search_index import DOCS


def builder_weights(serialised: dict) -> dict[tuple[str, str, int], float]:
    term_of = {posting["_index"]: term for term, posting in serialised["invertedIndex"]}
    weights = {}
    for field_ref, elements in serialised["fieldVectors"]:
        field, ref = field_ref.split("/")
        for number, weight in zip(elements[::2], elements[1::2]):
            weights[(term_of[number], field, int(ref))] = weight
    return weights


def direct_weights(docs) -> dict[tuple[str, str, int], float]:
    weights = {}
    for term, by_field in field_postings(docs).entries().items():
        for number, flat in by_field.items():
            for ref, thousandths in zip(itertools.accumulate(flat[::2]), flat[1::2]):
                weights[(term, FIELDS[number].name, ref)] = thousandths / 1000
    return weights


def test_weights_are_lunr_builders_to_the_digit():
    docs = ordered(DOCS)
    assert direct_weights(docs) == builder_weights(build_index(docs))


def test_shards_hold_runs_of_terms_in_javascript_order():
    postings = field_postings(ordered(DOCS))
    cut = cut_into_shards(postings, shard_bytes=200)
    assert len(cut.first_terms) > 1
    assert cut.first_terms == sorted(cut.first_terms, key=js_order)
    assert postings.terms == sorted(postings.terms, key=js_order) and postings.terms[0] == cut.first_terms[0]
    assert any(term.startswith("~") for term in postings.terms)  # pairs, apart from every word

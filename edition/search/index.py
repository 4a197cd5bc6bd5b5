"""SearchDocs -> the search files: a manifest, term shards, titles, texts and a vocabulary, as .js files.

- index.js, loaded with the page: the fields and their pipeline steps, each shard's first term, and the
  facets (year, locality, directives) of every document, by number.
- shards/N.js: runs of terms with lunr's weights (weights.py, shards.py), loaded for a query's terms.
- docs/N.js: url, title and date of a few documents, loaded for the results shown.
- text-N.js: article texts for snippets; vocabulary.js: the words for "did you mean", when nothing is found.

The files assign globals instead of being JSON because fetch() of a local file fails under file://,
while a <script> tag works everywhere. build_index is the same index built by lunr.py's Builder: the
reference the tests compare the shards with.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from lunr.builder import Builder
from lunr.tokenizer import Tokenizer

from edition.memory import give_back_free_memory
from edition.search import pipeline, shards
from edition.search.pipeline import nfc, word_texts
from edition.search.weights import Postings, compute_postings

LUNR_VERSION = "2.3.9"  # the lunr.js the index is for (assets/lunr.min.js)
INDEX_FILE = "index.js"
INDEX_GLOBAL = "EDITION_SEARCH_INDEX"
TEXT_GLOBAL = "EDITION_SEARCH_TEXT"
SHARD_DIR = "shards"
SHARD_GLOBAL = "EDITION_SEARCH_SHARDS"
DOC_DIR = "docs"
DOC_GLOBAL = "EDITION_SEARCH_DOCS"
VOCABULARY_FILE = "vocabulary.js"
VOCABULARY_GLOBAL = "EDITION_SEARCH_VOCABULARY"
# Small chunks: a page of results from across the collection loads a chunk per result.
TEXT_CHUNK_SIZE = 10
DOC_CHUNK_SIZE = 20


@dataclass(frozen=True)
class IndexField:
    """One lunr field: where its words come from, which pipeline steps it takes, how much it weighs."""

    name: str
    source: str  # "title", "text", "meta" or "title_text"
    steps: tuple[str, ...]
    boost: float
    kind: str  # "exact", "folded" or "pairs": how the browser queries it


FIELDS = (
    # An exact-form field weighs twice its folded twin: a query typed with diacritics ranks exact forms first.
    IndexField("title", "title", pipeline.EXACT_STEPS, 8, "exact"),
    IndexField("title_f", "title", pipeline.FOLDED_STEPS, 4, "folded"),
    IndexField("meta", "meta", pipeline.EXACT_STEPS, 4, "exact"),
    IndexField("meta_f", "meta", pipeline.FOLDED_STEPS, 2, "folded"),
    IndexField("text", "text", pipeline.EXACT_STEPS, 2, "exact"),
    IndexField("text_f", "text", pipeline.FOLDED_STEPS, 1, "folded"),
    IndexField("pairs", "title_text", pipeline.PAIR_STEPS, 2, "pairs"),
)


def field_sources(doc) -> dict[str, list[str]]:
    """The words each source of a document's fields is made of, split once per document."""
    meta = [doc.locality or "", *doc.officials, *doc.directives]
    title = words_of(nfc(doc.title or ""))
    text = words_of(nfc(doc.body_text()))
    return {
        "title": title,
        "text": text,
        "meta": words_of(nfc("\n".join(part for part in meta if part))),
        "title_text": title + text,
    }


def words_of(text: str) -> list[str]:
    return word_texts(text)


def make_builder() -> Builder:
    """A lunr Builder with our fields and pipeline, and no English trimmer, stop words or stemmer."""
    builder = Builder()
    builder.ref("ref")
    steps = [pipeline.PIPELINE_STEPS[label] for label in pipeline.PIPELINE_STEPS]
    builder.pipeline.add(*steps)
    for field in FIELDS:
        builder.field(field.name, boost=field.boost, extractor=_extractor(field.source))
        skipped = [fn for label, fn in pipeline.PIPELINE_STEPS.items() if label not in field.steps]
        for fn in skipped:
            builder.pipeline.skip(fn, [field.name])
    builder.search_pipeline.add(*[pipeline.PIPELINE_STEPS[label] for label in pipeline.SEARCH_STEPS])
    return builder


def _extractor(source: str) -> Callable[[dict], list[str]]:
    # lunr's own tokenizer would split codes at "-"; given a list of words it keeps each one whole.
    return lambda doc: doc[source]


def field_tokens(builder: Builder, field_name: str, text: str) -> list[str]:
    """The terms one field indexes for a text, through the builder's own tokenizer and pipeline."""
    return [str(t) for t in builder.pipeline.run(Tokenizer(words_of(nfc(text))), field_name)]


def ordered(docs) -> list:
    """Newest first, so that equal scores list recent articles first; then by URL, for stable output."""
    by_url = sorted(docs, key=lambda d: d.url)
    return sorted(by_url, key=lambda d: d.date or "", reverse=True)


def build_index(docs) -> dict:
    """The serialised lunr.py index of the documents, refs positions in ordered(docs): the reference the
    shards must rank exactly as (tests), too slow for the build itself."""
    builder = make_builder()
    for ref, doc in enumerate(ordered(docs)):
        builder.add({"ref": str(ref), **field_sources(doc)})
    return builder.build().serialize()


def doc_summary(doc) -> list:
    """What a result shows of its article: url, title, date (locality and directives are in the facets)."""
    return [doc.url, nfc(doc.title or ""), doc.date]


def facet_table(docs) -> dict:
    """Year, locality and directives of every document, as numbers into value lists: filtering and counting
    facets needs them for every result, before any title is loaded."""
    years = sorted({doc.year for doc in docs if doc.year})
    localities = sorted({nfc(doc.locality) for doc in docs if doc.locality})
    directives = sorted({(d_id, nfc(label)) for doc in docs for d_id, label in zip(doc.directive_ids, doc.directives)})
    year_number = {year: n for n, year in enumerate(years)}
    locality_number = {locality: n for n, locality in enumerate(localities)}
    directive_number = {id_label: n for n, id_label in enumerate(directives)}
    rows = [
        [
            year_number.get(doc.year, -1),
            locality_number.get(nfc(doc.locality), -1) if doc.locality else -1,
            *(directive_number[(d_id, nfc(label))] for d_id, label in zip(doc.directive_ids, doc.directives)),
        ]
        for doc in docs
    ]
    return {"years": years, "localities": localities, "directives": [list(d) for d in directives], "docs": rows}


# The words of each source a field indexes, one source after the other.
SOURCE_PARTS = {"title": (0,), "text": (1,), "meta": (2,), "title_text": (0, 1)}


def source_texts(doc) -> tuple[str, str, str]:
    """A document's title, text and metadata (locality, officials, directives), NFC."""
    meta = [doc.locality or "", *doc.officials, *doc.directives]
    return nfc(doc.title or ""), nfc(doc.body_text()), nfc("\n".join(part for part in meta if part))


def field_postings(docs) -> Postings:
    """lunr's weights of every term of every field, docs in the order given (their refs)."""
    return compute_postings(map(source_texts, docs), len(docs), FIELDS, [SOURCE_PARTS[f.source] for f in FIELDS])


def manifest(docs, cut: shards.ShardCut, document_count: int) -> dict:
    return {
        "version": LUNR_VERSION,
        "fields": [{"name": f.name, "kind": f.kind, "steps": list(f.steps)} for f in FIELDS],
        "pipeline": list(pipeline.SEARCH_STEPS),
        "documentCount": document_count,
        "shardFirstTerms": cut.first_terms,
        "docChunkSize": DOC_CHUNK_SIZE,
        "textChunkSize": TEXT_CHUNK_SIZE,
        "facets": facet_table(docs),
    }


def text_chunks(docs) -> Iterator[list[str]]:
    """The texts of the documents (in index order), TEXT_CHUNK_SIZE at a time: made as they are written."""
    docs = ordered(docs)
    for start in range(0, len(docs), TEXT_CHUNK_SIZE):
        yield [nfc(doc.body_text()) for doc in docs[start : start + TEXT_CHUNK_SIZE]]


def chunked(rows: list, size: int) -> list[list]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def to_js_literal(value) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return js_safe(text)


def js_safe(json_text: str) -> str:
    # Line and paragraph separators were not allowed in JS strings before ES2019.
    return json_text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def parsed_at_load(json_text: str) -> str:
    """A JS expression that reads the JSON text with JSON.parse. V8 reads a shard's arrays of numbers
    faster that way than as a literal: the six shards of "cán bộ" at 10,000 articles (330 kB) took Node 20
    6-8 ms this way and 10-16 ms as literals. Chromium compiles a large literal off the main thread, yet
    the first result came sooner this way too (bench/README.md)."""
    quoted = json_text.replace("\\", "\\\\").replace("'", "\\'")
    return "JSON.parse('" + js_safe(quoted) + "')"


def text_chunk_file(number: int) -> str:
    return f"text-{number}.js"


def registration(global_name: str, number: int, literal: str) -> str:
    """A script that files its data under its number in a global, so <script> tags can load it (file:// too)."""
    return f"(window.{global_name}=window.{global_name}||{{}})[{number}]={literal};\n"


def write_numbered(folder: Path, global_name: str, literals: Iterable[str], name=lambda n: f"{n}.js") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number, literal in enumerate(literals):
        path = folder / name(number)
        path.write_text(registration(global_name, number, literal), encoding="utf-8")
        written.append(path)
    return written


def remove_stale(search_dir: Path) -> None:
    """Files of a previous index that this one may not overwrite (it may have fewer shards)."""
    for folder in (SHARD_DIR, DOC_DIR):
        shutil.rmtree(search_dir / folder, ignore_errors=True)
    for path in search_dir.glob("text-*.js"):
        path.unlink()


def write_index_files(docs, search_dir: Path) -> list[Path]:
    """index.js (the manifest: fields, shard boundaries, facets), term shards, vocabulary, titles, texts."""
    docs = ordered(docs)
    search_dir.mkdir(parents=True, exist_ok=True)
    remove_stale(search_dir)
    postings = field_postings(docs)
    give_back_free_memory()  # what counting the postings dropped: the largest arrays are still to come
    first_terms = []
    written = []
    (search_dir / SHARD_DIR).mkdir(parents=True, exist_ok=True)
    for number, (first_term, body) in enumerate(shards.shard_bodies(postings)):
        first_terms.append(first_term)
        path = search_dir / SHARD_DIR / f"{number}.js"
        path.write_text(registration(SHARD_GLOBAL, number, parsed_at_load(body)), encoding="utf-8")
        written.append(path)
    cut = shards.ShardCut(first_terms, [])
    index_path = search_dir / INDEX_FILE
    index_path.write_text(f"window.{INDEX_GLOBAL}={to_js_literal(manifest(docs, cut, len(docs)))};\n", encoding="utf-8")
    written = [index_path] + \
        write_numbered(search_dir, TEXT_GLOBAL, map(to_js_literal, text_chunks(docs)), text_chunk_file) + written
    summaries = [doc_summary(doc) for doc in docs]
    written += write_numbered(search_dir / DOC_DIR, DOC_GLOBAL, [to_js_literal(c) for c in chunked(summaries, DOC_CHUNK_SIZE)])
    give_back_free_memory()  # what writing the shards and texts dropped, before the vocabulary's arrays
    vocabulary_path = search_dir / VOCABULARY_FILE
    vocabulary_path.write_text(f"window.{VOCABULARY_GLOBAL}={to_js_literal(shards.vocabulary(postings))};\n", encoding="utf-8")
    written.append(vocabulary_path)
    return written

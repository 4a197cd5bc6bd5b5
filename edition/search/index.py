"""SearchDocs -> a prebuilt lunr index plus the little the results page shows, as .js files.

The files assign globals instead of being JSON because fetch() of a local file fails under file://,
while a <script> tag works everywhere. The article texts, needed only for snippets, are split into
chunks loaded on demand, so the first results do not wait for every text.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from lunr.builder import Builder

from edition.search import pipeline
from edition.search.pipeline import nfc, split_words

INDEX_FILE = "index.js"
INDEX_GLOBAL = "EDITION_SEARCH_INDEX"
TEXT_GLOBAL = "EDITION_SEARCH_TEXT"
TEXT_CHUNK_SIZE = 50


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


def field_sources(doc) -> dict[str, str]:
    """The plain texts a document's fields are made from, all NFC."""
    meta = [doc.locality or "", *doc.officials, *doc.directives]
    return {
        "title": nfc(doc.title or ""),
        "text": nfc(doc.text or ""),
        "meta": nfc("\n".join(part for part in meta if part)),
        "title_text": nfc((doc.title or "") + "\n" + (doc.text or "")),
    }


def words_of(text: str) -> list[str]:
    return [word.text for word in split_words(text)]


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
    return lambda doc: words_of(doc[source])


def field_tokens(builder: Builder, field_name: str, text: str) -> list[str]:
    """The terms one field indexes for a text, through the builder's own tokenizer and pipeline."""
    from lunr.tokenizer import Tokenizer

    return [str(t) for t in builder.pipeline.run(Tokenizer(words_of(nfc(text))), field_name)]


def ordered(docs) -> list:
    """Newest first, so that equal scores list recent articles first; then by URL, for stable output."""
    by_url = sorted(docs, key=lambda d: d.url)
    return sorted(by_url, key=lambda d: d.date or "", reverse=True)


def build_index(docs) -> dict:
    """The serialised lunr index of the documents; refs are positions in ordered(docs)."""
    builder = make_builder()
    for ref, doc in enumerate(ordered(docs)):
        builder.add({"ref": str(ref), **field_sources(doc)})
    return builder.build().serialize()


def compact_index(serialised: dict) -> dict:
    """lunr's serialisation without its empty parts; search.js expands it back before lunr.Index.load.

    lunr writes every field of every term, mostly empty, and an empty metadata object per document:
    most of the bytes. Here a term is [term, index, {field: [doc refs]}] with only non-empty fields.
    """
    fields = serialised["fields"]
    terms = []
    for term, posting in serialised["invertedIndex"]:
        by_field = {field: [int(ref) for ref in posting[field]] for field in fields if posting[field]}
        terms.append([term, posting["_index"], by_field])
    return {**serialised, "invertedIndex": terms}


def doc_summary(doc) -> list:
    """What a result shows before its text arrives: url, title, date, year, locality, directives, their ids."""
    return [
        doc.url,
        nfc(doc.title or ""),
        doc.date,
        doc.year,
        nfc(doc.locality) if doc.locality else None,
        [nfc(label) for label in doc.directives],
        list(doc.directive_ids),
    ]


def index_payload(docs) -> dict:
    docs = ordered(docs)
    return {
        "fields": {field.name: {"kind": field.kind, "steps": list(field.steps)} for field in FIELDS},
        "textChunkSize": TEXT_CHUNK_SIZE,
        "docs": [doc_summary(doc) for doc in docs],
        "index": compact_index(build_index(docs)),
    }


def text_chunks(docs) -> list[list[str]]:
    texts = [nfc(doc.text or "") for doc in ordered(docs)]
    return [texts[i : i + TEXT_CHUNK_SIZE] for i in range(0, len(texts), TEXT_CHUNK_SIZE)]


def to_js_literal(value) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # Line and paragraph separators were not allowed in JS strings before ES2019.
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def text_chunk_file(number: int) -> str:
    return f"text-{number}.js"


def write_index_files(docs, search_dir: Path) -> list[Path]:
    search_dir.mkdir(parents=True, exist_ok=True)
    written = []
    index_path = search_dir / INDEX_FILE
    index_path.write_text(f"window.{INDEX_GLOBAL}={to_js_literal(index_payload(docs))};\n", encoding="utf-8")
    written.append(index_path)
    for number, chunk in enumerate(text_chunks(docs)):
        path = search_dir / text_chunk_file(number)
        body = f"(window.{TEXT_GLOBAL}=window.{TEXT_GLOBAL}||{{}})[{number}]={to_js_literal(chunk)};\n"
        path.write_text(body, encoding="utf-8")
        written.append(path)
    return written

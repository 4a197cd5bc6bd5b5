"""The prebuilt index: files written, deterministic, loadable by lunr, ranked the way the search page relies on."""
from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from lunr.index import Index
from lunr.query import QueryPresence

from edition.search import SearchDoc, write_search_index
from edition.search.index import (FIELDS, INDEX_GLOBAL, TEXT_CHUNK_SIZE, TEXT_GLOBAL, build_index, ordered,
                                  parsed_at_load)
from edition.search.pipeline import PAIR_JOINER, PAIR_MARK, fold_word, normalise_word


def doc(slug: str, title: str, text: str, date: str | None = "2020-01-01", locality: str | None = None,
        directives: tuple[str, ...] = (), officials: tuple[str, ...] = ()) -> SearchDoc:
    return SearchDoc(url=f"articles/{slug}/", title=title, date=date, year=date[:4] if date else None,
                     locality=locality, directives=directives,
                     directive_ids=tuple(d.lower().replace(" ", "-").replace("/", "-") for d in directives),
                     officials=officials, text=text)


DOCS = [
    doc("a", "Hội nghị tổng kết", "Đồng chí Phạm Minh Chính phát biểu. Chỉ thị 35-CT/TW được quán triệt.",
        date="2020-08-07", directives=("Chỉ thị 35-CT/TW",), officials=("Phạm Minh Chính",)),
    doc("b", "Kiên Giang triển khai nhiệm vụ", "Ban Tổ chức Tỉnh ủy Kiên Giang. Có 35 đảng viên mới.",
        date="2019-12-31", locality="Kiên Giang"),
    doc("c", "Đường lối", "Ông Phạm nói. Minh bạch. Chính sách dương tính. Uỷ ban nhân dân.", date=None),
]


def read_global(path: Path, name: str) -> object:
    text = path.read_text(encoding="utf-8")
    prefix = f"window.{name}="
    assert text.startswith(prefix) and text.endswith(";\n")
    return json.loads(text[len(prefix) : -2])


def test_writes_a_manifest_shards_titles_texts_and_vocabulary(tmp_path):
    written = write_search_index(DOCS, tmp_path / "search")
    names = [p.relative_to(tmp_path / "search").as_posix() for p in written]
    assert names[:2] == ["index.js", "text-0.js"] and names[-1] == "vocabulary.js"
    assert "docs/0.js" in names and "shards/0.js" in names
    manifest = read_global(written[0], INDEX_GLOBAL)
    assert manifest["pipeline"] == ["vi-normalise"]
    assert [f["name"] for f in manifest["fields"]] == [f.name for f in FIELDS]
    assert manifest["documentCount"] == 3
    assert manifest["facets"]["localities"] == ["Kiên Giang"]
    chunk = written[1].read_text(encoding="utf-8")
    assert chunk.startswith(f"(window.{TEXT_GLOBAL}=window.{TEXT_GLOBAL}||{{}})[0]=")


def test_titles_are_in_chunks_in_index_order(tmp_path):
    written = write_search_index(DOCS, tmp_path)
    rows = json.loads((tmp_path / "docs" / "0.js").read_text(encoding="utf-8").split("=", 2)[2].rstrip(";\n"))
    assert [row[0] for row in rows] == ["articles/a/", "articles/b/", "articles/c/"]
    assert written


def test_a_rebuild_leaves_no_stale_shards(tmp_path):
    many = [doc(f"d{i:03}", f"Bài {i}", f"nội dung riêng{i} " * 50) for i in range(60)]
    write_search_index(many, tmp_path)
    write_search_index(DOCS, tmp_path)
    manifest = read_global(tmp_path / "index.js", INDEX_GLOBAL)
    assert len(list((tmp_path / "shards").glob("*.js"))) == len(manifest["shardFirstTerms"])


def test_text_is_split_into_chunks_in_index_order(tmp_path):
    many = [doc(f"d{i:03}", f"Bài {i}", f"nội dung {i}", date=f"2020-01-{1 + i % 28:02}") for i in range(TEXT_CHUNK_SIZE + 3)]
    write_search_index(many, tmp_path)
    assert sorted(p.name for p in tmp_path.glob("text-*.js")) == ["text-0.js", "text-1.js"]
    docs = json.loads((tmp_path / "docs" / "0.js").read_text(encoding="utf-8").split("=", 2)[2].rstrip(";\n"))
    first_chunk = json.loads((tmp_path / "text-0.js").read_text(encoding="utf-8").split("=", 2)[2].rstrip(";\n"))
    text_by_url = {d.url: d.text for d in many}
    assert first_chunk == [text_by_url[row[0]] for row in docs[:TEXT_CHUNK_SIZE]]


def test_two_builds_are_byte_identical_whatever_the_order_of_the_docs(tmp_path):
    write_search_index(DOCS, tmp_path / "one")
    write_search_index(list(reversed(DOCS)), tmp_path / "two")
    one = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*.js"))
    assert one == sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*.js"))
    for name in one:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_decomposed_input_gives_the_same_index():
    decomposed = [
        SearchDoc(**{k: (unicodedata.normalize("NFD", v) if isinstance(v, str) and k != "url" else v)
                     for k, v in d.__dict__.items()})
        for d in DOCS
    ]
    assert build_index(decomposed) == build_index(DOCS)


def test_markup_in_text_is_stored_as_text(tmp_path):
    hostile = [doc("x", "<b>Tiêu đề</b>", '<img src=x onerror="alert(1)"> Đảng </script>')]
    written = write_search_index(hostile, tmp_path)
    chunk = (tmp_path / "text-0.js").read_text(encoding="utf-8")
    assert "<img src=x onerror=" in chunk  # as JSON string data; the page inserts it as text nodes


# --- ranking, checked with lunr.py on the same index the browser loads ---


def search(query_words: list[str], prefix_last: bool = False) -> list[str]:
    """The query search.js builds, in lunr.py: every word required (folded), exact form as a bonus, pairs."""
    index = Index.load(build_index(DOCS))
    folded = [f.name for f in FIELDS if f.kind == "folded"]
    exact = [f.name for f in FIELDS if f.kind == "exact"]
    words = [normalise_word(w) for w in query_words]
    accented = any(fold_word(w) != w for w in words)
    query = index.create_query()
    for i, word in enumerate(words):
        last = prefix_last and i == len(words) - 1
        query.term(fold_word(word), fields=folded, presence=QueryPresence.REQUIRED,
                   wildcard=query.WILDCARD_TRAILING if last else query.WILDCARD_NONE, use_pipeline=not last)
        if accented:
            query.term(word, fields=exact)
    for left, right in zip(words, words[1:]):
        query.term(PAIR_MARK + fold_word(left) + PAIR_JOINER + fold_word(right), fields=["pairs"])
    return [ordered(DOCS)[int(r["ref"])].url.split("/")[1] for r in index.query(query)]


def test_accent_insensitive_and_tone_placement_free():
    assert search(["kien", "giang"]) == search(["Kiên", "Giang"]) == ["b"]
    assert search(["Uỷ", "ban"]) == search(["Ủy", "ban"]) == ["c", "b"]


def test_code_finds_the_citing_article_not_every_number():
    assert search(["35-CT/TW"]) == ["a"]
    assert set(search(["35"])) == {"a", "b"}


def test_name_written_together_outranks_scattered_syllables():
    assert search(["Phạm", "Minh", "Chính"]) == ["a", "c"]


def test_last_word_as_prefix():
    assert search(["kien", "gi"], prefix_last=True) == ["b"]


def test_exact_accents_rank_first():
    assert search(["dương"])[0] == "c"


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_a_shard_read_with_json_parse_gives_back_every_character_of_its_terms():
    value = [["it's", 0, [1, 434]], ["back\\slash \"quoted\"", 1, [0, 12]], ["line\u2028para\u2029end", 2, [3, 7]],
             ["cán bộ\ttab", 3, [2, 1000]]]
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    expression = parsed_at_load(text)
    assert expression.startswith("JSON.parse('") and "\u2028" not in expression
    read = subprocess.run(["node", "-e", f"process.stdout.write(JSON.stringify({expression}))"],
                          capture_output=True, text=True, check=True, encoding="utf-8")
    assert json.loads(read.stdout) == value

"""Term shards rank exactly as one lunr index.

For the seeds and for 200 generated articles, each query of the table runs twice: in Node, through the
search page's own query code (assets/search.js) on a lunr.js index assembled from the shards the query
loads (assets/search-shards.js); and in Python, the very same clauses on one lunr.py index built by
lunr.py's Builder with the same pipeline. Every result and its score must agree, so the top 20 do too.
The page shows its first 20 before it ranks every document, from lunr on the documents whose score, worked
out from the postings (with the page's bonus for forms typed with diacritics), can reach them
(assets/search-shards.js, rankBest): those must be the 20 it finds by ranking them all, and the scores worked
out must be lunr's and the page's.
"""
from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys

import pytest
from lunr.index import Index
from lunr.query import Clause, QueryPresence

from edition.search import write_search_index
from edition.search.index import build_index, ordered
from edition.site.build import load_site_context, search_doc
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402

NODE_HELPER = ROOT / "tests" / "js" / "shard_query.js"
GENERATED_ARTICLES = 200
GENERATOR_SEED = 7
SCORE_TOLERANCE = 1e-9  # the sums run in a different order: the last bits may differ, nothing more
QUERIES = [
    # single words, with and without diacritics, both tone placements
    "đảng", "dang", "Kiên", "kien", "Uỷ", "Ủy", "hoà", "hòa", "phong",
    # two words and more
    "hai phong", "Hải Phòng", "xây dựng Đảng", "xay dung dang", "ban chấp hành", "kinh tế-xã hội",
    # codes
    "35-CT/TW", "35", "CT-TTg", "05-CT/TW", "TP.HCM",
    # names
    "Phạm Minh Chính", "pham minh chinh", "Nguyễn", "Hồ Chí Minh",
    # prefixes (the last word still being typed), short and long
    "kien gi", "xây d", "ng", "tỉnh ủ", "chỉ thị 3",
    # phrases and odd input
    '"ban thường vụ"', '"hai phong" dang', "nghị quyết trung ương 4", "zzzxq", "2020",
]


@pytest.fixture(scope="module")
def generated_content(tmp_path_factory, seeds_content):
    content = tmp_path_factory.mktemp("generated")
    corpus = generate.read_seed_corpus(seeds_content)
    generate.generate(GENERATED_ARTICLES, content, seed=GENERATOR_SEED, corpus=corpus)
    return content


def search_docs(content_dir):
    context, _problems, _cache = load_site_context(content_dir)
    return ordered([search_doc(article) for article in context.articles])


def shard_results(search_dir) -> list[dict]:
    request = json.dumps({"searchDir": str(search_dir), "queries": QUERIES})
    done = subprocess.run(["node", str(NODE_HELPER)], input=request, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def replay_on_one_index(index: Index, clauses: list[dict]) -> dict[int, float]:
    query = index.create_query()
    for clause in clauses:
        query.clause(Clause(
            term=clause["term"], fields=clause["fields"], boost=clause["boost"], use_pipeline=clause["usePipeline"],
            wildcard=clause.get("wildcard") or 0, presence=QueryPresence(clause["presence"]),
            edit_distance=clause.get("editDistance") or 0,
        ))
    return {int(match["ref"]): match["score"] for match in index.query(query)}


def top(scores: dict[int, float], n: int = 20) -> list[int]:
    return sorted(scores, key=lambda ref: (-round(scores[ref], 9), ref))[:n]


def assert_same_rankings(docs, tmp_path):
    write_search_index(docs, tmp_path)
    one_index = Index.load(build_index(docs))
    found_something = 0
    pruned = 0
    for text, shard_run in zip(QUERIES, shard_results(tmp_path)):
        from_shards = {ref: score for ref, score in shard_run["results"]}
        from_one_index = replay_on_one_index(one_index, shard_run["clauses"])
        assert from_shards.keys() == from_one_index.keys(), text
        for ref, score in from_one_index.items():
            assert from_shards[ref] == pytest.approx(score, rel=SCORE_TOLERANCE, abs=SCORE_TOLERANCE), (text, ref)
        assert top(from_shards) == top(from_one_index), text
        assert shard_run["best"] == shard_run["allBest"], text
        for (ref, score), ceiling in zip(shard_run["results"], shard_run["ceilings"]):
            # worked out from the postings before lunr runs: lunr's score, never below it
            assert score <= ceiling == pytest.approx(score, rel=1e-8), (text, ref)
        for (ref, score), ceiling in zip(shard_run["allBest"], shard_run["bestCeilings"]):
            # with the bonus for the forms typed with diacritics: the page's score, never below it
            assert score <= ceiling == pytest.approx(score, rel=1e-8), (text, ref)
        found_something += bool(from_shards)
        pruned += not shard_run["bestComplete"]
    assert found_something >= len(QUERIES) // 2  # the table is not a table of empty results
    return pruned


pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs node")


def test_seeds_rank_as_one_lunr_index(seeds_content, tmp_path):
    assert_same_rankings(search_docs(seeds_content), tmp_path)


def test_generated_articles_rank_as_one_lunr_index(generated_content, tmp_path):
    docs = search_docs(generated_content)
    assert len(docs) == GENERATED_ARTICLES
    assert assert_same_rankings(docs, tmp_path) > 0  # some queries were answered without ranking every document


HIGHEST_IN_NODE = """
const shards = require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map(([values, size]) => {
  const ceilings = Float64Array.from(values, (v) => (v === null ? NaN : v));
  const sorted = Float64Array.from(values.filter((v) => v !== null)).sort();
  return shards.highest(ceilings, sorted, size);
})));
"""


def test_the_documents_ranked_first_are_those_of_highest_ceiling_with_ties_by_number():
    # rankBest's first candidates: a document left out there is never ranked, so a wrong choice is a wrong
    # page. Ceilings are drawn from a few values, so that many documents (5,000 in the last case) share the
    # last one taken.
    rng = random.Random(5)
    cases = []
    for _ in range(300):
        levels = [rng.choice([0.0, 0.5, 1.25, 2.0, 3.5, 7.0]) for _ in range(rng.randint(1, 4))]
        values = [None if rng.random() < 0.3 else rng.choice(levels) for _ in range(rng.randint(0, 400))]
        cases.append([values, rng.choice([0, 1, 5, 20, 60, 1000])])
    cases.append([[1.0] * 5000 + [2.0] * 3, 60])
    out = subprocess.run(["node", "-e", HIGHEST_IN_NODE, str(ROOT / "assets" / "search-shards.js")],
                         input=json.dumps(cases), capture_output=True, text=True, check=True).stdout
    for (values, size), chosen in zip(cases, json.loads(out)):
        found = [ref for ref, value in enumerate(values) if value is not None]
        assert chosen == sorted(found, key=lambda ref: (-values[ref], ref))[:size]

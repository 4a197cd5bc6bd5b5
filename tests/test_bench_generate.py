"""bench/generate.py: the benchmark corpus is deterministic, valid content, and our build accepts it."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from edition.content import parse_content
from tests.conftest import ROOT, run_build_py

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402
import peer_corpus  # noqa: E402

COUNT = 20


@pytest.fixture(scope="module")
def seed_corpus():
    return generate.load_seed_corpus(ROOT / "seeds")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seed_corpus) -> Path:
    content = tmp_path_factory.mktemp("bench-content")
    generate.generate(COUNT, content, seed=7, corpus=seed_corpus)
    return content


def files_of(content: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((content / "articles").glob("*.md"))}


def test_same_seed_gives_identical_files(tmp_path, corpus, seed_corpus):
    generate.generate(COUNT, tmp_path, seed=7, corpus=seed_corpus)
    assert files_of(tmp_path) == files_of(corpus)


def test_another_seed_gives_another_corpus(tmp_path, corpus, seed_corpus):
    generate.generate(COUNT, tmp_path, seed=8, corpus=seed_corpus)
    assert files_of(tmp_path) != files_of(corpus)


def test_every_file_is_valid_content(corpus):
    files = sorted((corpus / "articles").glob("*.md"))
    assert len(files) == COUNT
    for path in files:
        article, problems = parse_content(path.read_text(encoding="utf-8"), str(path))
        assert problems == []
        front = article.front_matter
        assert front["slug"] == path.stem
        assert front["officials"], path.name
        assert front["date"] is None or "2015" <= front["date"][:4] <= "2025"
        assert len(article.body) > 1000


def test_articles_vary_in_locality_and_directives(corpus):
    fronts = [parse_content(p.read_text(encoding="utf-8"), str(p))[0].front_matter
              for p in (corpus / "articles").glob("*.md")]
    assert len({f["locality"] for f in fronts}) > 5
    codes = {d["code"] for f in fronts for d in f["directives"]}
    assert len(codes) > 3


def test_our_build_accepts_the_corpus(tmp_path, corpus):
    site = tmp_path / "site"
    run_build_py("build", "--content", str(corpus), "--out", str(site))
    assert len(list((site / "articles").glob("*/index.html"))) == COUNT


def test_peer_projects_hold_every_article(tmp_path, corpus):
    projects = peer_corpus.write_peer_corpora(corpus, tmp_path)
    assert len(list((projects["hugo"] / "content" / "articles").glob("*.md"))) == COUNT
    assert len(list((projects["pelican"] / "content").glob("*.md"))) == COUNT
    assert len(list((projects["mkdocs"] / "docs" / "articles").glob("*.md"))) == COUNT
    assert (projects["mkdocs"] / "mkdocs.yml").read_text(encoding="utf-8").count("articles/") == COUNT

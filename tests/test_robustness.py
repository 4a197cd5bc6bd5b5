"""Bad input through ingest and build: no traceback, the bad file named, nothing lost, no script
in the output, and the published site intact after a failed build."""
from __future__ import annotations

import codecs
import hashlib
import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from conftest import ROOT, run_build_py
from edition.content import body_markdown, escape_markdown
from edition.model import Block, CleanArticle
from edition.site.markdown_render import render_body
from edition.slugs import MAX_SLUG_LENGTH, article_slug, make_slug, unique_slug

SEED = sorted((ROOT / "seeds").glob("*.txt"))[0]
HOSTILE_TITLE = '<script>alert("x")</script> Tổng kết <img src=x onerror=alert(1)>'


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def write_raw(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.fixture
def bad_seeds(tmp_path) -> Path:
    seeds = tmp_path / "seeds"
    text = SEED.read_text(encoding="utf-8")
    write_raw(seeds, "a_good.txt", text.encode("utf-8"))
    write_raw(seeds, "b_empty.txt", b"")
    write_raw(seeds, "c_binary.txt", bytes(range(256)) * 20)
    write_raw(seeds, "d_duplicate.txt", codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"))
    write_raw(seeds, "e_nfd_utf16.txt", unicodedata.normalize("NFD", "Tiêu đề khác hẳn\n\n" + text[:3000]).encode("utf-16"))
    hostile = f"{HOSTILE_TITLE}\n\n14:30 25/12/2019\n\n<p onclick='x()'>Đoạn văn</p> <script>alert(2)</script> [a](javascript:alert(3))\n"
    write_raw(seeds, "f_hostile.txt", hostile.encode("utf-8"))
    return seeds


def test_bad_raw_files_are_named_skipped_and_the_rest_ingested(bad_seeds, tmp_path):
    content = tmp_path / "content"
    result = run_build_py("ingest", "--seeds", str(bad_seeds), "--content", str(content), check=False)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1  # something was skipped
    assert "b_empty.txt" in result.stderr and "c_binary.txt" in result.stderr
    assert "d_duplicate.txt: duplicate of" in result.stdout
    files = sorted((content / "articles").glob("*.md"))
    assert len(files) == 3  # good, NFD UTF-16 and hostile; the duplicate is one article
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text == unicodedata.normalize("NFC", text) and "\r" not in text
    sources = " ".join(p.read_text(encoding="utf-8") for p in files)
    assert "e_nfd_utf16.txt" in sources


def test_hostile_text_is_shown_never_executed(bad_seeds, tmp_path):
    content, site = tmp_path / "content", tmp_path / "site"
    run_build_py("ingest", "--seeds", str(bad_seeds), "--content", str(content), check=False)
    run_build_py("build", "--content", str(content), "--out", str(site))
    for path in site.rglob("*"):
        if path.suffix in (".html", ".xml", ".json", ".csv", ".js") and path.is_file() and path.parent.name != "assets":
            text = path.read_text(encoding="utf-8")
            if path.suffix in (".html", ".xml"):
                assert "<script>alert" not in text and "<img src=x" not in text, path
                assert not re.search(r"(href|src)\s*=\s*[\"']?\s*javascript:", text, re.I), path
            if path.suffix == ".json":
                json.loads(text)
    pages = [p.read_text(encoding="utf-8") for p in (site / "articles").rglob("index.html")]
    assert any("&lt;script&gt;alert(2)&lt;/script&gt;" in page for page in pages)


def test_a_failed_build_leaves_the_published_site_as_it_was(tmp_path):
    content, site = tmp_path / "content", tmp_path / "site"
    run_build_py("ingest", "--seeds", str(ROOT / "seeds"), "--content", str(content))
    run_build_py("build", "--content", str(content), "--out", str(site))
    before = tree_digest(site)
    files = sorted((content / "articles").glob("*.md"))
    files[0].write_text(files[0].read_text(encoding="utf-8").replace("title:", "title: [unclosed", 1), encoding="utf-8")
    files[1].write_text(files[1].read_text(encoding="utf-8").replace("date:", "date: hôm qua #", 1), encoding="utf-8")
    result = run_build_py("build", "--content", str(content), "--out", str(site), check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{files[0]}:" in result.stderr and f"{files[1]}:" in result.stderr  # both, in one run
    assert tree_digest(site) == before


def test_a_template_error_mid_build_leaves_the_site_as_it_was(tmp_path, monkeypatch, seeds_content):
    from edition.config import SiteConfig
    from edition.site import build as site_build

    site = tmp_path / "site"
    first = site_build.build_site(seeds_content, site, SiteConfig())
    before = tree_digest(site)
    broken = tmp_path / "templates"
    shutil.copytree(site_build.TEMPLATES, broken)
    (broken / "year.html").write_text("{% extends 'base.html' %}{% block content %}{{ no_such.thing }}{% endblock %}")
    monkeypatch.setattr("edition.site.pages.TEMPLATES", broken)
    monkeypatch.setattr("edition.site.build.TEMPLATES", broken)
    for state in (first.state, None):  # an incremental rebuild, then a cold one
        result = site_build.build_site(seeds_content, site, SiteConfig(), state)
        assert not result.built
        assert [p.path for p in result.problems] == [str(broken / "year.html")]
        assert result.problems[0].line == 1 and "no_such" in result.problems[0].message
        assert tree_digest(site) == before
    assert not list(tmp_path.glob(".site.building"))


@pytest.mark.parametrize("title", ["../../etc/passwd", "x" * 2000, "!!! ??? ...", "1234567890", "", "Đ" * 300,
                                   "CON", "..", "a/b\\c"])
def test_slugs_are_safe_and_bounded(title):
    slug = article_slug(title, "2019-12-25", "000_raw")
    assert 0 < len(slug) <= MAX_SLUG_LENGTH
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in slug)
    assert "/" not in slug and ".." not in slug


@given(st.text(max_size=300), st.one_of(st.none(), st.sampled_from(["2019-12-25", "2021-12", "2021~", "2021/2022"])))
@settings(max_examples=200, deadline=None)
def test_slugs_never_fail(title, date):
    slug = article_slug(title, date, "fallback")
    assert slug and len(slug) <= MAX_SLUG_LENGTH and slug == make_slug(slug)


@given(st.lists(st.sampled_from(["tong-ket", "tong-ket-2", "a", "b"]), max_size=10))
def test_unique_slugs_never_collide(existing):
    taken = set(existing)
    for _ in range(5):
        slug = unique_slug("tong-ket", taken)
        assert slug not in taken
        taken.add(slug)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200))
@settings(max_examples=300, deadline=None)
def test_any_text_renders_as_the_same_words(text):
    text = " ".join(text.split())
    if not text:
        return
    article = CleanArticle(source="x", title="t", blocks=(Block(text),))
    rendered = render_body(body_markdown(article))
    assert " ".join(rendered.text.split()) == text
    assert "<script" not in rendered.html.lower()

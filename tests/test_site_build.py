"""The built seeds site as a whole: layout of the contract, relative links that all resolve,
cross-links both ways, exports that parse, and byte-identical rebuilds."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from conftest import run_build_py


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def links_of(page: Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(page.read_text(encoding="utf-8"))
    return collector


def internal(link: str) -> bool:
    return not re.match(r"^[a-z][a-z0-9+.-]*:", link, re.IGNORECASE) and not link.startswith("#")


def resolve(page: Path, link: str) -> Path:
    path = unquote(urlsplit(link).path)
    target = (page.parent / path) if path else page
    return target / "index.html" if link.endswith("/") or target.is_dir() else target


def front_matters(content: Path) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8").split("\n---", 1)[0][3:])
            for p in sorted((content / "articles").glob("*.md"))]


def test_contract_layout(seeds_site, seeds_content):
    for path in ("index.html", "search/index.html", "404.html", "sitemap.xml", "feed.xml", ".nojekyll",
                 "directives/index.html", "officials/index.html", "localities/index.html", "years/index.html",
                 "data/articles.json", "data/articles.csv", "assets/lunr.min.js"):
        assert (seeds_site / path).is_file(), path
    for fm in front_matters(seeds_content):
        assert (seeds_site / "articles" / fm["slug"] / "index.html").is_file()
        for directive in fm["directives"]:
            assert (seeds_site / "directives" / directive["id"] / "index.html").is_file()


def test_every_internal_link_resolves_and_none_is_root_relative(seeds_site):
    pages = sorted(seeds_site.rglob("*.html"))
    assert len(pages) > 10
    broken = []
    for page in pages:
        collected = links_of(page)
        for link in collected.links:
            assert not link.startswith("/"), f"{page.relative_to(seeds_site)}: root-relative link {link}"
            if not internal(link):
                continue
            target = resolve(page, link)
            if not target.is_file():
                broken.append(f"{page.relative_to(seeds_site)} -> {link}")
                continue
            fragment = urlsplit(link).fragment
            if fragment and target.suffix == ".html" and fragment not in links_of(target).ids:
                broken.append(f"{page.relative_to(seeds_site)} -> {link} (no such anchor)")
    assert not broken, "\n".join(broken)


def test_article_pages_link_to_their_registers_and_back(seeds_site, seeds_content):
    for fm in front_matters(seeds_content):
        article = seeds_site / "articles" / fm["slug"] / "index.html"
        links = {resolve(article, link).resolve() for link in links_of(article).links if internal(link)}
        wanted = [seeds_site / "directives" / d["id"] / "index.html" for d in fm["directives"]]
        if fm.get("locality"):
            from edition.slugs import make_slug, official_slug
            wanted.append(seeds_site / "localities" / make_slug(fm["locality"]) / "index.html")
            wanted += [seeds_site / "officials" / official_slug(o["name"]) / "index.html" for o in fm["officials"]]
        for register_page in wanted:
            assert register_page.resolve() in links, f"{fm['slug']} does not link to {register_page}"
            back = {resolve(register_page, l).resolve() for l in links_of(register_page).links if internal(l)}
            assert article.resolve() in back, f"{register_page} does not link back to {fm['slug']}"


def test_exports_parse_and_hold_every_article(seeds_site, seeds_content):
    slugs = sorted(fm["slug"] for fm in front_matters(seeds_content))
    records = json.loads((seeds_site / "data/articles.json").read_text(encoding="utf-8"))
    assert sorted(r["slug"] for r in records) == slugs
    rows = list(csv.DictReader(io.StringIO((seeds_site / "data/articles.csv").read_text(encoding="utf-8"))))
    assert sorted(r["slug"] for r in rows) == slugs
    for name in ("directives", "officials", "localities", "years"):
        json.loads((seeds_site / f"data/{name}.json").read_text(encoding="utf-8"))
    feed = ET.fromstring((seeds_site / "feed.xml").read_bytes())
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == len(slugs)
    urls = [loc.text for loc in ET.fromstring((seeds_site / "sitemap.xml").read_bytes()).iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert all(u.startswith("https://") for u in urls)
    assert any(u.endswith(f"articles/{slugs[0]}/") for u in urls)


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(seeds_content, tmp_path):
    run_build_py("build", "--content", str(seeds_content), "--out", str(tmp_path / "a"))
    run_build_py("build", "--content", str(seeds_content), "--out", str(tmp_path / "b"))
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


def test_base_url_only_in_absolute_places(seeds_content, tmp_path):
    out = tmp_path / "site"
    run_build_py("build", "--content", str(seeds_content), "--out", str(out), "--base-url", "https://example.org/ed/")
    assert "https://example.org/ed/" in (out / "sitemap.xml").read_text(encoding="utf-8")
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/ed/"' not in home.replace('rel="canonical" href="https://example.org/ed/"', "")


def test_a_rebuild_after_edits_equals_a_cold_build(seeds_content, tmp_path):
    """Fingerprints must cover everything a page shows: whatever an editor changes, the pages a
    rebuild leaves alone are the pages a cold build would write the same."""
    import shutil

    content = tmp_path / "content"
    shutil.copytree(seeds_content, content)
    site = tmp_path / "site"
    run_build_py("build", "--content", str(content), "--out", str(site))
    files = sorted((content / "articles").glob("*.md"))
    edits = [
        (files[0], lambda t: t.replace("\n\n", "\n\nMột đoạn mới của biên tập viên.\n\n", 1)),
        (files[1], lambda t: re.sub(r"^locality: .*$", "locality: Cần Thơ", t, count=1, flags=re.M)),
        (files[2], lambda t: re.sub(r"^title: .*$", "title: Tiêu đề đã sửa", t, count=1, flags=re.M)),
        (files[3], lambda t: re.sub(r"^date: .*$", "date: 2018-03-04", t, count=1, flags=re.M)),
    ]
    for path, edit in edits:
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
        rebuilt = run_build_py("build", "--content", str(content), "--out", str(site))
        assert " 0 file(s) written" not in rebuilt.stdout
        cold = tmp_path / f"cold-{path.stem[:8]}"
        run_build_py("build", "--content", str(content), "--out", str(cold))
        assert tree_digest(site) == tree_digest(cold), f"after editing {path.name}"


def test_a_build_with_nothing_changed_is_skipped_and_a_saved_file_is_not(seeds_content, tmp_path):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(seeds_content, content)
    site = tmp_path / "site"
    run_build_py("build", "--content", str(content), "--out", str(site))
    before = tree_digest(site)
    assert "up to date" in run_build_py("build", "--content", str(content), "--out", str(site)).stdout
    article = sorted((content / "articles").glob("*.md"))[0]
    article.write_text(article.read_text(encoding="utf-8") + "\nMột câu thêm.\n", encoding="utf-8")
    rebuilt = run_build_py("build", "--content", str(content), "--out", str(site))
    assert "up to date" not in rebuilt.stdout and tree_digest(site) != before


def test_a_failed_build_keeps_the_last_state_and_a_broken_state_means_a_cold_build(seeds_content, tmp_path):
    import shutil

    from edition.site.build import load_state, state_file

    content = tmp_path / "content"
    shutil.copytree(seeds_content, content)
    site = tmp_path / "site"
    run_build_py("build", "--content", str(content), "--out", str(site))
    articles = sorted(str(p) for p in (content / "articles").glob("*.md"))
    state = load_state(site)
    assert sorted(state.articles) == sorted(state.file_stats) == articles
    assert "search/" in state.fingerprints and "index.html" in state.fingerprints

    saved = state_file(site)
    before = saved.read_bytes()
    broken = Path(articles[0])
    kept = broken.read_text(encoding="utf-8")
    broken.write_text(kept.replace("title:", "title: [unclosed", 1), encoding="utf-8")
    assert run_build_py("build", "--content", str(content), "--out", str(site), check=False).returncode == 1
    assert saved.read_bytes() == before

    broken.write_text(kept, encoding="utf-8")
    saved.write_bytes(before[: len(before) // 2])  # cut short, as by a full disk
    assert load_state(site) is None
    run_build_py("build", "--content", str(content), "--out", str(site))
    assert sorted(load_state(site).articles) == articles

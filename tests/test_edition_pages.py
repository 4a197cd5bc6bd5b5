"""The edition's pages: the acceptance criteria of the registers on the seeds site, then the parts
(mention links, citations, the timeline, ordering, dates) on small inputs of their own."""
from __future__ import annotations

import datetime
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from edition.slugs import official_slug

from conftest import run_build_py
from edition.config import SiteConfig
from edition.site.citations import bibtex, bibtex_escape, csl_item, indented_json
from edition.site.context import (
    Citation, DirectiveMention, OfficialMention, article_entry, collect_context, given_name_key, related_articles,
    vietnamese_sort_key,
)
from edition.site.markdown_render import render_body
from edition.site.mentions import MentionTarget, link_mentions
from edition.site.pages import given_initial, human_date, human_month
from edition.site.timeline import month_chart
from edition.model import ContentArticle


# ---- reading the built site ----------------------------------------------------------------------

class PageReader(HTMLParser):
    """Links (with the section they sit in) and the text of elements by id or class."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (href, innermost landmark: "body", "citations", ...)
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        marker = "citations" if "citations" in classes else "article-body" if "article-body" in classes else \
            "panel" if "panel" in classes else None
        if tag in ("div", "ol", "aside", "ul", "section", "article", "li", "p", "span", "dd", "dl", "blockquote",
                   "header", "nav", "main", "footer", "table", "tr", "td", "th", "tbody", "thead", "details",
                   "summary", "pre", "code", "h1", "h2", "h3", "figure", "figcaption", "form", "label", "time",
                   "mark", "i", "button", "svg", "dt", "em", "strong", "a", "title", "desc", "text", "g"):
            self.stack.append(marker or "")
        if tag == "a" and attrs.get("href"):
            where = next((m for m in reversed(self.stack) if m), "")
            self.links.append((attrs["href"], where))

    def handle_endtag(self, tag):
        if self.stack and tag in ("div", "ol", "aside", "ul", "section", "article", "li", "p", "span", "dd", "dl",
                                  "blockquote", "header", "nav", "main", "footer", "table", "tr", "td", "th",
                                  "tbody", "thead", "details", "summary", "pre", "code", "h1", "h2", "h3", "figure",
                                  "figcaption", "form", "label", "time", "mark", "i", "button", "svg", "dt", "em",
                                  "strong", "a", "title", "desc", "text", "g"):
            self.stack.pop()


def read_page(path: Path) -> PageReader:
    reader = PageReader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader


def records(site: Path, name: str) -> list[dict]:
    return json.loads((site / "data" / f"{name}.json").read_text(encoding="utf-8"))


def cited_article_dates(site: Path, directive_id: str) -> list[str]:
    """Dates of the articles that the directive's page lists as citing it, in the page's order."""
    page = site / "directives" / directive_id / "index.html"
    dates = {a["slug"]: a["date"] for a in records(site, "articles")}
    slugs = []
    for href, where in read_page(page).links:
        match = re.fullmatch(r"\.\./\.\./articles/([^/]+)/index\.html", href)
        if where == "citations" and match and match.group(1) not in slugs:
            slugs.append(match.group(1))
    return [dates[s] for s in slugs]


def directive_ids(site: Path, **wanted) -> list[str]:
    return [d["id"] for d in records(site, "directives") if all(d.get(k) == v for k, v in wanted.items())]


# ---- acceptance: the seeds site ------------------------------------------------------------------

def test_central_directive_35_lists_only_the_article_of_7_august_2020(seeds_site):
    ids = directive_ids(seeds_site, type="Chỉ thị", number="35", code="CT/TW")
    assert len(ids) == 1, ids
    assert cited_article_dates(seeds_site, ids[0]) == ["2020-08-07"]


def test_hai_phong_directive_35_has_its_own_page_listing_only_the_article_of_13_october_2021(seeds_site):
    central = directive_ids(seeds_site, type="Chỉ thị", number="35", code="CT/TW")
    provincial = [i for i in directive_ids(seeds_site, type="Chỉ thị", number="35") if i not in central]
    assert len(provincial) == 1, provincial
    entry = next(d for d in records(seeds_site, "directives") if d["id"] == provincial[0])
    assert entry["level"] == "provincial" and "Thành ủy" in (entry["issuer"] or "")
    assert cited_article_dates(seeds_site, provincial[0]) == ["2021-10-13"]


def test_directive_05_lists_the_three_citing_articles_not_the_other_articles_list(seeds_site):
    ids = directive_ids(seeds_site, type="Chỉ thị", number="05", code="CT/TW")
    assert len(ids) == 1, ids
    dates = cited_article_dates(seeds_site, ids[0])
    assert len(dates) == 3 and "2020-08-07" not in dates, dates
    assert dates == sorted(dates, reverse=True), "newest first"


def test_every_citation_shows_its_sentence_and_links_to_the_paragraph(seeds_site):
    for entry in records(seeds_site, "directives"):
        page = (seeds_site / "directives" / entry["id"] / "index.html").read_text(encoding="utf-8")
        kwic = re.findall(r'<blockquote class="kwic"><p>(.*?)</p></blockquote>', page, re.S)
        anchors = re.findall(r'href="\.\./\.\./articles/[^"]+/index\.html#(p-\d+)"', page)
        assert len(kwic) == len(entry["articles"]) == len(anchors), entry["id"]
        assert all("<mark>" in k for k in kwic), entry["id"]


def test_each_article_links_its_directives_officials_and_locality_from_panel_and_text(seeds_site):
    for article in records(seeds_site, "articles"):
        page = seeds_site / "articles" / article["slug"] / "index.html"
        links = read_page(page).links
        panel = {href for href, where in links if where == "panel"}
        in_text = {href for href, where in links if where == "article-body"}
        wanted = {f"../../directives/{d['id']}/index.html" for d in article["directives"]}
        wanted |= {f"../../officials/{o['slug']}/index.html" for o in article["officials"]}
        if article["locality"]:
            from edition.slugs import make_slug
            wanted.add(f"../../localities/{make_slug(article['locality'])}/index.html")
        assert wanted <= panel, (article["slug"], wanted - panel)
        text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8").split('class="article-body"')[1]
                                    .split("</div>")[0]))
        for official in article["officials"]:
            if official["name"] in text:
                assert f"../../officials/{official['slug']}/index.html" in in_text, (article["slug"], official)
        for directive in article["directives"]:
            if directive["as_written"] and directive["as_written"] in text:
                assert f"../../directives/{directive['id']}/index.html" in in_text, (article["slug"], directive)


def test_official_pages_give_titles_as_written_and_colleagues(seeds_site):
    for official in records(seeds_site, "officials"):
        page = (seeds_site / "officials" / official["slug"] / "index.html").read_text(encoding="utf-8")
        for appearance in official["appearances"]:
            assert f'../../articles/{appearance["article"]}/index.html' in page
            for title in appearance["titles"]:
                assert html.escape(title, quote=False) in page
        together = {o["slug"] for o in records(seeds_site, "officials") if o["slug"] != official["slug"] and
                    {a["article"] for a in o["appearances"]} & {a["article"] for a in official["appearances"]}}
        assert {s for s in together if f"../../officials/{s}/index.html" in page} == together


def test_localities_index_puts_the_centre_first_and_names_districts(seeds_site):
    page = (seeds_site / "localities" / "index.html").read_text(encoding="utf-8")
    names = re.findall(r'<a href="\.\./localities/[^"]+">([^<]+)</a>', page)
    localities = records(seeds_site, "localities")
    assert sorted(names) == sorted(l["name"] for l in localities)
    if any(l["name"] == "Trung ương" for l in localities):
        assert names[0] == "Trung ương"
    for locality in localities:
        for district in locality["districts"]:
            assert html.escape(district, quote=False) in page


def test_year_pages_have_month_sections_and_the_home_page_a_chart(seeds_site):
    for year in records(seeds_site, "years"):
        page = (seeds_site / "years" / year["year"] / "index.html").read_text(encoding="utf-8")
        assert re.search(rf'id="m-{year["year"]}-\d\d"', page)
    home = (seeds_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<svg role="img" aria-labelledby="timeline-title timeline-desc"', home)
    assert home.count('class="bar"') >= 1 and "<desc" in home


def test_citation_exports_for_every_article(seeds_site):
    for article in records(seeds_site, "articles"):
        folder = seeds_site / "articles" / article["slug"]
        page = (folder / "index.html").read_text(encoding="utf-8")
        bib = html.unescape(re.search(r"<code id=\"cite-bibtex\" data-bibtex>(.*?)</code>", page, re.S).group(1))
        assert bib.startswith(f"@online{{{article['slug']},") and article["url"] in bib
        item = json.loads(html.unescape(re.search(r"<code id=\"cite-csl\" data-csl>(.*?)</code>", page, re.S).group(1)))[0]
        assert item["URL"] == article["url"] and item["title"] == article["title"]
        assert 'data-download="cite-bibtex"' in page and 'data-download="cite-csl"' in page
        assert 'href="source.txt"' in page and "data-accessed" in page
    edition_bib = (seeds_site / "data" / "citations.bib").read_text(encoding="utf-8")
    edition_csl = json.loads((seeds_site / "data" / "citations.json").read_text(encoding="utf-8"))
    assert edition_bib.count("@online{") == len(edition_csl) == len(records(seeds_site, "articles"))


def test_no_build_time_in_any_page(seeds_site):
    today = datetime.date.today()
    stamps = {today.isoformat(), today.strftime("%d/%m/%Y")}
    for page in seeds_site.rglob("*"):
        if page.suffix in (".html", ".bib", ".json", ".xml", ".csv"):
            text = page.read_text(encoding="utf-8")
            assert not any(stamp in text for stamp in stamps), page


def test_about_page_documents_every_exported_field(seeds_site):
    about = (seeds_site / "about" / "index.html").read_text(encoding="utf-8")
    documented = set(re.findall(r"<code>([^<]+)</code>", about))
    for name in ("articles", "directives", "officials", "localities", "years"):
        for record in records(seeds_site, name)[:1]:
            missing = set(record) - documented
            assert not missing, (name, missing)
    header = (seeds_site / "data" / "articles.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert not set(header) - documented


def test_interface_in_english_by_setting(seeds_content, tmp_path):
    config = tmp_path / "site.yaml"
    config.write_text("title: Party organisation work — a digital edition\nlanguage: en\n", encoding="utf-8")
    out = tmp_path / "site"
    run_build_py("build", "--config", str(config), "--content", str(seeds_content), "--out", str(out))
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in home and ">Documents<" in home and "Latest articles" in home
    about = (out / "about" / "index.html").read_text(encoding="utf-8")
    assert "Data files" in about


# ---- linking mentions ----------------------------------------------------------------------------

def target(phrase, href="x.html", kind="official", **kw):
    return MentionTarget(phrase, href, kind, **kw)


def test_mentions_are_linked_once_in_text_only():
    body = ('<p id="p-1">Đồng chí Lê Văn A phát biểu.</p>'
            '<p id="p-2" title="Lê Văn A">Lê Văn A và <a href="y.html">Lê Văn A</a> cùng dự.</p>')
    out = link_mentions(body, [target("Lê Văn A", "officials/le-van-a/index.html")])
    assert out.count('href="officials/le-van-a/index.html"') == 1
    assert 'title="Lê Văn A"' in out and '<a href="y.html">Lê Văn A</a>' in out
    assert out.startswith('<p id="p-1">Đồng chí <a class="mention mention-official"')


def test_mentions_skip_text_inside_existing_links_and_partial_words():
    body = '<p><a href="y.html">Hải Phòng</a> và Hải Phòngx rồi Hải Phòng.</p>'
    out = link_mentions(body, [target("Hải Phòng", "l.html", "locality")])
    assert out == ('<p><a href="y.html">Hải Phòng</a> và Hải Phòngx rồi '
                   '<a class="mention mention-locality" href="l.html">Hải Phòng</a>.</p>')


def test_mentions_keep_hostile_text_escaped():
    body = render_body('Ông Lê Văn A nói &lt;script&gt;alert(1)&lt;/script&gt; <script>alert(2)</script> "Lê Văn A"').html
    out = link_mentions(body, [target("Lê Văn A", 'a" onmouseover="x')])
    assert "<script>" not in out and "&lt;script&gt;alert(2)&lt;/script&gt;" in out
    assert 'href="a&quot; onmouseover=&quot;x"' in out


def test_longer_phrase_wins_and_an_entry_is_linked_once():
    body = "<p>Chỉ thị 05-CT/TW của Bộ Chính trị, rồi Chỉ thị 05-CT/TW lần nữa.</p>"
    out = link_mentions(body, [target("Chỉ thị 05-CT/TW", "d.html", "directive"),
                               target("Chỉ thị 05-CT/TW của Bộ Chính trị", "d.html", "directive")])
    assert out.count("<a ") == 1 and ">Chỉ thị 05-CT/TW của Bộ Chính trị</a>" in out


def test_a_phrase_citing_two_documents_links_each_number():
    body = "<p>Thực hiện Nghị quyết 18, 19 về sắp xếp.</p>"
    out = link_mentions(body, [target("Nghị quyết 18, 19", "18.html", "directive",
                                      parts=(("18", "18.html", "NQ 18"), ("19", "19.html", "NQ 19")))])
    assert '<a class="mention mention-directive" href="18.html" title="NQ 18">Nghị quyết 18</a>, ' in out
    assert '<a class="mention mention-directive" href="19.html" title="NQ 19">19</a> về' in out


# ---- context: registers ---------------------------------------------------------------------------

def make_article(slug, date, body, officials=(), directives=(), locality="Tỉnh A", districts=()):
    fm = {"slug": slug, "title": slug, "date": date, "locality": locality, "districts": list(districts),
          "officials": [{"name": n, "titles": list(t)} for n, t in officials],
          "directives": [dict(d) for d in directives]}
    entry = article_entry(ContentArticle(f"{slug}.md", fm, body), render_body(body))
    entry.digest = slug
    return entry


D1 = {"id": "chi-thi-1-ct-tw", "type": "Chỉ thị", "number": "1", "code": "CT/TW", "issuer": "Bộ Chính trị",
      "as_written": "Chỉ thị số 1-CT/TW"}
D2 = {"id": "ket-luan-2-kl-tu", "type": "Kết luận", "number": "2", "code": "KL/TU", "issuer": "Tỉnh ủy",
      "as_written": "Kết luận 2"}


def test_context_citations_newest_first_with_keyword_in_context():
    a = make_article("a", "2020-01-02", "Mở đầu. Thực hiện Chỉ thị số 1-CT/TW thật tốt. Kết thúc.", directives=[D1])
    b = make_article("b", "2021-05-06", "Theo Chỉ thị số 1-CT/TW và Kết luận 2.", directives=[D1, D2])
    context = collect_context([a, b], known={})
    citations = context.directives["chi-thi-1-ct-tw"].citations
    assert [c.article.slug for c in citations] == ["b", "a"]
    assert citations[1].kwic == ("Thực hiện ", "Chỉ thị số 1-CT/TW", " thật tốt.") and citations[1].anchor == "p-1"
    levels = context.directives_by_level()
    assert [e.id for _, entries in levels["central"] for e in entries] == ["chi-thi-1-ct-tw"]
    assert [e.id for _, entries in levels["provincial"] for e in entries] == ["ket-luan-2-kl-tu"]


def test_kwic_trims_long_sentences_at_words():
    sentence = "từ " * 200 + "KEY" + " sau" * 200
    left, keyword, right = Citation(None, "p-1", sentence, "KEY").kwic
    assert keyword == "KEY" and left.startswith("… ") and right.endswith(" …")
    assert len(left) < 170 and len(right) < 170


def test_officials_titles_held_and_colleagues():
    a = make_article("a", "2019-01-01", "x", officials=[("Trần Văn B", ["Phó Bí thư"]), ("Lê Thị C", [])])
    b = make_article("b", "2021-01-01", "x", officials=[("Trần Văn B", ["Bí thư"]), ("Lê Thị C", [])])
    context = collect_context([a, b], known={})
    official = context.officials[official_slug("Trần Văn B")]
    held = [(h.title, h.first, h.last) for h in official.titles_held()]
    assert held == [("Phó Bí thư", "2019-01-01", "2019-01-01"), ("Bí thư", "2021-01-01", "2021-01-01")]
    assert official.colleagues_ranked() == [(official_slug("Lê Thị C"), 2)]
    assert [a.slug for a in related_articles(a, context)] == ["b"]


def test_names_differing_only_in_diacritics_get_their_own_pages_and_slugs_never_move():
    a = make_article("a", "2019-01-01", "x", officials=[("Nguyễn Văn Thành", []), ("Nguyễn Văn Thạnh", [])])
    b = make_article("b", "2020-01-01", "x", officials=[("Nguyễn Văn Thành", [])])
    c = make_article("c", "2021-01-01", "x", officials=[("Nguyễn Văn Thạnh", []), ("Nguyễn Thanh Hoà", [])])
    d = make_article("d", "2022-01-01", "x", officials=[("Nguyễn Thanh Hòa", [])])
    alone = collect_context([a], known={})
    context = collect_context([a, b, c, d], known={})
    assert len(context.officials) == 3  # Thành, Thạnh, and Hoà = Hòa (tone placement only)
    assert official_slug("Nguyễn Thanh Hoà") == official_slug("Nguyễn Thanh Hòa")
    assert official_slug("Nguyễn Văn Thành") != official_slug("Nguyễn Văn Thạnh")
    assert all(o.slug.startswith(("nguyen-van-thanh-", "nguyen-thanh-hoa-")) for o in context.officials.values())
    assert set(alone.officials) <= set(context.officials)  # more articles never move a page


def test_localities_gather_districts_with_their_articles():
    a = make_article("a", "2019-01-01", "x", districts=["Huyện Y"])
    b = make_article("b", "2019-02-01", "x", locality="Trung ương")
    context = collect_context([a, b], known={})
    assert [l.name for l in context.localities_in_order()] == ["Trung ương", "Tỉnh A"]
    assert [x.slug for x in context.localities["tinh-a"].district_articles["Huyện Y"]] == ["a"]


def test_vietnamese_order_letters_then_tones_and_by_given_name():
    words = ["Đà", "Dương", "An", "Ăn", "Ân", "Anh", "Ánh", "Ảnh", "Bà", "Ba"]
    assert sorted(words, key=vietnamese_sort_key) == ["An", "Anh", "Ảnh", "Ánh", "Ăn", "Ân", "Ba", "Bà", "Dương", "Đà"]
    names = ["Nguyễn Văn Đức", "Trần Thị Anh", "Lê Dũng"]
    assert sorted(names, key=given_name_key) == ["Trần Thị Anh", "Lê Dũng", "Nguyễn Văn Đức"]
    assert given_initial("Nguyễn Văn Đức") == "Đ" and given_initial("Lê Thị Ánh") == "A"


# ---- citations, dates, chart --------------------------------------------------------------------

def test_bibtex_escapes_and_omits_the_access_date():
    article = make_article("x-1", "2020-03-04", "t")
    article.title = "50% & {ngoặc} #1_a"
    article.byline = "B.H"
    bib = bibtex(article, SiteConfig(base_url="https://e.org/ed/", portal="Cổng tin"))
    assert r"title = {50\% \& \{ngoặc\} \#1\_a}" in bib and "author = {{B.H}}" in bib
    assert "date = {2020-03-04}" in bib and "urldate" not in bib and "organization = {Cổng tin}" in bib
    assert bibtex_escape("\\~^") == r"\textbackslash{}\textasciitilde{}\textasciicircum{}"


def test_csl_item_dates():
    article = make_article("x-1", "2020-03", "t")
    assert csl_item(article, SiteConfig())["issued"] == {"date-parts": [[2020, 3]]}
    article.date = "2021-12~"
    assert csl_item(article, SiteConfig())["issued"] == {"raw": "2021-12~"}
    assert "accessed" not in csl_item(article, SiteConfig())


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4), max_leaves=20)


@given(_JSON_VALUES)
def test_indented_json_is_what_json_writes(value):
    assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_human_dates_in_both_languages():
    assert human_date("2019-12-25") == "25/12/2019" and human_date("2019-12-25", "en") == "25 December 2019"
    assert human_month("2019-03") == "tháng 3/2019" and human_month("2019-03", "en") == "March 2019"
    assert human_date("2021-10-25/2022-12-31") == "25/10/2021 – 31/12/2022"
    assert human_date("2021-12~", "en") == "circa December 2021"


def test_month_chart_geometry():
    assert month_chart([]) is None and month_chart([("2020-01", 0)]) is None
    chart = month_chart([("2019-11", 1), ("2019-12", 0), ("2020-01", 4)])
    heights = [b.height for b in chart.bars]
    assert heights[0] * 4 == pytest.approx(heights[2]) and heights[1] == 0
    assert chart.total == 5 and chart.peak == ("2020-01", 4)
    assert [label for _, label in chart.ticks] == ["2019", "2020"]
    months = [(f"{2019 + (11 + i) // 12}-{(11 + i) % 12 + 1:02d}", 1) for i in range(60)]  # 2019-12 onwards
    crowded = month_chart(months)
    assert [label for _, label in crowded.ticks] == ["2020", "2021", "2022", "2023", "2024"]  # no "2019" under "2020"
    assert all(b.y + b.height == pytest.approx(chart.baseline) for b in chart.bars)


# ---- incremental rebuilds show what a cold build shows ---------------------------------------------

def tree(folder: Path) -> dict[str, bytes]:
    """Every file of the site, raw source copies included (a deleted article's must go too)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_rebuild_after_edits_equals_a_cold_build(seeds_content, fresh_copy, tmp_path):
    """Every page's fingerprint covers what it shows: after editing one article (its title, a date that
    moves it to another year, an official's name), the rebuilt pages are the ones a cold build writes."""
    from edition.site.build import build_site

    content = fresh_copy(seeds_content, "content")
    config = SiteConfig()
    warm = tmp_path / "warm"
    state = build_site(content, warm, config).state
    files = sorted((content / "articles").glob("*.md"))
    text = files[0].read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", "title: Tiêu đề đã sửa", text, count=1, flags=re.M)
    text = re.sub(r"^date: .*$", "date: 2018-06-01", text, count=1, flags=re.M)
    text = re.sub(r"^- name: (.*)$", r"- name: \1 Hai", text, count=1, flags=re.M)
    files[0].write_text(text, encoding="utf-8")
    files[-1].unlink()
    result = build_site(content, warm, config, state)
    assert result.built and result.written
    cold = tmp_path / "cold"
    build_site(content, cold, config)
    warm_tree, cold_tree = tree(warm), tree(cold)
    assert sorted(warm_tree) == sorted(cold_tree)
    stale = [path for path in cold_tree if warm_tree[path] != cold_tree[path]]
    assert not stale, stale


def test_a_reworded_article_page_is_made_ahead_exactly_as_its_rebuild_makes_it(seeds_content, fresh_copy, tmp_path):
    """The preview shows the page of an article whose words alone changed before rebuilding: that page
    must be the rebuild's, byte for byte (the rebuild then leaves it as it is); a front-matter edit
    changes registers and related articles, so it waits for the rebuild."""
    from edition.site.build import build_site, render_reworded_articles, write_text

    content = fresh_copy(seeds_content, "content")
    config = SiteConfig()
    site = tmp_path / "site"
    first = build_site(content, site, config)
    files = sorted((content / "articles").glob("*.md"))
    files[0].write_text(files[0].read_text(encoding="utf-8") + "\nMột đoạn mới của biên tập viên.\n", encoding="utf-8")
    ahead = render_reworded_articles([str(p) for p in files], config, first.state, first.context)
    page = f"articles/{first.state.articles[str(files[0])][1].slug}/index.html"
    assert list(ahead) == [page] and "Một đoạn mới của biên tập viên." in ahead[page]
    write_text(site / page, ahead[page])
    rebuilt = build_site(content, site, config, first.state)
    assert rebuilt.built and rebuilt.written and page not in rebuilt.written
    assert (site / page).read_text(encoding="utf-8") == ahead[page]
    cold = tmp_path / "cold"
    build_site(content, cold, config)
    assert (cold / page).read_bytes() == (site / page).read_bytes()
    assert render_reworded_articles([str(files[0])], config, rebuilt.state, rebuilt.context) == {}  # as built
    retitled = re.sub(r"^title: .*$", "title: Tiêu đề đã sửa", files[1].read_text(encoding="utf-8"), count=1, flags=re.M)
    files[1].write_text(retitled, encoding="utf-8")
    assert render_reworded_articles([str(files[1])], config, rebuilt.state, rebuilt.context) == {}

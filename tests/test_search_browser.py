"""The search page in a real Chromium, over the seeds site served under /REPO/ and from file://.

Expectations come from the articles' own words (content/*.md), not from lists kept here, so the
table keeps its meaning while cleaning and extraction improve.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

from edition.search import SearchDoc, write_search_index
from edition.search.pipeline import fold_word, nfc, normalise_word, split_words
from tests.conftest import serve_folder

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Article:
    slug: str
    folded: tuple[str, ...]  # every word of the file (front matter and body), folded
    exact: tuple[str, ...]  # the same words, normalised but with their diacritics


def folded_words(text: str) -> list[str]:
    return [fold_word(normalise_word(w.text)) for w in split_words(nfc(text))]


def exact_words(text: str) -> list[str]:
    return [normalise_word(w.text) for w in split_words(nfc(text))]


def has_run(words: tuple[str, ...], run: list[str]) -> bool:
    return any(list(words[i : i + len(run)]) == run for i in range(len(words) - len(run) + 1))


@pytest.fixture(scope="session")
def articles(seeds_content) -> dict[str, Article]:
    found = {}
    for path in sorted((seeds_content / "articles").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        found[path.stem] = Article(path.stem, tuple(folded_words(text)), tuple(exact_words(text)))
    assert len(found) >= 5
    return found


def containing(articles: dict[str, Article], phrase: str) -> set[str]:
    run = folded_words(phrase)
    return {slug for slug, a in articles.items() if has_run(a.folded, run)}


def containing_exactly(articles: dict[str, Article], phrase: str) -> set[str]:
    run = exact_words(phrase)
    return {slug for slug, a in articles.items() if has_run(a.exact, run)}


def result_slugs(page) -> list[str]:
    hrefs = page.eval_on_selector_all("#search-results a.card-title", "els => els.map(e => e.getAttribute('href'))")
    return [re.search(r"articles/([^/]+)/", href).group(1) for href in hrefs]


def open_search(page, base: str, query: str) -> list[str]:
    page.goto(base + "search/index.html?q=" + quote(query))
    page.wait_for_selector("#search[data-ready]", timeout=10_000)
    return result_slugs(page)


# --- the query table ---
# Each check receives (results, articles, run) where run(query) gives another query's results.


def first_contains(phrase):
    def check(results, articles, run):
        assert results, f"no result; articles containing {phrase!r}: {containing(articles, phrase)}"
        assert results[0] in containing(articles, phrase), f"first result {results[0]} lacks {phrase!r}"
    return check


def all_contain(phrase):
    def check(results, articles, run):
        assert results and set(results) <= containing(articles, phrase)
    return check


def finds_exactly_the_articles_with(phrase):
    def check(results, articles, run):
        assert set(results) == containing(articles, phrase)
    return check


def phrase_before_scattered(phrase):
    """Articles with the words side by side come before those with the words apart."""
    def check(results, articles, run):
        together = containing(articles, phrase)
        flags = [slug in together for slug in results]
        assert flags and flags[0] and flags == sorted(flags, reverse=True), list(zip(results, flags))
    return check


def exact_before_folded(phrase):
    def check(results, articles, run):
        exact = containing_exactly(articles, phrase)
        flags = [slug in exact for slug in results]
        assert flags and flags[0] and flags == sorted(flags, reverse=True), list(zip(results, flags))
    return check


def same_as(other):
    def check(results, articles, run):
        assert results and results == run(other)
    return check


def narrower_than(other):
    def check(results, articles, run):
        wider = run(other)
        assert results and set(results) < set(wider), (results, wider)
    return check


def nothing(results, articles, run):
    assert results == []


def both(*checks):
    def check(results, articles, run):
        for one in checks:
            one(results, articles, run)
    return check


QUERY_TABLE = [
    # place names, with and without diacritics, any case
    ("hai phong", first_contains("Hải Phòng")),
    ("Hải Phòng", both(first_contains("Hải Phòng"), phrase_before_scattered("Hải Phòng"))),
    ("HẢI PHÒNG", same_as("Hải Phòng")),
    ("kien giang", first_contains("Kiên Giang")),
    ("Kiên Giang", finds_exactly_the_articles_with("Kiên Giang")),
    ("dong thap", first_contains("Đồng Tháp")),
    (unicodedata.normalize("NFD", "Đồng Tháp"), same_as("Đồng Tháp")),
    ("Đồng Tháp", first_contains("Đồng Tháp")),
    # search as you type: the last word is a prefix
    ("kien gi", first_contains("Kiên Giang")),
    ("Kiên Gia", first_contains("Kiên Giang")),
    ("tran quoc vu", first_contains("Trần Quốc Vượng")),
    # tone placement never matters
    ("Uỷ ban kiểm tra", both(first_contains("Ủy ban Kiểm tra"), same_as("Ủy ban kiểm tra"))),
    ("Tỉnh uỷ", same_as("Tỉnh ủy")),
    # directive codes as whole tokens
    ("35-CT/TW", both(first_contains("35-CT/TW"), narrower_than("35"))),
    ("35-ct/tw", same_as("35-CT/TW")),
    ("05-CT/TW", first_contains("05-CT/TW")),
    ("16/CT-TTg", finds_exactly_the_articles_with("16/CT-TTg")),
    ("CT-TTg", first_contains("CT-TTg")),
    ("Nghị quyết 45", first_contains("Nghị quyết 45")),
    # names: together outranks apart
    ("Phạm Minh Chính", phrase_before_scattered("Phạm Minh Chính")),
    ("pham minh chinh", phrase_before_scattered("Phạm Minh Chính")),
    ("Trần Quốc Vượng", first_contains("Trần Quốc Vượng")),
    ("tran quoc vuong", first_contains("Trần Quốc Vượng")),
    # quoted phrases
    ('"Ban Tổ chức Trung ương"', all_contain("Ban Tổ chức Trung ương")),
    ('"xay dung dang"', all_contain("xây dựng Đảng")),
    ("“Quốc Phong”", all_contain("Quốc Phong")),
    # exact diacritics rank first
    ("Quốc Phong", exact_before_folded("Quốc Phong")),
    ("Đảng", exact_before_folded("Đảng")),
    # numbers
    ("2019", first_contains("2019")),
    # nonsense
    ("qwxzvk", nothing),
    ("Kiên Giang zzqxv", nothing),
]


def test_the_query_table_has_every_kind_of_query():
    assert len(QUERY_TABLE) >= 25


@pytest.mark.parametrize("query, check", QUERY_TABLE,
                         ids=[q if unicodedata.is_normalized("NFC", q) else q + " (NFD)" for q, _ in QUERY_TABLE])
def test_query_table(page, site_server, articles, query, check):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    results = open_search(page, site_server, query)
    check(results, articles, lambda other: open_search(page, site_server, other))
    assert not errors, errors


HOSTILE_QUERIES = ["", " ", "*", "~", ":", "^", "+-", '"', '""', "“", "a:b^2~1 +x -y", "title:Đảng",
                   "<script>window.__pwned=1</script>", "<img src=x onerror=window.__pwned=1>", "\u0301", "🙂" * 50,
                   "x" * 5000]


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=[repr(q[:20]) for q in HOSTILE_QUERIES])
def test_empty_or_hostile_query_never_breaks_the_page(page, site_server, query):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    open_search(page, site_server, query)
    assert page.inner_text("#search-status").strip()
    assert page.evaluate("window.__pwned") is None
    assert page.eval_on_selector_all("#search script, #search img", "els => els.length") == 0
    page.fill("#search-q", "kien giang")
    page.wait_for_function("document.querySelectorAll('#search-results .search-result').length > 0")
    assert not errors, errors


def test_result_shows_title_date_snippet_with_marked_words(page, site_server, articles):
    open_search(page, site_server, "kien giang")
    first = page.locator("#search-results .search-result").first
    assert "Kiên Giang" in first.locator("a.card-title").inner_text()
    assert re.search(r"\d{4}", first.locator(".card-meta").inner_text())
    page.wait_for_selector("#search-results .search-snippet mark")
    marks = first.locator(".search-snippet mark").all_inner_texts()
    assert {fold_word(normalise_word(m)) for m in marks} >= {"kien", "giang"}
    assert "1" in page.inner_text("#search-status")


def test_result_links_open_the_article_under_the_sub_path(page, site_server):
    open_search(page, site_server, "Phạm Minh Chính")
    page.click("#search-results a.card-title >> nth=0")
    assert page.url.startswith(site_server + "articles/") and page.url.endswith("/index.html")
    assert "Phạm Minh Chính" in page.inner_text("h1")


def test_no_request_leaves_the_site(page, site_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    open_search(page, site_server, "kien giang")
    page.wait_for_selector("#search-results .search-snippet mark")
    origin = site_server.split("/REPO/")[0]
    assert requested and all(url.startswith(origin + "/") for url in requested), requested
    assert all(url.startswith(site_server) for url in requested), requested  # the icon too: the site links its own


def test_typing_searches_and_puts_the_query_in_the_url(page, site_server):
    page.goto(site_server + "search/index.html")
    page.wait_for_selector("#search[data-ready]")
    page.type("#search-q", "kien gi", delay=20)
    page.wait_for_function("document.querySelectorAll('#search-results .search-result').length > 0")
    page.wait_for_function("location.search.indexOf('q=kien') >= 0")
    shared = page.url
    first = result_slugs(page)[0]
    page.goto("about:blank")
    page.goto(shared)
    page.wait_for_selector("#search[data-ready]")
    assert page.input_value("#search-q") == "kien gi"
    assert result_slugs(page)[0] == first


def test_keyboard_only(page, site_server):
    page.goto(site_server + "search/index.html")
    page.wait_for_selector("#search[data-ready]")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.type("kien giang")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('#search-results .search-result').length > 0")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('#search-results a.card-title')"):
            break
    else:
        pytest.fail("Tab never reached a result")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/articles/.*"))
    assert "Kiên Giang" in page.inner_text("h1")


def test_facets_narrow_by_keyboard_and_stay_in_the_url(page, site_server):
    open_search(page, site_server, "xây dựng Đảng")
    total = len(result_slugs(page))
    assert total >= 2
    legends = page.eval_on_selector_all("#search-facets legend", "els => els.map(e => e.textContent)")
    assert len(legends) >= 1
    box = page.locator("#search-facets input[type=checkbox]").first
    label_count = int(re.search(r"\((\d+)\)", page.locator("#search-facets label").first.inner_text()).group(1))
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_function(f"document.querySelectorAll('#search-results .search-result').length === {label_count}")
    assert page.locator("#search-facets input[type=checkbox]").first.is_checked()
    assert re.search(r"[?&](locality|year|directive)=", page.url)
    page.reload()
    page.wait_for_selector("#search[data-ready]")
    assert len(result_slugs(page)) == label_count


def test_nothing_found_offers_suggestions(page, site_server, articles):
    results = open_search(page, site_server, "Kiên Giangg")
    assert results == []
    assert page.is_visible("#search-help")
    suggestion = page.locator("#search-help a").first
    assert fold_word(suggestion.inner_text()) == "kien giang"
    suggestion.click()
    page.wait_for_selector("#search[data-ready]")
    assert result_slugs(page)[0] in containing(articles, "Kiên Giang")


def test_search_from_file_url(page, seeds_site, articles):
    url = (seeds_site / "search" / "index.html").as_uri() + "?q=" + quote("kien giang")
    page.goto(url)
    page.wait_for_selector("#search[data-ready]")
    results = result_slugs(page)
    assert results and results[0] in containing(articles, "Kiên Giang")
    page.wait_for_selector("#search-results .search-snippet mark")
    href = page.locator("#search-results a.card-title").first.get_attribute("href")
    assert not href.startswith(("/", "http"))


# --- a crafted index: exact accents first, and markup in the data stays text ---

CRAFTED = [
    SearchDoc(url="articles/duong/", title="Con đường mới", date="2020-01-02", year="2020", locality=None,
              directives=(), directive_ids=(), officials=(), text="Một con đường. Và dương."),
    SearchDoc(url="articles/duong-2/", title="Dương và dường như", date="2020-01-01", year="2020", locality=None,
              directives=(), directive_ids=(), officials=(),
              text="dương dương dương dương dường dường duong duong"),
    SearchDoc(url="articles/markup/", title="<b>Đậm</b> <script>window.__pwned=1</script>", date=None, year=None,
              locality="<i>Nơi</i>", directives=("<img src=x onerror=window.__pwned=1>",),
              directive_ids=("x",), officials=(),
              text='Đậm nhạt <img src=x onerror="window.__pwned=1"> <a href="javascript:alert(1)">đậm</a>'),
]


def replace_search_index(site: Path, docs: list[SearchDoc]) -> None:
    for old in (site / "search").glob("*.js"):
        old.unlink()
    write_search_index(docs, site / "search")


@pytest.fixture
def crafted_site(seeds_site, fresh_copy) -> Path:
    site = fresh_copy(seeds_site, "crafted")
    replace_search_index(site, CRAFTED)
    return site


def open_file_search(page, site: Path, query: str) -> list[str]:
    page.goto((site / "search" / "index.html").as_uri() + "?q=" + quote(query))
    page.wait_for_selector("#search[data-ready]")
    return result_slugs(page)


def test_exact_diacritics_rank_above_folded_forms(page, crafted_site):
    assert open_file_search(page, crafted_site, "đường")[0] == "duong"
    assert open_file_search(page, crafted_site, "dương")[0] == "duong-2"
    assert set(open_file_search(page, crafted_site, "duong")) == {"duong", "duong-2"}


def test_markup_in_the_data_is_shown_as_text(page, crafted_site):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    results = open_file_search(page, crafted_site, "đậm")
    assert results == ["markup"]
    page.wait_for_selector("#search-results .search-snippet mark")
    assert "<script>" in page.inner_text("#search-results a.card-title")
    assert "<img" in page.inner_text("#search-results .search-snippet")
    assert page.eval_on_selector_all("#search-results img, #search-results script, #search-results b",
                                     "els => els.length") == 0
    assert page.evaluate("window.__pwned") is None
    assert not errors, errors


def test_more_button_only_when_there_are_more_results(page, seeds_site, fresh_copy):
    site = fresh_copy(seeds_site, "many")
    many = [SearchDoc(url=f"articles/bai-{i:02}/", title=f"Bài {i}", date=f"2020-01-{i + 1:02}", year="2020",
                      locality=None, directives=(), directive_ids=(), officials=(), text="công tác chung")
            for i in range(25)]
    replace_search_index(site, many)
    assert len(open_file_search(page, site, "chung")) == 20
    assert page.is_visible("#search-more")
    page.focus("#search-more")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('#search-results .search-result').length === 25")
    assert page.evaluate("document.activeElement.matches('#search-results li:nth-child(21) a')")
    assert page.is_hidden("#search-more")
    open_file_search(page, site, "bai 3")
    assert page.is_hidden("#search-more")


def test_facets_wait_folded_on_a_phone(browser, site_server):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    try:
        open_search(page, site_server, "xây dựng Đảng")
        assert not page.evaluate("document.getElementById('search-facets-details').open")
        page.focus("#search-facets summary")
        page.keyboard.press("Enter")
        assert page.is_visible("#search-facets input[type=checkbox] >> nth=0")
    finally:
        context.close()


FIRST_TITLE_GRACE_MS = 50  # as in assets/search.js


def test_first_result_is_not_held_up_by_asking_for_the_other_titles(page, seeds_site, fresh_copy):
    """The first result's title, asked for while lunr ranks, goes in before the titles of the rest of the page
    are asked for: the page cannot take in a title while it is asking for others. On a slow network the
    others are asked for anyway, a moment after the ranking."""
    site = fresh_copy(seeds_site, "spread")
    # The documents that say "chung" most are one in ten: the first page's titles come from ten files.
    many = [SearchDoc(url=f"articles/bai-{i:03}/", title=f"Bài {i}", date="2020-01-01", year="2020", locality=None,
                      directives=(), directive_ids=(), officials=(),
                      text="chung " * (8 if i % 10 == 0 else 1) + "công tác")
            for i in range(200)]
    replace_search_index(site, many)
    server = serve_folder(site)
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/search/index.html?q=chung")
        page.wait_for_selector("#search[data-ready]")
        seen = page.evaluate("""() => {
          const at = (name) => performance.getEntriesByName(name)[0].startTime;
          const asked = performance.getEntriesByType('resource')
            .filter((e) => /\\/search\\/docs\\/\\d+\\.js$/.test(e.name))
            .map((e) => ({chunk: Number(e.name.match(/(\\d+)\\.js$/)[1]), start: e.startTime}));
          return {ranked: at('search:ranked'), first: at('search:first-result'), asked: asked};
        }""")
    finally:
        server.shutdown()
    assert result_slugs(page)[:3] == ["bai-000", "bai-010", "bai-020"]
    first_chunk = [a for a in seen["asked"] if a["chunk"] == 0]
    assert first_chunk and first_chunk[0]["start"] < seen["ranked"], "the first result's title is asked for while lunr ranks"
    after = [a for a in seen["asked"] if a["start"] >= seen["ranked"]]
    assert {a["chunk"] for a in after} >= set(range(2, 10))
    not_before = min(seen["first"], seen["ranked"] + FIRST_TITLE_GRACE_MS)
    assert all(a["start"] >= not_before for a in after), (seen, not_before)


def test_a_last_word_searched_as_a_whole_word_marks_only_that_word(page, seeds_site, fresh_copy):
    """A last word whose expansions would load too many shards is looked for as typed; the marks in the
    snippets follow the search, so words that only begin with it stay unmarked."""
    site = fresh_copy(seeds_site, "whole-word")
    suffixes = ["".join(letters) for letters in itertools.product("cdeghklmn", repeat=4)]  # 6,561 words "bo…"
    filler = [SearchDoc(url=f"articles/bai-{i:03}/", title=f"Bài {i}", date="2020-01-01", year="2020", locality=None,
                        directives=(), directive_ids=(), officials=(),
                        text=" ".join("bo" + s for s in suffixes[i::300]))
              for i in range(300)]
    target = SearchDoc(url="articles/dich/", title="Đích", date="2020-01-02", year="2020", locality=None,
                       directives=(), directive_ids=(), officials=(), text="công tác bo và bocccc cùng nhau")
    replace_search_index(site, [target, *filler])
    assert open_file_search(page, site, "công tác bo") == ["dich"]
    page.wait_for_selector("#search-results .search-snippet mark")
    assert page.eval_on_selector_all("#search-results .search-snippet mark", "els => els.map(e => e.textContent)") \
        == ["công", "tác", "bo"]

"""A reader's path through the seeds site in a real Chromium: served under a sub-path, and from disk."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def search_from_header(page, query: str) -> list[str]:
    page.fill("#site-q", query)
    page.press("#site-q", "Enter")
    page.wait_for_url("**/search/index.html?q=*")
    page.wait_for_selector("main a[href*='articles/']", timeout=10_000)
    return page.eval_on_selector_all("main a[href*='articles/']", "els => els.map(e => e.href)")


def test_home_to_directive_to_article_and_search_under_sub_path(page, site_server):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(site_server)
    assert page.title()
    page.click("nav >> text=" + page.inner_text("nav a[href$='directives/index.html']"))
    assert page.url.startswith(site_server + "directives/")
    page.click("main a[href*='directives/chi-thi-05']")
    assert "/REPO/directives/chi-thi-05" in page.url
    page.click("main ol.citations a[href*='articles/']")
    assert "/REPO/articles/" in page.url
    assert page.inner_text("h1")
    results = search_from_header(page, "Kiên Giang")
    assert results and all(r.startswith(site_server + "articles/") for r in results)
    assert not errors, errors


def test_search_works_from_file_url(page, seeds_site):
    page.goto((seeds_site / "index.html").as_uri())
    results = search_from_header(page, "hai phong")
    assert results and all(r.startswith("file://") for r in results)

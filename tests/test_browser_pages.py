"""Each page type of the seeds site in a real Chromium: a screenshot at phone and desktop width (kept in
test-artifacts/screenshots/ to look at), and axe-core's accessibility rules with no violation, light and dark."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE_RESULTS = ROOT / "test-artifacts" / "axe"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


def most(records: list[dict], key: str) -> dict:
    """The entry with the longest list under key (first by name on ties): the richest page of a register."""
    return max(records, key=lambda r: (len(r[key]), r.get("slug") or r.get("id") or r.get("year")))


def page_types(site: Path) -> dict[str, str]:
    """Page type -> path under the site, picked from the site's own exports (no facts of the seeds here)."""
    data = {name: json.loads((site / "data" / f"{name}.json").read_text(encoding="utf-8"))
            for name in ("articles", "directives", "officials", "localities", "years")}
    return {
        "home": "index.html",
        "article": f"articles/{data['articles'][0]['slug']}/index.html",
        "directives-index": "directives/index.html",
        "directive": f"directives/{most(data['directives'], 'articles')['id']}/index.html",
        "officials-index": "officials/index.html",
        "official": f"officials/{most(data['officials'], 'appearances')['slug']}/index.html",
        "localities-index": "localities/index.html",
        "locality": f"localities/{most(data['localities'], 'articles')['slug']}/index.html",
        "years-index": "years/index.html",
        "year": f"years/{most(data['years'], 'articles')['year']}/index.html",
        "about": "about/index.html",
        "search": "search/index.html?q=%C4%90%E1%BA%A3ng",
        "404": "404.html",
    }


PAGE_TYPES = ["home", "article", "directives-index", "directive", "officials-index", "official", "localities-index",
              "locality", "years-index", "year", "about", "search", "404"]


def axe_violations(page, record_as: str) -> list[str]:
    """Run axe-core on the page; keep a summary beside the screenshots (test-artifacts/axe/)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    summary = {"url": page.url, "axe": result["testEngine"]["version"], "violations": len(result["violations"]),
               "rules_passed": len(result["passes"]), "needs_review": [i["id"] for i in result["incomplete"]],
               "violated": [v["id"] for v in result["violations"]]}
    AXE_RESULTS.mkdir(parents=True, exist_ok=True)
    (AXE_RESULTS / f"{record_as}.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"]]


def open_page(browser, url: str, width: str, scheme: str):
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, color_scheme=scheme, device_scale_factor=1)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    page.wait_for_load_state("load")
    if "search/" in url:
        page.wait_for_selector("#search-results li", timeout=10_000)
    return context, page, errors


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_screenshot_and_axe(browser, site_server, seeds_site, kind, width):
    url = site_server + page_types(seeds_site)[kind]
    context, page, errors = open_page(browser, url, width, "light")
    try:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{kind}-{width}.png"), full_page=True)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{kind} scrolls sideways by {overflow}px at {width} width"
        assert not errors, errors
        violations = axe_violations(page, f"{kind}-{width}")
        assert not violations, "\n".join(violations)
    finally:
        context.close()


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_in_dark_mode_has_no_axe_violation(browser, site_server, seeds_site, kind):
    url = site_server + page_types(seeds_site)[kind]
    context, page, errors = open_page(browser, url, "desktop", "dark")
    try:
        if kind in ("home", "article", "directive"):
            page.screenshot(path=str(SCREENSHOTS / f"{kind}-desktop-dark.png"), full_page=True)
        violations = axe_violations(page, f"{kind}-desktop-dark")
        assert not violations, "\n".join(violations)
    finally:
        context.close()


def test_keyboard_focus_is_visible(browser, site_server):
    context, page, _ = open_page(browser, site_server, "desktop", "light")
    try:
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.className")
        assert "skip" in focused
        page.keyboard.press("Tab")
        style = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                              " return [s.outlineStyle, s.boxShadow]; }")
        assert style[0] != "none" or style[1] != "none", style
    finally:
        context.close()


def test_citation_gets_the_readers_date_and_print_hides_the_chrome(browser, site_server, seeds_site):
    context, page, _ = open_page(browser, site_server + page_types(seeds_site)["article"], "desktop", "light")
    try:
        accessed = page.inner_text("[data-accessed]")
        assert accessed[:1].isdigit(), accessed
        assert "urldate" in page.text_content("#cite-bibtex")
        with page.expect_download() as download:
            page.click("button[data-download='cite-bibtex']")
        saved = download.value
        assert saved.suggested_filename.endswith(".bib")
        assert "urldate" in Path(saved.path()).read_text(encoding="utf-8")
        page.emulate_media(media="print")
        page.screenshot(path=str(SCREENSHOTS / "article-print.png"), full_page=True)
        assert not page.is_visible(".site-header")
        assert page.is_visible(".citation")
    finally:
        context.close()


def test_404_page_served_deep_in_the_site_still_finds_its_styles_and_links(browser, seeds_content, tmp_path):
    """Hosts such as GitHub Pages answer any missing address with the site's 404.html, at that address."""
    import functools
    import http.server
    import threading

    from conftest import SUB_PATH, run_build_py

    site = tmp_path / SUB_PATH
    run_build_py("build", "--content", str(seeds_content), "--out", str(site),
                 "--base-url", f"https://example.org/{SUB_PATH}/")

    class PagesLikeHandler(http.server.SimpleHTTPRequestHandler):
        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = (site / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(PagesLikeHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}/"
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + "no/such/page/")
        assert page.evaluate("() => getComputedStyle(document.querySelector('.site-header')).borderBottomStyle") == "solid"
        page.click(".not-found a[href$='directives/index.html']")
        assert page.url == base + "directives/index.html"
    finally:
        context.close()
        server.shutdown()


def test_the_tab_shows_the_sites_own_icon_from_under_its_sub_path(browser, site_server):
    """Without an icon of its own, a browser asks the host's root for /favicon.ico: on GitHub Pages
    that is not this site's address, and it answers 404 (an error in the console of every first visit)."""
    context = browser.new_context()
    page = context.new_page()
    try:
        with page.expect_response(lambda response: "icon" in response.url, timeout=10_000) as icon:
            page.goto(site_server + "officials/index.html")
        assert icon.value.url == site_server + "assets/icon.svg" and icon.value.status == 200
        assert icon.value.headers["content-type"].startswith("image/svg+xml")
    finally:
        context.close()

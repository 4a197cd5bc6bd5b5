"""The live preview in a real Chromium: an open article follows its Markdown file, shows a broken
front matter as an overlay over the last good page, and recovers by itself once the file is mended."""
from __future__ import annotations

import pytest

# tests/ is on sys.path (beside conftest.py); the fixture is imported to be used here too.
from test_serve import PreviewProcess, preview_folders, slug_of  # noqa: F401

pytestmark = pytest.mark.browser

OVERLAY = "#edition-preview-overlay"
UPDATE_TIMEOUT_MS = 60_000  # generous: a loaded CI machine; each wait ends as soon as the page changes


@pytest.fixture
def preview(preview_folders):
    process = PreviewProcess(preview_folders["settings"])
    yield process
    process.stop()


def wait_until_connected(page) -> None:
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol >= 7",
                           timeout=UPDATE_TIMEOUT_MS)


def test_open_article_follows_edits_breakage_and_mending(page, preview, preview_folders):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    article = sorted((preview_folders["content"] / "articles").glob("*.md"))[0]
    good = article.read_text(encoding="utf-8")
    page.goto(f"{preview.url}articles/{slug_of(article)}/index.html")
    title = page.inner_text("h1")
    wait_until_connected(page)
    page.evaluate("window.__notReloadedYet = true")

    added = "Đoạn văn mới do biên tập viên thêm vào."
    article.write_text(good.rstrip("\n") + f"\n\n{added}\n", encoding="utf-8")
    page.wait_for_selector(f"text={added}", timeout=UPDATE_TIMEOUT_MS)
    assert page.evaluate("window.__notReloadedYet") is None  # the page reloaded by itself
    edited = article.read_text(encoding="utf-8")
    wait_until_connected(page)

    article.write_text(edited.replace("\ntitle: ", "\ntitle: [", 1), encoding="utf-8")
    overlay = page.wait_for_selector(OVERLAY, state="visible", timeout=UPDATE_TIMEOUT_MS)
    message = overlay.inner_text()
    assert article.name in message and "front matter" in message
    assert page.inner_text("h1") == title  # the last good page stays
    assert page.is_visible(f"text={added}")
    page.reload()  # a page opened while the content is broken shows the overlay too
    page.wait_for_selector(OVERLAY, state="visible", timeout=UPDATE_TIMEOUT_MS)
    assert page.inner_text("h1") == title
    wait_until_connected(page)

    article.write_text(edited.rstrip("\n") + "\n\nĐã sửa phần đầu.\n", encoding="utf-8")
    page.wait_for_selector("text=Đã sửa phần đầu.", timeout=UPDATE_TIMEOUT_MS)
    page.wait_for_selector(OVERLAY, state="detached", timeout=UPDATE_TIMEOUT_MS)
    assert page.inner_text("h1") == title
    assert not errors, errors


def test_mending_to_the_last_good_text_clears_the_overlay(page, preview, preview_folders):
    article = sorted((preview_folders["content"] / "articles").glob("*.md"))[1]
    good = article.read_text(encoding="utf-8")
    page.goto(f"{preview.url}articles/{slug_of(article)}/index.html")
    wait_until_connected(page)
    article.write_text(good.replace("\ntitle: ", "\ntitle: [", 1), encoding="utf-8")
    page.wait_for_selector(OVERLAY, state="visible", timeout=UPDATE_TIMEOUT_MS)
    article.write_text(good, encoding="utf-8")  # nothing to re-render: the overlay must still go
    page.wait_for_selector(OVERLAY, state="detached", timeout=UPDATE_TIMEOUT_MS)

"""The live preview (edition/serve.py): the watcher's bursts, what is served, problems and recovery.

The server runs as `build.py --config <tmp settings> serve --port 0` over temporary copies of the
seeds' content and of seeds/, so the repository's content/ and site/ are never touched.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import jinja2
import pytest

from edition.config import load_config
from edition.model import Problem
from edition.serve import (
    ChangeWatcher, InotifyWatcher, Preview, PreviewPaths, SearchIndexer, WatchedTree, changed_paths, inject_client,
    page_path_for,
    problem_from_exception, take_snapshot,
)

ROOT = Path(__file__).resolve().parent.parent
SLUG_LINE = re.compile(r"^slug: .*$", re.M)


# ---- helpers shared with test_browser_serve.py ----------------------------------------------------

def write_settings(folder: Path, seeds: Path, content: Path, out: Path) -> Path:
    settings = re.sub(r"(?ms)^paths:.*\Z", "", (ROOT / "site.yaml").read_text(encoding="utf-8"))
    settings += f"paths:\n  seeds: {seeds}\n  content: {content}\n  output: {out}\n"
    path = folder / "site.yaml"
    path.write_text(settings, encoding="utf-8")
    return path


class PreviewProcess:
    """`build.py serve` in a child process on a free port; stopped with SIGINT, as Ctrl-C would."""

    def __init__(self, settings: Path, timeout: float = 120):
        self.process = subprocess.Popen(
            [sys.executable, "-u", str(ROOT / "build.py"), "--config", str(settings), "serve", "--port", "0"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self.url = self.read_until_serving(timeout)
        self.reader = threading.Thread(target=self.keep_reading, daemon=True)
        self.reader.start()

    def read_until_serving(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                raise AssertionError("the preview stopped:\n" + "".join(self.lines))
            self.lines.append(line)
            found = re.search(r"serving on (http://\S+/)", line)
            if found:
                return found.group(1)
        raise AssertionError("the preview did not start:\n" + "".join(self.lines))

    def keep_reading(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def wait_for_output(self, pattern: str, timeout: float = 60, after: int = 0) -> str:
        return self.lines[self.wait_for_line_number(pattern, timeout, after)]

    def wait_for_line_number(self, pattern: str, timeout: float = 60, after: int = 0) -> int:
        """The position of the first line at or after `after` matching pattern (two lines can read alike)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for number in range(after, len(self.lines)):
                if re.search(pattern, self.lines[number]):
                    return number
            time.sleep(0.02)
        raise AssertionError(f"no line matching {pattern!r}:\n" + "".join(self.lines))

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.reader.join(5)
        return self.process.returncode


def fetch(url: str) -> tuple[int, str, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8"), dict(error.headers)


def slug_of(article: Path) -> str:
    return SLUG_LINE.search(article.read_text(encoding="utf-8")).group(0).split(": ", 1)[1].strip()


def copy_article(source: Path, slug: str) -> Path:
    """A new article: the source's text under another slug."""
    target = source.parent / f"{slug}.md"
    target.write_text(SLUG_LINE.sub(f"slug: {slug}", source.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    return target


@pytest.fixture
def preview_folders(tmp_path, seeds_content):
    """Copies of seeds/ and of the ingested content, a settings file pointing at them, an output folder."""
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    content = tmp_path / "content"
    shutil.copytree(seeds_content, content)
    out = tmp_path / "site"
    return {"seeds": seeds, "content": content, "out": out,
            "settings": write_settings(tmp_path, seeds, content, out)}


@pytest.fixture
def preview_process(preview_folders):
    preview = PreviewProcess(preview_folders["settings"])
    yield preview
    preview.stop()


# ---- the watchers ---------------------------------------------------------------------------------

WATCHERS = [ChangeWatcher, pytest.param(InotifyWatcher, marks=pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="inotify is Linux's"))]


@pytest.mark.parametrize("watcher_class", WATCHERS)
def test_one_rebuild_for_twenty_files_saved_at_once(preview_folders, watcher_class):
    content = preview_folders["content"]
    articles = sorted((content / "articles").glob("*.md"))
    config = load_config(preview_folders["settings"])
    paths = PreviewPaths(content, preview_folders["out"], preview_folders["seeds"], preview_folders["settings"])
    preview = Preview(config, paths, say=lambda message: None)
    first = preview.build_first()
    assert first.result is not None and first.result.built, first.problems
    bursts = []

    def rebuild(changed):
        bursts.append(changed)
        preview.rebuild(changed)

    watcher = watcher_class(paths.watched_trees(), rebuild)
    watcher.start()
    preview.search_indexer = SearchIndexer(paths.out, lambda job, seconds: None)
    preview.search_indexer.start()
    try:
        saved = [copy_article(articles[n % len(articles)], f"2020-01-{n:02d}-ban-sao-{n}") for n in range(15)]
        for article in articles:
            saved.append(article)
            article.write_text(article.read_text(encoding="utf-8") + "\nMột đoạn mới.\n", encoding="utf-8")
        assert len(saved) == 20
        time.sleep(1.5)
    finally:
        watcher.stop()
        preview.search_indexer.stop()
    assert len(bursts) == 1, [sorted(b) for b in bursts]
    assert bursts[0] == {str(p) for p in saved}
    assert preview.rebuild_count == 2  # the first build, then one for the burst
    assert (preview_folders["out"] / "articles" / "2020-01-14-ban-sao-14" / "index.html").exists()


@pytest.mark.parametrize("watcher_class", WATCHERS)
def test_a_change_during_a_rebuild_triggers_another(tmp_path, watcher_class):
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_text("a")
    bursts = []

    def slow_rebuild(changed):
        bursts.append(changed)
        if len(bursts) == 1:
            second.write_text("saved while the first rebuild runs")
            time.sleep(0.3)

    watcher = watcher_class([WatchedTree(tmp_path, (".md",))], slow_rebuild)
    watcher.start()
    try:
        first.write_text("changed")
        deadline = time.monotonic() + 5
        while len(bursts) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        watcher.stop()
    assert bursts == [{str(first)}, {str(second)}]


def test_a_same_size_save_within_one_mtime_tick_is_seen(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("version 1")
    trees = [WatchedTree(tmp_path, (".md",))]
    before = take_snapshot(trees)
    stat = article.stat()
    with open(article, "r+") as handle:  # same file, same size, and the clock did not move
        handle.write("version 2")
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert changed_paths(before, take_snapshot(trees)) == {str(article)}


def test_inotify_sees_new_folders_and_the_settings_file_alone(tmp_path):
    (tmp_path / "articles").mkdir()
    settings = tmp_path / "site.yaml"
    settings.write_text("title: x")
    bursts = []
    watcher = InotifyWatcher([WatchedTree(tmp_path / "articles", (".md",)), WatchedTree(settings)], bursts.append)
    watcher.start()
    try:
        (tmp_path / "articles" / "new").mkdir()
        (tmp_path / "articles" / "new" / "a.md").write_text("a")
        time.sleep(0.4)
        (tmp_path / "other.yaml").write_text("not watched")
        settings.write_text("title: y")
        time.sleep(0.4)
        (tmp_path / "articles" / "new" / "a.md").write_text("changed")
        time.sleep(0.4)
    finally:
        watcher.stop()
    new_article = str(tmp_path / "articles" / "new" / "a.md")
    assert bursts == [{new_article}, {str(settings)}, {new_article}]


def test_editor_swap_and_backup_files_are_not_watched(tmp_path):
    trees = [WatchedTree(tmp_path, (".md",)), WatchedTree(tmp_path / "assets")]
    (tmp_path / "assets").mkdir()
    before = take_snapshot(trees)
    for name in (".a.md.swp", "a.md~", "4913", ".#a.md", "notes.txt"):
        (tmp_path / name).write_text("x")
    (tmp_path / "assets" / ".style.css.swp").write_text("x")
    assert changed_paths(before, take_snapshot(trees)) == set()
    (tmp_path / "assets" / "style.css").write_text("x")
    assert changed_paths(before, take_snapshot(trees)) == {str(tmp_path / "assets" / "style.css")}


# ---- what the browser is told ------------------------------------------------------------------------

def preview_with_history(*generations: set[str]) -> Preview:
    preview = Preview.__new__(Preview)
    preview.lock = threading.Lock()
    preview.problems = []
    preview.generation = 0
    from collections import deque
    preview.history = deque(maxlen=3)
    for touched in generations:
        preview.generation += 1
        preview.history.append((preview.generation, frozenset(touched)))
    return preview


def test_a_page_reloads_only_when_it_changed_since_it_was_served():
    preview = preview_with_history({"index.html"}, {"articles/a/index.html", "search/"}, {"years/2020/index.html"})
    assert preview.page_changed_since("articles/a/index.html", 1)
    assert not preview.page_changed_since("articles/a/index.html", 2)
    assert not preview.page_changed_since("articles/b/index.html", 1)
    assert preview.page_changed_since("search/index.html", 1)
    assert not preview.page_changed_since("index.html", 3)
    preview.history.append((4, frozenset({"assets/style.css"})))
    preview.generation = 4
    assert preview.page_changed_since("articles/b/index.html", 3)  # a stylesheet touches every page
    assert preview.page_changed_since("articles/b/index.html", 0)  # older than the history kept


def test_page_paths_and_injection():
    assert page_path_for("/") == "index.html"
    assert page_path_for("/articles/x/") == "articles/x/index.html"
    assert page_path_for("/articles/x/index.html") == "articles/x/index.html"
    assert inject_client(b"<html><body>x</BODY></html>", b"<s>") == b"<html><body>x<s></BODY></html>"
    assert inject_client(b"no body", b"<s>") == b"no body<s>"


def test_a_template_crash_names_the_template_and_line():
    env = jinja2.Environment(loader=jinja2.DictLoader({"page.html": "a\n{% if %}"}))
    with pytest.raises(jinja2.TemplateSyntaxError) as caught:
        env.get_template("page.html")
    problem = problem_from_exception(caught.value)
    assert isinstance(problem, Problem)
    assert (problem.path, problem.line) == ("page.html", 2)
    assert "TemplateSyntaxError" in problem.message


# ---- the server, end to end over HTTP -------------------------------------------------------------------

def status(preview: PreviewProcess, page: str = "/", since: int = 1) -> dict:
    return json.loads(fetch(f"{preview.url}__preview__/status?page={page}&since={since}")[1])


def wait_for(condition, timeout: float = 60, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("condition not met in time")


def test_serves_site_with_the_client_injected_only_into_served_html(preview_process, preview_folders):
    assert preview_process.url.startswith("http://127.0.0.1:")
    assert any("rebuilt in" in line or "checked in" in line for line in preview_process.lines)
    code, home, headers = fetch(preview_process.url)
    assert code == 200 and "/livereload.js?port=" in home and "__editionPreview" in home
    assert headers["Cache-Control"] == "no-store"
    on_disk = (preview_folders["out"] / "index.html").read_text(encoding="utf-8")
    assert "livereload" not in on_disk and "__editionPreview" not in on_disk
    code, feed, _ = fetch(preview_process.url + "feed.xml")
    assert code == 200 and "livereload" not in feed
    code, script, _ = fetch(preview_process.url + "livereload.js")
    assert code == 200 and "LiveReload" in script
    code, missing, _ = fetch(preview_process.url + "no/such/page.html")
    assert code == 404 and "__editionPreview" in missing
    code, _, _ = fetch(preview_process.url + "../../etc/passwd")
    assert code == 404
    current = status(preview_process)
    assert current["problems"] == [] and current["generation"] >= 1
    assert not status(preview_process, since=current["generation"])["reload"]


def test_a_broken_file_keeps_the_last_good_site_and_reports_until_mended(preview_process, preview_folders):
    article = sorted((preview_folders["content"] / "articles").glob("*.md"))[0]
    page_url = f"{preview_process.url}articles/{slug_of(article)}/index.html"
    good = article.read_text(encoding="utf-8")
    served_at = status(preview_process)["generation"]
    article.write_text(good.replace("\ntitle: ", "\ntitle: [", 1), encoding="utf-8")
    problems = wait_for(lambda: status(preview_process)["problems"])
    assert problems[0]["path"].endswith(article.name) and problems[0]["line"]
    line = preview_process.wait_for_output(r"build failed in .* still serving the last good site")
    assert line
    assert any(article.name in l and ": error: " in l for l in preview_process.lines)
    code, page, _ = fetch(page_url)
    assert code == 200 and slug_of(article) in page
    article.write_text(good + "\nĐã sửa xong.\n", encoding="utf-8")
    wait_for(lambda: "Đã sửa xong" in fetch(page_url)[1])
    wait_for(lambda: not status(preview_process)["problems"])
    assert status(preview_process, page=f"/articles/{slug_of(article)}/", since=served_at)["reload"]


def test_the_search_index_follows_the_pages_without_holding_them_back(preview_process, preview_folders):
    article = sorted((preview_folders["content"] / "articles").glob("*.md"))[2]
    search = preview_folders["out"] / "search"
    preview_process.wait_for_output(r"search index rewritten in", timeout=60)  # the first build's, deferred too
    before = {p.relative_to(search).as_posix(): p.read_bytes() for p in search.rglob("*") if p.is_file()}
    seen = len(preview_process.lines)
    article.write_text(article.read_text(encoding="utf-8") + "\nTừ khóa hiếm zyxwvu.\n", encoding="utf-8")
    pages_line = preview_process.wait_for_line_number(r"rebuilt in|checked in", after=seen)
    index_line = preview_process.wait_for_line_number(r"search index rewritten in", timeout=60, after=seen)
    assert pages_line < index_line
    after = {p.relative_to(search).as_posix(): p.read_bytes() for p in search.rglob("*") if p.is_file()}
    assert after != before and any(b"zyxwvu" in text for text in after.values())
    assert "index.html" in after  # the search page itself stays beside its index
    generation_after_pages = status(preview_process)["generation"] - 1
    assert status(preview_process, page="/search/index.html", since=generation_after_pages)["reload"]
    assert not status(preview_process, page=f"/articles/{slug_of(article)}/", since=generation_after_pages)["reload"]


def test_a_reworded_article_is_shown_before_the_rebuild_and_a_retitled_one_after(preview_process, preview_folders):
    """Words alone changed: the article's page goes out ahead of the rebuild, which then leaves it be.
    A front-matter edit changes registers and related articles: the page waits for the rebuild."""
    articles = sorted((preview_folders["content"] / "articles").glob("*.md"))
    page_url = f"{preview_process.url}articles/{slug_of(articles[0])}/index.html"
    seen = len(preview_process.lines)
    articles[0].write_text(articles[0].read_text(encoding="utf-8") + "\nCâu sửa nhanh qwxyz.\n", encoding="utf-8")
    shown = preview_process.wait_for_line_number(rf"shown in .*articles/{slug_of(articles[0])}/index.html", after=seen)
    rebuilt = preview_process.wait_for_line_number(r"rebuilt in|checked in", after=seen)
    assert shown < rebuilt and f"articles/{slug_of(articles[0])}/" not in preview_process.lines[rebuilt]
    assert "qwxyz" in fetch(page_url)[1]
    seen = len(preview_process.lines)
    retitled = re.sub(r"^title: .*$", "title: Tiêu đề mới", articles[1].read_text(encoding="utf-8"), count=1, flags=re.M)
    articles[1].write_text(retitled, encoding="utf-8")
    rebuilt = preview_process.wait_for_line_number(r"rebuilt in", after=seen)
    assert not any("shown in" in line for line in preview_process.lines[seen:rebuilt])
    assert "Tiêu đề mới" in fetch(f"{preview_process.url}articles/{slug_of(articles[1])}/index.html")[1]


def test_a_bad_setting_is_reported_with_its_line_and_mended(preview_process, preview_folders):
    settings = preview_folders["settings"]
    good = settings.read_text(encoding="utf-8")
    settings.write_text(good.replace("language: vi", "language: fr"), encoding="utf-8")
    problems = wait_for(lambda: status(preview_process)["problems"])
    assert problems[0]["path"].endswith("site.yaml") and problems[0]["line"] > 1
    settings.write_text(good, encoding="utf-8")
    wait_for(lambda: not status(preview_process)["problems"])


def test_a_new_raw_article_in_seeds_is_ingested_and_served(preview_process, preview_folders):
    seeds = preview_folders["seeds"]
    original = sorted(seeds.glob("*.txt"))[0]
    text = original.read_text(encoding="utf-8")
    # Another article: the same report under another headline, so ingest does not see a duplicate.
    (seeds / "900_new_report.txt").write_text(text.replace("\n", "\nBản tin bổ sung: hội nghị sơ kết.\n", 1),
                                              encoding="utf-8")
    line = preview_process.wait_for_output(r"ingested .*\.md", timeout=30)
    new_article = Path(line.split("ingested ", 1)[1].strip())
    if not new_article.is_absolute():
        new_article = ROOT / new_article
    wait_for(lambda: fetch(f"{preview_process.url}articles/{slug_of(new_article)}/index.html")[0] == 200, timeout=30)


def test_a_preview_started_on_broken_content_serves_the_problems_then_the_site(preview_folders):
    article = sorted((preview_folders["content"] / "articles").glob("*.md"))[0]
    good = article.read_text(encoding="utf-8")
    article.write_text(good.replace("\ntitle: ", "\ntitle: [", 1), encoding="utf-8")
    preview = PreviewProcess(preview_folders["settings"])
    try:
        code, page, _ = fetch(preview.url)
        assert code == 404 and "__editionPreview" in page  # the overlay and the reload still reach the browser
        assert status(preview)["problems"][0]["path"].endswith(article.name)
        article.write_text(good, encoding="utf-8")
        wait_for(lambda: fetch(preview.url)[0] == 200)
        assert status(preview, page="/", since=0)["reload"] and not status(preview)["problems"]
    finally:
        preview.stop()


def test_ctrl_c_stops_the_server_cleanly(preview_folders):
    preview = PreviewProcess(preview_folders["settings"])
    assert fetch(preview.url)[0] == 200
    assert preview.stop() == 0
    assert any("stopping" in line for line in preview.lines)
    with pytest.raises(OSError):
        urllib.request.urlopen(preview.url, timeout=2)


def test_a_port_in_use_is_a_clear_error(preview_process, preview_folders):
    port = preview_process.url.rsplit(":", 1)[1].strip("/")
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--config", str(preview_folders["settings"]), "serve", "--port", port],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert f"cannot serve on 127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr

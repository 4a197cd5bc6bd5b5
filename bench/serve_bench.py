"""Benchmark of the live preview: how long from saving an article to its updated page being served.

    .venv/bin/python bench/serve_bench.py [--articles 1000] [--rounds 15]
    .venv/bin/python bench/serve_bench.py --scan-only        # the watcher alone at 1,000 and 10,000 files
    .venv/bin/python bench/serve_bench.py --stock            # python-livereload's own Server, for comparison

Generates the articles into a temporary folder (copies of the seeds' content files with new slugs
and dates), starts `build.py serve` on a free port with a settings file pointing there, then, each
round, appends a unique word to one article and polls its page until the word is served. Prints
each figure and the median. Nothing in the repository's content/ or site/ is touched.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

SLUG_LINE = re.compile(r"^slug: .*$", re.M)
DATE_LINE = re.compile(r"^date: .*$", re.M)


def ingest_seeds(content: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "build.py"), "ingest", "--seeds", str(ROOT / "seeds"),
                    "--content", str(content)], cwd=ROOT, check=True, capture_output=True)


def generate_articles(content: Path, count: int) -> list[Path]:
    """`count` articles from bench/generate.py (the project's corpus generator) when it is there, else copies."""
    try:
        from generate import generate
    except ImportError:
        ingest_seeds(content)
        return make_articles(content, count)
    return generate(count, content)


def make_articles(content: Path, count: int) -> list[Path]:
    """Fill content/articles with `count` articles: the seeds' files, then copies with new slugs and dates."""
    articles = content / "articles"
    originals = sorted(articles.glob("*.md"))
    made = list(originals)
    first_day = datetime.date(2015, 1, 1)
    for number in range(len(originals), count):
        text = originals[number % len(originals)].read_text(encoding="utf-8")
        day = first_day + datetime.timedelta(days=number * 3)
        slug = f"{day.isoformat()}-bench-{number:05d}"
        text = SLUG_LINE.sub(f"slug: {slug}", text, count=1)
        text = DATE_LINE.sub(f"date: {day.isoformat()}", text, count=1)
        target = articles / f"{slug}.md"
        target.write_text(text, encoding="utf-8")
        made.append(target)
    return made


def write_settings(folder: Path, content: Path, out: Path) -> Path:
    settings = (ROOT / "site.yaml").read_text(encoding="utf-8")
    settings = re.sub(r"(?ms)^paths:.*\Z", "", settings)
    settings += f"paths:\n  seeds: {ROOT / 'seeds'}\n  content: {content}\n  output: {out}\n"
    path = folder / "site.yaml"
    path.write_text(settings, encoding="utf-8")
    return path


class PreviewProcess:
    """`build.py serve --port 0` in a child process; the URL is read from its first lines."""

    def __init__(self, settings: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-u", str(ROOT / "build.py"), "--config", str(settings), "serve", "--port", "0"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self.url = self.wait_for_url()
        threading.Thread(target=self.keep_reading, daemon=True).start()

    def wait_for_url(self, timeout: float = 1200) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("the preview stopped:\n" + "".join(self.lines))
            self.lines.append(line)
            found = re.search(r"serving on (http://\S+/)", line)
            if found:
                return found.group(1)
        raise RuntimeError("the preview did not start in time")

    def keep_reading(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def settle(self, after: int, timeout: float = 300) -> None:
        """Wait until the preview has reported, after line `after`, the rebuild of the last save and the
        search index written after it (at 10,000 articles the rebuild of the rest takes seconds and the
        index more: a save made meanwhile waits for the rebuild)."""
        deadline = time.monotonic() + timeout
        wanted = [re.compile(r"rebuilt in|checked in|build failed"), re.compile(r"search index rewritten")]
        while time.monotonic() < deadline:
            lines = self.lines[after:]
            if all(any(p.search(line) for line in lines) for p in wanted):
                return
            time.sleep(0.05)
        raise RuntimeError("the preview did not finish its rebuild in time:\n" + "".join(self.lines[after:]))

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def seconds_until_served(url: str, article: Path, marker: str, timeout: float = 30) -> float:
    """Append `marker` to the article, then poll its page until the marker is in it."""
    text = article.read_text(encoding="utf-8")
    started = time.perf_counter()
    article.write_text(text.rstrip("\n") + f"\n\nĐoạn đo {marker}.\n", encoding="utf-8")
    while time.perf_counter() - started < timeout:
        if marker in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.005)
    raise RuntimeError(f"{marker} not served after {timeout} s")


class ReloadListener:
    """A livereload protocol client on its own thread, acting as the open page of one article does:
    on each reload message it asks the status endpoint whether its page changed, and notes when it did."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.page = "/"
        self.since = 0
        self.started = time.perf_counter()
        self.reload_at: float | None = None
        connected = threading.Event()
        threading.Thread(target=self.listen, args=(connected,), daemon=True).start()
        connected.wait(10)

    def watch_page(self, page_url: str) -> None:
        self.page = "/" + page_url[len(self.base_url):]
        self.since = json.loads(fetch(f"{self.base_url}__preview__/status?page={self.page}&since=0"))["generation"]
        self.reload_at = None
        self.started = time.perf_counter()

    def page_would_reload(self) -> bool:
        status = json.loads(fetch(f"{self.base_url}__preview__/status?page={self.page}&since={self.since}"))
        return status["reload"]

    def listen(self, connected: threading.Event) -> None:
        import asyncio

        import tornado.websocket

        async def receive():
            socket = await tornado.websocket.websocket_connect(self.base_url.replace("http://", "ws://") + "livereload")
            await socket.write_message(json.dumps({"command": "hello", "protocols": []}))
            await socket.read_message()
            await socket.write_message(json.dumps({"command": "info", "url": "bench"}))
            connected.set()
            while await socket.read_message() is not None:
                arrived = time.perf_counter()
                if self.reload_at is None and self.page_would_reload():
                    self.reload_at = arrived

        asyncio.run(receive())

    def seconds_to_reload(self, timeout: float = 30) -> float:
        deadline = time.perf_counter() + timeout
        while self.reload_at is None and time.perf_counter() < deadline:
            time.sleep(0.005)
        return self.reload_at - self.started if self.reload_at else float("nan")


def article_url(base: str, article: Path) -> str:
    slug = SLUG_LINE.search(article.read_text(encoding="utf-8")).group(0).split(": ", 1)[1]
    return f"{base}articles/{slug}/index.html"


def bench_save_to_served(count: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as folder:
        folder = Path(folder)
        content, out = folder / "content", folder / "site"
        articles = generate_articles(content, count)
        preview = PreviewProcess(write_settings(folder, content, out))
        listener = ReloadListener(preview.url)
        try:
            print(f"{count} articles; first build: {preview.lines[0].strip()}")
            served, told, after = [], [], 0
            for number in range(rounds):
                article = articles[(number * 37) % len(articles)]
                preview.settle(after)  # the last save's rebuild and index done, as an editor's saves are seconds apart
                after = len(preview.lines)
                url = article_url(preview.url, article)
                listener.watch_page(url)
                served.append(seconds_until_served(url, article, f"M{number:04d}x"))
                told.append(listener.seconds_to_reload())
                print(f"round {number + 1}: page served after {served[-1]:.3f} s, open page told to reload "
                      f"after {told[-1]:.3f} s")
            print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end")
            print(f"save to served, {count} articles, median of {rounds}: {statistics.median(served):.3f} s "
                  f"(min {min(served):.3f}, max {max(served):.3f}); open page told to reload: median "
                  f"{statistics.median(told):.3f} s")
            rebuilt = [line.strip() for line in preview.lines if re.search(r"rebuilt in|checked in|shown in|search index rewritten", line)][-6:]
            print("last rebuilds as the terminal reported them:\n  " + "\n  ".join(rebuilt))
        except Exception:
            print("the preview said:\n" + "".join(preview.lines[-30:]), file=sys.stderr)
            raise
        finally:
            preview.stop()


def bench_scan(counts=(1000, 10000), repeats: int = 20) -> None:
    from edition.serve import WatchedTree, take_snapshot

    for count in counts:
        with tempfile.TemporaryDirectory(prefix="scan-bench-") as folder:
            articles = Path(folder) / "articles"
            articles.mkdir()
            for number in range(count):
                (articles / f"{number:05d}.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
            old = time.time() - 3600  # files an hour old: no content hashing, the steady state
            for path in articles.iterdir():
                os.utime(path, (old, old))
            trees = [WatchedTree(articles, (".md",))]
            take_snapshot(trees)
            timings = []
            for _ in range(repeats):
                started = time.perf_counter()
                take_snapshot(trees)
                timings.append(time.perf_counter() - started)
            print(f"stat scan of {count} files: median {statistics.median(timings) * 1000:.1f} ms")
            from edition.serve import ChangeWatcher, InotifyWatcher

            for watcher_class in (ChangeWatcher, InotifyWatcher):
                figures = save_to_burst(watcher_class, trees, articles)
                print(f"  {watcher_class.__name__}: save to rebuild start (detection and debounce): "
                      f"median {statistics.median(figures) * 1000:.0f} ms")


def save_to_burst(watcher_class, trees, articles: Path, rounds: int = 10) -> list[float]:
    arrived = threading.Event()
    watcher = watcher_class(trees, lambda changed: arrived.set())
    watcher.start()
    figures = []
    try:
        for number in range(rounds):
            time.sleep(0.3)
            arrived.clear()
            started = time.perf_counter()
            (articles / f"{number:05d}.md").write_text(f"---\ntitle: saved {number}\n---\n", encoding="utf-8")
            arrived.wait(10)
            figures.append(time.perf_counter() - started)
    finally:
        watcher.stop()
    return figures


def bench_stock_livereload(count: int = 1000, burst: int = 20) -> None:
    """python-livereload's Server watching content/ with a counting task: runs per burst, delay to reload."""
    import asyncio

    import tornado.websocket
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    with tempfile.TemporaryDirectory(prefix="stock-livereload-") as folder:
        folder = Path(folder)
        content = folder / "content"
        articles = generate_articles(content, count)
        (folder / "site").mkdir()
        (folder / "site" / "index.html").write_text("<html><head></head><body>x</body></html>")
        task_runs: list[float] = []
        reloads: list[float] = []
        ready = threading.Event()

        def run_server():
            asyncio.set_event_loop(asyncio.new_event_loop())
            server = Server()
            server.root, server.default_filename = str(folder / "site"), "index.html"
            server.watch(str(content / "articles"), lambda: task_runs.append(time.perf_counter()))
            server.application(35999, "127.0.0.1")
            LiveReloadHandler._last_reload_time = None
            LiveReloadHandler.start_tasks()
            ready.set()
            IOLoop.current().start()

        threading.Thread(target=run_server, daemon=True).start()
        ready.wait()

        async def listen():
            socket = await tornado.websocket.websocket_connect("ws://127.0.0.1:35999/livereload")
            await socket.write_message(json.dumps({"command": "hello"}))
            await socket.read_message()
            await socket.write_message(json.dumps({"command": "info", "url": "http://x/"}))
            while True:
                message = await socket.read_message()
                if message is None:
                    return
                reloads.append(time.perf_counter())

        threading.Thread(target=lambda: asyncio.run(listen()), daemon=True).start()
        def wait_until_quiet(quiet: float = 3.0, limit: float = 40.0) -> float:
            """Seconds from `started` to the last task run, once none has come for `quiet` seconds."""
            deadline = time.perf_counter() + limit
            while time.perf_counter() < deadline:
                last = task_runs[-1] if task_runs else started
                if time.perf_counter() - last > quiet:
                    break
                time.sleep(0.05)
            return (task_runs[-1] - started) if task_runs else float("nan")

        time.sleep(4)  # past the start-up delay (restart_delay) and the reload back-off
        task_runs.clear(), reloads.clear()
        started = time.perf_counter()
        for article in articles[:burst]:
            article.write_text(article.read_text(encoding="utf-8") + "\nx\n", encoding="utf-8")
        last_run = wait_until_quiet()
        print(f"stock livereload, {burst} files saved at once: the task (our build) ran {len(task_runs)} time(s), "
              f"the last {last_run:.1f} s after the save; {len(reloads)} reload message(s)")
        time.sleep(3.5)
        task_runs.clear(), reloads.clear()
        article = articles[-1]
        started = time.perf_counter()
        article.write_text(article.read_text(encoding="utf-8") + "\ny\n", encoding="utf-8")
        time.sleep(1.0)
        article.write_text(article.read_text(encoding="utf-8") + "\nz\n", encoding="utf-8")  # saved again, 1 s later
        wait_until_quiet()
        print(f"stock livereload, one file saved twice 1 s apart: the task ran {len(task_runs)} time(s), "
              f"{len(reloads)} reload message(s) (1 means the second save never reached the browser)")
        delays = []
        for number in range(5):
            time.sleep(3.5)
            reloads.clear()
            started = time.perf_counter()
            article.write_text(article.read_text(encoding="utf-8") + f"\n{number}\n", encoding="utf-8")
            while not reloads and time.perf_counter() - started < 10:
                time.sleep(0.005)
            delays.append(reloads[0] - started if reloads else float("nan"))
        print(f"stock livereload, save to reload message (no build): median {statistics.median(delays):.3f} s "
              f"of {[round(d, 3) for d in delays]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--scan-only", action="store_true")
    parser.add_argument("--stock", action="store_true", help="measure python-livereload's own Server")
    args = parser.parse_args()
    if args.stock:
        bench_stock_livereload(args.articles)
    elif args.scan_only:
        bench_scan()
    else:
        bench_save_to_served(args.articles, args.rounds)


if __name__ == "__main__":
    main()

"""Search benchmark: index build time, bytes fetched before the first result, time to the first result.

    python bench/search_bench.py                   # the seeds
    python bench/search_bench.py --articles 1000   # N generated articles (bench/generate.py)
    python bench/search_bench.py --articles 10000 --content DIR   # a corpus generated before

Builds the site into search-<N>/ of run.py's work folder (in /dev/shm where it exists), serves it over HTTP
on 127.0.0.1 under /REPO/, and opens each two-word query in a fresh Chromium context (cold cache) several
times. The time is the page's own performance mark "search:first-result" (milliseconds since navigation
start), set by assets/search.js when the first result is in the page; "search:first-page" is when the whole
first page of results is in. The bytes are those of every file the page requested before that mark (the
page's resource timing), counted raw and gzipped from the files on disk.
"""
from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))
# run.py's static server (quiet about pages that close early), work folder, and its way of hearing the page's marks
from run import (FETCHED_BEFORE_FIRST_RESULT, FIRST_RESULT_MARK, default_work, fresh_page, serve,  # noqa: E402
                 wait_for_mark)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
# Issue 8's two-word queries first: the first result under 300 ms, under 500 kB gzip fetched before it.
QUERIES = ["cán bộ", "biên chế", "kỷ luật", "hai phong", "Kiên Giang", "xây dựng", "tỉnh ủy", "nghị quyết", "ban chấp"]


def run(*args: str) -> None:
    subprocess.run([sys.executable, *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def make_content(out: Path, articles: int | None, given: Path | None) -> Path:
    if given:
        return given
    content = out / "content"
    shutil.rmtree(content, ignore_errors=True)
    if articles:
        run(str(BENCH / "generate.py"), str(articles), str(content))
    else:
        run("build.py", "ingest", "--seeds", str(ROOT / "seeds"), "--content", str(content))
    return content


def build_site(content: Path, site: Path) -> float:
    """Build the site with the command line's build, returning the seconds the search index took
    (written by a process of its own, beside the pages: the build reports them)."""
    from edition import cli
    from edition.site import build as site_build

    results = []
    original = site_build.build_site

    def kept(*args, **kwargs):
        results.append(original(*args, **kwargs))
        return results[-1]

    site_build.build_site = kept
    try:
        status = cli.main(["build", "--content", str(content), "--out", str(site)])
    finally:
        site_build.build_site = original
    if status != 0:
        raise SystemExit(f"build failed with status {status}")
    return sum(r.search_seconds or 0.0 for r in results)


def index_alone_seconds(content: Path, folder: Path) -> float:
    """The search index of the same articles written by itself, nothing beside it."""
    from edition.search import write_search_index
    from edition.site.build import load_site_context, search_doc

    context, _problems, _cache = load_site_context(content)
    docs = [search_doc(article) for article in context.articles]
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    write_search_index(docs, folder)
    seconds = time.perf_counter() - started
    shutil.rmtree(folder, ignore_errors=True)
    return seconds


def sizes(paths: list[Path]) -> tuple[int, int]:
    raw = sum(p.stat().st_size for p in paths)
    packed = sum(len(gzip.compress(p.read_bytes(), compresslevel=9, mtime=0)) for p in paths)
    return raw, packed


def first_result_times(base: str, runs: int) -> tuple[dict[str, list[float]], dict[str, list[float]], dict[str, list[str]]]:
    """Per query, the times to the first result and to the whole first page, and the site paths fetched
    before the first result (the page too)."""
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {q: [] for q in QUERIES}
    page_times: dict[str, list[float]] = {q: [] for q in QUERIES}
    fetched: dict[str, list[str]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            for query in QUERIES:
                context, page, marks = fresh_page(browser)
                page.goto(base + "search/index.html?q=" + quote(query))
                times[query].append(wait_for_mark(page, marks, FIRST_RESULT_MARK))
                page_times[query].append(wait_for_mark(page, marks, "search:first-page"))
                urls = ["search/index.html", *page.evaluate(FETCHED_BEFORE_FIRST_RESULT)]
                fetched[query] = [url.split("/REPO/", 1)[-1].split("?")[0] for url in urls]
                context.close()
        browser.close()
    return times, page_times, fetched


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, help="generate this many articles (default: the seeds)")
    parser.add_argument("--content", type=Path, help="use this content folder instead of generating one")
    parser.add_argument("--runs", type=int, default=5, help="page loads per query (default 5)")
    args = parser.parse_args()

    out = default_work() / f"search-{args.articles or 'seeds'}"  # not the disk: see run.py's default_work
    out.mkdir(parents=True, exist_ok=True)
    content = make_content(out, args.articles, args.content)
    served = out / "served"
    site = served / "REPO"
    shutil.rmtree(served, ignore_errors=True)
    # Each timing starts with nothing left to write back to disk from the one before (as in run.py).
    os.sync()
    load_before = load_average()
    index_seconds = build_site(content, site)
    os.sync()
    alone_seconds = index_alone_seconds(content, out / "index-alone")
    articles = len(list((content / "articles").glob("*.md")))

    search_dir = site / "search"
    manifest_raw, manifest_gz = sizes([search_dir / "index.js"])
    shards_raw, shards_gz = sizes(sorted((search_dir / "shards").glob("*.js")))
    texts_raw, texts_gz = sizes(sorted(search_dir.glob("text-*.js")))

    server = serve(served)
    os.sync()
    try:
        times, page_times, fetched = first_result_times(f"http://127.0.0.1:{server.server_address[1]}/REPO/", args.runs)
    finally:
        server.shutdown()
    every = [t for ts in times.values() for t in ts]

    print(f"articles: {articles}; load average {load_before} before the build, {load_average()} at the end (2 cores)")
    print(f"index build: {index_seconds:.2f} s in the build (beside the pages), {alone_seconds:.2f} s alone")
    print(f"search/index.js (manifest: fields, shard boundaries, facets): "
          f"{manifest_raw / 1024:.1f} KiB raw, {manifest_gz / 1024:.1f} KiB gzip")
    print(f"search/shards/*.js (all term shards, {len(list((search_dir / 'shards').glob('*.js')))} files): "
          f"{shards_raw / 1024:.1f} KiB raw, {shards_gz / 1024:.1f} KiB gzip")
    print(f"search/text-*.js (snippets, loaded on demand): {texts_raw / 1024:.1f} KiB raw, {texts_gz / 1024:.1f} KiB gzip")
    for query, values in times.items():
        raw, packed = sizes([site / path for path in fetched[query]])
        shard_count = sum(path.startswith("search/shards/") for path in fetched[query])
        print(f"  {query!r}: first result median {statistics.median(values):.0f} ms "
              f"({min(values):.0f}-{max(values):.0f}) over {len(values)} loads, whole first page "
              f"{statistics.median(page_times[query]):.0f} ms; "
              f"fetched before it: {len(fetched[query])} files ({shard_count} shards), "
              f"{raw / 1024:.1f} KiB raw, {packed / 1024:.1f} KiB gzip")
    print(f"time to first result, all queries: median {statistics.median(every):.0f} ms, max {max(every):.0f} ms")


if __name__ == "__main__":
    main()

"""Benchmark: our build against Hugo, Pelican and MkDocs on the same generated corpus.

    python bench/run.py --sizes 1000 10000 [--seed 1] [--rounds 3] [--work DIR]

For each size N: generate N articles (bench/generate.py), write the same corpus for the peers, then
time our cold build, a no-change rebuild and a one-article edit rebuild, and a cold build by each peer.
Each step records wall time, peak memory (process tree), output size; our search files are measured
on disk and, when Chromium is available, in the browser for a few two-word queries. A table with
ratios against Hugo is printed and the figures are written to bench/results-<N>.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BENCH_VENV = BENCH / ".venv"
REQUIREMENTS = BENCH / "requirements.txt"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SAMPLE_SECONDS = 0.1
QUERY_TIMEOUT_MS = 60_000
MIB = 1024 * 1024
DEFAULT_QUERIES = ("cán bộ", "biên chế", "kỷ luật")
PEER_TOOLS = ("hugo", "pelican", "mkdocs")

sys.path.insert(0, str(BENCH))
from generate import generate  # noqa: E402  (bench/ is a folder of scripts, not a package)
from peer_corpus import write_peer_corpora  # noqa: E402


# ---- measuring one command ---------------------------------------------------------------------

@dataclass
class Step:
    tool: str
    step: str
    seconds: float | None = None
    peak_mib: float | None = None  # the larger of: the tree's summed PSS (sampled), the largest process's max RSS
    max_rss_mib: float | None = None  # largest RSS of any single process (kernel's rusage)
    output_mib: float | None = None
    output_files: int | None = None
    exit_status: int | None = None
    load_before: float | None = None  # 1-minute load average when the step started: others' work skews times
    note: str = ""
    seconds_each: list = field(default_factory=list)  # every round's time, when the step ran more than once


def over_rounds(rounds: list[Step]) -> Step:
    """One step measured several times: the median time (None if any round failed or was stopped), the
    largest memory and load, the last round's output and note."""
    last = rounds[-1]
    failed = next((r for r in rounds if r.exit_status != 0 or r.seconds is None), None)
    times = [r.seconds for r in rounds]

    def largest(values):
        known = [v for v in values if v is not None]
        return max(known) if known else None

    return Step(last.tool, last.step, None if failed else round(statistics.median(times), 2),
                largest(r.peak_mib for r in rounds), largest(r.max_rss_mib for r in rounds),
                last.output_mib, last.output_files, (failed or last).exit_status,
                largest(r.load_before for r in rounds), (failed or last).note, times if len(rounds) > 1 else [])


def process_children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def process_memory_kib(pid: int) -> int:
    """PSS (shared pages split between sharers, so forked workers are not counted twice); RSS if unreadable."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except OSError:
        return 0


def tree_memory_kib(root: int) -> int:
    children, total, stack = process_children(), 0, [root]
    while stack:
        pid = stack.pop()
        total += process_memory_kib(pid)
        stack.extend(children.get(pid, []))
    return total


def settle() -> None:
    """Writes the files of the steps before to disk first: a step should not pay for writing back the
    hundreds of megabytes another one left in the page cache."""
    os.sync()


def measure(tool: str, step: str, command: list[str], cwd: Path, log: Path, timeout: float | None = None) -> Step:
    """Run a command to its end (or kill its process group after `timeout` seconds), sampling its
    process tree's memory; wait4 gives the kernel's max RSS."""
    settle()
    load = os.getloadavg()[0]
    timed_out = False
    with log.open("w") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        peak_kib = 0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak_kib = max(peak_kib, tree_memory_kib(process.pid))
            if timeout and time.perf_counter() - start > timeout and not timed_out:
                timed_out = True
                os.killpg(process.pid, signal.SIGKILL)
            time.sleep(SAMPLE_SECONDS)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    result = Step(tool, step, round(seconds, 2), round(max(peak_kib, usage.ru_maxrss) / 1024, 1),
                  round(usage.ru_maxrss / 1024, 1), exit_status=process.returncode, load_before=round(load, 2))
    if timed_out:
        result.seconds, result.note = None, f"stopped after {timeout:.0f} s (--step-timeout)"
        print(f"  {tool} {step}: {result.note}", file=sys.stderr)
    elif process.returncode != 0:
        result.note = f"exit {process.returncode}; see {log}"
        print(f"  {tool} {step} failed (exit {process.returncode}):\n" + tail(log), file=sys.stderr)
    return result


def tail(path: Path, lines: int = 15) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def folder_size(folder: Path) -> tuple[int, int]:
    total, count = 0, 0
    for path in folder.rglob("*"):
        if path.is_file():
            total, count = total + path.stat().st_size, count + 1
    return total, count


def with_output(step: Step, folder: Path) -> Step:
    if folder.exists():
        size, count = folder_size(folder)
        step.output_mib, step.output_files = round(size / MIB, 1), count
    return step


def remove(*paths: Path) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


# ---- the tools ---------------------------------------------------------------------------------

def ensure_hugo() -> str | None:
    """Path of hugo, installing Debian's package when missing and we may; None (with a message) if not."""
    if shutil.which("hugo"):
        return shutil.which("hugo")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("hugo is missing: installing Debian's package (apt-get install -y hugo)")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        done = subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], env=env, capture_output=True)
        if done.returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], env=env, capture_output=True)
        return shutil.which("hugo")
    print("hugo is missing and not root: skipping Hugo (sudo apt-get install hugo)", file=sys.stderr)
    return None


def ensure_bench_venv() -> Path | None:
    """bench/.venv with Pelican and MkDocs pinned in bench/requirements.txt (apart from the site's venv)."""
    stamp = BENCH_VENV / ".installed"
    if stamp.exists() and stamp.stat().st_mtime >= REQUIREMENTS.stat().st_mtime:
        return BENCH_VENV / "bin"
    print(f"setting up {BENCH_VENV} from {REQUIREMENTS.name} (Pelican, MkDocs)")
    base_python = getattr(sys, "_base_executable", None) or "python3"
    steps = ([base_python, "-m", "venv", str(BENCH_VENV)],
             [str(BENCH_VENV / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
              "-r", str(REQUIREMENTS)])
    for command in steps:
        if subprocess.run(command).returncode != 0:
            print(f"could not set up {BENCH_VENV}: skipping Pelican and MkDocs", file=sys.stderr)
            return None
    stamp.touch()
    return BENCH_VENV / "bin"


def version_of(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except OSError:
        return "absent"
    return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr).strip() else "?"


def our_version(revision: str | None) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", revision or "HEAD"], cwd=ROOT, capture_output=True,
                            text=True)
    if revision:
        return commit.stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "edition", "templates", "assets", "build.py"],
                           cwd=ROOT, capture_output=True, text=True)
    return commit.stdout.strip() + (" + uncommitted changes" if dirty.stdout.strip() else "")


# ---- the steps ---------------------------------------------------------------------------------

def our_source(revision: str | None, work: Path) -> Path:
    """The tree whose build.py is measured: this checkout, or a clean export of a commit, so that a
    run is not disturbed by work in progress (node_modules is shared: it holds the pinned lunr.js)."""
    if revision is None:
        return ROOT
    source = work / "ours-src"
    remove(source)
    source.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive.stdout, check=True)
    (source / "node_modules").symlink_to(ROOT / "node_modules")
    compile_bytecode(source)
    return source


def compile_bytecode(source: Path) -> None:
    """Compile the export's modules, as Python does on a checkout's first run (and pip on installing): the
    cold build measures building a site, not compiling our code, which PYTHONDONTWRITEBYTECODE (set on
    some machines) would otherwise make every build do again, in every worker that imports a module."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(source / "build.py"), str(source / "edition")],
                   check=True, stdout=subprocess.DEVNULL)


def our_build_command(source: Path, content: Path, site: Path) -> list[str]:
    return [sys.executable, str(source / "build.py"), "build", "--content", str(content), "--out", str(site)]


def our_state_folders(site: Path) -> list[Path]:
    """The build keeps its cache beside the output (.site.cache) and may leave .site.* work folders."""
    return [p for p in site.parent.glob(f".{site.name}.*")]


def edit_one_article(content: Path) -> Path:
    articles = sorted((content / "articles").glob("*.md"))
    path = articles[len(articles) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n\nĐoạn văn thêm khi đo thời gian dựng lại sau khi sửa một bài.\n",
                    encoding="utf-8")
    return path


def run_ours_cold(source: Path, work: Path, content: Path, logs: Path, timeout: float | None) -> Step:
    site = work / "site"
    remove(site, *our_state_folders(site))
    command = our_build_command(source, content, site)
    return with_output(measure("ours", "cold build", command, source, logs / "ours-cold.log", timeout), site)


def run_ours_rebuilds(source: Path, work: Path, content: Path, logs: Path, wanted: list[str],
                      timeout: float | None) -> list[Step]:
    """The rebuilds after the last cold build: with nothing changed, then with one article edited."""
    command = our_build_command(source, content, work / "site")
    steps = []
    if "nochange" in wanted:
        steps.append(measure("ours", "no-change rebuild", command, source, logs / "ours-nochange.log", timeout))
    if "edit" in wanted:
        edited = edit_one_article(content)
        edit = measure("ours", "one-article edit", command, source, logs / "ours-edit.log", timeout)
        edit.note = edit.note or f"edited {edited.name}"
        steps.append(edit)
    return steps


def peer_command(tool: str, bin_dir: Path | None, hugo: str | None) -> tuple[list[str], str] | None:
    """The build command and output folder of a peer project, or None when the tool is unavailable."""
    if tool == "hugo":
        return ([hugo, "--quiet", "--destination", "public"], "public") if hugo else None
    if bin_dir is None:
        return None
    if tool == "pelican":
        return [str(bin_dir / "pelican"), "content", "-s", "pelicanconf.py", "-o", "output", "-q"], "output"
    return [str(bin_dir / "mkdocs"), "build", "-q", "-f", "mkdocs.yml", "-d", "site"], "site"


def run_peer(tool: str, project: Path, command: list[str], out_name: str, logs: Path, timeout: float | None) -> Step:
    remove(project / out_name, project / "resources", project / "cache", project / ".hugo_build.lock")
    step = measure(tool, "cold build", command, project, logs / f"{tool}.log", timeout)
    return with_output(step, project / out_name)


# ---- search payload ----------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)  # the same files are weighed on disk and again per query
def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def search_files_on_disk(site: Path) -> dict:
    """Bytes and gzip bytes of the search data under site/search/ (the page itself excluded),
    grouped by file name with numbers masked, so shards show as one line (text-*.js)."""
    folder = site / "search"
    groups: dict[str, dict] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix == ".html":
            continue
        key = re.sub(r"\d+", "*", str(path.relative_to(folder)))
        group = groups.setdefault(key, {"files": 0, "bytes": 0, "gzip_bytes": 0, "largest_gzip_bytes": 0})
        size_gz = gzip_size(path)
        group["files"] += 1
        group["bytes"] += path.stat().st_size
        group["gzip_bytes"] += size_gz
        group["largest_gzip_bytes"] = max(group["largest_gzip_bytes"], size_gz)
    totals = {k: sum(g[k] for g in groups.values()) for k in ("files", "bytes", "gzip_bytes")}
    return {"groups": groups, **totals}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A page closed once its first result is seen drops the files it was still fetching: not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def fetched_files(site: Path, urls: list[str]) -> list[Path]:
    files = []
    for url in dict.fromkeys(urls):
        path = site / unquote(urlparse(url).path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if path.is_file():
            files.append(path)
    return files


BROWSER_LOADS = 3  # fresh loads per query; the median is reported
# The page's own marks (assets/search.js): milliseconds from the start of navigation.
FIRST_RESULT_MARK = "search:first-result"
# Tells Playwright of each mark the page makes, through the console, once it is made. Playwright's own
# waiting runs in the page, on the main thread the page loads and ranks on: its injected script and its
# polling took 15-50 ms of it before the first result (alternated loads). This observer costs nothing
# until the mark.
MARK_MESSAGE = "edition-bench:mark "
MARK_OBSERVER = """new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (entry) { console.debug("%s" + entry.name); });
}).observe({ type: "mark" });""" % MARK_MESSAGE
FETCHED_BEFORE_FIRST_RESULT = """() => {
  const mark = performance.getEntriesByName('search:first-result')[0].startTime;
  return performance.getEntriesByType('resource').filter(e => e.responseEnd <= mark).map(e => e.name);
}"""


def fresh_page(browser):
    """A page in a new context (empty cache), and the set of the marks it has made so far (wait_for_mark)."""
    context = browser.new_context()
    context.add_init_script(MARK_OBSERVER)
    page = context.new_page()
    marks: set[str] = set()
    page.on("console", lambda message: marks.add(message.text[len(MARK_MESSAGE):])
            if message.text.startswith(MARK_MESSAGE) else None)
    return context, page, marks


def wait_for_mark(page, marks: set[str], name: str, timeout_ms: float = QUERY_TIMEOUT_MS) -> float:
    """Waits, without running anything in the page, until the page has made the mark; its time (ms)."""
    if name not in marks:
        # The sync API hands over events only inside its calls: one made since the check above is caught here.
        page.wait_for_event("console", lambda message: message.text == MARK_MESSAGE + name, timeout=timeout_ms)
    return page.evaluate(f"performance.getEntriesByName('{name}')[0].startTime")


def browser_load(browser, base: str, query: str) -> dict:
    """One load of the search page for `query` in a fresh context (empty cache): the page's mark of its
    first result, the wall-clock time from the request until Playwright hears of it (its round trips
    included), and the files fetched before the mark."""
    context, page, marks = fresh_page(browser)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error).splitlines()[0]))
    page.on("console", lambda message: errors.append(message.text.splitlines()[0]) if message.type == "error" else None)
    start = time.perf_counter()
    found = {"errors": errors, "mark_ms": None, "wall_ms": None, "urls": [], "status": ""}
    try:
        # "commit": the clock runs from the request; a many-megabyte index must not trip goto's own timeout.
        page.goto(f"{base}search/index.html?q={quote(query)}", wait_until="commit")
        mark = wait_for_mark(page, marks, FIRST_RESULT_MARK)
        found["wall_ms"] = round((time.perf_counter() - start) * 1000)
        if page.query_selector("#search-results li a") is None:
            raise RuntimeError("the first result was marked but no result link is in the page")
        found["mark_ms"] = round(mark)
        found["urls"] = [page.url, *page.evaluate(FETCHED_BEFORE_FIRST_RESULT)]
    except Exception as exc:  # noqa: BLE001  a timeout is a finding, reported as such
        print(f"  no result for {query!r}: {exc.__class__.__name__}", file=sys.stderr)
    found["status"] = page.inner_text("#search-status") if page.query_selector("#search-status") else ""
    context.close()
    return found


def browser_query(browser, base: str, site: Path, query: str, loads: int = BROWSER_LOADS) -> dict:
    """The query's first result over `loads` fresh loads (median, and the slowest), with the files the
    last load fetched before it and their gzip sizes (what a gzip-serving host sends)."""
    runs = [browser_load(browser, base, query) for _ in range(loads)]
    marks = [r["mark_ms"] for r in runs]
    answered = None not in marks
    last = runs[-1]
    files = fetched_files(site, last["urls"])
    search_data = [f for f in files if f.parent == site / "search" or (site / "search") in f.parents]
    search_data = [f for f in search_data if f.suffix != ".html"]
    return {
        "query": query,
        "first_result_ms": statistics.median(marks) if answered else None,
        "first_result_ms_each": marks,
        "first_result_wall_ms_each": [r["wall_ms"] for r in runs],
        "status": last["status"].strip(),
        "errors": list(dict.fromkeys(e for r in runs for e in r["errors"]))[:5],
        "fetched_files": len(files),
        "fetched_bytes": sum(f.stat().st_size for f in files),
        "fetched_gzip_bytes": sum(gzip_size(f) for f in files),
        "search_data_files": [str(f.relative_to(site)) for f in search_data],
        "search_data_bytes": sum(f.stat().st_size for f in search_data),
        "search_data_gzip_bytes": sum(gzip_size(f) for f in search_data),
    }


def browser_queries(site: Path, queries: list[str]) -> list[dict] | str:
    if not CHROMIUM.exists():
        return "skipped: no Chromium at /usr/bin/chromium"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "skipped: playwright is not installed in this Python (run with .venv/bin/python)"
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            # One load of the home page first, not counted: the browser's first page starts its renderer,
            # which no later visit pays; the search data stays uncached (every load has a fresh context).
            warm = browser.new_context()
            warm.new_page().goto(base + "index.html")
            warm.close()
            results = [browser_query(browser, base, site, q) for q in queries]
            browser.close()
            return results
    finally:
        server.shutdown()


# ---- report ------------------------------------------------------------------------------------

def ratio(step: Step, hugo: Step | None) -> str:
    if hugo is None or not hugo.seconds or step.seconds is None or hugo.exit_status != 0 or step.exit_status != 0:
        return "—"
    return f"{step.seconds / hugo.seconds:.2f}×"


def cell(value, suffix: str = "") -> str:
    return "—" if value is None else f"{value}{suffix}"


def table(steps: list[Step]) -> str:
    hugo = next((s for s in steps if s.tool == "hugo"), None)
    lines = ["| tool | step | seconds | vs Hugo | peak memory MiB | max RSS MiB | output MiB | files "
             "| load before |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for s in steps:
        seconds = cell(s.seconds) + (f" (median of {', '.join(map(str, s.seconds_each))})" if s.seconds_each else "")
        lines.append(f"| {s.tool} | {s.step} | {seconds} | {ratio(s, hugo)} | {cell(s.peak_mib)} | "
                     f"{cell(s.max_rss_mib)} | {cell(s.output_mib)} | {cell(s.output_files)} | {cell(s.load_before)} |"
                     + (f" {s.note}" if s.note and s.exit_status else ""))
    return "\n".join(lines)


def search_table(on_disk: dict, queries) -> str:
    lines = [f"search data on disk (site/search/, pages excluded): {on_disk['files']} files, "
             f"{on_disk['bytes'] / 1024:.0f} kB, {on_disk['gzip_bytes'] / 1024:.0f} kB gzip -9"]
    for name, g in on_disk["groups"].items():
        lines.append(f"  {name}: {g['files']} file(s), {g['bytes'] / 1024:.0f} kB, {g['gzip_bytes'] / 1024:.0f} kB gzip"
                     f" (largest {g['largest_gzip_bytes'] / 1024:.0f} kB gzip)")
    if isinstance(queries, str):
        lines.append(f"browser: {queries}")
        return "\n".join(lines)
    for q in queries:
        lines.append(f"query {q['query']!r}: first result {cell(q['first_result_ms'], ' ms')} (median of "
                     f"{q['first_result_ms_each']}; seen by Playwright after {q['first_result_wall_ms_each']} ms); "
                     f"search data fetched "
                     f"{len(q['search_data_files'])} file(s), {q['search_data_bytes'] / 1024:.0f} kB, "
                     f"{q['search_data_gzip_bytes'] / 1024:.0f} kB gzip; whole page {q['fetched_files']} files, "
                     f"{q['fetched_gzip_bytes'] / 1024:.0f} kB gzip"
                     + ("" if q["first_result_ms"] else f"; page says {q['status']!r}; errors: {q['errors']}"))
    return "\n".join(lines)


def targets(steps: list[Step], on_disk: dict, queries) -> dict:
    """Issue 8's goals, checked where this run measured them (None: not measured)."""
    by = {(s.tool, s.step): s for s in steps}
    cold, hugo = by.get(("ours", "cold build")), by.get(("hugo", "cold build"))
    nochange = by.get(("ours", "no-change rebuild"))
    answered = [q for q in queries if q["first_result_ms"] is not None] if isinstance(queries, list) else []
    worst = max((q["search_data_gzip_bytes"] for q in answered), default=None)
    slowest = None if not queries or len(answered) < len(queries) else max(q["first_result_ms"] for q in answered)
    if cold and cold.exit_status != 0:
        cold = None  # a failed build measures nothing
    return {
        "cold build faster than Hugo": None if not (cold and hugo and hugo.exit_status == 0)
        else cold.seconds < hugo.seconds,
        "cold build peak memory under 1 GiB": None if not cold else cold.peak_mib < 1024,
        "no-change rebuild under 3 s": None if not nochange else nochange.seconds < 3,
        "two-word query fetches under 500 kB gzip of search data": None if worst is None else worst < 500 * 1024,
        "first result under 300 ms (page load included; median of fresh loads, every query)":
            None if slowest is None else slowest < 300,
    }


def cpuinfo_field(cpuinfo: str, name: str) -> str | None:
    return next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                 if line.split(":", 1)[0].strip() == name), None)


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    # A virtual machine may name its processor only "AMD EPYC": its family and model tell one generation
    # from another (this workplace has lent both Zen 3 and Zen 4), and runs on two of them do not compare.
    return {"cpus": os.cpu_count(), "cpu": cpuinfo_field(cpuinfo, "model name") or platform.processor(),
            "cpu_family_model": f"{cpuinfo_field(cpuinfo, 'cpu family')}/{cpuinfo_field(cpuinfo, 'model')}",
            "memory_gib": round(memory / MIB, 1), "python": platform.python_version(), "os": platform.platform()}


# ---- one size ----------------------------------------------------------------------------------

def run_size(count: int, args, hugo: str | None, bin_dir: Path | None) -> dict:
    work = args.work / str(count)
    logs = work / "logs"
    content = work / "content"
    logs.mkdir(parents=True, exist_ok=True)
    print(f"\n== {count} articles (seed {args.seed}) in {work}")
    started = time.perf_counter()
    generate(count, content, args.seed)
    projects = write_peer_corpora(content, work / "peers", [t for t in PEER_TOOLS if t in args.tools],
                                  mkdocs_full_nav=args.mkdocs_nav == "full")
    corpus_bytes, _ = folder_size(content / "articles")
    print(f"corpus written in {time.perf_counter() - started:.1f} s ({corpus_bytes / MIB:.1f} MiB of content)")

    source = our_source(args.ours_rev, work) if "ours" in args.tools else None
    commands = {tool: peer_command(tool, bin_dir, hugo) for tool in projects}
    # Our cold build and Hugo's alternate, round after round: a slower spell of the machine falls on both.
    cold_rounds: dict[str, list[Step]] = {}
    for number in range(1, args.rounds + 1):
        if source is not None:
            cold_rounds.setdefault("ours", []).append(run_ours_cold(source, work, content, logs, args.step_timeout))
        if commands.get("hugo"):
            cold_rounds.setdefault("hugo", []).append(run_peer("hugo", projects["hugo"], *commands["hugo"], logs,
                                                               args.step_timeout))
        if args.rounds > 1:
            print(f"  round {number}: " + ", ".join(f"{tool} {rounds[-1].seconds} s" for tool, rounds in cold_rounds.items()))
    steps: list[Step] = []
    if "ours" in cold_rounds:
        steps.append(over_rounds(cold_rounds["ours"]))
        if steps[0].exit_status == 0:
            steps += run_ours_rebuilds(source, work, content, logs, args.ours_steps, args.step_timeout)
        print(table(steps))
    for tool, project in projects.items():
        if commands[tool] is None:
            steps.append(Step(tool, "cold build", note="not available"))
            continue
        steps.append(over_rounds(cold_rounds[tool]) if tool in cold_rounds
                     else run_peer(tool, project, *commands[tool], logs, args.step_timeout))
        print(f"  {tool}: {steps[-1].seconds} s")

    result = results_record(count, args, hugo, bin_dir, corpus_bytes, steps)
    write_results(result, args.results)  # kept even if the browser step below fails
    on_disk, queries = measure_search(work / "site", args)
    result["search"] = {"on_disk": on_disk, "queries": queries}
    result["targets"] = targets(steps, on_disk, queries)
    print()
    print(table(steps))
    print(search_table(on_disk, queries))
    for goal, met in result["targets"].items():
        print(f"  {'—' if met is None else ('met' if met else 'NOT met')}: {goal}")
    print(f"figures written to {write_results(result, args.results)}")
    return result


def measure_search(site: Path, args) -> tuple[dict, list[dict] | str]:
    on_disk = search_files_on_disk(site) if (site / "search").exists() else {
        "groups": {}, "files": 0, "bytes": 0, "gzip_bytes": 0}
    if args.no_browser or "ours" not in args.tools:
        return on_disk, "skipped (--no-browser)"
    if not (site / "search" / "index.html").exists():
        return on_disk, "skipped: our build did not produce site/search/index.html"
    try:
        settle()
        return on_disk, browser_queries(site, args.queries)
    except Exception as exc:  # noqa: BLE001  the build figures matter more than a browser hiccup
        return on_disk, f"failed: {exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


def results_record(count: int, args, hugo: str | None, bin_dir: Path | None, corpus_bytes: int,
                   steps: list[Step]) -> dict:
    return {
        "articles": count, "seed": args.seed, "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "command": "python bench/run.py " + " ".join(sys.argv[1:]),
        "machine": machine(),
        "versions": {"ours": our_version(args.ours_rev), "hugo": version_of([hugo, "version"]) if hugo else "absent",
                     "pelican": version_of([str(bin_dir / "pelican"), "--version"]) if bin_dir else "absent",
                     "mkdocs": version_of([str(bin_dir / "mkdocs"), "--version"]) if bin_dir else "absent"},
        "corpus_mib": round(corpus_bytes / MIB, 1),
        "mkdocs_nav": args.mkdocs_nav,
        "steps": [asdict(s) for s in steps],
        "search": "pending",
    }


def write_results(result: dict, folder: Path) -> Path:
    out = folder / f"results-{result['articles']}.json"
    folder.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out


def default_work() -> Path:
    """A folder in memory where there is one: on this machine's disk (ext4 without a journal) creating a
    file costs more the more files were deleted in the last minute, so a step would pay for the deletions
    of the step before (bench/README.md, "--work")."""
    memory = Path("/dev/shm")
    return memory / "edition-bench" if memory.is_dir() and os.access(memory, os.W_OK) else Path("/tmp/edition-bench")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000], help="corpus sizes (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    work = default_work()
    parser.add_argument("--work", type=Path, default=work,
                        help=f"scratch folder for corpora and outputs (default {work})")
    parser.add_argument("--results", type=Path, default=BENCH, help="where results-<N>.json go (default bench/)")
    parser.add_argument("--tools", nargs="+", default=["ours", *PEER_TOOLS], choices=["ours", *PEER_TOOLS])
    parser.add_argument("--queries", nargs="+", default=list(DEFAULT_QUERIES), help="search queries to time")
    parser.add_argument("--ours-rev", metavar="COMMIT",
                        help="measure our build as of this commit (a clean export) instead of the working tree")
    parser.add_argument("--ours-steps", nargs="+", default=["cold", "nochange", "edit"],
                        choices=["cold", "nochange", "edit"], help="our steps to time (the cold build always runs)")
    parser.add_argument("--mkdocs-nav", choices=["full", "home"], default="full",
                        help="MkDocs nav: every article by year (full), or the home page only")
    parser.add_argument("--step-timeout", type=float, metavar="SECONDS",
                        help="stop any step that runs longer, and report it as stopped")
    parser.add_argument("--no-browser", action="store_true", help="skip the search timings in Chromium")
    parser.add_argument("--rounds", type=int, default=1, metavar="R",
                        help="cold builds of ours and Hugo, alternated, R times each; the median is the figure")
    args = parser.parse_args(argv)
    if args.ours_rev:  # pinned once: others may commit while a run is going
        args.ours_rev = subprocess.run(["git", "rev-parse", "--short", args.ours_rev], cwd=ROOT, check=True,
                                       capture_output=True, text=True).stdout.strip()
    hugo = ensure_hugo() if "hugo" in args.tools else None
    bin_dir = ensure_bench_venv() if {"pelican", "mkdocs"} & set(args.tools) else None
    for count in args.sizes:
        run_size(count, args, hugo, bin_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())

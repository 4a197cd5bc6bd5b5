"""The live preview: `python build.py serve [--host 127.0.0.1] [--port 8000]`.

Builds the site, serves it on 127.0.0.1, watches content/articles, seeds/, templates/, assets/,
edition/data/ and the settings file, rebuilds incrementally and tells the open pages to reload.

- A watcher thread hands the preview one set of changed paths per *burst*: it waits until nothing
  new has happened for `QUIET_SECONDS`, so an editor saving 20 files or a `git checkout` is one
  rebuild. `InotifyWatcher` (Linux, through ctypes, no dependency) costs nothing between changes;
  `ChangeWatcher`, the fallback elsewhere, scans mtimes (and hashes recent files, for coarse file
  clocks). Both keep what changes during a rebuild for the next burst, so nothing is missed.
- `Preview` (in the watcher's thread) ingests new raw articles, reloads site.yaml, and calls
  `build_site` with the previous state. A failed build writes nothing, so the last good site stays
  served; its problems (file, line, message) go to the terminal and to an overlay in the browser.
  Every site change bumps a generation number; the history says which pages each one touched.
- When only articles changed and an article's front matter is as last built, its page is written
  first, from the last build's registers (`render_reworded_articles`: byte for byte the page the
  rebuild makes), and the open page is told at once; the rebuild then redoes the rest (directive
  quotations, exports), which at 10,000 articles takes seconds.
- The search index is rebuilt whole on any article change and is by far the slowest output (at
  1,000 articles seconds, against a fraction of a second for the pages), so the preview defers it through
  `build_site(write_search=...)` to `SearchIndexer`, a child process that writes it after the pages
  have gone out, newest job only.
- The HTTP server (tornado, on the main thread's event loop) serves `site/`, injecting the client
  into HTML responses only (the files in `site/` are never changed), with `Cache-Control: no-store`.
  Builds never run on the event loop, so requests are answered at once, even during a rebuild.

Why not python-livereload's `Server`. We keep its browser client (`livereload.js`, served from the
installed package) and its protocol 7 (hello / info / reload over the `/livereload` WebSocket),
and replace its server side: its weak spots are in its design, not in its settings. Measured with
livereload 2.7.1 watching 1,000 articles with a task that only counts its runs
(`bench/serve_bench.py --stock`):

- 20 files saved at once ran the task (our build) 20 times, the last 15.2 s after the save, and
  sent 5 reloads: it polls every 0.8 s *on the event loop* and each scan stops at the first
  changed file, so a burst is taken one file per poll;
- one file saved twice, 1 s apart: the task ran twice but only one reload was sent; after a reload
  it drops reloads for up to 3 s (`DEFAULT_RELOAD_TIME`), so the page shows a stale version;
- save to reload message, with no build at all: median 0.51 s (0.26 to 0.69 s), the polling alone.

Ours, on the same (shared, heavily loaded) machine: save to rebuild start 66 ms at 1,000 files and
82 ms at 10,000 with inotify (the 60 ms debounce is most of it); the stat-scanning fallback takes
12 ms a scan at 1,000 files (151 ms to rebuild start) but 200 ms a scan at 10,000, hence inotify.
Save to served at 1,000 articles (`bench/serve_bench.py`): median 0.49 s on a quiet machine, once
the build's fingerprints narrowed what one edit redraws (it was 2.9 s before), and 0.13 s since the
page of an article whose words changed is written ahead of the rebuild; at 10,000 articles see
bench/README.md.

The browser side is a livereload.js plugin (`LiveReloadPlugin*` globals are picked up by the
client): on every reload message, and whenever it (re)connects, it asks `/__preview__/status`
whether its page changed since the generation it was served at, and what the current problems
are; it reloads only then, and shows or clears the overlay. A page is never left stale by a
message it missed while reloading or reconnecting, and a page whose inputs did not change is not
reloaded at all.
"""
from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import hashlib
import json
import mimetypes
import multiprocessing
import os
import re
import select
import shutil
import signal
import struct
import sys
import threading
import time
import traceback
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

import livereload
import tornado.httpserver
import tornado.netutil
import tornado.web
import tornado.websocket

from edition.config import ConfigError, SiteConfig, load_config
from edition.ingest import RAW_SUFFIXES, display_path, ingest
from edition.model import Problem
from edition.search import SearchDoc, write_search_index
from edition.site.build import (
    ASSETS, BuildResult, build_site, load_state, render_reworded_articles, save_state, write_text,
)
from edition.site.pages import STRINGS, TEMPLATES

POLL_SECONDS = 0.025
SCAN_SHARE_INVERSE = 4  # scanning takes at most a quarter of the time (10,000 files: ~50 ms a scan)
QUIET_SECONDS = 0.06  # a burst is over when no scan has found anything new for this long
LONGEST_BURST_SECONDS = 2.0  # a file rewritten without pause must not hold back the preview for ever
RECENT_NS = 2_000_000_000  # files this young are also compared by content (coarse mtime clocks)
MOST_RECENT_HASHED = 256
HISTORY_LENGTH = 64
SEARCH_OUTPUT = "search/"  # how the build names the search index folder among its outputs
LIVERELOAD_JS = Path(livereload.__file__).parent / "vendors" / "livereload.js"
PREVIEW_PREFIX = "/__preview__/"
IGNORED_NAMES = re.compile(r"^\.|~$|\.sw[a-p]$|\.tmp$|^4913$")  # hidden, backups, vim's swap and probe files


# ---- watching -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class WatchedTree:
    """A folder (or one file) whose changes call for a rebuild; `suffixes` limits it to what is read."""

    root: Path
    suffixes: tuple[str, ...] | None = None

    def wants(self, name: str) -> bool:
        if IGNORED_NAMES.search(name):
            return False
        return self.suffixes is None or name.endswith(self.suffixes)


@dataclass(frozen=True)
class Signature:
    mtime_ns: int
    size: int
    inode: int
    content_hash: str | None = None  # only for recently changed files


def differs(old: Signature, new: Signature) -> bool:
    if (old.mtime_ns, old.size, old.inode) != (new.mtime_ns, new.size, new.inode):
        return True
    # Two saves within one tick of a coarse file clock keep the mtime; the content tells them apart.
    return old.content_hash is not None and new.content_hash is not None and old.content_hash != new.content_hash


def scan_tree(tree: WatchedTree, found: dict[str, os.stat_result]) -> None:
    if tree.root.is_file():
        try:
            found[str(tree.root)] = tree.root.stat()
        except FileNotFoundError:
            pass
        return
    folders = [str(tree.root)]
    while folders:
        try:
            entries = os.scandir(folders.pop())
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            continue
        with entries:
            for entry in entries:
                try:
                    if entry.is_dir():
                        if not IGNORED_NAMES.search(entry.name):
                            folders.append(entry.path)
                    elif tree.wants(entry.name):
                        found[entry.path] = entry.stat()
                except FileNotFoundError:
                    continue  # deleted while we looked; the next scan sees it gone


def file_hash(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.blake2b(handle.read(), digest_size=16).hexdigest()
    except OSError:
        return None


def take_snapshot(trees: list[WatchedTree]) -> dict[str, Signature]:
    stats: dict[str, os.stat_result] = {}
    for tree in trees:
        scan_tree(tree, stats)
    recent_after = time.time_ns() - RECENT_NS
    recent = {path for path, st in stats.items() if st.st_mtime_ns > recent_after}
    hashed = recent if len(recent) <= MOST_RECENT_HASHED else set()
    return {path: Signature(st.st_mtime_ns, st.st_size, st.st_ino, file_hash(path) if path in hashed else None)
            for path, st in stats.items()}


def changed_paths(old: dict[str, Signature], new: dict[str, Signature]) -> set[str]:
    appeared_or_gone = old.keys() ^ new.keys()
    modified = {path for path in old.keys() & new.keys() if differs(old[path], new[path])}
    return appeared_or_gone | modified


class ChangeWatcher(threading.Thread):
    """Scans the watched trees and calls `on_burst(paths)` once per burst of changes, in this thread."""

    def __init__(self, trees: list[WatchedTree], on_burst, poll_seconds: float = POLL_SECONDS,
                 quiet_seconds: float = QUIET_SECONDS):
        super().__init__(name="preview-watcher", daemon=True)
        self.trees = trees
        self.on_burst = on_burst
        self.poll_seconds = poll_seconds
        self.quiet_seconds = quiet_seconds
        self.stopping = threading.Event()
        self.scan_seconds = 0.0
        self.snapshot = self.scan()

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        if self.is_alive():
            self.join(timeout)

    def pause(self) -> float:
        """The wait between scans: short, but never so short that scanning a large tree eats a core."""
        return max(self.poll_seconds, SCAN_SHARE_INVERSE * self.scan_seconds)

    def scan(self) -> dict[str, Signature]:
        started = time.perf_counter()
        snapshot = take_snapshot(self.trees)
        self.scan_seconds = time.perf_counter() - started
        return snapshot

    def run(self) -> None:
        while not self.stopping.wait(self.pause()):
            newest = self.scan()
            changed = changed_paths(self.snapshot, newest)
            if not changed:
                self.snapshot = newest
                continue
            newest, changed = self.wait_for_quiet(newest, changed)
            self.snapshot = newest
            if self.stopping.is_set():
                return
            try:
                self.on_burst(changed)
            except Exception:  # the preview must outlive a bug in one rebuild; say so and go on
                traceback.print_exc()

    def wait_for_quiet(self, newest: dict[str, Signature], changed: set[str]):
        burst_started = last_change = time.monotonic()
        while not self.stopping.wait(self.pause()):
            latest = self.scan()
            more = changed_paths(newest, latest)
            newest = latest
            now = time.monotonic()
            if more:
                changed |= more
                last_change = now
            if now - last_change >= self.quiet_seconds or now - burst_started >= LONGEST_BURST_SECONDS:
                break
        return newest, changed


class InotifyWatcher(threading.Thread):
    """The same bursts as ChangeWatcher, from Linux's inotify (through ctypes, no dependency):
    no scanning, so no cost and no delay however many files there are. The kernel queues events
    that arrive during a rebuild; they make the next burst. If the queue overflows, every watched
    tree counts as changed, so nothing is missed."""

    MASK = 0x2 | 0x4 | 0x8 | 0x40 | 0x80 | 0x100 | 0x200  # modify, attrib, close-write, moved from/to, create, delete
    IS_DIR, OVERFLOW, IGNORED = 0x40000000, 0x4000, 0x8000
    EVENT = struct.Struct("iIII")

    def __init__(self, trees: list[WatchedTree], on_burst, quiet_seconds: float = QUIET_SECONDS):
        super().__init__(name="preview-watcher", daemon=True)
        self.trees = trees
        self.on_burst = on_burst
        self.quiet_seconds = quiet_seconds
        self.stopping = threading.Event()
        self.libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        self.fd = self.libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        self.folders: dict[int, tuple[Path, WatchedTree | None]] = {}  # watch descriptor -> folder, tree
        self.single_files: dict[Path, WatchedTree] = {}
        for tree in trees:
            self.add_tree(tree)

    def add_tree(self, tree: WatchedTree) -> None:
        if tree.root.is_file() or not tree.root.exists():
            self.single_files[tree.root.resolve()] = tree
            self.add_watch(tree.root.resolve().parent, None)
            return
        for folder, subfolders, _ in os.walk(tree.root):
            subfolders[:] = [d for d in subfolders if not IGNORED_NAMES.search(d)]
            self.add_watch(Path(folder), tree)

    def add_watch(self, folder: Path, tree: WatchedTree | None) -> None:
        wd = self.libc.inotify_add_watch(self.fd, os.fsencode(folder), self.MASK)
        if wd < 0:
            raise OSError(ctypes.get_errno(), f"cannot watch {folder}")
        known = self.folders.get(wd)
        self.folders[wd] = (folder, tree if tree is not None else (known[1] if known else None))

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        if self.is_alive():
            self.join(timeout)

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                changed = self.read_changes(timeout=0.2)
                if not changed:
                    continue
                burst_started = time.monotonic()
                while not self.stopping.is_set() and time.monotonic() - burst_started < LONGEST_BURST_SECONDS:
                    more = self.read_changes(timeout=self.quiet_seconds)
                    if not more:
                        break
                    changed |= more
                if self.stopping.is_set():
                    return
                try:
                    self.on_burst(changed)
                except Exception:  # the preview must outlive a bug in one rebuild; say so and go on
                    traceback.print_exc()
        finally:
            os.close(self.fd)

    def read_changes(self, timeout: float) -> set[str]:
        """Paths changed among the events that arrive within `timeout` (returns at the first batch)."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return set()
        try:
            data = os.read(self.fd, 1 << 16)
        except BlockingIOError:
            return set()
        changed: set[str] = set()
        offset = 0
        while offset < len(data):
            wd, mask, _, length = self.EVENT.unpack_from(data, offset)
            name = data[offset + self.EVENT.size: offset + self.EVENT.size + length].rstrip(b"\0").decode(
                "utf-8", "surrogateescape")
            offset += self.EVENT.size + length
            changed |= self.paths_of_event(wd, mask, name)
        return changed

    def paths_of_event(self, wd: int, mask: int, name: str) -> set[str]:
        if mask & self.OVERFLOW:
            return {str(tree.root) for tree in self.trees}
        if mask & self.IGNORED:
            self.folders.pop(wd, None)
            return set()
        folder, tree = self.folders.get(wd, (None, None))
        if folder is None or not name:
            return set()
        path = folder / name
        if tree is None:  # the folder of a watched single file: only that file counts
            return {str(self.single_files[path.resolve()].root)} if path.resolve() in self.single_files else set()
        if mask & self.IS_DIR:
            if IGNORED_NAMES.search(name):
                return set()
            if not path.is_dir():  # moved away or deleted, perhaps with files we get no event for
                return {str(path)}
            self.add_tree(WatchedTree(path, tree.suffixes))  # files may be in it already: count them
            return {str(p) for p in path.rglob("*") if p.is_file() and tree.wants(p.name)}
        return {str(path)} if tree.wants(name) else set()


def make_watcher(trees: list[WatchedTree], on_burst):
    """inotify where the system has it; otherwise (or if it refuses) the stat-scanning watcher."""
    if sys.platform.startswith("linux"):
        try:
            return InotifyWatcher(trees, on_burst)
        except (OSError, AttributeError):
            pass
    return ChangeWatcher(trees, on_burst)


# ---- the preview: rebuilds, generations and problems -----------------------------------------------

@dataclass
class PreviewPaths:
    content: Path
    out: Path
    seeds: Path
    config: Path

    def watched_trees(self) -> list[WatchedTree]:
        return [
            WatchedTree(self.content / "articles", (".md",)),
            WatchedTree(self.seeds, RAW_SUFFIXES),
            WatchedTree(TEMPLATES, (".html",)),
            WatchedTree(ASSETS),
            WatchedTree(STRINGS.parent, (".yaml", ".yml")),  # interface strings and register data
            WatchedTree(self.config),
        ]


@dataclass
class Rebuild:
    """What one rebuild did, for the terminal."""

    changed: list[str]
    result: BuildResult | None
    problems: list[Problem]
    seconds: float
    ingested: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)  # pages written ahead of the rebuild


def is_under(path: str, folder: Path) -> bool:
    try:
        Path(path).resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def is_same_file(path: str, other: Path) -> bool:
    return Path(path).resolve() == other.resolve()


def problem_from_config_error(error: ConfigError, path: Path) -> Problem:
    text = str(error)
    match = re.match(r"^(.*?):(\d+): (.*)$", text, re.S)
    if match:
        return Problem(match.group(1), match.group(3), int(match.group(2)))
    return Problem(str(path), text.removeprefix(f"{path}: "))


def problem_from_exception(error: Exception) -> Problem:
    """A crash in a build (a template that does not compile, say) as a problem in the file to blame."""
    path, line = getattr(error, "filename", None) or getattr(error, "name", None), getattr(error, "lineno", None)
    message = getattr(error, "message", None) or str(error)
    if not path:
        frames = traceback.extract_tb(error.__traceback__)
        in_templates = [f for f in frames if is_under(f.filename, TEMPLATES)]
        frame = (in_templates or frames or [None])[-1]
        path, line = (frame.filename, frame.lineno) if frame else ("build", None)
    return Problem(display_path(Path(path)), f"{type(error).__name__}: {message}", line)


def page_path_for(url_path: str) -> str:
    """'/articles/x/' -> 'articles/x/index.html', the output path the build reports."""
    path = unquote(url_path).lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path


class Preview:
    """The rebuild loop's state: the build state, the generation of the site, the current problems."""

    def __init__(self, config: SiteConfig, paths: PreviewPaths, say=print):
        self.config = config
        self.paths = paths
        self.say = say
        self.state = None
        self.context = None  # the last good build's registers, for the quick page of a reworded article
        self.lock = threading.Lock()
        self.generation = 0
        self.history: deque[tuple[int, frozenset[str]]] = deque(maxlen=HISTORY_LENGTH)
        self.problems: list[Problem] = []
        self.rebuild_count = 0
        self.on_site_changed = lambda: None
        self.search_indexer: SearchIndexer | None = None
        self.search_on_disk: str | None = None  # the fingerprint of the search index in site/search/

    # -- building

    def build_first(self) -> Rebuild:
        self.state = load_state(self.paths.out)
        if self.state is not None:
            self.search_on_disk = self.state.fingerprints.get(SEARCH_OUTPUT)
        return self.rebuild(set(), first=True)

    def rebuild(self, changed: set[str], first: bool = False) -> Rebuild:
        started = time.perf_counter()
        shown = self.show_reworded_pages(changed, started) if changed and not first else []
        problems, ingested, result = [], [], None
        if any(is_under(p, self.paths.seeds) for p in changed):
            ingested, problems = self.ingest_new_raw()  # a raw file ingest cannot read holds back nothing else
        settings_changed = first or any(is_same_file(p, self.paths.config) for p in changed)
        config_problems = self.reload_config() if settings_changed else []
        problems += config_problems
        if not config_problems:
            result, build_problems = self.build()
            problems += build_problems
        rebuild = Rebuild(sorted(changed), result, problems, time.perf_counter() - started, ingested, shown)
        self.record(rebuild)
        self.report(rebuild)
        return rebuild

    def show_reworded_pages(self, changed: set[str], started: float) -> list[str]:
        """When only articles changed, write at once the pages of those whose front matter did not
        (see render_reworded_articles): the editor sees the words before the rebuild redoes the rest."""
        articles = self.paths.content / "articles"
        if not all(p.endswith(".md") and is_under(p, articles) for p in changed):
            return []
        try:
            pages = render_reworded_articles([str(articles / Path(p).name) for p in sorted(changed)],
                                             self.config, self.state, self.context)
            for path, text in pages.items():
                write_text(self.paths.out / path, text)
        except Exception:  # the rebuild that follows meets the same problem and reports it
            return []
        if pages:
            with self.lock:
                self.generation += 1
                self.history.append((self.generation, frozenset(pages)))
            self.on_site_changed()
            self.say(f"shown in {time.perf_counter() - started:.2f} s: {', '.join(sorted(pages))}; rebuilding the rest")
        return sorted(pages)

    def ingest_new_raw(self) -> tuple[list[str], list[Problem]]:
        result = ingest(self.paths.seeds, self.paths.content)
        return result.written, result.problems

    def reload_config(self) -> list[Problem]:
        try:
            config = load_config(self.paths.config)
        except ConfigError as error:
            return [problem_from_config_error(error, self.paths.config)]
        if config.paths != self.config.paths:
            self.say("note: paths in site.yaml changed; restart the preview to use them")
        self.config = config
        return []

    def build(self) -> tuple[BuildResult | None, list[Problem]]:
        deferred: list[list[SearchDoc]] = []
        defer_search = self.search_indexer is not None
        try:
            result = build_site(self.paths.content, self.paths.out, self.config, self.state_as_on_disk(),
                                write_search=(lambda docs, folder: deferred.append(docs)) if defer_search else None)
        except Exception as error:  # a template or a bug; the published site is left as it was
            return None, [problem_from_exception(error)]
        if result.built:
            self.state, self.context = result.state, result.context
            key = result.state.fingerprints.get(SEARCH_OUTPUT)
            if deferred:
                result.written.remove(SEARCH_OUTPUT)  # not yet: the indexer says when it is
                self.search_indexer.submit(SearchJob(deferred[-1], key))
            else:
                with self.lock:
                    self.search_on_disk = key
        return result, result.problems

    def state_as_on_disk(self):
        """The build state, with the search index's fingerprint as written, not as last planned."""
        if self.state is None:
            return None
        with self.lock:
            if self.search_on_disk is None:
                self.state.fingerprints.pop(SEARCH_OUTPUT, None)
            else:
                self.state.fingerprints[SEARCH_OUTPUT] = self.search_on_disk
        return self.state

    def search_index_written(self, job: SearchJob, seconds: float) -> None:
        with self.lock:
            self.search_on_disk = job.key
            self.generation += 1
            self.history.append((self.generation, frozenset({SEARCH_OUTPUT})))
        self.say(f"search index rewritten in {seconds:.1f} s ({len(job.docs)} articles)")
        self.on_site_changed()

    # -- what the browser asks

    def record(self, rebuild: Rebuild) -> None:
        errors = [p for p in rebuild.problems if p.severity == "error"]
        built = rebuild.result is not None and rebuild.result.built
        touched = frozenset(rebuild.result.written + rebuild.result.removed) if built else frozenset()
        with self.lock:
            self.rebuild_count += 1
            problems_changed = errors != self.problems
            self.problems = errors
            if touched:
                self.generation += 1
                self.history.append((self.generation, touched))
        if touched or problems_changed:
            self.on_site_changed()

    def current_generation(self) -> int:
        with self.lock:
            return self.generation

    def status(self, page: str, since: int) -> dict:
        with self.lock:
            return {
                "generation": self.generation,
                "reload": self.page_changed_since(page, since),
                "problems": [problem_as_dict(p) for p in self.problems],
            }

    def page_changed_since(self, page: str, since: int) -> bool:
        if since >= self.generation:
            return False
        if not self.history or self.history[0][0] > since + 1:
            return True  # older than the history we keep: reload to be sure
        touched = set().union(*(paths for generation, paths in self.history if generation > since))
        if page in touched or any(p.startswith("assets/") for p in touched):
            return True
        return page.startswith(SEARCH_OUTPUT) and SEARCH_OUTPUT in touched

    # -- the terminal

    def report(self, rebuild: Rebuild) -> None:
        if rebuild.changed:
            shown = ", ".join(display_path(Path(p)) for p in rebuild.changed[:3])
            more = f" and {len(rebuild.changed) - 3} more" if len(rebuild.changed) > 3 else ""
            self.say(f"changed: {shown}{more}")
        for path in rebuild.ingested:
            self.say(f"ingested {path}")
        for problem in rebuild.problems:
            self.say(str(problem))
        if rebuild.result is None or not rebuild.result.built:
            self.say(f"build failed in {rebuild.seconds:.2f} s; still serving the last good site")
            return
        written = rebuild.result.written if rebuild.result else []
        removed = rebuild.result.removed if rebuild.result else []
        if not written and not removed:
            self.say(f"checked in {rebuild.seconds:.2f} s: no {'other ' if rebuild.shown else ''}page changed")
            return
        pages = [p for p in written if p.endswith(".html")]
        listed = ", ".join(pages[:4]) + (f" and {len(pages) - 4} more" if len(pages) > 4 else "")
        self.say(f"rebuilt in {rebuild.seconds:.2f} s: {len(pages)} page(s){': ' + listed if pages else ''}; "
                 f"{len(written) - len(pages)} other file(s) written, {len(removed)} removed")


def problem_as_dict(problem: Problem) -> dict:
    return {"path": problem.path, "line": problem.line, "message": problem.message, "severity": problem.severity}


# ---- the search index, written after the pages -------------------------------------------------------

@dataclass
class SearchJob:
    docs: list[SearchDoc]
    key: str | None  # the fingerprint the build gave it


def write_search_folder(docs: list[SearchDoc], folder: str) -> None:
    """In a child process: the whole index into a fresh folder, moved in by the parent when complete."""
    shutil.rmtree(folder, ignore_errors=True)
    write_search_index(docs, Path(folder))


class SearchIndexer(threading.Thread):
    """Writes the search index in a child process, newest documents only, while pages go out at once.

    The index is rebuilt whole for every change to any article and takes far longer than the pages
    (at 1,000 articles, minutes against seconds), so it must not hold back the reload. A child
    process, not a thread, so that it does not compete for the interpreter with the rebuilds and the
    server. Jobs that arrive while one runs are merged: only the newest is run next.
    """

    def __init__(self, out: Path, on_written):
        super().__init__(name="preview-search-index", daemon=True)
        self.out = out
        self.on_written = on_written
        self.condition = threading.Condition()
        self.pending: SearchJob | None = None
        self.stopping = False
        self.process = None

    def submit(self, job: SearchJob) -> None:
        with self.condition:
            self.pending = job
            self.condition.notify()

    def stop(self, timeout: float = 10.0) -> None:
        with self.condition:
            self.stopping = True
            self.condition.notify()
        if self.is_alive():
            self.join(timeout)

    def run(self) -> None:
        while True:
            with self.condition:
                while self.pending is None and not self.stopping:
                    self.condition.wait()
                if self.stopping:
                    return
                job, self.pending = self.pending, None
            started = time.perf_counter()
            if self.write(job):
                self.on_written(job, time.perf_counter() - started)

    def write(self, job: SearchJob) -> bool:
        staging = self.out.parent / f".{self.out.name}.search-next"
        process = multiprocessing.get_context("spawn").Process(
            target=write_search_folder, args=(job.docs, str(staging)), daemon=True)
        process.start()
        while process.is_alive():
            process.join(0.1)
            if self.stopping:
                process.terminate()
                process.join()
                return False
        if process.exitcode != 0:
            return False
        move_files_into(staging, self.out / SEARCH_OUTPUT.rstrip("/"))
        return True


def move_files_into(staging: Path, folder: Path) -> None:
    """Each file, and each folder of shards, replaced whole; the folder also holds the search page,
    which stays."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(staging.iterdir()):
        target = folder / path.name
        if path.is_dir() and target.is_dir():
            old = folder / f".{path.name}.old"
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
            os.replace(path, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(path, target)
    staging.rmdir()


# ---- the HTTP side ------------------------------------------------------------------------------

PREVIEW_CLIENT_JS = r"""
(function () {
  "use strict";
  var preview = window.__editionPreview;
  var OVERLAY_ID = "edition-preview-overlay";

  function showProblems(problems) {
    var overlay = document.getElementById(OVERLAY_ID);
    if (!problems.length) {
      if (overlay) overlay.remove();
      return;
    }
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = OVERLAY_ID;
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:50vh;" +
        "overflow:auto;margin:0;padding:1em 1.5em;background:#2b0b0b;color:#ffe9e9;opacity:.95;" +
        "font:14px/1.5 ui-monospace,monospace;border-top:4px solid #e5484d;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    var heading = "Problems in the sources; pages show the last good version of each file.\n\n";
    overlay.textContent = heading + problems.map(function (p) {
      return p.path + (p.line ? ":" + p.line : "") + ": " + p.message;
    }).join("\n");
  }

  function check() {
    var url = preview.status + "?page=" + encodeURIComponent(location.pathname) + "&since=" + preview.generation;
    return fetch(url, {cache: "no-store"}).then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.reload) {
          location.reload();
          return;
        }
        showProblems(status.problems);
      })
      .catch(function () { /* the server is restarting; livereload.js reconnects and we check again */ });
  }

  function EditionPreviewPlugin() {}
  EditionPreviewPlugin.identifier = "edition-preview";
  EditionPreviewPlugin.version = "1.0";
  EditionPreviewPlugin.prototype.reload = function () {
    check();
    return true;  // we decide whether this page reloads
  };
  window.LiveReloadPluginEditionPreview = EditionPreviewPlugin;
  document.addEventListener("LiveReloadConnect", check);
})();
"""


# Served while there is no page to show, so that the overlay and the reload still reach the editor.
NOTHING_BUILT_PAGE = (b'<!doctype html><html><head><meta charset="utf-8"><title>Preview</title></head><body>'
                      b'<p>No page here yet: see the problems below and in the terminal.</p></body></html>')


def client_snippet(generation: int, port: int) -> bytes:
    settings = json.dumps({"generation": generation, "status": PREVIEW_PREFIX + "status"})
    # livereload.js backs off to 60 s between reconnects by default; a preview restarts in seconds.
    return (f'<script>window.__editionPreview={settings};</script>'
            f'<script src="{PREVIEW_PREFIX}client.js"></script>'
            f'<script src="/livereload.js?port={port}&amp;mindelay=250&amp;maxdelay=2000"></script>').encode()


def inject_client(html: bytes, snippet: bytes) -> bytes:
    at = html.lower().rfind(b"</body>")
    return html + snippet if at < 0 else html[:at] + snippet + html[at:]


def resolve_site_file(root: Path, url_path: str) -> tuple[Path | None, bool]:
    """(file to serve or None, whether the URL names a folder without its trailing slash)."""
    relative = unquote(url_path).lstrip("/")
    target = (root / relative).resolve()
    if not target.is_relative_to(root.resolve()):
        return None, False
    if target.is_dir():
        if relative and not url_path.endswith("/"):
            return None, True
        target = target / "index.html"
    return (target, False) if target.is_file() else (None, False)


def content_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    is_text = kind.startswith("text/") or kind.endswith(("javascript", "json", "xml"))
    return f"{kind}; charset=utf-8" if is_text else kind


class PreviewHandler(tornado.web.RequestHandler):
    def initialize(self, preview: Preview, port: int):
        self.preview = preview
        self.port = port

    def set_default_headers(self):
        # A preview must never show a cached page: every request goes to the file as it is now.
        self.set_header("Cache-Control", "no-store")


class SiteFileHandler(PreviewHandler):
    def get(self, url_path: str = ""):
        generation = self.preview.current_generation()  # before reading: a page is never newer than it says
        root = self.preview.paths.out
        target, needs_slash = resolve_site_file(root, "/" + url_path)
        if needs_slash:
            self.redirect(self.request.path + "/" + (f"?{self.request.query}" if self.request.query else ""))
            return
        if target is None:
            self.set_status(404)
            target = root / "404.html"
        try:
            body = target.read_bytes()
        except FileNotFoundError:  # no site yet (the first build failed), or removed by a rebuild just now
            self.set_status(404)
            target, body = Path("not-built.html"), NOTHING_BUILT_PAGE
        if target.suffix == ".html":
            body = inject_client(body, client_snippet(generation, self.port))
        self.set_header("Content-Type", content_type(target))
        self.finish(body)

    head = get  # tornado sends the headers of a HEAD response without its body


class StatusHandler(PreviewHandler):
    def get(self):
        page = page_path_for(self.get_argument("page", "/"))
        since = int(self.get_argument("since", "0") or 0)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(self.preview.status(page, since)))


class ClientScriptHandler(PreviewHandler):
    def get(self):
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.finish(PREVIEW_CLIENT_JS)


class LiveReloadScriptHandler(PreviewHandler):
    def get(self):
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.finish(LIVERELOAD_JS.read_bytes())


class LiveReloadSocket(tornado.websocket.WebSocketHandler):
    """The server side of the livereload protocol 7: hello, then info; we send reload."""

    def initialize(self, browsers: set):
        self.browsers = browsers

    def on_message(self, message):
        try:
            command = json.loads(message).get("command")
        except (ValueError, AttributeError):
            return
        if command == "hello":
            self.write_message({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"],
                                "serverName": "edition-preview"})
        elif command == "info":
            self.browsers.add(self)

    def on_close(self):
        self.browsers.discard(self)


def tell_browsers_to_check(browsers: set) -> None:
    for browser in list(browsers):
        try:
            browser.write_message({"command": "reload", "path": "/", "liveCSS": False, "liveImg": False})
        except tornado.websocket.WebSocketClosedError:
            browsers.discard(browser)


def make_application(preview: Preview, port: int, browsers: set) -> tornado.web.Application:
    shared = {"preview": preview, "port": port}
    return tornado.web.Application([
        (r"/livereload", LiveReloadSocket, {"browsers": browsers}),
        (r"/livereload\.js", LiveReloadScriptHandler, shared),
        (PREVIEW_PREFIX + r"status", StatusHandler, shared),
        (PREVIEW_PREFIX + r"client\.js", ClientScriptHandler, shared),
        (r"/(.*)", SiteFileHandler, shared),
    ])


# ---- running ------------------------------------------------------------------------------------

def say_with_time(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


async def run_preview(preview: Preview, host: str, port: int) -> None:
    """Serve until SIGINT or SIGTERM; the watcher rebuilds in its own thread meanwhile."""
    loop = asyncio.get_running_loop()
    sockets = tornado.netutil.bind_sockets(port, address=host)
    port = sockets[0].getsockname()[1]
    browsers: set = set()
    server = tornado.httpserver.HTTPServer(make_application(preview, port, browsers))
    server.add_sockets(sockets)
    preview.on_site_changed = lambda: loop.call_soon_threadsafe(tell_browsers_to_check, browsers)
    watcher = make_watcher(preview.paths.watched_trees(), preview.rebuild)
    watcher.start()
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    preview.say(f"serving on http://{host}:{port}/ (Ctrl-C to stop)")
    try:
        await stop.wait()
    finally:
        preview.say("stopping")
        server.stop()
        for browser in list(browsers):
            browser.close()
        watcher.stop()
        await server.close_all_connections()


def serve(config: SiteConfig, host: str = "127.0.0.1", port: int = 8000, content: Path | None = None,
          out: Path | None = None, seeds: Path | None = None) -> int:
    """Build, then serve with live reload until Ctrl-C. Returns the exit status."""
    paths = PreviewPaths(content=Path(content or config.paths.content), out=Path(out or config.paths.output),
                         seeds=Path(seeds or config.paths.seeds), config=Path(config.source_path))
    preview = Preview(config, paths, say=say_with_time)
    preview.search_indexer = SearchIndexer(paths.out, preview.search_index_written)
    preview.search_indexer.start()
    preview.build_first()
    if preview.state is not None:
        save_state(paths.out, preview.state_as_on_disk())
    status = 0
    try:
        asyncio.run(run_preview(preview, host, port))
    except KeyboardInterrupt:  # where signal handlers cannot be installed
        pass
    except OSError as error:  # the port is taken, or the address is not this machine's
        print(f"error: cannot serve on {host}:{port}: {error.strerror or error}", file=sys.stderr)
        status = 2
    finally:
        preview.search_indexer.stop()
    if preview.state is not None:
        save_state(paths.out, preview.state_as_on_disk())  # so the next `build` knows what the preview wrote
    return status

"""Shared fixtures: the seeds built into a site, served by a real HTTP server under a sub-path,
and a real Chromium. ../shared (the acceptance data) is read in place where it exists."""
from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CHROMIUM = Path("/usr/bin/chromium")
SUB_PATH = "REPO"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]


def run_build_py(*args: str, cwd: Path = ROOT, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True,
                            text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"build.py {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the acceptance data in ../shared sits beside the clone in CI")
    return path


GOLD_SETS = [(SHARED / "acceptance" / "seeds-gold.yaml", ROOT / "seeds"),
             (SHARED / "acceptance" / "dev" / "gold.yaml", SHARED / "acceptance" / "dev" / "raw")]


def gold_articles():
    """(gold entry, raw file) of every article an editor's reference covers, as pytest params."""
    import yaml

    for gold, raw_dir in GOLD_SETS:
        if gold.exists():
            for entry in yaml.safe_load(gold.read_text(encoding="utf-8")):
                yield pytest.param(entry, raw_dir / entry["file"], id=entry["file"])


def clean_raw_file(raw_path: Path):
    from edition.clean import clean_article
    from edition.raw import read_raw

    return clean_article(read_raw(raw_path, str(raw_path)))


@pytest.fixture(scope="session")
def seeds_content(tmp_path_factory) -> Path:
    """The seeds ingested into a fresh content folder."""
    content = tmp_path_factory.mktemp("content")
    run_build_py("ingest", "--seeds", str(ROOT / "seeds"), "--content", str(content))
    return content


@pytest.fixture(scope="session")
def seeds_site(tmp_path_factory, seeds_content) -> Path:
    """A site built from the seeds, at <served root>/REPO/ so it can be served under a sub-path."""
    served_root = tmp_path_factory.mktemp("served")
    site = served_root / SUB_PATH
    run_build_py("build", "--content", str(seeds_content), "--out", str(site))
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_folder(folder: Path):
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="session")
def site_server(seeds_site) -> str:
    """Base URL, ending in /REPO/, of the seeds site served over HTTP on 127.0.0.1."""
    server = serve_folder(seeds_site.parent)
    yield f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (make test installs it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def fresh_copy(tmp_path):
    """Copy a folder into tmp_path; used where a test changes files."""
    def copy(folder: Path, name: str | None = None) -> Path:
        target = tmp_path / (name or folder.name)
        shutil.copytree(folder, target)
        return target
    return copy

"""Golden test of the built site's structure.

The seeds' content, frozen in tests/golden/content/ (so that better extraction does not move it), is
built and reduced to a compact form: every output path, and for each page its <title>, its <h1> and
the set of site paths it links to. Wording, styling and markup details can change freely; a page
that disappears, loses a link or gains a wrong one fails the test.

When a change of structure is intended, regenerate both the frozen content and the golden form:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_site.py
"""
from __future__ import annotations

import difflib
import json
import os
import posixpath
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from conftest import ROOT, run_build_py

GOLDEN = ROOT / "tests" / "golden"
FROZEN_CONTENT = GOLDEN / "content"
GOLDEN_FILE = GOLDEN / "seeds_site.json"
# Files that belong to other stages' internals (the search index shards, scripts, stylesheets): the golden
# form neither lists them nor the links to them; test_site_build checks that every link resolves.
OPAQUE = ("assets/", "search/")


class PageOutline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.title = self.h1 = ""
        self.links: set[str] = set()
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("title", "h1") and not getattr(self, tag):
            self._in = tag
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.add(value)

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in:
            setattr(self, self._in, (getattr(self, self._in) + data))


def site_path(page: str, link: str) -> str | None:
    """The site path a relative link points at, or None for an external or same-page link."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", link, re.I) or link.startswith("#"):
        return None
    path = unquote(urlsplit(link).path)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return joined + "/index.html" if path.endswith("/") else joined


def outline(site: Path) -> dict:
    outputs = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    pages = {}
    for path in outputs:
        if not path.endswith(".html"):
            continue
        parsed = PageOutline()
        parsed.feed((site / path).read_text(encoding="utf-8"))
        links = sorted({target for link in parsed.links
                        if (target := site_path(path, link)) and not (target.startswith(OPAQUE)
                                                                      and not target.endswith("index.html"))})
        pages[path] = {"title": " ".join(parsed.title.split()), "h1": " ".join(parsed.h1.split()), "links": links}
    listed = [p for p in outputs if not p.startswith(OPAQUE) or p.endswith("index.html")]
    return {"outputs": listed, "pages": pages}


def regenerate(tmp_path: Path) -> None:
    if FROZEN_CONTENT.exists():
        shutil.rmtree(FROZEN_CONTENT)
    run_build_py("ingest", "--seeds", str(ROOT / "seeds"), "--content", str(FROZEN_CONTENT))
    site = tmp_path / "site"
    run_build_py("build", "--content", str(FROZEN_CONTENT), "--out", str(site))
    GOLDEN_FILE.write_text(json.dumps(outline(site), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def differences(expected: dict, actual: dict) -> list[str]:
    problems = []
    for line in difflib.unified_diff(expected["outputs"], actual["outputs"], "golden outputs", "built outputs",
                                     lineterm="", n=0):
        if line[:1] in "+-" and not line.startswith(("+++", "---")):
            problems.append(line)
    for path in sorted(set(expected["pages"]) & set(actual["pages"])):
        want, got = expected["pages"][path], actual["pages"][path]
        for key in ("title", "h1"):
            if want[key] != got[key]:
                problems.append(f"{path}: {key} {want[key]!r} -> {got[key]!r}")
        lost, gained = set(want["links"]) - set(got["links"]), set(got["links"]) - set(want["links"])
        if lost or gained:
            problems.append(f"{path}: links lost {sorted(lost)}, gained {sorted(gained)}")
    return problems


def test_built_seeds_site_matches_the_golden_outline(tmp_path):
    if os.environ.get("UPDATE_GOLDEN"):
        regenerate(tmp_path)
    assert GOLDEN_FILE.exists(), "no golden yet: UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_site.py"
    site = tmp_path / "built"
    run_build_py("build", "--content", str(FROZEN_CONTENT), "--out", str(site))
    problems = differences(json.loads(GOLDEN_FILE.read_text(encoding="utf-8")), outline(site))
    assert not problems, ("the site's structure changed (regenerate with UPDATE_GOLDEN=1 if intended):\n"
                          + "\n".join(problems[:60]))

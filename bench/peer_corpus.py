"""The benchmark corpus, written for the peer tools: Hugo, Pelican and MkDocs.

Each exporter reads our content files (so every tool builds exactly the same articles) and writes a
ready-to-build project: the settings from bench/peers/<tool>/ plus the articles in that tool's format.

- Hugo: front matter with the taxonomies localities, officials and directives.
- Pelican: category = locality, tags = officials and directive ids.
- MkDocs: docs/ with every article in the nav, grouped by year; the search plugin on.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

# libyaml when present: ten thousand files read and written in pure Python take minutes.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

PEERS = Path(__file__).resolve().parent / "peers"
CAPTION_MARK = "{: .caption }"
TOOLS = ("hugo", "pelican", "mkdocs")


@dataclass
class PeerArticle:
    slug: str
    title: str
    date: str | None  # a full ISO day, or None when the report carries none
    locality: str | None
    officials: list[str]
    directives: list[str]
    body: str


def full_day(value) -> str | None:
    """Peers need a day: a month-only date becomes the month's first day, a year its 1 January."""
    if value is None or value == "":
        return None
    text = str(value)[:10].rstrip("~?%")
    if "/" in text or "X" in text:
        return None
    parts = text.split("-") + ["01", "01"]
    return "-".join(parts[:3])


def read_content(content_dir: Path) -> list[PeerArticle]:
    articles = []
    for path in sorted((content_dir / "articles").glob("*.md")):
        _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
        front = yaml.load(head, Loader=YAML_LOADER)
        articles.append(PeerArticle(
            slug=front["slug"], title=str(front["title"]), date=full_day(front.get("date")),
            locality=front.get("locality"),
            officials=[o["name"] for o in front.get("officials") or []],
            directives=[d["id"] for d in front.get("directives") or []],
            body=body.strip("\n") + "\n",
        ))
    return articles


def fresh_project(tool: str, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(PEERS / tool, dest)
    return dest


def front_matter(values: dict) -> str:
    return "---\n" + yaml.dump(values, Dumper=YAML_DUMPER, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


def write_hugo(articles: list[PeerArticle], dest: Path) -> Path:
    project = fresh_project("hugo", dest)
    folder = project / "content" / "articles"
    folder.mkdir(parents=True)
    for a in articles:
        values = {"title": a.title, "slug": a.slug}
        if a.date:
            values["date"] = a.date
        values.update({"localities": [a.locality] if a.locality else [], "officials": a.officials,
                       "directives": a.directives})
        body = a.body.replace(CAPTION_MARK, "{.caption}")
        (folder / f"{a.slug}.md").write_text(front_matter(values) + body, encoding="utf-8")
    return project


def write_pelican(articles: list[PeerArticle], dest: Path) -> Path:
    project = fresh_project("pelican", dest)
    folder = project / "content"
    folder.mkdir(parents=True)
    for a in articles:
        lines = [f"Title: {a.title}", f"Slug: {a.slug}"]
        if a.date:
            lines.append(f"Date: {a.date}")
        if a.locality:
            lines.append(f"Category: {a.locality}")
        tags = a.officials + a.directives
        if tags:
            lines.append(f"Tags: {', '.join(tags)}")
        (folder / f"{a.slug}.md").write_text("\n".join(lines) + "\n\n" + a.body, encoding="utf-8")
    return project


def mkdocs_nav(articles: list[PeerArticle], full: bool) -> list:
    if not full:
        return [{"Trang chủ": "index.md"}]
    years: dict[str, list[str]] = {}
    for a in sorted(articles, key=lambda a: (a.date or "", a.slug)):
        years.setdefault(a.date[:4] if a.date else "Không rõ năm", []).append(f"articles/{a.slug}.md")
    return [{"Trang chủ": "index.md"}] + [{year: pages} for year, pages in years.items()]


def write_mkdocs(articles: list[PeerArticle], dest: Path, full_nav: bool = True) -> Path:
    project = fresh_project("mkdocs", dest)
    docs = project / "docs" / "articles"
    docs.mkdir(parents=True)
    (project / "docs" / "index.md").write_text(f"# Bản tin\n\n{len(articles)} bài.\n", encoding="utf-8")
    for a in articles:
        facts = "; ".join(filter(None, [a.date, a.locality, ", ".join(a.officials), ", ".join(a.directives)]))
        text = front_matter({"title": a.title}) + f"# {a.title}\n\n{facts}\n\n{a.body}"
        (docs / f"{a.slug}.md").write_text(text, encoding="utf-8")
    config_path = project / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["nav"] = mkdocs_nav(articles, full_nav)
    text = yaml.dump(config, Dumper=YAML_DUMPER, allow_unicode=True, sort_keys=False, width=1000)
    config_path.write_text(text, encoding="utf-8")
    return project


def write_peer_corpora(content_dir: Path, dest: Path, tools=TOOLS, mkdocs_full_nav: bool = True) -> dict[str, Path]:
    """Write one project per tool under dest/<tool>/ and return their folders. Without the full nav,
    MkDocs still builds every page; its nav links only the home page (its nav is quadratic in pages)."""
    articles = read_content(content_dir)
    writers = {"hugo": write_hugo, "pelican": write_pelican,
               "mkdocs": lambda a, d: write_mkdocs(a, d, mkdocs_full_nav)}
    return {tool: writers[tool](articles, dest / tool) for tool in tools}

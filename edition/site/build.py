"""The build stage: content/ -> site/.

Read and check every article, collect the registers, then write every page into a fresh folder
that replaces the published one only when the whole build succeeded.
"""
from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from edition.config import SiteConfig
from edition.content import read_content_dir
from edition.model import Problem
from edition.search import SearchDoc, write_search_index
from edition.site import outputs
from edition.site.context import (
    LEVELS, SiteContext, article_entry, collect_context, related_articles,
)
from edition.site.markdown_render import make_renderer, render_body
from edition.site.pages import PageWriter

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
LUNR_JS = PROJECT_ROOT / "node_modules" / "lunr" / "lunr.min.js"


@dataclass
class BuildResult:
    built: bool = False
    page_count: int = 0
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)


def check_duplicate_slugs(articles) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for article in articles:
        other = seen.setdefault(article.slug, article.path)
        if other != article.path:
            problems.append(Problem(article.path, f"slug {article.slug!r} is already used by {other}", 2))
    return problems


def load_site_context(content_dir: Path) -> tuple[SiteContext | None, list[Problem]]:
    articles, problems = read_content_dir(content_dir)
    problems += check_duplicate_slugs(articles)
    if any(p.severity == "error" for p in problems):
        return None, problems
    renderer = make_renderer()
    entries = [article_entry(a, render_body(a.body, renderer)) for a in articles]
    return collect_context(entries), problems


def build_site(content_dir: Path, out_dir: Path, config: SiteConfig) -> BuildResult:
    started = time.perf_counter()
    result = BuildResult()
    context, result.problems = load_site_context(content_dir)
    if context is None:
        return result
    staging = out_dir.parent / f".{out_dir.name}.building"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        result.page_count = write_site(context, staging, config)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    replace_dir(staging, out_dir)
    result.built = True
    result.seconds = time.perf_counter() - started
    return result


def replace_dir(new: Path, target: Path) -> None:
    """Swap the finished build in; the old site stays whole until the new one is complete."""
    old = target.parent / f".{target.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def write_site(context: SiteContext, out: Path, config: SiteConfig) -> int:
    writer = PageWriter(out, config)
    writer.globals["context"] = context
    writer.page("index.html", "index.html", latest=context.articles[:10],
                most_cited=sorted(context.directives.values(), key=lambda d: (-len(d.citations), d.label))[:10],
                timeline=context.article_counts_by_month())
    for article in context.articles:
        writer.page(f"articles/{article.slug}/index.html", "article.html", article=article,
                    related=related_articles(article, context), directives=context.directives)
        copy_raw_source(article, out / "articles" / article.slug)
    grouped = {level: [d for d in context.directives.values() if d.level == level] for level in LEVELS}
    writer.page("directives/index.html", "directives_index.html", grouped=grouped)
    for entry in context.directives.values():
        writer.page(f"directives/{entry.id}/index.html", "directive.html", entry=entry)
    writer.page("officials/index.html", "officials_index.html")
    for entry in context.officials.values():
        writer.page(f"officials/{entry.slug}/index.html", "official.html", entry=entry)
    writer.page("localities/index.html", "localities_index.html")
    for entry in context.localities.values():
        writer.page(f"localities/{entry.slug}/index.html", "locality.html", entry=entry)
    writer.page("years/index.html", "years_index.html")
    for entry in context.years.values():
        writer.page(f"years/{entry.year}/index.html", "year.html", entry=entry)
    writer.page("about/index.html", "about.html")
    writer.page("search/index.html", "search.html")
    writer.page("404.html", "404.html", in_sitemap=False)

    write_search_index([search_doc(a) for a in context.articles], out / "search")
    writer.text("data/articles.json", outputs.articles_json(context, config))
    writer.text("data/articles.csv", outputs.articles_csv(context, config))
    for name, text in outputs.registers_json(context, config).items():
        writer.text(f"data/{name}", text)
    writer.text("feed.xml", outputs.atom_feed(context, config))
    writer.text("sitemap.xml", outputs.sitemap(writer.sitemap_paths, config))
    writer.text(".nojekyll", "")
    copy_assets(out)
    return writer.page_count


def search_doc(article) -> SearchDoc:
    return SearchDoc(
        url=article.url, title=article.title, date=article.date, year=article.year, locality=article.locality,
        directives=tuple(d.label for d in article.directives), directive_ids=tuple(d.id for d in article.directives),
        officials=tuple(o.name for o in article.officials), text=article.body.text,
    )


def copy_raw_source(article, page_dir: Path) -> None:
    """Provenance: the raw scraped text beside the article page, when the raw file is at hand."""
    if not article.source:
        return
    raw = Path(article.source)
    if not raw.is_absolute():
        raw = Path.cwd() / raw
    if raw.is_file():
        shutil.copyfile(raw, page_dir / "source.txt")


def copy_assets(out: Path) -> None:
    assets = out / "assets"
    shutil.copytree(PROJECT_ROOT / "assets", assets, dirs_exist_ok=True)
    if LUNR_JS.exists():
        shutil.copyfile(LUNR_JS, assets / "lunr.min.js")

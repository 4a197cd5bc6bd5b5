"""The build stage: content/ -> site/.

Read and check every article, collect the registers, plan every output with a fingerprint of what
it shows, then render only the outputs whose fingerprint changed since the last build.

- A cold build writes into a fresh folder that replaces the published one only when complete.
- A rebuild (the live preview, or a second `build`) reuses the parsed and rendered articles whose
  files did not change and rewrites only the pages whose inputs changed; everything is rendered
  in memory first, so an error leaves the published site as it was.
"""
from __future__ import annotations

import gc
import hashlib
import os
import pickle
import shutil
import stat
import time

import jinja2
from dataclasses import dataclass, field
from pathlib import Path

from edition.config import SiteConfig
from edition.content import ContentError, parse_content
from edition.model import ContentArticle, Problem
from edition.search import SearchDoc, write_search_index
from edition.site import citations, outputs
from edition.site.context import (
    RELATED_FANOUT, ArticleEntry, SiteContext, article_entry, collect_context, load_known_directives, newest_first,
    related_articles,
)
from edition.site.markdown_render import render_body
from edition.site.pages import STRINGS, TEMPLATES, PageWriter
from edition.site.parallel import Beside, map_in_workers

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
ASSETS = PROJECT_ROOT / "assets"
LUNR_JS = PROJECT_ROOT / "node_modules" / "lunr" / "lunr.min.js"
STATE_VERSION = 4  # 3: article entries keep the portal, not the whole front matter; 4: file stats
# A file whose time is this close to (or after) the last reading is read again even if its size and
# time look unchanged: a coarse file clock may have given a later save the same time.
FILE_CLOCK_SECONDS = 2.0
# The search index is one process's work and the longest: page workers at this niceness leave it a
# whole core and take what it does not use (at 10,000 articles, sharing evenly made it 2x slower).
BESIDE_PRIORITY = 10
# From this many outputs, page workers are replaced as they go (parallel.BATCHES_PER_LIFE), so that they
# and the search index together stay within 1 GiB at 10,000 articles.
RECYCLED_RENDERING = 8000
# From this many articles, the search index's process gives the memory it frees back to the system
# (edition/memory.py): kept for reuse, it grew the index's peak by 190 MB at 10,000 articles (706 against
# 517 MiB). Below, the memory is worth less than the page faults of taking it fresh: at 1,000 articles,
# 0.25 s of system time in the index against 0.10 s.
INDEX_RETURNS_MEMORY_FROM = 5000


@dataclass
class Output:
    """One file of the site: a page (template + values) or a text made by a function."""

    path: str
    fingerprint: str
    template: str | None = None
    values: dict = field(default_factory=dict)
    make_text: object = None  # callable returning the file's text, for non-page outputs
    in_sitemap: bool = True
    make_values: object = None  # callable returning the page's values, when costly and maybe not needed

    def page_values(self) -> dict:
        return self.make_values() if self.make_values else self.values


@dataclass
class BuildState:
    """What a build remembers for the next: parsed articles by file hash, output fingerprints."""

    version: int = STATE_VERSION
    articles: dict[str, tuple[str, ArticleEntry]] = field(default_factory=dict)  # path -> (file hash, entry)
    file_stats: dict[str, tuple[int, int]] = field(default_factory=dict)  # path -> (size, mtime_ns) when read
    read_at: float = 0.0  # when the files were last listed (time.time())
    fingerprints: dict[str, str] = field(default_factory=dict)  # output path -> fingerprint
    out_dir: str | None = None


@dataclass
class BuildResult:
    built: bool = False
    page_count: int = 0
    seconds: float = 0.0
    search_seconds: float | None = None  # writing the search index, beside the pages
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    state: BuildState | None = None
    context: SiteContext | None = None


def digest(*parts: object) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(repr(part).encode("utf-8"))
        hasher.update(b"\x00")
    return hasher.hexdigest()[:32]


def design_fingerprint(config: SiteConfig) -> str:
    """Everything every page depends on: templates, interface strings, settings, register data,
    and the code that turns content into pages (a kept build state must not outlive a code change)."""
    files = sorted(TEMPLATES.rglob("*.html")) + [STRINGS] + sorted(Path(__file__).parent.glob("*.py"))
    known = load_known_directives()
    return digest(config, [(p.name, p.read_bytes()) for p in files], sorted(known.items(), key=str))


# ---- reading ------------------------------------------------------------------------------------

def read_articles(content_dir: Path, state: BuildState) -> tuple[list[ArticleEntry], list[Problem], dict]:
    """Parse and render each content file, reusing the entries of files that did not change: those
    whose size and time are as last read (and not too recent to tell), or else whose bytes hash the same.
    The workers read the files themselves: the parent never holds the whole content at once."""
    listed_at = time.time()
    stats = {str(path): file_stat(path) for path in sorted((content_dir / "articles").glob("*.md"))}
    cache, problems, maybe_changed = ArticleCache(), [], []
    settled = (state.read_at - FILE_CLOCK_SECONDS) * 1e9
    for shown, stat in stats.items():
        if shown in state.articles and state.file_stats.get(shown) == stat and stat[1] < settled:
            cache[shown] = state.articles[shown]
        else:
            maybe_changed.append((shown, state.articles.get(shown)))
    for shown, file_hash, entry, found in map_in_workers(read_article_if_changed, maybe_changed):
        problems.extend(found)
        if entry is None and not found:
            cache[shown] = state.articles[shown]
        elif entry is not None:
            cache[shown] = (file_hash, entry)
    cache.file_stats = {shown: stats[shown] for shown in cache}
    cache.read_at = listed_at
    entries = [cache[shown][1] for shown in sorted(cache)]
    return entries, problems, cache


class ArticleCache(dict):
    """path -> (file hash, entry) of every article read, with the files' sizes and times then."""

    file_stats: dict[str, tuple[int, int]]
    read_at: float


def file_stat(path: Path) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_size, stat.st_mtime_ns


def read_article_if_changed(item: tuple[str, tuple | None]) -> tuple[str, str, ArticleEntry | None, list[Problem]]:
    """(path, hash, entry, problems) of a content file; entry None and no problem: unchanged since cached."""
    shown, cached = item
    try:
        data = Path(shown).read_bytes()
    except OSError as exc:
        return shown, "", None, [Problem(shown, f"cannot be read: {exc.strerror}")]
    file_hash = hashlib.sha256(data).hexdigest()
    if cached and cached[0] == file_hash:
        return shown, file_hash, None, []
    return read_article((shown, file_hash, data))


def read_article(item: tuple[str, str, bytes]) -> tuple[str, str, ArticleEntry | None, list[Problem]]:
    shown, file_hash, data = item
    try:
        article, found = parse_content(data.decode("utf-8"), shown)
    except UnicodeDecodeError as exc:
        return shown, file_hash, None, [Problem(shown, f"not UTF-8 text: {exc.reason} at byte {exc.start}")]
    except ContentError as exc:
        return shown, file_hash, None, [exc.problem]
    if found:
        return shown, file_hash, None, found
    entry = article_entry(article, render_body(article.body))
    entry.digest = file_hash
    entry.meta_digest = digest(sorted(article.front_matter.items(), key=lambda item: item[0]))
    return shown, file_hash, entry, []


def check_duplicate_slugs(entries: list[ArticleEntry]) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for entry in entries:
        other = seen.setdefault(entry.slug, entry.path)
        if other != entry.path:
            problems.append(Problem(entry.path, f"slug {entry.slug!r} is already used by {other}", 2))
    return problems


def read_and_check(content_dir: Path, state: BuildState | None) -> tuple[list[ArticleEntry], list[Problem], dict]:
    """(entries, problems, article cache): every article read, then their slugs checked against each other."""
    entries, problems, cache = read_articles(content_dir, state or BuildState())
    return entries, problems + check_duplicate_slugs(entries), cache


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def load_site_context(content_dir: Path, state: BuildState | None = None, collect_despite_errors: bool = False):
    """Read, check and collect: (context, problems, article cache). The context is None when
    there are errors, unless asked for anyway (the checks go on over the readable articles)."""
    entries, problems, cache = read_and_check(content_dir, state)
    if has_errors(problems) and not collect_despite_errors:
        return None, problems, cache
    return collect_context(entries), problems, cache


# ---- planning -----------------------------------------------------------------------------------

def entry_fingerprints(context: SiteContext) -> dict[str, str]:
    """For each directive and official that can relate articles, a digest of the articles it lists.

    An article page shows its related articles, found through these entries; an entry listed in
    very many articles relates nothing (see related_articles), so it does not make pages stale."""
    prints = {}
    for key, entry in context.directives.items():
        if len(entry.citations) <= RELATED_FANOUT:
            prints[f"d:{key}"] = digest([(c.article.slug, c.article.digest) for c in entry.citations])
    for key, entry in context.officials.items():
        if len(entry.appearances) <= RELATED_FANOUT:
            prints[f"o:{key}"] = digest([(a.slug, a.digest) for a, _ in entry.appearances])
    return prints


def plan_outputs(context: SiteContext, config: SiteConfig) -> list[Output]:
    """Every file of the site with the fingerprint of what it shows.

    A fingerprint covers exactly the data its output displays, so a rebuild after one edit
    redraws that article, the register pages that list it, and the few summaries whose figures
    moved; an edit to the words of one article leaves the indexes and exports alone."""
    design = design_fingerprint(config)
    plan: list[Output] = []
    neighbourhoods = entry_fingerprints(context)
    metadata = digest([(a.slug, a.meta_digest) for a in context.articles])

    def page(path, template, deps, in_sitemap=True, make_values=None, **values):
        plan.append(Output(path, digest(design, path, deps), template, values, in_sitemap=in_sitemap,
                           make_values=make_values))

    home_latest = context.articles[:8]
    most_cited = context.most_cited(10)
    timeline = context.article_counts_by_month()
    page("index.html", "index.html",
         ([a.digest for a in home_latest], [(d.id, d.label, d.issuer, len(d.citations)) for d in most_cited],
          timeline, [len(register) for register in (context.articles, context.directives, context.officials,
                                                    context.localities, context.years)]),
         latest=home_latest, most_cited=most_cited, timeline=timeline)
    for article in context.articles:
        entries = [f"d:{d.id}" for d in article.directives] + [f"o:{o.slug}" for o in article.officials]
        page(article_page(article), "article.html",
             (article.digest, [neighbourhoods.get(e) for e in entries],
              [(context.directives[d.id].label, context.directives[d.id].issuer) for d in article.directives]),
             make_values=lambda a=article: article_page_values(a, context))
    page("directives/index.html", "directives_index.html",
         [(d.id, d.label, d.type, d.number, d.issuer, d.level, len(d.citations)) for d in context.directives.values()],
         grouped=context.directives_by_level())
    for entry in context.directives.values():
        page(f"directives/{entry.id}/index.html", "directive.html", [c.article.digest for c in entry.citations],
             entry=entry)
    page("officials/index.html", "officials_index.html",
         [(o.slug, o.name, len(o.appearances), o.appearances[0][1]) for o in context.officials.values()])
    for entry in context.officials.values():
        colleagues = [(slug, context.officials[slug].name) for slug in entry.colleagues]
        page(f"officials/{entry.slug}/index.html", "official.html",
             ([a.digest for a, _ in entry.appearances], colleagues), entry=entry)
    page("localities/index.html", "localities_index.html",
         [(l.slug, l.name, len(l.articles), sorted(l.districts.items())) for l in context.localities.values()])
    for entry in context.localities.values():
        page(f"localities/{entry.slug}/index.html", "locality.html",  # + labels of the documents it lists
             ([a.digest for a in entry.articles], [context.directives[i].label for i, _ in entry.directives_cited()]),
             entry=entry)
    years = [(y.year, len(y.articles)) for y in context.years.values()]
    page("years/index.html", "years_index.html",  # + the chart by month and the undated articles it lists
         (years, timeline, [a.digest for a in context.articles if not a.year]))
    for entry in context.years.values():
        page(f"years/{entry.year}/index.html", "year.html", ([a.digest for a in entry.articles], years), entry=entry)
    page("about/index.html", "about.html", design)
    page("search/index.html", "search.html", design)
    page("404.html", "404.html", design, in_sitemap=False)

    def text(path, make_text, deps):
        plan.append(Output(path, digest(design, path, deps), make_text=make_text))

    registers = _once(lambda: outputs.registers_json(context, config))
    text("data/articles.json", lambda: outputs.articles_json(context, config), metadata)
    text("data/articles.csv", lambda: outputs.articles_csv(context, config), metadata)
    for name in ("directives.json", "officials.json", "localities.json", "years.json"):
        # directives.json quotes the sentence of each citation, so it follows the words too
        deps = [a.digest for a in context.articles] if name == "directives.json" else metadata
        text(f"data/{name}", lambda name=name: registers()[name], deps)
    text("feed.xml", lambda: outputs.atom_feed(context, config), [a.digest for a in context.articles[:50]])
    sitemap_paths = [o.path for o in plan if o.template and o.in_sitemap]
    text("sitemap.xml", lambda: outputs.sitemap(sitemap_paths, config), sitemap_paths)
    text(".nojekyll", lambda: "", "")
    # Each article page carries its own BibTeX and CSL-JSON; the edition's are here in one file each.
    text("data/citations.bib", lambda: "\n".join(citations.bibtex(a, config) for a in context.articles), metadata)
    text("data/citations.json", lambda: citations.csl_json_all(context.articles, config), metadata)
    return plan


def article_page(article: ArticleEntry) -> str:
    return f"articles/{article.slug}/index.html"


def article_page_values(article: ArticleEntry, context: SiteContext) -> dict:
    """What article.html is given: the article, its related articles, the register of directives."""
    return {"article": article, "related": related_articles(article, context), "directives": context.directives}


def _once(make):
    """make(), computed the first time it is asked for and kept."""
    kept = []

    def get():
        if not kept:
            kept.append(make())
        return kept[0]
    return get


def timed_search_index(docs: list[SearchDoc], folder: Path) -> float:
    """Write the search index; the seconds it took."""
    started = time.perf_counter()
    write_search_index(docs, folder)
    return time.perf_counter() - started


def search_index_beside(docs: list[SearchDoc], folder: Path) -> Beside:
    large = len(docs) >= INDEX_RETURNS_MEMORY_FROM
    return Beside(timed_search_index, docs, folder, return_large_blocks=large)


def search_doc(article: ArticleEntry) -> SearchDoc:
    return SearchDoc(
        url=article.url, title=article.title, date=article.date, year=article.year, locality=article.locality,
        directives=tuple(d.label for d in article.directives), directive_ids=tuple(d.id for d in article.directives),
        officials=tuple(o.name for o in article.officials), paragraphs=tuple(text for _, text in article.body.paragraphs),
    )


# ---- the page of an article whose words alone changed ----------------------------------------------

def render_reworded_articles(paths: list[str], config: SiteConfig, state: BuildState | None,
                             context: SiteContext | None) -> dict[str, str]:
    """{page path: text} for the articles among `paths` whose front matter is as in the last build,
    rendered from that build's context, before (and without) a rebuild.

    Besides its own entry, an article page shows the labels and issuers of its directives and its
    related articles, all of which follow from front matter alone; so while the front matter is as
    last built, the page comes out exactly as the rebuild will make it. New files, unreadable or
    invalid ones and front-matter edits are left to the rebuild."""
    if state is None or context is None:
        return {}
    pages = {}
    writer = None
    for shown in paths:
        cached = state.articles.get(shown)
        if cached is None or context.by_slug.get(cached[1].slug) is not cached[1]:
            continue
        _, _, entry, problems = read_article_if_changed((shown, cached))
        if entry is None or problems or entry.meta_digest != cached[1].meta_digest:
            continue  # unchanged, unreadable, invalid, or its front matter changed
        if writer is None:
            writer = PageWriter(Path(state.out_dir or "."), config)
            writer.globals["context"] = context
        pages[article_page(entry)] = writer.render(article_page(entry), "article.html",
                                                   **article_page_values(entry, context))
    return pages


# ---- writing ------------------------------------------------------------------------------------

def render_changed(plan: list[Output], context: SiteContext, config: SiteConfig, previous: dict[str, str],
                   out_dir: Path) -> dict[str, str]:
    """Render, in memory, every output whose fingerprint changed or whose file is missing."""
    todo = [o for o in plan if previous.get(o.path) != o.fingerprint or not (out_dir / o.path).exists()]
    writer = PageWriter(out_dir, config)
    writer.globals["context"] = context

    def render(output: Output) -> str:
        if output.template:
            return writer.render(output.path, output.template, **output.page_values())
        return output.make_text()

    return dict(zip((o.path for o in todo), map_in_workers(render, todo)))


def render_into(plan: list[Output], context: SiteContext, config: SiteConfig, target: Path,
                niceness: int = 0) -> list[str]:
    """Render every output straight into a fresh folder (a cold build), in parallel where it pays."""
    writer = PageWriter(target, config)
    writer.globals["context"] = context
    writer.compile_templates()

    made_folders: set[Path] = set()

    def render_and_write(output: Output) -> str:
        text = writer.render(output.path, output.template, **output.page_values()) if output.template else output.make_text()
        path = target / output.path
        if path.parent not in made_folders:  # the staging folder is fresh: no rename needed, no folder twice
            path.parent.mkdir(parents=True, exist_ok=True)
            made_folders.add(path.parent)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        return output.path

    exports = [o for o in plan if not o.template]
    recycle = len(plan) >= RECYCLED_RENDERING
    # The exports (each made from every article, the largest outputs by far) go first. Workers take the
    # outputs in runs, in order: at the end of the plan, the exports made one last run that a single
    # worker rendered while the others had nothing left (0.3-0.6 s of 7 at 10,000 articles).
    # Recycled workers take each export as a batch of its own: the memory an export leaves in a worker
    # then goes with it after four exports, not after four batches of pages (at 10,000 articles, a worker
    # that began with the exports stayed at ~235 MiB, twice the others, until the search index's peak).
    return map_in_workers(render_and_write, exports + [o for o in plan if o.template], niceness,
                          recycle=recycle, alone=len(exports) if recycle else 0)


def write_text(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    os.replace(tmp, target)


def is_on_disk(target: Path, text: str) -> bool:
    """Whether the file already holds this text (a page written ahead of its rebuild keeps its time)."""
    data = text.encode("utf-8")
    try:
        if target.stat().st_size != len(data):
            return False
        return target.read_bytes() == data
    except OSError:
        return False


def copy_if_changed(source: Path, target: Path) -> bool:
    """Copy unless the target is already this file; a copy keeps the source's time, so the
    check needs two stats, not two reads (a rebuild checks every article's raw source)."""
    try:
        source_stat, target_stat = source.stat(), target.stat()
        if (source_stat.st_size, source_stat.st_mtime_ns) == (target_stat.st_size, target_stat.st_mtime_ns):
            return False
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return True


def static_files(context: SiteContext) -> dict[str, Path]:
    """Files copied as they are: assets, lunr.js, and each article's raw source text (provenance)."""
    files = {f"assets/{p.relative_to(ASSETS).as_posix()}": p for p in sorted(ASSETS.rglob("*")) if p.is_file()}
    if LUNR_JS.exists():
        files["assets/lunr.min.js"] = LUNR_JS
    for article in context.articles:
        raw = Path(article.source) if article.source else None
        if raw is not None and not raw.is_absolute():
            raw = Path.cwd() / raw
        if raw is not None and raw.is_file():
            files[f"articles/{article.slug}/source.txt"] = raw
    return files


def search_fingerprint(context: SiteContext, config: SiteConfig) -> str:
    search_code = sorted((p.name, p.read_bytes()) for p in (PROJECT_ROOT / "edition" / "search").glob("*.py"))
    return digest(search_code, [a.digest for a in context.articles])


def build_site(content_dir: Path, out_dir: Path, config: SiteConfig, state: BuildState | None = None,
               write_search=None) -> BuildResult:
    """Build the site. With the state of the previous build of the same folder, rebuild what changed.

    `write_search(docs, folder)` replaces write_search_index: the live preview defers the index, the
    slowest output, so that pages reach the browser first."""
    started = time.perf_counter()
    result = BuildResult()
    if state is not None and (state.out_dir != str(out_dir.resolve()) or not out_dir.exists()):
        state = None
    entries, result.problems, article_cache = read_and_check(content_dir, state)
    if has_errors(result.problems):
        result.state = state
        return result

    entries = newest_first(entries)
    staging = staging_folder(out_dir) if state is None else None
    # The workers forked from here on share the articles with this process; a garbage collection in
    # any of them would write to every object and so copy the whole heap: the objects made so far are
    # left out of collections (gc.freeze) until the build is done.
    gc.freeze()
    beside = None
    try:
        try:
            if staging is not None and write_search is None:
                # Into a fresh folder, the index can start as soon as the articles are read.
                if staging.exists():
                    shutil.rmtree(staging)
                beside = search_index_beside([search_doc(a) for a in entries], staging / "search")
            context = collect_context(entries)
            plan = plan_outputs(context, config)
        except BaseException:
            if beside:
                beside.cancel()
                shutil.rmtree(staging, ignore_errors=True)
            raise
        gc.freeze()
        return write_site(plan, context, config, out_dir, state, article_cache, result, started, write_search, beside)
    finally:
        gc.unfreeze()


def staging_folder(out_dir: Path) -> Path:
    """Where a cold build is made, beside the published folder, until it is whole."""
    return out_dir.parent / f".{out_dir.name}.building"


def write_site(plan: list[Output], context: SiteContext, config: SiteConfig, out_dir: Path, state: BuildState | None,
               article_cache: dict, result: BuildResult, started: float, write_search,
               beside: Beside | None = None) -> BuildResult:
    """Render the planned outputs (all of them, or those that changed) and write the search index beside
    (`beside`: already being written into the staging folder of a cold build)."""
    previous = state.fingerprints if state else {}
    cold = state is None
    target = staging_folder(out_dir) if cold else out_dir
    if cold and beside is None and target.exists():
        shutil.rmtree(target)
    # An incremental rebuild renders in memory first, so a template error writes nothing at all.
    try:
        rendered = {} if cold else render_changed(plan, context, config, previous, target)
    except jinja2.TemplateError as exc:
        result.problems.append(template_problem(exc))
        result.state = state
        return result

    fingerprints = {o.path: o.fingerprint for o in plan}
    search_key = search_fingerprint(context, config)
    search_wanted = cold or previous.get("search/") != search_key
    search_docs = [search_doc(a) for a in context.articles] if search_wanted and beside is None else []
    try:
        if search_wanted and write_search is None and beside is None:
            # The index is one process's work, the pages any number's: the index is made beside them.
            beside = search_index_beside(search_docs, target / "search")
        if cold:
            result.written = render_into(plan, context, config, target, BESIDE_PRIORITY if beside else 0)
        rendered = {path: text for path, text in rendered.items() if not is_on_disk(target / path, text)}
        for path, text in sorted(rendered.items()):
            write_text(target / path, text)
        for path, source in static_files(context).items():
            if copy_if_changed(source, target / path) and not cold:
                result.written.append(path)
            fingerprints[path] = "copied"  # listed so that a deleted article's source.txt goes too
        if search_wanted:
            result.search_seconds = beside.wait() if beside else write_search(search_docs, target / "search")
            beside = None
            result.written.append("search/")
        fingerprints["search/"] = search_key
    except jinja2.TemplateError as exc:
        if beside:
            beside.cancel()
        if cold:
            shutil.rmtree(target, ignore_errors=True)
        result.problems.append(template_problem(exc))
        return result
    except BaseException:
        if beside:
            beside.cancel()
        if cold:
            shutil.rmtree(target, ignore_errors=True)
        raise
    if cold:
        replace_dir(target, out_dir)
    else:
        result.removed = remove_stale(out_dir, previous, fingerprints)

    result.written = sorted(rendered) + result.written if not cold else result.written
    result.page_count = sum(1 for o in plan if o.template)
    result.built = True
    result.context = context
    result.state = BuildState(articles=dict(article_cache), file_stats=article_cache.file_stats,
                              read_at=article_cache.read_at, fingerprints=fingerprints, out_dir=str(out_dir.resolve()))
    result.seconds = time.perf_counter() - started
    return result


def template_problem(exc: jinja2.TemplateError) -> Problem:
    """A template error as the editor needs it: which template, which line, what is wrong."""
    name = getattr(exc, "filename", None) or getattr(exc, "name", None) or "templates"
    line = getattr(exc, "lineno", None)
    if not getattr(exc, "filename", None):
        frame = _template_frame(exc)
        if frame:
            name, line = frame
    return Problem(str(name), f"template error: {exc.message or exc}", line)


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The innermost template file and line in the traceback of an error raised while rendering."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html") and Path(filename).is_file():
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def remove_stale(out_dir: Path, previous: dict[str, str], current: dict[str, str]) -> list[str]:
    """Delete pages that the content no longer calls for (an official removed by an editor, say)."""
    removed = []
    for path in sorted(set(previous) - set(current)):
        target = out_dir / path
        if target.is_file():
            target.unlink()
            removed.append(path)
            try:
                target.parent.rmdir()
            except OSError:
                pass
    return removed


def replace_dir(new: Path, target: Path) -> None:
    """Swap the finished build in; the old site stays whole until the new one is complete."""
    old = target.parent / f".{target.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


# ---- state kept between command-line builds -------------------------------------------------------

def state_file(out_dir: Path) -> Path:
    """Beside the output, never inside it: site/ holds only what is published."""
    return out_dir.parent / f".{out_dir.name}.cache" / "build-state.pickle"


def load_state(out_dir: Path) -> BuildState | None:
    path = state_file(out_dir)
    try:
        with path.open("rb") as handle:
            state = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    return state if isinstance(state, BuildState) and state.version == STATE_VERSION else None


def input_digest(content_dir: Path, config: SiteConfig) -> str:
    """A cheap digest of everything a build reads: the content files' sizes and times (as make
    judges them), the design, the assets, the search code and the raw sources."""
    def stats(paths):
        listed = []
        for path in paths:
            try:
                info = path.stat()  # once: this digest is made before every build, of every content file
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode):
                listed.append((path.as_posix(), info.st_size, info.st_mtime_ns))
        return listed

    seeds = Path(config.paths.seeds)
    return digest(
        stats(sorted((content_dir / "articles").glob("*.md"))),
        design_fingerprint(config),
        stats(sorted(ASSETS.rglob("*"))), stats([LUNR_JS]),
        stats(sorted((PROJECT_ROOT / "edition" / "search").glob("*.py"))),
        stats(sorted(seeds.iterdir())) if seeds.is_dir() else [],
    )


def inputs_file(out_dir: Path) -> Path:
    return state_file(out_dir).with_name("inputs.txt")


def is_up_to_date(out_dir: Path, inputs: str) -> bool:
    """Nothing the build reads has changed since it last wrote out_dir: no need even to load its state."""
    try:
        recorded = inputs_file(out_dir).read_text(encoding="utf-8").strip()
    except OSError:
        return False
    return out_dir.is_dir() and state_file(out_dir).exists() and recorded == inputs


def record_inputs(out_dir: Path, inputs: str) -> None:
    """Taken before the build began, so that a file saved during the build is seen by the next one."""
    inputs_file(out_dir).write_text(inputs + "\n", encoding="utf-8")


def save_state(out_dir: Path, state: BuildState) -> None:
    path = state_file(out_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as handle:
        pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)

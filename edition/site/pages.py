"""Rendering pages with Jinja: every link relative to the page, so the site works under any prefix."""
from __future__ import annotations

import hashlib
import itertools
import pickle
import re
import unicodedata
from functools import partial
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import jinja2
import yaml
from markupsafe import Markup, escape

from edition.config import SiteConfig
from edition.site.citations import bibtex, csl_json
from edition.site.context import CENTRAL
from edition.site.mentions import article_mention_targets, link_mentions
from edition.site.timeline import month_chart

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = PROJECT_ROOT / "templates"
STRINGS = PROJECT_ROOT / "edition" / "data" / "strings.yaml"


class InterfaceStrings(dict):
    """The interface strings, by key and as attributes: a template's `t.home` finds its attribute at
    once, where on a plain dict Jinja's attribute lookup fails (an exception) before it tries the key."""

    def __init__(self, strings: dict[str, str]):
        super().__init__(strings)
        self.__dict__.update(strings)


def load_strings(language: str) -> InterfaceStrings:
    catalogue = yaml.load(STRINGS.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    strings = dict(catalogue["vi"])
    strings.update(catalogue.get(language) or {})
    return InterfaceStrings(strings)


def root_prefix(path: str) -> str:
    """'articles/x/index.html' -> '../../'; 'index.html' -> ''."""
    return "../" * path.count("/")


_CONSTANT_OUTPUT = re.compile(r"\{\{ (t|site)\.([A-Za-z_][A-Za-z0-9_]*) \}\}")


class ConstantsWrittenIn(jinja2.BaseLoader):
    """The templates, with each plain `{{ t.name }}` and `{{ site.name }}` written in as its escaped text.

    One build has one language and one configuration, so these are constants; written in, they are
    output as part of the text around them instead of being looked up and escaped on every page. A
    text that could change how the template around it is read (braces, whitespace at its ends, a line
    break) stays an expression."""

    def __init__(self, inner: jinja2.BaseLoader, constants: dict[str, object]):
        self.inner = inner
        self.constants = constants

    def get_source(self, environment, template):
        source, filename, uptodate = self.inner.get_source(environment, template)
        return _CONSTANT_OUTPUT.sub(self._written_in, source), filename, uptodate

    def _written_in(self, match: re.Match) -> str:
        holder, name = self.constants.get(match.group(1)), match.group(2)
        value = holder.get(name) if isinstance(holder, dict) else getattr(holder, name, None)
        if not isinstance(value, str):
            return match.group(0)
        text = str(escape(value))
        if not text or text != text.strip() or "\n" in text or "{" in text or "}" in text:
            return match.group(0)
        return text


ENVIRONMENT_OPTIONS = dict(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def make_environment(constants: dict[str, object] | None = None) -> jinja2.Environment:
    loader = jinja2.FileSystemLoader(str(TEMPLATES))
    env = jinja2.Environment(
        loader=ConstantsWrittenIn(loader, constants) if constants else loader,
        auto_reload=False,  # an environment lives for one build: no need to stat each template at each use
        bytecode_cache=compiled_templates_cache(),
        **ENVIRONMENT_OPTIONS,
    )
    env.tests["match_html_date"] = is_html_date
    env.filters["human_date"] = human_date
    env.filters["human_month"] = human_month
    env.filters["groupby_given_initial"] = groupby_given_initial
    env.filters["groupby_year"] = groupby_year
    env.filters["base_path"] = lambda url: urlsplit(url).path or "/"
    return env


def compiled_templates_cache() -> jinja2.BytecodeCache | None:
    """Where the templates' compiled code is kept from one build to the next, as Python keeps its own
    (compiling them took a tenth of a second, before any page): Jinja's cache in the user's private
    folder of the system's temporary directory. A template is compiled again when its source (with
    the constants written in) changes; the file names carry the Jinja version and the options the code
    was compiled with. None where no such folder can be had: each build compiles them."""
    compiled_as = repr((jinja2.__version__, sorted((k, repr(v)) for k, v in ENVIRONMENT_OPTIONS.items())))
    options = hashlib.sha256(compiled_as.encode("utf-8")).hexdigest()[:12]
    try:
        return CompiledTemplatesCache(pattern=f"edition-{options}-%s.cache")
    except (OSError, RuntimeError):
        return None


class CompiledTemplatesCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache, for which a file it cannot read or write is a file it does not have: the build goes
    on and compiles the template itself."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def human_date(value, language: str = "vi") -> str:
    """2019-12-25 -> 25/12/2019 (vi) or 25 December 2019 (en). EDTF reads as words: an interval
    "A/B" as "A – B", an approximate "2021-12~" as "khoảng tháng 12/2021"; anything else as written."""
    text = str(value or "")
    if "/" in text:
        start, _, end = text.partition("/")
        return f"{human_date(start, language) if start not in ('', '..') else '…'} – " \
               f"{human_date(end, language) if end not in ('', '..') else '…'}"
    if text[-1:] in ("~", "?", "%"):
        plain = human_date(text[:-1], language)
        if text.endswith("?"):
            return f"{plain}?"
        return f"{'circa' if language == 'en' else 'khoảng'} {plain}" + ("?" if text.endswith("%") else "")
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        return human_month(value, language) if re.fullmatch(r"\d{4}-\d{2}", text) else text
    year, month, day = match.groups()
    if language == "en":
        return f"{int(day)} {MONTHS_EN[int(month) - 1]} {year}"
    return f"{day}/{month}/{year}"


def human_month(value, language: str = "vi") -> str:
    """2019-12 -> tháng 12/2019 (vi) or December 2019 (en)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", str(value or ""))
    if not match:
        return str(value or "")
    year, month = match.groups()
    return f"{MONTHS_EN[int(month) - 1]} {year}" if language == "en" else f"tháng {int(month)}/{year}"


_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def given_initial(name: str) -> str:
    """The letter a Vietnamese index files a person under: the given name's first, tone dropped ("Đức" -> "Đ")."""
    words = name.split()
    if not words:
        return "?"
    first = unicodedata.normalize("NFD", words[-1])
    letter = first[0] + "".join(itertools.takewhile(unicodedata.combining, first[1:]))
    return unicodedata.normalize("NFC", "".join(c for c in letter if c not in _TONE_MARKS)).upper()


def groupby_given_initial(officials) -> list[tuple[str, list]]:
    """Officials already in given-name order, in runs under their initial letter."""
    return [(letter, list(people)) for letter, people in itertools.groupby(officials, lambda o: given_initial(o.name))]


def groupby_year(articles) -> list[tuple[str | None, list]]:
    """Articles in date order, in runs by year."""
    return [(year, list(items)) for year, items in itertools.groupby(articles, lambda a: a.year)]


def linked_body(article, directives: dict, root: str) -> str:
    """The article's HTML with its directives, officials and locality linked to their register pages."""
    return link_mentions(article.body.html, article_mention_targets(article, directives, root, CENTRAL))


def is_html_date(value) -> bool:
    """Whether HTML's <time datetime> can state the value: a year, a month or a day (not EDTF)."""
    return bool(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", str(value or "")))


def show_date(value, undated: str, language: str = "vi") -> Markup:
    """A date as the reader sees it; <time> only where the value is one HTML can state (day, month, year)."""
    if value and is_html_date(value):
        return Markup('<time datetime="{}">{}</time>').format(value, human_date(value, language))
    return Markup('<span class="date" title="{}">{}</span>').format(
        value or undated, human_date(value, language) if value else undated)


def memoised(make: Callable, key: Callable) -> Callable:
    """make(*args), made once for each key(*args) and kept: for the pieces of HTML that many pages share."""
    kept: dict = {}

    def get(*args):
        known = key(*args)
        found = kept.get(known)
        if found is None:
            found = kept[known] = make(*args)
        return found
    return get


class PageWriter:
    def __init__(self, out: Path, config: SiteConfig, context=None):
        self.out = out
        self.config = config
        self.strings = load_strings(config.language)
        self.env = make_environment({"t": self.strings, "site": config})
        self.env.filters["human_date"] = partial(human_date, language=config.language)
        self.env.filters["human_month"] = partial(human_month, language=config.language)
        self.page_count = 0
        self.sitemap_paths: list[str] = []
        # The environment's own globals, so that the macros of partials/card.html see them too.
        self.globals = self.env.globals
        self.globals.update({
            "site": config, "t": self.strings, "month_chart": month_chart, "linked_body": linked_body,
            "bibtex": bibtex, "csl_json": csl_json,
            "show_date": memoised(partial(show_date, language=config.language), lambda value, undated: (value, undated)),
        })
        # An article's card is repeated on every page listing it. An article object is one entry for
        # the whole build, so its id() tells it apart for as long as the cache lives.
        card = self.env.get_template("partials/card.html").module
        self.globals["card_title"] = memoised(card.card_title, lambda article, root: (id(article), root))
        self.globals["card_meta"] = memoised(card.card_meta, lambda article, with_locality: (id(article), bool(with_locality)))
        self.globals["card"] = memoised(card.card, lambda article, root, with_locality, with_excerpt: (
            id(article), root, bool(with_locality), bool(with_excerpt)))
        chrome = self.env.get_template("partials/chrome.html").module
        self.globals["site_header"] = memoised(chrome.site_header, lambda *place: place)
        self.globals["site_footer"] = memoised(chrome.site_footer, lambda *place: place)

    def compile_templates(self) -> None:
        """Every page template compiled now, in this process: workers forked after it share them."""
        for path in sorted(TEMPLATES.rglob("*.html")):
            self.env.get_template(path.relative_to(TEMPLATES).as_posix())

    def render(self, path: str, template: str, **values) -> str:
        root = root_prefix(path)
        canonical = self.config.absolute_base + (path[: -len("index.html")] if path.endswith("index.html") else path)
        return self.env.get_template(template).render(root=root, page_path=path, canonical=canonical, **values)

    def page(self, path: str, template: str, in_sitemap: bool = True, **values) -> None:
        self.text(path, self.render(path, template, **values))
        self.page_count += 1
        if in_sitemap:
            self.sitemap_paths.append(path)

    def text(self, path: str, text: str) -> None:
        target = self.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")

"""Rendering pages with Jinja: every link relative to the page, so the site works under any prefix."""
from __future__ import annotations

import itertools
import re
import unicodedata
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import yaml

from edition.config import SiteConfig
from edition.site.citations import bibtex, csl_json
from edition.site.context import CENTRAL
from edition.site.mentions import article_mention_targets, link_mentions
from edition.site.timeline import month_chart

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = PROJECT_ROOT / "templates"
STRINGS = PROJECT_ROOT / "edition" / "data" / "strings.yaml"


def load_strings(language: str) -> dict[str, str]:
    catalogue = yaml.safe_load(STRINGS.read_text(encoding="utf-8"))
    strings = dict(catalogue["vi"])
    strings.update(catalogue.get(language) or {})
    return strings


def root_prefix(path: str) -> str:
    """'articles/x/index.html' -> '../../'; 'index.html' -> ''."""
    return "../" * path.count("/")


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.tests["match_html_date"] = is_html_date
    env.filters["human_date"] = human_date
    env.filters["human_month"] = human_month
    env.filters["groupby_given_initial"] = groupby_given_initial
    env.filters["groupby_year"] = groupby_year
    env.filters["base_path"] = lambda url: urlsplit(url).path or "/"
    return env


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


class PageWriter:
    def __init__(self, out: Path, config: SiteConfig, context=None):
        self.out = out
        self.config = config
        self.env = make_environment()
        self.env.filters["human_date"] = partial(human_date, language=config.language)
        self.env.filters["human_month"] = partial(human_month, language=config.language)
        self.strings = load_strings(config.language)
        self.page_count = 0
        self.sitemap_paths: list[str] = []
        self.globals = {"site": config, "t": self.strings, "month_chart": month_chart, "linked_body": linked_body,
                        "bibtex": bibtex, "csl_json": csl_json}

    def render(self, path: str, template: str, **values) -> str:
        root = root_prefix(path)
        canonical = self.config.absolute_base + (path[: -len("index.html")] if path.endswith("index.html") else path)
        return self.env.get_template(template).render(
            **self.globals, root=root, page_path=path, canonical=canonical, **values)

    def page(self, path: str, template: str, in_sitemap: bool = True, **values) -> None:
        self.text(path, self.render(path, template, **values))
        self.page_count += 1
        if in_sitemap:
            self.sitemap_paths.append(path)

    def text(self, path: str, text: str) -> None:
        target = self.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")

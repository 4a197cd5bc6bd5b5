"""Rendering pages with Jinja: every link relative to the page, so the site works under any prefix."""
from __future__ import annotations

import re
from pathlib import Path

import jinja2
import yaml

from edition.config import SiteConfig

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
    return env


def is_html_date(value) -> bool:
    """Whether HTML's <time datetime> can state the value: a year, a month or a day (not EDTF)."""
    return bool(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", str(value or "")))


class PageWriter:
    def __init__(self, out: Path, config: SiteConfig, context=None):
        self.out = out
        self.config = config
        self.env = make_environment()
        self.strings = load_strings(config.language)
        self.page_count = 0
        self.sitemap_paths: list[str] = []
        self.globals = {"site": config, "t": self.strings}

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

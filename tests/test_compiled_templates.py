"""The templates' compiled code is kept between builds: a build loads what an earlier one compiled,
compiles again what changed, and goes on compiling when the kept code is unreadable."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import jinja2
import pytest

from edition.config import SiteConfig
from edition.site import pages
from edition.site.pages import PageWriter


@pytest.fixture
def private_cache(tmp_path, monkeypatch) -> Path:
    """Jinja's default cache folder made under tmp_path, and the templates copied there to be edited."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    templates = tmp_path / "templates"
    shutil.copytree(pages.TEMPLATES, templates)
    monkeypatch.setattr(pages, "TEMPLATES", templates)
    return tmp_path


def about_page(writer: PageWriter) -> str:
    return writer.render("about/index.html", "about.html")


def cached_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("_jinja2-cache-*/edition-*.cache"))


def test_a_second_build_loads_the_templates_the_first_compiled(private_cache, monkeypatch):
    first = PageWriter(private_cache / "out", SiteConfig())
    first.compile_templates()
    page = about_page(first)
    assert len(cached_files(private_cache)) == len(list((private_cache / "templates").rglob("*.html")))

    def no_compiling(*args, **kwargs):
        raise AssertionError("a template was compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
    second = PageWriter(private_cache / "out", SiteConfig())
    second.compile_templates()
    assert about_page(second) == page


def test_an_edited_template_is_compiled_again(private_cache):
    about_page(PageWriter(private_cache / "out", SiteConfig()))
    template = private_cache / "templates" / "about.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{% block content %}", "{% block content %}<p>Sửa</p>", 1),
                        encoding="utf-8")
    assert "<p>Sửa</p>" in about_page(PageWriter(private_cache / "out", SiteConfig()))


def test_another_language_is_not_given_the_first_ones_code(private_cache):
    """The interface strings are written into the templates' source: another language is another source."""
    vietnamese = about_page(PageWriter(private_cache / "out", SiteConfig()))
    english = about_page(PageWriter(private_cache / "out", SiteConfig(language="en")))
    assert english != vietnamese
    assert english == about_page(PageWriter(private_cache / "out", SiteConfig(language="en")))


def test_unreadable_kept_code_is_compiled_again(private_cache):
    page = about_page(PageWriter(private_cache / "out", SiteConfig()))
    for kept in cached_files(private_cache):
        kept.write_bytes(kept.read_bytes()[:40])  # cut short, as by a full disk
    assert about_page(PageWriter(private_cache / "out", SiteConfig())) == page

"""How to cite an article: a reference for people, BibTeX (biblatex) and CSL-JSON for reference managers.

No date of access is written here: the build must not depend on the day it runs, so the reader adds
it (the page fills it in with a line of JavaScript, and says so where scripts do not run).
"""
from __future__ import annotations

import json
import re

from edition.config import SiteConfig
from edition.site.context import ArticleEntry

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# EDTF forms biblatex reads in a date field: a day, month or year, uncertain (?), approximate (~), a range.
_BIBLATEX_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?[?~%]?(/\d{4}(-\d{2}(-\d{2})?)?[?~%]?)?$")
_BIBTEX_SPECIAL = str.maketrans({"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&",
                                 "#": r"\#", "_": r"\_", "$": r"\$", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"})


def portal_of(article: ArticleEntry, config: SiteConfig) -> str | None:
    """The portal the article was published on: its own front matter first, else the edition's setting."""
    return article.portal or config.portal


def stable_url(article: ArticleEntry, config: SiteConfig) -> str:
    return config.absolute_base + article.url


def bibtex_escape(text: str) -> str:
    return text.translate(_BIBTEX_SPECIAL)


def bibtex(article: ArticleEntry, config: SiteConfig) -> str:
    fields = [("title", "{" + bibtex_escape(article.title) + "}")]
    if article.byline:
        fields.append(("author", "{{" + bibtex_escape(article.byline) + "}}"))  # a byline, not a parsed name
    portal = portal_of(article, config)
    if portal:
        fields.append(("organization", "{" + bibtex_escape(portal) + "}"))
    if article.date and _BIBLATEX_DATE.match(article.date):
        fields.append(("date", "{" + article.date + "}"))
    fields += [("url", "{" + stable_url(article, config) + "}"), ("note", "{" + bibtex_escape(config.title) + "}"),
               ("langid", "{vietnamese}")]
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@online{{{article.slug},\n{body}\n}}\n"


def csl_date(date: str | None) -> dict | None:
    if not date:
        return None
    match = _ISO_DATE.match(date)
    if match:
        return {"date-parts": [[int(part) for part in match.groups() if part]]}
    return {"raw": date}  # EDTF that CSL processors can read as written


def csl_item(article: ArticleEntry, config: SiteConfig) -> dict:
    item = {"id": article.slug, "type": "article-newspaper", "title": article.title}
    portal = portal_of(article, config)
    if portal:
        item["container-title"] = portal
    if article.byline:
        item["author"] = [{"literal": article.byline}]
    issued = csl_date(article.date)
    if issued:
        item["issued"] = issued
    item["collection-title"] = config.title  # the edition the page belongs to
    item["URL"] = stable_url(article, config)
    item["language"] = "vi"
    return item


def csl_json(article: ArticleEntry, config: SiteConfig) -> str:
    return indented_json([csl_item(article, config)]) + "\n"


_encode_json = json.JSONEncoder(ensure_ascii=False).encode


def indented_json(value, indent: str = "") -> str:
    """json.dumps(value, ensure_ascii=False, indent=2) for data with text keys, each value written by
    json's C encoder: json writes any indented document with its Python encoder, several times slower."""
    inner = indent + "  "
    if isinstance(value, dict) and value:
        members = (f"{inner}{_encode_json(key)}: {indented_json(item, inner)}" for key, item in value.items())
    elif isinstance(value, (list, tuple)) and value:
        members = (inner + indented_json(item, inner) for item in value)
    else:
        return _encode_json(value)
    opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
    return f"{opening}\n" + ",\n".join(members) + f"\n{indent}{closing}"


def csl_json_all(articles: list[ArticleEntry], config: SiteConfig) -> str:
    """Every article as one CSL-JSON array, an item per line."""
    return "[\n" + ",\n".join(json.dumps(csl_item(a, config), ensure_ascii=False) for a in articles) + "\n]\n"

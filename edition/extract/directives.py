"""Numbered Party and state documents cited in the article (stub: replaced by the extraction work)."""
from __future__ import annotations

import re

from edition.model import CleanArticle, Directive


def directive_id(type_: str, number: str, code: str | None) -> str:
    from slugify import slugify

    return slugify(f"{type_} {number} {code or ''}")


def extract_directives(article: CleanArticle, date: str | None) -> tuple[Directive, ...]:
    found = {}
    for match in re.finditer(r"(Chỉ thị|Nghị quyết|Kết luận|Quy định|Hướng dẫn) số (\d+)-([A-ZĐa-zđ]+/[A-Z]+)", article.body_text):
        type_, number, code = match.groups()
        did = directive_id(type_, number, code)
        found.setdefault(did, Directive(id=did, type=type_, number=number, code=code, as_written=match.group(0)))
    return tuple(found.values())


def extract_congress_resolutions(article: CleanArticle) -> tuple[str, ...]:
    return ()

"""ASCII, readable, bounded slugs for articles and register entries."""
from __future__ import annotations

import functools
import hashlib
import re

from slugify import slugify

from edition.spelling import match_key

MAX_SLUG_LENGTH = 80


@functools.lru_cache(maxsize=1 << 16)  # the same names and places recur in thousands of articles
def make_slug(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """"Đồng Tháp" -> "dong-thap"; never empty, never a path, at most max_length characters."""
    # text-unidecode is the pinned transliterator; backend "auto" would first try to import
    # unidecode (not a dependency) on every call, which costs more than the slug itself.
    slug = slugify(text or "", max_length=max_length, word_boundary=True, save_order=True, backend="text-unidecode")
    slug = re.sub(r"[^a-z0-9-]", "", slug).strip("-")
    return slug


def article_slug(title: str | None, date: str | None, fallback: str) -> str:
    """Date prefix (what the text fixes of it) + title words; fallback (the raw file's stem) if both fail."""
    prefix = ""
    if date and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):  # an uncertain date says nothing in a URL
        prefix = date
    words = make_slug(title or "", MAX_SLUG_LENGTH - len(prefix) - 1)
    if not words:
        words = make_slug(fallback, MAX_SLUG_LENGTH - len(prefix) - 1) or "article"
    return f"{prefix}-{words}" if prefix else words


def unique_slug(slug: str, taken: set[str]) -> str:
    if slug not in taken:
        return slug
    n = 2
    while f"{slug[: MAX_SLUG_LENGTH - 4]}-{n}" in taken:
        n += 1
    return f"{slug[: MAX_SLUG_LENGTH - 4]}-{n}"


@functools.lru_cache(maxsize=1 << 16)
def official_slug(name: str) -> str:
    """A person's register slug: readable ASCII plus four hex digits of the name as written.

    Derived from the name alone, so it never changes when other people enter the edition, yet
    "Nguyễn Văn Thành" and "Nguyễn Văn Thạnh" (different people, one ASCII form) get different
    pages, while "Hoà"/"Hòa" (one name, two tone placements) share one."""
    key = match_key(name)
    return f"{make_slug(name, MAX_SLUG_LENGTH - 5) or 'unnamed'}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:4]}"

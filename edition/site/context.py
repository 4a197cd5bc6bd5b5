"""Collect every article, then resolve the registers and cross-links, before anything is written.

One pass over the articles builds every register, so no register page re-scans the corpus.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from edition.model import ContentArticle
from edition.site.markdown_render import RenderedBody
from edition.slugs import make_slug

REGISTER_FILE = Path(__file__).resolve().parent.parent / "data" / "directives.yaml"
LEVELS = ("central", "provincial", "government", "other_level")


@dataclass
class OfficialMention:
    name: str
    slug: str
    titles: tuple[str, ...]


@dataclass
class DirectiveMention:
    id: str
    label: str
    type: str
    number: str | None
    code: str | None
    issuer: str | None
    as_written: str | None


@dataclass
class ArticleEntry:
    slug: str
    title: str
    date: str | None
    event_date: str | None
    year: str | None
    month: str | None
    locality: str | None
    locality_slug: str | None
    districts: tuple[str, ...]
    officials: tuple[OfficialMention, ...]
    directives: tuple[DirectiveMention, ...]
    congress_resolutions: tuple[str, ...]
    byline: str | None
    photo_credit: str | None
    source: str | None
    removed: tuple[str, ...]
    body: RenderedBody
    front_matter: dict
    path: str
    digest: str = ""  # hash of the content file: what every page showing this article depends on

    @property
    def url(self) -> str:
        return f"articles/{self.slug}/"

    @property
    def sort_key(self) -> tuple:
        return (self.date or "", self.slug)


@dataclass
class Citation:
    article: ArticleEntry
    anchor: str | None
    sentence: str | None


@dataclass
class DirectiveEntry:
    id: str
    label: str
    type: str
    number: str | None
    code: str | None
    issuer: str | None
    level: str
    date: str | None = None
    title: str | None = None
    known: dict = field(default_factory=dict)
    aliases: set[str] = field(default_factory=set)
    citations: list[Citation] = field(default_factory=list)


@dataclass
class OfficialEntry:
    slug: str
    name: str
    appearances: list[tuple[ArticleEntry, tuple[str, ...]]] = field(default_factory=list)
    colleagues: Counter = field(default_factory=Counter)  # slug -> articles shared


@dataclass
class LocalityEntry:
    slug: str
    name: str
    articles: list[ArticleEntry] = field(default_factory=list)
    districts: Counter = field(default_factory=Counter)


@dataclass
class YearEntry:
    year: str
    articles: list[ArticleEntry] = field(default_factory=list)

    def by_month(self) -> list[tuple[str, list[ArticleEntry]]]:
        months: dict[str, list[ArticleEntry]] = defaultdict(list)
        for article in self.articles:
            months[article.month or ""].append(article)
        return sorted(months.items(), reverse=True)


@dataclass
class SiteContext:
    articles: list[ArticleEntry]  # newest first
    directives: dict[str, DirectiveEntry]
    officials: dict[str, OfficialEntry]
    localities: dict[str, LocalityEntry]
    years: dict[str, YearEntry]

    def article_counts_by_month(self) -> list[tuple[str, int]]:
        counts = Counter(a.month for a in self.articles if a.month)
        if not counts:
            return []
        first, last = min(counts), max(counts)
        months, (year, month) = [], map(int, first.split("-"))
        while f"{year:04d}-{month:02d}" <= last:
            key = f"{year:04d}-{month:02d}"
            months.append((key, counts.get(key, 0)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


def directive_label(type_: str, number: str | None, code: str | None) -> str:
    """How the document is conventionally cited: "Chỉ thị 05-CT/TW", "Chỉ thị 15/CT-TTg"."""
    if not number:
        return f"{type_} {code}" if code else type_
    if not code:
        return f"{type_} {number}"
    separator = "/" if re.match(r"^[^/]+-[^/]+$", code) else "-"
    return f"{type_} {number}{separator}{code}"


def directive_level(code: str | None, issuer: str | None) -> str:
    code, issuer = (code or "").upper(), (issuer or "").lower()
    if "TTG" in code or "CP" in code.split("-")[-1:] or "thủ tướng" in issuer or "chính phủ" in issuer:
        return "government"
    if re.search(r"/(TU|[A-ZĐ]*TU)$", code) or re.search(r"tỉnh [uủ]|thành [uủ]|huyện [uủ]|quận [uủ]", issuer):
        return "provincial"
    if "TW" in code or re.search(r"trung ương|bộ chính trị|ban bí thư", issuer):
        return "central"
    return "other_level"


def load_known_directives(path: Path = REGISTER_FILE) -> dict[str, dict]:
    """The register of known directives, by id; tolerant of a missing file."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = data.get("directives", data) if isinstance(data, dict) else data
    known = {}
    for entry in entries or []:
        if isinstance(entry, dict) and entry.get("id"):
            known[str(entry["id"])] = entry
    return known


_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+(?=[A-ZÀ-Ỹ“\"])")


def sentence_citing(paragraphs, needles: list[str]) -> tuple[str | None, str | None]:
    """The first (paragraph anchor, sentence) in which one of the needles is written."""
    needles = [n for n in needles if n]
    for anchor, text in paragraphs:
        for needle in needles:
            at = text.find(needle)
            if at < 0:
                continue
            for sentence in _SENTENCE_END.split(text):
                if needle in sentence:
                    return anchor, sentence.strip()
            return anchor, text
    return None, None


def _month(date: str | None) -> str | None:
    match = re.match(r"^(\d{4})-(\d{2})(?![\d/])", date or "")
    return f"{match.group(1)}-{match.group(2)}" if match else None


def _year(date: str | None) -> str | None:
    match = re.match(r"^(\d{4})", date or "")
    return match.group(1) if match else None


def article_entry(article: ContentArticle, body: RenderedBody) -> ArticleEntry:
    fm = article.front_matter
    officials = tuple(
        OfficialMention(o["name"], make_slug(o["name"]) or "unnamed", tuple(o.get("titles") or ()))
        for o in fm.get("officials") or []
    )
    directives = tuple(
        DirectiveMention(
            id=d["id"], label=directive_label(str(d.get("type") or ""), d.get("number"), d.get("code")),
            type=str(d.get("type") or ""), number=d.get("number"), code=d.get("code"),
            issuer=d.get("issuer"), as_written=d.get("as_written"),
        )
        for d in fm.get("directives") or []
    )
    locality = fm.get("locality")
    return ArticleEntry(
        slug=fm["slug"], title=fm.get("title") or fm["slug"], date=fm.get("date"), event_date=fm.get("event_date"),
        year=_year(fm.get("date")), month=_month(fm.get("date")),
        locality=locality, locality_slug=make_slug(locality) if locality else None,
        districts=tuple(fm.get("districts") or ()), officials=officials, directives=directives,
        congress_resolutions=tuple(fm.get("congress_resolutions") or ()),
        byline=fm.get("byline"), photo_credit=fm.get("photo_credit"), source=fm.get("source"),
        removed=tuple(fm.get("removed") or ()), body=body, front_matter=fm, path=article.path,
    )


def collect_context(entries: list[ArticleEntry], known: dict[str, dict] | None = None) -> SiteContext:
    known = load_known_directives() if known is None else known
    articles = sorted(entries, key=lambda a: a.sort_key, reverse=True)
    directives: dict[str, DirectiveEntry] = {}
    officials: dict[str, OfficialEntry] = {}
    localities: dict[str, LocalityEntry] = {}
    years: dict[str, YearEntry] = {}

    for article in articles:
        for mention in article.directives:
            entry = directives.get(mention.id)
            if entry is None:
                info = known.get(mention.id, {})
                code = info.get("code") or mention.code
                issuer = info.get("issuer") or mention.issuer
                entry = directives[mention.id] = DirectiveEntry(
                    id=mention.id, label=info.get("label") or directive_label(mention.type, mention.number, code),
                    type=mention.type, number=mention.number, code=code, issuer=issuer,
                    level=directive_level(code, issuer), date=str(info["date"]) if info.get("date") else None,
                    title=info.get("title"), known=info,
                )
            if mention.as_written:
                entry.aliases.add(mention.as_written)
            anchor, sentence = sentence_citing(
                article.body.paragraphs, [mention.as_written, entry.label, f"{mention.type} số {mention.number}",
                                          f"{mention.type} {mention.number}"])
            entry.citations.append(Citation(article, anchor, sentence))

        slugs = [o.slug for o in article.officials]
        for mention in article.officials:
            entry = officials.setdefault(mention.slug, OfficialEntry(mention.slug, mention.name))
            entry.appearances.append((article, mention.titles))
            entry.colleagues.update(s for s in slugs if s != mention.slug)

        if article.locality_slug:
            entry = localities.setdefault(article.locality_slug, LocalityEntry(article.locality_slug, article.locality))
            entry.articles.append(article)
            entry.districts.update(article.districts)

        if article.year:
            years.setdefault(article.year, YearEntry(article.year)).articles.append(article)

    return SiteContext(
        articles=articles,
        directives=dict(sorted(directives.items())),
        officials=dict(sorted(officials.items())),
        localities=dict(sorted(localities.items())),
        years=dict(sorted(years.items(), reverse=True)),
    )


def related_articles(article: ArticleEntry, context: SiteContext, limit: int = 5) -> list[ArticleEntry]:
    """Articles sharing directives or officials with this one, most shared first."""
    shared: Counter = Counter()
    for mention in article.directives:
        for citation in context.directives[mention.id].citations:
            shared[citation.article.slug] += 1
    for mention in article.officials:
        for other, _ in context.officials[mention.slug].appearances:
            shared[other.slug] += 1
    shared.pop(article.slug, None)
    by_slug = {a.slug: a for a in context.articles}
    ranked = sorted(shared.items(), key=lambda item: (-item[1], item[0]))
    return [by_slug[slug] for slug, _ in ranked[:limit]]

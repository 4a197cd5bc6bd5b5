"""Collect every article, then resolve the registers and cross-links, before anything is written.

One pass over the articles builds every register, so no register page re-scans the corpus.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from edition.model import ContentArticle
from edition.site.markdown_render import RenderedBody
from edition.slugs import make_slug, official_slug

REGISTER_FILE = Path(__file__).resolve().parent.parent / "data" / "directives.yaml"
LEVELS = ("central", "provincial", "government", "other_level")
CENTRAL = "Trung ương"  # the contract's locality for the Party centre: listed first, not a place on a map
EXCERPT_LENGTH = 220
KWIC_CONTEXT = 160  # characters of context kept on each side of a cited phrase
RELATED_FANOUT = 200  # an entry named in more articles than this says little about how two of them relate

# Vietnamese alphabetical order: letters with a breve, circumflex, horn or bar are letters of their
# own, after their base; tone marks only break ties (none, grave, hook, tilde, acute, dot below).
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@dataclass(slots=True)
class OfficialMention:
    name: str
    slug: str
    titles: tuple[str, ...]


@dataclass(slots=True)
class DirectiveMention:
    id: str
    label: str
    type: str
    number: str | None
    code: str | None
    issuer: str | None
    as_written: str | None


@dataclass(slots=True)
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
    portal: str | None  # the front matter's, for citations; the rest of it is not kept
    path: str
    digest: str = ""  # hash of the content file: what every page showing this article depends on
    meta_digest: str = ""  # hash of the front matter alone: what the metadata exports depend on

    @property
    def url(self) -> str:
        return f"articles/{self.slug}/"

    @property
    def sort_key(self) -> tuple:
        return (self.date or "", self.slug)

    @property
    def excerpt(self) -> str:
        """The opening words of the article, cut at a word, for lists."""
        text = self.body.paragraphs[0][1] if self.body.paragraphs else ""
        return text if len(text) <= EXCERPT_LENGTH else text[:EXCERPT_LENGTH].rsplit(" ", 1)[0] + " …"


@dataclass
class Citation:
    article: ArticleEntry
    anchor: str | None
    sentence: str | None
    keyword: str | None = None  # the words of the sentence that cite the document

    @property
    def kwic(self) -> tuple[str, str, str]:
        """(left context, keyword, right context), trimmed at word boundaries around the keyword."""
        sentence = self.sentence or ""
        at = sentence.find(self.keyword) if self.keyword else -1
        if at < 0:
            return "", sentence, ""
        left, right = sentence[:at], sentence[at + len(self.keyword):]
        if len(left) > KWIC_CONTEXT:
            left = "… " + left[-KWIC_CONTEXT:].split(" ", 1)[-1]
        if len(right) > KWIC_CONTEXT:
            right = right[:KWIC_CONTEXT].rsplit(" ", 1)[0] + " …"
        return left, self.keyword, right


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
    citations: list[Citation] = field(default_factory=list)  # newest first

    def citing_years(self) -> list[tuple[str, int]]:
        """(year, articles citing it that year), oldest first: how long the document stays in use."""
        return sorted(Counter(c.article.year for c in self.citations if c.article.year).items())

    def citing_localities(self) -> list[tuple[str, str, int]]:
        """(locality slug, name, articles), most first: how far the document travels."""
        counts = Counter((c.article.locality_slug, c.article.locality) for c in self.citations if c.article.locality)
        return [(slug, name, n) for (slug, name), n in
                sorted(counts.items(), key=lambda item: (-item[1], vietnamese_sort_key(item[0][1])))]


@dataclass
class TitleHeld:
    title: str
    first: str | None
    last: str | None
    count: int


@dataclass
class OfficialEntry:
    slug: str
    name: str
    appearances: list[tuple[ArticleEntry, tuple[str, ...]]] = field(default_factory=list)  # newest first
    colleagues: Counter = field(default_factory=Counter)  # slug -> articles shared

    def titles_held(self) -> list[TitleHeld]:
        """Each title as written, with the first and last dated article giving it, oldest first."""
        held: dict[str, TitleHeld] = {}
        for article, titles in reversed(self.appearances):
            for title in titles:
                entry = held.setdefault(title, TitleHeld(title, article.date, article.date, 0))
                entry.last = article.date or entry.last
                entry.first = entry.first or article.date
                entry.count += 1
        return list(held.values())

    def colleagues_ranked(self) -> list[tuple[str, int]]:
        return sorted(self.colleagues.items(), key=lambda item: (-item[1], item[0]))


@dataclass
class LocalityEntry:
    slug: str
    name: str
    articles: list[ArticleEntry] = field(default_factory=list)  # newest first
    districts: Counter = field(default_factory=Counter)
    district_articles: dict[str, list[ArticleEntry]] = field(default_factory=dict)

    @property
    def is_central(self) -> bool:
        return self.name == CENTRAL

    def districts_in_order(self) -> list[str]:
        return sorted(self.districts, key=vietnamese_sort_key)

    def directives_cited(self) -> list[tuple[str, int]]:
        """(directive id, articles citing it here), most cited first."""
        counts = Counter(d.id for a in self.articles for d in {m.id: m for m in a.directives}.values())
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def officials_named(self) -> list[tuple[OfficialMention, int]]:
        """(official, articles naming them here), most named first."""
        counts: Counter = Counter()
        people: dict[str, OfficialMention] = {}
        for article in self.articles:
            for official in article.officials:
                people.setdefault(official.slug, official)
            counts.update({o.slug for o in article.officials})
        return [(people[slug], n) for slug, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


@dataclass
class YearEntry:
    year: str
    articles: list[ArticleEntry] = field(default_factory=list)

    def by_month(self) -> list[tuple[str, list[ArticleEntry]]]:
        """Newest month first; articles dated only to the year come last, under the key ""."""
        months: dict[str, list[ArticleEntry]] = defaultdict(list)
        for article in self.articles:
            months[article.month or ""].append(article)
        return sorted(months.items(), reverse=True)

    def month_counts(self) -> list[tuple[str, int]]:
        """All twelve months of the year, oldest first, with their article counts."""
        counts = Counter(a.month for a in self.articles if a.month)
        return [(f"{self.year}-{m:02d}", counts.get(f"{self.year}-{m:02d}", 0)) for m in range(1, 13)]


@dataclass
class SiteContext:
    articles: list[ArticleEntry]  # newest first
    directives: dict[str, DirectiveEntry]
    officials: dict[str, OfficialEntry]
    localities: dict[str, LocalityEntry]
    years: dict[str, YearEntry]
    by_slug: dict[str, ArticleEntry] = field(default_factory=dict)
    # Filled as related_articles asks: the slugs of the articles listed under a directive ("d:<id>") or
    # an official ("o:<slug>"), and each slug's place in the list of articles, newest first.
    listed_slugs: dict[str, set[str]] = field(default_factory=dict, repr=False)
    newest_first: dict[str, int] = field(default_factory=dict, repr=False)

    def directives_by_level(self) -> dict[str, list[tuple[str, list[DirectiveEntry]]]]:
        """Issuing level -> [(document type, its documents by number)], types by how often they are cited."""
        grouped: dict[str, dict[str, list[DirectiveEntry]]] = {level: defaultdict(list) for level in LEVELS}
        for entry in self.directives.values():
            grouped[entry.level][entry.type].append(entry)
        result = {}
        for level, types in grouped.items():
            ordered = [(type_, sorted(entries, key=directive_sort_key)) for type_, entries in types.items()]
            ordered.sort(key=lambda item: (-sum(len(d.citations) for d in item[1]), vietnamese_sort_key(item[0])))
            result[level] = ordered
        return result

    def most_cited(self, limit: int = 10) -> list[DirectiveEntry]:
        return sorted(self.directives.values(), key=lambda d: (-len(d.citations), directive_sort_key(d)))[:limit]

    def officials_in_order(self) -> list[OfficialEntry]:
        """By given name, the last word, as Vietnamese indexes order people."""
        return sorted(self.officials.values(), key=lambda o: (given_name_key(o.name), o.slug))

    def localities_in_order(self) -> list[LocalityEntry]:
        """The centre first, then provinces and cities alphabetically."""
        return sorted(self.localities.values(), key=lambda l: (not l.is_central, vietnamese_sort_key(l.name)))

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


def vietnamese_sort_key(text: str) -> tuple:
    """Order words as a Vietnamese dictionary does: by letters first, then by tones."""
    letters, tones = [], []
    for char in unicodedata.normalize("NFD", (text or "").lower()):
        if char in _TONES:
            if tones:
                tones[-1] = _TONES[char]
            continue
        if unicodedata.combining(char) and letters:
            composed = unicodedata.normalize("NFC", _ALPHABET_BASE.get(letters[-1], "") + char)
            if composed in _ALPHABET:
                letters[-1] = _ALPHABET.index(composed)
            continue
        letters.append(_letter_rank(char))
        tones.append(0)
    return tuple(letters), tuple(tones)


def _letter_rank(char: str) -> int:
    if char in _ALPHABET:
        return _ALPHABET.index(char)
    return -1 if char.isspace() else 100 + ord(char)


_ALPHABET_BASE = {_ALPHABET.index(c): c for c in "aeoud"}


def given_name_key(name: str) -> tuple:
    words = name.split()
    return vietnamese_sort_key(words[-1] if words else ""), vietnamese_sort_key(name)


def directive_sort_key(entry) -> tuple:
    number = re.match(r"\d+", entry.number or "")
    return (int(number.group(0)) if number else 10**9, entry.date or "", entry.label)


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
    """The register of known directives, by id; tolerant of a missing file. Read again only when
    the file changes: every rebuild of the preview asks for it."""
    if not path.exists():
        return {}
    stat = path.stat()
    return _read_known_directives(path, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _read_known_directives(path: Path, size: int, mtime_ns: int) -> dict[str, dict]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    entries = data.get("directives", data) if isinstance(data, dict) else data
    known = {}
    for entry in entries or []:
        if isinstance(entry, dict) and entry.get("id"):
            known[str(entry["id"])] = entry
    return known


_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+(?=[A-ZÀ-Ỹ“\"])")


def sentence_citing(paragraphs, needles: list[str]) -> tuple[str | None, str | None, str | None]:
    """The first (paragraph anchor, sentence, needle) in which one of the needles is written."""
    needles = [n for n in needles if n]
    for anchor, text in paragraphs:
        for needle in needles:
            at = text.find(needle)
            if at < 0:
                continue
            for sentence in _SENTENCE_END.split(text):
                if needle in sentence:
                    return anchor, sentence.strip(), needle
            return anchor, text, needle
    return None, None, None


def _month(date: str | None) -> str | None:
    match = re.match(r"^(\d{4})-(\d{2})(?![\d/])", date or "")
    return f"{match.group(1)}-{match.group(2)}" if match else None


def _year(date: str | None) -> str | None:
    match = re.match(r"^(\d{4})", date or "")
    return match.group(1) if match else None


def article_entry(article: ContentArticle, body: RenderedBody) -> ArticleEntry:
    fm = article.front_matter
    officials = tuple(
        OfficialMention(o["name"], official_slug(o["name"]), tuple(o.get("titles") or ()))
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
        removed=tuple(fm.get("removed") or ()), body=body, portal=fm.get("portal"), path=article.path,
    )


def newest_first(entries: list[ArticleEntry]) -> list[ArticleEntry]:
    return sorted(entries, key=lambda a: a.sort_key, reverse=True)


def collect_context(entries: list[ArticleEntry], known: dict[str, dict] | None = None) -> SiteContext:
    known = load_known_directives() if known is None else known
    articles = newest_first(entries)
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
            anchor, sentence, keyword = sentence_citing(
                article.body.paragraphs, [mention.as_written, entry.label, f"{mention.type} số {mention.number}",
                                          f"{mention.type} {mention.number}"])
            entry.citations.append(Citation(article, anchor, sentence, keyword))

        slugs = [o.slug for o in article.officials]
        for mention in article.officials:
            entry = officials.setdefault(mention.slug, OfficialEntry(mention.slug, mention.name))
            entry.appearances.append((article, mention.titles))
            entry.colleagues.update(s for s in slugs if s != mention.slug)

        if article.locality_slug:
            entry = localities.setdefault(article.locality_slug, LocalityEntry(article.locality_slug, article.locality))
            entry.articles.append(article)
            entry.districts.update(article.districts)
            for district in dict.fromkeys(article.districts):
                entry.district_articles.setdefault(district, []).append(article)

        if article.year:
            years.setdefault(article.year, YearEntry(article.year)).articles.append(article)

    return SiteContext(
        articles=articles,
        directives=dict(sorted(directives.items())),
        officials=dict(sorted(officials.items())),
        localities=dict(sorted(localities.items())),
        years=dict(sorted(years.items(), reverse=True)),
        by_slug={a.slug: a for a in articles},
    )


def related_articles(article: ArticleEntry, context: SiteContext, limit: int = 5) -> list[ArticleEntry]:
    """Articles sharing directives or officials with this one, most shared first, then newest.

    Entries named in very many articles are left out: they would make every article related to every
    other, and walking them for each article would make the build quadratic.
    """
    shared: Counter = Counter()
    for mention in article.directives:
        citations = context.directives[mention.id].citations
        if len(citations) <= RELATED_FANOUT:
            shared.update(_listed_slugs(context, f"d:{mention.id}", (c.article for c in citations)))
    for mention in article.officials:
        appearances = context.officials[mention.slug].appearances
        if len(appearances) <= RELATED_FANOUT:
            shared.update(_listed_slugs(context, f"o:{mention.slug}", (other for other, _ in appearances)))
    shared.pop(article.slug, None)
    by_slug = context.by_slug or {a.slug: a for a in context.articles}
    if not context.newest_first:
        context.newest_first.update((slug, place) for place, slug in enumerate(
            sorted(by_slug, key=lambda slug: by_slug[slug].sort_key, reverse=True)))
    newest_first = context.newest_first
    ranked = sorted([(-count, newest_first[slug], slug) for slug, count in shared.items()])
    return [by_slug[slug] for _, _, slug in ranked[:limit]]


def _listed_slugs(context: SiteContext, key: str, articles) -> set[str]:
    found = context.listed_slugs.get(key)
    if found is None:
        found = context.listed_slugs[key] = {a.slug for a in articles}
    return found

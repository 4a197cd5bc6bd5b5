"""Reference data for extraction, loaded once from edition/data/*.yaml. Article text is matched
against it by the spelling keys of edition/spelling.py (either tone placement matches one entry)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from edition.spelling import ascii_fold, match_key, modern_tone_placement

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Documents of a province's or district's bodies: Party committees (TU, HU, QU), their
# standing or sectoral committees (ĐU), and local state bodies (UBND, HĐND). Their numbers
# repeat from province to province, so their register ids carry the place.
LOCAL_SCOPES = ("TU", "HU", "QU", "ĐU", "UBND", "HĐND")


def _load(name: str):
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@dataclass(frozen=True)
class DocumentType:
    name: str
    abbreviations: tuple[str, ...]
    regular_party_code: bool
    state_style: bool = False  # the state's document of that abbreviation ("QĐ-TTg" is a Quyết định)
    longer_names: tuple[str, ...] = ()  # "Chương trình hành động": the type under a longer name
    numbered_only_with_so_or_code: bool = False  # "phương án 2" is an option; "Phương án số 316" a document

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.longer_names)


@dataclass(frozen=True)
class Issuer:
    name: str
    scope: str  # TW, TU, HU, TTg, CP
    code_suffix: str
    forms: tuple[str, ...]

    @property
    def is_local(self) -> bool:
        return self.scope in LOCAL_SCOPES


@dataclass(frozen=True)
class RegisterEntry:
    id: str
    type: str
    number: str
    code: str
    issuer: str
    date: str | None
    title: str | None = None
    plenum: int | None = None
    term: str | None = None
    province: str | None = None
    aliases: tuple[str, ...] = ()
    source: str | None = None


@dataclass(frozen=True)
class DirectiveRegister:
    document_types: tuple[DocumentType, ...]
    issuers: tuple[Issuer, ...]
    terms: tuple[tuple[str, str], ...]  # (term, ISO date it opened), oldest first
    entries: tuple[RegisterEntry, ...]
    ids: frozenset[str] = frozenset()

    def type_named(self, word: str) -> DocumentType | None:
        key = match_key(word)
        return next((t for t in self.document_types if any(match_key(n) == key for n in t.names)), None)

    def type_abbreviated(self, abbreviation: str, state_style: bool = False) -> DocumentType | None:
        """"NQ" -> Nghị quyết. Where two types share an abbreviation (QĐ: Quy định and Quyết
        định; TT: Thông tri and Thông tư), a state-style code ("QĐ-TTg") takes the state's type."""
        key = ascii_fold(abbreviation)
        matching = [t for t in self.document_types if any(ascii_fold(a) == key for a in t.abbreviations)]
        preferred = [t for t in matching if t.state_style == state_style]
        return (preferred or matching or [None])[0]

    def issuer_named(self, name: str) -> Issuer | None:
        key = match_key(name)
        return next((i for i in self.issuers if any(match_key(f) == key for f in i.forms)), None)

    def term_at(self, iso_date: str | None) -> str | None:
        """The Central Committee term in office on a date ("2019-12-25" -> "XII")."""
        if not iso_date or not re.match(r"\d{4}", iso_date):
            return None
        current = None
        for term, opened in self.terms:
            if opened <= iso_date[:10]:
                current = term
        return current


def _entry(raw: dict) -> RegisterEntry:
    return RegisterEntry(
        id=str(raw["id"]),
        type=str(raw["type"]),
        number=str(raw["number"]),
        code=str(raw["code"]),
        issuer=str(raw["issuer"]),
        date=str(raw["date"]) if raw.get("date") else None,
        title=raw.get("title"),
        plenum=int(raw["plenum"]) if raw.get("plenum") is not None else None,
        term=raw.get("term"),
        province=raw.get("province"),
        aliases=tuple(raw.get("aliases") or ()),
        source=raw.get("source"),
    )


@lru_cache(maxsize=None)
def directive_register() -> DirectiveRegister:
    data = _load("directives.yaml")
    entries = tuple(_entry(raw) for raw in data["directives"])
    return DirectiveRegister(
        document_types=tuple(
            DocumentType(t["name"], tuple(t.get("abbreviations") or ()), bool(t.get("regular_party_code")),
                         bool(t.get("state_style")), tuple(t.get("longer_names") or ()),
                         bool(t.get("numbered_only_with_so_or_code")))
            for t in data["document_types"]
        ),
        issuers=tuple(
            Issuer(i["name"], i["scope"], i["code_suffix"], tuple(i["forms"])) for i in data["issuers"]
        ),
        terms=tuple((str(t["term"]), str(t["from"])) for t in data["central_committee_terms"]),
        entries=entries,
        ids=frozenset(e.id for e in entries),
    )


@dataclass(frozen=True)
class TitleLexicon:
    heads: tuple[str, ...]  # words that open a position title: "Bí thư", "Ủy viên", "Chủ tịch" ...
    modifiers: tuple[str, ...]  # words that may stand before a head: "Phó", "nguyên", "Thường trực"
    organisation_words: tuple[str, ...]  # lower-case words that continue a title: "ban", "tỉnh" ...
    appointment_phrases: tuple[str, ...]  # "NAME tái đắc cử TITLE"
    appointment_verbs: tuple[str, ...]  # "NAME được điều động, chỉ định làm TITLE"
    appointment_links: tuple[str, ...]  # "làm", "giữ chức": between those verbs and the title
    name_openers: tuple[str, ...]  # "đồng chí", "ông", "PGS.TS": a name follows
    historical_figures: frozenset[str]  # match keys of names that are never officials of the day


@lru_cache(maxsize=None)
def title_lexicon() -> TitleLexicon:
    data = _load("titles.yaml")
    heads = sorted((modern_tone_placement(h) for h in data["heads"]), key=len, reverse=True)
    return TitleLexicon(
        heads=tuple(heads),
        modifiers=tuple(modern_tone_placement(m) for m in data["modifiers"]),
        organisation_words=tuple(data["organisation_words"]),
        appointment_phrases=tuple(data.get("appointment_phrases") or ()),
        appointment_verbs=tuple(data.get("appointment_verbs") or ()),
        appointment_links=tuple(data.get("appointment_links") or ()),
        name_openers=tuple(data.get("name_openers") or ()),
        historical_figures=frozenset(match_key(n) for n in data["historical_figures"]),
    )


@lru_cache(maxsize=None)
def surnames() -> frozenset[str]:
    return frozenset(match_key(s) for s in _load("surnames.yaml")["surnames"])


@lru_cache(maxsize=None)
def _gazetteer_provinces() -> dict:
    """The provinces of the locality extractor's gazetteer (edition/data/gazetteer.yaml), read
    only; empty if it is missing or unreadable."""
    try:
        provinces = (_load("gazetteer.yaml") or {}).get("provinces") or {}
    except (OSError, yaml.YAMLError):
        return {}
    return {str(name): facts if isinstance(facts, dict) else {} for name, facts in provinces.items()}


@lru_cache(maxsize=None)
def place_names() -> frozenset[str]:
    """Match keys of Vietnam's provinces and districts (names, aliases), so that a place is not read
    as a person's name ("Bí thư Thành ủy Hà Nội Đinh Tiến Dũng")."""
    names = set()
    for name, facts in _gazetteer_provinces().items():
        for place in [name, *(facts.get("aliases") or ()), *(facts.get("districts") or ())]:
            names.add(match_key(str(place)))
    return frozenset(names)


@lru_cache(maxsize=None)
def _province_by_key() -> dict[str, str]:
    by_key = {}
    for name, facts in _gazetteer_provinces().items():
        for form in [name, *(facts.get("aliases") or ()), *(facts.get("needs_prefix") or ())]:
            by_key[match_key(str(form))] = name
    return by_key


def canonical_province(place: str | None) -> str | None:
    """"Hồ Chí Minh", "TP.HCM" -> "Thành phố Hồ Chí Minh"; None where the gazetteer has no such province."""
    return _province_by_key().get(match_key(place)) if place else None


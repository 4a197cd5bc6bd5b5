"""Numbered Party and state documents cited in an article, resolved against the register.

Reading a citation
------------------
A citation is a document type ("Nghị quyết", "Chỉ thị" ... or its abbreviation "NQ", "CT";
the types are data: edition/data/directives.yaml), an optional "số" (a few words may come
between the type and "số": "Chương trình hành động số 15"), one or more numbers, each optionally
with a code ("18-NQ/TW", "21 – NQ/TW", "16/CT-TTg", "15/2021/NĐ-CP"), then optionally the date of
issue ("ngày 25-10-2017", "ngày 20 tháng 3 năm 2021") and the issuer ("của Ban Thường vụ Thành
ủy Hải Phòng"). Enumerations share what follows them: "Chỉ thị số 15, 16/CT-TTg" is 15/CT-TTg
and 16/CT-TTg; "Nghị quyết 18, 19 của Bộ Chính trị" gives both to the Bộ Chính trị. The issuer
may also stand before: as the subject of "ban hành" ("Bộ Chính trị vừa ban hành Chỉ thị số
45"), or announced for a group ("3 Nghị quyết của Bộ Chính trị, gồm Nghị quyết số 50 ...").
A number followed by a unit counts something ("Kế hoạch 5 năm") and is no citation, nor is a
type's name in lower case before a bare number and a noun, which is a verb ("hướng dẫn 11 quần
chúng"); a capitalised type after such a verb is the document ("thông báo Quyết định số 1710").
Documents of several types listed before one issuer are all its ("Thông tri 36, Chương trình
hành động 76 của BTV Thành ủy"), and a bare mention ("NQ 28") is the document the article cites
in full with that type and number. Where the code's type differs from the words, the code wins
("Thông báo kết luận số 123-TB/TW").
A resolution named by its plenum ("Nghị quyết Trung ương 4 khóa XII", "Nghị quyết Hội nghị lần
thứ tư BCH Trung ương") is looked up in the register by plenum and term (one per term in
"Nghị quyết Trung ương 4 (khóa XI, XII)"); the term defaults to
one written elsewhere in the article, else to the one in office at the article's date. A code
standing alone ("theo 09-KL/TU") is a citation too, its type read from the code. Resolutions of
party congresses named without a number ("Nghị quyết Đại hội XIII") are not directives:
`extract_congress_resolutions` lists them.

Resolving
---------
The scope of a document (TW central Party organ, TU provincial committee, TTg Prime Minister ...)
comes from its code as written, else from the named issuer. The register of known documents
(edition/data/directives.yaml) is consulted by (type, number, scope). The same code recurs across
terms (Chỉ thị 35-CT/TW of 2019 and of 2024; Nghị quyết 18-NQ/TW of 2017 and of 2022): where the
citation gives a date, the entry of that date; otherwise, of the entries issued by the article's
date, the one whose title the words after the citation echo ("... về sắp xếp tổ chức bộ máy"),
else the latest of them. A citation with neither code nor issuer is resolved only to a central
document of the register. Otherwise the code is built from the type and the issuer ("Chỉ thị số
35 của Ban Thường vụ Thành ủy" -> CT/TU) for types whose Party code is regular, and left None
where it is not (Quyết định) or where nothing names the issuer.

Register ids (permanent; they name the pages directives/<id>/)
--------------------------------------------------------------
- A document in the register has the id written there, never recomputed.
- Otherwise: ASCII slug (`ascii_slug`) of "<type> <number> <code>", the number as an integer
  padded to two digits ("Chỉ thị 5-CT/TW" and "Chỉ thị số 05-CT/TW" are both chi-thi-05-ct-tw).
- A local document (a provincial or district Party committee, a provincial people's committee
  or council: register.LOCAL_SCOPES) adds its place ("chi-thi-35-ct-tu-hai-phong"): the place
  its issuer is named with ("Thành ủy Hải Phòng", also in another citation of the same document
  in the article), else the article's locality, which the caller passes as `locality`. So
  documents of two provinces never share an id; with neither, the id has no place part. A
  district committee's document (HU, QU) carries district and province
  ("ke-hoach-45-kh-hu-tan-chau-tay-ninh"): the district named with the issuer, else the one
  district whose committee the article names (checked against the locality gazetteer).
- Without a code, the issuer's level (the suffix its codes carry) stands in for it: "Quyết định
  số 2319 của Bộ Chính trị" is quyet-dinh-2319-tw, as the Party's central organs number their
  documents in one series; with neither code nor issuer, the id is type and number alone. A
  plenum the register lacks is "nghi-quyet-trung-uong-<n>-khoa-<term>".
- A code the register knows only in other years (the citation's own date matches none of them)
  takes the cited year as a suffix, so it never lands on a registered document's page.
- Register entries of a code that recurs carry the year of issue ("chi-thi-35-ct-tw-2019",
  "chi-thi-35-ct-tw-2024"; `directive_id(..., year=...)`). Ids never change: when a new issue of
  a code already registered without a year is added, the new entry takes the year and the old
  one keeps its id. A test checks every entry's id against this scheme.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from edition.extract.register import (
    LOCAL_SCOPES,
    DirectiveRegister,
    DocumentType,
    Issuer,
    RegisterEntry,
    ascii_fold,
    canonical_province,
    directive_register,
    match_key,
    place_names,
    modern_tone_placement,
)
from edition.model import CleanArticle, Directive

STATE_SCOPES = ("TTg", "CP")
CENTRAL_SCOPES = ("TW", "TTg", "CP")

_CODE = r"[A-ZĐa-zđ]+(?:\s?[/-]\s?[A-ZĐa-zđ][A-ZĐa-zđ0-9]*)+"
# after a year the code may be one word: "35/2023/UBTVQH15", "202/2025/QH15"
_DATED_CODE = rf"(?:{_CODE}|[A-ZĐ][A-ZĐa-z]*\d*(?![\w/-]))"
# number, then "-CODE" (Party style) or "/CODE" or "/YEAR/CODE" (state style)
# a number followed by a unit counts something ("Kế hoạch 5 năm", "Đề án 1 triệu"); it is no document's
_QUANTITY = (
    r"(?!\s*(?:năm(?!\s*\d{4}(?!\s*[-–]))|tháng|ngày(?!\s*\d)|tuần|quý|giờ|%|triệu|tỷ|nghìn|ngàn|người|lượt|đồng|km|ha"
    r"|tập thể|cá nhân)(?![^\W\d_]))"
)
_ITEM = re.compile(
    rf"(?:số\s*)?(?P<number>\d{{1,4}})(?!\d|[.,]\d){_QUANTITY}"
    rf"(?:\s*[-–—]\s*(?P<party_code>{_CODE})"
    rf"|\s*/\s*(?:(?P<year>\d{{4}})\s*/\s*(?P<dated_code>{_DATED_CODE})|(?P<state_code>{_CODE})))?",
)
_NEXT_ITEM = re.compile(r"\s*(?:,|;|và)\s*(?:và\s+)?(?=(?:số\s*)?\d)")
# what may follow a number of an enumeration ("Nghị quyết 18, 19 về ..."), so that
# "Nghị quyết 26, 2 năm ..." does not read 2 as a document
_AFTER_ENUMERATED = re.compile(r"\s*(?:[,;.:)]|và\b|về\b|của\b|ngày\b|cùng\b|gắn\b|đã\b|được\b|$)")
_DATE = re.compile(
    r"\s*,?\s*(?:ban hành\s+)?ngày\s+(\d{1,2})(?:\s*[-/.]\s*|\s+tháng\s+)(\d{1,2})(?:\s*[-/.]\s*|\s+năm\s+)(\d{4})"
)
_TERM = re.compile(r"\s*,?\s*\(?\s*(?:khóa|khoá)\s+([IVXL]+)\b\s*\)?", re.IGNORECASE)
# Vietnamese ordinal words, for "Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương"
ORDINAL_WORDS = {
    "nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
    "mười": 10, "mười một": 11, "mười hai": 12, "mười ba": 13, "mười bốn": 14, "mười lăm": 15,
    "mười sáu": 16, "mười bảy": 17, "mười tám": 18, "mười chín": 19, "hai mươi": 20,
}
_ORDINAL_ALT = "|".join(sorted((re.escape(w) for w in ORDINAL_WORDS), key=len, reverse=True))
_PLENUM_NUMBER = rf"(?:\d{{1,2}}|(?i:{_ORDINAL_ALT}))(?![^\W\d_])(?!\s*\d{{4}})"
_CENTRAL_COMMITTEE = r"(?:(?i:ban chấp hành|bch)\s+)?(?:(?i:trung ương)|TW|T\.Ư)(?:\s+(?i:đảng)(?![^\W\d_]))?"
_PLENUM = re.compile(
    r"(?:(?i:nghị quyết)|NQ)\s+(?:(?i:hội nghị)\s+)?"
    rf"(?:(?i:lần thứ)\s+(?P<ordinal_first>{_PLENUM_NUMBER})\s+(?:(?i:của)\s+)?{_CENTRAL_COMMITTEE}"
    rf"|{_CENTRAL_COMMITTEE}\s*(?:(?i:lần thứ)\s+)?(?:số\s+)?(?P<committee_first>{_PLENUM_NUMBER}))"
    # one term or several ("Nghị quyết Trung ương 4 (khóa XI, XII)": the plenum of each)
    r"(?:\s*,?\s*\(?\s*(?i:khóa|khoá)\s+(?P<term>(?:[IVXL]+|\d{1,2})\b(?:\s*(?:,|và)\s*(?:[IVXL]+|\d{1,2})\b)*)\s*\)?)?"
)
_PLACE_WORDS = re.compile(r"\s+(?:(?i:tỉnh|thành phố|TP\.?)\s+)?((?:[^\W\d_]+)(?:\s+[^\W\d_]+){0,3})")
_CONGRESS = re.compile(
    r"(?i:nghị quyết\s+đại hội)"
    r"(?P<tail>(?:\s+(?:(?i:đại biểu|đảng bộ|đảng|chi bộ|toàn quốc|lần thứ|các cấp|tỉnh|thành phố|huyện|quận|thị xã"
    r"|xã|phường|thị trấn|khối|cơ sở|nhiệm kỳ)|[IVXL]+\b|\d{1,2}\b|\d{4}\s*[-–]\s*\d{4}\b|[A-ZĐ][^\W\d_]*))*)"
)
_ORDINAL = re.compile(r"\b(?:[IVXL]+|\d{1,2}|lần thứ \w+|\d{4}\s*[-–]\s*\d{4})\b", re.IGNORECASE)
MAX_PLACE_SYLLABLES = 4
SUBJECT_LENGTH = 160  # characters after a citation read for its subject
# words too common in documents' titles to tell two of them apart
_TITLE_STOPWORDS = frozenset(
    "về và của các những trong với cho đến năm giai đoạn tình hình mới tiếp tục một số vấn đề đẩy mạnh "
    "tăng cường nâng cao hiệu quả chất lượng thực hiện công tác đối với theo là có được"
    .split())
DISTRICT_SCOPES = ("HU", "QU")
_DISTRICT_COMMITTEE = re.compile(r"(?:Huyện|Quận|Thị) ủy ([A-ZĐ][^\W\d_]*(?: [A-ZĐ][^\W\d_]*){0,2})")


@dataclass(frozen=True)
class Citation:
    """One numbered document as the text cites it, before it is resolved."""

    type: str
    number: str
    code: str | None  # as written, spaces removed
    date: str | None  # ISO date of issue as written in the citation
    issuer: Issuer | None
    issuer_place: str | None  # "Hải Phòng" in "Thành ủy Hải Phòng"
    as_written: str
    span: tuple[int, int] = (0, 0)  # where as_written stands in its paragraph
    subject: str = ""  # the words after the citation ("về tinh giản biên chế ..."), to tell issues apart
    plenum_term: str | None = None  # set for "Nghị quyết Trung ương 4 khóa XII"
    term_written: bool = False  # the plenum's term stands in the text (else it is the article date's)


# ---------------------------------------------------------------- ids


def normalised_number(number: str) -> str:
    """"5" -> "05", "0105" -> "105": the number as it stands in a canonical code."""
    digits = re.sub(r"\D", "", number or "")
    return f"{int(digits):02d}" if digits else (number or "")


def directive_id(
    type_: str,
    number: str,
    code: str | None,
    issuer: str | None = None,
    place: str | None = None,
    year: int | str | None = None,
) -> str:
    """Register id of a document: "chi-thi-05-ct-tw", "chi-thi-35-ct-tu-hai-phong",
    "chi-thi-35-ct-tw-2019" (with year), "quyet-dinh-2319-tw" (no code, issuer's level)."""
    parts = [type_, normalised_number(number), code or issuer or "", place or "", str(year or "")]
    return ascii_slug(" ".join(p for p in parts if p))


def ascii_slug(text: str) -> str:
    """"Chỉ thị 05 CT/TW" -> "chi-thi-05-ct-tw" (Vietnamese letters fold to ASCII, đ to d)."""
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text)).strip("-")


# ---------------------------------------------------------------- reading citations


def scope_of_code(code: str | None) -> str | None:
    """"NQ/TW" -> "TW", "KL/TU" -> "TU", "CT-TTg" -> "TTg", "HD/BTCTW" -> "TW", "KH/ĐUK" -> "ĐU"."""
    if not code:
        return None
    suffix = re.split(r"[/-]", code)[-1]
    folded = ascii_fold(suffix)
    if folded == "ttg":
        return "TTg"
    if folded == "cp":
        return "CP"
    if folded.endswith("tw"):
        return "TW"
    for scope in ("UBND", "HĐND", "TU", "HU", "QU"):
        if folded.endswith(ascii_fold(scope)):
            return scope
    if folded.startswith("du"):
        return "ĐU"
    return None


def _iso(day: str, month: str, year: str) -> str | None:
    d, m, y = int(day), int(month), int(year)
    if 1 <= d <= 31 and 1 <= m <= 12 and 1900 <= y <= 2100:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


@lru_cache(maxsize=None)
def _issuer_alternation() -> str:
    register = directive_register()
    forms = sorted({modern_tone_placement(f) for i in register.issuers for f in i.forms}, key=len, reverse=True)
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)


@lru_cache(maxsize=None)
def _issuer_pattern() -> re.Pattern:
    """", của Ban Thường vụ Tỉnh ủy" after a citation."""
    return re.compile(rf"\s*,?\s*của\s+(?P<issuer>{_issuer_alternation()})(?![^\W\d_])", re.IGNORECASE)


@lru_cache(maxsize=None)
def _type_pattern() -> re.Pattern:
    register = directive_register()
    names = sorted((modern_tone_placement(n) for t in register.document_types for n in t.names), key=len, reverse=True)
    abbreviations = sorted({a for t in register.document_types for a in t.abbreviations}, key=len, reverse=True)
    name_alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    abbr_alt = "|".join(re.escape(a) for a in abbreviations)
    # "Chỉ thị số 05", "Chỉ thị 05", "NQ 28", and with a few words before "số": "Chương trình hành
    # động số 15", "Thông báo kết luận số 123"; a type written with its capital among those words
    # is the document, the word before it a verb ("thông báo Quyết định số 1710")
    return re.compile(
        rf"(?<![^\W\d_])(?:(?P<name>(?i:{name_alt}))|(?P<abbr>{abbr_alt}))"
        rf"(?:\s*:?\s+(?=(?:số\s*)?\d)|(?:\s+(?!(?:{name_alt})(?![^\W\d_]))[^\W\d_]+){{1,3}}?\s+(?=số\s*\d))"
    )


@lru_cache(maxsize=None)
def _bare_code_pattern() -> re.Pattern:
    register = directive_register()
    abbreviations = sorted({a for t in register.document_types for a in t.abbreviations}, key=len, reverse=True)
    abbr_alt = "|".join(re.escape(a) for a in abbreviations)
    return re.compile(
        rf"(?<![\w/-])(?P<number>\d{{1,4}})\s*[-–]\s*(?P<code>(?:{abbr_alt})\s?/\s?[A-ZĐ][A-ZĐa-z]*)(?![\w/])"
        rf"|(?<![\w/-])(?P<snumber>\d{{1,4}})/(?:\d{{4}}/)?(?P<scode>(?:{abbr_alt})-[A-ZĐ][A-ZĐa-z]*)(?![\w/])"
    )


def _clean_code(code: str | None) -> str | None:
    return re.sub(r"\s+", "", code) if code else None


def _type_of_code(register: DirectiveRegister, code: str) -> str | None:
    """"KL/TU" -> Kết luận; "QĐ-TTg" (state style: a hyphen after the type) -> Quyết định."""
    abbreviation, separator = re.match(r"([^/-]*)([/-]?)", code).groups()
    found = register.type_abbreviated(abbreviation, state_style=separator == "-")
    return found.name if found else None


def _type_agreeing_with_code(register: DirectiveRegister, written: DocumentType, code: str | None) -> str:
    """The code names the type where the words do not ("Thông báo kết luận số 123-TB/TW")."""
    if not code:
        return written.name
    abbreviation = ascii_fold(re.split(r"[/-]", code)[0])
    if any(ascii_fold(a) == abbreviation for a in written.abbreviations):
        return written.name
    return _type_of_code(register, code) or written.name


def _place_after(text: str, pos: int) -> tuple[str | None, int]:
    """The capitalised place name after a local issuer ("Thành ủy Hải Phòng"), and where it ends."""
    m = _PLACE_WORDS.match(text, pos)
    if not m:
        return None, pos
    words = []
    for word in m.group(1).split()[:MAX_PLACE_SYLLABLES]:
        if not word[0].isupper() or match_key(word) in ("khóa", "về", "ngày", "nhiệm"):
            break
        words.append(word)
    if not words:
        return None, pos
    place = " ".join(words)
    return place, m.start(1) + len(place)


def _read_tail(text: str, pos: int, register: DirectiveRegister):
    """Date of issue, issuer and the issuer's place after a citation's numbers, and where they end
    (a term, "khoá XII", is read over so that the citation as written includes it)."""
    date = issuer = place = None
    for _ in range(3):
        if m := _DATE.match(text, pos):
            date = date or _iso(*m.groups())
            pos = m.end()
        elif m := _TERM.match(text, pos):
            pos = m.end()
        elif issuer is None and (m := _issuer_pattern().match(text, pos)):
            issuer = register.issuer_named(m.group("issuer"))
            pos = m.end()
            if issuer is not None and issuer.is_local:
                place, pos = _place_after(text, pos)
        else:
            break
    return date, issuer, place, pos


def _issuer_before(text: str, start: int, register: DirectiveRegister) -> tuple[Issuer | None, str | None]:
    """"Bộ Chính trị ban hành Chỉ thị số 35", "Ban Thường vụ Tỉnh ủy Gia Lai đã ban hành Kế hoạch
    số 248": the issuer as the subject of "ban hành" right before the citation."""
    m = _issued_by_pattern().search(text[max(0, start - 120) : start])
    if not m:
        return None, None
    issuer = register.issuer_named(m.group("issuer"))
    place = m.group("place") if issuer is not None and issuer.is_local else None
    return issuer, place


@lru_cache(maxsize=None)
def _issued_by_pattern() -> re.Pattern:
    return re.compile(
        rf"(?<![^\W\d_])(?P<issuer>(?i:{_issuer_alternation()}))(?:\s+(?P<place>[A-ZĐ][^\W\d_]*(?:\s+[A-ZĐ][^\W\d_]*){{0,2}}))?"
        r"\s+(?i:(?:(?:đã|vừa|mới|đã kịp thời|kịp thời)\s+)?(?:ký\s+)?ban hành\s+(?:các\s+)?)$"
    )


def _item_code(item: re.Match) -> str | None:
    return _clean_code(item.group("party_code") or item.group("state_code") or item.group("dated_code"))


def _enumerated_items(text: str, pos: int) -> list[re.Match]:
    """The numbers (with their codes) from pos on: "số 15, 16/CT-TTg", "18, 19", "số 18-NQ/TW, số 19-NQ/TW"."""
    items: list[re.Match] = []
    while (item := _ITEM.match(text, pos)) is not None:
        if items and not _item_code(item) and not _AFTER_ENUMERATED.match(text, item.end()):
            break
        items.append(item)
        nxt = _NEXT_ITEM.match(text, item.end())
        if nxt is None:
            break
        pos = nxt.end()
    return items


def _written_type(register: DirectiveRegister, start: re.Match) -> DocumentType | None:
    if start.group("name"):
        return register.type_named(re.sub(r"\s+", " ", start.group("name")))
    return register.type_abbreviated(start.group("abbr"))


def _numbered_citations(text: str, register: DirectiveRegister) -> tuple[list[Citation], list[tuple[int, int]]]:
    """Citations that open with a type ("Chỉ thị số 05-CT/TW ..."), and the spans of their numbers."""
    citations: list[Citation] = []
    spans: list[tuple[int, int]] = []
    for start in _type_pattern().finditer(text):
        doc_type = _written_type(register, start)
        items = _enumerated_items(text, start.end()) if doc_type else []
        if not items or _verb_before_a_count(start, items[0], text):
            continue
        if doc_type.numbered_only_with_so_or_code and not _has_so_or_code(items[0]):
            continue
        end = items[-1].end()
        date, issuer, place, tail_end = _read_tail(text, end, register)
        if issuer is None:
            issuer, place = _issuer_before(text, start.start(), register)
        # a code written after the last number holds for the numbers before it ("15, 16/CT-TTg")
        shared_code = next((_item_code(i) for i in reversed(items) if _item_code(i)), None)
        span = (start.start(), max(end, tail_end))
        for item in items:
            code = _item_code(item) or shared_code
            type_name = _type_agreeing_with_code(register, doc_type, code)
            citations.append(Citation(type_name, item.group("number"), code, date, issuer, place, text[span[0]:span[1]], span))
        spans.append((start.start(), end))
    return citations, spans


def _has_so_or_code(item: re.Match) -> bool:
    return item.group(0).startswith("số") or _item_code(item) is not None


def _verb_before_a_count(start: re.Match, first: re.Match, text: str) -> bool:
    """"chỉ đạo, hướng dẫn 11 quần chúng": a type's name in lower case, then a bare number (no
    "số", no code) and a word that is not a citation's continuation, is a verb and what it counts."""
    written = start.group("name")
    if not written or not written[0].islower():
        return False
    if _has_so_or_code(first):
        return False
    return bool(re.match(r"\s+[^\W\d_]", text[first.end():])) and not _AFTER_ENUMERATED.match(text, first.end())


def _roman(term: str | None) -> str | None:
    """"XII" -> "XII", "12" -> "XII": terms of the Central Committee as the register writes them."""
    if not term:
        return None
    if not term.isdigit():
        return term.upper()
    number, roman = int(term), ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            roman, number = roman + letters, number - value
    return roman


def _plenum_citations(text: str, article_date: str | None, register: DirectiveRegister) -> list[Citation]:
    citations = []
    for m in _PLENUM.finditer(text):
        written_terms = re.findall(r"[IVXL]+|\d{1,2}", m.group("term") or "")
        terms = [_roman(t) for t in written_terms] or [register.term_at(article_date)]
        issuer = register.issuer_named("Ban Chấp hành Trung ương")
        plenum = m.group("ordinal_first") or m.group("committee_first")
        number = plenum if plenum.isdigit() else str(ORDINAL_WORDS[plenum.casefold()])
        for term in terms:
            citations.append(Citation("Nghị quyết", number, None, None, issuer, None, m.group(0), m.span(),
                                      plenum_term=term or "?", term_written=bool(written_terms)))
    return citations


def _numbered_right_after(citation: Citation, text: str, spans: list[tuple[int, int]]) -> bool:
    """"Nghị quyết Trung ương 6 khóa XII (Nghị quyết số 18-NQ/TW)": the number that follows names
    the document, so the plenum reference is not another one."""
    end = citation.span[1]
    return any(0 <= start - end <= 2 for start, _ in spans) or bool(
        re.match(r"\s*[(,]?\s*(?:số\s*)?\d{1,4}\s*[-–]\s*NQ", text[end:]))


def _bare_code_citations(text: str, taken: list[tuple[int, int]], register: DirectiveRegister) -> list[Citation]:
    citations = []
    for m in _bare_code_pattern().finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        number = m.group("number") or m.group("snumber")
        code = _clean_code(m.group("code") or m.group("scode"))
        doc_type = _type_of_code(register, code)
        if doc_type:
            date, issuer, place, _end = _read_tail(text, m.end(), register)
            citations.append(Citation(doc_type, number, code, date, issuer, place, m.group(0), m.span()))
    return citations


def citations_in(text: str, article_date: str | None = None) -> list[Citation]:
    """Every numbered document one paragraph cites, in order of appearance."""
    register = directive_register()
    text = unicodedata.normalize("NFC", text)
    normalised = modern_tone_placement(text)  # same length: offsets hold for the original text
    numbered, spans = _numbered_citations(normalised, register)
    plenary = [c for c in _plenum_citations(normalised, article_date, register) if not _numbered_right_after(c, normalised, spans)]
    found = numbered + plenary
    found += _bare_code_citations(normalised, spans, register)
    found.sort(key=lambda c: c.span[0])
    found = _sharing_the_issuer_that_follows(found, normalised)
    found = _with_announced_issuers(found, normalised, register)
    written: dict[tuple[int, int], str] = {}  # an enumeration's documents share one citation
    for c in found:
        if c.span not in written:
            written[c.span] = _as_written(text, c.span)
    return [replace(c, as_written=written[c.span], subject=normalised[c.span[1] : c.span[1] + SUBJECT_LENGTH])
            for c in found]


_LIST_JOINER = re.compile(r"\s*(?:,|và|,\s*và)\s*$")


def _sharing_the_issuer_that_follows(citations: list[Citation], text: str) -> list[Citation]:
    """Documents of different types listed before one issuer are all its: "Thông tri 36, Chương
    trình hành động 76 của Ban Thường vụ Thành ủy" (only "," or "và" between them)."""
    shared: list[Citation] = []
    following: Citation | None = None
    for c in reversed(citations):
        if (following is not None and following.issuer is not None and _is_bare(c)
                and c.span[1] <= following.span[0] and _LIST_JOINER.match(text[c.span[1] : following.span[0]])):
            c = replace(c, issuer=following.issuer, issuer_place=following.issuer_place)
        shared.append(c)
        following = c
    return shared[::-1]


def _with_announced_issuers(citations: list[Citation], text: str, register: DirectiveRegister) -> list[Citation]:
    """The issuer announced for a group goes to the group's documents that name none themselves:
    "3 Nghị quyết của Bộ Chính trị, gồm Nghị quyết số 50 ...; Nghị quyết số 51 ..." (documents of
    that type, to the end of the paragraph); "các quy định của Trung ương, nhất là Nghị quyết 26,
    Quy định 105" (documents of any type, to the end of the sentence)."""
    announced = []  # (from, to, type or None for any, issuer)
    for m in _group_announcement().finditer(text):
        doc_type = register.type_named(re.sub(r"\s+", " ", m.group("type")))
        issuer = register.issuer_named(m.group("issuer"))
        if doc_type and issuer:
            announced.append((m.end(), len(text), doc_type.name, issuer))
    for m in _documents_of_announcement().finditer(text):
        issuer = register.issuer_named(m.group("issuer"))
        sentence_end = _SENTENCE_END.search(text, m.end())
        if issuer:
            announced.append((m.end(), sentence_end.start() if sentence_end else len(text), None, issuer))
    completed = []
    for c in citations:
        if c.issuer is None and c.code is None and c.plenum_term is None:
            for start, end, type_name, issuer in announced:
                if start <= c.span[0] < end and type_name in (None, c.type):
                    c = replace(c, issuer=issuer)
                    break
        completed.append(c)
    return completed


@lru_cache(maxsize=None)
def _group_announcement() -> re.Pattern:
    register = directive_register()
    names = "|".join(re.escape(modern_tone_placement(t.name)) for t in register.document_types)
    return re.compile(
        rf"\b\d+\s+(?P<type>{names})\s+của\s+(?P<issuer>{_issuer_alternation()})(?![^\W\d_])", re.IGNORECASE)


@lru_cache(maxsize=None)
def _documents_of_announcement() -> re.Pattern:
    register = directive_register()
    names = "|".join(re.escape(modern_tone_placement(t.name)) for t in register.document_types)
    kinds = rf"(?:văn bản|{names})"
    return re.compile(
        rf"\b(?:các|những)\s+{kinds}(?:\s*(?:,|và)\s*{kinds})*\s+của\s+(?P<issuer>{_issuer_alternation()})"
        r"(?![^\W\d_])\s*[,:]?\s*(?:nhất là|đặc biệt là|như|gồm|trong đó có|cụ thể là)\b",
        re.IGNORECASE,
    )


_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")


def _as_written(text: str, span: tuple[int, int]) -> str:
    """The citation in the paragraph's own spelling, white space made single."""
    return re.sub(r"\s+", " ", text[span[0] : span[1]]).strip()


# ---------------------------------------------------------------- resolving


def _reference_date(article_date: str | None) -> str | None:
    """The ISO prefix of an article date ("2021-10-25/2022-12-31" -> "2021-10-25")."""
    if not article_date:
        return None
    m = re.match(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", str(article_date))
    return m.group(0) if m else None


def _title_words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]+", match_key(text or "")) if w not in _TITLE_STOPWORDS}


def _pick_by_subject(entries: list[RegisterEntry], subject: str) -> RegisterEntry | None:
    """Of several issues of one code, the one whose title the words after the citation echo
    ("Nghị quyết 18-NQ/TW về ... sắp xếp tổ chức bộ máy" is the 2017 one, not the 2022 one on land)."""
    words = _title_words(subject)
    scored = sorted(((len(words & _title_words(e.title)), e) for e in entries), key=lambda pair: pair[0], reverse=True)
    if len(scored) > 1 and scored[0][0] >= 2 and scored[0][0] > scored[1][0]:
        return scored[0][1]
    return None


def _pick_issue(entries: list[RegisterEntry], citation: Citation, article_date: str | None) -> RegisterEntry | None:
    """Of the issues of one code: the one of the cited date; else, of those issued by the article's
    date, the one the subject names; else the latest of them."""
    reference = _reference_date(article_date)
    issued = [e for e in entries if not reference or (e.date or "")[: len(reference)] <= reference]
    if not citation.date and len(issued) > 1 and (by_subject := _pick_by_subject(issued, citation.subject)):
        return by_subject
    return _pick_by_date(entries, citation.date, article_date)


def _pick_by_date(entries: list[RegisterEntry], cited_date: str | None, article_date: str | None) -> RegisterEntry | None:
    """The issue of the cited date; else the latest issued by the article's date."""
    if not entries:
        return None
    if cited_date:
        exact = [e for e in entries if e.date == cited_date]
        if exact:
            return exact[0]
    reference = _reference_date(article_date)
    dated = sorted(entries, key=lambda e: e.date or "")
    if reference:
        before = [e for e in dated if (e.date or "")[: len(reference)] <= reference]
        if before:
            return before[-1]
        # Nothing issued yet at the article's date: an imprecise article date is likelier than an
        # unknown earlier document, unless the citation's own date says otherwise.
        return None if cited_date else dated[0]
    return dated[-1]


def _entry_scope(entry: RegisterEntry) -> str | None:
    return scope_of_code(entry.code)


def _code_suffix(code: str) -> str:
    """What names the issuing body in a code: "NQ/TW" -> "tw", "HD/BTCTW" -> "btctw", "CT-TTg" -> "ttg"."""
    return ascii_fold(re.split(r"[/-]", code)[-1])


def _register_match(citation: Citation, place: str | None, article_date: str | None,
                    register: DirectiveRegister) -> RegisterEntry | None:
    """The register's entry for a citation: same type, number and issuing body (by code, else by
    issuer, else a central document), same place for a local one, issued at the right date."""
    if citation.plenum_term is not None:
        entries = [e for e in register.entries if e.plenum == int(citation.number) and e.term == citation.plenum_term]
        return entries[0] if entries else None
    number = normalised_number(citation.number)
    candidates = [e for e in register.entries if e.type == citation.type and normalised_number(e.number) == number]
    suffix = _code_suffix(citation.code) if citation.code else (
        ascii_fold(citation.issuer.code_suffix) if citation.issuer else None)
    if suffix:
        candidates = [e for e in candidates if _code_suffix(e.code) == suffix]
    else:
        candidates = [e for e in candidates if _entry_scope(e) in CENTRAL_SCOPES]
    candidates = [e for e in candidates if _entry_scope(e) not in LOCAL_SCOPES
                  or (e.province and place and match_key(e.province) == match_key(place))]
    return _pick_issue(candidates, citation, article_date)


def _built_code(citation: Citation, register: DirectiveRegister) -> str | None:
    """"Chỉ thị" + issuer Thành ủy -> "CT/TU"; None where the type's code is not regular."""
    doc_type = register.type_named(citation.type)
    issuer = citation.issuer
    if doc_type is None or issuer is None or not doc_type.abbreviations:
        return None
    if issuer.scope in STATE_SCOPES:
        return None
    if not doc_type.regular_party_code:
        return None
    return f"{doc_type.abbreviations[0]}/{issuer.code_suffix}"


def resolve(citation: Citation, article_date: str | None, locality: str | None = None) -> Directive:
    """The register's document for a citation, or a document built from what the text says."""
    register = directive_register()
    place = _place_of(citation, locality)
    entry = _register_match(citation, place, article_date, register)
    if entry is not None:
        return _registered_directive(entry, citation)
    if citation.plenum_term is not None:
        return _unregistered_plenum(citation)
    return _directive_from_text(citation, place, register)


def _place_of(citation: Citation, locality: str | None) -> str | None:
    """Where a local document comes from: the place named with its issuer, else the article's
    locality; None for a central document or where neither is known."""
    scope = _scope(citation)
    if scope not in LOCAL_SCOPES:
        return None
    province = locality if locality and match_key(locality) != "trung ương" else None
    if scope in DISTRICT_SCOPES and citation.issuer_place:
        # districts of one name lie in several provinces (Tân Châu: Tây Ninh, An Giang)
        district = citation.issuer_place
        return f"{district} {province}" if province and match_key(province) != match_key(district) else district
    if citation.issuer_place:
        return canonical_province(citation.issuer_place) or citation.issuer_place
    return province


def _registered_directive(entry: RegisterEntry, citation: Citation) -> Directive:
    return Directive(
        id=entry.id,
        type=entry.type,
        number=entry.number if citation.plenum_term is not None else citation.number,
        code=citation.code or entry.code,  # as written where written
        issuer=f"{entry.issuer} {entry.province}" if entry.province else entry.issuer,
        date=entry.date,
        as_written=citation.as_written,
    )


def _unregistered_plenum(citation: Citation) -> Directive:
    return Directive(
        id=ascii_slug(f"nghi quyet trung uong {citation.number} khoa {citation.plenum_term}"),
        type="Nghị quyết",
        number=citation.number,
        code=None,
        issuer="Ban Chấp hành Trung ương",
        as_written=citation.as_written,
    )


def _issuer_with_place(citation: Citation, issuer: str | None, place: str | None) -> str | None:
    """"Ban Thường vụ Thành ủy" + "Hải Phòng". A district body keeps its bare name unless the text
    names its place: the article's locality is its province, not its district."""
    if not issuer or not place:
        return issuer
    if _scope(citation) in DISTRICT_SCOPES or _scope(citation) == "ĐU":
        return f"{issuer} {citation.issuer_place}" if citation.issuer_place else issuer
    return f"{issuer} {place}"


def _directive_from_text(citation: Citation, place: str | None, register: DirectiveRegister) -> Directive:
    code = citation.code or _built_code(citation, register)
    issuer = citation.issuer.name if citation.issuer else None
    # without a code, the issuing level stands in for it: central organs share one numbering
    issuer_for_id = None if code or citation.issuer is None else citation.issuer.code_suffix
    did = directive_id(citation.type, citation.number, code, issuer_for_id, place)
    if did in register.ids:  # another issue of a code the register knows: never land on its page
        did = directive_id(citation.type, citation.number, code, issuer_for_id, place,
                           year=(citation.date or "")[:4] or None)
    return Directive(
        id=did,
        type=citation.type,
        number=citation.number,
        code=code,
        issuer=_issuer_with_place(citation, issuer, place),
        date=citation.date,
        as_written=citation.as_written,
    )


def _merge(first: Directive, later: Directive) -> Directive:
    """Keep the first citation's wording; take facts the first one lacked from the later one."""
    return replace(
        first,
        code=first.code or later.code,
        issuer=first.issuer or later.issuer,
        date=first.date or later.date,
    )


def _paragraphs(article: CleanArticle) -> list[str]:
    return ([article.title] if article.title else []) + [block.text for block in article.blocks]


def extract_directives(article: CleanArticle, date: str | None, locality: str | None = None) -> tuple[Directive, ...]:
    """Every numbered document the article's title and blocks cite, one entry per document.

    `locality` (the article's province, if the caller knows it) places provincial documents
    whose issuer the text names without its place ("của Ban Thường vụ Thành ủy")."""
    citations = [c for paragraph in _paragraphs(article) for c in citations_in(paragraph, date)]
    district = _district_of(_paragraphs(article))
    if district:
        citations = [replace(c, issuer_place=district) if _scope(c) in DISTRICT_SCOPES and not c.issuer_place else c
                     for c in citations]
    found: dict[str, Directive] = {}
    for citation in _completed_from_each_other(citations):
        directive = resolve(citation, date, locality)
        found[directive.id] = _merge(found[directive.id], directive) if directive.id in found else directive
    return tuple(found.values())


def _district_of(paragraphs: list[str]) -> str | None:
    """The one district whose Party committee the article names ("Huyện ủy Tân Châu"), if only one:
    a district committee's documents cited without its name are that district's."""
    names = {}
    for paragraph in paragraphs:
        for m in _DISTRICT_COMMITTEE.finditer(modern_tone_placement(paragraph)):
            words = m.group(1).split()
            # only a place of the gazetteer: "Bí thư Huyện ủy Trần Văn Chiến" names a person
            for length in range(len(words), 0, -1):
                if match_key(" ".join(words[:length])) in place_names():
                    names.setdefault(match_key(" ".join(words[:length])), " ".join(words[:length]))
                    break
    return next(iter(names.values())) if len(names) == 1 else None


def _completed_from_each_other(citations: list[Citation]) -> list[Citation]:
    """An article names a document fully once and briefly after: "Nghị quyết TW9, khoá XI" then
    "Nghị quyết TW9"; "Nghị quyết số 12 của Ban Thường vụ Tỉnh ủy Thanh Hóa" then "Nghị quyết 12
    của Ban Thường vụ Tỉnh ủy"; "Chỉ thị số 35-CT/TW ngày 30-5-2019" then "Chỉ thị số 35-CT/TW".
    The brief mentions take the term, place or date of issue of the full one."""
    terms = {c.number: c.plenum_term for c in citations if c.term_written}
    fuller = _fuller_citations(citations)
    places, dates = {}, {}
    for c in citations:
        key = (c.type, normalised_number(c.number), _scope(c))
        if c.issuer_place:
            places.setdefault(key, c.issuer_place)
        if c.date:
            dates.setdefault(key, c.date)
    completed = []
    for c in citations:
        if c.plenum_term is not None and not c.term_written and c.number in terms:
            c = replace(c, plenum_term=terms[c.number], term_written=True)
        if _is_bare(c) and (full := fuller.get((c.type, normalised_number(c.number)))):
            c = replace(c, code=full.code, issuer=full.issuer, issuer_place=c.issuer_place or full.issuer_place)
        key = (c.type, normalised_number(c.number), _scope(c))
        if not c.issuer_place and key[2] in LOCAL_SCOPES and key in places:
            c = replace(c, issuer_place=places[key])
        if not c.date and key in dates:
            c = replace(c, date=dates[key])
        completed.append(c)
    return completed


def _is_bare(citation: Citation) -> bool:
    """"NQ 28": a number with neither code nor issuer, nor a plenum."""
    return citation.code is None and citation.issuer is None and citation.plenum_term is None


def _fuller_citations(citations: list[Citation]) -> dict[tuple[str, str], Citation]:
    """For each (type, number), the citation that names its code or issuer, where all such
    citations in the article agree on the issuing level; a bare mention of that number is then
    the same document ("Nghị quyết 28 của Ban Thường vụ Thành ủy" ... "thực hiện NQ 28")."""
    by_document: dict[tuple[str, str], list[Citation]] = {}
    for c in citations:
        if not _is_bare(c) and c.plenum_term is None:
            by_document.setdefault((c.type, normalised_number(c.number)), []).append(c)
    return {key: found[0] for key, found in by_document.items() if len({_scope(c) for c in found}) == 1}


def _scope(citation: Citation) -> str | None:
    return scope_of_code(citation.code) or (citation.issuer.scope if citation.issuer else None)


def extract_congress_resolutions(article: CleanArticle) -> tuple[str, ...]:
    """Resolutions of party congresses named without a number ("Nghị quyết Đại hội XIII"), as
    written, once each; only those that say which congress (an ordinal, a number or a term)."""
    found: dict[str, str] = {}
    for paragraph in _paragraphs(article):
        normalised = modern_tone_placement(paragraph)
        for m in _CONGRESS.finditer(normalised):
            tail = m.group("tail")
            if not _ORDINAL.search(tail):
                continue
            written = re.sub(r"\s+", " ", paragraph[m.start() : m.end()]).strip()
            found.setdefault(match_key(written), written)
    return tuple(found.values())

"""Separate the article from the portal's chrome, keeping its words as written.

A scraped page is a column of lines: the portal's masthead and section names, the headline, a date line,
the article (paragraphs, photo captions, sub-headings, the byline), then the footer (keywords, share and
comment widgets, view counters, lists of other headlines). Cleaning finds the headline and the article's
extent, sorts the lines inside it into blocks, lifts the byline and photo credit into fields of their
own, and keeps every line it drops in `removed`. Only white space is normalised (paragraphs a portal
hard-wrapped at a fixed width are joined back); nothing is corrected.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from edition.model import Block, CleanArticle, RawArticle

CHROME_FILE = Path(__file__).parent / "data" / "chrome.yaml"

TONE_MARKS = {"\u0300": "\ue000", "\u0301": "\ue001", "\u0303": "\ue002", "\u0309": "\ue003", "\u0323": "\ue004"}
SPACE_LIKE = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
WORD = re.compile(r"[^\W_]+", re.UNICODE)
LETTER_RUN = re.compile(r"[^\W\d_]+", re.UNICODE)

WEEKDAY = r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s*nhật|t[2-7]|cn)"
DATE_NUMERIC = r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}"
DATE_IN_WORDS = r"(?:ngày\s*)?\d{1,2}\s*tháng\s*\d{1,2}\s*(?:năm\s*|,\s*|\s+)\d{4}"
DATE_ISO = r"\d{4}-\d{2}-\d{2}"
TIME = r"\d{1,2}\s*[:hg]\s*\d{2}(?:\s*:\s*\d{2})?(?:\s*(?:ch|sa|am|pm))?"
DATE_LINE_FILLER = re.compile(
    rf"{WEEKDAY}|{DATE_NUMERIC}|{DATE_IN_WORDS}|{DATE_ISO}|{TIME}|\[?\s*gmt\s*[+\-]?\s*\d*\s*\]?|\|\s*[\d.,]+"
    r"|\b(?:print|in|gốc|ch|sa|am|pm|cập\s*nhật|cập\s*nhật\s*lúc|ngày\s*đăng|đăng\s*ngày|đăng\s*lúc|đăng"
    r"|ngày|lúc|thời\s*gian|published|updated|posted|lượt\s*xem|lượt\s*đọc|tác\s*giả|nguồn)\b"
    r"|[\s,.:;|()\[\]\-–]+",
    re.IGNORECASE,
)
HEADLINE_WITH_DATE = re.compile(  # "Khai trừ ... khỏi Đảng 15/10/2025 11:56": the date printed on the headline's line
    rf"^(?P<headline>.*[^\W\d_].*?)\s+[-–|]?\s*(?P<date>(?:{DATE_NUMERIC})(?:\s*[-–,|]?\s*{TIME})?)$", re.IGNORECASE
)
PLACE_DATELINE = re.compile(  # "Hải Phòng, ngày 27 tháng 02 năm 2020": a place and a date, as on print pages
    rf"^(?:[A-ZĐÀ-Ỹ][^\W\d_]*\s*){{1,4}},\s*(?P<date>{DATE_IN_WORDS})\.?$"
)
HAS_DATE = re.compile(rf"{DATE_NUMERIC}|{DATE_IN_WORDS}|{DATE_ISO}", re.IGNORECASE)
MAX_DATE_LINE_EXTRA_WORDS = 3  # "Ngọc Anh | 25/12/2019 14:30": an author's name may share the line

UNIT_WORDS = (
    "tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "thị ủy", "đảng ủy", "đảng bộ", "ủy ban nhân dân", "ubnd",
    "hđnd", "tỉnh", "thành phố", "tp", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "đặc khu",
)
SITE_NAME_WORDS = (  # longest first
    "cổng thông tin điện tử", "trang thông tin điện tử", "báo điện tử", "tạp chí điện tử", "thông tấn xã",
    "truyền hình", "tạp chí", "báo", "đài",
)
MAX_TITLE_WORDS = 60
MIN_TITLE_WORDS = 4
MIN_PROSE_WORDS = 8
LONG_PROSE_WORDS = 40
MAX_NAME_WORDS = 6
MAX_CAPTION_WORDS = 45
MAX_CREDITED_CAPTION_WORDS = 70  # a caption that ends with its photo credit may run longer
MAX_HEADING_WORDS = 14
MAX_LABEL_LINE_WORDS = 16
MAX_SECTION_NAME_WORDS = 6
MAX_ACRONYM_LETTERS = 6
MAX_SECTION_DATE_LINE_WORDS = 6  # "Chính trị 31-12-2022": a section name printed beside the date
MAX_SIGNATURE_WORDS = 16
MAX_HEADLINE_SENTENCE_WORDS = 30


# ---------------------------------------------------------------- text keys


@lru_cache(maxsize=65536)
def comparison_key(text: str) -> str:
    """NFC, case-folded, single-spaced, with each syllable's tone mark moved to its end.

    Old and new tone placement ("hoà"/"hòa", "Uỷ"/"Ủy") give the same key.
    """
    return LETTER_RUN.sub(lambda run: tone_last(run.group()), normalise_spaces(text).casefold())


def tone_last(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = "".join(TONE_MARKS[c] for c in decomposed if c in TONE_MARKS)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS)) + tones


def normalise_spaces(text: str) -> str:
    """Every kind of space becomes one plain space; invisible characters go; the ends are trimmed."""
    text = INVISIBLE.sub("", SPACE_LIKE.sub(" ", text))
    return re.sub(r" {2,}", " ", text).strip()


def word_count(text: str) -> int:
    return len(WORD.findall(text))


# ---------------------------------------------------------------- chrome vocabulary


@dataclass(frozen=True)
class ChromeVocabulary:
    line_labels: frozenset[str]
    end_markers: frozenset[str]
    end_marker_lines: frozenset[str]
    soft_end_markers: frozenset[str]
    footer_phrases: tuple[str, ...]
    masthead_openers: tuple[str, ...]
    title_noise_prefixes: tuple[str, ...]
    title_noise_suffixes: tuple[str, ...]
    caption_openers: tuple[str, ...]
    caption_verbs: tuple[str, ...]
    photo_credit_labels: frozenset[str]
    byline_and_photo_labels: frozenset[str]
    byline_labels: frozenset[str]
    byline_role_notes: frozenset[str]
    author_degrees: tuple[str, ...]


@lru_cache(maxsize=1)
def chrome_vocabulary() -> ChromeVocabulary:
    data = yaml.safe_load(CHROME_FILE.read_text(encoding="utf-8"))

    def keys(name: str) -> list[str]:
        return [comparison_key(str(item)) for item in data.get(name) or []]

    return ChromeVocabulary(
        line_labels=frozenset(keys("line_labels")),
        end_markers=frozenset(keys("end_markers")),
        end_marker_lines=frozenset(keys("end_marker_lines")),
        soft_end_markers=frozenset(keys("soft_end_markers")),
        footer_phrases=tuple(keys("footer_phrases")),
        masthead_openers=tuple(keys("masthead_openers")),
        title_noise_prefixes=tuple(str(p) for p in data.get("title_noise_prefixes") or []),
        title_noise_suffixes=tuple(str(s) for s in data.get("title_noise_suffixes") or []),
        caption_openers=tuple(keys("caption_openers")),
        caption_verbs=tuple(keys("caption_verbs")),
        photo_credit_labels=frozenset(keys("photo_credit_labels")),
        byline_and_photo_labels=frozenset(keys("byline_and_photo_labels")),
        byline_labels=frozenset(keys("byline_labels")),
        byline_role_notes=frozenset(keys("byline_role_notes")),
        author_degrees=tuple(sorted((str(d) for d in data.get("author_degrees") or []), key=len, reverse=True)),
    )


def label_of(line: str) -> str:
    """The key of a line's label: the part before a colon, or the whole line."""
    return comparison_key(line.split(":", 1)[0]).strip(" .")


def is_label_line(line: str) -> bool:
    vocabulary = chrome_vocabulary()
    key = re.sub(r"\s*\(\d+\)$", "", comparison_key(line)).strip(" .")
    return (
        key in vocabulary.line_labels
        or (":" in line and word_count(line) <= MAX_LABEL_LINE_WORDS and label_of(line) in vocabulary.line_labels)
        or is_row_of_labels(key, vocabulary.line_labels)
    )


def is_row_of_labels(key: str, labels: frozenset[str]) -> bool:
    """'Chia sẻ Facebook Zalo In bài viết': a toolbar scraped onto one line."""
    words = [w for w in re.split(r"[\s|/•·,]+", key) if w]
    position, found = 0, 0
    while position < len(words):
        for length in range(min(4, len(words) - position), 0, -1):
            if " ".join(words[position : position + length]) in labels:
                position, found = position + length, found + 1
                break
        else:
            return False
    return found >= 2


def is_end_marker(line: str) -> bool:
    vocabulary = chrome_vocabulary()
    if any(phrase in comparison_key(line) for phrase in vocabulary.footer_phrases):
        return True
    if word_count(line) > 8 and ":" not in line:
        return False
    key = re.sub(r"\s*\(\d+\)$", "", comparison_key(line)).strip(" .:")  # "Bình luận (0)"
    if key in vocabulary.end_markers or label_of(line) in vocabulary.end_markers or key in vocabulary.end_marker_lines:
        return True
    # A long marker may run on: "Bình luận của bạn về bài viết...", "Bạn không thể gửi bình luận liên tục".
    return word_count(line) <= 12 and any(
        key.startswith(marker + " ") for marker in vocabulary.end_markers if len(marker.split()) >= 3
    )


def is_soft_end_marker(line: str) -> bool:
    return word_count(line) <= MAX_LABEL_LINE_WORDS and label_of(line) in chrome_vocabulary().soft_end_markers


RELATIVE_TIME = re.compile(
    r"^\(?(?:\d+\s*(?:giây|phút|giờ|ngày|tuần|tháng|năm)\s*)+trước\)?$|^(?:hôm qua|hôm nay|vừa xong)$", re.IGNORECASE
)


RELATED_LINK = re.compile(r"^(?:>>|»)\s*\S")  # ">> Hội nghị ...": a link to another article inside the page


def is_filler_line(line: str) -> bool:
    """Bullets, counters, separators, '18 ngày trước', links to other articles: lines that say nothing of
    the article."""
    return not re.search(r"[^\W\d_]", line) or bool(RELATIVE_TIME.match(line) or RELATED_LINK.match(line))


def is_breadcrumb(line: str) -> bool:
    """'Trang chủ > Chính trị', 'Thời sự | Xây dựng Đảng': a trail of short section names."""
    parts = re.split(r"\s+[>»›/|]\s+", line)
    return len(parts) > 1 and all(0 < word_count(p) <= MAX_SECTION_NAME_WORDS for p in parts)


def is_unit_name_part(part_key: str) -> bool:
    """'tỉnh ủy gia lai', 'huyện hòa thành': unit words followed by a short name."""
    for unit in sorted(UNIT_WORDS, key=len, reverse=True):
        unit_key = comparison_key(unit)
        if part_key.startswith(unit_key + " "):
            rest = part_key[len(unit_key) + 1 :]
            return is_unit_name_part(rest) or 0 < len(rest.split()) <= 4
    return False


def publication_name(text: str) -> str | None:
    """'Báo Nam Định điện tử' -> 'Nam Định điện tử': the name after the word for the kind of publication."""
    if word_count(text) > 8:
        return None
    key = comparison_key(text)
    for opener in SITE_NAME_WORDS:
        if key.startswith(comparison_key(opener) + " "):
            name = text.split()[len(opener.split()) :]
            return " ".join(name) if name and name[0][:1].isupper() else None
    return None


def is_site_name(text: str) -> bool:
    """'Báo Nam Định', 'Tạp chí Xây dựng Đảng': a publication's name ('Báo cáo ...' is not one)."""
    return publication_name(text) is not None


def is_masthead(line: str) -> bool:
    if is_site_name(line) or is_acronym_and_site_name(line):
        return True
    key = comparison_key(line)
    if any(key.startswith(opener) for opener in chrome_vocabulary().masthead_openers):
        return word_count(line) <= 20
    parts = [p.strip() for p in re.split(r"\s[-–|,]\s|\s*\|\s*", key) if p.strip()]
    return bool(parts) and all(is_unit_name_part(p) for p in parts)


def is_acronym_and_site_name(line: str) -> bool:
    """'BTV - Đài Phát thanh và Truyền hình X': a station's or paper's initials beside its full name."""
    parts = [p.strip() for p in re.split(r"\s[-–|]\s", line) if p.strip()]
    if len(parts) < 2:
        return False
    acronyms = [p for p in parts if re.fullmatch(rf"[A-ZĐ0-9+]{{2,{MAX_ACRONYM_LETTERS}}}", p)]
    named = [p for p in parts if p not in acronyms]
    masthead_keys = chrome_vocabulary().masthead_openers
    return bool(acronyms) and len(named) == 1 and (
        is_site_name(named[0]) or any(comparison_key(named[0]).startswith(o) for o in masthead_keys)
    )


def headline_with_date(line: str) -> tuple[str, str] | None:
    """(headline, date) where a headline and the date line were scraped onto one line."""
    match = HEADLINE_WITH_DATE.match(line)
    if not match or looks_like_prose(match["headline"]) or word_count(match["headline"]) < MIN_TITLE_WORDS:
        return None
    return match["headline"].strip(), match["date"]


def is_date_line(line: str) -> bool:
    """A portal's date line: a date, perhaps a weekday, a time and a view counter, and little else."""
    if not HAS_DATE.search(line) or word_count(line) > 16:
        return False
    if PLACE_DATELINE.match(line):
        return True
    rest = DATE_LINE_FILLER.sub(" ", line)
    extra = len(re.findall(r"[^\W\d_]+", rest))  # view counters and stray digits may remain
    if extra <= 1:
        return True
    if extra <= MAX_DATE_LINE_EXTRA_WORDS and word_count(line) <= MAX_SECTION_DATE_LINE_WORDS:
        return True
    return extra <= MAX_DATE_LINE_EXTRA_WORDS and word_count(line) <= 10 and bool(re.search(r"\s[|\-–]\s", line))


def name_beside_date(date_line: str) -> str | None:
    """'Ngọc Anh | 12/03/2024 10:15': the author some portals print on the date line."""
    for part in re.split(r"\s[|\-–]\s", date_line):
        part = part.strip()
        credit = split_credit_label(part)
        if credit and credit[0] == "byline":
            return credit[1]
        if part and not HAS_DATE.search(part) and not re.search(r"\d", part) and is_name_like(part):
            if len(re.findall(r"[^\W\d_]+", DATE_LINE_FILLER.sub(" ", part))) >= 2:  # not "Thứ Sáu"
                return part
    return None


def qr_code_title(line: str) -> str | None:
    match = re.match(r"^\s*QR\s*CODE\s*:\s*(.+)$", line, re.IGNORECASE)
    return match.group(1).strip() if match and word_count(match.group(1)) >= 2 else None


# ---------------------------------------------------------------- titles


def strip_title_noise(line: str) -> tuple[str, list[str]]:
    """Remove scraper noise around a headline: 'null ...', '... In trang', a source tag '(TTV) ...'."""
    noise = []
    vocabulary = chrome_vocabulary()
    changed = True
    while changed:
        changed = False
        for prefix in vocabulary.title_noise_prefixes:
            if comparison_key(line).startswith(comparison_key(prefix) + " ") or (
                prefix.endswith(":") and comparison_key(line).startswith(comparison_key(prefix))
            ):
                noise.append(line[: len(prefix)].strip())
                line, changed = line[len(prefix) :].strip(), True
        for suffix in vocabulary.title_noise_suffixes:
            if comparison_key(line).endswith(" " + comparison_key(suffix)):
                noise.append(line[-len(suffix) :].strip())
                line, changed = line[: -len(suffix)].rstrip(" |-–"), True
    site = re.search(r"\s[-–|]\s(?P<site>[^-–|]+)$", line)
    if site and word_count(site.group("site")) <= 8 and is_site_name(site.group("site")):
        noise.append(site.group("site").strip())
        line = line[: site.start()].strip()
    dated = headline_with_date(line)
    if dated:
        noise.append(dated[1])
        line = dated[0]
    tag = re.match(r"^\(([A-ZĐÀ-Ỹ0-9]{2,10})\)\s*[-–:]?\s*", line)
    if tag and word_count(line[tag.end() :]) >= 2:
        noise.append(tag.group(0).strip())
        line = line[tag.end() :].strip()
    tag = re.search(r"\s*[-–]?\s*\(([A-ZĐ]{3,10})\)$", line)  # "... (TTXVN)"; not "(XIII)"
    if tag and not re.fullmatch(r"[IVXLC]+", tag.group(1)) and word_count(line[: tag.start()]) >= 2:
        noise.append(tag.group(0).strip())
        line = line[: tag.start()].strip()
    return line, noise


NEWS_LEAD = re.compile(
    r"^(?:\([^()\s]{2,20}\)\s*[-–:]|(?:\([A-ZĐ0-9]{2,10}\)\s*)?"
    r"(?:sáng|chiều|tối|trưa|đêm|ngày|đến ngày|từ ngày|hôm nay|vừa qua)\b.{0,12}\d)",
    re.IGNORECASE,
)
SENTENCE_BREAK = re.compile(r"[a-zà-ỹđ][.!?…]\s+[A-ZĐÀ-Ỹ]")


def opens_like_news(line: str) -> bool:
    """'Sáng 25/12, Ban Tổ chức ...': a dated lead, however short; headlines do not open so."""
    return word_count(line) >= 6 and bool(NEWS_LEAD.search(line)) and "," in line[:30]


def looks_like_prose(line: str) -> bool:
    """A paragraph of the article rather than a headline."""
    words = word_count(line)
    if words >= LONG_PROSE_WORDS or (words >= MIN_PROSE_WORDS and line.rstrip()[-1:] in ".;…"):
        return True
    return words >= 12 and bool(NEWS_LEAD.search(line) or SENTENCE_BREAK.search(line))


# ---------------------------------------------------------------- bylines and credits


def is_name_like(text: str) -> bool:
    """A person's name or initials: 'Minh Anh', 'N.T', 'PV', 'LÊ VĂN AN'."""
    text = text.strip().rstrip(".")
    if not text or re.search(r"[\d,;:!?\"“”()]", text):
        return False
    tokens = re.split(r"\s+", text)
    if len(tokens) > MAX_NAME_WORDS:
        return False
    for token in tokens:
        token = token.strip("-–_/")
        if not token:
            continue
        if not token[0].isupper():
            return False
    return not is_label_line(text) and not is_end_marker(text)


def split_credit_label(line: str) -> tuple[str, str] | None:
    """'Ảnh: X' -> ('photo', 'X'); 'Bài và ảnh: X' -> ('both', 'X'); 'Bài: X' -> ('byline', 'X')."""
    if ":" not in line:
        return None
    label, value = line.split(":", 1)
    value = value.strip().rstrip(".").strip()
    label_key = comparison_key(label).strip(" ()")
    if not is_name_like(value):
        return None
    vocabulary = chrome_vocabulary()
    if label_key in vocabulary.byline_and_photo_labels:
        return "both", value
    if label_key in vocabulary.photo_credit_labels:
        return "photo", value
    if label_key in vocabulary.byline_labels:
        return "byline", value
    return None


def parse_signature(line: str) -> tuple[str | None, str | None] | None:
    """The article's signature line as (byline, photo credit), or None if the line is not one."""
    line = line.strip()
    if word_count(line) > MAX_SIGNATURE_WORDS:
        return None  # a paragraph that opens with a name and a dash ("Ông X - Bí thư ... cho biết, ...")
    credit = split_credit_label(line)
    if credit:
        kind, name = credit
        return {"both": (name, name), "photo": (None, name), "byline": (name, None)}[kind]
    combined = re.match(r"^(?P<by>[^.:]+?)\s*(?:[.,;]|\s[-–])\s*(?P<rest>[^:]+:.+)$", line)
    if combined and is_name_like(combined.group("by")):
        credit = split_credit_label(combined.group("rest"))
        if credit and credit[0] == "photo":
            return combined.group("by").strip(), credit[1]
    if SOURCE_ATTRIBUTION.match(line):
        return None
    with_role = re.match(r"^(?P<by>.+?)\s+[-–—]\s*(?P<role>\S.*)$", line)
    if with_role and is_name_like(with_role.group("by")) and with_role.group("role")[0].isupper():
        if is_name_like(with_role.group("role")):
            return line.rstrip(".").strip(), None  # two authors
        if 2 <= len(with_role.group("by").split()) <= 4:
            return with_role.group("by").strip(), None
    noted = AFFILIATION_IN_BRACKETS.match(line)
    if noted and comparison_key(noted.group("where")).strip() in chrome_vocabulary().byline_role_notes:
        if is_name_like(noted.group("by")):
            return noted.group("by").strip(), None  # "Minh Anh (tổng hợp)"
    for affiliated in (AFFILIATION_IN_BRACKETS, AFFILIATION_AFTER_COMMA, AGENCY_AFTER_SLASH):
        match = affiliated.match(line)
        if match and is_name_like(match.group("by")) and match.group("where")[0].isupper():
            if affiliated is not AFFILIATION_AFTER_COMMA or not is_name_like(match.group("where")):
                return match.group("by").strip(), None
    bracketed = re.match(r"^\((?P<by>[^()]+)\)$", line)
    if bracketed and is_name_like(bracketed.group("by")):
        return bracketed.group("by").strip(), None
    if is_name_like(line) or all(is_name_like(name) for name in re.split(r"\s*,\s*|\s+và\s+", line)):
        return line.rstrip(".").strip(), None  # one author, or several: "Thu Hà, Minh Anh"
    return None


# ---------------------------------------------------------------- blocks


TRAILING_PHOTO_CREDIT = re.compile(r"[_.\-–]\s*(?:ảnh|ẢNH|Ảnh)\s*:\s*(?P<who>[^:]{1,60})$")


def block_kind(line: str, next_line: str | None, raw_line: str) -> str:
    key = comparison_key(line)
    if any(key.startswith(opener) for opener in chrome_vocabulary().caption_openers):
        return "caption" if word_count(line) <= MAX_CAPTION_WORDS else "text"
    if re.search(r"\((?:ảnh|ẢNH|Ảnh)\s*:[^)]*\)\s*$", line):
        return "caption"
    credited = TRAILING_PHOTO_CREDIT.search(line)
    if credited and word_count(line) <= MAX_CREDITED_CAPTION_WORDS and is_name_like(credited["who"]):
        return "caption"  # "... tỉnh X_Ảnh: TTXVN": the credit printed at the end of the caption
    if next_line is not None and split_credit_label(next_line) and split_credit_label(next_line)[0] == "photo":
        return "caption"
    if raw_line[:1] == "\u00a0" and word_count(line) <= MAX_CAPTION_WORDS:
        # Some portals scrape figure captions as lines that open with a no-break space.
        return "caption"
    words = word_count(line)
    unpunctuated = line[-1:] not in ".;:,…!?"
    if unpunctuated and words <= MAX_CAPTION_WORDS and describes_a_photo(key):
        return "caption"
    if words <= MAX_HEADING_WORDS and unpunctuated and next_line and word_count(next_line) > words:
        return "heading"
    return "text"


def describes_a_photo(key: str) -> bool:
    padded = f" {key} "
    return any(f" {verb} " in padded for verb in chrome_vocabulary().caption_verbs)


# ---------------------------------------------------------------- the article's extent


@dataclass
class Layout:
    title: str | None
    title_index: int | None
    date_index: int | None
    body_start: int
    body_end: int
    chrome: set[int]
    title_noise: list[str]
    author_index: int | None = None


def find_head(lines: list[str]) -> tuple[list[int], int | None, set[int], int]:
    """Scan the top of the page: (headline candidates, date line, chrome lines, first body line)."""
    candidates, chrome, date_index = [], set(), None
    for index, line in enumerate(lines):
        if not line:
            continue
        if is_date_line(line) and date_index is not None:
            chrome.add(index)  # a second date ("Cập nhật: ...") says no more than the first
            continue
        if date_index is None and not is_date_line(line) and headline_with_date(line):
            candidates.append(index)
            return candidates, index, chrome, skip_chrome(lines, index + 1, chrome)
        if is_date_line(line):
            date_index = index
            if any(is_headline_sized(lines[i]) for i in candidates):
                return candidates, date_index, chrome, skip_chrome(lines, index + 1, chrome)
            continue  # only a site name or section above the date line: the headline may follow it
        if is_label_line(line) or is_filler_line(line) or is_breadcrumb(line) or is_masthead(line):
            chrome.add(index)
            continue
        if qr_code_title(line) or (is_end_marker(line) and not candidates):
            chrome.add(index)
            continue
        if looks_like_prose(line) or word_count(line) > MAX_TITLE_WORDS or opens_like_news(line):
            return candidates, date_index, chrome, index
        candidates.append(index)
    return candidates, date_index, chrome, len(lines)


def skip_chrome(lines: list[str], start: int, chrome: set[int]) -> int:
    index = start
    while index < len(lines) and (
        not lines[index] or is_label_line(lines[index]) or is_filler_line(lines[index]) or is_date_line(lines[index])
    ):
        if lines[index]:
            chrome.add(index)
        index += 1
    return index


def is_caption_like(line: str) -> bool:
    key = comparison_key(line)
    return any(key.startswith(opener) for opener in chrome_vocabulary().caption_openers)


def is_headline_sized(line: str) -> bool:
    return word_count(strip_title_noise(line)[0]) >= MIN_TITLE_WORDS


def without_degrees(line: str) -> tuple[str, bool]:
    """'TS. Nguyễn Văn A' -> ('Nguyễn Văn A', True)."""
    found = False
    for degree in chrome_vocabulary().author_degrees:
        if line.startswith(degree + " ") or line.startswith(degree + ","):
            line, found = line[len(degree) :].lstrip(" ,"), True
    return line, found


def is_author_line(line: str) -> bool:
    """An author's name as journals print it above the date line: 'TS. Nguyễn Văn A', 'Trần Thị B'."""
    name, has_degree = without_degrees(line)
    if not 2 <= word_count(name) <= 5 or not is_name_like(name):
        return False
    return has_degree or not name.isupper()  # a short line in capitals is as likely a section name


def author_block(lines: list[str], candidates: list[int], date_index: int | None) -> list[int]:
    """The author's line, and the office line under it, standing between the headline and the date."""
    if date_index is None:
        return []
    before_date = [i for i in candidates if i < date_index]
    for position, index in enumerate(before_date):
        if position and is_author_line(lines[index]) and is_headline_sized(lines[before_date[0]]):
            return before_date[position : position + 2]
    return []


def choose_title(lines: list[str], candidates: list[int], date_index: int | None) -> int | None:
    candidates = [i for i in candidates if not is_caption_like(lines[i])] or candidates
    candidates = [i for i in candidates if i not in author_block(lines, candidates, date_index)]
    if not candidates:
        return None
    if date_index in candidates:
        return date_index  # the headline carries the date line
    if date_index is not None:
        before_date = [i for i in candidates if i < date_index and is_headline_sized(lines[i])]
        if before_date:
            return before_date[-1]
    if is_headline_sized(lines[candidates[-1]]):
        return candidates[-1]  # the headline stands right above the article; section names above it
    sized = [i for i in candidates if is_headline_sized(lines[i])]
    if not sized:
        return None  # only section names ("Tin hoạt động") above the article: the page shows no headline
    return max(sized, key=lambda i: (word_count(strip_title_noise(lines[i])[0]), -i))


def prose_follows(lines: list[str], start: int, needed: int = 2) -> bool:
    """Whether the article goes on after a widget: prose paragraphs before the next footer marker."""
    found = 0
    for line in lines[start:]:
        if not line or is_label_line(line) or is_filler_line(line):
            continue
        if is_end_marker(line) or qr_code_title(line):
            return False
        found += looks_like_prose(line)
        if found >= needed:
            return True
    return False


def find_body_end(lines: list[str], start: int) -> int:
    for index in range(start, len(lines)):
        line = lines[index]
        if not line or not (is_end_marker(line) or qr_code_title(line) or is_soft_end_marker(line)):
            continue
        if is_soft_end_marker(line) and prose_follows(lines, index + 1, needed=1):
            continue
        if is_label_line(line) and prose_follows(lines, index + 1):
            continue  # a share bar or counter inside the page, not its footer
        return index
    return len(lines)


def headline_with_full_stop(lines: list[str], start: int, end: int) -> bool:
    """Whether the first line of the article is a headline some portals end with a full stop: one short
    sentence, followed straight away by a dated lead ('Ngày 03/02/2025, ...')."""
    following = [i for i in range(start, end) if lines[i]][:2]
    if len(following) < 2:
        return False
    first, lead = lines[following[0]], lines[following[1]]
    one_sentence = first.endswith(".") and not SENTENCE_BREAK.search(first[:-1]) and "," not in first[:30]
    return one_sentence and MIN_TITLE_WORDS <= word_count(first) <= MAX_HEADLINE_SENTENCE_WORDS and opens_like_news(lead)


def trailing_headline(lines: list[str], start: int, end: int) -> int | None:
    """The headline some scrapes put after the article: its last line, when nothing above could be one.

    Only a line shaped like a headline counts: unpunctuated, longer than a name or a section name, and
    neither a paragraph nor a caption, a credit or a signature.
    """
    last = next((i for i in range(end - 1, start - 1, -1) if lines[i]), None)
    if last is None or last == start:
        return None
    line = lines[last]
    if line[-1:] in ".;:,…!?\"”)" or looks_like_prose(line) or opens_like_news(line):
        return None
    if not MIN_TITLE_WORDS + 2 <= word_count(line) <= MAX_TITLE_WORDS or is_caption_like(line):
        return None
    if describes_a_photo(comparison_key(line)) or parse_signature(line) or split_credit_label(line):
        return None
    return last


def lay_out(lines: list[str]) -> Layout:
    candidates, date_index, chrome, body_start = find_head(lines)
    author = author_block(lines, candidates, date_index)
    title_index = choose_title(lines, candidates, date_index)
    title, noise = (strip_title_noise(lines[title_index]) if title_index is not None else (None, []))
    if title_index is not None:
        chrome.update(i for i in candidates if i < title_index)
        chrome.update(author)
        body_start = min([body_start] + [i for i in candidates if i > title_index and i not in author])
    body_end = find_body_end(lines, body_start)
    if date_index is None:
        date_index = next((i for i in range(body_start, body_end) if lines[i] and is_date_line(lines[i])), None)
    if title is None:
        title = next((qr_code_title(line) for line in lines if qr_code_title(line)), None)
    if title is None and headline_with_full_stop(lines, body_start, body_end):
        title_index, title = body_start, lines[body_start]
        body_start = next(i for i in range(body_start + 1, body_end) if lines[i])
    if title is None:
        title_index = trailing_headline(lines, body_start, body_end)
        title = lines[title_index] if title_index is not None else None
    return Layout(title, title_index, date_index, body_start, body_end, chrome, noise, author[0] if author else None)


AFFILIATION_IN_BRACKETS = re.compile(r"^(?P<by>[^()]+?)\s*\((?P<where>[^()]{2,80})\)\.?$")  # "Minh Anh (TTXVN)"
AFFILIATION_AFTER_COMMA = re.compile(r"^(?P<by>[^,]+),\s*(?P<where>[^,]{2,80})\.?$")  # "Minh Anh, Huyện ủy X"
AGENCY_AFTER_SLASH = re.compile(r"^(?P<by>[^/]+?)\s*/\s*(?P<where>[A-ZĐ][A-ZĐ0-9.]{1,12})\.?$")  # "Văn Hoàng/TTXVN"
SOURCE_ATTRIBUTION = re.compile(r"^\(?\s*(?:theo|nguồn)\b", re.IGNORECASE)


def take_signature(lines: list[str], body: list[int]) -> tuple[str | None, str | None, set[int]]:
    """Byline and photo credit from the last lines of the article ('(Theo ...)' lines may follow them)."""
    byline = photo = None
    taken: set[int] = set()
    trailing = [i for i in body[-4:] if not SOURCE_ATTRIBUTION.match(lines[i])]
    for index in reversed(trailing[-3:]):
        signature = parse_signature(lines[index])
        if signature is None:
            break
        by, credit = signature
        if by and byline is None:
            byline = by
        if credit and photo is None:
            photo = credit
        taken.add(index)
        if byline:
            break
    return byline, photo, taken


def article_lines(lines: list[str], layout: Layout) -> tuple[list[int], set[int]]:
    """Indexes of the article's own lines, and of the chrome among and around them."""
    title_key = comparison_key(layout.title) if layout.title else None
    body, chrome = [], set(layout.chrome)
    for index in range(layout.body_start, layout.body_end):
        line = lines[index]
        if not line or index in (layout.title_index, layout.date_index):
            continue
        if is_label_line(line) or is_filler_line(line) or is_date_line(line) or comparison_key(line) == title_key:
            chrome.add(index)
        else:
            body.append(index)
    chrome.update(range(layout.body_end, len(lines)))
    chrome.update(i for i in range(layout.body_start) if i != layout.title_index)
    if layout.date_index is not None and layout.date_index != layout.title_index:
        chrome.add(layout.date_index)
    return body, chrome


@dataclass
class Credits:
    byline: str | None = None
    photo: str | None = None
    lines: set[int] = field(default_factory=set)  # the lines they were read from

    def take(self, byline: str | None, photo: str | None, index: int) -> None:
        self.byline = self.byline or byline
        self.photo = self.photo or photo
        self.lines.add(index)


def read_credits(lines: list[str], body: list[int], date_line: str | None, author_line: str | None = None) -> Credits:
    """Byline and photo credit: the signature at the end, credit lines anywhere, the author's line above
    the date line, or the date line."""
    byline, photo, signature = take_signature(lines, body)
    credits = Credits(byline, photo, set(signature))
    for index in body:
        credit = split_credit_label(lines[index]) if index not in signature else None
        if credit:
            kind, name = credit
            credits.take(name if kind in ("byline", "both") else None, name if kind in ("photo", "both") else None, index)
    if credits.byline is None and author_line:
        credits.byline = author_line
    if credits.byline is None and date_line:
        credits.byline = name_beside_date(date_line)
    return credits


SENTENCE_END = ".!?…:;\"”)"
MIN_WRAPPED_RUN = 3  # lines; two lines are as often a headline and its lead


def is_wrapped_break(line: str, next_line: str) -> bool:
    """A line broken inside a sentence: no closing punctuation, and the next goes on in lower case."""
    stripped, following = line.rstrip(), next_line.lstrip()
    return bool(stripped and following) and stripped[-1] not in SENTENCE_END and following[0].islower()


def is_number_break(line: str, next_line: str) -> bool:
    """'Năm' / '2021, ...': a word in lower case, then the number it goes with on the next line."""
    stripped, following = line.rstrip(), next_line.lstrip()
    return bool(stripped and following) and stripped[-1].islower() and following[0].isdigit()


def is_wrapped_run(run: list[str]) -> bool:
    """Lines of one paragraph cut at a fixed width: none but the last closes a sentence, and the text
    goes on in lower case across the breaks ('... tổ chức Hội' / 'nghị tổng kết ...'), at least twice."""
    if len(run) < MIN_WRAPPED_RUN or any(line.rstrip()[-1:] in ".!?…" for line in run[:-1]):
        return False
    words = sum(is_wrapped_break(a, b) for a, b in zip(run, run[1:]))
    numbers = sum(is_number_break(a, b) for a, b in zip(run, run[1:]))
    return words >= 1 and words + numbers >= 2


def unwrap_paragraphs(raw_lines: list[str]) -> list[str]:
    """Join paragraphs a portal hard-wrapped at a fixed width back into one line each.

    Blank lines still separate paragraphs; a page whose lines are whole paragraphs, headlines or list
    items is left exactly as it is.
    """
    result: list[str] = []
    run: list[str] = []
    for line in raw_lines + [""]:
        if line.strip():
            run.append(line)
            continue
        if is_wrapped_run(run):
            result.append(" ".join(part.strip() for part in run))
        else:
            result.extend(run)
        result.append(line)
        run = []
    return result[:-1]


def clean_article(raw: RawArticle) -> CleanArticle:
    raw_lines = unwrap_paragraphs(raw.text.split("\n"))
    lines = [normalise_spaces(line) for line in raw_lines]
    layout = lay_out(lines)
    date_line = lines[layout.date_index] if layout.date_index is not None else None
    body, chrome = article_lines(lines, layout)
    author_line = lines[layout.author_index] if layout.author_index is not None else None
    credits = read_credits(lines, body, date_line, author_line)

    kept = [i for i in body if i not in credits.lines]
    blocks = []
    for position, index in enumerate(kept):
        following = lines[kept[position + 1]] if position + 1 < len(kept) else None
        blocks.append(Block(lines[index], block_kind(lines[index], following, raw_lines[index])))
    # Credit lines stay visible to editors as written, beside the fields read from them; the noise cut
    # from the headline stands where the headline stood.
    dropped = [(i, lines[i]) for i in chrome | credits.lines if lines[i]]
    dropped += [(layout.title_index if layout.title_index is not None else -1, noise) for noise in layout.title_noise]
    removed = [text for _, text in sorted(dropped, key=lambda pair: pair[0])]
    return CleanArticle(
        source=raw.source,
        title=layout.title or None,
        blocks=tuple(blocks),
        byline=credits.byline,
        photo_credit=credits.photo,
        date_line=date_line,
        removed=tuple(removed),
    )

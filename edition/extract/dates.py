"""Publication and event dates.

The publication date comes from the portal's date line ("14:30 25/12/2019", "07/08/2020 | 236",
"Print Thứ Tư, 13/10/2021 17:46"), unless the lead's day and month fall months before it (then the
page shows when it was printed, not published). The event date comes from the article's lead ("Sáng 25-12",
"Chiều 25-12-2019", "Ngày 14/4/2025") and is returned only where it differs.

Where the page shows no publication date, the date is only as precise as the text allows (EDTF):
the event's year-month when the lead fixes the event's day; otherwise an interval from the latest
date the text cites to the end of the year it reports on ("2021-10-25/2022-12-31"), or that year
alone ("2018"); None when the text fixes no year. A day is never invented.

The date of a document the text cites ("Nghị quyết số 18 ngày 25-10-2017") is not the text's own time:
it only bounds the report from below. A text whose only dates are such documents' gets an open
interval from the latest of them ("2017-10-25/..").
"""
from __future__ import annotations

import re
from datetime import date

from edition.model import CleanArticle

EARLIEST_YEAR, LATEST_YEAR = 1930, 2100
LEAD_BLOCKS = 3
LATE_MONTH = 10  # year-end meetings review this year and plan the next
MAX_DAYS_BEFORE_REPORT = 92  # news reports events of the last months, not anniversaries' origins
MAX_DAYS_AFTER_REPORT = 31  # or announces those of the coming weeks

NUMERIC_DATE = re.compile(r"(?<![\d/.\-])(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![\d/])")
ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
WORDED_DATE = re.compile(r"(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:năm|,|\s)\s*(\d{4})", re.IGNORECASE)
PART_OF_DAY = r"(?:sáng sớm|chiều tối|sáng|chiều|tối|trưa|đêm)"
EVENT_DAY = re.compile(
    r"(?:"
    rf"(?:^|(?<=[.!?)]\s)|(?<=[-–]\s))(?:{PART_OF_DAY}\s+)?ngày"  # "Ngày 14/4, ...", "(TTXVN) - Ngày 14/4"
    rf"|\b{PART_OF_DAY}(?:\s+(?:nay|qua|hôm nay|hôm qua))?(?:\s+ngày)?"  # "Sáng 25-12", "sáng nay (25/12)"
    r"|\bhôm\s+(?:nay|qua)(?:\s*,)?(?:\s+ngày)?"  # "Hôm nay, ngày 25/12"
    r")"
    r"\s*\(?\s*(\d{1,2})\s*([/.\-])\s*(\d{1,2})(?:\s*\2\s*(\d{4}))?(?![\d/])",
    re.IGNORECASE,
)
EVENT_MONTH = re.compile(
    r"(?:^|(?<=[.!?)]\s)|(?<=[-–]\s))(?:trong|vào|cuối|đầu|giữa)?\s*tháng\s+(\d{1,2})\s*(?:[/\-]|năm)\s*(\d{4})\s*,",
    re.IGNORECASE,
)  # "Trong tháng 12/2021, ..." opening the lead
YEAR_MENTION = re.compile(r"(?<![\d/.\-])((?:19|20)\d{2})(?![\d/])")
YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})(?!\d)")
CONGRESS = re.compile(r"\bđại hội\b", re.IGNORECASE)
CONGRESS_RESOLUTION = re.compile(  # "Nghị quyết Đại hội ... nhiệm kỳ 2020 - 2025": a document cited, not a congress held
    r"\bnghị quyết\s+(?:của\s+)?đại hội[^.;]*?(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}", re.IGNORECASE
)
DOCUMENT_WORDS = (
    r"nghị quyết|chỉ thị|quyết định|kết luận|quy định|hướng dẫn|kế hoạch|thông báo|đề án|chương trình"
    r"|nghị định|thông tư|công văn|luật"
)
DOCUMENT_DATE = re.compile(  # "Nghị quyết số 18 ngày 25-10-2017", "26-NQ/TW, ngày 19/5/2018"
    rf"(?:\b(?:{DOCUMENT_WORDS})\s+(?:số\s*)?\d+|\b\d+\s*[-–]\s*[A-ZĐ]{{1,8}}\s*/\s*[A-ZĐ0-9\-]{{1,10}})"
    r"[^.;:()]{0,25}?\bngày\s+"
    r"(?P<date>\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s*(?:năm|,|\s)\s*\d{4})",
    re.IGNORECASE,
)
TARGET_YEAR = re.compile(r"(?:đến|tới|tầm nhìn)\s+(?:năm\s+)?((?:19|20)\d{2})", re.IGNORECASE)


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return value if EARLIEST_YEAR <= year <= LATEST_YEAR else None


def dates_in(text: str) -> list[date]:
    """Every complete calendar date written in the text, in order."""
    found = []
    for match in NUMERIC_DATE.finditer(text):
        day, _, month, year = match.groups()
        found.append((match.start(), safe_date(int(year), int(month), int(day))))
    for match in ISO_DATE.finditer(text):
        year, month, day = match.groups()
        found.append((match.start(), safe_date(int(year), int(month), int(day))))
    for match in WORDED_DATE.finditer(text):
        day, month, year = match.groups()
        found.append((match.start(), safe_date(int(year), int(month), int(day))))
    return [value for _, value in sorted(found, key=lambda pair: pair[0]) if value]


def publication_date(article: CleanArticle) -> date | None:
    found = dates_in(article.date_line or "")
    return found[0] if found else None


def event_mentions(article: CleanArticle):
    """(day, month, year or None) of each 'Sáng 25-12' / 'Ngày 14/4/2025' in the lead, in order."""
    lead = [article.title or ""] + [block.text for block in article.blocks[:LEAD_BLOCKS]]
    for text in lead:
        for match in EVENT_DAY.finditer(text):
            day, _, month, year = match.groups()
            if safe_date(int(year) if year else 2000, int(month), int(day)):
                yield int(day), int(month), int(year) if year else None


def is_plausible_event(event: date, published: date | None, years: list[int]) -> bool:
    """A reported event happened near the time of the report ("Ngày 3-2-1930, Đảng ra đời" is history)."""
    if published:
        return -MAX_DAYS_AFTER_REPORT <= (event - published).days <= MAX_DAYS_AFTER_REPORT or (
            0 <= (published - event).days <= MAX_DAYS_BEFORE_REPORT
        )
    return not years or event.year >= years[-1] - 1


def event_date(article: CleanArticle, published: date | None) -> date | None:
    years = reported_years(article)
    for day, month, year in event_mentions(article):
        year = year or year_of_event(month, published, years)
        event = safe_date(year, month, day) if year else None
        if event and is_plausible_event(event, published, years):
            return event
    return None


def event_month(article: CleanArticle) -> str | None:
    for block in article.blocks[:LEAD_BLOCKS]:
        match = EVENT_MONTH.search(block.text)
        if match and 1 <= int(match.group(1)) <= 12 and EARLIEST_YEAR <= int(match.group(2)) <= LATEST_YEAR:
            return f"{int(match.group(2)):04d}-{int(match.group(1)):02d}"
    return None


def article_texts(article: CleanArticle) -> list[str]:
    return [article.title or ""] + [block.text for block in article.blocks]


def document_dates(article: CleanArticle) -> list[date]:
    """Dates of the documents the text cites ('Chỉ thị số 05-CT/TW ngày 15-5-2016')."""
    return [d for text in article_texts(article) for m in DOCUMENT_DATE.finditer(text) for d in dates_in(m["date"])]


def reported_years(article: CleanArticle) -> list[int]:
    """Years the text speaks of as its own time: not term spans ("2020 - 2025") nor targets ("đến năm 2030").

    A text that names no such year but reports a congress for a term ("Đại hội ... nhiệm kỳ 2020 - 2025")
    is of the term's first year, when congresses elect the committee for it; citing the congress's
    resolution ("Nghị quyết Đại hội ... nhiệm kỳ 2020 - 2025") says nothing of when the text was written. Documents' dates count only
    beside such a year, as the least the report's year can be; alone they fix no year.
    """
    years, congress_terms = [], []
    for text in article_texts(article):
        text = CONGRESS_RESOLUTION.sub(" ", text)
        if CONGRESS.search(text):
            congress_terms.extend(int(start) for start, _ in YEAR_RANGE.findall(text))
        text = DOCUMENT_DATE.sub(" ", TARGET_YEAR.sub(" ", YEAR_RANGE.sub(" ", text)))
        years.extend(int(y) for y in YEAR_MENTION.findall(text))
        years.extend(d.year for d in dates_in(text))
    years = years or congress_terms[:1]
    if years:
        years += [d.year for d in document_dates(article)]
    return sorted({y for y in years if EARLIEST_YEAR <= y <= LATEST_YEAR})


def cited_dates(article: CleanArticle) -> list[date]:
    found = []
    for text in [article.title or ""] + [block.text for block in article.blocks]:
        found.extend(dates_in(TARGET_YEAR.sub(" ", text)))
    return found


def year_of_event(month: int, published: date | None, years: list[int]) -> int | None:
    """The year of an event the lead dates by day and month only."""
    if published:
        return published.year - 1 if month > published.month + 1 else published.year
    if not years:
        return None
    latest = years[-1]
    if month >= LATE_MONTH and latest - 1 in years:
        return latest - 1
    return latest


def undated_estimate(article: CleanArticle) -> str | None:
    """EDTF for a page without a date line or a dated lead: a year, or an interval from the latest cited date."""
    years = reported_years(article)
    if not years:
        cited = document_dates(article)
        return f"{max(cited).isoformat()}/.." if cited else None
    year = years[-1]
    earlier = [d for d in cited_dates(article) if d.year <= year]
    if not earlier:
        return str(year)
    lower = max(earlier)
    if lower.year == year or lower.year < year - 1:  # the same year says no more; an old date bounds nothing
        return str(year)
    return f"{lower.isoformat()}/{year}-12-31"


def event_long_before_page_date(article: CleanArticle, page_date: date) -> date | None:
    """The lead's day and month ('Sáng 24/7') months before the page's date: that date is not the
    publication's but a print or visit date, since a lead dated by day and month alone is recent news."""
    for day, month, year in event_mentions(article):
        if year is not None:
            return None
        event = safe_date(year_of_event(month, page_date, []), month, day)
        return event if event and (page_date - event).days > MAX_DAYS_BEFORE_REPORT else None
    return None


def extract_dates(article: CleanArticle) -> tuple[str | None, str | None]:
    """Return (publication date, event date): ISO or EDTF strings, or None."""
    published = publication_date(article)
    stale = event_long_before_page_date(article, published) if published else None
    if stale:
        return f"{stale.year:04d}-{stale.month:02d}", stale.isoformat()
    event = event_date(article, published)
    if published:
        return published.isoformat(), (event.isoformat() if event and event != published else None)
    if event:
        return f"{event.year:04d}-{event.month:02d}", event.isoformat()
    return event_month(article) or undated_estimate(article), None

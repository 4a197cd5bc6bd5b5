"""Cleaning, dates and localities on page shapes beyond the seed and development portals.

Each fixture in tests/fixtures/portals/ imitates the layout of a kind of portal met while testing on real
pages from other sites (its text is invented). The tests pin the general rule each shape needs, so that a
rule written for one portal keeps working for the next.
"""
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edition.clean import (
    clean_article,
    headline_with_date,
    is_breadcrumb,
    is_end_marker,
    is_date_line,
    is_masthead,
    parse_signature,
    publication_name,
)
from edition.extract.dates import extract_dates
from edition.extract.localities import extract_locality
from edition.model import Block, CleanArticle, RawArticle

FIXTURES = Path(__file__).parent / "fixtures" / "portals"


def clean_fixture(name: str):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return clean_article(RawArticle(source=f"portals/{name}", text=text))


def read(name: str) -> dict:
    """What an editor reads off the page: headline, byline, date, event date, locality."""
    article = clean_fixture(name)
    date, event = extract_dates(article)
    locality, _ = extract_locality(article, date)
    return {"title": article.title, "byline": article.byline, "date": date, "event_date": event, "locality": locality}


# ---------------------------------------------------------------- whole pages


PAGES = {
    # A paper's masthead ("Báo X") names the place the text leaves unsaid; a "Thời sự | Xây dựng Đảng" trail
    # and a kicker above the headline are chrome; the date line stands between them.
    "paper_masthead_pipe_trail.txt": {
        "title": "Các chi bộ khu dân cư tổ chức sinh hoạt chuyên đề quý III",
        "byline": "MINH TÂM",
        "date": "2024-09-04",
        "locality": "Đà Nẵng",
    },
    # A video page: the section name printed beside the date ("Thời sự 12-03-2021"), a "Thực hiện:" credit
    # and a reader-comment form after it.
    "video_section_beside_date.txt": {
        "title": "Sơ kết công tác phát triển đảng viên quý I",
        "byline": "MINH AN - THU HÀ",
        "date": "2021-03-12",
        "locality": "Cần Thơ",
    },
    # A station's initials beside its name as the masthead; the headline scraped after the article.
    "station_initials_headline_last.txt": {
        "title": "Tỉnh ủy quán triệt các văn bản mới của Trung ương về công tác cán bộ",
        "date": None,
        "locality": "Bình Dương",
    },
    # Headline and date line on one line.
    "headline_carries_date.txt": {
        "title": "Kỷ luật cảnh cáo Ban Thường vụ Huyện ủy nhiệm kỳ trước",
        "byline": "THANH BÌNH",
        "date": "2024-03-05",
        "locality": "Lâm Đồng",
    },
    # A print page: "Place, ngày ... năm ..." is when it was printed, months after the lead's "Sáng 20/8".
    "print_page_dateline.txt": {
        "byline": "Thu Trang",
        "date": "2020-08",
        "event_date": "2020-08-20",
        "locality": "Hải Phòng",
    },
    # The only date is a cited resolution's: it bounds the report from below and fixes no year.
    "document_date_only.txt": {"date": "2022-06-16/..", "event_date": None, "locality": "Bến Tre"},
    # A transfer: the other province recurs, but headline and lead agree on the subject.
    "transfer_other_province.txt": {"locality": "Thái Nguyên"},
    # A national meeting on a provincial portal whose text names no place; the "Video khác" box is chrome.
    "national_meeting_on_provincial_portal.txt": {
        "title": "Hội nghị toàn quốc tổng kết công tác kiểm tra, giám sát năm 2022",
        "date": "2023-01-05",
        "locality": "Trung ương",
    },
    # A central organ dealing with two provinces at once.
    "central_body_several_provinces.txt": {"locality": "Trung ương"},
    # A central body's congress; the bracketed city only places the venue.
    "central_congress_venue.txt": {"locality": "Trung ương"},
    # A paper of a province merged on 1 July 2025, later in 2025: the unit the province became part of.
    "merged_province_paper.txt": {"date": "2025-08-12", "locality": "Thành phố Hồ Chí Minh", "byline": "HOÀNG NAM"},
    # A provincial paper's tag without brackets opening the report ("BHG - ...").
    "bare_source_tag.txt": {"locality": "Hà Giang"},
    # "Name (tổng hợp)" signs the piece; a comment form after it is chrome.
    "signature_forms.txt": {"byline": "Minh An", "date": "2023-06", "locality": "Cần Thơ"},
    # A portal that hard-wraps paragraphs at a fixed width, and shows only a section name above them.
    "hard_wrapped_no_headline.txt": {"title": None, "date": "2023-01", "event_date": "2023-01-20", "locality": "Bến Tre"},
    # A journal: the author and office between headline and date line; a photo's place in a caption
    # ending with its credit; a central organ's journal writing of no place in particular.
    "journal_author_block.txt": {
        "title": "Nâng cao chất lượng đội ngũ cán bộ chủ chốt cấp xã trong giai đoạn mới",
        "byline": "PGS, TS. Lê Minh Khoa",
        "date": "2022-03-12",
        "locality": "Trung ương",
    },
    # A provincial paper's '"*"' after the headline, and a '>>' link to another article in the body.
    "speech_marker_and_link.txt": {
        "title": "Phát huy vai trò của chi bộ trong đại hội đảng các cấp",
        "date": "2015-04-09",
        "locality": "Quảng Bình",
    },
    # A comment-policy notice after a share bar: the footer has begun, so the signature above it counts.
    "comment_policy_footer.txt": {"byline": "THANH TÂM", "date": "2020-05-12", "locality": "Bình Dương"},
    # A headline ending with a full stop, straight above a dated lead.
    "headline_with_full_stop.txt": {
        "title": "Phường Phổ Văn tổ chức kỷ niệm ngày thành lập Đảng và giao ban đầu năm.",
        "date": "2025-02",
        "locality": "Quảng Ngãi",
    },
    # A topic line ("Chủ đề: ...") after the signature is part of the footer.
    "topic_line_after_signature.txt": {"byline": "Đình Khang", "date": "2025-09-18", "locality": "Quảng Trị"},
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_shapes_from_other_portals(name):
    found = read(name)
    for field, expected in PAGES[name].items():
        assert found[field] == expected, (name, field, found)


def test_every_fixture_is_pinned():
    assert {p.name for p in FIXTURES.glob("*.txt")} == set(PAGES)


def test_chrome_of_other_portals_never_reaches_the_article():
    for name in PAGES:
        article = clean_fixture(name)
        words = " ".join(block.text for block in article.blocks)
        for chrome in ("Video khác", "BẠN ĐỌC PHẢN HỒI", "Email của bạn", "Thời sự |", "Tin tức |", "Đài Phát thanh"):
            assert chrome not in words, (name, chrome)


def test_a_comment_forms_reply_heading_ends_the_article_but_an_interviews_answer_does_not():
    assert is_end_marker("Trả lời")
    assert not is_end_marker("Trả lời: Theo tôi, chất lượng sinh hoạt chi bộ là then chốt.")


def test_hard_wrapped_paragraphs_are_joined_back_and_names_stay_whole():
    article = clean_fixture("hard_wrapped_no_headline.txt")
    paragraphs = [block.text for block in article.blocks]
    assert len(paragraphs) == 2
    assert "Hội nghị tổng kết" in paragraphs[0] and "Lê Thị Thu Hà - Bí thư Huyện ủy" in paragraphs[0]
    assert paragraphs[1].startswith("Năm 2022, các cấp ủy")


def test_lines_that_are_whole_paragraphs_are_not_joined():
    text = ("Tiêu đề của bài viết về công tác đảng viên\n"
            "Sáng 3/4, Huyện ủy tổ chức hội nghị.\n"
            "các đại biểu thảo luận sôi nổi.\n"
            "Hội nghị thống nhất giải pháp.\n")
    article = clean_article(RawArticle(source="x.txt", text=text))
    assert len(article.blocks) == 3


def test_a_caption_ending_with_its_credit_is_a_caption_and_links_to_other_articles_are_chrome():
    article = clean_fixture("journal_author_block.txt")
    assert [b.kind for b in article.blocks if "_Ảnh:" in b.text] == ["caption"]
    assert "Học viện Chính trị quốc gia Hồ Chí Minh" in article.removed
    speech = clean_fixture("speech_marker_and_link.txt")
    assert not any(b.text.startswith(">>") for b in speech.blocks)


def test_a_place_only_in_a_caption_decides_only_when_nothing_else_does():
    caption = Block("Đại biểu dự hội nghị tại thành phố Hạ Long, tỉnh Quảng Ninh. Ảnh: TTXVN", "caption")
    article = CleanArticle(source="x.txt", title="Bàn về công tác cán bộ", blocks=(Block("Đảng ta luôn coi trọng công tác cán bộ."), caption))
    assert extract_locality(article, "2021-04-16")[0] == "Quảng Ninh"
    on_journal = CleanArticle(source="x.txt", title=article.title, blocks=article.blocks, removed=("TẠP CHÍ CỘNG SẢN",))
    assert extract_locality(on_journal, "2021-04-16")[0] == "Trung ương"


def test_a_lead_sentence_is_not_taken_for_a_headline_with_a_full_stop():
    text = ("Sáng 3/4, Huyện ủy tổ chức hội nghị sơ kết công tác phát triển đảng viên quý I.\n"
            "Ngày 2/4, các chi bộ đã hoàn thành việc rà soát nguồn kết nạp đảng viên trong thanh niên.\n")
    assert clean_article(RawArticle(source="x.txt", text=text)).title is None


def test_headline_after_the_article_leaves_the_body():
    article = clean_fixture("station_initials_headline_last.txt")
    assert [block.text for block in article.blocks][-1].startswith("Sáng 12/4")


# ---------------------------------------------------------------- the rules one by one


def test_section_trails_with_a_bar_are_breadcrumbs():
    assert is_breadcrumb("Thời sự | Xây dựng Đảng")
    assert is_breadcrumb("Tin tức | Thời sự")
    assert not is_breadcrumb("Đồng chí Bí thư Tỉnh ủy làm việc với huyện | một headline lạ có nhiều chữ ở vế sau")


def test_initials_beside_a_site_name_are_a_masthead():
    assert is_masthead("BTV - Đài Phát thanh và Truyền hình Bình Dương")
    assert is_masthead("BHG - Báo Hà Giang điện tử")
    assert not is_masthead("UBKT - kỷ luật cảnh cáo một đảng viên")


def test_a_journalists_association_heading_is_a_masthead():
    assert is_masthead("HỘI NHÀ BÁO THÀNH PHỐ HỒ CHÍ MINH")


def test_publication_name_is_the_name_after_the_kind_of_publication():
    assert publication_name("Báo Tây Ninh Online") == "Tây Ninh Online"
    assert publication_name("Báo cáo tổng kết công tác") is None


def test_date_line_forms_of_other_portals():
    for line in ("Chính trị 31-12-2022", "Thời sự 26-08-2020", "Hải Phòng, ngày 27 tháng 02 năm 2020",
                 "Cập nhật lúc 08:43, Thứ Năm, 22/12/2016 (GMT+7)", "17:30, 06/08/2025"):
        assert is_date_line(line), line
    assert not is_date_line("Ngày 31-12-2022, Ban Thường vụ Tỉnh ủy tổ chức hội nghị tổng kết công tác")


def test_a_headline_and_its_date_on_one_line_are_told_apart():
    assert headline_with_date("Khai trừ đảng một cựu giám đốc công ty 15/10/2025 11:56") == (
        "Khai trừ đảng một cựu giám đốc công ty", "15/10/2025 11:56")
    assert headline_with_date("Ngày 15/10/2025") is None
    assert headline_with_date("Sáng 15-10, Ban Thường vụ Tỉnh ủy tổ chức hội nghị và ra thông báo ngày 15/10/2025") is None


def test_signatures_with_a_role_note_and_paragraphs_that_open_with_a_name():
    assert parse_signature("Minh An (tổng hợp)") == ("Minh An", None)
    assert parse_signature("Thực hiện: MINH AN - THU HÀ") == ("MINH AN - THU HÀ", None)
    assert parse_signature(
        "Ông Trần Văn Bình - Chánh Văn phòng Thành ủy cho biết, thời gian tới các cấp ủy sẽ tiếp tục rà soát"
        " nguồn kết nạp trong doanh nghiệp ngoài nhà nước."
    ) is None


def dated(*paragraphs, date_line=None, title="Hội nghị Ban Thường vụ Tỉnh ủy"):
    return CleanArticle(source="x.txt", title=title, blocks=tuple(Block(p) for p in paragraphs), date_line=date_line)


def test_citing_a_congress_resolution_does_not_date_the_text():
    lead = "Nghị quyết Đại hội Đảng bộ huyện nhiệm kỳ 2020 - 2025 đề ra mục tiêu kết nạp 100 đảng viên mỗi năm."
    assert extract_dates(dated(lead))[0] is None
    # A congress held for a term is of the term's first year.
    assert extract_dates(dated("Đại hội Đảng bộ huyện nhiệm kỳ 2020 - 2025 bầu Ban Chấp hành gồm 35 đồng chí."))[0] == "2020"


def test_a_cited_documents_date_never_becomes_the_reports():
    lead = "Sáng 21-12, Ban Thường vụ Tỉnh ủy tổng kết Nghị quyết số 18-NQ/TW ngày 25-10-2017 của Trung ương."
    assert extract_dates(dated(lead)) == ("2017-10-25/..", None)
    # Beside a year of the text's own, the document's date still bounds it from below.
    assert extract_dates(dated("Năm 2018, Huyện ủy kết nạp 200 đảng viên theo Quyết định 05 ngày 28-8-2018."))[0] == "2018"


def test_a_page_date_months_after_the_leads_day_is_not_the_publication_date():
    assert extract_dates(dated("Sáng 24/7, Quận ủy tổ chức hội nghị.", date_line="Hải Phòng, ngày 27 tháng 02 năm 2020")) == (
        "2019-07", "2019-07-24")
    # The usual case: the page is dated a day after the event it reports.
    assert extract_dates(dated("Sáng 24/7, Quận ủy tổ chức hội nghị.", date_line="25/07/2019 10:00")) == (
        "2019-07-25", "2019-07-24")


def located(title, *paragraphs, removed=(), date="2020-01-01"):
    article = CleanArticle(source="x.txt", title=title, blocks=tuple(Block(p) for p in paragraphs), removed=tuple(removed))
    return extract_locality(article, date)[0]


def test_the_portals_place_counts_where_the_text_names_none_even_beside_central_organs():
    assert located("Đảng ủy Quân sự tỉnh ra nghị quyết lãnh đạo năm 2024",
                   "Đảng ủy Quân sự tỉnh quán triệt các nghị quyết của Quân ủy Trung ương.",
                   removed=("ĐÀI PHÁT THANH - TRUYỀN HÌNH THÁI NGUYÊN",)) == "Thái Nguyên"


def test_a_bracketed_city_after_a_venue_is_only_a_venue():
    assert located("Đại hội Đảng bộ Chính phủ lần thứ I",
                   "Đại hội khai mạc tại Trung tâm Hội nghị Quốc gia (Hà Nội), Đảng bộ Chính phủ bầu Ban Chấp hành.") == "Trung ương"
    # A bracketed province that locates the subject still counts.
    assert located("Đại hội Đảng bộ xã lần thứ I", "Đảng bộ xã Hòa Phú (Đắk Lắk) tổ chức đại hội.") == "Đắk Lắk"


# ---------------------------------------------------------------- never raise


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_new_shape_rules_never_raise(text):
    headline_with_date(text)
    is_breadcrumb(text)
    is_masthead(text)
    is_date_line(text)
    publication_name(text)
    parse_signature(text)


@settings(max_examples=100, deadline=None)
@given(st.text(), st.text(), st.text())
def test_dates_and_localities_never_raise_on_any_date_line_and_lead(date_line, title, lead):
    article = CleanArticle(source="x.txt", title=title, blocks=(Block(lead),), date_line=date_line, removed=(date_line,))
    date, _ = extract_dates(article)
    extract_locality(article, date)

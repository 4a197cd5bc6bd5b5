"""Publication and event dates, and honest EDTF values when the page shows no date."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from edition.extract.dates import extract_dates
from edition.model import Block, CleanArticle


def article(date_line=None, *paragraphs, title="Hội nghị tổng kết công tác xây dựng Đảng"):
    return CleanArticle(source="x.txt", title=title, blocks=tuple(Block(p) for p in paragraphs), date_line=date_line)


def test_date_lines_in_the_forms_portals_use():
    for line, expected in [
        ("14:30 25/12/2019", "2019-12-25"),
        ("Print Thứ Tư, 13/10/2021 17:46 Gốc", "2021-10-13"),
        ("31/12/2019 03:56 CH", "2019-12-31"),
        ("07/08/2020 | 236", "2020-08-07"),
        ("21:10, 29/12/2022", "2022-12-29"),
        ("10:46, 24/04/2025", "2025-04-24"),
        ("Thứ Ba, 02/06/2015, 08:57 [GMT+7]", "2015-06-02"),
        ("Thứ bảy, 25 tháng 12 năm 2021", "2021-12-25"),
    ]:
        assert extract_dates(article(line, "Hội nghị diễn ra trong một ngày."))[0] == expected, line


def test_event_date_only_when_it_differs_from_publication():
    assert extract_dates(article("31/12/2019 03:56 CH", "Chiều 25-12-2019, Ban Tổ chức Tỉnh ủy tổ chức Hội nghị.")) == (
        "2019-12-31",
        "2019-12-25",
    )
    assert extract_dates(article("14:30 25/12/2019", "Sáng 25-12, Hội nghị trực tuyến toàn quốc khai mạc.")) == (
        "2019-12-25",
        None,
    )
    assert extract_dates(article("12/09/2025 | 2.104", "Ngày 11/9, Đại hội chính thức khai mạc.")) == (
        "2025-09-12",
        "2025-09-11",
    )


def test_event_in_december_published_in_january_belongs_to_the_year_before():
    assert extract_dates(article("05/01/2020 08:00", "Sáng 28-12, Hội nghị được tổ chức.")) == ("2020-01-05", "2019-12-28")


def test_a_document_date_is_not_the_event_date():
    dated = article("14:30 25/12/2019", "Thực hiện Nghị quyết số 18-NQ/TW ngày 25-10-2017 của BCH Trung ương.")
    assert extract_dates(dated) == ("2019-12-25", None)


def test_without_a_date_line_the_event_fixes_the_month():
    assert extract_dates(article(None, "Ngày 03/5/2012, Ban Tổ chức tiến hành họp xét hồ sơ.")) == ("2012-05", "2012-05-03")


def test_without_a_date_line_the_year_of_a_year_end_meeting_comes_from_the_text():
    undated = article(
        None,
        "Sáng ngày 01/12, Ban Chấp hành Đảng bộ tỉnh tổ chức Hội nghị để đánh giá tình hình thực hiện nhiệm vụ "
        "năm 2017, dự kiến nhiệm vụ năm 2018.",
    )
    assert extract_dates(undated) == ("2017-12", "2017-12-01")


def test_without_any_day_the_date_is_an_interval_or_a_year_never_a_day():
    across_years = article(
        None,
        "Hội nghị tổng kết năm 2021, triển khai nhiệm vụ năm 2022, nhiệm kỳ 2020 - 2025.",
        "Thực hiện Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương.",
    )
    assert extract_dates(across_years) == ("2021-10-25/2022-12-31", None)
    one_year = article(None, "Đến ngày 27-11, Huyện ủy kết nạp 200 đảng viên, tăng so với năm 2017.", "Quyết định ngày 28-8-2018.")
    assert extract_dates(one_year) == ("2018", None)
    assert extract_dates(article(None, "Hội nghị diễn ra trong một ngày.")) == (None, None)


def test_targets_and_term_spans_are_not_the_reported_year():
    text = "Phấn đấu đến năm 2030 trở thành tỉnh khá, nhiệm kỳ 2025-2030, tổng kết năm 2024."
    assert extract_dates(article(None, text)) == ("2024", None)


def test_impossible_dates_are_ignored():
    assert extract_dates(article("31/02/2020 10:00", "Hội nghị diễn ra.")) == (None, None)


EDTF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}-\d{2}-\d{2})?~?$")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.text(max_size=60)), st.lists(st.text(max_size=200), max_size=4), st.text(max_size=80))
def test_dates_never_raise_and_are_iso_or_edtf(date_line, paragraphs, title):
    date, event = extract_dates(article(date_line, *paragraphs, title=title))
    for value in (date, event):
        assert value is None or EDTF.match(value), value


def test_a_lead_that_fixes_only_the_month_gives_the_month():
    assert extract_dates(article(None, "Trong tháng 12/2021, Đảng bộ huyện kết nạp 45 đảng viên mới.")) == ("2021-12", None)
    assert extract_dates(article(None, "Thực hiện Kế hoạch ban hành tháng 12/2021, huyện tổ chức hội nghị năm 2022.")) == ("2022", None)


def test_a_congress_for_a_term_is_of_the_terms_first_year_when_nothing_else_fixes_it():
    congress = article(None, "Sáng 14-10, Đại hội đại biểu Đảng bộ tỉnh lần thứ XX, nhiệm kỳ 2025-2030, tiến hành phiên họp trù bị.")
    assert extract_dates(congress) == ("2025-10", "2025-10-14")
    assert extract_dates(article(None, "Hội nghị sơ kết giữa nhiệm kỳ 2020 - 2025.")) == (None, None)


def test_a_historic_date_in_the_lead_is_not_the_event():
    anniversary = article(
        "13/10/2021 17:46",
        "Ngày 14/10/1930, Ban Tổ chức Trung ương được thành lập. Chiều 12-10, Ban Tổ chức Thành ủy tổ chức lễ kỷ niệm.",
    )
    assert extract_dates(anniversary) == ("2021-10-13", "2021-10-12")
    undated = article(None, "Ngày 3-2-1930, Đảng Cộng sản Việt Nam ra đời.", "Năm 2021, Đảng bộ kết nạp 300 đảng viên.")
    assert extract_dates(undated)[0] == "2021"

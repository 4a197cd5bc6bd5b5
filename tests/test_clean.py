"""Cleaning: the article separated from the portal's chrome, its words kept as written."""
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from edition.clean import (
    clean_article,
    comparison_key,
    is_date_line,
    is_masthead,
    normalise_spaces,
    parse_signature,
    strip_title_noise,
)
from edition.model import RawArticle

LEAD = (
    "Sáng 25-12, Ban Tổ chức Tỉnh ủy tổ chức Hội nghị tổng kết công tác tổ chức xây dựng Đảng năm 2019, "
    "triển khai nhiệm vụ năm 2020."
)
BODY = (
    "Phát biểu tại hội nghị, đồng chí Bí thư Tỉnh ủy đề nghị các cấp ủy tiếp tục rà soát, bổ sung quy hoạch "
    "cán bộ và nâng cao chất lượng sinh hoạt chi bộ."
)


def clean(text: str):
    return clean_article(RawArticle(source="seeds/x.txt", text=text))


def texts(article):
    return [block.text for block in article.blocks]


def test_headline_date_line_body_byline_and_footer():
    article = clean(
        "Triển khai nhiệm vụ công tác tổ chức xây dựng Đảng năm 2020 In trang\n31/12/2019 03:56 CH\n\n"
        f"{LEAD}\n\nToàn cảnh Hội nghị.\n\n{BODY}\n\nQuốc Tuấn\n\nLượt xem: 1.555\nLiên kết website\n"
        "Thống kê truy cập\n  •  Đang online: 79\n"
    )
    assert article.title == "Triển khai nhiệm vụ công tác tổ chức xây dựng Đảng năm 2020"
    assert article.date_line == "31/12/2019 03:56 CH"
    assert article.byline == "Quốc Tuấn"
    assert texts(article) == [LEAD, "Toàn cảnh Hội nghị.", BODY]
    assert article.blocks[1].kind == "caption"
    assert "In trang" in article.removed and "Lượt xem: 1.555" in article.removed
    assert "• Đang online: 79" in article.removed


def test_other_articles_list_never_reaches_the_blocks():
    trap = "Chỉ thị số 05-CT/TW của Bộ Chính trị về tiếp tục đẩy mạnh học tập và làm theo tư tưởng"
    article = clean(f"Một tiêu đề bài báo về công tác cán bộ\n\n07/08/2020 | 236\n\n{LEAD}\n\nA.H\n\n\nCác bài viết khác\n\n{trap}\n18 ngày trước\n")
    assert article.byline == "A.H"
    assert all("05-CT/TW" not in text for text in texts(article))
    assert trap in article.removed and "Các bài viết khác" in article.removed


def test_title_only_at_the_end_after_qr_code():
    article = clean(
        f"Print Thứ Tư, 13/10/2021 17:46 Gốc\n\n{LEAD}\n\n{BODY}\n\nHoàng Minh. Ảnh: Đỗ Hiền\n\n"
        "Tiện ích thông tin\nQR Code\nQR CODE: Đoàn kết, sáng tạo, đáp ứng yêu cầu nhiệm vụ\nTin khác\n"
    )
    assert article.title == "Đoàn kết, sáng tạo, đáp ứng yêu cầu nhiệm vụ"
    assert article.date_line.startswith("Print")
    assert (article.byline, article.photo_credit) == ("Hoàng Minh", "Đỗ Hiền")
    assert texts(article) == [LEAD, BODY]


def test_portal_noise_before_the_title_and_its_duplicate_are_removed():
    article = clean(
        "Xuất bản thông tin\n\nnull Đồng Tháp: Tổng kết công tác tổ chức xây dựng đảng năm 2021\n\n"
        "Chi tiết bài viết Tin tức\n\nĐồng Tháp: Tổng kết công tác tổ chức xây dựng đảng năm 2021\n\n"
        f"{LEAD}\n\nSơn Tra\n"
    )
    assert article.title == "Đồng Tháp: Tổng kết công tác tổ chức xây dựng đảng năm 2021"
    assert article.byline == "Sơn Tra"
    assert texts(article) == [LEAD]
    assert article.removed[:2] == ("Xuất bản thông tin", "null Đồng Tháp: Tổng kết công tác tổ chức xây dựng đảng năm 2021")


def test_masthead_and_section_lines_above_the_title_are_chrome():
    article = clean(
        "TỈNH ỦY GIA LAI\nCổng thông tin điện tử Đảng bộ tỉnh Gia Lai\nSự kiện\n\n"
        f"Khai mạc Hội nghị lần thứ 11 Ban Chấp hành Đảng bộ tỉnh khóa XV In trang\n\n{LEAD}\nPhạm Hòa\n\nChia sẻ\n"
    )
    assert article.title == "Khai mạc Hội nghị lần thứ 11 Ban Chấp hành Đảng bộ tỉnh khóa XV"
    assert article.byline == "Phạm Hòa"
    assert texts(article) == [LEAD]
    assert article.removed[:4] == ("TỈNH ỦY GIA LAI", "Cổng thông tin điện tử Đảng bộ tỉnh Gia Lai", "Sự kiện", "In trang")


def test_source_tag_before_a_title_is_dropped_from_the_title():
    assert strip_title_noise("(TTV) Hội nghị tổng kết công tác xây dựng Đảng")[0] == "Hội nghị tổng kết công tác xây dựng Đảng"


def test_title_in_capitals_is_kept_as_written():
    article = clean(f"HỘI NGHỊ TỔNG KẾT CÔNG TÁC XÂY DỰNG ĐẢNG NĂM 2022\n14:30 25/12/2022\n\n{LEAD}\n")
    assert article.title == "HỘI NGHỊ TỔNG KẾT CÔNG TÁC XÂY DỰNG ĐẢNG NĂM 2022"


def test_photo_captions_and_credit_lines():
    article = clean(
        f"Một tiêu đề bài báo về công tác cán bộ\n14/10/2020 14:43 GMT+7\n\n{LEAD}\n\n"
        "Ảnh: Đồng chí Bí thư Tỉnh ủy phát biểu tại buổi làm việc\n\n"
        "Toàn cảnh Đại hội Đảng bộ tỉnh lần thứ 14, nhiệm kỳ 2020 - 2025\n\nẢNH: TRẦN THANH PHONG\n\n"
        f"{BODY}\nTop\n"
    )
    kinds = [(block.kind, block.text[:12]) for block in article.blocks]
    assert kinds == [("text", LEAD[:12]), ("caption", "Ảnh: Đồng ch"), ("caption", "Toàn cảnh Đạ"), ("text", BODY[:12])]
    assert article.photo_credit == "TRẦN THANH PHONG"
    assert article.byline is None


def test_words_as_written_with_white_space_normalised():
    article = clean(f"Tiêu đề có\u00a0khoảng trắng  lạ ở giữa dòng\n14:30 25/12/2019\n\n\u00a0Ủy viên Trương ương Đảng phát  biểu tại điểm cầu\u00a0 Hải Phòng\n\n{BODY}\n")
    assert article.title == "Tiêu đề có khoảng trắng lạ ở giữa dòng"
    assert article.blocks[0].text == "Ủy viên Trương ương Đảng phát biểu tại điểm cầu Hải Phòng"
    assert article.blocks[0].kind == "caption"  # scraped with a leading no-break space, like a figure caption


def test_signature_forms():
    assert parse_signature("Hoàng Minh. Ảnh: Đỗ Hiền") == ("Hoàng Minh", "Đỗ Hiền")
    assert parse_signature("Đỗ Thuần – Bí thư Chi bộ Các cơ quan Đảng") == ("Đỗ Thuần", None)
    assert parse_signature("Bài và ảnh: Minh Anh") == ("Minh Anh", "Minh Anh")
    assert parse_signature("A.H") == ("A.H", None)
    assert parse_signature("BH") == ("BH", None)
    assert parse_signature("Toàn cảnh hội nghị") is None
    assert parse_signature(BODY) is None


def test_date_lines_in_many_forms():
    for line in ("14:30 25/12/2019", "Print Thứ Tư, 13/10/2021 17:46 Gốc", "31/12/2019 03:56 CH", "07/08/2020 | 236",
                 "21:10, 29/12/2022", "10:46, 24/04/2025", "Thứ Ba, 02/06/2015, 08:57 [GMT+7]", "14/10/2025 | 1.530"):
        assert is_date_line(line), line
    assert not is_date_line("Ngày 03/10/2025, Chi bộ các cơ quan Đảng xã tổ chức Lễ kết nạp đảng viên mới")


def test_mastheads():
    assert is_masthead("HUYỆN HÒA THÀNH - TỈNH TÂY NINH")
    assert is_masthead("Trang thông tin điện tử xã Hữu Liên - tỉnh Lạng Sơn")
    assert not is_masthead("Đảng bộ tỉnh Gia Lai hoàn thành việc tổ chức đại hội đảng bộ cấp huyện")


def test_comparison_key_is_blind_to_tone_placement_and_case():
    assert comparison_key("Tỉnh Uỷ Khánh Hoà") == comparison_key("tỉnh ủy khánh hòa")
    assert comparison_key("Hòa") != comparison_key("Hoà Hòa")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_cleaning_never_raises_and_gives_nfc_single_spaced_blocks(text):
    text = unicodedata.normalize("NFC", text.replace("\r", "\n"))
    article = clean(text)
    for block in article.blocks:
        assert block.kind in ("text", "caption", "heading")
        assert unicodedata.is_normalized("NFC", block.text)
        assert block.text == normalise_spaces(block.text) and block.text
    if article.title:
        assert article.title == article.title.strip()


WORDS = st.sampled_from("Đảng bộ tỉnh tổ chức hội nghị tổng kết công tác cán bộ đảng viên chi bộ năm nhiệm vụ".split())
PARAGRAPH = st.lists(WORDS, min_size=12, max_size=40).map(lambda ws: " ".join(ws).capitalize() + ".")


@settings(max_examples=100, deadline=None)
@given(st.lists(PARAGRAPH, min_size=1, max_size=6))
def test_cleaning_a_cleaned_article_changes_nothing(paragraphs):
    first = clean("Tiêu đề của bài viết về công tác Đảng\n14:30 25/12/2019\n\n" + "\n\n".join(paragraphs) + "\n\nTin khác\nMột tin khác")
    again = clean(first.title + "\n\n" + "\n\n".join(texts(first)))
    assert (again.title, texts(again)) == (first.title, texts(first))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_normalising_spaces_is_idempotent(text):
    assert normalise_spaces(normalise_spaces(text)) == normalise_spaces(text)


def test_site_name_above_the_date_line_and_title_below_it():
    article = clean(
        "Tạp chí Xây dựng Đảng\nThứ Tư, 15:20, 24/04/2024\n"
        "Ban Tổ chức Trung ương tổ chức Hội nghị giao ban công tác tổ chức xây dựng Đảng quý I năm 2024\n"
        f"{LEAD}\n{BODY}\nQUỐC TUẤN\n"
    )
    assert article.title.startswith("Ban Tổ chức Trung ương tổ chức Hội nghị giao ban")
    assert article.byline == "QUỐC TUẤN"
    assert article.removed == ("Tạp chí Xây dựng Đảng", "Thứ Tư, 15:20, 24/04/2024", "QUỐC TUẤN")


def test_site_name_after_the_headline_and_author_on_the_date_line():
    article = clean(
        "Bộ Chính trị làm việc với Ban Thường vụ Tỉnh ủy - Báo điện tử Đảng Cộng sản Việt Nam\n"
        f"Ngọc Anh | 12/03/2024 10:15\nChia sẻ\n{LEAD}\nLượt xem: 230\n{BODY}\n{BODY}\n(Theo Báo Nghệ An)\nTừ khóa: Nghệ An\n"
    )
    assert article.title == "Bộ Chính trị làm việc với Ban Thường vụ Tỉnh ủy"
    assert article.byline == "Ngọc Anh"
    assert texts(article) == [LEAD, BODY, BODY, "(Theo Báo Nghệ An)"]  # a counter inside the page is not its end
    assert "Lượt xem: 230" in article.removed


def test_byline_with_affiliation_or_agency_and_comment_counters():
    assert parse_signature("Nguyễn Văn Hùng (Ban Tổ chức Huyện ủy Diễn Châu)") == ("Nguyễn Văn Hùng", None)
    assert parse_signature("Minh Anh (TTXVN)") == ("Minh Anh", None)
    assert parse_signature("Thu Hà - Ảnh: Minh Anh") == ("Thu Hà", "Minh Anh")
    assert parse_signature("Ngọc Anh - Minh Hà") == ("Ngọc Anh - Minh Hà", None)
    assert parse_signature("Thu Hà, Minh Anh") == ("Thu Hà, Minh Anh", None)
    assert parse_signature("Minh Anh, Trung tâm Chính trị huyện") == ("Minh Anh", None)
    assert parse_signature("Văn Hoàng/TTXVN") == ("Văn Hoàng", None)
    assert parse_signature("Theo Báo Gia Lai") is None
    article = clean(f"Tiêu đề bài viết về công tác Đảng\n03/02/2025\n{LEAD}\nBài và ảnh: Lê Hòa\nBình luận (0)\nGửi bình luận\n")
    assert (article.byline, article.photo_credit) == ("Lê Hòa", "Lê Hòa")
    assert texts(article) == [LEAD]


def test_a_short_dated_lead_is_not_taken_for_the_headline():
    article = clean("Tiêu đề bài viết về hội nghị\n\nNgày 25/12, Hội nghị khai mạc.\nNội dung tiếp theo của bài.\n")
    assert article.title == "Tiêu đề bài viết về hội nghị"
    assert texts(article)[0] == "Ngày 25/12, Hội nghị khai mạc."


def test_an_inline_see_also_link_does_not_end_the_article():
    article = clean(f"Tiêu đề bài viết về công tác Đảng\n03/02/2025\n{LEAD}\nXem thêm: Một tin khác về hội nghị\n{BODY}\n{BODY}\nMinh Anh\nTin khác\n{LEAD}\n")
    assert texts(article) == [LEAD, BODY, BODY]
    assert article.byline == "Minh Anh"
    assert "Xem thêm: Một tin khác về hội nghị" in article.removed


def test_a_theme_line_inside_the_article_is_not_a_footer():
    article = clean(f"Tiêu đề bài viết về Đại hội\n03/02/2025\n{LEAD}\nChủ đề: Đoàn kết - Dân chủ - Kỷ cương - Đột phá - Phát triển\n{BODY}\n")
    assert texts(article)[-1] == BODY


PAGE_LINES = st.sampled_from(
    [
        "Tiêu đề bài viết về công tác Đảng",
        "14:30 25/12/2019",
        "07/08/2020 | 236",
        LEAD,
        BODY,
        "Toàn cảnh Hội nghị.",
        "Ảnh: Đồng chí Bí thư Tỉnh ủy phát biểu",
        "ẢNH: TRẦN THANH PHONG",
        "Hoàng Minh. Ảnh: Đỗ Hiền",
        "A.H",
        "In trang",
        "Chia sẻ",
        "Lượt xem: 1.555",
        "Tin khác",
        "Từ khóa: Gia Lai",
        "QR CODE: Một tiêu đề ở cuối trang",
        "TỈNH ỦY GIA LAI",
        "• 003889839",
        "",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PAGE_LINES, max_size=25))
def test_nothing_is_lost_every_line_is_kept_somewhere(page):
    article = clean("\n".join(page))
    kept = set(texts(article)) | set(article.removed)
    for line in filter(None, page):
        line = normalise_spaces(line)
        assert line in kept or (article.title and article.title in line), line


def test_a_toolbar_scraped_onto_one_line_is_chrome():
    article = clean(f"Tiêu đề bài viết về công tác Đảng\nChia sẻ Facebook Zalo\n03/02/2025 | 120\n{LEAD}\n")
    assert article.title == "Tiêu đề bài viết về công tác Đảng"
    assert "Chia sẻ Facebook Zalo" in article.removed


def test_an_unknown_site_name_above_the_date_line_is_not_the_headline():
    article = clean(f"Việt Giải Trí\n04/09/2020 | 517\nĐảng bộ tỉnh hoàn thành việc tổ chức đại hội cấp huyện\n{LEAD}\n")
    assert article.title == "Đảng bộ tỉnh hoàn thành việc tổ chức đại hội cấp huyện"
    assert article.date_line == "04/09/2020 | 517"
    assert article.removed == ("Việt Giải Trí", "04/09/2020 | 517")


def test_a_second_date_line_is_chrome_too():
    article = clean(f"Tiêu đề bài viết về công tác Đảng\nNgày đăng: 25/12/2019\nCập nhật: 26/12/2019 08:00\n{LEAD}\n")
    assert article.title == "Tiêu đề bài viết về công tác Đảng"
    assert article.date_line == "Ngày đăng: 25/12/2019"
    assert texts(article) == [LEAD]


def test_short_lines_describing_a_photo_are_captions_and_noun_phrases_headings():
    article = clean(
        f"Tiêu đề bài viết về công tác Đảng\n03/02/2025\n{LEAD}\nĐồng chí Bí thư Tỉnh ủy phát biểu tại hội nghị\n{BODY}\n"
        f"Lãnh đạo, chỉ đạo công tác chuẩn bị đại hội\n{BODY}\n"
    )
    assert [block.kind for block in article.blocks] == ["text", "caption", "text", "heading", "text"]

"""Locality: the province an article is about, from the gazetteer, as the units stood at its date."""
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from edition.extract.localities import extract_locality, load_gazetteer
from edition.model import Block, CleanArticle


def article(*paragraphs, title="Hội nghị tổng kết công tác xây dựng Đảng", removed=()):
    return CleanArticle(source="x.txt", title=title, blocks=tuple(Block(p) for p in paragraphs), removed=tuple(removed))


def locality(*paragraphs, date="2020-01-01", **kwargs):
    return extract_locality(article(*paragraphs, **kwargs), date)[0]


def test_gazetteer_has_63_provinces_and_34_units_after_2025():
    gazetteer = load_gazetteer()
    provinces = set(gazetteer.successors)
    assert len(provinces) == 63
    after = {gazetteer.successors[p] for p in provinces}
    after = {("Huế" if p == "Thừa Thiên Huế" else p) for p in after}
    assert len(after) == 34


def test_party_committee_and_unit_words_name_the_province():
    assert locality("Ban Tổ chức Tỉnh ủy tỉnh Kiên Giang tổ chức Hội nghị.") == "Kiên Giang"
    assert locality("Phát biểu tại điểm cầu Hải Phòng, Bí thư Thành ủy Hải Phòng nhấn mạnh.") == "Hải Phòng"


def test_a_district_resolves_to_its_province():
    found, districts = extract_locality(article("Đến ngày 27-11, Huyện ủy Hiệp Hòa kết nạp 200 đảng viên mới."), "2018")
    assert (found, districts) == ("Bắc Giang", ("Hiệp Hòa",))


def test_a_district_that_shares_a_province_name_is_the_district():
    assert locality("Đảng bộ huyện Quảng Ninh đã hoàn thành đại hội đảng bộ cơ sở.") == "Quảng Bình"
    assert locality("Tỉnh ủy Quảng Ninh tổ chức hội nghị.") == "Quảng Ninh"


def test_names_inside_people_and_ideas_are_not_places():
    assert locality("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.") is None
    assert locality("Phó Thủ tướng Nguyễn Hòa Bình dự và phát biểu tại Đại hội.") is None
    assert locality("Giữ vững hòa bình, ổn định chính trị.") is None
    assert locality("Thành ủy Thành phố Hồ Chí Minh tổ chức hội nghị.") == "Thành phố Hồ Chí Minh"
    assert locality("Đoàn công tác làm việc tại TP.HCM.") == "Thành phố Hồ Chí Minh"


def test_old_and_new_tone_placement_are_the_same_place():
    assert locality("Bí thư Tỉnh uỷ Khánh Hoà chủ trì hội nghị.") == "Khánh Hòa"
    assert locality("Tỉnh ủy Thanh Hoá tổ chức hội nghị.") == "Thanh Hóa"


def test_central_bodies_are_trung_uong():
    assert locality(
        "Ban Thường vụ Đảng ủy Khối các cơ quan Trung ương báo cáo kết quả.",
        "Đại hội Đảng bộ Khối các cơ quan Trung ương được chuẩn bị chu đáo.",
        "Buổi làm việc diễn ra tại Hà Nội.",
    ) == "Trung ương"


def test_an_official_of_a_central_body_does_not_make_a_provincial_article_central():
    assert locality(
        "Đồng chí Nguyễn Văn A, Phó Trưởng Ban Tổ chức Trung ương dự Đại hội Đảng bộ tỉnh Sóc Trăng.",
        "Đại hội Đảng bộ tỉnh Sóc Trăng lần thứ 14 khai mạc.",
    ) == "Sóc Trăng"


def test_masthead_decides_when_the_text_names_no_place():
    assert locality("Ban Chấp hành Đảng bộ tỉnh tổ chức hội nghị.", removed=["TỈNH ỦY GIA LAI", "Sự kiện"]) == "Gia Lai"
    assert locality("Ban Thường vụ Thành ủy tổ chức hội nghị.", removed=["CỔNG THÔNG TIN ĐIỆN TỬ THÀNH PHỐ HUẾ"],
                    date="2023-02-03") == "Thừa Thiên Huế"
    assert locality("Chi bộ tổ chức lễ kết nạp.", removed=["Khai mạc Đại hội Đảng bộ tỉnh Cao Bằng lần thứ XX"]) is None


def test_units_as_they_stood_at_the_date():
    text = "Đại hội đại biểu Đảng bộ tỉnh Kon Tum khai mạc."
    assert locality(text, date="2020-10-01") == "Kon Tum"
    assert locality(text, date="2025-09-12") == "Quảng Ngãi"
    assert locality("Tỉnh ủy Thừa Thiên Huế họp.", date="2025-03-01") == "Huế"
    assert locality("Tỉnh ủy Thừa Thiên Huế họp.", date=None) == "Thừa Thiên Huế"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=200), max_size=4), st.text(max_size=80), st.one_of(st.none(), st.text(max_size=12)))
def test_locality_never_raises_and_is_a_known_name(paragraphs, title, date):
    found, districts = extract_locality(article(*paragraphs, title=title), date)
    gazetteer = load_gazetteer()
    known = set(gazetteer.successors) | set(gazetteer.successors.values()) | {"Huế", "Trung ương"}
    assert found is None or found in known
    assert all(unicodedata.is_normalized("NFC", d) for d in districts)


def test_a_central_meeting_held_in_the_capital_is_central():
    assert locality("Sáng 20/12, tại Hà Nội, Ban Bí thư tổ chức Hội nghị toàn quốc sơ kết công tác.") == "Trung ương"
    assert locality("Sáng 20/12, tại Hà Nội, Thành ủy Hà Nội tổ chức Hội nghị.") == "Hà Nội"


def test_a_provincial_meeting_with_a_politburo_member_stays_provincial():
    assert locality("Sáng 25/12, tại Hải Phòng, Ủy viên Bộ Chính trị, Thường trực Ban Bí thư dự Hội nghị.") == "Hải Phòng"


def test_a_site_name_in_the_footer_list_is_not_the_masthead():
    removed = ["Chia sẻ", "Tin khác", "Báo Quảng Ninh đạt giải báo chí"]
    assert locality("Chi bộ tổ chức lễ kết nạp đảng viên.", removed=removed) is None


def test_a_header_naming_a_provincial_office_gives_the_province():
    assert locality("Chi bộ tổ chức lễ kết nạp.", removed=["Sở Nội vụ tỉnh Gia Lai", "Tin tức"]) == "Gia Lai"


def test_a_headline_in_capitals_names_its_province():
    assert locality(title="HÀ NỘI TỔ CHỨC HỘI NGHỊ TỔNG KẾT CÔNG TÁC ĐẢNG") == "Hà Nội"


def test_a_district_name_shared_by_provinces_counts_for_the_one_otherwise_named():
    found, districts = extract_locality(article("Huyện ủy Châu Thành tổ chức hội nghị.", "Tỉnh ủy Bến Tre chỉ đạo."), "2020")
    assert (found, districts) == ("Bến Tre", ("Châu Thành",))
    assert locality("Huyện ủy Châu Thành tổ chức hội nghị.") is None


def test_a_provincial_papers_tag_is_the_last_resort():
    assert locality("(QBĐT) - Đến ngày 31-5, Đảng bộ huyện đã hoàn thành đại hội cơ sở.") == "Quảng Bình"
    assert locality("(QBĐT) - Tỉnh ủy Quảng Trị tổ chức hội nghị.") == "Quảng Trị"


def test_the_portals_place_outweighs_a_passing_mention_of_another():
    header = ["TỈNH ỦY GIA LAI", "Sự kiện"]
    assert locality("Đoàn công tác đã tham quan, học tập kinh nghiệm tại tỉnh Bình Định.", removed=header) == "Gia Lai"
    assert locality("Tỉnh ủy Bình Định tổ chức hội nghị.", "Tỉnh ủy Bình Định chỉ đạo.", title="Bình Định tổng kết năm",
                    removed=header) == "Bình Định"

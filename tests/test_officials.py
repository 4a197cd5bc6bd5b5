"""Officials: people named with a position, from small real texts."""
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edition.extract.officials import extract_officials, name_key
from edition.extract.register import modern_tone_placement
from edition.model import Block, CleanArticle, Official


def article(*paragraphs: str, title: str | None = None, captions: tuple[str, ...] = ()) -> CleanArticle:
    blocks = tuple(Block(p) for p in paragraphs) + tuple(Block(c, "caption") for c in captions)
    return CleanArticle(source="test.txt", title=title, blocks=blocks)


def names(art: CleanArticle) -> list[str]:
    return [o.name for o in extract_officials(art)]


def test_name_first_with_titles():
    text = ("Phát biểu tại điểm cầu Hải Phòng, đồng chí Lê Văn Thành, Ủy viên Trung ương Đảng, "
            "Bí thư Thành ủy, Chủ tịch HĐND thành phố nhấn mạnh: Ngay từ đầu nhiệm kỳ ...")
    assert extract_officials(article(text)) == (
        Official("Lê Văn Thành", ("Ủy viên Trung ương Đảng", "Bí thư Thành ủy", "Chủ tịch HĐND thành phố")),
    )


def test_titles_first():
    text = ("Sáng 25-12, Ủy viên Bộ Chính trị, Thường trực Ban Bí thư Trần Quốc Vượng chủ trì Hội nghị "
            "trực tuyến toàn quốc.")
    assert extract_officials(article(text)) == (
        Official("Trần Quốc Vượng", ("Ủy viên Bộ Chính trị", "Thường trực Ban Bí thư")),
    )


def test_list_of_comrades_separated_by_semicolons():
    text = ("Cùng dự có các đồng chí: Nguyễn Thanh Bình, Ủy viên Trung ương Đảng, Phó Trưởng ban Thường trực "
            "Ban Tổ chức Trung ương; Cao Văn Thống, Ủy viên Ủy ban Kiểm tra Trung ương và đại diện lãnh đạo.")
    assert extract_officials(article(text)) == (
        Official("Nguyễn Thanh Bình", ("Ủy viên Trung ương Đảng", "Phó Trưởng ban Thường trực Ban Tổ chức Trung ương")),
        Official("Cao Văn Thống", ("Ủy viên Ủy ban Kiểm tra Trung ương",)),
    )


def test_dash_and_lower_case_title():
    text = ("Trình bày báo cáo, đồng chí Bùi Thị Trong, tỉnh ủy viên, Phó Trưởng ban Thường trực Ban Tổ chức "
            "Tỉnh ủy cho biết. Đồng chí Ngô Minh Khải –Phó Trưởng Ban Tổ chức Huyện ủy chủ trì cuộc họp.")
    found = extract_officials(article(text))
    assert [o.name for o in found] == ["Bùi Thị Trong", "Ngô Minh Khải"]
    assert found[0].titles == ("tỉnh ủy viên", "Phó Trưởng ban Thường trực Ban Tổ chức Tỉnh ủy")
    assert found[1].titles == ("Phó Trưởng Ban Tổ chức Huyện ủy",)


def test_place_after_party_committee_is_not_a_name():
    text = "Ông Phan Văn Sáu, Bí thư Tỉnh ủy Sóc Trăng, nhấn mạnh. Bí thư Tỉnh ủy Lâm Đồng cho biết."
    assert names(article(text)) == ["Phan Văn Sáu"]


def test_name_after_place_in_title():
    text = "Bí thư Tỉnh ủy Kiên Giang Nguyễn Thanh Nghị phát biểu chỉ đạo."
    assert extract_officials(article(text)) == (Official("Nguyễn Thanh Nghị", ("Bí thư Tỉnh ủy Kiên Giang",)),)


def test_elected_to_a_position():
    text = "Tại Đại hội Đảng bộ huyện Ia Grai, đồng chí Dương Mah Tiệp tái đắc cử Bí thư Huyện ủy Ia Grai khóa XVIII."
    assert extract_officials(article(text)) == (Official("Dương Mah Tiệp", ("Bí thư Huyện ủy Ia Grai khóa XVIII",)),)


def test_members_without_a_position_are_not_officials():
    text = ("Chi bộ tổ chức Lễ kết nạp Đảng viên mới cho 2 quần chúng ưu tú: đồng chí Hoàng Văn Nguyên và "
            "đồng chí Lộc Duy Quang. Tham dự có đồng chí Lê Trang – Phó Bí thư Thường trực Đảng ủy.")
    assert names(article(text)) == ["Lê Trang"]


def test_historical_figures_and_ideology_are_not_officials():
    text = ("Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; thực hiện Di chúc của "
            "Chủ tịch Hồ Chí Minh.")
    assert names(article(text)) == []


def test_title_and_captions_count():
    art = article(
        "Buổi làm việc diễn ra tại Hà Nội.",
        title="Đồng chí Phạm Minh Chính, Ủy viên Bộ Chính trị, Trưởng Ban Tổ chức Trung ương làm việc tại Hà Nội",
        captions=("Ảnh: Đồng chí Sơn Minh Thắng, Ủy viên Trung ương Đảng, Bí thư Đảng ủy Khối báo cáo",),
    )
    assert names(art) == ["Phạm Minh Chính", "Sơn Minh Thắng"]


def test_old_and_new_tone_placement_are_one_person_with_the_fullest_titles():
    art = article(
        "Phó Thủ tướng Nguyễn Hoà Bình phát biểu.",
        "Đồng chí Nguyễn Hòa Bình, Ủy viên Bộ Chính trị, Phó Thủ tướng Thường trực Chính phủ dự.",
    )
    assert extract_officials(art) == (
        Official("Nguyễn Hoà Bình", ("Ủy viên Bộ Chính trị", "Phó Thủ tướng Thường trực Chính phủ")),
    )


def test_old_style_uy_in_titles_is_kept_as_written():
    text = "Đồng chí Lê Quốc Phong, Uỷ viên Ban Chấp hành Trung ương Đảng, Bí thư Tỉnh uỷ dự và chủ trì Hội nghị."
    assert extract_officials(article(text)) == (
        Official("Lê Quốc Phong", ("Uỷ viên Ban Chấp hành Trung ương Đảng", "Bí thư Tỉnh uỷ")),
    )


def test_abbreviated_titles():
    text = "Về phía lãnh đạo Thành phố có đồng chí Phan Thiên Định - UVTV Tỉnh ủy, Bí thư Thành ủy, Chủ tịch HĐND Thành phố."
    assert extract_officials(article(text))[0].titles == ("UVTV Tỉnh ủy", "Bí thư Thành ủy", "Chủ tịch HĐND Thành phố")


def test_name_key_ignores_tone_placement_case_and_spacing():
    assert name_key("Nguyễn Hoà  Bình") == name_key("nguyễn hòa bình")
    assert modern_tone_placement("Uỷ ban, Tỉnh uỷ, hoà, khoẻ, quý, Huỳnh") == "Ủy ban, Tỉnh ủy, hòa, khỏe, quý, Huỳnh"


@settings(max_examples=300, deadline=None)
@given(st.text(), st.lists(st.text(), max_size=4))
def test_never_raises_on_any_text(title, paragraphs):
    result = extract_officials(article(*paragraphs, title=title))
    assert all(isinstance(o, Official) and o.name for o in result)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["đồng chí", "Bí thư", "Tỉnh ủy", "Lê", "Văn", "Thành", ",", ";", "-", ":",
                                 "Ủy viên", "Trần", "Nguyễn", "ông", "Phó", "(", "tỉnh", "Kiên", "Giang", "tái đắc cử"]),
                max_size=30))
def test_never_raises_on_title_like_word_salad(words):
    extract_officials(article(" ".join(words)))


def test_the_late_holder_of_a_title_is_not_an_official():
    assert names(article("Nhân ngày giỗ cố Tổng Bí thư Lê Văn Khải, Bí thư Tỉnh ủy Đỗ Minh Tâm dâng hương.")) == [
        "Đỗ Minh Tâm"]


def test_a_name_closes_the_title_even_before_words_that_could_continue_it():
    text = "Sau hội nghị, Ủy viên Bộ Chính trị, Chủ tịch Quốc hội Lưu Đình Phúc kiểm tra điểm bỏ phiếu ở một xã."
    assert extract_officials(article(text)) == (Official("Lưu Đình Phúc", ("Ủy viên Bộ Chính trị", "Chủ tịch Quốc hội")),)


def test_titles_after_a_titles_first_name_and_dashes_between_titles():
    text = ("Chiều qua, Ủy viên Bộ Chính trị, Thường trực Ban Bí thư Mai Văn Hòa - Bí thư Đảng ủy các cơ quan "
            "Đảng Trung ương làm việc với tỉnh.")
    found = extract_officials(article(text))
    assert found[0] == Official("Mai Văn Hòa", ("Ủy viên Bộ Chính trị", "Thường trực Ban Bí thư",
                                                "Bí thư Đảng ủy các cơ quan Đảng Trung ương"))


def test_two_people_titles_first_in_one_sentence():
    text = "Bí thư Tỉnh ủy Đặng Quốc Bảo, Phó Bí thư Thường trực Tỉnh ủy Vũ Thị Mai cùng dự."
    assert extract_officials(article(text)) == (
        Official("Đặng Quốc Bảo", ("Bí thư Tỉnh ủy",)),
        Official("Vũ Thị Mai", ("Phó Bí thư Thường trực Tỉnh ủy",)),
    )


def test_list_after_a_colon_without_comrade():
    text = ("Dự lễ có các Ủy viên Ban Thường vụ Tỉnh ủy: Hà Văn Tâm - Trưởng ban Dân vận Tỉnh ủy; "
            "Lò Thị Mai - Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sơn La.")
    assert extract_officials(article(text)) == (
        Official("Hà Văn Tâm", ("Trưởng ban Dân vận Tỉnh ủy",)),
        Official("Lò Thị Mai", ("Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sơn La",)),
    )


def test_a_list_member_titles_first_is_not_the_previous_persons_title():
    text = "Đồng chí Vi Văn Sơn, Trưởng ban Dân tộc tỉnh, Đại tá Lục Văn Hòa, Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh đến dự."
    assert extract_officials(article(text)) == (
        Official("Vi Văn Sơn", ("Trưởng ban Dân tộc tỉnh",)),
        Official("Lục Văn Hòa", ("Đại tá", "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh")),
    )


def test_and_inside_the_name_of_a_body():
    text = ("Đồng chí Đỗ Đình Hữu, Tỉnh ủy viên, Giám đốc Sở Giáo dục và Đào tạo phát biểu; "
            "đồng chí Trần Văn Bình, Bí thư Đảng ủy xã và Nguyễn Văn Cường cùng dự.")
    found = extract_officials(article(text))
    assert found[0].titles == ("Tỉnh ủy viên", "Giám đốc Sở Giáo dục và Đào tạo")
    assert found[1] == Official("Trần Văn Bình", ("Bí thư Đảng ủy xã",))
    assert len(found) == 2


def test_village_and_ward_names_after_a_title_are_places():
    text = "Bí thư Chi bộ thôn Hà Thanh phát biểu; Bí thư Đảng ủy xã Lê Lợi cho biết."
    assert names(article(text)) == []


def test_degrees_and_ranks_announce_a_name():
    text = ("PGS.TS Trần Văn Minh, Ủy viên Trung ương Đảng, Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh "
            "phát biểu. Thượng tá Lê Văn Hùng, Trưởng Công an huyện báo cáo.")
    assert extract_officials(article(text)) == (
        Official("Trần Văn Minh", ("Ủy viên Trung ương Đảng", "Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh")),
        Official("Lê Văn Hùng", ("Thượng tá", "Trưởng Công an huyện")),
    )


def test_a_city_named_after_a_person_is_not_its_secretary():
    text = "Bí thư Thành ủy TP Hồ Chí Minh Nguyễn Văn Nên dự; Bí thư Thành ủy Thành phố Hồ Chí Minh phát biểu."
    assert extract_officials(article(text)) == (Official("Nguyễn Văn Nên", ("Bí thư Thành ủy TP Hồ Chí Minh",)),)


def test_lower_case_second_syllables_of_a_body_continue_the_title():
    text = "Ông Trần Văn Nam, Phó Tổng cục trưởng Tổng cục Thống kê, cho biết kinh tế phục hồi."
    assert extract_officials(article(text)) == (Official("Trần Văn Nam", ("Phó Tổng cục trưởng Tổng cục Thống kê",)),)


def test_people_without_a_position_in_everyday_news_are_not_officials():
    text = ("Anh Nguyễn Văn Bình, chủ trang trại, chia sẻ. Chị Lê Thị Hoa - công nhân - cho hay. "
            "Tiền đạo Nguyễn Văn Quyết ghi bàn trên sân Hàng Đẫy; đường Trần Hưng Đạo, trường THPT Chu Văn An.")
    assert names(article(text)) == []


def test_a_place_from_the_gazetteer_opens_the_run_before_the_name():
    text = ("Ủy viên Bộ Chính trị, Bí thư Thành ủy Hà Nội Đinh Văn Long kiểm tra; Bí thư Tỉnh ủy Hà Tĩnh "
            "Hoàng Trung Kiên dự; Chủ tịch UBND huyện Hoàng Su Phì phát biểu.")
    assert extract_officials(article(text)) == (
        Official("Đinh Văn Long", ("Ủy viên Bộ Chính trị", "Bí thư Thành ủy Hà Nội")),
        Official("Hoàng Trung Kiên", ("Bí thư Tỉnh ủy Hà Tĩnh",)),
    )


# ---------------------------------------------------------------- on the acceptance articles

from conftest import GOLD_SETS, clean_raw_file as _clean, gold_articles as _gold_articles  # noqa: E402


@pytest.mark.skipif(not any(g.exists() for g, _ in GOLD_SETS), reason="acceptance gold not beside the repo")
@pytest.mark.parametrize("entry, raw_path", list(_gold_articles()))
def test_acceptance_articles_give_the_gold_officials(entry, raw_path):
    got = {name_key(o.name) for o in extract_officials(_clean(raw_path))}
    want = {name_key(o["name"]) for o in entry.get("officials") or []}
    assert got == want


def test_two_titles_held_at_once():
    text = "Bí thư Huyện ủy kiêm Chủ tịch HĐND huyện Phùng Văn Toàn phát biểu."
    assert extract_officials(article(text)) == (Official("Phùng Văn Toàn", ("Bí thư Huyện ủy", "Chủ tịch HĐND huyện")),)


def test_comma_left_out_between_name_and_title():
    assert extract_officials(article("Dự có đồng chí Lê Hữu Phước Phó Chủ tịch UBND tỉnh.")) == (
        Official("Lê Hữu Phước", ("Phó Chủ tịch UBND tỉnh",)),)


def test_second_person_after_and_in_a_name_first_list():
    text = ("Hội nghị giới thiệu các đồng chí Đặng Văn Lộc, Ủy viên BTV Tỉnh ủy, Trưởng Ban Dân vận Tỉnh ủy và "
            "Hứa Minh Tâm, Ủy viên BTV Tỉnh ủy, Bí thư Thành ủy Phan Rang để bầu Phó Bí thư.")
    assert extract_officials(article(text)) == (
        Official("Đặng Văn Lộc", ("Ủy viên BTV Tỉnh ủy", "Trưởng Ban Dân vận Tỉnh ủy")),
        Official("Hứa Minh Tâm", ("Ủy viên BTV Tỉnh ủy", "Bí thư Thành ủy Phan Rang")),
    )


def test_one_word_committee_member_abbreviations():
    text = ("Dự có đồng chí Lê Quang Vinh – TUV, Bí thư Quận ủy; Đ/c Tòng Văn Páo, HUV, Trưởng phòng nội vụ "
            "huyện.")
    assert extract_officials(article(text)) == (
        Official("Lê Quang Vinh", ("TUV", "Bí thư Quận ủy")),
        Official("Tòng Văn Páo", ("HUV", "Trưởng phòng nội vụ huyện")),
    )


def test_title_then_dash_then_name():
    text = "Bí thư Tỉnh ủy Trà Vinh - Châu Văn Hòa trao quyết định cho ông Lý Sơn."
    assert extract_officials(article(text)) == (Official("Châu Văn Hòa", ("Bí thư Tỉnh ủy Trà Vinh",)),)


def test_second_syllable_of_a_committee_in_lower_case():
    text = "Tổng Bí thư, Bí thư Quân ủy Trung ương Phạm Hồng Quân dự hội nghị."
    assert extract_officials(article(text)) == (
        Official("Phạm Hồng Quân", ("Tổng Bí thư", "Bí thư Quân ủy Trung ương")),)


def test_appointed_with_several_verbs():
    text = ("Đồng chí Vũ Hữu Lâm giữ chức Bí thư Tỉnh ủy, thay đồng chí Lò Thị Mai được điều động, phân công, "
            "chỉ định làm Phó Trưởng Ban Tổ chức Trung ương.")
    assert extract_officials(article(text)) == (
        Official("Vũ Hữu Lâm", ("Bí thư Tỉnh ủy",)),
        Official("Lò Thị Mai", ("Phó Trưởng Ban Tổ chức Trung ương",)),
    )


def test_thai_family_name_and_title_in_lower_case():
    text = "Đồng chí Lô Văn Khiêm, phó Bí thư thường trực huyện ủy, đồng chí Kha Văn Bình, ủy viên ban thường vụ huyện ủy."
    assert extract_officials(article(text)) == (
        Official("Lô Văn Khiêm", ("phó Bí thư thường trực huyện ủy",)),
        Official("Kha Văn Bình", ("ủy viên ban thường vụ huyện ủy",)),
    )


def test_named_to_a_position_with_make():
    text = ("Bà Trịnh Thu Hằng được chỉ định giữ chức Bí thư Đảng ủy phường; ông Phùng Văn Tài làm Phó bí thư "
            "Thường trực Đảng ủy; ông Đỗ Minh Khoa làm việc với các chi bộ.")
    assert names(article(text)) == ["Trịnh Thu Hằng", "Phùng Văn Tài"]

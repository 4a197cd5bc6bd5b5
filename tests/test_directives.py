"""Directives: numbered documents cited in the text, resolved against the register."""
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edition.extract.directives import (
    citations_in,
    directive_id,
    extract_congress_resolutions,
    extract_directives,
    scope_of_code,
)
from edition.extract.register import directive_register
from edition.model import Block, CleanArticle, Directive


def article(*paragraphs: str, title: str | None = None) -> CleanArticle:
    return CleanArticle(source="test.txt", title=title, blocks=tuple(Block(p) for p in paragraphs))


def found(text: str, date: str | None = "2021-10-13", locality: str | None = None) -> list[tuple]:
    return [(d.type, d.number, d.code, d.id) for d in extract_directives(article(text), date, locality)]


def test_code_as_written_resolves_to_the_register():
    (d,) = extract_directives(article("Thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị khoá XII."), "2021-01-01")
    assert d == Directive(id="chi-thi-05-ct-tw", type="Chỉ thị", number="05", code="CT/TW", issuer="Bộ Chính trị",
                          date="2016-05-15", as_written="Chỉ thị số 05-CT/TW của Bộ Chính trị khoá XII")


def test_enumeration_shares_the_code_that_follows():
    text = "tất cả người dân chấp hành nghiêm Chỉ thị số 15, 16/CT-TTg của Thủ tướng Chính phủ áp dụng giãn cách"
    assert [(t, n, c) for t, n, c, _ in found(text)] == [("Chỉ thị", "15", "CT-TTg"), ("Chỉ thị", "16", "CT-TTg")]


def test_enumeration_with_repeated_numero_and_codes():
    text = "triển khai Nghị quyết số 18-NQ/TW, số 19-NQ/TW của Ban Chấp hành Trung ương về sắp xếp bộ máy"
    assert [n for _, n, _, _ in found(text, "2019-12-25")] == ["18", "19"]


def test_bare_enumeration_resolves_to_central_documents_known_at_the_date():
    text = "Nghị quyết 18, 19 về đổi mới, sắp xếp tổ chức bộ máy đã được triển khai quyết liệt."
    assert [(n, c) for _, n, c, _ in found(text, "2019-12-25")] == [("18", "NQ/TW"), ("19", "NQ/TW")]


def test_a_number_after_a_comma_is_not_always_a_document():
    text = "thực hiện Nghị quyết 26, 2 năm qua đã có nhiều chuyển biến"
    assert [n for _, n, _, _ in found(text, "2019-12-25")] == ["26"]


def test_abbreviated_type_and_odd_spacing():
    text = "thành lập 33 tổ chức đảng (theo NQ 28-NQ/TU của Ban Thường vụ Thành ủy); Nghị quyết 21 – NQ/TW; Quyết định 2139- QĐSN/TW."
    assert [(t, n, c) for t, n, c, _ in found(text)] == [
        ("Nghị quyết", "28", "NQ/TU"), ("Nghị quyết", "21", "NQ/TW"), ("Quyết định", "2139", "QĐSN/TW")]


def test_plenum_reference_resolves_by_term_of_the_article_date():
    (d,) = extract_directives(article("Đẩy mạnh thực hiện Nghị quyết trung ương 4 gắn với học tập."), "2019-12-25")
    assert (d.id, d.number, d.code) == ("nghi-quyet-04-nq-tw-2016", "04", "NQ/TW")
    (d,) = extract_directives(article("nhất là Nghị quyết Trung ương 4 (khóa XII) gắn với"), None)
    assert d.id == "nghi-quyet-04-nq-tw-2016"


def test_unknown_plenum_stays_a_plenum_reference():
    (d,) = extract_directives(article("thực hiện Nghị quyết Trung ương 8 khóa XIII về"), "2024-01-01")
    assert (d.type, d.number, d.code, d.issuer) == ("Nghị quyết", "8", None, "Ban Chấp hành Trung ương")
    assert d.id == "nghi-quyet-trung-uong-8-khoa-xiii"


def test_issuer_resolves_the_code_and_separates_central_from_provincial():
    text = ("kiện toàn Ban Chỉ đạo thực hiện Chỉ thị số 10 của Ban Bí thư, Hướng dẫn số 12 của Ban Tổ chức "
            "Trung ương và Chỉ thị số 35 của Ban Thường vụ Thành ủy về nâng cao chất lượng sinh hoạt chi bộ")
    assert found(text, locality="Hải Phòng") == [
        ("Chỉ thị", "10", "CT/TW", "chi-thi-10-ct-tw"),
        ("Hướng dẫn", "12", "HD/BTCTW", "huong-dan-12-hd-btctw"),
        ("Chỉ thị", "35", "CT/TU", "chi-thi-35-ct-tu-hai-phong"),
    ]


def test_province_named_with_the_issuer_goes_into_the_id():
    (d,) = extract_directives(article("thực hiện Chỉ thị số 35-CT/TU của Thành ủy Hà Nội về"), "2021-01-01")
    assert (d.id, d.issuer) == ("chi-thi-35-ct-tu-ha-noi", "Thành ủy Hà Nội")


def test_same_code_in_two_terms_is_told_apart_by_date():
    text = "triển khai Chỉ thị số 35-CT/TW của Bộ Chính trị về đại hội đảng bộ các cấp"
    assert found(text, "2020-08-07")[0][3] == "chi-thi-35-ct-tw-2019"
    assert found(text, "2024-09-01")[0][3] == "chi-thi-35-ct-tw-2024"
    dated = "Chỉ thị số 35-CT/TW ngày 30-5-2019 của Bộ Chính trị"
    assert found(dated, "2025-01-01")[0][3] == "chi-thi-35-ct-tw-2019"


def test_unresolvable_code_is_none_but_issuer_is_kept():
    (d,) = extract_directives(article("Đại hội đã công bố Quyết định số 2319 của Bộ Chính trị về việc chỉ định"), "2025-09-12")
    assert (d.code, d.issuer, d.id) == (None, "Bộ Chính trị", "quyet-dinh-2319-tw")


def test_same_document_cited_twice_is_one_entry_with_the_facts_of_both():
    text = ("ban hành Kết luận số 09-KL/TU ngày 4/03/2021 về tăng cường cán bộ trẻ. Việc triển khai thực hiện "
            "Kết luận 09 của Ban Thường vụ Thành ủy đạt kết quả.")
    (d,) = extract_directives(article(text), "2021-10-13")
    assert (d.code, d.date, d.issuer) == ("KL/TU", "2021-03-04", "Ban Thường vụ Thành ủy")


def test_code_standing_alone_is_a_citation():
    assert [(t, n, c) for t, n, c, _ in found("gắn với thực hiện chế độ chính sách cán bộ theo 09-KL/TU.")] == [
        ("Kết luận", "09", "KL/TU")]


def test_counts_and_unnumbered_documents_are_not_directives():
    text = ("tham mưu ban hành 3 Nghị quyết, 1 Quy định. Bộ Chính trị đã ban hành 66 Chỉ thị. Trao Quyết định "
            "kết nạp Đảng; tham gia ý kiến vào dự thảo Nghị quyết về chỉ tiêu, nhiệm vụ năm 2018.")
    assert found(text) == []


def test_congress_resolutions_are_listed_apart():
    art = article(
        "bám sát Nghị quyết Đại hội XII của Đảng và Nghị quyết đại hội XII của Đảng, Nghị quyết Đại hội Đảng các cấp.",
        "theo Nghị quyết Đại hội 16 Đảng bộ thành phố đề ra; Nghị quyết Đại hội đại biểu Đảng bộ Tỉnh lần thứ XI, nhiệm kỳ 2020 - 2025",
    )
    assert extract_congress_resolutions(art) == (
        "Nghị quyết Đại hội XII", "Nghị quyết Đại hội 16 Đảng bộ thành phố",
        "Nghị quyết Đại hội đại biểu Đảng bộ Tỉnh lần thứ XI")
    assert extract_directives(art, "2021-01-01") == ()


def test_directive_ids_are_ascii_and_normalise_the_number():
    assert directive_id("Chỉ thị", "5", "CT/TW") == "chi-thi-05-ct-tw"
    assert directive_id("Quy định", "08", "QĐi/TW") == "quy-dinh-08-qdi-tw"
    assert directive_id("Chỉ thị", "35", "CT/TU", place="Hải Phòng") == "chi-thi-35-ct-tu-hai-phong"
    assert directive_id("Chỉ thị", "35", "CT/TW", year=2019) == "chi-thi-35-ct-tw-2019"


def test_scope_of_code():
    assert [scope_of_code(c) for c in ("NQ/TW", "HD/BTCTW", "KL/TU", "CT-TTg", "NĐ-CP", None)] == [
        "TW", "TW", "TU", "TTg", "CP", None]


def test_register_ids_are_unique_ascii_and_follow_the_scheme():
    entries = directive_register().entries
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))
    for e in entries:
        assert re.fullmatch(r"[a-z0-9-]+", e.id)
        issues = [o for o in entries if (o.type, o.number, o.code, o.province) == (e.type, e.number, e.code, e.province)]
        with_year = directive_id(e.type, e.number, e.code, place=e.province, year=(e.date or "")[:4] or None)
        without_year = directive_id(e.type, e.number, e.code, place=e.province)
        assert e.id in (with_year, without_year), e.id
        # of several issues of one code, at most the first registered one goes without its year
        assert len(issues) == 1 or sum(o.id == without_year for o in issues) <= 1, e.id
        assert e.source, e.id


def test_citations_keep_the_original_spelling():
    (c,) = citations_in("theo Kết luận số 09-KL/TU của Ban Thường vụ Thành uỷ về")
    assert c.as_written == "Kết luận số 09-KL/TU của Ban Thường vụ Thành uỷ"


@settings(max_examples=300, deadline=None)
@given(st.text(), st.lists(st.text(), max_size=4), st.one_of(st.none(), st.text(max_size=12)))
def test_never_raises_on_any_text(title, paragraphs, date):
    art = article(*paragraphs, title=title)
    assert all(isinstance(d, Directive) and d.id for d in extract_directives(art, date))
    extract_congress_resolutions(art)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Nghị quyết", "Chỉ thị", "số", "05", "35", "-CT/TW", "/CT-TTg", ",", "và", "NQ",
                                 "của", "Bộ Chính trị", "Thành ủy", "Hải Phòng", "ngày", "31/2/2019", "30-5-2019",
                                 "Trung ương", "4", "khóa", "XII", "Đại hội", "–", "0", "9999"]), max_size=25))
def test_never_raises_on_citation_like_word_salad(words):
    for d in extract_directives(article(" ".join(words)), "2020-01-01", "Hải Phòng"):
        assert re.fullmatch(r"[a-z0-9-]+", d.id)


@pytest.mark.parametrize("text", [
    "Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XII về xây dựng Đảng",
    "Nghị quyết Hội nghị Trung ương 4 (khóa XII) gắn với Chỉ thị",
    "kiên trì thực hiện Nghị quyết TW4 khóa XII",
])
def test_plenum_written_in_other_ways(text):
    assert [d.id for d in extract_directives(article(text), "2020-01-01") if d.type == "Nghị quyết"] == ["nghi-quyet-04-nq-tw-2016"]


def test_plenum_of_an_earlier_term_is_another_document():
    (d,) = extract_directives(article("tiếp tục thực hiện Nghị quyết Trung ương 4 khóa XI về xây dựng Đảng"), "2019-01-01")
    assert (d.id, d.number) == ("nghi-quyet-12-nq-tw-2012", "12")


def test_local_state_and_party_documents_carry_the_place():
    text = ("Quyết định số 1234/QĐ-UBND ngày 5/6/2023 của UBND tỉnh; Kế hoạch số 81-KH/ĐUK của Đảng ủy Khối "
            "các cơ quan tỉnh; Nghị quyết số 06/2021/NQ-HĐND.")
    assert [d.id for d in extract_directives(article(text), "2023-07-01", "Bến Tre")] == [
        "quyet-dinh-1234-qd-ubnd-ben-tre", "ke-hoach-81-kh-duk-ben-tre", "nghi-quyet-06-nq-hdnd-ben-tre"]


def test_central_article_gives_no_place_to_local_codes():
    (d,) = extract_directives(article("theo Kế hoạch số 81-KH/ĐUK ngày 15/8/2019"), "2019-09-01", "Trung ương")
    assert d.id == "ke-hoach-81-kh-duk"


def test_notice_of_conclusions_is_read_from_its_code():
    assert [(t, n, c) for t, n, c, _ in found("theo Thông báo kết luận số 123-TB/TW của Bộ Chính trị")] == [
        ("Thông báo", "123", "TB/TW")]


def test_brief_mentions_take_the_term_and_place_of_the_full_one():
    art = article(
        "quán triệt Nghị quyết TW9, khoá XI và Nghị quyết số 07 của Ban Thường vụ Tỉnh ủy Yên Bái về văn hóa.",
        "Đồng chí yêu cầu học tập Nghị quyết TW9 và Nghị quyết 07 của Ban Thường vụ Tỉnh ủy.",
    )
    assert [d.id for d in extract_directives(art, "2015-03-01")] == ["nghi-quyet-33-nq-tw", "nghi-quyet-07-nq-tu-yen-bai"]


def test_code_with_digits_in_its_issuer_part():
    (d,) = extract_directives(article("sơ kết Chỉ thị số 07/CT-BCA-V22, ngày 3-2-2015 về công an xã"), "2019-06-23")
    assert (d.code, d.date) == ("CT-BCA-V22", "2015-02-03")


def test_plenum_followed_by_its_number_is_one_document():
    text = "quán triệt Nghị quyết Hội nghị lần thứ sáu BCH Trung ương khóa XII (Nghị quyết số 18-NQ/TW) về sắp xếp bộ máy"
    assert [d.id for d in extract_directives(article(text), "2019-01-01")] == ["nghi-quyet-18-nq-tw-2017"]


def test_issuer_announced_for_a_group():
    text = ("Hội nghị quán triệt 2 Nghị quyết của Bộ Chính trị, gồm: Nghị quyết số 57 về khoa học, công nghệ; "
            "Nghị quyết số 59 về hội nhập quốc tế và Kế hoạch số 12 về triển khai.")
    assert [(t, n, c) for t, n, c, _ in found(text, "2025-03-01")] == [
        ("Nghị quyết", "57", "NQ/TW"), ("Nghị quyết", "59", "NQ/TW"), ("Kế hoạch", "12", None)]


def test_same_code_two_terms_of_a_central_document_by_article_date():
    text = "các cấp ủy quán triệt Chỉ thị số 36 của Bộ Chính trị"
    assert found(text, "2015-06-02")[0][3] == "chi-thi-36-ct-tw-2014"
    assert found(text, "2020-01-01")[0][3] == "chi-thi-36-ct-tw-2019"


def test_date_of_issue_in_words():
    (d,) = extract_directives(article("theo Kế hoạch số 15-KH/TU ngày 20 tháng 3 năm 2021 của Tỉnh ủy"), "2021-06-01")
    assert d.date == "2021-03-20"


def test_state_style_code_names_the_state_type():
    text = "theo 78/2021/TT-BTC và 15/QĐ-TTg; Thông tri số 23-TT/TW; Quyết định số 1234 của UBND tỉnh Lâm Đồng"
    assert [(t, n, c, i) for t, n, c, i in found(text)] == [
        ("Thông tư", "78", "TT-BTC", "thong-tu-78-tt-btc"),
        ("Quyết định", "15", "QĐ-TTg", "quyet-dinh-15-qd-ttg"),
        ("Thông tri", "23", "TT/TW", "thong-tri-23-tt-tw"),
        ("Quyết định", "1234", None, "quyet-dinh-1234-ubnd-lam-dong"),
    ]


def test_numbers_that_count_something_are_not_documents():
    text = "xây dựng Kế hoạch 5 năm 2021-2025, Báo cáo 6 tháng, Đề án 1 triệu; thực hiện Quy định 29 năm 2016"
    assert [(t, n) for t, n, _, _ in found(text)] == [("Quy định", "29")]


def test_words_between_the_type_and_its_number():
    text = "ban hành Chương trình hành động số 15-CTr/TU và Thông báo kết luận số 123-TB/TW"
    assert [(t, n, c) for t, n, c, _ in found(text)] == [("Chương trình", "15", "CTr/TU"), ("Thông báo", "123", "TB/TW")]


def test_issuer_as_the_subject_of_issuing():
    text = "Ban Thường vụ Tỉnh ủy Gia Lai đã ban hành Kế hoạch số 249 triển khai; Bộ Chính trị vừa ban hành Chỉ thị số 45"
    assert found(text, "2025-05-01") == [
        ("Kế hoạch", "249", "KH/TU", "ke-hoach-249-kh-tu-gia-lai"), ("Chỉ thị", "45", "CT/TW", "chi-thi-45-ct-tw-2025")]


def test_place_named_with_the_issuer_is_the_gazetteers_province():
    (d,) = extract_directives(article("thực hiện Chỉ thị số 19-CT/TU của Thành ủy TP Hồ Chí Minh về"), "2019-01-01")
    assert (d.id, d.issuer) == ("chi-thi-19-ct-tu-thanh-pho-ho-chi-minh", "Thành ủy Thành phố Hồ Chí Minh")


# ---------------------------------------------------------------- on the acceptance articles

from conftest import GOLD_SETS, clean_raw_file as _clean, gold_articles as _gold_articles  # noqa: E402


def _scope(code: str | None, issuer: str | None) -> str | None:
    from edition.extract.register import ascii_fold

    folded_code, folded_issuer = ascii_fold(code or "").replace(" ", ""), ascii_fold(issuer or "")
    if "ttg" in folded_code or "thu tuong" in folded_issuer:
        return "TTg"
    if re.search(r"(^|/)[a-z]*tu$", folded_code) or re.search(r"tinh uy|thanh uy", folded_issuer):
        return "TU"
    if "tw" in folded_code or re.search(r"trung uong|bo chinh tri|ban bi thu", folded_issuer):
        return "TW"
    return None


@pytest.mark.skipif(not any(g.exists() for g, _ in GOLD_SETS), reason="acceptance gold not beside the repo")
@pytest.mark.parametrize("entry, raw_path", list(_gold_articles()))
def test_acceptance_articles_give_the_gold_directives(entry, raw_path):
    from edition.extract.dates import extract_dates

    art = _clean(raw_path)
    date, _ = extract_dates(art)
    got = {(d.type, int(d.number), _scope(d.code, d.issuer)) for d in extract_directives(art, date)}
    want = {(d["type"], int(d["number"]), d["scope"]) for d in entry.get("directives") or []}
    assert got == want


def test_colon_after_the_type_and_abbreviated_plenum():
    text = "quán triệt các Nghị quyết: 18-NQ/TW, 19-NQ/TW và NQ TW 4 khóa XII"
    assert [i for _, _, _, i in found(text, "2019-01-01")] == ["nghi-quyet-18-nq-tw-2017", "nghi-quyet-19-nq-tw-2017", "nghi-quyet-04-nq-tw-2016"]


def test_district_documents_carry_the_district_and_province():
    art = article(
        "Ban Thường vụ Huyện ủy Tân Châu sơ kết Chỉ thị số 05-CT/TW của Bộ Chính trị.",
        "Thực hiện Kế hoạch số 45-KH/HU của Ban Thường vụ Huyện ủy, Bí thư Huyện ủy Trần Văn Chiến đề nghị.",
    )
    ids = {d.id: d.issuer for d in extract_directives(art, "2024-03-12", "Tây Ninh")}
    assert ids == {"chi-thi-05-ct-tw": "Bộ Chính trị", "ke-hoach-45-kh-hu-tan-chau-tay-ninh": "Ban Thường vụ Huyện ủy Tân Châu"}


def test_issuer_announced_for_documents_of_any_type_in_a_sentence():
    text = ("thực hiện nghiêm các quy định của Trung ương, nhất là Nghị quyết 26, Quy định 105 về phân cấp, "
            "đặc biệt là Quy định 213 về kiểm soát quyền lực. Quy định 9 của chi bộ.")
    assert [(t, n, i) for t, n, _, i in found(text, "2021-01-01")] == [
        ("Nghị quyết", "26", "nghi-quyet-26-nq-tw-2018"), ("Quy định", "105", "quy-dinh-105-qd-tw"),
        ("Quy định", "213", "quy-dinh-213-tw"), ("Quy định", "9", "quy-dinh-09")]


def test_two_issues_of_one_code_told_apart_by_subject_then_date():
    restructuring = "tiếp tục thực hiện Nghị quyết số 18-NQ/TW về sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn"
    land = "Nghị quyết số 18-NQ/TW về quản lý và sử dụng đất"
    assert found(restructuring, "2024-12-01")[0][3] == "nghi-quyet-18-nq-tw-2017"
    assert found(land, "2024-12-01")[0][3] == "nghi-quyet-18-nq-tw-2022"
    assert found(land, "2019-12-01")[0][3] == "nghi-quyet-18-nq-tw-2017"  # the land one was not issued yet
    assert found("Nghị quyết số 21-NQ/TW", "2023-05-01")[0][3] == "nghi-quyet-21-nq-tw-2022"


def test_register_entries_are_well_formed():
    register = directive_register()
    types = {t.name for t in register.document_types}
    for e in register.entries:
        assert e.type in types, e.id
        assert scope_of_code(e.code), e.id
        assert e.date is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", e.date), e.id
        assert (e.plenum is None) == (e.term is None), e.id
        assert (scope_of_code(e.code) in ("TU", "HU")) == bool(e.province), e.id


def test_brief_mention_takes_the_date_of_the_full_one():
    art = article("thực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương",
                  "Việc thực hiện Nghị quyết số 18-NQ/TW đạt kết quả.")
    assert [d.id for d in extract_directives(art, "2025-01-10")] == ["nghi-quyet-18-nq-tw-2017"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Nghị quyết", "Nghị quyết", "số", "18", "-NQ/TW", ",", "của", "Tỉnh uỷ", "Hoà Bình",
                                 "Trung ương", "4", "khoá", "XII", "Quy định", "105", "ngày", "1/2/2020", "x"]),
                max_size=20))
def test_citations_as_written_stand_in_the_text(words):
    text = " ".join(words)
    flat = " ".join(text.split())
    for citation in citations_in(text, "2021-01-01"):
        assert citation.as_written in flat


def test_term_written_in_figures():
    (d,) = extract_directives(article("thực hiện Nghị quyết Trung ương 4 khóa 12 về xây dựng Đảng"), "2019-01-01")
    assert d.id == "nghi-quyet-04-nq-tw-2016"


def test_type_in_lower_case_before_a_count_is_a_verb():
    text = "Chi bộ đã hướng dẫn 7 quần chúng ưu tú làm hồ sơ và thực hiện nghị quyết 12 của Huyện ủy."
    assert [(t, n) for t, n, _, _ in found(text)] == [("Nghị quyết", "12")]


def test_capitalised_type_after_a_verb_of_the_same_spelling_is_the_document():
    text = "Bà Hà Thu Vân thông báo Quyết định số 2045 của Ban Bí thư về công tác cán bộ."
    assert [(t, n, d) for t, n, _, d in found(text)] == [("Quyết định", "2045", "quyet-dinh-2045-tw")]


def test_brief_mention_takes_the_issuer_of_the_full_one():
    text = ("Sơ kết 5 năm thực hiện Nghị quyết 41 của Ban Thường vụ Tỉnh ủy. Trưởng Ban chỉ đạo thực hiện NQ 41 "
            "báo cáo kết quả.")
    assert found(text, locality="Nghệ An") == [("Nghị quyết", "41", "NQ/TU", "nghi-quyet-41-nq-tu-nghe-an")]


def test_brief_mention_stays_apart_when_full_ones_disagree():
    text = "Nghị quyết 41 của Ban Thường vụ Tỉnh ủy và Nghị quyết 41 của Bộ Chính trị; thực hiện Nghị quyết 41."
    assert len(found(text, "2021-10-13", locality="Nghệ An")) == 3


def test_documents_of_different_types_listed_before_one_issuer_share_it():
    text = ("quán triệt Nghị quyết 52, Chỉ thị số 27 của Bộ Chính trị; Thông tri 14, Chương trình hành động 63 "
            "của BTV Tỉnh ủy về đại hội.")
    assert [(t, n, c) for t, n, c, _ in found(text, "2020-06-01", locality="Bắc Ninh")] == [
        ("Nghị quyết", "52", "NQ/TW"), ("Chỉ thị", "27", "CT/TW"),
        ("Thông tri", "14", "TT/TU"), ("Chương trình", "63", "CTr/TU")]


def test_one_word_state_code_after_the_year():
    text = "Căn cứ Nghị quyết số 48/2024/UBTVQH15 của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính."
    assert [(t, n, c) for t, n, c, _ in found(text, "2024-06-01")] == [("Nghị quyết", "48", "UBTVQH15")]


def test_an_option_is_not_a_plan_but_a_numbered_plan_is():
    text = "Hội nghị chọn phương án 2; Phương án số 205/PA-UBND của Ủy ban nhân dân tỉnh được thông qua."
    assert [(t, n, c) for t, n, c, _ in found(text, "2024-06-01", locality="Bình Định")] == [
        ("Phương án", "205", "PA-UBND")]


def test_eleventh_plenum_of_the_thirteenth_term_is_in_the_register():
    text = "quán triệt Nghị quyết Hội nghị lần thứ 11 Ban Chấp hành Trung ương Đảng khóa XIII"
    assert [(n, c, d) for _, n, c, d in found(text, "2025-04-20")] == [("60", "NQ/TW", "nghi-quyet-60-nq-tw")]


def test_one_plenum_of_two_terms_is_two_resolutions():
    text = "sau khi có các Nghị quyết Trung ương 4 (khóa XI, XII) về xây dựng, chỉnh đốn Đảng"
    assert [(n, c) for _, n, c, _ in found(text, "2018-10-10")] == [("12", "NQ/TW"), ("04", "NQ/TW")]

"""Decoding raw scraped files: encodings, line ends, normal form, and refusals that name the file."""
import codecs
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edition.raw import UnreadableRaw, decode_raw, read_raw

SAMPLE = "Tổng kết công tác tổ chức xây dựng Đảng\n\nBí thư Tỉnh uỷ chủ trì Hội nghị.\n"


def write(tmp_path, data: bytes, name="a.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),  # Python writes a byte-order mark
        codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"),
        SAMPLE.replace("\n", "\r\n").encode("utf-8"),
        SAMPLE.replace("\n", "\r").encode("utf-8"),
        unicodedata.normalize("NFD", SAMPLE).encode("utf-8"),
    ],
)
def test_every_supported_form_reads_to_the_same_text(tmp_path, data):
    article = read_raw(write(tmp_path, data), "seeds/a.txt")
    assert article.text == SAMPLE
    assert article.source == "seeds/a.txt"


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258_spelling(text: str) -> str:
    """Windows-1258 has the base vowels (ô, ư, ă...) but writes tones as separate combining marks."""
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
        out.append(base + "".join(c for c in decomposed if c in TONE_MARKS))
    return "".join(out)


def test_windows_1258_is_decoded_and_its_combining_tones_composed(tmp_path):
    data = windows_1258_spelling(SAMPLE).encode("cp1258")
    assert b"\xd2" in data or b"\xde" in data  # combining marks are there to be composed
    article = read_raw(write(tmp_path, data), "old.txt")
    assert article.text == SAMPLE
    assert article.encoding == "cp1258"


def test_utf8_is_preferred_when_the_bytes_are_valid_utf8(tmp_path):
    assert read_raw(write(tmp_path, SAMPLE.encode("utf-8")), "x").encoding == "utf-8"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"   \n\r\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(0, 32)) * 8, "binary"),
        (b"\x81\x8d\x8f\x90\x9d", "cannot be read"),
    ],
)
def test_unreadable_files_are_refused_with_the_file_named(tmp_path, data, reason):
    with pytest.raises(UnreadableRaw) as raised:
        read_raw(write(tmp_path, data, "bad.txt"), "seeds/bad.txt")
    assert "seeds/bad.txt" in str(raised.value)
    assert reason in str(raised.value)


def test_a_missing_file_is_refused_with_the_file_named(tmp_path):
    with pytest.raises(UnreadableRaw, match="seeds/missing.txt"):
        read_raw(tmp_path / "missing.txt", "seeds/missing.txt")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_either_decode_to_nfc_text_or_are_refused(data):
    try:
        article = decode_raw(data, "f.txt")
    except UnreadableRaw as exc:
        assert "f.txt" in str(exc)
        return
    assert unicodedata.is_normalized("NFC", article.text)
    assert "\r" not in article.text


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=300).filter(lambda t: t.strip()))
def test_any_utf8_text_round_trips_as_nfc_with_lf(text):
    try:
        article = decode_raw(text.encode("utf-8"), "f.txt")
    except UnreadableRaw:
        return  # control-heavy text is taken for binary
    expected = unicodedata.normalize("NFC", text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    assert article.text == expected


def test_utf8_cut_in_the_middle_of_a_letter_stays_utf8(tmp_path):
    data = SAMPLE.encode("utf-8") + "Đả".encode("utf-8")[:-1]
    article = read_raw(write(tmp_path, data), "cut.txt")
    assert article.encoding == "utf-8"
    assert article.text.startswith(SAMPLE)
    assert article.text.endswith("\ufffd")

"""The search tokenizer and pipeline, and its twin in assets/search-pipeline.js giving the same tokens."""
from __future__ import annotations

import json
import random
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from edition.search.index import FIELDS, field_tokens, make_builder
from edition.search.pipeline import code_parts, fold_word, normalise_word, split_words, word_texts

ROOT = Path(__file__).resolve().parent.parent
NODE_HELPER = ROOT / "tests" / "js" / "tokens.js"


def words(text: str) -> list[str]:
    return [w.text for w in split_words(text)]


# --- the tokenizer ---


@pytest.mark.parametrize("code", ["35-CT/TW", "05-CT/TW", "16/CT-TTg", "CT-TTg", "26-HD/BTCTW", "1234/QĐ-UBND",
                                  "25/12/2019", "2021-2025", "TP.HCM", "CNH-HĐH"])
def test_codes_and_numbers_stay_whole(code):
    assert words(f"theo {code}, và") == ["theo", code, "và"]


def test_vietnamese_letters_are_kept():
    assert words("Đảng chỉ đạo") == ["Đảng", "chỉ", "đạo"]


def test_hyphenated_words_that_are_not_codes_are_split():
    assert words("kinh tế-xã hội") == ["kinh", "tế", "xã", "hội"]
    assert words("Hà Nội-Hải Phòng") == ["Hà", "Nội", "Hải", "Phòng"]


def test_punctuation_and_query_syntax_are_not_words():
    assert words('* ~ : ^ +- " <script>alert(1)</script>') == ["script", "alert", "1", "script"]


def test_word_offsets_point_into_the_text():
    text = "Chỉ thị 35-CT/TW của Bộ Chính trị"
    for word in split_words(text):
        assert text[word.start : word.end] == word.text


def test_code_parts():
    assert code_parts("35-ct/tw") == ("35", "35-ct", "ct", "ct/tw", "tw")
    assert "ct-ttg" in code_parts("16/ct-ttg")
    assert code_parts("đảng") == ()


# --- normalisation and folding ---


@pytest.mark.parametrize("old, new", [("Uỷ", "Ủy"), ("hoà", "hòa"), ("khoẻ", "khỏe"), ("thuỷ", "thủy"),
                                      ("Thuở", "thuở"), ("quý", "quý"), ("LŨY", "lũy")])
def test_tone_placement_never_matters(old, new):
    assert normalise_word(old) == normalise_word(new)


@pytest.mark.parametrize("word", ["người", "quốc", "giữ", "nghĩa", "hướng", "tuyển", "ngoài", "xoáy", "gìn", "cửa"])
def test_normalising_keeps_correct_spellings(word):
    assert normalise_word(word) == word


def test_normalising_is_nfc_whatever_the_input():
    decomposed = unicodedata.normalize("NFD", "Đảng Uỷ")
    assert normalise_word(decomposed) == normalise_word("đảng ủy") == unicodedata.normalize("NFC", "đảng ủy")


def test_folding_drops_every_diacritic_and_d_bar():
    assert fold_word("đường dương đương Đảng") == "duong duong duong Dang"
    assert fold_word(unicodedata.normalize("NFD", "Kiên Giang")) == "Kien Giang"


def test_no_english_stemming_or_stop_words():
    builder = make_builder()
    assert field_tokens(builder, "text_f", "xây the running") == ["xay", "the", "running"]


def test_fields_index_exact_folded_and_pairs():
    builder = make_builder()
    text = "Đồng chí Phạm Minh Chính, Chỉ thị 35-CT/TW"
    assert field_tokens(builder, "text", text) == ["đồng", "chí", "phạm", "chính", "chỉ", "thị"]
    assert field_tokens(builder, "text_f", text)[-6:] == ["35-ct/tw", "35", "35-ct", "ct", "ct/tw", "tw"]
    assert field_tokens(builder, "text_f", text)[:5] == ["dong", "chi", "pham", "minh", "chinh"]
    assert "~pham minh" in field_tokens(builder, "pairs", text)
    assert not any("35-ct" in pair for pair in field_tokens(builder, "pairs", text))


# --- Python and JavaScript agree ---


def node_tokens(texts: list[str]) -> list[dict[str, list[str]]]:
    if not shutil.which("node"):
        pytest.skip("node is not installed")
    if not (ROOT / "node_modules" / "lunr").exists():
        pytest.skip("node_modules/lunr is missing: run npm ci (make setup)")
    request = {"fields": {f.name: list(f.steps) for f in FIELDS}, "texts": texts}
    done = subprocess.run(["node", str(NODE_HELPER)], input=json.dumps(request), capture_output=True, text=True,
                          check=True, timeout=120)
    return json.loads(done.stdout)


def assert_same_tokens(texts: list[str]) -> None:
    builder = make_builder()
    for text, from_js in zip(texts, node_tokens(texts), strict=True):
        for field in FIELDS:
            from_python = field_tokens(builder, field.name, text)
            assert from_python == from_js[field.name], f"field {field.name} differs for text starting {text[:60]!r}"


def seed_texts(seeds_content: Path) -> list[str]:
    raw = sorted((ROOT / "seeds").glob("*.txt"))
    cleaned = sorted((seeds_content / "articles").glob("*.md"))
    return [p.read_text(encoding="utf-8") for p in raw + cleaned]


def test_python_and_javascript_give_the_same_tokens_for_every_seed_article(seeds_content):
    texts = seed_texts(seeds_content)
    assert len(texts) >= 10
    assert_same_tokens(texts)


ALPHABET = ("aăâbcdđeêghiklmnoôơpqrstuưvxy" "AĂÂĐÊÔƠƯ" "àáảãạầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
            "ỦỤÙÚỲ" "0123456789" "-/._ ,;:\"'*~^+()<>“”\n\t" "\u0300\u0301\u0303\u0309\u0323\u0302\u031b" "ßİǅ²½")


def test_python_and_javascript_agree_on_random_text():
    rng = random.Random(5)
    texts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 80))) for _ in range(400)]
    texts += [unicodedata.normalize("NFD", t) for t in texts[:100]]
    assert_same_tokens(texts)


@pytest.mark.parametrize("text", ["Hà Nội-Hải Phòng, 35-CT/TW và 16/CT-TTg ngày 25/12/2019", "x.-y a--b TP.HCM 1.2.3",
                                  "kinh tế-xã hội _gạch_dưới_ CNH-HĐH"])
def test_word_texts_are_split_words_without_places(text):
    assert word_texts(text) == words(text)

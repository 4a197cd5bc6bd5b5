"""The spelling keys by which Vietnamese names and words are compared.

Vietnamese is written with two tone-mark placements ("Uỷ"/"Ủy", "hoà"/"hòa"); the same word in
either placement is the same word, so every comparison goes through `modern_tone_placement` (or
`match_key`, which also folds case and spacing). Extraction matches article text against its
reference data by these keys, and the site derives an official's slug from one; the site's
processes import this module alone, without the extraction rules and their patterns.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Old style puts the tone on the second vowel of an open "oa", "oe", "uy" ("hoà", "uỷ"); new
# style puts it on the first ("hòa", "ủy"). With a final consonant both styles agree ("hoàng"),
# and after "q" the "u" is part of the consonant ("quý"), so those are left alone.
_SECOND_VOWEL_TONED = {
    "a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ",
    "A": "ÀÁẢÃẠ", "E": "ÈÉẺẼẸ", "Y": "ỲÝỶỸỴ",
}
_FIRST_VOWEL_TONED = {"o": "òóỏõọ", "O": "ÒÓỎÕỌ", "u": "ùúủũụ", "U": "ÙÚỦŨỤ"}
_PAIRS = {"o": "aAeE", "u": "yY"}
_TONE_OF = {toned: (base, i) for base, row in _SECOND_VOWEL_TONED.items() for i, toned in enumerate(row)}
_WORD = re.compile(r"[^\W\d_]+")


def _modern_word(word: str) -> str:
    if len(word) < 2 or word[-1] not in _TONE_OF:
        return word
    first = word[-2]
    base, tone = _TONE_OF[word[-1]]
    if first.lower() not in _PAIRS or base not in _PAIRS[first.lower()]:
        return word
    if len(word) > 2 and word[-3] in "qQ":
        return word
    return word[:-2] + _FIRST_VOWEL_TONED[first][tone] + base


def modern_tone_placement(text: str) -> str:
    """"Uỷ ban" -> "Ủy ban", "hoà" -> "hòa"; everything else unchanged (NFC in, NFC out)."""
    return _WORD.sub(lambda m: _modern_word(m.group(0)), unicodedata.normalize("NFC", text))


@lru_cache(maxsize=1 << 16)
def match_key(text: str) -> str:
    """Comparison key: modern tone placement, case-folded, single spaces."""
    return re.sub(r"\s+", " ", modern_tone_placement(text or "")).strip().casefold()


def ascii_fold(text: str) -> str:
    """Lower-case ASCII skeleton: diacritics dropped, đ -> d."""
    decomposed = unicodedata.normalize("NFD", (text or "").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")

"""Vietnamese text -> search tokens, the same way in Python (index) and in assets/search-pipeline.js (queries).

Words are split by our own tokenizer, not lunr's: lunr splits on "-" and would cut "35-CT/TW" apart.
The lunr pipeline functions below are registered under the same labels as their JavaScript twins;
the index records the labels, so lunr.js runs exactly these steps on every query term.

Every field runs the same pipeline; a field leaves out the steps that are not for it (lunr.py's
Pipeline.skip): exact fields keep words with diacritics as written, folded fields drop every diacritic,
the pairs field holds each word with the next. index.FIELDS lists them; the index ships that list too.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from lunr.pipeline import Pipeline
from lunr.token import Token

# A word is a run of letters and digits; runs joined by one of these, with no space, may form one code.
WORD_RUN = re.compile(r"[^\W_]+")
JOINERS = "-/."
# Runs joined by single joiners: the candidates for one code.
WORD_CHAIN = re.compile(r"[^\W_]+(?:[-/.][^\W_]+)*")
JOINED_CHAIN = re.compile(r"[^\W_]+(?:[-/.][^\W_]+)+")
JOINER = re.compile(r"[-/.]")
LETTER_RUN = re.compile(r"[^\W\d_]+")
ASCII_DIGIT = re.compile(r"[0-9]")

VOWELS = "aăâeêioôơuưy"
MODIFIED_VOWELS = "ăâêôơư"
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
COMBINING_MARKS = re.compile("[\u0300-\u036f]")
PAIR_JOINER = " "
# Pairs begin with a mark no word begins with, so a word's prefix never expands into pairs, and the
# pairs sort together, apart from the words: in term shards, a one-word query never loads them.
PAIR_MARK = "~"
# A corpus repeats a few tens of thousands of words hundreds of thousands of times: remember them.
WORD_CACHE_SIZE = 1 << 18


@dataclass(frozen=True)
class Word:
    """A word of the text as written, with its place, so that snippets can highlight it."""

    text: str
    start: int
    end: int


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def split_words(text: str) -> list[Word]:
    """Split NFC text into words, keeping codes and numbers such as 35-CT/TW, 16/CT-TTg, 25/12/2019 whole."""
    runs = [Word(m.group(), m.start(), m.end()) for m in WORD_RUN.finditer(text)]
    words: list[Word] = []
    chain: list[Word] = []
    for run in runs:
        if chain and _joined(text, chain[-1], run):
            chain.append(run)
            continue
        words.extend(_merge_chain(text, chain))
        chain = [run]
    words.extend(_merge_chain(text, chain))
    return words


def word_texts(text: str) -> list[str]:
    """The words split_words gives, without their places: what the index needs, several times faster.
    Joined runs that are not a code are split first (rare, and then in Python), so that every run
    still joined is one word."""
    return WORD_CHAIN.findall(JOINED_CHAIN.sub(_split_unless_code, text))


def _split_unless_code(match: re.Match) -> str:
    chain = match.group()
    runs = [Word(m.group(), m.start(), m.end()) for m in WORD_RUN.finditer(chain)]
    return chain if _is_code(runs) else JOINER.sub(" ", chain)


def _joined(text: str, left: Word, right: Word) -> bool:
    return right.start == left.end + 1 and text[left.end] in JOINERS


def _merge_chain(text: str, chain: list[Word]) -> list[Word]:
    """Runs joined by -, / or . form one code when one of them has a digit or all are acronyms (CT-TTg)."""
    if len(chain) < 2 or not _is_code(chain):
        return chain
    return [Word(text[chain[0].start : chain[-1].end], chain[0].start, chain[-1].end)]


def _is_code(chain: list[Word]) -> bool:
    has_digit = any(ASCII_DIGIT.search(run.text) for run in chain)
    all_acronyms = all(sum(ch.lower() != ch for ch in run.text) >= 2 for run in chain)
    return has_digit or all_acronyms


@lru_cache(maxsize=WORD_CACHE_SIZE)
def normalise_word(word: str) -> str:
    """NFC, lower case, and the tone mark of every syllable on one vowel (the "Ủy", "hòa" convention)."""
    lowered = nfc(word).lower()
    return LETTER_RUN.sub(lambda m: _place_tone(m.group()), lowered)


def _place_tone(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [ch for ch in decomposed if ch in TONE_MARKS]
    if len(tones) != 1:
        return syllable
    base = nfc("".join(ch for ch in decomposed if ch not in TONE_MARKS))
    target = _tone_vowel_index(base)
    if target is None:
        return syllable
    return nfc(base[: target + 1] + tones[0] + base[target + 1 :])


def _tone_vowel_index(base: str) -> int | None:
    """Which vowel of a toneless syllable carries the tone, or None when it is not a Vietnamese syllable."""
    vowels = [i for i, ch in enumerate(base) if ch in VOWELS]
    # The u of "qu" and the i of "gi" before another vowel belong to the onset.
    if len(vowels) > 1 and base[:2] in ("qu", "gi") and vowels[0] == 1:
        vowels = vowels[1:]
    if not vowels or vowels[-1] - vowels[0] != len(vowels) - 1:
        return None
    modified = [i for i in vowels if base[i] in MODIFIED_VOWELS]
    if modified:
        return modified[-1]
    if vowels[-1] < len(base) - 1:  # a final consonant follows
        return vowels[-1]
    return vowels[1] if len(vowels) >= 3 else vowels[0]


@lru_cache(maxsize=WORD_CACHE_SIZE)
def fold_word(word: str) -> str:
    """Without any diacritics, đ as d: what a reader types on a keyboard without Vietnamese input."""
    stripped = COMBINING_MARKS.sub("", unicodedata.normalize("NFD", word))
    return nfc(stripped.replace("đ", "d").replace("Đ", "D"))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def code_parts(word: str) -> tuple[str, ...]:
    """Every shorter run of a code's parts, so that "35" or "CT-TTg" alone still finds "16/CT-TTg"."""
    runs = [(m.start(), m.end()) for m in WORD_RUN.finditer(word)]
    return tuple(
        word[runs[first][0] : runs[last][1]]
        for first in range(len(runs))
        for last in range(first, len(runs))
        if (first, last) != (0, len(runs) - 1)
    )


def is_plain_word(term: str) -> bool:
    """Letters or digits only: pairs like "minh chinh" and "quyet 45", not pairs with codes, which are unique enough."""
    return WORD_RUN.fullmatch(term) is not None


# --- lunr pipeline functions: same labels, same behaviour as in assets/search-pipeline.js ---


def vi_normalise(token: Token, i: int, tokens: list[Token]) -> Token:
    return token.update(lambda s, _meta: normalise_word(s))


def vi_code_parts(token: Token, i: int, tokens: list[Token]) -> list[Token]:
    return [token] + [token.clone(lambda _s, _meta, part=part: part) for part in code_parts(str(token))]


def vi_accented(token: Token, i: int, tokens: list[Token]) -> Token | None:
    """Only words with diacritics: the others are already in the folded fields, as they are."""
    return token if fold_word(str(token)) != str(token) else None


def vi_fold(token: Token, i: int, tokens: list[Token]) -> Token:
    return token.update(lambda s, _meta: fold_word(s))


def vi_pairs(token: Token, i: int, tokens: list[Token]) -> Token | None:
    """Each word with the next one, so that a name or phrase written together outranks its words scattered."""
    if i + 1 >= len(tokens):
        return None
    following = str(tokens[i + 1])
    if not (is_plain_word(str(token)) and is_plain_word(following)):
        return None
    return token.clone(lambda s, _meta: PAIR_MARK + s + PAIR_JOINER + following)


PIPELINE_STEPS = {
    "vi-normalise": vi_normalise,
    "vi-code-parts": vi_code_parts,
    "vi-accented": vi_accented,
    "vi-fold": vi_fold,
    "vi-pairs": vi_pairs,
}
for _label, _fn in PIPELINE_STEPS.items():
    Pipeline.register_function(_fn, _label)

EXACT_STEPS = ("vi-normalise", "vi-code-parts", "vi-accented")
FOLDED_STEPS = ("vi-normalise", "vi-code-parts", "vi-fold")
PAIR_STEPS = ("vi-normalise", "vi-fold", "vi-pairs")
SEARCH_STEPS = ("vi-normalise",)


def query_terms(text: str) -> list[str]:
    """The exact-form terms of a query, as lunr.js will look them up (for tests and tools)."""
    return [normalise_word(w.text) for w in split_words(nfc(text))]

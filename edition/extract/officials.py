"""People named with a position: the officials of an article.

A Vietnamese report names an official in one of two shapes:

- name first: "đồng chí NAME, TITLE, TITLE" (also "ông", "bà", "PGS.TS" ...: the lexicon's
  name openers; a dash or bracket instead of the comma; a list "các đồng chí: NAME, TITLE; NAME,
  TITLE" or "NAME, TITLE và NAME, TITLE", also without "đồng chí" after a colon; an appointment
  "NAME tái đắc cử TITLE", "NAME làm TITLE", "NAME được điều động, chỉ định làm TITLE");
- titles first: "TITLE, TITLE NAME[, TITLE]" ("Bí thư Tỉnh ủy Nguyễn Văn A"), also with a dash
  or an opener before the name ("Bí thư Tỉnh ủy - NAME", "TITLE, đồng chí NAME").

A title is a head from the title lexicon (edition/data/titles.yaml: "Bí thư", "Ủy viên", "Chủ
tịch" ...), optionally after a modifier ("Phó", "nguyên"), followed by the name of a body:
capitalised words and the lexicon's lower-case organisation words ("Trưởng đoàn đại biểu Quốc
hội đơn vị tỉnh Kiên Giang"). A name is a run of capitalised syllables opening with a family name
from edition/data/surnames.yaml; it closes the title before it. A place is not a name: neither
a province or district of the locality gazetteer (edition/data/gazetteer.yaml: "Bí thư Thành ủy
Hà Nội Đinh Tiến Dũng") nor a short capitalised run right after a place word ("tỉnh Lâm
Đồng"). People named without a title, bylines (not in the article's blocks), historical figures
of the lexicon ("Chủ tịch Hồ Chí Minh") and late holders of a title ("cố Tổng Bí thư") are not
officials.

Each person appears once, with the titles of the mention that gives the most titles (the first
such mention on a tie), both as written; "Uỷ"/"Ủy" and "hoà"/"hòa" spell the same name
(`name_key`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from edition.extract.register import match_key, place_names, surnames, title_lexicon
from edition.model import CleanArticle, Official

MAX_NAME_SYLLABLES = 5
NAME_SEPARATORS = {",", "-", "–", "—", "(", ":"}
DASHES = {"-", "–", "—"}
TITLE_SEPARATORS = {","} | DASHES  # a dash only before a capitalised title
# A capitalised run right after one of these words begins with a place name ("tỉnh Lâm Đồng",
# "Tỉnh ủy Kiên Giang"), which may look like a person's name.
PLACE_WORDS = {"tỉnh", "phố", "huyện", "quận", "xã", "phường", "trấn", "ủy", "tp", "thị", "thôn", "ấp", "bản", "làng",
               "khu", "xóm", "đường"}

_TOKEN = re.compile(r"[^\W\d_]+(?:[./][^\W\d_]+)*|\d+|[^\w\s]")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    key: str  # match_key(text): "Uỷ" and "ủy" alike

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_capitalised(self) -> bool:
        return self.text[0].isupper()

    @property
    def is_name_syllable(self) -> bool:
        """"Thành", "Mah": one capital then lower-case letters only."""
        return self.text.isalpha() and self.text[0].isupper() and (len(self.text) == 1 or self.text[1:].islower())


def name_key(name: str) -> str:
    """The key under which two spellings of one name are the same person: tone placement
    ("Hoà"/"Hòa"), case and spacing do not count."""
    return match_key(name)


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end(), match_key(m.group(0))) for m in _TOKEN.finditer(text)]


def _phrase_keys(phrases) -> dict[str, list[tuple[str, ...]]]:
    """Phrases as token-key tuples, grouped by their first key, longest first."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted({tuple(match_key(p).split()) for p in phrases}, key=len, reverse=True):
        by_first.setdefault(phrase[0], []).append(phrase)
    return by_first


@dataclass(frozen=True)
class _Lexicon:
    """The title lexicon as token-key tuples, longest first."""

    heads: dict[str, list[tuple[str, ...]]]
    modifiers: dict[str, list[tuple[str, ...]]]
    organisation: dict[str, list[tuple[str, ...]]]
    appointments: dict[str, list[tuple[str, ...]]]
    appointment_verbs: dict[str, list[tuple[str, ...]]]
    appointment_links: dict[str, list[tuple[str, ...]]]
    openers: dict[str, list[tuple[str, ...]]]
    historical: frozenset[str]
    surnames: frozenset[str]


@lru_cache(maxsize=None)
def _lexicon() -> _Lexicon:
    lexicon = title_lexicon()
    return _Lexicon(
        heads=_phrase_keys(lexicon.heads),
        modifiers=_phrase_keys(lexicon.modifiers),
        organisation=_phrase_keys(lexicon.organisation_words),
        appointments=_phrase_keys(lexicon.appointment_phrases),
        appointment_verbs=_phrase_keys(lexicon.appointment_verbs),
        appointment_links=_phrase_keys(lexicon.appointment_links),
        openers=_phrase_keys(lexicon.name_openers),
        historical=lexicon.historical_figures,
        surnames=surnames(),
    )


def _match_phrase(tokens: list[Token], i: int, phrases: dict[str, list[tuple[str, ...]]]) -> int:
    """Length in tokens of the longest phrase that starts at tokens[i], 0 if none."""
    if i >= len(tokens):
        return 0
    for phrase in phrases.get(tokens[i].key, ()):
        n = len(phrase)
        if i + n <= len(tokens) and all(tokens[i + k].key == phrase[k] for k in range(n)):
            return n
    return 0


def _title_end(tokens: list[Token], i: int, capitalised: bool) -> int | None:
    """End index of the title starting at tokens[i], or None if no title starts there."""
    lex = _lexicon()
    if i >= len(tokens) or not tokens[i].is_word or (capitalised and not tokens[i].is_capitalised):
        return None
    j = i
    while (n := _match_phrase(tokens, j, lex.modifiers)) and not _match_phrase(tokens, j, lex.heads):
        j += n
    head = _match_phrase(tokens, j, lex.heads)
    if not head:
        return None
    j += head
    while j < len(tokens):
        if _opens_name(tokens, j):
            # A person's name closes a title ("Chủ tịch Quốc hội Vương Đình Huệ kiểm tra ..."):
            # words after it are the sentence's, even where they look like a body's ("kiểm tra").
            while j < len(tokens) and tokens[j].is_name_syllable:
                j += 1
            break
        if n := _match_phrase(tokens, j, lex.organisation):
            j += n
        elif tokens[j].is_word and tokens[j].is_capitalised and not _name_opener_length(tokens, j):
            j += 1
        elif tokens[j].key == "và" and _joins_body_name(tokens, j + 1):
            j += 1  # "Đảng ủy Khối các Cơ quan và Doanh nghiệp tỉnh", "Sở Giáo dục và Đào tạo"
        else:
            break
    return j


def _joins_body_name(tokens: list[Token], i: int) -> bool:
    """After "và": the rest of a body's name, not another title or another person."""
    return (
        i < len(tokens)
        and tokens[i].is_word
        and tokens[i].is_capitalised
        and not _match_phrase(tokens, i, _lexicon().heads)
        and not _match_phrase(tokens, i, _lexicon().modifiers)
        and not _opens_name(tokens, i)
    )


def _opens_name(tokens: list[Token], i: int) -> bool:
    """A family name followed by another capitalised syllable: "Vương Đình", "Lâm Đồng"."""
    return (
        i + 1 < len(tokens)
        and tokens[i].is_name_syllable
        and tokens[i].key in _lexicon().surnames
        and tokens[i + 1].is_name_syllable
    )


def _title_chain(tokens: list[Token], i: int, capitalised: bool) -> list[tuple[int, int]]:
    """Titles separated by commas from tokens[i] on, as (start, end) index pairs."""
    chain = []
    end = _title_end(tokens, i, capitalised)
    while end is not None:
        chain.append((i, end))
        if end < len(tokens) and (tokens[end].text in TITLE_SEPARATORS or tokens[end].key == "kiêm"):
            i = end + 1  # "Bí thư Tỉnh ủy kiêm Chủ tịch HĐND tỉnh" holds two titles
            end = _title_end(tokens, i, capitalised=tokens[end].text not in (",", "kiêm"))
        else:
            break
    return chain


def _name_opener_length(tokens: list[Token], i: int) -> int:
    """Length of a word that announces a name ("đồng chí", "ông", "PGS.TS") at tokens[i], 0 if none."""
    return _match_phrase(tokens, i, _lexicon().openers)


def _name_end(tokens: list[Token], i: int) -> int | None:
    """End index of a personal name starting at tokens[i] (name first), or None."""
    lex = _lexicon()
    if i >= len(tokens) or not tokens[i].is_name_syllable or tokens[i].key not in lex.surnames:
        return None
    j = i
    while j < len(tokens) and tokens[j].is_name_syllable and not _opens_title(tokens, j):
        j += 1
    if not 2 <= j - i <= MAX_NAME_SYLLABLES:
        return None
    return j


def _opens_title(tokens: list[Token], i: int) -> bool:
    """A head ("Bí thư") or a modifier and a head ("Phó Chủ tịch") at tokens[i]."""
    lex = _lexicon()
    if _match_phrase(tokens, i, lex.heads):
        return True
    n = _match_phrase(tokens, i, lex.modifiers)
    return bool(n) and bool(_match_phrase(tokens, i + n, lex.heads))


def _name_at_end(tokens: list[Token], start: int, end: int) -> int | None:
    """Start index of the personal name that closes tokens[start:end] (titles first), or None."""
    lex = _lexicon()
    run_start = end
    while run_start > start and tokens[run_start - 1].is_name_syllable:
        run_start -= 1
    run = end - run_start
    if run < 2:
        return None
    after_place = run_start > start and tokens[run_start - 1].key in PLACE_WORDS
    known_place = _known_place_length(tokens, run_start, end)
    # A run longer than any name holds a place or a body before the name ("Kiên Giang Nguyễn Thanh
    # Nghị"): the name is then at most four syllables, the usual longest.
    longest = run if run <= MAX_NAME_SYLLABLES else 4
    for length in range(min(longest, run - known_place), 1, -1):
        first = end - length
        prefix = first - run_start
        if tokens[first].key not in lex.surnames or _key_of(tokens, first, end) in place_names():
            continue
        if after_place and (prefix == 1 or (prefix == 0 and length < 3)):
            continue
        if _key_of(tokens, first, end) in lex.historical:
            return None  # "Học viện Chính trị quốc gia Hồ Chí Minh" names a body, not its head
        return first
    return None


def _known_place_length(tokens: list[Token], start: int, end: int) -> int:
    """Syllables of the longest gazetteer place that opens tokens[start:end] ("Hà Nội" in "Hà Nội
    Đinh Tiến Dũng"), 0 if none."""
    for length in range(min(4, end - start), 1, -1):
        if _key_of(tokens, start, start + length) in place_names():
            return length
    return 0


def _key_of(tokens: list[Token], start: int, end: int) -> str:
    return " ".join(t.key for t in tokens[start:end])


def _text(source: str, tokens: list[Token], start: int, end: int) -> str:
    return re.sub(r"\s+", " ", source[tokens[start].start : tokens[end - 1].end]).strip()


@dataclass(frozen=True)
class Mention:
    """One place where the text names a person with titles, both as written."""

    name: str
    titles: tuple[str, ...]


def _name_first_mentions(source: str, tokens: list[Token], i: int) -> tuple[list[Mention], int]:
    """Mentions from a name opener at tokens[i] on ("các đồng chí: A, T; B, T"), and where they end."""
    lex = _lexicon()
    mentions: list[Mention] = []
    j = i + _name_opener_length(tokens, i)
    if j < len(tokens) and tokens[j].text == ":":
        j += 1
    while True:
        name_end = _name_end(tokens, j)
        if name_end is None:
            return mentions, j
        chain: list[tuple[int, int]] = []
        k = name_end
        if k < len(tokens) and tokens[k].text in NAME_SEPARATORS:
            chain = _title_chain(tokens, k + 1, capitalised=False)
        elif _title_end(tokens, k, capitalised=True) is not None:
            chain = _title_chain(tokens, k, capitalised=True)  # the comma left out: "đồng chí A Bí thư ..."
        elif n := _appointment_length(tokens, k):
            chain = _title_chain(tokens, k + n, capitalised=False)
        # a title that closes with a name is the next person's ("..., Thiếu tướng Nguyễn Xuân Lâm")
        for index, (s, e) in enumerate(chain):
            if _name_at_end(tokens, s, e) is not None:
                chain = chain[:index]
                break
        if not chain:
            return mentions, name_end
        mentions.append(Mention(_text(source, tokens, j, name_end), tuple(_text(source, tokens, s, e) for s, e in chain)))
        j = chain[-1][1]
        if (nxt := _next_in_list(tokens, j)) is not None:
            j = nxt
            continue
        return mentions, j


def _next_in_list(tokens: list[Token], i: int) -> int | None:
    """Where the next "NAME, TITLE" of a list starts after the titles ending at tokens[i] (after ";",
    ",", ", và" or "và", an opener allowed), or None where the list ends."""
    if i >= len(tokens) or not (tokens[i].text in (";", ",") or tokens[i].key == "và"):
        return None
    nxt = i + 1
    if tokens[i].key != "và" and nxt < len(tokens) and tokens[nxt].key == "và":
        nxt += 1
    nxt += _name_opener_length(tokens, nxt)
    return nxt if _name_end(tokens, nxt) is not None else None


def _appointment_length(tokens: list[Token], i: int) -> int:
    """Length of the words that give the name before them a title ("tái đắc cử", "được điều động,
    chỉ định làm") at tokens[i], 0 if none."""
    lex = _lexicon()
    if n := _match_phrase(tokens, i, lex.appointments):
        return n
    if i >= len(tokens) or tokens[i].key != "được":
        return 0
    j = i + 1
    verbs = 0
    while n := _match_phrase(tokens, j, lex.appointment_verbs):
        j += n
        verbs += 1
        if j + 1 < len(tokens) and (tokens[j].text == "," or tokens[j].key == "và") and _match_phrase(tokens, j + 1, lex.appointment_verbs):
            j += 1
    if not verbs:
        return 0
    return j - i + _match_phrase(tokens, j, lex.appointment_links)


def _titles_first_mention(source: str, tokens: list[Token], i: int) -> tuple[Mention | None, int]:
    """A mention "TITLE, TITLE NAME[, TITLE]" (or "TITLE, đồng chí NAME") starting at tokens[i]."""
    chain = _title_chain(tokens, i, capitalised=False)
    for index, (start, end) in enumerate(chain):
        name_start = _name_at_end(tokens, start, end)
        if name_start is None or name_start <= start + 1:
            continue
        titles = [_text(source, tokens, s, e) for s, e in chain[:index]]
        titles.append(_text(source, tokens, start, name_start))
        resume = end
        # titles after the name ("Tổng Bí thư Tô Lâm, Trưởng Tiểu ban ..."), up to the next person's
        for s, e in chain[index + 1 :]:
            if _name_at_end(tokens, s, e) is not None:
                break
            titles.append(_text(source, tokens, s, e))
            resume = e
        return Mention(_text(source, tokens, name_start, end), tuple(titles)), resume
    if not chain:
        return None, i
    last_end = chain[-1][1]
    separator = tokens[last_end].text if last_end < len(tokens) else ""
    k = last_end + (1 if separator in TITLE_SEPARATORS else 0)
    opener = _name_opener_length(tokens, k)
    # "TITLE, đồng chí NAME"; after a dash the opener may be left out ("Bí thư Tỉnh ủy - NAME")
    if (opener or separator in DASHES) and (name_end := _name_end(tokens, k + opener)) is not None:
        titles = tuple(_text(source, tokens, s, e) for s, e in chain)
        return Mention(_text(source, tokens, k + opener, name_end), titles), name_end
    return None, last_end


def mentions_in(text: str) -> list[Mention]:
    """Every "name with titles" mention in one paragraph, in order."""
    tokens = tokenize(text)
    mentions: list[Mention] = []
    i = 0
    while i < len(tokens):
        # "đồng chí NAME, TITLE" and, in a list after ":" or ";", "NAME - TITLE"
        if _name_opener_length(tokens, i) or (i > 0 and tokens[i - 1].text in (":", ";") and _name_end(tokens, i)):
            found, end = _name_first_mentions(text, tokens, i)
        else:
            mention, end = _titles_first_mention(text, tokens, i)
            # "cố Tổng Bí thư ...": the late holder of a title is not an official of the day
            found = [mention] if mention and not (i > 0 and tokens[i - 1].key == "cố") else []
        mentions.extend(found)
        i = max(end, i + 1)
    return mentions


def extract_officials(article: CleanArticle) -> tuple[Official, ...]:
    """Every living person the article's title and blocks name with a position."""
    historical = _lexicon().historical
    best: dict[str, Mention] = {}
    order: list[str] = []
    paragraphs = ([article.title] if article.title else []) + [block.text for block in article.blocks]
    for paragraph in paragraphs:
        for mention in mentions_in(paragraph):
            key = name_key(mention.name)
            if key in historical:
                continue
            if key not in best:
                order.append(key)
                best[key] = mention
            elif len(mention.titles) > len(best[key].titles):
                best[key] = Mention(best[key].name, mention.titles)
    return tuple(Official(best[key].name, best[key].titles) for key in order)

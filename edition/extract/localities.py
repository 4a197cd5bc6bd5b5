"""The province (or centrally-run city) an article is about, or "Trung ương" for central bodies.

Places are looked up in the gazetteer (edition/data/gazetteer.yaml) by a key blind to case and tone
placement. A mention counts for more with a unit word before it ("tỉnh Nam Định", "Thành ủy Đà Nẵng",
"huyện Yên Thế"); a district counts for its province, and only with its unit word, since bare district
names are also given names and common words. A bare province name counts only where it stands as a
proper noun of its own, so that "Trần Thái Bình" (a person) and "hòa bình" (peace) are not places.
Where the text names no place, the portal's masthead ("Cổng thông tin điện tử huyện Yên Thế", "Báo Tây
Ninh Online") or a place dateline decides; a central organ's paper means a central subject; a place named
only in a photo caption comes last. The one province both headline and lead name is the subject however
often another recurs; a national meeting in the headline, or a central organ with several provinces in
it, is central. The answer is given as the units stood at the article's date (63 provinces, 34 from
1 July 2025).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from edition.clean import PLACE_DATELINE, comparison_key, is_end_marker, is_masthead, publication_name
from edition.model import CleanArticle

GAZETTEER_FILE = Path(__file__).resolve().parent.parent / "data" / "gazetteer.yaml"
CENTRAL = "Trung ương"

TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
NAME_GAP = re.compile(r"^[\s\-–'’.]{0,4}$")
PREFIX_GAP = re.compile(r"^[\s.]{1,3}$")

PROVINCE_UNITS = (("tỉnh", "ủy"), ("tỉnh",))
CITY_UNITS = (("thành", "phố"), ("tp",), ("thành", "ủy"), ("thủ", "đô"))
DISTRICT_UNITS = (("huyện", "ủy"), ("huyện",), ("quận", "ủy"), ("quận",), ("thị", "xã"), ("thị", "ủy"), ("đặc", "khu"))
# Last words of offices: "Trưởng Ban Tổ chức Trung ương" is a title, not the organ acting.
OFFICE_KEYS = {comparison_key(w) for w in ("trưởng", "phó", "viên", "trực", "chánh", "thư", "khuyết")}
# Words that stand capitalised before a place name only at the start of a sentence ("Tại Hà Nội, ...").
FUNCTION_KEYS = {
    comparison_key(w) for w in ("tại", "ở", "về", "đến", "từ", "cho", "với", "trong", "theo", "của", "và", "cùng", "như")
}
VENUE_KEYS = {comparison_key(w) for w in ("tại", "ở")}

TITLE_WEIGHT = 2
PREFIXED_WEIGHT = 2
BARE_WEIGHT = 1
CENTRAL_WEIGHT = 1
MASTHEAD_WEIGHT = TITLE_WEIGHT * PREFIXED_WEIGHT  # as much as the headline naming the place


@dataclass(frozen=True)
class Place:
    province: str  # canonical province as before 2025
    name: str  # canonical name of the unit itself
    level: str  # "province" or "district"
    is_city: bool = False
    needs_prefix: bool = False


@dataclass
class Gazetteer:
    names: dict[tuple[str, ...], list[Place]]
    capitals: dict[tuple[str, ...], tuple[bool, ...]]  # which words of each name are capitalised
    central_bodies: set[tuple[str, ...]]
    central_hints: set[tuple[str, ...]]
    central_papers: tuple[tuple[str, ...], ...]
    header_openers: tuple[tuple[str, ...], ...]
    source_tags: dict[str, str]  # newspaper tag -> province
    successors: dict[str, str]
    renamings: list[tuple[str, str, str]]  # (old, new, from date)
    reorganisation_date: str
    name_lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)  # first word -> name lengths, longest first


def token_keys(text: str) -> tuple[str, ...]:
    return tuple(comparison_key(token) for token in TOKEN.findall(text))


def capital_pattern(text: str) -> tuple[bool, ...]:
    return tuple(token[0].isupper() for token in TOKEN.findall(text))


def unit_keys(units: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(comparison_key(word) for word in unit) for unit in units)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    data = yaml.safe_load(GAZETTEER_FILE.read_text(encoding="utf-8"))
    names: dict[tuple[str, ...], list[Place]] = defaultdict(list)
    capitals: dict[tuple[str, ...], tuple[bool, ...]] = {}
    successors = {}
    for province, entry in (data.get("provinces") or {}).items():
        entry = entry or {}
        is_city = entry.get("kind") == "city"
        forms = [(str(name), Place(province, province, "province", is_city)) for name in [province] + list(entry.get("aliases") or [])]
        forms += [(str(name), Place(province, province, "province", is_city, needs_prefix=True)) for name in entry.get("needs_prefix") or []]
        forms += [(str(name), Place(province, str(name), "district")) for name in entry.get("districts") or []]
        for name, place in forms:
            names[token_keys(name)].append(place)
            capitals.setdefault(token_keys(name), capital_pattern(name))
        successors[province] = entry.get("after_2025") or province
    renamings = [(r["from"], r["to"], str(r["date"])) for r in data.get("renamings") or []]
    central = {token_keys(str(body)) for body in data.get("central_bodies") or []}
    return Gazetteer(
        names=dict(names),
        capitals=capitals,
        central_bodies=central,
        central_hints={token_keys(str(hint)) for hint in data.get("central_hints") or []},
        central_papers=tuple(token_keys(str(paper)) for paper in data.get("central_papers") or []),
        header_openers=tuple(token_keys(str(opener)) for opener in data.get("header_openers") or []),
        source_tags={str(tag): str(province) for tag, province in (data.get("source_tags") or {}).items()},
        successors=successors,
        renamings=renamings,
        reorganisation_date=str(data.get("reorganisation_date") or "9999"),
        name_lengths=lengths_by_first_word(names),
    )


def lengths_by_first_word(names) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = defaultdict(set)
    for key in names:
        if key:
            lengths[key[0]].add(len(key))
    return {first: tuple(sorted(found, reverse=True)) for first, found in lengths.items()}


# ---------------------------------------------------------------- mentions


@dataclass(frozen=True)
class Mention:
    place: Place | None  # None where the name fits several provinces ("huyện Châu Thành")
    prefixed: bool
    venue: bool = False  # "tại Hà Nội": only where something took place
    readings: tuple[Place, ...] = ()  # the districts an ambiguous name may be


@dataclass(frozen=True)
class Token:
    text: str
    key: str
    start: int
    end: int


def tokenise(text: str) -> list[Token]:
    return [Token(m.group(), comparison_key(m.group()), m.start(), m.end()) for m in TOKEN.finditer(text)]


def joined_by_gaps(text: str, tokens: list[Token], start: int, end: int) -> bool:
    return all(NAME_GAP.match(text[tokens[i].end : tokens[i + 1].start]) for i in range(start, end - 1))


def unit_before(text: str, tokens: list[Token], start: int) -> str | None:
    """'province', 'city' or 'district' when a unit word stands right before tokens[start]."""
    for level, units in (("province", PROVINCE_UNITS), ("city", CITY_UNITS), ("district", DISTRICT_UNITS)):
        for unit in unit_keys(units):
            first = start - len(unit)
            if first < 0 or tuple(t.key for t in tokens[first:start]) != unit:
                continue
            if PREFIX_GAP.match(text[tokens[start - 1].end : tokens[start].start]) and joined_by_gaps(
                text, tokens, first, start
            ):
                return level
    return None


def is_capitalised(tokens: list[Token], pattern: tuple[bool, ...]) -> bool:
    """Written as a proper name: capitalised wherever the gazetteer's form is ('hòa bình' is peace)."""
    return all(t.text[0].isupper() or t.text[0].isdigit() or not upper for t, upper in zip(tokens, pattern))


def stands_alone(text: str, tokens: list[Token], start: int, end: int) -> bool:
    """A bare name that is not part of a longer proper noun ('Trần Thái Bình', 'Thái Bình Dương')."""
    if all(t.text.isupper() for t in tokens[max(start - 1, 0) : end + 1]):
        return True  # a line in capitals shows no proper nouns by their case
    if start > 0:
        before = tokens[start - 1]
        gap = text[before.end : tokens[start].start]
        if gap.strip() == "" and before.text[0].isupper() and not before.text.isupper():
            if before.key not in FUNCTION_KEYS:
                return False
    if end < len(tokens):
        after = tokens[end]
        gap = text[tokens[end - 1].end : after.start]
        if gap.strip() == "" and after.text[0].isupper():
            return False
    return True


def resolve(places: list[Place], level: str | None) -> Place | None:
    """The place a name means after the given unit word; None where it stays ambiguous."""
    provinces = [p for p in places if p.level == "province"]
    districts = [p for p in places if p.level == "district"]
    if level == "province":
        readings = [[p for p in provinces if not p.is_city]]
    elif level == "city":  # a centrally-run city, else a provincial city ("thành phố Vinh"), else its namesake
        readings = [[p for p in provinces if p.is_city], districts, provinces]
    elif level == "district":
        readings = [districts]
    else:
        readings = [[p for p in provinces if not p.needs_prefix]]
    for reading in readings:
        if len({p.province for p in reading}) == 1:
            return reading[0]
    return None


VENUE_NOTE = re.compile(r"\b(?:tại|ở)\s+[^,.;()]{2,60}\($", re.IGNORECASE)


def is_venue_note(text: str, start: int) -> bool:
    """'tại Trung tâm Hội nghị Quốc gia (Hà Nội)': the bracketed city only says where a venue is."""
    return bool(VENUE_NOTE.search(text[max(0, start - 80) : start]))


def place_mentions(text: str, gazetteer: Gazetteer, names_only: bool = False) -> list[Mention]:
    """Places named in the text. `names_only`: the text is a name ('Tây Ninh Online'), not prose, so a
    capitalised word beside a place does not make it part of a person's name."""
    tokens = tokenise(text)
    mentions, index = [], 0
    while index < len(tokens):
        matched = 0
        for length in gazetteer.name_lengths.get(tokens[index].key, ()):
            if index + length > len(tokens):
                continue
            key = tuple(t.key for t in tokens[index : index + length])
            places = gazetteer.names.get(key)
            if not places or not joined_by_gaps(text, tokens, index, index + length):
                continue
            matched = length
            name_tokens = tokens[index : index + length]
            level = unit_before(text, tokens, index)
            if not is_capitalised(name_tokens, gazetteer.capitals[key]):
                break
            if level is None and not names_only and not stands_alone(text, tokens, index, index + length):
                break
            place = resolve(places, level)
            if place:
                venue = level is None and (
                    (index > 0 and tokens[index - 1].key in VENUE_KEYS) or is_venue_note(text, tokens[index].start)
                )
                mentions.append(Mention(place, prefixed=level is not None, venue=venue))
            elif level == "district":
                mentions.append(Mention(None, prefixed=True, readings=tuple(p for p in places if p.level == "district")))
            break
        index += matched or 1
    return mentions


def central_body_mentions(text: str, gazetteer: Gazetteer, bodies: set[tuple[str, ...]] | None = None) -> int:
    """Mentions of central organs, not counting those inside an office ('Trưởng Ban Tổ chức Trung ương')."""
    keys = [t.key for t in tokenise(text)]
    bodies = gazetteer.central_bodies if bodies is None else bodies
    firsts = {body[0] for body in bodies if body}
    count = 0
    for start, key in enumerate(keys):
        if key not in firsts or (start > 0 and keys[start - 1] in OFFICE_KEYS):
            continue
        count += any(tuple(keys[start : start + len(body)]) == body for body in bodies if body[0] == key)
    return count




# ---------------------------------------------------------------- the decision


@dataclass
class Evidence:
    scores: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # province -> weight of mentions
    central: int = 0  # weight of mentions of central organs
    districts: list[Place] = field(default_factory=list)
    beyond_venue: set[str] = field(default_factory=set)  # provinces named otherwise than as a venue


def gather_evidence(texts: list[tuple[str, int]], gazetteer: Gazetteer) -> Evidence:
    """Place and central-organ mentions from (text, weight) pairs."""
    evidence = Evidence()
    ambiguous: list[tuple[Mention, int]] = []
    for text, weight in texts:
        for mention in place_mentions(text, gazetteer):
            if mention.place is None:
                ambiguous.append((mention, weight))
                continue
            province = mention.place.province
            evidence.scores[province] += weight * (PREFIXED_WEIGHT if mention.prefixed else BARE_WEIGHT)
            if not mention.venue:
                evidence.beyond_venue.add(province)
            if mention.place.level == "district":
                evidence.districts.append(mention.place)
        evidence.central += weight * CENTRAL_WEIGHT * central_body_mentions(text, gazetteer)
    for mention, weight in ambiguous:
        # "huyện Châu Thành" is in ten provinces; it counts for the one the article otherwise names.
        named = [p for p in mention.readings if evidence.scores.get(p.province)]
        if len({p.province for p in named}) == 1:
            evidence.scores[named[0].province] += weight * PREFIXED_WEIGHT
            evidence.beyond_venue.add(named[0].province)
            evidence.districts.append(named[0])
    return evidence


MAX_HEADER_WORDS = 10


def names_a_local_body(line: str, gazetteer: Gazetteer) -> bool:
    """'Sở Nội vụ tỉnh Nam Định': a short header naming an office, not a headline."""
    keys = token_keys(line)
    return len(keys) <= MAX_HEADER_WORDS and any(keys[: len(o)] == o for o in gazetteer.header_openers)


def masthead_province(article: CleanArticle, gazetteer: Gazetteer) -> str | None:
    """The province the portal's header names ("TỈNH ỦY NAM ĐỊNH", "Sở Nội vụ tỉnh Nam Định").

    Only the lines cleaning removed above the date line and before any footer count: a headline in a
    list of other articles is never a masthead.
    """
    for line in article.removed:
        if line == article.date_line and PLACE_DATELINE.match(line):
            # "Hải Phòng, ngày 27 tháng 02 năm 2020": the place where the page was written.
            return next((m.place.province for m in place_mentions(line, gazetteer) if m.place), None)
        if line == article.date_line or is_end_marker(line):
            break
        masthead = is_masthead(line)
        if not masthead and not names_a_local_body(line, gazetteer):
            continue
        name = publication_name(line)  # "Báo Tây Ninh Online": the paper's name holds its place
        for mention in place_mentions(name or line, gazetteer, names_only=name is not None):
            if mention.place and (masthead or mention.prefixed):
                return mention.place.province
    return None


SOURCE_TAG = re.compile(r"^(?:\(([A-ZĐ]{2,8})\)|([A-ZĐ]{2,8})\s*[-–])")  # "(QBĐT) - ..." or "BHG - ..."


def source_tag_province(article: CleanArticle, gazetteer: Gazetteer) -> str | None:
    """'(QBĐT) - ...': the province of the newspaper whose tag opens the report."""
    for block in article.blocks[:2]:
        match = SOURCE_TAG.match(block.text)
        tag = match and (match.group(1) or match.group(2))
        if tag and tag in gazetteer.source_tags:
            return gazetteer.source_tags[tag]
    return None


def central_paper(article: CleanArticle, gazetteer: Gazetteer) -> bool:
    """Whether the masthead is that of a central Party organ's paper ('TẠP CHÍ CỘNG SẢN')."""
    for line in article.removed:
        if line == article.date_line or is_end_marker(line):
            return False
        keys = token_keys(line)
        if any(keys[: len(paper)] == paper for paper in gazetteer.central_papers):
            return True
    return False


def provinces_named(text: str, gazetteer: Gazetteer) -> set[str]:
    return {m.place.province for m in place_mentions(text, gazetteer) if m.place}


def headline_and_lead_province(article: CleanArticle, gazetteer: Gazetteer) -> str | None:
    """The one province both the headline and the lead name: the subject, however often others recur.

    A report of a transfer names the other province again and again; its headline and lead do not.
    """
    if not article.title or not article.blocks:
        return None
    shared = provinces_named(article.title, gazetteer) & provinces_named(article.blocks[0].text, gazetteer)
    return shared.pop() if len(shared) == 1 else None


def as_at(province: str, date: str | None, gazetteer: Gazetteer) -> str:
    """The canonical unit that covered the province at the article's date."""
    when = (date or "").split("/")[0]
    if not when:
        return province
    if when >= gazetteer.reorganisation_date:
        province = gazetteer.successors.get(province, province)
    for old, new, since in gazetteer.renamings:
        if province == old and when >= since:
            province = new
    return province


def text_and_caption_evidence(article: CleanArticle, gazetteer: Gazetteer) -> tuple[Evidence, Evidence]:
    """Evidence of the headline and text, and apart from it that of the photo captions.

    A caption says where a photo was taken: it confirms a place the text names, and decides only when
    neither the text, the portal nor a central organ's paper gives one.
    """
    texts = [(article.title or "", TITLE_WEIGHT)] + [(b.text, 1) for b in article.blocks if b.kind != "caption"]
    evidence = gather_evidence(texts, gazetteer)
    pictured = gather_evidence([(b.text, 1) for b in article.blocks if b.kind == "caption"], gazetteer)
    for province in set(pictured.scores) & set(evidence.scores):
        evidence.scores[province] += pictured.scores[province]
    evidence.districts += [d for d in pictured.districts if d.province in evidence.scores]
    evidence.central += pictured.central
    return evidence, pictured


def headline_says_central(article: CleanArticle, evidence: Evidence, gazetteer: Gazetteer) -> bool:
    """A national meeting in the headline of a text that names no place (the portal only reports it),
    or a central organ dealing with several provinces the headline names."""
    title = article.title or ""
    if not evidence.scores and central_body_mentions(title, gazetteer, gazetteer.central_hints):
        return True
    return len(provinces_named(title, gazetteer)) > 1 and evidence.central > 0


def extract_locality(article: CleanArticle, date: str | None) -> tuple[str | None, tuple[str, ...]]:
    """Return (canonical province or "Trung ương", districts named in the article)."""
    gazetteer = load_gazetteer()
    evidence, pictured = text_and_caption_evidence(article, gazetteer)
    if headline_says_central(article, evidence, gazetteer):
        return CENTRAL, ()
    portal = masthead_province(article, gazetteer)
    if portal:
        # The portal's own place outweighs a passing mention of another, not the article's subject.
        evidence.scores[portal] += MASTHEAD_WEIGHT
        evidence.beyond_venue.add(portal)
    best = headline_and_lead_province(article, gazetteer) or max(
        evidence.scores, key=lambda p: evidence.scores[p], default=None
    )
    if best is None and central_paper(article, gazetteer):
        return CENTRAL, ()  # a central Party organ's paper writing of no place in particular
    if best is None and pictured.scores:
        best = max(pictured.scores, key=lambda p: pictured.scores[p])
        evidence.beyond_venue |= pictured.beyond_venue
        evidence.districts += pictured.districts
    if evidence.central and evidence.central > evidence.scores.get(best, 0):
        return CENTRAL, ()
    texts = [article.title or ""] + [block.text for block in article.blocks]
    hinted = any(central_body_mentions(text, gazetteer, gazetteer.central_hints) for text in texts)
    if best and best not in evidence.beyond_venue and hinted:
        return CENTRAL, ()  # a central meeting held in a city ("Sáng 20/12, tại Hà Nội, Ban Bí thư ...")
    province = best or portal or source_tag_province(article, gazetteer)
    if province is None:
        return (CENTRAL if hinted else None), ()
    named = tuple(dict.fromkeys(d.name for d in evidence.districts if d.province == province))
    return as_at(province, date, gazetteer), named

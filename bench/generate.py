"""Generate a benchmark corpus: N articles in the edition's content format.

    python bench/generate.py N OUT_CONTENT_DIR [--seed S] [--seeds DIR]

Articles recombine paragraphs of the seed articles (ingested at run time), so their length and shape
follow the samples; dates (2015-2025), localities, officials and directives are drawn from data lists
and invented names. The same N, seed and seeds give byte-identical files.
"""
from __future__ import annotations

import argparse
import bisect
import datetime as dt
import random
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from slugify import slugify

sys.path.insert(0, str(Path(__file__).resolve().parent))
from peer_corpus import write_peer_corpora  # noqa: E402  (bench/ is a folder of scripts, not a package)

# libyaml when present: ten thousand files read and written in pure Python take minutes.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
NAMES_FILE = BENCH / "data" / "names.yaml"
GAZETTEER_FILE = ROOT / "edition" / "data" / "gazetteer.yaml"
DIRECTIVES_FILE = ROOT / "edition" / "data" / "directives.yaml"
FALLBACK_PROVINCES_FILE = BENCH / "data" / "provinces.yaml"

FIRST_DAY = dt.date(2015, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
CENTRAL = "Trung ương"
CAPTION_MARK = "{: .caption }"
# Terms of office: officials change when a new provincial congress opens (2015, 2020, 2025).
TERM_STARTS = (dt.date(2015, 10, 1), dt.date(2020, 10, 1), dt.date(2025, 10, 1))
YEAR_AT_END = re.compile(r" năm \d{4}$")
SYNTHETIC_DIRECTIVES = 900
OFFICIALS_PER_LOCALITY_TERM = 14


# ---- inputs ------------------------------------------------------------------------------------

@dataclass
class SeedCorpus:
    paragraphs: list[str]
    captions: list[str]
    title_phrases: list[str]
    body_lengths: list[int]
    bylines: list[str]


@dataclass
class Province:
    name: str
    is_city: bool
    districts: list[str]
    after_2025: str | None = None


@dataclass
class Reference:
    provinces: list[Province]
    reorganisation_date: dt.date
    renamings: list[tuple[str, str, dt.date]]
    document_types: list[tuple[str, str]]  # (name, first abbreviation)
    known_directives: list[dict]
    names: dict


def split_content_file(text: str) -> tuple[dict, str]:
    _, head, body = text.split("---\n", 2)
    return yaml.load(head, Loader=YAML_LOADER), body.strip("\n")


def ingest_seeds(seeds_dir: Path, content_dir: Path) -> None:
    command = [sys.executable, str(ROOT / "build.py"), "ingest", "--seeds", str(seeds_dir),
               "--content", str(content_dir)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)


def read_seed_corpus(content_dir: Path) -> SeedCorpus:
    corpus = SeedCorpus([], [], [], [], [])
    for path in sorted((content_dir / "articles").glob("*.md")):
        front, body = split_content_file(path.read_text(encoding="utf-8"))
        corpus.body_lengths.append(len(body))
        corpus.title_phrases.append(str(front["title"]).split(": ", 1)[-1])
        if front.get("byline"):
            corpus.bylines.append(str(front["byline"]))
        for block in body.split("\n\n"):
            if block.endswith(CAPTION_MARK):
                corpus.captions.append(block)
            elif block.strip():
                corpus.paragraphs.append(block)
    if not corpus.paragraphs:
        raise SystemExit(f"no seed articles found in {content_dir}")
    return corpus


def load_seed_corpus(seeds_dir: Path) -> SeedCorpus:
    with tempfile.TemporaryDirectory(prefix="bench-seeds-") as tmp:
        ingest_seeds(seeds_dir, Path(tmp))
        return read_seed_corpus(Path(tmp))


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def load_provinces() -> tuple[list[Province], dt.date, list[tuple[str, str, dt.date]]]:
    source = GAZETTEER_FILE if GAZETTEER_FILE.exists() else FALLBACK_PROVINCES_FILE
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    provinces = [
        Province(name, (entry or {}).get("kind") == "city", list((entry or {}).get("districts") or []),
                 (entry or {}).get("after_2025"))
        for name, entry in data["provinces"].items()
    ]
    renamings = [(r["from"], r["to"], _as_date(r["date"])) for r in data.get("renamings") or []]
    return provinces, _as_date(data.get("reorganisation_date", "2025-07-01")), renamings


def load_reference() -> Reference:
    provinces, reorganisation, renamings = load_provinces()
    directives = yaml.safe_load(DIRECTIVES_FILE.read_text(encoding="utf-8")) if DIRECTIVES_FILE.exists() else {}
    types = [(t["name"], t["abbreviations"][0]) for t in directives.get("document_types", []) if t["abbreviations"]]
    known = [{key: d.get(key) for key in ("id", "type", "number", "code", "issuer", "date")}
             for d in directives.get("directives", [])]
    names = yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8"))
    return Reference(provinces, reorganisation, renamings,
                     types or [("Nghị quyết", "NQ"), ("Chỉ thị", "CT"), ("Kết luận", "KL")], known, names)


# ---- drawing the pools -------------------------------------------------------------------------

@dataclass
class Official:
    name: str
    titles: list[str]


@dataclass
class Directive:
    id: str
    type: str
    number: str
    code: str
    issuer: str
    date: dt.date
    locality: str | None = None  # a provincial committee's document is cited in its province only

    def front_matter(self, as_written: str) -> dict:
        return {"id": self.id, "type": self.type, "number": self.number, "code": self.code,
                "issuer": self.issuer, "date": self.date.isoformat(), "as_written": as_written}


@dataclass
class Pools:
    officials: dict[tuple[str, int], list[Official]] = field(default_factory=dict)
    directives: list[Directive] = field(default_factory=list)
    directive_weights: list[float] = field(default_factory=list)


def weighted_choice(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def person_name(rng: random.Random, names: dict) -> tuple[str, bool]:
    female = rng.random() < names["female_share"]
    sex = "female" if female else "male"
    parts = [weighted_choice(rng, names["surnames"]), rng.choice(names["middle_names"][sex])]
    if rng.random() < 0.15:
        parts.append(rng.choice(names["middle_names"][sex]))
    parts.append(rng.choice(names["given_names"][sex]))
    return " ".join(dict.fromkeys(parts)), female


def fill_titles(titles: list[str], province: Province) -> list[str]:
    committee, unit = ("Thành ủy", "thành phố") if province.is_city else ("Tỉnh ủy", "tỉnh")
    return [t.format(committee=committee, unit=unit, place=province.name) for t in titles]


def draw_officials(rng: random.Random, ref: Reference) -> dict[tuple[str, int], list[Official]]:
    pools: dict[tuple[str, int], list[Official]] = {}
    local = ref.names["local_titles"]
    for term in range(len(TERM_STARTS) + 1):
        for province in ref.provinces:
            roles = local["leaders"] + [rng.choice(local["members"]) for _ in range(OFFICIALS_PER_LOCALITY_TERM)]
            pools[(province.name, term)] = [
                Official(person_name(rng, ref.names)[0], fill_titles(titles, province))
                for titles in roles[:OFFICIALS_PER_LOCALITY_TERM]
            ]
        pools[(CENTRAL, term)] = [
            Official(person_name(rng, ref.names)[0], list(titles))
            for titles in ref.names["central_titles"] * 2
        ]
    return pools


ISSUERS = (  # (issuer, code suffix, code joiner, share)
    ("Bộ Chính trị", "TW", "/", 0.25),
    ("Ban Bí thư", "TW", "/", 0.15),
    ("Ban Chấp hành Trung ương", "TW", "/", 0.08),
    ("Ban Tổ chức Trung ương", "BTCTW", "/", 0.10),
    ("Thủ tướng Chính phủ", "TTg", "-", 0.10),
    ("Ban Thường vụ {committee}", "TU", "/", 0.32),
)


def draw_directive(rng: random.Random, ref: Reference, taken: set[str]) -> Directive:
    issuer, suffix, joiner, _ = rng.choices(ISSUERS, weights=[i[3] for i in ISSUERS])[0]
    doc_type, abbreviation = rng.choice(ref.document_types[:8])
    number = str(rng.randint(1, 420)).zfill(2)
    day = FIRST_DAY - dt.timedelta(days=2000) + dt.timedelta(days=rng.randrange(365 * 16))
    locality = None
    if suffix == "TU":
        province = rng.choice(ref.provinces)
        locality = province.name
        issuer = fill_titles([issuer], province)[0]
    code = f"{abbreviation}{joiner}{suffix}"
    base = slugify(f"{doc_type} {number} {code} {locality or ''}")
    directive_id = base if base not in taken else f"{base}-{day.year}"
    return Directive(directive_id, doc_type, number, code, issuer, day, locality)


def draw_directives(rng: random.Random, ref: Reference) -> list[Directive]:
    directives = [
        Directive(d["id"], d["type"], str(d["number"]), d["code"], d["issuer"] or "", _as_date(d["date"]))
        for d in ref.known_directives if d.get("id") and d.get("date") and d.get("code")
    ]
    taken = {d.id for d in directives}
    while len(directives) < len(ref.known_directives) + SYNTHETIC_DIRECTIVES:
        directive = draw_directive(rng, ref, taken)
        if directive.id not in taken:
            taken.add(directive.id)
            directives.append(directive)
    return directives


def draw_pools(rng: random.Random, ref: Reference) -> Pools:
    directives = draw_directives(rng, ref)
    # Citations follow a long tail: a few documents are cited everywhere, most rarely.
    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(directives))]
    cumulative, total = [], 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)
    return Pools(draw_officials(rng, ref), directives, cumulative)


# ---- one article -------------------------------------------------------------------------------

def term_of(day: dt.date) -> int:
    return bisect.bisect_right(TERM_STARTS, day)


def locality_at(province: Province, day: dt.date, ref: Reference) -> str:
    if province.after_2025 and day >= ref.reorganisation_date:
        return province.after_2025
    for old, new, since in ref.renamings:
        if province.name == old and day >= since:
            return new
    return province.name


def draw_day(rng: random.Random) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))


def date_as_published(rng: random.Random, day: dt.date) -> str | None:
    """Most reports carry their day; a few only a month, a very few no date (as real sources do)."""
    roll = rng.random()
    if roll < 0.01:
        return None
    if roll < 0.04:
        return day.isoformat()[:7]
    return day.isoformat()


NUMBER_PARTS = re.compile(r"(?P<day_month>\b\d{1,2}[-/]\d{1,2}\b)|(?P<year>\b(?:19|20)\d{2}\b)|(?P<number>\d+)")


def renumber(text: str, rng: random.Random, year_shift: int) -> str:
    """Vary the figures between articles while keeping the text's time frame: years move with the
    article's date, days and months stay, other numbers become others of the same length."""
    def other(match: re.Match) -> str:
        if match.group("day_month"):
            return match.group(0)
        if match.group("year"):
            return str(int(match.group(0)) + year_shift)
        digits = match.group(0)
        first = str(rng.randint(1, 9)) if len(digits) > 1 and digits[0] != "0" else digits[0]
        return first + "".join(str(rng.randint(0, 9)) for _ in digits[1:])
    return NUMBER_PARTS.sub(other, text)


def year_shift(text: str, day: dt.date) -> int:
    """Years to add to a seed text so that the first year it names becomes the article's year."""
    years = [int(m.group(0)) for m in NUMBER_PARTS.finditer(text) if m.group("year")]
    return day.year - years[0] if years else 0


def choose_officials(rng: random.Random, pools: Pools, home: str, term: int) -> list[Official]:
    count = rng.choices(range(1, 8), weights=[20, 25, 20, 15, 10, 6, 4])[0]
    chosen: dict[str, Official] = {}
    for _ in range(count):
        pool_name = CENTRAL if home == CENTRAL or rng.random() < 0.12 else home
        official = rng.choice(pools.officials[(pool_name, term)])
        chosen.setdefault(official.name, official)
    return list(chosen.values())


def choose_directives(rng: random.Random, pools: Pools, province: str, day: dt.date) -> list[Directive]:
    count = rng.choices(range(0, 9), weights=[10, 15, 20, 15, 14, 10, 7, 5, 4])[0]
    chosen: dict[str, Directive] = {}
    for _ in range(count * 3):
        if len(chosen) >= count:
            break
        index = bisect.bisect_left(pools.directive_weights, rng.random() * pools.directive_weights[-1])
        directive = pools.directives[min(index, len(pools.directives) - 1)]
        if directive.date <= day and directive.locality in (None, province):
            chosen.setdefault(directive.id, directive)
    return list(chosen.values())


def as_written(rng: random.Random, d: Directive) -> str:
    forms = (f"{d.type} số {d.number}-{d.code}", f"{d.type} {d.number}-{d.code} của {d.issuer}",
             f"{d.type} số {d.number}-{d.code} ngày {d.date.day}-{d.date.month}-{d.date.year} của {d.issuer}")
    return rng.choice(forms)


def with_titles(official: Official) -> str:
    return f"{official.name}, {', '.join(official.titles)}"


def opening_paragraphs(rng: random.Random, names: dict, day: dt.date, place: str,
                       officials: list[Official], citations: list[str]) -> list[str]:
    chair = officials[0]
    when = f"{rng.choice(names['parts_of_day'])} {day.day}-{day.month}-{day.year}"
    lead = rng.choice(names["leads"]).format(
        when=when, when_lower=when.lower(), place=place, event=rng.choice(names["events"]),
        chair=f"{', '.join(chair.titles)} {chair.name}")
    blocks = [lead[0].upper() + lead[1:]]
    if len(officials) > 1:
        blocks.append(names["attendance"].format(people="; ".join(with_titles(o) for o in officials[1:])))
    if citations:
        blocks.append(names["citation"].format(documents=", ".join(citations)))
    return blocks


def article_body(rng: random.Random, corpus: SeedCorpus, opening: list[str], day: dt.date) -> str:
    target = rng.choice(corpus.body_lengths) * rng.uniform(0.7, 1.3)
    blocks, length = list(opening), sum(len(b) for b in opening)
    while length < target:
        block = rng.choice(corpus.captions) if corpus.captions and rng.random() < 0.12 else rng.choice(corpus.paragraphs)
        block = renumber(block, rng, year_shift(block, day))
        blocks.append(block)
        length += len(block) + 2
    return "\n\n".join(blocks) + "\n"


def article_title(rng: random.Random, corpus: SeedCorpus, locality: str, day: dt.date) -> str:
    phrase = rng.choice(corpus.title_phrases)
    shape = rng.random()
    phrase = renumber(phrase, rng, year_shift(phrase, day))
    if shape < 0.45 and locality != CENTRAL:
        return f"{locality}: {phrase}"
    if shape < 0.7 and not YEAR_AT_END.search(phrase):
        return f"{phrase} năm {day.year}"
    return phrase


def unique_slug(date_text: str | None, title: str, taken: set[str]) -> str:
    base = slugify(f"{date_text or ''} {title}", max_length=80, word_boundary=True)
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    taken.add(slug)
    return slug


def make_article(rng: random.Random, number: int, seed: int, corpus: SeedCorpus, ref: Reference,
                 pools: Pools, taken_slugs: set[str]) -> tuple[str, dict, str]:
    day = draw_day(rng)
    province = None if rng.random() < 0.1 else rng.choice(ref.provinces)
    locality = CENTRAL if province is None else locality_at(province, day, ref)
    home = CENTRAL if province is None else province.name
    officials = choose_officials(rng, pools, home, term_of(day))
    directives = choose_directives(rng, pools, home, day)
    written = [as_written(rng, d) for d in directives]
    place = "Hà Nội" if province is None else locality
    body = article_body(rng, corpus, opening_paragraphs(rng, ref.names, day, place, officials, written), day)
    date_text = date_as_published(rng, day)
    title = article_title(rng, corpus, locality, day)
    slug = unique_slug(date_text, title, taken_slugs)
    districts = [rng.choice(province.districts)] if province and province.districts and rng.random() < 0.3 \
        and day < ref.reorganisation_date else []
    front = {
        "title": title, "slug": slug, "date": date_text, "event_date": None, "locality": locality,
        "districts": districts,
        "officials": [{"name": o.name, "titles": list(o.titles)} for o in officials],
        "directives": [d.front_matter(w) for d, w in zip(directives, written)],
        "congress_resolutions": [],
        "byline": rng.choice(corpus.bylines) if corpus.bylines else None,
        "photo_credit": None,
        "source": f"bench/generate.py --seed {seed} #{number}",
        "removed": [],
    }
    return slug, front, body


def content_text(front: dict, body: str) -> str:
    head = yaml.dump(front, Dumper=YAML_DUMPER, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{head}---\n\n{body}"


# ---- the corpus --------------------------------------------------------------------------------

def generate(count: int, out_dir: Path, seed: int = 1, seeds_dir: Path = ROOT / "seeds",
             corpus: SeedCorpus | None = None) -> list[Path]:
    """Write `count` articles to out_dir/articles/ and return their paths (files there before are removed)."""
    corpus = corpus or load_seed_corpus(seeds_dir)
    ref = load_reference()
    rng = random.Random(seed)
    pools = draw_pools(rng, ref)
    articles = out_dir / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    for old in articles.glob("*.md"):
        old.unlink()
    taken: set[str] = set()
    paths = []
    for number in range(1, count + 1):
        slug, front, body = make_article(rng, number, seed, corpus, ref, pools, taken)
        path = articles / f"{slug}.md"
        path.write_text(content_text(front, body), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of articles")
    parser.add_argument("out", type=Path, help="content folder to write (articles/ inside)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="raw seed articles (default seeds/)")
    parser.add_argument("--peers", type=Path, metavar="DIR",
                        help="also write the corpus as Hugo, Pelican and MkDocs projects under DIR/<tool>/")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("N must be at least 1")
    paths = generate(args.count, args.out, args.seed, args.seeds)
    print(f"wrote {len(paths)} articles to {args.out / 'articles'}")
    if args.peers:
        for tool, project in write_peer_corpora(args.out, args.peers).items():
            print(f"wrote the {tool} project {project}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The plain data that passes between the stages.

raw file --(raw.read_raw)--> RawArticle --(clean.clean_article)--> CleanArticle
--(extract.extract_metadata)--> Metadata --(content.to_content)--> ContentArticle (content/*.md)
--(site)--> pages.  Each stage is a function of the one before; nothing flows back.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawArticle:
    """A raw scraped file, decoded to NFC text with LF line ends."""

    source: str  # path as given on the command line, e.g. "seeds/000_x.txt"
    text: str
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Block:
    """One paragraph of the cleaned article. kind: "text", "caption" or "heading"."""

    text: str
    kind: str = "text"


@dataclass(frozen=True)
class CleanArticle:
    """The article separated from the portal's chrome, words as written."""

    source: str
    title: str | None
    blocks: tuple[Block, ...]
    byline: str | None = None
    photo_credit: str | None = None
    date_line: str | None = None  # the portal's date line, as written, for the date extractor
    removed: tuple[str, ...] = ()  # every line of chrome that cleaning took out, in order

    @property
    def body_text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)


@dataclass(frozen=True)
class Official:
    name: str
    titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Directive:
    """A numbered document cited in the article, resolved against the register where possible."""

    id: str  # stable register id, e.g. "chi-thi-05-ct-tw"
    type: str  # "Chỉ thị", "Nghị quyết", ...
    number: str  # as written, e.g. "05"
    code: str | None  # "CT/TW", "CT-TTg"; None where neither text nor issuer resolves it
    issuer: str | None = None
    date: str | None = None  # ISO date of issue where known
    as_written: str | None = None  # the citation as it stands in the text


@dataclass(frozen=True)
class Metadata:
    date: str | None  # ISO date, or an EDTF string when uncertain, or None
    event_date: str | None
    locality: str | None
    districts: tuple[str, ...] = ()
    officials: tuple[Official, ...] = ()
    directives: tuple[Directive, ...] = ()
    congress_resolutions: tuple[str, ...] = ()


@dataclass
class ContentArticle:
    """An article as it stands in content/articles/<slug>.md: front matter plus Markdown body."""

    path: str
    front_matter: dict
    body: str
    body_line: int = 1  # line number of the body's first line in the file, for messages

    @property
    def slug(self) -> str:
        return self.front_matter["slug"]

    @property
    def title(self) -> str:
        return self.front_matter.get("title") or self.slug


@dataclass
class Problem:
    """A problem in the input, reported with the file and line it comes from."""

    path: str
    message: str
    line: int | None = None
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


@dataclass
class Report:
    """Problems collected over a whole run, so that all are reported at once."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, path: str, message: str, line: int | None = None, severity: str = "error") -> None:
        self.problems.append(Problem(path, message, line, severity))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

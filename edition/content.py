"""content/articles/*.md: the editable source of truth, as front matter plus Markdown.

Writing turns a cleaned, extracted article into the file's text; reading parses and checks it,
reporting each problem with the file and line so an editor can find it.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path

import yaml

from edition.model import CleanArticle, ContentArticle, Metadata, Problem

FRONT_MATTER_ORDER = (
    "title", "slug", "date", "event_date", "locality", "districts", "officials", "directives",
    "congress_resolutions", "byline", "photo_credit", "source", "removed",
)
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_EDTF_DATE = r"(\d{4}|\d{3}X|\d{2}XX)(-(\d{2}|XX)(-(\d{2}|XX))?)?[~?%]?"
EDTF_PATTERN = re.compile(rf"^(?:{_EDTF_DATE}|(?:{_EDTF_DATE}|\.\.)?/(?:{_EDTF_DATE}|\.\.)?)$")


class ContentError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


# ---- writing ---------------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _yaml_date(value: str | None):
    """A plain ISO day is written as a YAML date (unquoted, as editors type it); EDTF stays text."""
    if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def front_matter_for(article: CleanArticle, metadata: Metadata, slug: str) -> dict:
    directives = []
    for d in metadata.directives:
        entry = {"id": d.id, "type": d.type, "number": d.number, "code": d.code, "issuer": d.issuer}
        if d.date:
            entry["date"] = _yaml_date(d.date)
        if d.as_written:
            entry["as_written"] = d.as_written
        directives.append(entry)
    fm = {
        "title": article.title,
        "slug": slug,
        "date": _yaml_date(metadata.date),
        "event_date": _yaml_date(metadata.event_date),
        "locality": metadata.locality,
        "districts": list(metadata.districts),
        "officials": [{"name": o.name, "titles": list(o.titles)} for o in metadata.officials],
        "directives": directives,
        "congress_resolutions": list(metadata.congress_resolutions),
        "byline": article.byline,
        "photo_credit": article.photo_credit,
        "source": article.source,
        "removed": list(article.removed),
    }
    return fm


_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]])")
_MARKDOWN_ENTITY = re.compile(r"&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[a-zA-Z0-9]+;)")  # the HTML reads it as a character
_MARKDOWN_ANGLE = re.compile(r"<")  # what may open a link Markdown reads (<http://...>, <a@b>) or a tag
_MARKDOWN_BLOCK_START = re.compile(r"^(#|>|[-+*] |-{3,}|\s{4})")
_MARKDOWN_ORDERED_ITEM = re.compile(r"^(\d+)([.)] )")


def escape_markdown(text: str) -> str:
    """Make text render as the same words: no emphasis, list, heading, link, address in angle brackets or
    character reference ("&amp;", "&#38;") is read into it."""
    text = _MARKDOWN_ANGLE.sub("&lt;", _MARKDOWN_ENTITY.sub("&amp;", text))
    text = _MARKDOWN_INLINE.sub(r"\\\1", text)
    text = text.lstrip()
    if _MARKDOWN_BLOCK_START.match(text):
        text = "\\" + text
    return _MARKDOWN_ORDERED_ITEM.sub(r"\1\\\2", text)


def body_markdown(article: CleanArticle) -> str:
    paragraphs = []
    for block in article.blocks:
        text = escape_markdown(" ".join(block.text.split()))
        if block.kind == "caption":
            text += "\n{: .caption }"
        elif block.kind == "heading":
            text = "## " + text
        paragraphs.append(text)
    return "\n\n".join(paragraphs) + "\n"


def render_content_file(front_matter: dict, body: str) -> str:
    ordered = {key: front_matter[key] for key in FRONT_MATTER_ORDER if key in front_matter}
    ordered.update({k: v for k, v in front_matter.items() if k not in ordered})
    head = yaml.dump(ordered, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return unicodedata.normalize("NFC", f"---\n{head}---\n\n{body}")


# ---- reading ---------------------------------------------------------------------------------

_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it: ~10x faster


class _TextDatesLoader(_FastLoader):
    """Reads 2019-12-25 as text: the schema check, not the YAML parser, judges whether it is a real day."""


_TextDatesLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))

try:
    from yaml._yaml import CParser as _EventParser
except ImportError:  # no libyaml: every front matter goes through the full loader
    _EventParser = None

_STR_TAG = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp")}
_SCALAR_CONSTRUCTOR = yaml.constructor.SafeConstructor()  # the loader's own scalar constructors need an instance
_NO_KEY = object()  # a mapping waiting for its next key


class _NotPlainYaml(Exception):
    """The front matter uses YAML the fast reader leaves to the full loader (anchors, tags, merge keys...)."""


def load_front_matter(head: str):
    """yaml.load(head, Loader=_TextDatesLoader), the same data and the same errors, several times faster.

    Front matter is plain YAML: mappings, lists and untagged scalars. What ingest writes is read line by
    line (_block_yaml_data: 1,005 front matters in 0.075-0.10 s, against 0.13 s built from libyaml's
    events); other plain YAML is built from libyaml's parse events, without the per-node Python of the
    constructor; anything else (and any error, so that its message is the loader's own) is read by the
    full loader."""
    try:
        return _block_yaml_data(head)
    except _NotPlainYaml:
        pass
    if _EventParser is not None:
        try:
            return _plain_yaml_data(head)
        except Exception:  # noqa: BLE001 - whatever the fast path declines, the loader reads or reports
            pass
    return yaml.load(head, Loader=_TextDatesLoader)


# What the line reader leaves to the parser: characters YAML does not print, tab, CR, YAML's other line
# breaks (NEL, LS, PS) and the byte-order mark, which it would have to read as libyaml does.
_NOT_FOR_LINE_READER = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_BLOCK_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +(.*))?")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


def _block_yaml_data(head: str):
    """Front matter as ingest writes it, read line by line: block mappings with plain keys, block lists
    (indented or not), and one scalar per entry, plain or single-quoted, folded over several lines or not.
    Anything else (flow collections but [] and {}, double quotes, block scalars, comments, anchors, tags,
    blank lines...) raises _NotPlainYaml, for the parser to read or report."""
    if _NOT_FOR_LINE_READER.search(head):
        raise _NotPlainYaml
    lines = []
    for line in head.rstrip(" \n").split("\n"):
        text = line.strip(" ")
        if not text:
            raise _NotPlainYaml  # a blank line folds a scalar into two lines: the parser's to read
        lines.append((len(line) - len(line.lstrip(" ")), text))
    if lines[0][0] != 0:
        raise _NotPlainYaml
    data, at = _block_mapping(lines, 0, 0)
    if at != len(lines):
        raise _NotPlainYaml
    return data


def _is_item(text: str) -> bool:
    return text.startswith("- ")


def _block_node(lines: list, at: int, indent: int):
    return _block_list(lines, at, indent) if _is_item(lines[at][1]) else _block_mapping(lines, at, indent)


def _block_mapping(lines: list, at: int, indent: int):
    mapping = {}
    while at < len(lines) and lines[at][0] == indent:
        match = _BLOCK_KEY.fullmatch(lines[at][1])
        if not match:
            raise _NotPlainYaml
        key = _plain_scalar(match.group(1))
        if type(key) is not str:
            raise _NotPlainYaml  # null:, true:, 1: ... are keys of other types
        at += 1
        if match.group(2) is not None:
            value, at = _block_scalar(lines, at, indent, match.group(2))
        elif at < len(lines) and lines[at][0] > indent:
            value, at = _block_node(lines, at, lines[at][0])
        elif at < len(lines) and lines[at][0] == indent and _is_item(lines[at][1]):
            value, at = _block_list(lines, at, indent)  # a list not indented under its key
        else:
            value = None
        mapping[key] = value
    return mapping, at


def _block_list(lines: list, at: int, indent: int):
    items = []
    while at < len(lines) and lines[at][0] == indent and _is_item(lines[at][1]):
        rest = lines[at][1][2:]
        content = rest.lstrip(" ")
        if _is_item(content) or content == "-":
            raise _NotPlainYaml  # a list in a list
        if _BLOCK_KEY.fullmatch(content):  # "- key: value": a mapping whose keys line up with this one
            lines[at] = (indent + 2 + len(rest) - len(content), content)
            value, at = _block_mapping(lines, at, lines[at][0])
        else:
            value, at = _block_scalar(lines, at + 1, indent, content)
        items.append(value)
    return items, at


def _is_plain_line(text: str) -> bool:
    """A line of a plain scalar: no indicator opens it, no ": " or ":" at the end makes a key of it, no " #"
    makes a comment of its end."""
    return text[0] not in _INDICATORS and ": " not in text and " #" not in text and text[-1] != ":"


def _block_scalar(lines: list, at: int, indent: int, first: str):
    """The scalar that begins with `first` and goes on over the lines indented deeper than `indent`."""
    if (at == len(lines) or lines[at][0] <= indent) and _is_plain_line(first):
        return _plain_scalar(first), at  # the common case: plain, on one line
    parts = [first]
    while at < len(lines) and lines[at][0] > indent:
        parts.append(lines[at][1])
        at += 1
    if first[0] == "'":
        text = " ".join(parts)  # a line break between two lines of text folds into a space
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != "'" or "'" in inner.replace("''", ""):
            raise _NotPlainYaml
        return sys.intern(inner.replace("''", "'")), at
    if len(parts) == 1 and first in ("[]", "{}"):
        return ([] if first == "[]" else {}), at
    if not all(map(_is_plain_line, parts)):
        raise _NotPlainYaml
    return _plain_scalar(" ".join(parts)), at


def _plain_yaml_data(head: str):
    events = _EventParser(head)
    get_event = events.get_event
    get_event()  # stream start
    event = get_event()
    if type(event) is yaml.StreamEndEvent:
        return None
    if type(event) is not yaml.DocumentStartEvent:
        raise _NotPlainYaml
    frames: list[list] = []  # [container, key waiting for its value] for each open mapping or list
    root = None
    while True:
        event = get_event()
        kind = type(event)
        if kind is yaml.ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                raise _NotPlainYaml
            value = event.value
            if event.implicit[0]:
                value = _plain_scalar(value)
            else:
                value = sys.intern(value)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                raise _NotPlainYaml
            if frames and type(frames[-1][0]) is dict and frames[-1][1] is _NO_KEY:
                raise _NotPlainYaml  # a mapping or list as a key
            frames.append([{} if kind is yaml.MappingStartEvent else [], _NO_KEY])
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value = frames.pop()[0]
        elif kind is yaml.DocumentEndEvent:
            break
        else:  # an alias
            raise _NotPlainYaml
        if not frames:
            root = value
            continue
        frame = frames[-1]
        container = frame[0]
        if type(container) is list:
            container.append(value)
        elif frame[1] is _NO_KEY:
            frame[1] = value
        else:
            container[frame[1]] = value
            frame[1] = _NO_KEY
    if type(get_event()) is not yaml.StreamEndEvent:
        raise _NotPlainYaml  # more than one document: the loader says so
    return root


def _implicit_resolvers_by_first_character() -> dict[str, tuple]:
    """The loader's implicit resolvers, as its resolve() looks them up: by a value's first character."""
    table = _TextDatesLoader.yaml_implicit_resolvers
    wildcard = table.get(None, [])
    return {first: tuple(resolvers + wildcard) for first, resolvers in table.items() if first is not None}


_IMPLICIT_RESOLVERS = _implicit_resolvers_by_first_character()
_WILDCARD_RESOLVERS = tuple(_TextDatesLoader.yaml_implicit_resolvers.get(None, []))


_PLAIN_SCALARS: dict = {}  # text -> value; a collection repeats its keys, names, titles and places
PLAIN_SCALARS_KEPT = 1 << 16


def _plain_scalar(value: str):
    """An untagged plain scalar, typed by the loader's own implicit resolvers and constructors."""
    known = _PLAIN_SCALARS.get(value, _NO_KEY)
    if known is _NO_KEY:
        known = _typed_plain_scalar(value)
        if len(_PLAIN_SCALARS) < PLAIN_SCALARS_KEPT:
            _PLAIN_SCALARS[value] = known  # null, booleans, numbers and text: all immutable
    return known


def _typed_plain_scalar(value: str):
    for tag, pattern in _IMPLICIT_RESOLVERS.get(value[:1], _WILDCARD_RESOLVERS):
        if pattern.match(value):
            break
    else:
        return sys.intern(value)
    if tag == _STR_TAG:
        return sys.intern(value)
    if tag not in _SCALAR_TAGS:
        raise _NotPlainYaml
    return _TextDatesLoader.yaml_constructors[tag](_SCALAR_CONSTRUCTOR, yaml.ScalarNode(tag, value))


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """Return (front matter YAML, body, line number of the body's first line)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ContentError(Problem(path, "the file must start with a '---' line opening the front matter", 1))
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            head = "\n".join(lines[1 : number - 1])
            body = "\n".join(lines[number:])
            return head, body, number + 1
    raise ContentError(Problem(path, "the front matter is not closed by a '---' line", 1))


def _key_lines(node) -> dict[str, int]:
    """Line of each top-level key, and of each item of a list ("directives.0"), in the file."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    lines = {}
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode):
            lines[key.value] = key.start_mark.line + 2
            if isinstance(value, yaml.SequenceNode):
                for index, item in enumerate(value.value):
                    lines[f"{key.value}.{index}"] = item.start_mark.line + 2
    return lines


def parse_content(text: str, path: str) -> tuple[ContentArticle, list[Problem]]:
    """Parse one content file. Raises ContentError when it cannot be read at all; returns the
    article and the problems found in its front matter otherwise."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    head, body, body_line = split_front_matter(text, path)
    try:
        data = load_front_matter(head)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 2 if mark else 1
        reason = getattr(exc, "problem", None) or str(exc)
        raise ContentError(Problem(path, f"front matter is not valid YAML: {reason}", line)) from None
    if not isinstance(data, dict):
        raise ContentError(Problem(path, "the front matter must be a mapping of keys to values", 2))
    problems = validate_front_matter(data, {}, path)
    if problems:  # parse again, keeping positions, only to say on which line each problem is
        problems = validate_front_matter(data, _key_lines(yaml.compose(head, Loader=_FastLoader)), path)
    data = normalise_front_matter(data)
    return ContentArticle(path=path, front_matter=data, body=body, body_line=body_line), problems


def _date_text(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)


def is_valid_date(value) -> bool:
    text = _date_text(value)
    if text is None:
        return True
    if not EDTF_PATTERN.match(text):
        return False
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            return False
    return True


def validate_front_matter(data: dict, lines: dict[str, int], path: str) -> list[Problem]:
    problems: list[Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(path, message, lines.get(key) or lines.get(key.split(".")[0], 2)))

    if not isinstance(data.get("title"), str) or not data.get("title", "").strip():
        bad("title", "'title' must be a non-empty text")
    slug = data.get("slug")
    if not isinstance(slug, str) or not SLUG_PATTERN.match(slug) or len(slug) > 120:
        bad("slug", f"'slug' must be lower-case ASCII letters, digits and hyphens, found {slug!r}")
    for key in ("date", "event_date"):
        if key in data and not is_valid_date(data[key]):
            bad(key, f"'{key}' must be an ISO date (2019-12-25) or an EDTF value (2021-12, 2021~, 2021/2022) or null, found {data[key]!r}")
    for key in ("locality", "byline", "photo_credit", "source"):
        if data.get(key) is not None and not isinstance(data[key], str):
            bad(key, f"'{key}' must be a text or null, found {data[key]!r}")
    officials = data.get("officials") or []
    if not isinstance(officials, list) or not all(
        isinstance(o, dict) and isinstance(o.get("name"), str) and isinstance(o.get("titles", []) or [], list)
        for o in officials
    ):
        bad("officials", "'officials' must be a list of entries with 'name' (text) and 'titles' (a list)")
    directives = data.get("directives") or []
    if not isinstance(directives, list):
        bad("directives", "'directives' must be a list")
    else:
        for index, d in enumerate(directives):
            where = f"directives.{index}"
            if not isinstance(d, dict) or not isinstance(d.get("id"), str) or not SLUG_PATTERN.match(d.get("id", "")):
                found = d.get("id") if isinstance(d, dict) else d
                bad(where, f"each directive needs an 'id' of lower-case ASCII letters, digits and hyphens, found {found!r}")
            elif not d.get("type"):
                bad(where, f"directive {d['id']!r} needs a 'type' (Chỉ thị, Nghị quyết, ...)")
            elif d.get("date") is not None and not is_valid_date(d["date"]):
                bad(where, f"directive {d['id']!r} has a 'date' that is not an ISO date: {d['date']!r}")
    for key in ("districts", "congress_resolutions", "removed"):
        if data.get(key) is not None and not isinstance(data[key], list):
            bad(key, f"'{key}' must be a list")
    return problems


def normalise_front_matter(data: dict) -> dict:
    """Bring the values editors may type in several ways to one form (dates as text, numbers as text)."""
    data = dict(data)
    for key in ("date", "event_date"):
        data[key] = _date_text(data.get(key))
    data["officials"] = [
        {"name": str(o.get("name")), "titles": [str(t) for t in (o.get("titles") or [])]}
        for o in (data.get("officials") or []) if isinstance(o, dict) and o.get("name")
    ]
    directives = []
    for d in data.get("directives") or []:
        if isinstance(d, dict) and d.get("id"):
            d = dict(d)
            d["number"] = None if d.get("number") is None else str(d["number"])
            d["date"] = _date_text(d.get("date"))
            directives.append(d)
    data["directives"] = directives
    for key in ("districts", "congress_resolutions", "removed"):
        data[key] = [str(x) for x in (data.get(key) or [])] if isinstance(data.get(key), list) else []
    return data


def read_content_dir(content_dir: Path) -> tuple[list[ContentArticle], list[Problem]]:
    articles, problems = [], []
    for path in sorted((content_dir / "articles").glob("*.md")):
        shown = str(path)
        try:
            article, found = parse_content(path.read_text(encoding="utf-8"), shown)
        except UnicodeDecodeError as exc:
            problems.append(Problem(shown, f"not UTF-8 text: {exc.reason} at byte {exc.start}"))
            continue
        except ContentError as exc:
            problems.append(exc.problem)
            continue
        problems.extend(found)
        if not found:
            articles.append(article)
    return articles, problems

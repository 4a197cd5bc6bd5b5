"""The ingest stage: raw files in seeds/ -> content/articles/<slug>.md.

Idempotent, and safe for editors: a content file is rewritten only while it still holds exactly
what ingest last wrote there (its hash is kept in content/.ingest-state.json). A file an editor
changed is kept, and reported; --force rewrites it after saving a backup.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from edition.clean import clean_article
from edition.content import body_markdown, front_matter_for, parse_content, render_content_file, ContentError
from edition.extract import extract_metadata
from edition.model import Problem
from edition.raw import UnreadableRaw, read_raw
from edition.slugs import article_slug, unique_slug

STATE_FILE = ".ingest-state.json"
BACKUP_DIR = ".backup"
RAW_SUFFIXES = (".txt",)


@dataclass
class IngestResult:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # changed by an editor, left as they are
    would_write: dict[str, str] = field(default_factory=dict)  # path -> diff, for --dry-run and kept files
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (raw file, content file it duplicates)
    problems: list[Problem] = field(default_factory=list)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def display_path(path: Path) -> str:
    """The path as a user would type it from here: relative where it can be, with forward slashes."""
    try:
        relative = Path(os.path.relpath(path))
    except ValueError:
        return path.as_posix()
    return path.resolve().as_posix() if relative.parts[:1] == ("..",) and path.is_absolute() else relative.as_posix()


def load_state(content_dir: Path) -> dict:
    path = content_dir / STATE_FILE
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}


def save_state(content_dir: Path, state: dict) -> None:
    path = content_dir / STATE_FILE
    path.write_text(json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


@dataclass
class ExistingContent:
    by_source: dict[str, Path]  # raw file name -> content file
    by_body: dict[str, Path]  # hash of the cleaned body -> content file
    slugs: set[str]


def scan_existing(articles_dir: Path) -> ExistingContent:
    by_source, by_body, slugs = {}, {}, set()
    for path in sorted(articles_dir.glob("*.md")):
        slugs.add(path.stem)
        try:
            article, _ = parse_content(path.read_text(encoding="utf-8"), str(path))
        except (ContentError, UnicodeDecodeError):
            continue
        slugs.add(str(article.front_matter.get("slug") or path.stem))
        source = article.front_matter.get("source")
        if source:
            by_source[Path(str(source)).name] = path
        by_body[sha256(article.body.strip())] = path
    return ExistingContent(by_source, by_body, slugs)


def raw_files(seeds_dir: Path) -> list[Path]:
    return sorted(p for p in seeds_dir.iterdir() if p.is_file() and p.suffix.lower() in RAW_SUFFIXES)


def ingest(seeds_dir: Path, content_dir: Path, force: bool = False, dry_run: bool = False) -> IngestResult:
    result = IngestResult()
    if not seeds_dir.is_dir():
        result.problems.append(Problem(str(seeds_dir), "the raw articles folder does not exist"))
        return result
    articles_dir = content_dir / "articles"
    if not dry_run:
        articles_dir.mkdir(parents=True, exist_ok=True)
    existing = scan_existing(articles_dir) if articles_dir.exists() else ExistingContent({}, {}, set())
    state = load_state(content_dir)
    bodies_this_run: dict[str, str] = {}

    for raw_path in raw_files(seeds_dir):
        source = display_path(raw_path)
        try:
            raw = read_raw(raw_path, source)
        except UnreadableRaw as exc:
            result.problems.append(Problem(source, f"skipped: {exc}"))
            continue
        article = clean_article(raw)
        metadata = extract_metadata(article)
        body = body_markdown(article)
        body_hash = sha256(body.strip())

        target = existing.by_source.get(raw_path.name)
        duplicate_of = bodies_this_run.get(body_hash) or (
            display_path(existing.by_body[body_hash]) if body_hash in existing.by_body and target is None else None
        )
        if duplicate_of and target is None:
            result.duplicates.append((source, duplicate_of))
            continue
        if target is None:
            slug = unique_slug(article_slug(article.title, metadata.date, raw_path.stem), existing.slugs)
            target = articles_dir / f"{slug}.md"
            existing.slugs.add(slug)
        else:
            slug = target.stem
        bodies_this_run[body_hash] = display_path(target)
        text = render_content_file(front_matter_for(article, metadata, slug), body)
        write_one(target, text, content_dir, state, result, force, dry_run)

    if not dry_run:
        save_state(content_dir, state)
    return result


def write_one(target: Path, text: str, content_dir: Path, state: dict, result: IngestResult,
              force: bool, dry_run: bool) -> None:
    key = target.relative_to(content_dir).as_posix()
    shown = display_path(target)
    if target.exists():
        current = target.read_text(encoding="utf-8", errors="replace")
        if current == text:
            state[key] = sha256(text)
            result.unchanged.append(shown)
            return
        edited = state.get(key) != sha256(current)
        if edited and not force:
            result.kept.append(shown)
            result.would_write[shown] = unified_diff(current, text, shown)
            return
        if dry_run:
            result.would_write[shown] = unified_diff(current, text, shown)
            return
        if edited:
            backup_file(target, current, content_dir)
    elif dry_run:
        result.would_write[shown] = unified_diff("", text, shown)
        return
    write_atomically(target, text)
    state[key] = sha256(text)
    result.written.append(shown)


def backup_file(target: Path, current: str, content_dir: Path) -> Path:
    backup_dir = content_dir / BACKUP_DIR
    backup_dir.mkdir(exist_ok=True)
    n = 1
    while (backup_dir / f"{target.stem}.{n}.md").exists():
        n += 1
    backup = backup_dir / f"{target.stem}.{n}.md"
    backup.write_text(current, encoding="utf-8")
    return backup


def write_atomically(target: Path, text: str) -> None:
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    os.replace(tmp, target)


def unified_diff(old: str, new: str, name: str) -> str:
    return "".join(difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"{name} (now)", f"{name} (ingest)"
    ))

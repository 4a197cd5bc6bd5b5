"""Ingest is idempotent and never loses an editor's change."""
from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, run_build_py


def ingest(seeds: Path, content: Path, *extra: str):
    return run_build_py("ingest", "--seeds", str(seeds), "--content", str(content), *extra, check=False)


def snapshot(content: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((content / "articles").glob("*.md"))}


def test_one_content_file_per_raw_article_and_ingesting_twice_changes_nothing(tmp_path):
    content = tmp_path / "content"
    first = ingest(ROOT / "seeds", content)
    assert first.returncode == 0, first.stderr
    files = snapshot(content)
    assert len(files) == len(list((ROOT / "seeds").glob("*.txt")))
    second = ingest(ROOT / "seeds", content)
    assert second.returncode == 0
    assert "wrote" not in second.stdout
    assert snapshot(content) == files


def test_an_editors_change_survives_reingest_and_is_reported(tmp_path):
    content = tmp_path / "content"
    ingest(ROOT / "seeds", content)
    target = sorted((content / "articles").glob("*.md"))[0]
    edited = target.read_text(encoding="utf-8").replace("title: ", "title: Đã sửa — ", 1)
    target.write_text(edited, encoding="utf-8")

    result = ingest(ROOT / "seeds", content)
    assert target.read_text(encoding="utf-8") == edited
    assert f"kept" in result.stdout and target.name in result.stdout

    dry = ingest(ROOT / "seeds", content, "--dry-run", "--force")
    assert target.read_text(encoding="utf-8") == edited
    assert "Đã sửa" in dry.stdout  # the diff shows what would be replaced

    forced = ingest(ROOT / "seeds", content, "--force")
    assert forced.returncode == 0
    assert "Đã sửa" not in target.read_text(encoding="utf-8")
    backups = list((content / ".backup").glob("*.md"))
    assert [b.read_text(encoding="utf-8") for b in backups] == [edited]


def test_a_renamed_title_keeps_the_slug(tmp_path):
    content = tmp_path / "content"
    ingest(ROOT / "seeds", content)
    target = sorted((content / "articles").glob("*.md"))[0]
    text = target.read_text(encoding="utf-8")
    title_line = next(line for line in text.splitlines() if line.startswith("title: "))
    target.write_text(text.replace(title_line, "title: Một tiêu đề khác hẳn"), encoding="utf-8")
    ingest(ROOT / "seeds", content)
    assert sorted(p.name for p in (content / "articles").glob("*.md")).count(target.name) == 1
    assert len(list((content / "articles").glob("*.md"))) == len(list((ROOT / "seeds").glob("*.txt")))


def test_a_new_raw_file_is_added_without_touching_the_others(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    raw = sorted((ROOT / "seeds").glob("*.txt"))
    shutil.copy(raw[0], seeds)
    content = tmp_path / "content"
    ingest(seeds, content)
    before = snapshot(content)
    shutil.copy(raw[1], seeds)
    ingest(seeds, content)
    after = snapshot(content)
    assert len(after) == 2 and all(after[name] == data for name, data in before.items())


def test_usage_errors_exit_2(tmp_path):
    assert run_build_py("frobnicate", check=False).returncode == 2
    assert run_build_py("build", "--nope", check=False).returncode == 2
    assert run_build_py("--config", str(tmp_path / "missing.yaml"), "build", check=False).returncode == 2

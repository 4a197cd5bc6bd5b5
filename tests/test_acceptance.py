"""Extraction scored against what a careful editor extracts (../shared/acceptance), as CI runs it."""
from __future__ import annotations

import subprocess
import sys

from conftest import run_build_py, shared_path

SEED_BARS = ["title=1", "date=1", "locality=1", "byline=1", "officials=0.97", "directives=0.97"]
DEV_BARS = [f"{field}=0.9" for field in ("title", "date", "locality", "byline", "officials", "directives")]


def score(gold, content, bars) -> subprocess.CompletedProcess:
    args = [sys.executable, str(shared_path("acceptance", "score.py")), str(gold), str(content), "--verbose"]
    for bar in bars:
        args += ["--min", bar]
    return subprocess.run(args, capture_output=True, text=True, timeout=120)


def test_seeds_meet_the_editors_reference(seeds_content):
    result = score(shared_path("acceptance", "seeds-gold.yaml"), seeds_content, SEED_BARS)
    assert result.returncode == 0, result.stdout


def test_development_set_meets_the_bar(tmp_path):
    raw = shared_path("acceptance", "dev", "raw")
    content = tmp_path / "dev"
    run_build_py("ingest", "--seeds", str(raw), "--content", str(content))
    result = score(shared_path("acceptance", "dev", "gold.yaml"), content, DEV_BARS)
    assert result.returncode == 0, result.stdout

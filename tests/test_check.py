"""`build.py check` passes the seeds site and names every problem of a broken one."""
from __future__ import annotations

import shutil

import pytest

from conftest import run_build_py


def test_check_passes_on_the_seeds_site(seeds_content, seeds_site):
    result = run_build_py("check", "--content", str(seeds_content), "--out", str(seeds_site), check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_names_each_problem(seeds_content, seeds_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(seeds_site, site)
    about = site / "about" / "index.html"
    html = about.read_text(encoding="utf-8")
    html = html.replace("</main>", '<a href="../nowhere/index.html">x</a><a href="/abs/">y</a>'
                        '<a href="../index.html#no-such-anchor">z</a><div><p>unclosed</span></div></main>')
    about.write_text(html, encoding="utf-8")
    content = tmp_path / "content"
    shutil.copytree(seeds_content, content)
    articles = sorted((content / "articles").glob("*.md"))
    retyped = next(p for p in articles if "id: chi-thi-05-ct-tw" in p.read_text(encoding="utf-8"))
    article = next(p for p in articles if p != retyped)
    article.write_text(article.read_text(encoding="utf-8").replace("date:", "date: hôm qua #", 1), encoding="utf-8")
    retyped.write_text(retyped.read_text(encoding="utf-8").replace("id: chi-thi-05-ct-tw", "id: chi-thi-5-ct-tw"), encoding="utf-8")

    result = run_build_py("check", "--content", str(content), "--out", str(site), check=False)
    report = result.stderr
    assert result.returncode == 1
    assert f"{article}:" in report and "'date'" in report
    assert f"{retyped}:" in report and "'chi-thi-5-ct-tw' is not in the register" in report
    assert "about/index.html" in report
    assert "broken link '../nowhere/index.html'" in report
    assert "root-relative link '/abs/'" in report
    assert "no element with that id" in report
    if shutil.which("java"):
        assert "invalid HTML" in report

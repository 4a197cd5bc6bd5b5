"""Front matter: written the way the contract shows it, read back with problems named by file and line."""
import datetime as dt
import html
import re

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from edition import content
from edition.content import (
    ContentError, _TextDatesLoader, escape_markdown, load_front_matter, parse_content, render_content_file,
)
from edition.site.markdown_render import render_body
from tests.conftest import ROOT

GOOD = """---
title: Tổng kết
slug: 2019-12-25-tong-ket
date: 2019-12-25
locality: Hải Phòng
officials:
  - name: Nguyễn Văn A
    titles: [Bí thư Tỉnh ủy]
directives:
  - id: chi-thi-05-ct-tw
    type: Chỉ thị
    number: "05"
    code: CT/TW
source: seeds/x.txt
---

Đoạn một.
"""


def test_round_trip_keeps_dates_plain_and_numbers_as_text():
    article, problems = parse_content(GOOD, "a.md")
    assert problems == []
    assert article.front_matter["date"] == "2019-12-25"
    assert article.front_matter["directives"][0]["number"] == "05"
    text = render_content_file({"title": "T", "slug": "t", "date": dt.date(2019, 12, 25), "number": "05"}, "x\n")
    assert "date: 2019-12-25\n" in text and "number: '05'" in text


@pytest.mark.parametrize("change, line, words", [
    (("date: 2019-12-25", "date: hôm qua"), 4, "'date' must be an ISO date"),
    (("date: 2019-12-25", "date: 2019-02-30"), 4, "'date'"),
    (("slug: 2019-12-25-tong-ket", "slug: ../../etc"), 3, "'slug'"),
    (("  - id: chi-thi-05-ct-tw", "  - id: Chỉ thị 05"), 10, "directive needs an 'id'"),
])
def test_front_matter_problems_name_the_line(change, line, words):
    _, problems = parse_content(GOOD.replace(*change), "content/articles/a.md")
    assert problems, "expected a problem"
    assert problems[0].line == line and words in problems[0].message
    assert str(problems[0]).startswith(f"content/articles/a.md:{line}:")


def test_broken_yaml_is_an_error_with_its_line():
    with pytest.raises(ContentError) as caught:
        parse_content(GOOD.replace("locality: Hải Phòng", "locality: [Hải Phòng"), "a.md")
    assert caught.value.problem.line and caught.value.problem.line >= 5
    assert "not valid YAML" in caught.value.problem.message


def test_missing_front_matter_is_an_error():
    with pytest.raises(ContentError):
        parse_content("just text\n", "a.md")


@pytest.mark.parametrize("text", ["# không phải tiêu đề", "1. mục", "- gạch", "*nhấn* và _gạch_ [link](x)",
                                  "<script>alert(1)</script>", "a\\b", "> trích", "&0;", "AT&T;", "&amp; &copy;",
                                  "&#123; &#x41; &#X41;", "\\&0;", "===", "=== a", "--- b", "<0@0>", "<0@<>",
                                  "<http://tuyengiao.vn>", "<ban@tochuc.vn>", "a < b > c"])
def test_escaped_text_renders_as_the_same_words(text):
    rendered = render_body(escape_markdown(text))
    assert rendered.paragraphs[0][1] == text
    assert "<script" not in rendered.html
    assert html.unescape(re.sub("<[^>]+>", "", rendered.html)) == text  # what the page shows


MARKDOWN_CHARACTERS = list("&#;x0aĐ*_`[]()<>!\\-+. =:|{}~^\"'/@") + ["http://", "1.", "2)"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(MARKDOWN_CHARACTERS), min_size=1, max_size=30).map("".join))
def test_text_of_markdowns_own_characters_shows_as_the_same_words(text):
    text = " ".join(text.split())
    if text:
        rendered = render_body(escape_markdown(text))
        assert [words for _, words in rendered.paragraphs] == [text]
        assert html.unescape(re.sub("<[^>]+>", "", rendered.html)) == text


def test_edtf_dates_accepted():
    for value in ("2021", "2021-12", "2021~", "2021-10-25/2022-12-31", "2021/2022", "null"):
        _, problems = parse_content(GOOD.replace("date: 2019-12-25", f"date: {value}"), "a.md")
        assert problems == [], value


@pytest.mark.parametrize("head", [
    "", "# only a comment\n", GOOD.split("---\n")[1], "a: 1\n---\nb: 2\n", "- 1\n- [2, {x: y}]\n", "just words",
    "a: &x 1\nb: *x\n", "<<: {a: 1}\nb: 2\n", "a: =\n", "=: 3\n", "a: !!str 3\n", "a: !foo 3\n", "[a]: 1\n",
    "a: yes\nb: No\nc: on\nd: ~\ne:\nf: 0x1F\ng: 017\nh: 1_000\ni: 1:30\nj: .inf\nk: .NaN\nl: 1.5e3\n"
    "m: 2019-12-25\nn: 2019-12-25 10:00:00\no: '05'\np: \"x\\ty\"\nq: |\n  two\n  lines\nr: >\n  folded\n  text\n",
    "1: x\n2.5: y\nnull: z\ntrue: w\n", "a: 1\na: 2\n", "a: [1, 2\n", "a: b: c\n", "a:\n  - b\n   - c\n",
    "a: x y\n  z\n", "a: 'x\n  y'\n", "a: 'it''s'\n", "a: 'x\n\n  y'\n", "a:\n- x\n- 'y'\nb: 1\n", "a:\n  - x\n  - 1\n",
    "a:\n- b: 1\n  c:\n  - d\n  e: 1:30\n", "a: x #c\n", "a: 'x' y\n", "a: x\n   - y\n", "a: x\nb:\n", "a: [] \nb: {}\n",
    "a: x:\n", "a:   x\n", "a: x\n b: y\n", "a:\n  b: 1\n c: 2\n", "a: 'x\nb: y\n", "a: x\n\n", "a: '2019-12-25'\n",
])
def test_front_matter_reader_gives_what_the_yaml_loader_gives(head):
    def outcome(load):
        try:
            data = load(head)
        except yaml.YAMLError as exc:
            return "error", str(exc)
        return "data", repr(data)
    assert outcome(load_front_matter) == outcome(lambda text: yaml.load(text, Loader=_TextDatesLoader))


# ---- the line reader of front matter as ingest writes it ---------------------------------------

TRICKY_TEXT = st.text(alphabet=st.sampled_from(list("ab xĐạ:#'\"-?[]{},&*!|>%@`\\.~") + ["\t", "\x85", "\u2028", "\ufeff"]),
                      max_size=30)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), TRICKY_TEXT,
    st.sampled_from(["2019-12-25", "2019-12", "1:30", "0x1F", "017", "~", "null", "yes", "No", "on", "=", "<<", ".inf",
                     "1e3", "1_000", "-", "- a", "a: b", "a #b", "a:", "#a", "''", "[]", "{}", "Chỉ thị 35-CT/TW"]),
)
KEYS = st.sampled_from(["title", "slug", "date", "a", "b_c", "x1", "_x", "null", "yes", "1", "k y", "<<", "Đ"])
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
                      max_leaves=12)


def line_reader(head: str):
    """What _block_yaml_data reads, or None where it leaves the head to the parser."""
    try:
        return content._block_yaml_data(head)
    except content._NotPlainYaml:
        return None


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(KEYS, VALUES, min_size=1, max_size=6), st.integers(8, 100), st.sampled_from([2, 4]))
def test_the_line_reader_reads_what_the_dumper_writes_as_the_loader_does(data, width, indent):
    head = yaml.dump(data, Dumper=content._Dumper, allow_unicode=True, sort_keys=False, width=width, indent=indent)
    read = line_reader(head)
    if read is not None:
        assert repr(read) == repr(yaml.load(head, Loader=_TextDatesLoader)), head


PIECES = st.sampled_from(["x", "b c", "'y'", "'a''b'", "'", "'z", "w'", "[]", "{}", "[1]", "1", "yes", "~", "#c", " #c",
                          ": ", ":", "-", "- ", '"q"', "a:b", "é", ""])
LINES = st.builds(lambda depth, item, key, pieces: " " * depth + item + (key + ": " if key else "") + "".join(pieces),
                  st.sampled_from([0, 0, 0, 2, 2, 4, 1, 3]), st.sampled_from(["", "", "", "- ", "- ", "-  ", "- - "]),
                  st.sampled_from(["a", "b", "c", "", "null"]), st.lists(PIECES, max_size=3))


@settings(max_examples=1500, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=8))
def test_the_line_reader_takes_nothing_the_loader_would_read_otherwise_or_refuse(lines):
    head = "\n".join(["top: x", *lines])  # a mapping, as front matter is
    read = line_reader(head)
    if read is not None:
        assert repr(read) == repr(yaml.load(head, Loader=_TextDatesLoader)), head


def test_the_line_reader_reads_every_file_ingest_wrote():
    files = sorted((ROOT / "tests" / "golden" / "content" / "articles").glob("*.md"))
    heads = [content.split_front_matter(path.read_text(encoding="utf-8"), str(path))[0] for path in files]
    assert files and all(line_reader(head) is not None for head in heads)
    folded = [line for head in heads for line in head.splitlines()
              if not re.match(r"(- )?([A-Za-z_]+:( |$)|- )", line.strip() + " ")]
    assert folded  # long titles and names go on over a second line

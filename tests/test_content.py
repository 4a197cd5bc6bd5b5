"""Front matter: written the way the contract shows it, read back with problems named by file and line."""
import datetime as dt

import pytest
import yaml

from edition.content import (
    ContentError, _TextDatesLoader, escape_markdown, load_front_matter, parse_content, render_content_file,
)
from edition.site.markdown_render import render_body

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
                                  "<script>alert(1)</script>", "a\\b", "> trích"])
def test_escaped_text_renders_as_the_same_words(text):
    rendered = render_body(escape_markdown(text))
    assert rendered.paragraphs[0][1] == text
    assert "<script" not in rendered.html


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
])
def test_front_matter_reader_gives_what_the_yaml_loader_gives(head):
    def outcome(load):
        try:
            data = load(head)
        except yaml.YAMLError as exc:
            return "error", str(exc)
        return "data", repr(data)
    assert outcome(load_front_matter) == outcome(lambda text: yaml.load(text, Loader=_TextDatesLoader))

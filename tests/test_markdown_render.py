"""The fast path for plain bodies gives exactly what Python-Markdown gives, or declines."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings, strategies as st

from edition.content import body_markdown, parse_content
from edition.model import Block, CleanArticle
from edition.site.markdown_render import make_renderer, render_body, render_plain_paragraphs

ROOT = Path(__file__).resolve().parent.parent
MARKDOWN = make_renderer()


def by_markdown(text: str):
    MARKDOWN.reset()
    MARKDOWN.paragraphs = []  # an empty document runs no tree processor
    html = MARKDOWN.convert(text)
    return html, tuple((anchor, plain.strip()) for anchor, plain in MARKDOWN.paragraphs)


def assert_same_or_declined(text: str) -> None:
    fast = render_plain_paragraphs(text)
    if fast is not None:
        assert (fast.html, fast.paragraphs) == by_markdown(text)


words = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(list("\n *_#-1.>&<[]`{}\\")),
                min_size=1, max_size=80)


@given(st.lists(st.tuples(words, st.sampled_from(["text", "caption", "heading"])), min_size=1, max_size=6))
@settings(max_examples=400, deadline=None)
def test_any_article_body_renders_as_markdown_would(blocks):
    article = CleanArticle(source="x", title="t", blocks=tuple(Block(text, kind) for text, kind in blocks))
    assert_same_or_declined(body_markdown(article))


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_any_text_renders_as_markdown_would(text):
    assert_same_or_declined(text)


def test_plain_paragraphs_and_captions_take_the_fast_path():
    text = "Đoạn một, có “ngoặc kép” và 35-CT/TW.\n\nẢnh: Toàn cảnh hội nghị\n{: .caption }\n\nĐoạn ba 100%.\n"
    fast = render_plain_paragraphs(text)
    assert fast is not None and (fast.html, fast.paragraphs) == by_markdown(text)
    assert render_body(text).html == fast.html


def test_seed_articles_render_the_same_either_way(seeds_content):
    for path in sorted((seeds_content / "articles").glob("*.md")):
        assert_same_or_declined(parse_content(path.read_text(encoding="utf-8"), str(path))[0].body)


def test_a_character_reference_an_editor_writes_shows_as_its_character_in_the_page_and_the_text():
    rendered = render_body("&copy; 2020 &amp; AT&T\n")
    assert rendered.paragraphs[0][1] == "© 2020 & AT&T"  # what search, excerpts and citations get
    assert rendered.html == '<p id="p-1">&copy; 2020 &amp; AT&amp;T</p>'


def test_an_address_an_editor_writes_in_angle_brackets_is_a_link_whose_text_is_the_address():
    rendered = render_body("Liên hệ <ban@tochuc.vn>\n")
    assert rendered.paragraphs[0][1] == "Liên hệ ban@tochuc.vn"
    assert "<a" in rendered.html


def test_a_code_span_an_editor_writes_keeps_its_characters_in_the_plain_text():
    rendered = render_body("Mã `a & b <c>`\n")
    assert rendered.paragraphs[0][1] == "Mã a & b <c>"
    assert "<code>a &amp; b &lt;c&gt;</code>" in rendered.html

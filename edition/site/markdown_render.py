"""Markdown -> safe HTML for article bodies.

Scraped text may hold HTML or script fragments: raw HTML is never passed through (it is shown as
text; ingest escapes what would read as a character reference, and one an editor writes shows as its
character in the page and in the plain text alike), links with a script scheme are dropped, and every
paragraph gets a stable anchor (p-1, p-2, ...) so citations and keyword-in-context links can point at it.
"""
from __future__ import annotations

import functools
import html
import re
import sys
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, HTML_PLACEHOLDER_RE

_ENCODED_LETTER = re.compile(re.escape(AMP_SUBSTITUTE) + r"(#[0-9]+;|[a-z]+;)")  # of an <address@in.brackets>
SAFE_URL = re.compile(r"^(https?:|mailto:|#|\.{0,2}/|[a-z0-9._-]+(/|\.html|$))", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RenderedBody:
    paragraphs: tuple[tuple[str, str], ...]  # (anchor id, plain text) in order
    markdown_html: str | None = None  # the HTML Markdown made; None for plain paragraphs, whose words are their HTML
    captions: tuple[str, ...] = ()  # anchors of the plain paragraphs that are captions

    @property
    def html(self) -> str:
        """Made again from the paragraphs when they are plain: an edition keeps thousands of bodies in memory."""
        if self.markdown_html is not None:
            return self.markdown_html
        captions = self.captions
        return "\n".join(f'<p class="caption" id="{anchor}">{words}</p>' if anchor in captions
                         else f'<p id="{anchor}">{words}</p>' for anchor, words in self.paragraphs)

    @property
    def text(self) -> str:
        return "\n\n".join(text for _, text in self.paragraphs)


def paragraph_anchor(number: int) -> str:
    """p-1, p-2, ...: one string shared by every body, not one per paragraph."""
    return sys.intern(f"p-{number}")


def element_text(element: etree.Element) -> str:
    """The element's text and its children's, in order; a code span's as it shows (Markdown keeps it escaped)."""
    text = element.text or ""
    if element.tag == "code":
        text = html.unescape(text)
    return text + "".join(element_text(child) + (child.tail or "") for child in element)


class _AnchorsAndSafeLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self.md.paragraphs = []
        count = 0
        for element in root.iter():
            if element.tag == "a":
                href = (element.get("href") or "").strip()
                if not SAFE_URL.match(href):
                    element.attrib.pop("href", None)
            if element.tag in ("p", "h2", "h3", "li", "blockquote") and element.tag != "blockquote":
                count += 1
                anchor = paragraph_anchor(count)
                element.set("id", anchor)
                self.md.paragraphs.append((anchor, self.shown_text(element_text(element))))

    def shown_text(self, text: str) -> str:
        """The text with each character reference as the character a reader sees: those Markdown keeps
        aside for the HTML ("&amp;" as "&", "&copy;" as "©") and those it writes an e-mail address in."""
        blocks = self.md.htmlStash.rawHtmlBlocks
        text = HTML_PLACEHOLDER_RE.sub(lambda match: html.unescape(str(blocks[int(match.group(1))])), text)
        return _ENCODED_LETTER.sub(lambda match: html.unescape("&" + match.group(1)), text)


class _EditionExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_AnchorsAndSafeLinks(md), "edition_anchors", 0)


def make_renderer() -> markdown.Markdown:
    return markdown.Markdown(extensions=["attr_list", _EditionExtension()], output_format="html")


@functools.cache
def shared_renderer() -> markdown.Markdown:
    """One converter per process, made when a body first needs it: making one costs more than converting
    a page, and a collection of plain paragraphs needs none."""
    return make_renderer()


def render_body(text: str) -> RenderedBody:
    fast = render_plain_paragraphs(text)
    if fast is not None:
        return fast
    md = shared_renderer()
    md.reset()
    md.paragraphs = []  # an empty document runs no tree processor to set it
    html = md.convert(text)
    paragraphs = tuple((anchor, plain.strip()) for anchor, plain in md.paragraphs)
    return RenderedBody(paragraphs=paragraphs, markdown_html=html)


# Most article bodies are plain paragraphs and captions. For those, Markdown's answer is known
# in advance and Python-Markdown spends most of a build finding it; render_plain_paragraphs gives
# the same HTML directly and declines everything else (tests hold it to Markdown's output).

# A character, or whitespace at a line break, that Markdown may read as markup. Two searches, not one:
# a pattern with alternatives is tried at every character, a character class is scanned fast.
_MARKUP_CHARACTER = re.compile(r"[\\`*_\[\]<>&{}#=|!\x00-\x09\x0b-\x1f\x7f]")
_SPACE_AT_LINE_BREAK = re.compile(r"\s\n|\n\s")
_BLOCK_MARKER = re.compile(r"^(?:[-+*>]|\d+\.|\s)", re.MULTILINE)
_CAPTION_MARK = "\n{: .caption }"


def _marks_a_line_break(words: str) -> bool:
    """Whitespace at a line break, or a line that opens a list, a quote or code. Only for a block with
    line breaks: the searches run through the whole text, where a block of one line needs one match."""
    return bool(_SPACE_AT_LINE_BREAK.search(words) or _BLOCK_MARKER.search(words))


def render_plain_paragraphs(text: str) -> RenderedBody | None:
    """The HTML Markdown gives for a body of plain paragraphs and captions, or None for any other."""
    blocks = [block for block in text.strip("\n").split("\n\n") if block.strip()]
    paragraphs, captions = [], []
    for number, block in enumerate(blocks, start=1):
        caption = block.endswith(_CAPTION_MARK)
        words = block[: -len(_CAPTION_MARK)] if caption else block
        if (not words or words != words.strip() or _MARKUP_CHARACTER.search(words)
                or _BLOCK_MARKER.match(words) or ("\n" in words and _marks_a_line_break(words))):
            return None
        anchor = paragraph_anchor(number)
        if caption:
            captions.append(anchor)
        paragraphs.append((anchor, words))
    return RenderedBody(paragraphs=tuple(paragraphs), captions=tuple(captions))

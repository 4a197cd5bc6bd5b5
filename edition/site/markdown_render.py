"""Markdown -> safe HTML for article bodies.

Scraped text may hold HTML or script fragments: raw HTML is never passed through (it is shown as
text), links with a script scheme are dropped, and every paragraph gets a stable anchor (p-1, p-2,
...) so citations and keyword-in-context links can point at it.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SAFE_URL = re.compile(r"^(https?:|mailto:|#|\.{0,2}/|[a-z0-9._-]+(/|\.html|$))", re.IGNORECASE)


@dataclass(frozen=True)
class RenderedBody:
    html: str
    paragraphs: tuple[tuple[str, str], ...]  # (anchor id, plain text) in order

    @property
    def text(self) -> str:
        return "\n\n".join(text for _, text in self.paragraphs)


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
                anchor = f"p-{count}"
                element.set("id", anchor)
                self.md.paragraphs.append((anchor, "".join(element.itertext())))


class _EditionExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_AnchorsAndSafeLinks(md), "edition_anchors", 0)


def make_renderer() -> markdown.Markdown:
    return markdown.Markdown(extensions=["attr_list", _EditionExtension()], output_format="html")


def render_body(text: str, renderer: markdown.Markdown | None = None) -> RenderedBody:
    md = renderer or make_renderer()
    md.reset()
    html = md.convert(text)
    paragraphs = tuple((anchor, plain.strip()) for anchor, plain in md.paragraphs)
    return RenderedBody(html=html, paragraphs=paragraphs)

"""Link the mentions of directives, officials and the locality in an article's rendered HTML.

The body HTML comes from our own Markdown renderer, so every `<` in it opens a tag and every text
character that needs it is already escaped. We only ever touch text nodes outside links: a text
node with a mention is unescaped, cut around the mention, and each piece escaped again, so nothing
in the scraped text can become markup.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

_TAG = re.compile(r"(<[^>]*>)")
_OPENS_LINK = re.compile(r"^<a[\s>]", re.IGNORECASE)
_CLOSES_LINK = re.compile(r"^</a\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class MentionTarget:
    """A phrase to link, and where. `parts` splits a phrase shared by several documents
    ("Nghị quyết 18, 19") into one link per number: ((number, href, label), ...)."""

    phrase: str
    href: str
    kind: str  # "directive", "official", "locality": a class name for the reader's eye
    title: str = ""
    parts: tuple[tuple[str, str, str], ...] = ()


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def _anchor(text: str, target_href: str, kind: str, title: str) -> str:
    title_attr = f' title="{html.escape(title)}"' if title else ""
    return (f'<a class="mention mention-{kind}" href="{html.escape(target_href)}"{title_attr}>'
            f"{html.escape(text, quote=False)}</a>")


def _linked_phrase(phrase: str, target: MentionTarget) -> str:
    """One link, or for a shared phrase a link from its start to the first number, then one per number."""
    if not target.parts:
        return _anchor(phrase, target.href, target.kind, target.title)
    pieces, cursor = [], 0
    for number, href, label in target.parts:
        match = re.compile(rf"(?<!\d){re.escape(number)}(?!\d)").search(phrase, cursor)
        if match is None:
            return _anchor(phrase, target.href, target.kind, target.title)
        start = 0 if cursor == 0 else match.start()
        pieces.append(html.escape(phrase[cursor:start], quote=False))
        pieces.append(_anchor(phrase[start:match.end()], href, target.kind, label))
        cursor = match.end()
    pieces.append(html.escape(phrase[cursor:], quote=False))
    return "".join(pieces)


def _first_standing(plain: str, phrase: str, start: int) -> int:
    """Where the phrase first stands as whole words in plain at or after start; -1 if nowhere."""
    at = plain.find(phrase, start)
    while at >= 0 and not _word_bounded(plain, at, at + len(phrase)):
        at = plain.find(phrase, at + 1)
    return at


def _link_text_node(escaped: str, pending: dict[str, MentionTarget]) -> str:
    """Link, from left to right, the earliest pending phrase; the longest where several start at one
    place, so "Chỉ thị 05-CT/TW của Bộ Chính trị" wins over a phrase inside it. Each phrase's place is
    found once and looked for again only when a link ends past it. Plain str.find per phrase: an
    article has a few dozen phrases, and a regular expression compiled for each would cost more."""
    plain = html.unescape(escaped)
    places = {}
    for phrase in pending:
        at = _first_standing(plain, phrase, 0)
        if at >= 0:
            places[phrase] = at
    out, cursor = [], 0
    while places:
        phrase = min(places, key=lambda p: (places[p], -len(p)))
        at = places.pop(phrase)
        target = pending.pop(phrase)
        for forgotten in _forget_linked(pending, target):
            places.pop(forgotten, None)
        out.append(html.escape(plain[cursor:at], quote=False))
        out.append(_linked_phrase(phrase, target))
        cursor = at + len(phrase)
        for overtaken in [p for p, place in places.items() if place < cursor]:
            place = _first_standing(plain, overtaken, cursor)
            if place >= 0:
                places[overtaken] = place
            else:
                del places[overtaken]
    if not out:
        return escaped
    out.append(html.escape(plain[cursor:], quote=False))
    return "".join(out)


def _forget_linked(pending: dict[str, MentionTarget], target: MentionTarget) -> list[str]:
    """Once an entry is linked, its other spellings stay plain: one link per entry reads best.
    The phrases forgotten."""
    linked = {target.href, *(href for _, href, _ in target.parts)}
    forgotten = [p for p, t in pending.items() if t.href in linked and not t.parts]
    for phrase in forgotten:
        del pending[phrase]
    return forgotten


def link_mentions(body_html: str, targets: list[MentionTarget]) -> str:
    """The body with the first mention of each phrase linked to its target, outside existing links."""
    pending = {t.phrase: t for t in targets if t.phrase and t.phrase.strip()}
    if not pending:
        return body_html
    pieces = _TAG.split(body_html)
    inside_link = 0
    for i, piece in enumerate(pieces):
        if i % 2:  # a tag
            if _OPENS_LINK.match(piece):
                inside_link += 1
            elif _CLOSES_LINK.match(piece):
                inside_link = max(0, inside_link - 1)
            continue
        if piece and not inside_link and pending:
            pieces[i] = _link_text_node(piece, pending)
    return "".join(pieces)


def article_mention_targets(article, directives: dict, root: str, central: str) -> list[MentionTarget]:
    """What to link in one article: its documents (as written, by label, by the register's aliases),
    its officials by name, and its locality by name unless it is the centre (not a place in the text)."""
    targets: dict[str, MentionTarget] = {}
    shared: dict[str, list] = {}
    for mention in article.directives:
        if mention.as_written:
            shared.setdefault(mention.as_written, []).append(mention)
    for phrase, mentions in shared.items():
        first = directives[mentions[0].id]
        parts = tuple((m.number, f"{root}directives/{m.id}/index.html", directives[m.id].label)
                      for m in mentions if m.number) if len(mentions) > 1 else ()
        targets[phrase] = MentionTarget(phrase, f"{root}directives/{first.id}/index.html", "directive",
                                        first.label, parts)
    for mention in article.directives:
        entry = directives[mention.id]
        for phrase in (entry.label, *entry.known.get("aliases", ())):
            targets.setdefault(phrase, MentionTarget(phrase, f"{root}directives/{entry.id}/index.html",
                                                     "directive", entry.label))
    for official in article.officials:
        targets.setdefault(official.name, MentionTarget(official.name, f"{root}officials/{official.slug}/index.html",
                                                        "official"))
    if article.locality and article.locality != central:
        targets.setdefault(article.locality, MentionTarget(
            article.locality, f"{root}localities/{article.locality_slug}/index.html", "locality"))
    return list(targets.values())

"""The machine-readable outputs: JSON and CSV exports, the Atom feed and the sitemap."""
from __future__ import annotations

import csv
import io
import json

from edition.config import SiteConfig
from edition.site.context import ArticleEntry, SiteContext

CSV_COLUMNS = ("slug", "title", "date", "event_date", "locality", "districts", "officials", "directives",
               "directive_ids", "congress_resolutions", "byline", "photo_credit", "source", "url")


def escape(text: str) -> str:
    """&, < and > as XML entities, as xml.sax.saxutils.escape does (whose import, of urllib and http among
    others, costs a cold build more than all the feed's escaping)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def article_record(article: ArticleEntry, config: SiteConfig) -> dict:
    return {
        "slug": article.slug,
        "url": config.absolute_base + article.url,
        "title": article.title,
        "date": article.date,
        "event_date": article.event_date,
        "locality": article.locality,
        "districts": list(article.districts),
        "officials": [{"name": o.name, "slug": o.slug, "titles": list(o.titles)} for o in article.officials],
        "directives": [
            {"id": d.id, "label": d.label, "type": d.type, "number": d.number, "code": d.code, "issuer": d.issuer,
             "as_written": d.as_written}
            for d in article.directives
        ],
        "congress_resolutions": list(article.congress_resolutions),
        "byline": article.byline,
        "photo_credit": article.photo_credit,
        "source": article.source,
    }


def to_json(data) -> str:
    """One record per line: readable, diffable, and written by json's fast C encoder (an indented
    dump goes through the pure-Python one, several times slower on a large edition)."""
    if isinstance(data, list):
        return "[\n" + ",\n".join(json.dumps(item, ensure_ascii=False) for item in data) + "\n]\n"
    return json.dumps(data, ensure_ascii=False) + "\n"


def articles_json(context: SiteContext, config: SiteConfig) -> str:
    return to_json([article_record(a, config) for a in context.articles])


def articles_csv(context: SiteContext, config: SiteConfig) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for article in context.articles:
        record = article_record(article, config)
        writer.writerow([
            record["slug"], record["title"], record["date"] or "", record["event_date"] or "",
            record["locality"] or "", "; ".join(record["districts"]),
            "; ".join(o["name"] for o in record["officials"]),
            "; ".join(d["label"] for d in record["directives"]),
            "; ".join(d["id"] for d in record["directives"]),
            "; ".join(record["congress_resolutions"]), record["byline"] or "", record["photo_credit"] or "",
            record["source"] or "", record["url"],
        ])
    return out.getvalue()


def registers_json(context: SiteContext, config: SiteConfig) -> dict[str, str]:
    base = config.absolute_base
    directives = [
        {"id": d.id, "label": d.label, "type": d.type, "number": d.number, "code": d.code, "issuer": d.issuer,
         "level": d.level, "date": d.date, "title": d.title, "aliases": sorted(d.aliases),
         "url": f"{base}directives/{d.id}/", "articles": [c.article.slug for c in d.citations],
         "citations": [{"article": c.article.slug, "paragraph": c.anchor, "sentence": c.sentence} for c in d.citations]}
        for d in context.directives.values()
    ]
    officials = [
        {"slug": o.slug, "name": o.name, "url": f"{base}officials/{o.slug}/",
         "appearances": [{"article": a.slug, "date": a.date, "titles": list(t)} for a, t in o.appearances]}
        for o in context.officials.values()
    ]
    localities = [
        {"slug": l.slug, "name": l.name, "url": f"{base}localities/{l.slug}/",
         "districts": sorted(l.districts), "articles": [a.slug for a in l.articles]}
        for l in context.localities.values()
    ]
    years = [
        {"year": y.year, "url": f"{base}years/{y.year}/", "articles": [a.slug for a in y.articles]}
        for y in context.years.values()
    ]
    return {
        "directives.json": to_json(directives),
        "officials.json": to_json(officials),
        "localities.json": to_json(localities),
        "years.json": to_json(years),
    }


def _atom_date(date: str | None) -> str:
    day = (date or "1970-01-01")[:10]
    parts = day.split("-") + ["01", "01"]
    return f"{parts[0]}-{parts[1][:2]}-{parts[2][:2]}T00:00:00Z" if len(day) >= 4 else "1970-01-01T00:00:00Z"


def atom_feed(context: SiteContext, config: SiteConfig, limit: int = 50) -> str:
    base = config.absolute_base
    articles = context.articles[:limit]
    updated = _atom_date(articles[0].date) if articles else _atom_date(None)
    entries = []
    for a in articles:
        summary = a.body.paragraphs[0][1][:400] if a.body.paragraphs else ""
        entries.append(
            "<entry>"
            f"<title>{escape(a.title)}</title>"
            f'<link href="{escape(base + a.url)}"/>'
            f"<id>{escape(base + a.url)}</id>"
            f"<updated>{_atom_date(a.date)}</updated>"
            + (f"<author><name>{escape(a.byline)}</name></author>" if a.byline else "")
            + f"<summary>{escape(summary)}</summary>"
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{config.language}">'
        f"<title>{escape(config.title)}</title>"
        f'<link href="{escape(base)}"/><link rel="self" href="{escape(base)}feed.xml"/>'
        f"<id>{escape(base)}</id><updated>{updated}</updated>"
        f"<author><name>{escape(config.title)}</name></author>"
        + "\n".join(entries) + "</feed>\n"
    )


def sitemap(page_paths: list[str], config: SiteConfig) -> str:
    base = config.absolute_base
    urls = []
    for path in sorted(page_paths):
        url = path[: -len("index.html")] if path.endswith("index.html") else path
        urls.append(f"<url><loc>{escape(base + url)}</loc></url>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(urls) + "\n</urlset>\n"
    )

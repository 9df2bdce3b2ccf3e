"""The files around the pages: sitemap.xml with language alternates, robots.txt and Atom feeds
of newly added exhibitions and films. Pure: data in, text out. XML is written escaped
(xml.sax.saxutils, by feedgenerator too); an entry's long text reaches a feed only as its
rendered, sanitised HTML (rendering.markdown_to_html), never as the Markdown it is written in."""

from __future__ import annotations

import datetime
from xml.sax.saxutils import escape, quoteattr

from feedgenerator import Atom1Feed

from .rendering import markdown_to_html

SITEMAP_HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def sitemap(clusters: list[tuple[list[tuple[str, str]], datetime.datetime | None]]) -> str:
    """One <url> per page; each lists every page of its cluster (itself included) as
    xhtml:link alternates. A cluster is ([(hreflang, absolute URL)], last changed)."""
    parts = [SITEMAP_HEADER]
    for alternates, lastmod in clusters:
        links = "".join(
            f'    <xhtml:link rel="alternate" hreflang={quoteattr(lang)} href={quoteattr(url)}/>\n'
            for lang, url in alternates
        )
        pages = dict.fromkeys(url for _, url in alternates)  # x-default may repeat a page
        for url in pages:
            parts.append(f"  <url>\n    <loc>{escape(url)}</loc>\n")
            if lastmod:
                parts.append(f"    <lastmod>{lastmod.date().isoformat()}</lastmod>\n")
            parts.append(links + "  </url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)


def robots(siteurl: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {siteurl}/sitemap.xml\n"


class _Feed(Atom1Feed):
    """An Atom feed whose <updated> is given, not the clock (even when it has no items)."""

    def __init__(self, *args, updated: datetime.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.updated = updated

    def latest_post_date(self):
        return self.updated


def atom_feed(*, title, link, feed_url, language, items, updated) -> str:
    """items: [(title, url, added, Markdown text)], newest first; each text becomes the
    item's <summary type="html">: the same sanitised HTML as on its page."""
    feed = _Feed(
        title=title,
        link=link,
        feed_url=feed_url,
        description="",
        language=language,
        feed_guid=feed_url,
        updated=updated,
    )
    for item_title, url, added, summary in items:
        feed.add_item(
            title=item_title,
            link=url,
            unique_id=url,
            description=markdown_to_html(summary) if summary else "",
            pubdate=added,
            updateddate=added,
        )
    return feed.writeString("utf-8")

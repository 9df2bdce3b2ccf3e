"""Collect stage: each entry of a linked Directory -> the texts to index and what a result shows.
Pure: a Directory in, Documents out."""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass

from plugins.directory.linking import Directory
from plugins.directory.model import ContentModel, Entry
from plugins.directory.rendering import markdown_to_html

# Index fields, best first; a match in an earlier field outranks one in a later field.
FIELDS = ("name", "joined", "exact", "chars", "related", "meta", "text")
EXCERPT_LENGTH = 160
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Document:
    key: str  # "artists/wong-kar-wai"
    order: tuple  # (type rank, slug): results with equal scores come in this order
    fields: dict[str, tuple[str, ...]]  # index field -> its texts (unfolded)
    result: dict  # what a result shows, as written to the browser's result files

    @property
    def digest(self) -> str:
        """A hash of everything indexed for the entry: it is re-indexed only when this changes."""
        data = json.dumps([self.fields, self.result], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def documents(directory: Directory) -> list[Document]:
    """One Document per entry, in the site's order: by type, then slug."""
    model = directory.model
    return [
        document(directory, entry)
        for entry in sorted(directory.entries.values(), key=lambda e: entry_order(model, e.key))
    ]


def entry_order(model: ContentModel, key: tuple[str, str]) -> tuple:
    return (model.rank(key[0]), key[1])


def document(directory: Directory, entry: Entry) -> Document:
    """What search knows of an entry: each field's texts where its search role (model.py,
    x-search) puts them: names (the title first), short facts and long texts; plus the names of
    the entries it links to and the roles of those links."""
    spec = entry.entry_type
    refs = directory.refs_from.get(entry.key, [])
    linked = [directory.entries[r.target] for r in refs]
    by_role: dict[str, list[str]] = {"name": [], "meta": [], "text": []}
    for name, prop in spec.properties.items():
        value = entry.fields.get(name)
        if value is not None and prop.search:
            if prop.search == "name":
                items = value if isinstance(value, list) else [value]
                by_role["name"] += [t for item in items for t in item.distinct()]
            elif prop.search == "text":
                by_role["text"] += [_plain(t) for t in value.distinct()]
            else:
                by_role["meta"] += prop.field.search_texts(value)
    by_role["meta"] += [text for r in refs if r.role for text in r.role.distinct()]
    fields = {
        "name": tuple(by_role["name"]),
        "related": tuple(dict.fromkeys(t for e in linked for t in e.title.distinct())),
        "meta": tuple(dict.fromkeys(by_role["meta"])),
        "text": tuple(by_role["text"]),
    }
    fields["joined"] = fields["exact"] = fields["chars"] = fields["name"]
    party = directory.model.party
    artists = [entry] if spec.party else [e for e in linked if party and e.type == party.name]
    facets = [p for p in party.properties.values() if p.facet] if party else []
    body = entry.body
    keys = directory.model.languages
    result = {
        "type": entry.type,
        "slug": entry.slug,
        **{k: entry.title.get(k) or entry.title.any() for k in keys},
        "year": str(entry.year or ""),
        "x": {k: _excerpt(body.get(k) if body else None) for k in keys},
        **{
            p.name: sorted({v for a in artists for v in _values(a.fields.get(p.name))})
            for p in facets
        },
    }
    return Document(
        f"{entry.type}/{entry.slug}", entry_order(directory.model, entry.key), fields, result
    )


def _values(value) -> list[str]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _plain(markdown: str) -> str:
    """A long Markdown text as plain text, as a reader sees it."""
    return html.unescape(_TAG.sub(" ", markdown_to_html(markdown))).strip()


def _excerpt(markdown: str | None) -> str:
    if not markdown:
        return ""
    text = " ".join(_plain(markdown).split())
    if len(text) <= EXCERPT_LENGTH:
        return text
    return text[:EXCERPT_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"

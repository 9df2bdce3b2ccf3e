"""Collect stage: each entry of a linked Directory -> the texts to index and what a result shows.
Pure: a Directory in, Documents out."""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass

from plugins.directory.linking import Directory
from plugins.directory.pages import TYPE_ORDER
from plugins.directory.rendering import markdown_to_html
from plugins.directory.schema import labels, type_schema
from plugins.directory.validation import Bi, Entry

# Index fields, best first; a match in an earlier field outranks one in a later field.
FIELDS = ("name", "joined", "exact", "chars", "related", "meta", "text")
# Never indexed: where the facts come from, addresses of links and images, and the choices
# that are filters (origin) or too general to tell entries apart (kind).
SKIPPED = {"links", "source", "image", "aliases", "origin", "kind"}
DATE_FIELDS = ("born", "died", "founded", "dissolved", "start", "end", "year")
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
    return [
        document(directory, entry)
        for entry in sorted(directory.entries.values(), key=lambda e: entry_order(e.key))
    ]


def entry_order(key: tuple[str, str]) -> tuple:
    return (TYPE_ORDER.index(key[0]), key[1])


def document(directory: Directory, entry: Entry) -> Document:
    spec = type_schema(entry.type)
    names = [entry.title, *entry.fields.get("aliases", [])]
    refs = directory.refs_from.get(entry.key, [])
    linked = [directory.entries[r.target] for r in refs]
    meta = [
        text
        for name, value in entry.fields.items()
        if name not in SKIPPED and name not in (spec.title_field, spec.body_field)
        for text in _short_texts(entry.type, name, value)
    ]
    meta += [text for r in refs if r.role for text in _both(r.role)]
    body = entry.fields.get(spec.body_field)
    fields = {
        "name": tuple(t for n in names for t in _both(n)),
        "related": tuple(dict.fromkeys(t for e in linked for t in _both(e.title))),
        "meta": tuple(dict.fromkeys(meta)),
        "text": tuple(_plain(t) for t in _both(body)),
    }
    fields["joined"] = fields["exact"] = fields["chars"] = fields["name"]
    artists = [entry] if entry.type == "artists" else [e for e in linked if e.type == "artists"]
    result = {
        "type": entry.type,
        "slug": entry.slug,
        "en": entry.title.en or entry.title.zh,
        "zh": entry.title.zh or entry.title.en,
        "year": _year(entry),
        "x": {
            "en": _excerpt(body.en if body else None),
            "zh": _excerpt(body.zh if body else None),
        },
        "origin": sorted({a.fields["origin"] for a in artists if "origin" in a.fields}),
        "disciplines": sorted({d for a in artists for d in a.fields.get("disciplines", [])}),
    }
    return Document(f"{entry.type}/{entry.slug}", entry_order(entry.key), fields, result)


def _both(value: Bi | None) -> list[str]:
    if value is None:
        return []
    return [t for t in dict.fromkeys((value.en, value.zh)) if t]


def _short_texts(entry_type: str, name: str, value) -> list[str]:
    if isinstance(value, Bi):
        return _both(value)
    if name in DATE_FIELDS:
        return [str(value)[:4]]
    if name == "disciplines":
        return [t for v in value for t in labels(entry_type, name)[v].values()]
    if isinstance(value, list):
        return [t for item in value for t in _short_texts(entry_type, name, item)]
    if isinstance(value, dict):
        return [t for k, v in value.items() if k == "date" for t in _short_texts(entry_type, k, v)]
    return []


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


def _year(entry: Entry) -> str:
    for name in ("year", "start", "born", "founded"):
        if name in entry.fields:
            return str(entry.fields[name])[:4]
    return ""

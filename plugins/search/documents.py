"""Collect stage: each entry of a linked Directory -> the texts to index and what a result shows.
Pure: a Directory and the site's languages in, Documents out.

A derived language (Simplified Chinese, settings.Language) needs nothing of its own to be found:
folding makes 王家卫 and 王家衛 one. But its pages show the conversion with its overrides, which
folding does not know (鍾 is 锺 in a name, 甚麼 is 什么), so a text whose conversion folds
differently is indexed converted too; and a result shows its names and excerpt converted."""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from plugins.directory.conversion import Converter
from plugins.directory.fields import Bi
from plugins.directory.linking import Directory
from plugins.directory.model import ContentModel, Entry
from plugins.directory.rendering import markdown_to_html
from plugins.directory.settings import DEFAULT_LANGUAGES, Language

from .folding import fold

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


@dataclass(frozen=True)
class Derived:
    """A derived language, as search needs it: its key, its source's key, its conversion."""

    key: str  # "zh_hans"
    source: str  # "zh"
    convert: Converter


def derived_languages(languages: Mapping[str, Language]) -> list[Derived]:
    return [
        Derived(spec.key, spec.source, Converter.named(spec.convert))
        for spec in languages.values()
        if spec.derived
    ]


def documents(
    directory: Directory, languages: Mapping[str, Language] = DEFAULT_LANGUAGES
) -> list[Document]:
    """One Document per entry, in the site's order: by type, then slug."""
    model = directory.model
    derived = derived_languages(languages)
    return [
        document(directory, entry, derived)
        for entry in sorted(directory.entries.values(), key=lambda e: entry_order(model, e.key))
    ]


def entry_order(model: ContentModel, key: tuple[str, str]) -> tuple:
    return (model.rank(key[0]), key[1])


def document(directory: Directory, entry: Entry, derived: Sequence[Derived] = ()) -> Document:
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
    fields = {name: _with_conversions(texts, derived) for name, texts in fields.items()}
    fields["joined"] = fields["exact"] = fields["chars"] = fields["name"]
    party = directory.model.party
    artists = [entry] if spec.party else [e for e in linked if party and e.type == party.name]
    facets = [p for p in party.properties.values() if p.facet] if party else []
    body = entry.body
    keys = directory.model.languages
    result: dict[str, Any] = {
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
    for language in derived:
        result[language.key] = _converted(entry.title, language) or entry.title.any()
        own = body.get(language.key) if body else None
        source = body.get(language.source) if body else None
        excerpt = _excerpt(own) if own else language.convert(_excerpt(source))
        result["x"][language.key] = excerpt
    return Document(
        f"{entry.type}/{entry.slug}", entry_order(directory.model, entry.key), fields, result
    )


def _converted(value: Bi, language: Derived) -> str | None:
    """A text in a derived language: its override, else its source's conversion."""
    own = value.get(language.key)
    if own:
        return own
    source = value.get(language.source)
    return language.convert(source) if source else None


def _with_conversions(texts: tuple[str, ...], derived: Sequence[Derived]) -> tuple[str, ...]:
    """The texts, and the conversions of those whose conversion folds to another text."""
    found = dict.fromkeys(texts)
    for language in derived:
        for text in texts:
            converted = language.convert(text)
            if converted != text and fold(converted) != fold(text):
                found.setdefault(converted)
    return tuple(found)


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

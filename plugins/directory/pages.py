"""What pages the site has, and the data each shows: one class per kind of page. Pure: a
Directory in, page plans out; a plan serves every language.

A page gives its template the variables of ``context()``; what depends on the page's language
(groups in the language's sort order, the network picture) comes from ``localised()``, asked by
the renderer with that language's tools. ``entries`` are the entries a page shows (its sitemap
date is the latest change among them); None means the page depends on the whole directory."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from .browse import (
    Collation,
    Filter,
    by_decade,
    by_heading,
    by_year,
    crossings,
    filters_for,
    timeline,
)
from .fields import Bi
from .linking import Directory, Ref
from .model import Entry, EntryType


class LanguageTools(Protocol):
    """What a page needs of its language to lay itself out (see renderer.py)."""

    collation: Collation

    def title_of(self, entry: Entry) -> str: ...

    def sort_of(self, entry: Entry) -> str: ...

    def network(self, entry: Entry, collaborators: list) -> Any: ...

    def picture(self, entry: Entry) -> Any: ...


GROUPINGS: dict[str, Callable] = {"heading": by_heading, "year": by_year}


@dataclass(eq=False)
class Page:
    path: tuple[str, ...]  # URL path below the language prefix, e.g. ("artists", "wong-kar-wai")
    template_name: ClassVar[str] = ""

    @property
    def template(self) -> str:
        return self.template_name

    @property
    def entries(self) -> list[Entry] | None:
        return None

    def context(self) -> dict[str, Any]:
        return {}

    def localised(self, tools: LanguageTools) -> dict[str, Any]:
        return {}


@dataclass(eq=False)
class HomePage(Page):
    template_name = "home.html"


@dataclass(eq=False)
class AboutPage(Page):
    template_name = "about.html"
    sources: list[dict] = field(default_factory=list)

    def context(self) -> dict[str, Any]:
        return {"sources": self.sources}


@dataclass(eq=False)
class CollaborationsPage(Page):
    template_name = "collaborations.html"
    rows: list = field(default_factory=list)

    def context(self) -> dict[str, Any]:
        return {"rows": self.rows}


@dataclass(eq=False)
class ListingPage(Page):
    """A type's entries, grouped in the page's language (A–Z or strokes, or by year); with the
    listing's filters, or one of them applied (``active``), or one decade of them."""

    entry_type: EntryType | None = None
    shown: list[Entry] = field(default_factory=list)
    group: str | None = None
    filters: list[Filter] = field(default_factory=list)
    active: Filter | None = None
    decade: str | None = None
    layout: str = "list.html"

    @property
    def template(self) -> str:
        return self.layout

    @property
    def entries(self) -> list[Entry] | None:
        return self.shown

    def context(self) -> dict[str, Any]:
        found: dict[str, Any] = {"entry_type": self.entry_type, "entries": self.shown}
        if self.group:
            found["group"] = self.group
        if self.filters:
            found["filters"] = self.filters
        if self.active:
            found["active"] = self.active
        if self.decade:
            found["decade"] = self.decade
        return found

    def localised(self, tools: LanguageTools) -> dict[str, Any]:
        if not self.group:
            return {}
        return {"groups": GROUPINGS[self.group](self.shown, tools.sort_of, tools.collation)}


@dataclass(eq=False)
class TimelinePage(Page):
    """A type's entries as current, upcoming and past on the build day."""

    entry_type: EntryType | None = None
    shown: list[Entry] = field(default_factory=list)
    sections: dict[str, list[Entry]] = field(default_factory=dict)

    @property
    def template(self) -> str:
        return self.entry_type.listing.template if self.entry_type else ""

    @property
    def entries(self) -> list[Entry] | None:
        return self.shown

    def context(self) -> dict[str, Any]:
        return {"entry_type": self.entry_type, "entries": self.shown, "sections": self.sections}


@dataclass(eq=False)
class DecadesPage(Page):
    """An index of a type's entries by decade, each a ListingPage of its own."""

    entry_type: EntryType | None = None
    shown: list[Entry] = field(default_factory=list)
    decades: list[tuple[str, int]] = field(default_factory=list)

    @property
    def template(self) -> str:
        return self.entry_type.listing.template if self.entry_type else ""

    @property
    def entries(self) -> list[Entry] | None:
        return self.shown

    def context(self) -> dict[str, Any]:
        return {"entry_type": self.entry_type, "entries": self.shown, "decades": self.decades}


@dataclass(eq=False)
class EntryPage(Page):
    """An entry, the entries it links to and those that link to it."""

    entry: Entry | None = None
    links_out: dict[str, list[tuple[Entry, Bi | None]]] = field(default_factory=dict)
    linked_from: list[tuple[EntryType, list[tuple[Entry, list]]]] = field(default_factory=list)
    collaborators: list[tuple[Entry, list[Entry], bool]] | None = None
    # who commissioned the party's work, and whose work the party commissioned: (party, works)
    commissioned_by: list[tuple[Entry, list[Entry]]] = field(default_factory=list)
    commissioned: list[tuple[Entry, list[Entry]]] = field(default_factory=list)

    @property
    def template(self) -> str:
        return self.entry.entry_type.template if self.entry else ""

    @property
    def entries(self) -> list[Entry] | None:
        return [self.entry] if self.entry else []

    def context(self) -> dict[str, Any]:
        assert self.entry is not None
        found: dict[str, Any] = {
            "entry": self.entry,
            "body": self.entry.body,
            "links_out": self.links_out,
            "linked_from": self.linked_from,
        }
        if self.collaborators is not None:
            found["collaborators"] = self.collaborators
            found["commissioned_by"] = self.commissioned_by
            found["commissioned"] = self.commissioned
        return found

    def localised(self, tools: LanguageTools) -> dict[str, Any]:
        assert self.entry is not None
        found: dict[str, Any] = {}
        picture = tools.picture(self.entry)
        if picture is not None:
            found["picture"] = picture
        if self.collaborators:
            found["network"] = tools.network(self.entry, self.collaborators)
        return found


def url_path(prefix: str, path: tuple[str, ...]) -> str:
    """/en/artists/wong-kar-wai/ (always a folder URL)."""
    return "/" + "/".join((prefix, *path)) + "/" if prefix or path else "/"


def output_name(prefix: str, path: tuple[str, ...]) -> str:
    return "/".join(p for p in (prefix, *path, "index.html") if p)


def plan(directory: Directory, today: datetime.date) -> list[Page]:
    """The pages of one language (the same plan serves every language): the home, about and
    collaborations pages, each type's listing pages in the model's order, then every entry."""
    pages: list[Page] = [
        HomePage(()),
        AboutPage(("about",), sources(directory)),
        CollaborationsPage(("collaborations",), crossings(directory)),
    ]
    for entry_type in directory.model:
        pages += listing_pages(entry_type, directory.of_type(entry_type.name), today)
    for entry_type in directory.model:
        pages += [entry_page(directory, entry) for entry in directory.of_type(entry_type.name)]
    return pages


def listing_pages(entry_type: EntryType, entries: list[Entry], today: datetime.date) -> list[Page]:
    """A type's listing, as its x-listing says: grouped, with filter pages, by timeline, or an
    index of decades with a page per decade."""
    listing = entry_type.listing
    path = (entry_type.name,)
    if listing.sections == "timeline":
        dates = entry_type.date_ranges[0]
        return [TimelinePage(path, entry_type, entries, timeline(entries, today, dates))]
    if listing.split == "decade":
        decades = by_decade(entries)
        return [
            DecadesPage(path, entry_type, entries, [(d, len(e)) for d, e in decades]),
            *(ListingPage((*path, d), entry_type, e, listing.group, decade=d) for d, e in decades),
        ]
    filters = filters_for(entry_type, entries)
    group = listing.group
    return [
        ListingPage(path, entry_type, entries, group, filters, layout=listing.template),
        *(
            ListingPage(
                (*path, f.field, f.value),
                entry_type,
                list(f.entries),
                group,
                filters,
                f,
                layout=listing.template,
            )
            for f in filters
        ),
    ]


def entry_page(directory: Directory, entry: Entry) -> EntryPage:
    """Everything an entry's page shows beyond its own fields: the entries it links and those
    that link to it, and for the people who work together, whom they worked with (both in
    creative roles) and the commissions between them."""
    incoming = directory.refs_to.get(entry.key, [])
    page = EntryPage(
        (entry.type, entry.slug),
        entry,
        directory.links_by_field(entry),
        _group_by_type(directory, incoming),
    )
    if entry.entry_type.party:
        page.collaborators = [
            (c.artist, c.works, _crosses(entry.origin, c.artist.origin))
            for c in directory.collaborators.get(entry.key, [])
        ]
        page.commissioned_by = [
            (c.artist, c.works) for c in directory.commissioned_by.get(entry.key, [])
        ]
        page.commissioned = [(c.artist, c.works) for c in directory.commissioned.get(entry.key, [])]
    return page


def _crosses(origin: str | None, other: str | None) -> bool:
    """A local × international pair; unknown origins never count."""
    return bool(origin and other and origin != other)


def _group_by_type(directory: Directory, refs: list[Ref]) -> list[tuple[EntryType, list]]:
    """Incoming links grouped by the linking entry's type, one row per entry with its roles: the
    role given in the link, or the msgid naming the field's role (x-credit)."""
    groups: dict = {}
    for ref in refs:
        rows = groups.setdefault(ref.source.type, {})
        row = rows.setdefault(ref.source.key, (ref.source, []))
        credit = ref.source.entry_type.properties[ref.field].credit
        if ref.role is not None and ref.role not in row[1]:
            row[1].append(ref.role)
        elif ref.role is None and credit and credit not in row[1]:
            row[1].append(credit)
    return [(t, list(groups[t.name].values())) for t in directory.model if t.name in groups]


def sources(directory: Directory) -> list[dict]:
    """Each distinct source the entries cite, with its licence and how many entries use it."""
    found: dict = {}
    for entry in directory.entries.values():
        source = entry.fields.get("source")
        if source:
            key = (source["name"].any(), source.get("licence") or "")
            item = found.setdefault(
                key, {"name": source["name"], "licence": source.get("licence"), "count": 0}
            )
            item["count"] += 1
    return [found[k] for k in sorted(found)]

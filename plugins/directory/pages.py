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
    by_next_month,
    by_year,
    crossings,
    filters_for,
    timeline,
)
from .calendars import Calendar, calendars
from .fields import Bi
from .linking import Directory, Ref
from .model import Backlinks, Entry, EntryType
from .whatson import Highlights, WhatsOn, highlights, whats_on
from .when import is_past, next_occurrence, span


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
    calendars: list[Calendar] = field(default_factory=list, kw_only=True)  # the page offers

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

    def variables(self) -> dict[str, Any]:
        """context(), with the calendars the page offers."""
        return {**self.context(), "calendars": self.calendars}


@dataclass(eq=False)
class HomePage(Page):
    """Each language's home: what is on today and this week, and what comes next."""

    template_name = "home.html"
    on: Highlights | None = None
    counts: list[tuple[EntryType, int]] = field(default_factory=list)  # each type's entries

    def context(self) -> dict[str, Any]:
        found: dict[str, Any] = {"counts": self.counts}
        if self.on:
            found["on"] = self.on
        return found


@dataclass(eq=False)
class WhatsOnPage(Page):
    """What is on: ongoing now, then day by day, then month by month."""

    template_name = "whats-on.html"
    on: WhatsOn | None = None

    def context(self) -> dict[str, Any]:
        return {"on": self.on}


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
class UpcomingPage(ListingPage):
    """A type's current and upcoming entries (or those of one filter value), by the month of
    their next date; its past entries are on a page per year."""

    today: datetime.date | None = None
    past_years: list[tuple[int, int]] = field(default_factory=list)

    def context(self) -> dict[str, Any]:
        return {**super().context(), "past_years": self.past_years}

    def localised(self, tools: LanguageTools) -> dict[str, Any]:
        assert self.today is not None
        return {"groups": by_next_month(self.shown, self.today, tools.title_of, tools.collation)}


@dataclass(eq=False)
class PastPage(Page):
    """A type's past entries: an index of years (year None), or one year's, latest first."""

    entry_type: EntryType | None = None
    shown: list[Entry] = field(default_factory=list)
    year: int | None = None
    years: list[tuple[int, int]] = field(default_factory=list)
    template_name = "past.html"

    @property
    def entries(self) -> list[Entry] | None:
        return self.shown

    def context(self) -> dict[str, Any]:
        return {
            "entry_type": self.entry_type,
            "entries": self.shown,
            "year": self.year,
            "years": self.years,
        }


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


@dataclass(frozen=True)
class Section:
    """Entries that link to an entry, under one heading: (entry, its roles) rows."""

    id: str  # the heading's id
    label: str  # msgid
    rows: list[tuple[Entry, list]]


@dataclass(eq=False)
class EntryPage(Page):
    """An entry, the entries it links to and those that link to it."""

    entry: Entry | None = None
    links_out: dict[str, list[tuple[Entry, Bi | None]]] = field(default_factory=dict)
    linked_from: list[Section] = field(default_factory=list)
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


def plan(directory: Directory, today: datetime.date) -> list[Page]:
    """The pages of one language (the same plan serves every language): the home, about and
    collaborations pages, each type's listing pages in the model's order, then every entry."""
    offered = calendars(directory, today)
    at = calendars_at(offered)
    pages = site_pages(directory, today, offered)
    for entry in entries_in_order(directory):
        pages.append(entry_page(directory, entry, today, at.get(entry.key, [])))
    return pages


def site_pages(directory: Directory, today: datetime.date, offered: list[Calendar]) -> list[Page]:
    """Every page but the entries' own: the home, about and collaborations pages, and each
    type's listing pages in the model's order."""
    pages = front_pages(directory, today, offered)
    for entry_type in directory.model:
        pages += type_pages(entry_type, directory, today, offered)
    return pages


def front_pages(directory: Directory, today: datetime.date, offered: list[Calendar]) -> list[Page]:
    """The pages of the whole directory: home, about, collaborations, what's on."""
    on = whats_on(directory, today)
    whole = [c for c in offered if len(c.path) == 1]
    return [
        HomePage(
            (),
            highlights(directory, on),
            [(t, len(directory.of_type(t.name))) for t in directory.model],
        ),
        AboutPage(("about",), sources(directory), calendars=whole),
        CollaborationsPage(("collaborations",), crossings(directory)),
        WhatsOnPage(("whats-on",), on, calendars=whole),
    ]


def type_pages(
    entry_type: EntryType, directory: Directory, today: datetime.date, offered: list[Calendar]
) -> list[Page]:
    """A type's listing pages, each with the calendar of its own entries when it has one. What
    they show follows from the type's entries (and what each shows of those it links to) and
    the day alone: the build plans them again only when one of those changed."""
    pages = listing_pages(entry_type, directory.of_type(entry_type.name), today)
    by_path = {c.path: c for c in offered}
    for page in pages:
        if isinstance(page, TimelinePage | UpcomingPage) and page.entry_type:
            own = by_path.get(page.path) or by_path.get((page.entry_type.name,))
            page.calendars = [own] if own else []
    return pages


def entries_in_order(directory: Directory) -> list[Entry]:
    """Every entry, in the order of their pages: by type in the model's order."""
    return [e for t in directory.model for e in directory.of_type(t.name)]


def calendars_at(offered: list[Calendar]) -> dict[tuple[str, str], list[Calendar]]:
    """The calendars of each place (its own page offers them), by the place's key."""
    found: dict[tuple[str, str], list[Calendar]] = {}
    for calendar in offered:
        if calendar.place is not None:
            found.setdefault(calendar.place.key, []).append(calendar)
    return found


def listing_pages(entry_type: EntryType, entries: list[Entry], today: datetime.date) -> list[Page]:
    """A type's listing, as its x-listing says: grouped, with filter pages, by timeline, or an
    index of decades with a page per decade."""
    listing = entry_type.listing
    path = (entry_type.name,)
    if listing.sections == "upcoming":
        return upcoming_pages(entry_type, entries, today)
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


def upcoming_pages(entry_type: EntryType, entries: list[Entry], today: datetime.date) -> list:
    """A listing of the current and upcoming entries with a page per filter value, and the past
    ones: an index of years and a page per year."""
    listing = entry_type.listing
    path = (entry_type.name,)
    current = [e for e in entries if not is_past(e, today)]
    past = [e for e in entries if is_past(e, today)]
    by_year: dict[int, list[Entry]] = {}
    for entry in past:
        dates = span(entry)
        if dates:
            by_year.setdefault(dates[1].year, []).append(entry)
    years = [(year, len(by_year[year])) for year in sorted(by_year, reverse=True)]
    filters = filters_for(entry_type, current, today)
    pages: list[Page] = [
        UpcomingPage(
            path,
            entry_type,
            current,
            listing.group,
            filters,
            layout=listing.template,
            today=today,
            past_years=years,
        ),
        *(
            UpcomingPage(
                (*path, f.field, f.value),
                entry_type,
                list(f.entries),
                listing.group,
                filters,
                f,
                layout=listing.template,
                today=today,
                past_years=years,
            )
            for f in filters
        ),
        PastPage((*path, "past"), entry_type, past, None, years),
    ]
    for year, _ in years:
        shown = sorted(by_year[year], key=lambda e: (span(e), e.slug), reverse=True)
        pages.append(PastPage((*path, "past", str(year)), entry_type, shown, year, years))
    return pages


def entry_page(
    directory: Directory, entry: Entry, today: datetime.date, offered: list[Calendar]
) -> EntryPage:
    """Everything an entry's page shows beyond its own fields: the entries it links and those
    that link to it, for the people who work together, whom they worked with (both in creative
    roles) and the commissions between them; and the calendars it offers (a place's).

    What it shows of other entries comes from those it links to, those that link to it and
    the parties of its collaborations and commissions, and from nothing else: build.py's
    page keys rely on it."""
    incoming = directory.refs_to.get(entry.key, [])
    page = EntryPage(
        (entry.type, entry.slug),
        entry,
        directory.links_by_field(entry),
        backlink_sections(directory, incoming, today),
        calendars=offered,
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


def backlink_sections(directory: Directory, refs: list[Ref], today: datetime.date) -> list:
    """Incoming links in sections: those of the linking type's x-backlinks first (in its order,
    a timeline section split into upcoming and past), then one per linking type for the rest;
    one row per entry with its roles: the role given in the link, or the msgid naming the
    field's role (x-credit)."""
    groups: dict = {}  # (linking type, the index of its x-backlinks section or -1) -> rows
    for ref in refs:
        spec = ref.source.entry_type
        found = next((n for n, b in enumerate(spec.backlinks) if _takes(b, ref)), -1)
        rows = groups.setdefault((spec.name, found), {})
        row = rows.setdefault(ref.source.key, (ref.source, []))
        credit = spec.properties[ref.field].credit
        if ref.role is not None and ref.role not in row[1]:
            row[1].append(ref.role)
        elif ref.role is None and credit and credit not in row[1]:
            row[1].append(credit)
    sections = []
    for entry_type in directory.model:
        if not any(name == entry_type.name for name, _ in groups):
            continue
        specs: list[Backlinks | None] = [*entry_type.backlinks, None]
        for index, backlinks in enumerate(specs):
            rows = list(
                groups.get((entry_type.name, -1 if backlinks is None else index), {}).values()
            )
            if rows:
                sections += _sections(entry_type, backlinks, index, rows, today)
    return sections


def _takes(spec: Backlinks, ref: Ref) -> bool:
    return ref.field in spec.fields and (not spec.roles or ref.role_key in spec.roles)


def _sections(entry_type: EntryType, spec: Backlinks | None, index: int, rows, today) -> list:
    if spec is None:
        return [Section(f"from-{entry_type.name}", entry_type.label, rows)]
    own = f"from-{entry_type.name}-{index + 1}"
    if not spec.timeline:
        rows = sorted(rows, key=lambda r: (span(r[0]) or (datetime.date.max,) * 2, r[0].slug))
        return [Section(own, spec.label, rows)]
    upcoming = [r for r in rows if not is_past(r[0], today)]
    upcoming.sort(key=lambda r: (_next_key(r[0], today), r[0].slug))
    past = [r for r in rows if is_past(r[0], today)]
    past.sort(key=lambda r: (span(r[0]) or (datetime.date.min,) * 2, r[0].slug), reverse=True)
    return [
        Section(f"{own}-{name}", label or spec.label, found)
        for name, label, found in (
            ("upcoming", spec.upcoming_label, upcoming),
            ("past", spec.past_label, past),
        )
        if found
    ]


def _next_key(entry: Entry, today: datetime.date) -> tuple:
    found = next_occurrence(entry, today)
    return found.sort_key() if found else (datetime.date.max,)


def sources(directory: Directory) -> list[dict]:
    """Each distinct source the entries cite, with its licence and how many entries use it."""
    found: dict = {}
    for _, source, count in directory.cited:
        key = (source["name"].any(), source.get("licence") or "")
        item = found.setdefault(
            key, {"name": source["name"], "licence": source.get("licence"), "count": 0}
        )
        item["count"] += count
    return [found[k] for k in sorted(found)]

"""What pages the site has, and the data each page shows. Pure: a Directory in, page plans out."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from . import schema
from .browse import artist_filters, by_decade, crossings, timeline
from .linking import Directory, Ref
from .schema import type_schema
from .validation import Entry

TYPE_ORDER = ("artists", "exhibitions", "films", "works", "venues")
CREDIT_FIELDS = ("directors", "production", "artists", "curators", "credits")


@dataclass
class Page:
    template: str
    path: tuple[str, ...]  # URL path below the language prefix, e.g. ("artists", "wong-kar-wai")
    context: dict = field(default_factory=dict)


def url_path(prefix: str, path: tuple[str, ...]) -> str:
    """/en/artists/wong-kar-wai/ (always a folder URL)."""
    return "/" + "/".join((prefix, *path)) + "/" if prefix or path else "/"


def output_name(prefix: str, path: tuple[str, ...]) -> str:
    return "/".join(p for p in (prefix, *path, "index.html") if p)


def plan(directory: Directory, today: datetime.date) -> list[Page]:
    """The pages of one language (the same plan serves every language). Listings say how to
    group their entries ("heading": A–Z or strokes, "year"); the grouping itself depends on
    the language and is done when the page is rendered."""
    artists = directory.of_type("artists")
    filters = artist_filters(
        artists, schema.labels("artists", "disciplines"), schema.labels("artists", "origin")
    )
    listing = {"entry_type": "artists", "group": "heading", "filters": filters}
    pages = [
        Page("home.html", ()),
        Page("about.html", ("about",)),
        Page("collaborations.html", ("collaborations",), {"rows": crossings(directory)}),
        Page("list.html", ("artists",), {**listing, "entries": artists}),
    ]
    pages += [
        Page(
            "list.html",
            ("artists", f.field, f.value),
            {**listing, "entries": list(f.entries), "active": f},
        )
        for f in filters
    ]
    exhibitions = directory.of_type("exhibitions")
    pages.append(
        Page(
            "exhibitions.html",
            ("exhibitions",),
            {
                "entry_type": "exhibitions",
                "entries": exhibitions,
                "sections": timeline(exhibitions, today),
            },
        )
    )
    pages.append(
        Page(
            "list.html",
            ("films",),
            {"entry_type": "films", "entries": directory.of_type("films"), "group": "year"},
        )
    )
    decades = by_decade(directory.of_type("works"))
    pages.append(
        Page(
            "decades.html",
            ("works",),
            {
                "entry_type": "works",
                "entries": directory.of_type("works"),
                "decades": [(d, len(e)) for d, e in decades],
            },
        )
    )
    pages += [
        Page(
            "list.html",
            ("works", decade),
            {"entry_type": "works", "entries": entries, "group": "year", "decade": decade},
        )
        for decade, entries in decades
    ]
    pages.append(
        Page(
            "list.html",
            ("venues",),
            {"entry_type": "venues", "entries": directory.of_type("venues"), "group": "heading"},
        )
    )
    for entry_type in TYPE_ORDER:
        pages += [
            Page(
                f"{entry_type[:-1]}.html",
                (entry_type, entry.slug),
                {"entry": entry, **entry_view(directory, entry)},
            )
            for entry in directory.of_type(entry_type)
        ]
    return pages


def entry_view(directory: Directory, entry: Entry) -> dict:
    """Everything an entry's page shows beyond its own fields: the entries it links and those
    that link to it."""
    incoming = directory.refs_to.get(entry.key, [])
    view = {
        "body": entry.fields.get(type_schema(entry.type).body_field),
        "links_out": directory.links_by_field(entry),
        "linked_from": _group_by_type(incoming),
    }
    if entry.type == "artists":
        own = entry.fields.get("origin")
        view["collaborators"] = [
            (c.artist, c.works, _crosses(own, c.artist.fields.get("origin")))
            for c in directory.collaborators.get(entry.key, [])
        ]
    return view


def _crosses(origin: str | None, other: str | None) -> bool:
    """A local × international pair; unknown origins never count."""
    return bool(origin and other and origin != other)


def _group_by_type(refs: list[Ref]) -> list[tuple[str, list[tuple[Entry, list]]]]:
    """Incoming links grouped by the linking entry's type, one row per entry with its roles."""
    groups: dict = {}
    for ref in refs:
        rows = groups.setdefault(ref.source.type, {})
        row = rows.setdefault(ref.source.key, (ref.source, []))
        if ref.role is not None and ref.role not in row[1]:
            row[1].append(ref.role)
        elif ref.role is None and ref.field in CREDIT_FIELDS and ref.field not in row[1]:
            row[1].append(ref.field)
    return [(t, list(groups[t].values())) for t in TYPE_ORDER if t in groups]


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

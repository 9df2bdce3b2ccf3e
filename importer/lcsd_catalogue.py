"""The LCSD part of the catalogue: every arts programme of the feed as an exhibition or an event
(library activities and what is not the arts are left out and counted), the series and
festivals their titles name, the organisations that present them and the companies from abroad
that perform, and the venues they use. The steps:

1. classify each programme (lcsd_kinds.py);
2. exhibitions with the same title in both languages and overlapping dates (a roving show) are
   one exhibition at several venues;
3. two listings of the same show (the same core Chinese title at the same venue, sharing a
   session) are one event with both records;
4. a series or festival named by title prefixes becomes an event of its own (unless its record
   is in the feed) when two or more events belong to it; they are part of it and lose the prefix;
5. presenters and visiting companies become artists (organisations, groups), matched by name in
   either language to the artists already there before a new one is made;
6. slugs, then the entries; only the venues something takes place at are kept."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from importer import lcsd
from importer.lcsd_kinds import EXHIBITION, LIBRARY, NOT_ARTS, classify, disciplines
from importer.lcsd_names import (
    PRESENTER,
    Presenter,
    Series,
    Visitor,
    core_title,
    in_hong_kong,
    name_key,
    presenters,
    series_of,
    visitor,
)
from importer.lcsd_sessions import listed_days
from importer.notes import Notes
from importer.records import Event, Sources
from importer.slugs import SlugRequest, assign_slugs, slugify
from importer.text import bilingual, english_only, english_part, is_placeholder, title

Catalogue = dict[str, dict[str, dict]]
# The entry types LCSD programmes become.
ARTISTS = "artists"
EVENTS = "events"
EXHIBITIONS = "exhibitions"
VENUES = "venues"
# An event's disciplines as an artist's (the artists schema's values).
ARTIST_DISCIPLINES = {
    "music": "music", "xiqu": "theatre", "dance": "dance", "theatre": "theatre",
    "musical": "theatre", "circus": "performance", "multi-arts": "performance",
    "film": "film", "visual-art": "visual-art", "literature": "literature",
    "media-art": "new-media",
}  # fmt: skip
HONG_KONG = {"en": "Hong Kong", "zh": "香港"}
MIN_SERIES = 2  # events that make a series or festival an event of its own
PERFORMER = "performer"
CANCELLED = "cancelled"


@dataclass
class Programme:
    """One event or exhibition to be: its records (a duplicate listing adds one), its kind and
    its titles without the prefixes."""

    records: list[Event]
    kind: str
    title_en: str
    title_zh: str
    series: Series | None = None
    venues: list[int] = field(default_factory=list)

    @property
    def first(self) -> Event:
        return self.records[0]

    @property
    def record(self) -> int | str:
        ids = sorted(r.id for r in self.records)
        return ids[0] if len(ids) == 1 else ", ".join(map(str, ids))


@dataclass
class Party:
    """An organisation or company the programmes name, and the programmes that name it."""

    en: str
    zh: str
    record: int  # the first programme naming it
    origin: str | None
    nationality: tuple[str, str] | None = None
    kind: str = "organisation"
    disciplines: list[str] = field(default_factory=list)


def add_programmes(
    catalogue: Catalogue,
    sources: Sources,
    notes: Notes,
    reserved: dict[str, set[str]],
    known: dict[str, dict] | None = None,
) -> None:
    """Fill the catalogue's exhibitions, events and venues from LCSD, and add the organisations
    and companies to its artists. reserved: {entry type: slugs kept from an earlier import
    (events that have left the feed) that no new entry may take}; known: artists already in
    the directory but not in the catalogue (written by hand, or by another import), to match
    names against."""
    known = {**(known or {}), **catalogue[ARTISTS]}
    exhibitions, programmes = _classified(sources.events, notes)
    exhibitions = _roving(exhibitions)
    programmes = _duplicates(programmes, notes)
    umbrellas = _series(programmes)
    venue_slugs = _slugs(VENUES, [lcsd.venue_request(v) for v in sources.venues], notes, reserved)
    parties, credits = _parties(programmes, known, notes)
    party_slugs = _slugs(
        ARTISTS,
        [
            SlugRequest(key, slugify(p.en) or f"lcsd-organisation-{p.record}", (), p.record)
            for key, p in parties.items()
            if key not in credits.existing
        ],
        notes,
        reserved,
        set(known),
    )
    party_slugs.update(credits.existing)
    exhibition_slugs = _slugs(
        EXHIBITIONS,
        [
            SlugRequest(
                id(p), slugify(english_only(p.title_en)) or f"lcsd-exhibition-{p.first.id}",
                (venue_slugs.get(p.venues[0], ""),) if p.venues else (), p.first.id,
            )
            for p in exhibitions
        ],
        notes,
        reserved,
    )  # fmt: skip
    event_slugs = _slugs(
        EVENTS,
        [
            SlugRequest(
                id(p), _event_base(p),
                tuple(q for q in (*(venue_slugs.get(v, "") for v in p.venues),
                                  _presenter_base(p, credits, parties, party_slugs)) if q),
                p.first.id,
            )
            for p in programmes
        ]
        + [SlugRequest(s.key, s.key, (), f"series-{s.key}") for s in umbrellas.made],
        notes,
        reserved,
    )  # fmt: skip
    umbrella_slug = {s.key: event_slugs[s.key] for s in umbrellas.made}
    umbrella_slug |= {key: event_slugs[id(p)] for key, p in umbrellas.records.items()}
    used: set[int] = set()
    for programme in exhibitions:
        slug = exhibition_slugs[id(programme)]
        catalogue[EXHIBITIONS][slug] = lcsd.exhibition_from(
            programme.records, programme.venues, venue_slugs, notes
        )
        used.update(programme.venues)
    entries: dict[str, dict] = {}
    for programme in programmes:
        whole = programme.series.key if programme.series else None
        part_of = umbrella_slug.get(whole) if whole else None
        if part_of == event_slugs[id(programme)]:
            part_of = None  # the series' own record
        entry = _event_entry(
            programme, venue_slugs, part_of, credits.of(programme), party_slugs, notes
        )
        entries[event_slugs[id(programme)]] = entry
        used.update(programme.venues)
    for series in umbrellas.made:
        members = [e for e in entries.values() if e.get("part_of") == [umbrella_slug[series.key]]]
        entries[umbrella_slug[series.key]] = _umbrella(series, members)
    catalogue[EVENTS].update(entries)
    for key, party in parties.items():
        if key not in credits.existing:
            catalogue[ARTISTS][party_slugs[key]] = _party_entry(party)
    for venue in sources.venues:
        if venue.id in used:
            catalogue[VENUES][venue_slugs[venue.id]] = lcsd.venue_entry(venue)
        else:
            notes.skip("LCSD venue with no programme at it", f"LCSD venue {venue.id}")


# 1. Kinds ---------------------------------------------------------------------------------------


def _classified(events: list[Event], notes: Notes) -> tuple[list[Programme], list[Programme]]:
    exhibitions: list[Programme] = []
    programmes: list[Programme] = []
    for event in sorted(events, key=lambda e: e.id):
        kind, rule = classify(event)
        record = f"LCSD event {event.id}"
        if kind in (LIBRARY, NOT_ARTS):
            notes.skip(f"LCSD {rule}", record)
            continue
        notes.odd(f"LCSD programme kind: {rule}", record)
        if kind == EXHIBITION and lcsd.cancelled(event):
            notes.skip("cancelled exhibition", record)
            continue
        english = "" if is_placeholder(event.title_en) else event.title_en
        series, en, zh = series_of(english, event.title_zh)
        en, zh = lcsd.without_status(en, zh)
        venues = [event.venue] if event.venue is not None else []
        found = Programme([event], kind, en, zh, series, venues)
        (exhibitions if kind == EXHIBITION else programmes).append(found)
    return exhibitions, programmes


# 2. Roving exhibitions --------------------------------------------------------------------------


def _roving(exhibitions: list[Programme]) -> list[Programme]:
    """One exhibition for each show with the same titles whose dates overlap, at every venue."""
    groups: dict[tuple[str, str], list[Programme]] = {}
    for programme in exhibitions:
        groups.setdefault((programme.first.title_en, programme.first.title_zh), []).append(
            programme
        )
    found = []
    for group in groups.values():
        clusters: list[list[Programme]] = []
        for programme in sorted(group, key=_first_day):
            if clusters and _first_day(programme) <= max(_last_day(p) for p in clusters[-1]):
                clusters[-1].append(programme)
            else:
                clusters.append([programme])
        for cluster in clusters:
            first = cluster[0]
            venues = list(dict.fromkeys(v for p in cluster for v in p.venues))
            records = [r for p in cluster for r in p.records]
            found.append(Programme(records, first.kind, first.title_en, first.title_zh,
                                   first.series, venues))  # fmt: skip
    return sorted(found, key=lambda p: p.first.id)


def _first_day(programme: Programme) -> datetime.date:
    days = listed_days(programme.first.dates)
    return days[0] if days else datetime.date.max


def _last_day(programme: Programme) -> datetime.date:
    days = listed_days(programme.first.dates)
    return days[-1] if days else datetime.date.max


# 3. Duplicate listings ---------------------------------------------------------------------------


def _duplicates(programmes: list[Programme], notes: Notes) -> list[Programme]:
    """Two listings of one show (the same core Chinese title at the same venue, sharing a
    session) are one programme with both records, the lower id first."""
    by_show: dict[tuple[str, int | None], list[Programme]] = {}
    for programme in programmes:
        key = (core_title(programme.first.title_zh), programme.first.venue)
        if key[0] and programme.first.category.startswith("inc4"):
            by_show.setdefault(key, []).append(programme)
    merged: set[int] = set()
    for group in by_show.values():
        while len(group) > 1:
            first, *others = group
            sessions = _starts(first)
            same = [o for o in others if sessions & _starts(o)]
            for other in same:
                first.records.extend(other.records)
                merged.add(id(other))
                notes.odd("LCSD show listed twice (one event, both records)", f"LCSD event "
                          f"{other.first.id}")  # fmt: skip
            group = [o for o in others if o not in same]
    return [p for p in programmes if id(p) not in merged]


def _starts(programme: Programme) -> set[str]:
    """A programme's sessions as days and start times (the end may be worded differently)."""
    return {s[:16] for s in lcsd.sessions(programme.first, Notes())}


# 4. Series and festivals -------------------------------------------------------------------------


@dataclass
class Umbrellas:
    made: list[Series]  # series that become events of their own
    records: dict[str, Programme]  # series whose own record is in the feed


def _series(programmes: list[Programme]) -> Umbrellas:
    """Which series and festivals are events: those whose record is in the feed (its title is
    only the prefix) and those with MIN_SERIES or more events. The events of a series that is
    not one keep their prefix."""
    records = {p.series.key: p for p in programmes if p.series and not (p.title_en or p.title_zh)}
    for programme in records.values():
        programme.title_en, programme.title_zh = programme.series.en, programme.series.zh  # type: ignore[union-attr]
    members = Counter(p.series.key for p in programmes if p.series and p not in records.values())
    made = [
        s for s in _all_series(programmes) if s.key not in records and members[s.key] >= MIN_SERIES
    ]
    keep = {s.key for s in made} | set(records)
    for programme in programmes:
        if programme.series and programme.series.key not in keep:
            english = "" if is_placeholder(programme.first.title_en) else programme.first.title_en
            programme.title_en, programme.title_zh = lcsd.without_status(
                english, programme.first.title_zh
            )
            programme.series = None
    return Umbrellas(made, records)


def _all_series(programmes: list[Programme]) -> list[Series]:
    return list({p.series.key: p.series for p in programmes if p.series}.values())


def _umbrella(series: Series, members: list[dict]) -> dict:
    """A series or festival made of its events: their days, venues, disciplines and shared
    presenters."""
    days = sorted(d for m in members for d in _entry_days(m))
    venues = list(dict.fromkeys(v for m in members for v in m.get("venues", ())))
    found = Counter(d for m in members for d in m.get("disciplines", ()))
    shared = [
        c
        for c in members[0].get("participants", ())
        if c["role"] == PRESENTER and all(c in m.get("participants", ()) for m in members)
    ]
    entry: dict = {"title": bilingual(series.en, series.zh), "kind": series.kind}
    entry["disciplines"] = [d for d, _ in found.most_common()]
    if venues:
        entry["venues"] = venues
    if days:
        entry["start"] = days[0]
        if days[-1] != days[0]:
            entry["end"] = days[-1]
    if shared:
        entry["participants"] = shared
    entry["source"] = {**lcsd.SOURCE, "licence": lcsd.LICENCE}
    return entry


def _entry_days(entry: dict) -> list[str]:
    days = [s.split(" ")[0] for s in entry.get("sessions", ())]
    return days or [d for d in (entry.get("start"), entry.get("end")) if d]


# 5. Presenters and visiting companies ---------------------------------------------------------


@dataclass
class Credits:
    """Who each programme names, in order, with their roles: (party key, role)."""

    by_programme: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    existing: dict[str, str] = field(default_factory=dict)  # party key -> an artist's slug

    def of(self, programme: Programme) -> list[tuple[str, str]]:
        return self.by_programme.get(id(programme), [])


def _parties(
    programmes: list[Programme], artists: dict[str, dict], notes: Notes
) -> tuple[dict[str, Party], Credits]:
    known = _names(artists)
    parties: dict[str, Party] = {}
    credits = Credits()
    for programme in programmes:
        event = programme.first
        record = f"LCSD event {event.id}"
        found: list[tuple[str, str]] = []
        guest = visitor(event.title_en, event.title_zh)
        if guest is not None:
            key = _party_key(guest.en, guest.zh)
            parties.setdefault(key, _visitor_party(guest, event, programme.kind))
            found.append((key, PERFORMER))
            notes.odd("LCSD visiting company named with its country (an international artist)",
                      record)  # fmt: skip
        named, funders = presenters(event.presenter_en, event.presenter_zh, event.title_en)
        for _ in range(funders):
            notes.odd("LCSD funder named beside the presenters (left out)", record)
        if event.presenter_en and not named:
            notes.odd("LCSD presenter that names no one (left out)", record)
        for presenter in named:
            key = _party_key(presenter.en, presenter.zh)
            if key not in parties:
                parties[key] = _presenter_party(presenter, event, notes)
            found.append((key, presenter.role))
        credits.by_programme[id(programme)] = list(dict.fromkeys(found))
        for key, _ in found:
            party = parties[key]
            slug = known.get(name_key(party.en)) if party.en else None
            slug = slug or (known.get(name_key(party.zh)) if party.zh else None)
            if slug:
                credits.existing[key] = slug
    return parties, credits


def _party_key(en: str, zh: str) -> str:
    return name_key(en) if en else name_key(zh)


def _names(artists: dict[str, dict]) -> dict[str, str]:
    """{folded name: slug} of every name of every artist, in either language."""
    found: dict[str, str] = {}
    for slug in sorted(artists):
        fields = artists[slug]
        for value in [fields["name"], *fields.get("aliases", ())]:
            texts = [value] if isinstance(value, str) else list(value.values())
            for text in texts:
                key = name_key(text)
                if len(key) > 1:
                    found.setdefault(key, slug)
    return found


def _visitor_party(guest: Visitor, event: Event, kind: str) -> Party:
    wanted = disciplines(event, kind)
    own = list(dict.fromkeys(ARTIST_DISCIPLINES[d] for d in wanted if d in ARTIST_DISCIPLINES))
    return Party(guest.en, guest.zh, event.id, "international",
                 (guest.country_en, guest.country_zh), "group", own)  # fmt: skip


def _presenter_party(presenter: Presenter, event: Event, notes: Notes) -> Party:
    local = in_hong_kong(presenter)
    if not local:
        notes.odd("LCSD presenter whose name does not place it (origin left out)",
                  f"LCSD event {event.id}")  # fmt: skip
    return Party(presenter.en, presenter.zh, event.id, "local" if local else None)


def _party_entry(party: Party) -> dict:
    entry: dict = {"name": bilingual(party.en, party.zh) or party.zh, "kind": party.kind}
    if party.origin:
        entry["origin"] = party.origin
    if party.nationality:
        entry["nationality"] = bilingual(*party.nationality)
    if party.disciplines:
        entry["disciplines"] = party.disciplines
    entry["source"] = lcsd.source(party.record)
    return entry


def _presenter_base(programme, credits: Credits, parties, party_slugs) -> str:
    """The slug qualifier of a programme with a generic title: its first presenter's slug."""
    for key, role in credits.of(programme):
        if role != PERFORMER:
            return party_slugs.get(key, "")[:40].rstrip("-")
    return ""


# 6. Slugs and entries ---------------------------------------------------------------------------


def _event_base(programme: Programme) -> str:
    english = english_only(programme.title_en)
    return slugify(english) or f"lcsd-event-{programme.first.id}"


def _slugs(
    entry_type: str,
    requests: list,
    notes: Notes,
    reserved: dict[str, set[str]],
    taken: set[str] = frozenset(),  # type: ignore[assignment]
) -> dict:
    slugs, qualified = assign_slugs(requests, reserved.get(entry_type, set()) | set(taken))
    for request in qualified:
        notes.odd(
            f"{entry_type}: name shared with another record (slug qualified)",
            f"{entry_type} record {request.record}",
        )
    return slugs


def _event_entry(
    programme: Programme,
    venue_slugs: dict[int, str],
    part_of: str | None,
    credits: list[tuple[str, str]],
    party_slugs: dict[str, str],
    notes: Notes,
) -> dict:
    event = programme.first
    record = f"LCSD event {event.id}"
    if is_placeholder(event.title_en):
        notes.odd("missing English title ('--')", record)
    english = english_part(programme.title_en, notes, record)
    entry: dict = {"title": title(english, programme.title_zh, notes, record)}
    entry["kind"] = programme.kind
    entry["disciplines"] = disciplines(event, programme.kind)
    if any(lcsd.cancelled(r) for r in programme.records):
        entry["status"] = CANCELLED
    if part_of:
        entry["part_of"] = [part_of]
    venues = [venue_slugs[v] for v in programme.venues if v in venue_slugs]
    if venues:
        entry["venues"] = venues
    sessions = sorted({s for r in programme.records for s in lcsd.sessions(r, notes)})
    if sessions:
        entry["sessions"] = sessions
    else:
        entry.update(lcsd.event_dates(event, notes))
    participants = [{"artist": party_slugs[key], "role": role} for key, role in credits]
    if participants:
        entry["participants"] = participants
    languages = lcsd.languages(event)
    if languages:
        entry["languages"] = languages
    age = lcsd.min_age(event)
    if age is not None:
        entry["min_age"] = age
    admission = lcsd.admission(event)
    if admission:
        entry["admission"] = admission
    description = lcsd.description(event)
    if description:
        entry["description"] = description
    links = lcsd.links(event, notes)
    if links:
        entry["links"] = links
    entry["source"] = lcsd.source(programme.record)
    return entry

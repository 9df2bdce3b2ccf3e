"""The curated sample's events, chosen from the whole catalogue by fixed rules (an event is in
if any rule picks it):

S1. every event of the named series and festivals in NAMED, and the series itself;
S2. every event with an international participant (a company from abroad);
S3. every workshop, masterclass, talk, residency, festival, series and screening;
S4. every performance the LCSD presents (its Music Office, Film Archive and the department);
S5. for each first discipline and building, the course with the lowest record id;
S6. for each first discipline and building, the performance with the lowest record id;
S7. the series or festival each chosen event is part of, and all the events of each chosen
    series or festival.
"""

from __future__ import annotations

import re

Catalogue = dict[str, dict[str, dict]]
ARTISTS = "artists"
EVENTS = "events"
VENUES = "venues"
NAMED = frozenset({
    "cheers-series-2025-26", "ekcc-opening-season", "beares-premiere-music-festival-2026",
    "food-for-thought-a-cinematic-feast", "tai-po-civic-centre-fun-day",
    "community-cultural-ambassador-scheme-2025", "18dart-2025-26",
})  # fmt: skip
EVERY = frozenset(
    {"workshop", "masterclass", "talk", "residency", "festival", "series", "screening"}
)
LCSD = re.compile(r"Leisure and Cultural Services|Music Office|Film Archive|LCSD", re.I)
ROOM = re.compile(r"\s*\(.*$")


def select_events(catalogue: Catalogue) -> dict[str, dict]:
    """The sample's events, in slug order."""
    events, artists, venues = catalogue[EVENTS], catalogue[ARTISTS], catalogue[VENUES]
    chosen: set[str] = set()
    for slug, event in events.items():
        whole = event.get("part_of") or []
        if slug in NAMED or set(whole) & NAMED:
            chosen.add(slug)  # S1
        people = [artists.get(p["artist"], {}) for p in event.get("participants", ())]
        if any(p.get("origin") == "international" for p in people):
            chosen.add(slug)  # S2
        if event["kind"] in EVERY:
            chosen.add(slug)  # S3
        presenters = [
            artists.get(p["artist"], {}) for p in event.get("participants", ())
            if p["role"] != "performer"
        ]  # fmt: skip
        if event["kind"] == "performance" and any(LCSD.search(_english(p)) for p in presenters):
            chosen.add(slug)  # S4
    for kind in ("course", "performance"):  # S5, S6
        first: dict[tuple[str, str], str] = {}
        for slug in sorted(events, key=lambda s: _record(events[s])):
            event = events[slug]
            if event["kind"] == kind:
                building = _building(venues, event)
                first.setdefault(((event.get("disciplines") or [""])[0], building), slug)
        chosen.update(first.values())
    for slug in list(chosen):  # S7
        chosen.update(events[slug].get("part_of") or [])
    wholes = {slug for slug in chosen if events[slug]["kind"] in ("festival", "series")}
    chosen.update(s for s, e in events.items() if set(e.get("part_of") or []) & wholes)
    return {slug: events[slug] for slug in sorted(chosen)}


def _english(artist: dict) -> str:
    name = artist.get("name", "")
    return name if isinstance(name, str) else name.get("en", "")


def _building(venues: dict[str, dict], event: dict) -> str:
    """The building of the event's first venue: the venue's name without its room."""
    slug = (event.get("venues") or [""])[0]
    name = venues.get(slug, {}).get("name", "")
    english = name if isinstance(name, str) else name.get("en", "")
    return ROOM.sub("", english)


def _record(entry: dict) -> tuple[int, str]:
    record = str(entry.get("source", {}).get("record", ""))
    first = record.split(",")[0].strip()
    return (int(first), record) if first.isdigit() else (0, record)


def used_venues(entries: list[dict]) -> set[str]:
    """The venues a list of events or exhibitions take place at (their sessions' too)."""
    found: set[str] = set()
    for entry in entries:
        found.update(entry.get("venues") or [])
        if entry.get("venue"):
            found.add(entry["venue"])
        for session in entry.get("sessions") or ():
            if isinstance(session, dict) and session.get("venue"):
                found.add(session["venue"])
    return found


def participants(entries: list[dict]) -> set[str]:
    return {p["artist"] for entry in entries for p in entry.get("participants", ())}

"""Which iCalendar files the site has, and what each holds: for every type with a calendar
(x-calendar), its current and upcoming entries; one file per value of each of its listing's
filters marked calendar (events by kind); one per place its entries take place at (x-location),
for the places with a current or upcoming one. Pure: the pages link the same files the build
writes (ics.calendar_file writes them)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .browse import filters_for
from .linking import Directory
from .model import Entry, EntryType
from .when import is_past, next_occurrence


@dataclass(frozen=True, eq=False)
class Calendar:
    entry_type: EntryType
    path: tuple[str, ...]  # below the language prefix, without ".ics"
    entries: list[Entry]  # current and upcoming, soonest first
    value: dict[str, str] | None = None  # the filter value's labels (kind)
    place: Entry | None = None  # the place, for a place's calendar

    def file(self, prefix: str) -> str:
        return "/".join((prefix, *self.path)) + ".ics"


def calendars(directory: Directory, today: datetime.date) -> list[Calendar]:
    found = []
    for entry_type in directory.model:
        if not entry_type.calendar:
            continue
        entries = _in_order(
            [e for e in directory.of_type(entry_type.name) if not is_past(e, today)], today
        )
        found.append(Calendar(entry_type, (entry_type.name,), entries))
        for spec in filters_for(entry_type, entries, today):
            if spec.spec.calendar:
                path = (entry_type.name, spec.field, spec.value)
                found.append(Calendar(entry_type, path, list(spec.entries), spec.labels))
        at: dict[tuple[str, str], list[Entry]] = {}
        for entry in entries:
            for place in dict.fromkeys(_places(directory, entry)):
                at.setdefault(place.key, []).append(entry)
        for key in sorted(at):
            place = directory.entries[key]
            path = (place.type, place.slug, entry_type.name)
            found.append(Calendar(entry_type, path, at[key], place=place))
    return found


def _places(directory: Directory, entry: Entry) -> list[Entry]:
    name = entry.entry_type.sessions_field
    own = [s["venue"] for s in entry.fields.get(name) or () if s["venue"]] if name else []
    found = [p for slug in own for p in directory.places(entry, slug)]
    return found + directory.places(entry)


def _in_order(entries: list[Entry], today: datetime.date) -> list[Entry]:
    def key(entry: Entry) -> tuple:
        found = next_occurrence(entry, today)
        return (found.sort_key() if found else (datetime.date.max,), entry.slug)

    return sorted(entries, key=key)

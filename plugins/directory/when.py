"""When an entry happens: its sessions (a day, with times in the sessions' time zone where
known), else the run of its first pair of x-dates. Pure: an entry (and a day) in, dates out;
what's on, the listings by month, the calendars and the JSON-LD dates all ask here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .fields import ListOf, Session, first_day, last_day, parse_time
from .model import Entry


@dataclass(frozen=True)
class Occurrence:
    """One session, or a whole run of days (an exhibition's opening to its closing)."""

    first: datetime.date
    last: datetime.date  # the same day for a session (the next when it ends after midnight)
    start: datetime.time | None = None
    end: datetime.time | None = None
    venue: str | None = None  # the slug of the session's own venue
    timezone: str | None = None  # where its times are
    run: bool = False  # the entry's whole run (an exhibition), not one of its sessions

    def starts_at(self) -> datetime.datetime | datetime.date:
        """Its start as a local date-time (aware) where its time is known, else its day."""
        if self.start is None:
            return self.first
        return datetime.datetime.combine(self.first, self.start, self._zone())

    def ends_at(self) -> datetime.datetime | datetime.date | None:
        """Its end: a local date-time where known, the last day of a run, else None."""
        if self.end is not None:
            return datetime.datetime.combine(self.last, self.end, self._zone())
        return self.last if self.last > self.first else None

    def _zone(self) -> datetime.tzinfo:
        return ZoneInfo(self.timezone or "UTC")

    def sort_key(self) -> tuple:
        return (self.first, self.start or datetime.time.min, self.last)


def occurrences(entry: Entry) -> tuple[Occurrence, ...]:
    """Every session of an entry in order, or its run as one occurrence; () when undated."""
    found = entry.derived.get("occurrences")
    if found is None:
        found = entry.derived["occurrences"] = tuple(_occurrences(entry))
    return found


def _occurrences(entry: Entry) -> list[Occurrence]:
    spec = entry.entry_type
    name = spec.sessions_field
    sessions = entry.fields.get(name) if name else None
    if sessions:
        field = spec.properties[name].field  # type: ignore[index]
        timezone = (
            field.item.timezone
            if isinstance(field, ListOf) and isinstance(field.item, Session)
            else None
        )
        return sorted((_session(s, timezone) for s in sessions), key=Occurrence.sort_key)
    if spec.date_ranges:
        first_name, last_name = spec.date_ranges[0]
        first = entry.fields.get(first_name)
        if first:
            last = entry.fields.get(last_name) or first
            return [Occurrence(first_day(first), last_day(last), run=True)]
    return []


def _session(value: dict, timezone: str | None) -> Occurrence:
    day = datetime.date.fromisoformat(value["date"])
    start = _time(value["start"])
    end = _time(value["end"])
    last = day + datetime.timedelta(days=1) if start and end and end < start else day
    return Occurrence(day, last, start, end, value.get("venue"), timezone)


def _time(text: str | None) -> datetime.time | None:
    parts = parse_time(text) if text else None
    return datetime.time(*parts) if parts else None


def span(entry: Entry) -> tuple[datetime.date, datetime.date] | None:
    """(first day, last day) of an entry, None when undated."""
    found = occurrences(entry)
    if not found:
        return None
    return found[0].first, max(o.last for o in found)


def is_past(entry: Entry, today: datetime.date) -> bool:
    """Over before today (an undated entry counts as past)."""
    found = span(entry)
    return found is None or found[1] < today


def next_occurrence(entry: Entry, today: datetime.date) -> Occurrence | None:
    """The first session on or after today, or the run if it is still on."""
    return next((o for o in occurrences(entry) if o.last >= today), None)


def on_day(entry: Entry, day: datetime.date) -> list[Occurrence]:
    """The entry's occurrences that take place on a day (a run: any day of it)."""
    return [o for o in occurrences(entry) if o.first <= day <= o.last]


def months(entry: Entry) -> list[str]:
    """Every month ('2026-01') the entry happens in, in order."""
    found: dict[str, None] = {}
    for occurrence in occurrences(entry):
        day = occurrence.first.replace(day=1)
        while day <= occurrence.last:
            found[f"{day:%Y-%m}"] = None
            day = (day + datetime.timedelta(days=32)).replace(day=1)
    return list(found)

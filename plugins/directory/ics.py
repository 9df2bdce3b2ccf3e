"""The iCalendar feeds (RFC 5545) of current and upcoming exhibitions and events, written with
the icalendar library. Pure: a calendar's entries in, the file's bytes out; "today" is
history.build_day(), passed in. Imported when a calendar file is made, not with the build:
the library takes a tenth of a one-change rebuild's start to import."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import cache

import icalendar

from .calendars import Calendar
from .model import Entry
from .when import Occurrence, occurrences

# The span the VTIMEZONE components describe: Hong Kong has kept one offset since 1979.
TIMEZONES_FROM = datetime.date(1980, 1, 1)
TIMEZONES_UNTIL = datetime.date(2100, 1, 1)


def calendar_file(
    calendar: Calendar,
    *,
    name: str,
    title: Callable[[Entry], str],
    description: Callable[[Entry], str],
    page_url: Callable[[Entry], str],
    location: Callable[[Entry, Occurrence], str],
    stamps: dict,
    today: datetime.date,
) -> bytes:
    """RFC 5545 text (written with the icalendar library) of a calendar's entries: one VEVENT
    per session that ends today or later, at its time in its time zone (with the VTIMEZONE)
    where the time is known, else all day; a run (an exhibition) as one all-day VEVENT (DTEND
    is the day after the last). A cancelled entry's VEVENTs say STATUS:CANCELLED.
    stamps: {entry key: datetime} for DTSTAMP, from git, never the clock."""
    spec = calendar.entry_type
    name = " ".join(name.split())  # one line: a venue's name may hold a line break
    document = icalendar.Calendar()
    document.add("prodid", f"-//Harbour Crossings//{spec.label}//EN")
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    document.add("method", "PUBLISH")
    document.add("name", name)
    document.add("X-WR-CALNAME", name)
    events = []
    for entry in calendar.entries:
        for occurrence in occurrences(entry):
            if occurrence.last >= today:
                events.append((occurrence.sort_key(), entry.slug, entry, occurrence))
    for _, _, entry, occurrence in sorted(events, key=lambda event: event[:2]):
        document.add_component(
            _vevent(entry, occurrence, title, description, page_url, location, stamps)
        )
    if any(o.start is not None for *_, o in events):
        # as document.add_missing_timezones() adds them, each made once, in a fixed order
        zones = (_timezone(tzid) for tzid in sorted(document.get_missing_tzids()))
        document.subcomponents[:0] = [zone for zone in zones if zone is not None]
    return document.to_ical()


@cache
def _timezone(tzid: str) -> icalendar.Timezone | None:
    """A time zone's VTIMEZONE over every date the site may show (made once: it takes a while,
    and every calendar with times has it); None for a zone icalendar does not know."""
    try:
        return icalendar.Timezone.from_tzid(
            tzid, first_date=TIMEZONES_FROM, last_date=TIMEZONES_UNTIL
        )
    except ValueError:
        return None


class _Text(icalendar.vText):
    """A TEXT value escaped by RFC 5545 3.3.11 alone: icalendar's own escaping first reads a
    backslash and N in the text as a line break, which would change what an editor wrote."""

    def to_ical(self) -> bytes:
        text = str(self)
        for char, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,")):
            text = text.replace(char, escaped)
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
        return text.encode("utf-8")


def _vevent(entry, occurrence, title, description, page_url, location, stamps):
    spec = entry.entry_type
    event = icalendar.Event()
    if occurrence.run:
        uid = f"{spec.singular}-{entry.slug}@harbour-crossings"
    else:
        moment = occurrence.first.strftime("%Y%m%d")
        if occurrence.start is not None:
            moment += occurrence.start.strftime("T%H%M")
        uid = f"{spec.singular}-{entry.slug}-{moment}@harbour-crossings"
    event.add("uid", uid)
    event.add("dtstamp", stamps[entry.key].astimezone(datetime.UTC))
    start = occurrence.starts_at()
    event.add("dtstart", start)
    if isinstance(start, datetime.datetime):
        end = occurrence.ends_at()
        if end is not None:
            event.add("dtend", end)
    else:
        event.add("dtend", occurrence.last + datetime.timedelta(days=1))
    event.add("summary", _Text(title(entry)))
    where = location(entry, occurrence)
    if where:
        event.add("location", _Text(where))
    text = description(entry)
    if text:
        event.add("description", _Text(text))
    event.add("url", page_url(entry))
    if entry.cancelled:
        event.add("status", "CANCELLED")
    event.add("transp", "TRANSPARENT")
    return event

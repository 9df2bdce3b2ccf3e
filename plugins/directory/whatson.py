"""What is on, on the build day: the entries of the types with a calendar (x-calendar) by
day for the next WINDOW days, then by month; what runs over many days (an exhibition, or an
entry x-ongoing names, such as a course) is listed once, as on now or on the day it opens.
Pure: a directory and a day in, lists out."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .linking import Directory
from .model import Entry
from .when import Occurrence, occurrences

WINDOW = 60  # days listed one by one on the what's on page
WEEK = 7
HOME_LIMIT = 12  # items in each of the home page's lists
COMING_UP = 8


@dataclass(frozen=True)
class Item:
    """An entry on a day: one of its sessions, or the day it opens (``opens``)."""

    entry: Entry
    occurrence: Occurrence
    opens: bool = False


@dataclass
class WhatsOn:
    today: datetime.date
    ongoing: list[Item] = field(default_factory=list)  # on today, for many days or sessions
    days: list[tuple[datetime.date, list[Item]]] = field(default_factory=list)  # with items
    later: list[tuple[str, list[Item]]] = field(default_factory=list)  # ('YYYY-MM', items)
    window: int = WINDOW


@dataclass
class Highlights:
    """The home page's part of what is on."""

    day: datetime.date  # the build day
    today: list[Item]
    today_more: int  # items of today beyond the list
    ongoing: int  # how many are on now for many days
    week: list[tuple[datetime.date, list[Item]]]
    coming_up: list[Item]


def whats_on(directory: Directory, today: datetime.date, window: int = WINDOW) -> WhatsOn:
    last = today + datetime.timedelta(days=window - 1)
    result = WhatsOn(today, window=window)
    days: dict[datetime.date, list[Item]] = {}
    later: dict[str, list[Item]] = {}
    for entry_type in directory.model:
        if not entry_type.calendar:
            continue
        for entry in directory.of_type(entry_type.name):
            found = occurrences(entry)
            if not found:
                continue
            first, end = found[0].first, max(o.last for o in found)
            if end < today:
                continue
            if (len(found) == 1 and found[0].run) or directory.model.is_ongoing(entry):
                whole = Occurrence(first, end, run=True)
                if first <= today:
                    result.ongoing.append(Item(entry, whole))
                elif first <= last:
                    days.setdefault(first, []).append(Item(entry, whole, opens=True))
                else:
                    later.setdefault(f"{first:%Y-%m}", []).append(Item(entry, whole, opens=True))
                continue
            inside = [o for o in found if o.last >= today and o.first <= last]
            for occurrence in inside:
                days.setdefault(max(occurrence.first, today), []).append(Item(entry, occurrence))
            if not inside:
                after = next(o for o in found if o.first > last)
                later.setdefault(f"{after.first:%Y-%m}", []).append(Item(entry, after))
    result.ongoing.sort(key=lambda i: (i.occurrence.last, i.entry.type, i.entry.slug))
    result.days = [(day, sorted(days[day], key=_item_order)) for day in sorted(days)]
    result.later = [(month, sorted(later[month], key=_item_order)) for month in sorted(later)]
    return result


def _item_order(item: Item) -> tuple:
    return (*item.occurrence.sort_key(), item.entry.type, item.entry.slug)


def highlights(directory: Directory, on: WhatsOn) -> Highlights:
    """Today's items, the rest of the week's by day, and the next things to open or start
    after this week."""
    today = dict(on.days).get(on.today, [])
    week_end = on.today + datetime.timedelta(days=WEEK - 1)
    week = [(day, items) for day, items in on.days if on.today < day <= week_end]
    seen: set[tuple[str, str]] = {i.entry.key for i in today}
    seen |= {i.entry.key for _, items in week for i in items}
    coming: list[Item] = []
    for _, items in [*((d, i) for d, i in on.days if d > week_end), *on.later]:
        for item in items:
            if item.entry.key not in seen and len(coming) < COMING_UP:
                seen.add(item.entry.key)
                coming.append(item)
    return Highlights(
        on.today,
        today[:HOME_LIMIT],
        max(len(today) - HOME_LIMIT, 0),
        len(on.ongoing),
        [(day, items[:HOME_LIMIT]) for day, items in week],
        coming,
    )

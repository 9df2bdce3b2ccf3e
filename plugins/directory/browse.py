"""How listings are ordered, grouped and filtered: A–Z in English, Hong Kong stroke-count order
with 1劃, 2劃, ... headings in Chinese (ICU), years and decades, exhibitions by date."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .fields import DECADE, first_day, last_day
from .model import Entry, EntryType, FilterSpec
from .when import months, next_occurrence

OTHER_HEADING = "#"
UNDATED = "undated"

if TYPE_CHECKING:
    import icu


@dataclass(frozen=True)
class Collation:
    """One locale's sort order and index headings."""

    collator: icu.Collator
    index: icu.ImmutableIndex
    order: dict[str, int]  # heading -> its place among the headings

    @classmethod
    def for_locale(cls, locale: str) -> Collation:
        import icu  # only where a listing is sorted: a rebuild often plans none

        builder = icu.AlphabeticIndex(icu.Locale(locale))
        builder.addLabels(icu.Locale("en"))  # names with no Chinese fall under A–Z
        index = builder.buildImmutableIndex()
        order = {index.getBucket(i)[0]: i for i in range(index.bucketCount)}
        order[OTHER_HEADING] = index.bucketCount
        return cls(icu.Collator.createInstance(icu.Locale(locale)), index, order)

    def key(self, text: str) -> bytes:
        return self.collator.getSortKey(text)

    def heading(self, text: str) -> str:
        """'W' for Wong Kar-wai, '4劃' for 王家衛, '#' for what fits no heading."""
        import icu  # imported by for_locale already

        label, kind = self.index.getBucket(self.index.getBucketIndex(text))
        return label if kind == icu.UAlphabeticIndexLabelType.NORMAL else OTHER_HEADING


def by_heading(entries, sort_of, collation: Collation) -> list[tuple[str, list[Entry]]]:
    """[(heading, entries in order)], headings in the locale's order; sort_of(entry): the text
    that files it (its sort name, "Wong, Kar Wai", else its title)."""
    groups: dict[str, list] = {}
    for entry in sorted(entries, key=lambda e: (collation.key(sort_of(e)), e.slug)):
        groups.setdefault(collation.heading(sort_of(entry)), []).append(entry)
    return sorted(groups.items(), key=lambda item: collation.order[item[0]])


def by_year(entries, sort_of, collation: Collation) -> list[tuple[int | str | None, list]]:
    """[(year, entries)], newest year first; entries known only to the decade under it
    ("1970s", after the decade's years); entries with no year, or a century only, last."""
    groups: dict = {}
    for entry in sorted(entries, key=lambda e: (collation.key(sort_of(e)), e.slug)):
        groups.setdefault(year_heading(entry), []).append(entry)
    return sorted(groups.items(), key=lambda item: _year_order(item[0]))


def year_heading(entry: Entry) -> int | str | None:
    """1907 for 1907, 1907-05-01 or 1907~; '1970s' for 197X; None for no date or 19XX."""
    found = entry.date
    if found is None or found.start.year is None:
        return None
    return found.start.label() if found.start.kind == DECADE else found.start.year


def _year_order(heading: int | str | None) -> tuple[bool, int, int]:
    if heading is None:
        return (True, 0, 0)
    if isinstance(heading, str):
        return (False, -int(heading.removesuffix("s")), 1)
    return (False, -heading, 0)


def by_next_month(
    entries, today: datetime.date, title_of, collation: Collation
) -> list[tuple[str, list[Entry]]]:
    """[(month 'YYYY-MM', entries)] by the month of each entry's next date on or after today
    (a run still on: this month), soonest first; in a month, by that date, then by title."""
    keyed = []
    for entry in entries:
        found = next_occurrence(entry, today)
        if found is None:
            continue
        first = max(found.first, today)
        time = found.start if found.first >= today and found.start else datetime.time.min
        keyed.append(((first, time, collation.key(title_of(entry)), entry.slug), entry))
    groups: dict[str, list[Entry]] = {}
    for key, entry in sorted(keyed, key=lambda item: item[0]):
        groups.setdefault(f"{key[0]:%Y-%m}", []).append(entry)
    return list(groups.items())


def decade_of(entry: Entry) -> str | None:
    """'1990s' for 1995, 1995~ or 199X; None for no date or a century only (19XX), which no
    decade stands for."""
    year = entry.year
    return f"{year // 10 * 10}s" if year else None


def by_decade(entries) -> list[tuple[str, list[Entry]]]:
    """[(decade, entries)], newest first, 'undated' last."""
    groups: dict = {}
    for entry in entries:
        groups.setdefault(decade_of(entry) or UNDATED, []).append(entry)
    return sorted(groups.items(), key=lambda item: _decade_order(item[0]))


def _decade_order(decade: str) -> tuple[bool, int]:
    """Newest decade first, undated last."""
    return (True, 0) if decade == UNDATED else (False, -int(decade.removesuffix("s")))


@dataclass(eq=False)
class Filter:
    """One value of a listing's filter, with its pre-built page's entries."""

    spec: FilterSpec
    value: str
    entries: tuple[Entry, ...]
    labels: dict[str, str] | None  # the value's label in every language; None for a decade

    @property
    def field(self) -> str:
        """The filter's name, as in its page's URL ("discipline", "origin", "decade")."""
        return self.spec.name


def filters_for(
    entry_type: EntryType, entries: list[Entry], today: datetime.date | None = None
) -> list[Filter]:
    """Every value of each of the listing's filters that at least one entry has, in the
    order of the choice's labels (decades and months in order; months from today's on)."""
    found = []
    for spec in entry_type.listing.filters:
        groups: dict[str, list[Entry]] = {}  # value -> its entries, in their order
        for entry in entries:
            for value in dict.fromkeys(filter_values(spec, entry)):
                groups.setdefault(value, []).append(entry)
        if spec.field is None:
            values = sorted(groups)
            if spec.derive == "month" and today is not None:
                values = [v for v in values if v >= f"{today:%Y-%m}"]
            found += [Filter(spec, v, tuple(groups[v]), None) for v in values]
            continue
        for value, labels in entry_type.labels(spec.field).items():
            if value in groups:
                found.append(Filter(spec, value, tuple(groups[value]), labels))
    return found


def filter_values(spec: FilterSpec, entry: Entry) -> list[str]:
    """The values an entry has for a filter: its choices, its months, or its decade."""
    if spec.field is None and spec.derive == "month":
        return months(entry)
    if spec.field is None:
        decade = decade_of(entry)
        return [decade] if decade else []
    value = entry.fields.get(spec.field)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def timeline(
    entries: list[Entry], today: datetime.date, dates: tuple[str, str]
) -> dict[str, list[Entry]]:
    """Entries as current, upcoming and past on a given day (undated ones are past), by their
    first and last day (dates: the names of the two date fields)."""
    first, last = dates
    sections: dict[str, list[Entry]] = {"current": [], "upcoming": [], "past": []}
    for entry in entries:
        start_text = entry.fields.get(first)
        end_text = entry.fields.get(last) or start_text
        start = first_day(start_text) if start_text else None
        end = last_day(end_text) if end_text else None
        if start and start > today:
            sections["upcoming"].append(entry)
        elif start and end and end >= today:
            sections["current"].append(entry)
        else:
            sections["past"].append(entry)
    sections["upcoming"].sort(key=lambda e: (e.fields[first], e.slug))
    # Ending soonest first; one without an end ends the day it starts.
    sections["current"].sort(key=lambda e: (e.fields.get(last) or e.fields[first], e.slug))
    sections["past"].sort(key=lambda e: (e.fields.get(first) or "", e.slug), reverse=True)
    return sections


def crossings(directory) -> list[tuple[Entry, Entry, list[Entry]]]:
    """Local × international collaborations: (local artist, international artist, what they
    made together), the most recent first."""
    rows = []
    for key, collaborations in directory.collaborators.items():
        artist = directory.entries[key]
        if artist.origin != "local":
            continue
        for collaboration in collaborations:
            if collaboration.artist.origin == "international":
                rows.append((artist, collaboration.artist, collaboration.works))
    latest = {id(row): max((w.year or 0 for w in row[2]), default=0) for row in rows}
    return sorted(rows, key=lambda r: (-latest[id(r)], r[0].slug, r[1].slug))

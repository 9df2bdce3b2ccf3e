"""How listings are ordered, grouped and filtered: A–Z in English, Hong Kong stroke-count order
with 1劃, 2劃, ... headings in Chinese (ICU), years and decades, exhibitions by date."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import icu

from .validation import Entry, first_day, last_day, parse_date

OTHER_HEADING = "#"
UNDATED = "undated"


@dataclass(frozen=True)
class Collation:
    """One locale's sort order and index headings."""

    collator: icu.Collator
    index: icu.ImmutableIndex
    order: dict[str, int]  # heading -> its place among the headings

    @classmethod
    def for_locale(cls, locale: str) -> Collation:
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
        label, kind = self.index.getBucket(self.index.getBucketIndex(text))
        return label if kind == icu.UAlphabeticIndexLabelType.NORMAL else OTHER_HEADING


def by_heading(entries, title_of, collation: Collation) -> list[tuple[str, list[Entry]]]:
    """[(heading, entries in order)], headings in the locale's order."""
    groups: dict[str, list] = {}
    for entry in sorted(entries, key=lambda e: (collation.key(title_of(e)), e.slug)):
        groups.setdefault(collation.heading(title_of(entry)), []).append(entry)
    return sorted(groups.items(), key=lambda item: collation.order[item[0]])


def by_year(entries, title_of, collation: Collation) -> list[tuple[int | None, list[Entry]]]:
    """[(year, entries)], newest year first; entries with no year last."""
    groups: dict = {}
    for entry in sorted(entries, key=lambda e: (collation.key(title_of(e)), e.slug)):
        groups.setdefault(year_of(entry), []).append(entry)
    return sorted(groups.items(), key=lambda item: (item[0] is None, -(item[0] or 0)))


def year_of(entry: Entry) -> int | None:
    """The year an entry is placed in: made, shown, born or founded."""
    if entry.fields.get("year"):
        return entry.fields["year"]
    for name in ("start", "born", "founded"):
        if entry.fields.get(name):
            return parse_date(entry.fields[name])[0]
    return None


def decade_of(entry: Entry) -> str | None:
    year = year_of(entry)
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


@dataclass(frozen=True)
class Filter:
    field: str  # "discipline", "origin" or "decade", as in the filter page's URL
    value: str
    entries: tuple[Entry, ...]


def artist_filters(artists: list[Entry], disciplines_order, origins_order) -> list[Filter]:
    """Every discipline, origin and decade that at least one artist has, in a stable order."""
    found = []
    for discipline in disciplines_order:
        chosen = tuple(a for a in artists if discipline in a.fields.get("disciplines", ()))
        if chosen:
            found.append(Filter("discipline", discipline, chosen))
    for origin in origins_order:
        chosen = tuple(a for a in artists if a.fields.get("origin") == origin)
        if chosen:
            found.append(Filter("origin", origin, chosen))
    decades = sorted({d for d in map(decade_of, artists) if d})
    found += [Filter("decade", d, tuple(a for a in artists if decade_of(a) == d)) for d in decades]
    return found


def timeline(exhibitions: list[Entry], today: datetime.date) -> dict[str, list[Entry]]:
    """Exhibitions as current, upcoming and past on a given day (undated ones are past)."""
    sections: dict[str, list[Entry]] = {"current": [], "upcoming": [], "past": []}
    for entry in exhibitions:
        start_text = entry.fields.get("start")
        end_text = entry.fields.get("end") or start_text
        start = first_day(start_text) if start_text else None
        end = last_day(end_text) if end_text else None
        if start and start > today:
            sections["upcoming"].append(entry)
        elif start and end and end >= today:
            sections["current"].append(entry)
        else:
            sections["past"].append(entry)
    sections["upcoming"].sort(key=lambda e: (e.fields["start"], e.slug))
    sections["current"].sort(key=lambda e: (e.fields.get("end") or "", e.slug))
    sections["past"].sort(key=lambda e: (e.fields.get("start") or "", e.slug), reverse=True)
    return sections


def crossings(directory) -> list[tuple[Entry, Entry, list[Entry]]]:
    """Local × international collaborations: (local artist, international artist, what they
    made together), the most recent first."""
    rows = []
    for key, collaborations in directory.collaborators.items():
        artist = directory.entries[key]
        if artist.fields.get("origin") != "local":
            continue
        for collaboration in collaborations:
            if collaboration.artist.fields.get("origin") == "international":
                rows.append((artist, collaboration.artist, collaboration.works))
    latest = {id(row): max((year_of(w) or 0 for w in row[2]), default=0) for row in rows}
    return sorted(rows, key=lambda r: (-latest[id(r)], r[0].slug, r[1].slug))

"""The source records, as read from the open data files (text cleaned, nothing mapped yet)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Constituent:
    """A row of M+ constituents.csv: a person, organisation or collective."""

    id: int
    name_en: str
    name_zh: str
    type: str
    roles: tuple[str, ...]  # English roles only
    bio_en: str
    bio_zh: str
    begin: int | None
    end: int | None
    nationality_en: str
    nationality_zh: str
    sort_name: str = ""  # alphaSortName: "Wong, Kar Wai"


@dataclass(frozen=True)
class Credit:
    """A constituent credited on an M+ object, with the names and role the object gives."""

    constituent: int
    name_en: str
    name_zh: str
    role_en: str
    role_zh: str


@dataclass(frozen=True)
class MplusObject:
    """A line of M+ objects_trimmed.jsonl."""

    id: int
    title_en: str
    title_zh: str
    date: str
    year: int | None
    areas: tuple[str, ...]
    categories_en: tuple[str, ...]
    categories_zh: tuple[str, ...]
    medium_en: str
    medium_zh: str
    credits: tuple[Credit, ...]


@dataclass(frozen=True)
class Venue:
    """A venue of LCSD venues.xml."""

    id: int
    name_en: str
    name_zh: str


@dataclass(frozen=True)
class Event:
    """An event of LCSD events.xml, with its dates from eventDates.xml (YYYYMMDD strings)."""

    id: int
    title_en: str
    title_zh: str
    category: str  # cat2, e.g. "inc4sc4"
    predate_en: str
    venue: int | None
    presenter_en: str
    presenter_zh: str
    description_en: str
    description_zh: str
    url_en: str
    url_zh: str
    dates: tuple[str, ...]
    programme: str = ""  # cat1, e.g. "inc4" (venues and civic centres), "inc7" (libraries)
    predate_zh: str = ""
    duration_en: str = ""  # progtimee: a running time ("1hr25mins"), not a clock time
    price_en: str = ""
    price_zh: str = ""
    age_en: str = ""
    age_zh: str = ""
    booking: str = ""  # tagenturle: the ticketing site
    remark_en: str = ""


@dataclass(frozen=True)
class Sources:
    """Everything read from the open data."""

    constituents: list[Constituent]
    objects: list[MplusObject]
    venues: list[Venue]
    events: list[Event]

"""LCSD records -> exhibition and venue entries (pure: records and slugs in, entry data out)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping

from importer.notes import Notes
from importer.records import Event, Venue
from importer.text import (
    bilingual,
    english_only,
    english_part,
    is_placeholder,
    title,
    to_markdown,
)

SOURCE = {
    "name": {
        "en": "Leisure and Cultural Services Department, HKSAR Government",
        "zh": "香港特別行政區政府康樂及文化事務署",
    },
    "url": "https://data.gov.hk/en-data/dataset/hk-lcsd-event-event-cultural",
}
LICENCE = "DATA.GOV.HK terms of use"

# The cat2 codes, read off the events under each: inc4sc4 exhibitions at civic centres, inc6sc1
# the Film Archive's exhibition, inc7sc3 the libraries' exhibitions and book displays, inc4sc5
# film programmes (screenings and film exhibitions). Every other code is performances, talks,
# classes, storytelling, festivals and the like.
EXHIBITION_CODES = frozenset({"inc4sc4", "inc6sc1", "inc7sc3"})
FILM_PROGRAMME_CODES = frozenset({"inc4sc5"})
# Under this code only the programmes whose title calls them an exhibition are exhibitions.
LIBRARY_CODE = "inc7sc3"
NAMES_AN_EXHIBITION = re.compile(r"exhibition|展", re.I)
CANCELLED = re.compile(r"\bcancelled\b", re.I)
# eventDates.xml gives 2099-01-01 when it has no real date for an event.
PLACEHOLDER_YEAR = 2099
URL = re.compile(r"^https?://\S+$")
PRESENTED_BY = re.compile(r"^(?:presented|organised|organized) by\s+", re.I)
ZH_PRESENTED_BY = re.compile(r"^(?:主辦|主辦機構)\s*[：:]\s*|(?<=.)主辦$")

MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
DAYS_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s*-\s*\d{1,2}/(\d{1,2})/(\d{4})\b")
DAY_MONTH_TO_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})\s*-\s*\d{1,2}/\d{1,2}/(\d{4})\b")
DAY_MONTHNAME_YEAR = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s*(\d{4})\b")


def source(record: int) -> dict:
    return {**SOURCE, "record": record, "licence": LICENCE}


def is_exhibition(event: Event, notes: Notes) -> bool:
    """Whether the event is an exhibition or film programme to import (skips are counted)."""
    record = f"LCSD event {event.id}"
    if event.category not in EXHIBITION_CODES | FILM_PROGRAMME_CODES:
        notes.skip("LCSD event that is not an exhibition or film programme", record)
        return False
    if event.category == LIBRARY_CODE and not (
        NAMES_AN_EXHIBITION.search(event.title_en) or NAMES_AN_EXHIBITION.search(event.title_zh)
    ):
        notes.skip("library book display, not an exhibition", record)
        return False
    if CANCELLED.search(event.title_en) or "取消" in event.title_zh:
        notes.skip("cancelled programme", record)
        return False
    return True


def venue_entry(venue: Venue) -> dict[str, object]:
    return {"name": bilingual(venue.name_en, venue.name_zh), "source": source(venue.id)}


def english_title(event: Event) -> str:
    """The English title, '' when the source has none ('--') or only Chinese."""
    return "" if is_placeholder(event.title_en) else english_only(event.title_en)


def exhibition_entry(
    event: Event, venue_slugs: Mapping[int, str], notes: Notes
) -> dict[str, object]:
    record = f"LCSD event {event.id}"
    if is_placeholder(event.title_en):
        notes.odd("missing English title ('--')", record)
    english = english_part("" if is_placeholder(event.title_en) else event.title_en, notes, record)
    entry: dict[str, object] = {"title": title(english, event.title_zh, notes, record)}
    if event.venue is not None and event.venue in venue_slugs:
        entry["venue"] = venue_slugs[event.venue]
    else:
        notes.odd("unknown venue id (venue left out)", record)
    entry.update(event_dates(event, notes))
    presenter = bilingual(
        english_part(PRESENTED_BY.sub("", event.presenter_en), notes, record),
        ZH_PRESENTED_BY.sub("", event.presenter_zh),
    )
    if presenter:
        entry["presenter"] = presenter
    description = bilingual(to_markdown(event.description_en), to_markdown(event.description_zh))
    if description:
        entry["description"] = description
    links = _links(event, notes, record)
    if links:
        entry["links"] = links
    entry["source"] = source(event.id)
    return entry


def event_dates(event: Event, notes: Notes) -> dict[str, str]:
    """{start, end} from eventDates.xml, else from the programme's own wording of its dates."""
    record = f"LCSD event {event.id}"
    days = sorted(day for day in map(_compact_date, event.dates) if day)
    real = [day for day in days if day.year != PLACEHOLDER_YEAR]
    if len(real) < len(days):
        notes.odd("placeholder date 2099-01-01 (dates read from the programme text)", record)
    if not real:
        real = dates_in_text(event.predate_en)
        if not real:
            notes.odd("no dates", record)
            return {}
    start, end = min(real).isoformat(), max(real).isoformat()
    return {"start": start, "end": end} if end != start else {"start": start}


def _compact_date(text: str) -> datetime.date | None:
    """'20251201' -> the date, None when it is not one."""
    if not (len(text) == 8 and text.isdigit()):
        return None
    return _date(int(text[:4]), int(text[4:6]), int(text[6:]))


def dates_in_text(text: str) -> list[datetime.date]:
    """Every date the LCSD free-text wording names: '1-31/12/2025', '31/5/2024 - 3/11/2024',
    '07/11/2025(Fri) - 05/07/2026(Sun)', '1 Jan 2026 (Thu)'."""
    found = [(int(y), int(m), int(d)) for d, m, y in DAY_MONTH_YEAR.findall(text)]
    found += [(int(y), int(m), int(d)) for d, m, y in DAYS_MONTH_YEAR.findall(text)]
    found += [(int(y), int(m), int(d)) for d, m, y in DAY_MONTH_TO_DATE.findall(text)]
    found += [
        (int(y), MONTHS[name.lower()], int(d))
        for d, name, y in DAY_MONTHNAME_YEAR.findall(text)
        if name.lower() in MONTHS
    ]
    return sorted(day for day in (_date(*parts) for parts in found) if day)


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _links(event: Event, notes: Notes, record: str) -> list[str]:
    links = []
    for url in dict.fromkeys(u for u in (event.url_en, event.url_zh) if u):
        if URL.match(url):
            links.append(url)
        else:
            notes.odd("malformed web address (left out)", record)
    return links

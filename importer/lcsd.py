"""LCSD records -> exhibition, event and venue entries (pure: records and slugs in, entry data
out). Which records become what is lcsd_kinds.py; grouping and slugs are lcsd_catalogue.py."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping

from importer.lcsd_names import strip_presenter
from importer.lcsd_sessions import reconcile
from importer.notes import Notes
from importer.records import Event, Venue
from importer.slugs import SlugRequest, slugify
from importer.text import (
    bilingual,
    clean,
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

# eventDates.xml gives 2099-01-01 when it has no real date for an event.
PLACEHOLDER_YEAR = 2099
URL = re.compile(r"^https?://\S+$")
CANCELLED = re.compile(r"\s*\((?:[^()]*\bCancelled)\)", re.I)
ZH_CANCELLED = re.compile(r"\s*[（(][^（）()]*取消[）)]")
FREE = re.compile(r"\bfree\b", re.I)
AMOUNT = re.compile(r"\d[\d,]*(?:\.\d+)?")
AGE = re.compile(
    r"^\s*(\d{1,2})\s*$|(?:age|aged|ages)\D{0,25}?(\d{1,2})"
    r"|(\d{1,2})\s*(?:or above|and up|\+)|below (\d{1,2})",
    re.I,
)
LANGUAGE = re.compile(
    r"\b(?:In|Conducted in|Narration in) (Cantonese|English|Putonghua|Mandarin)\b"
)
LANGUAGES = {"Cantonese": "cantonese", "English": "english", "Putonghua": "putonghua",
             "Mandarin": "putonghua"}  # fmt: skip
NON_VERBAL = re.compile(r"non-verbal|無語言|無對白", re.I)

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


def source(record: int | str) -> dict:
    return {**SOURCE, "record": record, "licence": LICENCE}


def venue_request(venue: Venue) -> SlugRequest:
    """A venue's slug: romanised from its English name, else 'lcsd-venue-<id>'."""
    return SlugRequest(venue.id, slugify(english_only(venue.name_en)) or f"lcsd-venue-{venue.id}",
                       (), venue.id)  # fmt: skip


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
    presenter_en, presenter_zh = strip_presenter(event.presenter_en, event.presenter_zh)
    presenter = bilingual(english_part(presenter_en, notes, record), presenter_zh)
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


def exhibition_from(
    records: list[Event], venues: list[int], venue_slugs: Mapping[int, str], notes: Notes
) -> dict[str, object]:
    """An exhibition of one or more records (a roving show): the first record's fields, every
    venue, the first day to the last, every record id."""
    entry = exhibition_entry(records[0], venue_slugs, notes)
    if len(records) == 1:
        return entry
    found = [venue_slugs[v] for v in venues if v in venue_slugs]
    entry.pop("venue", None)
    days = [d for r in records for d in event_dates(r, Notes()).values()]
    dates = {"start": min(days), "end": max(days)} if days else {}
    ordered: dict[str, object] = {}
    for name, value in entry.items():
        if name == "start":
            ordered["venues"] = found
            ordered.update(dates)
        elif name not in ("end", "source"):
            ordered[name] = value
    ordered.setdefault("venues", found)
    ordered["source"] = source(", ".join(str(r) for r in sorted(r.id for r in records)))
    return ordered


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


def cancelled(event: Event) -> bool:
    """Whether the title says the programme is cancelled ('(Cancelled)', （放映取消）)."""
    return bool(CANCELLED.search(event.title_en) or ZH_CANCELLED.search(event.title_zh))


def without_status(en: str, zh: str) -> tuple[str, str]:
    """Titles without their '(Cancelled)' / （…取消） note: the status says it."""
    return CANCELLED.sub("", en).strip(), ZH_CANCELLED.sub("", zh).strip()


def sessions(event: Event, notes: Notes) -> list[str]:
    """The programme's sessions as the events schema writes them ('2026-01-30 19:30-21:30'),
    each case of the reconciliation counted."""
    found = reconcile(clean(event.predate_en), event.dates, event.duration_en)
    record = f"LCSD event {event.id}"
    notes.odd(f"sessions, case {found.case}", record)
    for problem in sorted(set(found.problems)):
        notes.odd(f"dates wording: {problem}", record)
    texts = []
    for day, start, end in found.sessions:
        text = day.isoformat()
        if start:
            text += f" {start}" + (f"-{end}" if end else "")
        texts.append(text)
    return list(dict.fromkeys(texts))


def admission(event: Event) -> dict[str, object]:
    """{free, price, amounts, booking}: free where the prices say so, the prices as worded, the
    amounts in dollars ('$480, 380, 260': the $ on the first only) and the ticketing site."""
    english, chinese = event.price_en, event.price_zh
    found: dict[str, object] = {}
    if FREE.search(english) or "免費" in chinese or english == "0":
        found["free"] = True
    price = bilingual(english if english != "0" else "", chinese if chinese != "0" else "")
    if price:
        found["price"] = price
    if "$" in english and "free" not in found:
        amounts = [float(a.replace(",", "")) for a in AMOUNT.findall(english.split("$", 1)[1])]
        found["amounts"] = [int(a) if a.is_integer() else a for a in amounts]
    if URL.match(event.booking):
        found["booking"] = event.booking
    return found


def min_age(event: Event) -> int | None:
    """The youngest age admitted, from 'Only for age 6 or above', '6', 'Age Limit: 6 (...)'."""
    match = AGE.search(event.age_en)
    if not match:
        return None
    return int(next(g for g in match.groups() if g))


def languages(event: Event) -> list[str]:
    """The languages a programme is given in, where its title, remark or description says."""
    found = [LANGUAGES[m] for m in LANGUAGE.findall(f"{event.remark_en} {event.description_en}")]
    if NON_VERBAL.search(f"{event.title_en} {event.title_zh}"):
        found.append("non-verbal")
    return list(dict.fromkeys(found))


def description(event: Event) -> str | dict[str, str] | None:
    return bilingual(to_markdown(event.description_en), to_markdown(event.description_zh))


def links(event: Event, notes: Notes) -> list[str]:
    return _links(event, notes, f"LCSD event {event.id}")

"""Parse the open data files into records. The parsers take text, so tests need no files."""

from __future__ import annotations

import csv
import io
import json
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from importer.notes import Notes
from importer.records import Constituent, Credit, Event, MplusObject, Sources, Venue
from importer.text import clean, has_han

# Where LCSD publishes the cultural programmes feed (DATA.GOV.HK lists these addresses).
PUBLISHED_LCSD = "https://www.lcsd.gov.hk/datagovhk/event/"
DOWNLOAD_TIMEOUT = 120  # seconds
MAX_DOWNLOAD = 64 * 1024 * 1024  # bytes: the feed is about 5 MB


class SourceError(Exception):
    """A source file is missing or cannot be read at all (a single bad record never is)."""


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(f"{path}: cannot read the file ({error})") from error


def fetch_text(url: str) -> str:
    """A published file's text (http or https), at most MAX_DOWNLOAD bytes."""
    if not url.startswith(("https://", "http://")):
        raise SourceError(f"{url}: expected an http or https address")
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as response:
            data = response.read(MAX_DOWNLOAD + 1)
    except (OSError, ValueError) as error:
        raise SourceError(f"{url}: cannot download the file ({error})") from error
    if len(data) > MAX_DOWNLOAD:
        raise SourceError(f"{url}: larger than {MAX_DOWNLOAD:,} bytes, not read")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceError(f"{url}: not UTF-8 text ({error})") from error


def parse_constituents(text: str, notes: Notes) -> list[Constituent]:
    constituents = []
    for row in csv.DictReader(io.StringIO(text)):
        record = f"M+ constituent {row.get('id')}"
        constituent_id = _int(row.get("id"))
        if constituent_id is None:
            notes.skip("record without a usable id", record)
            continue
        constituents.append(
            Constituent(
                id=constituent_id,
                name_en=clean(row.get("name")),
                name_zh=clean(row.get("nameTC")),
                type=clean(row.get("type")),
                roles=_english_roles(row.get("roles") or "", notes, record),
                bio_en=clean(row.get("displayBio")),
                bio_zh=clean(row.get("displayBioTC")),
                begin=_year(row.get("beginDate"), notes, record),
                end=_year(row.get("endDate"), notes, record),
                nationality_en=clean(row.get("nationality")),
                nationality_zh=clean(row.get("nationalityTC")),
                sort_name=clean(row.get("alphaSortName")),
            )
        )
    return constituents


def _english_roles(text: str, notes: Notes, record: str) -> tuple[str, ...]:
    """The English roles of an M+ roles list, which interleaves English and Chinese.

    A list that is not valid JSON is split on its commas instead, and counted.
    """
    try:
        items = json.loads(text) if text.strip() else []
        if not isinstance(items, list):
            raise ValueError("not a list")
    except ValueError:
        notes.odd("malformed roles list (read as comma-separated)", record)
        items = [part.strip(" \"'") for part in text.strip().strip("[]").split(",")]
    roles = (clean(item) for item in items if isinstance(item, str))
    return tuple(dict.fromkeys(role for role in roles if role and not has_han(role)))


def parse_objects(lines: Iterable[str], notes: Notes) -> list[MplusObject]:
    objects = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            object_id = _int(raw.get("id"))
        except (ValueError, AttributeError):
            notes.skip("unreadable line in objects_trimmed.jsonl", f"line {number}")
            continue
        if object_id is None:
            notes.skip("record without a usable id", f"M+ object on line {number}")
            continue
        record = f"M+ object {object_id}"
        objects.append(
            MplusObject(
                id=object_id,
                title_en=clean(raw.get("title_en")),
                title_zh=clean(raw.get("title_zh")),
                date=clean(raw.get("date")),
                year=_year(raw.get("beginDate"), notes, record),
                areas=_texts(raw.get("area")),
                categories_en=_texts(raw.get("category")),
                categories_zh=_texts(raw.get("category_zh")),
                medium_en=clean(raw.get("medium_en")),
                medium_zh=clean(raw.get("medium_zh")),
                credits=_credits(raw.get("constituents"), notes, record),
            )
        )
    return objects


def _credits(value: object, notes: Notes, record: str) -> tuple[Credit, ...]:
    credits = []
    for item in value if isinstance(value, list) else []:
        constituent = _int(item.get("id")) if isinstance(item, dict) else None
        if constituent is None:
            notes.odd("credit without a constituent id (left out)", record)
            continue
        credits.append(
            Credit(
                constituent=constituent,
                name_en=clean(item.get("name_en")),
                name_zh=clean(item.get("name_zh")),
                role_en=clean(item.get("role_en")),
                role_zh=clean(item.get("role_zh")),
            )
        )
    return tuple(credits)


def _texts(value: object) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(text for text in (clean(item) for item in items if item is not None) if text)


def _int(value: object) -> int | None:
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isdigit() else None


def _year(value: object, notes: Notes, record: str) -> int | None:
    """A year column: None when empty or 0 (unknown), or when it is not a year at all."""
    text = str(value).strip() if value is not None else ""
    if text in ("", "0"):
        return None
    if not (text.isdigit() and 1 <= int(text) <= 9999):
        notes.odd("malformed year (left out)", record)
        return None
    return int(text)


def parse_venues(text: str) -> list[Venue]:
    root = _xml(text, "venues.xml")
    venues = []
    for node in root.iter("venue"):
        venue_id = _int(node.get("id"))
        if venue_id is not None:
            venues.append(
                Venue(
                    id=venue_id,
                    name_en=clean(node.findtext("venuee")),
                    name_zh=clean(node.findtext("venuec")),
                )
            )
    return venues


def parse_events(events_text: str, dates_text: str, notes: Notes) -> list[Event]:
    dates = {
        node.get("id"): tuple(clean(day.text) for day in node.iter("indate"))
        for node in _xml(dates_text, "eventDates.xml").iter("event")
    }
    events = []
    for node in _xml(events_text, "events.xml").iter("event"):
        event_id = _int(node.get("id"))
        if event_id is None:
            notes.skip("record without a usable id", "LCSD event")
            continue
        events.append(
            Event(
                id=event_id,
                title_en=clean(node.findtext("titlee")),
                title_zh=clean(node.findtext("titlec")),
                category=clean(node.findtext("cat2")),
                predate_en=node.findtext("predateE") or "",
                venue=_int(node.findtext("venueid")),
                presenter_en=clean(node.findtext("presenterorge")),
                presenter_zh=clean(node.findtext("presenterorgc")),
                description_en=node.findtext("desce") or "",
                description_zh=node.findtext("descc") or "",
                url_en=clean(node.findtext("urle")),
                url_zh=clean(node.findtext("urlc")),
                dates=dates.get(node.get("id"), ()),
                programme=clean(node.findtext("cat1")),
                predate_zh=node.findtext("predateC") or "",
                duration_en=clean(node.findtext("progtimee")),
                price_en=clean(node.findtext("pricee")),
                price_zh=clean(node.findtext("pricec")),
                age_en=clean(node.findtext("agelimite")),
                age_zh=clean(node.findtext("agelimitc")),
                booking=clean(node.findtext("tagenturle")),
                remark_en=clean(node.findtext("remarke")),
            )
        )
    return events


def _xml(text: str, name: str) -> ET.Element:
    try:
        return ET.fromstring(text)
    except ET.ParseError as error:
        raise SourceError(f"{name}: not well-formed XML ({error})") from error


def load_sources(data: Path, notes: Notes, lcsd: str | None = None, mplus: bool = True) -> Sources:
    """Read the M+ and LCSD files under ``data`` (laid out as in /work/shared/data); the LCSD
    feed from ``lcsd`` instead when given: a folder, or the http(s) address of the folder its
    three files are published in ('published': LCSD's own, PUBLISHED_LCSD). Without ``mplus``,
    no M+ file is read."""
    source = PUBLISHED_LCSD if lcsd == "published" else lcsd
    if source and "://" in source:
        base = source.rstrip("/") + "/"

        def lcsd_text(name: str) -> str:
            return fetch_text(base + name)
    else:
        folder = Path(source) if source else data / "lcsd"

        def lcsd_text(name: str) -> str:
            return read_text(folder / name)

    return Sources(
        constituents=parse_constituents(read_text(data / "mplus" / "constituents.csv"), notes)
        if mplus
        else [],
        objects=parse_objects(
            read_text(data / "mplus" / "objects_trimmed.jsonl").splitlines(), notes
        )
        if mplus
        else [],
        venues=parse_venues(lcsd_text("venues.xml")),
        events=parse_events(lcsd_text("events.xml"), lcsd_text("eventDates.xml"), notes),
    )

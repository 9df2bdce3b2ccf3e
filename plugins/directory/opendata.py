"""Open data: the whole directory as JSON and as one CSV file per type, a README stating the
licences, and iCalendar feeds of current and upcoming exhibitions. Pure: a directory in, the
text of each file out. "Today" for the calendars is history.build_day(), passed in.

The CSV files start with a UTF-8 byte order mark: without it Excel, which many of the
directory's readers will open them with, reads UTF-8 as the local code page and garbles the
Chinese; Python's csv (encoding="utf-8-sig"), pandas and LibreOffice read it either way. A cell
that would start like a formula gets a single quote before it (csv_cell)."""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Callable, Mapping
from functools import cache, partial

import icalendar

from .calendars import Calendar
from .incremental import Memo, Output, digest
from .linking import Directory
from .model import Entry, EntryType
from .pages import url_path
from .settings import Language
from .when import Occurrence, occurrences

DATA_FOLDER = "data"
JSON_NAME = "directory.json"
README_NAME = "README.txt"
COMPILATION_LICENCE = "CC-BY-4.0"
COMPILATION_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ICAL_LINE_OCTETS = 75
# In directory.json, each entry object is two levels deep: its lines are indented by two.
JSON_ENTRY_INDENT = "  "
ENTRIES_HERE = "\u0000 the entries \u0000"  # where they go, in the document serialised at once
# What spreadsheet programs read as the start of a formula (OWASP, "CSV Injection"): a cell
# from an entry that starts with one of them could run as one when the file is opened.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The span the VTIMEZONE components describe: Hong Kong has kept one offset since 1979.
TIMEZONES_FROM = datetime.date(1980, 1, 1)
TIMEZONES_UNTIL = datetime.date(2100, 1, 1)


def data_files(
    directory: Directory,
    languages: dict[str, Language],
    siteurl: str,
    memo: Memo,
    tokens: Mapping[tuple[str, str], bytes],
) -> dict[str, Output]:
    """{file name inside /data/: how to make it, and what from} for every open data file. Each
    entry's part of a file is memoised by what it is made from (its token: its own files and
    the entries it links to), so that an edit serialises one entry again, not the directory."""
    settings = digest(repr(sorted(languages.items())), siteurl)
    everything = sorted(directory.entries)
    files = {
        JSON_NAME: Output(
            digest(settings, *(tokens[key] for key in everything)),
            partial(directory_json, directory, languages, siteurl, memo, tokens),
        )
    }
    for entry_type in directory.model:
        entries = _entries(directory, entry_type)
        files[f"{entry_type.name}.csv"] = Output(
            digest(settings, entry_type.name, *(e.digest for e in entries)),
            partial(type_csv, directory, entry_type, languages, siteurl, memo),
        )
    text = readme(directory, list(languages))
    files[README_NAME] = Output(digest(text), partial(str, text))
    return files


def _entries(directory: Directory, entry_type: EntryType) -> list[Entry]:
    return sorted(directory.of_type(entry_type.name), key=lambda e: e.slug)


def _page_urls(entry: Entry, languages: dict[str, Language], siteurl: str) -> dict[str, str]:
    """{entry language key ("en", "zh"): the entry's page URL in that language}."""
    return {
        spec.key: siteurl + url_path(prefix, (entry.type, entry.slug))
        for prefix, spec in languages.items()
    }


# JSON ----------------------------------------------------------------------------------------


def directory_json(
    directory: Directory,
    languages: dict[str, Language],
    siteurl: str,
    memo: Memo | None = None,
    tokens: Mapping[tuple[str, str], bytes] | None = None,
) -> str:
    """Every entry with its fields in every language, links as {type, slug}; keys sorted.
    Each entry is serialised on its own (memoised by its token when memo is given) and set in
    the document at its depth: the same text as the whole document serialised at once."""

    def exists(key: tuple[str, str]) -> bool:
        return key in directory.entries

    def serialised(entry: Entry) -> str:
        record = {
            "type": entry.type,
            "slug": entry.slug,
            "urls": _page_urls(entry, languages, siteurl),
            "fields": {
                name: prop.field.json_value(entry.fields[name], exists)
                for name, prop in entry.entry_type.properties.items()
                if name in entry.fields
            },
        }
        text = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True)
        return "\n".join(JSON_ENTRY_INDENT + line for line in text.split("\n"))

    settings = digest(repr(sorted(languages.items())), siteurl)
    parts = []
    for entry_type in directory.model:
        for entry in _entries(directory, entry_type):
            if memo is None or tokens is None:
                parts.append(serialised(entry))
            else:
                made_from = digest(settings, tokens[entry.key])
                parts.append(memo.get("data-json", made_from, partial(serialised, entry)))
    document = {
        "name": {"en": "Harbour Crossings", "zh": "港藝交匯"},
        "licence": {
            "compilation": COMPILATION_LICENCE,
            "url": COMPILATION_LICENCE_URL,
            "records": "each record keeps the licence of its source, named in fields.source",
        },
        "entries": [ENTRIES_HERE] if parts else [],
    }
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    return text.replace(JSON_ENTRY_INDENT + json.dumps(ENTRIES_HERE), ",\n".join(parts), 1)


# CSV -----------------------------------------------------------------------------------------


def type_csv(
    directory: Directory,
    entry_type: EntryType,
    languages: dict[str, Language],
    siteurl: str,
    memo: Memo | None = None,
) -> str:
    """One row per entry; the columns come from the type's fields, so every file of a type has
    the same header whatever its entries hold. Each row is memoised by its entry's digest when
    memo is given."""
    keys = [spec.key for spec in languages.values()]
    header = ["slug", *(f"url_{key}" for key in keys)]
    for name, prop in entry_type.properties.items():
        header += prop.field.csv_columns(name)

    def row_of(entry: Entry) -> str:
        urls = _page_urls(entry, languages, siteurl)
        row = {"slug": entry.slug, **{f"url_{key}": urls[key] for key in keys}}
        for name, prop in entry_type.properties.items():
            row.update(prop.field.csv_cells(name, entry.fields.get(name)))
        return _csv_line([csv_cell(row[column]) for column in header])

    settings = digest(repr(sorted(languages.items())), siteurl)
    rows = [_csv_line(header)]
    for entry in _entries(directory, entry_type):
        if memo is None:
            rows.append(row_of(entry))
        else:
            rows.append(
                memo.get("data-csv", digest(settings, entry.digest), partial(row_of, entry))
            )
    return "\ufeff" + "".join(rows)


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def csv_cell(text: str) -> str:
    """A cell that spreadsheets show as text: one that starts like a formula gets a single
    quote before it, as OWASP advises ('=1+2, '-ism); every other cell is left as it is."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# README --------------------------------------------------------------------------------------


def readme(directory: Directory, prefixes: list[str]) -> str:
    """The licence note and a guide to the files, in English and Chinese."""
    counts: dict = {}
    for entry in directory.entries.values():
        source = entry.fields.get("source")
        if source:
            key = (*(t or "" for t in source["name"].texts), source.get("licence") or "")
            counts[key] = counts.get(key, 0) + 1
    sources = "".join(
        f"  - {' / '.join(key[:-1])}: {count} ({key[-1] or 'licence not stated / 未註明授權'})\n"
        for key, count in sorted(counts.items())
    )
    files = "".join(f"  - {t.name}.csv\n" for t in directory.model)
    calendars = "".join(
        f"  - {', '.join(f'../{p}/{t.name}.ics' for p in prefixes)}: current and upcoming "
        f"{t.label.lower()} (iCalendar), and one file for each of their venues.\n"
        for t in directory.model
        if t.calendar
    )
    return f"""\
Harbour Crossings 港藝交匯: open data
=====================================

Files
  - {JSON_NAME}: every entry with its type, slug, page URLs in every language (the
    Simplified Chinese pages as "zh_hans") and its fields in both languages
    ({{"en": ..., "zh": ...}}; "zh_hans" only where an editor gave the Simplified text, the
    site converts "zh" otherwise); links to other entries are {{"type": ..., "slug": ...}}
    with their role where one is given. Keys are sorted.
{files}    One row per entry, UTF-8 with a byte order mark (so that Excel reads the Chinese).
    Bilingual fields are two columns, name_en and name_zh; lists are joined with "; ";
    links to other entries are their slugs, their roles in name_role_en / name_role_zh.
    A cell that would start with =, +, -, @ or a tab starts with a single quote (') instead,
    so that spreadsheet programs show it as text and never run it as a formula; a program
    reading the files can remove that quote.
{calendars}
Licence
  The compilation (the selection and arrangement of the entries) is offered under the
  Creative Commons Attribution 4.0 International licence (CC BY 4.0):
  {COMPILATION_LICENCE_URL}
  Credit "Harbour Crossings".

  Each record keeps the licence of its source, named in its source field:
  - M+ Museum, Hong Kong collection data: CC0 1.0 (no rights reserved);
    "Source: M+ Museum, Hong Kong" is appreciated.
  - Leisure and Cultural Services Department (LCSD), HKSAR Government, via DATA.GOV.HK:
    the DATA.GOV.HK terms of use, which require attribution:
    "Source: Leisure and Cultural Services Department, HKSAR Government".

Sources in this release (entries)
{sources}
授權
  本名錄的彙編（條目的選取與編排）以創用 CC 姓名標示 4.0 國際授權條款（CC BY 4.0）提供，
  請註明「港藝交匯」。每項紀錄沿用其來源的授權（見紀錄的 source 欄）：M+ 藏品資料為 CC0 1.0；
  康樂及文化事務署資料按資料一線通（DATA.GOV.HK）使用條款，須註明出處：
  「資料來源：香港特別行政區政府康樂及文化事務署」。

檔案
  {JSON_NAME} 收錄全部條目；每類條目另有一個 CSV 檔（UTF-8，含 BOM），雙語欄位分為 _en 及
  _zh 兩欄，列表以「; 」分隔。以 =、+、-、@ 或定位字元開頭的儲存格前加上單引號（'），
  以免試算表程式把它當作公式執行。現正及即將舉行的展覽另有 iCalendar 行事曆。
"""


# iCalendar ----------------------------------------------------------------------------------


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

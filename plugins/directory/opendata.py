"""Open data: the whole directory as JSON and as one CSV file per type, a README stating the
licences, and iCalendar feeds of current and upcoming exhibitions. Pure: a directory in, the
text of each file out. "Today" for the calendars is history.build_day(), passed in.

The CSV files start with a UTF-8 byte order mark: without it Excel, which many of the
directory's readers will open them with, reads UTF-8 as the local code page and garbles the
Chinese; Python's csv (encoding="utf-8-sig"), pandas and LibreOffice read it either way."""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Callable

from .linking import Directory
from .pages import TYPE_ORDER, url_path
from .schema import resolve, type_schema
from .validation import BILINGUAL_DEFS, Bi, Entry, first_day, last_day

DATA_FOLDER = "data"
JSON_NAME = "directory.json"
README_NAME = "README.txt"
CALENDAR_NAME = "exhibitions.ics"
LIST_SEPARATOR = "; "
COMPILATION_LICENCE = "CC-BY-4.0"
COMPILATION_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ICAL_LINE_OCTETS = 75


def data_files(directory: Directory, languages: dict, siteurl: str) -> dict[str, str]:
    """{file name inside /data/: text} for every open data file."""
    files = {JSON_NAME: directory_json(directory, languages, siteurl)}
    for entry_type in TYPE_ORDER:
        files[f"{entry_type}.csv"] = type_csv(directory, entry_type, languages, siteurl)
    files[README_NAME] = readme(directory)
    return files


def _entries(directory: Directory, entry_type: str) -> list[Entry]:
    return sorted(directory.of_type(entry_type), key=lambda e: e.slug)


def _page_urls(entry: Entry, languages: dict, siteurl: str) -> dict[str, str]:
    """{entry language key ("en", "zh"): the entry's page URL in that language}."""
    return {
        spec["key"]: siteurl + url_path(prefix, (entry.type, entry.slug))
        for prefix, spec in languages.items()
    }


# JSON ----------------------------------------------------------------------------------------


def directory_json(directory: Directory, languages: dict, siteurl: str) -> str:
    """Every entry with its fields in both languages, links as {type, slug}; keys sorted."""
    entries = []
    for entry_type in TYPE_ORDER:
        for entry in _entries(directory, entry_type):
            properties = type_schema(entry_type).schema["properties"]
            entries.append(
                {
                    "type": entry.type,
                    "slug": entry.slug,
                    "urls": _page_urls(entry, languages, siteurl),
                    "fields": {
                        name: _json_value(entry.fields[name], properties[name], directory)
                        for name in properties
                        if name in entry.fields
                    },
                }
            )
    document = {
        "name": {"en": "Harbour Crossings", "zh": "港藝交匯"},
        "licence": {
            "compilation": COMPILATION_LICENCE,
            "url": COMPILATION_LICENCE_URL,
            "records": "each record keeps the licence of its source, named in fields.source",
        },
        "entries": entries,
    }
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _json_value(value, node: dict, directory: Directory):
    """A field's value as JSON data, following its schema: links become {type, slug}; a link
    to an entry that is not in the directory (left out for its problems) is dropped."""
    if isinstance(value, Bi):
        return {"en": value.en, "zh": value.zh}
    target_type = node.get("x-links-to")
    _, target = resolve(node)
    if target_type:
        items = value if isinstance(value, list) else [value]
        refs = [_json_ref(target_type, item) for item in items]
        refs = [r for r in refs if (r["type"], r["slug"]) in directory.entries]
        return refs if isinstance(value, list) else (refs[0] if refs else None)
    if isinstance(value, list):
        return [_json_value(item, target.get("items", {}), directory) for item in value]
    if isinstance(value, dict):
        sub = target.get("properties", {})
        return {k: _json_value(v, sub.get(k, {}), directory) for k, v in value.items()}
    return value


def _json_ref(target_type: str, item) -> dict:
    if isinstance(item, dict):
        role = item.get("role")
        ref = {"type": target_type, "slug": item["artist"]}
        if role is not None:
            ref["role"] = {"en": role.en, "zh": role.zh}
        return ref
    return {"type": target_type, "slug": item}


# CSV -----------------------------------------------------------------------------------------


def type_csv(directory: Directory, entry_type: str, languages: dict, siteurl: str) -> str:
    """One row per entry; the columns come from the type's schema, so every file of a type has
    the same header whatever its entries hold."""
    properties = type_schema(entry_type).schema["properties"]
    keys = [spec["key"] for spec in languages.values()]
    header = ["slug", *(f"url_{key}" for key in keys)]
    for name, node in properties.items():
        header += _cells(name, node, None)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for entry in _entries(directory, entry_type):
        urls = _page_urls(entry, languages, siteurl)
        row = {"slug": entry.slug, **{f"url_{key}": urls[key] for key in keys}}
        for name, node in properties.items():
            row.update(_cells(name, node, entry.fields.get(name)))
        writer.writerow(row[column] for column in header)
    return "\ufeff" + buffer.getvalue()


def _cells(name: str, node: dict, value) -> dict[str, str]:
    """A field as {column: text}: bilingual text as name_en / name_zh, a link as the slugs it
    links to (and its roles as name_role_en / name_role_zh), a map as name_key columns, a list
    as its items' cells joined with '; '. The same columns whether the value is there or not."""
    def_name, target = resolve(node)
    if def_name in BILINGUAL_DEFS:
        return {
            f"{name}_en": (value.en or "") if value else "",
            f"{name}_zh": (value.zh or "") if value else "",
        }
    if node.get("x-links-to"):
        items = value if isinstance(value, list) else ([value] if value else [])
        cells = {name: _join(i["artist"] if isinstance(i, dict) else i for i in items)}
        if def_name in ("artist_refs", "credits"):
            roles = [i.get("role") if isinstance(i, dict) else None for i in items]
            cells[f"{name}_role_en"] = _join((r.en or "") if r else "" for r in roles)
            cells[f"{name}_role_zh"] = _join((r.zh or "") if r else "" for r in roles)
        return cells
    if def_name == "link":
        return {name: value["url"] if value else ""}
    if target.get("type") == "array":
        columns = _cells(name, target["items"], None)
        rows = [_cells(name, target["items"], item) for item in value or ()]
        return {column: _join(row[column] for row in rows) for column in columns}
    if "properties" in target:
        cells = {}
        for key, sub in target["properties"].items():
            cells.update(_cells(f"{name}_{key}", sub, value.get(key) if value else None))
        return cells
    return {name: "" if value is None else str(value)}


def _join(values) -> str:
    return LIST_SEPARATOR.join(values)


# README --------------------------------------------------------------------------------------


def readme(directory: Directory) -> str:
    """The licence note and a guide to the files, in English and Chinese."""
    counts: dict = {}
    for entry in directory.entries.values():
        source = entry.fields.get("source")
        if source:
            key = (source["name"].en or "", source["name"].zh or "", source.get("licence") or "")
            counts[key] = counts.get(key, 0) + 1
    sources = "".join(
        f"  - {en} / {zh}: {count} ({licence or 'licence not stated / 未註明授權'})\n"
        for (en, zh, licence), count in sorted(counts.items())
    )
    files = "".join(f"  - {t}.csv\n" for t in TYPE_ORDER)
    return f"""\
Harbour Crossings 港藝交匯: open data
=====================================

Files
  - {JSON_NAME}: every entry with its type, slug, page URLs in both languages and its
    fields in both languages ({{"en": ..., "zh": ...}}); links to other entries are
    {{"type": ..., "slug": ...}} with their role where one is given. Keys are sorted.
{files}    One row per entry, UTF-8 with a byte order mark (so that Excel reads the Chinese).
    Bilingual fields are two columns, name_en and name_zh; lists are joined with "; ";
    links to other entries are their slugs, their roles in name_role_en / name_role_zh.
  - ../en/{CALENDAR_NAME}, ../tc/{CALENDAR_NAME}: current and upcoming exhibitions (iCalendar).

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
  _zh 兩欄，列表以「; 」分隔。現正及即將舉行的展覽另有 iCalendar 行事曆。
"""


# iCalendar -----------------------------------------------------------------------------------


def exhibitions_calendar(
    directory: Directory,
    *,
    name: str,
    title: Callable[[Entry], str],
    description: Callable[[Entry], str],
    page_url: Callable[[Entry], str],
    stamps: dict,
    today: datetime.date,
) -> str:
    """RFC 5545 text of the exhibitions that end today or later, as all-day events (DTEND is
    the day after the last). Exhibitions without a start date cannot be placed and are left
    out. stamps: {entry key: datetime} for DTSTAMP, from git, never the clock."""
    events = []
    for entry in directory.of_type("exhibitions"):
        start = entry.fields.get("start")
        if not start:
            continue
        first = first_day(start)
        last = last_day(entry.fields.get("end") or start)
        if last >= today:
            events.append((first, entry.slug, entry, last))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Harbour Crossings//Exhibitions//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{_escape(name)}",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for first, slug, entry, last in sorted(events, key=lambda event: event[:2]):
        stamp = stamps[entry.key].astimezone(datetime.UTC)
        lines += [
            "BEGIN:VEVENT",
            f"UID:exhibition-{slug}@harbour-crossings",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
            f"DTEND;VALUE=DATE:{last + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(title(entry))}",
        ]
        venue = next(
            (
                directory.entries[ref.target]
                for ref in directory.refs_from.get(entry.key, [])
                if ref.field == "venue"
            ),
            None,
        )
        if venue is not None:
            lines.append(f"LOCATION:{_escape(title(venue))}")
        text = description(entry)
        if text:
            lines.append(f"DESCRIPTION:{_escape(text)}")
        lines += [f"URL:{page_url(entry)}", "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued after CRLF and a space, never inside a UTF-8
    character (RFC 5545 3.1)."""
    parts = []
    current, size, limit = [], 0, ICAL_LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, ICAL_LINE_OCTETS - 1
        current.append(char)
        size += octets
    parts.append("".join(current))
    return "\r\n ".join(parts)

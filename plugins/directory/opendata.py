"""Open data: the whole directory as JSON and as one CSV file per type, a README stating the
licences (the iCalendar feeds of current and upcoming exhibitions: ics.py). Pure: a directory
in, the text of each file out.

The CSV files start with a UTF-8 byte order mark: without it Excel, which many of the
directory's readers will open them with, reads UTF-8 as the local code page and garbles the
Chinese; Python's csv (encoding="utf-8-sig"), pandas and LibreOffice read it either way. A cell
that would start like a formula gets a single quote before it (csv_cell)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from functools import partial

from .incremental import Memo, Output, digest, named_digest
from .linking import Directory
from .model import Entry, EntryType
from .pages import url_path
from .settings import Language

DATA_FOLDER = "data"
JSON_NAME = "directory.json"
README_NAME = "README.txt"
COMPILATION_LICENCE = "CC-BY-4.0"
COMPILATION_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# In directory.json, each entry object is two levels deep: its lines are indented by two.
JSON_ENTRY_INDENT = "  "
JSON_RUN = 64  # entries memoised together in directory.json, on average
ENTRIES_HERE = "\u0000 the entries \u0000"  # where they go, in the document serialised at once
# What spreadsheet programs read as the start of a formula (OWASP, "CSV Injection"): a cell
# from an entry that starts with one of them could run as one when the file is opened.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def data_files(
    directory: Directory,
    languages: dict[str, Language],
    siteurl: str,
    memo: Memo,
    tokens: Mapping[tuple[str, str], bytes],
    code: bytes,
) -> dict[str, Output]:
    """{file name inside /data/: how to make it, and what from} for every open data file. The
    entries' parts are memoised by what they are made from (their tokens: their own files and
    the entries they link to), so that an edit serialises again one entry of its type's CSV and
    one run of entries of directory.json (directory_json), not the directory.
    code: the digest of the code and content model that make them (the build's version): the
    entries' memoised parts do not outlive it, and the files do not depend on the theme or the
    build day."""
    settings = digest(repr(sorted(languages.items())), siteurl)
    everything = sorted(directory.entries)
    files = {
        JSON_NAME: Output(
            # tokens of one length, joined: the bytes read one way only
            digest(code, settings, b"".join(tokens[key] for key in everything)),
            partial(directory_json, directory, languages, siteurl, memo, tokens),
        )
    }
    for entry_type in directory.model:
        entries = _entries(directory, entry_type)
        files[f"{entry_type.name}.csv"] = Output(
            digest(code, settings, entry_type.name, b"".join(e.digest for e in entries)),
            partial(type_csv, directory, entry_type, languages, siteurl, memo),
        )
    text = readme(directory, list(languages))
    files[README_NAME] = Output(digest(text), partial(str, text))
    return files


def _runs(entries: list[Entry]) -> list[list[Entry]]:
    """entries cut into runs, each ending at an entry whose name's digest starts with a byte
    below 256 / JSON_RUN (about one in JSON_RUN), or at the last entry."""
    runs: list[list[Entry]] = [[]]
    for entry in entries:
        runs[-1].append(entry)
        if named_digest(entry)[0] < 256 // JSON_RUN:
            runs.append([])
    return [run for run in runs if run]


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
) -> bytes:
    """Every entry with its fields in every language, links as {type, slug}; keys sorted, in
    UTF-8. Each entry is serialised on its own and set in the document at its depth: the same
    text as the whole document serialised at once. The entries' parts are memoised (when memo
    is given) in runs of about JSON_RUN entries, by their tokens: an edit serialises its run
    again, and the others are a few hundred memo values, kept encoded, joined into the file's
    bytes with one copy. A run ends at an entry chosen by its name's digest, not by its place,
    so that an entry added or removed changes one run, not every run after it."""

    def exists(key: tuple[str, str]) -> bool:
        return key in directory.entries

    def serialised(entry: Entry) -> bytes:
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
        return "\n".join(JSON_ENTRY_INDENT + line for line in text.split("\n")).encode()

    def run_of(entries: list[Entry]) -> bytes:
        return b",\n".join(serialised(entry) for entry in entries)

    settings = digest(repr(sorted(languages.items())), siteurl)
    parts = []
    for run in _runs([e for t in directory.model for e in _entries(directory, t)]):
        if memo is None or tokens is None:
            parts.append(run_of(run))
        else:
            # tokens of one length, joined: the bytes read one way only
            made_from = digest(settings, b"".join(tokens[e.key] for e in run))
            parts.append(memo.get("data-json", made_from, partial(run_of, run)))
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
    if not parts:
        return text.encode()
    head, tail = text.split(JSON_ENTRY_INDENT + json.dumps(ENTRIES_HERE))
    return b"".join([head.encode(), b",\n".join(parts), tail.encode()])


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
    sources = "".join(
        f"  - {' / '.join(t or '' for t in source['name'].texts)}: {count} "
        f"({source.get('licence') or 'licence not stated / 未註明授權'})\n"
        for _, source, count in sorted(directory.cited, key=lambda cited: cited[0])
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

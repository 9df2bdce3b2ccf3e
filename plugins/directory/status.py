"""`make status`: which entries lack text in a language, per type and per field, as a table for
the terminal or as Markdown for a pull request's comment.

Every bilingual text of a field counts, nested ones too (a credit's role, an image's alt text):
an entry lacks a language in a field when one of the field's texts is given in another language
but not in that one. A text written once for every language (plain text, not a map) lacks none."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .fields import Bi
from .model import ContentModel, Entry, EntryType

# Hidden in the pull request comment, so the workflow finds its own comment to update.
COMMENT_MARKER = "<!-- harbour-crossings:translation-status -->"


@dataclass
class FieldStatus:
    name: str
    entries: int = 0  # entries with text in the field
    missing: dict[str, list[str]] = field(default_factory=dict)  # language key -> relpaths


@dataclass
class TypeStatus:
    entry_type: EntryType
    entries: int = 0
    fields: list[FieldStatus] = field(default_factory=list)


@dataclass
class Status:
    languages: dict[str, str]  # language key -> its name in itself ("English", "繁體中文")
    types: list[TypeStatus]
    lacking: dict[str, dict[str, list[str]]]  # relpath -> language key -> fields lacking it

    def entries_lacking(self, key: str) -> int:
        return sum(1 for by_language in self.lacking.values() if by_language.get(key))


def texts(value: Any) -> Iterator[Bi]:
    """Every bilingual text in a field's value, however deep."""
    if isinstance(value, Bi):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts(item)


def lacking(value: Any, key: str) -> bool:
    return any(text.get(key) is None and text.any() for text in texts(value) if not text.same)


def translation_status(
    entries: Iterable[Entry], model: ContentModel, languages: dict[str, str]
) -> Status:
    entries = sorted(entries, key=lambda e: e.relpath)
    types: list[TypeStatus] = []
    lacks: dict[str, dict[str, list[str]]] = {}
    for entry_type in model:
        own = [e for e in entries if e.type == entry_type.name]
        status = TypeStatus(entry_type, len(own))
        for name in entry_type.properties:
            found = FieldStatus(name, missing={k: [] for k in languages})
            for entry in own:
                value = entry.fields.get(name)
                if not any(t.any() for t in texts(value)):
                    continue
                found.entries += 1
                for key in languages:
                    if lacking(value, key):
                        found.missing[key].append(entry.relpath)
                        lacks.setdefault(entry.relpath, {}).setdefault(key, []).append(name)
            if found.entries:
                status.fields.append(found)
        types.append(status)
    return Status(languages, types, lacks)


# Output --------------------------------------------------------------------------------------


def _headings(status: Status, t) -> list[str]:
    return [
        t("Type"),
        t("Field"),
        t("Entries"),
        *(t("No %(language)s", language=name) for name in status.languages.values()),
    ]


def _rows(status: Status, label) -> list[list[str]]:
    rows = []
    for type_status in status.types:
        for index, found in enumerate(type_status.fields):
            rows.append(
                [
                    label(type_status) if index == 0 else "",
                    found.name,
                    str(found.entries),
                    *(str(len(found.missing[k])) for k in status.languages),
                ]
            )
    return rows


def _summary(status: Status, gettext) -> str:
    total = sum(t.entries for t in status.types)
    parts = [
        gettext("%(count)s without %(language)s text")
        % {"count": status.entries_lacking(k), "language": name}
        for k, name in status.languages.items()
    ]
    return gettext("%(entries)s entries: %(lacking)s.") % {
        "entries": total,
        "lacking": gettext(", ").join(parts),
    }


def terminal_table(status: Status, catalogs: dict, *, every_entry: bool = False) -> str:
    """The table, columns aligned (Chinese counts two columns wide), a summary line in every
    language first; with every_entry, then each entry lacking a language and its fields."""
    t = _in_every_language(catalogs)  # t: the keyword make translations extracts
    first = next(iter(catalogs.values())).gettext
    headings = _headings(status, t)
    rows = _rows(status, lambda found: f"{found.entry_type.name} ({found.entries})")
    widths = [max(_width(r[i]) for r in [headings, *rows]) for i in range(len(headings))]
    lines = [_summary(status, c.gettext) for c in catalogs.values()]
    lines.append("")
    for row in [headings, *rows]:
        cells = [
            _pad(cell, width, right=index >= 2)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    if every_entry:
        lines.append("")
        lines += _entry_lines(status, status.lacking, first, code=False)
    return "\n".join(lines) + "\n"


def markdown(status: Status, catalogs: dict, changed: list[str] | None = None) -> str:
    """The pull request comment: the summary, the table, and the changed entries that lack a
    language (changed: their paths, as in messages)."""
    t = _in_every_language(catalogs)  # t: the keyword make translations extracts
    headings = _headings(status, t)
    rows = _rows(status, lambda found: f"{t(found.entry_type.label)} ({found.entries})")
    lines = [
        COMMENT_MARKER,
        "### " + t("Translation status"),
        "",
        *(_summary(status, c.gettext) + "  " for c in catalogs.values()),
        "",
        "| " + " | ".join(headings) + " |",
        "|" + "|".join(["---", "---", *["--:"] * (len(headings) - 2)]) + "|",
        *("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows),
    ]
    if changed is not None:
        mine = {p: status.lacking[p] for p in changed if p in status.lacking}
        lines += ["", "#### " + t("In this pull request"), ""]
        first = next(iter(catalogs.values())).gettext
        lines += _entry_lines(status, mine, first, code=True) or [
            t("Every changed entry has text in every language.")
        ]
    return "\n".join(lines) + "\n"


def _entry_lines(status: Status, lacks: dict, gettext, *, code: bool) -> list[str]:
    lines = []
    for relpath, by_language in sorted(lacks.items()):
        parts = [f"{status.languages[k]}: {', '.join(fields)}" for k, fields in by_language.items()]
        shown = f"`{relpath}`" if code else relpath
        prefix = "- " if code else ""
        lines.append(f"{prefix}{shown}: " + gettext("no text in") + " " + "; ".join(parts))
    return lines


def _in_every_language(catalogs: dict):
    """gettext in every catalog, joined: 'Field · 欄位' (once when they are the same)."""

    def in_every_language(message: str, **values: str) -> str:
        found = [
            c.gettext(message) % values if values else c.gettext(message) for c in catalogs.values()
        ]
        return " · ".join(dict.fromkeys(found))

    return in_every_language


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, *, right: bool) -> str:
    space = " " * (width - _width(text))
    return space + text if right else text + space

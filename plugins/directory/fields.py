"""Field types: what a value in an entry is, and what each stage does with it.

model.py compiles them from the JSON Schema files (the ``x-field`` keyword, or the schema's own
structure: ``enum``, arrays, objects, ``x-links-to``); every stage asks a field, never the schema.
A field normalises the value the schema accepted, finds what a schema cannot say (a date that is
not in the calendar, a text empty in every language), and gives its references, its JSON and CSV
forms and its texts for search. Values are never None inside a field's methods unless said."""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from .diagnostics import did_you_mean

Path = tuple[str | int, ...]
Key = tuple[str, str]  # (entry type, slug)
LIST_SEPARATOR = "; "
DATE_FORMS = (
    "YYYY, YYYY-MM or YYYY-MM-DD, or an approximate date: 1907~ (circa), 197X (a decade), "
    "19XX (a century), 1965/1970 (from one to the other)"
)
YEAR_FORMS = (
    "a year such as 1965, or an approximate one: 1965~ (circa), 196X (a decade), 19XX (a "
    "century), 1965/1970 (from one to the other)"
)


@dataclass(frozen=True)
class Bi:
    """A text in each of the entries' languages (``keys``, from the model), any of them None.

    ``same`` is true when the editor gave one text for every language. ``overrides`` are the
    texts an editor gave for a derived language, where converting its source text gets it
    wrong: (("zh_hans", "乾三郎"),); a derived language shows the conversion otherwise."""

    keys: tuple[str, ...]
    texts: tuple[str | None, ...]
    same: bool = False
    overrides: tuple[tuple[str, str], ...] = ()

    def get(self, key: str) -> str | None:
        """The text of a written language's key, or the override given for a derived one."""
        if key in self.keys:
            return self.texts[self.keys.index(key)]
        return next((text for own, text in self.overrides if own == key), None)

    def any(self) -> str:
        """The first text there is, in the model's language order."""
        return next((t for t in self.texts if t), "")

    def distinct(self) -> list[str]:
        """Each text once, in language order, then the overrides."""
        return [t for t in dict.fromkeys((*self.texts, *(t for _, t in self.overrides))) if t]


class Reference(NamedTuple):
    """One link from an entry to another, as found in one of its fields (a tuple: the build's
    memory keeps 70,000 of them with the entries, and tuples read back three times faster)."""

    path: Path  # where in the entry, e.g. ("credits", 2, "artist")
    target: Key
    role: Bi | None = None
    role_class: str | None = None  # creative, commission, ...: see RoleClasses
    role_key: str | None = None  # a controlled role's value ("performer"), when it is one


@dataclass(frozen=True)
class RoleClasses:
    """Which class each credit role belongs to (schemas/role-classes.yaml, read by model.py):
    creative, commission, production or context. Roles are matched in any language, ignoring
    case."""

    classes: tuple[str, ...]
    by_text: dict[str, str]  # casefolded role text in any language -> its class
    listed: tuple[str, ...] = ()  # every role text as the file writes it, for hints
    source: str = "role-classes.yaml"  # the file's name, for messages

    def of(self, role: Bi | None, default: str | None = None) -> str | None:
        """The class of a credit's role, else of its field's default role; None if unknown."""
        if role is not None:
            found = (self.by_text.get(text.casefold()) for text in role.texts if text)
            return next((c for c in found if c), None)
        return self.by_text.get(default.casefold()) if default else None

    def unknown(self, role: Bi) -> str:
        """What is wrong with a role in no class, and what to do."""
        text = role.any()
        hint = did_you_mean(text, self.listed)
        return (
            f"'{text}' is a role in no class: "
            + (f"{hint} Or add" if hint else "add")
            + f" it to {self.source} under {_either(self.classes)}"
        )


class Field:
    """A value of the schema's own JSON types (text, number) that needs nothing more."""

    # How the search index uses the field's texts: "name", "meta", "text", or None (not at all).
    search: str | None = "meta"

    def normalise(self, value: Any) -> Any:
        if isinstance(value, float) and value.is_integer():
            return int(value)  # JSON Schema counts 1965.0 as an integer: keep it one
        return value

    def problems(self, value: Any, path: Path) -> Iterator[tuple[Path, str]]:
        """What is wrong beyond the schema: (path, message) pairs."""
        return iter(())

    def references(self, value: Any, path: Path) -> Iterator[Reference]:
        return iter(())

    def json_value(self, value: Any, exists: Any) -> Any:
        """The value in the open data JSON; ``exists(key)`` tells whether a linked entry does."""
        return value

    def csv_columns(self, name: str) -> list[str]:
        return [name]

    def csv_cells(self, name: str, value: Any) -> dict[str, str]:
        """The same columns whether the value is there (not None) or not."""
        return {name: "" if value is None else str(value)}

    def search_texts(self, value: Any) -> list[str]:
        return []


class PartialDate(Field):
    """A date at the precision the source knows: YYYY, YYYY-MM or YYYY-MM-DD, or an approximate
    one (EDTF, ISO 8601-2): 1907~ circa, 197X a decade, 19XX a century, 1965/1970 from one to
    the other (see read_date). A value is kept as written; stages read it with read_date."""

    days = True  # months and days may be given
    expected = DATE_FORMS

    def normalise(self, value: Any) -> str:
        return str(super().normalise(value))

    def problems(self, value: str, path: Path) -> Iterator[tuple[Path, str]]:
        if read_date(value, days=self.days) is not None:
            return
        if self.days and _EXACT.fullmatch(str(value)):
            yield path, f"'{value}' is not a real date: expected YYYY, YYYY-MM or YYYY-MM-DD"
        else:
            hint = _hint(value)
            yield path, f"'{value}' is not a date the site reads{hint}: expected {self.expected}"

    def search_texts(self, value: str) -> list[str]:
        found = read_date(str(value), days=self.days)
        label = found.start.label() if found else None
        return [label] if label else []


class Year(PartialDate):
    """A year (1965), or an approximate one: 1965~, 196X, 19XX, 1965/1970."""

    days = False
    expected = YEAR_FORMS

    def normalise(self, value: Any) -> Any:
        found = Field.normalise(self, value)
        return int(found) if isinstance(found, str) and found.isdigit() else found


class Bilingual(Field):
    """Text in each language: a map {en: ..., zh: ...}, or one text for every language. The map
    may also give a derived language's text where its conversion is wrong ({zh_hans: ...})."""

    def __init__(
        self,
        keys: tuple[str, ...],
        names: tuple[str, ...],
        derived: tuple[tuple[str, str], ...] = (),
    ):
        self.keys = keys
        self.names = names  # "English", "Chinese": for messages
        self.derived = derived  # (key, the written key it is converted from): ("zh_hans", "zh")

    def normalise(self, value: Any) -> Bi:
        if isinstance(value, str):
            text = value.strip() or None
            return Bi(self.keys, (text,) * len(self.keys), same=True)
        overrides = tuple(
            (key, text) for key, _ in self.derived if (text := (value.get(key) or "").strip())
        )
        texts = tuple((value.get(k) or "").strip() or None for k in self.keys)
        return Bi(self.keys, texts, overrides=overrides)

    def problems(self, value: Bi, path: Path) -> Iterator[tuple[Path, str]]:
        for key, source in self.derived:
            if value.get(key) and not value.get(source):
                yield (
                    (*path, key),
                    f"overrides the conversion of the {self.name_of(source)} text, which is "
                    f"missing: expected {source} beside it",
                )
        if not any(value.texts):
            every = "both" if len(self.keys) == 2 else "all"
            yield path, f"empty in {every} languages: expected text in {self.expected()}"

    def name_of(self, key: str) -> str:
        return self.names[self.keys.index(key)]

    def expected(self) -> str:
        """'English (en) or Chinese (zh)'."""
        return " or ".join(f"{n} ({k})" for k, n in zip(self.keys, self.names, strict=True))

    def json_value(self, value: Bi | None, exists: Any) -> dict | None:
        if value is None:
            return None
        return {**dict(zip(value.keys, value.texts, strict=True)), **dict(value.overrides)}

    def csv_columns(self, name: str) -> list[str]:
        return [f"{name}_{k}" for k in self.keys]

    def csv_cells(self, name: str, value: Bi | None) -> dict[str, str]:
        return {f"{name}_{k}": (value.get(k) or "") if value else "" for k in self.keys}

    def search_texts(self, value: Bi) -> list[str]:
        return value.distinct()


class Markdown(Bilingual):
    """A long text in each language, written in Markdown; searched as the entry's text."""

    search = "text"


class Choice(Field):
    """One of a fixed list of values, each with a label in every language."""

    def __init__(
        self,
        values: tuple[str, ...],
        labels: dict[str, dict[str, str]],
        codes: dict[str, str] | None = None,
    ):
        self.values = values
        self.labels = labels
        self.codes = codes or {}  # a value's code outside (x-codes): schema.org, BCP 47

    def search_texts(self, value: str) -> list[str]:
        return list(self.labels[value].values()) if value in self.labels else []


class Url(Field):
    pass


class Link(Field):
    """An address, or a map {url, label}; normalised to the map."""

    search = None

    def __init__(self, label: Bilingual):
        self.label = label

    def normalise(self, value: Any) -> dict:
        value = value if isinstance(value, dict) else {"url": value}
        label = value.get("label")
        return {"url": value["url"], "label": self.label.normalise(label) if label else None}

    def json_value(self, value: dict | None, exists: Any) -> dict | None:
        if value is None:
            return None
        return {"url": value["url"], "label": self.label.json_value(value["label"], exists)}

    def csv_cells(self, name: str, value: dict | None) -> dict[str, str]:
        return {name: value["url"] if value else ""}


class EntryRef(Field):
    """The slug of an entry of one type (``x-links-to``); where the field names a role for its
    links (``x-credit``), ``role_class`` is that role's class."""

    def __init__(self, target: str, role_class: str | None = None):
        self.target = target
        self.role_class = role_class

    def references(self, value: str, path: Path) -> Iterator[Reference]:
        yield Reference(path, (self.target, value), None, self.role_class)

    def json_value(self, value: str | None, exists: Any) -> dict | None:
        if value is None or not exists((self.target, value)):
            return None  # a link to an entry left out for its problems is dropped
        found = {"type": self.target, "slug": value}
        if self.role_class:
            found["class"] = self.role_class
        return found

    def csv_columns(self, name: str) -> list[str]:
        return [name, f"{name}_class"] if self.role_class else [name]

    def csv_cells(self, name: str, value: str | None) -> dict[str, str]:
        cells = {name: "" if value is None else value}
        if self.role_class:
            cells[f"{name}_class"] = "" if value is None else self.role_class
        return cells


class Credit(Field):
    """A map {artist: slug, role: {en, zh}} (or, where allowed, the bare slug): an entry linked
    with the role it had, and that role's class (the field's default role when it gives none)."""

    def __init__(
        self,
        target: str,
        key: str,
        role: Bilingual,
        bare_slug: bool,
        classes: RoleClasses,
        default_role: str | None = None,
        name_key: str | None = None,
    ):
        self.target = target
        self.key = key  # "artist"
        self.role = role
        self.bare_slug = bare_slug
        self.classes = classes
        self.default_role = default_role  # x-credit: the role of a link that names none
        self.name_key = name_key  # "name": a maker named in text, with no entry to link

    def role_class(self, value: dict) -> str | None:
        return self.classes.of(value["role"], self.default_role)

    def problems(self, value: dict, path: Path) -> Iterator[tuple[Path, str]]:
        if value["role"] is not None and self.role_class(value) is None:
            yield (*path, "role"), self.classes.unknown(value["role"])

    def normalise(self, value: Any) -> dict:
        value = value if isinstance(value, dict) else {self.key: value}
        role = value.get("role")
        found = {
            self.key: value.get(self.key),
            "role": None if role is None else self.role.normalise(role),
        }
        if self.name_key:
            name = value.get(self.name_key)
            found[self.name_key] = None if name is None else self.role.normalise(name)
        return found

    def references(self, value: dict, path: Path) -> Iterator[Reference]:
        if value[self.key] is not None:
            target = (self.target, value[self.key])
            yield Reference((*path, self.key), target, value["role"], self.role_class(value))

    def json_value(self, value: dict | None, exists: Any) -> dict | None:
        if value is None:
            return None
        if value[self.key] is None and self.name_key:
            found: dict = {self.name_key: self.role.json_value(value[self.name_key], exists)}
        elif not exists((self.target, value[self.key])):
            return None
        else:
            found = {"type": self.target, "slug": value[self.key]}
        if value["role"] is not None:
            found["role"] = self.role.json_value(value["role"], exists)
        role_class = self.role_class(value)
        if role_class:
            found["class"] = role_class
        return found

    def csv_columns(self, name: str) -> list[str]:
        named = [f"{name}_{self.name_key}_{k}" for k in self.role.keys] if self.name_key else []
        return [name, *named, *(f"{name}_role_{k}" for k in self.role.keys), f"{name}_class"]

    def csv_cells(self, name: str, value: dict | None) -> dict[str, str]:
        role = value["role"] if value else None
        cells = {name: (value[self.key] or "") if value else ""}
        if self.name_key:
            text = value.get(self.name_key) if value else None
            cells.update(
                {
                    f"{name}_{self.name_key}_{k}": (text.get(k) or "") if text else ""
                    for k in self.role.keys
                }
            )
        cells.update(
            {f"{name}_role_{k}": (role.get(k) or "") if role else "" for k in self.role.keys}
        )
        cells[f"{name}_class"] = (self.role_class(value) or "") if value else ""
        return cells

    def search_texts(self, value: dict) -> list[str]:
        """A maker named in text (linked makers are searched by their own entry's name)."""
        text = value.get(self.name_key) if self.name_key else None
        return text.distinct() if text else []


class RoleCredit(Credit):
    """A map {artist: slug, role: <a controlled role>, role_text: {en, zh}}: an entry linked with
    one of a fixed list of roles, each with its labels and class, and optionally the role in
    words (shown instead of the role's label)."""

    def __init__(
        self,
        target: str,
        key: str,
        choice: Choice,
        text: Bilingual | None,
        classes: RoleClasses,
    ):
        super().__init__(target, key, text or Bilingual((), ()), False, classes)
        self.choice = choice
        self.text = text

    def role_class(self, value: dict) -> str | None:
        """The class of the controlled role (by its labels, in role-classes.yaml); words given
        for it do not change it."""
        labels = self.choice.labels.get(value["role"], {})
        return self.classes.of(Bi(tuple(labels), tuple(labels.values())))

    def problems(self, value: dict, path: Path) -> Iterator[tuple[Path, str]]:
        return iter(())  # the roles are fixed, and the model checks their classes once

    def normalise(self, value: Any) -> dict:
        text = value.get("role_text") if self.text else None
        return {
            self.key: value[self.key],
            "role": value["role"],
            "role_text": None if text is None or self.text is None else self.text.normalise(text),
        }

    def label(self, value: dict) -> Bi:
        """The role as shown: its words where given, else its label in every language."""
        if value["role_text"] is not None:
            return value["role_text"]
        labels = self.choice.labels.get(value["role"], {})
        keys = tuple(labels)
        return Bi(keys, tuple(labels[k] for k in keys))

    def references(self, value: dict, path: Path) -> Iterator[Reference]:
        yield Reference(
            (*path, self.key),
            (self.target, value[self.key]),
            self.label(value),
            self.role_class(value),
            value["role"],
        )

    def json_value(self, value: dict | None, exists: Any) -> dict | None:
        if value is None or not exists((self.target, value[self.key])):
            return None
        found = {"type": self.target, "slug": value[self.key], "role": value["role"]}
        if value["role_text"] is not None and self.text is not None:
            found["role_text"] = self.text.json_value(value["role_text"], exists)
        role_class = self.role_class(value)
        if role_class:
            found["class"] = role_class
        return found

    def csv_columns(self, name: str) -> list[str]:
        texts = self.text.csv_columns(f"{name}_role_text") if self.text else []
        return [name, f"{name}_role", *texts, f"{name}_class"]

    def csv_cells(self, name: str, value: dict | None) -> dict[str, str]:
        cells = {
            name: value[self.key] if value else "",
            f"{name}_role": value["role"] if value else "",
        }
        if self.text:
            cells.update(
                self.text.csv_cells(f"{name}_role_text", value["role_text"] if value else None)
            )
        cells[f"{name}_class"] = (self.role_class(value) or "") if value else ""
        return cells

    def search_texts(self, value: dict) -> list[str]:
        return self.label(value).distinct()


class Session(Field):
    """A day an event happens, with its start and end times where known, in one time zone (the
    schema's x-timezone): the text '2026-01-30 19:30-21:30' (or without the end, or without
    times) or a map {date, start, end, venue}; normalised to the map. An end earlier than the
    start is on the next day."""

    def __init__(self, timezone: str, venue: EntryRef | None):
        self.timezone = timezone
        self.venue = venue

    def normalise(self, value: Any) -> dict:
        if isinstance(value, str):
            day, _, times = value.partition(" ")
            start, _, end = times.partition("-")
            value = {"date": day, "start": start or None, "end": end or None}
        return {
            "date": value["date"],
            "start": value.get("start"),
            "end": value.get("end"),
            "venue": value.get("venue"),
        }

    def problems(self, value: dict, path: Path) -> Iterator[tuple[Path, str]]:
        if parse_date(value["date"]) is None:
            yield path, f"'{value['date']}' is not a real date: expected YYYY-MM-DD"
        for key in ("start", "end"):
            if value[key] is not None and parse_time(value[key]) is None:
                yield path, f"'{value[key]}' is not a time of day: expected HH:MM, 00:00 to 23:59"
        if value["end"] is not None and value["start"] is None:
            yield path, f"an end ({value['end']}) without a start: expected the start time too"

    def references(self, value: dict, path: Path) -> Iterator[Reference]:
        if self.venue is not None and value["venue"] is not None:
            yield from self.venue.references(value["venue"], (*path, "venue"))

    def json_value(self, value: dict | None, exists: Any) -> dict | None:
        if value is None:
            return None
        venue = self.venue.json_value(value["venue"], exists) if self.venue else None
        return {**value, "venue": venue}

    def csv_columns(self, name: str) -> list[str]:
        return [name, f"{name}_venue"]

    def csv_cells(self, name: str, value: dict | None) -> dict[str, str]:
        return {
            name: session_text(value) if value else "",
            f"{name}_venue": (value or {}).get("venue") or "",
        }

    def search_texts(self, value: dict) -> list[str]:
        return [value["date"][:4]]


def session_text(value: dict) -> str:
    """A session's short form: '2026-01-30 19:30-21:30'."""
    text = value["date"]
    if value["start"]:
        text += f" {value['start']}" + (f"-{value['end']}" if value["end"] else "")
    return text


class ListOf(Field):
    def __init__(self, item: Field):
        self.item = item
        self.search = item.search

    def normalise(self, value: list) -> list:
        return [self.item.normalise(v) for v in value]

    def problems(self, value: list, path: Path) -> Iterator[tuple[Path, str]]:
        for index, item in enumerate(value):
            yield from self.item.problems(item, (*path, index))

    def references(self, value: list, path: Path) -> Iterator[Reference]:
        for index, item in enumerate(value):
            yield from self.item.references(item, (*path, index))

    def json_value(self, value: list | None, exists: Any) -> list | None:
        if value is None:
            return None
        found = [self.item.json_value(v, exists) for v in value]
        if isinstance(self.item, EntryRef | Credit):
            found = [v for v in found if v is not None]
        return found

    def csv_columns(self, name: str) -> list[str]:
        return self.item.csv_columns(name)

    def csv_cells(self, name: str, value: list | None) -> dict[str, str]:
        rows = [self.item.csv_cells(name, item) for item in value or ()]
        return {c: LIST_SEPARATOR.join(row[c] for row in rows) for c in self.csv_columns(name)}

    def search_texts(self, value: list) -> list[str]:
        return [t for item in value for t in self.item.search_texts(item)]


class Record(Field):
    """A map of named fields, each normalised by its own type; absent ones are None."""

    def __init__(self, properties: dict[str, Field]):
        self.properties = properties

    def normalise(self, value: dict) -> dict:
        return {
            key: field.normalise(value[key]) if key in value else None
            for key, field in self.properties.items()
        }

    def problems(self, value: dict, path: Path) -> Iterator[tuple[Path, str]]:
        for key, field in self.properties.items():
            if value.get(key) is not None:
                yield from field.problems(value[key], (*path, key))

    def references(self, value: dict, path: Path) -> Iterator[Reference]:
        for key, field in self.properties.items():
            if value.get(key) is not None:
                yield from field.references(value[key], (*path, key))

    def json_value(self, value: dict | None, exists: Any) -> dict | None:
        if value is None:
            return None
        return {k: self.properties[k].json_value(v, exists) for k, v in value.items()}

    def csv_columns(self, name: str) -> list[str]:
        return [c for k, f in self.properties.items() for c in f.csv_columns(f"{name}_{k}")]

    def csv_cells(self, name: str, value: dict | None) -> dict[str, str]:
        cells = {}
        for key, field in self.properties.items():
            cells.update(field.csv_cells(f"{name}_{key}", value.get(key) if value else None))
        return cells

    def search_texts(self, value: dict) -> list[str]:
        return [
            t
            for key, field in self.properties.items()
            if value.get(key) is not None
            for t in field.search_texts(value[key])
        ]


class Image(Record):
    """A picture in content/images/ ({src, alt, credit}): published and resized by the build."""

    search = None


def _either(words: tuple[str, ...]) -> str:
    """'a, b, c or d'."""
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else "".join(words)


# Dates, exact and approximate -----------------------------------------------------------------

EXACT, CIRCA, DECADE, CENTURY = "exact", "circa", "decade", "century"
_EXACT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_CIRCA = re.compile(r"(\d{4})~")
_DECADE = re.compile(r"(\d{3})X")
_CENTURY = re.compile(r"(\d{2})XX")
# What people write instead, and how to write it: the hint in a problem's message.
_HINTS = (
    (re.compile(r"^(?:c\.|ca\.?|circa)\s*(\d{4})$", re.I), "write circa {0} as {0}~"),
    (re.compile(r"^(\d{3})0s$"), "write the {0}0s as {0}X"),
    (re.compile(r"^(\d{1,2})(?:st|nd|rd|th) century$", re.I), "write the {0}th century as {1}XX"),
    (re.compile(r"^(\d{4})\s*[-–—]\s*(\d{4})$"), "write from {0} to {1} as {0}/{1}"),
)


@dataclass(frozen=True)
class When:
    """One end of a date: exact (to the year, month or day), circa a year, a decade or a
    century. ``parts``: (year,), (year, month) or (year, month, day); a decade's or a century's
    first year ((1970,) for 197X, (1900,) for 19XX)."""

    kind: str
    parts: tuple[int, ...]

    def first_day(self) -> datetime.date:
        return datetime.date(*self.parts, *(1,) * (3 - len(self.parts)))

    def last_day(self) -> datetime.date:
        year = self.parts[0]
        if self.kind == DECADE:
            return datetime.date(year + 9, 12, 31)
        if self.kind == CENTURY:
            return datetime.date(year + 99, 12, 31)
        if len(self.parts) == 3:
            return datetime.date(*self.parts)
        month = self.parts[1] if len(self.parts) == 2 else 12
        return datetime.date(year, month, calendar.monthrange(year, month)[1])

    @property
    def year(self) -> int | None:
        """The year it places an entry in (a decade: its first year); None for a century,
        which no year or decade stands for."""
        return None if self.kind == CENTURY else self.parts[0]

    def label(self) -> str | None:
        """'1907', '1970s' (a decade), None for a century: what search and facets use."""
        if self.kind == DECADE:
            return f"{self.parts[0]}s"
        return None if self.kind == CENTURY else str(self.parts[0])


@dataclass(frozen=True)
class DateValue:
    """A date as read: one When, or an interval from one to another."""

    start: When
    end: When | None = None

    @property
    def exact(self) -> bool:
        return self.end is None and self.start.kind == EXACT

    def first_day(self) -> datetime.date:
        return self.start.first_day()

    def last_day(self) -> datetime.date:
        return (self.end or self.start).last_day()


def read_date(text: Any, *, days: bool = True) -> DateValue | None:
    """'1958-07-17', '1907~', '197X', '19XX', '1965/1970' -> a DateValue; None when it is none
    of these or not in the calendar, or (days=False) gives a month or a day."""
    # as written: a date with spaces or a line break around it is not one
    return _read_date(str(text), days)


@lru_cache(maxsize=65536)  # the same few thousand dates are read by every stage, every page
def _read_date(text: str, days: bool) -> DateValue | None:
    if "/" in text:
        first, _, last = text.partition("/")
        start, end = _when(first, days), _when(last, days)
        if start is None or end is None or end.last_day() < start.first_day():
            return None
        return DateValue(start, end)
    found = _when(text, days)
    return DateValue(found) if found else None


def _when(text: str, days: bool) -> When | None:
    match = _EXACT.fullmatch(text)
    if match:
        parts = tuple(int(p) for p in match.groups() if p)
        if (len(parts) > 1 and not days) or not _real(parts):
            return None
        return When(EXACT, parts)
    for kind, pattern, scale in (
        (CIRCA, _CIRCA, 1),
        (DECADE, _DECADE, 10),
        (CENTURY, _CENTURY, 100),
    ):
        match = pattern.fullmatch(text)
        if match:
            year = int(match.group(1)) * scale
            return When(kind, (year,)) if year >= 1 else None
    return None


def _real(parts: tuple[int, ...]) -> bool:
    try:
        datetime.date(
            parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
        )
    except ValueError:
        return False
    return True


def _hint(text: str) -> str:
    """', write circa 1907 as 1907~' for the usual ways of writing an approximate date."""
    first, slash, last = str(text).partition("/")
    if slash and _when(first, True) and _when(last, True):
        return ", it ends before it starts"
    for pattern, advice in _HINTS:
        match = pattern.match(text.strip())
        if match:
            groups = match.groups()
            century = int(groups[0]) - 1 if advice.endswith("{1}XX") else None
            return ", " + advice.format(*groups, century)
    return ""


def parse_date(text: str) -> tuple[int, ...] | None:
    """'2024-03' -> (2024, 3); None when it is not an exact real calendar date."""
    found = read_date(text)
    return found.start.parts if found and found.exact else None


def parse_time(text: str) -> tuple[int, int] | None:
    """'19:30' -> (19, 30); None when it is not a time of day."""
    hours, _, minutes = text.partition(":")
    if not (hours.isdigit() and minutes.isdigit()):
        return None
    found = int(hours), int(minutes)
    return found if found[0] < 24 and found[1] < 60 else None


def first_day(text: str) -> datetime.date:
    """The first day a valid date stands for: 2024 -> 1 January, 197X -> 1 January 1970."""
    return _valid(text).first_day()


def last_day(text: str) -> datetime.date:
    """The last day a valid date stands for: 2024-02 -> 29 February, 1965/1970 -> 31 December
    1970."""
    return _valid(text).last_day()


def _valid(text: str) -> DateValue:
    found = read_date(text)
    if found is None:
        raise ValueError(f"not a valid date: {text!r}")
    return found

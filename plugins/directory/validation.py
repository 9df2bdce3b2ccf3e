"""Validate stage: raw entry data -> normalised Entry, or diagnostics naming line and field."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from .diagnostics import Diagnostic, did_you_mean, field_name
from .loading import RawEntry
from .schema import TypeSchema, resolve, type_schema

BILINGUAL_DEFS = {"bilingual", "role"}
LANGS = ("en", "zh")


@dataclass(frozen=True)
class Bi:
    """A bilingual value. ``same`` is true when the editor gave one text for both languages."""

    en: str | None
    zh: str | None
    same: bool = False

    def get(self, lang: str) -> str | None:
        return self.en if lang == "en" else self.zh

    def any(self) -> str:
        return self.en or self.zh or ""


@dataclass
class Entry:
    type: str
    slug: str
    relpath: str
    fields: dict
    lines: dict = field(default_factory=dict, repr=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.type, self.slug)

    @property
    def title(self) -> Bi:
        return self.fields[type_schema(self.type).title_field]

    def line(self, *path) -> int:
        """The line of a field, or of the closest enclosing field that has one."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def validate(raw: RawEntry) -> tuple[Entry, list[Diagnostic]]:
    """Check the entry's form against its schema, then what a schema cannot say (real dates,
    date order, text in at least one language), on every field whose form is right.

    The entry holds the fields that are right even when there are problems, so that its links
    can be checked too."""
    spec = type_schema(raw.type)
    errors = _errors(spec, raw.data)
    problems = [p for error in errors for p in _problems(error, raw, spec)]
    wrong = {error.absolute_path[0] for error in errors if error.absolute_path}
    fields = {
        name: _normalise(raw.data[name], spec.schema["properties"][name])
        for name in spec.fields
        if name in raw.data and name not in wrong
    }
    entry = Entry(raw.type, raw.slug, raw.relpath, fields, raw.lines)
    problems += _check_text(entry) + _check_dates(entry, spec)
    return entry, sorted(set(problems))


def _errors(spec: TypeSchema, data):
    if spec.fast.is_valid(data):
        return []
    return sorted(spec.validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))


def _line(raw: RawEntry, path) -> int:
    path = tuple(path)
    while path and path not in raw.lines:
        path = path[:-1]
    return raw.lines.get(path, 1)


def _expected(node: dict) -> str:
    name, target = resolve(node)
    return node.get("description") if not name else target.get("description", name)


def _kind(value) -> str:
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 40 else "a long text"
    if value is None:
        return "nothing"
    return {"list": "a list", "dict": "a map"}.get(type(value).__name__, type(value).__name__)


def _problems(error, raw: RawEntry, spec: TypeSchema) -> list[Diagnostic]:
    """A jsonschema error -> its diagnostics: for a 'text or map' choice, every problem inside
    the form the value was meant to have (a map can be wrong in each of its fields)."""
    branch = _matching_branch(error) if error.validator == "oneOf" else []
    if branch:
        return [problem for sub in branch for problem in _problems(sub, raw, spec)]
    problem = _describe(error, raw, spec)
    return [problem] if problem else []


def _describe(error, raw: RawEntry, spec: TypeSchema) -> Diagnostic | None:
    """A jsonschema error -> one plain-language diagnostic (None when another one covers it)."""
    path = list(error.absolute_path)
    kind = error.validator
    instance = error.instance
    if kind == "oneOf":
        return Diagnostic(
            raw.relpath,
            _line(raw, path),
            field_name(path),
            f"expected {error.schema.get('description', 'another form')}, got {_kind(instance)}",
        )
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        unknown = sorted(k for k in instance if k not in allowed)[0]
        unused = [k for k in allowed if k not in instance]
        hint = did_you_mean(unknown, unused) or f"expected one of {', '.join(allowed)}"
        return Diagnostic(
            raw.relpath,
            _line(raw, [*path, unknown]),
            field_name([*path, unknown]),
            f"unknown field: {hint}",
        )
    if kind == "required":
        missing = next(k for k in error.validator_value if error.message.startswith(repr(k)))
        if _misspelt_as(missing, instance, error.schema):
            return None  # the unknown-field message already suggests it
        prop = error.schema["properties"][missing]
        what = "entry" if not path else "map"
        return Diagnostic(
            raw.relpath,
            _line(raw, path),
            field_name([*path, missing]),
            f"missing, the {what} needs it: expected {_expected(prop)}",
        )
    if kind == "enum":
        choices = [str(c) for c in error.validator_value]
        hint = did_you_mean(str(instance), choices) or f"expected one of {', '.join(choices)}"
        return Diagnostic(
            raw.relpath,
            _line(raw, path),
            field_name(path),
            f"{_kind(instance)} is not a valid choice: {hint}",
        )
    if kind == "minProperties":
        return Diagnostic(
            raw.relpath,
            _line(raw, path),
            field_name(path),
            "empty map: expected text in English (en) or Chinese (zh)",
        )
    expected = error.schema.get("description") or _parent_description(error) or "another value"
    return Diagnostic(
        raw.relpath,
        _line(raw, path),
        field_name(path),
        f"expected {expected}, got {_kind(instance)}",
    )


def _misspelt_as(field: str, instance: dict, schema: dict) -> bool:
    unknown = [k for k in instance if k not in schema.get("properties", {})]
    return any(did_you_mean(k, [field]) for k in unknown)


def _parent_description(error) -> str:
    parent = error.parent
    while parent is not None:
        if parent.schema.get("description"):
            return parent.schema["description"]
        parent = parent.parent
    return ""


def _matching_branch(error) -> list:
    """For 'text or map' style choices, the errors inside the branch the value was meant for, or
    [] when it fits none."""
    instance = error.instance
    json_type = (
        "object"
        if isinstance(instance, dict)
        else "array"
        if isinstance(instance, list)
        else "string"
        if isinstance(instance, str)
        else "other"
    )
    branches = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    for index, branch in enumerate(error.schema["oneOf"]):
        _, target = resolve(branch)
        if target.get("type") == json_type or (
            json_type == "string" and "$ref" in branch and resolve(branch)[1].get("pattern")
        ):
            subs = branches.get(index)
            if subs:
                return subs
    return []


def _normalise(value, node):
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON Schema counts 1965.0 as an integer: keep it one
    name, target = resolve(node)
    if name in BILINGUAL_DEFS:
        if isinstance(value, str):
            text = value.strip() or None
            return Bi(text, text, same=True)
        return Bi((value.get("en") or "").strip() or None, (value.get("zh") or "").strip() or None)
    if name == "artist_ref":
        value = value if isinstance(value, dict) else {"artist": value}
        return {
            "artist": value["artist"],
            "role": _normalise(value["role"], {"$ref": "#/$defs/role"})
            if "role" in value
            else None,
        }
    if name == "link":
        value = value if isinstance(value, dict) else {"url": value}
        label = value.get("label")
        return {
            "url": value["url"],
            "label": _normalise(label, {"$ref": "#/$defs/bilingual"}) if label else None,
        }
    if name == "date":
        return str(value)
    if isinstance(value, list):
        return [_normalise(item, target["items"]) for item in value]
    if isinstance(value, dict) and "properties" in target:
        return {
            key: _normalise(value[key], target["properties"][key]) if key in value else None
            for key in target["properties"]
        }
    return value


def _walk_bi(value, path):
    if isinstance(value, Bi):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk_bi(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk_bi(item, (*path, key))


def _check_text(entry: Entry) -> list[Diagnostic]:
    problems = []
    for path, value in _walk_bi(entry.fields, ()):
        if value.en is None and value.zh is None:
            problems.append(
                Diagnostic(
                    entry.relpath,
                    entry.line(*path),
                    field_name(path),
                    "empty in both languages: expected text in English (en) or Chinese (zh)",
                )
            )
    return problems


def parse_date(text: str) -> tuple[int, ...] | None:
    """'2024-03' -> (2024, 3); None when it is not a real calendar date."""
    try:
        parts = tuple(int(p) for p in text.split("-"))
        datetime.date(
            parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
        )
    except ValueError:
        return None
    return parts


def first_day(text: str) -> datetime.date:
    """The first day a valid date stands for: 2024 -> 1 January, 2024-02 -> 1 February."""
    parts = parse_date(text)
    return datetime.date(*parts, *(1,) * (3 - len(parts)))


def last_day(text: str) -> datetime.date:
    """The last day a valid date stands for: 2024 -> 31 December, 2024-02 -> 29 February."""
    parts = parse_date(text)
    if len(parts) == 3:
        return datetime.date(*parts)
    month = parts[1] if len(parts) == 2 else 12
    return datetime.date(parts[0], month, calendar.monthrange(parts[0], month)[1])


def _dates(fields, path=()):
    for key, value in fields.items() if isinstance(fields, dict) else enumerate(fields):
        if isinstance(value, str) and key in (
            "born",
            "died",
            "founded",
            "dissolved",
            "start",
            "end",
            "date",
        ):
            yield (*path, key), value
        elif isinstance(value, list | dict) and not isinstance(value, Bi):
            yield from _dates(value, (*path, key))


def _check_dates(entry: Entry, spec: TypeSchema) -> list[Diagnostic]:
    problems = []
    for path, text in _dates(entry.fields):
        if parse_date(text) is None:
            problems.append(
                Diagnostic(
                    entry.relpath,
                    entry.line(*path),
                    field_name(path),
                    f"'{text}' is not a real date: expected YYYY, YYYY-MM or YYYY-MM-DD",
                )
            )
    if problems:
        return problems
    for first, last in spec.date_ranges:
        if first in entry.fields and last in entry.fields:
            start, end = parse_date(entry.fields[first]), parse_date(entry.fields[last])
            common = min(len(start), len(end))
            if end[:common] < start[:common]:
                problems.append(
                    Diagnostic(
                        entry.relpath,
                        entry.line(last),
                        last,
                        f"{entry.fields[last]} is before {first} {entry.fields[first]}: expected "
                        f"{last} on or after {first}",
                    )
                )
    return problems

"""Validate stage: raw entry data -> normalised Entry, or diagnostics naming line and field."""

from __future__ import annotations

from .diagnostics import Diagnostic, did_you_mean, field_name
from .fields import read_date
from .loading import RawEntry
from .model import ContentModel, Entry, EntryType

# The checks of a value's form, reported by the form's name where the schema gives it a title.
NAMED_FORM_CHECKS = ("type", "pattern", "minimum", "maximum")


def validate(raw: RawEntry, model: ContentModel) -> tuple[Entry, list[Diagnostic]]:
    """Check the entry's form against its schema, then what a schema cannot say (real dates,
    date order, text in at least one language), on every field whose form is right.

    The entry holds the fields that are right even when there are problems, so that its links
    can be checked too."""
    spec = model[raw.type]
    errors = _errors(spec, raw.data)
    problems = [p for error in errors for p in _problems(error, raw, model)]
    wrong = {error.absolute_path[0] for error in errors if error.absolute_path}
    fields = {
        name: prop.field.normalise(raw.data[name])
        for name, prop in spec.properties.items()
        if name in raw.data and name not in wrong
    }
    entry = Entry(spec, raw.slug, raw.relpath, fields, raw.lines, raw.digest)
    found = [
        Diagnostic(entry.relpath, entry.line(*path), field_name(path), message)
        for name, value in fields.items()
        for path, message in spec.properties[name].field.problems(value, (name,))
    ]
    return entry, sorted(set(problems + found + _check_date_order(entry, spec)))


def _errors(spec: EntryType, data):
    if spec.fast.is_valid(data):
        return []
    return sorted(spec.validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))


def _line(raw: RawEntry, path) -> int:
    path = tuple(path)
    while path and path not in raw.lines:
        path = path[:-1]
    return raw.lines.get(path, 1)


def _expected(node: dict, model: ContentModel) -> str:
    name, target = model.resolve(node)
    if not name:
        return node.get("description") or "another value"
    return target.get("description", name)


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


def _problems(error, raw: RawEntry, model: ContentModel) -> list[Diagnostic]:
    """A jsonschema error -> its diagnostics: for a 'text or map' choice, every problem inside
    the form the value was meant to have (a map can be wrong in each of its fields)."""
    branch = _matching_branch(error, model) if error.validator == "oneOf" else []
    if branch:
        return [problem for sub in branch for problem in _problems(sub, raw, model)]
    problem = _describe(error, raw, model)
    return [problem] if problem else []


def _describe(error, raw: RawEntry, model: ContentModel) -> Diagnostic | None:
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
            f"missing, the {what} needs it: expected {_expected(prop, model)}",
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
            f"empty map: expected text in {model.bilingual().expected()}",
        )
    if kind in NAMED_FORM_CHECKS and path and "title" in error.schema:
        # A value of a named form (an identifier): what it is not, then what it looks like.
        return Diagnostic(
            raw.relpath,
            _line(raw, path),
            field_name(path),
            f"{_kind(instance)} is not a valid {error.schema['title']}: expected "
            f"{error.schema.get('description', 'another value')}",
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


def _matching_branch(error, model: ContentModel) -> list:
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
    branches: dict[int, list] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    for index, branch in enumerate(error.schema["oneOf"]):
        name, target = model.resolve(branch)
        if target.get("type") == json_type or (
            json_type == "string" and name and target.get("pattern")
        ):
            subs = branches.get(index)
            if subs:
                return subs
    return []


def _check_date_order(entry: Entry, spec: EntryType) -> list[Diagnostic]:
    problems = []
    for first, last in spec.date_ranges:
        start, end = (
            read_date(entry.fields.get(first) or ""),
            read_date(entry.fields.get(last) or ""),
        )
        # at their common precision: 2024-03 is not before 2024-03-15, 197X not before 1975
        if start and end and end.last_day() < start.first_day():
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

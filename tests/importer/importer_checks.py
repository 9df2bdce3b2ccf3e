"""Check an imported content folder the way the project's validator does: each file against its
JSON Schema, every link to an existing entry of the right type, no text empty in both languages,
no end date before its start."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMAS = Path(__file__).resolve().parents[2] / "plugins" / "directory" / "schemas"
TYPES = ("artists", "exhibitions", "films", "works", "venues")


def schema(entry_type: str) -> dict:
    return json.loads((SCHEMAS / f"{entry_type}.schema.json").read_text(encoding="utf-8"))


@cache
def validator(entry_type: str) -> Draft202012Validator:
    definitions = json.loads((SCHEMAS / "definitions.schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource(
        "definitions.schema.json",
        Resource.from_contents(definitions, default_specification=DRAFT202012),
    )
    return Draft202012Validator(schema(entry_type), registry=registry)


def load_entries(content: Path) -> dict[str, dict[str, dict]]:
    return {
        entry_type: {
            path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted((content / entry_type).glob("*.yaml"))
        }
        for entry_type in TYPES
    }


def problems(content: Path) -> list[str]:
    entries = load_entries(content)
    found = []
    for entry_type, by_slug in entries.items():
        spec = schema(entry_type)
        for slug, data in by_slug.items():
            where = f"{entry_type}/{slug}.yaml"
            found += [
                f"{where}: {error.message}" for error in validator(entry_type).iter_errors(data)
            ]
            found += [f"{where}: {p}" for p in _link_problems(spec, data, entries)]
            found += [f"{where}: {p}" for p in _text_problems(data)]
            found += [f"{where}: {p}" for p in _date_problems(spec, data)]
    return found


def _link_problems(spec: dict, data: dict, entries: dict) -> list[str]:
    found = []
    for field, node in spec["properties"].items():
        target = node.get("x-links-to")
        if target and field in data:
            for slug in _linked_slugs(data[field]):
                if slug not in entries[target]:
                    found.append(f"{field}: no {target} entry '{slug}'")
    for screening in data.get("screenings", ()):
        if screening["venue"] not in entries["venues"]:
            found.append(f"screenings: no venues entry '{screening['venue']}'")
    return found


def _linked_slugs(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    slugs = []
    for item in value:
        slugs.append(item if isinstance(item, str) else item["artist"])
    return slugs


def _text_problems(value, path: str = "") -> list[str]:
    if isinstance(value, dict):
        if set(value) <= {"en", "zh"} and value and not any(str(v).strip() for v in value.values()):
            return [f"{path}: empty in both languages"]
        return [p for key, item in value.items() for p in _text_problems(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _text_problems(item, f"{path}[{i}]")]
    if isinstance(value, str) and not value.strip():
        return [f"{path}: empty text"]
    return []


def _date_problems(spec: dict, data: dict) -> list[str]:
    found = []
    for first, last in spec["x-dates"]:
        if first in data and last in data and str(data[last]) < str(data[first]):
            found.append(f"{last} {data[last]} is before {first} {data[first]}")
    return found

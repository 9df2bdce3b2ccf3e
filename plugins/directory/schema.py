"""The JSON Schema files of the entry types, and what the pipeline reads from them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jsonschema_rs
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).parent / "schemas"
DEFINITIONS = "definitions.schema.json"


@dataclass(frozen=True)
class TypeSchema:
    type: str
    schema: dict
    validator: Draft202012Validator  # explains what is wrong
    fast: jsonschema_rs.Validator  # tells whether anything is wrong, quickly
    title_field: str  # "name" or "title"
    body_field: str  # the long Markdown text: "bio", "description" or "synopsis"
    date_ranges: tuple[tuple[str, str], ...]

    @property
    def fields(self) -> list[str]:
        return list(self.schema["properties"])


def _read(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


@cache
def definitions() -> dict:
    return _read(DEFINITIONS)["$defs"]


@cache
def type_schema(entry_type: str) -> TypeSchema:
    schema = _read(f"{entry_type}.schema.json")
    registry = Registry().with_resource(
        DEFINITIONS, Resource.from_contents(_read(DEFINITIONS), default_specification=DRAFT202012)
    )
    base = "https://harbour-crossings.invalid/schemas/"  # never fetched: relative $refs resolve
    fast = jsonschema_rs.validator_for(
        schema,
        registry=jsonschema_rs.Registry([(base + DEFINITIONS, _read(DEFINITIONS))]),
        base_uri=f"{base}{entry_type}.schema.json",
    )
    return TypeSchema(
        type=entry_type,
        schema=schema,
        validator=Draft202012Validator(schema, registry=registry),
        fast=fast,
        title_field=schema["x-title"],
        body_field=schema["x-body"],
        date_ranges=tuple(tuple(pair) for pair in schema["x-dates"]),
    )


def resolve(node: dict) -> tuple[str, dict]:
    """Follow a property's $ref: (definition name or '', the schema it leads to)."""
    ref = node.get("$ref", "")
    if "#/$defs/" in ref:
        name = ref.rsplit("/", 1)[1]
        return name, definitions()[name]
    return "", node


def labels(entry_type: str, field: str) -> dict[str, dict[str, str]]:
    """Bilingual labels of a choice field's values, e.g. disciplines -> {'film': {en, zh}}."""
    node = type_schema(entry_type).schema["properties"][field]
    node = node.get("items", node)
    return node["x-labels"]

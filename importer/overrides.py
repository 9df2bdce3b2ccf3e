"""importer/overrides.yaml: what the data cannot tell about an M+ constituent, reviewed by hand
(its origin, its name as Hong Kong writes it, its sort name, other names, the record it
duplicates). Read and checked before anything is mapped; a wrong file stops the import."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

OVERRIDES = Path(__file__).with_name("overrides.yaml")
ORIGINS = ("local", "international")
# `origin: null` in the file: the origin is left out on purpose (nobody knows).
UNKNOWN = "unknown"


class OverrideError(Exception):
    """The overrides file cannot be used: one line naming the file, the id and what is wrong."""


@dataclass(frozen=True)
class Override:
    origin: str | None = None  # "local", "international", UNKNOWN, or None: the rule decides
    based_in: dict | None = None
    name: str | None = None
    sort_name: str | None = None
    aliases: tuple[dict, ...] = ()
    merge_into: int | None = None


@dataclass(frozen=True)
class Overrides:
    by_id: dict[int, Override] = field(default_factory=dict)

    def get(self, constituent: int) -> Override:
        return self.by_id.get(constituent, Override())

    def merged(self) -> dict[int, int]:
        """{duplicate record: the record it is merged into}."""
        return {key: o.merge_into for key, o in self.by_id.items() if o.merge_into is not None}


KEYS = {"origin", "based_in", "name", "sort_name", "aliases", "merge_into"}


def parse_overrides(text: str, known: Iterable[int], source: str = "overrides.yaml") -> Overrides:
    """The overrides in ``text``, checked against the constituent ids the data has."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise OverrideError(f"{source}: not valid YAML ({error})") from None
    if not isinstance(data, dict):
        raise OverrideError(f"{source}: expected a map of M+ constituent ids")
    ids = set(known)
    found: dict[int, Override] = {}
    for key, value in data.items():
        where = f"{source}: {key}"
        if not isinstance(key, int) or key not in ids:
            raise OverrideError(f"{where}: no M+ constituent with this id in constituents.csv")
        if not isinstance(value, dict) or not value:
            raise OverrideError(f"{where}: expected a map of {', '.join(sorted(KEYS))}")
        unknown = sorted(set(value) - KEYS)
        if unknown:
            raise OverrideError(
                f"{where}: unknown key '{unknown[0]}': expected one of " + ", ".join(sorted(KEYS))
            )
        found[key] = _override(value, where)
    for key, override in found.items():
        target = override.merge_into
        if target is None:
            continue
        if target not in ids or target == key:
            raise OverrideError(
                f"{source}: {key}: merge_into {target}: no other M+ constituent with this id"
            )
        if found.get(target, Override()).merge_into is not None:
            raise OverrideError(
                f"{source}: {key}: merge_into {target}: merged itself; expected "
                "the record they both duplicate"
            )
    return Overrides(found)


def _override(value: dict, where: str) -> Override:
    origin = value.get("origin")
    if "origin" in value:
        if origin is None:
            origin = UNKNOWN
        elif origin not in ORIGINS:
            raise OverrideError(
                f"{where}: origin '{origin}': expected local, international or null"
            )
    for text_key in ("name", "sort_name"):
        if text_key in value and not isinstance(value[text_key], str):
            raise OverrideError(f"{where}: {text_key}: expected text")
    aliases = value.get("aliases", [])
    if not isinstance(aliases, list) or not all(_bilingual(a) for a in aliases):
        raise OverrideError(f"{where}: aliases: expected a list of {{en, zh}} maps")
    based_in = value.get("based_in")
    if based_in is not None and not _bilingual(based_in):
        raise OverrideError(f"{where}: based_in: expected a map {{en, zh}}")
    merge = value.get("merge_into")
    if merge is not None and not isinstance(merge, int):
        raise OverrideError(f"{where}: merge_into: expected an M+ constituent id")
    return Override(
        origin, based_in, value.get("name"), value.get("sort_name"), tuple(aliases), merge
    )


def _bilingual(value: object) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and set(value) <= {"en", "zh"}
        and all(isinstance(v, str) and v for v in value.values())
    )


def load_overrides(known: Iterable[int], path: Path = OVERRIDES) -> Overrides:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise OverrideError(f"{path}: cannot read the file ({error})") from None
    return parse_overrides(text, known, path.name)

"""Identifiers: the same person, group, place or event in other catalogues (Wikidata, ULAN, VIAF,
ISNI, MusicBrainz), as a field type. Their form is checked by the schema's patterns (so editors'
IDEs check it too); what a pattern cannot say, an ISNI's check character, is checked here. Each
identifier is a link out on the entry's page and a ``sameAs`` of its JSON-LD entity; two entries
with the same identifier are likely one (duplicates.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .fields import Field, Path

ISNI = "isni"


@dataclass(frozen=True)
class Scheme:
    """One catalogue: its key in the map, its identifiers' name, the URL of an identifier."""

    key: str  # "wikidata"
    label: str  # "Wikidata QID": in messages and beside the link
    url: str  # "https://www.wikidata.org/wiki/{id}" (model.py fills in any {entity})
    description: str = ""  # the form expected, "Q and digits, such as Q42" (a msgid)


class Identifiers(Field):
    """A map {scheme: identifier}; numbers are kept as the text they are written as."""

    search = None

    def __init__(self, schemes: tuple[Scheme, ...]):
        self.schemes = schemes

    def normalise(self, value: dict) -> dict[str, str]:
        return {s.key: str(value[s.key]) for s in self.schemes if value.get(s.key) is not None}

    def problems(self, value: dict[str, str], path: Path) -> Iterator[tuple[Path, str]]:
        isni = value.get(ISNI)
        if isni is not None:
            digits = isni.replace(" ", "")
            expected = isni_check_character(digits[:15])
            if digits[15:] != expected:
                yield (
                    (*path, ISNI),
                    f"'{isni}' has a wrong check character: expected {expected} as its last "
                    "character (is a digit mistyped?)",
                )

    def canonical(self, key: str, identifier: str) -> str:
        """The identifier as catalogues write it in URLs: an ISNI without its spaces."""
        return identifier.replace(" ", "") if key == ISNI else identifier

    def links(self, value: dict[str, str] | None) -> list[tuple[Scheme, str, str]]:
        """(scheme, identifier as written, its URL) of each identifier, in the schema's order."""
        return [
            (s, value[s.key], s.url.format(id=self.canonical(s.key, value[s.key])))
            for s in self.schemes
            if value and s.key in value
        ]

    def urls(self, value: dict[str, str] | None) -> list[str]:
        return [url for _, _, url in self.links(value)]

    def json_value(self, value: dict | None, exists: Any) -> dict | None:
        return value

    def csv_columns(self, name: str) -> list[str]:
        return [f"{name}_{s.key}" for s in self.schemes]

    def csv_cells(self, name: str, value: dict | None) -> dict[str, str]:
        return {f"{name}_{s.key}": (value or {}).get(s.key, "") for s in self.schemes}


def isni_check_character(digits: str) -> str:
    """The ISNI's 16th character from its first 15 digits (ISO 7064 MOD 11-2)."""
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)

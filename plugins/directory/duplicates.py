"""Likely duplicates: entries that are probably the same person, group or place.

Names are compared the way search folds them (plugins/search/folding.py): case, accents and
Traditional, Hong Kong and Simplified characters set aside, words in any order, with or without
hyphens and spaces. ``similar`` (for ``make new``) also finds a name that sounds the same in
Cantonese (Jyutping, tones set aside: 王家衛 and 王家偉) and, in Latin letters, one a letter off
('Wong Kar-wei'),
as search's typo matching does. ``duplicate_warnings`` (for ``validate``) reports only what is
near certain: two entries of a type whose entries have identifiers (one thing per entry) with
the same folded name, and two entries, of any type, with the same identifier."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from plugins.search.analysis import segments
from plugins.search.folding import fold
from plugins.search.querying import is_typo

from .diagnostics import Diagnostic
from .identifiers import Identifiers
from .model import Entry
from .romanisation import jyutping

SAME_NAME = "the same name, written another way"
SAME_SOUND = "a name that sounds the same in Cantonese"
ONE_LETTER = "a name one letter off"


@dataclass(frozen=True)
class Match:
    entry: Entry
    name: str  # the entry's name that matched
    reason: str  # SAME_NAME, SAME_SOUND or ONE_LETTER


def names_of(entry: Entry) -> list[str]:
    """An entry's names: its title in every language, then its other names (x-search name)."""
    found = list(entry.title.distinct())
    for prop in entry.entry_type.properties.values():
        if prop.search == "name" and prop.name != entry.entry_type.title_field:
            for item in entry.fields.get(prop.name) or ():
                found += item.distinct()
    return list(dict.fromkeys(found))


def fold_key(name: str) -> str:
    """A name's folded form: its words sorted and run together, then its Chinese."""
    found = segments(fold(name))
    words = sorted(s.text for s in found if s.kind == "w")
    return "".join(words) + "".join(s.text for s in found if s.kind == "c")


def fold_keys(name: str) -> set[str]:
    """A name's folded form, and its words run together in the order written ('wongkarwai')."""
    words = "".join(s.text for s in segments(fold(name)))
    return {fold_key(name), words}


def sound_key(name: str) -> str:
    """A name as it sounds: its Chinese in Jyutping without tones, its words sorted."""
    return "".join(sorted(jyutping(fold(name)).split())) if name else ""


def _reason(name: str, other: str) -> str | None:
    if fold_keys(name) & fold_keys(other):
        return SAME_NAME
    if sound_key(name) == sound_key(other):
        return SAME_SOUND
    if _latin(name) and _latin(other) and is_typo(fold_key(name), fold_key(other)):
        return ONE_LETTER
    return None


def _latin(name: str) -> bool:
    """Whether a name has no Chinese: one character off in a Chinese name of three is another
    name (何兆基, 何兆南), and a mistyped one sounds the same."""
    return not any(s.kind == "c" for s in segments(fold(name)))


def similar(names: Iterable[str], entries: Iterable[Entry]) -> list[Match]:
    """The entries with a name like one of names, each once, in the order given."""
    wanted = [n for n in names if n.strip()]
    found = []
    for entry in entries:
        match = next(
            (
                Match(entry, other, reason)
                for other in names_of(entry)
                for name in wanted
                if (reason := _reason(name, other))
            ),
            None,
        )
        if match:
            found.append(match)
    return found


def duplicate_warnings(entries: Iterable[Entry]) -> list[Diagnostic]:
    """Warnings, one line each, for entries that are likely another one: named the same in a
    type whose entries have identifiers, or sharing an identifier."""
    ordered = sorted(entries, key=lambda e: e.relpath)
    warnings = []
    first_named: dict[tuple[str, str], tuple[Entry, str]] = {}
    first_identified: dict[tuple[str, str], Entry] = {}
    for entry in ordered:
        spec = entry.entry_type
        if spec.identifiers_field is None:
            continue
        for name in names_of(entry):
            key = (spec.name, fold_key(name))
            if key not in first_named:
                first_named[key] = (entry, name)
                continue
            other, other_name = first_named[key]
            if other is not entry:
                warnings.append(
                    Diagnostic(
                        entry.relpath,
                        entry.line(spec.title_field),
                        spec.title_field,
                        f"'{name}' is likely the same {spec.singular} as {other.relpath} "
                        f"('{other_name}'): the names are the same once case, accents, "
                        f"Traditional or Simplified characters and word order are set aside; "
                        f"expected one entry per {spec.singular} (merge them), or ignore this "
                        f"if they are two",
                    )
                )
                break
        name = spec.identifiers_field
        field = spec.properties[name].field
        if not isinstance(field, Identifiers):
            continue
        for scheme, identifier, _ in field.links(entry.fields.get(name)):
            key = (scheme.key, field.canonical(scheme.key, identifier))
            other = first_identified.setdefault(key, entry)
            if other is not entry:
                warnings.append(
                    Diagnostic(
                        entry.relpath,
                        entry.line(name, scheme.key),
                        f"{name}.{scheme.key}",
                        f"{identifier} is also the {scheme.label} of {other.relpath}: likely "
                        f"the same {other.entry_type.singular}; expected each entry's own "
                        f"identifier (merge them if they are one)",
                    )
                )
    return warnings

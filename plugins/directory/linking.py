"""Link stage: resolve slugs between entries, and gather what links back and who worked together."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from .diagnostics import Diagnostic, did_you_mean, field_name
from .fields import Bi, ListOf, Session
from .model import COMMISSION, CREATIVE, ContentModel, Entry


class Ref(NamedTuple):
    """One link from an entry to another, as written in the entry (a tuple: a build makes one
    per link, ~70,000)."""

    source: Entry
    field: str  # top-level field, e.g. "credits"
    target: tuple[str, str]  # (type, slug)
    role: Bi | None = None
    role_class: str | None = None  # the class of its role (role-classes.yaml)
    role_key: str | None = None  # a controlled role's value ("performer"), when it is one


@dataclass
class Collaboration:
    """Two artists who share at least one exhibition, film or work, both in creative roles (or,
    for a commission, one commissioning what the other made)."""

    artist: Entry
    works: list[Entry] = field(default_factory=list)


@dataclass
class Directory:
    model: ContentModel
    entries: dict[tuple[str, str], Entry]
    refs_from: dict[tuple[str, str], list[Ref]]
    refs_to: dict[tuple[str, str], list[Ref]]
    collaborators: dict[tuple[str, str], list[Collaboration]]
    # {maker: the parties who commissioned their work}, {commissioner: the makers}
    commissioned_by: dict[tuple[str, str], list[Collaboration]] = field(default_factory=dict)
    commissioned: dict[tuple[str, str], list[Collaboration]] = field(default_factory=dict)

    def of_type(self, entry_type: str) -> list[Entry]:
        return list(self._by_type.get(entry_type, ()))

    @cached_property
    def _by_type(self) -> dict[str, list[Entry]]:
        """Each type's entries, in the directory's order (its entries do not change)."""
        found: dict[str, list[Entry]] = {}
        for key, entry in self.entries.items():
            found.setdefault(key[0], []).append(entry)
        return found

    @cached_property
    def cited(self) -> list[tuple[tuple, dict, int]]:
        """Each distinct source the entries cite: its key (its name's texts and its licence),
        the source ({name, licence}) as the first entry citing it gives it, and how many
        entries cite it; in the order the entries first cite them. One pass for every page and
        file that counts them (the about page, the open data's README)."""
        counts: dict[tuple, int] = {}
        first: dict[tuple, dict] = {}
        for entry in self.entries.values():
            source = entry.source
            if source:
                key = (*(t or "" for t in source["name"].texts), source.get("licence") or "")
                counts[key] = counts.get(key, 0) + 1
                first.setdefault(key, source)
        return [(key, first[key], count) for key, count in counts.items()]

    def get(self, key) -> Entry | None:
        return self.entries.get(tuple(key))

    def links_by_field(self, entry: Entry) -> dict[str, list[tuple[Entry, Bi | None]]]:
        """The entries an entry links to, by field, with their roles."""
        found: dict = {}
        for ref in self.refs_from.get(entry.key, []):
            found.setdefault(ref.field, []).append((self.entries[ref.target], ref.role))
        return found

    def links(self, entry: Entry, field: str) -> list[tuple[Entry, Bi | None]]:
        """The entries one field of an entry links to, with their roles."""
        return self.links_by_field(entry).get(field, [])

    def places(self, entry: Entry, venue: str | None = None) -> list[Entry]:
        """Where an entry takes place: a session's own venue (its slug) if given and known,
        else the entries its location fields (x-location) link to."""
        spec = entry.entry_type
        sessions = spec.properties[spec.sessions_field].field if spec.sessions_field else None
        if venue and isinstance(sessions, ListOf) and isinstance(sessions.item, Session):
            own = sessions.item.venue
            found = self.entries.get((own.target, venue)) if own else None
            if found is not None:
                return [found]
        places = (e for name in spec.location_fields for e, _ in self.links(entry, name))
        return list(dict.fromkeys(places))  # each once, though two fields may name it


def _refs_in(entry: Entry) -> list:
    """Every reference an entry makes, in the order of its fields."""
    found = entry.derived.get("references")
    if found is None:
        found = entry.derived["references"] = [
            reference
            for name, prop in entry.entry_type.properties.items()
            if name in entry.fields
            for reference in prop.field.references(entry.fields[name], (name,))
        ]
    return found


def check_links(
    entries: list[Entry], known: Collection[tuple[str, str]], model: ContentModel
) -> list[Diagnostic]:
    """A problem for each link to an entry that does not exist, with the closest slugs."""
    slugs_by_type = defaultdict(list)
    for entry_type, slug in sorted(known):
        slugs_by_type[entry_type].append(slug)
    problems = []
    for entry in entries:
        for found in _refs_in(entry):
            path, target = found.path, found.target
            if target not in known:
                hint = did_you_mean(target[1], slugs_by_type[target[0]]) or (
                    f"expected the slug of a file in content/{target[0]}/"
                )
                problems.append(
                    Diagnostic(
                        entry.relpath,
                        entry.line(*path),
                        field_name(path),
                        f"no {model[target[0]].singular} '{target[1]}' in "
                        f"content/{target[0]}/: {hint}",
                    )
                )
    return problems


def link(entries: list[Entry], model: ContentModel) -> Directory:
    """The directory of entries whose links all resolve; links to entries left out are dropped."""
    by_key = {e.key: e for e in entries}
    refs_from: dict = defaultdict(list)
    refs_to: dict = defaultdict(list)
    for entry in entries:
        for found in _refs_in(entry):
            if found.target in by_key:
                ref = Ref(
                    entry,
                    str(found.path[0]),
                    found.target,
                    found.role,
                    found.role_class,
                    found.role_key,
                )
                refs_from[entry.key].append(ref)
                refs_to[found.target].append(ref)
    # creative × creative: collaborators; a commission is shown as one, never as a
    # collaboration: {maker: who commissioned what}, {commissioner: whose work, which}
    collaborators, commissioned_by, commissioned = _pairs(
        entries,
        refs_from,
        model,
        (CREATIVE, CREATIVE),
        (CREATIVE, COMMISSION),
        (COMMISSION, CREATIVE),
    )
    return Directory(
        model,
        by_key,
        dict(refs_from),
        dict(refs_to),
        collaborators,
        commissioned_by,
        commissioned,
    )


def _parties(refs: list[Ref], party: str) -> dict[str | None, list[tuple[str, str]]]:
    """The parties (artists) an entry links to, by the class of their role: each once per
    class, in order."""
    found: dict[str | None, list[tuple[str, str]]] = {}
    for ref in refs:
        if ref.target[0] == party:
            listed = found.setdefault(ref.role_class, [])
            if ref.target not in listed:
                listed.append(ref.target)
    return found


def _pairs(entries, refs_from, model: ContentModel, *classes: tuple[str, str]) -> list[dict]:
    """For each (one, other) of classes: {party in a role of class ``one``: [Collaboration with
    each party in a role of class ``other`` on the same entry, with what they share]}.
    creative × creative: collaborators."""
    party = model.party
    if party is None:
        return [{} for _ in classes]
    shared: list[dict] = [defaultdict(lambda: defaultdict(list)) for _ in classes]
    for entry in entries:
        refs = refs_from.get(entry.key)
        if not refs:
            continue
        parties = _parties(refs, party.name)
        for (one, other), found in zip(classes, shared, strict=True):
            for a in parties.get(one, ()):
                for b in parties.get(other, ()):
                    if a != b:
                        found[a][b].append(entry)
    by_key = {e.key: e for e in entries}
    return [
        {
            artist: [Collaboration(by_key[other], works) for other, works in sorted(others.items())]
            for artist, others in found.items()
        }
        for found in shared
    ]

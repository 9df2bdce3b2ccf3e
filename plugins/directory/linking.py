"""Link stage: resolve slugs between entries, and gather what links back and who worked together."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .diagnostics import Diagnostic, did_you_mean, field_name
from .schema import resolve, type_schema
from .validation import Bi, Entry

SINGULAR = {
    "artists": "artist",
    "exhibitions": "exhibition",
    "films": "film",
    "works": "work",
    "venues": "venue",
}


@dataclass(frozen=True)
class Ref:
    """One link from an entry to another, as written in the entry."""

    source: Entry
    field: str  # top-level field, e.g. "credits"
    target: tuple[str, str]  # (type, slug)
    role: Bi | None = None


@dataclass
class Collaboration:
    """Two artists who share at least one exhibition, film or work."""

    artist: Entry
    works: list[Entry] = field(default_factory=list)


@dataclass
class Directory:
    entries: dict[tuple[str, str], Entry]
    refs_from: dict[tuple[str, str], list[Ref]]
    refs_to: dict[tuple[str, str], list[Ref]]
    collaborators: dict[tuple[str, str], list[Collaboration]]

    def of_type(self, entry_type: str) -> list[Entry]:
        return [e for key, e in self.entries.items() if key[0] == entry_type]

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


def _refs_in(entry: Entry):
    """Every (path, target key, role) an entry links to, found through the schema's x-links-to."""
    schema = type_schema(entry.type).schema["properties"]
    for name, node in schema.items():
        if name in entry.fields:
            yield from _walk(entry.fields[name], node, (name,))


def _walk(value, node, path):
    if value is None:
        return
    target_type = node.get("x-links-to")
    _, target = resolve(node)
    if target_type:
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            item_path = (*path, index) if isinstance(value, list) else path
            if isinstance(item, dict):
                yield (*item_path, "artist"), (target_type, item["artist"]), item.get("role")
            else:
                yield item_path, (target_type, item), None
        return
    if isinstance(value, list) and "items" in target:
        for index, item in enumerate(value):
            yield from _walk(item, target["items"], (*path, index))
    elif isinstance(value, dict) and "properties" in target:
        for key, sub in target["properties"].items():
            yield from _walk(value.get(key), sub, (*path, key))


def check_links(entries: list[Entry], known: set) -> list[Diagnostic]:
    """A problem for each link to an entry that does not exist, with the closest slugs."""
    slugs_by_type = defaultdict(list)
    for entry_type, slug in sorted(known):
        slugs_by_type[entry_type].append(slug)
    problems = []
    for entry in entries:
        for path, target, _ in _refs_in(entry):
            if target not in known:
                hint = did_you_mean(target[1], slugs_by_type[target[0]]) or (
                    f"expected the slug of a file in content/{target[0]}/"
                )
                problems.append(
                    Diagnostic(
                        entry.relpath,
                        entry.line(*path),
                        field_name(path),
                        f"no {SINGULAR[target[0]]} '{target[1]}' in content/{target[0]}/: {hint}",
                    )
                )
    return problems


def link(entries: list[Entry]) -> Directory:
    """The directory of entries whose links all resolve; links to entries left out are dropped."""
    by_key = {e.key: e for e in entries}
    refs_from: dict = defaultdict(list)
    refs_to: dict = defaultdict(list)
    for entry in entries:
        for path, target, role in _refs_in(entry):
            if target in by_key:
                ref = Ref(entry, path[0], target, role)
                refs_from[entry.key].append(ref)
                refs_to[target].append(ref)
    return Directory(by_key, dict(refs_from), dict(refs_to), _collaborators(entries, refs_from))


def _collaborators(entries, refs_from) -> dict:
    """Artists who share an entry (or where one credits the other), with what they share."""
    shared: dict = defaultdict(lambda: defaultdict(list))
    for entry in entries:
        artists = []
        for ref in refs_from.get(entry.key, []):
            if ref.target[0] == "artists" and ref.target not in artists:
                artists.append(ref.target)
        for a in artists:
            for b in artists:
                if a != b:
                    shared[a][b].append(entry)
    by_key = {e.key: e for e in entries}
    return {
        artist: [Collaboration(by_key[other], works) for other, works in sorted(others.items())]
        for artist, others in shared.items()
    }

"""What an import keeps of the entries it wrote before: the events and exhibitions (entries of
the types with dates, x-calendar) whose LCSD records have all left the feed stay as history,
with every entry they link to; their slugs are never given to a new entry. Reads the output
folder; the model says which fields link."""

from __future__ import annotations

from pathlib import Path

import yaml

from importer.lcsd import SOURCE
from plugins.directory.model import ContentModel


def lcsd_owned(output: Path, relpath: str) -> bool:
    """Whether an entry file came from the LCSD feed (its source says so)."""
    data = _read(output / relpath)
    return isinstance(data, dict) and _is_lcsd(data)


def records(data: dict) -> set[int]:
    """The LCSD record ids an entry was made from ('177028' or '175805, 177028')."""
    record = str((data.get("source") or {}).get("record", ""))
    return {int(part) for part in record.split(",") if part.strip().isdigit()}


def history(output: Path, feed: set[int], model: ContentModel) -> set[str]:
    """The entry files kept as history: LCSD events and exhibitions made only of records no
    longer in the feed (feed: the ids of every record in it), and what they link to."""
    kept: set[str] = set()
    for entry_type in model:
        if not entry_type.calendar:
            continue
        for path in sorted((output / entry_type.name).glob("*.yaml")):
            data = _read(path)
            if isinstance(data, dict) and _is_lcsd(data):
                found = records(data)
                if found and not found & feed:
                    kept.add(f"{entry_type.name}/{path.name}")
    pending = list(kept)
    while pending:
        relpath = pending.pop()
        for target in _links(output, relpath, model):
            if target not in kept and (output / target).exists():
                kept.add(target)
                pending.append(target)
    return kept


def reserved(kept: set[str]) -> dict[str, set[str]]:
    """{entry type: slugs} of the entries kept."""
    found: dict[str, set[str]] = {}
    for relpath in kept:
        entry_type, name = relpath.split("/", 1)
        found.setdefault(entry_type, set()).add(name.removesuffix(".yaml"))
    return found


def existing(output: Path, entry_type: str) -> dict[str, dict]:
    """The entries of one type in the output folder, by slug (to match names against)."""
    found = {}
    for path in sorted((output / entry_type).glob("*.yaml")):
        data = _read(path)
        if isinstance(data, dict):
            found[path.stem] = data
    return found


def _links(output: Path, relpath: str, model: ContentModel) -> list[str]:
    entry_type = model[relpath.split("/", 1)[0]]
    data = _read(output / relpath)
    if not isinstance(data, dict):
        return []
    found = []
    for name, prop in entry_type.properties.items():
        if name in data:
            try:
                value = prop.field.normalise(data[name])
                refs = list(prop.field.references(value, (name,)))
            except (KeyError, TypeError, AttributeError, ValueError):
                continue  # a hand edit the schema would refuse: the build says so
            found += [f"{ref.target[0]}/{ref.target[1]}.yaml" for ref in refs]
    return found


def _is_lcsd(data: dict) -> bool:
    source = data.get("source")
    return isinstance(source, dict) and source.get("url") == SOURCE["url"]


def _read(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None

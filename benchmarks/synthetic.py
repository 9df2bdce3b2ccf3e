"""A synthetic corpus of any size made from a real one, for `make bench`.

``synthesise(source, target, size)`` copies real entries (their real names and texts) from a
content folder that builds without problems: each entry type gets its share of ``size`` in
proportion to its share of the source, the entries of a type taken in a fixed pseudo-random order
(by a hash of their type and slug, so the same source and size give the same files). Above the
source's size, entries are copied again with suffixed slugs (``wong-kar-wai-copy1``).

Every reference is re-pointed inside the new set, found where the content model says it is (each
field's ``references()``, with its path inside the entry): to the same copy of its target when
that copy is in the set, else to the target itself, else to a stand-in of the target's type
chosen by a hash of the target, so that two entries that shared a target still share one; the
stand-in is never the entry itself nor an entry it already links to, where there is a choice.

``edit_description`` makes the benchmark's one change to an entry: a sentence added to its long
text (the type's x-body) in one language.
"""

from __future__ import annotations

import copy
import hashlib
import shutil
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from plugins.directory.fields import Bi
from plugins.directory.linking import Directory, _refs_in
from plugins.directory.loading import IMAGES_FOLDER, parse_yaml
from plugins.directory.model import ContentModel, EntryType, load_model
from plugins.directory.pipeline import Result, link_entries, load_entries, validate_entries

try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # PyYAML without libyaml
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

Key = tuple[str, str]
COPY_SUFFIX = "copy"  # copies above the source's size: <slug>-copy1, <slug>-copy2, ...
EDIT = " (Edited for the benchmark.)"


class CorpusError(Exception):
    """The source cannot be used: it has problems, or is empty."""


@dataclass
class Corpus:
    """What synthesise wrote."""

    entries: dict[str, int] = field(default_factory=dict)  # type -> entries written
    references: int = 0
    repointed: int = 0  # references whose target is not in the set, given a stand-in


def read_corpus(content: Path, model: ContentModel | None = None) -> tuple[Result, dict]:
    """A content folder through the build's own load, validate and link stages:
    (the result, {key: the entry's raw data as written})."""
    model = model or load_model()
    content = Path(content).resolve()
    loaded = load_entries(content, model, None)
    raws = {(raw.type, raw.slug): raw.data for raw in loaded.raws}
    return link_entries(validate_entries(loaded, model, image_copies=False), model), raws


def synthesise(source: Path, target: Path, size: int, model: ContentModel | None = None) -> Corpus:
    """Write a corpus of ``size`` entries made from ``source`` into ``target`` (a new folder)."""
    model = model or load_model()
    result, raws = read_corpus(source, model)
    if result.problems:
        raise CorpusError(
            f"{source}: {len(result.problems)} problem(s), expected none; the first: "
            f"{result.problems[0]}"
        )
    directory = result.directory
    by_type: dict[str, list[str]] = {t.name: [] for t in model}
    for entry_type, slug in directory.entries:
        by_type[entry_type].append(slug)
    if not directory.entries:
        raise CorpusError(f"{source}: no entries to copy")
    quotas = _quotas({name: len(slugs) for name, slugs in by_type.items()}, size)

    slots: dict[tuple[str, str, int], str] = {}  # (type, source slug, copy) -> slug written
    pools: dict[str, list[str]] = {}  # type -> the slugs written, in order
    for name, quota in quotas.items():
        ordered = sorted(by_type[name], key=partial(_rank, name))
        taken = set(ordered)
        pools[name] = []
        for index in range(quota):
            slug, round_ = ordered[index % len(ordered)], index // len(ordered)
            written = slug
            if round_:
                written = f"{slug}-{COPY_SUFFIX}{round_}"
                while written in taken:
                    written = f"{written}-{round_}"
            taken.add(written)
            slots[name, slug, round_] = written
            pools[name].append(written)

    target.mkdir(parents=True)
    corpus = Corpus(entries={name: quota for name, quota in quotas.items() if quota})
    for (name, slug, round_), written in slots.items():
        entry = directory.entries[name, slug]
        data = copy.deepcopy(raws[name, slug])
        linked: set[Key] = set()
        for ref in _refs_in(entry):
            new, stand_in = _repoint(ref.target, round_, (name, written), slots, pools, linked)
            corpus.references += 1
            corpus.repointed += stand_in
            linked.add((ref.target[0], new))
            _replace(data, ref.path, ref.target[1], new)
        folder = target / name
        folder.mkdir(exist_ok=True)
        (folder / f"{written}.yaml").write_text(dump(data), encoding="utf-8")
    images = Path(source) / IMAGES_FOLDER
    if images.is_dir():
        shutil.copytree(images, target / IMAGES_FOLDER, symlinks=True)
    return corpus


def _quotas(sizes: dict[str, int], size: int) -> dict[str, int]:
    """size shared among the types in proportion to their sizes (largest remainders first,
    then the model's order); every type that has entries gets at least one, when size allows."""
    total = sum(sizes.values())
    present = [name for name, n in sizes.items() if n]
    exact = {name: size * sizes[name] / total for name in present}
    quotas = {name: int(share) for name, share in exact.items()}
    if size >= len(present):
        quotas = {name: max(1, n) for name, n in quotas.items()}
    remainders = {name: exact[name] - int(exact[name]) for name in present}
    order = sorted(present, key=lambda name: (-remainders[name], present.index(name)))
    index = 0
    while sum(quotas.values()) < size:
        quotas[order[index % len(order)]] += 1
        index += 1
    while sum(quotas.values()) > size:  # the minimum of one took more than there was
        largest = max(present, key=lambda name: (quotas[name], -present.index(name)))
        quotas[largest] -= 1
    return {name: quotas.get(name, 0) for name in sizes}


def _rank(entry_type: str, slug: str) -> int:
    """A fixed pseudo-random number for an entry: the order entries are taken in."""
    found = hashlib.blake2b(f"{entry_type}/{slug}".encode(), digest_size=8).digest()
    return int.from_bytes(found, "big")


def _repoint(
    target: Key,
    round_: int,
    source: Key,
    slots: dict[tuple[str, str, int], str],
    pools: dict[str, list[str]],
    linked: set[Key],
) -> tuple[str, bool]:
    """The slug a reference to target, from copy round_ of an entry, points to in the new set,
    and whether it is a stand-in (the target is not in the set)."""
    entry_type, slug = target
    for candidate in (round_, 0):
        if (entry_type, slug, candidate) in slots:
            return slots[entry_type, slug, candidate], False
    pool = pools[entry_type]
    if not pool:
        raise CorpusError(f"no entry of {entry_type} in the corpus for links to {slug}")
    start = _rank(*target) % len(pool)
    for step in range(len(pool)):
        found = pool[(start + step) % len(pool)]
        if (entry_type, found) != source and (entry_type, found) not in linked:
            return found, True
    return pool[start], True


def _replace(data: Any, path: tuple, old: str, new: str) -> None:
    """Put new where the reference at path (in the normalised entry) is in the data as written,
    which may be shorter: a credit written as a bare slug is normalised to a map."""
    parent: Any = None
    key: Any = None
    node = data
    for step in path:
        inside = (
            step in node
            if isinstance(node, dict)
            else isinstance(node, list) and isinstance(step, int) and step < len(node)
        )
        if not inside:
            break
        parent, key, node = node, step, node[step]
    if parent is None or str(node) != old:
        raise CorpusError(f"no reference to {old!r} at {path} in {data!r}")
    parent[key] = new


def dump(data: dict) -> str:
    """An entry's data as a YAML file the build reads back the same (the dumper quotes every
    text the loader would read as something else)."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def most_collaborators(directory: Directory) -> Key | None:
    """The party (x-party) with the most collaborators among those with a long text in the
    first language, the first by type and slug among equals: the entry the benchmark edits,
    whose change reaches the most other pages."""
    languages = directory.model.languages
    candidates = [
        (len(directory.collaborators.get(key, [])), key)
        for key, entry in directory.entries.items()
        if entry.entry_type.party and _text(entry.body, languages[0])
    ]
    if not candidates:
        return None
    most = max(n for n, _ in candidates)
    return min(key for n, key in candidates if n == most)


def _text(body: Bi | None, language: str) -> str:
    return (body.get(language) if body else None) or ""


def edit_description(path: Path, entry_type: EntryType, language: str, text: str = EDIT) -> None:
    """Add text to the long text (x-body) of the entry in the YAML file at path, in one
    language; the file is written again from its data."""
    name = entry_type.body_field
    data, _, problems = parse_yaml(str(path), path.read_text(encoding="utf-8"), name)
    if data is None or problems:
        raise CorpusError(f"{path}: cannot be read back: {problems[0] if problems else ''}")
    body = data.get(name)
    if isinstance(body, dict):
        body[language] = (body.get(language) or "") + text
    else:
        data[name] = (body or "") + text
    path.write_text(dump(data), encoding="utf-8")

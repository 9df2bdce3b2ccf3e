"""Export stage: each entry's Record and postings (records.py) -> the static files search.js
fetches, a few at a time:

    search/manifest.json     fetched afresh by every visit: entries, types, constants, and the
                             version of every bucket of the files below (see Versions)
    search/t/<key>.json      term shards: {term: [field, postings, field, postings, ...]}
    search/r/<id>.json       one per entry: type, names in every language, excerpt, facets
    search/v/<key>.json      name words as written, by typo key (typo_keys), for typos
    search/facets.json       entry ids by origin and discipline, for the filters
    search/fold.json         the Chinese folding map, for the characters the index holds

Entry ids follow the site's order (by type, then slug): each type is one range of ids. Postings
are flat lists of numbers: id gap and impact, and for CJK bigrams the number of positions and
their gaps (for the phrase check). Latin terms are sharded by their first LATIN_KEY characters,
CJK terms by their first character, and a character whose bigrams weigh more than SPLIT_BYTES
gets one shard per bigram (listed in the manifest's "split"). The terms of one key are a group
(records.group_of): a group's files depend on its own postings only.

Versions. File names are stable, so that a change rewrites only the files it changes and the
files it does not change stay cached. So that a browser or a CDN never mixes files of two
versions, search.js fetches each file with ``?v=`` and its bucket's version from the manifest:
files are spread over BUCKETS buckets by the CRC-32 of their path below search/, and a bucket's
version (VERSION_CHARS base64url characters of the XOR of a hash of each of its files' path and
content, which a change updates without reading the other files) changes with any of its files.

Rebuilds. What one build exported is kept for the next build into the same output (Exported, in
the build's memo): every file with its fingerprint and bytes, each group's postings and each
entry's own. Nothing changed: the same files are listed. Entries changed in place: each one's
postings are compared with its last ones, and only the terms whose postings differ are exported
again, and only their groups' files made again (an entry analysed again because an entry it
links to changed usually has the same postings, and changes no term); with their result files,
the vocabulary files of the name words that came or went, the facets and the type ranges when
the changed entries' traits changed (kept by id: their types, name words and facet values),
the folding map when the groups' characters changed, and the manifest. The BM25 statistics
that any edit would change for every term are frozen (scoring.py), so an edit changes the files
of its own terms only. An entry added, removed or renamed shifts the ids of the entries after
it, which changes nearly every file: every group is exported again, from the postings kept
(only new and changed entries are analysed). Either way the files are byte for byte those of a
clean build (tests/search/test_export.py)."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import marshal
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from plugins.directory.incremental import Output, digest

from .analysis import is_cjk
from .documents import FIELDS
from .folding import han_map
from .querying import FUZZY_MIN, PREFIX_MIN, TYPO_ANYWHERE
from .records import LATIN_KEY, Postings, Record, positioned
from .scoring import field_stats, impact

FOLDER = "search"
# A first character whose bigrams weigh more than this (JSON bytes) gets one shard per bigram.
SPLIT_BYTES = 4096
BUCKETS = 512
VERSION_CHARS = 4  # base64url characters: 24 bits of each bucket's version
_PLAIN_KEY = re.compile(r"[a-z0-9]+")
# A group's postings: (term, field index) -> ([id, tf, length, *positions, id, ...], ids
# ascending; and the term's list as exported: id gap, impact, [positions]), for each of its keys.
GroupPostings = dict[tuple[str, int], tuple[list[int], list[int]]]
# What the files of all entries (vocabulary, facets, manifest) take from one: its type, its
# name words and its facets' values (Record.type, .words, .facets).
Traits = tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...]]


@dataclass
class Exported:
    """What one build exported, for the next build into the same output to start from."""

    entries: list[tuple[str, bytes]] = field(default_factory=list)  # (key, Record digest), by id
    postings: list[bytes] = field(default_factory=list)  # each entry's postings by group, packed
    groups: dict[str, bytes] = field(default_factory=dict)  # group -> GroupPostings, packed
    group_files: dict[str, tuple[str, ...]] = field(default_factory=dict)
    group_chars: dict[str, str] = field(default_factory=dict)  # CJK group -> its terms' chars
    split: set[str] = field(default_factory=set)
    words: dict[str, int] = field(default_factory=dict)  # name word -> entries with it
    traits: list[Traits] = field(default_factory=list)  # each entry's, by id
    types: dict[str, list[int]] = field(default_factory=dict)  # type -> its ids' range
    files: dict[str, Output] = field(default_factory=dict)  # path -> its fingerprint and bytes
    buckets: list[int] = field(default_factory=lambda: [0] * BUCKETS)  # XOR of file hashes

    def copy(self) -> Exported:
        return Exported(
            list(self.entries),
            list(self.postings),
            dict(self.groups),
            dict(self.group_files),
            dict(self.group_chars),
            set(self.split),
            dict(self.words),
            list(self.traits),
            dict(self.types),
            dict(self.files),
            list(self.buckets),
        )


@dataclass(frozen=True)
class Export:
    files: dict[str, Output]  # path below the output -> the file (the state's: not to change)
    changed: int  # files whose fingerprint differs from the last build's (all when cold)
    state: Exported


def export(
    records: Sequence[Record],
    type_names: Sequence[str],
    facet_names: Sequence[str],
    previous: Exported | None,
    postings: Callable[[int], dict[str, Postings]],
) -> Export:
    """The files of the export of records (in the site's order), starting from the previous
    build's export when there is one. postings(id) are an entry's postings by group."""
    entries = [(r.key, r.digest) for r in records]
    if previous is not None and previous.entries == entries:
        return Export(previous.files, 0, previous)
    state = previous.copy() if previous else Exported()
    fresh: dict[str, bytes] = {}
    shards = _Shards(len(records))
    was = state.entries
    remade = [i for i, entry in enumerate(entries) if i >= len(was) or was[i] != entry]
    # In place: no entry of the last export is found again under another id.
    in_place = (
        previous is not None
        and len(was) == len(entries)
        and not {was[i] for i in remade} & {entries[i] for i in remade}
    )
    if in_place:
        _patch(state, remade, postings, shards, fresh)
    else:
        _renumber(state, entries, postings, shards, fresh)
    for i in remade:
        fresh[f"{FOLDER}/r/{i}.json"] = records[i].result
    for i in range(len(entries), len(was)):
        _forget(state, f"{FOLDER}/r/{i}.json")
    state.entries = entries
    moved, refaceted, retyped = _update_traits(state, records, remade if in_place else None)
    _vocabulary_files(state, moved, fresh)
    if refaceted:
        fresh[f"{FOLDER}/facets.json"] = json_bytes(_facets(state.traits, facet_names))
    if retyped:
        state.types = _type_ranges(state.traits, type_names)
    if previous is None or state.group_chars != previous.group_chars:
        fresh[f"{FOLDER}/fold.json"] = _fold_map(state.group_chars.values())
    changed = sum(_fingerprint(state, path, data) for path, data in fresh.items())
    changed += _manifest(state)
    return Export(state.files, changed, state)


def _patch(
    state: Exported,
    remade: list[int],
    postings: Callable[[int], dict[str, Postings]],
    shards: _Shards,
    fresh: dict[str, bytes],
) -> None:
    """Entries changed in place (remade: their ids; no id shifted): only the terms whose
    postings of a changed entry differ from its last ones are exported again, and only their
    groups stored again."""
    changes: dict[str, dict[tuple[str, int], dict[int, list[int] | None]]] = defaultdict(dict)
    for i in remade:
        before, after = _unpacked(state.postings[i]), postings(i)
        state.postings[i] = _packed(after)
        for group in before.keys() | after.keys():
            had, has = before.get(group, {}), after.get(group, {})
            for key in had.keys() | has.keys():
                if had.get(key) != has.get(key):
                    changes[group].setdefault(key, {})[i] = has.get(key)
    for group in sorted(changes):
        packed = state.groups.get(group)
        found: GroupPostings = _unpacked(packed) if packed else {}
        for key, by_id in changes[group].items():
            items = (
                [(d, p) for d, p in _split(key, found[key][0]) if d not in by_id]
                if key in found
                else []
            )
            items += [(d, p) for d, p in by_id.items() if p is not None]
            if items:
                found[key] = shards.exported(key, items)
            else:
                del found[key]
        _replace_group(state, group, {key: found[key] for key in sorted(found)}, fresh)


def _renumber(
    state: Exported,
    entries: list[tuple[str, bytes]],
    postings: Callable[[int], dict[str, Postings]],
    shards: _Shards,
    fresh: dict[str, bytes],
) -> None:
    """Entries added or removed, or moved (or no export before): ids shifted, and with them
    the number of entries (idf), so every group is exported again, from the postings kept with
    the entries' new ids and those of the entries added."""
    before = {e: i for i, e in enumerate(state.entries)}
    renumbered: dict[int, int] = {}
    additions: dict[str, dict[tuple[str, int], list]] = defaultdict(dict)
    kept_postings = state.postings
    state.postings = []
    for i, entry in enumerate(entries):
        old = before.get(entry)
        if old is not None:
            renumbered[old] = i
            state.postings.append(kept_postings[old])
            continue
        own = postings(i)
        state.postings.append(_packed(own))
        for group, posted in own.items():
            into = additions[group]
            for key, posting in posted.items():
                if key in into:
                    into[key].append((i, posting))
                else:
                    into[key] = [(i, posting)]
    for group in sorted(state.groups.keys() | additions.keys()):
        packed = state.groups.get(group)
        added = additions.get(group, {})
        found: GroupPostings = {}
        for key, (flat, _) in (_unpacked(packed) if packed else {}).items():
            items = [(renumbered[d], p) for d, p in _split(key, flat) if d in renumbered]
            items += added.get(key, ())
            if items:
                found[key] = shards.exported(key, items)
        for key, items in added.items():
            if key not in found:
                found[key] = shards.exported(key, items)
        _replace_group(state, group, {key: found[key] for key in sorted(found)}, fresh)


def _split(key: tuple[str, int], flat: list[int]) -> Iterator[tuple[int, list[int]]]:
    """(id, [tf, length, *positions]) of each entry in a packed posting list."""
    with_positions = positioned(FIELDS[key[1]], key[0])
    i = 0
    while i < len(flat):
        end = i + 3 + (flat[i + 1] if with_positions else 0)
        yield flat[i], flat[i + 1 : end]
        i = end


def _packed(value: GroupPostings | dict[str, Postings]) -> bytes:
    return zlib.compress(marshal.dumps(value), 1)


def _unpacked(data: bytes) -> Any:
    return marshal.loads(zlib.decompress(data))


class _Shards:
    """Makes a group's shard files, with each impact computed once per export."""

    def __init__(self, docs: int):
        self.stats = [field_stats(docs)[name] for name in FIELDS]
        self.impacts: dict[tuple[int, int, int, int], int] = {}

    def impact(self, index: int, tf: int, length: int, df: int) -> int:
        key = (index, tf, length, df)
        found = self.impacts.get(key)
        if found is None:
            found = self.impacts[key] = impact(FIELDS[index], tf, length, self.stats[index], df)
        return found

    def exported(self, key: tuple[str, int], items: list[tuple[int, list[int]]]):
        """A term's postings, (id, [tf, length, *positions]) in any order: flat, and as
        exported."""
        flat: list[int] = []
        out: list[int] = []
        previous = 0
        df = len(items)
        for doc, posting in sorted(items):
            flat.append(doc)
            flat += posting
            tf, length, *positions = posting
            out += [doc - previous, self.impact(key[1], tf, length, df)]
            previous = doc
            if positions:
                out.append(len(positions))
                out += _gaps(positions)
        return flat, out


def _shard_files(group: str, postings: GroupPostings) -> tuple[dict[str, bytes], bool]:
    """The shard files of one group, {path: content}, and whether its bigrams are split."""
    terms: dict[str, list] = {}
    for (term, index), (_, out) in postings.items():
        if term in terms:
            terms[term] += (index, out)
        else:
            terms[term] = [index, out]
    split = False
    if is_cjk(group[0]):
        bigrams = [t for t in terms if len(t) == 2]
        split = sum(len(json_bytes(terms[t])) for t in bigrams) > SPLIT_BYTES
    shards: dict[str, dict[str, list]] = defaultdict(dict)
    for term, data in terms.items():
        shards[term if split and len(term) == 2 else group][term] = data
    files = {f"{FOLDER}/t/{file_key(k)}.json": json_bytes(s) for k, s in shards.items()}
    return files, split


def _replace_group(state: Exported, group: str, postings: GroupPostings, fresh: dict) -> None:
    """Export one group's shards again (none when it has no postings left), and keep its
    postings for the next build."""
    files_before = state.group_files.pop(group, ())
    state.groups.pop(group, None)
    state.group_chars.pop(group, None)
    state.split.discard(group)
    if postings:
        state.groups[group] = _packed(postings)
        files, split = _shard_files(group, postings)
        state.group_files[group] = tuple(files)
        fresh.update(files)
        if split:
            state.split.add(group)
        if is_cjk(group[0]):
            state.group_chars[group] = "".join(sorted({c for term, _ in postings for c in term}))
    for path in set(files_before) - set(state.group_files.get(group, ())):
        _forget(state, path)


def _update_traits(
    state: Exported, records: Sequence[Record], remade: list[int] | None
) -> tuple[set[str], bool, bool]:
    """Bring each entry's traits and the name words' counts up to date: those of the entries
    remade only, when entries changed in place (remade; most edits change no trait), else all.
    The name words that came or went; whether facets changed; whether types did."""
    if remade is None:
        state.traits = [(r.type, r.words, r.facets) for r in records]
        words = Counter(itertools.chain.from_iterable(w for _, w, _ in state.traits))
        moved = set(words) ^ set(state.words)
        state.words = dict(words)
        return moved, True, True
    before = {i: state.traits[i] for i in remade}
    for i in remade:
        state.traits[i] = (records[i].type, records[i].words, records[i].facets)
    step = Counter(itertools.chain.from_iterable(w for _, w, _ in before.values()))
    step.subtract(itertools.chain.from_iterable(state.traits[i][1] for i in remade))
    moved = set()
    for word, fewer in step.items():
        if fewer:
            had = word in state.words
            count = state.words.get(word, 0) - fewer
            if count:
                state.words[word] = count
            else:
                del state.words[word]
            if had != bool(count):
                moved.add(word)
    refaceted = any(before[i][2] != state.traits[i][2] for i in remade)
    retyped = any(before[i][0] != state.traits[i][0] for i in remade)
    return moved, refaceted, retyped


def _vocabulary_files(state: Exported, moved: set[str], fresh: dict) -> None:
    """The vocabulary files of the name words that came or went (all of them when cold)."""
    if not moved:
        return
    vocabulary = _vocabulary(state.words)
    for key in sorted({k for w in moved for k in typo_keys(w)}):
        path = f"{FOLDER}/v/{file_key(key)}.json"
        if key in vocabulary:
            fresh[path] = json_bytes(vocabulary[key])
        elif path in state.files:
            _forget(state, path)


def _vocabulary(words: Iterable[str]) -> dict[str, list[str]]:
    """The vocabulary files: typo key -> the name words filed under it."""
    vocabulary: dict[str, list[str]] = defaultdict(list)
    for word in words:
        if len(word) >= FUZZY_MIN:
            for key in typo_keys(word):
                vocabulary[key].append(word)
    return {key: sorted(vocabulary[key]) for key in sorted(vocabulary)}


def _fold_map(group_chars: Iterable[str]) -> bytes:
    chars = set("".join(group_chars))
    table = {k: v for k, v in sorted(han_map().items()) if v in chars}
    return json_bytes({"from": "".join(table), "to": "".join(table.values())})


def _manifest(state: Exported) -> bool:
    """Export the manifest; whether it changed."""
    manifest = {
        "docs": len(state.entries),
        "types": state.types,
        "fields": list(FIELDS),
        "split": "".join(sorted(state.split)),
        "prefixMin": PREFIX_MIN,
        "fuzzyMin": FUZZY_MIN,
        "typoAnywhere": TYPO_ANYWHERE,
        "latinKey": LATIN_KEY,
        "buckets": BUCKETS,
        "versionChars": VERSION_CHARS,
        "versions": "".join(_version(v) for v in state.buckets),
    }
    data = json_bytes(manifest)
    path = f"{FOLDER}/manifest.json"
    fingerprint = digest(data)
    if path in state.files and state.files[path].fingerprint == fingerprint:
        return False
    # Not in a bucket: search.js fetches the manifest afresh, without a version.
    state.files[path] = Output(fingerprint, partial(bytes, data))
    return True


def bucket(path: str) -> int:
    """The bucket of a file, by its path below search/ ("t/won.json"), as search.js says."""
    return zlib.crc32(path.encode("utf-8")) % BUCKETS


def _file_hash(path: str, fingerprint: bytes) -> int:
    data = hashlib.blake2b(path.encode("utf-8") + b"\0" + fingerprint, digest_size=8).digest()
    return int.from_bytes(data, "big")


def _fingerprint(state: Exported, path: str, data: bytes) -> bool:
    """Keep a file made by this export, and update its bucket's version; whether its
    fingerprint is new."""
    fingerprint = digest(data)
    old = state.files.get(path)
    if old is not None and old.fingerprint == fingerprint:
        return False
    b = bucket(path[len(FOLDER) + 1 :])
    if old is not None:
        state.buckets[b] ^= _file_hash(path, old.fingerprint)
    state.buckets[b] ^= _file_hash(path, fingerprint)
    state.files[path] = Output(fingerprint, partial(bytes, data))
    return True


def _forget(state: Exported, path: str) -> None:
    """A file the export no longer has: out of its bucket's version."""
    old = state.files.pop(path)
    state.buckets[bucket(path[len(FOLDER) + 1 :])] ^= _file_hash(path, old.fingerprint)


def _version(value: int) -> str:
    data = (value & 0xFFFFFF).to_bytes(3, "big")
    return base64.urlsafe_b64encode(data).decode("ascii")[:VERSION_CHARS]


def shard_key(term: str, split: set[str]) -> str:
    if is_cjk(term[0]):
        return term if len(term) == 2 and term[0] in split else term[0]
    return term[:LATIN_KEY]


def typo_keys(word: str) -> set[str]:
    """The vocabulary files a name word is in, and those a typed word looks in: the first two
    characters left after deleting one of its first three. A word and its typo always share one:
    deleting the extra letter from the longer of the two, the wrong letter from both, or one of
    two swapped letters from each leaves the same text, whose first two characters are a key of
    each (deleting a later character, or none, leaves a word's first two). Both words have
    FUZZY_MIN characters or more."""
    return {(word[:i] + word[i + 1 :])[:2] for i in range(3)}


def file_key(key: str) -> str:
    """A shard key as a file name: itself when plain ASCII, else its code points in hex."""
    return key if _PLAIN_KEY.fullmatch(key) else "-".join(f"{ord(c):x}" for c in key)


def _facets(traits: Sequence[Traits], names: Sequence[str]) -> dict:
    facets: dict = {name: defaultdict(list) for name in names}
    for i, (_, _, own) in enumerate(traits):
        for values, found in zip(facets.values(), own, strict=True):
            for value in found:
                values[value].append(i)
    return {
        name: {v: _gaps(ids) for v, ids in sorted(values.items())}
        for name, values in facets.items()
    }


def _gaps(ids: Iterable[int]) -> list[int]:
    return [b - a for a, b in itertools.pairwise([0, *ids])]


def _type_ranges(traits: Sequence[Traits], type_names: Sequence[str]) -> dict[str, list[int]]:
    """Each type's range of ids [first, last + 1) ([0, 0] when it has no entry): the entries
    are in the site's order, by type."""
    ranges = {name: [0, 0] for name in type_names}
    current = None
    for i, (kind, _, _) in enumerate(traits):
        if kind != current:
            current = kind
            ranges[current] = [i, i]
        ranges[current][1] = i + 1
    return ranges


def json_bytes(value) -> bytes:
    """The JSON of every exported file: compact, keys sorted, UTF-8."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()

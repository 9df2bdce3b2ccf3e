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
the build's memo): each file's fingerprint, each group's postings and each entry's own, not the
files' bytes (a file that is not made again is made again from the state, when the build asks
for it: when what the output holds is not known). Nothing changed: the same files are listed.
Entries changed in place: each one's postings are compared with its last ones, and only the
terms whose postings differ are exported again, and only their groups' files made again (an
entry analysed again because an entry it links to changed usually has the same postings, and
changes no term); with their result files, the vocabulary files of the name words that came or
went, the facets and the type ranges when the changed entries' traits changed (kept by id: their
types, name words and facet values), the folding map when the groups' characters changed, and
the manifest. The BM25 statistics that any edit would change for every term are frozen
(scoring.py), so an edit changes the files of its own terms only. An entry added, removed or
renamed shifts the ids of the entries after it, which changes nearly every file: every group is
exported again, from the postings kept (only new and changed entries are analysed). Either way
the files are byte for byte those of a clean build (tests/search/test_export.py). The state is
stored in pieces, of which a build stores again only those it changed (Exported.stored): after
an edit in place, the chunk of CHUNK entries holding the entry, the pieces of the groups and the
buckets of the files it changed, and a head naming every piece; never the whole state."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import marshal
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from plugins.directory.incremental import Outputs, digest

from .analysis import FUZZY_MIN, PREFIX_MIN, TYPO_ANYWHERE, is_cjk
from .documents import FIELDS
from .folding import han_map
from .records import LATIN_KEY, Postings, Record, positioned
from .scoring import field_stats, impact

FOLDER = "search"
MANIFEST = f"{FOLDER}/manifest.json"
FACETS = f"{FOLDER}/facets.json"
FOLD = f"{FOLDER}/fold.json"
# A first character whose bigrams weigh more than this (JSON bytes) gets one shard per bigram.
SPLIT_BYTES = 4096
BUCKETS = 512
VERSION_CHARS = 4  # base64url characters: 24 bits of each bucket's version
# The state is stored in pieces (Exported.stored), so that a build stores again only those its
# changes touched: the entries' by CHUNK ids, the groups' and the name words' by the CRC-32 of
# the group or word, the files' fingerprints by the bucket of the file.
CHUNK = 64
GROUP_PIECES = 1024
WORD_PIECES = 32
_PLAIN_KEY = re.compile(r"[a-z0-9]+")
# A group's postings: (term, field index) -> ([id, tf, length, *positions, id, ...], ids
# ascending; and the term's list as exported: id gap, impact, [positions]), for each of its keys.
GroupPostings = dict[tuple[str, int], tuple[list[int], list[int]]]
# What the files of all entries (vocabulary, facets, manifest) take from one: its type, its
# name words and its facets' values (Record.type, .words, .facets).
Traits = tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...]]
# What the state keeps of a group: its GroupPostings, packed; its files; its terms' characters
# when it is a CJK group (for the folding map), else "".
Group = tuple[bytes, tuple[str, ...], str]
V = TypeVar("V")


class _Pieces(Generic[V]):
    """A dict by name kept in a fixed number of pieces, the name's by where(name). A copy shares
    the pieces of the one it copies until it changes one, which it copies first; touched: the
    pieces it changed."""

    def __init__(self, where: Callable[[str], int], pieces: list[dict[str, V]]):
        self.where = where
        self.pieces = pieces
        self.touched: set[int] = set()

    def copy(self) -> _Pieces[V]:
        return _Pieces(self.where, list(self.pieces))

    def get(self, name: str) -> V | None:
        return self.pieces[self.where(name)].get(name)

    def __setitem__(self, name: str, value: V) -> None:
        """Keep value under name: a value equal to the one kept changes no piece."""
        number = self.where(name)
        piece = self.pieces[number]
        if name not in piece or piece[name] != value:
            self._own(number)[name] = value

    def pop(self, name: str) -> V:
        return self._own(self.where(name)).pop(name)

    def items(self) -> Iterator[tuple[str, V]]:
        for piece in self.pieces:
            yield from piece.items()

    def names(self) -> set[str]:
        return {name for piece in self.pieces for name in piece}

    def _own(self, number: int) -> dict[str, V]:
        if number not in self.touched:
            self.touched.add(number)
            self.pieces[number] = dict(self.pieces[number])
        return self.pieces[number]


def _pieces(where: Callable[[str], int], count: int) -> Callable[[], _Pieces]:
    return lambda: _Pieces(where, [{} for _ in range(count)])


def _group_piece(group: str) -> int:
    return zlib.crc32(group.encode("utf-8")) % GROUP_PIECES


def _word_piece(word: str) -> int:
    return zlib.crc32(word.encode("utf-8")) % WORD_PIECES


def _file_bucket(path: str) -> int:
    """The bucket of a file, by its path below the output ("search/t/won.json")."""
    return bucket(path[len(FOLDER) + 1 :])


@dataclass
class Exported:
    """What one build exported, for the next build into the same output to start from: stored
    in pieces (stored), found again by their names (read)."""

    entries: list[tuple[str, bytes]] = field(default_factory=list)  # (key, Record digest), by id
    postings: list[bytes] = field(default_factory=list)  # each entry's postings by group, packed
    traits: list[bytes] = field(default_factory=list)  # each entry's Traits, packed
    groups: _Pieces[Group] = field(default_factory=_pieces(_group_piece, GROUP_PIECES))
    split: set[str] = field(default_factory=set)
    words: _Pieces[int] = field(default_factory=_pieces(_word_piece, WORD_PIECES))  # -> entries
    types: dict[str, list[int]] = field(default_factory=dict)  # type -> its ids' range
    files: _Pieces[bytes] = field(default_factory=_pieces(_file_bucket, BUCKETS))  # -> fingerprint
    manifest: bytes = b""  # the manifest's fingerprint (it is in no bucket)
    buckets: list[int] = field(default_factory=lambda: [0] * BUCKETS)  # XOR of file hashes
    # The build that stored the head this state was read from, and each piece, by kind
    # (stored); the chunks of CHUNK ids whose entries changed since.
    generation: int = 0
    generations: dict[str, list[int]] = field(default_factory=dict)
    chunks: set[int] = field(default_factory=set)

    def copy(self) -> Exported:
        return replace(
            self,
            entries=list(self.entries),
            postings=list(self.postings),
            traits=list(self.traits),
            groups=self.groups.copy(),
            split=set(self.split),
            words=self.words.copy(),
            types=dict(self.types),
            files=self.files.copy(),
            buckets=list(self.buckets),
            chunks=set(),
        )

    def stored(self) -> dict[tuple, Any]:
        """What to store for the next build, by key: the pieces that changed since read() (all
        of them the first time), each under a key naming the build that stores it, and the
        head, which names every piece; nothing when nothing changed. So a store that kept some
        pieces of one build and not its head (a save cut short) never mixes them into the state
        of another: read() finds every piece its head names, or returns None."""
        generation = self.generation + 1
        kinds: dict[str, tuple[int, set[int], Callable[[int], Any]]] = {
            "entries": (math.ceil(len(self.entries) / CHUNK), self.chunks, self._chunk),
            "groups": (GROUP_PIECES, self.groups.touched, self.groups.pieces.__getitem__),
            "words": (WORD_PIECES, self.words.touched, self.words.pieces.__getitem__),
            "files": (BUCKETS, self.files.touched, self.files.pieces.__getitem__),
        }
        found: dict[tuple, Any] = {}
        generations: dict[str, list[int]] = {}
        for kind, (count, touched, piece) in kinds.items():
            was = self.generations.get(kind, [])
            made = [generation if n in touched or n >= len(was) else was[n] for n in range(count)]
            generations[kind] = made
            found.update(
                ((kind, n, generation), piece(n)) for n in range(count) if made[n] == generation
            )
        if found:
            head = (generation, generations, self.split, self.types, self.manifest, self.buckets)
            found["head",] = head
        return found

    @classmethod
    def read(cls, stored: Callable[[tuple], Any]) -> Exported | None:
        """The state as stored() stored it, stored(key) being the value stored under key (None
        when there is none); None when the head or a piece it names is missing."""
        head = stored(("head",))
        if head is None:
            return None
        generation, generations, split, types, manifest, buckets = head
        found = {
            kind: [stored((kind, n, made)) for n, made in enumerate(made_by)]
            for kind, made_by in generations.items()
        }
        if any(piece is None for pieces in found.values() for piece in pieces):
            return None
        state = cls(
            groups=_Pieces(_group_piece, found["groups"]),
            split=split,
            words=_Pieces(_word_piece, found["words"]),
            types=types,
            files=_Pieces(_file_bucket, found["files"]),
            manifest=manifest,
            buckets=buckets,
            generation=generation,
            generations=generations,
        )
        for entries, postings, traits in found["entries"]:
            state.entries += entries
            state.postings += postings
            state.traits += traits
        return state

    def _chunk(self, number: int) -> tuple[list, list, list]:
        ids = slice(number * CHUNK, (number + 1) * CHUNK)
        return self.entries[ids], self.postings[ids], self.traits[ids]


@dataclass(frozen=True)
class Export:
    files: Outputs  # every file, by its path below the output
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
        return Export(_outputs(_Remake(previous, records, facet_names, {})), 0, previous)
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
        refolded = _patch(state, remade, postings, shards, fresh)
        state.chunks = {i // CHUNK for i in remade}
    else:
        refolded = _renumber(state, entries, postings, shards, fresh)
        state.chunks = set(range(math.ceil(len(entries) / CHUNK)))
    for i in remade:
        fresh[f"{FOLDER}/r/{i}.json"] = records[i].result
    for i in range(len(entries), len(was)):
        _forget(state, f"{FOLDER}/r/{i}.json")
    state.entries = entries
    moved, refaceted, retyped = _update_traits(state, records, remade if in_place else None)
    _vocabulary_files(state, moved, fresh)
    if refaceted:
        fresh[FACETS] = json_bytes(_facets(records, facet_names))
    if retyped:
        state.types = _type_ranges(records, type_names)
    if previous is None or refolded:
        fresh[FOLD] = _fold_map(chars for _, (_, _, chars) in state.groups.items())
    changed = sum(_fingerprint(state, path, data) for path, data in fresh.items())
    # Not in a bucket: search.js fetches the manifest afresh, without a version.
    fresh[MANIFEST] = _manifest(state)
    fingerprint = digest(fresh[MANIFEST])
    changed += fingerprint != state.manifest
    state.manifest = fingerprint
    return Export(_outputs(_Remake(state, records, facet_names, fresh)), changed, state)


def _outputs(remake: _Remake) -> Outputs:
    """Every file of an export, made by remake when the build asks for it."""
    fingerprints = dict(itertools.chain.from_iterable(p.items() for p in remake.state.files.pieces))
    fingerprints[MANIFEST] = remake.state.manifest
    return Outputs(fingerprints, remake)


class _Remake:
    """Makes a file of an export: a file it made from what it made (fresh); another (which the
    build asks for only when what the output holds is not known) again from its state, as the
    export made it."""

    def __init__(
        self,
        state: Exported,
        records: Sequence[Record],
        facet_names: Sequence[str],
        fresh: dict[str, bytes],
    ):
        self.state = state
        self.records = records
        self.facet_names = facet_names
        self.fresh = fresh
        self.group_of: dict[str, str] = {}  # shard file -> its group, once one is asked for
        self.shards: dict[str, dict[str, bytes]] = {}  # group -> its files, made again
        self.vocabulary: dict[str, list[str]] = {}  # vocabulary file -> its words, once asked

    def __call__(self, path: str) -> bytes:
        if path in self.fresh:
            return self.fresh[path]
        folder, _, name = path[len(FOLDER) + 1 :].rpartition("/")
        if folder == "r":
            return self.records[int(name.removesuffix(".json"))].result
        if folder == "t":
            return self._shard(path)
        if folder == "v":
            if not self.vocabulary:
                words = _vocabulary(word for word, _ in self.state.words.items())
                self.vocabulary = {f"{FOLDER}/v/{file_key(k)}.json": w for k, w in words.items()}
            return json_bytes(self.vocabulary[path])
        if path == FACETS:
            return json_bytes(_facets(self.records, self.facet_names))
        if path == FOLD:
            return _fold_map(chars for _, (_, _, chars) in self.state.groups.items())
        return _manifest(self.state)

    def _shard(self, path: str) -> bytes:
        if not self.group_of:
            self.group_of = {p: g for g, (_, files, _) in self.state.groups.items() for p in files}
        group = self.group_of[path]
        if group not in self.shards:
            found = self.state.groups.get(group)
            assert found is not None  # the group of one of the state's files
            self.shards[group] = _shard_files(group, _unpacked(found[0]))[0]
        return self.shards[group][path]


def _patch(
    state: Exported,
    remade: list[int],
    postings: Callable[[int], dict[str, Postings]],
    shards: _Shards,
    fresh: dict[str, bytes],
) -> bool:
    """Entries changed in place (remade: their ids; no id shifted): only the terms whose
    postings of a changed entry differ from its last ones are exported again, and only their
    groups stored again. Whether the groups' characters changed."""
    changes: dict[str, dict[tuple[str, int], dict[int, list[int] | None]]] = defaultdict(dict)
    for i in remade:
        before, after = _unpacked(state.postings[i]), postings(i)
        state.postings[i] = _packed(after)
        for group in before.keys() | after.keys():
            had, has = before.get(group, {}), after.get(group, {})
            for key in had.keys() | has.keys():
                if had.get(key) != has.get(key):
                    changes[group].setdefault(key, {})[i] = has.get(key)
    refolded = False
    for group in sorted(changes):
        kept = state.groups.get(group)
        found: GroupPostings = _unpacked(kept[0]) if kept else {}
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
        refolded |= _replace_group(state, group, {key: found[key] for key in sorted(found)}, fresh)
    return refolded


def _renumber(
    state: Exported,
    entries: list[tuple[str, bytes]],
    postings: Callable[[int], dict[str, Postings]],
    shards: _Shards,
    fresh: dict[str, bytes],
) -> bool:
    """Entries added or removed, or moved (or no export before): ids shifted, and with them
    the number of entries (idf), so every group is exported again, from the postings kept with
    the entries' new ids and those of the entries added. Whether the groups' characters
    changed."""
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
    refolded = False
    for group in sorted(state.groups.names() | additions.keys()):
        kept = state.groups.get(group)
        added = additions.get(group, {})
        found: GroupPostings = {}
        for key, (flat, _) in (_unpacked(kept[0]) if kept else {}).items():
            items = [(renumbered[d], p) for d, p in _split(key, flat) if d in renumbered]
            items += added.get(key, ())
            if items:
                found[key] = shards.exported(key, items)
        for key, items in added.items():
            if key not in found:
                found[key] = shards.exported(key, items)
        refolded |= _replace_group(state, group, {key: found[key] for key in sorted(found)}, fresh)
    return refolded


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


def _replace_group(state: Exported, group: str, postings: GroupPostings, fresh: dict) -> bool:
    """Export one group's shards again (none when it has no postings left), and keep its
    postings for the next build; whether its terms' characters changed."""
    before = state.groups.get(group)
    state.split.discard(group)
    files: dict[str, bytes] = {}
    chars = ""
    if postings:
        files, split = _shard_files(group, postings)
        fresh.update(files)
        if split:
            state.split.add(group)
        if is_cjk(group[0]):
            chars = "".join(sorted({c for term, _ in postings for c in term}))
        state.groups[group] = (_packed(postings), tuple(files), chars)
    elif before:
        state.groups.pop(group)
    for path in set(before[1] if before else ()) - set(files):
        _forget(state, path)
    return chars != (before[2] if before else "")


def _update_traits(
    state: Exported, records: Sequence[Record], remade: list[int] | None
) -> tuple[set[str], bool, bool]:
    """Bring each entry's traits and the name words' counts up to date: those of the entries
    remade only, when entries changed in place (remade; most edits change no trait), else all.
    The name words that came or went; whether facets changed; whether types did."""
    if remade is None:
        state.traits = [_traits(r) for r in records]
        words = Counter(itertools.chain.from_iterable(r.words for r in records))
        known = state.words.names()
        for word in known - words.keys():
            state.words.pop(word)
        for word, count in words.items():
            state.words[word] = count
        return known ^ words.keys(), True, True
    before: list[Traits] = [marshal.loads(state.traits[i]) for i in remade]
    for i in remade:
        state.traits[i] = _traits(records[i])
    step = Counter(itertools.chain.from_iterable(w for _, w, _ in before))
    step.subtract(itertools.chain.from_iterable(records[i].words for i in remade))
    moved = set()
    for word, fewer in step.items():
        if fewer:
            had = state.words.get(word) or 0
            count = had - fewer
            if count:
                state.words[word] = count
            else:
                state.words.pop(word)
            if bool(had) != bool(count):
                moved.add(word)
    after = [records[i] for i in remade]
    refaceted = any(b[2] != a.facets for b, a in zip(before, after, strict=True))
    retyped = any(b[0] != a.type for b, a in zip(before, after, strict=True))
    return moved, refaceted, retyped


def _traits(record: Record) -> bytes:
    """A Record's Traits, packed."""
    return marshal.dumps((record.type, record.words, record.facets))


def _vocabulary_files(state: Exported, moved: set[str], fresh: dict) -> None:
    """The vocabulary files of the name words that came or went (all of them when cold)."""
    if not moved:
        return
    vocabulary = _vocabulary(word for word, _ in state.words.items())
    for key in sorted({k for w in moved for k in typo_keys(w)}):
        path = f"{FOLDER}/v/{file_key(key)}.json"
        if key in vocabulary:
            fresh[path] = json_bytes(vocabulary[key])
        elif state.files.get(path) is not None:
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


def _manifest(state: Exported) -> bytes:
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
    return json_bytes(manifest)


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
    if old == fingerprint:
        return False
    b = _file_bucket(path)
    if old is not None:
        state.buckets[b] ^= _file_hash(path, old)
    state.buckets[b] ^= _file_hash(path, fingerprint)
    state.files[path] = fingerprint
    return True


def _forget(state: Exported, path: str) -> None:
    """A file the export no longer has: out of its bucket's version."""
    state.buckets[_file_bucket(path)] ^= _file_hash(path, state.files.pop(path))


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
    """A shard key as a file name: itself when plain ASCII, else "u" and its code points in
    hex, each after a hyphen, which no plain key has ("\u03b1" is u-3b1, never the 3b1 of
    Latin terms)."""
    return key if _PLAIN_KEY.fullmatch(key) else "u" + "".join(f"-{ord(c):x}" for c in key)


def _facets(records: Sequence[Record], names: Sequence[str]) -> dict:
    facets: dict = {name: defaultdict(list) for name in names}
    for i, own in enumerate(r.facets for r in records):
        for values, found in zip(facets.values(), own, strict=True):
            for value in found:
                values[value].append(i)
    return {
        name: {v: _gaps(ids) for v, ids in sorted(values.items())}
        for name, values in facets.items()
    }


def _gaps(ids: Iterable[int]) -> list[int]:
    return [b - a for a, b in itertools.pairwise([0, *ids])]


def _type_ranges(records: Sequence[Record], type_names: Sequence[str]) -> dict[str, list[int]]:
    """Each type's range of ids [first, last + 1) ([0, 0] when it has no entry): the entries
    are in the site's order, by type."""
    ranges = {name: [0, 0] for name in type_names}
    current = None
    for i, kind in enumerate(r.type for r in records):
        if kind != current:
            current = kind
            ranges[current] = [i, i]
        ranges[current][1] = i + 1
    return ranges


def json_bytes(value) -> bytes:
    """The JSON of every exported file: compact, keys sorted, UTF-8."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()

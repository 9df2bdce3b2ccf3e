"""What makes a rebuild cheap: every output file is known by the digest of what it is made from
(its fingerprint), and a build makes only the files whose fingerprint differs from the last
build's into the same folder. Entry files are parsed and validated once per content (by the
digest of their bytes), and values that take long to compute are memoised the same way.

The record of the last build (BuildMemory) lives in the user's cache (cache.py: signed, never in
the output or the content tree), one per content folder and output folder. Losing it only costs
a full build; it is trusted only while the output folder is the one it was written for (the
output marker file is the same file) and the last build finished writing."""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import pickle
import threading
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from .cache import cache_root, pickled, read_signed, signing_key, unpickled, verified, write_signed
from .diagnostics import Diagnostic
from .model import ContentModel, Entry, EntryType
from .output import exclusive

log = logging.getLogger(__name__)
T = TypeVar("T")
Key = tuple[str, str]
# The mappings of a BuildMemory that its store keeps as a log (MemoryStore).
LOGGED = ("checked", "memo", "outputs", "stamps", "compiled", "discovered")
# The log is written again whole (compacted) when it has this many files, or holds this many
# times the items or the bytes of the memory it describes.
MOST_SEGMENTS = 32
SPARE = 1.5
_MISSING = object()  # what Memo.get finds for a key the last build did not keep
# Raised by hand whenever what the memory holds changes shape.
FORMAT = 9


@dataclass(frozen=True)
class Output:
    """One file of the site, not made yet: the digest of everything it is made from, and how to
    make it (text is written as UTF-8). The build calls make() only when the file's fingerprint
    differs from the last build's, or what the output holds is not known."""

    fingerprint: bytes
    make: Callable[[], bytes | str]


@dataclass(frozen=True)
class Outputs:
    """Many files of the site made one way, as one object: the fingerprint of each (a dict, by
    path below the output), and make(path) for those the build is to make. The search export's
    40,000 files are one of these, not 40,000 Output objects made again by every build."""

    fingerprints: dict[str, bytes]
    make: Callable[[str], bytes | str]

    def __len__(self) -> int:
        return len(self.fingerprints)


class Memo:
    """Values computed by the last build, found again by a namespace and the digest of every
    input they were computed from; what this build does not ask for is forgotten."""

    def __init__(self, previous: Mapping[tuple[str, Hashable], Any] | None = None):
        self._previous = previous or {}
        self._kept: dict[tuple[str, Hashable], Any] = {}
        self.replaced: set[tuple[str, Hashable]] = set()  # keys whose value put() replaced

    def get(self, namespace: str, digest: Hashable, compute: Callable[[], T]) -> T:
        key = (namespace, digest)
        kept = self._kept
        if key in kept:
            return kept[key]
        value = self._previous.get(key, _MISSING)  # one lookup: a build asks 50,000 times
        if value is _MISSING:
            value = compute()
        kept[key] = value
        return value

    def put(self, namespace: str, digest: Hashable, value: Any) -> None:
        """Keep value for the next build in place of the last build's: for a value brought up
        to date from the last one rather than computed from its inputs (the search export)."""
        self._kept[namespace, digest] = value
        self.replaced.add((namespace, digest))

    def adopt(self, asked: Mapping[tuple[str, Hashable], Any]) -> None:
        """Keep what another process of this build (a forked one) asked for, as if asked here."""
        self._kept.update(asked)

    def kept(self) -> dict[tuple[str, Hashable], Any]:
        """What the next build may find: the values this build asked for."""
        return self._kept


def digest(*parts: bytes | str) -> bytes:
    """A short digest of parts, each length-prefixed so that ("ab", "c") != ("a", "bc")."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


def files_digest(roots: Iterable[Path], suffixes: tuple[str, ...] = ()) -> bytes:
    """The digest of the names and bytes of every file under roots (or of those ending in one
    of suffixes), in a fixed order."""
    h = hashlib.blake2b(digest_size=16)
    for root in roots:
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in paths:
            if suffixes and not path.name.endswith(suffixes):
                continue
            h.update(os.fsencode(path.relative_to(root.parent)) + b"\0")
            h.update(hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
    return h.digest()


@dataclass(frozen=True)
class TreeScan:
    """What one walk of a folder found (tree_stamps)."""

    digest: bytes  # of the name, size, times and inode of every file
    stats: dict[str, tuple]  # file path -> (size, modification and change times, inode, device)
    # folder path -> the digest of its names and their kinds, for the folders holding only
    # files and folders: where a link leads is not in a listing, so that a folder holding one
    # is looked at again by every build (loading.discover)
    listings: dict[str, bytes]


def tree_stamps(root: Path) -> TreeScan:
    """The digest of the name, size, times and inode of every file under root: equal from one
    build to the next only when no file was added, removed or written in between; with each
    file's stamp and each folder's listing, which loading asks again (loading.source_stamp,
    loading.discover)."""
    h = hashlib.blake2b(digest_size=16)
    stats: dict[str, tuple] = {}
    listings: dict[str, bytes] = {}
    folders = [str(root)]
    while folders:
        folder = folders.pop()
        try:
            found = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            h.update(b"unreadable\0" + os.fsencode(folder))
            continue
        kinds, stamps = [], []
        for item in found:
            path = item.path
            if item.is_dir(follow_symlinks=False):
                folders.append(path)
                kinds.append(f"{item.name}\0d")
                continue
            kind = "l" if item.is_symlink() else "f" if item.is_file(follow_symlinks=False) else "o"
            kinds.append(f"{item.name}\0{kind}")
            try:
                stat = item.stat()
            except OSError:
                stamps.append(f"{path}\0\0")
                continue
            size, modified, changed, inode = (
                stat.st_size,
                stat.st_mtime_ns,
                stat.st_ctime_ns,
                stat.st_ino,
            )
            stats[path] = (size, modified, changed, inode, stat.st_dev)
            stamps.append(f"{path}\0{size} {modified} {changed} {inode}\0")
        # one update a folder: 16,000 files are hashed in a few calls
        h.update("".join(stamps).encode("utf-8", "surrogateescape"))
        if not any(kind.endswith(("\0l", "\0o")) for kind in kinds):
            listings[folder] = digest("\0".join(kinds).encode("utf-8", "surrogateescape"))
    return TreeScan(h.digest(), stats, listings)


class Fingerprints:
    """The fingerprint of a value a page or file is made from: a digest of its pickle, where
    each entry counts as its token (what the entry is made from, and the entries it links to:
    see entry_tokens) and each entry type as its name (the content model is in the base)."""

    def __init__(self, base: bytes, tokens: Mapping[Key, bytes]):
        self.base = base
        self.tokens = tokens

    def of(self, *values: Any) -> bytes:
        buffer = io.BytesIO()
        pickler = _TokenPickler(buffer, protocol=5)
        pickler.tokens = self.tokens
        # No memo: a value shared by two places must pickle as two equal values do, or the
        # fingerprint would depend on which objects happen to be shared.
        pickler.fast = True
        pickler.dump(values)
        return digest(self.base, buffer.getvalue())


class _TokenPickler(pickle.Pickler):
    tokens: Mapping[Key, bytes]

    def persistent_id(self, obj: Any) -> Any:
        kind = type(obj)
        if kind is Entry:
            return self.tokens[obj.key]
        if kind is EntryType:
            return obj.name
        return None


def entry_tokens(
    entries: Mapping[Key, Entry],
    refs_from: Mapping[Key, Iterable[Any]],
    refs_to: Mapping[Key, Iterable[Any]],
    extra: Mapping[Key, bytes],
    shown: Mapping[Key, bytes],
) -> tuple[dict[Key, bytes], dict[Key, bytes]]:
    """Each entry's tokens: what an output that shows the entry depends on. Both hold extra
    (its picture's bytes), what is shown of the entries it links to (a page showing a work names
    its artists; an event, its venue) and which entries link to it; the first holds the entry's
    own files whole, the second what pages other than its own show of it (shown_digest)."""
    whole, as_shown = {}, {}
    blake2b, no_refs = hashlib.blake2b, ()  # the loop runs for every entry: looked up once
    # Digests of one size (extra's: none, or one), joined: the bytes read one way only.
    named = {key: named_digest(entry) for key, entry in entries.items()}
    seen = {
        key: blake2b(named[key] + shown[key] + extra.get(key, b""), digest_size=16).digest()
        for key in entries
    }
    for key, entry in entries.items():
        outgoing = [seen[ref.target] for ref in refs_from.get(key, no_refs)]
        incoming = [named[ref.source.key] for ref in refs_to.get(key, no_refs)]
        around = blake2b(
            b"".join([len(outgoing).to_bytes(4, "little"), *outgoing, *incoming]), digest_size=16
        ).digest()
        own = named[key] + extra.get(key, b"") + around  # 32 bytes, or 48 with extra
        whole[key] = blake2b(own + entry.digest, digest_size=16).digest()
        as_shown[key] = blake2b(own + shown[key], digest_size=16).digest()
    return whole, as_shown


def named_digest(entry: Entry) -> bytes:
    """The digest of an entry's type and slug, worked out once per entry (Entry.derived)."""
    found = entry.derived.get("named")
    if found is None:
        found = entry.derived["named"] = digest(entry.type, entry.slug)
    return found


def shown_digest(entry: Entry) -> bytes:
    """The digest of an entry as outputs other than its own page and its own open data show
    it: its fields but its long text (x-body), and where its file is."""
    fields = {k: v for k, v in entry.fields.items() if k != entry.entry_type.body_field}
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: the same values pickle the same, shared or not
    pickler.dump((entry.type, entry.slug, entry.relpath, fields))
    return digest(buffer.getvalue())


class Checked(NamedTuple):
    """An entry file as loading and validation left it: the entry (None when it could not be
    read) and its own problems (those of its links are found again each build). A tuple: the
    build's memory keeps one per entry file."""

    entry: Entry | None
    problems: list[Diagnostic]


@dataclass(frozen=True)
class Outcome:
    """What a build found and made, told again by a build with nothing to do."""

    entries: int
    pages: dict[str, int]  # language prefix -> pages
    files: dict[str, int]  # extension -> its files
    problems: list[Diagnostic]
    broken: int  # entry files left out for their problems


@dataclass(frozen=True)
class Stored:
    """What a store's log holds: its files (name, bytes), in the order they are read, and how
    many items were written in them (an item a later file replaces or removes still counts)."""

    segments: tuple[tuple[str, int], ...]
    items: int


@dataclass
class BuildMemory:
    """What the last build into an output folder was made from and what it wrote."""

    # digest of the code and content model: a change keeps only `outputs` and `marker`
    version: bytes = b""
    stamps: dict[str, tuple[tuple | None, bytes]] = field(default_factory=dict)  # relpath ->
    checked: dict[bytes, Checked] = field(default_factory=dict)  # entry digest ->
    outputs: dict[str, bytes] = field(default_factory=dict)  # file below the output -> fingerprint
    memo: dict[tuple[str, Hashable], Any] = field(default_factory=dict)
    marker: tuple = ()  # the output marker file's inode and times when outputs was recorded
    # the digest of every input of the build (the content's files by their stamps, the code,
    # theme, settings, build day): the same next time, nothing is to be done but tell `outcome`
    inputs: bytes = b""
    outcome: Outcome | None = None
    # what the store's log held when this memory was read from it (None: not read from a store)
    stored: Stored | None = None
    complete: bool = True  # False: the LOGGED mappings not read from the store yet (fill)
    # each language's compiled templates (renderer.CompiledTemplates), by what they are
    # compiled from
    compiled: dict[bytes, dict[str, bytes]] = field(default_factory=dict, repr=False)
    # each type folder's entry files, by its listing (loading.discover)
    discovered: dict[str, tuple] = field(default_factory=dict, repr=False)

    def for_version(self, version: bytes) -> BuildMemory:
        """This memory, or an empty one (keeping what was written) if the code changed."""
        if version == self.version:
            return self
        return BuildMemory(version, outputs=self.outputs, marker=self.marker)


def marker_stamp(marker: Path) -> tuple:
    try:
        found = os.stat(marker)
    except OSError:
        return ()
    return (found.st_ino, found.st_dev, found.st_mtime_ns)


class MemoryStore:
    """A BuildMemory on disk, in the user's cache, every file signed: an index (what tells that
    nothing changed) and a log of the mappings (LOGGED). Each save appends to the log one file
    with what changed since the memory was read (its new and replaced items, the keys it lost),
    so that a rebuild after an edit writes a few kilobytes, not the whole memory; the log is
    written again whole when it grows too long (MOST_SEGMENTS, SPARE). A file `writing` exists
    while a build writes its output: found at the start of the next build, it means the output
    may hold files the record does not describe, so the record is not used."""

    def __init__(self, folder: Path, model: ContentModel, key: bytes | None = None):
        self.folder = folder
        self.model = model
        self.key = key or signing_key(folder.parent.parent)
        self._verifying: _Verifying | None = None

    @classmethod
    def for_build(cls, content_dir: Path, output_dir: Path, model: ContentModel) -> MemoryStore:
        where = digest(str(Path(content_dir).resolve()), str(Path(output_dir).resolve()))
        return cls(cache_root() / "builds" / where.hex(), model, signing_key())

    def load(self) -> BuildMemory:
        """The index alone, enough to tell that nothing changed; fill() reads the log, whose
        files a thread starts reading and checking here (_Verifying)."""
        index = read_signed(self.folder / "index", self.key)
        if not isinstance(index, dict) or index.get("format") != FORMAT:
            return BuildMemory()
        stored = index["stored"]
        self._verifying = _Verifying(
            [self.folder / name for name, _ in stored.segments] if stored else [], self.key
        )
        return BuildMemory(
            version=index["version"],
            marker=index["marker"],
            inputs=b"" if self._writing() else index["inputs"],
            outcome=index["outcome"],
            stored=index["stored"],
            complete=False,
        )

    def fill(self, memory: BuildMemory) -> BuildMemory:
        """memory with its LOGGED mappings read from the log. When a file of it is damaged, or
        the last build did not finish writing, what the output holds is not known (no marker:
        the build then makes everything, and removes what it did not make)."""
        if memory.complete:
            return memory
        filled = replace(memory, complete=True)
        for name in LOGGED:
            setattr(filled, name, {})
        names = [name for name, _ in memory.stored.segments] if memory.stored else []
        verifying, self._verifying = self._verifying, None
        if verifying is None or verifying.paths != [self.folder / name for name in names]:
            verifying = _Verifying([self.folder / name for name in names], self.key)
        for data in verifying:
            segment = None if data is None else unpickled(data, persistent_load=self._types)
            if not isinstance(segment, dict):  # damaged: start again
                return replace(memory, marker=(), stored=None, complete=True)
            for logged in LOGGED:
                mapping = getattr(filled, logged)
                mapping.update(segment["items"][logged])
                for key in segment["gone"][logged]:
                    mapping.pop(key, None)
        if self._writing():
            filled.marker = ()
        return filled

    def locked(self) -> contextlib.AbstractContextManager[None]:
        """One build at a time reads, and then saves, this memory."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return exclusive(
            self.folder / "lock",
            self.folder,
            "another build into the same folder is running: waiting",
        )

    def begin_writing(self) -> None:
        """Mark the output as being written: until save() succeeds, the next build will not
        trust the record of what the output holds."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        (self.folder / "writing").touch()

    def save(
        self, memory: BuildMemory, last: BuildMemory | None, replaced: Collection[Hashable] = ()
    ) -> None:
        """Store memory for the next build: what differs from last (the memory this store's
        log held, as fill() read it), appended to the log; the log whole when last is not known
        or the log has grown too long. replaced: memo keys whose value Memo.put replaced. A
        memory that cannot be stored (a full disk) is only logged: the next build then makes
        everything."""
        try:
            self._save(memory, last, frozenset(replaced))
        except OSError as error:
            log.warning(
                "%s: cannot keep what this build made (%s): the next build makes everything",
                self.folder,
                error.strerror or error,
            )
            return
        (self.folder / "writing").unlink(missing_ok=True)

    def _save(self, memory: BuildMemory, last: BuildMemory | None, replaced: frozenset) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        stored = last.stored if last is not None and last.complete else None
        live = sum(len(getattr(memory, name)) for name in LOGGED)
        # a name no file of the log has had: an index a build could not replace (it stopped)
        # never names a file written after it
        number = 1 + max((int(p.name[4:]) for p in self.folder.glob("log-*")), default=-1)
        if last is not None and stored is not None and len(stored.segments) < MOST_SEGMENTS:
            segment = _changes(memory, last, replaced)
            items = stored.items + sum(len(found) for found in segment["items"].values())
            body = self._pickled(segment)
            size = sum(s for _, s in stored.segments) + len(body)
            if items <= SPARE * live and size <= SPARE * stored.segments[0][1]:
                self._append(memory, f"log-{number:08d}", body, stored, items)
                return
        whole = {
            "items": {name: getattr(memory, name) for name in LOGGED},
            "gone": {name: [] for name in LOGGED},
        }
        self._append(memory, f"log-{number:08d}", self._pickled(whole), None, live)

    def _append(
        self, memory: BuildMemory, name: str, body: bytes, stored: Stored | None, items: int
    ) -> None:
        """Write body as the file name of the log, after those of stored (none: the log is
        that file alone), then the index naming them; then remove the files it no longer
        names."""
        write_signed(self.folder / name, self.key, body)
        now = Stored((*(stored.segments if stored else ()), (name, len(body))), items)
        index = {
            "format": FORMAT,
            "version": memory.version,
            "marker": memory.marker,
            "inputs": memory.inputs,
            "outcome": memory.outcome,
            "stored": now,
        }
        write_signed(self.folder / "index", self.key, pickled(index))
        memory.stored = now
        named = {name for name, _ in now.segments}
        for path in self.folder.iterdir():
            if path.name not in named and path.name not in ("index", "lock", "writing"):
                path.unlink(missing_ok=True)

    def _writing(self) -> bool:
        return (self.folder / "writing").exists()

    def _types(self, pid: Any) -> EntryType:
        return self.model[pid]

    def _pickled(self, value: Any) -> bytes:
        def persistent_id(obj: Any) -> Any:
            return obj.name if type(obj) is EntryType else None

        return pickled(value, persistent_id=persistent_id)


class _Verifying:
    """The log's files read and their signatures checked in a thread of its own, in order,
    started when the index is read: the build meanwhile looks at the content folder (reading
    and hashing 100 MB let go of the interpreter's lock), and unpickles each file as soon as it
    is checked. A daemon thread: a build with nothing to do does not wait for it (the thread
    reads and hashes the log all the same, on another core, until the process ends)."""

    def __init__(self, paths: list[Path], key: bytes):
        self.paths = paths
        self._checked: list[Future[bytes | None]] = [Future() for _ in paths]
        if paths:
            threading.Thread(target=self._check, args=(key,), daemon=True).start()

    def _check(self, key: bytes) -> None:
        for path, checked in zip(self.paths, self._checked, strict=True):
            try:
                checked.set_result(verified(path, key))
            except BaseException as error:  # raised where the file is asked for
                checked.set_exception(error)

    def __iter__(self) -> Iterator[bytes | None]:
        return (checked.result() for checked in self._checked)


def _changes(memory: BuildMemory, last: BuildMemory, replaced: frozenset) -> dict:
    """What memory adds to last, and what of last it no longer holds: a segment of the log.
    The values of `checked` and `memo` are found by the digest of their inputs, so a key the
    log has is the same value, unless Memo.put replaced it; the others are compared. Set
    operations on the mappings' keys, in C, where they are enough: the memory holds 200,000
    items, and a build after an edit changes a few dozen. (The order of a segment's items is
    not kept: no reader of the memory's mappings depends on their order.)"""
    items: dict[str, dict] = {}
    gone: dict[str, list] = {}
    for name in LOGGED:
        now, before = getattr(memory, name), getattr(last, name)
        if name in ("checked", "memo"):
            added = now.keys() - before.keys()
            changed = added | (replaced & now.keys()) if name == "memo" else added
            items[name] = {k: now[k] for k in changed}
        else:  # values are never None: a key missing from before is a value changed
            items[name] = {k: v for k, v in now.items() if before.get(k) != v}
            added = {k for k in items[name] if k not in before}
        # what memory kept of before: all of it when as many keys are left as before had
        kept = len(now) - len(added)
        gone[name] = [] if kept == len(before) else list(before.keys() - now.keys())
    return {"items": items, "gone": gone}

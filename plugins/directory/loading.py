"""Load stage: read entry files from the content folder into plain data with line numbers.

Every file goes through the text policy (textpolicy.py): its size is checked before it is read
whole, its nesting before YAML composes it, its characters before and right after parsing.
``parse_entry(source, raw, raw_zh, body_field)`` never touches the disk, so its result can be
cached by the files' content hash.
"""

from __future__ import annotations

import bisect
import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import yaml

from .diagnostics import Diagnostic, did_you_mean, field_name
from .incremental import digest
from .textpolicy import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NUMBER_LENGTH,
    NEVER_RE,
    character_problem,
    depth_problem,
    may_nest_too_deep,
    maybe_refused,
    normalise_breaks,
    size_problem,
)

IMAGES_FOLDER = "images"
ENTRY_EXTENSIONS = (".yaml", ".yml", ".md")
# Names starting with these are not read: '.' for editors' and systems' files, '_' for drafts.
IGNORED_PREFIXES = (".", "_")
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:^---[ \t]*$\r?\n?)", re.S | re.M)
FRONT_MATTER_START_RE = re.compile(r"---[ \t]*\n")
ZH_SUFFIX = ".zh.md"
EMPTY_FILE = "empty file: expected the entry's fields as YAML, such as 'name: ...'"
# The tags YAML gives plain values by itself; any other (!!binary, !!timestamp, !!set,
# !!python/...) is refused before anything is constructed from it.
YAML = "tag:yaml.org,2002:"
STR_TAG, INT_TAG, SEQ_TAG, MAP_TAG = (YAML + t for t in ("str", "int", "seq", "map"))
PLAIN_TAGS = frozenset(YAML + t for t in ("str", "int", "float", "bool", "null"))
BLANK = "\ufffd"  # what a refused character is replaced with before YAML reads the text


class SourceFile(NamedTuple):
    """An entry on disk: one YAML file, or a Markdown file with an optional Chinese sibling.
    A tuple, and its paths strings: the build's memory keeps 16,000 of these (discover), which
    read back many times faster than dataclasses holding Path objects."""

    type: str
    slug: str
    relpath: str  # e.g. "content/artists/wong-kar-wai.yaml"
    path: str
    zh_path: str | None = None
    zh_relpath: str | None = None


@dataclass(frozen=True)
class FoundImage:
    """Something in content/images/ that is not a folder: a file, a symbolic link (to a folder
    too), a FIFO... images.py decides whether it may be published."""

    src: str  # below content/images/, with forward slashes: "portraits/wong.jpg"
    relpath: str  # as messages show it: "content/images/portraits/wong.jpg"
    path: Path


@dataclass
class RawEntry:
    type: str
    slug: str
    relpath: str
    data: dict
    lines: dict = field(default_factory=dict)  # field path tuple -> line number
    body_field_lines: dict = field(default_factory=dict)  # language -> (relpath, line)
    digest: bytes = b""  # of its path and the bytes of its file(s): see source_digest


try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _Loader(_SafeLoader):
    """Safe YAML (libyaml's fast parser where present) where dates stay the strings the editor
    wrote (validation checks them), and '<<' and '=' are plain text, not YAML 1.1's merge key
    and value key."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag in PLAIN_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def discover(
    content_dir: Path,
    display_root: Path,
    entry_types: list[str],
    listings: Mapping[str, bytes] | None = None,
    found_before: Mapping[str, tuple] | None = None,
) -> tuple[list[SourceFile], list[Diagnostic], dict[str, tuple]]:
    """Find every entry file under content_dir/<type>/ for each of entry_types, in a stable order.

    A file that is a symlink leading outside the content folder is refused, as is anything that
    is not a regular file, and so are folders and entry files the build would otherwise ignore.
    Names starting with '.' (editors' and systems' files) or '_' (drafts) are not read.

    listings: the digest of each folder's names and their kinds (incremental.tree_stamps), and
    found_before: what an earlier call found in each type folder, with its listing then; a type
    folder whose listing is the same is not looked at again. Returned last: what this call
    found in each type folder, with its listing, for the next (none without listings)."""
    content_real = content_dir.resolve()
    files: list[SourceFile] = []
    problems = _strays(content_dir, display_root, entry_types)
    found_now: dict[str, tuple] = {}
    for entry_type in entry_types:
        type_dir = content_dir / entry_type
        if not type_dir.is_dir():
            continue
        inside = Path(os.path.realpath(type_dir)).is_relative_to(content_real)
        listing = (listings or {}).get(str(type_dir))
        seen = (listing, inside, display_root)  # what the folder's entry files follow from
        known = (found_before or {}).get(str(type_dir))
        if listing is None or known is None or known[:3] != seen:
            found, found_problems = _discover_in(
                type_dir, entry_type, display_root, inside, content_real
            )
            known = (*seen, found, found_problems)
        files += known[3]
        problems += known[4]
        if listing is not None:
            found_now[str(type_dir)] = known
    return files, problems, found_now


def _discover_in(
    type_dir: Path, entry_type: str, display_root: Path, inside: bool, content_real: Path
) -> tuple[list[SourceFile], list[Diagnostic]]:
    """The entry files of one type folder (discover)."""
    files: list[SourceFile] = []
    names, problems = _list(type_dir, display_root)
    folder = type_dir.relative_to(display_root).as_posix()  # each file's: folder/name
    zh_siblings = {n[: -len(ZH_SUFFIX)] for n in names if n.endswith(ZH_SUFFIX)}
    for name in names:
        path = type_dir / name
        relpath = f"{folder}/{name}"
        if name.endswith(ZH_SUFFIX):
            stem = name[: -len(ZH_SUFFIX)]
            if f"{stem}.md" not in names:
                problems.append(
                    Diagnostic(
                        relpath,
                        1,
                        "",
                        f"Chinese text without an entry: expected "
                        f"{stem}.md beside it with the entry's fields",
                    )
                )
            continue
        stem, ext = os.path.splitext(name)
        if ext not in ENTRY_EXTENSIONS:
            problems.append(
                Diagnostic(relpath, 1, "", "not an entry file: expected <slug>.yaml or <slug>.md")
            )
            continue
        refused = _refuse_path(path, content_real, inside)
        if refused:
            problems.append(Diagnostic(relpath, 1, "", refused))
            continue
        if not SLUG_RE.fullmatch(stem):
            problems.append(
                Diagnostic(
                    relpath,
                    1,
                    "slug",
                    f"'{stem}' is not a valid slug: expected "
                    "lowercase ASCII letters, digits and single hyphens, as in "
                    "'wong-kar-wai'",
                )
            )
            continue
        source = SourceFile(entry_type, stem, relpath, str(path))
        if ext == ".md" and stem in zh_siblings:
            zh_path = type_dir / f"{stem}{ZH_SUFFIX}"
            refused = _refuse_path(zh_path, content_real, inside)
            zh_relpath = f"{folder}/{zh_path.name}"
            if refused:
                problems.append(Diagnostic(zh_relpath, 1, "", refused))
            else:
                source = source._replace(zh_path=str(zh_path), zh_relpath=zh_relpath)
        files.append(source)
    return files, problems


def discover_images(
    content_dir: Path, display_root: Path
) -> tuple[list[FoundImage], list[Diagnostic]]:
    """Everything in content/images/ but its folders, in a stable order; symbolic links are
    listed, never followed. Names starting with '.' or '_' are left out, as everywhere."""
    folder = content_dir / IMAGES_FOLDER
    relpath = folder.relative_to(display_root).as_posix()
    if not os.path.lexists(folder):
        return [], []
    if folder.is_symlink() or not folder.is_dir():
        message = (
            "a symbolic link: expected the folder of images itself, not a link to it"
            if folder.is_symlink()
            else "not a folder: expected a folder of images"
        )
        return [], [Diagnostic(relpath, 1, "", message)]
    found: list[FoundImage] = []
    problems: list[Diagnostic] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        names, unreadable = _list(current, display_root)
        problems += unreadable
        for name in names:
            path = current / name
            if path.is_dir() and not path.is_symlink():
                pending.append(path)
                continue
            src = path.relative_to(folder).as_posix()
            found.append(FoundImage(src, path.relative_to(display_root).as_posix(), path))
    return sorted(found, key=lambda image: image.src), problems


def _list(folder: Path, display_root: Path) -> tuple[list[str], list[Diagnostic]]:
    """The names in a folder that are read, sorted, or the problem of an unreadable folder."""
    try:
        names = os.listdir(folder)
    except OSError as error:
        relpath = folder.relative_to(display_root).as_posix()
        return [], [Diagnostic(relpath, 1, "", _unreadable(error, "folder"))]
    return sorted(n for n in names if not n.startswith(IGNORED_PREFIXES)), []


def _strays(content_dir: Path, display_root: Path, entry_types: list[str]) -> list[Diagnostic]:
    """Folders and entry files directly in the content folder, which the build would ignore."""
    names, problems = _list(content_dir, display_root)
    folders = (*entry_types, IMAGES_FOLDER)
    for name in names:
        if name in folders:
            continue
        path = content_dir / name
        relpath = path.relative_to(display_root).as_posix()
        if path.is_dir():
            hint = did_you_mean(name, folders) or f"expected one of {', '.join(folders)}"
            problems.append(Diagnostic(relpath, 1, "", f"not a folder of entries: {hint}"))
        elif name.endswith(ENTRY_EXTENSIONS):
            parent = path.parent.relative_to(display_root).as_posix()
            problems.append(
                Diagnostic(
                    relpath,
                    1,
                    "",
                    f"not in a type folder: expected {parent}/<type>/{name}, where <type> is "
                    f"one of {', '.join(entry_types)}",
                )
            )
    return problems


def _unreadable(error: OSError, what: str) -> str:
    reason = error.strerror or type(error).__name__
    return f"cannot be read ({reason}): expected a {what} the build can read"


def _refuse_path(path: Path, content_real: Path, folder_inside: bool = False) -> str:
    """Why an entry file is not read, or "". folder_inside: its folder is known to be in the
    content folder (resolved), so a regular file there, not a link, is too."""
    try:
        if folder_inside and stat.S_ISREG(os.lstat(path).st_mode):
            return ""
    except OSError:
        pass
    # Not path.resolve(): before Python 3.13 it raises RuntimeError on a symlink loop.
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(content_real):
        return "refused: the file leads outside the content folder (a symlink or '..')"
    if not real.is_file():
        return "refused: not a regular file"
    return ""


def load_entry(source: SourceFile, body_field: str) -> tuple[RawEntry | None, list[Diagnostic]]:
    """Read an entry's file (and its Chinese sibling), each at most MAX_FILE_BYTES, and parse
    it."""
    raw, raw_zh, problems = read_source(source)
    if problems:
        return None, problems
    return parse_entry(source, raw, raw_zh, body_field)


def read_source(source: SourceFile) -> tuple[bytes, bytes | None, list[Diagnostic]]:
    """The bytes of an entry's file and of its Chinese sibling (None when it has none), each at
    most MAX_FILE_BYTES, with the problems of reading them."""
    raw, problems = _read(source.path, source.relpath)
    raw_zh = None
    if source.zh_path is not None:
        raw_zh, zh_problems = _read(source.zh_path, source.zh_relpath or source.relpath)
        problems += zh_problems
    return raw, raw_zh, problems


def source_stamp(source: SourceFile, known: Mapping[str, tuple] | None = None) -> tuple | None:
    """What tells, without reading them, that an entry's files have not changed since they were
    last read: the size, modification time and inode of each; None when one cannot be read.
    known: stamps of files just asked of the disk (incremental.tree_stamps), by path."""
    stamps = []
    for path in (source.path, source.zh_path):
        if path is None:
            continue
        stamp = (known or {}).get(path)
        if stamp is None:
            try:
                s = os.stat(path)
            except OSError:
                return None
            stamp = (s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino, s.st_dev)
        stamps.append(stamp)
    return tuple(stamps)


def source_digest(source: SourceFile, raw: bytes, raw_zh: bytes | None) -> bytes:
    """What an entry is made from: its path and the bytes of its file and Chinese sibling."""
    return digest(source.relpath, raw, source.zh_relpath or "", raw_zh or b"")


def _read(path: str, relpath: str) -> tuple[bytes, list[Diagnostic]]:
    """The bytes of a file, never more than one over the limit: a 50 GB file is not read whole
    to be refused."""
    try:
        with Path(path).open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            raw = b"" if size > MAX_FILE_BYTES else file.read(size + 1)
            if len(raw) > size:  # it grew while being read
                raw += file.read(MAX_FILE_BYTES + 1 - len(raw))
                size = len(raw)
    except OSError as error:
        return b"", [Diagnostic(relpath, 1, "", _unreadable(error, "file"))]
    if size > MAX_FILE_BYTES:
        return b"", [Diagnostic(relpath, 1, "", size_problem(size))]
    return raw, []


def parse_entry(
    source: SourceFile, raw: bytes, raw_zh: bytes | None, body_field: str
) -> tuple[RawEntry | None, list[Diagnostic]]:
    """Bytes of an entry file (and its Chinese sibling) -> its data with the line of each field."""
    text, problem = _decode(source.relpath, raw)
    if problem:
        return None, [problem]
    body_en = body_zh = None
    offset = 0
    empty = EMPTY_FILE
    if source.relpath.endswith(".md"):
        front = FRONT_MATTER_RE.match(text)
        if not front:
            return None, [Diagnostic(source.relpath, 1, "", _no_front_matter(text))]
        yaml_text, body_en = front.group(1), text[front.end() :]
        offset = 1
        body_line = text.count("\n", 0, front.end()) + 1
        empty = (
            "no fields in the front matter: expected the entry's fields between the --- lines, "
            "such as 'name: ...'"
        )
        if raw_zh is not None:
            zh_text, problem = _decode(source.zh_relpath or source.relpath, raw_zh)
            if problem:
                return None, [problem]
            body_zh = zh_text
    else:
        yaml_text = text

    bodies = [
        (lang, body, relpath, line)
        for lang, body, relpath, line in (
            ("en", body_en, source.relpath, body_line if body_en is not None else 1),
            ("zh", body_zh, source.zh_relpath or source.relpath, 1),
        )
        if body is not None and body.strip()
    ]
    data, lines, problems = parse_yaml(
        source.relpath, yaml_text, body_field, line_offset=offset, empty=empty
    )
    for _, body, relpath, line in bodies:
        found = character_problem(body, one_line=False, long_field=body_field)
        if found:
            index, message = found
            problems.append(
                Diagnostic(relpath, line + body.count("\n", 0, index), body_field, message)
            )
    if data is None:
        return None, problems
    entry = RawEntry(
        source.type,
        source.slug,
        source.relpath,
        data,
        lines,
        digest=source_digest(source, raw, raw_zh),
    )
    for lang, body, relpath, line in bodies:
        if _has_language(data.get(body_field), lang):
            problems.append(
                Diagnostic(
                    relpath,
                    line,
                    body_field,
                    "given twice, in the front matter and as "
                    "the Markdown body: expected one or the other",
                )
            )
            continue
        value = data.get(body_field)
        merged = (
            dict(value)
            if isinstance(value, dict)
            else ({"en": value, "zh": value} if isinstance(value, str) else {})
        )
        merged[lang] = body.strip("\n")
        data[body_field] = merged
        entry.body_field_lines[lang] = (relpath, line)
        lines.setdefault((body_field,), line)
    return entry, problems


def _no_front_matter(text: str) -> str:
    if FRONT_MATTER_START_RE.match(text):
        return "front matter without its closing --- line: expected the fields between --- lines"
    return "no front matter: expected the fields between --- lines at the top"


def _has_language(value, lang: str) -> bool:
    return isinstance(value, str) or (isinstance(value, dict) and lang in value)


def _decode(relpath: str, raw: bytes) -> tuple[str, Diagnostic | None]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return "", Diagnostic(
            relpath,
            line,
            "",
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset "
            f"{error.start}): expected the file saved as UTF-8",
        )
    return normalise_breaks(text.removeprefix("\ufeff")), None


def parse_yaml(
    relpath: str, text: str, long_field: str, *, line_offset: int = 0, empty: str = EMPTY_FILE
):
    """YAML text -> (mapping, {field path: line}, problems); mapping is None when unusable, and
    given with problems when only its text is wrong, so that its fields are checked too.

    long_field is the long Markdown text, the one field where invisible characters may be.
    Characters never allowed are blanked out before YAML reads the text: YAML would read the
    line separators as line breaks where an editor shows none, and refuse control characters
    without saying in which field they are."""
    blanked = _Blanked(text)
    text = blanked.text
    deep = _too_deep(text)
    if deep is not None:
        problem = Diagnostic(relpath, deep + 1 + line_offset, "", depth_problem())
        return None, {}, [*blanked.stray(relpath, line_offset), problem]
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            problem = Diagnostic(relpath, 1 + line_offset, "", empty)
            return None, {}, [*blanked.stray(relpath, line_offset), problem]
        if not isinstance(node, yaml.MappingNode):
            problem = Diagnostic(
                relpath,
                node.start_mark.line + 1 + line_offset,
                "",
                "expected a YAML mapping of fields, such as 'name: ...'",
            )
            return None, {}, [*blanked.stray(relpath, line_offset), problem]
        check = _Check(
            relpath,
            line_offset,
            long_field,
            loader.resolve,
            blanked,
            scan=blanked.suspect or "\\" in text,
        )
        check.node(node, ())
        if check.problems:
            problems = check.problems + check.text_problems + blanked.stray(relpath, line_offset)
            return None, check.lines, problems
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:  # the characters YAML's reader refuses are blanked
        problem = _yaml_problem(relpath, error, line_offset)
        return None, {}, [*blanked.stray(relpath, line_offset), problem]
    finally:
        if loader is not None:
            loader.dispose()
    return data, check.lines, check.text_problems + blanked.stray(relpath, line_offset)


def _too_deep(text: str) -> int | None:
    """The line (from 0) where lists and maps first nest deeper than MAX_DEPTH, or None.

    Composing nodes recurses (libyaml's composer overflows the C stack at some 100,000 levels,
    and walking them would exhaust Python's recursion limit far earlier), so it comes first; but
    only when the text alone cannot rule it out, and on the parser's events, which are produced
    without recursion and so measure what YAML will compose exactly, whatever the quotes and
    comments."""
    if not may_nest_too_deep(text):
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line if event.start_mark else 0
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass  # composing stops at the same place, and reports it
    return None


def _yaml_problem(relpath: str, error: yaml.MarkedYAMLError, line_offset: int) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    line = (mark.line + 1 if mark else 1) + line_offset
    problem = error.problem or error.context or "cannot be read"
    if error.context and error.context_mark and error.problem:
        problem += (
            f" ({error.context} that starts on line {error.context_mark.line + 1 + line_offset})"
        )
    return Diagnostic(
        relpath,
        line,
        "",
        f"invalid YAML: {problem}; expected 'field: value' lines with consistent indentation",
    )


class _Blanked:
    """The characters never allowed, found in a text and replaced by BLANK before YAML reads it,
    each reported once: with the first field it is in, or alone on its line."""

    def __init__(self, text: str):
        self.original = self.text = text
        self.positions: list[int] = []
        self.newlines: list[int] = []
        self.suspect = maybe_refused(text)  # else, as nearly always, nothing more to look for
        if self.suspect and NEVER_RE.search(text):
            self.positions = [found.start() for found in NEVER_RE.finditer(text)]
            self.text = NEVER_RE.sub(BLANK, text)
            self.newlines = [found.start() for found in re.finditer("\n", text)]
        self.reported = [False] * len(self.positions)

    def line(self, index: int) -> int:
        """The line, from 1, of the character at index."""
        return bisect.bisect(self.newlines, index) + 1

    def first_within(self, start: int, end: int) -> int | None:
        """The first blanked character from start to end (a scalar), now counted as reported."""
        first = bisect.bisect_left(self.positions, start)
        last = bisect.bisect_left(self.positions, end)
        if first == last:
            return None
        self.reported[first:last] = [True] * (last - first)
        return self.positions[first]

    def stray(self, relpath: str, line_offset: int) -> list[Diagnostic]:
        """A problem for each line with blanked characters in no field (in a comment, say)."""
        problems: dict[int, Diagnostic] = {}
        for index, reported in zip(self.positions, self.reported, strict=True):
            line = self.line(index) + line_offset
            if not reported and line not in problems:
                message = _refusal(self.original[index], one_line=False, long_field="")
                problems[line] = Diagnostic(relpath, line, "", message)
        return list(problems.values())


@dataclass
class _Check:
    """One walk over the composed nodes: records each field's line, and refuses what YAML allows
    but an entry must not have (aliases of lists and maps, tags, keys that are not names, numbers
    too long, characters the text policy refuses)."""

    relpath: str
    offset: int
    long_field: str
    resolve: Callable
    blanked: _Blanked
    scan: bool  # whether a string may hold a refused character (an escape, an odd character)
    lines: dict = field(default_factory=dict)  # field path tuple -> line number
    problems: list = field(default_factory=list)  # the data cannot be made from the nodes
    text_problems: list = field(default_factory=list)  # it can, but is not printable text
    seen: set = field(default_factory=set)

    def problem(self, line: int, path: tuple, message: str, *, text: bool = False) -> None:
        found = self.text_problems if text else self.problems
        found.append(Diagnostic(self.relpath, line, field_name(path), message))

    def node(self, node: yaml.Node, path: tuple) -> None:
        line = node.start_mark.line + 1 + self.offset
        self.lines.setdefault(path, line)
        kind, tag = type(node), node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag == STR_TAG:
                if self.scan:
                    self.text(node, path, line, one_line=path[:1] != (self.long_field,))
            elif self.plain_scalar(node, path, line) and tag == INT_TAG:
                self.number(node, path, line)
            return
        if tag != (SEQ_TAG if kind is yaml.SequenceNode else MAP_TAG):
            self.refuse_tag(tag, path, line)
            return
        if id(node) in self.seen:
            # A list or map used twice is a YAML alias (*name); refused, as aliases can nest into
            # billions of values from a few lines.
            message = "a YAML alias of a list or map: expected the values written out"
            self.problem(self.lines[path], path, message)
            return
        self.seen.add(id(node))
        if kind is yaml.SequenceNode:
            for index, item in enumerate(node.value):
                self.node(item, (*path, index))
            return
        keys_seen: dict = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1 + self.offset
            if key_node.tag != STR_TAG or type(key_node) is not yaml.ScalarNode:
                self.not_a_name(key_node, path, line)
                continue
            key = key_node.value
            if self.scan:
                self.text(key_node, (*path, key), line, one_line=True)
            if key in keys_seen:
                self.problem(
                    line,
                    (*path, key),
                    f"given twice (first on line {keys_seen[key]}): expected each field once",
                )
                continue
            keys_seen[key] = line
            self.lines[(*path, key)] = line
            self.node(value_node, (*path, key))

    def not_a_name(self, node: yaml.Node, path: tuple, line: int) -> None:
        """A key that is a number, a list, a map, or has a tag."""
        if type(node) is yaml.ScalarNode:
            plain = self.plain_scalar(node, path, line)
        else:
            plain = node.tag == (SEQ_TAG if type(node) is yaml.SequenceNode else MAP_TAG)
            if not plain:
                self.refuse_tag(node.tag, path, line)
        if plain:
            self.problem(
                line, path, f"{_key(node)} is not a field name: expected a name such as 'title'"
            )

    def plain_scalar(self, node: yaml.ScalarNode, path: tuple, line: int) -> bool:
        """Whether a number, true/false or nothing has the tag YAML gives it by itself (an
        explicit !!int on 12 is harmless, one on 'abc' is not); a problem if not."""
        tag = node.tag
        if tag in PLAIN_TAGS and self.resolve(yaml.ScalarNode, node.value, (True, False)) == tag:
            return True
        self.refuse_tag(tag, path, line)
        return False

    def refuse_tag(self, tag: str, path: tuple, line: int) -> None:
        self.problem(
            line,
            path,
            f"the YAML tag {_shorten(_short_tag(tag))} is not allowed: expected text, a number, "
            "true/false, a list or a map, written without a tag",
        )

    def number(self, node: yaml.ScalarNode, path: tuple, line: int) -> None:
        if len(node.value) > MAX_NUMBER_LENGTH:
            self.problem(
                line,
                path,
                f"a number {len(node.value):,} characters long: expected at most "
                f"{MAX_NUMBER_LENGTH}",
            )

    def text(self, node: yaml.ScalarNode, path: tuple, line: int, *, one_line: bool) -> None:
        """The text policy on one string, once: a character blanked out before parsing, else
        what an escape such as "\\x1b" made. Carriage returns become line feeds."""
        if self.blanked.positions:
            index = self.blanked.first_within(node.start_mark.index, node.end_mark.index)
            if index is not None:
                char = self.blanked.original[index]
                message = _refusal(char, one_line=one_line, long_field=self.long_field)
                self.problem(self.blanked.line(index) + self.offset, path, message, text=True)
                return
        found = character_problem(node.value, one_line=one_line, long_field=self.long_field)
        if found:
            self.problem(line, path, found[1], text=True)
        elif "\r" in node.value:
            node.value = normalise_breaks(node.value)


def _key(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a map"
    return f"the key '{_shorten(node.value)}'"


def _short_tag(tag: str) -> str:
    if tag.startswith(YAML):
        return "!!" + tag.removeprefix(YAML)
    return tag if tag.startswith("!") else f"!<{tag}>"


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _refusal(char: str, *, one_line: bool, long_field: str) -> str:
    """The message for a character the policy refused before parsing."""
    found = character_problem(char, one_line=one_line, long_field=long_field)
    if found is None:
        raise ValueError(f"U+{ord(char):04X} was blanked but is not refused")
    return found[1]

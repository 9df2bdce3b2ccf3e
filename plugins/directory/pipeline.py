"""Load, validate and link a content folder: the pure part of the build, shared by the CLI."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic
from .images import ImageCatalog, check_images
from .incremental import BuildMemory, Checked, TreeScan
from .linking import Directory, check_links, link
from .loading import (
    IMAGES_FOLDER,
    FoundImage,
    RawEntry,
    discover,
    discover_images,
    load_entry,
    parse_entry,
    read_source,
    source_digest,
    source_stamp,
)
from .model import ContentModel, Entry, load_model
from .validation import validate


@dataclass
class Loaded:
    raws: list[RawEntry]
    problems: list[Diagnostic]
    broken: set  # (type, slug) of entries that could not be read
    # (type, slug) of every entry file, read or not, in the order found: links to them are not
    # broken
    known: dict[tuple[str, str], str]
    images: list[FoundImage]  # what is in content/images/, checked by the validate stage
    images_folder: str  # content/images as messages show it
    # Entry files an earlier build read and validated, unchanged since: digest -> (incremental.py)
    checked: dict[bytes, Checked] = field(default_factory=dict)
    parsed: dict[bytes, list[Diagnostic]] = field(default_factory=dict)  # read now: digest ->
    stamps: dict[str, tuple[tuple | None, bytes]] = field(default_factory=dict)
    # each type folder's entry files, by its listing, for the next build (loading.discover)
    discovered: dict[str, tuple] = field(default_factory=dict)


@dataclass
class Validated:
    entries: list[Entry]
    problems: list[Diagnostic]
    broken: set
    known: dict[tuple[str, str], str]
    images: ImageCatalog
    checked: dict[bytes, Checked] = field(default_factory=dict)  # every entry file, by digest


@dataclass
class Result:
    directory: Directory
    problems: list[Diagnostic]
    broken: set  # (type, slug) of entries left out because of their problems
    images: ImageCatalog  # what content/images/ may publish


def build_directory(
    content_dir: Path,
    display_root: Path | None = None,
    *,
    model: ContentModel | None = None,
    only: Collection[Path] | None = None,
) -> Result:
    """Every entry under content_dir (or only these files of it), validated and linked, with
    every problem found in one run (model: the project's own unless given)."""
    model = model or load_model()
    content_dir = Path(content_dir).resolve()
    loaded = load_entries(content_dir, model, display_root, only)
    return link_entries(validate_entries(loaded, model, image_copies=False), model)


def load_entries(
    content_dir: Path,
    model: ContentModel,
    display_root: Path | None,
    only: Collection[Path] | None = None,
    memory: BuildMemory | None = None,
    scan: TreeScan | None = None,
) -> Loaded:
    """Load stage: every entry file read and parsed, with the line of each field.

    only: read just these files (those a commit changes); the others are known by their slugs
    alone, so that links to them are not broken. memory: what earlier builds read; a file whose
    size, time and inode are those recorded is not read again, one whose bytes are those of an
    entry validated before is not parsed again. scan: the content folder's walk the build made
    already, whose stamps and listings are not asked of the disk again."""
    content_dir = Path(content_dir).resolve()
    display_root = display_root or content_dir.parent
    sources, problems, discovered = discover(
        content_dir,
        display_root,
        model.names,
        scan.listings if scan else {},
        memory.discovered if memory else None,
    )
    stats = scan.stats if scan else {}
    images, image_problems = discover_images(content_dir, display_root)
    problems += image_problems
    selected = None if only is None else {Path(path).resolve() for path in only}
    if selected is not None:
        problems = [p for p in problems if (display_root / p.path).resolve() in selected]
    raws: list[RawEntry] = []
    broken: set = set()
    first_seen: dict = {}
    checked: dict[bytes, Checked] = {}
    parsed: dict[bytes, list[Diagnostic]] = {}
    stamps: dict[str, tuple[tuple | None, bytes]] = {}
    for source in sources:
        key = (source.type, source.slug)
        if key in first_seen:
            problems.append(
                Diagnostic(
                    source.relpath,
                    1,
                    "slug",
                    f"'{source.slug}' is already "
                    f"the slug of {first_seen[key]}: expected one file per "
                    "slug",
                )
            )
            continue
        first_seen[key] = source.relpath
        if (
            selected is not None
            and not {Path(p) for p in (source.path, source.zh_path) if p} & selected
        ):
            continue
        if memory is None:
            raw, found = load_entry(source, model[source.type].body_field)
        else:
            stamp = source_stamp(source, stats)
            recorded = memory.stamps.get(source.relpath)
            seen = recorded[1] if stamp is not None and recorded and recorded[0] == stamp else None
            if seen is None or seen not in memory.checked:
                raw_bytes, raw_zh, found = read_source(source)
                if found:
                    problems.extend(found)
                    broken.add(key)
                    continue
                seen = source_digest(source, raw_bytes, raw_zh)
            stamps[source.relpath] = (stamp, seen)
            if seen in memory.checked:
                hit = checked[seen] = memory.checked[seen]
                if hit.problems:
                    broken.add(key)
                    problems.extend(hit.problems)
                continue
            raw, found = parse_entry(source, raw_bytes, raw_zh, model[source.type].body_field)
            parsed[seen] = found
        if raw is not None:  # its fields are checked even when its text has problems
            raws.append(raw)
        if found:
            broken.add(key)
        problems.extend(found)
    folder = (content_dir / IMAGES_FOLDER).relative_to(display_root).as_posix()
    return Loaded(
        raws, problems, broken, first_seen, images, folder, checked, parsed, stamps, discovered
    )


def validate_entries(
    loaded: Loaded, model: ContentModel, *, image_copies: bool = True
) -> Validated:
    """Validate stage: each entry against its type, its images, and its links to others.
    Every image is decoded here, once: with the smaller copies the build publishes unless
    image_copies is false (make validate)."""
    entries: list[Entry] = [c.entry for c in loaded.checked.values() if c.entry is not None]
    problems, broken = list(loaded.problems), set(loaded.broken)
    checked = dict(loaded.checked)
    for raw in loaded.raws:
        entry, found = validate(raw, model)
        entries.append(entry)
        if found:
            broken.add(entry.key)
        problems.extend(found)
        if raw.digest in loaded.parsed:
            checked[raw.digest] = Checked(entry, loaded.parsed[raw.digest] + found)
    for seen, found in loaded.parsed.items():
        checked.setdefault(seen, Checked(None, found))
    if loaded.checked:  # in the order the files were found, as when every file is read
        place = {key: number for number, key in enumerate(loaded.known)}
        entries.sort(key=lambda e: place[e.key])
    used = _images_used(entries)
    images = check_images(
        loaded.images_folder, loaded.images, copies_of=set(used) if image_copies else set()
    )
    problems.extend(_image_problems(used, images))
    problems.extend(check_links(entries, loaded.known, model))
    key_of = {e.relpath: e.key for e in entries}
    broken.update(key_of[p.path] for p in problems if p.path in key_of)
    return Validated(entries, problems, broken, loaded.known, images, checked)


def link_entries(validated: Validated, model: ContentModel) -> Result:
    """Link stage: the directory of the entries without problems, linked both ways."""
    directory = link([e for e in validated.entries if e.key not in validated.broken], model)
    return Result(directory, sorted(validated.problems), validated.broken, validated.images)


def _images_used(entries: list[Entry]) -> dict[str, list[Entry]]:
    """{src in content/images/: the entries showing it}."""
    used: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.image_src:
            used.setdefault(entry.image_src, []).append(entry)
    return used


def _image_problems(used: dict[str, list[Entry]], images: ImageCatalog) -> list[Diagnostic]:
    """An entry's image must be a file in content/images/ that may be published; a file there
    that may not is a problem of the entries showing it, else of its own."""
    problems = []
    for src, users in used.items():
        if src in images.accepted:
            continue
        if src in images.refused:
            message = f"{images.folder}/{src}: {images.refused[src][1]}"
        else:
            message = (
                f"no file {images.folder}/{src}: expected the path of an image in {images.folder}/"
            )
        for entry in users:
            name = entry.entry_type.image_field or ""
            line = entry.line(name, "src")
            problems.append(Diagnostic(entry.relpath, line, f"{name}.src", message))
    for src, (relpath, why) in images.refused.items():
        if src not in used:
            problems.append(Diagnostic(relpath, 1, "", why))
    return problems


def display_root_for(content_dir: Path) -> Path:
    """Paths in messages are relative to the working directory when the content is inside it
    (content/artists/x.yaml), else to the content folder's parent."""
    content_dir = Path(content_dir).resolve()
    cwd = Path.cwd().resolve()
    return cwd if content_dir.is_relative_to(cwd) else content_dir.parent

"""Load, validate and link a content folder: the pure part of the build, shared by the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic
from .images import ImageError, size_of
from .linking import Directory, check_links, link
from .loading import RawEntry, discover, load_entry
from .model import ContentModel, Entry, load_model
from .validation import validate


@dataclass
class Loaded:
    raws: list[RawEntry]
    problems: list[Diagnostic]
    broken: set  # (type, slug) of entries that could not be read
    known: set  # (type, slug) of every entry file, read or not: links to them are not broken


@dataclass
class Validated:
    entries: list[Entry]
    problems: list[Diagnostic]
    broken: set
    known: set


@dataclass
class Result:
    directory: Directory
    problems: list[Diagnostic]
    broken: set  # (type, slug) of entries left out because of their problems


def build_directory(
    content_dir: Path, display_root: Path | None = None, *, model: ContentModel | None = None
) -> Result:
    """Every entry under content_dir, validated and linked, with every problem found in one run
    (model: the project's own unless given)."""
    model = model or load_model()
    content_dir = Path(content_dir).resolve()
    loaded = load_entries(content_dir, model, display_root)
    return link_entries(validate_entries(loaded, model, content_dir), model)


def load_entries(content_dir: Path, model: ContentModel, display_root: Path | None) -> Loaded:
    """Load stage: every entry file read and parsed, with the line of each field."""
    content_dir = Path(content_dir).resolve()
    display_root = display_root or content_dir.parent
    sources, problems = discover(content_dir, display_root, model.names)
    raws: list[RawEntry] = []
    broken: set = set()
    first_seen: dict = {}
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
        raw, found = load_entry(source, model[source.type].body_field)
        if raw is not None:  # its fields are checked even when its text has problems
            raws.append(raw)
        if found:
            broken.add(key)
        problems.extend(found)
    return Loaded(raws, problems, broken, set(first_seen))


def validate_entries(loaded: Loaded, model: ContentModel, content_dir: Path) -> Validated:
    """Validate stage: each entry against its type, its images, and its links to others."""
    entries: list[Entry] = []
    problems, broken = list(loaded.problems), set(loaded.broken)
    for raw in loaded.raws:
        entry, found = validate(raw, model)
        entries.append(entry)
        if found:
            broken.add(entry.key)
        problems.extend(found)
    problems.extend(_missing_images(entries, Path(content_dir).resolve()))
    problems.extend(check_links(entries, loaded.known, model))
    key_of = {e.relpath: e.key for e in entries}
    broken.update(key_of[p.path] for p in problems if p.path in key_of)
    return Validated(entries, problems, broken, loaded.known)


def link_entries(validated: Validated, model: ContentModel) -> Result:
    """Link stage: the directory of the entries without problems, linked both ways."""
    directory = link([e for e in validated.entries if e.key not in validated.broken], model)
    return Result(directory, sorted(validated.problems), validated.broken)


def _missing_images(entries: list[Entry], content_dir: Path) -> list[Diagnostic]:
    """An image must be a file inside content/images/ that can be read as an image."""
    images = (content_dir / "images").resolve()
    problems = []
    for entry in entries:
        image_field = entry.entry_type.image_field
        image = entry.fields.get(image_field) if image_field else None
        if not image:
            continue
        path = (images / image["src"]).resolve()
        if not (path.is_relative_to(images) and path.is_file()):
            problems.append(
                Diagnostic(
                    entry.relpath,
                    entry.line(image_field, "src"),
                    f"{image_field}.src",
                    f"no file content/images/{image['src']}: expected the path of an image in "
                    "content/images/",
                )
            )
            continue
        try:
            size_of(path)
        except ImageError:
            problems.append(
                Diagnostic(
                    entry.relpath,
                    entry.line(image_field, "src"),
                    f"{image_field}.src",
                    f"content/images/{image['src']} cannot be read as an image: expected a "
                    "JPEG, PNG, WebP or GIF file",
                )
            )
    return problems


def display_root_for(content_dir: Path) -> Path:
    """Paths in messages are relative to the working directory when the content is inside it
    (content/artists/x.yaml), else to the content folder's parent."""
    content_dir = Path(content_dir).resolve()
    cwd = Path.cwd().resolve()
    return cwd if content_dir.is_relative_to(cwd) else content_dir.parent

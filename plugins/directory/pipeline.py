"""Load, validate and link a content folder: the pure part of the build, shared by the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic
from .images import ImageError, size_of
from .linking import Directory, check_links, link
from .loading import discover, load_entry
from .schema import type_schema
from .validation import Entry, validate


@dataclass
class Result:
    directory: Directory
    problems: list[Diagnostic]
    broken: set  # (type, slug) of entries left out because of their problems


def build_directory(content_dir: Path, display_root: Path | None = None) -> Result:
    """Every entry under content_dir, validated and linked, with every problem found in one run."""
    content_dir = Path(content_dir).resolve()
    display_root = display_root or content_dir.parent
    sources, problems = discover(content_dir, display_root)
    entries: list[Entry] = []
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
        raw, found = load_entry(source, type_schema(source.type).body_field)
        if raw is not None:  # its fields are checked even when its text has problems
            entry, more = validate(raw)
            entries.append(entry)
            found = [*found, *more]
        if found:
            broken.add(key)
        problems.extend(found)
    problems.extend(_missing_images(entries, content_dir))
    problems.extend(check_links(entries, set(first_seen)))
    key_of = {e.relpath: e.key for e in entries}
    broken.update(key_of[p.path] for p in problems if p.path in key_of)
    directory = link([e for e in entries if e.key not in broken])
    return Result(directory, sorted(problems), broken)


def _missing_images(entries: list[Entry], content_dir: Path) -> list[Diagnostic]:
    """An image must be a file inside content/images/ that can be read as an image."""
    images = (content_dir / "images").resolve()
    problems = []
    for entry in entries:
        image = entry.fields.get("image")
        if not image:
            continue
        path = (images / image["src"]).resolve()
        if not (path.is_relative_to(images) and path.is_file()):
            problems.append(
                Diagnostic(
                    entry.relpath,
                    entry.line("image", "src"),
                    "image.src",
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
                    entry.line("image", "src"),
                    "image.src",
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

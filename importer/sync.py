"""Write the rendered entries, leaving alone every file an editor has changed since the import.

The manifest (``.import-manifest.json`` in the output folder, which the site ignores) records the
SHA-256 of each file as the importer last wrote it. A file whose bytes still match is the
importer's to update or remove; a file that differs was edited by hand and is kept, with a
unified diff of what the import would have written. A file the manifest does not know (an
editor's own entry) is never touched. ``force`` overwrites hand edits.

An import merges: files it no longer writes are removed only when ``owned`` says the run owns
them (an import of one source leaves the other's alone), and never those in ``keep`` (entries
kept as history, such as events that have left the feed, and what they link to).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

log = logging.getLogger(__name__)

MANIFEST = ".import-manifest.json"
ACTIONS = ("created", "updated", "unchanged", "hand-edited", "removed", "kept")


@dataclass
class SyncResult:
    """What happened to each file: counts per (entry type, action), and the hand-edit diffs."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    diffs: list[str] = field(default_factory=list)
    # (entry type, field): how many updated entries gained, lost or changed that field
    fields: Counter[tuple[str, str]] = field(default_factory=Counter)

    def count(self, relpath: str, action: str) -> None:
        self.counts[relpath.split("/", 1)[0], action] += 1

    def compare(self, relpath: str, old: bytes, new: str) -> None:
        """Count the top-level fields an update adds, removes or changes."""
        entry_type = relpath.split("/", 1)[0]
        try:
            before = yaml.safe_load(old.decode("utf-8")) or {}
            after = yaml.safe_load(new) or {}
        except (yaml.YAMLError, UnicodeDecodeError):
            self.fields[entry_type, "(unreadable before)"] += 1
            return
        for name in sorted(set(before) | set(after)):
            if name not in before:
                self.fields[entry_type, f"{name} added"] += 1
            elif name not in after:
                self.fields[entry_type, f"{name} removed"] += 1
            elif before[name] != after[name]:
                self.fields[entry_type, f"{name} changed"] += 1


def digest(content: str | bytes) -> str:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(data).hexdigest()


def sync(
    output: Path,
    files: dict[str, str],
    *,
    force: bool = False,
    keep: frozenset[str] = frozenset(),
    owned: Callable[[str], bool] | None = None,
) -> SyncResult:
    """Bring ``output`` in line with ``files`` ({relative path: text}), keeping ``keep`` and
    what ``owned`` (relpath -> bool) says the run does not own."""
    result = SyncResult()
    written = _read_manifest(output)
    manifest: dict[str, str] = {}
    for relpath, text in sorted(files.items()):
        path = output / relpath
        new = digest(text)
        if not path.exists():
            _write(path, text)
            result.count(relpath, "created")
            manifest[relpath] = new
            continue
        on_disk = path.read_bytes()
        current = digest(on_disk)
        if current == new:
            result.count(relpath, "unchanged")
            manifest[relpath] = new
        elif force or written.get(relpath) == current:
            result.compare(relpath, on_disk, text)
            _write(path, text)
            result.count(relpath, "updated")
            manifest[relpath] = new
        else:
            result.count(relpath, "hand-edited")
            result.diffs.append(_diff(relpath, on_disk, text))
            if relpath in written:
                manifest[relpath] = written[relpath]
    for relpath in sorted(set(written) - set(files)):
        path = output / relpath
        if not path.exists():
            continue
        if relpath in keep or (owned is not None and not owned(relpath)):
            manifest[relpath] = written[relpath]
            if relpath in keep:
                result.count(relpath, "kept")
            continue
        if force or digest(path.read_bytes()) == written[relpath]:
            path.unlink()
            result.count(relpath, "removed")
        else:
            result.count(relpath, "hand-edited")
            result.diffs.append(f"{relpath}: edited by hand and no longer imported; kept\n")
    _write_manifest(output, manifest)
    return result


def _diff(relpath: str, on_disk: bytes, imported: str) -> str:
    return "".join(
        difflib.unified_diff(
            on_disk.decode("utf-8", errors="replace").splitlines(keepends=True),
            imported.splitlines(keepends=True),
            fromfile=f"{relpath} (edited by hand, kept)",
            tofile=f"{relpath} (what the import would write)",
        )
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def _read_manifest(output: Path) -> dict[str, str]:
    path = output / MANIFEST
    if not path.exists():
        return {}
    try:
        files = json.loads(path.read_text(encoding="utf-8"))["files"]
        return {str(relpath): str(sha) for relpath, sha in files.items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        log.warning("%s: unreadable, so every existing file counts as edited by hand", path)
        return {}


def _write_manifest(output: Path, manifest: dict[str, str]) -> None:
    text = json.dumps(
        {
            "about": "Written by `python -m importer`: the SHA-256 of each file as last imported. "
            "A file that no longer matches was edited by hand and is left alone.",
            "files": dict(sorted(manifest.items())),
        },
        indent=2,
        ensure_ascii=False,
    )
    path = output / MANIFEST
    if not path.exists() or path.read_text(encoding="utf-8") != text + "\n":
        _write(path, text + "\n")

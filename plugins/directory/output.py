"""Write stage: the output folder, written once per file, and cleared of pages whose entries
are gone. The folder is never emptied before a build: a failed build must keep it, and every
file is replaced whole (atomic_write), so a failed write never leaves one cut short."""

from __future__ import annotations

import fcntl
import logging
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import WriteError

log = logging.getLogger(__name__)
# In every output folder: the sign that it is a site of ours, which make publish may replace
# whole (publish.py refuses any other folder that is not empty).
MARKER = ".harbour-crossings-output"
MARKER_TEXT = (
    b"A site built by Harbour Crossings (make html, make publish).\n"
    b"make publish replaces this folder whole: keep nothing else in it.\n"
)


class OutputFolder:
    def __init__(self, root: Path):
        """A folder the build starts from empty (or absent) is marked as a site of ours; one
        marked already stays so; any other is written into but never marked."""
        self.root = Path(root)
        self.written: set[Path] = set()
        self.folders: set[Path] = set()  # made or found this build
        if not self.root.exists() or not any(self.root.iterdir()):
            mark_output(self.root)

    def move(self, name: str, staged: Path) -> None:
        """Put a file made in the staging folder in place, in one step (a file made in its
        place already stays)."""
        path = self.root / name
        if staged == path:
            self.written.add(path)
            return
        self._folder(path.parent)
        try:
            os.replace(staged, path)
        except OSError as error:
            raise WriteError(path, error.strerror or str(error)) from error
        self.written.add(path)

    def _folder(self, folder: Path) -> None:
        if folder not in self.folders:
            folder.mkdir(parents=True, exist_ok=True)
            self.folders.add(folder)

    def empty(self) -> None:
        """Remove everything but the marker: what a failed build wrote into a folder that held
        nothing before it."""
        for path in self.root.iterdir():
            if path.name == MARKER:
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()

    def remove(self, names: list[str]) -> None:
        """Remove these files (of the last build: no longer part of the site), and the folders
        they leave empty."""
        for name in names:
            path = self.root / name
            path.unlink(missing_ok=True)
            log.info("removed %s: no longer part of the site", path)
            self._prune(path)

    def _prune(self, path: Path) -> None:
        for parent in path.parents:
            if parent == self.root or not parent.is_dir() or any(parent.iterdir()):
                break
            parent.rmdir()

    def remove_stale(self, folders) -> list[str]:
        """Remove the pages under these folders (the language prefixes) not written this time."""
        removed = []
        for folder in folders:
            for path in sorted((self.root / folder).rglob("*.html")):
                if path not in self.written:
                    path.unlink()
                    log.info("removed %s: its entry is gone", path)
                    removed.append(path.relative_to(self.root).as_posix())
                    self._prune(path)
        return removed

    def remove_unwritten(self, folders) -> list[str]:
        """Remove the files under these folders not written by this build."""
        removed = []
        for folder in folders:
            for path in sorted((self.root / folder).rglob("*"), reverse=True):
                if path.is_file() and path not in self.written:
                    path.unlink()
                    removed.append(path.relative_to(self.root).as_posix())
                elif path.is_dir() and not any(path.iterdir()):
                    path.rmdir()
        return removed


def mark_output(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / MARKER, MARKER_TEXT)


def atomic_write(path: Path, data: bytes) -> None:
    """Put data at path in one step: written to a new file beside it, then renamed over it,
    so that a failed write leaves the previous file as it was (and raises WriteError)."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise WriteError(path, error.strerror or str(error)) from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def exclusive(lock: Path, holder: Path, waiting: str) -> Iterator[None]:
    """An exclusive lock (flock) on lock, a folder or a lock file (made if absent), held until
    the block ends. When another process holds it, "holder: waiting" is logged once and the
    lock waited for. The kernel drops a lock when its process dies: none is ever stale."""
    flags = os.O_RDONLY if lock.is_dir() else os.O_RDWR | os.O_CREAT
    descriptor = os.open(lock, flags, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("%s: %s", holder, waiting)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)

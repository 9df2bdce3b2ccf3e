"""Write stage: the output folder, written once per file, and cleared of pages whose entries
are gone. The folder is never emptied before a build: a failed build must keep it."""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import minify_html

log = logging.getLogger(__name__)


class OutputFolder:
    def __init__(self, root: Path, *, minify: bool):
        self.root = Path(root)
        self.minify = minify
        self.written: set[Path] = set()

    def write(self, name: str, text: str) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.minify and name.endswith(".html"):
            text = minify_html.minify(
                text, minify_css=True, keep_closing_tags=True, keep_html_and_head_opening_tags=True
            )
        path.write_text(text, encoding="utf-8", newline="")  # CRLF stays CRLF (.ics)
        self.written.add(path)

    def write_bytes(self, name: str, data: bytes) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not (path.exists() and path.read_bytes() == data):
            path.write_bytes(data)

    def remove_stale(self, folders) -> None:
        """Remove the pages under these folders (the language prefixes) not written this time."""
        for folder in folders:
            for path in sorted((self.root / folder).rglob("*.html")):
                if path not in self.written:
                    path.unlink()
                    log.info("removed %s: its entry is gone", path)
                    for parent in path.parents:
                        if parent == self.root or any(parent.iterdir()):
                            break
                        parent.rmdir()


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

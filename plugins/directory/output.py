"""Write stage: the output folder, written once per file, and cleared of pages whose entries
are gone. The folder is never emptied before a build: a failed build must keep it."""

from __future__ import annotations

import logging
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
        self.written.add(path)

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

    def copy_tree(self, source: Path, folder: str) -> None:
        """Copy the regular files under source into folder (a file already the same is left
        alone); nothing that leads outside source is followed."""
        if not source.is_dir():
            return
        real = source.resolve()
        for path in sorted(source.rglob("*")):
            if path.is_symlink() or not path.is_file() or not path.resolve().is_relative_to(real):
                continue
            self.write_bytes(f"{folder}/{path.relative_to(source).as_posix()}", path.read_bytes())

    def remove_unwritten(self, folders) -> None:
        """Remove the files under these folders not written by this build."""
        for folder in folders:
            for path in sorted((self.root / folder).rglob("*"), reverse=True):
                if path.is_file() and path not in self.written:
                    path.unlink()
                elif path.is_dir() and not any(path.iterdir()):
                    path.rmdir()

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

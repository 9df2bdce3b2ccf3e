"""Gzip and brotli copies beside each text file of a finished build, for hosts that serve them
(nginx gzip_static / brotli_static). Deterministic: no timestamps or names in the headers."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".txt", ".svg", ".ics", ".csv"}


def compress_tree(root: Path) -> int:
    """Write name.gz and name.br beside every text file under root; returns how many files."""
    count = 0
    for path in sorted(root.rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        data = path.read_bytes()
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))
        path.with_name(path.name + ".br").write_bytes(brotli.compress(data, quality=11))
        count += 1
    return count

"""Gzip and brotli copies beside each text file of a finished build, for hosts that serve them
(nginx gzip_static / brotli_static). Deterministic: no timestamps or names in the headers."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

from .output import atomic_write

TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".txt", ".svg", ".ics", ".csv"}


def compress_tree(root: Path) -> int:
    """Write name.gz and name.br beside every text file under root; returns how many files."""
    count = 0
    for path in sorted(root.rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        _compress(path)
        count += 1
    return count


def compress_files(root: Path, written: list[str], removed: list[str]) -> int:
    """Compress again the text files a build wrote (paths below root), and remove the copies of
    those it removed; returns how many files were compressed."""
    for name in removed:
        for suffix in (".gz", ".br"):
            (root / (name + suffix)).unlink(missing_ok=True)
    count = 0
    for name in written:
        path = root / name
        if path.suffix in TEXT_SUFFIXES:
            _compress(path)
            count += 1
    return count


def _compress(path: Path) -> None:
    data = path.read_bytes()
    atomic_write(path.with_name(path.name + ".gz"), gzip.compress(data, 9, mtime=0))
    atomic_write(path.with_name(path.name + ".br"), brotli.compress(data, quality=11))

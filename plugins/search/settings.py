"""The plugin's settings: one ``SEARCH`` dict in pelicanconf.py, declared here, checked once at
start-up (plugins/directory/settings.py reads it)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from plugins.directory.cache import cache_root


@dataclass(frozen=True)
class SearchSettings:
    """None yet: the build's search export needs no setting (its state is in the build's
    memory), and ``make search`` keeps its whoosh index in the user's cache (default_cache). A
    SEARCH dict in pelicanconf.py is still read, so that any key in it is refused by name."""


def default_cache(content_dir: Path, environ: Mapping[str, str] = os.environ) -> Path:
    """search/<hash of the content folder's resolved path> in the cache root: one index per
    content folder, never inside a folder the content tree brings."""
    digest = hashlib.sha256(os.fsencode(Path(content_dir).resolve())).hexdigest()[:16]
    return cache_root(environ) / "search" / digest

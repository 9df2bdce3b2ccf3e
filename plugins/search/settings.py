"""The plugin's settings: one ``SEARCH`` dict in pelicanconf.py, declared here, checked once at
start-up (plugins/directory/settings.py reads it)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from plugins.directory.cache import cache_root
from plugins.directory.settings import setting


@dataclass(frozen=True)
class SearchSettings:
    cache_dir: str = setting(
        "",
        "Where the persistent whoosh index lives, so a rebuild re-indexes only the entries that "
        "changed; '' for a folder of the user's own cache (default_cache), out of reach of a "
        "content tree or a pull request. A folder given here is checked all the same: an index "
        "is opened only when its signature verifies (indexing.py).",
    )

    def cache_for(self, content_dir: Path) -> Path:
        return Path(self.cache_dir) if self.cache_dir else default_cache(content_dir)


def default_cache(content_dir: Path, environ: Mapping[str, str] = os.environ) -> Path:
    """search/<hash of the content folder's resolved path> in the cache root: one index per
    content folder, never inside a folder the content tree brings."""
    digest = hashlib.sha256(os.fsencode(Path(content_dir).resolve())).hexdigest()[:16]
    return cache_root(environ) / "search" / digest

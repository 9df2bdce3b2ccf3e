"""The plugin's settings: one ``SEARCH`` dict in pelicanconf.py, checked once at start-up."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from plugins.directory.settings import SettingsError, merge_settings

__all__ = ["Config", "SettingsError", "cache_root", "default_cache", "read_settings"]

DEFAULTS = {
    # Where the persistent whoosh index lives, so a rebuild re-indexes only the entries that
    # changed. "" means a folder of the user's own cache (default_cache), out of reach of a
    # content tree or a pull request. A folder given here is checked all the same: an index
    # is opened only when its signature verifies (indexing.py).
    "CACHE_DIR": "",
}


@dataclass(frozen=True)
class Config:
    cache_dir: str

    def cache_for(self, content_dir: Path) -> Path:
        return Path(self.cache_dir) if self.cache_dir else default_cache(content_dir)


def cache_root() -> Path:
    """This user's cache folder for the project: $XDG_CACHE_HOME (when absolute, as the XDG
    spec asks) or ~/.cache, then harbour-crossings/."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache") / "harbour-crossings"


def default_cache(content_dir: Path) -> Path:
    """search/<hash of the content folder's resolved path> in the cache root: one index per
    content folder, never inside a folder the content tree brings."""
    digest = hashlib.sha256(os.fsencode(Path(content_dir).resolve())).hexdigest()[:16]
    return cache_root() / "search" / digest


def read_settings(settings: dict) -> Config:
    """Merge the user's SEARCH dict over the defaults, refusing unknown keys and bad values."""
    merged = merge_settings(settings, "SEARCH", DEFAULTS)
    if not isinstance(merged["CACHE_DIR"], str):
        raise SettingsError("SEARCH['CACHE_DIR']: expected a folder path as text")
    return Config(merged["CACHE_DIR"])

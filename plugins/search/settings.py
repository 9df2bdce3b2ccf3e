"""The plugin's settings: one ``SEARCH`` dict in pelicanconf.py, checked once at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from plugins.directory.settings import SettingsError, merge_settings

__all__ = ["Config", "SettingsError", "read_settings"]

DEFAULTS = {
    # Where the persistent whoosh index lives, so a rebuild re-indexes only the entries that
    # changed. "" means .cache/search/<content folder name> beside the content folder.
    "CACHE_DIR": "",
}


@dataclass(frozen=True)
class Config:
    cache_dir: str

    def cache_for(self, content_dir: Path) -> Path:
        return Path(self.cache_dir) if self.cache_dir else default_cache(content_dir)


def default_cache(content_dir: Path) -> Path:
    content_dir = Path(content_dir).resolve()
    return content_dir.parent / ".cache" / "search" / content_dir.name


def read_settings(settings: dict) -> Config:
    """Merge the user's SEARCH dict over the defaults, refusing unknown keys and bad values."""
    merged = merge_settings(settings, "SEARCH", DEFAULTS)
    if not isinstance(merged["CACHE_DIR"], str):
        raise SettingsError("SEARCH['CACHE_DIR']: expected a folder path as text")
    return Config(merged["CACHE_DIR"])

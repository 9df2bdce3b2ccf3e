"""The plugin's settings: one ``SEARCH`` dict in pelicanconf.py, declared here, checked once at
start-up (plugins/directory/settings.py reads it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from plugins.directory.settings import setting


@dataclass(frozen=True)
class SearchSettings:
    cache_dir: str = setting(
        "",
        "Where the persistent whoosh index lives, so a rebuild re-indexes only the entries that "
        "changed; '' for .cache/search/<content folder name> beside the content folder.",
    )

    def cache_for(self, content_dir: Path) -> Path:
        return Path(self.cache_dir) if self.cache_dir else default_cache(content_dir)


def default_cache(content_dir: Path) -> Path:
    content_dir = Path(content_dir).resolve()
    return content_dir.parent / ".cache" / "search" / content_dir.name

"""Pelican glue: index the directory (generate_context, after the directory plugin has linked
it, before anything is written) and add the search pages to the directory's pages; then write
the exported files."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from pelican.generators import Generator

from plugins.directory.output import atomic_write
from plugins.directory.pages import Page
from plugins.directory.schema import labels
from plugins.directory.settings import read_settings as directory_settings

from .documents import documents
from .exporting import export
from .indexing import open_index, update_index
from .settings import read_settings

log = logging.getLogger(__name__)
PAGE = ("search",)


class SearchGenerator(Generator):
    def generate_context(self):
        config = read_settings(self.settings)
        content_dir = Path(self.path) / directory_settings(self.settings).content_dir
        ix = open_index(config.cache_for(content_dir))
        update = update_index(ix, documents(self.context["directory"]))
        log.info(
            "search index: %d added, %d changed, %d removed, %d unchanged",
            update.added,
            update.changed,
            update.removed,
            update.unchanged,
        )
        self.export = export(ix)
        # The search page of each language, rendered by the directory plugin like its own pages.
        choices = {
            "disciplines": labels("artists", "disciplines"),
            "origins": labels("artists", "origin"),
        }
        self.context["directory_extra_pages"].append(Page("search.html", PAGE, choices))

    def generate_output(self, writer):
        write_export(Path(self.output_path), self.export.files, self.export.gen)


def write_export(output: Path, files: dict[str, bytes], gen: str) -> None:
    """Write the exported files; a generation already written is left as it is, and older
    generations are removed. A generation appears whole (staged, then renamed into place),
    and the manifest pointing at it is replaced whole."""
    folder = output / "search"
    if not (folder / gen).is_dir():
        staging = folder / f".{gen}.tmp"
        shutil.rmtree(staging, ignore_errors=True)
        prefix = f"search/{gen}/"
        for name, data in files.items():
            if name.startswith(prefix):
                path = staging / name[len(prefix) :]
                path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(path, data)
        staging.rename(folder / gen)
    atomic_write(folder / "manifest.json", files["search/manifest.json"])
    for old in folder.iterdir():
        if old.is_dir() and old.name != gen:
            shutil.rmtree(old)

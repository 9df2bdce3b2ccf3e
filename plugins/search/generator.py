"""Pelican glue: index the directory (generate_context, after the directory plugin has linked
it, before anything is written), then write the exported files and the search pages."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from pelican.generators import Generator

from plugins.directory.generator import DirectoryGenerator
from plugins.directory.output import OutputFolder
from plugins.directory.pages import TYPE_ORDER, output_name
from plugins.directory.schema import labels
from plugins.directory.settings import read_settings as directory_settings

from .documents import documents
from .exporting import export
from .indexing import open_index, update_index
from .settings import read_settings

log = logging.getLogger(__name__)
PAGE = ("search",)


class SearchGenerator(Generator):
    directory_generator: DirectoryGenerator  # set by link_generators

    def generate_context(self):
        config = read_settings(self.settings)
        self.directory_config = directory_settings(self.settings)
        content_dir = Path(self.path) / self.directory_config.content_dir
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

    def generate_output(self, writer):
        write_export(Path(self.output_path), self.export.files, self.export.gen)
        out = OutputFolder(Path(self.output_path), minify=self.directory_config.minify)
        for prefix, spec in self.directory_config.languages.items():
            out.write(output_name(prefix, PAGE), self._page(prefix, spec))

    def _page(self, prefix: str, spec: dict) -> str:
        """The search page, rendered by the directory's own renderer so that it has the same
        header, footer and language switcher as every other page."""
        pages = self.directory_generator
        base = {
            "SITEURL": self.settings["SITEURL"],
            "directory": self.context["directory"],
            "TYPES": TYPE_ORDER,
            "problems": pages.result.problems,
            "FEEDS": self.directory_config.feeds,
        }
        _, render = pages._renderer(prefix, spec, base)
        choices = {
            "disciplines": labels("artists", "disciplines"),
            "origins": labels("artists", "origin"),
        }
        return render("search.html", PAGE, choices)


def write_export(output: Path, files: dict[str, bytes], gen: str) -> None:
    """Write the exported files; a generation already written is left as it is, and older
    generations are removed."""
    folder = output / "search"
    if not (folder / gen).is_dir():
        staging = folder / f".{gen}.tmp"
        shutil.rmtree(staging, ignore_errors=True)
        prefix = f"search/{gen}/"
        for name, data in files.items():
            if name.startswith(prefix):
                path = staging / name[len(prefix) :]
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        staging.rename(folder / gen)
    (folder / "manifest.json").write_bytes(files["search/manifest.json"])
    for old in folder.iterdir():
        if old.is_dir() and old.name != gen:
            shutil.rmtree(old)


def link_generators(generators) -> None:
    """Pelican `all_generators_finalized` handler: the search pages are rendered by the
    directory's generator."""
    found = {type(g): g for g in generators}
    if SearchGenerator in found:
        found[SearchGenerator].directory_generator = found[DirectoryGenerator]

"""The search plugin's part in the directory's build (its index stage): bring the whoosh index
up to date with the directory, export it as static files, and add the search page."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from plugins.directory.build import BuildJob, Contribution
from plugins.directory.incremental import Memo
from plugins.directory.linking import Directory
from plugins.directory.pages import Page
from plugins.directory.settings import read_settings

from .documents import documents
from .exporting import export
from .indexing import open_index, update_index
from .settings import SearchSettings

log = logging.getLogger(__name__)


@dataclass(eq=False)
class SearchPage(Page):
    """Each language's search page, with the facets it filters by: {field: labels}."""

    template_name = "search.html"
    facets: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    def context(self) -> dict[str, Any]:
        return {"facets": self.facets}


class SearchExtension:
    def __init__(self, settings: dict):
        self.settings = read_settings(settings, "SEARCH", SearchSettings)

    def contribute(self, directory: Directory, job: BuildJob, memo: Memo) -> Contribution:
        ix = open_index(self.settings.cache_for(job.content_dir))
        update = update_index(ix, documents(directory, job.settings.languages))
        log.info(
            "search index: %d added, %d changed, %d removed, %d unchanged",
            update.added,
            update.changed,
            update.removed,
            update.unchanged,
        )
        party = directory.model.party
        facets = {}
        if party:
            facets = {p.name: party.labels(p.name) for p in party.properties.values() if p.facet}
        files = export(ix, directory.model).files
        return Contribution("search", [SearchPage(("search",), facets)], files, ("search",))

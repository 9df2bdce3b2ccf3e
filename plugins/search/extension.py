"""The search plugin's part in the directory's build (its index stage): each entry's Record
(records.py), memoised by the digest of what it is made from; the export of them all
(exporting.py), brought up to date from the last build's; and the search page.

The site's build needs no whoosh index: the Records hold the terms that whoosh indexes for
``make search`` (the same analysis.field_terms, the same scoring.impact), so the browser and
the terminal rank alike; tests/search/test_export.py checks every posting against whoosh's."""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial
from importlib import metadata
from operator import attrgetter
from pathlib import Path
from typing import Any

from plugins.directory.build import BuildJob, Contribution
from plugins.directory.conversion import CONVERSIONS_DIR
from plugins.directory.incremental import Memo, digest
from plugins.directory.linking import Directory
from plugins.directory.model import Entry
from plugins.directory.pages import Page
from plugins.directory.settings import Language, read_settings

from .documents import Derived, derived_languages, document
from .exporting import FOLDER, Exported, export, json_bytes
from .records import Postings, Record, analyse
from .settings import SearchSettings

# What makes a Record besides its entry and the entries it links to: the code of both plugins,
# the content model's files and the conversion dictionaries; a change to any of them makes
# every Record afresh.
CODE = (Path(__file__).parent, Path(__file__).parent.parent / "directory")


@dataclass(eq=False)
class SearchPage(Page):
    """Each language's search page, with the facets it filters by: {field: labels}."""

    template_name = "search.html"
    facets: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    def context(self) -> dict[str, Any]:
        return {"facets": self.facets}


class SearchExtension:
    def __init__(self, settings: dict):
        # Read so that a mistyped SEARCH setting is refused; the build itself needs none.
        self.settings = read_settings(settings, "SEARCH", SearchSettings)

    def contribute(self, directory: Directory, job: BuildJob, memo: Memo) -> Contribution:
        start = time.perf_counter()
        base = context(directory, job.settings.languages)
        records = _Records(directory, job.settings.languages, memo, base)
        analysed = time.perf_counter()
        done = export(
            records.records,
            directory.model.names,
            records.facets,
            Exported.read(partial(_stored, memo, base)),
            records.postings,
        )
        for key, value in done.state.stored().items():
            memo.put("search.export", (base, *key), value)
        told = (
            f"search: {len(records.records):,} entries, {len(records.fresh):,} analysed afresh "
            f"in {analysed - start:.2f} s",
            f"search: exported {len(done.files):,} files ({done.changed:,} changed) in "
            f"{time.perf_counter() - analysed:.2f} s",
        )
        party = directory.model.party
        facets = {}
        if party:
            facets = {p.name: party.labels(p.name) for p in party.properties.values() if p.facet}
        page = SearchPage(("search",), facets)
        return Contribution("search", [page], done.files, (FOLDER,), told)


class _Records:
    """The Record of each entry, in the site's order: the last build's when the entry, what it
    shows of the entries it links to (_as_linked) and what else makes a Record (context) are the
    same, else made afresh; and the postings of any entry, which are at hand for those made
    afresh."""

    def __init__(
        self, directory: Directory, languages: Mapping[str, Language], memo: Memo, base: bytes
    ):
        self.directory = directory
        self.languages = languages
        self.facets = facet_names(directory)
        # in the site's order (documents.entry_order): by type, then slug
        by_slug = attrgetter("slug")
        self.entries = [
            e for t in directory.model for e in sorted(directory.of_type(t.name), key=by_slug)
        ]
        self.fresh: dict[str, dict[str, Postings]] = {}
        self.records = []
        refs_from, entries, blake2b = directory.refs_from, directory.entries, hashlib.blake2b
        for entry in self.entries:
            refs = refs_from.get(entry.key)
            linked = b"".join([_as_linked(entries[r.target]) for r in refs]) if refs else b""
            # digests of one length but the last, joined: the bytes read one way only
            inputs = blake2b(base + entry.digest + linked, digest_size=16).digest()
            self.records.append(
                memo.get("search.record", inputs, partial(self._analyse, entry, inputs))
            )

    @cached_property
    def derived(self) -> list[Derived]:
        """The derived languages, with their converters: made only to analyse an entry."""
        return derived_languages(self.languages)

    def _analyse(self, entry: Entry, inputs: bytes) -> Record:
        doc = document(self.directory, entry, self.derived)
        record, postings = analyse(doc, inputs, self.facets, json_bytes(doc.result))
        self.fresh[record.key] = postings
        return record

    def postings(self, index: int) -> dict[str, Postings]:
        record = self.records[index]
        if record.key not in self.fresh:
            self._analyse(self.entries[index], record.digest)
        return self.fresh[record.key]


def _as_linked(entry: Entry) -> bytes:
    """The digest of what a Document takes from an entry it links to (documents.document): its
    type, slug and title, and when it is a party its facets' values; not its long text, so that
    an edit to that analyses again the entry only, not those linking to it. Of one length, so
    that the digests of an entry's links, joined, read one way only. Worked out once per entry
    (Entry.derived)."""
    found = entry.derived.get("search.linked")
    if found is None:
        spec = entry.entry_type
        facets = [entry.fields.get(n) for n, p in spec.properties.items() if p.facet]
        found = entry.derived["search.linked"] = digest(
            repr((entry.type, entry.slug, entry.title, facets if spec.party else None))
        )
    return found


def _stored(memo: Memo, base: bytes, key: tuple) -> Any:
    """A piece of the export's state (Exported.stored) as the last build stored it, or None."""
    return memo.get("search.export", (base, *key), _nothing)


def _nothing() -> None:
    return None


def facet_names(directory: Directory) -> list[str]:
    party = directory.model.party
    return [p.name for p in party.properties.values() if p.facet] if party else []


def context(directory: Directory, languages: Mapping[str, Language]) -> bytes:
    """A digest of everything a Record or the export depends on beyond the entries: the code,
    the content model's files, the conversions, the languages and library versions."""
    parts: list[str | bytes] = [sys.version, *(metadata.version(p) for p in ("opencc", "whoosh3"))]
    parts += [repr(sorted((k, repr(v)) for k, v in languages.items()))]
    for folder in (*CODE, directory.model.schema_dir, CONVERSIONS_DIR):
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.suffix in (".py", ".json", ".yaml", ".txt"):
                parts += [str(path.relative_to(folder.parent)), path.read_bytes()]
    return digest(*parts)

"""The whole build, in one function: load → validate → link → index → render → write →
compress, each stage timed. Nothing is written until every entry is checked and every page is
rendered, so a broken entry or a broken template never costs the previous output a file.

A build makes only what changed since the last build into the same output folder: every file
of the site is first listed with its fingerprint, the digest of what it is made from
(incremental.py), and only the files whose fingerprint is new are rendered and written; the
files the last build wrote that are no longer part of the site are removed. Pages are rendered
in forked processes while the build's own process runs the index stage (the extensions'
contributions, such as the search export) and makes every other file: the index stage's time
is part of the render stage's. In a cold build they are workers, one per core, forked once
every page is planned; in a rebuild, one process plans the entries' pages and renders those to
make again (with workers of its own when they are many). Into an output
folder that held nothing, files are written straight into place; else into a staging folder
first, and moved into place once every one is made."""

from __future__ import annotations

import datetime
import gc
import hashlib
import itertools
import logging
import os
import pickle
import secrets
import shutil
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

from . import opendata
from .calendars import Calendar, calendars
from .compress import compress_files, compress_tree
from .diagnostics import Diagnostic
from .errors import ContentError, WriteError
from .history import build_day, entry_dates
from .images import ImageCatalog, Picture
from .incremental import (
    BuildMemory,
    Fingerprints,
    Key,
    Memo,
    MemoryStore,
    Outcome,
    Output,
    Outputs,
    digest,
    entry_tokens,
    files_digest,
    marker_stamp,
    shown_digest,
    tree_stamps,
)
from .linking import Directory
from .loading import IMAGES_FOLDER
from .model import ContentModel, Entry, EntryType
from .output import MARKER, OutputFolder
from .pages import Page, calendars_at, entries_in_order, entry_page, front_pages, type_pages
from .pipeline import link_entries, load_entries, validate_entries
from .renderer import (
    Renderer,
    SiteGlobals,
    as_variables,
    asset_url,
    page_meta,
    theme_environment,
)
from .settings import DirectorySettings
from .sitefiles import atom_feed, robots, sitemap
from .structured import summary

T = TypeVar("T")
log = logging.getLogger(__name__)
STAGES = ("load", "validate", "link", "index", "render", "write", "compress")
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
CODE = Path(__file__).resolve().parent.parent  # plugins/: a change to it changes every output
CODE_SUFFIXES = (".py", ".json", ".yaml", ".txt")  # the code, schemas and conversion tables
# Below this many pages to render, forking workers costs more than it saves (PROCESSES 0).
POOL_FROM = 200
# The attribute of an exception raised in a forked process of the build (_forked) that holds
# where it was raised there (a traceback.StackSummary).
FORKED_FRAMES = "forked_frames"


@dataclass(frozen=True)
class Contribution:
    """What an extension adds to a build (see signals.py)."""

    name: str  # "search"
    pages: list[Page] = field(default_factory=list)  # rendered in every language
    # path below the output: its content, or how to make it when its inputs changed; or many
    # files made one way
    files: Mapping[str, bytes | Output] | Outputs = field(default_factory=dict)
    owns: tuple[str, ...] = ()  # output folders only it writes: files not written go
    told: tuple[str, ...] = ()  # lines for the build's log, after the index stage's


class Extension(Protocol):
    def contribute(self, directory: Directory, job: BuildJob, memo: Memo) -> Contribution:
        """memo: what this extension computed in the last build into the same output folder,
        by the digest of its inputs (incremental.Memo)."""
        ...


@dataclass(frozen=True)
class BuildJob:
    """Everything a build reads, named: nothing else is looked up on the way."""

    content_dir: Path
    output_dir: Path
    theme_dir: Path
    theme_static_dir: str  # where the theme's static files go in the output ("theme")
    siteurl: str
    settings: DirectorySettings
    model: ContentModel
    jinja_options: dict[str, Any]
    extensions: tuple[Extension, ...] = ()
    display_root: Path | None = None  # paths in messages are relative to it
    source_date: datetime.datetime | None = None  # SOURCE_DATE_EPOCH: dates without history

    @property
    def translations_dir(self) -> Path:
        return self.theme_dir / self.settings.translations_dir


@dataclass
class BuildReport:
    entries: int = 0
    pages: dict[str, int] = field(default_factory=dict)  # language prefix -> pages
    files: dict[str, int] = field(default_factory=dict)  # extension -> its files
    problems: list[Diagnostic] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    seconds: float = 0.0  # the whole build (index runs within render: the stages overlap)
    made: int = 0  # files rendered and written by this build: those whose inputs changed
    removed: int = 0  # files of the last build that are no longer part of the site
    memory: BuildMemory | None = None  # what the next build into the same folder starts from

    def summary(self) -> str:
        pages = sum(self.pages.values())
        per_language = ", ".join(f"{n:,} {prefix}" for prefix, n in self.pages.items())
        extras = "".join(f", {n:,} {name} files" for name, n in self.files.items())
        return (
            f"Built {self.entries:,} entries into {pages:,} pages ({per_language}){extras}; "
            f"{self.made:,} file(s) made, {self.removed:,} removed; "
            f"{len(self.problems)} problem(s); {self.seconds:.2f} s"
        )


@contextmanager
def _timed(report: BuildReport, stage: str, progress: Callable[[str], None]) -> Iterator[None]:
    start = time.perf_counter()
    yield
    report.stages[stage] = time.perf_counter() - start
    progress(f"{stage:>9}  {report.stages[stage]:6.2f} s")


def build_site(
    job: BuildJob, progress: Callable[[str], None] = log.info, memory: BuildMemory | None = None
) -> BuildReport:
    """Build the site of job.content_dir into job.output_dir; a ContentError (after logging
    each problem) when an entry has problems and ON_ERROR is 'fail'.

    memory: what the last build into the same folder read and wrote, as the dev server keeps it
    between its builds (report.memory), saving it with remember() when it stops; else it is
    read from the user's cache, and (unless INCREMENTAL is off) this build's saved there."""
    started = time.perf_counter()
    report = BuildReport()
    stage = partial(_timed, report, progress=progress)
    store = None
    if job.settings.incremental:
        store = MemoryStore.for_build(job.content_dir, job.output_dir, job.model)
    kept_by_caller = memory is not None
    # What is there before the build (a dev server's memory of the last) and what it reads
    # first lives as long as the build: out of the garbage collector's passes (_frozen).
    with store.locked() if store else nullcontext(), _frozen():
        if memory is None and store is not None:
            memory = store.load()
        version = _version(job)
        marker = marker_stamp(job.output_dir / MARKER)
        # A folder that was empty holds nothing of an earlier build to look for and remove.
        fresh = not job.output_dir.is_dir() or not any(job.output_dir.iterdir())
        # What the build reads lives as long as it: no collector passes over it.
        with _paused():
            with stage("load"):
                dates = entry_dates(job.content_dir)
                today = build_day(job.settings.build_day, job.source_date, dates)
                base = _base(job, version, today)
                scan = tree_stamps(job.content_dir.resolve())
                inputs = digest(base, scan.digest, repr(dates))
                if (
                    memory is not None
                    and (memory.version, memory.inputs) == (version, inputs)
                    and marker
                    and marker == memory.marker
                    and memory.outcome is not None
                ):
                    report.seconds = time.perf_counter() - started
                    return _unchanged(report, memory, job.settings.on_error)
                if memory is not None and store is not None:
                    memory = store.fill(memory)
                last = memory.for_version(version) if memory is not None else BuildMemory(version)
                # What the last build wrote is known only if it wrote this very folder, and
                # finished.
                written = last.outputs if marker and marker == last.marker else None
                loaded = load_entries(
                    job.content_dir, job.model, job.display_root, memory=last, scan=scan
                )
            with stage("validate"):
                validated = validate_entries(loaded, job.model)
            with stage("link"):
                result = link_entries(validated, job.model)
        report.problems, report.entries = result.problems, len(result.directory.entries)
        _check(result.problems, len(result.broken), job.settings.on_error)
        directory = result.directory
        memo = Memo(last.memo)
        with _paused():
            site = _Site(
                job, directory, result, memo, dates, today, version, base, report, last.compiled
            )
        # Made (and marked as ours, when new or empty) before the workers' staging folder is.
        out = OutputFolder(job.output_dir)
        # Into a folder that held nothing, files go straight to their place: a failed build
        # has nothing to keep there (it empties the folder again); else into a staging folder,
        # moved into place once every file is made.
        staging = job.output_dir if fresh else job.output_dir / f".staging-{secrets.token_hex(6)}"
        contributions: list[Contribution] = []

        def index() -> None:
            with stage("index"), _paused():  # what the index makes lives as long as the build
                contributions.extend(ext.contribute(directory, job, memo) for ext in job.extensions)
            for line in (line for c in contributions for line in c.told):
                progress(f"{'':>9}  {line}")

        try:
            with stage("render"):
                # The extensions' index runs here while the workers render the pages.
                outputs, made = site.make(written, staging, index, contributions)
            report.files = {c.name: len(c.files) for c in contributions}
            if store is not None:
                store.begin_writing()
            with stage("write"):
                report.made = _write(out, made)
                gone = [] if fresh else _remove(job, out, outputs, written, contributions)
                report.removed = len(gone)
            with stage("compress"):
                if job.settings.compress and written is None:
                    compress_tree(job.output_dir)
                elif job.settings.compress:
                    compress_files(job.output_dir, list(made), gone)
            report.memory = BuildMemory(
                version,
                loaded.stamps,
                validated.checked,
                outputs,
                memo.kept(),
                marker_stamp(job.output_dir / MARKER),
                inputs,
                Outcome(
                    report.entries,
                    report.pages,
                    report.files,
                    report.problems,
                    len(result.broken),
                ),
                compiled=site.compiled,
                discovered=loaded.discovered,
            )
            if store is not None and not kept_by_caller:
                store.save(report.memory, last, memo.replaced)
            report.seconds = time.perf_counter() - started
        except BaseException:
            if fresh:
                out.empty()
            raise
        finally:
            if not fresh:
                shutil.rmtree(staging, ignore_errors=True)
    return report


@contextmanager
def _frozen() -> Iterator[None]:
    """Keep the objects made so far (the entries, the directory, the last build's memory:
    millions) out of the garbage collector's passes until the block ends: each pass would walk
    them all, and in a forked worker write to their memory, which stops it being shared."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def _paused() -> Iterator[None]:
    """No garbage collector passes in the block, and what it made kept out of those after it:
    for what lives as long as the build, the entries it reads and links (a third of their time
    went to passes over them) and its index."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def remember(job: BuildJob, memory: BuildMemory) -> None:
    """Save in the user's cache a memory the caller kept between builds (build_site's memory),
    for the next build into the same folder; until then, the cache's says it does not describe
    the output (a build with its memory given has marked it so)."""
    if job.settings.incremental and memory.complete:
        store = MemoryStore.for_build(job.content_dir, job.output_dir, job.model)
        with store.locked():
            store.save(memory, None)


def _unchanged(report: BuildReport, last: BuildMemory, on_error: str) -> BuildReport:
    """The report of a build whose inputs are all those of the last: nothing to do, the last
    build's outcome told again (its problems too)."""
    outcome = last.outcome
    assert outcome is not None
    report.entries, report.pages, report.files = outcome.entries, outcome.pages, outcome.files
    report.problems = outcome.problems
    report.memory = last
    _check(outcome.problems, outcome.broken, on_error)
    return report


def _version(job: BuildJob) -> bytes:
    """The digest of the code and of the content model: what entries are validated with."""
    return digest(files_digest([CODE, job.model.schema_dir], CODE_SUFFIXES))


def _base(job: BuildJob, version: bytes, today: datetime.date) -> bytes:
    """What every file depends on: the code and model, the theme (templates, catalogs, static
    files), the settings and the build day."""
    return digest(
        version,
        files_digest([job.theme_dir]),
        repr(job.settings),
        job.siteurl,
        job.theme_static_dir,
        repr(sorted(job.jinja_options.items())),
        today.isoformat(),
        repr(job.source_date),
    )


def _check(problems: list[Diagnostic], broken: int, on_error: str) -> None:
    for problem in problems:
        log.error("%s", problem)
    if problems and on_error == "fail":
        raise ContentError(
            f"{len(problems)} problem(s) in {broken} entry file(s); "
            "nothing was written. Fix them, or run `make validate` to list them again.",
            len(problems),
        )
    if problems:
        log.warning("left out %d entries with problems (ON_ERROR is 'skip')", broken)


class PageOutput(NamedTuple):
    """A page of one language, to render when its fingerprint is new (a tuple: a build makes
    one per page and language, ~50,000)."""

    fingerprint: bytes
    prefix: str
    planned: Callable[[], Page]  # the page, planned only if it is to be rendered


class _Site:
    """Every file of the site with its fingerprint, and the way to make each."""

    def __init__(self, job, directory, result, memo, dates, today, version, base, report, compiled):
        self.job, self.directory, self.today, self.report = job, directory, today, report
        self.memo = memo
        self.languages = job.settings.languages
        self.siteurl = job.siteurl
        self.problems = result.problems
        self.history = _History(dates, job.source_date or _midnight(today))
        self.files: dict[str, bytes] = {}
        self.pictures = _pictures(result.images, directory, self.files)
        self.site = SiteGlobals(
            SITEURL=self.siteurl,
            directory=directory,
            TYPES=list(job.model),
            problems=self.problems,
            FEEDS=job.settings.feeds,
            asset=partial(
                asset_url,
                job.theme_dir / "static",
                f"{self.siteurl}/{job.theme_static_dir}",
                {},
            ),
            open_graph_type=lambda entry: job.model.pick(entry.entry_type.open_graph, entry),
        )
        self.env = theme_environment(job.theme_dir, job.jinja_options)
        self._renderers: dict[str, Renderer] = {}
        pictured = {  # a picture's bytes: an image replaced under the same name shows
            key: digest(picture.src, self.files.get(picture.src, b""))
            for key, picture in self.pictures.items()
        }
        # An entry as outputs other than its own show it: without its long text, which only
        # its own page (where the text is one of the page's variables) and its open data show.
        shown = {
            key: memo.get("shown", entry.digest, partial(shown_digest, entry))
            for key, entry in directory.entries.items()
        }
        self.tokens, page_tokens = entry_tokens(
            directory.entries, directory.refs_from, directory.refs_to, pictured, shown
        )
        self.fingerprints = Fingerprints(base, self.tokens)
        self.page_prints = Fingerprints(base, page_tokens)
        self.base, self.version = base, version
        # the compiled templates of the last build's languages, kept when theirs are the same;
        # copies, so that the store can tell what this build compiled (MemoryStore.save)
        self.compiled = {k: dict(v) for k, v in compiled.items() if k in self._language_keys()}
        self.offered = self._calendars()  # the calendar files, and the pages' links

    def _calendars(self) -> list[Calendar]:
        """calendars.calendars, kept in the memo (by their paths and the keys of their
        entries) by what they follow from: the day, and the tokens of the entries of the types
        with a calendar, in order (each holds the entry, what it shows of the places it links
        to and which entries link to it); worked out again only when one of those changed."""
        directory, today, model = self.directory, self.today, self.job.model
        of_types = [directory.of_type(t.name) for t in model if t.calendar]
        made_of = digest(
            self.base,
            today.isoformat(),
            *(b"".join(self.tokens[e.key] for e in entries) for entries in of_types),
        )
        found = self.memo.get(
            "calendars",
            made_of,
            lambda: [
                (
                    c.entry_type.name,
                    c.path,
                    [e.key for e in c.entries],
                    c.value,
                    c.place and c.place.key,
                )
                for c in calendars(directory, today)
            ],
        )
        entries = directory.entries
        return [
            Calendar(model[name], path, [entries[k] for k in keys], value, place and entries[place])
            for name, path, keys, value, place in found
        ]

    def _language_keys(self) -> set[bytes]:
        return {digest(self.base, prefix) for prefix in self.languages}

    def renderer(self, prefix: str) -> Renderer:
        if prefix not in self._renderers:
            job = self.job
            self._renderers[prefix] = Renderer(
                self.env,
                self.site,
                prefix,
                self.languages,
                job.translations_dir,
                self.pictures,
                feed_name(prefix),
                opendata.DATA_FOLDER,
                self.compiled.setdefault(digest(self.base, prefix), {}),
            )
        return self._renderers[prefix]

    def make(
        self,
        written: Mapping[str, bytes] | None,
        into: Path,
        index: Callable[[], None],
        contributions: list[Contribution],
    ) -> tuple[dict[str, bytes], dict[str, Path]]:
        """Every file of the site with its fingerprint, and those whose fingerprint is not the
        one written (all when written is None), made: the path of each in into. While this
        process runs index() (the extensions' contributions, which it fills in), renders their
        pages and makes every other file, forked processes render the directory's pages; in a
        rebuild (written known), one also plans the entries' pages, to find those to render."""
        directory, today = self.directory, self.today
        pages = front_pages(directory, today, self.offered)
        own = dict(self._page_outputs(pages))
        shown = [(p.path, p.entries) for p in pages]
        for entry_type in directory.model:
            for path, made_from, keys, planned in self._type_pages(entry_type):
                own.update(self._languages(path, made_from, planned))
                shown.append((path, None if keys is None else [directory.entries[k] for k in keys]))
        entries = entries_in_order(directory)
        prints = {name: output.fingerprint for name, output in own.items()}
        made: dict[str, Path] = {}

        def meanwhile() -> None:
            index()
            shown.extend(((e.type, e.slug), [e]) for e in entries)
            extra = [p for c in contributions for p in c.pages]
            found: dict[str, Output | PageOutput] = dict(self._page_outputs(extra))
            shown.extend((p.path, p.entries) for p in extra)
            found.update(self._file_outputs(shown, contributions))
            for name, output in found.items():
                prints[name] = output.fingerprint
                if _new(written, name, output.fingerprint):
                    data = (
                        self._page(name, output)
                        if isinstance(output, PageOutput)
                        else output.make()
                    )
                    made[name] = _staged(into, name, data, self.job.output_dir)
            for batch in (c.files for c in contributions if isinstance(c.files, Outputs)):
                prints.update(batch.fingerprints)
                for name, fingerprint in batch.fingerprints.items():
                    if _new(written, name, fingerprint):
                        made[name] = _staged(into, name, batch.make(name), self.job.output_dir)
            for prefix in self.languages:
                self.report.pages[prefix] = len(shown)

        workers = self.job.settings.processes or len(os.sched_getaffinity(0))
        pages_made = partial(self._pages_made, own, entries, written, into, workers)
        if written is not None and workers > 1:
            # A rebuild: planning the entries' pages is most of its work on them; done apart.
            ((page_keys, made_of, joined, rendered, compiled),) = _forked(
                [partial(self._apart, pages_made)], meanwhile
            )
            entry_names = joined.split("\0") if joined else []  # no entries ("".split: [""])
            asked = zip((("entry-page", key) for key in page_keys), made_of, strict=True)
            self.memo.adopt(dict(asked))
            for key, found in compiled.items():
                self.compiled.setdefault(key, {}).update(found)
        else:
            _, made_of, entry_names, rendered = pages_made(meanwhile)
        prefixes = [prefix.encode() for prefix in self.languages]
        prints.update(
            zip(entry_names, (found + p for found in made_of for p in prefixes), strict=True)
        )
        made.update(rendered)
        return prints, made

    def _pages_made(
        self,
        own: dict[str, PageOutput],
        entries: list[Entry],
        written: Mapping[str, bytes] | None,
        into: Path,
        workers: int,
        meanwhile: Callable[[], None],
    ) -> tuple[list[bytes], list[bytes], list[str], dict[str, Path]]:
        """The entries' pages planned, and every page whose fingerprint is not the one written
        made into `into` while meanwhile() runs: each entry's page key and what its page is
        made from, and its pages' files (_page_names), in the order of entries; and the files
        made."""
        keys, made_from, names, todo = self._entry_pages(entries, written)
        todo[:0] = [(name, o) for name, o in own.items() if _new(written, name, o.fingerprint)]
        return keys, made_from, names, self._render(todo, into, workers, meanwhile)

    def _apart(
        self, pages_made: Callable[[Callable[[], None]], tuple[list, list, list, dict]]
    ) -> tuple[list[bytes], list[bytes], str, dict[str, Path], dict]:
        """pages_made() in a forked process, with the templates it compiled besides; the pages'
        files joined by NUL, which no file name holds: one string sends faster than 48,000."""
        keys, made_from, names, made = pages_made(_nothing)
        return keys, made_from, "\0".join(names), made, self.compiled

    def _render(
        self,
        todo: list[tuple[str, PageOutput]],
        into: Path,
        workers: int,
        meanwhile: Callable[[], None],
    ) -> dict[str, Path]:
        """Render the pages of todo into `into`, in forked workers when PROCESSES is chosen or
        they are many enough to pay for it, while this process runs meanwhile()."""
        if workers > 1 and (self.job.settings.processes or len(todo) >= POOL_FROM):
            # the renderers and their templates made before the fork, shared by every worker
            for prefix, template in dict.fromkeys(
                (o.prefix, o.planned().template) for _, o in todo
            ):
                self.renderer(prefix).env.get_template(template)
            return _render_in_workers(
                self._page, todo, into, self.job.output_dir, workers, meanwhile
            )
        made = {
            name: _staged(into, name, self._page(name, o), self.job.output_dir) for name, o in todo
        }
        meanwhile()
        return made

    def _page_outputs(self, pages: list[Page]) -> Iterator[tuple[str, PageOutput]]:
        for page in pages:
            yield from self._languages(page.path, self._made_from(page), partial(_same, page))

    def _type_pages(
        self, entry_type: EntryType
    ) -> list[tuple[tuple[str, ...], bytes, list[Key] | None, Callable[[], Page]]]:
        """A type's listing pages (pages.type_pages): the path, fingerprint and the keys of the
        entries shown of each, and the page, planned when asked. Kept in the memo by what they
        follow from, the tokens of the type's entries and the day: planned only when one of
        those changed, or to be rendered."""
        directory, today, tokens = self.directory, self.today, self.page_prints.tokens
        entries = directory.of_type(entry_type.name)
        # tokens of one length, joined: the bytes read one way only
        made_of = digest(
            self.base, today.isoformat(), entry_type.name, b"".join(tokens[e.key] for e in entries)
        )
        planned = _Once(partial(type_pages, entry_type, directory, today, self.offered))
        found = self.memo.get(
            "type-pages",
            made_of,
            lambda: [(p.path, self._made_from(p), _keys(p.entries)) for p in planned()],
        )
        return [
            (path, made_from, keys, partial(_nth, planned, n))
            for n, (path, made_from, keys) in enumerate(found)
        ]

    def _entry_pages(
        self, entries: list[Entry], written: Mapping[str, bytes] | None
    ) -> tuple[list[bytes], list[bytes], list[str], list[tuple[str, PageOutput]]]:
        """Each entry's page key and what its page is made from, kept in the memo by that key,
        the digest of every entry it shows (pages.entry_page): an entry's page is planned only
        when one of them changed, or to be rendered; its pages' files, and those of them whose
        fingerprint is not the one written."""
        directory, at, memo = self.directory, calendars_at(self.offered), self.memo
        prefixes = [(prefix, prefix.encode()) for prefix in self.languages]
        keys: list[bytes] = []
        made_from: list[bytes] = []
        names: list[str] = []
        todo: list[tuple[str, PageOutput]] = []
        for entry in entries:
            # planned once, if at all: here when its key is new, and to be rendered
            planned = _Once(
                partial(entry_page, directory, entry, self.today, at.get(entry.key, []))
            )
            key = self._page_key(entry)
            found = memo.get("entry-page", key, partial(self._planned_from, planned))
            keys.append(key)
            made_from.append(found)
            own = self._page_names((entry.type, entry.slug))
            names += own
            for name, (prefix, encoded) in zip(own, prefixes, strict=True):
                if _new(written, name, found + encoded):
                    todo.append((name, PageOutput(found + encoded, prefix, planned)))
        return keys, made_from, names, todo

    def _page_key(self, entry: Entry) -> bytes:
        """What an entry's page is made from: the base, the entry, and the tokens of the
        entries it links to, of those linking to it and of the parties of its collaborations
        and commissions (each token holds what is shown of the entries that entry links to)."""
        directory, tokens, key = self.directory, self.page_prints.tokens, entry.key
        lists = [
            [tokens[ref.target] for ref in directory.refs_from.get(key, ())],
            [tokens[ref.source.key] for ref in directory.refs_to.get(key, ())],
            *(
                [tokens[pair.artist.key] for pair in pairs.get(key, ())]
                for pairs in (
                    directory.collaborators,
                    directory.commissioned_by,
                    directory.commissioned,
                )
            ),
        ]
        # digests of one length after the length of each list: one way only to read the bytes
        sizes = b"".join(len(found).to_bytes(4, "little") for found in lists)
        joined = b"".join(itertools.chain((self.base, entry.digest, tokens[key], sizes), *lists))
        return hashlib.blake2b(joined, digest_size=16).digest()

    def _planned_from(self, planned: Callable[[], Page]) -> bytes:
        return self._made_from(planned())

    def _made_from(self, page: Page) -> bytes:
        return self.page_prints.of(type(page).__name__, page.template, page.path, page.variables())

    def _languages(
        self, path: tuple[str, ...], made_from: bytes, planned: Callable[[], Page]
    ) -> Iterator[tuple[str, PageOutput]]:
        for name, prefix in zip(self._page_names(path), self.languages, strict=True):
            yield name, PageOutput(made_from + prefix.encode(), prefix, planned)

    def _page_names(self, path: tuple[str, ...]) -> list[str]:
        """The file of a page at path in each language, in the order of the languages."""
        below = "/".join((*path, "index.html"))
        return [f"{prefix}/{below}" if prefix else below for prefix in self.languages]

    def _file_outputs(self, shown: list, contributions: list[Contribution]) -> dict[str, Output]:
        """Every file of the site but its pages (shown: each page's path and the entries it
        shows, for the sitemap)."""
        of, directory = self.fingerprints.of, self.directory
        found: dict[str, Output] = {}
        offered = self.offered
        # what each calendar and the feed are made from, worked out once for every language
        calendars = []
        for calendar in offered:
            stamps = {e.key: self.history.changed(e) for e in calendar.entries}
            calendars.append((calendar, stamps, of("calendar", calendar, stamps)))
        items = self._feed_entries() if self.job.settings.feeds else []
        for prefix in self.languages:
            found[f"{prefix}/404.html"] = Output(
                of("404", prefix), partial(self._error_page, prefix)
            )
            for calendar, stamps, made_from in calendars:
                found[calendar.file(prefix)] = Output(
                    digest(made_from, prefix), partial(self._calendar, prefix, calendar, stamps)
                )
            if self.job.settings.feeds:
                found[feed_name(prefix)] = Output(
                    of("feed", prefix, items), partial(self._feed, prefix, items)
                )
        found["index.html"] = Output(
            of("landing", self.problems), partial(self._root, "landing.html", ())
        )
        found["404.html"] = Output(of("404-root"), partial(self._root, "404-root.html"))
        found.update(self._data_files())
        if self.siteurl:
            clusters = _clusters(shown, directory, self.languages, self.siteurl, self.history)
            found["sitemap.xml"] = Output(of("sitemap", clusters), partial(sitemap, clusters))
            found["robots.txt"] = Output(of("robots"), partial(robots, self.siteurl))
        static = self.job.theme_dir / "static"
        for name, path in _static_files(static, self.job.theme_static_dir):
            data = path.read_bytes()
            found[name] = Output(digest(data), partial(lambda d: d, data))
        for name, data in self.files.items():
            found[name] = Output(digest(data), partial(lambda d: d, data))
        for contribution in contributions:
            if isinstance(contribution.files, Outputs):  # made apart (make)
                continue
            for name, made in contribution.files.items():
                if isinstance(made, Output):
                    found[name] = made
                else:
                    found[name] = Output(digest(made), partial(lambda d: d, made))
        return found

    def _page(self, name: str, output: PageOutput) -> bytes:
        html = self.renderer(output.prefix).render(output.planned())
        if self.job.settings.minify:
            import minify_html  # imported where pages are rendered: in a rebuild, apart

            html = minify_html.minify(
                html, minify_css=True, keep_closing_tags=True, keep_html_and_head_opening_tags=True
            )
        return html.encode("utf-8")

    def _error_page(self, prefix: str) -> str:
        return self.renderer(prefix).render_error("404.html")

    def _root(self, template: str, path: tuple[str, ...] | None = None) -> str:
        """The landing page and the root 404 page: in every language at once."""
        choices = [
            (prefix, spec, self.renderer(prefix).language.gettext)
            for prefix, spec in self.languages.items()
        ]
        meta = page_meta(self.languages, "", path, self.siteurl)
        variables = {**as_variables(self.site), "choices": choices, "page": meta}
        return self.env.overlay(autoescape=True).get_template(template).render(variables)

    def _calendar(self, prefix: str, calendar, stamps) -> bytes:
        from . import ics  # only when a calendar is made again (see its docstring)

        renderer = self.renderer(prefix)
        return ics.calendar_file(
            calendar,
            name=renderer.calendar_name(calendar),
            title=renderer.language.title_of,
            description=partial(_description, renderer),
            page_url=renderer.globals.url_for,
            location=renderer.location,
            stamps=stamps,
            today=self.today,
        )

    def _feed_entries(self) -> list[tuple[Entry, datetime.datetime]]:
        """The entries of the feed types (x-feed) added most recently, newest first."""
        history = self.history
        added = {e.key: history.added(e) or EPOCH for e in self.directory.entries.values()}
        recent = sorted(
            (e for e in self.directory.entries.values() if e.entry_type.feed),
            key=lambda e: (-added[e.key].timestamp(), e.type, e.slug),
        )[: self.job.settings.feed_length]
        return [(e, added[e.key]) for e in recent]

    def _feed(self, prefix: str, items: list[tuple[Entry, datetime.datetime]]) -> str:
        renderer = self.renderer(prefix)
        language, siteurl = renderer.language, self.siteurl
        newest = max((when for _, when in items), default=self.history.fixed)
        return atom_feed(
            title=language.gettext("Harbour Crossings: new exhibitions and films"),
            link=f"{siteurl}/{prefix}/",
            feed_url=f"{siteurl}/{feed_name(prefix)}",
            language=language.lang,
            items=[
                (
                    language.plain(e.title),
                    renderer.globals.url_for(e),
                    when,
                    language.plain(e.body),
                )
                for e, when in items
            ],
            updated=newest,
        )

    def _data_files(self) -> dict[str, Output]:
        files = opendata.data_files(
            self.directory, self.languages, self.siteurl, self.memo, self.tokens, self.version
        )
        return {f"{opendata.DATA_FOLDER}/{name}": output for name, output in files.items()}


class _Once(Generic[T]):
    """A page (or pages) planned at the first call, and kept."""

    def __init__(self, plan: Callable[[], T]):
        self.plan = plan
        self.planned: T | None = None

    def __call__(self) -> T:
        if self.planned is None:
            self.planned = self.plan()
        return self.planned


def _nth(planned: Callable[[], list[Page]], n: int) -> Page:
    return planned()[n]


def _keys(entries: list[Entry] | None) -> list[Key] | None:
    """The keys of the entries a page shows (None: it depends on every entry)."""
    return None if entries is None else [e.key for e in entries]


def _same(page: Page) -> Page:
    return page


def _nothing() -> None:
    pass


def _new(written: Mapping[str, bytes] | None, name: str, fingerprint: bytes) -> bool:
    """Whether the file at name is to be made: its fingerprint is not the one written (or what
    was written is not known)."""
    return written is None or written.get(name) != fingerprint


def _render_in_workers(
    render: Callable[[str, PageOutput], bytes],
    pages: list[tuple[str, PageOutput]],
    staging: Path,
    output_dir: Path,
    workers: int,
    meanwhile: Callable[[], None],
) -> dict[str, Path]:
    """Render pages in forked workers, each writing its pages into staging (so that nothing
    reaches the output before every page is rendered, unless staging is the output itself), in
    a fixed order of results; this process does meanwhile() as they run."""
    shares = [pages[number::workers] for number in range(workers)]
    jobs = [partial(_render_share, render, share, staging, output_dir) for share in shares]
    _forked(jobs, meanwhile)
    return {name: staging / name for name, _ in pages}


def _render_share(
    render: Callable[[str, PageOutput], bytes],
    share: list[tuple[str, PageOutput]],
    staging: Path,
    output_dir: Path,
) -> int:
    for name, output in share:
        _staged(staging, name, render(name, output), output_dir)
    return len(share)


class _Failed(NamedTuple):
    error: BaseException
    frames: traceback.StackSummary  # where it was raised, in the forked process


def _forked(jobs: Sequence[Callable[[], T]], meanwhile: Callable[[], None]) -> list[T]:
    """Each job run in a process forked from this one, while this one runs meanwhile(); their
    results, in the order of the jobs. An exception of a job (or of meanwhile) is raised here
    once every job has ended; one of a job carries where it was raised there (FORKED_FRAMES:
    its traceback ends here)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    running = []
    for job in jobs:
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_run, args=(job, send))
        process.start()
        send.close()
        running.append((process, receive))
    failure: BaseException | None = None
    try:
        meanwhile()
    except BaseException as error:  # raised once the jobs are done
        failure = error
    results = []
    for process, receive in running:
        try:
            answer = receive.recv()
        except Exception as error:  # it stopped, or sent what does not unpickle
            stopped = RuntimeError(f"a forked build process sent no answer: {error!r}")
            answer = _Failed(stopped, traceback.StackSummary())
        process.join()
        if isinstance(answer, _Failed) and failure is None:
            failure = answer.error
            setattr(failure, FORKED_FRAMES, answer.frames)
        results.append(answer)
    if failure is not None:
        raise failure
    return results


def _run(job: Callable[[], Any], send: Connection) -> None:
    """A job in a forked process: its result, or its exception, sent to the parent."""
    try:
        send.send(job())
    except BaseException as error:  # told to the parent, which raises it
        frames = traceback.extract_tb(error.__traceback__)
        try:
            pickle.loads(pickle.dumps(error))  # what the parent will read back
            send.send(_Failed(error, frames))
        except Exception:  # an exception that does not pickle, or not back
            send.send(_Failed(RuntimeError(f"{type(error).__name__}: {error}"), frames))
    finally:
        send.close()


def _staged(into: Path, name: str, data: bytes | str, output_dir: Path) -> Path:
    """Write a made file into the staging folder (or straight into its place, into a folder
    that held nothing); the file at name in the output is not touched until the write stage."""
    path = into / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as error:  # the file is not written: the one there before is kept
        raise WriteError(output_dir / name, error.strerror or str(error)) from None
    return path


def _write(out: OutputFolder, made: Mapping[str, Path]) -> int:
    """Put every made file in place: moved from the staging folder, unless made in its place."""
    for name, staged in made.items():
        out.move(name, staged)
    return len(made)


def _remove(job, out: OutputFolder, outputs, written, contributions) -> list[str]:
    """Remove the files of the last build that are no longer part of the site; when that
    build is not known, every page, image and extension file this build did not write."""
    if written is not None:
        gone = sorted(set(written) - set(outputs))
        out.remove(gone)
        return gone
    out.written.update(job.output_dir / name for name in outputs)
    removed = out.remove_stale(job.settings.languages)
    removed += out.remove_unwritten((IMAGES_FOLDER,))
    for contribution in contributions:
        removed += out.remove_unwritten(contribution.owns)
    return removed


def _static_files(static: Path, folder: str) -> Iterator[tuple[str, Path]]:
    """The theme's static files (regular files inside the folder, no link out of it)."""
    if not static.is_dir():
        return
    real = static.resolve()
    for path in sorted(static.rglob("*")):
        if path.is_symlink() or not path.is_file() or not path.resolve().is_relative_to(real):
            continue
        yield f"{folder}/{path.relative_to(static).as_posix()}", path


def _pictures(
    images: ImageCatalog, directory: Directory, files: dict
) -> dict[tuple[str, str], Picture]:
    """The picture of each entry that has an image; its smaller copies, and every image that
    content/images/ may publish (images.py decides, at validation), go into files."""
    pictures = {}
    for entry in directory.entries.values():
        if entry.image_src:
            pictures[entry.key], copies = images.picture(entry.image_src)
            files.update(copies)
    files.update(images.files())
    return pictures


def _description(renderer: Renderer, entry: Entry) -> str:
    return summary(entry.body, renderer.language)


def _midnight(day: datetime.date) -> datetime.datetime:
    """The start of a day in Hong Kong."""
    hong_kong = datetime.timezone(datetime.timedelta(hours=8))
    return datetime.datetime.combine(day, datetime.time(), tzinfo=hong_kong)


class _History:
    """(added, last changed) of each entry, from the git history of its file, else fixed:
    SOURCE_DATE_EPOCH, else the start of the build day."""

    def __init__(self, dates: dict, fixed: datetime.datetime):
        self.dates = dates
        self.fixed = fixed

    def _get(self, entry: Entry) -> tuple:
        found = self.dates.get(f"{entry.type}/{entry.relpath.rpartition('/')[2]}")
        return found or (self.fixed,) * 2

    def added(self, entry: Entry) -> datetime.datetime | None:
        return self._get(entry)[0]

    def last_commit(self, entry: Entry) -> datetime.datetime | None:
        return self._get(entry)[1]

    def changed(self, entry: Entry) -> datetime.datetime:
        return self._get(entry)[1]


def feed_name(prefix: str) -> str:
    return f"{prefix}/feeds/new.atom.xml"


def _clusters(shown: list, directory: Directory, languages, siteurl, history) -> list:
    """For the sitemap: each page's alternates in every language and its last change (the
    home pages' cluster holds the landing page too, as their x-default); shown: each page's
    path and the entries it shows (None: it depends on every entry)."""
    changed = {e.key: history.last_commit(e) for e in directory.entries.values()}
    everything = max(filter(None, changed.values()), default=None)
    first = next(iter(languages))
    clusters = []
    for path, entries in shown:
        if entries is None:
            lastmod = everything
        else:
            lastmod = max(filter(None, (changed[e.key] for e in entries)), default=everything)
        clusters.append((page_meta(languages, first, path, siteurl).alternates, lastmod))
    return clusters

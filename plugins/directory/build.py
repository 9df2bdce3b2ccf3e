"""The whole build, in one function: load → validate → link → index → render → write →
compress, each stage timed. Nothing is written until every entry is checked and every page is
rendered, so a broken entry or a broken template never costs the previous output a file."""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from . import opendata
from .calendars import calendars
from .compress import compress_tree
from .diagnostics import Diagnostic
from .errors import ContentError
from .history import build_day, entry_dates
from .images import ImageCatalog, Picture
from .incremental import Memo, Output
from .linking import Directory
from .loading import IMAGES_FOLDER
from .model import ContentModel, Entry
from .output import OutputFolder
from .pages import Page, output_name, plan
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

log = logging.getLogger(__name__)
STAGES = ("load", "validate", "link", "index", "render", "write", "compress")
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Contribution:
    """What an extension adds to a build (see signals.py)."""

    name: str  # "search"
    pages: list[Page] = field(default_factory=list)  # rendered in every language
    # path below the output: its content, or how to make it when its inputs changed
    files: Mapping[str, bytes | Output] = field(default_factory=dict)
    owns: tuple[str, ...] = ()  # output folders only it writes: files not written go


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

    def summary(self) -> str:
        pages = sum(self.pages.values())
        per_language = ", ".join(f"{n:,} {prefix}" for prefix, n in self.pages.items())
        extras = "".join(f", {n:,} {name} files" for name, n in self.files.items())
        return (
            f"Built {self.entries:,} entries into {pages:,} pages ({per_language}){extras}; "
            f"{len(self.problems)} problem(s); {sum(self.stages.values()):.2f} s"
        )


@contextmanager
def _timed(report: BuildReport, stage: str, progress: Callable[[str], None]) -> Iterator[None]:
    start = time.perf_counter()
    yield
    report.stages[stage] = time.perf_counter() - start
    progress(f"{stage:>9}  {report.stages[stage]:6.2f} s")


def build_site(job: BuildJob, progress: Callable[[str], None] = log.info) -> BuildReport:
    """Build the site of job.content_dir into job.output_dir; a ContentError (after logging
    each problem) when an entry has problems and ON_ERROR is 'fail'."""
    report = BuildReport()
    stage = partial(_timed, report, progress=progress)
    with stage("load"):
        loaded = load_entries(job.content_dir, job.model, job.display_root)
        dates = entry_dates(job.content_dir)
        today = build_day(job.settings.build_day, job.source_date, dates)
    with stage("validate"):
        validated = validate_entries(loaded, job.model)
    with stage("link"):
        result = link_entries(validated, job.model)
    report.problems, report.entries = result.problems, len(result.directory.entries)
    _check(result.problems, result.broken, job.settings.on_error)
    directory = result.directory
    with stage("index"):
        memo = Memo()
        contributions = [ext.contribute(directory, job, memo) for ext in job.extensions]
    with stage("render"):
        files = _render(job, directory, result, contributions, dates, today, report)
    with stage("write"):
        _write(job, files, contributions)
    with stage("compress"):
        if job.settings.compress:
            compress_tree(job.output_dir)
    report.files = {c.name: len(c.files) for c in contributions}
    return report


def _check(problems: list[Diagnostic], broken: set, on_error: str) -> None:
    for problem in problems:
        log.error("%s", problem)
    if problems and on_error == "fail":
        raise ContentError(
            f"{len(problems)} problem(s) in {len(broken)} entry file(s); "
            "nothing was written. Fix them, or run `make validate` to list them again.",
            len(problems),
        )
    if problems:
        log.warning("left out %d entries with problems (ON_ERROR is 'skip')", len(broken))


def _render(job, directory, result, contributions, dates, today, report) -> dict[str, Any]:
    """Every file of the site, rendered in memory: {path below the output: text or bytes}."""
    settings, languages, siteurl = job.settings, job.settings.languages, job.siteurl
    problems = result.problems
    files: dict[str, Any] = {}
    pictures = _pictures(result.images, directory, files)
    site = SiteGlobals(
        SITEURL=siteurl,
        directory=directory,
        TYPES=list(job.model),
        problems=problems,
        FEEDS=settings.feeds,
        asset=partial(
            asset_url,
            job.theme_dir / "static",
            f"{siteurl}/{job.theme_static_dir}",
            {},
        ),
        open_graph_type=lambda entry: job.model.pick(entry.entry_type.open_graph, entry),
    )
    env = theme_environment(job.theme_dir, job.jinja_options)
    pages = plan(directory, today) + [p for c in contributions for p in c.pages]
    offered = calendars(directory, today)
    history = _History(dates, job.source_date or _midnight(today))
    choices = []
    for prefix in languages:
        renderer = Renderer(
            env,
            site,
            prefix,
            languages,
            job.translations_dir,
            pictures,
            feed_name(prefix),
            opendata.DATA_FOLDER,
        )
        for page in pages:
            files[output_name(prefix, page.path)] = renderer.render(page)
        files[f"{prefix}/404.html"] = renderer.render_error("404.html")
        for calendar in offered:
            files[calendar.file(prefix)] = opendata.calendar_file(
                calendar,
                name=renderer.calendar_name(calendar),
                title=renderer.language.title_of,
                description=partial(_description, renderer),
                page_url=renderer.globals.url_for,
                location=renderer.location,
                stamps={e.key: history.changed(e) for e in calendar.entries},
                today=today,
            )
        if settings.feeds:
            files[feed_name(prefix)] = _feed(renderer, directory, history, settings.feed_length)
        report.pages[prefix] = len(pages)
        choices.append((prefix, languages[prefix], renderer.language.gettext))
    root = env.overlay(autoescape=True)
    for name, template, path in (
        ("index.html", "landing.html", ()),
        ("404.html", "404-root.html", None),
    ):
        meta = page_meta(languages, "", path, siteurl)
        variables = {**as_variables(site), "choices": choices, "page": meta}
        files[name] = root.get_template(template).render(variables)
    for name, text in opendata.data_files(directory, languages, siteurl).items():
        files[f"{opendata.DATA_FOLDER}/{name}"] = text
    if siteurl:
        files["sitemap.xml"] = sitemap(_clusters(pages, directory, languages, siteurl, history))
        files["robots.txt"] = robots(siteurl)
    for contribution in contributions:
        for name, made in contribution.files.items():
            files[name] = made.make() if isinstance(made, Output) else made
    return files


def _calendar_type(model: ContentModel) -> str:
    return next((t.name for t in model if t.calendar), "")


def _pictures(
    images: ImageCatalog, directory: Directory, files: dict
) -> dict[tuple[str, str], Picture]:
    """The picture of each entry that has an image; its smaller copies, and every image that
    content/images/ may publish (images.py decides, at validation), go into files."""
    pictures = {}
    for entry in directory.entries.values():
        name = entry.entry_type.image_field
        image = entry.fields.get(name) if name else None
        if image:
            pictures[entry.key], copies = images.picture(image["src"])
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
        found = self.dates.get(f"{entry.type}/{Path(entry.relpath).name}")
        return found or (self.fixed,) * 2

    def added(self, entry: Entry) -> datetime.datetime | None:
        return self._get(entry)[0]

    def last_commit(self, entry: Entry) -> datetime.datetime | None:
        return self._get(entry)[1]

    def changed(self, entry: Entry) -> datetime.datetime:
        return self._get(entry)[1]


def feed_name(prefix: str) -> str:
    return f"{prefix}/feeds/new.atom.xml"


def _feed(renderer: Renderer, directory: Directory, history: _History, length: int) -> str:
    """The entries of the feed types (x-feed) added most recently, newest first."""
    language, siteurl, prefix = renderer.language, renderer.site.SITEURL, renderer.prefix
    added = {e.key: history.added(e) for e in directory.entries.values()}
    recent = sorted(
        (e for e in directory.entries.values() if e.entry_type.feed),
        key=lambda e: (-(added[e.key] or EPOCH).timestamp(), e.type, e.slug),
    )[:length]
    items = [
        (
            language.plain(e.title),
            renderer.globals.url_for(e),
            added[e.key] or EPOCH,
            language.plain(e.body),
        )
        for e in recent
    ]
    newest = max((item[2] for item in items), default=history.fixed)
    return atom_feed(
        title=language.gettext("Harbour Crossings: new exhibitions and films"),
        link=f"{siteurl}/{prefix}/",
        feed_url=f"{siteurl}/{feed_name(prefix)}",
        language=language.lang,
        items=items,
        updated=newest,
    )


def _clusters(pages: list[Page], directory: Directory, languages, siteurl, history) -> list:
    """For the sitemap: each page's alternates in every language and its last change (the
    home pages' cluster holds the landing page too, as their x-default)."""
    changed = {e.key: history.last_commit(e) for e in directory.entries.values()}
    everything = max(filter(None, changed.values()), default=None)
    first = next(iter(languages))
    clusters = []
    for page in pages:
        shown = page.entries
        if shown is None:
            lastmod = everything
        else:
            lastmod = max(filter(None, (changed[e.key] for e in shown)), default=everything)
        clusters.append((page_meta(languages, first, page.path, siteurl).alternates, lastmod))
    return clusters


def _write(job: BuildJob, files: dict[str, Any], contributions: list[Contribution]) -> None:
    """Write every file (the content's images among them), copy the theme's static files, then
    remove the pages of entries that are gone, images no longer published and what extensions
    no longer write."""
    out = OutputFolder(job.output_dir, minify=job.settings.minify)
    for name, data in files.items():
        if isinstance(data, bytes):
            out.write_bytes(name, data)
        else:
            out.write(name, data)
    out.copy_tree(job.theme_dir / "static", job.theme_static_dir)
    out.remove_stale(job.settings.languages)
    out.remove_unwritten((IMAGES_FOLDER,))
    for contribution in contributions:
        out.remove_unwritten(contribution.owns)

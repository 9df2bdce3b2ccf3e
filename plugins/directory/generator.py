"""Pelican glue: the directory's generator. The whole flow, in order: load, validate and link
(generate_context, before anything is written), then render and write (generate_output)."""

from __future__ import annotations

import datetime
import hashlib
import logging
from functools import partial
from pathlib import Path

from markupsafe import Markup
from pelican.generators import Generator

from . import opendata, schema, structured
from .browse import Collation, by_heading, by_year, decade_of
from .history import build_day, entry_dates, source_date
from .i18n import Formatter, load_translations
from .images import picture
from .network import network_svg
from .output import OutputFolder
from .pages import TYPE_ORDER, output_name, plan, sources, url_path
from .pipeline import build_directory, display_root_for
from .rendering import Language
from .schema import type_schema
from .settings import read_settings
from .sitefiles import atom_feed, robots, sitemap

log = logging.getLogger(__name__)
FEED_TYPES = ("exhibitions", "films")
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


class ContentError(SystemExit):
    """Entries have problems and the build was asked to fail on them; nothing was written.

    A SystemExit, so that `pelican` exits non-zero with this message and no traceback: the
    problems themselves were already logged, one line each."""


class DirectoryGenerator(Generator):
    def generate_context(self):
        self.config = read_settings(self.settings)
        content_dir = Path(self.path) / self.config.content_dir
        result = build_directory(content_dir, display_root_for(content_dir))
        for problem in result.problems:
            log.error("%s", problem)
        if result.problems and self.config.on_error == "fail":
            raise ContentError(
                f"{len(result.problems)} problem(s) in {len(result.broken)} entry file(s); "
                "nothing was written. Fix them, or run `make validate` to list them again."
            )
        if result.problems:
            log.warning(
                "left out %d entries with problems (ON_ERROR is 'skip')", len(result.broken)
            )
        self.result = result
        self.dates = entry_dates(content_dir)
        self.content_dir = content_dir
        self.context["directory"] = result.directory
        # Other plugins may add pages here (plugins.directory.pages.Page) while they generate
        # their context: they are rendered like the directory's own, in every language.
        self.context["directory_extra_pages"] = []

    def generate_output(self, writer):
        """Render and write, in order: the images' copies, every page in every language, the
        bilingual root pages, the files around the pages; then remove the pages of entries that
        are gone. Pelican's writer is not used: each page is rendered and written once."""
        out = OutputFolder(self.output_path, minify=self.config.minify)
        pages = plan(self.result.directory, build_day()) + self.context["directory_extra_pages"]
        self.pictures = self._write_images(out)
        base = self._base_context()
        choices = [
            self._write_language(out, prefix, spec, pages, base)
            for prefix, spec in self.config.languages.items()
        ]
        self._write_root_pages(out, {**base, "choices": choices})
        self._write_site_files(out, pages)
        out.remove_stale(self.config.languages)

    def _write_images(self, out: OutputFolder) -> dict:
        """The picture of each entry that has an image; its smaller copies are written."""
        pictures = {}
        for entry in self.result.directory.entries.values():
            if entry.fields.get("image"):
                src = entry.fields["image"]["src"]
                pictures[entry.key], copies = picture(src, self.content_dir / "images" / src)
                for name, data in copies.items():
                    out.write_bytes(name, data)
        return pictures

    def _base_context(self) -> dict:
        siteurl = self.settings["SITEURL"]
        return {
            "SITEURL": siteurl,
            "directory": self.result.directory,
            "TYPES": TYPE_ORDER,
            "problems": self.result.problems,
            "FEEDS": self.config.feeds,
            "asset": partial(
                _asset_url,
                Path(self.theme) / "static",
                f"{siteurl}/{self.settings['THEME_STATIC_DIR']}",
                {},
            ),
        }

    def _write_language(self, out: OutputFolder, prefix: str, spec: dict, pages, base) -> tuple:
        """Every page of one language, its 404 page, calendar and feed. Returns the language's
        (prefix, spec, gettext), for the bilingual root pages."""
        language, render = self._renderer(prefix, spec, base)
        for page in pages:
            out.write(
                output_name(prefix, page.path), render(page.template, page.path, page.context)
            )
        out.write(f"{prefix}/404.html", render("404.html", None, {}))
        out.write(f"{prefix}/{opendata.CALENDAR_NAME}", self._calendar(prefix, language))
        if self.config.feeds:
            out.write(feed_name(prefix), self._feed(prefix, spec, language))
        return prefix, spec, language.gettext

    def _write_root_pages(self, out: OutputFolder, context: dict) -> None:
        """The landing page and the root 404, in both languages at once."""
        env = self.env.overlay(autoescape=True)
        languages, siteurl = self.config.languages, context["SITEURL"]
        for name, template, path in (
            ("index.html", "landing.html", ()),
            ("404.html", "404-root.html", None),
        ):
            page = _page_meta(languages, "", path, siteurl)
            out.write(name, env.get_template(template).render(**context, **page))

    def _write_site_files(self, out: OutputFolder, pages) -> None:
        """The open data downloads; with an absolute SITEURL, the sitemap and robots.txt."""
        siteurl = self.settings["SITEURL"]
        files = opendata.data_files(self.result.directory, self.config.languages, siteurl)
        for name, text in files.items():
            out.write(f"{opendata.DATA_FOLDER}/{name}", text)
        if siteurl:
            out.write("sitemap.xml", sitemap(self._clusters(pages, siteurl)))
            out.write("robots.txt", robots(siteurl))

    def _renderer(self, prefix: str, spec: dict, base: dict):
        """(Language, render(template, path, context) -> HTML) for one language."""
        languages = self.config.languages
        siteurl = base["SITEURL"]
        translations = load_translations(
            Path(self.theme) / self.config.translations_dir, spec["locale"]
        )
        env = self.env.overlay(autoescape=True, extensions=["jinja2.ext.i18n"])
        env.install_gettext_translations(translations, newstyle=True)
        language = Language(
            prefix,
            spec["key"],
            spec["lang"],
            translations,
            {s["key"]: s["lang"] for s in languages.values()},
        )
        shared = {
            **base,
            "L": language,
            "fmt": Formatter(spec["locale"]),
            "url_for": partial(_entry_url, siteurl, prefix),
            "link": partial(_entry_link, siteurl, prefix, language),
            "label": _label,
            "decade_of": decade_of,
            "FEED_URL": f"{siteurl}/{feed_name(prefix)}",
            "CALENDAR_URL": f"{siteurl}/{prefix}/{opendata.CALENDAR_NAME}",
            "DATA_URL": f"{siteurl}/{opendata.DATA_FOLDER}",
            **structured.template_globals(
                self.result.directory,
                language,
                structured.Urls(siteurl, prefix, next(iter(languages))),
                [spec["locale"], *(s["locale"] for p, s in languages.items() if p != prefix)],
            ),
        }
        collation = Collation.for_locale(spec["locale"])
        grouping = {"heading": by_heading, "year": by_year}

        def render(template: str, path, context: dict) -> str:
            extra = {}
            if template == "about.html":
                extra["sources"] = sources(self.result.directory)
            if "group" in context:
                extra["groups"] = grouping[context["group"]](
                    context["entries"], language.title_of, collation
                )
            if "entry" in context and context["entry"].key in self.pictures:
                extra["picture"] = self.pictures[context["entry"].key]
            if context.get("collaborators"):
                extra["network"] = _network(context["entry"], context["collaborators"], language)
            return env.get_template(template).render(
                **shared, **context, **extra, **_page_meta(languages, prefix, path, siteurl)
            )

        return language, render

    def _feed(self, prefix: str, spec: dict, language: Language) -> str:
        """The exhibitions and films added most recently, newest first."""
        siteurl = self.settings["SITEURL"]
        added = {e.key: self._dates(e)[0] for e in self.result.directory.entries.values()}
        recent = sorted(
            (e for e in self.result.directory.entries.values() if e.type in FEED_TYPES),
            key=lambda e: (-(added[e.key] or EPOCH).timestamp(), e.type, e.slug),
        )[: self.config.feed_length]
        items = [
            (
                language.plain(e.title),
                _entry_url(siteurl, prefix, e),
                added[e.key] or EPOCH,
                language.plain(e.fields.get(type_schema(e.type).body_field)),
            )
            for e in recent
        ]
        newest = max((item[2] for item in items), default=source_date() or EPOCH)
        return atom_feed(
            title=language.gettext("Harbour Crossings: new exhibitions and films"),
            link=f"{siteurl}/{prefix}/",
            feed_url=f"{siteurl}/{feed_name(prefix)}",
            language=spec["lang"],
            items=items,
            updated=newest,
        )

    def _calendar(self, prefix: str, language: Language) -> str:
        """The current and upcoming exhibitions as iCalendar, in one language."""
        exhibitions = self.result.directory.of_type("exhibitions")
        return opendata.exhibitions_calendar(
            self.result.directory,
            name=language.gettext("Harbour Crossings: current and upcoming exhibitions"),
            title=lambda entry: language.plain(entry.title),
            description=lambda entry: structured.summary(entry.fields.get("description"), language),
            page_url=partial(_entry_url, self.settings["SITEURL"], prefix),
            stamps={e.key: self._dates(e)[1] or EPOCH for e in exhibitions},
            today=build_day(),
        )

    def _dates(self, entry) -> tuple:
        """(added, last changed) from the entry file's git history, else SOURCE_DATE_EPOCH."""
        found = self.dates.get(f"{entry.type}/{Path(entry.relpath).name}")
        return found or (source_date(),) * 2

    def _clusters(self, pages, siteurl):
        """For the sitemap: each page's alternates in every language and its last change (the
        home pages' cluster holds the landing page too, as their x-default)."""
        changed = {e.key: self._dates(e)[1] for e in self.result.directory.entries.values()}
        everything = max(filter(None, changed.values()), default=None)
        clusters = []
        for page in pages:
            if "entry" in page.context:
                lastmod = changed[page.context["entry"].key]
            elif "entries" in page.context:
                lastmod = max(
                    filter(None, (changed[e.key] for e in page.context["entries"])),
                    default=everything,
                )
            else:
                lastmod = everything
            meta = _page_meta(
                self.config.languages, next(iter(self.config.languages)), page.path, siteurl
            )
            clusters.append((meta["page"]["alternates"], lastmod))
        return clusters


def _network(artist, collaborators, language: Language):
    names = language.gettext(", ").join(language.title_of(c[0]) for c in collaborators)
    name = language.title_of(artist)
    return network_svg(
        artist,
        collaborators,
        language.title_of,
        title=language.gettext("Collaboration network of %(name)s") % {"name": name},
        description=language.ngettext(
            "%(name)s has worked with %(num)s artist: %(names)s.",
            "%(name)s has worked with %(num)s artists: %(names)s.",
            len(collaborators),
        )
        % {"name": name, "num": len(collaborators), "names": names},
    )


def feed_name(prefix: str) -> str:
    return f"{prefix}/feeds/new.atom.xml"


def _asset_url(static_dir: Path, base_url: str, hashes: dict, name: str) -> str:
    """A theme file's URL with a hash of its content: it can be cached for a year, and a new
    version has a new URL."""
    if name not in hashes:
        hashes[name] = hashlib.sha256((static_dir / name).read_bytes()).hexdigest()[:12]
    return f"{base_url}/{name}?v={hashes[name]}"


def _entry_url(siteurl: str, prefix: str, entry) -> str:
    return siteurl + url_path(prefix, (entry.type, entry.slug))


def _entry_link(siteurl: str, prefix: str, language: Language, entry) -> Markup:
    """A link to an entry's page, titled in the page's language (the commonest piece of HTML
    on the site: a Python function, not a template macro, for speed)."""
    return Markup('<a href="{}">{}</a>').format(
        _entry_url(siteurl, prefix, entry), language.title(entry)
    )


def _label(entry_type: str, field: str, value: str) -> dict:
    return schema.labels(entry_type, field)[value]


def _page_meta(languages: dict, prefix: str, path: tuple | None, siteurl: str) -> dict:
    """This page's URL and its reciprocal alternates in every language and x-default.

    path None is an error page: no URL of its own, no alternates."""
    if path is None:
        return {
            "page": {
                "prefix": prefix,
                "lang": languages[prefix]["lang"] if prefix else None,
                "url": None,
                "path": (),
                "alternates": [],
                "others": [
                    (spec, f"{siteurl}/{p}/404.html")
                    for p, spec in languages.items()
                    if p != prefix
                ],
            }
        }
    alternates = [(spec["lang"], siteurl + url_path(p, path)) for p, spec in languages.items()]
    default = siteurl + (url_path("", ()) if not path else url_path(next(iter(languages)), path))
    alternates.append(("x-default", default))
    others = [(spec, siteurl + url_path(p, path)) for p, spec in languages.items() if p != prefix]
    return {
        "page": {
            "prefix": prefix,
            "lang": languages[prefix]["lang"] if prefix else None,
            "url": siteurl + url_path(prefix, path),
            "path": path,
            "alternates": alternates,
            "others": others,
        }
    }

"""Render stage: pages -> HTML in each language. Every template variable is declared here, in
SiteGlobals (the same for every page), LanguageGlobals (one language's pages) and PageMeta (one
page); a page adds its own (pages.py)."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from . import structured
from .browse import Collation, decade_of, filter_values
from .calendars import Calendar
from .conversion import Converter
from .diagnostics import Diagnostic
from .fields import Bi, Year
from .i18n import (
    ConstantMessages,
    Formatter,
    TemplateStrings,
    derived_translations,
    load_translations,
)
from .images import Picture
from .linking import Directory
from .model import Entry, EntryType
from .network import network_svg
from .pages import Page, url_path
from .rendering import Language
from .settings import Language as LanguageSpec
from .when import Occurrence, occurrences, span

# The macros of every page (``m`` in templates).
MACROS = "_macros.html"
# The status of an entry that goes ahead as planned: it shows no badge.
SCHEDULED = "scheduled"


@dataclass(frozen=True)
class SiteGlobals:
    """Template variables of every page, whatever its language."""

    SITEURL: str  # the site's address ("" for local builds); every URL starts with it
    directory: Directory  # every entry, linked: directory.of_type(name), directory.links(e, f)
    TYPES: list[EntryType]  # the entry types in menu order: t.name, t.label, t.singular_label
    problems: list[Diagnostic]  # entries left out of a preview build, listed on the landing page
    FEEDS: bool  # the Atom feeds are built (head links to them)
    asset: Callable[[str], str]  # asset("css/site.css"): a theme file's URL with its hash
    open_graph_type: Callable[[Entry], str]  # og:type of an entry's page (x-open-graph)


@dataclass(frozen=True)
class LanguageGlobals:
    """Template variables of the pages of one language."""

    L: Language  # bilingual values in this language: L.text(), L.rich(), L.title(), L.plain()
    fmt: Formatter  # fmt.date("2024-03"), fmt.number(1234): in the language's style
    url_for: Callable[[Entry], str]  # an entry's page URL in this language
    link: Callable[[Entry], Markup]  # <a> to an entry's page, titled in this language
    # Its origin (local or international), its status when not as planned (cancelled ...), as
    # badges after `before` (" "); nothing when it has none
    origin_badge: Callable[..., Markup]
    status_badge: Callable[..., Markup]
    label: Callable[[Entry, str, str], dict[str, str]]  # label(entry, field, choice) -> by key
    decade_of: Callable[[Entry], str | None]  # "1990s"
    entry_year: Callable[[Entry], str]  # the year or date that places an entry, formatted
    date_is_exact: Callable[[Entry], bool]  # that date is exact (not c. 1907, 1970s ...)
    occurrences: Callable[[Entry], tuple[Occurrence, ...]]  # its sessions in order, or its run
    when: Callable[[Occurrence], str]  # a session's day and times, or a run's days, formatted
    choices: Callable[[Entry, str], Markup]  # the labels of a choice field's values, joined
    places: Callable[..., list[Entry]]  # places(entry, venue slug=None): where it takes place
    # An entry's values for its listing's filters, as the attributes of its row (data-<filter>)
    filter_data: Callable[[Entry], Markup]
    FEED_URL: str
    calendar_url: Callable[[Calendar], str]  # an iCalendar file's URL in this language
    calendar_title: Callable[[Calendar], str]  # what it holds: "Events: Course"
    DATA_URL: str  # the open data folder
    json_ld: Callable[[Entry], Markup]  # an entry's JSON-LD, safe inside <script>
    summary: Callable[[Bi | None], str]  # a Markdown text as a short plain description
    OG_LOCALE: str
    OG_LOCALE_ALTERNATES: list[str]


@dataclass(frozen=True)
class PageMeta:
    """The page itself (``page`` in templates): its URL and its alternates in every language."""

    prefix: str  # its language's URL prefix; "" for the bilingual root pages
    lang: str | None
    url: str | None  # None for an error page: no URL of its own
    path: tuple[str, ...]
    section: str  # the first part of its path ("artists" on every artist page), "" on the home
    alternates: list[tuple[str, str]]  # (hreflang, URL), every language and x-default
    others: list[tuple[LanguageSpec, str]]  # the other languages: (spec, this page's URL there)
    # The language switcher: every language in order, (spec, this page's URL there, current).
    switcher: list[tuple[LanguageSpec, str, bool]]


def as_variables(*parts: Any) -> dict[str, Any]:
    """The fields of dataclass instances as one dict of template variables (not copied)."""
    found: dict[str, Any] = {}
    for part in parts:
        found.update({f.name: getattr(part, f.name) for f in dataclasses.fields(part)})
    return found


def page_meta(
    languages: dict[str, LanguageSpec], prefix: str, path: tuple[str, ...] | None, siteurl: str
) -> PageMeta:
    """A page's URL and its reciprocal alternates in every language and x-default; path None
    is an error page."""
    lang = languages[prefix].lang if prefix else None
    if path is None:
        urls = {p: f"{siteurl}/{p}/404.html" for p in languages}
        alternates = []
    else:
        urls = {p: siteurl + url_path(p, path) for p in languages}
        alternates = [(spec.lang, urls[p]) for p, spec in languages.items()]
        default = siteurl + url_path("" if not path else next(iter(languages)), path)
        alternates.append(("x-default", default))
    switcher = [(spec, urls[p], p == prefix) for p, spec in languages.items()]
    others = [(spec, url) for spec, url, current in switcher if not current]
    url = None if path is None else siteurl + url_path(prefix, path)
    section = path[0] if path else ""
    return PageMeta(prefix, lang, url, path or (), section, alternates, others, switcher)


def asset_url(static_dir: Path, base_url: str, hashes: dict, name: str) -> str:
    """A theme file's URL with a hash of its content: it can be cached for a year, and a new
    version has a new URL."""
    if name not in hashes:
        hashes[name] = hashlib.sha256((static_dir / name).read_bytes()).hexdigest()[:12]
    return f"{base_url}/{name}?v={hashes[name]}"


class Fragments:
    """``fragment("_navigation.html", section=...)`` in a template: the parts of every page that
    depend on its language alone and the arguments given, each rendered once per language and
    arguments. A fragment sees the site's and the language's variables (the templates' globals)
    and its arguments, nothing of the page: a page variable used in one is an error."""

    def __init__(self, env: Environment):
        self.env = env.overlay(undefined=StrictUndefined)
        self.made: dict[tuple, Markup] = {}

    def __call__(self, template: str, **arguments: Any) -> Markup:
        key = (template, *sorted(arguments.items()))
        found = self.made.get(key)
        if found is None:
            html = self.env.get_template(template).render(arguments)
            found = self.made[key] = Markup(html)
        return found


class Renderer:
    """Renders the pages of one language."""

    def __init__(
        self,
        env: Environment,
        site: SiteGlobals,
        prefix: str,
        languages: dict[str, LanguageSpec],
        translations_dir: Path,
        pictures: dict[tuple[str, str], Picture],
        feed_name: str,
        data_folder: str,
        compiled: dict | None = None,
    ):
        """compiled: where this language's compiled templates are kept (CompiledTemplates)."""
        spec = languages[prefix]
        model = site.directory.model
        siteurl = site.SITEURL
        self.prefix, self.languages, self.site = prefix, languages, site
        derive = None
        if spec.derived:
            source = next(s for s in languages.values() if s.key == spec.source)
            self.translations = derived_translations(
                translations_dir, source.locale, spec.locale, spec.convert
            )
            derive = (spec.source, Converter.named(spec.convert))
        else:
            self.translations = load_translations(translations_dir, spec.locale)
        # Templates do not change during a build (auto_reload: no stat on every include), and
        # are few: kept in a plain dict (cache_size -1), not an LRU cache locked on every
        # include. The overlay has globals of its own: it would share its parent's dict, and the
        # renderers of every language exist before their pages are rendered (by forked workers).
        self.env = env.overlay(
            autoescape=True,
            auto_reload=False,
            cache_size=-1,
            extensions=["jinja2.ext.i18n", ConstantMessages],
            bytecode_cache=CompiledTemplates({} if compiled is None else compiled),
        )
        self.env.globals = dict(env.globals)
        self.env.install_gettext_translations(self.translations, newstyle=True)  # type: ignore[attr-defined]
        # the same gettext and ngettext, each message translated once; _("a message") is
        # translated as the templates are compiled (i18n.ConstantMessages)
        strings = TemplateStrings(self.translations)
        self.env.globals.update(
            {"_": strings.gettext, "gettext": strings.gettext, "ngettext": strings.ngettext}
        )
        self.env.template_strings = strings  # type: ignore[attr-defined]
        self.language = Language(
            prefix,
            spec.key,
            spec.lang,
            self.translations,
            {s.key: s.lang for s in languages.values()},
            model.languages,
            derive,
        )
        self.collation = Collation.for_locale(spec.locale)
        self.pictures = pictures
        fmt = Formatter(spec.locale)
        url_for = partial(_entry_url, siteurl, prefix)
        language = self.language
        self.globals = LanguageGlobals(
            L=language,
            fmt=fmt,
            url_for=url_for,
            link=per_entry(partial(_entry_link, url_for, language)),
            origin_badge=partial(_before, per_entry(partial(_origin_badge, language))),
            status_badge=partial(_before, per_entry(partial(_status_badge, language))),
            label=_label,
            decade_of=decade_of,
            entry_year=per_entry(partial(_entry_year, fmt)),
            date_is_exact=_date_is_exact,
            occurrences=occurrences,
            when=partial(_when, {}, fmt),
            choices=partial(_choices, {}, language, strings.gettext(", ")),
            places=site.directory.places,
            filter_data=per_entry(_filter_data),
            FEED_URL=f"{siteurl}/{feed_name}",
            calendar_url=lambda calendar: f"{siteurl}/{calendar.file(prefix)}",
            calendar_title=self.calendar_title,
            DATA_URL=f"{siteurl}/{data_folder}",
            **structured.template_globals(
                site.directory,
                self.language,
                structured.Urls(siteurl, prefix, next(iter(languages)), model),
                [spec.locale, *(s.locale for p, s in languages.items() if p != prefix)],
            ),
        )
        # The site's and the language's variables are the templates' globals: macros imported
        # without the page's context see them, and the imported module is made once.
        self.env.globals.update(as_variables(site, self.globals))
        self.env.globals["fragment"] = Fragments(self.env)
        # The macros every page may call, imported once (an import in a page's template is
        # done again on every page).
        self.env.globals["m"] = self.env.get_template(MACROS).module

    def render(self, page: Page) -> str:
        variables = {
            **page.variables(),
            **page.localised(self),
            "page": page_meta(self.languages, self.prefix, page.path, self.site.SITEURL),
        }
        return self.env.get_template(page.template).render(variables)

    def render_error(self, template: str) -> str:
        """An error page: no URL of its own, links to the same page in the other languages."""
        meta = page_meta(self.languages, self.prefix, None, self.site.SITEURL)
        return self.env.get_template(template).render({"page": meta})

    def calendar_title(self, calendar: Calendar) -> str:
        """What an iCalendar file holds, in this language: 'Events', 'Events: Course',
        'Events at Hong Kong Cultural Centre'."""
        language = self.language
        what = language.gettext(calendar.entry_type.label)
        if calendar.value:
            what = language.gettext("%(type)s: %(value)s") % {
                "type": what,
                "value": language.label(calendar.value),
            }
        if calendar.place is not None:
            what = language.gettext("%(what)s at %(place)s") % {
                "what": what,
                "place": language.title_of(calendar.place),
            }
        return what

    def calendar_name(self, calendar: Calendar) -> str:
        """The calendar's name in calendar programs."""
        return self.language.gettext("Harbour Crossings: %(what)s, current and upcoming") % {
            "what": self.calendar_title(calendar)
        }

    def location(self, entry: Entry, occurrence: Occurrence) -> str:
        """Where a session or run takes place, as text."""
        places = self.site.directory.places(entry, occurrence.venue)
        return self.language.gettext(", ").join(self.language.title_of(p) for p in places)

    # LanguageTools, for the pages' localised() --------------------------------------------

    def title_of(self, entry: Entry) -> str:
        return self.language.title_of(entry)

    def sort_of(self, entry: Entry) -> str:
        return self.language.sort_of(entry)

    def picture(self, entry: Entry) -> Picture | None:
        return self.pictures.get(entry.key)

    def network(self, artist: Entry, collaborators: list) -> Markup:
        language = self.language
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


class ThemeEnvironment(Environment):
    """A template's globals are the environment's own dict, not a ChainMap over it: a page's
    context copies them, and copying a ChainMap of the ~50 globals cost as much as a tenth of
    rendering a page. A template given globals of its own keeps Jinja's ChainMap."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return super().make_globals(d) if d else self.globals


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in a dict, by name and source, as marshalled code: a template
    read again unchanged is not compiled again. A language's own (its messages are compiled
    into its templates, i18n.ConstantMessages); kept from one build to the next in the build's
    memory (BuildMemory.compiled)."""

    def __init__(self, store: dict[str, bytes]):
        self.store = store

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self.store.get(bucket.key)
        if found is not None:
            bucket.bytecode_from_string(found)  # nothing when its source's checksum differs

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


def theme_environment(theme_dir: Path, options: dict[str, Any]) -> Environment:
    """The theme's templates, with Pelican's JINJA_ENVIRONMENT options (trim_blocks...)."""
    return ThemeEnvironment(loader=FileSystemLoader(str(theme_dir / "templates")), **options)


def _entry_url(siteurl: str, prefix: str, entry: Entry) -> str:
    return siteurl + url_path(prefix, (entry.type, entry.slug))


def _entry_link(url_for: Callable[[Entry], str], language: Language, entry: Entry) -> Markup:
    """A link to an entry's page, titled in the page's language (the commonest piece of HTML
    on the site: a Python function, not a template macro, for speed)."""
    return Markup('<a href="{}">{}</a>').format(url_for(entry), language.title(entry))


def per_entry(make: Callable[[Entry], Any]) -> Callable[[Entry], Any]:
    """make(entry), made once per entry: what a page of one language shows of an entry (its
    link, its badges, its year) is the same on every page that shows it."""
    made: dict[tuple[str, str], Any] = {}

    def get(entry: Entry) -> Any:
        found = made.get(entry.key)
        if found is None:
            found = made[entry.key] = make(entry)
        return found

    return get


def _before(badge: Callable[[Entry], Markup], entry: Entry, before: str = "") -> Markup:
    found = badge(entry)
    return escape(before) + found if found else found


def _origin_badge(language: Language, entry: Entry) -> Markup:
    labels = _origin_label(entry)
    if labels is None:
        return Markup("")
    return Markup('<span class="badge badge-{}">{}</span>').format(
        entry.origin, language.label(labels)
    )


def _status_badge(language: Language, entry: Entry) -> Markup:
    """A badge unless the status is the planned one ("scheduled")."""
    name = entry.entry_type.status_field
    value = entry.fields.get(name) if name else None
    if not name or not value or value == SCHEDULED:
        return Markup("")
    cancelled = " badge-cancelled" if entry.cancelled else ""
    return Markup('<span class="badge badge-status{}">{}</span>').format(
        cancelled, language.label(_label(entry, name, value))
    )


def _label(entry: Entry, field: str, value: str) -> dict[str, str]:
    """A choice's labels by key; templates show L.label(...) of them."""
    return entry.entry_type.labels(field)[value]


def _origin_label(entry: Entry) -> dict[str, str] | None:
    name = entry.entry_type.origin_field
    return entry.entry_type.labels(name)[entry.origin] if name and entry.origin else None


def _date_is_exact(entry: Entry) -> bool:
    found = entry.date
    return found is None or found.exact


def _choices(made: dict, language: Language, comma: Markup, entry: Entry, field: str) -> Markup:
    """The labels of the value (or values) of a choice field in the language, joined; made once
    per entry and field (in made)."""
    key = (entry.key, field)
    found = made.get(key)
    if found is None:
        value = entry.fields.get(field)
        values = value if isinstance(value, list) else [value] if value else []
        labels = entry.entry_type.labels(field)
        found = made[key] = comma.join(language.label(labels[v]) for v in values)
    return found


def _filter_data(entry: Entry) -> Markup:
    """data-discipline="film music" data-origin="local": what browse.js filters a row by."""
    return Markup("").join(
        Markup(' data-{}="{}"').format(spec.name, Markup(" ").join(filter_values(spec, entry)))
        for spec in entry.entry_type.listing.filters
    )


def _when(made: dict, fmt: Formatter, occurrence: Occurrence) -> str:
    """'Friday, 30 January 2026, 7:30 pm – 9:30 pm'; a run: '5 Jan – 29 Jun 2026'. Made once
    per day and times (in made): Babel formats slowly, and an event's sessions repeat them."""
    key = (occurrence.first, occurrence.last, occurrence.start, occurrence.end)
    found = made.get(key)
    if found is None:
        if occurrence.start is None:
            found = fmt.days(occurrence.first, occurrence.last)
        else:
            times = fmt.times(occurrence.start, occurrence.end)
            found = fmt.day_and_times(occurrence.first, times)
        made[key] = found
    return found


def _entry_year(fmt: Formatter, entry: Entry) -> str:
    """The first of the entry's x-year fields it has: a year as it is, a date formatted,
    approximate ones as such (c. 1907, 1970s), the days of its sessions."""
    for name in entry.entry_type.year_fields:
        value = entry.fields.get(name)
        if value:
            if name == entry.entry_type.sessions_field:
                first, last = span(entry) or (None, None)
                return fmt.days(first, last) if first and last else ""
            prop = entry.entry_type.properties[name]
            return fmt.year(value) if isinstance(prop.field, Year) else fmt.date(value)
    return ""

"""Interface strings from Babel gettext catalogs, compiled in memory at build time, and
locale-aware formatting of dates and numbers.

A derived language (settings.Language with ``convert``) has no catalog of its own: its catalog is
its source language's, each translation converted (conversion.py), with the interface's own
terms (``<translations>/<locale>/terms.txt``) winning over the conversion's dictionary."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton, format_time
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations
from jinja2 import Environment
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup

from .conversion import Converter, read_overrides
from .fields import CENTURY, CIRCA, DECADE, EXACT, When, read_date

DOMAIN = "messages"
TERMS = "terms.txt"
# How each language writes an approximate date, which Babel's locale data has no forms for (by
# the locale's language and script, else its language; English for any other). {date}: the year
# as Babel writes it.
APPROXIMATE = {
    "en": {CIRCA: "c. {date}", DECADE: "{year}s", CENTURY: "{ordinal} century", "to": "{0}–{1}"},
    "zh": {CIRCA: "約{date}", DECADE: "{year}年代", CENTURY: "{number}世紀", "to": "{0}至{1}"},
    "zh_Hans": {CIRCA: "约{date}", DECADE: "{year}年代", CENTURY: "{number}世纪", "to": "{0}至{1}"},
}


def catalog_path(translations_dir: Path, locale: str) -> Path:
    return translations_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def terms_path(translations_dir: Path, locale: str) -> Path:
    """A derived language's interface terms (see the module's docstring)."""
    return translations_dir / locale / TERMS


def load_translations(translations_dir: Path, locale: str) -> NullTranslations:
    """The compiled catalog for a locale; English is the source language and needs none."""
    path = catalog_path(translations_dir, locale)
    if not path.exists():
        return NullTranslations()
    return _compiled(_read(path, locale))


def derived_translations(
    translations_dir: Path, source_locale: str, locale: str, conversion: str
) -> NullTranslations:
    """A derived language's catalog, made from its source language's catalog: each translation
    converted, the interface's terms winning over the conversion's dictionary."""
    terms = terms_path(translations_dir, locale)
    convert = Converter.named(conversion, read_overrides(terms) if terms.exists() else {})
    source = catalog_path(translations_dir, source_locale)
    if not source.exists():
        return NullTranslations()
    catalog = _read(source, source_locale)
    derived = Catalog(locale=locale, domain=DOMAIN)
    for message in catalog:
        if message.id and message.string and not message.fuzzy:
            if isinstance(message.string, str):
                derived.add(message.id, convert(message.string))
            else:
                derived.add(message.id, tuple(convert(text) for text in message.string))
    return _compiled(derived)


def _read(path: Path, locale: str) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, locale=locale, domain=DOMAIN)


def _compiled(catalog: Catalog) -> Translations:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


class TemplateStrings:
    """The ``_``, ``gettext`` and ``ngettext`` of one language's templates: what jinja2.ext.i18n's
    newstyle ones give under autoescaping (the translation is markup, its variables are escaped
    into it, a message is always a format string), each message translated once. Plain
    functions, not ``pass_context`` ones: a template calls one many times on every page."""

    def __init__(self, translations: NullTranslations):
        self.translations = translations
        self.translated: dict[str, Markup] = {}  # message -> its translation, as markup
        self.constant: dict[str, Markup] = {}  # message -> its translation without variables

    def gettext(self, message: str, /, **variables) -> Markup:
        if not variables:
            found = self.constant.get(message)
            if found is None:
                found = self.constant[message] = self._markup(message) % variables
            return found
        return self._markup(message) % variables

    def ngettext(self, singular: str, plural: str, num: int, /, **variables) -> Markup:
        variables.setdefault("num", num)
        return Markup(self.translations.ngettext(singular, plural, num)) % variables

    def _markup(self, message: str) -> Markup:
        found = self.translated.get(message)
        if found is None:
            found = self.translated[message] = Markup(self.translations.gettext(message))
        return found


class ConstantMessages(Extension):
    """``_("a message")`` in a template, with no variables, is its translation (the
    environment's ``template_strings``, a TemplateStrings) put into the template as it is
    compiled: a constant of that language's templates, never called on a page. Any other call
    of ``_`` or ``gettext`` is made as usual, on the page."""

    def __init__(self, environment: Environment):
        super().__init__(environment)
        environment.extend(template_strings=None)

    def filter_stream(self, stream: TokenStream) -> list[Token]:
        strings: TemplateStrings | None = self.environment.template_strings  # type: ignore[attr-defined]
        found: list[Token] = []
        for token in stream:
            found.append(token)
            translated = strings and _constant_message(found, strings)
            if translated:
                # _ ( "message" ) -> ( "translation" | safe ): the same Markup
                line = found[-4].lineno
                found[-4:] = [
                    Token(line, "lparen", "("),
                    Token(line, "string", translated),
                    Token(line, "pipe", "|"),
                    Token(line, "name", "safe"),
                    Token(line, "rparen", ")"),
                ]
        return found


def _constant_message(tokens: list[Token], strings: TemplateStrings) -> str | None:
    """The translation of the message when the tokens end with a call of _ or gettext with one
    string and nothing else (not a method: no dot before it), else None."""
    if len(tokens) < 4 or [t.type for t in tokens[-4:]] != ["name", "lparen", "string", "rparen"]:
        return None
    if tokens[-4].value not in ("_", "gettext"):
        return None
    if len(tokens) > 4 and tokens[-5].type in ("dot", "pipe"):
        return None
    try:
        return str(strings.gettext(tokens[-2].value))
    except (KeyError, TypeError, ValueError):
        return None  # a format string that wants variables: the page's call fails as before


class Formatter:
    """Dates and numbers in one locale's style: '17 July 1958' / '1958年7月17日', 'c. 1907' /
    '約1907年' / '约1907年', '1970s' / '1970年代', '20th century' / '20世紀' / '20世纪',
    '1965–1970' / '1965年至1970年'."""

    def __init__(self, locale: str):
        self.locale = Locale.parse(locale)
        language, script = self.locale.language, self.locale.script
        self.forms = APPROXIMATE.get(f"{language}_{script}") or APPROXIMATE.get(
            language, APPROXIMATE["en"]
        )

    def date(self, text) -> str:
        """A date at the precision the editor gave, exact or approximate (fields.read_date)."""
        found = read_date(text)
        if found is None:
            return str(text)
        start = self._when(found.start)
        return self.forms["to"].format(start, self._when(found.end)) if found.end else start

    def year(self, value) -> str:
        """A year field: an exact year as it is (1965), an approximate one as date() says."""
        found = read_date(value, days=False)
        return str(value) if found is None or found.exact else self.date(value)

    def _when(self, when: When) -> str:
        day = when.first_day()
        if when.kind == EXACT and len(when.parts) == 3:
            return format_date(day, "long", locale=self.locale)
        if when.kind == EXACT and len(when.parts) == 2:
            return format_skeleton("yMMMM", day, locale=self.locale)
        year = when.parts[0]
        written = format_skeleton("y", day, locale=self.locale)
        if when.kind == EXACT:
            return written
        number = year // 100 + 1
        return self.forms[when.kind].format(
            date=written, year=year, number=number, ordinal=_ordinal(number)
        )

    def day(self, day: datetime.date, weekday: bool = False) -> str:
        """'30 January 2026' ('Friday, 30 January 2026' with its weekday)."""
        return format_date(day, "full" if weekday else "long", locale=self.locale)

    def short_day(self, day: datetime.date) -> str:
        """'Fri, 30 Jan 2026'."""
        return format_skeleton("yMMMEd", day, locale=self.locale)

    def days(self, first: datetime.date, last: datetime.date) -> str:
        """'5 Jan – 29 Jun 2026', or one day when they are the same."""
        if first == last:
            return self.day(first)
        return format_interval(first, last, "yMMMd", locale=self.locale)

    def time(self, value: datetime.time) -> str:
        """'7:30 pm' / '下午7:30'."""
        return format_time(value, "short", locale=self.locale)

    def times(self, start: datetime.time | None, end: datetime.time | None) -> str:
        """'7:30 pm – 9:30 pm', '7:30 pm', or '' when the time is not known."""
        if start is None:
            return ""
        return self.time(start) + (f" – {self.time(end)}" if end is not None else "")

    def day_and_times(self, day: datetime.date, times: str) -> str:
        """A day with its times, joined as the locale joins a date and a time."""
        return str(self.locale.datetime_formats["full"]).format(times, self.day(day, weekday=True))

    def number(self, value) -> str:
        return format_decimal(value, locale=self.locale)


def _ordinal(number: int) -> str:
    """20 -> '20th', 21 -> '21st' (English; the other languages' forms take the number)."""
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"

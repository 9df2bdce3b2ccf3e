"""Interface strings from Babel gettext catalogs, compiled in memory at build time, and
locale-aware formatting of dates and numbers."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from .fields import first_day, parse_date

DOMAIN = "messages"


def catalog_path(translations_dir: Path, locale: str) -> Path:
    return translations_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_translations(translations_dir: Path, locale: str) -> NullTranslations:
    """The compiled catalog for a locale; English is the source language and needs none."""
    path = catalog_path(translations_dir, locale)
    if not path.exists():
        return NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=locale, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


class Formatter:
    """Dates and numbers in one locale's style: '17 July 1958' / '1958年7月17日'."""

    def __init__(self, locale: str):
        self.locale = Locale.parse(locale)

    def date(self, text: str) -> str:
        """A YYYY, YYYY-MM or YYYY-MM-DD date at the precision the editor gave."""
        parts = parse_date(str(text))
        if parts is None:
            return str(text)
        day = first_day(text)
        if len(parts) == 1:
            return format_skeleton("y", day, locale=self.locale)
        if len(parts) == 2:
            return format_skeleton("yMMMM", day, locale=self.locale)
        return format_date(day, "long", locale=self.locale)

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

"""Interface strings from Babel gettext catalogs, compiled in memory at build time, and
locale-aware formatting of dates and numbers."""

from __future__ import annotations

import io
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton
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

    def number(self, value) -> str:
        return format_decimal(value, locale=self.locale)

"""The plugin's settings: one ``DIRECTORY`` dict in pelicanconf.py, checked once at start-up."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

DEFAULTS = {
    # What to do with an entry that has problems: "fail" stops the build before anything is
    # written (CI, make html, make publish); "skip" leaves the entry out, logs its problems and
    # lists them on the landing page (make devserver).
    "ON_ERROR": "fail",
    # Folder of entries, relative to Pelican's PATH.
    "CONTENT_DIR": "",
    # The site's languages: URL prefix -> (locale for Babel, lang attribute, key in entries).
    "LANGUAGES": {
        "en": {"locale": "en_HK", "lang": "en", "key": "en", "name": "English"},
        "tc": {"locale": "zh_Hant_HK", "lang": "zh-Hant-HK", "key": "zh", "name": "繁體中文"},
    },
    # Where the interface string catalogs (.po) live, relative to the theme.
    "TRANSLATIONS_DIR": "translations",
    # Atom feeds per language of the exhibitions and films added most recently.
    "FEEDS": False,
    # How many entries each feed lists.
    "FEED_LENGTH": 50,
    # Minify every page's HTML.
    "MINIFY": False,
    # Write .gz and .br copies beside every text file once the build is complete.
    "COMPRESS": False,
}
CHOICES = {"ON_ERROR": ("fail", "skip")}
FLAGS = ("FEEDS", "MINIFY", "COMPRESS")


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class Config:
    on_error: str
    content_dir: str
    languages: dict
    translations_dir: str
    feeds: bool
    feed_length: int
    minify: bool
    compress: bool


def merge_settings(settings: dict, name: str, defaults: dict) -> dict:
    """settings[name] (a plugin's one dict of settings) over its defaults; an unknown key is
    refused with the closest known one. Shared by the project's plugins."""
    user = settings.get(name, {})
    if not isinstance(user, dict):
        raise SettingsError(f"{name}: expected a dict of settings, got {type(user).__name__}")
    for key in user:
        if key not in defaults:
            close = difflib.get_close_matches(key, defaults, n=1)
            hint = (
                f"did you mean '{close[0]}'?" if close else f"expected one of {', '.join(defaults)}"
            )
            raise SettingsError(f"{name}['{key}']: unknown setting: {hint}")
    return {**defaults, **user}


def read_settings(settings: dict) -> Config:
    """Merge the user's DIRECTORY dict over the defaults, refusing unknown keys and bad values."""
    merged = merge_settings(settings, "DIRECTORY", DEFAULTS)
    for key, choices in CHOICES.items():
        if merged[key] not in choices:
            raise SettingsError(
                f"DIRECTORY['{key}']: {merged[key]!r} is not a valid choice: "
                f"expected one of {', '.join(choices)}"
            )
    for key in FLAGS:
        if not isinstance(merged[key], bool):
            raise SettingsError(f"DIRECTORY['{key}']: expected True or False")
    if not isinstance(merged["FEED_LENGTH"], int) or merged["FEED_LENGTH"] < 1:
        raise SettingsError("DIRECTORY['FEED_LENGTH']: expected a number of entries, at least 1")
    for key in ("CONTENT_DIR", "TRANSLATIONS_DIR"):
        if not isinstance(merged[key], str):
            raise SettingsError(f"DIRECTORY['{key}']: expected a folder path as text")
    languages = merged["LANGUAGES"]
    if (
        not isinstance(languages, dict)
        or not languages
        or any(
            not isinstance(v, dict) or set(v) != {"locale", "lang", "key", "name"}
            for v in languages.values()
        )
    ):
        raise SettingsError("DIRECTORY['LANGUAGES']: expected {prefix: {locale, lang, key, name}}")
    return Config(
        on_error=merged["ON_ERROR"],
        content_dir=merged["CONTENT_DIR"],
        languages=languages,
        translations_dir=merged["TRANSLATIONS_DIR"],
        feeds=merged["FEEDS"],
        feed_length=merged["FEED_LENGTH"],
        minify=merged["MINIFY"],
        compress=merged["COMPRESS"],
    )

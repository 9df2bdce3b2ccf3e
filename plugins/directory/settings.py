"""Settings, declared once: each plugin's dict in pelicanconf.py (``DIRECTORY``, ``SEARCH``) is a
frozen dataclass whose fields give the key (upper case in the file), the type, the default and
what it is for; ``read_settings`` checks a dict against it once, at start-up, and refuses an
unknown key or a wrong value with one line."""

from __future__ import annotations

import dataclasses
import datetime
import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, TypeVar, get_args, get_origin, get_type_hints

from .errors import ConfigurationError

T = TypeVar("T")


def setting(default: Any, doc: str, check: tuple[Any, str] | None = None) -> Any:
    """A setting's default, what it is for, and optionally (test, what is expected) beyond its
    type. Dict defaults are copied, never shared."""
    metadata = {"doc": doc, "check": check}
    if isinstance(default, Mapping):
        return field(default_factory=lambda: dict(default), metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class Language:
    """One language of the site (a value of DIRECTORY['LANGUAGES'], keyed by its URL prefix).

    A language is written (editors write its texts, translators its catalog) or derived: made at
    build time from a written language's texts and catalog by an OpenCC conversion, so that
    nobody writes or translates anything for it (``make status`` counts nothing missing)."""

    locale: str  # Babel's locale: dates, numbers, sort order, the catalog's folder
    lang: str  # the lang attribute and hreflang: "en", "zh-Hant-HK", "zh-Hans"
    key: str  # which text of a bilingual field it shows: "en", "zh"; derived: "zh_hans", the
    # key of the few texts editors give where the conversion gets a name wrong
    name: str  # its name in itself, in the language switcher: "English", "繁體中文", "简体中文"
    source: str = ""  # derived: the key of the written language it is made from ("zh")
    convert: str = ""  # derived: the OpenCC conversion ("hk2s"), with conversions/<it>.txt

    @property
    def derived(self) -> bool:
        return bool(self.convert)


DEFAULT_LANGUAGES = MappingProxyType(
    {
        "en": Language(locale="en_HK", lang="en", key="en", name="English"),
        "tc": Language(locale="zh_Hant_HK", lang="zh-Hant-HK", key="zh", name="繁體中文"),
        "sc": Language(
            locale="zh_Hans",
            lang="zh-Hans",
            key="zh_hans",
            name="简体中文",
            source="zh",
            convert="hk2s",
        ),
    }
)


@dataclass(frozen=True)
class DirectorySettings:
    on_error: Literal["fail", "skip"] = setting(
        "fail",
        "What to do with an entry that has problems: 'fail' stops the build before anything is "
        "written (CI, make html, make publish); 'skip' leaves the entry out, logs its problems "
        "and lists them on the landing page (make devserver).",
    )
    content_dir: str = setting("", "Folder of entries, relative to Pelican's PATH.")
    schemas_dir: str = setting(
        "",
        "Folder of the JSON Schema files of the entry types (relative to the working folder); "
        "'' for the plugin's own.",
    )
    languages: Mapping[str, Language] = setting(
        DEFAULT_LANGUAGES,
        "The site's languages, in order: URL prefix -> {locale, lang, key, name}, and for a "
        "language derived from another by conversion {source, convert} (see Language). The "
        "first is the default (x-default, the @id of entities) and is written.",
    )
    translations_dir: str = setting(
        "translations", "Where the interface string catalogs (.po) live, relative to the theme."
    )
    feeds: bool = setting(False, "Atom feeds per language of the entries added most recently.")
    feed_length: int = setting(
        50,
        "How many entries each feed lists.",
        (lambda v: v >= 1, "expected a number of entries, at least 1"),
    )
    minify: bool = setting(False, "Minify every page's HTML.")
    compress: bool = setting(
        False, "Write .gz and .br copies beside every text file once the build is complete."
    )
    incremental: bool = setting(
        True,
        "Remember, in the user's cache, what each build read and wrote, so that the next build "
        "into the same folder reads only changed entry files and makes only the files whose "
        "inputs changed; False: every build reads and makes everything.",
    )
    processes: int = setting(
        0,
        "How many processes render pages; 0 for one per core this build may use, when a build "
        "has enough pages to render to pay for starting them.",
        (lambda v: v >= 0, "expected a number of processes, or 0 for one per core"),
    )
    build_day: str = setting(
        "",
        "The day the site is built for (what is current, upcoming, past), YYYY-MM-DD; '' for "
        "SOURCE_DATE_EPOCH's day, else the day of the content's last commit.",
        (lambda v: v == "" or _is_day(v), "expected a day as YYYY-MM-DD, or ''"),
    )


def _is_day(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def read_settings(settings: dict, name: str, cls: type[T]) -> T:
    """settings[name], checked against cls: an unknown key is refused with the closest known
    one, a value of the wrong type or out of range with what was expected."""
    user = settings.get(name, {})
    if not isinstance(user, dict):
        raise ConfigurationError(f"{name}: expected a dict of settings, got {type(user).__name__}")
    declared = {f.name.upper(): f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    hints = get_type_hints(cls)
    values = {}
    for key, value in user.items():
        if key not in declared:
            close = difflib.get_close_matches(str(key), declared, n=1)
            if close:
                hint = f"did you mean '{close[0]}'?"
            elif declared:
                hint = f"expected one of {', '.join(declared)}"
            else:
                hint = f"{name} takes no settings (yet): remove it"
            raise ConfigurationError(f"{name}['{key}']: unknown setting: {hint}")
        attribute = declared[key].name
        values[attribute] = _checked(f"{name}['{key}']", value, hints[attribute])
        check = declared[key].metadata["check"]
        if check and not check[0](values[attribute]):
            raise ConfigurationError(f"{name}['{key}']: {check[1]}")
    return cls(**values)


def _checked(where: str, value: Any, hint: Any) -> Any:
    """value, if it has the type hint says (converted to Language where declared so)."""
    origin = get_origin(hint)
    if origin is Literal:
        choices = get_args(hint)
        if value not in choices:
            raise ConfigurationError(
                f"{where}: {value!r} is not a valid choice: expected one of "
                f"{', '.join(map(str, choices))}"
            )
        return value
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigurationError(f"{where}: expected True or False")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigurationError(f"{where}: expected a whole number")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise ConfigurationError(f"{where}: expected {_text_kind(where)} as text")
        return value
    if origin in (dict, Mapping) and get_args(hint)[1] is Language:
        return _languages(where, value)
    raise TypeError(f"{where}: no check for settings of type {hint}")  # a mistake in a declaration


def _text_kind(where: str) -> str:
    return "a folder path" if where.endswith(("_DIR']", "DIR']")) else "a value"


def _languages(where: str, value: Any) -> dict[str, Language]:
    required = {"locale", "lang", "key", "name"}
    derived = {"source", "convert"}
    if (
        not isinstance(value, dict)
        or not value
        or any(
            not isinstance(v, dict)
            or not required <= set(v) <= required | derived
            or set(v) & derived not in (set(), derived)
            or not all(isinstance(text, str) and text for text in v.values())
            for v in value.values()
        )
    ):
        raise ConfigurationError(
            f"{where}: expected {{prefix: {{locale, lang, key, name}}}}, with {{source, convert}} "
            "for a language derived from another"
        )
    languages = {prefix: Language(**spec) for prefix, spec in value.items()}
    keys = [spec.key for spec in languages.values()]
    written = {spec.key for spec in languages.values() if not spec.derived}
    for prefix, spec in languages.items():
        if keys.count(spec.key) > 1:
            raise ConfigurationError(
                f"{where}['{prefix}']: key '{spec.key}' is another language's too: expected a "
                "key of its own"
            )
        if spec.derived and spec.source not in written:
            raise ConfigurationError(
                f"{where}['{prefix}']: source '{spec.source}' is not the key of a written "
                f"language: expected one of {', '.join(sorted(written))}"
            )
    if next(iter(languages.values())).derived:
        raise ConfigurationError(f"{where}: the first language is derived: expected a written one")
    return languages


def documentation(cls: type) -> list[tuple[str, Any, str]]:
    """(key, default, what it is for) of every setting, for the README and `--help`."""
    found = []
    for item in dataclasses.fields(cls):
        default = item.default_factory() if callable(item.default_factory) else item.default
        found.append((item.name.upper(), default, item.metadata["doc"]))
    return found

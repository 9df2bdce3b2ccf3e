"""Interface strings: every one in the templates, the code and the schema files (type names,
credit roles, listing labels) has a Chinese translation, and the Simplified interface is made
from it."""

from __future__ import annotations

import re

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from plugins.directory.conversion import Converter, read_overrides
from plugins.directory.i18n import Formatter, catalog_path, derived_translations, terms_path
from tests.support import ROOT

CATALOG = catalog_path(ROOT / "theme" / "translations", "zh_Hant_HK")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "t": None}
METHOD_MAP = [
    ("theme/templates/**.html", "jinja2"),
    ("plugins/**.py", "python"),
    ("plugins/directory/schemas/*.schema.json", "plugins.directory.model:extract_messages"),
]
OPTIONS = {"theme/templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def source_messages() -> set[str]:
    found = set()
    for _, _, message, _, _ in extract_from_dir(
        str(ROOT), METHOD_MAP, options_map=OPTIONS, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_the_schema_files_interface_strings_are_extracted():
    assert {"Artists", "Venue", "Director", "All artists", "Born or founded in the %(decade)s"} <= (
        source_messages()
    )


def read_catalog():
    with CATALOG.open("rb") as po:
        return read_po(po, locale="zh_Hant_HK")


def test_every_interface_string_has_a_chinese_translation():
    catalog = read_catalog()
    untranslated = []
    for message_id in sorted(source_messages()):
        message = catalog.get(message_id)
        strings = message.string if message else None
        strings = strings if isinstance(strings, tuple) else (strings,)
        if not message or message.fuzzy or not all(strings):
            untranslated.append(message_id)
    assert untranslated == [], "run `make translations` and translate these in " + str(CATALOG)


def test_translations_keep_their_placeholders():
    placeholder = re.compile(r"%\(\w+\)s")
    for message in read_catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(placeholder.findall(ids[0]))
        for string in filter(None, strings):  # an empty one is caught as untranslated
            assert set(placeholder.findall(string)) == expected, message.id


def test_the_simplified_catalog_is_the_hong_kong_catalog_converted_with_the_interface_terms():
    translations = ROOT / "theme" / "translations"
    assert not catalog_path(translations, "zh_Hans").exists()  # nobody translates it
    simplified = derived_translations(translations, "zh_Hant_HK", "zh_Hans", "hk2s")
    convert = Converter.named("hk2s", read_overrides(terms_path(translations, "zh_Hans")))
    for message in read_catalog():
        if isinstance(message.id, tuple):
            for n, string in enumerate(message.string):
                assert simplified.ngettext(*message.id, n + 1) == convert(string)
        elif message.id:
            assert simplified.gettext(message.id) == convert(message.string)
    assert [simplified.gettext(m) for m in ("Harbour Crossings", "Search", "Links")] == [
        "港艺交汇",
        "搜索",
        "链接",
    ]
    assert simplified.ngettext("%(num)s entry", "%(num)s entries", 2) == "%(num)s 项"


def test_dates_and_numbers_are_formatted_for_each_locale():
    english, chinese = Formatter("en_HK"), Formatter("zh_Hant_HK")
    simplified = Formatter("zh_Hans")
    assert [english.date(d) for d in ("1958-07-17", "1958-07", "1958")] == [
        "17 July 1958",
        "July 1958",
        "1958",
    ]
    assert [chinese.date(d) for d in ("1958-07-17", "1958-07", "1958")] == [
        "1958年7月17日",
        "1958年7月",
        "1958年",
    ]
    assert [simplified.date(d) for d in ("1958-07-17", "1958-07", "1958")] == [
        "1958年7月17日",
        "1958年7月",
        "1958年",
    ]
    assert (english.number(13412), chinese.number(13412)) == ("13,412", "13,412")
    assert simplified.number(13412) == "13,412"

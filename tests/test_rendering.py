"""Bilingual values in one page language, exactly as the pages show them: the page's own text,
or the other language's marked with its lang and a "not yet translated" note; and Markdown made
safe."""

from __future__ import annotations

import pytest

from plugins.directory.fields import Bi
from plugins.directory.i18n import load_translations
from plugins.directory.pipeline import build_directory
from plugins.directory.rendering import Language, markdown_to_html
from tests.support import ROOT, write_tree

KEYS = ("en", "zh")
LANGS = {"en": "en", "zh": "zh-Hant-HK"}


def language(key: str) -> Language:
    locale = "en_HK" if key == "en" else "zh_Hant_HK"
    translations = load_translations(ROOT / "theme" / "translations", locale)
    return Language("en" if key == "en" else "tc", key, LANGS[key], translations, LANGS, KEYS)


def bi(en: str | None, zh: str | None, same: bool = False) -> Bi:
    return Bi(KEYS, (en, zh), same)


ENGLISH, CHINESE = language("en"), language("zh")


def test_a_text_in_the_pages_language_is_shown_as_it_is():
    assert CHINESE.pick(bi("Harbour", "海港")) == ("海港", None)
    assert str(CHINESE.text(bi("<b>", "<海>"))) == "&lt;海&gt;"


def test_a_missing_text_falls_back_to_the_other_language_marked_as_such():
    assert CHINESE.pick(bi("Harbour", None)) == ("Harbour", "en")
    assert ENGLISH.pick(bi(None, "海港")) == ("海港", "zh-Hant-HK")
    assert ENGLISH.pick(None) == ("", None)
    assert str(CHINESE.text(bi("Harbour & co", None))) == (
        '<span lang="en">Harbour &amp; co</span> <small class="untranslated">(尚未翻譯)</small>'
    )


def test_a_long_text_in_the_other_language_has_a_note_above_it():
    assert str(CHINESE.rich(bi("A *bold* harbour.", None))) == (
        '<p class="untranslated">此段文字尚未翻譯。</p>'
        '<div lang="en"><p>A <em>bold</em> harbour.</p></div>'
    )
    assert str(ENGLISH.rich(bi("A *bold* harbour.", None))) == ("<p>A <em>bold</em> harbour.</p>")
    assert str(ENGLISH.rich(bi(None, None))) == ""


def test_the_other_name_is_shown_only_when_it_differs(tmp_path):
    files = {
        "artists/both.yaml": "name: {en: Wong Kar-wai, zh: 王家衛}\n",
        "artists/same.yaml": "name: M+\n",
        "artists/english.yaml": "name: {en: Only English}\n",
    }
    entries = build_directory(write_tree(tmp_path / "content", files), tmp_path).directory.entries
    assert str(ENGLISH.other_title(entries[("artists", "both")])) == (
        '<span class="other-name" lang="zh-Hant-HK">王家衛</span>'
    )
    assert str(CHINESE.other_title(entries[("artists", "both")])) == (
        '<span class="other-name" lang="en">Wong Kar-wai</span>'
    )
    assert str(ENGLISH.other_title(entries[("artists", "same")])) == ""
    assert str(CHINESE.other_title(entries[("artists", "english")])) == ""


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ('<q cite="javascript:alert(1)">q</q>', "<p><q>q</q></p>"),
        ('<q cite="https://example.org/s">q</q>', '<p><q cite="https://example.org/s">q</q></p>'),
        ("[x](JAVASCRIPT:alert(1))", '<p><a rel="noopener noreferrer">x</a></p>'),
        (
            "[x](HTTPS://example.org/)",
            '<p><a href="HTTPS://example.org/" rel="noopener noreferrer">x</a></p>',
        ),
        ('<abbr title="Hong Kong">HK</abbr>', '<p><abbr title="Hong Kong">HK</abbr></p>'),
    ],
)
def test_only_web_and_mail_addresses_survive_in_links_and_quotes(markdown, html):
    assert markdown_to_html(markdown) == html


def test_a_link_reference_in_one_text_does_not_reach_the_next():
    """Every text is converted by the same converter, reset between texts: a reference one
    long text defines is not known to the next."""
    first = "See [the archive][a].\n\n[a]: https://example.org/archive\n"
    assert markdown_to_html(first) == (
        '<p>See <a href="https://example.org/archive" rel="noopener noreferrer">the archive</a>.'
        "</p>"
    )
    assert markdown_to_html("Also [the archive][a].") == "<p>Also [the archive][a].</p>"

"""Render stage helpers: entries' Markdown made safe, and bilingual values in one language with a
visible, correctly marked fallback to the other. A derived language (Simplified Chinese) shows the
conversion of its source language's text, or the entry's own override of it."""

from __future__ import annotations

from functools import cache, lru_cache

import markdown
import nh3
from markupsafe import Markup, escape

from .conversion import Converter
from .fields import Bi

ALLOWED_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "abbr",
    "cite",
    "q",
    "sub",
    "sup",
    "del",
    "ins",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "q": {"cite"}}
SAFE_SCHEMES = ("http://", "https://", "mailto:")


def _only_safe_links(tag, attribute, value):
    """Drop any URL that is not http, https or mailto (relative and javascript: ones too)."""
    if attribute in ("href", "cite") and not value.lower().startswith(SAFE_SCHEMES):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    attribute_filter=_only_safe_links,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


@lru_cache(maxsize=4096)
def markdown_to_html(text: str) -> str:
    """Markdown (with any raw HTML in it) -> HTML holding only the small allowed set."""
    html = _markdown().reset().convert(text)
    return _CLEANER.clean(html)


@cache
def _markdown() -> markdown.Markdown:
    """One converter, reset before each text (making one costs more than converting a text)."""
    return markdown.Markdown(extensions=["sane_lists"], output_format="html")


class Language:
    """Bilingual values for one page language."""

    def __init__(
        self,
        prefix: str,
        key: str,
        lang: str,
        translations,
        lang_of_key: dict[str, str],
        keys: tuple[str, ...],
        derive: tuple[str, Converter] | None = None,
    ):
        self.prefix = prefix  # "en", "tc" or "sc", as in URLs
        self.key = key  # "en", "zh" or "zh_hans", as in entries
        self.lang = lang  # "en", "zh-Hant-HK" or "zh-Hans", as in lang attributes
        self.gettext = translations.gettext
        self.ngettext = translations.ngettext
        self.lang_of_key = lang_of_key  # {"en": "en", "zh": "zh-Hant-HK", "zh_hans": "zh-Hans"}
        # The written language whose texts it shows ("zh" for both Chinese) and, for a derived
        # language, the conversion of that language's texts.
        self.written = derive[0] if derive else key
        self.convert: Converter | None = derive[1] if derive else None
        # Where a text is missing, the others in the model's order.
        self.fallbacks = tuple(k for k in keys if k != self.written)
        self.other_titles: dict[tuple[str, str], Markup] = {}  # by entry key, made once

    def own(self, value: Bi | None) -> str | None:
        """The text in this language, never another's: a derived language's override, else
        the conversion of its source text."""
        if value is None:
            return None
        text = value.get(self.key)
        if text or self.convert is None:
            return text
        source = value.get(self.written)
        return self.convert(source) if source else None

    def pick(self, value: Bi | None) -> tuple[str, str | None]:
        """(text, lang attribute if it is a fallback to another language, else None)."""
        if value is None:
            return "", None
        own = self.own(value)
        if own:
            return own, None
        for other in self.fallbacks:
            text = value.get(other)
            if text:
                return text, self.lang_of_key[other]
        return "", self.lang_of_key[self.fallbacks[0]] if self.fallbacks else None

    def label(self, labels: dict[str, str]) -> str:
        """A choice's label ({en, zh}, from the schema) in this language."""
        if self.key not in labels and self.convert is not None:
            return self.convert(labels[self.written])
        return labels[self.key]

    def plain(self, value: Bi | None) -> str:
        return self.pick(value)[0]

    def title(self, entry) -> Markup:
        """An entry's name or title for the page; Chinese titles of works, films and exhibitions
        in 《》, unless the title already holds its own (《花樣年華》海報)."""
        text, fallback = self.pick(entry.title)
        chinese = self.written == "zh"
        if chinese and entry.entry_type.book_title and not fallback and "《" not in text:
            return Markup("《{}》").format(self.text(entry.title))
        return self.text(entry.title)

    def other_title(self, entry) -> Markup:
        """The name in the other language, beside the title so that both readers know it."""
        found = self.other_titles.get(entry.key)
        if found is None:
            found = self.other_titles[entry.key] = self._other_title(entry)
        return found

    def _other_title(self, entry) -> Markup:
        if not self.fallbacks:
            return Markup("")
        other_key = self.fallbacks[0]
        other = entry.title.get(other_key)
        if not other or entry.title.same or other == self.plain(entry.title):
            return Markup("")
        return Markup('<span class="other-name" lang="{}">{}</span>').format(
            self.lang_of_key[other_key], other
        )

    def title_of(self, entry) -> str:
        """An entry's name or title as plain text, for pictures and messages."""
        return self.plain(entry.title)

    def sort_of(self, entry) -> str:
        """What files an entry in a listing: its sort name in this language (x-sort, "Wong, Kar
        Wai"), never another language's, else its title."""
        field = entry.entry_type.sort_field
        value = entry.fields.get(field) if field else None
        return self.own(value) or self.title_of(entry)

    def text(self, value: Bi | None) -> Markup:
        """Inline text; a fallback carries its own lang and a 'not yet translated' note."""
        text, fallback = self.pick(value)
        if not fallback:
            return escape(text)
        return Markup('<span lang="{}">{}</span> <small class="untranslated">({})</small>').format(
            fallback, text, self.gettext("not yet translated")
        )

    def rich(self, value: Bi | None) -> Markup:
        """Long Markdown text; a fallback is wrapped in its lang with a note above it. A derived
        language converts the text of the source's HTML, never its tags (or their addresses)."""
        if value is not None and self.convert is not None and not value.get(self.key):
            source = value.get(self.written)
            if source:
                return Markup(self.convert.html(markdown_to_html(source)))
        text, fallback = self.pick(value)
        if not text:
            return Markup("")
        html = Markup(markdown_to_html(text))
        if not fallback:
            return html
        return Markup('<p class="untranslated">{}</p><div lang="{}">{}</div>').format(
            self.gettext("This text is not yet translated."), fallback, html
        )

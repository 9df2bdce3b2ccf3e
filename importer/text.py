"""Pure text helpers: cleaning source strings, telling the languages apart, bilingual values."""

from __future__ import annotations

import html
import re

from importer.notes import Notes
from plugins.directory.textpolicy import NEVER_RE, ONE_LINE_RE

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
# An HTML tag, not any text between '<' and '>' (M+ has a work titled "Souvenir < La Mue >").
TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
BLOCK_TAG = re.compile(r"<(?:br|/p|/div|/li|/h[1-6]|/tr)\b[^<>]*>", re.I)
INLINE_SPACE = re.compile(r"[^\S\n]+")
# Invisible format characters (Unicode category Cf: zero-width space and joiners, word joiner,
# byte order mark, soft hyphen, direction marks): nothing a reader sees, only what breaks
# matching and sorting. Deleted, never turned into spaces.
INVISIBLE = re.compile(r"[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")

# Values the sources use to say "we do not know".
PLACEHOLDERS = frozenset({"--", "research needed", "date unknown"})
GENERIC_TITLES = frozenset({"untitled", "no title", "無題", "無標題"})
# Square brackets: a title supplied by the cataloguer, as museums write it.
MISSING_TITLE = {"en": "[Untitled]", "zh": "[無題]"}


def clean(value: object) -> str:
    """One line of source text: tags and entities resolved, whitespace collapsed, and the
    characters an entry's one-line fields refuse (controls, invisible ones such as U+2060 WORD
    JOINER and U+200B ZERO WIDTH SPACE, which M+ has in some titles) deleted."""
    if value is None:
        return ""
    text = html.unescape(TAG.sub("", BLOCK_TAG.sub(" ", str(value))))
    return INLINE_SPACE.sub(" ", ONE_LINE_RE.sub("", text.replace("\n", " "))).strip()


def is_placeholder(text: str) -> bool:
    """True for a source value that only says the real value is unknown (e.g. '--')."""
    return text.lower() in PLACEHOLDERS


def to_markdown(value: object) -> str:
    """Long source text (plain or HTML) -> Markdown paragraphs.

    Every source line becomes its own paragraph: the LCSD descriptions put one fact per line
    ("Director: ...", "Cast: ..."), which Markdown would otherwise run together. A '<' left
    after the tags are gone is text, so it is written as '&lt;' for Markdown not to take it
    for HTML.
    """
    if value is None:
        return ""
    text = BLOCK_TAG.sub("\n", str(value).replace("\r\n", "\n").replace("\r", "\n"))
    text = INVISIBLE.sub("", NEVER_RE.sub(" ", html.unescape(TAG.sub("", text))))
    text = text.replace("<", "&lt;")
    lines = (INLINE_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line)


def has_han(text: str) -> bool:
    return bool(HAN.search(text))


def has_latin(text: str) -> bool:
    return bool(LATIN_LETTER.search(text))


def english_only(text: str) -> str:
    """The text of an English field, or '' when it holds only Chinese (the wrong language)."""
    return "" if has_han(text) and not has_latin(text) else text


def english_part(text: str, notes: Notes, record: str) -> str:
    """english_only(text), counting the text in the wrong language."""
    if text and not english_only(text):
        notes.odd("Chinese text in an English field (left out)", record)
    return english_only(text)


def chinese_prose(text: str, english: str, notes: Notes, record: str) -> str:
    """The text of a Chinese prose field, or '' when it holds no Chinese at all.

    M+ often copies the English biography or nationality into the Chinese column; shown on the
    Chinese page it would claim a translation that does not exist.
    """
    if text and not has_han(text):
        kind = "English copied into a Chinese field" if text == english else "no Chinese text"
        notes.odd(f"{kind} (Chinese left out)", record)
        return ""
    return text


def bilingual(en: str, zh: str) -> str | dict[str, str] | None:
    """{en, zh} with the known languages, a plain string when both are the same, else None."""
    if en and en == zh:
        return en
    value = {key: text for key, text in (("en", en), ("zh", zh)) if text}
    return value or None


def title(english: str, chinese: str, notes: Notes, record: str) -> str | dict[str, str]:
    """A title from its cleaned languages: never empty, generic and missing titles counted."""
    if not english and not chinese:
        notes.odd("no title in either language (titled '[Untitled]')", record)
        return dict(MISSING_TITLE)
    if english.lower() in GENERIC_TITLES or chinese in GENERIC_TITLES:
        notes.odd("generic title (Untitled / No Title)", record)
    return bilingual(english, chinese) or dict(MISSING_TITLE)  # not None: one is there

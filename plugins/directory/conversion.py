"""Derived languages: texts made at build time from a written language's texts by an OpenCC
conversion (a Language with ``convert``, DIRECTORY['LANGUAGES']), Simplified Chinese from the
Hong Kong Traditional texts with ``hk2s``.

Conversion goes wrong on proper names and a few words (乾 in a name is not 干 'dry'; the surname
鍾; 著 / 着), so a reviewed dictionary of overrides, ``conversions/<conversion>.txt``, comes
first: the longest of its texts that matches at a place is replaced by its own conversion, and
the text between matches is converted by OpenCC. An entry can also give its own text for the
derived language (``{zh: ..., zh_hans: ...}``, fields.Bi.overrides), used as it is.

A Converter converts each distinct text once: a build makes one per derived language and asks
it for the same names on thousands of pages."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import opencc

from .errors import ConfigurationError

CONVERSIONS_DIR = Path(__file__).parent / "conversions"
# Between tags: the text of an HTML fragment, which a conversion may change (never a tag, so
# never an address or an attribute).
TAG_RE = re.compile(r"(<[^>]*>)")


def read_overrides(path: Path) -> dict[str, str]:
    """A dictionary file: one override a line, `<source text> = <converted text>`, the longest
    first where several start at one place; after '#', a comment (a line may be all comment)."""
    found: dict[str, str] = {}
    lines: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        source, equals, target = (part.strip() for part in entry.partition("="))
        if not equals or not source or not target or "=" in target:
            raise ConfigurationError(
                f"{path}:{number}: {entry!r}: expected '<source text> = <converted text>'"
            )
        if source in found:
            raise ConfigurationError(
                f"{path}:{number}: '{source}' is on line {lines[source]} already: expected "
                "each text once"
            )
        found[source], lines[source] = target, number
    return found


def overrides_for(conversion: str, directory: Path = CONVERSIONS_DIR) -> dict[str, str]:
    """The committed dictionary of a conversion ({} when it has none)."""
    path = directory / f"{conversion}.txt"
    return read_overrides(path) if path.exists() else {}


def check_conversion(where: str, conversion: str) -> None:
    """A ConfigurationError unless OpenCC has the conversion and its dictionary reads."""
    try:
        opencc.OpenCC(f"{conversion}.json")
    except RuntimeError:
        raise ConfigurationError(
            f"{where}: '{conversion}' is not an OpenCC conversion: expected one such as hk2s or t2s"
        ) from None
    overrides_for(conversion)


class Converter:
    """One conversion with its overrides, each distinct text converted once."""

    def __init__(self, conversion: str, overrides: Mapping[str, str]):
        self.opencc = opencc.OpenCC(f"{conversion}.json")
        self.overrides = dict(overrides)
        longest_first = sorted(self.overrides, key=lambda text: (-len(text), text))
        self.pattern = re.compile("|".join(map(re.escape, longest_first))) if overrides else None
        self.done: dict[str, str] = {}

    @classmethod
    def named(cls, conversion: str, extra: Mapping[str, str] | None = None) -> Converter:
        """The conversion with its committed dictionary, and extra overrides that win over it
        (the interface's terms, for the catalog)."""
        return cls(conversion, {**overrides_for(conversion), **(extra or {})})

    def __call__(self, text: str) -> str:
        found = self.done.get(text)
        if found is None:
            found = self.done[text] = self._convert(text)
        return found

    def _convert(self, text: str) -> str:
        if text.isascii():
            return text
        if self.pattern is None:
            return self.opencc.convert(text)
        parts, start = [], 0
        for match in self.pattern.finditer(text):
            parts += [self.opencc.convert(text[start : match.start()]), self.overrides[match[0]]]
            start = match.end()
        parts.append(self.opencc.convert(text[start:]))
        return "".join(parts)

    def html(self, fragment: str) -> str:
        """An HTML fragment with its text converted and its tags as they were."""
        parts = TAG_RE.split(fragment)
        return "".join(part if index % 2 else self(part) for index, part in enumerate(parts))

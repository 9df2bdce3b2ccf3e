"""Fold text to one form for matching: Unicode NFKC, lower case, no accents, and every Traditional,
Hong Kong variant or Simplified Chinese character to one character (OpenCC's tables).

Chinese is folded character by character, never phrase by phrase, so that the browser does
exactly the same with a plain map (search.js repeats ``fold`` step for step)."""

from __future__ import annotations

import sys
import unicodedata
from functools import cache

import opencc

# Applied in this order, once (one round reaches a fixed point for every character): Hong Kong
# and Taiwan variants to OpenCC's standard Traditional, then to Simplified, the form with the
# fewest distinctions (乾 and 幹 both fold to 干, so a query never misses either).
CONVERTERS = ("hk2t", "tw2t", "t2s", "hk2s", "tw2s")
# The blocks of Han characters OpenCC's tables cover: URO, extension A, B to F, compatibility.
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))


@cache
def han_map() -> dict[str, str]:
    """Every Han character whose folded form differs from itself -> that form. Each converter
    takes all the characters at once, one a line (no phrase spans a line break), which is what
    converting them one by one gives, in a tenth of the time; a character converted to more
    than one keeps its form of the round before."""
    chars = [chr(code) for first, last in HAN_RANGES for code in range(first, last + 1)]
    folded = chars
    for name in CONVERTERS:
        converted = opencc.OpenCC(f"{name}.json").convert("\n".join(folded)).split("\n")
        folded = [new if len(new) == 1 else old for new, old in zip(converted, folded, strict=True)]
    return {char: form for char, form in zip(chars, folded, strict=True) if form != char}


@cache
def _han_table() -> dict[int, str]:
    return str.maketrans(han_map())


@cache
def _without_marks() -> dict[int, None]:
    """A table that removes every non-spacing mark (category Mn): accents, once decomposed."""
    return {c: None for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Mn"}


def fold(text: str) -> str:
    """NFKC, lower case, accents (non-spacing marks) removed, Chinese mapped to one form."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).lower())
    text = unicodedata.normalize("NFC", text.translate(_without_marks()))
    return text.translate(_han_table())

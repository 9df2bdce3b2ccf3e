"""Fold text to one form for matching: Unicode NFKC, lower case, no accents, and every Traditional,
Hong Kong variant or Simplified Chinese character to one character (OpenCC's tables).

Chinese is folded character by character, never phrase by phrase, so that the browser does
exactly the same with a plain map (search.js repeats ``fold`` step for step)."""

from __future__ import annotations

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
    """Every Han character whose folded form differs from itself -> that form."""
    converters = [opencc.OpenCC(f"{name}.json") for name in CONVERTERS]
    found = {}
    for first, last in HAN_RANGES:
        for code in range(first, last + 1):
            char = folded = chr(code)
            for converter in converters:
                converted = converter.convert(folded)
                if len(converted) == 1:
                    folded = converted
            if folded != char:
                found[char] = folded
    return found


def fold(text: str) -> str:
    """NFKC, lower case, accents (non-spacing marks) removed, Chinese mapped to one form."""
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).lower())
    text = unicodedata.normalize("NFC", "".join(c for c in text if unicodedata.category(c) != "Mn"))
    table = han_map()
    return "".join(table.get(c, c) for c in text)

"""Fold text to one form for matching: Unicode NFKC, lower case, no accents, and every Traditional,
Hong Kong variant or Simplified Chinese character to one character (OpenCC's tables).

Chinese is folded character by character, never phrase by phrase, so that the browser does
exactly the same with a plain map (search.js repeats ``fold`` step for step)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
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
    """Every Han character whose folded form differs from itself -> that form (_folded_han).
    Each converter takes all the characters at once, one a line (no phrase spans a line
    break), which is what converting them one by one gives, in a tenth of the time."""
    chars = [chr(code) for first, last in HAN_RANGES for code in range(first, last + 1)]
    folded = chars
    for converter in _converters():
        converted = converter.convert("\n".join(folded)).split("\n")
        folded = [_kept(new, old) for new, old in zip(converted, folded, strict=True)]
    return {char: form for char, form in zip(chars, folded, strict=True) if form != char}


@cache
def _converters() -> tuple[opencc.OpenCC, ...]:
    return tuple(opencc.OpenCC(f"{name}.json") for name in CONVERTERS)


def _kept(new: str, old: str) -> str:
    """A character converted to more than one keeps its form of the round before."""
    return new if len(new) == 1 else old


def _folded_han(code: int) -> int | str:
    """One character folded as han_map folds it, CONVERTERS applied in turn."""
    folded = chr(code)
    if not any(first <= code <= last for first, last in HAN_RANGES):
        return code
    for converter in _converters():
        folded = _kept(converter.convert(folded), folded)
    return folded


def _without_mark(code: int) -> int | None:
    """None for a non-spacing mark (category Mn): an accent, once decomposed."""
    return None if unicodedata.category(chr(code)) == "Mn" else code


class _Table(dict):
    """A str.translate table worked out a character at a time, the first time text has it:
    fold() needs a few thousand characters of the 1.1 million a whole table would cover."""

    def __init__(self, rule: Callable[[int], int | str | None]):
        super().__init__()
        self.rule = rule

    def __missing__(self, code: int) -> int | str | None:
        found = self[code] = self.rule(code)
        return found


@cache
def _tables() -> tuple[_Table, _Table]:
    return _Table(_without_mark), _Table(_folded_han)


def fold(text: str) -> str:
    """NFKC, lower case, accents (non-spacing marks) removed, Chinese mapped to one form."""
    if text.isascii():
        return text.lower()
    marks, han = _tables()
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).lower())
    text = unicodedata.normalize("NFC", text.translate(marks))
    return text.translate(han)

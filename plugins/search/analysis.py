"""Folded text -> index terms, the same way for entries (build time) and queries (here and in
search.js): words of letters and digits, stemmed with Porter2; Chinese, Japanese and Korean as
overlapping bigrams with positions, so a phrase check can tell 藝術館 from 藝術 ... 美術館."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from whoosh.lang.porter2 import stem as porter2

# How a query matches terms (querying.py plans a query, search.js the same; the export writes
# what they need): the fields whose CJK bigrams keep positions, the shortest word matched as a
# prefix, and the shortest matched with a typo.
TEXT_FIELDS = ("name", "related", "meta", "text")
PREFIX_MIN = 3
FUZZY_MIN = 3
# Name words this long may have a typo anywhere; shorter ones (of FUZZY_MIN) only after their
# first letter and with their length kept, or "tai" would find "wai", "kai", "lai", "ta", ...
TYPO_ANYWHERE = 4
# Characters written without spaces between words: Han, kana and Hangul syllables.
CJK_RANGES = (
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
)
# Names joined into one word in every rotation ("wongkarwai", "karwaiwong") up to this many words.
MAX_JOINED_WORDS = 4
FIRST_CJK = chr(CJK_RANGES[0][0])  # every character before it is not CJK
_CJK = "".join(f"{chr(first)}-{chr(last)}" for first, last in CJK_RANGES)
# A CJK run, or a word: letters and digits (Unicode categories L and N, which is what [^\W_]
# matches, tests/search/test_analysis.py checks) that are not CJK.
_CJK_CHAR = re.compile(f"[{_CJK}]")
_SEGMENT = re.compile(f"([{_CJK}]+)|[^\\W_{_CJK}]+")
# What the index stage asks of each field: its terms are made as field_terms says for this kind.
FIELD_KINDS = {
    "name": "text",
    "joined": "joined",
    "exact": "exact",
    "chars": "chars",
    "related": "text",
    "meta": "text",
    "text": "text",
    "words": "words",  # not searched: the vocabulary that typos are matched against
}


class Segment(NamedTuple):
    """A word ("w") or a run of CJK characters ("c") of a folded text."""

    kind: str
    text: str


def is_cjk(char: str) -> bool:
    return _CJK_CHAR.match(char) is not None


@lru_cache(maxsize=4096)  # a name is segmented for each of its fields
def segments(folded: str) -> tuple[Segment, ...]:
    """Split a folded text into words (letters and digits) and CJK runs; the rest separates."""
    return tuple(Segment("c" if m.lastindex else "w", m.group()) for m in _SEGMENT.finditer(folded))


@lru_cache(maxsize=1 << 18)
def stem(word: str) -> str:
    return porter2(word)


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def text_terms(folded: str, position: int = 0) -> tuple[list[tuple[str, int]], int]:
    """(term, position) of a long or short text, and the next free position. Bigrams of one run
    take consecutive positions; a gap follows each run, so no phrase spans two runs."""
    terms = []
    for match in _SEGMENT.finditer(folded):
        run = match.group()
        if not match.lastindex:
            terms.append((stem(run), position))
            position += 1
        elif len(run) > 1:
            for i in range(len(run) - 1):
                terms.append((run[i : i + 2], position))
                position += 1
            position += 1
    return terms, position


def name_extras(folded: str) -> list[str]:
    """Extra terms for a name, so it is found with or without spaces and hyphens, in either
    order: adjacent words joined ("karwai"), and for short names all words joined in every
    rotation ("wongkarwai" for "Kar Wai Wong")."""
    words = [s.text for s in segments(folded) if s.kind == "w"]
    joined = {a + b for a, b in itertools.pairwise(words)}
    if 1 < len(words) <= MAX_JOINED_WORDS:
        joined |= {"".join(words[i:] + words[:i]) for i in range(len(words))}
    return sorted({stem(word) for word in joined})


def name_words(folded: str) -> list[str]:
    """Each word of a name once, as written (folded, not stemmed): what a typo is measured
    against, since stemming a misspelt word can change more than the letter missed."""
    return sorted({s.text for s in segments(folded) if s.kind == "w"})


def compact(folded: str) -> str:
    """A whole name or query as one term: its words and CJK runs, unstemmed, run together."""
    return "".join(s.text for s in segments(folded))


def name_characters(folded: str) -> list[str]:
    """Each CJK character of a name once, for one-character queries."""
    chars = {c for s in segments(folded) if s.kind == "c" for c in s.text}
    return sorted(chars)


def field_terms(kind: str, texts: Iterable[str]) -> list[tuple[str, int]]:
    """(term, position) of a field's texts, folded (folding.fold), as FIELD_KINDS says; a gap
    between texts keeps phrases from spanning two of them."""
    found: list[tuple[str, int]] = []
    position = 0
    for folded in texts:
        if kind == "text":
            terms, position = text_terms(folded, position)
        elif kind == "exact":
            whole = compact(folded)
            terms = [(whole, position)] if whole else []
            position += 1
        else:
            extras = {"chars": name_characters, "joined": name_extras, "words": name_words}
            words = extras[kind](folded)
            terms = [(w, position + i) for i, w in enumerate(words)]
            position += len(terms)
        found += terms
        position += 1
    return found

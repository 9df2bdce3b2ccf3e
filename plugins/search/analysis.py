"""Folded text -> index terms, the same way for entries (build time) and queries (here and in
search.js): words of letters and digits, stemmed with Porter2; Chinese, Japanese and Korean as
overlapping bigrams with positions, so a phrase check can tell 藝術館 from 藝術 ... 美術館."""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from whoosh.lang.porter2 import stem as porter2

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


@dataclass(frozen=True)
class Segment:
    """A word ("w") or a run of CJK characters ("c") of a folded text."""

    kind: str
    text: str


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(first <= code <= last for first, last in CJK_RANGES)


def segments(folded: str) -> list[Segment]:
    """Split a folded text into words (letters and digits) and CJK runs; the rest separates."""
    found: list[Segment] = []
    kind, start = "", 0
    for index, char in enumerate(folded + " "):
        now = "c" if is_cjk(char) else "w" if unicodedata.category(char)[0] in "LN" else ""
        if now != kind:
            if kind:
                found.append(Segment(kind, folded[start:index]))
            kind, start = now, index
    return found


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return porter2(word)


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def text_terms(folded: str, position: int = 0) -> tuple[list[tuple[str, int]], int]:
    """(term, position) of a long or short text, and the next free position. Bigrams of one run
    take consecutive positions; a gap follows each run, so no phrase spans two runs."""
    terms = []
    for segment in segments(folded):
        if segment.kind == "w":
            terms.append((stem(segment.text), position))
            position += 1
        elif len(segment.text) > 1:
            for gram in bigrams(segment.text):
                terms.append((gram, position))
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

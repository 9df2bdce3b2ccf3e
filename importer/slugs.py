"""Readable, stable slugs: romanised from the English name, clashes resolved deterministically."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from unidecode import unidecode

MAX_BASE_LENGTH = 60
NOT_SLUG = re.compile(r"[^a-z0-9]+")
APOSTROPHES = re.compile(r"['\u2019\u2018`]")


def slugify(english: str) -> str:
    """'Lee Sun Fung' -> 'lee-sun-fung'; '' when the text has nothing Latin to romanise.

    Only Latin script is romanised (unidecode takes care of diacritics): Chinese, Japanese or
    Korean characters are dropped rather than turned into a pinyin guess at a Cantonese name.
    """
    latin = "".join(char if _is_latin_or_common(char) else " " for char in english)
    text = APOSTROPHES.sub("", unidecode(latin).replace("&", " and ")).lower()
    slug = NOT_SLUG.sub("-", text).strip("-")
    if len(slug) > MAX_BASE_LENGTH:
        slug = slug[: MAX_BASE_LENGTH + 1].rsplit("-", 1)[0].strip("-")
    return slug


def _is_latin_or_common(char: str) -> bool:
    if char.isascii():
        return True
    name = unicodedata.name(char, "")
    return name.startswith("LATIN") or unicodedata.category(char)[0] in "PZS"


K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class SlugRequest(Generic[K]):
    """One record wanting a slug.

    ``base`` is the slug made from its English name (or its documented fallback), ``qualifiers``
    the suffixes to try, in order, when another record wants the same base (e.g. a birth year),
    and ``record`` its id in the source: the last resort suffix and the tie-breaker.
    """

    key: K
    base: str
    qualifiers: tuple[str, ...]
    record: int | str


def assign_slugs(
    requests: Iterable[SlugRequest[K]], reserved: Iterable[str] = ()
) -> tuple[dict[K, str], list[SlugRequest[K]]]:
    """Give every request a unique slug; also return the requests that had to be qualified.

    Of the records sharing a base, the one with the lowest record id keeps the bare base (so a
    record added later never renames an existing entry); each other takes the first qualifier
    that no other record of its group shares and that is not already a slug, else its record id.
    A reserved slug (another entry's) is never given: a base that is one is qualified too.
    The result does not depend on the order of ``requests``.
    """
    groups: dict[str, list[SlugRequest[K]]] = defaultdict(list)
    for request in requests:
        groups[request.base].append(request)
    reserved = set(reserved)
    taken = set(groups) | reserved
    slugs: dict[K, str] = {}
    qualified: list[SlugRequest[K]] = []
    for base in sorted(groups):
        first, *others = sorted(groups[base], key=_record_order)
        if base in reserved:
            others = [first, *others]
        else:
            slugs[first.key] = base
        shared = Counter(q for request in others for q in set(request.qualifiers))
        for request in others:
            slug = next(
                (
                    f"{base}-{q}"
                    for q in request.qualifiers
                    if q and shared[q] == 1 and f"{base}-{q}" not in taken
                ),
                _unused(f"{base}-{slugify(str(request.record))}", taken),
            )
            taken.add(slug)
            slugs[request.key] = slug
            qualified.append(request)
    return slugs, qualified


def _record_order(request: SlugRequest) -> tuple[int, int | str]:
    record = request.record
    return (0, int(record)) if str(record).isdigit() else (1, str(record))


def _unused(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate

"""What makes a rebuild cheap: every output file is known by the digest of what it is made from
(its fingerprint), and a build makes only the files whose fingerprint differs from the last
build's into the same folder. Values that take long to compute are memoised the same way, by
the digest of their inputs.

The record of the last build lives in the user's cache (cache.py: signed, never in the output
or the content tree). Losing it only costs a full build."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Output:
    """One file of the site, not made yet: the digest of everything it is made from, and how to
    make it (text is written as UTF-8). The build calls make() only when the file's fingerprint
    differs from the last build's or the file is missing."""

    fingerprint: bytes
    make: Callable[[], bytes | str]


class Memo:
    """Values computed by the last build, found again by a namespace and the digest of every
    input they were computed from; what this build does not ask for is forgotten."""

    def __init__(self, previous: dict[tuple[str, Hashable], Any] | None = None):
        self._previous = previous or {}
        self._kept: dict[tuple[str, Hashable], Any] = {}

    def get(self, namespace: str, digest: Hashable, compute: Callable[[], T]) -> T:
        key = (namespace, digest)
        if key in self._kept:
            return self._kept[key]
        value = self._previous[key] if key in self._previous else compute()
        self._kept[key] = value
        return value

    def kept(self) -> dict[tuple[str, Hashable], Any]:
        """What the next build may find: the values this build asked for."""
        return self._kept


def digest(*parts: bytes | str) -> bytes:
    """A short digest of parts, each length-prefixed so that ("ab", "c") != ("a", "bc")."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()

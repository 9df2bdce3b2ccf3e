"""Ranking: BM25 with field weights, turned into one whole number per (term, field, entry), the
"impact". The exporter writes impacts; a query's score is the sum of the impacts it matched,
in whoosh and in the browser alike, so both rank the same, to the last point."""

from __future__ import annotations

import math
from dataclasses import dataclass

from whoosh.util.numeric import byte_to_length, length_to_byte

# A match in a name or title outweighs one in linked names, short facts, then long texts.
WEIGHTS = {
    "name": 10.0,
    "joined": 10.0,
    "exact": 10.0,
    "chars": 10.0,
    "related": 3.0,
    "meta": 2.0,
    "text": 1.0,
}
# BM25 normalises a field's length by the average over all entries, which any edit changes,
# and with it every impact of every term in that field: one changed entry would rewrite every
# shard of the export. So the averages are frozen here, as measured on the full open-data import
# (16,161 entries, November 2026: the terms of each field over all entries, its length as whoosh
# stores it, stored_length):
# on that import impacts and rankings are exactly those of the live averages, on a smaller or
# larger directory nearly so (an average only sets where a field counts as long), and an edit
# rewrites only the shards of its own terms. The number of entries (idf) stays live: it changes
# only when entries are added or removed, which renumbers the entries after them and so changes
# most shards anyway (exporting.py).
MEASURED_ENTRIES = 16161
AVERAGE_LENGTHS = {
    name: terms / MEASURED_ENTRIES
    for name, terms in {
        "name": 261188,
        "joined": 121269,
        "exact": 31639,
        "chars": 163235,
        "related": 133441,
        "meta": 265675,
        "text": 47080,
    }.items()
}
K1, B = 1.2, 0.75
SCALE = 100.0


@dataclass(frozen=True)
class FieldStats:
    docs: int  # live entries
    average_length: float  # terms per entry in this field


def impact(field: str, tf: float, length: int, stats: FieldStats, df: int) -> int:
    """BM25 of one term in one field of one entry, weighted and rounded to a whole number."""
    idf = math.log(1.0 + (stats.docs - df + 0.5) / (df + 0.5))
    norm = tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length / (stats.average_length or 1.0)))
    return max(1, round(SCALE * WEIGHTS[field] * idf * norm))


def field_stats(docs: int) -> dict[str, FieldStats]:
    """Per field: the number of live entries, and the field's frozen AVERAGE_LENGTHS."""
    return {name: FieldStats(docs, AVERAGE_LENGTHS[name]) for name in WEIGHTS}


def stored_length(length: int) -> int:
    """A field's length as whoosh keeps it, in one byte: exact up to 10 terms, then rounded up
    to one of 256 steps. The export uses it too, so both rank alike."""
    return byte_to_length(length_to_byte(length))

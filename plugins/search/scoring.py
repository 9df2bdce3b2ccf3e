"""Ranking: BM25 with field weights, turned into one whole number per (term, field, entry), the
"impact". The exporter writes impacts; a query's score is the sum of the impacts it matched,
in whoosh and in the browser alike, so both rank the same, to the last point."""

from __future__ import annotations

import math
from dataclasses import dataclass

from whoosh.scoring import BaseScorer, WeightingModel

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


def field_stats(reader) -> dict[str, FieldStats]:
    """Per field, counted over live entries only, so that an index updated in place and one
    built from scratch give the same numbers."""
    live = [n for n in range(reader.doc_count_all()) if not reader.is_deleted(n)]
    return {
        name: FieldStats(
            len(live),
            sum(reader.doc_field_length(n, name) or 0 for n in live) / len(live) if live else 0.0,
        )
        for name in WEIGHTS
    }


def live_df(reader, field: str, term: str) -> int:
    if (field, term) not in reader:
        return 0
    return sum(1 for _ in reader.postings(field, term).all_ids())


class ImpactWeighting(WeightingModel):
    """Whoosh scores each matched term with its impact; compound queries add them up."""

    def __init__(self, stats: dict[str, FieldStats]):
        self.stats = stats

    def scorer(self, searcher, fieldname, text, qf=1):
        top = searcher.get_parent()
        return _ImpactScorer(
            searcher, fieldname, self.stats[fieldname], live_df(top.reader(), fieldname, text)
        )


class _ImpactScorer(BaseScorer):
    def __init__(self, searcher, field, stats, df):
        self.searcher, self.field, self.stats, self.df = searcher, field, stats, df

    def supports_block_quality(self):
        return False  # every match is scored: ties are broken by entry order, not skipped

    def max_quality(self):
        """An upper bound of any impact of this term: the limit of BM25 as tf grows."""
        idf = math.log(1.0 + (self.stats.docs - self.df + 0.5) / (self.df + 0.5))
        return SCALE * WEIGHTS[self.field] * idf * (K1 + 1.0) / (1.0 - B) + 1.0

    def score(self, matcher):
        length = self.searcher.doc_field_length(matcher.id(), self.field) or 0
        return impact(self.field, matcher.weight(), length, self.stats, self.df)

"""Query stage: text typed by a visitor -> a plan of required parts -> a whoosh query -> ranked
entries. search.js follows the same plan, step for step, on the exported files.

- A word matches its Porter2 stem in any text field; the last word, while it is still being
  typed (no space after it) and has at least PREFIX_MIN characters, also matches every term it
  begins; with fewer, it is left out until it grows (unless it is the whole query).
- One CJK character matches names and titles only (field "chars"); a longer run matches as a
  phrase of its bigrams, in any text field.
- Every part must match (AND); the score is the sum of the impacts matched, plus, for an entry
  one of whose names is the whole query (field "exact"), that term's impact.
- When nothing matches, a word of FUZZY_MIN or more characters, as typed, also matches the words
  of names it is a typo of (is_typo): "wnog", "ong" and "wongg" find "wong", "wei" finds "wai".
  Each such name word matches as its stem, in names only.
- Equal scores come in the site's order: by type, then slug."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from whoosh.query import And, AndMaybe, Or, Phrase, Term
from whoosh.scoring import BaseScorer, WeightingModel

from .analysis import (
    FUZZY_MIN,
    PREFIX_MIN,
    TEXT_FIELDS,
    TYPO_ANYWHERE,
    bigrams,
    compact,
    segments,
    stem,
)
from .folding import fold
from .scoring import K1, SCALE, WEIGHTS, B, FieldStats, field_stats, impact

WORD_FIELDS = ("name", "joined", "related", "meta", "text")


@dataclass(frozen=True)
class Part:
    kind: str  # "word", "char" or "phrase"
    text: str  # the stem, the character, or the folded run
    prefix: str = ""  # the word as typed, when it is matched as a prefix too
    # The word as typed, for typos; not part of what the part is, so "poster posters" is one part.
    typed: str = field(default="", compare=False)


@dataclass(frozen=True)
class Hit:
    key: str
    score: int
    result: dict


def plan(query: str) -> tuple[Part, ...]:
    """The parts of a query, in order, each once."""
    folded = fold(query)
    found = segments(folded)
    typing = bool(found) and folded.endswith(found[-1].text)
    parts = []
    for index, segment in enumerate(found):
        if segment.kind == "w":
            last = typing and index == len(found) - 1
            if last and len(segment.text) < PREFIX_MIN and index:
                continue  # too short to tell yet: results stay as they were
            prefix = segment.text if last and len(segment.text) >= PREFIX_MIN else ""
            parts.append(Part("word", stem(segment.text), prefix, segment.text))
        elif len(segment.text) == 1:
            parts.append(Part("char", segment.text))
        else:
            parts.append(Part("phrase", segment.text))
    return tuple(dict.fromkeys(parts))


def is_typo(typed: str, word: str) -> bool:
    """Whether typed is word with one typo: a letter missing, extra or wrong, or two neighbours
    swapped (Damerau-Levenshtein distance 1). Both have FUZZY_MIN characters or more; a word
    shorter than TYPO_ANYWHERE keeps its first letter and its length."""
    if len(typed) < FUZZY_MIN or len(word) < FUZZY_MIN:
        return False
    if len(word) < TYPO_ANYWHERE and (len(typed) != len(word) or typed[0] != word[0]):
        return False
    short, long = sorted((typed, word), key=len)
    if short == long or len(long) - len(short) > 1:
        return False
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    if len(short) < len(long):
        return short[i:] == long[i + 1 :]
    return short[i + 1 :] == long[i + 1 :] or (
        short[i : i + 2] == long[i : i + 2][::-1] and short[i + 2 :] == long[i + 2 :]
    )


def typo_terms(reader, typed: str) -> set[str]:
    """The stems of the name words, in live entries, that typed is a typo of."""
    if len(typed) < FUZZY_MIN:
        return set()
    words = (_text(w) for w in reader.lexicon("words"))
    return {stem(w) for w in words if is_typo(typed, w) and live_df(reader, "words", w)}


def part_query(reader, part: Part, fuzzy: bool):
    if part.kind == "char":
        return Term("chars", part.text)
    if part.kind == "phrase":
        grams = bigrams(part.text)
        return Or([Phrase(f, grams) if len(grams) > 1 else Term(f, grams[0]) for f in TEXT_FIELDS])
    typos = typo_terms(reader, part.typed) if fuzzy else set()
    queries = []
    for fieldname in WORD_FIELDS:
        terms = {part.text} | (typos if fieldname == "name" else set())
        if part.prefix:
            terms.update(_text(t) for t in reader.expand_prefix(fieldname, part.prefix))
        queries += [Term(fieldname, t) for t in sorted(terms)]
    return Or(queries)


def _text(term) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


class Searcher:
    """Searches one whoosh index; open it with ``with Searcher(ix) as search:``."""

    def __init__(self, ix):
        self.ix = ix

    def __enter__(self):
        with self.ix.reader() as reader:
            self.stats = field_stats(reader.doc_count())
        self.searcher = self.ix.searcher(weighting=ImpactWeighting(self.stats))
        return self

    def __exit__(self, *exc):
        self.searcher.close()

    def __call__(self, query: str, limit: int | None = 10) -> list[Hit]:
        parts = plan(query)
        if not parts:
            return []
        whole = compact(fold(query))
        hits = self._run(parts, whole, fuzzy=False)
        if not hits and any(len(p.typed) >= FUZZY_MIN for p in parts):
            hits = self._run(parts, whole, fuzzy=True)
        return hits[:limit] if limit else hits

    def _run(self, parts, whole: str, fuzzy: bool) -> list[Hit]:
        reader = self.searcher.reader()
        query = AndMaybe(And([part_query(reader, p, fuzzy) for p in parts]), Term("exact", whole))
        found = [
            (round(hit.score), hit["order"], hit["key"], hit["result"])
            for hit in self.searcher.search(query, limit=None)
        ]
        found.sort(key=lambda h: (-h[0], h[1]))
        return [Hit(key, score, json.loads(result)) for score, _, key, result in found]


# Whoosh scores at query time: here, so that a build (which exports impacts, scoring.py) does
# not import whoosh's scoring.
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

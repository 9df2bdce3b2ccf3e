"""Analyse stage: a Document -> its postings (the terms of each field as the index makes them,
analysis.field_terms, the very terms whoosh indexes for ``make search``) and its Record: what
the export keeps of an entry besides its postings.

The build memoises Records (extension.py) by the digest of what the Document is made from, so an
entry that did not change is neither collected nor analysed again. Postings are not memoised: the
export keeps them all, by group and by entry (exporting.py), and needs an entry's new ones only
when it changed."""

from __future__ import annotations

from typing import NamedTuple

from .analysis import FIELD_KINDS, FIRST_CJK, FUZZY_MIN, TEXT_FIELDS, field_terms, is_cjk
from .documents import FIELDS, Document
from .folding import fold
from .scoring import stored_length

LATIN_KEY = 3  # Latin terms are grouped (and sharded) by their first three characters (PREFIX_MIN)
SEPARATOR = "\x1e"  # between the texts of one field, as whoosh is given them (indexing.py)
# (term, field index) -> [tf, length, *positions]: one entry's postings of one group; positions
# only when positioned(field, term).
Postings = dict[tuple[str, int], list[int]]


class Record(NamedTuple):  # a tuple: the build's memory keeps one per entry
    key: str  # "artists/wong-kar-wai"
    digest: bytes  # of what its Document is made from: the memo's key (extension.py)
    result: bytes  # its result file, r/<id>.json
    words: tuple[str, ...]  # its names' words as written (folded), FUZZY_MIN characters or more
    facets: tuple[tuple[str, ...], ...]  # its values of each facet (extension.facet_names)

    @property
    def type(self) -> str:
        return self.key.split("/", 1)[0]


def group_of(term: str) -> str:
    """The group a term is exported with: its first character when CJK (a shard, or one shard
    per bigram when they weigh too much, exporting.py), else its first LATIN_KEY characters."""
    return term[:LATIN_KEY] if term[0] < FIRST_CJK or not is_cjk(term[0]) else term[0]


def positioned(field: str, term: str) -> bool:
    """Whether a term's positions are exported: CJK bigrams in text fields, for phrases."""
    return field in TEXT_FIELDS and len(term) == 2 and is_cjk(term[0]) and is_cjk(term[1])


def analyse(
    doc: Document, digest: bytes, facet_names: list[str], result: bytes
) -> tuple[Record, dict[str, Postings]]:
    """The Record of a Document (result: its result file) and its postings by group."""
    grouped: dict[str, Postings] = {}
    words: tuple[str, ...] = ()
    folded: dict[str, str] = {}  # each text folded once: names are in five fields
    for name, kind in FIELD_KINDS.items():
        # As whoosh is given a field: its texts joined, then split by its tokenizer.
        texts = SEPARATOR.join(doc.fields["name" if name == "words" else name]).split(SEPARATOR)
        for text in texts:
            if text not in folded:
                folded[text] = fold(text)
        found = field_terms(kind, [folded[text] for text in texts])
        if name == "words":
            words = tuple(sorted({t for t, _ in found if len(t) >= FUZZY_MIN}))
            continue
        length = stored_length(len(found))
        where: dict[str, list[int]] = {}
        for term, position in found:
            if term in where:
                where[term].append(position)
            else:
                where[term] = [position]
        field = FIELDS.index(name)
        for term, at in where.items():
            posting = [len(at), length, *at] if positioned(name, term) else [len(at), length]
            group = group_of(term)
            if group in grouped:
                grouped[group][term, field] = posting
            else:
                grouped[group] = {(term, field): posting}
    facets = tuple(tuple(doc.result[name]) for name in facet_names)
    record = Record(doc.key, digest, result, words, facets)
    return record, grouped

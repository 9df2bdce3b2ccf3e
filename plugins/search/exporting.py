"""Export stage: the whoosh index -> static files the browser fetches a few at a time.

    search/manifest.json           small, fixed name: the generation and what search.js needs
    search/<gen>/t/<key>.json      term shards: {term: [field, postings, field, postings, ...]}
    search/<gen>/r/<id>.json       one per entry: type, names in both languages, excerpt, facets
    search/<gen>/v/<key>.json      name words as written, by typo key (typo_keys), for typos
    search/<gen>/facets.json       entry ids by origin and discipline, for the filters
    search/<gen>/fold.json         the Chinese folding map, for the characters the index holds

<gen> is a hash of every file under it, so a changed index never mixes with a cached one.
Entry ids follow the site's order (by type, then slug): each type is one range of ids.
Postings are flat lists of numbers: id gap and impact, and for CJK bigrams the number of
positions and their gaps (for the phrase check)."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections import defaultdict
from dataclasses import dataclass

from plugins.directory.model import ContentModel

from .analysis import is_cjk
from .documents import FIELDS
from .folding import han_map
from .querying import FUZZY_MIN, PREFIX_MIN, TEXT_FIELDS, TYPO_ANYWHERE
from .scoring import field_stats, impact, live_df

LATIN_KEY = 3  # Latin terms are sharded by their first three characters (PREFIX_MIN)
# A first character whose bigrams weigh more than this (JSON bytes) gets one shard per bigram.
SPLIT_BYTES = 4096
_PLAIN_KEY = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Export:
    gen: str
    files: dict[str, bytes]  # path under the output folder -> content


def export(ix, model: ContentModel) -> Export:
    with ix.reader() as reader:
        stats = field_stats(reader)
        docs = sorted(
            (stored["order"], num, stored)
            for num, stored in reader.iter_docs()
            if not reader.is_deleted(num)
        )
        ids = {num: i for i, (_, num, _) in enumerate(docs)}
        terms: dict[str, list] = defaultdict(list)
        for index, field in enumerate(FIELDS):
            for raw in reader.lexicon(field):
                term = raw.decode("utf-8")
                postings = _postings(reader, field, term, stats[field], ids)
                if postings:
                    terms[term] += [index, postings]
        words = [
            word
            for word in (raw.decode("utf-8") for raw in reader.lexicon("words"))
            if len(word) >= FUZZY_MIN and live_df(reader, "words", word)
        ]
    results = [json.loads(stored["result"]) for _, _, stored in docs]
    split = _split(terms)
    shards: dict[str, dict] = defaultdict(dict)
    for term, data in terms.items():
        shards[shard_key(term, split)][term] = data
    vocab: dict[str, list] = defaultdict(list)
    for word in sorted(words):
        for key in typo_keys(word):
            vocab[key].append(word)
    chars = {c for term in terms if is_cjk(term[0]) for c in term}
    table = {k: v for k, v in sorted(han_map().items()) if v in chars}
    files = {f"t/{file_key(k)}.json": _json(v) for k, v in shards.items()}
    files |= {f"v/{file_key(k)}.json": _json(v) for k, v in vocab.items()}
    files |= {f"r/{i}.json": _json(r) for i, r in enumerate(results)}
    party = model.party
    facet_names = [p.name for p in party.properties.values() if p.facet] if party else []
    files["facets.json"] = _json(_facets(results, facet_names))
    files["fold.json"] = _json({"from": "".join(table), "to": "".join(table.values())})
    gen = _digest(files)
    manifest = {
        "gen": gen,
        "docs": len(results),
        "types": _type_ranges(results, model.names),
        "fields": list(FIELDS),
        "split": "".join(sorted(split)),
        "prefixMin": PREFIX_MIN,
        "fuzzyMin": FUZZY_MIN,
        "typoAnywhere": TYPO_ANYWHERE,
        "latinKey": LATIN_KEY,
    }
    out = {f"search/{gen}/{path}": data for path, data in files.items()}
    out["search/manifest.json"] = _json(manifest)
    return Export(gen, out)


def _postings(reader, field, term, stats, ids) -> list[int]:
    matcher = reader.postings(field, term)
    rows = []
    with_positions = field in TEXT_FIELDS and len(term) == 2 and all(map(is_cjk, term))
    while matcher.is_active():
        num = matcher.id()
        rows.append(
            (
                ids[num],
                matcher.weight(),
                reader.doc_field_length(num, field) or 0,
                matcher.value_as("positions") if with_positions else None,
            )
        )
        matcher.next()
    flat: list[int] = []
    previous = 0
    for doc, tf, length, positions in sorted(rows):
        flat += [doc - previous, impact(field, tf, length, stats, len(rows))]
        previous = doc
        if positions is not None:
            flat.append(len(positions))
            flat += [b - a for a, b in itertools.pairwise([0, *positions])]
    return flat


def shard_key(term: str, split: set[str]) -> str:
    if is_cjk(term[0]):
        return term if len(term) == 2 and term[0] in split else term[0]
    return term[:LATIN_KEY]


def typo_keys(word: str) -> set[str]:
    """The vocabulary files a name word is in, and those a typed word looks in: the first two
    characters left after deleting one of its first three. A word and its typo always share one:
    deleting the extra letter from the longer of the two, the wrong letter from both, or one of
    two swapped letters from each leaves the same text, whose first two characters are a key of
    each (deleting a later character, or none, leaves a word's first two). Both words have
    FUZZY_MIN characters or more."""
    return {(word[:i] + word[i + 1 :])[:2] for i in range(3)}


def file_key(key: str) -> str:
    """A shard key as a file name: itself when plain ASCII, else its code points in hex."""
    return key if _PLAIN_KEY.fullmatch(key) else "-".join(f"{ord(c):x}" for c in key)


def _split(terms: dict[str, list]) -> set[str]:
    weight: dict[str, int] = defaultdict(int)
    for term, data in terms.items():
        if is_cjk(term[0]) and len(term) == 2:
            weight[term[0]] += len(_json(data))
    return {char for char, size in weight.items() if size > SPLIT_BYTES}


def _facets(results: list[dict], names: list[str]) -> dict:
    facets: dict = {name: defaultdict(list) for name in names}
    for i, result in enumerate(results):
        for name, values in facets.items():
            for value in result[name]:
                values[value].append(i)
    return {
        name: {v: _gaps(ids) for v, ids in sorted(values.items())}
        for name, values in facets.items()
    }


def _gaps(ids: list[int]) -> list[int]:
    return [b - a for a, b in itertools.pairwise([0, *ids])]


def _type_ranges(results: list[dict], type_names: list[str]) -> dict:
    ranges = {}
    for entry_type in type_names:
        ids = [i for i, r in enumerate(results) if r["type"] == entry_type]
        ranges[entry_type] = [ids[0], ids[-1] + 1] if ids else [0, 0]
    return ranges


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def _digest(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path] + b"\0")
    return digest.hexdigest()[:12]

"""The curated sample: Hong Kong artists and the international artists they work with.

Hong Kong artists are those of Hong Kong nationality and those M+ describes as based in Hong Kong
(such as Michael Wolf, "Hong Kong, born Germany").

Chosen from the whole catalogue by fixed rules, so the same sources always give the same sample:

1. every exhibition, the events lcsd_sample.select_events chooses, and the venues they are at;
2. every film with a Hong Kong artist among its directors, production or credits, and up to
   MATERIAL_PER_FILM of the stills and posters of each;
3. works pairing Hong Kong with international artists, then works co-credited by Hong Kong
   artists, at most WORKS_PER_TEAM for the same set of artists, so no one team fills the sample;
4. for each Hong Kong artist still without a work or film, their WORKS_PER_ARTIST best works;
5. every artist those works and films credit, and every artist those events name.

A work ranks higher with a specific title (not 'Untitled'), titles in both languages, a year,
and more artists; then by its M+ record id.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from importer.catalogue import Catalogue
from importer.lcsd_sample import participants, select_events, used_venues
from importer.mplus import HONG_KONG
from importer.text import GENERIC_TITLES, MISSING_TITLE

WORKS_PER_TEAM = 3
WORKS_PER_ARTIST = 2
MATERIAL_PER_FILM = 3
# M+ files anonymous makers as 'Unknown (Hong Kong)', 'Unknown (Europe)' and so on.
ANONYMOUS = re.compile(r"^Unknown \(")


def select_sample(catalogue: Catalogue) -> Catalogue:
    artists, works, films = catalogue["artists"], catalogue["works"], catalogue["films"]
    local = {slug for slug, a in artists.items() if _hong_kong(a) and _named(a)}
    international = {slug for slug, a in artists.items() if not _hong_kong(a) and _named(a)}

    chosen_films = [
        slug
        for slug in sorted(films, key=lambda s: _record(films[s]))
        if _people(films[slug]) & local
    ]
    ranked = sorted(works, key=lambda slug: _rank(works[slug]))
    chosen_works: dict[str, None] = {}

    sample_films = set(chosen_films)
    per_film: Counter[str] = Counter()
    for slug in ranked:
        film = works[slug].get("film")
        if film in sample_films and per_film[film] < MATERIAL_PER_FILM:
            per_film[film] += 1
            chosen_works[slug] = None

    per_team: Counter[frozenset[str]] = Counter()
    for wanted in (_pairs_local_with_international, _pairs_local_artists):
        for slug in ranked:
            people = _people(works[slug])
            if wanted(people, local, international) and per_team[people] < WORKS_PER_TEAM:
                per_team[people] += 1
                chosen_works[slug] = None

    covered = {p for slug in chosen_works for p in _people(works[slug])}
    covered |= {p for slug in chosen_films for p in _people(films[slug])}
    works_of: dict[str, list[str]] = defaultdict(list)
    for slug in ranked:
        for person in _people(works[slug]) & (local - covered):
            works_of[person].append(slug)
    for person in sorted(works_of):
        chosen_works.update(dict.fromkeys(works_of[person][:WORKS_PER_ARTIST]))

    sample: Catalogue = {entry_type: {} for entry_type in catalogue}
    sample["exhibitions"] = dict(catalogue["exhibitions"])
    sample["events"] = select_events(catalogue)
    venues = used_venues([*sample["exhibitions"].values(), *sample["events"].values()])
    sample["venues"] = {slug: catalogue["venues"][slug] for slug in sorted(venues)}
    sample["films"] = {slug: films[slug] for slug in chosen_films}
    sample["works"] = {slug: works[slug] for slug in chosen_works}
    credited = {p for entry in (*sample["works"].values(), *sample["films"].values())
                for p in _people(entry)}  # fmt: skip
    credited |= participants(list(sample["events"].values())) & set(artists)
    sample["artists"] = {slug: artists[slug] for slug in sorted(credited)}
    return sample


def _people(entry: dict) -> frozenset[str]:
    """The artists a work or film credits, in any role."""
    slugs = [credit["artist"] for credit in entry.get("credits", ())]
    slugs += [*entry.get("directors", ()), *entry.get("production", ())]
    return frozenset(slugs)


def _pairs_local_with_international(people, local, international) -> bool:
    return bool(people & local) and bool(people & international)


def _pairs_local_artists(people, local, international) -> bool:
    return len(people & local) >= 2


def _hong_kong(artist: dict) -> bool:
    """From Hong Kong, or of another nationality and based in Hong Kong."""
    return artist.get("origin") == "local" or artist.get("based_in") == HONG_KONG


def _named(artist: dict) -> bool:
    name = artist["name"]
    english = name if isinstance(name, str) else name.get("en", "")
    return not ANONYMOUS.match(english)


def _rank(work: dict) -> tuple:
    title = work["title"]
    languages = {"en": title, "zh": title} if isinstance(title, str) else title
    generic = title == MISSING_TITLE or any(t.lower() in GENERIC_TITLES for t in languages.values())
    return (generic, len(languages) < 2, "year" not in work, -len(_people(work)), _record(work))


def _record(entry: dict) -> int | str:
    return entry["source"]["record"]

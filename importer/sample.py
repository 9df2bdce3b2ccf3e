"""The curated sample: Hong Kong artists and the international artists they work with.

Hong Kong artists are those whose origin is local: by the one rule of mplus.origin_of, the one
the site shows (Hong Kong nationality, or based in Hong Kong whatever the nationality, such as
Michael Wolf, "Hong Kong, born Germany"; overrides.yaml where the data cannot tell). Working
together means what it means on the site: both in creative roles (role-classes.yaml).

Chosen from the whole catalogue by fixed rules, so the same sources always give the same sample:

1. every exhibition, the events lcsd_sample.select_events chooses, and the venues they are at;
2. every film with a Hong Kong artist among its directors, production or credits, and up to
   MATERIAL_PER_FILM of the stills and posters of each;
3. works that Hong Kong and international artists made together, then works that Hong Kong
   artists made together (creative roles), at most WORKS_PER_TEAM for the same set of artists,
   so no one team fills the sample;
4. for each Hong Kong artist still without a work or film, their WORKS_PER_ARTIST best works;
5. every artist those works and films credit, and every artist those events name.

A work ranks higher with a specific title (not 'Untitled'), titles in both languages, a year,
and more artists; then by its M+ record id.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from importer.catalogue import Catalogue
from importer.lcsd_sample import participants, select_events, used_venues
from importer.mplus import LOCAL
from importer.text import GENERIC_TITLES, MISSING_TITLE
from plugins.directory.model import CREATIVE, ContentModel, EntryType

WORKS_PER_TEAM = 3
WORKS_PER_ARTIST = 2
MATERIAL_PER_FILM = 3


def select_sample(catalogue: Catalogue, model: ContentModel) -> Catalogue:
    artists, works, films = catalogue["artists"], catalogue["works"], catalogue["films"]
    work_type, film_type = model["works"], model["films"]
    local = {slug for slug, a in artists.items() if a.get("origin") == LOCAL}
    international = {slug for slug in artists if slug not in local}

    chosen_films = [
        slug
        for slug in sorted(films, key=lambda s: _record(films[s]))
        if _people(film_type, films[slug]) & local
    ]
    ranked = sorted(works, key=lambda slug: _rank(work_type, works[slug]))
    chosen_works: dict[str, None] = {}

    sample_films = set(chosen_films)
    per_film: Counter[str] = Counter()
    for slug in ranked:
        film = works[slug].get("film")
        if film in sample_films and per_film[film] < MATERIAL_PER_FILM:
            per_film[film] += 1
            chosen_works[slug] = None

    per_team: Counter[frozenset[str]] = Counter()
    makers = {slug: _people(work_type, works[slug], CREATIVE) for slug in ranked}
    for wanted in (_pairs_local_with_international, _pairs_local_artists):
        for slug in ranked:
            team = makers[slug]
            if wanted(team, local, international) and per_team[team] < WORKS_PER_TEAM:
                per_team[team] += 1
                chosen_works[slug] = None

    covered = {p for slug in chosen_works for p in _people(work_type, works[slug])}
    covered |= {p for slug in chosen_films for p in _people(film_type, films[slug])}
    works_of: dict[str, list[str]] = defaultdict(list)
    for slug in ranked:
        for person in _people(work_type, works[slug]) & (local - covered):
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
    credited = {p for slug in sample["works"] for p in _people(work_type, works[slug])}
    credited |= {p for slug in sample["films"] for p in _people(film_type, films[slug])}
    credited |= participants(list(sample["events"].values())) & set(artists)
    sample["artists"] = {slug: artists[slug] for slug in sorted(credited)}
    return sample


def _people(entry_type: EntryType, entry: dict, role_class: str | None = None) -> frozenset[str]:
    """The artists (the model's party type) an entry links to, in any role or in roles of one
    class, as the site reads its fields: the same field types, the same role classes."""
    found = set()
    for name, prop in entry_type.properties.items():
        if name not in entry:
            continue
        value = prop.field.normalise(entry[name])
        for ref in prop.field.references(value, (name,)):
            party = ref.role_class is not None  # only links to artists have a role class
            if party and (role_class is None or ref.role_class == role_class):
                found.add(ref.target[1])
    return frozenset(found)


def _pairs_local_with_international(people, local, international) -> bool:
    return bool(people & local) and bool(people & international)


def _pairs_local_artists(people, local, international) -> bool:
    return len(people & local) >= 2


def _rank(work_type: EntryType, work: dict) -> tuple:
    title = work["title"]
    languages = {"en": title, "zh": title} if isinstance(title, str) else title
    generic = title == MISSING_TITLE or any(t.lower() in GENERIC_TITLES for t in languages.values())
    people = len(_people(work_type, work))
    return (generic, len(languages) < 2, "year" not in work, -people, _record(work))


def _record(entry: dict) -> int | str:
    return entry["source"]["record"]

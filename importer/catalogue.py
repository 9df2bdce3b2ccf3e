"""All the entries the sources make, each under its slug: the importer's pure core."""

from __future__ import annotations

import dataclasses

from importer import lcsd_catalogue, mplus
from importer.films import credits_film_director, group_film_material, is_screen_work
from importer.notes import Notes
from importer.records import Constituent, Credit, Sources
from importer.slugs import SlugRequest, assign_slugs, slugify
from importer.text import english_only
from plugins.directory.model import ContentModel

# entry type -> slug -> the entry's fields
Catalogue = dict[str, dict[str, dict]]


def build_catalogue(
    sources: Sources,
    notes: Notes,
    model: ContentModel,
    reserved: dict[str, set[str]] | None = None,
    known_artists: dict[str, dict] | None = None,
) -> Catalogue:
    """Every entry the sources make: artists, works and films from M+, exhibitions, events,
    the organisations presenting them and venues from LCSD. Slugs come from the English names,
    so the same sources give the same slugs; reserved: {type: slugs no new entry may take};
    known_artists: artists already in the directory, for the LCSD presenters to match."""
    constituents, uncatalogued = _artist_records(sources, notes)
    artist_slugs = _slugs(
        "artists",
        [_request(c.id, c.name_en, "mplus-artist", _year(c.begin)) for c in constituents]
        + [_request(c.constituent, c.name_en, "mplus-artist") for c in uncatalogued],
        notes,
    )
    disciplines = mplus.disciplines_by_constituent(constituents, sources.objects)
    roles = mplus.role_translations(sources.objects)

    groups = group_film_material(sources.objects)
    film_of_object = {obj.id: group.record for group in groups for obj in group.objects}
    screen_works = [obj for obj in sources.objects if is_screen_work(obj)]
    film_slugs = _slugs(
        "films",
        [_request(g.record, g.title.en, "mplus-film", _year(g.year)) for g in groups]
        + [_request(o.id, o.title_en, "mplus-film", _year(o.year)) for o in screen_works],
        notes,
    )
    screen_ids = {obj.id for obj in screen_works}
    works = [obj for obj in sources.objects if obj.id not in screen_ids]
    work_slugs = _slugs(
        "works",
        [_request(obj.id, obj.title_en, "mplus-work", _year(obj.year)) for obj in works],
        notes,
    )

    catalogue: Catalogue = {entry_type: {} for entry_type in model.names}
    artists = catalogue["artists"]
    for constituent in constituents:
        artists[artist_slugs[constituent.id]] = mplus.artist_entry(
            constituent, disciplines.get(constituent.id, ()), notes
        )
    for credit in uncatalogued:
        artists[artist_slugs[credit.constituent]] = mplus.artist_from_credit(credit, notes)
    for group in groups:
        catalogue["films"][film_slugs[group.record]] = mplus.film_from_material(
            group, artist_slugs, notes
        )
    for obj in screen_works:
        catalogue["films"][film_slugs[obj.id]] = mplus.film_from_screen_work(
            obj, artist_slugs, roles, notes
        )
    for obj in works:
        film = film_slugs[film_of_object[obj.id]] if obj.id in film_of_object else None
        if film is None and credits_film_director(obj):
            notes.odd(
                "credits a film director but names no film (a work only)", f"M+ object {obj.id}"
            )
        catalogue["works"][work_slugs[obj.id]] = mplus.work_entry(
            obj, artist_slugs, roles, film, notes
        )
    lcsd_catalogue.add_programmes(catalogue, sources, notes, reserved or {}, known_artists)
    return catalogue


def _artist_records(sources: Sources, notes: Notes) -> tuple[list[Constituent], list[Credit]]:
    """The constituents that become artists (named from a credit when the CSV gives no name),
    and a credit for each constituent the objects credit but the CSV does not list."""
    credited: dict[int, Credit] = {}
    for obj in sources.objects:
        for credit in obj.credits:
            if credit.name_en or credit.name_zh:
                credited.setdefault(credit.constituent, credit)
    named: dict[int, Constituent] = {}
    listed: set[int] = set()
    for constituent in sources.constituents:
        record = f"M+ constituent {constituent.id}"
        if constituent.id in listed:
            notes.skip("constituent id listed twice (first row kept)", record)
            continue
        listed.add(constituent.id)
        if not (constituent.name_en or constituent.name_zh):
            named_in = credited.get(constituent.id)
            if named_in is None:
                notes.skip("constituent without a name anywhere", record)
                continue
            notes.odd("constituent without a name (named from a credit)", record)
            constituent = dataclasses.replace(
                constituent, name_en=named_in.name_en, name_zh=named_in.name_zh
            )
        named[constituent.id] = constituent
    uncatalogued = [credit for key, credit in sorted(credited.items()) if key not in listed]
    return [named[key] for key in sorted(named)], uncatalogued


def _request(record: int, english: str, fallback: str, *qualifiers: str) -> SlugRequest:
    """The romanised English name, else '<fallback>-<record id>' (documented in the README)."""
    base = slugify(english_only(english)) or f"{fallback}-{record}"
    return SlugRequest(record, base, tuple(q for q in qualifiers if q), record)


def _slugs(entry_type: str, requests: list[SlugRequest[int]], notes: Notes) -> dict[int, str]:
    slugs, qualified = assign_slugs(requests)
    for request in qualified:
        notes.odd(
            f"{entry_type}: name shared with another record (slug qualified)",
            f"{entry_type} record {request.record}",
        )
    return slugs


def _year(year: int | None) -> str:
    return str(year) if year else ""

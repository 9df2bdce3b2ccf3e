"""All the entries the sources make, each under its slug: the importer's pure core."""

from __future__ import annotations

import dataclasses

from importer import lcsd_catalogue, mplus
from importer.films import credits_film_director, group_film_material, group_screen_works
from importer.notes import Notes
from importer.overrides import Overrides
from importer.records import Constituent, Credit, MplusObject, Sources
from importer.slugs import SlugRequest, assign_slugs, slugify
from importer.text import english_only
from plugins.directory.model import ContentModel

# entry type -> slug -> the entry's fields
Catalogue = dict[str, dict[str, dict]]


def build_catalogue(
    sources: Sources,
    notes: Notes,
    model: ContentModel,
    overrides: Overrides | None = None,
    reserved: dict[str, set[str]] | None = None,
    known_artists: dict[str, dict] | None = None,
) -> Catalogue:
    """Every entry the sources make: artists, works and films from M+, exhibitions, events,
    the organisations presenting them and venues from LCSD. Slugs come from the English names,
    so the same sources give the same slugs. overrides: importer/overrides.yaml, applied to the
    M+ constituents; reserved: {type: slugs no new entry may take}; known_artists: artists
    already in the directory, for the LCSD presenters to match."""
    overrides = overrides or Overrides()
    objects = _merge_duplicates(sources.objects, overrides, notes)
    constituents, uncatalogued = _artist_records(sources, objects, notes)
    merged = overrides.merged()
    duplicates = [c for c in constituents if c.id in merged]
    constituents = [c for c in constituents if c.id not in merged]
    artist_slugs = _slugs(
        "artists",
        [_request(c.id, c.name_en, "mplus-artist", _year(c.begin)) for c in constituents]
        + [_request(c.constituent, c.name_en, "mplus-artist") for c in uncatalogued],
        notes,
    )
    disciplines = mplus.disciplines_by_constituent(constituents, objects)
    roles = mplus.role_translations(objects)

    groups = group_film_material(objects)
    film_of_object = {obj.id: group.record for group in groups for obj in group.objects}
    screen_works = group_screen_works(objects)
    film_slugs = _slugs(
        "films",
        [_request(g.record, g.title.en, "mplus-film", _year(g.year)) for g in groups]
        + [_request(w.record, w.first.title_en, "mplus-film", _year(w.year)) for w in screen_works],
        notes,
    )
    screen_ids = {obj.id for work in screen_works for obj in work.objects}
    works = [obj for obj in objects if obj.id not in screen_ids]
    work_slugs = _slugs(
        "works",
        [_request(obj.id, obj.title_en, "mplus-work", _year(obj.year)) for obj in works],
        notes,
    )

    catalogue: Catalogue = {entry_type: {} for entry_type in model.names}
    artists = catalogue["artists"]
    for constituent in constituents:
        artists[artist_slugs[constituent.id]] = mplus.artist_entry(
            constituent,
            disciplines.get(constituent.id, ()),
            notes,
            overrides.get(constituent.id),
            [d for d in duplicates if merged[d.id] == constituent.id],
        )
    for credit in uncatalogued:
        artists[artist_slugs[credit.constituent]] = mplus.artist_from_credit(credit, notes)
    for group in groups:
        catalogue["films"][film_slugs[group.record]] = mplus.film_from_material(
            group, artist_slugs, notes
        )
    for work in screen_works:
        catalogue["films"][film_slugs[work.record]] = mplus.film_from_screen_work(
            work, artist_slugs, roles, notes
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


def _merge_duplicates(
    objects: list[MplusObject], overrides: Overrides, notes: Notes
) -> list[MplusObject]:
    """The objects with every credit of a duplicate record (overrides.yaml merge_into) given to
    the record it duplicates."""
    merged = overrides.merged()
    if not merged:
        return objects
    found = []
    for obj in objects:
        if any(c.constituent in merged for c in obj.credits):
            notes.odd(
                "credit of a duplicate record (given to the one it duplicates)",
                f"M+ object {obj.id}",
            )
            obj = dataclasses.replace(
                obj,
                credits=tuple(
                    dataclasses.replace(c, constituent=merged.get(c.constituent, c.constituent))
                    for c in obj.credits
                ),
            )
        found.append(obj)
    return found


def _artist_records(
    sources: Sources, objects: list[MplusObject], notes: Notes
) -> tuple[list[Constituent], list[Credit]]:
    """The constituents that become artists (named from a credit when the CSV gives no name),
    and a credit for each constituent the objects credit but the CSV does not list. Anonymous
    makers ("Unknown (Hong Kong)") become neither: their works name them."""
    credited: dict[int, Credit] = {}
    for obj in objects:
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
        if mplus.is_anonymous(constituent.name_en):
            notes.skip("anonymous maker (no artist entry; its works name it)", record)
            continue
        named[constituent.id] = constituent
    uncatalogued = [
        credit
        for key, credit in sorted(credited.items())
        if key not in listed and not mplus.is_anonymous(credit.name_en)
    ]
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


def _year(year: int | str | None) -> str:
    """A slug's qualifier: the source's year (M+'s beginDate for an object, so that a slug
    never changes with how its date is read), or the first year a date names (1960 for 196X)."""
    digits = "".join(ch for ch in str(year or "")[:4] if ch.isdigit())
    return digits.ljust(4, "0") if digits else ""

"""M+ records -> artist, work and film entries (pure: records and slugs in, entry data out)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from importer.films import FILM_DIRECTOR, FILM_MAKER_ROLES, PRODUCTION_COMPANY, FilmGroup
from importer.notes import Notes
from importer.records import Constituent, Credit, MplusObject
from importer.text import bilingual, chinese_prose, english_part, has_han, is_placeholder, title

SOURCE = {
    "name": {"en": "M+ Museum, Hong Kong", "zh": "香港M+博物館"},
    "url": "https://github.com/mplusmuseum/collection-data",
}
LICENCE = "CC0-1.0"

HONG_KONG = {"en": "Hong Kong", "zh": "香港"}
# M+ biographies open with where the artist is from: "Hong Kong, born Germany. 1954–2019".
BASED_IN_HONG_KONG = re.compile(r"^(?:established )?Hong Kong\b", re.I)
KINDS = {"Individual": "person", "Organization": "organisation", "Artist Collaborative": "group"}
LOCAL_NATIONALITY = "Hong Kong"

# The disciplines, in the order of the schema's enum (entries list them in this order).
DISCIPLINES = (
    "visual-art", "painting", "ink-art", "sculpture", "installation", "photography",
    "printmaking", "illustration", "comics", "animation", "new-media", "design",
    "graphic-design", "product-design", "fashion", "architecture", "interior-design", "craft",
    "music", "sound", "film", "performance", "dance", "theatre", "literature", "curating",
)  # fmt: skip
ROLE_DISCIPLINES = {
    "Artist": "visual-art",
    "Photographer": "photography",
    "Film Director": "film",
    "Filmmaker": "film",
    "Production Company": "film",
    "Architect": "architecture",
    "Architectural Firm": "architecture",
    "Designer": "design",
    "Design Firm": "design",
    "Designer/Producer": "design",
    "Graphic Designer": "graphic-design",
    "Illustrator": "illustration",
    "Author": "literature",
    "Translator": "literature",
    "Music by": "music",
    "Curator": "curating",
}
# What the object's category says about the discipline of the one who made it.
CATEGORY_DISCIPLINES = {
    "Painting": "painting",
    "Ink Art": "ink-art",
    "Sculpture": "sculpture",
    "Installation": "installation",
    "Video Installation": "installation",
    "Photography": "photography",
    "Print": "printmaking",
    "Animation": "animation",
    "Video": "new-media",
    "Digital": "new-media",
    "Film": "film",
    "Poster": "graphic-design",
    "Signage": "graphic-design",
    "Product Design": "product-design",
    "Furniture": "product-design",
    "Lighting": "product-design",
    "Costume": "fashion",
    "Architectural Drawing": "architecture",
    "Architectural Model": "architecture",
    "Interior": "interior-design",
    "Textile": "craft",
    "Craft Object": "craft",
    "Performance": "performance",
    "Sound": "sound",
}
# The roles of the one who made the object itself (a film director did not take the film still).
MAKER_ROLES = frozenset(
    {"Artist", "Designer", "Maker", "Photographer", "Designer/Producer", "Illustrator", "Filmmaker"}
)


def source(record: int) -> dict:
    return {**SOURCE, "record": record, "licence": LICENCE}


def disciplines_by_constituent(
    constituents: Iterable[Constituent], objects: Iterable[MplusObject]
) -> dict[int, tuple[str, ...]]:
    """Each constituent's disciplines, from its roles and what it made (in schema order)."""
    found: dict[int, set[str]] = defaultdict(set)
    for constituent in constituents:
        found[constituent.id].update(
            ROLE_DISCIPLINES[role] for role in constituent.roles if role in ROLE_DISCIPLINES
        )
    for obj in objects:
        for credit in obj.credits:
            if credit.role_en in ROLE_DISCIPLINES:
                found[credit.constituent].add(ROLE_DISCIPLINES[credit.role_en])
            if credit.role_en in MAKER_ROLES:
                found[credit.constituent].update(
                    CATEGORY_DISCIPLINES[c] for c in obj.categories_en if c in CATEGORY_DISCIPLINES
                )
    return {
        constituent: tuple(d for d in DISCIPLINES if d in disciplines)
        for constituent, disciplines in found.items()
    }


def role_translations(objects: Iterable[MplusObject]) -> dict[str, str]:
    """Each English role's usual Chinese name, as the objects give it most often.

    Some M+ credits pair a role with another role's Chinese name ("Artist / 編輯／剪接").
    """
    pairs = Counter(
        (credit.role_en, credit.role_zh)
        for obj in objects
        for credit in obj.credits
        if credit.role_en and credit.role_zh
    )
    best: dict[str, tuple[int, str]] = {}
    for (english, chinese), count in pairs.items():
        if english not in best or (-count, chinese) < (-best[english][0], best[english][1]):
            best[english] = (count, chinese)
    return {english: chinese for english, (_, chinese) in best.items()}


def artist_entry(
    constituent: Constituent, disciplines: tuple[str, ...], notes: Notes
) -> dict[str, object]:
    record = f"M+ constituent {constituent.id}"
    name_en = english_part(constituent.name_en, notes, record)
    entry: dict[str, object] = {"name": bilingual(name_en, constituent.name_zh)}
    kind = KINDS.get(constituent.type)
    if kind:
        entry["kind"] = kind
    elif constituent.type:
        notes.odd(f"unknown constituent type '{constituent.type}' (kind left out)", record)
    nationality = _nationality(constituent, notes, record)
    if nationality:
        # Origin only where the source says: an unknown nationality is not "international".
        local = constituent.nationality_en == LOCAL_NATIONALITY
        entry["origin"] = "local" if local else "international"
        entry["nationality"] = nationality
    if entry.get("origin") == "international" and BASED_IN_HONG_KONG.match(constituent.bio_en):
        entry["based_in"] = dict(HONG_KONG)
    if disciplines:
        entry["disciplines"] = list(disciplines)
    entry.update(_life_dates(constituent, kind, notes, record))
    bio = bilingual(
        english_part(constituent.bio_en, notes, record),
        chinese_prose(constituent.bio_zh, constituent.bio_en, notes, record),
    )
    if bio:
        entry["bio"] = bio
    entry["source"] = source(constituent.id)
    return entry


def _nationality(constituent: Constituent, notes: Notes, record: str):
    english, chinese = constituent.nationality_en, constituent.nationality_zh
    if is_placeholder(english):
        notes.odd(f"placeholder nationality '{english}' (left out)", record)
        return None
    return bilingual(
        english_part(english, notes, record), chinese_prose(chinese, english, notes, record)
    )


def _life_dates(constituent: Constituent, kind: str | None, notes: Notes, record: str) -> dict:
    start, end = ("born", "died") if kind == "person" else ("founded", "dissolved")
    begin, finish = constituent.begin, constituent.end
    if begin and finish and finish < begin:
        notes.odd("end date before start date (end left out)", record)
        finish = None
    return {key: year for key, year in ((start, begin), (end, finish)) if year}


def artist_from_credit(credit: Credit, notes: Notes) -> dict[str, object]:
    """An artist entry for a constituent credited on an object but missing from the CSV."""
    record = f"M+ constituent {credit.constituent}"
    notes.odd("constituent missing from constituents.csv (made from a credit)", record)
    name_en = english_part(credit.name_en, notes, record)
    return {"name": bilingual(name_en, credit.name_zh), "source": source(credit.constituent)}


def credit_maps(
    credits: Iterable[Credit],
    artist_slugs: Mapping[int, str],
    roles: Mapping[str, str],
    notes: Notes,
    record: str,
) -> list[dict]:
    """Credit maps {artist, role}: each artist and role once, in the source's order."""
    result: list[dict] = []
    seen: set[tuple[str, str]] = set()
    for credit in credits:
        slug = artist_slugs.get(credit.constituent)
        if slug is None:
            notes.odd("credit of a constituent without a name (left out)", record)
            continue
        if (slug, credit.role_en) in seen:
            notes.odd("same credit listed twice (listed once)", record)
            continue
        seen.add((slug, credit.role_en))
        result.append(_credit(slug, credit, roles, notes, record))
    return result


def _credit(slug: str, credit: Credit, roles: Mapping[str, str], notes: Notes, record: str) -> dict:
    chinese = roles.get(credit.role_en, credit.role_zh)
    if credit.role_zh and chinese != credit.role_zh:
        notes.odd("role with another role's Chinese name (usual translation used)", record)
    role = bilingual(credit.role_en, chinese if has_han(chinese) else "")
    return {"artist": slug, "role": role} if role else {"artist": slug}


def work_entry(
    obj: MplusObject,
    artist_slugs: Mapping[int, str],
    roles: Mapping[str, str],
    film: str | None,
    notes: Notes,
) -> dict[str, object]:
    record = f"M+ object {obj.id}"
    entry: dict[str, object] = {"title": _object_title(obj, notes, record)}
    entry.update(_year_and_date(obj, notes, record))
    category = bilingual(", ".join(obj.categories_en), "、".join(obj.categories_zh))
    if category:
        entry["category"] = category
    medium = bilingual(obj.medium_en, obj.medium_zh)
    if medium:
        entry["medium"] = medium
    work_credits = credit_maps(obj.credits, artist_slugs, roles, notes, record)
    if work_credits:
        entry["credits"] = work_credits
    elif not obj.credits:
        notes.odd("object without credits", record)
    if film:
        entry["film"] = film
    entry["source"] = source(obj.id)
    return entry


def _object_title(obj: MplusObject, notes: Notes, record: str):
    english = english_part(obj.title_en, notes, record)
    if not english and obj.title_zh:
        notes.odd("no English title", record)
    return title(english, obj.title_zh, notes, record)


def _year_and_date(obj: MplusObject, notes: Notes, record: str) -> dict:
    """The year, and the source's wording of the date when it says more (e.g. '1960s')."""
    dates: dict[str, object] = {}
    if obj.year:
        dates["year"] = obj.year
    else:
        notes.odd("no year", record)
    if is_placeholder(obj.date):
        notes.odd(f"placeholder date '{obj.date}' (left out)", record)
    elif obj.date and obj.date != str(obj.year):
        dates["date"] = {"en": obj.date}
    return dates


def film_from_material(
    group: FilmGroup, artist_slugs: Mapping[int, str], notes: Notes
) -> dict[str, object]:
    """The film that a group of stills, posters and papers show."""
    record = f"M+ object {group.record}"
    entry: dict[str, object] = {"title": title(group.title.en, group.title.zh, notes, record)}
    if group.year:
        entry["year"] = group.year
    for field, role in (("directors", FILM_DIRECTOR), ("production", PRODUCTION_COMPANY)):
        slugs = [artist_slugs[c] for c in group.constituents(role) if c in artist_slugs]
        if slugs:
            entry[field] = slugs
    entry["source"] = source(group.record)
    return entry


def film_from_screen_work(
    obj: MplusObject,
    artist_slugs: Mapping[int, str],
    roles: Mapping[str, str],
    notes: Notes,
) -> dict[str, object]:
    """A single-channel film or video in the collection, its makers as directors."""
    record = f"M+ object {obj.id}"
    entry: dict[str, object] = {"title": _object_title(obj, notes, record)}
    if obj.year:
        entry["year"] = obj.year
    else:
        notes.odd("no year", record)
    makers = [c for c in obj.credits if c.role_en in FILM_MAKER_ROLES]
    companies = [c for c in obj.credits if c.role_en == PRODUCTION_COMPANY]
    others = [c for c in obj.credits if c not in makers and c not in companies]
    directors = _slugs(makers, artist_slugs)
    if directors:
        entry["directors"] = directors
    film_credits = credit_maps(others, artist_slugs, roles, notes, record)
    if film_credits:
        entry["credits"] = film_credits
    production = _slugs(companies, artist_slugs)
    if production:
        entry["production"] = production
    entry["source"] = source(obj.id)
    return entry


def _slugs(chosen: Iterable[Credit], artist_slugs: Mapping[int, str]) -> list[str]:
    found = (artist_slugs.get(credit.constituent) for credit in chosen)
    return list(dict.fromkeys(slug for slug in found if slug))

"""M+ records -> artist, work and film entries (pure: records and slugs in, entry data out)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from importer.dates import read_bio_dates, read_object_date
from importer.films import (
    FILM_DIRECTOR,
    FILM_MAKER_ROLES,
    PRODUCTION_COMPANY,
    FilmGroup,
    ScreenWork,
)
from importer.names import checked_sort_name, surname_first
from importer.notes import Notes
from importer.overrides import UNKNOWN, Override
from importer.records import Constituent, Credit, MplusObject
from importer.text import bilingual, chinese_prose, english_part, has_han, is_placeholder, title

SOURCE = {
    "name": {"en": "M+ Museum, Hong Kong", "zh": "香港M+博物館"},
    "url": "https://github.com/mplusmuseum/collection-data",
}
LICENCE = "CC0-1.0"

HONG_KONG = {"en": "Hong Kong", "zh": "香港"}
# M+ biographies open with the place the artist belongs to, the birthplace after "born":
# "Hong Kong, born Germany. 1954–2019" / "香港，生於德國，1954—2019年"; firms say where they
# were established or are based: "established Hong Kong, 1990", "established Shantou, based
# Hong Kong, 1922".
BASED_IN_HONG_KONG = re.compile(
    r"^(?:(?:established|active)\s+)?Hong Kong\s*(?:[,.]|$)|\bbased Hong Kong\b", re.I
)
BASED_IN_HONG_KONG_ZH = re.compile(r"^香港[，,。]|於香港成立|成立於香港")
KINDS = {"Individual": "person", "Organization": "organisation", "Artist Collaborative": "group"}
LOCAL_NATIONALITY = "Hong Kong"
LOCAL, INTERNATIONAL = "local", "international"
# M+ files anonymous makers as people: "Unknown (Hong Kong)" / 佚名（香港）, one per region. They
# are no artist: their credits name them on the work ("Unknown Fields" is a real studio).
ANONYMOUS = re.compile(r"^Unknown \(")

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


def is_anonymous(name_en: str) -> bool:
    return bool(ANONYMOUS.match(name_en))


def based_in_hong_kong(constituent: Constituent) -> bool:
    """The bio places the artist in Hong Kong (in either language), wherever they were born."""
    return bool(
        BASED_IN_HONG_KONG.search(constituent.bio_en)
        or BASED_IN_HONG_KONG_ZH.search(constituent.bio_zh)
    )


def origin_of(constituent: Constituent, override: Override) -> tuple[str | None, bool]:
    """(origin, based in Hong Kong): the one rule, used by the importer, the sample and so the
    site. An override wins; based in Hong Kong (the bio's place) is local whatever the
    nationality; Hong Kong nationality is local; another nationality is international; a
    placeholder nationality ("Research Needed", blank) gives no origin."""
    based = based_in_hong_kong(constituent)
    if override.origin is not None:
        origin = None if override.origin == UNKNOWN else override.origin
        if override.based_in is not None:
            based = override.based_in == HONG_KONG
        return origin, based and origin == LOCAL
    if based or constituent.nationality_en == LOCAL_NATIONALITY:
        return LOCAL, based
    if is_placeholder(constituent.nationality_en) or not constituent.nationality_en:
        return None, False
    return INTERNATIONAL, False


def artist_entry(
    constituent: Constituent,
    disciplines: tuple[str, ...],
    notes: Notes,
    override: Override | None = None,
    merged: Iterable[Constituent] = (),
) -> dict[str, object]:
    """An artist entry; ``merged``: the records overrides.yaml merges into this one (their
    names become aliases)."""
    override = override or Override()
    record = f"M+ constituent {constituent.id}"
    name_en = english_part(constituent.name_en, notes, record)
    name_zh = _chinese_name(constituent.name_zh, notes, record)
    kind = KINDS.get(constituent.type)
    if constituent.type and not kind:
        notes.odd(f"unknown constituent type '{constituent.type}' (kind left out)", record)
    origin, based = origin_of(constituent, override)
    shown = _display_name(constituent, name_en, kind, origin, override, notes, record)
    entry: dict[str, object] = {"name": bilingual(shown, name_zh)}
    if kind:
        entry["kind"] = kind
    if origin:
        entry["origin"] = origin
    elif override.origin != UNKNOWN:
        notes.odd("no origin (placeholder nationality, no override)", record)
    nationality = _nationality(constituent, notes, record)
    if nationality:
        entry["nationality"] = nationality
    if override.based_in and not based:
        entry["based_in"] = dict(override.based_in)
    elif based and constituent.nationality_en != LOCAL_NATIONALITY:
        entry["based_in"] = dict(HONG_KONG)
    if disciplines:
        entry["disciplines"] = list(disciplines)
    entry.update(_life_dates(constituent, kind, notes, record))
    sort_name = _sort_name(constituent, shown, name_zh, kind, override, notes, record)
    if sort_name and sort_name != shown:
        entry["sort_name"] = {"en": sort_name}
    aliases: list[object] = [{"en": name_en}] if name_en and shown != name_en else []
    aliases += [dict(a) for a in override.aliases]
    for duplicate in merged:
        aliases.append(
            bilingual(duplicate.name_en, _chinese_name(duplicate.name_zh, notes, record))
        )
    aliases = [a for a in _unique(aliases) if a and a not in ({"en": shown}, shown)]
    if aliases:
        entry["aliases"] = aliases
    bio = bilingual(
        english_part(constituent.bio_en, notes, record),
        chinese_prose(constituent.bio_zh, constituent.bio_en, notes, record),
    )
    if bio:
        entry["bio"] = bio
    entry["source"] = source(constituent.id)
    return entry


def _chinese_name(name_zh: str, notes: Notes, record: str) -> str:
    """A Chinese name with no Chinese in it is the English copied: left out, so that the
    Chinese page shows the English marked as such ("not yet translated")."""
    if name_zh and not has_han(name_zh):
        notes.odd("English copied into a Chinese name (Chinese left out)", record)
        return ""
    return name_zh


def _display_name(
    constituent: Constituent,
    name_en: str,
    kind: str | None,
    origin: str | None,
    override: Override,
    notes: Notes,
    record: str,
) -> str:
    """The English name as Hong Kong writes it: a Hong Kong person's surname first where M+
    puts a romanised Chinese given name before it ("Kar Wai Wong" -> "Wong Kar Wai")."""
    if override.name:
        return override.name
    if kind == "person" and origin == LOCAL and constituent.sort_name:
        turned = surname_first(name_en, constituent.name_zh, constituent.sort_name)
        if turned and turned != name_en:
            notes.odd("Hong Kong name in Western order (surname put first)", record)
            return turned
    return name_en


def _sort_name(
    constituent: Constituent,
    shown: str,
    name_zh: str,
    kind: str | None,
    override: Override,
    notes: Notes,
    record: str,
) -> str | None:
    """How the A–Z listing files the artist: a person's M+ alphaSortName ("Wong, Kar Wai"),
    turned round where it is the wrong way ("Clarence, Fok"); an organisation's name without
    a leading "The"."""
    if override.sort_name:
        return override.sort_name
    if kind != "person":
        return shown[4:] if shown.startswith("The ") else None
    written = constituent.sort_name
    if "," not in written:
        return None
    checked = checked_sort_name(written, constituent.name_en, name_zh)
    if checked != written:
        notes.odd("sort name the wrong way round (turned)", record)
    return checked[:1].upper() + checked[1:]


def _unique(items: list[object]) -> list[object]:
    found: list[object] = []
    for item in items:
        if item not in found:
            found.append(item)
    return found


def _nationality(constituent: Constituent, notes: Notes, record: str):
    english, chinese = constituent.nationality_en, constituent.nationality_zh
    if is_placeholder(english):
        notes.odd(f"placeholder nationality '{english}' (left out)", record)
        return None
    return bilingual(
        english_part(english, notes, record), chinese_prose(chinese, english, notes, record)
    )


def _life_dates(constituent: Constituent, kind: str | None, notes: Notes, record: str) -> dict:
    """Born and died (founded and dissolved), or the years active, as the bio words them where
    it words them approximately ("born 20th century": 19XX, not M+'s 1900 and 1999), else the
    source's years."""
    start, end = ("born", "died") if kind == "person" else ("founded", "dissolved")
    begin: int | str | None = constituent.begin
    finish: int | str | None = constituent.end
    if constituent.begin and constituent.end and constituent.end < constituent.begin:
        notes.odd("end date before start date (end left out)", record)
        finish = None
    worded = read_bio_dates(constituent.bio_en, constituent.end)
    if worded is not None:
        notes.odd("approximate dates (read from the bio's words)", record)
        if worded.active is not None:
            return {"active": worded.active}
        begin = worded.start
        finish = worded.end if worded.end is not None else (None if worded.drop_end else finish)
    return {key: value for key, value in ((start, begin), (end, finish)) if value}


def artist_from_credit(credit: Credit, notes: Notes) -> dict[str, object]:
    """An artist entry for a constituent credited on an object but missing from the CSV."""
    record = f"M+ constituent {credit.constituent}"
    notes.odd("constituent missing from constituents.csv (made from a credit)", record)
    name_en = english_part(credit.name_en, notes, record)
    name_zh = _chinese_name(credit.name_zh, notes, record)
    return {"name": bilingual(name_en, name_zh), "source": source(credit.constituent)}


def credit_maps(
    credits: Iterable[Credit],
    artist_slugs: Mapping[int, str],
    roles: Mapping[str, str],
    notes: Notes,
    record: str,
) -> list[dict]:
    """Credit maps {artist, role}, or {name, role} for an anonymous maker: each artist and role
    once, in the source's order."""
    result: list[dict] = []
    seen: set[tuple[object, str]] = set()
    for credit in credits:
        slug = artist_slugs.get(credit.constituent)
        anonymous = slug is None and is_anonymous(credit.name_en)
        if slug is None and not anonymous:
            notes.odd("credit of a constituent without a name (left out)", record)
            continue
        who = slug or credit.constituent
        if (who, credit.role_en) in seen:
            notes.odd("same credit listed twice (listed once)", record)
            continue
        seen.add((who, credit.role_en))
        found = _credit(slug, credit, roles, notes, record)
        if anonymous:
            notes.odd("anonymous maker (credited by name, no artist entry)", record)
            found = {"name": bilingual(credit.name_en, credit.name_zh), **found}
        result.append(found)
    return result


def _credit(
    slug: str | None, credit: Credit, roles: Mapping[str, str], notes: Notes, record: str
) -> dict:
    chinese = roles.get(credit.role_en, credit.role_zh)
    if credit.role_zh and chinese != credit.role_zh:
        notes.odd("role with another role's Chinese name (usual translation used)", record)
    role = bilingual(credit.role_en, chinese if has_han(chinese) else "")
    found: dict = {"artist": slug} if slug else {}
    return {**found, "role": role} if role else found


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
    medium = medium_of(obj, notes, record)
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


def medium_of(obj: MplusObject, notes: Notes, record: str):
    """The medium in both languages; a Chinese medium with no Chinese in it is the English
    copied (prose that needs a translation): left out."""
    return bilingual(obj.medium_en, chinese_prose(obj.medium_zh, obj.medium_en, notes, record))


def _year_and_date(obj: MplusObject, notes: Notes, record: str) -> dict:
    """The year read from the date's words (1949~ for "circa 1949", 196X for "1960s", never
    M+'s widened beginDate), and the words themselves when they say more than it."""
    dates: dict[str, object] = {}
    if is_placeholder(obj.date):
        notes.odd(f"placeholder date '{obj.date}' (left out)", record)
        return dates
    if not obj.date:
        if obj.year:
            dates["year"] = obj.year
        else:
            notes.odd("no year", record)
        return dates
    found = read_object_date(obj.date)
    if found is None or found.value is None:
        notes.odd("date words name no year (left out)", record)
        return dates
    dates["year"] = found.value
    if not isinstance(found.value, int):
        notes.odd("approximate date (circa, decade, century or a range)", record)
    if not found.complete:
        dates["date"] = {"en": obj.date, "zh": found.zh} if found.zh else {"en": obj.date}
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
    work: ScreenWork,
    artist_slugs: Mapping[int, str],
    roles: Mapping[str, str],
    notes: Notes,
) -> dict[str, object]:
    """A single-channel film or video in the collection, its makers as directors; a work M+
    holds in several versions is one film listing them."""
    obj = work.first
    record = f"M+ object {obj.id}"
    entry: dict[str, object] = {"title": _object_title(obj, notes, record)}
    year = work.year
    if year:
        entry["year"] = year
    else:
        notes.odd("no year", record)
    credits = [c for version in work.objects for c in version.credits]
    makers = [c for c in credits if c.role_en in FILM_MAKER_ROLES]
    named = [c for c in makers if c.constituent not in artist_slugs and is_anonymous(c.name_en)]
    companies = [c for c in credits if c.role_en == PRODUCTION_COMPANY]
    others = [c for c in credits if c not in makers and c not in companies]
    directors = _slugs(makers, artist_slugs)
    if directors:
        entry["directors"] = directors
    film_credits = credit_maps(named + others, artist_slugs, roles, notes, record)
    if film_credits:
        entry["credits"] = film_credits
    production = _slugs(companies, artist_slugs)
    if production:
        entry["production"] = production
    if len(work.objects) > 1:
        notes.odd("versions of one film (one film listing them)", record)
        entry["versions"] = [_version(version, notes) for version in work.objects]
    entry["source"] = source(obj.id)
    return entry


def _version(obj: MplusObject, notes: Notes) -> dict[str, object]:
    record = f"M+ object {obj.id}"
    version: dict[str, object] = {"record": obj.id}
    version.update({k: v for k, v in _year_and_date(obj, Notes(), record).items() if k == "year"})
    medium = medium_of(obj, notes, record)
    if medium:
        version["medium"] = medium
    return version


def _slugs(chosen: Iterable[Credit], artist_slugs: Mapping[int, str]) -> list[str]:
    found = (artist_slugs.get(credit.constituent) for credit in chosen)
    return list(dict.fromkeys(slug for slug in found if slug))

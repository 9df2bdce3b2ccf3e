"""Structured data for each entry page: schema.org JSON-LD, and the short plain-text summary that
the page's meta description and Open Graph tags use. Pure: an entry, the directory, the page's
language and its URLs in, data out.

Each entity's @id is the same in every language (its page URL in the first language, plus a
fragment), so the English and Chinese pages describe one thing and linked entries refer to each
other by it. The page's language is the WebPage's inLanguage: on the entity itself it would claim
that a film or a work is in that language."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from babel import Locale
from markupsafe import Markup

from .linking import SINGULAR, Directory
from .pages import url_path
from .rendering import Language, markdown_to_html
from .schema import labels, type_schema
from .validation import Bi, Entry

SCHEMA_ORG = "https://schema.org"
SUMMARY_LENGTH = 160
# Where one block of text ends and the next begins: a space in plain text. Other tags go.
BLOCK_END_RE = re.compile(r"<(?:br|hr|/p|/li|/h\d|/blockquote|/pre)\b[^>]*>")
TAG_RE = re.compile(r"<[^>]+>")
# Categories (from the source, in English) that make a work a VisualArtwork; any other work,
# such as a book, a chair or an archival document, is a CreativeWork.
VISUAL_ART_CATEGORIES = frozenset(
    {
        "architectural drawing",
        "architectural photography",
        "collage",
        "design drawing",
        "drawing",
        "ink art",
        "installation",
        "painting",
        "photography",
        "poster",
        "print",
        "sculpture",
        "video installation",
        "work on paper",
    }
)
# Roles (in English) that make an artist the creator of a work; other credited roles, such as
# publisher, manufacturer or subject, are contributors.
CREATOR_ROLES = frozenset(
    {
        "architect",
        "architectural firm",
        "artist",
        "design firm",
        "designer",
        "illustrator",
        "photographer",
    }
)
# A group with one of these disciplines is a PerformingGroup; other groups are Organizations.
PERFORMING_DISCIPLINES = frozenset({"dance", "music", "performance", "sound", "theatre"})


@dataclass(frozen=True)
class Urls:
    """The URLs of entries as seen from a page in one language."""

    siteurl: str
    prefix: str  # the page's language, as in URLs
    id_prefix: str  # the language whose page URLs name entities in every language

    def page(self, entry: Entry) -> str:
        return self.siteurl + url_path(self.prefix, (entry.type, entry.slug))

    def id(self, entry: Entry) -> str:
        path = url_path(self.id_prefix, (entry.type, entry.slug))
        return f"{self.siteurl}{path}#{SINGULAR[entry.type]}"

    def image(self, src: str) -> str:
        return f"{self.siteurl}/images/{src}"


def og_locale(locale: str) -> str:
    """Open Graph's language_TERRITORY: zh_Hant_HK -> zh_HK."""
    parsed = Locale.parse(locale)
    return f"{parsed.language}_{parsed.territory}" if parsed.territory else parsed.language


def summary(value: Bi | None, language: Language, limit: int = SUMMARY_LENGTH) -> str:
    """A Markdown text in the page's language (never the other one) as plain text, cut at a word
    boundary where the text has spaces; '' when there is none."""
    own = value.get(language.key) if value else None
    if not own:
        return ""
    spaced = BLOCK_END_RE.sub(" ", markdown_to_html(own))
    text = " ".join(html.unescape(TAG_RE.sub("", spaced)).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:，。；：、") + "…"


def entry_json_ld(entry: Entry, directory: Directory, language: Language, urls: Urls) -> dict:
    """The page and its entity as a schema.org graph."""
    entity = _entity(entry, directory, language, urls)
    page = {
        "@type": "WebPage",
        "@id": urls.page(entry),
        "url": urls.page(entry),
        "name": entity["name"],
        "inLanguage": language.lang,
        "isPartOf": {
            "@type": "WebSite",
            "@id": f"{urls.siteurl}/#website",
            "name": language.gettext("Harbour Crossings"),
            "url": f"{urls.siteurl}/",
        },
        "mainEntity": {"@id": entity["@id"]},
    }
    return {"@context": SCHEMA_ORG, "@graph": [page, entity]}


def script_json(data: dict) -> Markup:
    """JSON for a <script type="application/ld+json">: <, > and & as \\u escapes, so that no
    text in it can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _other_key(language: Language) -> str:
    return next(key for key in language.lang_of_key if key != language.key)


def _schema_type(entry: Entry) -> str:
    if entry.type == "artists":
        kind = entry.fields.get("kind")
        if kind == "organisation":
            return "Organization"
        if kind == "group":
            disciplines = set(entry.fields.get("disciplines") or ())
            return "PerformingGroup" if disciplines & PERFORMING_DISCIPLINES else "Organization"
        return "Person"  # a person, or an artist whose kind the source does not give
    if entry.type == "works":
        category = (entry.fields.get("category") or Bi(None, None)).en or ""
        parts = {part.strip().casefold() for part in category.split(",")}
        return "VisualArtwork" if parts & VISUAL_ART_CATEGORIES else "CreativeWork"
    return {"exhibitions": "ExhibitionEvent", "films": "Movie", "venues": "Place"}[entry.type]


def _ref(entry: Entry, language: Language, urls: Urls) -> dict:
    """Enough of a linked entry to name it; its own page holds the rest under the same @id."""
    return {
        "@type": _schema_type(entry),
        "@id": urls.id(entry),
        "name": language.plain(entry.title),
        "url": urls.page(entry),
    }


def _place(venue: Entry, language: Language, urls: Urls) -> dict:
    node = _ref(venue, language, urls)
    address = _address(venue, language)
    if address:
        node["address"] = address
    return node


def _address(venue: Entry, language: Language) -> dict | None:
    street = language.plain(venue.fields.get("address"))
    district = language.plain(venue.fields.get("district"))
    if not (street or district):
        return None
    address = {"@type": "PostalAddress"}
    if street:
        address["streetAddress"] = street
    if district:
        address["addressLocality"] = district
    return address


def _entity(entry: Entry, directory: Directory, language: Language, urls: Urls) -> dict:
    fields = entry.fields
    node = _ref(entry, language, urls)
    other = entry.title.get(_other_key(language))
    alternates = [other] if other and other != node["name"] else []
    alternates += [language.plain(alias) for alias in fields.get("aliases") or ()]
    if alternates:
        node["alternateName"] = alternates[0] if len(alternates) == 1 else alternates
    body = summary(fields.get(type_schema(entry.type).body_field), language)
    if body:
        node["description"] = body
    if fields.get("image"):
        node["image"] = urls.image(fields["image"]["src"])
    same_as = [link["url"] for link in fields.get("links") or () if link["url"].startswith("http")]
    if same_as:
        node["sameAs"] = same_as
    linked = directory.links_by_field(entry)
    add = {
        "artists": _artist,
        "exhibitions": _exhibition,
        "films": _film,
        "works": _work,
        "venues": _venue,
    }[entry.type]
    add(node, entry, linked, language, urls)
    return {key: value for key, value in node.items() if value not in (None, [], "")}


def _with_role(prop: str, agent: dict, role: Bi | None, language: Language) -> dict:
    """schema.org's Role pattern: the role wraps the agent under the same property."""
    if role is None:
        return agent
    return {"@type": "Role", "roleName": language.plain(role), prop: agent}


def _agents(prop: str, rows, language: Language, urls: Urls) -> list[dict]:
    return [_with_role(prop, _ref(e, language, urls), role, language) for e, role in rows]


def _artist(node, entry, linked, language, urls) -> None:
    fields = entry.fields
    if node["@type"] == "Person":
        node["birthDate"] = fields.get("born")
        node["deathDate"] = fields.get("died")
        node["nationality"] = language.plain(fields.get("nationality")) or None
        place_prop = "homeLocation"
    else:
        node["foundingDate"] = fields.get("founded")
        node["dissolutionDate"] = fields.get("dissolved")
        place_prop = "location"
    based_in = language.plain(fields.get("based_in"))
    if based_in:
        node[place_prop] = {"@type": "Place", "name": based_in}
    disciplines = labels("artists", "disciplines")
    node["knowsAbout"] = [disciplines[d][language.key] for d in fields.get("disciplines") or ()]


def _exhibition(node, entry, linked, language, urls) -> None:
    node["startDate"] = entry.fields.get("start")
    node["endDate"] = entry.fields.get("end")
    venues = linked.get("venue", [])
    if venues:
        node["location"] = _place(venues[0][0], language, urls)
    node["performer"] = _agents("performer", linked.get("artists", []), language, urls)
    organizers = _agents("organizer", linked.get("curators", []), language, urls)
    presenter = language.plain(entry.fields.get("presenter"))
    if presenter:
        organizers.append({"@type": "Organization", "name": presenter})
    node["organizer"] = organizers


def _film(node, entry, linked, language, urls) -> None:
    year = entry.fields.get("year")
    node["dateCreated"] = str(year) if year else None
    node["director"] = _agents("director", linked.get("directors", []), language, urls)
    production = linked.get("production", [])
    companies = [row for row in production if _schema_type(row[0]) != "Person"]
    node["productionCompany"] = _agents("productionCompany", companies, language, urls)
    producers = [row for row in production if _schema_type(row[0]) == "Person"]
    node["producer"] = _agents("producer", producers, language, urls)
    node["contributor"] = _agents("contributor", linked.get("credits", []), language, urls)


def _work(node, entry, linked, language, urls) -> None:
    year = entry.fields.get("year")
    node["dateCreated"] = str(year) if year else None
    credits = linked.get("credits", [])
    creators = [row for row in credits if _is_creator(row[1])]
    node["creator"] = _agents("creator", creators, language, urls)
    others = [row for row in credits if not _is_creator(row[1])]
    node["contributor"] = _agents("contributor", others, language, urls)
    category = language.plain(entry.fields.get("category")) or None
    medium = language.plain(entry.fields.get("medium")) or None
    if node["@type"] == "VisualArtwork":
        node["artform"], node["artMedium"] = category, medium
    else:
        node["genre"], node["material"] = category, medium
    films = linked.get("film", [])
    if films:
        # A poster or a still is about its film, not a part of it.
        node["about"] = _ref(films[0][0], language, urls)


def _is_creator(role: Bi | None) -> bool:
    return role is None or (role.en or "").casefold() in CREATOR_ROLES


def _venue(node, entry, linked, language, urls) -> None:
    node["address"] = _address(entry, language)


def template_globals(directory: Directory, language: Language, urls: Urls, locales) -> dict:
    """What theme/templates/_meta.html uses, for the pages of one language. locales: the
    Babel locales of every language, this page's first."""
    return {
        "json_ld": lambda entry: script_json(entry_json_ld(entry, directory, language, urls)),
        "summary": lambda value: summary(value, language),
        "OG_LOCALE": og_locale(locales[0]),
        "OG_LOCALE_ALTERNATES": [og_locale(locale) for locale in locales[1:]],
    }

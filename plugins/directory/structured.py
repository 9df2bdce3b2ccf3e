"""Structured data for each entry page: schema.org JSON-LD, and the short plain-text summary that
the page's meta description and Open Graph tags use. Pure: an entry, the directory, the page's
language and its URLs in, data out.

Each entity's @id is the same in every language (its page URL in the first language, plus a
fragment), so the pages in every language describe one thing and linked entries refer to each
other by it. The page's language is the WebPage's inLanguage: on the entity itself it would claim
that a film or a work is in that language. The entity's name is in the page's language, its
alternateName the names in the other written languages (on a Simplified page, the English and the
Traditional name as written), then its aliases.

The entity's type and properties come from its entry type's schema (model.py): x-schema-org
names the type, x-json-ld lists the properties in order, each {"property", "field"} and:
    if-type / unless-type            only for entities of (not of) these schema.org types
    as: "Place" | "Organization"     a text as a named Place or Organization
    postal: {property: field}        a PostalAddress made of these fields
    linked-if-type / -unless-type    only the linked entries of (not of) these types
    role-classes: [class, ...]       only the links whose role is of these classes (the classes
                                     of role-classes.yaml: creative, commission, ...)
    with: ["address"]                a linked entry's reference with these properties of its own
    role-in: [values]                only the links whose controlled role is one of these
    unwrapped: true                  the linked entities themselves, never in a Role
    country: "HK"                    (with postal) the address's addressCountry, always given
    linked-from: field               the entries that link to this one through that field
    bound: "start" | "end"           (a sessions field) the first start or the last end, with
                                     the time zone's offset where the time is known
    code: true                       a choice as its code (x-codes) instead of its label
    format: "%s-"                    a value put into a pattern (typicalAgeRange from an age)
    offers: true                     (an admission map {free, amounts, booking}) its Offers, in
                                     Hong Kong dollars, and isAccessibleForFree when free
    nest: {type, items}              a node of that type made of the items, with the entity's
                                     name (a Course's CourseInstance)
A date is given as written, a year as text (an approximate one, such as 1907~ or 197X, is left
out: schema.org has no way to say it), a choice as its label, a text in the page's
language, a link as the linked entity's reference (in a Role when the link has one); a second
item with the same property adds to a list, and gives a single value only when the first gave
none."""

from __future__ import annotations

import datetime
import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale
from babel.core import get_global
from markupsafe import Markup

from .fields import (
    Bi,
    Choice,
    Credit,
    EntryRef,
    Field,
    Link,
    ListOf,
    PartialDate,
    Year,
    read_date,
)
from .identifiers import Identifiers
from .linking import Directory, Ref
from .model import ContentModel, Entry
from .pages import url_path
from .rendering import Language, markdown_to_html
from .when import occurrences

CURRENCY = "HKD"  # of admission amounts
SCHEMA_ORG = "https://schema.org"
SUMMARY_LENGTH = 160
# Where one block of text ends and the next begins: a space in plain text. Other tags go.
BLOCK_END_RE = re.compile(r"<(?:br|hr|/p|/li|/h\d|/blockquote|/pre)\b[^>]*>")
TAG_RE = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Urls:
    """The URLs of entries as seen from a page in one language."""

    siteurl: str
    prefix: str  # the page's language, as in URLs
    id_prefix: str  # the language whose page URLs name entities in every language
    model: ContentModel

    def page(self, entry: Entry) -> str:
        return self.siteurl + url_path(self.prefix, (entry.type, entry.slug))

    def id(self, entry: Entry) -> str:
        path = url_path(self.id_prefix, (entry.type, entry.slug))
        return f"{self.siteurl}{path}#{entry.entry_type.singular}"

    def image(self, src: str) -> str:
        return f"{self.siteurl}/images/{src}"


def og_locale(locale: str) -> str:
    """Open Graph's language_TERRITORY: zh_Hant_HK -> zh_HK; a locale with no territory takes
    its likeliest (CLDR's likely subtags): zh_Hans -> zh_CN."""
    parsed = Locale.parse(locale)
    territory = parsed.territory
    if not territory and parsed.script:
        likely = get_global("likely_subtags").get(f"und_{parsed.script}", "")
        territory = Locale.parse(likely).territory if likely else None
    return f"{parsed.language}_{territory}" if territory else parsed.language


def summary(value: Bi | None, language: Language, limit: int = SUMMARY_LENGTH) -> str:
    """A Markdown text in the page's language (never the other one) as plain text, cut at a word
    boundary where the text has spaces; '' when there is none."""
    own = language.own(value)
    return _summary_of(own, limit) if own else ""


@lru_cache(maxsize=64)
def _summary_of(text: str, limit: int) -> str:
    """summary() of a text: made once for both of a page's descriptions (its meta tags' and its
    JSON-LD's)."""
    spaced = BLOCK_END_RE.sub(" ", markdown_to_html(text))
    plain = " ".join(html.unescape(TAG_RE.sub("", spaced)).split())
    if len(plain) <= limit:
        return plain
    cut = plain[: limit - 1]
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


def schema_type(entry: Entry, model: ContentModel) -> str:
    """The entity's schema.org type, by the entry type's x-schema-org rule."""
    return model.pick(entry.entry_type.schema_org, entry)


def _ref(entry: Entry, language: Language, urls: Urls) -> dict:
    """Enough of a linked entry to name it; its own page holds the rest under the same @id."""
    return {
        "@type": schema_type(entry, urls.model),
        "@id": urls.id(entry),
        "name": language.plain(entry.title),
        "url": urls.page(entry),
    }


def _entity(entry: Entry, directory: Directory, language: Language, urls: Urls) -> dict:
    """The entry's own node: its names, description, image and links out, then the properties
    of its type's x-json-ld, in their order."""
    fields = entry.fields
    spec = entry.entry_type
    node = _ref(entry, language, urls)
    other = next((entry.title.get(k) for k in language.fallbacks), None)
    alternates = [other] if other and other != node["name"] else []
    written = entry.title.get(language.written)
    if language.convert is not None and written and written not in (node["name"], *alternates):
        alternates.append(written)  # a derived page: the name as written, beside its conversion
    for prop in spec.properties.values():
        if prop.search == "name" and prop.name != spec.title_field:
            alternates += [language.plain(alias) for alias in fields.get(prop.name) or ()]
    if alternates:
        node["alternateName"] = alternates[0] if len(alternates) == 1 else alternates
    body = summary(entry.body, language)
    if body:
        node["description"] = body
    if spec.image_field and fields.get(spec.image_field):
        node["image"] = urls.image(fields[spec.image_field]["src"])
    same_as = _identifier_urls(entry) + [
        link["url"]
        for prop in spec.properties.values()
        if _is_links(prop.field)
        for link in fields.get(prop.name) or ()
        if link["url"].startswith("http")
    ]
    if same_as:
        node["sameAs"] = same_as
    _add_items(node, spec.json_ld, entry, directory, language, urls)
    return {key: value for key, value in node.items() if value not in (None, [], "")}


def _add_items(node: dict, items, entry: Entry, directory: Directory, language, urls) -> None:
    """The x-json-ld items that apply to the node's type, in order, added to it."""
    for item in items:
        if not _applies(item, node["@type"]):
            continue
        prop = item["property"]
        if "nest" in item:
            nested = {"@type": item["nest"]["type"], "name": node["name"]}
            _add_items(nested, item["nest"]["items"], entry, directory, language, urls)
            value: object = {k: v for k, v in nested.items() if v not in (None, [], "")}
        elif item.get("offers"):
            value = _offers(entry.fields.get(item["field"]), node)
        else:
            value = _property(item, entry, directory, language, urls)
        existing = node.get(prop)
        if isinstance(existing, list):
            if value is not None:  # a second item of the same property adds to it
                node[prop] = existing + (value if isinstance(value, list) else [value])
        elif existing in (None, ""):
            node[prop] = value


def _identifier_urls(entry: Entry) -> list[str]:
    """The URLs of the entry's records in other catalogues: the first of its sameAs."""
    name = entry.entry_type.identifiers_field
    field = entry.entry_type.properties[name].field if name else None
    return field.urls(entry.fields.get(name)) if isinstance(field, Identifiers) else []


def _is_links(field: Field) -> bool:
    return isinstance(field, ListOf) and isinstance(field.item, Link)


def _applies(item: dict, entity_type: str) -> bool:
    if "if-type" in item and entity_type not in item["if-type"]:
        return False
    return not ("unless-type" in item and entity_type in item["unless-type"])


def _property(item: dict, entry: Entry, directory: Directory, language: Language, urls: Urls):
    """One x-json-ld property of an entry (the options are in the module's docstring)."""
    if "postal" in item:
        return _postal(item["postal"], entry, language, item.get("country"))
    if "linked-from" in item:
        refs = [r for r in directory.refs_to.get(entry.key, []) if r.field == item["linked-from"]]
        sources = dict.fromkeys(r.source for r in refs)
        return [_linked(e, item, language, urls) for e in sources] or None
    name = item["field"]
    field = entry.entry_type.properties[name].field
    value = entry.fields.get(name)
    if isinstance(field, EntryRef) or (isinstance(field, ListOf) and _links(field)):
        prop_spec = entry.entry_type.properties[name]
        refs = [r for r in directory.refs_from.get(entry.key, []) if r.field == name]
        rows = _rows(item, refs, directory, urls.model, prop_spec.credit)
        if isinstance(field, EntryRef):
            return _linked(rows[0][0], item, language, urls) if rows else None
        prop = item["property"]
        if item.get("unwrapped"):
            return [_linked(e, item, language, urls) for e, _ in rows]
        return [_with_role(prop, _linked(e, item, language, urls), r, language) for e, r in rows]
    if value is None:
        return None
    if "bound" in item:
        return _bound(entry, item["bound"])
    if "format" in item:
        return item["format"] % value
    if item.get("code"):
        return _codes(entry, name, value)
    if item.get("as") in ("Place", "Organization"):
        text = language.plain(value)
        return {"@type": item["as"], "name": text} if text else None
    if isinstance(field, PartialDate):
        # schema.org dates are ISO 8601: an approximate date (c. 1907, 1970s) is left out
        # rather than given as an exact one it is not.
        found = read_date(value)
        return (str(value) if isinstance(field, Year) else value) if found and found.exact else None
    if isinstance(field, Choice):
        return language.label(field.labels[value])
    if isinstance(field, ListOf) and isinstance(field.item, Choice):
        return [language.label(field.item.labels[v]) for v in value]
    if isinstance(value, Bi):
        return language.plain(value) or None
    return value


def _links(field: ListOf) -> bool:
    return isinstance(field.item, EntryRef | Credit)


def _rows(
    item: dict, refs: list[Ref], directory: Directory, model: ContentModel, default: str | None
) -> list:
    """The linked rows (entry, role) an item keeps: by the linked entity's type, by the role's
    class (a link without a role has its field's default role, x-credit), or by its controlled
    role."""
    if "role-in" in item:
        refs = [r for r in refs if r.role_key in item["role-in"]]
    if "role-classes" in item:
        wanted = item["role-classes"]
        refs = [r for r in refs if (r.role_class or model.role_class(r.role, default)) in wanted]
    rows = [(directory.entries[r.target], r.role) for r in refs]
    if "linked-if-type" in item:
        rows = [r for r in rows if schema_type(r[0], model) in item["linked-if-type"]]
    if "linked-unless-type" in item:
        rows = [r for r in rows if schema_type(r[0], model) not in item["linked-unless-type"]]
    return rows


def _linked(entry: Entry, item: dict, language: Language, urls: Urls) -> dict:
    """A linked entity's reference, with the properties of its own that the item asks for."""
    node = _ref(entry, language, urls)
    for wanted in item.get("with", ()):
        for own in entry.entry_type.json_ld:
            if own["property"] == wanted and "postal" in own:
                address = _postal(own["postal"], entry, language, own.get("country"))
                if address:
                    node[wanted] = address
    return node


def _postal(
    parts: dict, entry: Entry, language: Language, country: str | None = None
) -> dict | None:
    """A PostalAddress from the entry's fields ({schema.org property: field}), with its
    country if given; None if empty."""
    address = {"@type": "PostalAddress"}
    for prop, name in parts.items():
        text = language.plain(entry.fields.get(name))
        if text:
            address[prop] = text
    if country:
        address["addressCountry"] = country
    return address if len(address) > 1 else None


def _bound(entry: Entry, which: str) -> str | None:
    """The first start or the last end of an entry's sessions: a local date-time with its
    offset where the time is known (2026-12-01T19:30:00+08:00), else the day."""
    found = occurrences(entry)
    if not found:
        return None
    if which == "start":
        return found[0].starts_at().isoformat()
    last = max(found, key=lambda o: (o.last, o.end or o.start or datetime.time.min))
    end = last.ends_at() or last.starts_at()
    return end.isoformat()


def _codes(entry: Entry, name: str, value) -> object:
    if isinstance(value, list):
        return [entry.entry_type.code(name, v) or v for v in value]
    return entry.entry_type.code(name, value) or value


def _offers(admission: dict | None, node: dict) -> list | None:
    """The Offers of an admission map (one per amount, or a free one), marking the entity
    isAccessibleForFree when admission is free."""
    if not admission:
        return None
    offer = {"@type": "Offer", "priceCurrency": CURRENCY}
    if admission.get("booking"):
        offer["url"] = admission["booking"]
    if admission.get("free"):
        node["isAccessibleForFree"] = True
        return [{**offer, "price": 0}]
    amounts = admission.get("amounts") or []
    return [{**offer, "price": amount} for amount in amounts] or None


def _with_role(prop: str, agent: dict, role: Bi | None, language: Language) -> dict:
    """schema.org's Role pattern: the role wraps the agent under the same property."""
    if role is None:
        return agent
    return {"@type": "Role", "roleName": language.plain(role), prop: agent}


def template_globals(directory: Directory, language: Language, urls: Urls, locales) -> dict:
    """What theme/templates/_meta.html uses, for the pages of one language. locales: the
    Babel locales of every language, this page's first."""
    return {
        "json_ld": lambda entry: script_json(entry_json_ld(entry, directory, language, urls)),
        "summary": lambda value: summary(value, language),
        "OG_LOCALE": og_locale(locales[0]),
        "OG_LOCALE_ALTERNATES": [og_locale(locale) for locale in locales[1:]],
    }

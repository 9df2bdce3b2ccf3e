"""The content model: every entry type and its fields, compiled once from the JSON Schema files.

The schema files stay the one source, the same files editors' IDEs use; what JSON Schema cannot
say is in ``x-`` keywords, read here and nowhere else:

Each type's file, ``<type>.schema.json`` (the type's name is the file's; it is also its folder in
content/ and its URL segment):
    x-singular        "artist": in messages and in the JSON-LD @id of its entries
    x-label           "Artists": its name in the interface (a catalog msgid)
    x-singular-label  "Artist" (a catalog msgid)
    x-order           its place among the types, in menus and listings
    x-template        its entries' page template (default: <singular>.html)
    x-title, x-body   the field that names an entry, the field that is its long text
    x-dates           pairs of date fields, the second on or after the first
    x-year            the fields that place an entry in a year, the first present wins
    x-listing         its listing page: {template, group (heading, year, month), sections
                      (timeline: current, upcoming, past; upcoming: current and upcoming, the past
                      on a page per year), split (decade), label, all-label, filters: [{name,
                      field | derive (decade, month), label, format, calendar}]}; a filter with
                      calendar has an iCalendar file per value
    x-party           its entries are the people and organisations who work together
    x-book-title      its Chinese titles stand in 《》
    x-feed            its newest entries are in the Atom feeds
    x-calendar        its current and upcoming entries are in the iCalendar files and on what's on
                      (by their sessions, else by their first pair of x-dates)
    x-ongoing         {field, is | any-of}: its entries that match run over many sessions (courses,
                      residencies, festivals) and are listed once as ongoing on what's on, not day
                      by day
    x-backlinks       [{fields, label, roles, timeline, upcoming-label, past-label}]: where an entry
                      its entries link to lists them: under the first section whose fields hold the
                      link (and whose roles, controlled role values, the link has); with timeline,
                      split into upcoming (current too) and past on the build day. Links no section
                      takes are listed under the type's label.
    x-schema-org, x-open-graph
                      the entity's type: a name, or {default, rules: [{field, is | any-of |
                      first-in, and, type}]}, the first rule that matches wins (first-in: the
                      list's first value is one of these)
    x-json-ld         [{property, field, ...}]: the entity's schema.org properties, in order
                      (see structured.py for the options)

A property (or a definition it refers to):
    x-field           its field type: bilingual, markdown, date, year, url, link, credit, session,
                      image, identifiers; otherwise the schema's structure says (enum, array,
                      object, x-links-to). A credit whose role is a choice has controlled roles.
    x-timezone        (beside x-field session) the time zone of its times: "Asia/Hong_Kong"
    x-links-to        the entry type its slugs name
    x-labels          the label of each choice in every language
    x-codes           each choice's code outside: a schema.org URL (a status), a BCP 47 language
    x-location        where the entry takes place (a link to venues): on what's on, in calendars
    x-status          the entry's status: its choices' x-codes are schema.org EventStatusType
                      URLs (EventCancelled shows as cancelled on pages and in calendars)
    x-search          how search uses it: false, "name" (another name of the entry)
    x-credit          the role shown for a link in this field that gives none ("Director");
                      its class comes from role-classes.yaml like any role's
    x-facet           a search and browsing facet (disciplines, origin)
    x-sort            (a bilingual field) files the entry in its language's listing instead of
                      its title: sort_name {en: "Wong, Kar Wai"}; a language without one keeps
                      the title
    x-origin          local or international: the field that tells the harbour's two sides
    x-name            (in the bilingual definition) each language's name in messages
    x-derived-from    (in the bilingual definition) the key is not a language editors write
                      but a derived language's override of the conversion of this key's text
                      ({zh_hans: ...}, derived from zh: DIRECTORY['LANGUAGES'], Language)
    x-credit-name     (in a credit) the text that names a maker with no entry, instead of a link
    x-url             (each catalogue of the identifiers definition) an identifier's URL, with
                      {id} and, where the catalogue has kinds of records, {entity}
    x-entity          (a property of identifiers) what its entries are in the catalogues' terms,
                      filled in for {entity}: "artist", "place", "event" (MusicBrainz's kinds)

Beside the schema files, ``role-classes.yaml`` puts every credit role in a class (creative,
commission, production, context; the file says what each means): two parties in creative roles
on one entry are collaborators. A role in no class is a problem in the entry that gives it; a
field's x-credit in no class stops the build.

A catalogue of the identifiers definition has a ``title`` (its identifiers' name: "Wikidata QID")
and a ``description`` of the form expected; a message about an identifier says both.

Every ``description`` (a property's own, then those of the definitions it refers to) explains the
field to editors: validation messages quote it, and ``make new`` writes it above the field in
every language. It is English and a catalog msgid: `make translations` extracts it and the
catalog holds its other languages (tests/test_i18n.py fails on one left untranslated).
"""

from __future__ import annotations

import dataclasses
import json
import pickle
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs
import yaml

from .errors import ConfigurationError

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
from .fields import (
    Bi,
    Bilingual,
    Choice,
    Credit,
    DateValue,
    EntryRef,
    Field,
    Image,
    Link,
    ListOf,
    Markdown,
    PartialDate,
    Record,
    RoleClasses,
    RoleCredit,
    Session,
    Url,
    Year,
    read_date,
)
from .identifiers import Identifiers, Scheme

DEFAULT_SCHEMA_DIR = Path(__file__).parent / "schemas"
DEFINITIONS = "definitions.schema.json"
SCHEMA_SUFFIX = ".schema.json"
ROLE_CLASSES = "role-classes.yaml"
# The classes the site treats apart: two creative parties on one entry are collaborators; a
# commissioning party and a creative one are a commission.
CREATIVE = "creative"
COMMISSION = "commission"
# Never fetched: relative $refs between the files resolve against it.
BASE_URI = "https://harbour-crossings.invalid/schemas/"
CANCELLED = "https://schema.org/EventCancelled"
# where an entry's pickled state keeps its fields until they are asked (Entry.__getstate__)
PACKED_FIELDS = "packed_fields"
# The keys of a type's file whose values are interface strings (catalog msgids).
MESSAGE_KEYS = ("x-label", "x-singular-label", "x-credit")
LISTING_MESSAGE_KEYS = ("label", "all-label")
BACKLINK_MESSAGE_KEYS = ("label", "upcoming-label", "past-label")
FILTER_MESSAGE_KEYS = ("label", "format")


@dataclass(frozen=True)
class Property:
    """One field of an entry type, with what the stages need to know of it."""

    name: str
    field: Field
    search: str | None  # "name", "meta", "text", or None: not searched
    credit: str | None  # msgid of the role shown for a link in this field that has none
    facet: bool
    origin: bool
    sort: bool = False
    required: bool = False  # the entry needs it
    # What the schema says the field is (msgids): its own description, then those of the
    # definitions it refers to, each once.
    descriptions: tuple[str, ...] = ()
    status: bool = False
    location: bool = False


@dataclass(frozen=True)
class FilterSpec:
    """A way to filter a listing, with a pre-built page per value: by a choice field's values
    (``field``), or by decade of the entry's year (no field)."""

    name: str  # in URLs: /en/artists/<name>/<value>/
    label: str  # msgid of its heading
    field: str | None = None
    format: str | None = None  # msgid of a value's label, with %(decade)s
    derive: str = "decade"  # without a field: "decade" or "month" of the entry's dates
    calendar: bool = False  # an iCalendar file per value


@dataclass(frozen=True)
class Listing:
    """How a type's listing page shows its entries."""

    template: str = "list.html"
    group: str | None = None  # "heading" (A–Z, strokes), "year", "month" (of the next date)
    sections: str | None = None  # "timeline": current, upcoming, past on the build day;
    # "upcoming": current and upcoming, with the past on a page per year
    split: str | None = None  # "decade": an index of decades, then a page per decade
    label: str | None = None  # msgid naming the filters' navigation
    all_label: str | None = None  # msgid of the link to the unfiltered listing
    filters: tuple[FilterSpec, ...] = ()


@dataclass(frozen=True)
class Backlinks:
    """A section of the page of an entry that this type's entries link to (x-backlinks)."""

    fields: tuple[str, ...]
    label: str  # msgid
    roles: tuple[str, ...] = ()  # controlled role values; none: any link
    timeline: bool = False
    upcoming_label: str | None = None  # msgids, with timeline
    past_label: str | None = None


@dataclass(frozen=True)
class TypeRule:
    """A name picked by the first rule that matches an entry's fields, else the default."""

    default: str
    rules: tuple[dict, ...] = ()


@dataclass(eq=False)
class EntryType:
    name: str  # "artists": its folder in content/, its URL segment
    singular: str  # "artist"
    label: str  # "Artists" (msgid)
    singular_label: str  # "Artist" (msgid)
    order: int
    template: str
    properties: dict[str, Property]
    title_field: str
    body_field: str
    date_ranges: tuple[tuple[str, str], ...]
    year_fields: tuple[str, ...]
    listing: Listing
    party: bool
    book_title: bool
    feed: bool
    calendar: bool
    schema_org: TypeRule
    open_graph: TypeRule
    json_ld: tuple[dict, ...]
    backlinks: tuple[Backlinks, ...]
    ongoing: dict | None  # the condition of x-ongoing
    schema: dict = field(repr=False)
    definitions_file: dict = field(repr=False)  # what the schema refers to ($ref)
    fast: Any = field(repr=False)  # jsonschema_rs: tells whether anything is wrong, quickly

    @cached_property
    def validator(self) -> Draft202012Validator:
        """What explains what is wrong with an entry. Made the first time one is wrong, not
        with the model: jsonschema takes a tenth of a one-change rebuild's start to import."""
        from jsonschema import Draft202012Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        registry = Registry().with_resource(
            DEFINITIONS,
            Resource.from_contents(self.definitions_file, default_specification=DRAFT202012),
        )
        return Draft202012Validator(self.schema, registry=registry)

    def __str__(self) -> str:
        return self.name

    @property
    def fields(self) -> list[str]:
        return list(self.properties)

    @cached_property
    def sort_field(self) -> str | None:
        return next((p.name for p in self.properties.values() if p.sort), None)

    @cached_property
    def origin_field(self) -> str | None:
        return next((p.name for p in self.properties.values() if p.origin), None)

    @cached_property
    def image_field(self) -> str | None:
        return next((p.name for p in self.properties.values() if isinstance(p.field, Image)), None)

    @cached_property
    def identifiers_field(self) -> str | None:
        """The field of the entries' identifiers in other catalogues; a type that has one names
        one thing per entry, so two entries with the same name are likely the same."""
        found = (p.name for p in self.properties.values() if isinstance(p.field, Identifiers))
        return next(found, None)

    @cached_property
    def sessions_field(self) -> str | None:
        """The field listing the days an entry happens on (a list of sessions), if any."""
        return next(
            (
                p.name
                for p in self.properties.values()
                if isinstance(p.field, ListOf) and isinstance(p.field.item, Session)
            ),
            None,
        )

    @property
    def location_fields(self) -> list[str]:
        return [p.name for p in self.properties.values() if p.location]

    @cached_property
    def status_field(self) -> str | None:
        return next((p.name for p in self.properties.values() if p.status), None)

    def code(self, field_name: str, value: str) -> str | None:
        """A choice's code outside (x-codes): a schema.org URL, a language tag."""
        found = self.properties[field_name].field
        if isinstance(found, ListOf):
            found = found.item
        return found.codes.get(value) if isinstance(found, Choice) else None

    def labels(self, field_name: str) -> dict[str, dict[str, str]]:
        """The labels of a choice field's values in every language: {'film': {en, zh}}."""
        found = self.properties[field_name].field
        if isinstance(found, ListOf):
            found = found.item
        if not isinstance(found, Choice):
            raise KeyError(f"{self.name}.{field_name} is not a choice")
        return found.labels

    def date_of(self, fields: dict) -> DateValue | None:
        """The date that places an entry: made, shown, born or founded (the first of x-year)."""
        for name in self.year_fields:
            value = fields.get(name)
            if value:
                if name == self.sessions_field:  # the first day it happens on
                    return read_date(min(s["date"] for s in value))
                return read_date(value)
        return None

    def year_of(self, fields: dict) -> int | None:
        """The year an entry is placed in (a decade's first year for 197X); None when it has no
        date, or one as wide as a century, which no year stands for."""
        found = self.date_of(fields)
        return found.start.year if found else None


@dataclass(eq=False)
class Entry:
    """A valid entry: its fields normalised by their field types."""

    entry_type: EntryType
    slug: str
    relpath: str
    fields: dict
    # the line of each field (path -> line); in the build's memory, pickled apart and read back
    # when first asked (line()): only a problem asks, and it is a third of an entry's reading
    lines: dict | bytes = field(default_factory=dict, repr=False)
    # Of what it is read from (loading.source_digest): equal digests, equal entries, under one
    # content model.
    digest: bytes = field(default=b"", repr=False)
    # What stages work out from the entry alone (its references, its occurrences), once for
    # as long as the entry lives, and kept with it in the build's memory: a rebuild works
    # them out for the entries it reads again only.
    derived: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def type(self) -> str:
        return self.entry_type.name

    @cached_property
    def key(self) -> tuple[str, str]:
        return (self.entry_type.name, self.slug)

    @property
    def title(self) -> Bi:
        return self.fields[self.entry_type.title_field]

    @property
    def body(self) -> Bi | None:
        return self.fields.get(self.entry_type.body_field)

    @property
    def origin(self) -> str | None:
        name = self.entry_type.origin_field
        return self.fields.get(name) if name else None

    @property
    def year(self) -> int | None:
        return self.entry_type.year_of(self.fields)

    @property
    def date(self) -> DateValue | None:
        return self.entry_type.date_of(self.fields)

    @property
    def image_src(self) -> str:
        """The src of the entry's image, "" if none: kept in derived, as stages ask it of every
        entry, and an entry's fields are read back from the build's memory only when asked."""
        found = self.derived.get("image")
        if found is None:
            name = self.entry_type.image_field
            image = self.fields.get(name) if name else None
            found = self.derived["image"] = image["src"] if image else ""
        return found

    @property
    def source(self) -> dict | None:
        """The source the entry cites ({name, licence}), None if none: kept in derived, like
        image_src, as the about page and the open data count them over every entry."""
        if "source" not in self.derived:
            self.derived["source"] = self.fields.get("source") or None
        return self.derived["source"]

    @property
    def status_code(self) -> str | None:
        """The schema.org URL of the entry's status, when its type has one and it is set."""
        name = self.entry_type.status_field
        value = self.fields.get(name) if name else None
        return self.entry_type.code(name, value) if name and value else None

    @property
    def cancelled(self) -> bool:
        return self.status_code == CANCELLED

    def line(self, *path) -> int:
        """The line of a field, or of the closest enclosing field that has one."""
        lines = self.lines
        if isinstance(lines, bytes):
            lines = self.lines = pickle.loads(lines)  # written by __getstate__ below
        while path and path not in lines:
            path = path[:-1]
        return lines.get(path, 1)

    def __getstate__(self) -> dict[str, Any]:
        """Fields and lines pickled apart, each unpickled when first asked: a rebuild reads
        every entry back from the build's memory, and asks the fields of the few it shows."""
        state = dict(self.__dict__)
        if not isinstance(state["lines"], bytes):
            state["lines"] = pickle.dumps(state["lines"], protocol=5)
        if "fields" in state:
            state[PACKED_FIELDS] = pickle.dumps(state.pop("fields"), protocol=5)
        return state

    if not TYPE_CHECKING:  # to the type checker, fields is the dataclass field it is

        def __getattr__(self, name: str) -> Any:
            """The fields, unpickled at the first ask (__getstate__); only then."""
            if name != "fields" or PACKED_FIELDS not in self.__dict__:
                raise AttributeError(name)
            fields = self.__dict__["fields"] = pickle.loads(self.__dict__[PACKED_FIELDS])
            del self.__dict__[PACKED_FIELDS]  # after: another thread finds one or the other
            return fields


@dataclass(eq=False)
class ContentModel:
    """Every entry type, in order, and what they share."""

    types: dict[str, EntryType]
    languages: tuple[str, ...]  # the keys of a bilingual text: ("en", "zh")
    language_names: tuple[str, ...]  # ("English", "Chinese"), for messages
    derived: tuple[tuple[str, str], ...]  # override key, its source: (("zh_hans", "zh"),)
    roles: RoleClasses  # the class of every credit role (role-classes.yaml)
    definitions: dict = field(repr=False)
    schema_dir: Path = DEFAULT_SCHEMA_DIR

    def __getitem__(self, name: str) -> EntryType:
        return self.types[name]

    def __contains__(self, name: object) -> bool:
        return name in self.types

    def __iter__(self) -> Iterator[EntryType]:
        return iter(self.types.values())

    @property
    def names(self) -> list[str]:
        return list(self.types)

    @property
    def party(self) -> EntryType | None:
        """The type whose entries work together (artists), if any."""
        return next((t for t in self if t.party), None)

    def rank(self, type_name: str) -> int:
        return self._ranks[type_name]

    @cached_property
    def _ranks(self) -> dict[str, int]:
        """Each type's place in the model's order (its types do not change)."""
        return {name: number for number, name in enumerate(self.types)}

    def resolve(self, node: dict) -> tuple[str, dict]:
        """Follow a node's $ref into the definitions: (definition name or '', its schema)."""
        ref = node.get("$ref", "")
        if "#/$defs/" in ref:
            name = ref.rsplit("/", 1)[1]
            return name, self.definitions[name]
        return "", node

    def bilingual(self) -> Bilingual:
        return Bilingual(self.languages, self.language_names, self.derived)

    def role_class(self, role: Bi | None, default: str | None = None) -> str | None:
        """The class of a link's role, else of its field's default role (x-credit)."""
        return self.roles.of(role, default)

    def pick(self, rule: TypeRule, entry: Entry) -> str:
        """The name a TypeRule gives an entry."""
        for candidate in rule.rules:
            if self._matches(candidate, entry.fields):
                return candidate["type"]
        return rule.default

    def is_ongoing(self, entry: Entry) -> bool:
        """Whether an entry runs over many sessions and is listed once as ongoing (x-ongoing)."""
        condition = entry.entry_type.ongoing
        return bool(condition) and self._matches(condition, entry.fields)  # type: ignore[arg-type]

    def _matches(self, condition: dict, fields: dict) -> bool:
        value = fields.get(condition["field"])
        if value is None:
            return False
        if "is" in condition:
            found = value == condition["is"]
        elif "first-in" in condition:
            found = bool(value) and value[0] in condition["first-in"]
        else:
            if isinstance(value, Bi):
                text = value.get(self.languages[0]) or ""
                parts = {part.strip().casefold() for part in text.split(",")}
            else:
                parts = set(value) if isinstance(value, list) else {value}
            found = bool(parts & set(condition["any-of"]))
        return found and ("and" not in condition or self._matches(condition["and"], fields))


def load_model(schema_dir: Path = DEFAULT_SCHEMA_DIR) -> ContentModel:
    """Compile every ``<type>.schema.json`` in schema_dir (with its definitions) into the model;
    a schema file the model cannot use stops with a one-line ConfigurationError."""
    return _Compiler(Path(schema_dir)).model()


class _Compiler:
    def __init__(self, schema_dir: Path):
        self.schema_dir = schema_dir
        self.definitions_file = _read(schema_dir / DEFINITIONS)
        self.definitions = self.definitions_file.get("$defs", {})
        bilingual = next(
            (
                b
                for b in self.definitions.get("bilingual", {}).get("oneOf", [])
                if "properties" in b
            ),
            None,
        )
        if bilingual is None:
            raise ConfigurationError(
                f"{schema_dir / DEFINITIONS}: $defs.bilingual: expected a oneOf with a map of "
                "the languages, such as {en: ..., zh: ...}"
            )
        written = {
            key: spec
            for key, spec in bilingual["properties"].items()
            if "x-derived-from" not in spec
        }
        self.languages = tuple(written)
        self.language_names = tuple(
            spec.get("x-name", spec.get("description", key)) for key, spec in written.items()
        )
        self.derived = tuple(
            (key, spec["x-derived-from"])
            for key, spec in bilingual["properties"].items()
            if key not in written
        )
        for key, source in self.derived:
            if source not in written:
                raise ConfigurationError(
                    f"{schema_dir / DEFINITIONS}: $defs.bilingual: {key}: x-derived-from "
                    f"'{source}' is not a language: expected one of {', '.join(written)}"
                )
        self.fast_registry = jsonschema_rs.Registry(
            [(BASE_URI + DEFINITIONS, self.definitions_file)]
        )
        self.roles = _role_classes(schema_dir / ROLE_CLASSES)

    def model(self) -> ContentModel:
        paths = sorted(
            p
            for p in self.schema_dir.glob(f"*{SCHEMA_SUFFIX}")
            if p.name != DEFINITIONS and not p.name.startswith((".", "_"))
        )
        types = [self.entry_type(path) for path in paths]
        types.sort(key=lambda t: (t.order, t.name))
        return ContentModel(
            {t.name: t for t in types},
            self.languages,
            self.language_names,
            self.derived,
            self.roles,
            self.definitions,
            self.schema_dir,
        )

    def entry_type(self, path: Path) -> EntryType:
        schema = _read(path)
        name = path.name.removesuffix(SCHEMA_SUFFIX)

        def need(key: str) -> Any:
            if key not in schema:
                raise ConfigurationError(f"{path}: {key}: missing: the content model needs it")
            return schema[key]

        properties = {
            prop: self.property(prop, node, schema, path)
            for prop, node in need("properties").items()
        }
        for key in ("x-title", "x-body"):
            if need(key) not in properties:
                raise ConfigurationError(
                    f"{path}: {key}: '{schema[key]}' is not one of its properties"
                )
        singular = need("x-singular")
        return EntryType(
            name=name,
            singular=singular,
            label=need("x-label"),
            singular_label=need("x-singular-label"),
            order=need("x-order"),
            template=schema.get("x-template", f"{singular}.html"),
            properties=properties,
            title_field=schema["x-title"],
            body_field=schema["x-body"],
            date_ranges=tuple((first, last) for first, last in schema.get("x-dates", ())),
            year_fields=tuple(schema.get("x-year", ())),
            listing=_listing(schema.get("x-listing", {})),
            party=schema.get("x-party", False),
            book_title=schema.get("x-book-title", False),
            feed=schema.get("x-feed", False),
            calendar=schema.get("x-calendar", False),
            schema_org=_rule(schema.get("x-schema-org", "Thing")),
            open_graph=_rule(schema.get("x-open-graph", "website")),
            json_ld=tuple(schema.get("x-json-ld", ())),
            backlinks=tuple(_backlinks(b) for b in schema.get("x-backlinks", ())),
            ongoing=schema.get("x-ongoing"),
            schema=schema,
            definitions_file=self.definitions_file,
            fast=jsonschema_rs.validator_for(
                schema, registry=self.fast_registry, base_uri=BASE_URI + path.name
            ),
        )

    def property(self, name: str, node: dict, schema: dict, path: Path) -> Property:
        options = self.options(node)
        credit = options.get("x-credit")
        if credit and self.roles.of(None, credit) is None:
            raise ConfigurationError(
                f"{path}: {name}: x-credit '{credit}' is a role in no class of {ROLE_CLASSES}: "
                "expected a role listed there"
            )
        compiled = self.field(node, credit=credit)
        if isinstance(compiled, Identifiers):
            compiled = _with_entity(compiled, options.get("x-entity"), f"{path}: {name}")
        search = compiled.search
        if "x-search" in options:
            search = options["x-search"] or None
        if name == schema.get("x-title"):
            search = "name"
        return Property(
            name,
            compiled,
            search,
            credit,
            bool(options.get("x-facet")),
            bool(options.get("x-origin")),
            bool(options.get("x-sort")),
            name in schema.get("required", ()),
            self.descriptions(node),
            bool(options.get("x-status")),
            bool(options.get("x-location")),
        )

    def descriptions(self, node: dict) -> tuple[str, ...]:
        """A property's description, then those of the definitions it refers to, each once."""
        found = [node.get("description")]
        while "$ref" in node:
            node = self.deref(node)
            found.append(node.get("description"))
        return tuple(dict.fromkeys(d for d in found if d))

    def options(self, node: dict) -> dict:
        """The x- keywords of a property and of the definitions it refers to, the nearest first."""
        found: dict = {}
        while True:
            for key, value in node.items():
                if key.startswith("x-"):
                    found.setdefault(key, value)
            if "$ref" not in node:
                return found
            node = self.deref(node)

    def deref(self, node: dict) -> dict:
        ref = node["$ref"]
        if "#/$defs/" not in ref:
            raise ConfigurationError(f"{ref}: expected a reference into {DEFINITIONS}#/$defs/")
        name = ref.rsplit("/", 1)[1]
        if name not in self.definitions:
            raise ConfigurationError(f"{ref}: no definition '{name}' in {DEFINITIONS}")
        return self.definitions[name]

    def field(self, node: dict, links_to: str | None = None, credit: str | None = None) -> Field:
        """The field type of a node; ``credit``: the default role of its links (x-credit)."""
        links_to = node.get("x-links-to", links_to)
        kind = node.get("x-field")
        if kind is not None:
            return self.typed_field(kind, node, links_to, credit)
        if "$ref" in node:
            return self.field(self.deref(node), links_to, credit)
        if "enum" in node:
            return Choice(
                tuple(node["enum"]),
                node.get("x-labels", {}),
                node.get("x-codes", {}),
            )
        if node.get("type") == "array":
            return ListOf(self.field(node["items"], links_to, credit))
        if "properties" in node:
            return Record({k: self.field(v) for k, v in node["properties"].items()})
        if links_to:
            return EntryRef(links_to, self.roles.of(None, credit))
        return Field()

    def typed_field(
        self, kind: str, node: dict, links_to: str | None, credit: str | None = None
    ) -> Field:
        if kind == "bilingual":
            return Bilingual(self.languages, self.language_names, self.derived)
        if kind == "markdown":
            return Markdown(self.languages, self.language_names, self.derived)
        if kind == "date":
            return PartialDate()
        if kind == "year":
            return Year()
        if kind == "url":
            return Url()
        if kind == "link":
            return Link(Bilingual(self.languages, self.language_names, self.derived))
        if kind == "image":
            return Image({k: self.field(v) for k, v in node["properties"].items()})
        if kind == "identifiers":
            return Identifiers(
                tuple(
                    Scheme(key, spec.get("title", key), spec["x-url"], spec.get("description", ""))
                    for key, spec in node["properties"].items()
                )
            )
        if kind == "session":
            record: dict = next((b for b in node.get("oneOf", ()) if "properties" in b), {})
            venue = self.field(record["properties"]["venue"]) if record else None
            return Session(
                node.get("x-timezone", "UTC"), venue if isinstance(venue, EntryRef) else None
            )
        if kind == "credit":
            if not links_to:
                raise ConfigurationError(f"x-field credit: expected x-links-to beside it ({node})")
            record = self.credit_record(node)
            named = [
                k for k, v in record["properties"].items() if self.options(v).get("x-credit-name")
            ]
            key = next(k for k in record["properties"] if k not in ("role", *named))
            role = self.field(record["properties"]["role"])
            if isinstance(role, Choice):
                for value, labels in role.labels.items():
                    if self.roles.of(Bi(tuple(labels), tuple(labels.values()))) is None:
                        raise ConfigurationError(
                            f"role '{value}' ({labels.get(self.languages[0], value)}) is in no "
                            f"class of {ROLE_CLASSES}: expected its label listed there"
                        )
                text = record["properties"].get("role_text")
                words = self.field(text) if text else None
                return RoleCredit(
                    links_to, key, role, words if isinstance(words, Bilingual) else None, self.roles
                )
            if not isinstance(role, Bilingual):
                raise ConfigurationError("x-field credit: expected a bilingual role or a choice")
            return Credit(
                links_to,
                key,
                role,
                "properties" not in node,
                self.roles,
                default_role=credit,
                name_key=named[0] if named else None,
            )
        raise ConfigurationError(
            f"x-field '{kind}' is not a field type: expected bilingual, markdown, date, year, "
            "url, link, credit, session, image or identifiers"
        )

    def credit_record(self, node: dict) -> dict:
        """The map form of a credit: the node itself, or its oneOf branch that is a map."""
        if "properties" in node:
            return node
        for branch in node.get("oneOf", ()):
            target = self.deref(branch) if "$ref" in branch else branch
            if "properties" in target:
                return target
        raise ConfigurationError("x-field credit: expected a map {<slug key>, role}")


def _with_entity(field: Identifiers, entity: str | None, where: str) -> Identifiers:
    """The identifiers' URLs with the property's x-entity filled in where they need one."""
    schemes = []
    for scheme in field.schemes:
        if "{entity}" in scheme.url:
            if not entity:
                raise ConfigurationError(
                    f"{where}: x-entity: missing: the {scheme.label} URLs need it "
                    '(what the entries are there, such as "artist")'
                )
            scheme = dataclasses.replace(scheme, url=scheme.url.replace("{entity}", entity))
        schemes.append(scheme)
    return Identifiers(tuple(schemes))


def _listing(spec: dict) -> Listing:
    filters = tuple(
        FilterSpec(
            f["name"],
            f["label"],
            f.get("field"),
            f.get("format"),
            f.get("derive", "decade"),
            f.get("calendar", False),
        )
        for f in spec.get("filters", ())
    )
    return Listing(
        template=spec.get("template", "list.html"),
        group=spec.get("group"),
        sections=spec.get("sections"),
        split=spec.get("split"),
        label=spec.get("label"),
        all_label=spec.get("all-label"),
        filters=filters,
    )


def _backlinks(spec: dict) -> Backlinks:
    return Backlinks(
        tuple(spec["fields"]),
        spec["label"],
        tuple(spec.get("roles", ())),
        spec.get("timeline", False),
        spec.get("upcoming-label"),
        spec.get("past-label"),
    )


def _rule(spec: str | dict) -> TypeRule:
    if isinstance(spec, str):
        return TypeRule(spec)
    return TypeRule(spec["default"], tuple(spec.get("rules", ())))


def _role_classes(path: Path) -> RoleClasses:
    """role-classes.yaml: {classes: [...], roles: {class: [{en, zh}, ...]}}; a role text in two
    classes, or a class that is not declared, stops with a one-line ConfigurationError."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        classes = tuple(data["classes"])
        listed = data["roles"]
    except (OSError, ValueError, yaml.YAMLError, KeyError, TypeError) as error:
        raise ConfigurationError(
            f"{path}: cannot be read as role classes ({error}): expected "
            "{classes: [...], roles: {<class>: [{en: ..., zh: ...}, ...]}}"
        ) from None
    for needed in (CREATIVE, COMMISSION):
        if needed not in classes:
            raise ConfigurationError(f"{path}: classes: expected '{needed}' among them")
    by_text: dict[str, str] = {}
    written: list[str] = []
    for role_class, roles in listed.items():
        if role_class not in classes:
            raise ConfigurationError(
                f"{path}: roles: '{role_class}' is not a class: expected one of "
                + ", ".join(classes)
            )
        for role in roles:
            names = role.values() if isinstance(role, dict) else [role]
            for text in map(str, names):
                written.append(text)
                other = by_text.setdefault(text.casefold(), role_class)
                if other != role_class:
                    raise ConfigurationError(
                        f"{path}: '{text}' is both {other} and {role_class}: expected one class"
                    )
    return RoleClasses(classes, by_text, tuple(written), ROLE_CLASSES)


def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ConfigurationError(f"{path}: cannot be read as a JSON Schema file: {error}") from None


def extract_messages(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel's extraction method for the schema files (babel.cfg): the interface strings a
    type's file holds (its names, its fields' credit roles, its listing's labels) and every
    description in a schema file, each with its line, for `make translations`."""
    raw = fileobj.read().decode("utf-8")
    schema = json.loads(raw)
    texts = [schema.get(key) for key in MESSAGE_KEYS if key != "x-credit"]
    texts += _descriptions(schema.get("properties", {})) + _descriptions(schema.get("$defs", {}))
    texts += [p.get("x-credit") for p in schema.get("properties", {}).values()]
    listing = schema.get("x-listing", {})
    texts += [listing.get(key) for key in LISTING_MESSAGE_KEYS]
    texts += [f.get(key) for f in listing.get("filters", ()) for key in FILTER_MESSAGE_KEYS]
    texts += [b.get(key) for b in schema.get("x-backlinks", ()) for key in BACKLINK_MESSAGE_KEYS]
    for text in dict.fromkeys(t for t in texts if t):
        found = raw.find(json.dumps(text, ensure_ascii=False))
        yield raw.count("\n", 0, max(found, 0)) + 1, "", text, []


def _descriptions(nodes: dict) -> list[str | None]:
    """The descriptions of schema nodes and of the nodes inside them (properties, items,
    branches), in the file's order."""
    found = []
    for node in nodes.values():
        if isinstance(node, dict):
            found.append(node.get("description"))
            found += _descriptions(node.get("properties", {}))
            found += _descriptions({"items": node.get("items")})
            found += _descriptions(dict(enumerate(node.get("oneOf", ()))))
    return found

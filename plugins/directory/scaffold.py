"""`make new TYPE=artists NAME="Wong Kar-wai 王家衛"`: a new entry file, written from the content
model, with every field explained in every language.

The file holds its name (the title field) and any other field the entry needs, so that it
validates once those are filled in; every other field is there commented out, each under the
schema's descriptions of it from the interface catalogs (model.py: descriptions are msgids).
The slug is the importer's (importer/slugs.py) from the Latin part of the name, else from its
Cantonese Jyutping. Before writing, the entries of the type with a like name are looked for
(duplicates.py); a likely duplicate is not written unless forced."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from babel.support import NullTranslations

from importer.slugs import slugify
from plugins.search.analysis import is_cjk

from .diagnostics import did_you_mean
from .duplicates import Match, similar
from .errors import DirectoryError
from .fields import Bilingual, Choice, Credit, EntryRef, Field, ListOf, Record
from .identifiers import Identifiers
from .loading import SLUG_RE
from .model import SCHEMA_SUFFIX, ContentModel, EntryType, Property
from .pipeline import load_entries, validate_entries
from .project import Project
from .romanisation import jyutping

Catalogs = dict[str, NullTranslations]


class NotWritten(DirectoryError):
    """The entry was not written (a bad type or name, a file already there, a likely
    duplicate); the message says why and what to do."""


@dataclass(frozen=True)
class Written:
    path: Path
    similar: list[Match]  # likely duplicates written all the same (forced)


def entry_type_named(model: ContentModel, name: str) -> EntryType:
    """A type by its name or its singular: 'artists' or 'artist'."""
    for entry_type in model:
        if name in (entry_type.name, entry_type.singular):
            return entry_type
    hint = did_you_mean(name, model.names) or f"expected one of {', '.join(model.names)}"
    raise NotWritten(f"TYPE={name}: not an entry type: {hint}")


def split_name(text: str, model: ContentModel) -> dict[str, str]:
    """A name in one or two scripts -> {language key: name}: 'Wong Kar-wai 王家衛' (or
    'Wong Kar-wai / 王家衛') is both; Chinese alone is the Chinese name; anything else is the
    first language's."""
    text = " ".join(text.split())
    chinese = next((k for k in model.languages if k.startswith("zh")), model.languages[-1])
    latin = next((k for k in model.languages if k != chinese), chinese)
    cjk = [i for i, char in enumerate(text) if is_cjk(char)]
    if not cjk:
        return {latin: text}
    first, last = cjk[0], cjk[-1] + 1
    before, middle, after = text[:first], text[first:last], text[last:]
    if not _has_letters(before) and not _has_letters(after):
        return {chinese: text}
    if _has_letters(before) and not _has_letters(middle + after, latin_only=True):
        return {latin: before.strip(" /|"), chinese: (middle + after).strip(" /|")}
    if _has_letters(after) and not _has_letters(before + middle, latin_only=True):
        return {latin: after.strip(" /|"), chinese: (before + middle).strip(" /|")}
    return {chinese: text}


def _has_letters(text: str, latin_only: bool = False) -> bool:
    return any(c.isalpha() and (c.isascii() or not latin_only) for c in text)


def slug_for(names: dict[str, str]) -> str:
    """The importer's slug of the Latin name, else of the Chinese name in Jyutping."""
    latin = [n for n in names.values() if not any(is_cjk(c) for c in n)]
    return slugify(latin[0]) if latin else slugify(jyutping(" ".join(names.values())))


def new_entry(
    project: Project,
    type_name: str,
    name: str,
    *,
    slug: str = "",
    force: bool = False,
    display_root: Path,
) -> Written:
    """Write content/<type>/<slug>.yaml for a new entry named name; NotWritten if it is not."""
    model = project.model
    entry_type = entry_type_named(model, type_name)
    names = split_name(name, model)
    if not any(names.values()):
        raise NotWritten('NAME: empty: expected the entry\'s name, such as NAME="Wong Kar-wai"')
    slug = slug or slug_for(names)
    if not SLUG_RE.fullmatch(slug):
        raise NotWritten(
            f"SLUG={slug}: not a valid slug: expected lowercase ASCII letters, digits and "
            "single hyphens, as in 'wong-kar-wai'"
            if slug
            else f"NAME={name}: no slug can be made from it: give one, such as SLUG=wong-kar-wai"
        )
    folder = project.content_dir / entry_type.name
    found = similar(names.values(), _entries_of(project, entry_type, display_root))
    if found and not force:
        lines = [
            f"{_shown(folder / f'{slug}.yaml', display_root)}: not written: this "
            f"{entry_type.singular} is likely in the directory already:",
            *(f"  {describe(m)}" for m in found),
            f"Edit that entry instead; if this is another {entry_type.singular}, run the same "
            "command again with FORCE=1.",
        ]
        raise NotWritten("\n".join(lines))
    taken = _taken(folder, slug)
    if taken and not force:
        raise NotWritten(
            f"{_shown(folder / f'{slug}.yaml', display_root)}: not written: "
            f"{_shown(taken, display_root)} has the slug '{slug}' already: expected another "
            f"slug, such as SLUG={slug}-2 (or FORCE=1 to take the next one free)"
        )
    number = 2
    base = slug
    while _taken(folder, slug):
        slug, number = f"{base}-{number}", number + 1
    path = folder / f"{slug}.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    text = skeleton(entry_type, names, model, project.catalogs(), path)
    with path.open("x", encoding="utf-8") as file:  # never over a file made meanwhile
        file.write(text)
    return Written(path, found)


def describe(match: Match) -> str:
    """'content/artists/wong-kar-wai.yaml  Wong Kar-wai / 王家衛  (the same name, ...)'."""
    title = " / ".join(match.entry.title.distinct())
    also = "" if match.name in match.entry.title.distinct() else f", also '{match.name}'"
    return f"{match.entry.relpath}  {title}{also}  ({match.reason})"


def _taken(folder: Path, slug: str) -> Path | None:
    """The file that has the slug already, a draft's too, or None."""
    names = (f"{slug}.yaml", f"{slug}.yml", f"{slug}.md", f"_{slug}.yaml", f"_{slug}.md")
    return next((folder / n for n in names if (folder / n).exists()), None)


def _shown(path: Path, display_root: Path) -> str:
    return Path(os.path.relpath(path, display_root)).as_posix()


def _entries_of(project: Project, entry_type: EntryType, display_root: Path) -> list:
    """Every entry of a type that loads, broken or not: a draft of the same person is one."""
    loaded = load_entries(project.content_dir, project.model, display_root)
    validated = validate_entries(loaded, project.model, image_copies=False)
    return [e for e in validated.entries if e.type == entry_type.name]


# The file ------------------------------------------------------------------------------------


def skeleton(
    entry_type: EntryType, names: dict[str, str], model: ContentModel, catalogs: Catalogs, path
) -> str:
    """The new entry's YAML: a schema line for editors, what to do, then every field."""
    schema = model.schema_dir / f"{entry_type.name}{SCHEMA_SUFFIX}"
    relative = Path(os.path.relpath(schema.resolve(), Path(path).parent.resolve())).as_posix()
    lines = [f"# yaml-language-server: $schema={relative}"]
    for catalog in catalogs.values():
        gettext = catalog.gettext
        lines += [
            "# "
            + gettext("New %(type)s: fill in what you know and leave out the rest.")
            % {"type": gettext(entry_type.singular_label)},
            "# "
            + gettext(
                "A line starting with # is a note and is not read: to fill in a field, delete "
                "the # before it."
            ),
            "# "
            + gettext(
                "Check the file with `make validate` and see its page with `make devserver`; "
                "CONTRIBUTING.md explains every message."
            ),
        ]
    for prop in entry_type.properties.values():
        lines += ["", *_explanation(prop, model, catalogs)]
        value = _title_value(names, model) if prop.name == entry_type.title_field else None
        if value is not None:
            lines.append(f"{prop.name}: {value}")
        elif prop.required:
            lines.append(f"{prop.name}: {_example(prop.field, model)}".rstrip())
        else:
            example = _example(prop.field, model)
            lines += [f"# {line}".rstrip() for line in f"{prop.name}: {example}".splitlines()]
    return "\n".join(lines) + "\n"


def _title_value(names: dict[str, str], model: ContentModel) -> str:
    """{en: "Wong Kar-wai", zh: ""}: every language there, the missing ones empty to fill in."""
    texts = ", ".join(f"{k}: {_quoted(names.get(k, ''))}" for k in model.languages)
    return f"{{{texts}}}"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def _explanation(prop: Property, model: ContentModel, catalogs: Catalogs) -> list[str]:
    """The field's name (and that it is required), then what it is, one line per language."""
    required = " · ".join(c.gettext("required") for c in catalogs.values())
    lines = [f"# {prop.name}" + (f" ({required})" if prop.required else "")]
    for key, catalog in catalogs.items():
        gettext = catalog.gettext
        parts = [gettext(d) for d in prop.descriptions]
        parts += _details(prop.field, model, key, gettext)
        lines.append("#   " + gettext("; ").join(parts))
        if isinstance(prop.field, Identifiers):
            lines += [
                f"#     {s.key}: {s.label}, {gettext(s.description)}" for s in prop.field.schemes
            ]
    return lines


def _details(field: Field, model: ContentModel, key: str, gettext) -> list[str]:
    """What the descriptions leave out: a choice's values with their labels, the folder of the
    entries a field links to."""
    item = field.item if isinstance(field, ListOf) else field
    if isinstance(item, Choice):
        values = gettext(", ").join(
            f"{v} ({item.labels[v][key]})" if v in item.labels else v for v in item.values
        )
        return [gettext("one of: %(values)s") % {"values": values}]
    if isinstance(item, EntryRef | Credit):
        return [
            gettext("the slug (file name without .yaml) of an entry in content/%(folder)s/")
            % {"folder": item.target}
        ]
    return []


def _example(field: Field, model: ContentModel) -> str:
    """What to write after 'field: ', empty where a value has no parts: left so, the validator
    says what is expected."""
    if isinstance(field, Bilingual):
        return "{" + ", ".join(f'{k}: ""' for k in model.languages) + "}"
    if isinstance(field, Identifiers):
        return "".join(f"\n  {s.key}:" for s in field.schemes)
    if isinstance(field, Record):
        return "".join(
            f"\n  {k}: {_example(f, model)}".rstrip() for k, f in field.properties.items()
        )
    if isinstance(field, ListOf):
        return "[]"
    return ""

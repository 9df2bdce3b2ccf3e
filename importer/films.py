"""Which M+ objects are films, or stills, posters and papers of a film, and which film."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from importer.dates import read_object_date
from importer.records import MplusObject
from importer.slugs import slugify

FILM_DIRECTOR = "Film Director"
PRODUCTION_COMPANY = "Production Company"
# The roles that make an M+ moving-image work: its "directors" when it becomes a film entry.
FILM_MAKER_ROLES = frozenset({"Artist", "Filmmaker", FILM_DIRECTOR})
SCREEN_CATEGORIES = frozenset({"Film", "Video", "Animation"})
# A work with a video in it that is not itself a film: M+ says so in its category.
INSTALLATION_CATEGORIES = frozenset({"Video Installation", "Installation", "Sculpture"})
INSTALLED = re.compile(r"\binstallation\b|\bshown on\b.*\bscreens\b", re.I)
# After the video's own description, another copy of the same film is not another material.
ANOTHER_COPY = re.compile(r"^;\s*single-channel\b", re.I)

# "Film still, 'Mermaid Story'", "Posters, 'As Tears Go By'", "Film still, ''Mermaid Story''"
ENGLISH_FILM_TITLE = re.compile(r"^[^']+?,\s*'+(?P<title>.+?)'+\s*$")
# 《真假金牡丹》電影劇照
CHINESE_FILM_TITLE = re.compile(r"《(?P<title>[^》]+)》")
# A date that gives the year for sure: "1965", "July 1974", "24 May 1963" (not "[1960s]").
EXACT_DATE = re.compile(r"^(?:\d{1,2} )?(?:[A-Z][a-z]+ )?(?P<year>\d{4})$")


@dataclass(frozen=True)
class FilmTitle:
    en: str
    zh: str

    @property
    def key(self) -> str:
        """What makes two objects material of the same film."""
        return slugify(self.en) if self.en else self.zh


@dataclass(frozen=True)
class FilmGroup:
    """A film known from the stills, posters and papers M+ holds of it (lowest object id first)."""

    title: FilmTitle
    objects: tuple[MplusObject, ...]

    @property
    def record(self) -> int:
        return self.objects[0].id

    @property
    def year(self) -> int | str | None:
        """The earliest year an object states exactly, else the earliest date of any object, as
        its words say it (196X for "[1960s]").

        Synopses are dated "[1960s]" while the film's stills give its release date.
        """
        exact = [
            int(match["year"]) for obj in self.objects if (match := EXACT_DATE.match(obj.date))
        ]
        if exact:
            return min(exact)
        return earliest(self.objects)

    def constituents(self, role: str) -> tuple[int, ...]:
        """The constituents credited in ``role`` on any of its objects, first credited first."""
        found = (c.constituent for obj in self.objects for c in obj.credits if c.role_en == role)
        return tuple(dict.fromkeys(found))


def credits_film_director(obj: MplusObject) -> bool:
    return any(credit.role_en == FILM_DIRECTOR for credit in obj.credits)


def film_title(obj: MplusObject) -> FilmTitle | None:
    """The film that a still, poster or paper names in its title, or None."""
    english = ENGLISH_FILM_TITLE.match(obj.title_en)
    chinese = CHINESE_FILM_TITLE.search(obj.title_zh)
    if not english and not chinese:
        return None
    return FilmTitle(
        en=english["title"].strip() if english else "",
        zh=chinese["title"].strip() if chinese else "",
    )


def is_screen_work(obj: MplusObject) -> bool:
    """A single-channel film, video or animation that is itself a film to screen: not an
    installation or a sculpture with a video in it (by its category, or a medium that names
    an installation, several screens or other materials: "..., CRT monitor, metal mattress
    springs")."""
    medium = obj.medium_en
    screen = medium.lower().startswith("single-channel") and (
        "Moving Image" in obj.areas or bool(SCREEN_CATEGORIES & set(obj.categories_en))
    )
    return (
        screen
        and not INSTALLATION_CATEGORIES & set(obj.categories_en)
        and not INSTALLED.search(medium)
        and not physical_parts(medium)
    )


def physical_parts(medium: str) -> str:
    """What a medium names beyond the video itself: 'single-channel digital video (colour,
    sound), CRT monitor, wood' -> 'CRT monitor, wood'; '' for the video alone."""
    text = medium.strip()
    if "(" in text and ")" in text:
        rest = text[text.index(")") + 1 :]
    else:
        found = re.search(r"\s+and\s+|[,;]", text)
        rest = text[found.start() :] if found else ""
    if ANOTHER_COPY.match(rest.strip()):
        return ""
    return re.sub(r"^(?:and\s+)", "", rest.strip(" ,;.")).strip()


@dataclass(frozen=True)
class ScreenWork:
    """A film or video M+ holds, in one or more versions (objects), lowest object id first."""

    objects: tuple[MplusObject, ...]

    @property
    def record(self) -> int:
        return self.objects[0].id

    @property
    def first(self) -> MplusObject:
        return self.objects[0]

    @property
    def year(self) -> int | str | None:
        return earliest(self.objects)


def group_screen_works(objects: Iterable[MplusObject]) -> list[ScreenWork]:
    """Screen works grouped into films: the versions of one video (the same English title,
    the same makers) are one film."""
    grouped: dict[tuple, list[MplusObject]] = defaultdict(list)
    for obj in sorted(objects, key=lambda o: o.id):
        if is_screen_work(obj):
            grouped[_version_key(obj)].append(obj)
    return sorted((ScreenWork(tuple(g)) for g in grouped.values()), key=lambda w: w.record)


def _version_key(obj: MplusObject) -> tuple:
    title = re.sub(r"[\W_]+", " ", (obj.title_en or obj.title_zh).lower()).strip()
    makers = frozenset(c.constituent for c in obj.credits if c.role_en in FILM_MAKER_ROLES)
    return (title or f"object {obj.id}", makers)


def earliest(objects: Iterable[MplusObject]) -> int | str | None:
    """The earliest date of some objects as their words say it (1999, 2000~, 196X), else the
    earliest year the source gives."""
    dated = [d for obj in objects if obj.date and (d := read_object_date(obj.date)) and d.year]
    if dated:
        return min(dated, key=lambda d: (d.year, isinstance(d.value, str))).value
    years = [obj.year for obj in objects if obj.year]
    return min(years) if years else None


def group_film_material(objects: Iterable[MplusObject]) -> list[FilmGroup]:
    """The objects crediting a film director whose title names a film, grouped by that film.

    The film takes the first title given in both languages.
    """
    grouped: dict[str, list[tuple[FilmTitle, MplusObject]]] = defaultdict(list)
    for obj in sorted(objects, key=lambda o: o.id):
        title = film_title(obj) if credits_film_director(obj) else None
        if title is not None and not is_screen_work(obj):
            grouped[title.key].append((title, obj))
    groups = [
        FilmGroup(title=_fullest_title(members), objects=tuple(obj for _, obj in members))
        for members in grouped.values()
    ]
    return sorted(groups, key=lambda group: group.record)


def _fullest_title(members: list[tuple[FilmTitle, MplusObject]]) -> FilmTitle:
    """The first title with both languages, else the first one."""
    titles = [title for title, _ in members]
    return next((title for title in titles if title.en and title.zh), titles[0])

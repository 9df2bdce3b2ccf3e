"""Which M+ objects are films, or stills, posters and papers of a film, and which film."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from importer.records import MplusObject
from importer.slugs import slugify

FILM_DIRECTOR = "Film Director"
PRODUCTION_COMPANY = "Production Company"
# The roles that make an M+ moving-image work: its "directors" when it becomes a film entry.
FILM_MAKER_ROLES = frozenset({"Artist", "Filmmaker", FILM_DIRECTOR})
SCREEN_CATEGORIES = frozenset({"Film", "Video", "Animation"})

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
    def year(self) -> int | None:
        """The earliest year an object states exactly, else the earliest year of any object.

        Synopses are dated "[1960s]" while the film's stills give its release date.
        """
        exact = [
            int(match["year"]) for obj in self.objects if (match := EXACT_DATE.match(obj.date))
        ]
        years = exact or [obj.year for obj in self.objects if obj.year]
        return min(years) if years else None

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
    """A single-channel film, video or animation: a work that is itself a film to screen."""
    return obj.medium_en.lower().startswith("single-channel") and (
        "Moving Image" in obj.areas or bool(SCREEN_CATEGORIES & set(obj.categories_en))
    )


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

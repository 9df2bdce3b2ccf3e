"""M+ date wordings -> the site's dates (EDTF, as plugins/directory/fields.read_date reads them).

M+ writes an object's date as words ("[circa 1950]", "1960s–1970s", "designed 1965, made 1972")
and widens it into beginDate (circa 1949 -> 1947), so beginDate is never used where there are
words: the first event's date is read from them. A constituent's bio carries the wording of its
years ("born 20th century", "active circa 1972", "established Shanghai, circa 1907"), while its
beginDate and endDate are the approximation's widest years.

A point: 1907 (exact), circa 1907 (1907~), 1970s (197X; early/mid/late 1970s too, the wording
kept), 20th century (19XX; mid-20th century too, the wording kept). A range: two points joined
by a dash ("1965–1970" -> 1965/1970), "between 1950 and 1955", "1965 or 1966" (the wording kept).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_MONTH = "|".join(MONTHS)
# What a later event of one object says: "designed 1965, made 1972", "[1965], migrated ...".
EVENT_WORDS = (
    "designed|made|printed|photographed|digitised|digitized|revised|migrated|reprinted|"
    "reproduced|copyright|published|restored|updated|re-edited|compiled|produced|manufactured|"
    "executed|edited|drawn|painted|built|completed|issued"
)
_LATER_EVENT = re.compile(rf"(?:,|;)\s*(?:{EVENT_WORDS})\b", re.I)
_LEADING_EVENT = re.compile(rf"^(?:{EVENT_WORDS})\s+", re.I)
_YEAR = re.compile(r"^(\d{4})$")
_CIRCA = re.compile(r"^(?:circa|c\.|ca\.)\s*(\d{4})$", re.I)
_DECADE = re.compile(r"^(?:(early|mid|late)[\s-]+)?(\d{3})0s$", re.I)
_CENTURY = re.compile(
    r"^(?:(early|mid|late)[\s-]+)?(?:(\d{1,2})(?:st|nd|rd|th)|(twentieth|nineteenth|twenty-first))"
    r"[\s-]+century$",
    re.I,
)
_CENTURY_WORDS = {"nineteenth": 19, "twentieth": 20, "twenty-first": 21}
_DAY_MONTH_YEAR = re.compile(rf"^(?:(\d{{1,2}}) )?({_MONTH}) (\d{{4}})$", re.I)
_SEASON = re.compile(r"^(?:(?:spring|summer|autumn|fall|winter)[ /]*)+(\d{4})$", re.I)
_BETWEEN = re.compile(r"^between (.+) and (.+)$", re.I)
_EITHER = re.compile(r"^(\d{4}) or (\d{4})$")
_DASH = re.compile(r"\s*[–—-]\s*")
_FIRST_YEAR = re.compile(r"(circa\s+)?\b(\d{4})(s)?", re.I)
_PART_ZH = {"early": "初", "mid": "中", "late": "末"}


@dataclass(frozen=True)
class Point:
    value: str  # EDTF: 1907, 1907~, 197X, 19XX
    said: bool  # the value says all the words do (not "early 1970s", "24 May 1963")
    zh: str | None = None  # the words in Chinese, where the value does not say them all


@dataclass(frozen=True)
class Dating:
    """What a date wording says: the site's value, and whether the words say more than it."""

    value: str | int | None  # 1965 (an exact year is an int), "1949~", "196X/197X", None
    complete: bool  # the value says everything: the words need not be kept
    zh: str | None = None  # the words in Chinese when they are kept and can be put so

    @property
    def year(self) -> int | None:
        """The first year it names (a decade's or century's first), for slugs and order."""
        if self.value is None:
            return None
        digits = re.match(r"\d+", str(self.value))
        text = digits.group() if digits else ""
        return int(text.ljust(4, "0")) if text else None


def read_object_date(words: str) -> Dating | None:
    """An M+ object's date: the first event's date, else the first year the words name (the
    words kept); None when they name no year."""
    text = words.strip()
    later = _LATER_EVENT.search(text)
    first = text[: later.start()] if later else text
    first = _LEADING_EVENT.sub("", first.strip())
    found = read_span(_unbracket(first))
    if found is None:
        year = _FIRST_YEAR.search(text)
        if year is None:
            return None
        value = f"{year[2]}~" if year[1] else f"{year[2][:3]}X" if year[3] else year[2]
        return Dating(_as_value(value), False)
    value, said, zh = found
    complete = said and not later and not _LEADING_EVENT.match(text)
    return Dating(_as_value(value), complete, None if complete else zh)


def read_span(text: str) -> tuple[str, bool, str | None] | None:
    """'circa 1950–1960s' -> ('1950~/196X', True, None): a point or a range of two."""
    text = _unbracket(text.strip())
    for pattern in (_BETWEEN, _EITHER):  # the words are kept: the value says less
        match = pattern.match(text)
        if match:
            start, end = read_point(_unbracket(match[1])), read_point(_unbracket(match[2]))
            if start and end and start.value != end.value:
                return f"{start.value}/{end.value}", False, None
            return None
    point = read_point(text)
    if point is not None:
        return point.value, point.said, point.zh
    parts = _DASH.split(text)
    if len(parts) == 2:
        start, end = read_point(_unbracket(parts[0])), read_point(_unbracket(parts[1]))
        if start is None and end is not None:  # "1965–[1966]" reads, "D–D MONTH YYYY" not
            return None
        if start and end and start.value == end.value:  # "July 1977–August 1977"
            return start.value, False, None
        if start and end and _before(start.value, end.value):
            return f"{start.value}/{end.value}", start.said and end.said, None
    return None


def read_point(text: str) -> Point | None:
    text = text.strip()
    if _YEAR.match(text):
        return Point(text, True)
    match = _CIRCA.match(text)
    if match:
        return Point(f"{match[1]}~", True)
    match = _DECADE.match(text)
    if match:
        part, decade = match[1], match[2]
        zh = f"{decade}0年代{_PART_ZH[part.lower()]}" if part else None
        return Point(f"{decade}X", not part, zh)
    match = _CENTURY.match(text)
    if match:
        number = int(match[2]) if match[2] else _CENTURY_WORDS[match[3].lower()]
        part = match[1]
        zh = f"{number}世紀{_PART_ZH[part.lower()]}期" if part else None
        return Point(f"{number - 1:02d}XX", not part, zh)
    match = _DAY_MONTH_YEAR.match(text)
    if match:
        month = MONTHS.index(match[2].lower()) + 1
        zh = f"{match[3]}年{month}月" + (f"{int(match[1])}日" if match[1] else "")
        return Point(match[3], False, zh)
    match = _SEASON.match(text)
    if match:
        return Point(match[1], False)
    return None


def _unbracket(text: str) -> str:
    """'[circa 1950]' -> 'circa 1950' (square brackets: supplied by the cataloguer)."""
    return text.strip().removeprefix("[").removesuffix("]").strip()


def _as_value(value: str) -> str | int:
    return int(value) if value.isdigit() else value


def _before(start: str, end: str) -> bool:
    """The range runs forward (its end's last year is not before its start's first)."""
    first = int(re.sub(r"\D", "", start).ljust(4, "0")[:4])
    last_text = re.sub(r"~", "", end)
    last = int(last_text.replace("X", "9")) if last_text[:1].isdigit() else 0
    return last >= first


# Constituents: the years of a life or a firm, read from the bio ------------------------------

_ACTIVE = re.compile(r"\bactive\b", re.I)
_APPROXIMATE = re.compile(r"circa|\d{3}0s|century|\bactive\b|\bafter\b", re.I)
_AFTER = re.compile(r"^after\s+", re.I)
_BORN = re.compile(r"^(?:born|established)\s+", re.I)
# "early– mid-20th century": the first part of a range of parts of one century
_PART_RANGE = re.compile(r"^(?:early|mid|late)\s*[–—-]\s*(?=(?:early|mid|late))", re.I)


@dataclass(frozen=True)
class LifeDates:
    """A constituent's dates as its bio words them: start (born/founded), end (died/dissolved),
    or only the years it was active; None where the bio says nothing approximate."""

    start: str | int | None = None
    end: str | int | None = None
    active: str | int | None = None
    # The source's end year is the last year of an approximate start (19XX -> 1999), not a
    # date of its own: left out.
    drop_end: bool = False


def read_bio_dates(bio: str, end_year: int | None) -> LifeDates | None:
    """The approximate dates in a bio ("Chinese, born 20th century", "active San Francisco,
    1949–1995", "established Shanghai, circa 1907"); None when its dates are exact (then the
    source's beginDate and endDate are right) or it has none."""
    if not _APPROXIMATE.search(bio):
        return None
    active = bool(_ACTIVE.search(bio))
    for segment in re.split(r",\s*|\.\s+", bio):
        words = _BORN.sub("", _ACTIVE.sub("", _BORN.sub("", segment.strip())).strip())
        found = _life_span(_PART_RANGE.sub("", words))
        if found is None:
            continue
        start, end, after = found
        if active:
            value = f"{start}/{end}" if end is not None else start
            return LifeDates(active=_as_value(value), drop_end=True)
        invented = end is None and end_year is not None and _stands_for(start, end_year)
        return LifeDates(
            _as_value(start), _as_value(end) if end else None, drop_end=after or invented
        )
    return None


def _life_span(words: str) -> tuple[str, str | None, bool] | None:
    """(start, end or None, the end is only 'after' a date)."""
    point = read_point(_unbracket(words))
    if point is not None:
        return point.value, None, False
    parts = _DASH.split(words)
    if len(parts) != 2:
        return None
    start = read_point(_unbracket(parts[0]))
    after = bool(_AFTER.match(parts[1]))
    end = None if after else read_point(_unbracket(parts[1]))
    if start is None or (end is None and not after):
        return None
    return start.value, end.value if end else None, after


def _stands_for(value: str, year: int) -> bool:
    """M+ widens an approximate start into an end year too (19XX -> 1999, 2000): one within
    the approximation, or the year after it, is no date of its own."""
    if not value.endswith("X"):
        return False
    first = int(value.replace("X", "0"))
    last = int(value.replace("X", "9"))
    return first <= year <= last + 1

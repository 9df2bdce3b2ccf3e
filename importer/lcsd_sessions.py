"""LCSD's free-text programme dates -> sessions: (day, start, end) in Hong Kong time.

The feed words its dates in a dozen ways ('6, 13/12/2025', '5 Jan 2026 to 29 Jun 2026 (Every
Mon) 5:00pm-7:00pm (Except 16/2, 6/4)', '23/01/2026(Fri)20:00', '1930-2130', '12:00nn'), and
eventDates.xml alone is not enough: for weekly classes it lists every day of the season. So the
English wording is parsed (normalise, tokenise, fill partial dates forward, group dates with the
times after them, expand ranges by their weekday rule less the exceptions), then reconciled
with eventDates.xml (``sessions``). README, *The LCSD mapping*, lists the cases.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from contextlib import suppress
from dataclasses import dataclass, field

MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
DOWS = {d: i for i, d in enumerate(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])}

MON = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
DOW = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*"

TOKEN = re.compile(
    rf"""
    (?P<hhmmrange>\b(?P<h1>[01]\d|2[0-3])(?P<m1>[0-5]\d)\s*-\s*(?P<h2>[01]\d|2[0-3])(?P<m2>[0-5]\d)\b)
  | (?P<time>\b(?P<th>\d{{1,2}})(?:[:.](?P<tm>\d{{1,2}}))?\s*(?P<ap>am|pm|nn|noon)\b
            | \b(?P<th24>[01]?\d|2[0-3]):(?P<tm24>[0-5]\d)\b(?![/.]\d))
  | (?P<dnum>\b(?P<d1>\d{{1,2}})[/.](?P<m1d>\d{{1,2}})[/.](?P<y1>\d{{3,4}})\b)
  | (?P<tail>/(?P<mt>\d{{1,2}})/(?P<yt>\d{{4}})\b)
  | (?P<dm>\b(?P<d2>\d{{1,2}})/(?P<m2d>\d{{1,2}})\b(?!/\d))
  | (?P<dtext>\b(?P<d3>\d{{1,2}})\s*(?P<mon3>{MON})(?:\s*(?P<y3>\d{{4}}))?\b)
  | (?P<every>\bEvery\s+(?P<ev1>{DOW})(?:\s*(?:to|-)\s*(?P<ev2>{DOW}))?)
  | (?P<dowspan>\b(?P<ds1>{DOW})\s+to\s+(?P<ds2>{DOW})\b)
  | (?P<dowlabel>\(\s*(?P<dl>{DOW})\s*\))
  | (?P<dowother>\(\s*{DOW}[^)]*\))
  | (?P<mon>\b(?P<mon5>{MON})(?:\s*(?P<y5>\d{{4}}))?\b)
  | (?P<day>\b(?P<d4>\d{{1,2}})\b(?![:/.]\d))
  | (?P<except>\bExcept\b)
  | (?P<range>-|\bto\b)
  | (?P<close>[);])
  | (?P<sep>[,&\[\]])
    """,
    re.X | re.I,
)


@dataclass
class D:
    """A date token, possibly partial."""

    d: int | None
    m: int | None
    y: int | None
    kind: str  # 'date' | 'month'
    dow: int | None = None  # the weekday the text gives for it, if any

    def full(self):
        return self.m is not None and self.y is not None


@dataclass
class Segment:
    singles: list = field(default_factory=list)  # dt.date
    ranges: list = field(default_factory=list)  # (start, end)
    excepts: list = field(default_factory=list)  # D (partial allowed)
    groups: list = field(default_factory=list)  # [(weekday set or None, [(start,end)])]
    every: set | None = None


def normalise(text: str) -> tuple[str, set[int]]:
    t = text.replace("\xa0", " ")
    closed: set[int] = set()
    m = re.search(r"Closed on (\w+?)s?\b", t, re.I)
    if m and m.group(1)[:3].lower() in DOWS:
        closed.add(DOWS[m.group(1)[:3].lower()])
    t = re.split(r"Remarks\s*:|Closed on", t, flags=re.I)[0]
    t = re.sub(r"\([^()]*\bEve\b[^()]*\)", " ", t)
    t = re.sub(r"[*^]", "", t)
    t = re.sub(r"[–—]|-{2,}", "-", t)
    t = re.sub(r"Expect", "Except", t, flags=re.I)
    t = re.sub(r"([A-Za-z])(\d)", r"\1 \2", t)
    t = re.sub(r"(\d{1,2}:\d\d):(?=\s)", r"\1;", t)  # "09:30: 14:15"
    t = re.sub(r"(\d{1,2}):(\d)(am|pm)", r"\1:\g<2>0\3", t)  # "11:3am"
    return t, closed


def tokens(text: str):
    out: list[tuple] = []
    for m in TOKEN.finditer(text):
        k = m.lastgroup
        g = m.groupdict()
        if k == "hhmmrange":
            out.append(("trange", (int(g["h1"]), int(g["m1"])), (int(g["h2"]), int(g["m2"]))))
        elif k == "time":
            if g["th24"] is not None:
                out.append(("time", (int(g["th24"]), int(g["tm24"])), "24"))
            else:
                h, mi, ap = int(g["th"]), int(g["tm"] or 0), g["ap"].lower()
                out.append(("time", (h, mi), ap))
        elif k == "dnum":
            y = int(g["y1"])
            out.append(("date", D(int(g["d1"]), int(g["m1d"]), y if y > 1900 else None, "date")))
            if y < 1900:
                out.append(("odd", "3-digit year"))
        elif k == "tail":
            out.append(("tail", int(g["mt"]), int(g["yt"])))
        elif k == "dm":
            out.append(("date", D(int(g["d2"]), int(g["m2d"]), None, "date")))
        elif k == "dtext":
            mon = MONTHS[g["mon3"][:3].lower()]
            out.append(("date", D(int(g["d3"]), mon, int(g["y3"]) if g["y3"] else None, "date")))
        elif k == "every":
            a = DOWS[g["ev1"][:3].lower()]
            b = DOWS[g["ev2"][:3].lower()] if g["ev2"] else a
            out.append(("every", _span(a, b)))
        elif k == "dowspan":
            out.append(("dowspan", _span(DOWS[g["ds1"][:3].lower()], DOWS[g["ds2"][:3].lower()])))
        elif k == "dowlabel":
            out.append(("dowlabel", DOWS[g["dl"][:3].lower()]))
        elif k == "mon":
            mon = MONTHS[g["mon5"][:3].lower()]
            out.append(("date", D(None, mon, int(g["y5"]) if g["y5"] else None, "month")))
        elif k == "day":
            out.append(("date", D(int(g["d4"]), None, None, "date")))
        elif k in ("except", "range", "sep", "close"):
            out.append((k, m.group(0)))
    return out


def _span(a, b):
    return {(a + i) % 7 for i in range(((b - a) % 7) + 1)}


def _clock(t, ap, end=None):
    h, m = t
    if ap in ("pm",) and h < 12:
        h += 12
    if ap == "am" and h == 12:
        h = 0
    return h, m


def parse(text: str, hint: set | None = None):
    """The sessions a wording gives: ([(day, 'HH:MM' or None, 'HH:MM' or None)], problems,
    segments); hint: the days eventDates.xml gives, to mend a year typo."""
    problems = []
    norm, closed = normalise(text)
    toks = tokens(norm)
    if any(t[0] == "odd" for t in toks):
        problems.append("3-digit year")
    toks = [t for t in toks if t[0] != "odd"]
    # mark the dates of "Except ..." lists (they end at ')', ';', a time or a weekday rule)
    excepted = set()
    on = False
    for i, t in enumerate(toks):
        if t[0] == "except":
            on = True
        elif t[0] in ("close", "time", "trange", "every", "dowspan"):
            on = False
        elif t[0] == "date" and on:
            excepted.add(i)
    # fill partial dates forward: month/year from the next token carrying them
    for i, t in enumerate(toks):
        if t[0] != "date" or t[1].full() or i in excepted:
            continue
        dd = t[1]
        for u in toks[i + 1 :]:
            if u[0] == "date" and (u[1].m is not None or u[1].y is not None):
                if dd.m is None and u[1].m is not None and dd.kind == "date":
                    dd.m = u[1].m
                if dd.y is None and u[1].y is not None:
                    dd.y = u[1].y
                if dd.full():
                    break
            elif u[0] == "tail":
                if dd.m is None:
                    dd.m = u[1]
                if dd.y is None:
                    dd.y = u[2]
                break
    # dow labels attach to the date before them
    for i, t in enumerate(toks):
        if t[0] == "dowlabel":
            for u in reversed(toks[:i]):
                if u[0] == "date":
                    u[1].dow = t[1]
                    break
    segs: list[Segment] = []
    cur = Segment()
    state = "dates"  # or 'times'
    pending_filter = None
    i = 0
    while i < len(toks):
        t = toks[i]
        k = t[0]
        if k == "date":
            if i in excepted:
                cur.excepts.append(t[1])
                i += 1
                continue
            if state == "times":
                segs.append(cur)
                cur = Segment()
                state = "dates"
                pending_filter = None
            # range?
            j = i + 1
            while j < len(toks) and toks[j][0] in ("dowlabel", "dowother"):
                j += 1
            if (
                j + 1 < len(toks)
                and toks[j][0] == "range"
                and toks[j + 1][0] == "date"
                and (j + 1) not in excepted
            ):
                a, b = t[1], toks[j + 1][1]
                if a.kind == "month" and a.y is None:
                    a.y = b.y
                cur.ranges.append((a, b))
                i = j + 2
                continue
            cur.singles.append(t[1])
        elif k in ("except", "close"):
            pass
        elif k in ("time", "trange"):
            if state == "dates":
                cur.groups.append((pending_filter, []))
                state = "times"
            times = cur.groups[-1][1]
            if k == "trange":
                times.append((t[1], t[2]))
            else:
                # time range "T - T" / "T to T"?
                if i + 2 < len(toks) and toks[i + 1][0] == "range" and toks[i + 2][0] == "time":
                    s, e = t, toks[i + 2]
                    sap, eap = s[2], e[2]
                    if sap == "24" and eap in ("am", "pm", "nn"):
                        sap = eap if s[1][0] <= e[1][0] else "am"  # "9:30-11:30am"
                    times.append((_clock(s[1], sap), _clock(e[1], eap)))
                    i += 3
                    continue
                times.append((_clock(t[1], t[2]), None))
        elif k in ("every", "dowspan"):
            if state == "times" and k == "dowspan":
                # "Wed to Fri 16:30 ... Sat to Sun 15:00": another weekday group of this segment
                state = "dates"
            if k == "every":
                cur.every = (cur.every or set()) | t[1]
            else:
                pending_filter = t[1]
        elif k == "dowlabel":
            # "(Sat)" after a long range without "Every" acts as "Every Sat"
            if cur.ranges and not cur.singles and state == "dates":
                a, b = cur.ranges[-1]
                if a.full() and b.full() and b.d and a.d and a.dow is None:
                    try:
                        if (dt.date(b.y, b.m, b.d) - dt.date(a.y, a.m, a.d)).days > 7:
                            cur.every = (cur.every or set()) | {t[1]}
                    except ValueError:
                        pass
        elif k == "sep":
            pass
        i += 1
    segs.append(cur)

    sessions: list[tuple] = []
    for s in segs:
        days = []
        for dd in s.singles:
            x = _date(dd, problems, hint)
            if x:
                days.append(x)
        for a, b in s.ranges:
            if a.kind == "month":
                start = _date(D(1, a.m, a.y, "date"), problems)
                end_m = b.m
                end_y = b.y
                end = (
                    dt.date(end_y + (end_m == 12), end_m % 12 + 1, 1) - dt.timedelta(days=1)
                    if end_m and end_y
                    else None
                )
            else:
                if a.m is None:
                    a.m = b.m
                if a.y is None:
                    a.y = b.y
                start, end = _date(a, problems, hint), _date(b, problems, hint)
                if start and end and start > end and start.year == end.year:
                    start = start.replace(year=start.year - 1)  # "04/11/202(Tue)-28/02/2026"
            if not (start and end) or end < start or (end - start).days > 400:
                problems.append("bad range")
                continue
            x = start
            while x <= end:
                if (s.every is None or x.weekday() in s.every) and x.weekday() not in closed:
                    days.append(x)
                x += dt.timedelta(days=1)
        # exceptions: year from the segment's days
        ex = set()
        for dd in s.excepts:
            for y in sorted({x.year for x in days}):
                with suppress(ValueError, TypeError):
                    ex.add(dt.date(dd.y or y, dd.m, dd.d))
        days = sorted(set(d for d in days if d not in ex))
        if not s.groups:
            sessions += [(d, None, None) for d in days]
            continue
        for flt, times in s.groups:
            for d in days:
                if flt is not None and d.weekday() not in flt:
                    continue
                for st, en in times:
                    sessions.append((d, _hhmm(st), _hhmm(en) if en else None))
    return sorted(set(sessions), key=lambda s: (s[0], s[1] or "", s[2] or "")), problems, segs


def _hhmm(clock: tuple[int, int]) -> str:
    return f"{clock[0]:02d}:{clock[1]:02d}"


def _date(dd: D, problems, hint=None):
    if dd.d is None or dd.m is None or dd.y is None:
        problems.append("partial date")
        return None
    try:
        x = dt.date(dd.y, dd.m, dd.d)
    except ValueError:
        problems.append("invalid date")
        return None
    if dd.dow is not None and x.weekday() != dd.dow:
        # a year typo ("1/1/2025 (Thu)") is fixed when the next year matches the weekday
        try:
            y2 = dt.date(dd.y + 1, dd.m, dd.d)
        except ValueError:
            y2 = None
        if y2 and y2.weekday() == dd.dow and hint and y2 in hint and x not in hint:
            problems.append("year typo fixed by weekday")
            return y2
        problems.append("weekday mismatch")
    return x


# Reconciling the wording with eventDates.xml ---------------------------------------------------

PLACEHOLDER = "20990101"  # eventDates.xml's date for "no real date"
DURATION_HOURS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:hrs?|hours?|小時)(?![A-Za-z])", re.I)
DURATION_MINUTES = re.compile(r"(\d+)\s*(?:mins?|minutes?|mintues|分鐘)(?![A-Za-z])", re.I)
DURATION_RANGE = re.compile(r"\d\s*-\s*\d+\s*hrs", re.I)

Session = tuple[dt.date, str | None, str | None]


@dataclass(frozen=True)
class Sessions:
    """The sessions of a programme and how they were found (the case, as counted)."""

    case: str
    sessions: list[Session]
    problems: list[str]


def listed_days(dates: tuple[str, ...]) -> list[dt.date]:
    """The real days of eventDates.xml (YYYYMMDD), without the placeholder."""
    found = set()
    for text in dates:
        if len(text) == 8 and text.isdigit() and text != PLACEHOLDER:
            try:
                found.add(dt.date(int(text[:4]), int(text[4:6]), int(text[6:])))
            except ValueError:
                continue
    return sorted(found)


def duration(text: str) -> int | None:
    """Minutes, from 'Approximately 3 hrs 15 mins', '1hr25mins', '90mins', '3.5 hours'; None
    when none is given or it is a range ('3-5 hrs')."""
    if not text or DURATION_RANGE.search(text):
        return None
    hours, minutes = DURATION_HOURS.search(text), DURATION_MINUTES.search(text)
    if not (hours or minutes):
        return None
    found = float(hours.group(1)) * 60 if hours else 0
    if minutes and (not hours or minutes.start() > hours.start()):
        found += int(minutes.group(1))
    return int(found) or None


def reconcile(wording: str, dates: tuple[str, ...], running_time: str = "") -> Sessions:
    """The sessions of a programme from its wording and its eventDates.xml days (cases A1-A6:
    exact times; B1-B3: days only; C: nothing usable); a session with a start and no end ends
    after the running time where one is given."""
    listed = listed_days(dates)
    hint = set(listed)
    parsed, problems, _ = parse(wording, hint=hint)
    case, found = _reconcile(parsed, listed, problems)
    minutes = duration(running_time)
    if minutes:
        found = [(day, start, end or _later(start, minutes)) for day, start, end in found]
    return Sessions(case, found, problems)


def _later(start: str | None, minutes: int) -> str | None:
    if start is None:
        return None
    hours, mins = map(int, start.split(":"))
    total = (hours * 60 + mins + minutes) % (24 * 60)
    return f"{total // 60:02d}:{total % 60:02d}"


def _contiguous(days: list[dt.date]) -> bool:
    return len(days) > 1 and (days[-1] - days[0]).days + 1 == len(days)


def _reconcile(parsed: list, listed: list[dt.date], problems: list[str]) -> tuple[str, list]:
    timed = [s for s in parsed if s[1]]
    text_days = sorted({s[0] for s in timed})
    text_set, listed_set = set(text_days), set(listed)
    times_by_day: dict[dt.date, set] = defaultdict(set)
    for day, start, end in timed:
        times_by_day[day].add((start, end))
    uniform = len({frozenset(v) for v in times_by_day.values()}) == 1

    def on(days) -> list:
        return sorted((d, a, b) for d in days for (a, b) in times_by_day.get(d, ()))

    if timed:
        if not listed:
            return "A0 exact: the wording only (no eventDates)", timed
        if text_set == listed_set:
            return "A1 exact: the wording agrees with eventDates", timed
        if text_set < listed_set:
            return "A2 exact: the wording within the eventDates window", timed
        if text_set & listed_set and _contiguous(listed):
            return "A3 exact: a weekly rule clipped to the eventDates window", on(
                sorted(text_set & listed_set)
            )
        if listed_set < text_set and len(listed) == 1:
            return "A4 exact: eventDates lists one day only, the wording kept", timed
        if listed_set < text_set:
            return "A5 exact: eventDates drops days, its days with the wording's times", on(listed)
        if uniform:
            times = next(iter(times_by_day.values()))
            problems.append("conflict")
            return "A6 exact: eventDates days with the wording's one set of times", sorted(
                (d, a, b) for d in listed for (a, b) in times
            )
        problems.append("conflict")
        return "B2 days only: the wording conflicts, eventDates days", [
            (d, None, None) for d in listed
        ]
    if listed:
        return "B1 days only: eventDates (no times in the wording)", [
            (d, None, None) for d in listed
        ]
    days = sorted({s[0] for s in parsed})
    if days:
        return "B3 days only: the wording (no eventDates)", [(d, None, None) for d in days]
    return "C nothing usable", []

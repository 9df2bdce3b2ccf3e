"""Events: performances, courses, workshops, masterclasses, talks, festivals and series, with
their sessions in Hong Kong time, linked both ways, browsed by kind, discipline and month, and
on what's on for the build day (tests/support.py BUILD_DAY, 2026-11-29, a Sunday)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from plugins.directory.pipeline import build_directory
from plugins.search.documents import documents
from plugins.search.indexing import open_index, update_index
from plugins.search.querying import Searcher
from tests.support import EVENTS, SMALL_DIRECTORY, build, tags, text_of, write_tree


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("events")
    content = write_tree(root / "content", {**SMALL_DIRECTORY, **EVENTS})
    return build(content, root / "output")


def section(html: str, heading_text: str) -> str:
    """The visible text of the section whose h2 says heading_text."""
    for part in html.split("<section")[1:]:
        body = part.split(">", 1)[1].split("</section>")[0]
        if f">{heading_text}</h2>" in body:
            return text_of(body)
    raise AssertionError(f"no section headed {heading_text!r}")


def test_an_event_page_in_both_languages(site):
    english = text_of(site.page("/en/events/yoah/"))
    chinese = text_of(site.page("/tc/events/yoah/"))
    assert "Event YOAH 曙光之月" in english
    assert "Kind Performance Disciplines Circus" in english
    assert "Dates 1–2 Dec 2026 (3 sessions)" in english
    assert "Venue Hong Kong Cultural Centre Part of Winter Arts Festival" in english
    assert "Language Non-verbal Age 6 and over Admission $380, $280 Book tickets" in english
    assert "Sessions Tuesday, 1 December 2026, 7:30 pm – 9:00 pm" in english
    assert (
        "Wednesday, 2 December 2026, 2:30 pm Wednesday, 2 December 2026, 7:30 pm – 9:00 pm"
        in english
    )
    assert (
        "Participants Cirquework International Performer Leisure and Cultural Services "
        "Department Hong Kong Presenter" in english
    )
    assert "活動 《曙光之月》 YOAH" in chinese
    assert "類型 演出 範疇 雜技" in chinese
    assert "2026年12月1日星期二 下午7:30 – 下午9:00" in chinese
    assert "間藝工場 國際 演出 康樂及文化事務署 本地 主辦" in chinese


def test_a_course_lists_its_sessions_and_its_instructor(site):
    english = text_of(site.page("/en/events/vocal-course/"))
    assert "Kind Course Disciplines Music Dates 22 Nov – 13 Dec 2026 (4 sessions)" in english
    assert "Admission Free" in english
    assert "Sunday, 22 November 2026, 10:00 am – 12:00 pm" in english
    assert "Anna Voce International Instructor" in english


def test_a_cancelled_event_says_so_in_both_languages(site):
    english = site.page("/en/events/cancelled-concert/")
    assert "Cancelled This event has been cancelled." in text_of(english)
    assert "已取消" in text_of(site.page("/tc/events/cancelled-concert/"))
    festival = site.page("/en/events/winter-festival/")
    assert "Harbour Lights Concert Cancelled 5 December 2026" in section(festival, "Programme")


def test_a_festival_lists_its_programme_and_each_event_links_back(site):
    english = site.page("/en/events/winter-festival/")
    assert section(english, "Programme") == (
        "Programme YOAH 1–2 Dec 2026 Harbour Lights Concert Cancelled 5 December 2026"
    )
    assert "節目" in text_of(site.page("/tc/events/winter-festival/"))
    hrefs = [a["href"] for a in tags(site.page("/en/events/yoah/"), "a")]
    assert "/en/events/winter-festival/" in hrefs


def test_an_artist_page_lists_performances_teaching_and_presented(site):
    voce = site.page("/en/artists/anna-voce/")
    assert section(voce, "Teaching") == (
        "Teaching Pop Vocal Technique Course 22 Nov – 13 Dec 2026 Instructor "
        "Stage Presence Masterclass 29 November 2026 Instructor"
    )
    lcsd = site.page("/en/artists/lcsd/")
    assert section(lcsd, "Presented") == (
        "Presented Pop Vocal Technique Course 22 Nov – 13 Dec 2026 Organiser "
        "YOAH 1–2 Dec 2026 Presenter Winter Arts Festival 1 December 2026 Presenter"
    )
    assert section(site.page("/en/artists/cirquework/"), "Performances") == (
        "Performances YOAH 1–2 Dec 2026 Performer"
    )
    wong = site.page("/en/artists/wong-kar-wai/")
    assert "Stage Presence Masterclass 29 November 2026 Guest speaker" in section(
        wong, "Performances"
    )
    assert "演出 《曙光之月》" in text_of(site.page("/tc/artists/cirquework/"))


def test_a_venue_lists_its_upcoming_and_past_events(site):
    html = site.page("/en/venues/hong-kong-cultural-centre/")
    assert section(html, "Upcoming events") == (
        "Upcoming events Pop Vocal Technique Course 22 Nov – 13 Dec 2026 "
        "Winter Arts Festival 1 December 2026 YOAH 1–2 Dec 2026 "
        "Harbour Lights Concert Cancelled 5 December 2026"
    )
    assert section(html, "Past events") == "Past events A Talk on Cantonese Opera 1 March 2025"
    chinese = text_of(site.page("/tc/venues/hong-kong-cultural-centre/"))
    assert "即將舉行的活動" in chinese and "過往活動" in chinese


def test_events_count_in_collaborations_and_local_international_crossings(site):
    cirquework = site.page("/en/artists/cirquework/")
    collaborators = text_of(cirquework.split('<ul class="collaborators">')[1].split("</ul>")[0])
    assert collaborators == (
        "Leisure and Cultural Services Department Hong Kong Local and international : YOAH"
    )
    rows = text_of(site.page("/en/collaborations/").split("<tbody>")[1])
    assert "Leisure and Cultural Services Department Cirquework YOAH 1–2 Dec 2026" in rows
    assert "Wong Kar-wai Anna Voce Stage Presence Masterclass" in rows


def test_the_listing_shows_current_and_upcoming_events_by_month(site):
    html = site.page("/en/events/")
    text = text_of(html)
    assert "6 current or upcoming entries" in text
    months = [
        text_of(h.split(">", 1)[1].split("</h2>")[0])
        for h in html.split("<h2")[1:]
        if 'id="g-' in h.split(">")[0]
    ]
    assert [m.split(" ", 2)[:2] for m in months] == [
        ["November", "2026"],
        ["December", "2026"],
        ["February", "2027"],
    ]
    november = section(html, "November 2026")
    assert november.startswith("November 2026 Pop Vocal Technique Course")
    assert "Stage Presence Masterclass" in november
    assert "A Talk on Cantonese Opera" not in text
    assert "Past 2025 1" in text


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("kind/course", ["Pop Vocal Technique Course"]),
        ("kind/masterclass", ["Stage Presence Masterclass"]),
        ("discipline/circus", ["Winter Arts Festival", "YOAH"]),
        ("month/2027-02", ["Spring Screening"]),
    ],
)
def test_each_kind_discipline_and_month_has_its_own_page(site, path, expected):
    html = site.page(f"/en/events/{path}/")
    titles = [
        text_of(item.split(">", 1)[1].split("</a>")[0])
        for item in html.split('<ul class="entry-list">')[1].split("</ul>")[0].split("<li")[1:]
    ]
    assert sorted(titles) == sorted(expected)
    chinese = site.page(f"/tc/events/{path}/")
    assert '<html lang="zh-Hant-HK">' in chinese


def test_the_filters_offer_every_kind_discipline_and_month_to_come(site):
    html = site.page("/en/events/")
    links = [a["href"] for a in tags(html, "a") if a.get("data-filter")]
    assert "/en/events/kind/festival/" in links and "/en/events/kind/talk/" not in links
    assert "/en/events/month/2026-11/" in links and "/en/events/month/2025-03/" not in links
    assert "February 2027" in text_of(html.split('class="filters"')[1].split("</nav>")[0])
    assert "2027年2月" in text_of(site.page("/tc/events/"))


def test_past_events_are_listed_by_year(site):
    index = text_of(site.page("/en/events/past/"))
    assert "2025 1" in index
    year = site.page("/en/events/past/2025/")
    assert "A Talk on Cantonese Opera 粵劇講座 Talk 1 March 2025 Hong Kong Cultural Centre" in (
        text_of(year)
    )
    assert "粵劇講座" in text_of(site.page("/tc/events/past/2025/"))


def test_whats_on_lists_the_build_day_then_day_by_day_then_by_month(site):
    html = site.page("/en/whats-on/")
    assert section(html, "On now") == (
        "On now Pop Vocal Technique Course Course 22 Nov – 13 Dec 2026 "
        "Hong Kong Cultural Centre "
        "Moods Exhibition 1 Mar – 1 May 2024 Hong Kong Museum of Art"
    ) or "Pop Vocal Technique Course" in section(html, "On now")
    days = html.split('id="day-by-day"')[1].split('id="later"')[0]
    assert text_of(days.split('id="day-2026-11-29">')[1].split("</section>")[0]) == (
        "Sunday, 29 November 2026 3:00 pm – 5:00 pm Stage Presence Masterclass Masterclass "
        "Hong Kong Museum of Art"
    )
    december = text_of(days.split('id="day-2026-12-01">')[1].split("</section>")[0])
    assert december == (
        "Tuesday, 1 December 2026 Winter Arts Festival Festival opens 1–20 Dec 2026 "
        "Hong Kong Cultural Centre 7:30 pm – 9:00 pm YOAH Performance Hong Kong Cultural Centre"
    )
    later = html.split('id="later"')[1]
    assert "February 2027 Spring Screening Screening" in text_of(later)
    assert "Harbour Lights Concert Performance" not in text_of(later)
    assert "下午3:00 – 下午5:00" in text_of(site.page("/tc/whats-on/"))


def test_the_home_page_shows_today_this_week_and_what_comes_next(site):
    html = site.page("/en/")
    today = text_of(html.split('id="today-heading">')[1].split("</section>")[0])
    assert today.startswith(
        "Today Sunday, 29 November 2026 3:00 pm – 5:00 pm Stage Presence Masterclass"
    )
    week = section(html, "This week")
    assert "Tuesday, 1 December 2026" in week and "YOAH" in week
    assert "Harbour Lights Concert Cancelled" in week  # 5 December: the week is 29 Nov–5 Dec
    coming = section(html, "Coming up")
    assert "Spring Screening" in coming
    assert "今日" in text_of(site.page("/tc/"))


def test_session_and_role_problems_are_one_line_each(tmp_path):
    write_tree(
        tmp_path / "content",
        {
            **SMALL_DIRECTORY,
            "events/bad.yaml": """
                title: Bad
                kind: concert
                sessions:
                  - 2026-02-30 19:30
                  - 2026-03-01 25:00
                  - {date: 2026-03-02, end: "21:00"}
                participants:
                  - {artist: wong-kar-wai, role: singer}
                """,
            "events/form.yaml": """
                title: Form
                kind: talk
                sessions: [2026-03-03 7pm]
                """,
        },
    )
    problems = [str(p) for p in build_directory(tmp_path / "content").problems]
    assert problems == [
        "content/events/bad.yaml:2: kind: 'concert' is not a valid choice: expected one of "
        "performance, course, workshop, masterclass, talk, residency, festival, series, "
        "screening",
        "content/events/bad.yaml:4: sessions[0]: '2026-02-30' is not a real date: expected "
        "YYYY-MM-DD",
        "content/events/bad.yaml:5: sessions[1]: '25:00' is not a time of day: expected HH:MM, "
        "00:00 to 23:59",
        "content/events/bad.yaml:6: sessions[2]: an end (21:00) without a start: expected the "
        "start time too",
        "content/events/bad.yaml:8: participants[0].role: 'singer' is not a valid choice: "
        "expected one of performer, conductor, soloist, instructor, speaker, presenter, "
        "organiser, curator, director, choreographer, composer, guest",
        "content/events/form.yaml:3: sessions[0]: expected a day with its times in Hong Kong: "
        "'2026-01-30 19:30-21:30', '2026-01-30 19:30' or '2026-01-30', or a map {date, start, "
        "end, venue}, got '2026-03-03 7pm'",
    ]


# Calendars ----------------------------------------------------------------------------------


def vevents(site, path: str) -> list:
    calendar = icalendar.Calendar.from_ical((site.output / path).read_bytes())
    return [c for c in calendar.walk("VEVENT")]


def test_the_events_calendar_has_one_vevent_per_session_in_hong_kong_time(site):
    calendar = icalendar.Calendar.from_ical((site.output / "en/events.ics").read_bytes())
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Asia/Hong_Kong"
    assert {str(s["TZOFFSETTO"].to_ical()) for s in zone.walk("STANDARD")} == {"+0800"}
    found = [(str(e["SUMMARY"]), e["DTSTART"].dt, e.get("DTEND") and e["DTEND"].dt)
             for e in calendar.walk("VEVENT")]  # fmt: skip
    hong_kong = ZoneInfo("Asia/Hong_Kong")
    assert found == [
        ("Pop Vocal Technique Course", datetime(2026, 11, 29, 10, tzinfo=hong_kong),
         datetime(2026, 11, 29, 12, tzinfo=hong_kong)),
        ("Stage Presence Masterclass", datetime(2026, 11, 29, 15, tzinfo=hong_kong),
         datetime(2026, 11, 29, 17, tzinfo=hong_kong)),
        ("Winter Arts Festival", date(2026, 12, 1), date(2026, 12, 21)),
        ("YOAH", datetime(2026, 12, 1, 19, 30, tzinfo=hong_kong),
         datetime(2026, 12, 1, 21, tzinfo=hong_kong)),
        ("YOAH", datetime(2026, 12, 2, 14, 30, tzinfo=hong_kong), None),
        ("YOAH", datetime(2026, 12, 2, 19, 30, tzinfo=hong_kong),
         datetime(2026, 12, 2, 21, tzinfo=hong_kong)),
        ("Harbour Lights Concert", datetime(2026, 12, 5, 20, tzinfo=hong_kong), None),
        ("Pop Vocal Technique Course", datetime(2026, 12, 6, 10, tzinfo=hong_kong),
         datetime(2026, 12, 6, 12, tzinfo=hong_kong)),
        ("Pop Vocal Technique Course", datetime(2026, 12, 13, 10, tzinfo=hong_kong),
         datetime(2026, 12, 13, 12, tzinfo=hong_kong)),
        ("Spring Screening", datetime(2027, 2, 14, 16, tzinfo=hong_kong), None),
    ]  # fmt: skip
    raw = (site.output / "en/events.ics").read_text(encoding="utf-8")
    assert "DTSTART;TZID=Asia/Hong_Kong:20261201T193000" in raw
    assert "DTSTART;VALUE=DATE:20261201" in raw and "DTEND;VALUE=DATE:20261221" in raw


def test_a_cancelled_event_is_cancelled_in_the_calendar_and_uids_name_each_session(site):
    events = vevents(site, "en/events.ics")
    statuses = {str(e["UID"]): str(e.get("STATUS", "")) for e in events}
    assert statuses["event-cancelled-concert-20261205T2000@harbour-crossings"] == "CANCELLED"
    assert statuses["event-yoah-20261202T1430@harbour-crossings"] == ""
    assert "event-winter-festival@harbour-crossings" in statuses  # a run: one VEVENT
    yoah = next(e for e in events if str(e["UID"]) == "event-yoah-20261201T1930@harbour-crossings")
    assert str(yoah["LOCATION"]) == "Hong Kong Cultural Centre"
    assert str(yoah["URL"]) == "/en/events/yoah/"
    assert str(yoah["DESCRIPTION"]) == "Japanese contemporary circus."
    chinese = vevents(site, "tc/events.ics")
    assert [str(e["UID"]) for e in chinese] == [str(e["UID"]) for e in events]
    assert "曙光之月" in [str(e["SUMMARY"]) for e in chinese]


def test_calendars_per_kind_and_per_venue(site):
    courses = vevents(site, "en/events/kind/course.ics")
    assert {str(e["SUMMARY"]) for e in courses} == {"Pop Vocal Technique Course"}
    venue = vevents(site, "en/venues/hong-kong-cultural-centre/events.ics")
    assert sorted({str(e["SUMMARY"]) for e in venue}) == [
        "Harbour Lights Concert",
        "Pop Vocal Technique Course",
        "Winter Arts Festival",
        "YOAH",
    ]
    name = icalendar.Calendar.from_ical(
        (site.output / "tc/venues/hong-kong-cultural-centre/events.ics").read_bytes()
    )["X-WR-CALNAME"]
    assert name == "港藝交匯：現正及即將舉行的香港文化中心的活動"
    page = site.page("/en/venues/hong-kong-cultural-centre/")
    (link,) = tags(page, "a", type="text/calendar")
    assert link["href"] == "/en/venues/hong-kong-cultural-centre/events.ics"
    listing = site.page("/en/events/kind/course/")
    assert [a["href"] for a in tags(listing, "a", type="text/calendar")] == [
        "/en/events/kind/course.ics"
    ]
    assert [a["href"] for a in tags(site.page("/tc/events/"), "link", type="text/calendar")] == [
        "/tc/events.ics"
    ]


# Structured data ------------------------------------------------------------------------------

EVENT_TYPES = {
    "Event", "EducationEvent", "Festival", "EventSeries", "ScreeningEvent", "MusicEvent",
    "TheaterEvent", "DanceEvent", "CourseInstance",
}  # fmt: skip


def json_ld(site, path: str) -> dict:
    (data,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', site.page(path))
    return json.loads(data)["@graph"][1]


@pytest.mark.parametrize("slug", sorted(p.split("/")[1][:-5] for p in EVENTS if "events/" in p))
@pytest.mark.parametrize("lang", ["en", "tc"])
def test_every_event_page_has_what_google_requires_of_an_event(site, slug, lang):
    entity = json_ld(site, f"/{lang}/events/{slug}/")
    event = entity.get("hasCourseInstance", entity)
    assert event["@type"] in EVENT_TYPES
    assert event["name"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:00\+08:00)?", event["startDate"])
    for place in event["location"]:
        assert place["@type"] == "Place" and place["name"]
        assert place["address"]["@type"] == "PostalAddress"
        assert place["address"]["addressCountry"] == "HK"


def test_event_types_dates_performers_organisers_and_offers(site):
    yoah = json_ld(site, "/en/events/yoah/")
    assert yoah["@type"] == "TheaterEvent"
    assert (yoah["startDate"], yoah["endDate"]) == (
        "2026-12-01T19:30:00+08:00",
        "2026-12-02T21:00:00+08:00",
    )
    assert [p["@id"] for p in yoah["performer"]] == ["/en/artists/cirquework/#artist"]
    assert yoah["performer"][0]["@type"] == "PerformingGroup"
    assert [o["@id"] for o in yoah["organizer"]] == ["/en/artists/lcsd/#artist"]
    assert yoah["superEvent"] == [
        {"@type": "Festival", "@id": "/en/events/winter-festival/#event",
         "name": "Winter Arts Festival", "url": "/en/events/winter-festival/"}
    ]  # fmt: skip
    assert yoah["offers"] == [
        {"@type": "Offer", "priceCurrency": "HKD", "url": "https://www.urbtix.hk/", "price": 380},
        {"@type": "Offer", "priceCurrency": "HKD", "url": "https://www.urbtix.hk/", "price": 280},
    ]
    assert (yoah["inLanguage"], yoah["typicalAgeRange"]) == (["zxx"], "6-")
    festival = json_ld(site, "/en/events/winter-festival/")
    assert festival["@type"] == "Festival"
    assert (festival["startDate"], festival["endDate"]) == ("2026-12-01", "2026-12-20")
    assert [e["@id"] for e in festival["subEvent"]] == [
        "/en/events/cancelled-concert/#event",
        "/en/events/yoah/#event",
    ]
    assert json_ld(site, "/en/events/masterclass/")["@type"] == "EducationEvent"
    assert json_ld(site, "/en/events/spring-screening/")["@type"] == "ScreeningEvent"
    assert json_ld(site, "/tc/events/cancelled-concert/")["@type"] == "MusicEvent"


def test_a_cancelled_event_says_so_in_its_json_ld(site):
    for lang in ("en", "tc"):
        entity = json_ld(site, f"/{lang}/events/cancelled-concert/")
        assert entity["eventStatus"] == "https://schema.org/EventCancelled"
    assert "eventStatus" not in json_ld(site, "/en/events/yoah/")  # scheduled: not said


def test_a_course_is_a_course_with_its_course_instance(site):
    course = json_ld(site, "/en/events/vocal-course/")
    assert course["@type"] == "Course"
    assert [p["@id"] for p in course["provider"]] == ["/en/artists/lcsd/#artist"]
    instance = course["hasCourseInstance"]
    assert instance["@type"] == "CourseInstance"
    assert instance["startDate"] == "2026-11-22T10:00:00+08:00"
    assert instance["endDate"] == "2026-12-13T12:00:00+08:00"
    assert [p["@id"] for p in instance["instructor"]] == ["/en/artists/anna-voce/#artist"]
    assert instance["isAccessibleForFree"] is True
    assert "startDate" not in course and "performer" not in course


# Search and open data ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def search(tmp_path_factory):
    root = tmp_path_factory.mktemp("events-search")
    content = write_tree(root / "content", {**SMALL_DIRECTORY, **EVENTS})
    ix = open_index(root / "index")
    update_index(ix, documents(build_directory(content).directory))
    with Searcher(ix) as searcher:
        yield lambda query: [hit.key for hit in searcher(query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("YOAH", "events/yoah"),
        ("曙光之月", "events/yoah"),
        ("流行曲歌唱", "events/vocal-course"),
        ("vocal technique", "events/vocal-course"),
        ("海港灯火", "events/cancelled-concert"),  # Simplified finds Traditional
        ("Cirquework", "artists/cirquework"),
    ],
)
def test_search_finds_events_by_title_in_either_language_or_script(search, query, expected):
    assert search(query)[0] == expected


def test_search_finds_events_by_participant_and_by_kind(search):
    assert "events/yoah" in search("Cirquework")
    assert "events/vocal-course" in search("Anna Voce")
    assert "events/masterclass" in search("masterclass")
    assert search("大師班") == ["events/masterclass"]
    assert "events/vocal-course" in search("course")


def test_events_are_in_the_open_data_and_the_sitemap(tmp_path):
    content = write_tree(tmp_path / "content", {**SMALL_DIRECTORY, **EVENTS})
    site = build(content, tmp_path / "output", SITEURL="https://example.org/hk")
    data = json.loads((site.output / "data" / "directory.json").read_text(encoding="utf-8"))
    (yoah,) = [e for e in data["entries"] if (e["type"], e["slug"]) == ("events", "yoah")]
    fields = yoah["fields"]
    assert fields["kind"] == "performance"
    assert fields["sessions"][0] == {
        "date": "2026-12-01", "start": "19:30", "end": "21:00", "venue": None,
    }  # fmt: skip
    assert fields["participants"] == [
        {"type": "artists", "slug": "cirquework", "role": "performer", "class": "creative"},
        {"type": "artists", "slug": "lcsd", "role": "presenter", "class": "creative"},
    ]
    assert fields["part_of"] == [{"type": "events", "slug": "winter-festival"}]
    text = (site.output / "data" / "events.csv").read_text(encoding="utf-8-sig")
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}
    assert rows["yoah"]["sessions"] == (
        "2026-12-01 19:30-21:00; 2026-12-02 14:30; 2026-12-02 19:30-21:00"
    )
    assert rows["yoah"]["participants"] == "cirquework; lcsd"
    assert rows["yoah"]["participants_role"] == "performer; presenter"
    assert rows["yoah"]["participants_class"] == "creative; creative"
    assert rows["masterclass"]["participants_role_text_en"] == "; Guest speaker"
    assert rows["yoah"]["title_zh"] == "曙光之月"
    sitemap = (site.output / "sitemap.xml").read_text(encoding="utf-8")
    for path in (
        "tc/events/yoah/",
        "en/whats-on/",
        "en/events/kind/course/",
        "en/events/past/2025/",
    ):
        assert f"<loc>https://example.org/hk/{path}</loc>" in sitemap

"""LCSD events -> exhibitions and venues; which programmes are exhibitions."""

import datetime

from importer.lcsd import dates_in_text, event_dates, exhibition_entry, venue_entry
from importer.lcsd_kinds import classify
from importer.notes import Notes
from importer.records import Event, Venue

LCSD = {
    "name": {
        "en": "Leisure and Cultural Services Department, HKSAR Government",
        "zh": "香港特別行政區政府康樂及文化事務署",
    },
    "url": "https://data.gov.hk/en-data/dataset/hk-lcsd-event-event-cultural",
}


def event(**fields) -> Event:
    defaults = dict(
        id=177078, title_en="75 Years of Cinematic Glamour", title_zh="75 載銀光萃影",
        category="inc4sc5", predate_en="07/11/2025(Fri) - 05/07/2026(Sun)", venue=75010293,
        presenter_en="Presented by Hong Kong Film Archive", presenter_zh="香港電影資料館主辦",
        description_en="", description_zh="", url_en="", url_zh="",
        dates=("20251107", "20260705", "20251108"),
    )  # fmt: skip
    return Event(**{**defaults, **fields})


def test_exhibitions_are_told_from_book_displays_and_film_programmes():
    kinds = [
        classify(event(category="inc4sc4", title_en="Calligraphy Exhibition"))[0],
        classify(event(category="inc6sc1"))[0],
        classify(event(category="inc7sc3", title_en="Roving Exhibition on the Winning Entries",
                       title_zh="得獎作品展覽"))[0],
        # issue 16: four real exhibitions under inc7sc8 were skipped
        classify(event(category="inc7sc8", title_en="Asia Pacific Art Biennial Exhibition",
                       title_zh="2025 亞太藝術雙年展"))[0],
        classify(event(category="inc7sc3", title_en="Book Display – Days of War",
                       title_zh="書籍介紹 － 戰火歲月"))[0],
        classify(event(category="inc7sc3", title_en="Roving Exhibition on Racial Harmony"))[0],
        classify(event(category="inc4sc5", title_en='Food for Thought - A Cinematic Feast: '
                       '"Tampopo" (Cancelled)', title_zh="《蒲公英》（放映取消）"))[0],
    ]  # fmt: skip
    assert kinds == [
        "exhibition", "exhibition", "exhibition", "exhibition", "library", "library", "screening",
    ]  # fmt: skip


def test_an_exhibition():
    description = (
        "Great Wall Movie Enterprises &amp; Feng Huang<br>merged in 1982.\n\nPartner: Sil-Metropole"
    )
    entry = exhibition_entry(
        event(description_en=description, description_zh="長城電影製片有限公司\n夥伴機構︰銀都機構",
              url_en="https://www.filmarchive.gov.hk/en/web/hkfa/2025/75.html",
              url_zh="www.filmarchive.gov.hk/tc/75.html"),
        {75010293: "hong-kong-film-archive-exhibition-hall"},
        notes := Notes(),
    )  # fmt: skip
    assert entry == {
        "title": {"en": "75 Years of Cinematic Glamour", "zh": "75 載銀光萃影"},
        "venue": "hong-kong-film-archive-exhibition-hall",
        "start": "2025-11-07",
        "end": "2026-07-05",
        "presenter": {"en": "Hong Kong Film Archive", "zh": "香港電影資料館"},
        "description": {
            "en": "Great Wall Movie Enterprises & Feng Huang\n\nmerged in 1982.\n\n"
            "Partner: Sil-Metropole",
            "zh": "長城電影製片有限公司\n\n夥伴機構︰銀都機構",
        },
        "links": ["https://www.filmarchive.gov.hk/en/web/hkfa/2025/75.html"],
        "source": {**LCSD, "record": 177078, "licence": "DATA.GOV.HK terms of use"},
    }
    assert notes.oddities == {"malformed web address (left out)": 1}


def test_a_missing_english_title_and_an_unknown_venue():
    notes = Notes()
    entry = exhibition_entry(event(title_en="--", title_zh="萬象之華", venue=999), {}, notes)
    assert entry["title"] == {"zh": "萬象之華"}
    assert "venue" not in entry
    assert notes.oddities == {
        "missing English title ('--')": 1,
        "unknown venue id (venue left out)": 1,
    }


def test_a_placeholder_date_gives_way_to_the_programme_wording():
    notes = Notes()
    trailers = event(dates=("20990101",), predate_en="31/5/2024 - 3/11/2024")
    assert event_dates(trailers, notes) == {"start": "2024-05-31", "end": "2024-11-03"}
    assert notes.oddities == {"placeholder date 2099-01-01 (dates read from the programme text)": 1}


def test_a_one_day_event_has_a_start_only_and_no_dates_at_all_is_counted():
    notes = Notes()
    assert event_dates(event(dates=("20260104",)), notes) == {"start": "2026-01-04"}
    assert event_dates(event(dates=(), predate_en="Every Saturday"), notes) == {}
    assert notes.oddities == {"no dates": 1}


def test_dates_in_the_lcsd_wording():
    days = dates_in_text(
        "1-31/12/2025; 26/12/2025(Fri)15:00-19:00 27-29/12/2025(Sat-Mon); 14/11-31/12/2025; "
        "1 Jan 2026 (Thu) 3:00pm; 8 Jan 2026 to 25 Jun2026; 31/02/2026"
    )
    assert min(days) == datetime.date(2025, 11, 14)
    assert max(days) == datetime.date(2026, 6, 25)
    assert datetime.date(2025, 12, 1) in days and datetime.date(2026, 1, 1) in days


def test_a_venue():
    venue = Venue(id=100, name_en="Tai Po Public Library", name_zh="大埔公共圖書館")
    assert venue_entry(venue) == {
        "name": {"en": "Tai Po Public Library", "zh": "大埔公共圖書館"},
        "source": {**LCSD, "record": 100, "licence": "DATA.GOV.HK terms of use"},
    }

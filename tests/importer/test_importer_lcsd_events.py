"""LCSD programmes -> events: kinds and disciplines, sessions, presenters, visiting companies,
series and festivals, duplicate listings, admission; on small source fixtures."""

from __future__ import annotations

import datetime

import pytest

from importer.catalogue import build_catalogue
from importer.lcsd import admission, exhibition_entry, languages, min_age
from importer.lcsd_kinds import classify, disciplines
from importer.lcsd_names import Presenter, presenters, series_of, visitor
from importer.lcsd_sample import select_events
from importer.lcsd_sessions import reconcile
from importer.notes import Notes
from importer.records import Constituent, Event, Sources, Venue
from plugins.directory.model import load_model

MODEL = load_model()


def programme(**fields) -> Event:
    defaults = dict(
        id=175735, title_en="", title_zh="", category="inc4sc1", predate_en="", venue=76810048,
        presenter_en="", presenter_zh="", description_en="", description_zh="", url_en="",
        url_zh="", dates=(), programme="inc4",
    )  # fmt: skip
    return Event(**{**defaults, **fields})


@pytest.mark.parametrize(
    ("category", "title_en", "title_zh", "predate", "dates", "kind"),
    [
        ("inc4sc1", "A Concert of Peace and Joy at Christmas", "平安歡樂迎聖誕音樂會", "", 1,
         "performance"),
        # the Chinese 班 outranks the English "Workshop"
        ("inc4sc1", "Cajón Workshops", "流行木箱鼓樂班", "", 1, "course"),
        # a weekly season of "workshops" is a course
        ("inc4sc1", "Gu Zheng Workshop", "推廣古箏藝術工作坊",
         "Jul-Dec 2025 (Every Mon) 2:30pm", 26,
         "course"),
        ("inc9sc3", "Juggling Workshops", "雜耍工作坊", "6/12/2025 (Sat) 2:30pm", 1, "workshop"),
        # a competition's "Class" is a category of the performances, not a class
        ("inc4sc1", "Symphonic Band Interflow (Primary School Junior Class)",
         "管樂團匯演 (小學初級組)",
         "", 1, "performance"),
        # 大師班 only ever names a children's art class
        ("inc4sc14", "--", "兒童藝術大師班", "Jan-Jun 2026 (Every Sat) 10:00am", 26, "course"),
        ("inc4sc2", "Meets Xiqu – The Smiling, Proud Wanderer", "戲曲導賞場", "", 1, "talk"),
        ("inc4sc9", "HONG KONG WINTER MUSIC FEST 2026", "香港冬日音樂節2026", "", 2, "festival"),
        ("inc4sc8", "East Asian Muaythai Championships 2025", "東亞泰拳錦標賽2025", "", 3,
         "not-arts"),
        ("inc4sc8", "Tai Po Public Library — Read & Arts: Parent-child Storytime",
         "大埔公共圖書館 — 閱&藝：親子故事時光", "", 1, "library"),
        ("inc4sc4", "Calligraphy and Seal-Carving Exhibition 2026", "書法篆刻展", "", 5,
         "exhibition"),
    ],
)  # fmt: skip
def test_the_kind_comes_from_the_titles_with_the_code_as_fallback(
    category, title_en, title_zh, predate, dates, kind
):
    event = programme(category=category, title_en=title_en, title_zh=title_zh,
                      predate_en=predate, dates=("20251201",) * dates)  # fmt: skip
    assert classify(event)[0] == kind


def test_disciplines_from_the_code_then_the_titles():
    songs = programme(category="inc4sc2", title_en="Cantonese Operatic Songs Concert",
                      title_zh="粵曲演唱會")  # fmt: skip
    assert disciplines(songs, "performance") == ["xiqu"]  # not also music
    musical = programme(category="inc4sc6", title_en='"Merrily We Roll Along" Musical',
                        title_zh="中英劇團音樂劇《異曲同夢》")  # fmt: skip
    assert disciplines(musical, "performance") == ["theatre", "music", "musical"]
    circus = programme(category="inc4sc7", title_en="YOAH by Cirquework (Japan)",
                       title_zh="間藝工場《曙光之月》（日本）")  # fmt: skip
    assert disciplines(circus, "performance") == ["circus"]
    assert disciplines(programme(category="inc4sc12", title_en="Variety Show",
                                 title_zh="綜藝晚會"), "performance") == ["multi-arts"]  # fmt: skip


def test_sessions_from_the_wording_reconciled_with_event_dates():
    found = reconcile(
        "23/01/2026(Fri)20:00\n24/01/2026(Sat)20:00\n25/01/2026(Sun)15:00", ("20260123",)
    )
    assert found.case.startswith("A4")  # eventDates lists only the first day
    assert found.sessions == [
        (datetime.date(2026, 1, 23), "20:00", None),
        (datetime.date(2026, 1, 24), "20:00", None),
        (datetime.date(2026, 1, 25), "15:00", None),
    ]
    season = tuple(f"202601{d:02d}" for d in range(1, 32))  # every day of the season
    weekly = reconcile("5 Jan 2026 to 31 Jan 2026 (Every Mon) 5:00pm-7:00pm (Except 19/1)", season)
    assert weekly.case.startswith("A2")
    assert [s[0].day for s in weekly.sessions] == [5, 12, 26]
    assert weekly.sessions[0][1:] == ("17:00", "19:00")
    timed = reconcile("6, 13/12/2025 1930-2130", ("20251206", "20251213"))
    assert [(s[0].day, s[1], s[2]) for s in timed.sessions] == [(6, "19:30", "21:30"),
                                                              (13, "19:30", "21:30")]  # fmt: skip
    lasting = reconcile("30/1/2026 (Fri) 7:30pm", ("20260130",), "Approximately 1 hr 30 mins")
    assert lasting.sessions == [(datetime.date(2026, 1, 30), "19:30", "21:00")]
    undated = reconcile("To be announced", ("20260201", "20260202"))
    assert undated.case.startswith("B1")
    assert undated.sessions == [(datetime.date(2026, 2, 1), None, None),
                                (datetime.date(2026, 2, 2), None, None)]  # fmt: skip


def test_presenters_without_their_wording_split_and_funders_left_out():
    found, funders = presenters(
        "Presented by Kwan and Fung Opera Troupe and Warmth Chinese Dramatic Art Association",
        "羣豐劇團及溫晴詠仙樂曲藝社主辦",
    )
    assert found == [
        Presenter("Kwan and Fung Opera Troupe", "羣豐劇團", "presenter"),
        Presenter("Warmth Chinese Dramatic Art Association", "溫晴詠仙樂曲藝社", "presenter"),
    ]
    assert funders == 0
    partner, _ = presenters("Jointly organised with the TWGHs Records and Heritage Office",
                            "與東華三院檔案及歷史文化辦公室合辦")  # fmt: skip
    assert partner == [
        Presenter("TWGHs Records and Heritage Office", "東華三院檔案及歷史文化辦公室", "organiser")
    ]
    sport, funders = presenters("Presented by East Asian Muaythai; Subverted by Mega Arts Fund",
                                "東亞泰拳主辦；大型體育活動資助")  # fmt: skip
    assert [p.en for p in sport] == ["East Asian Muaythai"] and funders == 1
    office, _ = presenters("PVO(NTE) - MDA", "康文署-沙田大會堂")
    assert office == [Presenter("Leisure and Cultural Services Department", "康樂及文化事務署",
                                "presenter")]  # fmt: skip
    placeholder, _ = presenters("(Concert)", "紫竹紅梅粵劇團主辦", "(Concert)")
    assert placeholder == [Presenter("", "紫竹紅梅粵劇團", "presenter")]


def test_a_visiting_company_and_its_country_in_both_languages():
    found = visitor("‘Cheers!’ Series:  YOAH  by Cirquework (Japan)",
                    "「冬日開懷集」系列：間藝工場《曙光之月》（日本）")  # fmt: skip
    assert (found.en, found.zh, found.country_en, found.country_zh) == (
        "Cirquework", "間藝工場", "Japan", "日本",
    )  # fmt: skip
    uk = visitor('EKCC Opening Season: "Little Murmur" by Aakash Odedra Company (UK)',
                 "東九開幕季：英國阿卡什·奥德瑞舞團《細聲講．捉謎藏》")  # fmt: skip
    assert (uk.en, uk.zh, uk.country_zh) == ("Aakash Odedra Company", "阿卡什·奥德瑞舞團", "英國")
    # "(Hong Kong)" is a stop of a touring show, not where its artist comes from
    assert (
        visitor("Art Exhibition of Kuang Xiaojin (Hong Kong)", "曠小津藝術作品展（香港站）") is None
    )


def test_a_series_prefix_names_the_series_and_leaves_the_title():
    series, en, zh = series_of(
        "‘Cheers!’ Series: Laika by Xirriquiteula Teatre (Spain)",
        "「冬日開懷集」系列：奇異手創劇團《太空小狗萊卡》(西班牙)",
    )
    assert series is not None and series.key == "cheers-series-2025-26"
    assert (en, zh) == (
        "Laika by Xirriquiteula Teatre (Spain)",
        "奇異手創劇團《太空小狗萊卡》(西班牙)",
    )
    partner = series_of("Hong Kong City Hall Venue Partnership Scheme: Hong Kong Sinfonietta",
                        "香港大會堂場地伙伴計劃：香港小交響樂團")  # fmt: skip
    assert partner == (None, "Hong Kong Sinfonietta", "香港小交響樂團")


def test_admission_age_and_language():
    tickets = programme(price_en="$480, 380, 260", price_zh="$480, 380, 260",
                        booking="https://www.urbtix.hk/")  # fmt: skip
    assert admission(tickets) == {
        "price": "$480, 380, 260", "amounts": [480, 380, 260], "booking": "https://www.urbtix.hk/",
    }  # fmt: skip
    free = programme(price_en="Free admission by tickets", price_zh="憑票免費入場")
    assert admission(free) == {
        "free": True, "price": {"en": "Free admission by tickets", "zh": "憑票免費入場"},
    }  # fmt: skip
    assert [
        min_age(programme(age_en=a))
        for a in (
            "Only for age 6 or above",
            "6",
            "Age Limit: 6 (Person below this age not admitted)",
            "No age limit",
        )
    ] == [6, 6, 6, None]
    spoken = programme(remark_en="In English with Chinese and English surtitles")
    assert languages(spoken) == ["english"]
    assert languages(programme(title_en="Non-verbal Full Mask Theatre")) == ["non-verbal"]


def test_an_exhibitions_presenter_loses_its_partner_wording():
    """Issue 16: 'Jointly organised with ...' and 與…合辦 were left in presenters' names."""
    entry = exhibition_entry(
        programme(category="inc4sc4", title_en="A Century of Architecture",
                  title_zh="百年建築", presenter_en="Jointly organised with the TWGHs Records "
                  "and Heritage Office", presenter_zh="與東華三院檔案及歷史文化辦公室合辦",
                  dates=("20251201",)),
        {76810048: "hall"}, Notes(),
    )  # fmt: skip
    assert entry["presenter"] == {
        "en": "TWGHs Records and Heritage Office", "zh": "東華三院檔案及歷史文化辦公室",
    }  # fmt: skip


# The catalogue ----------------------------------------------------------------------------------

VENUES = [
    Venue(76810048, "Tuen Mun Town Hall (Auditorium)", "屯門大會堂演奏廳"),
    Venue(75010293, "Hong Kong Film Archive (Cinema)", "香港電影資料館電影院"),
    Venue(100, "Tai Po Public Library", "大埔公共圖書館"),
    Venue(200, "Terrace L2 Leung King Plaza", "良景廣場"),
]
LCSD_EN, LCSD_ZH = "Presented by Leisure and Cultural Services Department", "康樂及文化事務署主辦"
RECORDS = [
    programme(id=177415, category="inc4sc3", title_en="'Cheers!' Series: YOAH by Cirquework "
              "(Japan)", title_zh="「冬日開懷集」系列：間藝工場《曙光之月》(日本)",
              predate_en="23/01/2026(Fri)20:00 24/01/2026(Sat)20:00", dates=("20260123",
              "20260124"), presenter_en=LCSD_EN, presenter_zh=LCSD_ZH),
    # the same show listed again under another code: one event, both records
    programme(id=175735, category="inc4sc7", title_en="‘Cheers!’ Series: YOAH by Cirquework "
              "(Japan)", title_zh="「冬日開懷集」系列：間藝工場《曙光之月》（日本）",
              predate_en="23/01/2026(Fri)20:00\n24/01/2026(Sat)20:00\n25/01/2026(Sun)15:00",
              dates=("20260123",), presenter_en=LCSD_EN, presenter_zh=LCSD_ZH),
    programme(id=176101, category="inc4sc7", title_en="‘Cheers!’ Series: Laika by "
              "Xirriquiteula Teatre (Spain)",
              title_zh="「冬日開懷集」系列：奇異手創劇團《太空小狗萊卡》(西班牙)",
              predate_en="7/2/2026 (Sat) 3:00pm", dates=("20260207",),
              presenter_en=LCSD_EN, presenter_zh=LCSD_ZH),
    programme(id=176382, category="inc4sc5", venue=75010293,
              title_en='Food for Thought - A Cinematic Feast: "Tampopo" (Cancelled)',
              title_zh="心間盛筵—人間煙火映百味：《蒲公英》（放映取消）",
              predate_en="10/1/2026 (Sat) 2:30pm", dates=("20260110",),
              presenter_en="Presented by Hong Kong Film Archive",
              presenter_zh="香港電影資料館主辦"),
    programme(id=172028, category="inc4sc14", title_en="Cantonese Operatic Songs Class",
              title_zh="粵曲班", predate_en="6 Jul to 27 Jul 2025 (Every Sun) 1430-1630",
              dates=tuple(f"202507{d:02d}" for d in range(6, 28)),
              presenter_en="Presented by Tuen Mun Arts Promotion Association",
              presenter_zh="屯門藝術推廣協會主辦"),
    programme(id=177451, category="inc7sc1", venue=100, title_en="Storytelling for Children",
              title_zh="兒童故事時間", programme="inc7", dates=("20251206",)),
]  # fmt: skip
MPLUS_ARTIST = Constituent(
    id=9, name_en="TMAPA", name_zh="屯門藝術推廣協會", type="Organization", roles=(), bio_en="",
    bio_zh="", begin=None, end=None, nationality_en="", nationality_zh="",
)  # fmt: skip


@pytest.fixture(scope="module")
def catalogue():
    notes = Notes()
    found = build_catalogue(Sources([MPLUS_ARTIST], [], VENUES, RECORDS), notes, MODEL)
    return found, notes


def test_every_arts_programme_is_an_event_and_library_activities_are_counted(catalogue):
    found, notes = catalogue
    assert sorted(found["events"]) == [
        "cantonese-operatic-songs-class",
        "cheers-series-2025-26",
        "food-for-thought-a-cinematic-feast-tampopo",
        "laika-by-xirriquiteula-teatre-spain",
        "yoah-by-cirquework-japan",
    ]
    assert notes.skipped["LCSD library: storytelling"] == 1
    assert notes.skipped["LCSD venue with no programme at it"] == 2


def test_a_show_listed_twice_is_one_event_with_every_session_and_both_records(catalogue):
    yoah = catalogue[0]["events"]["yoah-by-cirquework-japan"]
    assert yoah["title"] == {
        "en": "YOAH by Cirquework (Japan)",
        "zh": "間藝工場《曙光之月》（日本）",
    }
    assert yoah["sessions"] == ["2026-01-23 20:00", "2026-01-24 20:00", "2026-01-25 15:00"]
    assert yoah["source"]["record"] == "175735, 177415"
    assert yoah["part_of"] == ["cheers-series-2025-26"]
    assert yoah["kind"] == "performance"


def test_a_series_named_by_a_prefix_becomes_an_event_of_its_own(catalogue):
    cheers = catalogue[0]["events"]["cheers-series-2025-26"]
    assert cheers == {
        "title": {"en": "'Cheers!' Series", "zh": "「冬日開懷集」系列"},
        "kind": "series",
        "disciplines": ["circus", "theatre"],
        "venues": ["tuen-mun-town-hall-auditorium"],
        "start": "2026-01-23",
        "end": "2026-02-07",
        "participants": [
            {"artist": "leisure-and-cultural-services-department", "role": "presenter"}
        ],
        "source": {
            "name": {"en": "Leisure and Cultural Services Department, HKSAR Government",
                     "zh": "香港特別行政區政府康樂及文化事務署"},
            "url": "https://data.gov.hk/en-data/dataset/hk-lcsd-event-event-cultural",
            "licence": "DATA.GOV.HK terms of use",
        },
    }  # fmt: skip
    # a series with one event only keeps its prefix and makes no event
    assert (
        catalogue[0]["events"]["food-for-thought-a-cinematic-feast-tampopo"].get("part_of") is None
    )


def test_visiting_companies_are_international_and_presenters_local_organisations(catalogue):
    found, _ = catalogue
    cirquework = found["artists"]["cirquework"]
    assert (cirquework["kind"], cirquework["origin"]) == ("group", "international")
    assert cirquework["nationality"] == {"en": "Japan", "zh": "日本"}
    assert cirquework["disciplines"] == ["performance"]
    lcsd = found["artists"]["leisure-and-cultural-services-department"]
    assert (lcsd["kind"], lcsd["origin"]) == ("organisation", "local")
    yoah = found["events"]["yoah-by-cirquework-japan"]
    assert yoah["participants"] == [
        {"artist": "cirquework", "role": "performer"},
        {"artist": "leisure-and-cultural-services-department", "role": "presenter"},
    ]


def test_a_presenter_already_in_the_directory_is_linked_not_made_again(catalogue):
    found, _ = catalogue
    course = found["events"]["cantonese-operatic-songs-class"]
    assert course["participants"] == [{"artist": "tmapa", "role": "presenter"}]
    assert "tuen-mun-arts-promotion-association" not in found["artists"]
    assert [s[:10] for s in course["sessions"]] == [
        "2025-07-06", "2025-07-13", "2025-07-20", "2025-07-27",
    ]  # fmt: skip


def test_a_cancelled_screening_keeps_its_one_day_and_says_it_is_cancelled(catalogue):
    tampopo = catalogue[0]["events"]["food-for-thought-a-cinematic-feast-tampopo"]
    assert tampopo["title"] == {
        "en": 'Food for Thought - A Cinematic Feast: "Tampopo"',
        "zh": "心間盛筵—人間煙火映百味：《蒲公英》",
    }
    assert (tampopo["kind"], tampopo["status"]) == ("screening", "cancelled")
    assert tampopo["sessions"] == ["2026-01-10 14:30"]
    assert catalogue[0]["exhibitions"] == {}  # issue 16: no screening is an exhibition


def test_every_entry_the_import_makes_is_valid(catalogue, tmp_path):
    from importer.render import render_catalogue
    from plugins.directory.pipeline import build_directory

    for relpath, text in render_catalogue(catalogue[0], MODEL).items():
        (tmp_path / relpath).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relpath).write_text(text, encoding="utf-8")
    assert [str(p) for p in build_directory(tmp_path).problems] == []


def test_the_sample_picks_its_events_by_rule(catalogue):
    chosen = select_events(catalogue[0])
    # every screening and series, the series' events, one course per discipline and building
    assert sorted(chosen) == sorted(catalogue[0]["events"])

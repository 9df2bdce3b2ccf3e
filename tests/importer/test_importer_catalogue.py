"""The whole catalogue: which records become which entries, under which slugs."""

from importer.catalogue import build_catalogue
from importer.notes import Notes
from importer.records import Constituent, Credit, Event, MplusObject, Sources, Venue
from plugins.directory.model import load_model

MODEL = load_model()


def person(constituent_id: int, name_en: str, name_zh: str, begin=None, type="Individual"):
    return Constituent(
        id=constituent_id, name_en=name_en, name_zh=name_zh, type=type, roles=(), bio_en="",
        bio_zh="", begin=begin, end=None, nationality_en="Chinese", nationality_zh="中國籍",
    )  # fmt: skip


def painting(object_id: int, *credits: Credit) -> MplusObject:
    return MplusObject(
        id=object_id, title_en="Untitled", title_zh="無題", date="1990", year=1990,
        areas=("Visual Art",), categories_en=("Painting",), categories_zh=("繪畫",),
        medium_en="oil on canvas", medium_zh="布本油畫", credits=credits,
    )  # fmt: skip


def event(event_id: int, title_en: str, venue: int, dates: tuple = ()) -> Event:
    return Event(
        id=event_id, title_en=title_en, title_zh="得獎作品巡迴展覽", category="inc7sc3",
        predate_en="1-21/12/2025", venue=venue, presenter_en="", presenter_zh="",
        description_en="", description_zh="", url_en="", url_zh="", dates=dates,
        programme="inc7",
    )  # fmt: skip


def test_artists_named_from_the_csv_from_a_credit_or_only_known_from_a_credit():
    sources = Sources(
        constituents=[
            person(311, "Liu Wei", "劉韡", begin=1972),
            person(310, "Liu Wei", "劉煒", begin=1965),
            person(310, "Liu Wei again", "劉煒", begin=1965),
            person(5616, "北京市宣武區教材編寫組", "北京市宣武區教材編寫組", type="Organization"),
            person(42, "", "", begin=1950),
            person(43, "", ""),
        ],
        objects=[
            painting(1, Credit(42, "Named On The Object", "作品上的名字", "Artist", "藝術家")),
            painting(2, Credit(8000, "Studio Nobody", "無名工作室", "Publisher", "出版社")),
            painting(3, Credit(43, "", "", "Artist", "藝術家")),
        ],
        venues=[],
        events=[],
    )  # fmt: skip
    notes = Notes()
    artists = build_catalogue(sources, notes, MODEL)["artists"]
    assert sorted(artists) == [
        "liu-wei", "liu-wei-1972", "mplus-artist-5616", "named-on-the-object", "studio-nobody",
    ]  # fmt: skip
    assert artists["liu-wei"]["name"] == {"en": "Liu Wei", "zh": "劉煒"}
    assert artists["liu-wei-1972"]["name"] == {"en": "Liu Wei", "zh": "劉韡"}
    assert artists["mplus-artist-5616"]["name"] == {"zh": "北京市宣武區教材編寫組"}
    assert artists["named-on-the-object"]["born"] == 1950
    assert artists["studio-nobody"] == {
        "name": {"en": "Studio Nobody", "zh": "無名工作室"},
        "source": artists["studio-nobody"]["source"],
    }
    assert notes.skipped == {
        "constituent id listed twice (first row kept)": 1,
        "constituent without a name anywhere": 1,
    }
    assert notes.oddities["constituent without a name (named from a credit)"] == 1
    assert notes.oddities["artists: name shared with another record (slug qualified)"] == 1
    assert notes.oddities["credit of a constituent without a name (left out)"] == 1


def test_untitled_works_are_told_apart_by_year_then_record():
    artist = Credit(310, "Liu Wei", "劉煒", "Artist", "藝術家")
    objects = [painting(n, artist) for n in (7, 4, 6)]
    objects.append(MplusObject(**{**painting(5, artist).__dict__, "year": 1991}))
    sources = Sources([person(310, "Liu Wei", "劉煒")], objects, [], [])
    works = build_catalogue(sources, Notes(), MODEL)["works"]
    assert {slug: work["source"]["record"] for slug, work in works.items()} == {
        "untitled": 4,
        "untitled-1991": 5,
        "untitled-6": 6,
        "untitled-7": 7,
    }


def test_a_roving_exhibition_is_one_exhibition_at_every_venue():
    """Issue 16: the same show at several venues was an entry per venue, titles identical."""
    sources = Sources(
        constituents=[],
        objects=[],
        venues=[Venue(100, "Tai Po Public Library", "大埔公共圖書館"),
                Venue(101, "Ping Shan Tin Shui Wai Public Library", "屏山天水圍公共圖書館"),
                Venue(102, "Sha Tin Public Library", "沙田公共圖書館")],
        events=[event(177716, "Roving Exhibition on the Winning Entries", 101,
                      ("20251201", "20251221")),
                event(177612, "Roving Exhibition on the Winning Entries", 100,
                      ("20251205", "20251228")),
                event(177777, "--", 100, ("20251201",))],
    )  # fmt: skip
    catalogue = build_catalogue(sources, Notes(), MODEL)
    exhibitions = catalogue["exhibitions"]
    assert {slug: e["source"]["record"] for slug, e in exhibitions.items()} == {
        "roving-exhibition-on-the-winning-entries": "177612, 177716",
        "lcsd-exhibition-177777": 177777,
    }
    roving = exhibitions["roving-exhibition-on-the-winning-entries"]
    assert roving["venues"] == ["ping-shan-tin-shui-wai-public-library", "tai-po-public-library"]
    assert (roving["start"], roving["end"]) == ("2025-12-01", "2025-12-28")
    assert "venue" not in roving
    assert sorted(catalogue["venues"]) == [
        "ping-shan-tin-shui-wai-public-library",
        "tai-po-public-library",
    ]

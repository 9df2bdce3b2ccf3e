"""The rules of issue 16 on small M+ fixtures: origin (and its overrides), names as Hong Kong
writes them, sort names, approximate dates, installations and versions, anonymous makers,
duplicates, invisible characters, English in Chinese fields."""

from __future__ import annotations

import pytest

from importer.catalogue import build_catalogue
from importer.cli import REPO_ROOT
from importer.dates import read_bio_dates, read_object_date
from importer.films import group_screen_works, is_screen_work, physical_parts
from importer.mplus import artist_entry, is_anonymous, origin_of, work_entry
from importer.names import checked_sort_name, surname_first
from importer.notes import Notes
from importer.overrides import (
    Override,
    OverrideError,
    Overrides,
    load_overrides,
    parse_overrides,
)
from importer.read import parse_constituents
from importer.records import Credit, Sources
from importer.text import clean
from plugins.directory.model import load_model
from tests.importer.test_importer_mplus import constituent, mplus_object

HONG_KONG = {"en": "Hong Kong", "zh": "香港"}


# Origin: one rule, and the overrides ---------------------------------------------------------


@pytest.mark.parametrize(
    ("nationality", "bio_en", "bio_zh", "expected"),
    [
        ("Hong Kong", "Hong Kong, born 1960", "", ("local", True)),
        ("Hong Kong", "Chinese, born 1958", "", ("local", False)),
        ("German", "Hong Kong, born Germany. 1954–2019", "", ("local", True)),
        ("", "established Hong Kong, 1990", "", ("local", True)),
        ("Chinese", "Chinese, 1910–1962", "香港，生於中國，1910–1962年", ("local", True)),
        ("Hong Kong", "established Shantou, based Hong Kong, 1922", "", ("local", True)),
        ("American", "American, born Hong Kong, 1968", "", ("international", False)),
        ("Research Needed", "1955–2018", "", (None, False)),
        ("", "", "", (None, False)),
    ],
)
def test_based_in_hong_kong_is_local_whatever_the_nationality(
    nationality, bio_en, bio_zh, expected
):
    person = constituent(nationality_en=nationality, bio_en=bio_en, bio_zh=bio_zh)
    assert origin_of(person, Override()) == expected


def test_an_override_gives_what_the_data_cannot_tell():
    ringo = constituent(
        id=6895, name_en="Ringo Lam", name_zh="林嶺東", nationality_en="Research Needed",
        nationality_zh="Research Needed", bio_en="1955–2018", bio_zh="1955–2018",
        sort_name="Ringo, Lam", begin=1955, end=2018,
    )  # fmt: skip
    override = Override(origin="local", based_in=HONG_KONG, aliases=({"en": "Lam Ling-tung"},))
    notes = Notes()
    entry = artist_entry(ringo, ("film",), notes, override)
    assert {k: entry[k] for k in ("origin", "based_in", "sort_name", "aliases")} == {
        "origin": "local",
        "based_in": HONG_KONG,
        "sort_name": {"en": "Lam, Ringo"},  # M+'s "Ringo, Lam" turned round
        "aliases": [{"en": "Lam Ling-tung"}],
    }
    assert "no origin (placeholder nationality, no override)" not in notes.oddities
    asahi = constituent(nationality_en="Hong Kong", bio_en="active 1950s–2000s, Japan")
    assert origin_of(asahi, Override(origin="international")) == ("international", False)
    assert origin_of(constituent(), Override(origin="unknown")) == (None, False)


def test_the_overrides_file_is_checked_against_the_data():
    overrides = parse_overrides(
        "6895: {origin: local, name: Ringo Lam}\n2954: {merge_into: 2934}\n30: {origin: null}\n",
        [6895, 2954, 2934, 30],
    )
    assert overrides.get(6895).origin == "local" and overrides.get(30).origin == "unknown"
    assert overrides.merged() == {2954: 2934}
    for text, message in [
        ("9999: {origin: local}\n", "overrides.yaml: 9999: no M+ constituent with this id in "
         "constituents.csv"),
        ("6895: {origin: locale}\n", "overrides.yaml: 6895: origin 'locale': expected local, "
         "international or null"),
        ("6895: {orgin: local}\n", "overrides.yaml: 6895: unknown key 'orgin': expected one of "
         "aliases, based_in, merge_into, name, origin, sort_name"),
        ("2954: {merge_into: 9999}\n", "overrides.yaml: 2954: merge_into 9999: no other M+ "
         "constituent with this id"),
        ("6895: {aliases: [Lam]}\n", "overrides.yaml: 6895: aliases: expected a list of {en, "
         "zh} maps"),
    ]:  # fmt: skip
        with pytest.raises(OverrideError) as error:
            parse_overrides(text, [6895, 2954, 2934])
        assert str(error.value) == message


def test_the_committed_overrides_cover_every_placeholder_nationality():
    """Every M+ constituent whose nationality is a placeholder has a reviewed row, so that no
    artist's origin is left to chance; and every row names a real record."""
    data = REPO_ROOT.parent / "shared" / "data" / "mplus" / "constituents.csv"  # as make import
    constituents = parse_constituents(data.read_text(encoding="utf-8"), Notes())
    overrides = load_overrides(c.id for c in constituents)
    missing = [
        c.id
        for c in constituents
        if c.nationality_en in ("", "Research Needed")
        and not is_anonymous(c.name_en)
        and c.id not in overrides.by_id
    ]
    assert missing == []


# Names ---------------------------------------------------------------------------------------


def test_a_hong_kong_name_in_western_order_is_turned_surname_first():
    assert surname_first("Kar Wai Wong", "王家衛", "Wong, Kar Wai") == "Wong Kar Wai"
    assert surname_first("Kam-fai Li", "李錦輝", "Li, Kam-fai") == "Li Kam-fai"  # no hyphen added
    assert surname_first("Alan Chan", "陳幼堅", "Chan, Alan") is None  # an English name
    assert surname_first("Frog King Kwok", "郭孟浩（蛙王郭）", "Kwok, Frog King") is None
    assert surname_first("Lui Shou-kwan", "呂壽琨", "Lui, Shou-kwan") is None  # already so


def test_the_display_name_keeps_the_source_form_as_an_alias():
    wong = constituent(
        id=991, name_en="Kar Wai Wong", name_zh="王家衛", sort_name="Wong, Kar Wai",
        nationality_en="Hong Kong", bio_en="Chinese, born 1958",
    )  # fmt: skip
    entry = artist_entry(wong, ("film",), Notes(), Override(aliases=({"en": "Wong Kar-wai"},)))
    assert entry["name"] == {"en": "Wong Kar Wai", "zh": "王家衛"}
    assert entry["aliases"] == [{"en": "Kar Wai Wong"}, {"en": "Wong Kar-wai"}]
    assert entry["sort_name"] == {"en": "Wong, Kar Wai"}
    abroad = constituent(
        id=121, name_en="Yung Ho Chang", name_zh="張永和", sort_name="Chang, Yung Ho",
        nationality_en="Chinese", bio_en="Chinese, born 1956", bio_zh="中國籍，1956年生",
    )  # fmt: skip
    assert artist_entry(abroad, (), Notes())["name"] == {"en": "Yung Ho Chang", "zh": "張永和"}
    tao = constituent(id=213, name_en="Tao Ho", name_zh="何弢", sort_name="Ho, Tao")
    assert artist_entry(tao, (), Notes(), Override(name="Tao Ho"))["name"]["en"] == "Tao Ho"


def test_sort_names_are_checked_against_the_chinese_surname():
    assert checked_sort_name("Clarence, Fok", "Clarence Fok", "霍耀良") == "Fok, Clarence"
    assert checked_sort_name("Zhiying, Hang", "Hang Zhiying", "杭穉英") == "Hang, Zhiying"
    assert checked_sort_name("Seung, Choon Yang", "Seung Choon Yang", "梁承椿") == (
        "Yang, Seung Choon"
    )
    assert checked_sort_name("Guiline, Kim", "Kim Guiline", "金麒麟") == "Kim, Guiline"
    assert checked_sort_name("Chan, Alan", "Alan Chan", "陳幼堅") == "Chan, Alan"
    assert checked_sort_name("Steiner, Henry", "Henry Steiner", "石漢瑞") == "Steiner, Henry"


def test_organisations_are_filed_without_a_leading_article():
    firm = constituent(name_en="The Sincere Co.", name_zh="先施公司", type="Organization",
                       sort_name="The Sincere Co.")  # fmt: skip
    assert artist_entry(firm, (), Notes())["sort_name"] == {"en": "Sincere Co."}
    assert "sort_name" not in artist_entry(
        constituent(name_en="M+", name_zh="M+", type="Organization", sort_name="M+ Museum"),
        (),
        Notes(),
    )


# Approximate dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "value", "complete", "zh"),
    [
        ("1956", 1956, True, None),
        ("[1965]", 1965, True, None),
        ("circa 1949", "1949~", True, None),  # not M+'s beginDate, 1947
        ("[circa 1950]", "1950~", True, None),
        ("[1960s]", "196X", True, None),
        ("1960s–1970s", "196X/197X", True, None),
        ("[circa 1950–1960s]", "1950~/196X", True, None),
        ("1965–1970", "1965/1970", True, None),
        ("mid-20th century", "19XX", False, "20世紀中期"),
        ("late 1960s", "196X", False, "1960年代末"),
        ("24 May 1963", 1963, False, "1963年5月24日"),
        ("July 1974", 1974, False, "1974年7月"),
        ("designed 1965, made 1972", 1965, False, None),
        ("[circa 1987], digitised [2000s]", "1987~", False, None),
        ("between 1950 and 1955", "1950/1955", False, None),
        ("Spring/Summer 2007", 2007, False, None),
    ],
)
def test_object_date_words_become_dates(words, value, complete, zh):
    found = read_object_date(words)
    assert (found.value, found.complete, found.zh) == (value, complete, zh)


def test_a_work_shows_its_date_as_its_words_say_it():
    notes = Notes()
    circa = work_entry(mplus_object(date="circa 1974", year=1972), {}, {}, None, notes)
    assert circa["year"] == "1974~" and "date" not in circa
    dated = work_entry(mplus_object(date="24 May 1963", year=1963), {}, {}, None, notes)
    assert (dated["year"], dated["date"]) == (1963, {"en": "24 May 1963", "zh": "1963年5月24日"})


@pytest.mark.parametrize(
    ("kind", "bio", "begin", "end", "expected"),
    [
        ("Individual", "Chinese, born 20th century", 1900, None, {"born": "19XX"}),
        ("Organization", "established Hong Kong, 20th century", 1900, 1999, {"founded": "19XX"}),
        ("Organization", "active San Francisco, 1949–1995", 1949, 1995, {"active": "1949/1995"}),
        ("Individual", "Japanese, active circa 1972", 1970, 1974, {"active": "1972~"}),
        ("Individual", "Hong Kong, born 1950s", 1950, None, {"born": "195X"}),
        ("Organization", "established Shanghai, circa 1907", 1907, None, {"founded": "1907~"}),
        ("Organization", "established Hong Kong, circa 1970–1988", 1968, 1988,
         {"founded": "1970~", "dissolved": 1988}),
        ("Organization", "established Hong Kong, 1930s", 1930, 1972,
         {"founded": "193X", "dissolved": 1972}),
        ("Individual", "Chinese, 1913–after 1980s", 1913, 1990, {"born": 1913}),
        ("Individual", "Hong Kong, born Germany. 1954–2019", 1954, 2019,
         {"born": 1954, "died": 2019}),
    ],
)  # fmt: skip
def test_life_dates_follow_the_bio_words(kind, bio, begin, end, expected):
    entry = artist_entry(constituent(type=kind, bio_en=bio, begin=begin, end=end), (), Notes())
    dates = {k: entry[k] for k in ("born", "died", "founded", "dissolved", "active") if k in entry}
    assert dates == expected


def test_exact_bio_dates_are_left_to_the_source_years():
    assert read_bio_dates("Chinese, born 1958", None) is None


# Installations and versions ------------------------------------------------------------------


def video(**fields):
    defaults = dict(
        areas=("Moving Image",), categories_en=("Video",), categories_zh=("錄像",),
        medium_en="single-channel digital video (colour, sound)", medium_zh="單頻道數碼錄像",
    )  # fmt: skip
    return mplus_object(**{**defaults, **fields})


def test_installations_and_sculptures_with_a_video_are_works_not_films():
    assert is_screen_work(video())
    assert not is_screen_work(video(categories_en=("Video Installation",)))
    assert not is_screen_work(video(categories_en=("Sculpture", "Video")))
    unsettled = "single-channel digital video (colour, silent), CRT monitor, metal mattress springs"
    assert physical_parts(unsettled) == "CRT monitor, metal mattress springs"
    assert not is_screen_work(video(medium_en=unsettled))
    assert not is_screen_work(video(medium_en="single-channel digital video and inkjet print"))
    shown = "single-channel digital video (colour, sound), shown on three screens"
    assert not is_screen_work(video(medium_en=shown))
    moved = "single-channel 16mm film transferred to digital video (black and white, silent)"
    assert is_screen_work(video(medium_en=moved))


def test_the_versions_of_one_video_are_one_film_listing_them():
    maker = (Credit(870, "YHCHI", "張英海重工業", "Artist", "藝術家"),)
    objects = [
        video(id=14304, title_en="SAMSUNG", title_zh="三星", date="1999", credits=maker),
        video(id=14328, title_en="Samsung", title_zh="三星", date="2000", credits=maker,
              medium_en="single-channel digital animation (black and white, sound)"),
        video(id=14400, title_en="SAMSUNG", date="2001", credits=()),  # other makers
    ]  # fmt: skip
    groups = group_screen_works(objects)
    assert [[o.id for o in g.objects] for g in groups] == [[14304, 14328], [14400]]
    sources = Sources(constituents=[], objects=objects, venues=[], events=[])
    films = build_catalogue(sources, Notes(), load_model())["films"]
    assert sorted(films) == ["samsung", "samsung-2001"]
    assert films["samsung"]["versions"] == [
        {"record": 14304, "year": 1999, "medium": {"en": "single-channel digital video (colour, "
         "sound)", "zh": "單頻道數碼錄像"}},
        {"record": 14328, "year": 2000, "medium": {"en": "single-channel digital animation "
         "(black and white, sound)", "zh": "單頻道數碼錄像"}},
    ]  # fmt: skip
    assert films["samsung"]["year"] == 1999 and "versions" not in films["samsung-2001"]


# Anonymous makers, duplicates ----------------------------------------------------------------


def test_anonymous_makers_are_credited_by_name_and_never_artists():
    unknown = constituent(id=1529, name_en="Unknown (Hong Kong)", name_zh="佚名（香港）",
                          type="Individual", bio_en="unknown", bio_zh="不詳")  # fmt: skip
    fields = constituent(id=4224, name_en="Unknown Fields", name_zh="Unknown Fields",
                         type="Artist Collaborative", bio_en="", bio_zh="")  # fmt: skip
    sign = mplus_object(id=5, credits=(
        Credit(1529, "Unknown (Hong Kong)", "佚名（香港）", "Maker", "創作者"),
        Credit(4224, "Unknown Fields", "Unknown Fields", "Artist", "藝術家"),
    ))  # fmt: skip
    sources = Sources(constituents=[unknown, fields], objects=[sign], venues=[], events=[])
    notes = Notes()
    catalogue = build_catalogue(sources, notes, load_model())
    assert sorted(catalogue["artists"]) == ["unknown-fields"]
    (work,) = catalogue["works"].values()
    assert work["credits"] == [
        {"name": {"en": "Unknown (Hong Kong)", "zh": "佚名（香港）"},
         "role": {"en": "Maker", "zh": "創作者"}},
        {"artist": "unknown-fields", "role": {"en": "Artist", "zh": "藝術家"}},
    ]  # fmt: skip
    assert notes.skipped["anonymous maker (no artist entry; its works name it)"] == 1


def test_a_duplicate_record_is_merged_into_the_one_it_duplicates():
    nikon = constituent(id=2934, name_en="Nikon Company", name_zh="尼康株式會社",
                        type="Organization", nationality_en="Japanese", bio_en="")  # fmt: skip
    again = constituent(id=2954, name_en="Nikon Corporation", name_zh="尼康株式會社",
                        type="Organization", nationality_en="Japanese", bio_en="")  # fmt: skip
    camera = mplus_object(id=7, credits=(Credit(2954, "Nikon Corporation", "", "Manufacturer",
                                                "製造商"),))  # fmt: skip
    sources = Sources(constituents=[nikon, again], objects=[camera], venues=[], events=[])
    overrides = Overrides({2954: Override(merge_into=2934)})
    catalogue = build_catalogue(sources, Notes(), load_model(), overrides)
    assert list(catalogue["artists"]) == ["nikon-company"]
    assert catalogue["artists"]["nikon-company"]["aliases"] == [
        {"en": "Nikon Corporation", "zh": "尼康株式會社"}
    ]
    assert catalogue["works"]["ko-shing-street-sheung-wan"]["credits"][0]["artist"] == (
        "nikon-company"
    )


# Text ----------------------------------------------------------------------------------------


def test_invisible_characters_are_deleted_and_visible_spaces_kept():
    assert clean("劉慧德\u200b") == "劉慧德"
    assert clean("1959\u2060–1996") == "1959–1996"
    assert clean("\ufeffSoft\u00adware") == "Software"
    assert clean("a\u00a0b\u3000c") == "a b c"


def test_english_copied_into_chinese_fields_is_left_out():
    notes = Notes()
    firm = constituent(name_en="EOQ", name_zh="EOQ", type="Organization", bio_en="")
    assert artist_entry(firm, (), notes)["name"] == {"en": "EOQ"}
    print_ = mplus_object(medium_en="diazotype (copy) and ink on paper",
                          medium_zh="diazotype (copy) and ink on paper")  # fmt: skip
    assert work_entry(print_, {}, {}, None, notes)["medium"] == {
        "en": "diazotype (copy) and ink on paper"
    }
    assert notes.oddities["English copied into a Chinese name (Chinese left out)"] == 1
    assert notes.oddities["English copied into a Chinese field (Chinese left out)"] == 1

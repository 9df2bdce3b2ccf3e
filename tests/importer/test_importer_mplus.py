"""M+ constituents -> artists, objects -> works with credits."""

from importer.mplus import (
    artist_entry,
    disciplines_by_constituent,
    role_translations,
    work_entry,
)
from importer.notes import Notes
from importer.records import Constituent, Credit, MplusObject

MPLUS = {"en": "M+ Museum, Hong Kong", "zh": "香港M+博物館"}


def constituent(**fields) -> Constituent:
    defaults = dict(
        id=17, name_en="anothermountainman (Stanley Wong Ping Pui)", name_zh="又一山人（黃炳培）",
        type="Individual", roles=("Artist",), bio_en="Hong Kong, born 1960",
        bio_zh="香港，生於1960年", begin=1960, end=None, nationality_en="Hong Kong",
        nationality_zh="香港",
    )  # fmt: skip
    return Constituent(**{**defaults, **fields})


def mplus_object(**fields) -> MplusObject:
    defaults = dict(
        id=1, title_en="Ko Shing Street, Sheung Wan", title_zh="上環高陞街", date="1956",
        year=1956, areas=("Visual Art",), categories_en=("Photography",),
        categories_zh=("攝影",), medium_en="black and white print", medium_zh="黑白照片",
        credits=(Credit(378, "Yau Leung", "邱良", "Artist", "藝術家"),),
    )  # fmt: skip
    return MplusObject(**{**defaults, **fields})


def test_a_hong_kong_person():
    entry = artist_entry(constituent(), ("visual-art", "photography"), Notes())
    assert entry == {
        "name": {"en": "anothermountainman (Stanley Wong Ping Pui)", "zh": "又一山人（黃炳培）"},
        "kind": "person",
        "origin": "local",
        "nationality": {"en": "Hong Kong", "zh": "香港"},
        "disciplines": ["visual-art", "photography"],
        "born": 1960,
        "bio": {"en": "Hong Kong, born 1960", "zh": "香港，生於1960年"},
        "source": {"name": MPLUS, "url": "https://github.com/mplusmuseum/collection-data",
                   "record": 17, "licence": "CC0-1.0"},
    }  # fmt: skip


def test_an_international_organisation_is_founded_and_dissolved():
    time_inc = constituent(
        id=5031, name_en="Time Inc.", name_zh="Time Inc.", type="Organization",
        bio_en="established New York, 1922–2018", bio_zh="established New York, 1922–2018",
        begin=1922, end=2018, nationality_en="American", nationality_zh="美國籍",
    )  # fmt: skip
    notes = Notes()
    entry = artist_entry(time_inc, (), notes)
    assert entry["name"] == {"en": "Time Inc."}  # the Chinese page marks it untranslated
    assert (entry["kind"], entry["origin"]) == ("organisation", "international")
    assert (entry["founded"], entry["dissolved"]) == (1922, 2018)
    assert "born" not in entry and "disciplines" not in entry
    assert entry["bio"] == {"en": "established New York, 1922–2018"}
    assert notes.oddities == {
        "English copied into a Chinese name (Chinese left out)": 1,
        "English copied into a Chinese field (Chinese left out)": 1,
    }


def test_a_collective_is_a_group():
    entry = artist_entry(constituent(type="Artist Collaborative"), (), Notes())
    assert entry["kind"] == "group"
    assert (entry["founded"], "born" in entry) == (1960, False)


def test_an_unknown_nationality_leaves_nationality_and_origin_out():
    notes = Notes()
    lee = constituent(
        nationality_en="Research Needed", nationality_zh="Research Needed", bio_en="", bio_zh=""
    )
    entry = artist_entry(lee, (), notes)
    assert "origin" not in entry
    assert "nationality" not in entry
    assert notes.oddities == {
        "placeholder nationality 'Research Needed' (left out)": 1,
        "no origin (placeholder nationality, no override)": 1,
    }


def test_a_foreign_national_based_in_hong_kong_is_local():
    wolf = constituent(
        id=474, name_en="Michael Wolf", name_zh="吳爾夫", nationality_en="German",
        nationality_zh="德國籍", bio_en="Hong Kong, born Germany. 1954–2019", bio_zh="",
        sort_name="Wolf, Michael",
    )  # fmt: skip
    entry = artist_entry(wolf, (), Notes())
    assert (entry["origin"], entry["nationality"], entry["based_in"]) == (
        "local",
        {"en": "German", "zh": "德國籍"},
        {"en": "Hong Kong", "zh": "香港"},
    )
    assert entry["sort_name"] == {"en": "Wolf, Michael"}


def test_an_end_before_the_start_is_left_out():
    notes = Notes()
    entry = artist_entry(constituent(begin=1972, end=1927), (), notes)
    assert (entry["born"], "died" in entry) == (1972, False)
    assert notes.oddities == {"end date before start date (end left out)": 1}


def test_a_chinese_name_in_the_english_field_is_a_chinese_name():
    group = constituent(
        id=5616, name_en="北京市宣武區中學教材編寫組", name_zh="北京市宣武區中學教材編寫組"
    )
    assert artist_entry(group, (), Notes())["name"] == {"zh": "北京市宣武區中學教材編寫組"}


def test_disciplines_come_from_roles_and_from_what_the_maker_made():
    objects = [
        mplus_object(categories_en=("Poster", "Print"), credits=(
            Credit(17, "", "", "Designer", "設計師"), Credit(24, "", "", "Publisher", "出版社"),
        )),
        mplus_object(id=2, categories_en=("Photography",), credits=(
            Credit(6872, "", "", "Film Director", "電影導演"),
        )),
    ]  # fmt: skip
    found = disciplines_by_constituent([constituent(roles=("Architect",))], objects)
    assert found[17] == ("printmaking", "design", "graphic-design", "architecture")
    assert found.get(24, ()) == ()
    assert found[6872] == ("film",)  # a film director did not take the film still


def test_each_role_gets_its_usual_chinese_name():
    objects = [
        mplus_object(credits=(Credit(1, "", "", "Artist", "藝術家"),)),
        mplus_object(credits=(Credit(2, "", "", "Artist", "藝術家"),)),
        mplus_object(credits=(Credit(3, "", "", "Artist", "編輯／剪接"),)),
    ]
    assert role_translations(objects) == {"Artist": "藝術家"}


def test_a_work_with_its_credits():
    obj = mplus_object(
        id=23, title_en="Poster, 'Life'", title_zh="「Life」海報", date="[1960s]", year=1960,
        categories_en=("Poster", "Print"), categories_zh=("海報", "版畫"),
        credits=(
            Credit(378, "Yau Leung", "邱良", "Artist", "編輯／剪接"),
            Credit(14, "Alessi", "艾烈希", "Manufacturer", "製造商"),
            Credit(14, "Alessi", "艾烈希", "Manufacturer", "製造商"),
            Credit(999, "", "", "Publisher", "出版社"),
        ),
    )  # fmt: skip
    notes = Notes()
    roles = {"Artist": "藝術家", "Manufacturer": "製造商"}
    entry = work_entry(obj, {378: "yau-leung", 14: "alessi"}, roles, None, notes)
    assert entry == {
        "title": {"en": "Poster, 'Life'", "zh": "「Life」海報"},
        "year": "196X",
        "category": {"en": "Poster, Print", "zh": "海報、版畫"},
        "medium": {"en": "black and white print", "zh": "黑白照片"},
        "credits": [
            {"artist": "yau-leung", "role": {"en": "Artist", "zh": "藝術家"}},
            {"artist": "alessi", "role": {"en": "Manufacturer", "zh": "製造商"}},
        ],
        "source": {"name": MPLUS, "url": "https://github.com/mplusmuseum/collection-data",
                   "record": 23, "licence": "CC0-1.0"},
    }  # fmt: skip
    assert notes.oddities == {
        "approximate date (circa, decade, century or a range)": 1,
        "role with another role's Chinese name (usual translation used)": 1,
        "same credit listed twice (listed once)": 1,
        "credit of a constituent without a name (left out)": 1,
    }


def test_odd_works_are_imported_with_what_is_known():
    notes = Notes()
    untitled = work_entry(
        mplus_object(title_en="", title_zh="", date="date unknown", year=None, credits=()),
        {}, {}, None, notes,
    )  # fmt: skip
    assert untitled["title"] == {"en": "[Untitled]", "zh": "[無題]"}
    assert "year" not in untitled and "date" not in untitled and "credits" not in untitled
    chinese_only = work_entry(
        mplus_object(title_en="新古今", title_zh="新古今"), {378: "yau-leung"}, {}, None, notes
    )
    assert chinese_only["title"] == {"zh": "新古今"}
    assert notes.oddities == {
        "no title in either language (titled '[Untitled]')": 1,
        "placeholder date 'date unknown' (left out)": 1,
        "object without credits": 1,
        "Chinese text in an English field (left out)": 1,
        "no English title": 1,
    }


def test_an_unknown_constituent_type_leaves_the_kind_out():
    notes = Notes()
    entry = artist_entry(constituent(type="Family"), (), notes)
    assert "kind" not in entry
    assert (entry["founded"], "born" in entry) == (1960, False)
    assert notes.oddities == {"unknown constituent type 'Family' (kind left out)": 1}

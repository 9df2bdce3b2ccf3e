"""`python -m importer` end to end, on a tiny dataset written inline."""

import json
import logging
from pathlib import Path

import pytest

from importer.cli import main as cli_main
from plugins.directory.pipeline import build_directory

CONSTITUENTS = """\
id,publicAccess,name,nameTC,alphaSortName,alphaSortNameTC,type,roles,displayBio,displayBioTC,gender,genderTC,beginDate,endDate,nationality,nationalityTC
6872,true,"Lee Sun Fung","李晨風","Lee, Sun Fung","李晨風","Individual","[""Film Director"",""電影導演""]","1909–1985","1909–1985","Male","男性",1909,1985,"Research Needed","Research Needed"
7211,true,"Ko Kuo","高歌","Ko, Kuo","高歌","Individual","[""Film Director"",""電影導演""]",,,"Unknown","不詳",,,"Research Needed","Research Needed"
6964,true,"Bian Sing Motion Picture Company Limited","萬聲電影有限公司","Bian Sing","萬聲","Organization","[""Production Company"",""製作公司""]",,,"Not Applicable","不適用",,,"Hong Kong","香港"
378,true,"Yau Leung","邱良","Yau, Leung","邱良","Individual","[""Artist"",""藝術家""]","Hong Kong, 1941–1997","香港，1941–1997年","Male","男性",1941,1997,"Hong Kong","香港"
14,true,"Alessi","艾烈希","Alessi","艾烈希","Organization","[""Manufacturer"",""製造商""]","established Omegna, 1921","1921年成立於奥梅良","Not Applicable","不適用",1921,,"Italian","意大利籍"
310,true,"Liu Wei","劉煒","Liu, Wei","劉煒","Individual","[""Artist"",""藝術家""]","Chinese, born 1965","中國籍，生於1965年","Male","男性",1965,,"Chinese","中國籍"
311,true,"Liu Wei","劉韡","Liu, Wei","劉韡","Individual","[""Artist"",""藝術家""]","born 1972, Beijing","中國籍，生於1972年","Male","男性",1972,,"Chinese","中國籍"
900,true,"Kwan Sheung Chi","關尚智","Kwan","關","Individual","[Artist, 藝術家",,,"Male","男性",1976,,"Hong Kong","香港"
"""  # noqa: E501

OBJECTS = [
    {"id": 32499, "title_en": "Film still, 'Mermaid Story'", "title_zh": "《真假金牡丹》電影劇照",
     "date": "1965", "beginDate": 1965, "area": ["Moving Image"], "category": ["Photography"],
     "category_zh": ["攝影"], "medium_en": "gelatin silver print", "medium_zh": "銀鹽照片",
     "constituents": [
         {"id": 6964, "name_en": "Bian Sing Motion Picture Company Limited",
          "name_zh": "萬聲電影有限公司", "role_en": "Production Company", "role_zh": "製作公司"},
         {"id": 6872, "name_en": "Lee Sun Fung", "name_zh": "李晨風", "role_en": "Film Director",
          "role_zh": "電影導演"},
         {"id": 7211, "name_en": "Ko Kuo", "name_zh": "高歌", "role_en": "Film Director",
          "role_zh": "電影導演"}]},
    {"id": 33198, "title_en": "Film still, ''Mermaid Story''", "title_zh": "《真假金牡丹》電影劇照",
     "date": "1965", "beginDate": 1965, "area": ["Moving Image"], "category": ["Photography"],
     "category_zh": ["攝影"], "medium_en": "gelatin silver print", "medium_zh": "銀鹽照片",
     "constituents": [
         {"id": 6872, "name_en": "Lee Sun Fung", "name_zh": "李晨風", "role_en": "Film Director",
          "role_zh": "電影導演"}]},
    {"id": 1, "title_en": "Ko Shing Street, Sheung Wan", "title_zh": "上環高陞街", "date": "1956",
     "beginDate": 1956, "area": ["Visual Art"], "category": ["Photography"],
     "category_zh": ["攝影"], "medium_en": "black and white print", "medium_zh": "黑白照片",
     "constituents": [
         {"id": 378, "name_en": "Yau Leung", "name_zh": "邱良", "role_en": "Artist",
          "role_zh": "藝術家"},
         {"id": 14, "name_en": "Alessi", "name_zh": "艾烈希", "role_en": "Manufacturer",
          "role_zh": "製造商"}]},
    {"id": 2, "title_en": "No Title", "title_zh": "無標題", "date": "1960s", "beginDate": 1960,
     "area": ["Visual Art"], "category": None, "category_zh": None, "medium_en": None,
     "medium_zh": None, "constituents": [
         {"id": 900, "name_en": "Kwan Sheung Chi", "name_zh": "關尚智", "role_en": "Artist",
          "role_zh": "藝術家"},
         {"id": 8000, "name_en": "Studio Nobody", "name_zh": "無名工作室",
          "role_en": "Publisher", "role_zh": "出版社"}]},
    {"id": 3, "title_en": "Liu Wei", "title_zh": "劉煒", "date": "1990", "beginDate": 1990,
     "area": ["Visual Art"], "category": ["Painting"], "category_zh": ["繪畫"],
     "medium_en": "oil on canvas", "medium_zh": "布本油畫", "constituents": [
         {"id": 310, "name_en": "Liu Wei", "name_zh": "劉煒", "role_en": "Artist",
          "role_zh": "藝術家"}]},
    {"id": 4, "title_en": "Untitled", "title_zh": "無題", "date": "2004", "beginDate": 2004,
     "area": ["Visual Art"], "category": ["Painting"], "category_zh": ["繪畫"],
     "medium_en": "oil on canvas", "medium_zh": "布本油畫", "constituents": [
         {"id": 311, "name_en": "Liu Wei", "name_zh": "劉韡", "role_en": "Artist",
          "role_zh": "藝術家"}]},
]  # fmt: skip

VENUES = """<?xml version="1.0" encoding="UTF-8"?>
<venues>
  <venue id="75010293"><venuec><![CDATA[香港電影資料館展覽廳]]></venuec>
    <venuee><![CDATA[Hong Kong Film Archive Exhibition Hall]]></venuee></venue>
  <venue id="100"><venuec><![CDATA[大埔公共圖書館]]></venuec>
    <venuee><![CDATA[Tai Po Public Library]]></venuee></venue>
</venues>
"""

EVENTS = """<?xml version="1.0" encoding="UTF-8"?>
<events>
  <event id="161846"><titlec><![CDATA[萬象之華——香港電影預告片珍藏展]]></titlec>
    <titlee><![CDATA[--]]></titlee><cat1>inc6</cat1><cat2><![CDATA[inc6sc1]]></cat2>
    <predateE><![CDATA[31/5/2024 - 3/11/2024]]></predateE><venueid>75010293</venueid>
    <presenterorge><![CDATA[Presented by Hong Kong Film Archive]]></presenterorge>
    <presenterorgc><![CDATA[香港電影資料館主辦]]></presenterorgc>
    <desce><![CDATA[<p>Trailers &amp; posters</p><p>Free admission</p>]]></desce><descc /></event>
  <event id="177381"><titlec><![CDATA[恆常兒童畫班]]></titlec><titlee><![CDATA[--]]></titlee>
    <cat2><![CDATA[inc4sc14]]></cat2><venueid>100</venueid></event>
  <event id="177513"><titlec><![CDATA[書籍介紹 － 戰火歲月]]></titlec>
    <titlee><![CDATA[Book Display – Days of War]]></titlee><cat2>inc7sc3</cat2>
    <venueid>100</venueid></event>
</events>
"""

EVENT_DATES = """<?xml version="1.0" encoding="UTF-8"?>
<event_dates>
  <event id="161846"><indate><![CDATA[20990101]]></indate></event>
  <event id="177381"><indate>20260105</indate></event>
</event_dates>
"""


# Two of the Hong Kong film directors, as importer/overrides.yaml has them.
OVERRIDES = """\
6872: {origin: local, based_in: {en: Hong Kong, zh: 香港}}
7211: {origin: local, based_in: {en: Hong Kong, zh: 香港}}
"""


def main(argv: list[str]) -> int:
    """python -m importer with the overrides written beside the test data."""
    data = Path(argv[argv.index("--data") + 1])
    return cli_main([*argv, "--overrides", str(data / "overrides.yaml")])


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    (root / "mplus").mkdir(parents=True)
    (root / "lcsd").mkdir()
    (root / "mplus" / "constituents.csv").write_text(CONSTITUENTS, encoding="utf-8")
    lines = [json.dumps(obj, ensure_ascii=False) for obj in OBJECTS] + ["{broken"]
    (root / "mplus" / "objects_trimmed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (root / "lcsd" / "venues.xml").write_text(VENUES, encoding="utf-8")
    (root / "lcsd" / "events.xml").write_text(EVENTS, encoding="utf-8")
    (root / "lcsd" / "eventDates.xml").write_text(EVENT_DATES, encoding="utf-8")
    (root / "overrides.yaml").write_text(OVERRIDES, encoding="utf-8")
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_full_import_writes_every_entry_valid(data, tmp_path, capsys):
    out = tmp_path / "full"
    assert main(["--data", str(data), "--output", str(out), "--full"]) == 0
    assert sorted(snapshot(out)) == [
        ".import-manifest.json",
        "artists/alessi.yaml",
        "artists/bian-sing-motion-picture-company-limited.yaml",
        "artists/ko-kuo.yaml",
        "artists/kwan-sheung-chi.yaml",
        "artists/lee-sun-fung.yaml",
        "artists/liu-wei-1972.yaml",
        "artists/liu-wei.yaml",
        "artists/studio-nobody.yaml",
        "artists/yau-leung.yaml",
        "events/lcsd-event-177381.yaml",
        "exhibitions/lcsd-exhibition-161846.yaml",
        "films/mermaid-story.yaml",
        "venues/hong-kong-film-archive-exhibition-hall.yaml",
        "venues/tai-po-public-library.yaml",
        "works/film-still-mermaid-story-1965.yaml",
        "works/film-still-mermaid-story.yaml",
        "works/ko-shing-street-sheung-wan.yaml",
        "works/liu-wei.yaml",
        "works/no-title.yaml",
        "works/untitled.yaml",
    ]
    assert [str(p) for p in build_directory(out).problems] == []
    assert (
        (out / "films/mermaid-story.yaml").read_text(encoding="utf-8")
        == """\
title:
  en: Mermaid Story
  zh: 真假金牡丹
year: 1965
directors:
- lee-sun-fung
- ko-kuo
production:
- bian-sing-motion-picture-company-limited
source:
  name:
    en: M+ Museum, Hong Kong
    zh: 香港M+博物館
  url: https://github.com/mplusmuseum/collection-data
  record: 32499
  licence: CC0-1.0
"""
    )
    assert (
        (out / "exhibitions/lcsd-exhibition-161846.yaml").read_text(encoding="utf-8")
        == """\
title:
  zh: 萬象之華——香港電影預告片珍藏展
venue: hong-kong-film-archive-exhibition-hall
start: '2024-05-31'
end: '2024-11-03'
presenter:
  en: Hong Kong Film Archive
  zh: 香港電影資料館
description:
  en: |-
    Trailers & posters

    Free admission
source:
  name:
    en: Leisure and Cultural Services Department, HKSAR Government
    zh: 香港特別行政區政府康樂及文化事務署
  url: https://data.gov.hk/en-data/dataset/hk-lcsd-event-event-cultural
  record: 161846
  licence: DATA.GOV.HK terms of use
"""
    )
    report = capsys.readouterr().out
    assert (
        "  total                  20            0            0            0            0" in report
    )
    for line in (
        "       2  missing English title ('--') (e.g. LCSD event 161846)",
        "       1  malformed roles list (read as comma-separated) (e.g. M+ constituent 900)",
        "       1  unreadable line in objects_trimmed.jsonl (e.g. line 7)",
        "       1  artists: name shared with another record (slug qualified)"
        " (e.g. artists record 311)",
        "       1  LCSD library: book display (e.g. LCSD event 177513)",
        "       2  generic title (Untitled / No Title) (e.g. M+ object 2)",
    ):
        assert line in report.splitlines()


def test_running_twice_changes_nothing(data, tmp_path, capsys):
    out = tmp_path / "content"
    main(["--data", str(data), "--output", str(out)])
    first = snapshot(out)
    capsys.readouterr()
    main(["--data", str(data), "--output", str(out)])
    assert snapshot(out) == first
    assert "  total                   0            0           16            0            0" in (
        capsys.readouterr().out
    )


def test_the_sample_holds_hong_kong_artists_their_partners_and_used_venues(data, tmp_path):
    out = tmp_path / "content"
    main(["--data", str(data), "--output", str(out)])
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.yaml")) == [
        "artists/alessi.yaml",
        "artists/bian-sing-motion-picture-company-limited.yaml",
        "artists/ko-kuo.yaml",
        "artists/kwan-sheung-chi.yaml",
        "artists/lee-sun-fung.yaml",
        "artists/studio-nobody.yaml",
        "artists/yau-leung.yaml",
        "events/lcsd-event-177381.yaml",
        "exhibitions/lcsd-exhibition-161846.yaml",
        "films/mermaid-story.yaml",
        "venues/hong-kong-film-archive-exhibition-hall.yaml",
        "venues/tai-po-public-library.yaml",
        "works/film-still-mermaid-story-1965.yaml",
        "works/film-still-mermaid-story.yaml",
        "works/ko-shing-street-sheung-wan.yaml",
        "works/no-title.yaml",
    ]
    assert [str(p) for p in build_directory(out).problems] == []


def test_a_hand_edit_survives_a_new_import_and_is_reported(data, tmp_path, capsys):
    out = tmp_path / "content"
    main(["--data", str(data), "--output", str(out)])
    entry = out / "artists" / "lee-sun-fung.yaml"
    edited = entry.read_text(encoding="utf-8") + "based_in: Hong Kong\n"
    entry.write_text(edited, encoding="utf-8")
    capsys.readouterr()
    main(["--data", str(data), "--output", str(out)])
    assert entry.read_text(encoding="utf-8") == edited
    report = capsys.readouterr().out
    assert (
        "  artists                 0            0            6            1            0" in report
    )
    assert "--- artists/lee-sun-fung.yaml (edited by hand, kept)\n" in report
    assert "\n-based_in: Hong Kong\n" in report


def test_missing_data_is_a_clear_error(tmp_path, caplog):
    with caplog.at_level(logging.ERROR):
        argv = ["--data", str(tmp_path / "nowhere"), "--output", str(tmp_path / "out")]
        assert cli_main(argv) == 2
    assert "constituents.csv: cannot read the file" in caplog.text
    assert not (tmp_path / "out").exists()


def test_a_new_rule_reimported_is_summed_up_per_field(data, tmp_path, capsys):
    """A rule changed (here an override) and the sample imported again: the summary says which
    fields of how many entries changed, for the re-import's diff to be reviewed."""
    out = tmp_path / "content"
    main(["--data", str(data), "--output", str(out)])
    overrides = data / "overrides.yaml"
    overrides.write_text(
        overrides.read_text("utf-8").replace(
            "6872: {origin: local, based_in: {en: Hong Kong, zh: 香港}}",
            "6872: {origin: international, based_in: {en: Hong Kong, zh: 香港}}",
        ),
        "utf-8",
    )
    capsys.readouterr()
    main(["--data", str(data), "--output", str(out)])
    report = capsys.readouterr().out
    assert "\n  total                   0            1           15            0" in report
    assert report.endswith(
        "What changed in the updated entries (entries per field):\n"
        "       1  artists: origin changed\n"
    )

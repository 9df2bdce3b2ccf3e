"""Open data: the directory as JSON and CSV with its licence, and iCalendar feeds of current and
upcoming exhibitions, parsed as their readers parse them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess

import pytest

from tests.support import SMALL_DIRECTORY, build, tags, text_of, write_tree

SITEURL = "https://example.org/hk-arts"
TODAY = "2024-06-01"
STAMP = "20240531T160000Z"  # the start of the build day in Hong Kong, for entries without history
LONG_ZH = "香港藝術館呈獻：" + "水墨、攝影與錄像，" * 12
EXHIBITIONS = {
    # Ended before "today" (2024-06-01): left out.
    "exhibitions/moods.yaml": """
        title: {en: Moods, zh: 花樣}
        venue: hong-kong-museum-of-art
        start: 2024-03-01
        end: 2024-05-01
        artists: [wong-kar-wai]
        """,
    # Ends today: current.
    "exhibitions/last-day.yaml": f"""
        title: {{en: "Last day; of, all\\\\things", zh: 最後一天}}
        venue: hong-kong-museum-of-art
        start: 2024-05-02
        end: 2024-06-01
        description: {{en: "Ink, photographs and video.", zh: "{LONG_ZH}"}}
        """,
    # Upcoming, with dates to the month only.
    "exhibitions/autumn.yaml": """
        title: {en: Autumn, zh: 秋}
        start: 2024-09
        end: 2024-11
        """,
    # No end: the day it opens.
    "exhibitions/opening.yaml": """
        title: {en: Opening, zh: 開幕}
        start: 2024-07-05
        """,
    # No dates at all: cannot be placed in a calendar.
    "exhibitions/undated.yaml": """
        title: {en: Undated, zh: 未定}
        """,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("opendata")
    content = write_tree(root / "content", {**SMALL_DIRECTORY, **EXHIBITIONS})
    return build(content, root / "output", SITEURL=SITEURL, DIRECTORY={"BUILD_DAY": TODAY})


def read_csv(site, name: str) -> tuple[bytes, list[dict]]:
    raw = (site.output / "data" / name).read_bytes()
    return raw, list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def parse_ics(raw: bytes) -> list[tuple[str, dict, str]]:
    """A strict reading of RFC 5545 content lines: [(name, parameters, value)], unfolded."""
    assert raw.endswith(b"\r\n")
    physical = raw[:-2].split(b"\r\n")
    for line in physical:
        assert b"\r" not in line and b"\n" not in line
        assert len(line) <= 75, line
        line.decode("utf-8")  # every folded piece is whole UTF-8: no character is split
    logical: list[bytes] = []
    for line in physical:
        if line.startswith(b" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    parsed = []
    for line in logical:
        head, value = line.decode("utf-8").split(":", 1)
        name, *params = head.split(";")
        parsed.append((name, dict(p.split("=", 1) for p in params), value))
    return parsed


def events(raw: bytes) -> list[dict]:
    """Each VEVENT as {property: (parameters, value)}, in file order."""
    found, current = [], None
    for name, params, value in parse_ics(raw):
        if (name, value) == ("BEGIN", "VEVENT"):
            current = {}
        elif (name, value) == ("END", "VEVENT"):
            found.append(current)
            current = None
        elif current is not None:
            assert name not in current
            current[name] = (params, value)
    return found


def unescape_text(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            nxt = next(chars)
            out.append("\n" if nxt in "nN" else nxt)
        else:
            assert char not in ",;", value  # unescaped separators are not allowed in one TEXT
            out.append(char)
    return "".join(out)


def test_directory_json_holds_every_entry_with_links_resolved(site):
    text = (site.output / "data" / "directory.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    keys = [(e["type"], e["slug"]) for e in data["entries"]]
    expected = sorted(
        (path.split("/")[0], path.split("/")[1].split(".")[0])
        for path in {**SMALL_DIRECTORY, **EXHIBITIONS}
        if not path.endswith(".zh.md")
    )
    assert sorted(keys) == expected and len(keys) == len(set(keys))
    assert data["licence"]["compilation"] == "CC-BY-4.0"
    by_key = {(e["type"], e["slug"]): e for e in data["entries"]}
    film = by_key[("films", "in-the-mood-for-love")]
    assert film["urls"] == {
        "en": f"{SITEURL}/en/films/in-the-mood-for-love/",
        "zh": f"{SITEURL}/tc/films/in-the-mood-for-love/",
        "zh_hans": f"{SITEURL}/sc/films/in-the-mood-for-love/",
    }
    assert film["fields"] == {
        "title": {"en": "In the Mood for Love", "zh": "花樣年華"},
        "year": 2000,
        "directors": [{"type": "artists", "slug": "wong-kar-wai", "class": "creative"}],
        "credits": [
            {
                "type": "artists",
                "slug": "christopher-doyle",
                "role": {"en": "Cinematographer", "zh": "攝影指導"},
                "class": "creative",
            }
        ],
        "synopsis": {"en": "Hong Kong, 1962: two neighbours.", "zh": None},
    }
    poster = by_key[("works", "poster")]["fields"]
    assert poster["film"] == {"type": "films", "slug": "in-the-mood-for-love"}
    # Every link leads to an entry in the file.
    for entry in data["entries"]:
        for value in entry["fields"].values():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and "slug" in item:
                    assert (item["type"], item["slug"]) in by_key


def test_csv_files_have_one_row_per_entry_with_bilingual_columns(site):
    raw, rows = read_csv(site, "films.csv")
    assert raw.startswith(
        b"\xef\xbb\xbfslug,url_en,url_zh,url_zh_hans,title_en,title_zh,year,directors,"
    )
    assert b"\r\n" in raw and raw.endswith(b"\r\n")
    assert rows == [
        {
            "slug": "in-the-mood-for-love",
            "url_en": f"{SITEURL}/en/films/in-the-mood-for-love/",
            "url_zh": f"{SITEURL}/tc/films/in-the-mood-for-love/",
            "url_zh_hans": f"{SITEURL}/sc/films/in-the-mood-for-love/",
            "title_en": "In the Mood for Love",
            "title_zh": "花樣年華",
            "year": "2000",
            "directors": "wong-kar-wai",
            "directors_class": "creative",
            "credits": "christopher-doyle",
            "credits_name_en": "",
            "credits_name_zh": "",
            "credits_role_en": "Cinematographer",
            "credits_role_zh": "攝影指導",
            "credits_class": "creative",
            "production": "",
            "production_class": "",
            "screenings_venue": "",
            "screenings_date": "",
            "versions_record": "",
            "versions_year": "",
            "versions_medium_en": "",
            "versions_medium_zh": "",
            "synopsis_en": "Hong Kong, 1962: two neighbours.",
            "synopsis_zh": "",
            "links": "",
            "source_name_en": "",
            "source_name_zh": "",
            "source_url": "",
            "source_record": "",
            "source_licence": "",
            "image_src": "",
            "image_alt_en": "",
            "image_alt_zh": "",
            "image_credit_en": "",
            "image_credit_zh": "",
        }
    ]
    _, artists = read_csv(site, "artists.csv")
    assert [r["slug"] for r in artists] == ["christopher-doyle", "tsang-tsou-choi", "wong-kar-wai"]
    wong = artists[2]
    assert (wong["name_en"], wong["name_zh"], wong["born"]) == (
        "Wong Kar-wai",
        "王家衛",
        "1958-07-17",
    )
    assert artists[1]["disciplines"] == "ink-art"
    _, exhibitions = read_csv(site, "exhibitions.csv")
    assert len(exhibitions) == len(EXHIBITIONS)
    _, moods = read_csv(site, "exhibitions.csv")
    moods_row = next(r for r in moods if r["slug"] == "moods")
    assert (moods_row["venue"], moods_row["artists"]) == ("hong-kong-museum-of-art", "wong-kar-wai")


def test_lists_in_csv_cells_are_joined_with_semicolons(tmp_path):
    files = {
        **SMALL_DIRECTORY,
        "artists/tsang-tsou-choi.yaml": """
            name: {en: Tsang Tsou-choi, zh: 曾灶財}
            disciplines: [ink-art, painting]
            aliases: [{en: King of Kowloon, zh: 九龍皇帝}, {en: Uncle Choi}]
            """,
    }
    site = build(write_tree(tmp_path / "content", files), tmp_path / "output")
    _, rows = read_csv(site, "artists.csv")
    row = next(r for r in rows if r["slug"] == "tsang-tsou-choi")
    assert row["disciplines"] == "ink-art; painting"
    assert (row["aliases_en"], row["aliases_zh"]) == ("King of Kowloon; Uncle Choi", "九龍皇帝; ")
    _, exhibitions = read_csv(site, "exhibitions.csv")
    assert exhibitions[0]["artists"] == "wong-kar-wai; christopher-doyle"
    assert exhibitions[0]["artists_role_zh"] == "; 攝影指導"
    assert exhibitions[0]["artists_class"] == "creative; creative"


def test_open_data_gives_each_credit_its_role_class(tmp_path):
    files = {
        **SMALL_DIRECTORY,
        "works/poster.yaml": """
            title: {en: Poster}
            credits:
              - {artist: wong-kar-wai, role: {en: Commissioned by, zh: 委約方}}
              - {artist: christopher-doyle}
              - {artist: tsang-tsou-choi, role: {zh: 作品主體}}
            """,
    }
    site = build(write_tree(tmp_path / "content", files), tmp_path / "output")
    data = json.loads((site.output / "data" / "directory.json").read_text(encoding="utf-8"))
    (poster,) = [e for e in data["entries"] if e["slug"] == "poster"]
    assert [(c["slug"], c["class"]) for c in poster["fields"]["credits"]] == [
        ("wong-kar-wai", "commission"),
        ("christopher-doyle", "creative"),  # no role: the field's own, "Credited"
        ("tsang-tsou-choi", "context"),
    ]
    _, rows = read_csv(site, "works.csv")
    assert rows[0]["credits_class"] == "commission; creative; context"


def test_readme_states_the_licences(site):
    readme = (site.output / "data" / "README.txt").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme and "https://creativecommons.org/licenses/by/4.0/" in readme
    assert "CC0 1.0" in readme and "DATA.GOV.HK terms of use" in readme
    assert "創用 CC 姓名標示 4.0" in readme


def test_calendar_lists_current_and_upcoming_exhibitions_as_all_day_events(site):
    english = events((site.output / "en" / "exhibitions.ics").read_bytes())
    stamp = STAMP
    assert [
        (e["UID"][1], e["DTSTART"], e["DTEND"], e["DTSTAMP"][1], e["URL"][1]) for e in english
    ] == [
        (
            "exhibition-last-day@harbour-crossings",
            ({"VALUE": "DATE"}, "20240502"),
            ({"VALUE": "DATE"}, "20240602"),  # exclusive: the day after the last
            stamp,
            f"{SITEURL}/en/exhibitions/last-day/",
        ),
        (
            "exhibition-opening@harbour-crossings",
            ({"VALUE": "DATE"}, "20240705"),
            ({"VALUE": "DATE"}, "20240706"),
            stamp,
            f"{SITEURL}/en/exhibitions/opening/",
        ),
        (
            "exhibition-autumn@harbour-crossings",
            ({"VALUE": "DATE"}, "20240901"),
            ({"VALUE": "DATE"}, "20241201"),
            stamp,
            f"{SITEURL}/en/exhibitions/autumn/",
        ),
    ]
    last_day = english[0]
    assert last_day["SUMMARY"][1] == "Last day\\; of\\, all\\\\things"
    assert unescape_text(last_day["SUMMARY"][1]) == "Last day; of, all\\things"
    assert unescape_text(last_day["LOCATION"][1]) == "Hong Kong Museum of Art"
    assert unescape_text(last_day["DESCRIPTION"][1]) == "Ink, photographs and video."
    assert all(e["TRANSP"][1] == "TRANSPARENT" for e in english)


def test_chinese_calendar_folds_long_lines_without_splitting_characters(site):
    raw = (site.output / "tc" / "exhibitions.ics").read_bytes()
    lines = parse_ics(raw)
    assert lines[0] == ("BEGIN", {}, "VCALENDAR") and lines[-1] == ("END", {}, "VCALENDAR")
    assert ("VERSION", {}, "2.0") in lines
    assert ("X-WR-CALNAME", {}, "港藝交匯：現正及即將舉行的展覽") in lines
    (last_day, *_) = events(raw)
    assert unescape_text(last_day["SUMMARY"][1]) == "最後一天"
    assert unescape_text(last_day["LOCATION"][1]) == "香港藝術館"
    assert unescape_text(last_day["DESCRIPTION"][1]) == LONG_ZH
    assert raw.count(b"\r\n ") >= 3  # the description really was folded
    # UIDs are the same in both languages: one exhibition, one event.
    english = events((site.output / "en" / "exhibitions.ics").read_bytes())
    assert [e["UID"] for e in events(raw)] == [e["UID"] for e in english]


def test_calendar_stamp_comes_from_the_entry_git_history(tmp_path):
    content = write_tree(tmp_path / "repo" / "content", {**SMALL_DIRECTORY, **EXHIBITIONS})
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "e@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "e@example.org",
        "GIT_AUTHOR_DATE": "2024-05-20T03:04:05Z",
        "GIT_COMMITTER_DATE": "2024-05-20T03:04:05Z",
    }
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "Entries"]):
        subprocess.run(["git", *args], cwd=tmp_path / "repo", env=env, check=True)
    site = build(content, tmp_path / "output", DIRECTORY={"BUILD_DAY": TODAY})
    stamps = {e["DTSTAMP"][1] for e in events((site.output / "en/exhibitions.ics").read_bytes())}
    assert stamps == {"20240520T030405Z"}


def test_about_page_links_the_downloads_and_states_the_licences(site):
    for prefix in ("en", "tc"):
        html = site.page(f"/{prefix}/about/")
        hrefs = [a["href"] for a in tags(html, "a")]
        for name in ("directory.json", "artists.csv", "films.csv", "venues.csv", "README.txt"):
            assert f"{SITEURL}/data/{name}" in hrefs
        assert f"{SITEURL}/{prefix}/exhibitions.ics" in hrefs
        assert "https://creativecommons.org/licenses/by/4.0/" in hrefs
    english = text_of(site.page("/en/about/"))
    assert "Creative Commons Attribution 4.0 International licence: CC BY 4.0" in english
    assert "M+ collection are CC0 1.0" in english and "DATA.GOV.HK terms of use" in english
    chinese = text_of(site.page("/tc/about/"))
    assert "創用 CC 姓名標示 4.0 國際授權條款" in chinese and "資料一線通" in chinese


def test_exhibitions_listing_offers_the_calendar(site):
    for prefix in ("en", "tc"):
        html = site.page(f"/{prefix}/exhibitions/")
        (calendar,) = tags(html, "link", rel="alternate", type="text/calendar")
        (visible,) = tags(html, "a", type="text/calendar")
        assert calendar["href"] == visible["href"] == f"{SITEURL}/{prefix}/exhibitions.ics"
    assert not tags(site.page("/en/films/"), "link", type="text/calendar")


def test_open_data_files_are_byte_identical_across_builds(tmp_path):
    names = [
        "data/directory.json",
        "data/artists.csv",
        "data/exhibitions.csv",
        "data/films.csv",
        "data/works.csv",
        "data/venues.csv",
        "data/README.txt",
        "en/exhibitions.ics",
        "tc/exhibitions.ics",
    ]
    outputs = []
    for run in ("one", "two"):
        content = write_tree(tmp_path / run / "content", {**SMALL_DIRECTORY, **EXHIBITIONS})
        site = build(
            content, tmp_path / run / "output", SITEURL=SITEURL, DIRECTORY={"BUILD_DAY": TODAY}
        )
        outputs.append(site.output)
    for name in names:
        assert (outputs[0] / name).read_bytes() == (outputs[1] / name).read_bytes(), name


def test_a_directory_without_entries_has_open_data_without_entries(tmp_path):
    content = write_tree(tmp_path / "content", {"images/.keep": ""})
    site = build(content, tmp_path / "output")
    text = (site.output / "data" / "directory.json").read_text(encoding="utf-8")
    assert json.loads(text)["entries"] == []

"""Approximate dates (circa, decade, century, from–to, an artist's active years): read, shown
as such in both languages, placed only in the decade they stand for, never given to JSON-LD as
an exact date."""

from __future__ import annotations

import json
import re

import pytest

from plugins.directory.fields import read_date
from plugins.directory.i18n import Formatter
from tests.support import SMALL_DIRECTORY, build, text_of, write_tree

APPROXIMATE = {
    **SMALL_DIRECTORY,
    "artists/weeks-and-co.yaml": """
        name: {en: Weeks & Co. Ltd, zh: 彙司公司}
        kind: organisation
        founded: 1907~
        """,
    "artists/world-theatre.yaml": """
        name: {en: World Theatre, zh: 世界戲院}
        kind: organisation
        active: 1949/1995
        """,
    "artists/lo-yuk-ying.yaml": """
        name: {en: Lo Yuk Ying, zh: 盧玉瑩}
        kind: person
        born: 195X
        """,
    "artists/gao-qichang.yaml": """
        name: {en: Gao Qichang, zh: 高其昌}
        kind: person
        born: 19XX
        """,
    "works/radio.yaml": """
        title: {en: Radio, zh: 收音機}
        year: 1974~
        """,
    "works/sign.yaml": """
        title: {en: Sign, zh: 招牌}
        year: 196X/197X
        """,
    "works/letter.yaml": """
        title: {en: Letter, zh: 信}
        year: 19XX
        """,
    "films/mad-dragon.yaml": """
        title: {en: The Mad Dragon, zh: 狂龍}
        year: 196X
        """,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("approximate")
    return build(write_tree(root / "content", APPROXIMATE), root / "output")


def facts(html: str) -> str:
    return text_of(html.split('<dl class="facts">')[1].split("</dl>")[0])


@pytest.mark.parametrize(
    ("text", "english", "chinese", "simplified"),
    [
        ("1907~", "c. 1907", "約1907年", "约1907年"),
        ("197X", "1970s", "1970年代", "1970年代"),
        ("19XX", "20th century", "20世紀", "20世纪"),
        ("20XX", "21st century", "21世紀", "21世纪"),
        ("1965/1970", "1965–1970", "1965年至1970年", "1965年至1970年"),
        ("196X/197X", "1960s–1970s", "1960年代至1970年代", "1960年代至1970年代"),
        ("1958-07-17", "17 July 1958", "1958年7月17日", "1958年7月17日"),
    ],
)
def test_each_form_is_written_in_every_language(text, english, chinese, simplified):
    assert Formatter("en_HK").date(text) == english
    assert Formatter("zh_Hant_HK").date(text) == chinese
    assert Formatter("zh_Hans").date(text) == simplified


def test_the_first_and_last_day_of_an_approximate_date():
    found = read_date("196X/1972~")
    assert (found.first_day().isoformat(), found.last_day().isoformat()) == (
        "1960-01-01",
        "1972-12-31",
    )
    assert not found.exact and read_date("1972-05").exact
    assert read_date("1965-03", days=False) is None


def test_artist_pages_show_approximate_dates_as_such(site):
    assert facts(site.page("/en/artists/weeks-and-co/")) == "Kind Organisation Founded c. 1907"
    assert facts(site.page("/tc/artists/weeks-and-co/")) == "類型 機構 成立 約1907年"
    assert facts(site.page("/en/artists/world-theatre/")) == ("Kind Organisation Active 1949–1995")
    assert facts(site.page("/tc/artists/world-theatre/")) == "類型 機構 活躍年份 1949年至1995年"
    assert facts(site.page("/en/artists/lo-yuk-ying/")) == "Kind Person Born 1950s"
    assert facts(site.page("/tc/artists/gao-qichang/")) == "類型 個人 出生 20世紀"
    assert facts(site.page("/sc/artists/weeks-and-co/")) == "类型 机构 成立 约1907年"
    assert facts(site.page("/sc/artists/gao-qichang/")) == "类型 个人 出生 20世纪"


def test_work_and_film_pages_show_approximate_years_as_such(site):
    assert facts(site.page("/en/works/radio/")) == "Year c. 1974"
    assert facts(site.page("/tc/works/radio/")) == "年份 約1974年"
    assert facts(site.page("/en/works/sign/")) == "Year 1960s–1970s"
    assert facts(site.page("/tc/films/mad-dragon/")) == "年份 1960年代"
    assert facts(site.page("/en/works/poster/")).startswith("Year 2000")  # exact: as before


def test_decades_hold_only_what_they_stand_for(site):
    decades = text_of(site.page("/en/works/").split('<ul class="type-cards">')[1].split("</ul>")[0])
    assert decades == "2000s 1 1970s 1 1960s 1 Undated 1"  # 19XX is in no decade
    assert "/en/works/letter/" in site.page("/en/works/undated/")
    assert "/en/works/sign/" in site.page("/en/works/1960s/")
    artists = site.page("/en/artists/")
    assert 'data-decade="1950s"' in artists.split("/en/artists/lo-yuk-ying/")[0].rsplit("<li", 1)[1]
    assert 'data-decade=""' in artists.split("/en/artists/gao-qichang/")[0].rsplit("<li", 1)[1]
    assert "/en/artists/weeks-and-co/" in site.page("/en/artists/decade/1900s/")


def test_year_listings_head_a_decade_after_its_years_and_mark_circa(site):
    films = site.page("/en/films/")
    headings = re.findall(r'<h2 id="g-\d+">([^<]+)</h2>', films)
    assert headings == ["2000", "1960s"]
    works = site.page("/en/works/1970s/")
    assert text_of(works.split("/en/works/radio/")[1].split("</li>")[0]).endswith("c. 1974")


def test_json_ld_never_gives_an_approximate_date_as_exact(site):
    def entity(path):
        html = site.page(path)
        (data,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
        return json.loads(data)["@graph"][1]

    assert "dateCreated" not in entity("/en/works/radio/")
    assert "foundingDate" not in entity("/en/artists/weeks-and-co/")
    assert "birthDate" not in entity("/en/artists/lo-yuk-ying/")
    assert entity("/en/works/poster/")["dateCreated"] == "2000"
    assert entity("/en/artists/wong-kar-wai/")["birthDate"] == "1958-07-17"

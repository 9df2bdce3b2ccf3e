"""Identifiers in other catalogues: checked by their patterns with located messages, shown as
links out, given as sameAs, and two entries sharing one reported as likely duplicates."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import pytest

from plugins.directory.duplicates import duplicate_warnings
from plugins.directory.pipeline import build_directory
from tests.support import ROOT, SMALL_DIRECTORY, build, tags, text_of, write_tree

WONG = """
    name: {en: Wong Kar-wai, zh: 王家衛}
    kind: person
    identifiers:
      wikidata: Q55404
      ulan: 500330529
      viaf: "113230702"
      isni: "0000 0001 2146 438X"
      musicbrainz: 5b11f4ce-a62d-471e-81fc-a69a8278c7da
    links: [https://en.wikipedia.org/wiki/Wong_Kar-wai]
    """
MUSEUM = """
    name: {en: Hong Kong Museum of Art, zh: 香港藝術館}
    identifiers: {wikidata: Q1128093, musicbrainz: 0b9e5b3a-4c6f-4f0e-9a55-4a0cfb4f2e11}
    """
TALK = """
    title: {en: Wong Kar-wai in Conversation, zh: 王家衛對談}
    kind: talk
    venues: [hong-kong-museum-of-art]
    sessions: [2026-12-05 15:00-16:30]
    participants:
      - {artist: wong-kar-wai, role: speaker}
    identifiers: {wikidata: Q1234567, musicbrainz: 2c7f5b1e-7a4e-4d37-9d0b-3c1e4f5a6b7c}
    """
IDENTIFIED = {
    **SMALL_DIRECTORY,
    "artists/wong-kar-wai.yaml": WONG,
    "venues/hong-kong-museum-of-art.yaml": MUSEUM,
    "events/wong-kar-wai-in-conversation.yaml": TALK,
}


def problems_for(tmp_path, files: dict) -> list[str]:
    content = write_tree(tmp_path / "content", files)
    return [str(p) for p in build_directory(content, tmp_path).problems]


@pytest.mark.parametrize(
    ("identifiers", "expected"),
    [
        pytest.param(
            "{wikidata: q55404}",
            "content/artists/a.yaml:2: identifiers.wikidata: 'q55404' is not a valid Wikidata "
            "QID: expected Q and digits, such as Q42",
            id="wikidata",
        ),
        pytest.param(
            "{ulan: 12}",
            "content/artists/a.yaml:2: identifiers.ulan: the number 12 is not a valid ULAN ID: "
            "expected the nine digits of a Getty ULAN record, 500 and six more, such as "
            "500115588",
            id="ulan-number",
        ),
        pytest.param(
            "{viaf: 'viaf 113230702'}",
            "content/artists/a.yaml:2: identifiers.viaf: 'viaf 113230702' is not a valid VIAF "
            "ID: expected the digits of a VIAF cluster, such as 113230702",
            id="viaf",
        ),
        pytest.param(
            "{isni: '0000 0001 2146 4381'}",
            "content/artists/a.yaml:2: identifiers.isni: '0000 0001 2146 4381' has a wrong "
            "check character: expected X as its last character (is a digit mistyped?)",
            id="isni-check-character",
        ),
        pytest.param(
            "{musicbrainz: 5B11F4CE-A62D-471E-81FC-A69A8278C7DA}",
            "content/artists/a.yaml:2: identifiers.musicbrainz: "
            "'5B11F4CE-A62D-471E-81FC-A69A8278C7DA' is not a valid MusicBrainz ID: expected 36 "
            "characters, lowercase letters a-f and digits in groups of 8-4-4-4-12, such as "
            "5b11f4ce-a62d-471e-81fc-a69a8278c7da",
            id="musicbrainz",
        ),
        pytest.param(
            "{wikipedia: Wong_Kar-wai}",
            "content/artists/a.yaml:2: identifiers.wikipedia: unknown field: expected one of "
            "wikidata, ulan, viaf, isni, musicbrainz",
            id="unknown-catalogue",
        ),
    ],
)
def test_a_bad_identifier_has_a_located_message_naming_what_was_expected(
    tmp_path, identifiers, expected
):
    files = {"artists/a.yaml": f"name: A\nidentifiers: {identifiers}\n"}
    assert problems_for(tmp_path, files) == [expected]


def test_good_identifiers_of_artists_venues_and_events_pass(tmp_path):
    assert problems_for(tmp_path, IDENTIFIED) == []


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("identifiers")
    content = write_tree(root / "content", IDENTIFIED)
    return build(content, root / "output", SITEURL="https://example.org")


def test_identifiers_are_links_out_on_the_page_in_both_languages(site):
    for prefix, heading in (("en", "In other catalogues"), ("tc", "其他資料庫中的記錄")):
        page = site.page(f"/{prefix}/artists/wong-kar-wai/")
        assert heading in text_of(page)
        hrefs = [a["href"] for a in tags(page, "a", rel="noopener noreferrer")]
        assert hrefs[:5] == [
            "https://www.wikidata.org/wiki/Q55404",
            "https://vocab.getty.edu/page/ulan/500330529",
            "https://viaf.org/viaf/113230702",
            "https://isni.org/isni/000000012146438X",
            "https://musicbrainz.org/artist/5b11f4ce-a62d-471e-81fc-a69a8278c7da",
        ]
        assert "Wikidata QID Q55404" in text_of(page)
        assert "ISNI 0000 0001 2146 438X" in text_of(page)
    venue = site.page("/en/venues/hong-kong-museum-of-art/")
    assert "https://musicbrainz.org/place/0b9e5b3a-4c6f-4f0e-9a55-4a0cfb4f2e11" in [
        a["href"] for a in tags(venue, "a")
    ]


def test_an_events_identifiers_are_its_records_as_an_event(site):
    page = site.page("/tc/events/wong-kar-wai-in-conversation/")
    assert "其他資料庫中的記錄" in text_of(page)
    assert json_ld(page)["sameAs"] == [
        "https://www.wikidata.org/wiki/Q1234567",
        "https://musicbrainz.org/event/2c7f5b1e-7a4e-4d37-9d0b-3c1e4f5a6b7c",
    ]


def test_an_entry_without_identifiers_has_no_such_section(site):
    assert "In other catalogues" not in text_of(site.page("/en/artists/christopher-doyle/"))


def json_ld(html: str) -> dict:
    (data,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    return json.loads(data)["@graph"][1]


def test_identifiers_are_the_first_of_same_as_in_json_ld(site):
    assert json_ld(site.page("/tc/artists/wong-kar-wai/"))["sameAs"] == [
        "https://www.wikidata.org/wiki/Q55404",
        "https://vocab.getty.edu/page/ulan/500330529",
        "https://viaf.org/viaf/113230702",
        "https://isni.org/isni/000000012146438X",
        "https://musicbrainz.org/artist/5b11f4ce-a62d-471e-81fc-a69a8278c7da",
        "https://en.wikipedia.org/wiki/Wong_Kar-wai",
    ]
    assert json_ld(site.page("/en/venues/hong-kong-museum-of-art/"))["sameAs"][0] == (
        "https://www.wikidata.org/wiki/Q1128093"
    )


def test_identifiers_are_in_the_open_data(site):
    data = json.loads((site.output / "data" / "directory.json").read_text(encoding="utf-8"))
    (wong,) = [e for e in data["entries"] if e["slug"] == "wong-kar-wai"]
    assert wong["fields"]["identifiers"]["ulan"] == "500330529"  # a number, kept as text
    text = (site.output / "data" / "artists.csv").read_text(encoding="utf-8-sig")
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}
    assert rows["wong-kar-wai"]["identifiers_isni"] == "0000 0001 2146 438X"
    assert rows["christopher-doyle"]["identifiers_wikidata"] == ""


# Likely duplicates ------------------------------------------------------------------------------


def warnings_for(tmp_path, files: dict) -> list[str]:
    content = write_tree(tmp_path / "content", files)
    result = build_directory(content, tmp_path)
    assert result.problems == []
    return [str(w) for w in duplicate_warnings(result.directory.entries.values())]


def test_two_entries_with_the_same_identifier_are_likely_duplicates(tmp_path):
    files = {
        **IDENTIFIED,
        "artists/kar-wai-wong.yaml": "name: {en: WKW}\nidentifiers:\n  isni: 000000012146438X\n",
    }
    assert warnings_for(tmp_path, files) == [
        "content/artists/wong-kar-wai.yaml:7: identifiers.isni: 0000 0001 2146 438X is also the "
        "ISNI of content/artists/kar-wai-wong.yaml: likely the same artist; expected each "
        "entry's own identifier (merge them if they are one)"
    ]


def test_names_that_fold_to_the_same_form_are_likely_duplicates(tmp_path):
    files = {
        **SMALL_DIRECTORY,
        "artists/kar-wai-wong.yaml": "name: {en: Kar-wai WONG, zh: 王家卫}\n",
        "venues/hkma.yaml": "name: 香港藝術舘\n",  # 舘, the variant of 館
    }
    assert warnings_for(tmp_path, files) == [
        "content/artists/wong-kar-wai.yaml:1: name: 'Wong Kar-wai' is likely the same artist as "
        "content/artists/kar-wai-wong.yaml ('Kar-wai WONG'): the names are the same once case, "
        "accents, Traditional or Simplified characters and word order are set aside; expected "
        "one entry per artist (merge them), or ignore this if they are two",
        "content/venues/hong-kong-museum-of-art.yaml:1: name: '香港藝術館' is likely the same "
        "venue as content/venues/hkma.yaml ('香港藝術舘'): the names are the same once case, "
        "accents, Traditional or Simplified characters and word order are set aside; expected "
        "one entry per venue (merge them), or ignore this if they are two",
    ]


def test_works_with_the_same_title_are_not_duplicates(tmp_path):
    """Only the types with identifiers name one thing per entry: two posters may share a
    title, as a roving exhibition's stops do."""
    files = {
        **SMALL_DIRECTORY,
        "works/poster-2.yaml": "title: {en: Poster for 'In the Mood for Love'}\nyear: 2001\n",
    }
    assert warnings_for(tmp_path, files) == []


def test_validate_warns_of_duplicates_without_failing(tmp_path):
    content = write_tree(
        tmp_path / "content", {**IDENTIFIED, "artists/wkw.yaml": "name: WONG KAR WAI\n"}
    )
    result = subprocess.run(
        [sys.executable, "-m", "plugins.directory", "validate", str(content), "--format", "github"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "::warning file=content/artists/wong-kar-wai.yaml,line=1::name: 'Wong Kar-wai' is "
        "likely the same artist as content/artists/wkw.yaml ('WONG KAR WAI'): the names are "
        "the same once case, accents, Traditional or Simplified characters and word order are "
        "set aside; expected one entry per artist (merge them), or ignore this if they are two",
        "9 entries, no problems; 1 warning(s)",
    ]
    assert result.stderr.startswith("warning: content/artists/wong-kar-wai.yaml:1: name: ")

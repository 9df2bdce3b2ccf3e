"""Browsing, as the listing pages use it: years newest first, exhibitions by the build day,
filters by choice and decade, and the local × international collaborations, most recent first."""

from __future__ import annotations

import datetime

import pytest

from plugins.directory.browse import Collation, by_year, crossings, filter_values, timeline
from plugins.directory.pipeline import build_directory
from tests.support import write_tree

TODAY = datetime.date(2026, 11, 29)


@pytest.fixture(scope="module")
def directory(tmp_path_factory):
    root = tmp_path_factory.mktemp("browse")
    files = {
        "artists/hk-a.yaml": "name: Alpha\norigin: local\ndisciplines: [film, music]\nborn: 1961\n",
        "artists/hk-b.yaml": "name: Beta\norigin: local\n",
        "artists/intl-c.yaml": "name: Gamma\norigin: international\nfounded: 1975-06\n",
        "artists/intl-d.yaml": "name: Delta\norigin: international\n",
        "artists/unknown.yaml": "name: Epsilon\n",
        "works/old.yaml": "title: Old\nyear: 1990\ncredits: [{artist: hk-a}, {artist: intl-c}]\n",
        "works/new.yaml": "title: New\nyear: 2020\ncredits: [{artist: hk-b}, {artist: intl-d}]\n",
        "works/newer.yaml": "title: B newer\nyear: 2020\n",
        "works/undated.yaml": "title: A undated\ncredits: [{artist: hk-a}, {artist: intl-d}]\n",
        "works/mixed.yaml": "title: Mixed\nyear: 1990\n"
        "credits: [{artist: hk-a}, {artist: unknown}]\n",
        "exhibitions/later.yaml": "title: Later\nstart: 2026-12-05\nend: 2027-01\n",
        "exhibitions/sooner.yaml": "title: Sooner\nstart: 2026-12-01\n",
        "exhibitions/open-long.yaml": "title: Open long\nstart: 2026-01-01\nend: 2027-06-30\n",
        "exhibitions/open-short.yaml": "title: Open short\nstart: 2026-11-01\nend: 2026-11-29\n",
        "exhibitions/today.yaml": "title: Opens today\nstart: 2026-11-29\n",
        "exhibitions/ended.yaml": "title: Ended\nstart: 2025-01-01\nend: 2025-02-01\n",
        "exhibitions/ended-later.yaml": "title: Ended later\nstart: 2025-06-01\nend: 2025-07\n",
        "exhibitions/undated.yaml": "title: Undated\n",
    }
    result = build_directory(write_tree(root / "content", files), root)
    assert result.problems == []
    return result.directory


def slugs(entries) -> list[str]:
    return [e.slug for e in entries]


def test_years_newest_first_undated_last_each_year_in_title_order(directory):
    collation = Collation.for_locale("en_HK")
    groups = by_year(directory.of_type("works"), lambda e: e.title.any(), collation)
    assert [(year, slugs(entries)) for year, entries in groups] == [
        (2020, ["newer", "new"]),
        (1990, ["mixed", "old"]),
        (None, ["undated"]),
    ]


def test_exhibitions_current_upcoming_and_past_in_their_orders(directory):
    sections = timeline(directory.of_type("exhibitions"), TODAY, ("start", "end"))
    assert slugs(sections["current"]) == ["open-short", "today", "open-long"]
    assert slugs(sections["upcoming"]) == ["sooner", "later"]
    assert slugs(sections["past"]) == ["ended-later", "ended", "undated"]


def test_filter_values_are_an_entrys_choices_or_its_decade(directory):
    artists = directory.model["artists"]
    discipline, origin, decade = artists.listing.filters
    alpha = directory.get(("artists", "hk-a"))
    gamma = directory.get(("artists", "intl-c"))
    epsilon = directory.get(("artists", "unknown"))
    assert filter_values(discipline, alpha) == ["film", "music"]
    assert filter_values(origin, alpha) == ["local"]
    assert filter_values(decade, alpha) == ["1960s"]
    assert filter_values(decade, gamma) == ["1970s"]
    assert filter_values(discipline, epsilon) == filter_values(decade, epsilon) == []


def test_collaborations_are_local_with_international_most_recent_first(directory):
    rows = [(a.slug, b.slug, slugs(works)) for a, b, works in crossings(directory)]
    assert rows == [
        ("hk-b", "intl-d", ["new"]),
        ("hk-a", "intl-c", ["old"]),
        ("hk-a", "intl-d", ["undated"]),
    ]

"""A few whole pages, in every language, compared with committed copies.

After an intended change to the templates, run `make expected` and review the diff."""

from __future__ import annotations

import os

import pytest

from tests.support import ROOT, SMALL_DIRECTORY, build, write_tree

EXPECTED = ROOT / "tests" / "expected"
PAGES = [
    "en/artists/wong-kar-wai",
    "tc/artists/wong-kar-wai",
    "en/films/in-the-mood-for-love",
    "tc/films/in-the-mood-for-love",
    "tc/venues/hong-kong-museum-of-art",
    "sc/artists/wong-kar-wai",
    "sc/films/in-the-mood-for-love",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("expected")
    return build(write_tree(root / "content", SMALL_DIRECTORY), root / "output")


@pytest.mark.parametrize("page", PAGES)
def test_page_matches_the_committed_copy(site, page):
    built = site.page(f"/{page}/")
    expected = EXPECTED / (page.replace("/", "--") + ".html")
    if os.environ.get("UPDATE_EXPECTED") == "1":
        expected.write_text(built, encoding="utf-8")
    assert built == expected.read_text(encoding="utf-8"), "run `make expected` if intended"

"""Names as Hong Kong readers know them: the English A–Z listing files people by their sort name
(surname first, from M+'s alphaSortName), with its heading; the Chinese listing stays by the
Chinese name; another form of a name, kept as an alias, is still found by search."""

from __future__ import annotations

import pytest

from plugins.directory.pipeline import build_directory
from plugins.search.documents import documents
from plugins.search.indexing import open_index, update_index
from plugins.search.querying import Searcher
from tests.support import build, write_tree
from tests.test_pages import headings_and_links

PEOPLE = {
    "artists/alan-chan.yaml": """
        name: {en: Alan Chan, zh: 陳幼堅}
        sort_name: {en: "Chan, Alan"}
        origin: local
        """,
    "artists/kar-wai-wong.yaml": """
        name: {en: Wong Kar Wai, zh: 王家衛}
        sort_name: {en: "Wong, Kar Wai"}
        aliases: [{en: Kar Wai Wong}, {en: Wong Kar-wai}]
        origin: local
        """,
    "artists/amy-cheung.yaml": """
        name: {en: Amy Cheung, zh: 張韻雯}
        sort_name: {en: "Cheung, Amy"}
        origin: local
        """,
    "artists/m-plus.yaml": "name: M+\nkind: organisation\norigin: local\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("names")
    return build(write_tree(root / "content", PEOPLE), root / "output")


def test_the_english_listing_files_people_by_their_sort_name(site):
    assert headings_and_links(site.page("/en/artists/")) == [
        ("C", ["/en/artists/alan-chan/", "/en/artists/amy-cheung/"]),
        ("M", ["/en/artists/m-plus/"]),
        ("W", ["/en/artists/kar-wai-wong/"]),
    ]
    listing = site.page("/en/artists/")
    assert ">Alan Chan</a>" in listing and "Chan, Alan" not in listing  # shown by name


def test_the_chinese_listing_stays_by_the_chinese_name(site):
    # 王 4 strokes, 陳 11 (陳幼堅), 張 11 (張韻雯): stroke order of the names, not the sort names
    assert headings_and_links(site.page("/tc/artists/")) == [
        ("4劃", ["/tc/artists/kar-wai-wong/"]),
        ("11劃", ["/tc/artists/amy-cheung/", "/tc/artists/alan-chan/"]),
        ("M", ["/tc/artists/m-plus/"]),
    ]


def test_the_source_form_of_a_name_kept_as_an_alias_is_found(tmp_path):
    content = write_tree(tmp_path / "content", PEOPLE)
    ix = open_index(tmp_path / "index")
    update_index(ix, documents(build_directory(content).directory))
    with Searcher(ix) as searcher:
        for query in ("Kar Wai Wong", "Wong Kar-wai", "wong kar wai", "王家衛"):
            assert [hit.key for hit in searcher(query)][:1] == ["artists/kar-wai-wong"]
        assert [hit.key for hit in searcher("Chan, Alan")][:1] == ["artists/alan-chan"]

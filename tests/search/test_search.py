"""The whoosh index, searched from the terminal: every spelling of a name finds its entry,
names rank first, phrases are checked, and a rebuild re-indexes only what changed."""

from __future__ import annotations

import subprocess
import sys

import pytest
from whoosh import fields, index

from plugins.directory.errors import ConfigurationError
from plugins.directory.model import load_model
from plugins.directory.pipeline import build_directory
from plugins.directory.settings import read_settings
from plugins.search.documents import documents
from plugins.search.exporting import export
from plugins.search.indexing import Update, open_index, update_index
from plugins.search.querying import Searcher
from plugins.search.settings import SearchSettings
from tests.support import ROOT, SMALL_DIRECTORY, write_tree

MUSEUMS = {
    **SMALL_DIRECTORY,
    # 藝術 and 美術館 but never 藝術館: found for 藝術, not for 藝術館.
    "venues/art-museum.yaml": """
        name: {en: Art Museum, zh: 美術館}
        description: {zh: 藝術的家。}
        """,
}


def index_of(tmp_path, files, name="index"):
    content = write_tree(tmp_path / "content", files)
    ix = open_index(tmp_path / name)
    update = update_index(ix, documents(build_directory(content).directory))
    return ix, update


@pytest.fixture
def search(tmp_path):
    ix, _ = index_of(tmp_path, MUSEUMS)
    with Searcher(ix) as searcher:
        yield lambda query: [hit.key for hit in searcher(query)]


@pytest.mark.parametrize(
    "query",
    [
        "王家衛",
        "王家衞",
        "王家卫",
        "Wong Kar-wai",
        "wong kar wai",
        "Kar-wai Wong",
        "kar wai wong",
        "wongkarwai",
        "WONG KARWAI",
        "Wong Kar-wei",
        "wong kar-w",
    ],
)
def test_every_spelling_of_a_name_finds_the_artist_first(search, query):
    assert search(query)[0] == "artists/wong-kar-wai"


def test_simplified_queries_find_traditional_text(search):
    assert "artists/wong-kar-wai" in search("电影")
    assert {"venues/art-museum", "venues/hong-kong-museum-of-art"} <= set(search("艺术"))


def test_a_phrase_needs_its_characters_together(search):
    held_there = ["venues/hong-kong-museum-of-art", "exhibitions/moods"]  # its venue, linked
    assert search("香港藝術館") == search("藝術館") == held_there


def test_one_character_is_looked_up_in_names_only(search):
    assert search("杜") == ["artists/christopher-doyle"]
    assert search("導") == []  # only in a role, never in a name


def test_the_entry_named_comes_before_the_entries_that_mention_it(search):
    assert search("花樣年華") == ["films/in-the-mood-for-love", "works/poster"]
    assert search("Christopher Doyle")[0] == "artists/christopher-doyle"


def test_a_rebuild_re_indexes_only_the_changed_entry_and_exports_the_same_files(tmp_path):
    ix, first = index_of(tmp_path, MUSEUMS)
    assert first == Update(added=8, changed=0, removed=0, unchanged=0)
    changed = {**MUSEUMS, "artists/tsang-tsou-choi.yaml": "name: {en: King of Kowloon}\n"}
    ix, update = index_of(tmp_path, changed)
    assert update == Update(added=0, changed=1, removed=0, unchanged=7)
    fresh, _ = index_of(tmp_path, changed, name="fresh")
    model = load_model()
    assert export(ix, model).files == export(fresh, model).files
    with Searcher(ix) as searcher:
        assert [h.key for h in searcher("King of Kowloon")] == ["artists/tsang-tsou-choi"]


def test_unknown_search_settings_are_refused():
    with pytest.raises(ConfigurationError, match=r"SEARCH\['CACHE'\]: unknown setting: did you"):
        read_settings({"SEARCH": {"CACHE": ".cache"}}, "SEARCH", SearchSettings)


def test_make_search_prints_one_result_a_line(tmp_path):
    content = write_tree(tmp_path / "content", SMALL_DIRECTORY)
    result = subprocess.run(
        ["make", "-s", "--no-print-directory", "search", f"INPUTDIR={content}", "Q=王家卫"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "artists/wong-kar-wai\tWong Kar-wai\t王家衛"
    assert all(line.count("\t") == 2 for line in result.stdout.splitlines())


def test_the_command_refuses_a_missing_folder(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "plugins.search", str(tmp_path / "nowhere"), "x"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "no such folder" in result.stderr


def test_an_index_made_by_other_code_is_rebuilt_not_a_crash(tmp_path):
    """After an upgrade the cache may hold an index with another schema: it is rebuilt."""
    old = tmp_path / "index"
    old.mkdir()
    index.create_in(old, fields.Schema(key=fields.ID(stored=True), text=fields.TEXT))
    (old / "VERSION").write_text("1")
    ix, update = index_of(tmp_path, SMALL_DIRECTORY)
    assert update.added == len(SMALL_DIRECTORY) - 1  # every entry, indexed afresh
    with Searcher(ix) as searcher:
        assert next(hit.key for hit in searcher("王家卫")) == "artists/wong-kar-wai"
    # Opened again by the same code, the index is kept: nothing is re-indexed.
    _, again = index_of(tmp_path, SMALL_DIRECTORY)
    assert (again.added, again.changed) == (0, 0)


def test_a_name_outranks_a_linked_name_a_fact_and_a_text(tmp_path):
    """Field weights: the same word as an entry's name, in the name of an entry it links to, in
    a short fact (a role), and in its long text, ranks the entries in that order."""
    files = {
        "artists/harbour.yaml": "name: Harbour\n",
        "works/linked.yaml": "title: Linked\ncredits: [{artist: harbour}]\n",
        "works/fact.yaml": "title: Fact\ncategory: Harbour\n",
        "works/text.yaml": "title: Text\ndescription: A harbour view.\n",
    }
    ix, _ = index_of(tmp_path, files)
    with Searcher(ix) as searcher:
        assert [h.key for h in searcher("harbour")] == [
            "artists/harbour",
            "works/linked",
            "works/fact",
            "works/text",
        ]

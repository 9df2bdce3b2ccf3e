"""The whoosh index, searched from the terminal: every spelling of a name finds its entry,
names rank first, phrases are checked, and a rebuild re-indexes only what changed."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest
from whoosh import fields, index

from plugins.directory.errors import ConfigurationError
from plugins.directory.pipeline import build_directory
from plugins.directory.settings import read_settings
from plugins.search.documents import documents
from plugins.search.exporting import typo_keys
from plugins.search.indexing import Update, open_index, update_index
from plugins.search.querying import Searcher, is_typo
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
# Short name words, for typos.
SHORT_NAMES = {"artists/lo-kai.yaml": "name: {en: Lo Kai, zh: 盧佳}\n"}


def index_of(tmp_path, files, name="index"):
    content = write_tree(tmp_path / "content", files)
    ix = open_index(tmp_path / name)
    update = update_index(ix, documents(build_directory(content).directory))
    return ix, update


@pytest.fixture
def search(tmp_path):
    ix, _ = index_of(tmp_path, {**MUSEUMS, **SHORT_NAMES})
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


# Each typo form, in the first letter and later, in name words of four letters or more; the same
# forms are checked in the browser against the committed content (tests/browser/test_search.py).
@pytest.mark.parametrize(
    "query",
    [
        "Chrstopher Doyle",  # a letter missing
        "hristopher",  # the first letter missing
        "Doyyle",  # a letter extra
        "Xdoyle",  # a letter extra before the first
        "Christopher Doyke",  # a letter wrong
        "Boyle",  # the first letter wrong
        "Doyel",  # two neighbours swapped
        "odyle",  # the first two swapped
        "Dyle",  # stemmed, "dyle" is two edits from "doyl": typos are measured as typed
    ],
)
def test_a_name_is_found_with_one_typo_anywhere(search, query):
    assert search(query) == ["artists/christopher-doyle"]


def test_short_words_are_matched_with_typos_sparingly(search):
    # Three letters find the four-letter name words they could be missing a letter from...
    assert search("ong") == ["venues/hong-kong-museum-of-art", "artists/wong-kar-wai"]
    # ...and three-letter ones only with their first letter kept ("wai", "kai"), never shorter
    # ones ("lo"); fewer than three letters are never matched with a typo.
    assert search("wia") == search("wei") == ["artists/wong-kar-wai"]
    assert search("kia") == ["artists/lo-kai"]
    assert search("xai") == search("loo") == search("ai") == search("kr") == []


def words(letters: str, lengths: range) -> list[str]:
    return ["".join(w) for n in lengths for w in itertools.product(letters, repeat=n)]


def typo_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment), the textbook way."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i, j in itertools.product(range(1, len(a) + 1), range(1, len(b) + 1)):
        d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
        if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
            d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def test_a_typo_is_one_edit_and_shares_a_vocabulary_file_with_its_word():
    """Every pair of words of 2 to 4 letters of three: is_typo is distance 1, with the rule for
    short name words, and a word and its typo always share a typo key (the browser fetches the
    vocabulary files of the typed word's keys only)."""
    found = 0
    for typed, word in itertools.product(words("abc", range(2, 5)), repeat=2):
        one = typo_distance(typed, word) == 1 and min(len(typed), len(word)) >= 3
        allowed = len(word) >= 4 or (len(typed) == len(word) and typed[0] == word[0])
        assert is_typo(typed, word) == (one and allowed), (typed, word)
        if one:
            assert typo_keys(typed) & typo_keys(word), (typed, word)
            found += 1
    assert found == 1494


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


def test_a_rebuild_re_indexes_only_the_changed_entry(tmp_path):
    ix, first = index_of(tmp_path, MUSEUMS)
    assert first == Update(added=8, changed=0, removed=0, unchanged=0)
    changed = {**MUSEUMS, "artists/tsang-tsou-choi.yaml": "name: {en: King of Kowloon}\n"}
    ix, update = index_of(tmp_path, changed)
    assert update == Update(added=0, changed=1, removed=0, unchanged=7)
    with Searcher(ix) as searcher:
        assert [h.key for h in searcher("King of Kowloon")] == ["artists/tsang-tsou-choi"]


def test_unknown_search_settings_are_refused():
    with pytest.raises(
        ConfigurationError,
        match=r"^SEARCH\['CACHE'\]: unknown setting: SEARCH takes no settings \(yet\): remove it$",
    ):
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

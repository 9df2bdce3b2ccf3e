"""The synthetic corpus of `make bench` (benchmarks/synthetic.py): valid, every link inside it,
real names and texts, the same files for the same size; and the benchmark's one change."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.synthetic import (
    EDIT,
    edit_description,
    most_collaborators,
    read_corpus,
    synthesise,
)
from tests.support import SMALL_DIRECTORY, write_tree

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _source_slug(slug: str) -> str:
    return slug.rsplit("-copy", 1)[0]


@pytest.fixture(scope="module")
def sample():
    """The committed sample, read once: (its result, its raw data)."""
    return read_corpus(SAMPLE)


def test_a_sample_of_the_committed_content_is_valid_and_links_inside_itself(tmp_path):
    corpus = synthesise(SAMPLE, tmp_path / "a", 300)
    result, _ = read_corpus(tmp_path / "a")
    assert result.problems == []
    assert len(result.directory.entries) == 300
    assert sum(corpus.entries.values()) == 300
    # Every reference the model finds is kept and resolves inside the corpus.
    links = sum(len(refs) for refs in result.directory.refs_from.values())
    assert links == corpus.references
    assert 0 < corpus.repointed < corpus.references


def test_each_type_gets_its_share_of_the_entries(tmp_path, sample):
    corpus = synthesise(SAMPLE, tmp_path / "a", 300)
    source = sample[0].directory
    total = len(source.entries)
    for entry_type in source.model.names:
        share = 300 * len(source.of_type(entry_type)) / total
        assert abs(corpus.entries.get(entry_type, 0) - share) < 1, entry_type


def test_entries_keep_their_real_names_and_texts(tmp_path, sample):
    synthesise(SAMPLE, tmp_path / "a", 300)
    result, _ = read_corpus(tmp_path / "a")
    source = sample[0].directory
    for (entry_type, slug), entry in result.directory.entries.items():
        original = source.entries[entry_type, slug]
        assert entry.title == original.title
        assert entry.body == original.body


def test_the_same_size_gives_the_same_files(tmp_path):
    synthesise(SAMPLE, tmp_path / "a", 300)
    synthesise(SAMPLE, tmp_path / "b", 300)
    synthesise(SAMPLE, tmp_path / "c", 301)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert len(_files(tmp_path / "c")) == 301


def test_above_the_sources_size_copies_link_to_copies_of_the_same_round(tmp_path):
    source = write_tree(tmp_path / "small", SMALL_DIRECTORY)
    original, _ = read_corpus(source)
    corpus = synthesise(source, tmp_path / "big", 20)
    result, _ = read_corpus(tmp_path / "big")
    assert result.problems == []
    assert len(result.directory.entries) == 20
    assert corpus.repointed == 0  # every target is in the set
    # Seven entries: the three artists twice and two-thirds again; the four others three times.
    counts = {t: len(result.directory.of_type(t)) for t in result.directory.model.names}
    assert sorted(n for n in counts.values() if n) == [3, 3, 3, 3, 8]
    copies = [key for key in result.directory.entries if key[1].endswith("-copy1")]
    assert len(copies) == 7
    for entry_type, slug in copies:
        first = (entry_type, _source_slug(slug))
        expected = [(t, f"{s}-copy1") for t, s in _targets(original.directory, first)]
        assert _targets(result.directory, (entry_type, slug)) == expected
        copied, real = result.directory.entries[entry_type, slug], original.directory.entries[first]
        assert (copied.title, copied.body) == (real.title, real.body)


def _targets(directory, key) -> list[tuple[str, str]]:
    return [ref.target for ref in directory.refs_from.get(key, [])]


def test_the_one_change_adds_a_sentence_to_the_long_text_only(tmp_path):
    source = write_tree(tmp_path / "small", SMALL_DIRECTORY)
    synthesise(source, tmp_path / "copy", 7)
    before, raws = read_corpus(tmp_path / "copy")
    key = most_collaborators(before.directory)
    assert key is not None
    entry = before.directory.entries[key]
    path = tmp_path / "copy" / key[0] / f"{key[1]}.yaml"
    edit_description(path, entry.entry_type, "en")
    after, raws_after = read_corpus(tmp_path / "copy")
    edited = after.directory.entries[key]
    body = entry.entry_type.body_field
    assert edited.body.get("en") == entry.body.get("en") + EDIT
    assert edited.body.get("zh") == entry.body.get("zh")
    assert {k: v for k, v in raws_after[key].items() if k != body} == {
        k: v for k, v in raws[key].items() if k != body
    }
    assert all(raws_after[k] == raws[k] for k in raws if k != key)
